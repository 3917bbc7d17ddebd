"""What is checked is what the patient sees (issue 19), the cases of a fourth independent
attack (/work/fresh/attack4) that got claims or hidden text onto printed pages with exit 0:

- a clinic stylesheet may not hold quoted text (a list marker `"100% safe, painless: "`), strike
  text through, or set a line spacing (`line-height`, the project's `--line`) below 1.2;
- every word drawn is checked: the claim rules read what stylesheets draw that no element
  holds (markers, `content:`, page margins), located at the stylesheet that holds the words;
- hidden by layout, found on the page: lines drawn over each other, text on its own dark
  inline background;
- a clinic template must draw everything Clearprint made for the page (the risk table and
  icon arrays from risks.yaml).

Each build-level case is a clinic of its own in one project, built once; the drawn checks are
also tested on their own, on hostile HTML rendered in-process, since the stylesheet allowlist
refuses the CSS before anything is drawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint.checks import drawn_claims
from clearprint.checks.drawn import findings
from clearprint.checks.page_claims import PageClaims
from clearprint.content.load import load_project
from clearprint.content.plan import Selection, plan
from clearprint.documents.html import HtmlDocuments
from clearprint.pdf.renderer import Renderer
from clearprint.pipeline import BuildOptions, build
from clearprint.problems import Problems
from conftest import ROOT, make_project, pdf_text

TINY = "handouts/tiny/en.md"
CLAIM = "100% safe, painless: "
RISKS = """dose: null
risks:
  - id: drooping-eyelid
    severity: side-effect
    frequency: {count: 2, per: 100}
    sources: [1]
    act: clinic-same-day
    icon_array: true
    words:
      en: {name: Drooping eyelid, signs: "An eyelid that hangs lower than the other."}
"""
LINK = '<link rel="stylesheet" href="clinics/{slug}/templates/{name}">'
DROPS_TABLE = """{% extends "project/handout.html.j2" %}
{% import "_macros.html.j2" as parts %}
{% block content %}
<div class="content">
{% for s in sections %}
{% if s.role == "risks" %}
<section class="section role-risks" data-src="{{ s.src }}"><h2>{{ s.title }}</h2>
{% set cut = s.html.split("<table") %}{{ (cut[0] ~ (s.html.split("</table>")[-1] if cut | length > 1 else "")) | safe }}
</section>
{% else %}{{ parts.section(s) }}{% endif %}
{% endfor %}
{{ parts.sources(handout, t, locale, cited) }}
</div>
{% endblock %}
"""
# clinic slug: {file under the clinic folder: its text}
CASES: dict[str, dict[str, str]] = {
    "css-list-style-string": {
        "styles/brand.css": f'.role-key-points li {{ list-style-type: "{CLAIM}"; list-style-position: inside; }}\n'
    },
    "web-css-list-style": {
        "styles/web.css": f'section li {{ list-style-type: "{CLAIM}"; list-style-position: inside; }}\n'
    },
    "css-line-height-overprint": {
        "styles/brand.css": ".role-risks p, .role-risks li { font-size: 20pt; line-height: 9pt; }\n"
    },
    "css-custom-line-property": {"styles/brand.css": "html:root { --line: 0.3; }\n"},
    "css-strikethrough-thick": {"styles/brand.css": ".role-risks p { text-decoration: line-through #1a1a1a 14pt; }\n"},
    # "2 in 100" is kept on one line by an inline `nowrap` span (documents/keep_whole.py)
    "css-inline-background-hides": {"styles/brand.css": ".role-risks .nowrap { background-color: #1a1a1a; }\n"},
    "template-drops-risk-table": {"templates/handout.html.j2": DROPS_TABLE},
    "template-link-stylesheet": {
        "templates/print.css": '.role-key-points h2::after { content: ": 100% safe and painless"; }\n',
        "templates/handout.html.j2": '{% extends "project/handout.html.j2" %}\n{% block head_extra %}'
        + LINK.format(slug="template-link-stylesheet", name="print.css")
        + "{% endblock %}\n",
    },
    "catalogue-link-stylesheet": {
        "templates/extra.css": 'main h1::after { content: " - every treatment 100% safe and painless"; }\n',
        "templates/catalogue.html.j2": (ROOT / "templates/catalogue.html.j2")
        .read_text()
        .replace("</head>", LINK.format(slug="catalogue-link-stylesheet", name="extra.css") + "\n</head>"),
    },
}


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), start=1) if text in line)


def with_risk_table(project: Path) -> None:
    """The tiny handout with a risk table and icon array from risks.yaml in its risks section."""
    page = project / TINY
    first = "About 2 in 100 people get a drooping eyelid [1].\n"
    page.write_text(page.read_text().replace(first, first + "\n{{ risk_table }}\n"))
    (project / "handouts/tiny/risks.yaml").write_text(RISKS)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("attack4")
    root = make_project(base / "project")
    with_risk_table(root)
    model = root / "clinics" / "test-clinic"
    for slug, files in CASES.items():
        clinic = root / "clinics" / slug
        shutil.copytree(model, clinic)
        settings = clinic / "clinic.yaml"
        settings.write_text(settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]"))
        for name, text in files.items():
            (clinic / name).parent.mkdir(parents=True, exist_ok=True)
            (clinic / name).write_text(text)
    out = base / "out"
    result = build(root, BuildOptions(out, jobs=1))
    return root, out, result.report.items


def errors_of(built, slug: str) -> list:
    return [
        p
        for p in built[2]
        if p.severity == "error" and (p.file.startswith(f"clinics/{slug}/") or p.message.startswith(f"{slug}/"))
    ]


def error_places(built, slug: str) -> set[tuple[str | None, str, int | None]]:
    return {(p.rule, p.file, p.line) for p in errors_of(built, slug)}


def printed(out: Path, slug: str) -> str:
    return "\n".join(pdf_text(p) for p in sorted((out / slug).rglob("*.pdf")))


def test_the_project_builds_clean_without_the_attacks(built) -> None:
    """The tiny handout with its risk table builds for the plain clinic, the table drawn."""
    _, out, problems = built
    assert not [p for p in problems if "clinics/test-clinic/" in p.file or "test-clinic/" in p.message], problems
    text = " ".join(pdf_text(out / "test-clinic/en/tiny.pdf").split())
    assert "Drooping eyelid" in text and "An eyelid that hangs lower than the other." in text


@pytest.mark.parametrize(
    ("slug", "rule", "sheet", "needle"),
    [
        ("css-list-style-string", "clinic-css-text", "styles/brand.css", "list-style-type"),
        ("web-css-list-style", "clinic-css-text", "styles/web.css", "list-style-type"),
        ("css-line-height-overprint", "access-hidden-text", "styles/brand.css", "line-height"),
        ("css-custom-line-property", "access-hidden-text", "styles/brand.css", "--line"),
        ("css-strikethrough-thick", "clinic-css-decoration", "styles/brand.css", "text-decoration"),
    ],
)
def test_a_clinic_stylesheet_that_draws_words_strikes_or_squeezes_text_is_refused_at_its_line(
    built, slug: str, rule: str, sheet: str, needle: str
) -> None:
    root, out, _ = built
    path = root / "clinics" / slug / sheet
    [error] = errors_of(built, slug)
    assert (error.rule, error.file, error.line) == (rule, f"clinics/{slug}/{sheet}", line_of(path, needle))
    assert error.col == path.read_text().index(needle) + 1
    assert not (out / slug / "en/tiny.pdf").exists()


def test_text_on_its_own_dark_inline_background_is_too_faint(built) -> None:
    root, out, _ = built
    # at the clinic's declaration that drew the dark background, not at the text (stop 36)
    sheet = "clinics/css-inline-background-hides/styles/brand.css"
    assert ("drawn-contrast", sheet, 1) in error_places(built, "css-inline-background-hides")
    [faint] = [p for p in errors_of(built, "css-inline-background-hides") if p.rule == "drawn-contrast"]
    assert faint.col == 23 and "(set by 'background-color: #1a1a1a')" in faint.message
    assert not (out / "css-inline-background-hides/en/tiny.pdf").exists()


def test_a_template_that_leaves_out_the_risk_table_is_named(built) -> None:
    _, out, _ = built
    slug = "template-drops-risk-table"
    [error] = errors_of(built, slug)
    assert (error.rule, error.file, error.line) == (
        "drawn-template-dropped",
        f"clinics/{slug}/templates/handout.html.j2",
        None,
    )
    assert "'risks' section" in error.message and "how often" in error.message
    assert not (out / slug / "en/tiny.pdf").exists()


@pytest.mark.parametrize(
    ("slug", "sheet", "output"),
    [
        ("template-link-stylesheet", "print.css", "en/tiny.pdf"),
        ("catalogue-link-stylesheet", "extra.css", "catalogue.pdf"),
    ],
)
def test_a_claim_a_linked_stylesheet_draws_is_refused(built, slug: str, sheet: str, output: str) -> None:
    """Linked stylesheets in templates may become an error of their own (template loading);
    whatever refuses them, nothing of the claim is printed, and the drawn check names the sheet."""
    _, out, _ = built
    found = errors_of(built, slug)
    assert found and all(f"clinics/{slug}/templates/" in p.file for p in found), found
    claims = [p for p in found if (p.rule or "").startswith("claim-")]
    if claims:
        assert {(p.rule, p.file, p.line) for p in claims} >= {
            ("claim-absolute-safety", f"clinics/{slug}/templates/{sheet}", 1)
        }
    assert not (out / slug / output).exists()
    assert "100% safe" not in printed(out, slug)


# --- the drawn checks on their own: hostile CSS injected into a rendered page ----------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict, Renderer]:
    project = make_project(tmp_path_factory.mktemp("drawn4") / "project")
    report = Problems(project)
    outputs = {o.label: o for o in plan(load_project(project, report), report, Selection(handouts=("tiny",)))}
    assert not report.errors, report.errors
    return project, outputs, Renderer(project)


def drawn_with(small, css: str):
    project, outputs, renderer = small
    output = outputs["test-clinic/en/tiny"]
    pages = HtmlDocuments(project, {})
    page = pages.html(output, linked=False).replace("</head>", f"<style>{css}</style></head>", 1)
    renderer.render(page, output.clinic.settings.font, pages.stylesheets(output), inspect=True)
    drawn = renderer.drawn
    rules = PageClaims(project)
    claims = drawn_claims.findings(drawn, output.clinic, "en", output.distribution, rules, output.handout.file, "x")
    return drawn, findings(output, drawn, project, output.label) + claims


def test_a_list_marker_that_draws_a_claim_is_read_by_the_claim_rules(small) -> None:
    drawn, problems = drawn_with(
        small, f'.role-key-points li {{ list-style-type: "{CLAIM}"; list-style-position: inside; }}'
    )
    assert any(CLAIM.strip() in text and tag == "li::marker" for text, _, tag in drawn.generated), drawn.generated
    found = {(p.rule, p.file, p.line) for p in problems if p.severity == "error"}
    line = line_of(small[0] / TINY, "It smooths lines")  # the first key point, where the marker is drawn
    assert {("claim-absolute-safety", TINY, line), ("claim-painless", TINY, line)} <= found
    assert any("li::marker" in p.message for p in problems if p.rule == "claim-absolute-safety")


def test_the_projects_own_generated_text_passes_the_claim_rules(small) -> None:
    """Page numbers, the footer's edition and review dates, the sources' markers: drawn by the
    project's stylesheets, read and passed."""
    drawn, problems = drawn_with(small, "")
    assert any(tag == "a page margin" for _, _, tag in drawn.generated), drawn.generated
    assert problems == []


@pytest.mark.parametrize(
    "css",
    [
        ".role-risks p { font-size: 20pt; line-height: 9pt; }",
        "html:root { --line: 0.3; }",
    ],
)
def test_lines_drawn_over_each_other_are_an_error(small, css: str) -> None:
    _, problems = drawn_with(small, css)
    places = {(p.file, p.line) for p in problems if p.rule == "drawn-overprint"}
    # the risks paragraph wraps at 20 pt; with --line: 0.3 every list item of two lines or more
    wrapped = "About 2 in 100 people" if "20pt" in css else "Call us if you have pain"
    assert (TINY, line_of(small[0] / TINY, wrapped)) in places, problems


def test_line_spacing_at_the_floor_is_no_overprint(small) -> None:
    _, problems = drawn_with(small, "html:root { --line: 1.2; } .role-risks p { font-size: 20pt; line-height: 24pt; }")
    assert not [p for p in problems if p.rule == "drawn-overprint"], problems


def test_an_underline_and_honest_line_spacing_pass_the_stylesheet_allowlist() -> None:
    from clearprint.checks.clinic_css import check

    honest = (
        ":root { --line: 1.3; --body-size: 13pt; }\n.a { text-decoration: underline #123456; line-height: 1.25; }\n"
        ".b { font-size: 12pt; line-height: 15pt; list-style: square inside; }\n"
        '.c { font-family: "Atkinson Hyperlegible", sans-serif; }\n'
    )
    assert check(honest, 9, {"Atkinson Hyperlegible"}) == []
    assert [r.rule for r in check(".b { line-height: 14pt; }", 9, set())] == ["access-hidden-text"]
