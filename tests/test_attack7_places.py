"""Attack 7's cases that were refused at the wrong place, or not wholly (issue 19): each
finding names the file, line and column its words or markup were written at, every problem
in one run.

- A72: a claim in a handout's risks.yaml is reported at risks.yaml and the line of the field,
  not where the Markdown's `{{ risk_table }}` stands (documents/risk_marks.py).
- A68: a claim in another shipped language's words (Spanish in an English clinic override
  refused for its key points) is reported too (checks/claims_other_languages.py).
- A30: a `<style>`, a `style` attribute or an event handler a clinic template adds to a
  printed page is a located error before layout (documents/print_allowlist.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.options import BuildOptions, Selection
from clearprint.pipeline import build, check_only
from conftest import TODAY, copy_samples

CLINIC = "clinics/sample-us-maple-grove"
RISKS = "handouts/chemical-peels/risks.yaml"
OVERRIDE = f"{CLINIC}/handouts/chemical-peels/en.md"
TEMPLATE = f"{CLINIC}/templates/handout.html.j2"
SIGNS = 'signs: "Patches of skin darker than before."'
CLAIMED = (
    'signs: "Patches of skin darker than before. They are harmless and fade by themselves, nothing to worry about."'
)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _place(path: Path, words: str) -> str:
    """'line:col' (from 1) of the first place `words` are written in `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if words in line:
            return f"{number}:{line.index(words) + 1}"
    raise AssertionError((path, words))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = copy_samples(tmp_path_factory.mktemp("attack7") / "project")
    _replace(root / RISKS, SIGNS, CLAIMED)  # A72
    (root / OVERRIDE).parent.mkdir(parents=True)  # A68
    (root / OVERRIDE).write_text(
        "## Key points {#key-points}\n\n- Sin dolor, sin riesgos, resultados garantizados.\n", encoding="utf-8"
    )
    selection = Selection(clinics=("sample-us-maple-grove",), handouts=("chemical-peels",), languages=("en",))
    result = check_only(root, selection, today=TODAY)
    return root, [str(p) for p in result.report.items]


def test_a_claim_in_risks_yaml_is_reported_at_its_field(checked) -> None:
    root, report = checked
    for words, rule in (("harmless", "claim-absolute-safety"), ("nothing to worry about", "claim-absolute-safety")):
        where = f"{RISKS}:{_place(root / RISKS, words)}: error {rule}: '{words}'"
        assert [p for p in report if p.startswith(where)], (where, report)
    assert _place(root / RISKS, "harmless").startswith("14:")
    # nowhere else: not at the Markdown line of the table's placeholder
    stray = [p for p in report if ("'harmless'" in p or "'nothing to worry about'" in p) and not p.startswith(RISKS)]
    assert stray == [], stray


def test_a_claim_in_another_language_is_reported_with_the_refused_override(checked) -> None:
    root, report = checked
    assert [p for p in report if p.startswith(f"{OVERRIDE}:1: error balance-key-points: ")], report
    for words, rule in (
        ("Sin dolor", "claim-painless"),
        ("sin riesgos", "claim-no-risk"),
        ("garantizados", "claim-guaranteed"),
    ):
        where = f"{OVERRIDE}:{_place(root / OVERRIDE, words)}: error {rule}: Spanish words in this English leaflet: '{words}'"
        assert [p for p in report if p.startswith(where)], (where, report)


@pytest.fixture(scope="module")
def templated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], Path]:
    base = tmp_path_factory.mktemp("attack7-template")
    root = copy_samples(base / "project")
    template = root / TEMPLATE
    _replace(
        template,
        '{% extends "project/handout.html.j2" %}\n',
        '{% extends "project/handout.html.j2" %}\n'
        "{% block head_extra %}<style>p, li, td, h2 { color: #fcfcfc; }</style>{% endblock %}\n",
    )
    _replace(template, '<span class="clinic-name">', '<span class="clinic-name" style="color: #fefefe">')
    _replace(template, '<img class="logo"', '<img onload="steal()" class="logo"')
    out = base / "out"
    selection = Selection(
        clinics=("sample-us-maple-grove",), handouts=("chemical-peels",), languages=("en",), editions=("standard",)
    )
    result = build(root, BuildOptions(out, selection=selection, today=TODAY))
    return root, [str(p) for p in result.report.items], out


def test_a_style_element_in_a_clinic_template_is_an_error_at_its_line_and_column(templated) -> None:
    root, report, out = templated
    at = _place(root / TEMPLATE, "<style>")
    assert at == "5:23"  # after the comment's 3 lines and the extends line
    where = f"{TEMPLATE}:{at}: error template-markup: sample-us-maple-grove/en/chemical-peels: a clinic template adds a <style> element"
    found = [p for p in report if p.startswith(where)]
    assert found and f"{CLINIC}/styles/*.css" in found[0], (where, report)
    assert not list(out.rglob("chemical-peels.pdf"))


def test_style_attributes_and_event_handlers_in_a_clinic_template_are_errors_in_the_same_run(templated) -> None:
    root, report, _ = templated
    for words, said in (
        ('style="color: #fefefe"', 'a style="color: #fefefe" attribute on <span>: put the rule in'),
        ('onload="steal()"', 'an event handler onload="steal()" on <img>: a printed page runs nothing'),
    ):
        where = f"{TEMPLATE}:{_place(root / TEMPLATE, words)}: error template-markup: "
        assert [p for p in report if p.startswith(where) and said in p], (where, said, report)
    # the layout checks never ran on it, so nothing blames clinic.yaml for what a template did
    assert [p for p in report if p.startswith(f"{CLINIC}/clinic.yaml")] == [], report


def test_the_allowlist_lets_ordinary_markup_through() -> None:
    """Not a blanket refusal: classes and data- attributes pass, an element no template uses does not."""
    from clearprint.documents import print_allowlist

    assert list(print_allowlist.refused("span", "html", {"class": "clinic-phone", "data-x": "1"})) == []
    assert [f[2] for f in print_allowlist.refused("iframe", "html", {})] == ["template-markup"]
