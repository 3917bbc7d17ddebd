"""How full each page is (issue 21, item 6): measured on the laid-out page boxes (pdf/fill.py)
and checked in every build (checks/page_fill.py). A small project's page is rendered in
process with a forced break or a tall blank block put into it, so each finding is one a real
layout gives; the measurement itself is checked against a page of known geometry."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks.page_fill import MIN_FILL, areas, findings
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.pdf.renderer import Renderer
from clearprint.problems import Problems
from conftest import make_project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fill") / "project")
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, large-print, trifold]\n")
    report = Problems(project)
    outputs = {o.label: o for o in plan(load_project(project, report), report)}
    assert not report.errors, report.errors
    return project, outputs, Renderer(project)


def _before(page: str, marker: str, insert: str, count: int = 1) -> str:
    """`insert` put before `marker`, which must be on the page (and is kept)."""
    assert marker in page, marker
    return page.replace(marker, insert, count)


def render(small, edition: str = "standard", change=lambda page: page):
    project, outputs, renderer = small
    output = outputs[f"test-clinic/en/tiny{'' if edition == 'standard' else '.' + edition}"]
    pages = HtmlDocuments(project, {})
    renderer.render(
        change(pages.html(output, linked=False)), output.clinic.settings.font, pages.stylesheets(output), inspect=True
    )
    return output, renderer.drawn, findings(output, renderer.drawn, project, output.label)


def test_a_page_of_known_height_is_measured_to_its_lowest_box(tmp_path) -> None:
    """A 100 pt block at the top of a 400 pt content area fills a quarter of it; the running
    footer (a margin box) and a fixed watermark do not count."""
    html = (
        "<html lang='en'><title>t</title><style>@page { size: 300pt 500pt; margin: 50pt; @bottom-center { content: 'footer' } }"
        " .w { position: fixed; bottom: 0; } body { margin: 0 }</style>"
        "<div style='height: 100pt; background: #eee'></div><p class='w'>DRAFT</p></html>"
    )
    renderer = Renderer(tmp_path)
    renderer.render(html, "atkinson-hyperlegible", inspect=True)
    (page,) = renderer.drawn.fills
    assert page.top == pytest.approx(50) and page.height == pytest.approx(400)
    assert page.fill() == pytest.approx(0.25, abs=0.01)
    assert page.fill(0, 40) == 0.0  # nothing drawn in the left margin's strips


def test_the_small_projects_pages_and_panels_are_full_enough(small) -> None:
    for edition in ("standard", "large-print", "trifold"):
        output, drawn, problems = render(small, edition)
        assert [p for p in problems if p.rule != "layout-panel-underfilled"] == [], (edition, problems)
        assert drawn.fills and all(0 <= a.fill <= 1 for a in areas(output, drawn))
    output, drawn, _ = render(small, "trifold")
    assert [a.name for a in areas(output, drawn)] == [
        "the inside flap panel", "the back panel", "the cover panel",
        "the inside left panel", "the inside middle panel", "the inside right panel",
    ]  # fmt: skip


def test_a_large_print_first_page_holding_only_the_title_is_reported(small) -> None:
    """A forced break after the masthead leaves page 1 with the title alone (the large print of
    issue 21): a warning at the line of the text that moved to page 2, naming the handout,
    edition and page, and one that the key points are not on page 1."""

    def forced(page: str) -> str:
        return _before(page, '<div class="content">', '<div class="content" style="break-before: page">')

    output, drawn, problems = render(small, "large-print", forced)
    first = areas(output, drawn)[0]
    assert first.fill < MIN_FILL
    found = [p for p in problems if p.rule == "layout-page-underfilled"]
    assert found and found[0].severity == "warning"
    assert "test-clinic/en/tiny.large-print: page 1 of" in found[0].message
    assert found[0].file == "handouts/tiny/en.md" and found[0].line is not None
    assert "layout-key-points-not-first" in {p.rule for p in problems}


def test_key_points_pushed_off_page_one_are_reported(small) -> None:
    def tall(page: str) -> str:
        return _before(
            page,
            '<section class="section role-key-points',
            '<div style="height: 240mm"></div><section class="section role-key-points',
            1,
        )

    _, drawn, problems = render(small, "standard", tall)
    assert not any(r.page == 0 and r.role == "key-points" for r in drawn.runs)
    (found,) = [p for p in problems if p.rule == "layout-key-points-not-first"]
    assert found.file == "handouts/tiny/en.md" and found.severity == "warning"


def test_a_nearly_empty_last_page_is_reported(small) -> None:
    """Pushed down by a tall blank block, the last lines land alone on a new page."""

    def pushed(page: str) -> str:
        return _before(
            page,
            '<section class="section role-get-help',
            '<div style="height: 480mm"></div><section class="section role-get-help',
            1,
        )

    output, drawn, problems = render(small, "large-print", pushed)
    rules = {p.rule for p in problems}
    assert drawn.pages >= 2 and areas(output, drawn)[-1].last
    assert "layout-page-underfilled" in rules or "layout-last-page-nearly-empty" in rules, problems
