"""No clinic template can build a huge value or run unbounded work in a render (issue 19, item 8;
case template-join-memory): every way to build one is refused before it runs, as an error at the
template's file and line, and a hard memory ceiling stops whatever the measures miss."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from clearprint_run import ROOT

from clearprint.documents import template_allowlist, template_memory, template_sizes
from clearprint.documents.templates import environment, render_template
from clearprint.problems import ContentError

BIG = '{% set a = "x" * 1000000 %}'
TOO_LONG = "would be more than 1,000,000 characters long"

# (template, from its second line on; what the error says)
VARIANTS = [
    (BIG + "{% set b = ([a] * 2000) | join %}{{ b | length }}", "the text the filter 'join' makes " + TOO_LONG),
    (BIG + "{{ (a ~ a) | length }}", "the text joined with '~' " + TOO_LONG),
    (
        '{% set ns = namespace(a="x" * 1000) %}{% for i in range(30) %}{% set ns.a = ns.a ~ ns.a %}{% endfor %}',
        "the text joined with '~' " + TOO_LONG,
    ),
    (BIG + "{{ (a + a) | length }}", "the text joined with '+' " + TOO_LONG),
    (
        '{% set ns = namespace(l=["x"] * 1000) %}{% for i in range(30) %}{% set ns.l = ns.l + ns.l %}{% endfor %}',
        "the list joined with '+' would have more than 1,000,000 items",
    ),
    ('{{ ("x" * 1000001) | length }}', "a repeated text or list this long is not allowed"),
    (BIG + '{{ a | replace("x", "xx") | length }}', "the text the filter 'replace' makes " + TOO_LONG),
    (BIG + '{{ a.replace("x", "xx") | length }}', "the text made with '.replace()' " + TOO_LONG),
    ('{{ ("%s" * 1000) | format(*(["y" * 10000] * 1000)) }}', "the text the filter 'format' makes " + TOO_LONG),
    ('{{ ("{0}" * 1000).format("y" * 10000) | length }}', "the text made with 'format' " + TOO_LONG),
    ('{{ "{:{w}}".format("y", w=100000000) }}', "a width over 10000 is not allowed"),
    ('{{ "%*s" % (100000000, "y") }}', "a width over 10000 is not allowed"),
    (BIG + '{{ "%s%s" % (a, a) }}', "the text made with '%' " + TOO_LONG),
    ('{{ "y" | center(100000000) }}', "a width over 10000 is not allowed"),
    ('{{ ("x\\n" * 500000) | indent(10000) | length }}', "the text the filter 'indent' makes " + TOO_LONG),
    ('{{ ("x " * 500000) | wordwrap(1, wrapstring="y" * 100) | length }}', "the filter 'wordwrap' makes " + TOO_LONG),
    ('{{ ("\\t" * 1000000).expandtabs(100) | length }}', "the text made with '.expandtabs()' " + TOO_LONG),
    (BIG + "{{ a | list }}", "prints a whole list"),  # refused before its text is made
    (BIG + "{{ dict(a=a, b=a) | string | length }}", "the text the filter 'string' makes of a list " + TOO_LONG),
    (BIG + "{{ [a, a, a] ~ '' }}", "the text joined with '~' " + TOO_LONG),
    ('{% set l = ["y" * 1000] * 1000 %}{{ [l] * 100 }}', "prints a whole list"),
    ("{{ [1] | batch(1000000000, 'x') | list }}", "a batch would have more than 1,000,000 items"),
    ("{{ [[1], [2]] | sum(start=[]) }}", "the filter 'sum' adds numbers only"),
    ("{{ (10 ** 64) ** 64 }}", "the result of '**' would be a number over 10**1233"),
    (
        "{% set ns = namespace(x=10 ** 60) %}{% for i in range(20) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
        "the result of '*' would be a number over 10**1233",
    ),
    ("{{ range(100) | list | tojson }}", "the filter 'tojson' is not available in templates; use one of: abs,"),
    ("{{ 1 is callable }}", "the test 'callable' is not available in templates"),
    ("{{ lipsum(1000) }}", "'lipsum' is undefined"),
    ('{{ "x".encode("utf-8") }}', "the method 'encode' of a str is not available in templates"),
    (
        BIG + "{% set b %}{% for i in range(2000) %}{{ a }}{% endfor %}{% endset %}",
        "the text this block or macro writes " + TOO_LONG,
    ),
    (
        BIG + "{% macro m() %}{% for i in range(2000) %}{{ a }}{% endfor %}{% endmacro %}{{ m() | length }}",
        "the text this block or macro writes " + TOO_LONG,
    ),
    (
        BIG + "{% filter upper %}{% for i in range(2000) %}{{ a }}{% endfor %}{% endfilter %}",
        "the text this block or macro writes " + TOO_LONG,
    ),
    (
        BIG + "{% macro m() %}{{ caller() }}{{ caller() }}{% endmacro %}{% call m() %}{{ a }}{% endcall %}",
        "the text this block or macro writes " + TOO_LONG,
    ),
    (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        "the template's loops ran more than 1,000,000 times",
    ),
    (
        "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
        "the template calls a macro inside itself (or a recursive loop) more than 20 deep",
    ),
    (
        "{% for i in [[1]] recursive %}{{ loop([[1]]) }}{% endfor %}",
        "the template calls a macro inside itself (or a recursive loop) more than 20 deep",
    ),
    (
        '{% set a = "x" * 999990 %}' + "".join(f'{{% set a{i} = a ~ "{i}" %}}' for i in range(25)),
        "the template builds more than 20,000,000 characters in all",
    ),
]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    (folder / "templates").mkdir()
    (folder / "clinics/x/templates").mkdir(parents=True)
    (folder / "templates/part.html.j2").write_text("{% macro m(s) %}{{ s }}{% endmacro %}")
    return folder


def render(root: Path, source: str, **context) -> str:
    (root / "clinics/x/templates/page.html.j2").write_text(source)
    return render_template(environment(root, root / "clinics/x"), "page.html.j2", context, root)


@pytest.mark.parametrize(("code", "message"), VARIANTS, ids=[str(i) for i in range(len(VARIANTS))])
def test_each_way_to_build_a_huge_value_is_a_located_error(root: Path, code: str, message: str) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ContentError) as caught:
        render(root, "<p>A clinic page.</p>\n" + code + "\n<p>End.</p>\n")
    error = str(caught.value)
    assert error.startswith("clinics/x/templates/page.html.j2:2: error: "), error
    assert message in error and "Traceback" not in error
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 200_000  # kB: nothing big was built


def test_honest_templates_still_render(root: Path) -> None:
    code = (
        '{% import "part.html.j2" as part %}'
        '{{ s | upper }} {{ l | join(",") }} {{ "%s-%d" | format("a", 3) }} {{ "{0}!".format(s) }} '
        "{{ s ~ s }} {{ (l + l) | join(' ') }} {{ s * 3 }} {{ 2 ** 10 }} {{ part.m(s) }} {{ s[1:] }} "
        "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} "
        '{{ (s * 300000) | replace("a", "b") | length }}'
    )
    assert (
        render(root, code, s="abc", l=[1, 2]) == "ABC 1,2 a-3 abc! abcabc 1 2 1 2 abcabcabc 1024 abc bc 3 900000"
    )


def test_an_object_in_a_list_counts_as_long_as_its_text(root: Path) -> None:
    class Record:
        def __repr__(self) -> str:
            return "R" * 20_000

    with pytest.raises(ContentError, match=":2: error: the text the filter 'join' makes " + TOO_LONG):
        render(root, "<p>\n{% set l = [record] * 1000 %}{{ l | join }}\n", record=Record())


def test_the_allowlists_hold_everything_clearprint_and_the_samples_use() -> None:
    """Every filter and test in the shipped templates (and the samples' clinic templates) is
    on the named lists, so the lists can only refuse what a clinic adds."""
    parse = jinja2.Environment().parse
    used_filters, used_tests = set(), set()
    for path in [*(ROOT / "templates").rglob("*.j2"), *(ROOT / "clinics").rglob("*.j2")]:
        tree = parse(path.read_text())
        used_filters |= {node.name for node in tree.find_all(jinja2.nodes.Filter)}
        used_tests |= {node.name for node in tree.find_all(jinja2.nodes.Test)}
    assert used_filters and used_filters <= template_allowlist.FILTERS
    assert used_tests <= template_allowlist.TESTS


def test_the_memory_ceiling_stops_what_the_measures_do_not_count(root: Path, monkeypatch) -> None:
    """With the measures lifted, the attack reaches the ceiling: a MemoryError at the join,
    reported at its line, and the process keeps its memory and its own limit."""
    monkeypatch.setattr(template_sizes, "MAX_CHARS", 10**12)
    monkeypatch.setattr(template_sizes, "MAX_BUILT", 10**12)
    monkeypatch.setattr(template_memory, "CEILING_BYTES", 64 * 2**20)
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(ContentError) as caught:
        render(root, "<p>A clinic page.</p>\n" + BIG + "{% set b = ([a] * 2000) | join %}{{ b | length }}\n")
    assert str(caught.value).startswith(
        "clinics/x/templates/page.html.j2:2: error: the template needed more than 64 MB of memory"
    )
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len("y" * 200_000_000) == 200_000_000  # the ceiling is gone after the render


def test_the_attack_in_a_build_stays_small_under_a_tight_memory_limit(project: Path, tmp_path: Path) -> None:
    """The attacker's template, built from the command line under `ulimit -v` of 1.2 GB (the
    attack asked for 2 GB): exit 1 with the located error, and the build stayed small."""
    template = project / "clinics/test-clinic/templates/handout.html.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(
        '{% extends "project/handout.html.j2" %}\n'
        '{% block footer_note %}{% set a = "x" * 1000000 %}{% set b = ([a] * 2000) | join %}'
        "{{ b | length }}{% endblock %}\n"
    )
    script = (
        "import resource, sys; from clearprint.cli import main\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_200_000_000, resource.RLIM_INFINITY))\n"
        "code = main(sys.argv[1:])\n"
        "print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert (
        "clinics/test-clinic/templates/handout.html.j2:2: error: the text the filter 'join' makes " + TOO_LONG
    ) in done.stderr
    assert "Traceback" not in done.stderr
    peak = int(done.stderr.split("peak-kb ")[1].split()[0])
    # kB; the attack's own build reached 2,049,000. A whole build of the test project, the
    # web pages' style check and OCR included, peaks at about 520,000.
    assert peak < 900_000, peak
    assert not list((tmp_path / "out").rglob("*.pdf"))
