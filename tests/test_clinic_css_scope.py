"""Clinic stylesheets may select and query only what the checks model (checks/clinic_css_scope.py),
and a colour the cascade leaves as a keyword resolves (pdf/web_styles.py).

- The attacker's round-6 cases (/work/fresh/attack6/cases/<case>/apply.sh: a clinic's
  styles/web.css with `::first-line`, `a:visited`, `@media print`, `(min-resolution: 2dppx)`
  and a width band) each give their located error from the stylesheet check, in-process; the
  first also through the build's checks (check_only), at the clinic's file, line and column.
- Honest clinic styling (custom properties on :root, structural pseudo-classes, attribute
  tests, one breakpoint, dark mode) passes.
- `background-color: currentColor` (W21) is the text's own colour: the web check reports the
  text as unreadable at the declaration, where it crashed before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks.clinic_css import check
from clearprint.options import Selection
from clearprint.pdf.web_media import DEVICES
from clearprint.pdf.web_styles import page_styles
from clearprint.pipeline import check_only
from clearprint.problems import ContentError
from conftest import TODAY, copy_samples

US = "sample-us-maple-grove"
SHEET = f"clinics/{US}/styles/web.css"
FAMILIES = {"Atkinson Hyperlegible"}
CASES = {  # stylesheet -> (line, col, rule, words in the message, words in the advice)
    "W05-first-line": (
        ".urgent p::first-line, .urgent li::first-line, .urgent h2::first-line { color: #ffffff; }\n",
        (1, 10, "clinic-css-selector", "pseudo-element '::first-line'", "style the element itself"),
    ),
    "W05-legacy-first-letter": (
        ".urgent p:first-letter { color: #ffffff; }\n",
        (1, 10, "clinic-css-selector", "pseudo-element ':first-letter'", "style the element itself"),
    ),
    "marker": ("li::marker { color: #ffffff; }\n", (1, 3, "clinic-css-selector", "'::marker'", ":nth-child(odd)")),
    "selection": (
        "p::selection { color: #ffffff; }\n",
        (1, 2, "clinic-css-selector", "'::selection'", "[attributes]"),
    ),
    "W12-visited": (
        "a:visited { color: #ffffff; }\n",
        (1, 2, "clinic-css-selector", "':visited' styles a page", "style the element itself"),
    ),
    "link": ("a:link { color: #ffffff; }\n", (1, 2, "clinic-css-selector", "':link'", "")),
    "hover-nested": (
        ".urgent { color: #1a1a1a; &:hover { color: #ffffff; } }\n",
        (1, 28, "clinic-css-selector", "':hover'", ""),
    ),
    "is": (".urgent :is(p, li) { color: #ffffff; }\n", (1, 9, "clinic-css-selector", "':is(p, li)'", "")),
    "nth-of": ("li:nth-child(2 of .x) { color: #ffffff; }\n", (1, 3, "clinic-css-selector", "not a plain", "'of'")),
    "W14-media-print": (
        "@media print { .urgent, .urgent * { color: #ffffff; } }\n",
        (1, 8, "clinic-css-media", "'@media print' applies where no check looks", "the PDF edition"),
    ),
    "W25-retina-bg-only": (
        "@media (min-resolution: 2dppx) { .urgent, .urgent * { background-color: #1a1a1a; } }\n",
        (1, 8, "clinic-css-media", "(min-resolution: 2dppx)", "prefers-color-scheme"),
    ),
    "hover-media": (
        "@media screen and (hover: none) { .urgent * { background-color: #1a1a1a; } }\n",
        (1, 19, "clinic-css-media", "(hover: none)", ""),
    ),
    "W10-band-bg-only": (
        "\n@media (min-width: 700px) and (max-width: 1100px) { .urgent, .urgent * { background-color: #1a1a1a; } }\n",
        (2, 1, "clinic-css-media", "on a 700 px screen", "one breakpoint"),
    ),
    "two-breakpoints": (
        "@media (min-width: 40em) { .urgent { background-color: #1a1a1a; } }\n"
        "@media (min-width: 60em) { .urgent { color: #ffffff; } }\n",
        (1, 1, "clinic-css-media", "on a 640 px screen", "one breakpoint"),
    ),
    "beyond-the-screen": (
        "@media (min-width: 2000px) { .urgent * { background-color: #1a1a1a; } }\n",
        (1, 1, "clinic-css-media", "on a 2000 px screen", ""),
    ),
}
HONEST = """\
:root { --brand-primary: #1d4f73; --brand-accent: #b34700; }
h1 + p, ul > li:first-child, tr:nth-child(2n+1) td, tr:nth-of-type(odd) th, p:not(.note) { color: #1a1a1a; }
[lang="es"] h2, :lang(es) h3, .a ~ .b, #get-help strong, * { border-color: #1d4f73; }
.urgent { color: #1a1a1a; & strong { color: #000000; } }
@media (min-width: 40em) { h1 { font-size: 2em; } }
@media only screen and (width >= 40em) { h2 { font-size: 1.5em; } }
@media (prefers-color-scheme: dark) { body { color: #eeeeee; background-color: #111111; } }
@media screen and (min-width: 40em) and (prefers-color-scheme: dark) { h1 { color: #ffffff; } }
"""


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_round6_stylesheet_is_refused_where_it_is_written(case: str) -> None:
    css, (line, col, rule, words, advice) = CASES[case]
    found = check(css, 9, FAMILIES)
    first = next((r for r in found if (r.line, r.col, r.rule) == (line, col, rule)), None)
    assert first is not None, found
    assert words in first.message and advice in first.advice, first


def test_honest_clinic_styling_passes() -> None:
    assert check(HONEST, 9, FAMILIES) == []


def test_every_selector_of_a_list_is_reported() -> None:
    found = check(CASES["W05-first-line"][0], 9, FAMILIES)
    assert [(r.line, r.col) for r in found] == [(1, 10), (1, 34), (1, 58)]


def test_current_color_in_a_background_is_the_texts_colour() -> None:
    page = '<!DOCTYPE html><html><head><link rel="stylesheet" href="a.css"></head><body><p>Call us</p></body></html>'
    css = b"p { color: #123456; background-color: currentColor; }"
    (styled,) = page_styles(page, "index.html", {"index.html": page.encode(), "a.css": css}, DEVICES[:1])
    (text,) = [t for t in styled.texts if t.tag == "p"]
    assert text.background == pytest.approx(text.color[:3]) and text.color[:3] == pytest.approx(
        (0x12 / 255, 0x34 / 255, 0x56 / 255)
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_samples(tmp_path_factory.mktemp("clinic-css-scope") / "project")


def test_the_build_refuses_first_line_at_the_clinic_stylesheet(project: Path) -> None:
    sheet = project / SHEET
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(CASES["W05-first-line"][0], encoding="utf-8")
    try:
        result = check_only(project, Selection(clinics=(US,), handouts=("botulinum-toxin",)), today=TODAY)
    finally:
        sheet.unlink()
    found = [(p.file, p.line, p.col) for p in result.report.errors if p.rule == "clinic-css-selector"]
    assert (SHEET, 1, 10) in found and (SHEET, 1, 58) in found, found


def test_current_color_background_is_a_located_contrast_error_not_a_crash(project: Path) -> None:
    from test_web_drawn import _site

    css = ".urgent p, .urgent li, .urgent h2, .urgent a, .urgent strong { background-color: currentColor; }\n"
    try:
        with pytest.raises(ContentError) as raised:
            _site(project, css=css)
    finally:
        (project / SHEET).unlink(missing_ok=True)
    problems = [p for p in raised.value.problems if p.rule == "web-contrast" and p.file == SHEET]
    assert problems, "\n".join(map(str, raised.value.problems))
    assert any((p.line, p.col) == (1, 64) and "contrast 1.00:1" in p.message for p in problems), problems
