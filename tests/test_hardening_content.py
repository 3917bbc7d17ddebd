"""Issue 10, the content side: clinic files are data, never code, and every mistake is a
located error while the other handouts still build.

Driven through the command line or `build()`/`check()` on a small project, so the tests
survive a redesign of the stages behind them.
"""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from clearprint_run import in_process
from pypdf import PdfReader

from clearprint.content.markdown_checks import MAX_NESTING
from clearprint.content.read import MAX_MARKDOWN_BYTES
from clearprint.pipeline import BuildOptions, build, check_only
from conftest import make_project, pdf_text

TINY = "handouts/tiny/en.md"
CLINIC = "clinics/test-clinic/clinic.yaml"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging for ever (the alias bomb ran for hours)."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(root: Path) -> list[str]:
    return [str(p) for p in check_only(root).report.errors]


def cli(root: Path, out: Path, *args: str) -> tuple[int, str]:
    """Exit code and everything printed (`check` prints its problems on stdout)."""
    jobs = ("--jobs", "1") if args[:1] != ("check",) else ()  # check renders nothing, so takes no --jobs
    code, printed, err = in_process(*args, "--project", root, "--out", out, *jobs)
    return code, printed + err


def pdfs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf") if p.name != "catalogue.pdf")


# --- item 1: templates run in a sandbox -----------------------------------------------


PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ clinic.__class__ }}",
    "{{ clinic.languages.append('xx') }}",  # changing what a template is given
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_clinic_template_cannot_run_code(payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project")
    template = root / "clinics/test-clinic/templates/handout.html.j2"
    template.parent.mkdir()
    template.write_text(
        '{% extends "project/handout.html.j2" %}\n{% block footer_note %}\n'
        f"<p>RAN: {payload}</p>\n{{% endblock %}}\n"
    )
    out = tmp_path / "out"
    code, err = cli(root, out)
    assert code == 1
    assert "clinics/test-clinic/templates/handout.html.j2:3: error: template may not use '" in err
    assert "Traceback" not in err
    assert pdfs(out) == []  # no PDF for that clinic, so the output of `id` reached none
    assert not any("uid=" in pdf_text(p) for p in out.rglob("*.pdf"))


# --- item 2: no attachments -----------------------------------------------------------


ATTACHMENTS = [
    '<a rel="attachment" href="../../.git/config">the details</a>',
    "<a href='../../clinics/test-clinic/clinic.yaml' REL='Attachment'>x</a>",
    "<link rel=attachment href=../../.git/config>",
    '<a rel="nofollow attachment" href="x">x</a>',
    '<a rel="&#97;ttachment" href="x">x</a>',  # an entity the HTML parser would decode
    "[the details](../../.git/config){: rel=attachment }",  # an attribute list
]


@pytest.mark.parametrize("markup", ATTACHMENTS)
def test_attachment_links_are_refused_at_their_line_and_column(markup: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "Lines look softer.", f"Lines look softer. {markup}")
    # the attachment (and the raw HTML or attribute list, refused by markup_policy); a link to a
    # file would be refused next
    found = [f for f in errors(root) if ": error: attachments are not allowed in handouts; " in f]
    assert len(found) == 1 and all(f.startswith(f"{TINY}:16:") for f in errors(root))
    column = int(found[0].split(":")[2])
    assert markup[column - len("Lines look softer. ") - 1 :].lower().startswith("rel")


def test_attachments_are_refused_in_shared_sections_and_clinic_overrides(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    shared = root / "handouts/_shared/about-this-leaflet/en.md"
    shared.write_text(shared.read_text() + '\n<link\n  rel="attachment" href="../../../.git/config">\n')
    override = root / "clinics/test-clinic/handouts/second/en.md"
    override.parent.mkdir(parents=True)
    override.write_text('## Parking {#parking}\n\nFree. <a rel="attachment" href="../../clinic.yaml">map</a>\n')
    found = errors(root)
    line = shared.read_text().split("\n").index('  rel="attachment" href="../../../.git/config">') + 1
    assert any(e.startswith(f"handouts/_shared/about-this-leaflet/en.md:{line}:3: error: attachments") for e in found)
    assert any(e.startswith("clinics/test-clinic/handouts/second/en.md:3:10: error: attachments") for e in found)


def test_an_attribute_list_cannot_replace_a_checked_address(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(
        root / TINY, "Lines look softer.", 'Lines look softer. [site](https://example.com){: href="../../.git/config" }'
    )
    assert errors(root) == [
        f"{TINY}:16:50: error: 'href' cannot be set in {{...}}; write links as [text](address) and images as ![text](file)"
    ]


# --- item 4: YAML without anchors, aliases or tags ------------------------------------


BOMB = "\n".join(
    [
        'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)),
    ]
)


def test_an_alias_bomb_in_clinic_yaml_is_refused_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "country: UK\n", "country: UK\nextra:\n" + "".join(f"  {line}\n" for line in BOMB.split("\n")))
    with time_limit(10):  # expanded, the aliases would fill the memory; how fast it is: benchmarks/
        found = errors(root)
    assert found == [
        f"{CLINIC}:8: error: YAML anchors and aliases ('&name', '*name') are not allowed; write each value out in full"
    ]


def test_an_alias_bomb_in_front_matter_is_refused_and_the_other_handout_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "shared: [about-this-leaflet]\n", f"shared: [about-this-leaflet]\n{BOMB}\n")
    out = tmp_path / "out"
    with time_limit(60):
        found = errors(root)
        build(root, BuildOptions(out))
    assert found == [
        f"{TINY}:12: error: YAML anchors and aliases ('&name', '*name') are not allowed; write each value out in full"
    ]
    assert pdfs(out) == ["test-clinic/en/second.pdf"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system ['id']", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!str Test Clinic", "!!str"),
        ("&name Test Clinic", None),
    ],
)
def test_yaml_tags_and_anchors_are_refused(value: str, shown: str | None, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "name: Test Clinic", f"name: {value}")
    found = errors(root)
    assert len(found) == 1 and found[0].startswith(f"{CLINIC}:1: error: YAML ")
    if shown:
        assert f"'{shown}' are not allowed" in found[0]


def test_yaml_nested_too_deep_is_a_located_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "name: Test Clinic", "name: " + "[" * 5000 + "]" * 5000)
    with time_limit(10):
        assert errors(root) == [f"{CLINIC}:1: error: the settings are nested more than 50 levels deep"]


# --- item 5: clinic settings are text, not Markdown ------------------------------------


def test_a_setting_is_printed_as_text_and_phone_numbers_are_tel_links(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "address: [1 Test Street", 'address: ["**555** [x](file:///etc/passwd)"')
    edit(root / CLINIC, "name: Test Clinic", 'name: "Test_Clinic & *Co*"')  # markup (<b>): tests/test_attack22.py
    edit(
        root / TINY,
        "Call us on {{ clinic.phone }}.",
        "Call us on {{ clinic.phone }}, or {{ clinic.after_hours_phone }}, at {{ clinic.address }}.",
    )
    out = tmp_path / "out"
    result = build(root, BuildOptions(out))
    assert result.ok, result.report.errors
    pdf = out / "test-clinic/en/tiny.pdf"
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert not [uri for uri in uris if not uri.startswith("tel:")], uris
    assert {"tel:0100000000", "tel:0100000999", "tel:999"} <= set(uris)
    text = "".join(pdf_text(pdf).split())  # without the line breaks the layout chose
    assert "**555**[x](file:///etc/passwd)" in text
    assert "Test_Clinic&*Co*,**555**" in text  # the shared section's {{ clinic.name }}, {{ clinic.address }}
    # A phone number is dialled: one that is not a phone number is refused where it is written.
    edit(root / CLINIC, 'after_hours_phone: "0100 000 999"', 'after_hours_phone: "**555** [x](file:///etc/passwd)"')
    refused = build(root, BuildOptions(out))
    assert [str(p) for p in refused.report.errors] == [
        "clinics/test-clinic/clinic.yaml:5: error: 'after_hours_phone': '**555** [x](file:///etc/passwd)' is not a "
        "phone number; write it with digits, e.g. (555) 555-0142 or 999"
    ]


def test_a_phone_number_link_keeps_a_leading_plus_and_only_digits(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, 'phone: "0100 000 000"', 'phone: "+44 (0)100 000-000 ext. 2"')
    out = tmp_path / "out"
    (root / "handouts/second").rename(tmp_path / "second")  # one PDF is enough
    edit(root / CLINIC, "handouts: [tiny, second]", "handouts: [tiny]")
    build(root, BuildOptions(out, html=True))
    html = (out / "test-clinic/en/tiny.html").read_text()
    assert '<a href="tel:+4401000000002">+44 (0)100 000-000 ext. 2</a>' in html


# --- item 13: hard limits on Markdown --------------------------------------------------


def test_a_markdown_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    page = root / TINY
    page.write_text(page.read_text() + "\n" + "Lines look softer. " * (5 * 1024 * 1024 // 19))
    override = root / "clinics/test-clinic/handouts/second/en.md"
    override.parent.mkdir(parents=True)
    override.write_text("## Parking {#parking}\n\n" + "Free. " * (MAX_MARKDOWN_BYTES // 6 + 1))
    start = time.perf_counter()
    with time_limit(30):
        found = errors(root)
    assert time.perf_counter() - start < 5
    limit = f"more than the limit of {MAX_MARKDOWN_BYTES // 1024} KB for a Markdown file"
    assert sorted(found) == sorted(
        [
            f"{TINY}: error: the file is 5121 KB, {limit}; split it into shorter handouts or sections",
            f"clinics/test-clinic/handouts/second/en.md: error: the file is 201 KB, {limit}; split it into shorter handouts or sections",
        ]
    ), found


@pytest.mark.parametrize(
    ("nested", "line"),
    [
        ("\n".join("    " * i + f"- level {i + 1}" for i in range(200)), 32),  # 4 spaces a level
        ("\n".join("  " * i + f"- level {i + 1}" for i in range(200)), 32),  # 2 spaces a level
        ("\n".join("> " * (i + 1) + f"quote {i + 1}" for i in range(200)), 32),
        ("- " * 200 + "deep", 26),  # markers on one line
        ("\n".join("    " * i + ("- " if i % 2 else "> ") + f"level {i + 1}" for i in range(200)), 32),
    ],
    ids=["list", "list-2-spaces", "quotes", "markers-on-one-line", "lists-in-quotes"],
)
def test_deep_nesting_is_refused_at_its_line_quickly(nested: str, line: int, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "hours.\n", f"hours.\n\n{nested}\n")
    with time_limit(30):
        found = errors(root)
    depth = 200 if line == 26 else MAX_NESTING + 1  # the first line too deep, at its depth
    assert len(found) == 1 and found[0].startswith(f"{TINY}:{line}: error: lists or quotes are nested {depth} deep")
    assert f"at most {MAX_NESTING} levels" in found[0]


@pytest.mark.parametrize(
    "markup", ["[" * 20000, "![" * 10000, "[" * 20000 + "x" + "](y)" * 20000, "[a](" * 30000], ids=str.__len__
)
def test_brackets_markdown_would_take_minutes_to_read_are_refused(markup: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "hours.\n", f"hours.\n\n{markup}\n")
    with time_limit(30):  # read quadratically, these took minutes; a speed figure belongs in benchmarks/
        found = errors(root)
    assert found == [
        f"{TINY}:26: error: too many brackets without their closing bracket, or inside each other, for "
        "Markdown to read; check the '[', ']', '(' and ')' in this paragraph"
    ]


def test_nesting_up_to_the_limit_still_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    deep = "\n".join("    " * i + f"- Keep it clean, level {i + 1}." for i in range(MAX_NESTING))
    edit(root / TINY, "hours.\n", f"hours.\n\n{deep}\n\n> A quote.\n")
    assert errors(root) == []


# --- item 14: links out of the project, unreadable files ------------------------------


def test_a_clinic_folder_linked_from_outside_the_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(root / "clinics/test-clinic", elsewhere)
    (root / "clinics/linked").symlink_to(elsewhere)
    out = tmp_path / "out"
    code, err = cli(root, out)
    assert code == 1
    assert f"clinics/linked: error: this is a link to {elsewhere}, outside the project; " in err
    assert "Traceback" not in err and "ValueError" not in err
    assert pdfs(out) == ["test-clinic/en/second.pdf", "test-clinic/en/tiny.pdf"]


@pytest.mark.parametrize("part", ["templates", "styles", "handouts", "rules"])
def test_a_clinic_subfolder_linked_from_outside_the_project_is_refused(part: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "clinics/test-clinic" / part).symlink_to(elsewhere)
    assert errors(root) == [
        f"clinics/test-clinic/{part}: error: this is a link to {elsewhere}, outside the project; "
        "copy what it points to into the project instead"
    ]


def test_a_linked_file_inside_a_clinic_folder_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (root / "clinics/test-clinic/styles").mkdir()
    (root / "clinics/test-clinic/styles/brand.css").symlink_to(secret)
    assert errors(root)[0].startswith("clinics/test-clinic/styles/brand.css: error: this is a link to ")


def test_a_handout_linked_from_outside_or_unreadable_is_a_located_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (tmp_path / "outside.md").write_text((root / TINY).read_text())
    (root / TINY).unlink()
    (root / TINY).symlink_to(tmp_path / "outside.md")
    (root / "handouts/third/en.md").mkdir(parents=True)  # a folder where a file should be
    found = errors(root)
    assert len(found) == 2
    assert f"{TINY}: error: this is a link to {tmp_path / 'outside.md'}, outside the project; " in found[1]
    assert found[0].startswith("handouts/third/en.md: error: cannot read this file (is a directory)")


# --- item 15: a bad date is a located error --------------------------------------------


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_date_that_does_not_exist_is_located_and_the_rest_still_runs(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "reviewed: 2026-01-01", "reviewed: 2026-13-01")
    edit(root / TINY, "next_review: 2028-12-31", "next_review: 2028-02-30")
    out = tmp_path / "out"
    code, err = cli(root, out, command)
    assert code == 1
    assert "Traceback" not in err
    assert f"{TINY}:6: error: 'reviewed' must be a real date written as YYYY-MM-DD, not '2026-13-01'" in err
    assert f"{TINY}:7: error: 'next_review' must be a real date written as YYYY-MM-DD, not '2028-02-30'" in err
    if command == "build":
        assert pdfs(out) == ["test-clinic/en/second.pdf"]


# --- item 16: no template syntax on a patient's page -----------------------------------


@pytest.mark.parametrize(
    ("written", "col", "shown"),
    [
        ("{{ clinic.phone }", 12, "'{{ clinic.phone }' is not a complete placeholder"),
        ("{ clinic.phone }}", 12, "'{ clinic.phone }}' is not a complete placeholder"),
        ("{{ clinic.phone }} {% if x %}", 31, "'{% if x %}' is template code"),
    ],
)
def test_leftover_template_syntax_is_an_error_at_its_column(written: str, col: int, shown: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "Call us on {{ clinic.phone }}.", f"Call us on {written}.")
    found = errors(root)
    assert len(found) == 1 and found[0].startswith(f"{TINY}:31:{col}: error: {shown}"), found
    assert "{{ clinic.phone }}" in found[0]


def test_template_syntax_in_code_is_left_alone(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "Lines look softer.", "Lines look softer. Type `{{ x }` as it is.\n\n```\n{% raw %}\n```")
    assert errors(root) == []


# --- item 20: messages that teach -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  primary: #7b2d43", "'colors.primary' has no value because YAML reads everything after ' #' as a "
         'comment; put the value in quotes, e.g. primary: "#7b2d43"'),
        ("  primary: '#7b2d43'", None),
    ],
)  # fmt: skip
def test_an_unquoted_colour_says_to_quote_it(line: str, message: str | None, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "country: UK\n", f"country: UK\ncolors:\n{line}\n")
    assert errors(root) == ([f"{CLINIC}:8: error: {message}"] if message else [])


def test_a_setting_left_empty_by_a_comment_is_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "country: UK\n", "country: UK\nwebsite: # not yet\n")
    assert errors(root) == [
        f"{CLINIC}:7: error: 'website' has no value because YAML reads everything after ' #' as a comment; "
        "write the value before the comment, or delete the line"
    ]


@pytest.mark.parametrize(
    ("role", "near"),
    [("afercare", "aftercare"), ("get-hlep", "get-help"), ("risk", "risks"), ("what-is-it", "what-it-is")],
)
def test_a_misspelt_section_role_names_the_closest_known_role(role: str, near: str, tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "{#aftercare}", f"{{#{role}}}")
    assert errors(root) == [f"{TINY}:22:25: error: unknown section role '{role}'; did you mean {{#{near}}}?"]


def test_a_role_of_the_clinics_own_is_not_a_misspelling(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    override = root / "clinics/test-clinic/handouts/tiny/en.md"
    override.parent.mkdir(parents=True)
    override.write_text("## Parking {#parking}\n\nFree.\n\n## Costs {#costs}\n\nAsk us.\n")
    assert errors(root) == []


def test_a_duplicate_key_names_both_lines_in_front_matter_and_clinic_yaml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "reviewer: Medical director\n", "reviewer: Medical director\nid: tiny\n")
    edit(root / CLINIC, "country: UK\n", "country: UK\nphone: '0100 000 001'\n")
    assert errors(root) == [
        f"{CLINIC}:7: error: the key 'phone' appears twice (first on line 4); keep one",
        f"{TINY}:9: error: the key 'id' appears twice (first on line 2); keep one",
    ]


# --- found by the property-based tests --------------------------------------------------


def test_a_control_character_in_yaml_is_a_located_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / TINY, "shared: [about-this-leaflet]\n", "shared: [about-this-leaflet]\n\x1f: 2026-13-01\n")
    assert errors(root) == [f"{TINY}:12:1: error: U+001F is an invisible control character; delete it"]


def test_a_message_quoting_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    edit(root / CLINIC, "country: UK\n", "country: UK\n? '\n\n  '\n: null\n")
    found = errors(root)
    assert found[0].startswith(f"{CLINIC}:7: error: unknown setting '\\n'; check the spelling")
