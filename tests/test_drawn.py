"""The document as drawn (issue 19, items 3 and 7): what the checks require must be on the
page, readable, in the clinic's font and inside its column and the trim; each finding names
the file and line the text came from.

Two ways in. Hostile HTML (a style that hides, shrinks or fades a block) is injected into the
page made for a small project and rendered in-process, so the drawn checks are tested even
where earlier checks would refuse the Markdown that could produce it. Hostile content that
any Markdown can hold (a character the font lacks, a 300-character word, a wide table, a
drawing with words) goes through whole builds. Each project is built once per module.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from registered import declare

from clearprint.checks.drawn import FLOORS, findings
from clearprint.content.load import load_project
from clearprint.content.plan import Selection, plan
from clearprint.documents.html import HtmlDocuments
from clearprint.documents.sourcemap import annotate, parse, strip
from clearprint.fonts import FONTS, font
from clearprint.pdf.fetcher import RefusedURL
from clearprint.pdf.renderer import Renderer
from clearprint.pdf.shipped_fonts import codepoints, fontconfig_file, only_shipped_fonts
from clearprint.pipeline import BuildOptions, build
from clearprint.problems import Problems
from conftest import make_project

TINY = "handouts/tiny/en.md"


def line_of(page: Path, text: str) -> int:
    return next(n for n, line in enumerate(page.read_text().split("\n"), start=1) if text in line)


# --- in-process: hostile HTML on the page of a small project ----------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, dict]:
    project = make_project(tmp_path_factory.mktemp("drawn") / "project")
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, large-print, trifold]\n")
    report = Problems(project)
    outputs = {o.label: o for o in plan(load_project(project, report), report)}
    assert not report.errors, report.errors
    return project, outputs


@pytest.fixture(scope="module")
def renderer(small) -> Renderer:
    return Renderer(small[0])


def drawn_problems(small, renderer, edition: str = "standard", change=lambda page: page):
    project, outputs = small
    output = outputs[f"test-clinic/en/tiny{'' if edition == 'standard' else '.' + edition}"]
    pages = HtmlDocuments(project, {})
    page = change(pages.html(output, linked=False))
    renderer.render(page, output.clinic.settings.font, pages.stylesheets(output), inspect=True)
    return renderer.drawn, findings(output, renderer.drawn, project, output.label)


def styled(text: str, style: str):
    """Give the block whose text starts with `text` a style attribute."""

    def change(page: str) -> str:
        # a figure such as "2 in 100" is kept on one line by a `nowrap` span (documents/keep_whole.py)
        words = r"\s*(?:<span class=\"nowrap\">|</span>)?\s*".join(re.escape(w) for w in text.split())
        pattern = re.compile(r'(<(?:p|li)\b[^>]*data-src="[^"]*")(>\s*' + words + ")")
        assert pattern.search(page), text
        return pattern.sub(lambda m: f'{m[1]} style="{style}"{m[2]}', page, count=1)

    return change


def located(problems, rule: str) -> set[tuple[str, int | None]]:
    return {(p.file, p.line) for p in problems if p.rule == rule}


def test_the_small_project_is_drawn_as_written(small, renderer) -> None:
    for edition in ("standard", "large-print", "trifold"):
        drawn, problems = drawn_problems(small, renderer, edition)
        assert problems == [], (edition, problems)
        assert drawn.runs and not drawn.hidden
        roles = {run.role for run in drawn.runs}
        assert {"risks", "get-help", "key-points"} <= roles, roles
        assert all(run.src for run in drawn.runs if run.kind == "body"), "every body string maps to a source"


def test_what_the_trifold_leaves_out_is_not_hidden_text(tmp_path, renderer) -> None:
    """A `::: leaflet` block is the full leaflet's only: the trifold leaves it out, which is no
    hidden text; the standard edition draws it."""
    project = make_project(tmp_path / "project")
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, trifold]\n")
    page = project / TINY
    page.write_text(
        page.read_text().replace(
            "Lines look softer.\n", "Lines look softer.\n\n::: leaflet\nOnly in the leaflet.\n:::\n"
        )
    )
    report = Problems(project)
    outputs = {o.edition: o for o in plan(load_project(project, report), report) if o.handout.meta.id == "tiny"}
    pages, other = HtmlDocuments(project, {}), Renderer(project)
    drawn = {}
    for edition, output in outputs.items():
        other.render(pages.html(output, linked=False), "atkinson-hyperlegible", pages.stylesheets(output), inspect=True)
        assert findings(output, other.drawn, project, output.label) == [], edition
        drawn[edition] = " ".join(run.text for run in other.drawn.runs)
    assert "Only in the leaflet." in drawn["standard"] and "Only in the leaflet" not in drawn["trifold"]


def test_every_drawn_string_maps_back_to_its_line(small, renderer) -> None:
    drawn, _ = drawn_problems(small, renderer)
    project = small[0]
    eyelid = next(run for run in drawn.runs if "drooping eyelid" in run.text)
    assert parse(eyelid.src) == (TINY, line_of(project / TINY, "drooping eyelid"))
    assert eyelid.role == "risks" and eyelid.size == pytest.approx(12.0)
    title = next(run for run in drawn.runs if "A tiny test handout" in run.text)
    assert parse(title.src) == (TINY, line_of(project / TINY, "title:"))


@pytest.mark.parametrize(
    "style",
    ["display:none", "visibility:hidden", "font-size:0"],
)
def test_hidden_risks_are_a_located_error(small, renderer, style: str) -> None:
    _, problems = drawn_problems(small, renderer, change=styled("About 2 in 100", style))
    line = line_of(small[0] / TINY, "About 2 in 100")
    assert located(problems, "drawn-hidden-text") == {(TINY, line)}, problems
    hidden = next(p for p in problems if p.rule == "drawn-hidden-text")
    assert "About 2 in 100 people" in hidden.message
    # the section's only text is gone, its heading alone is left: the risks are not on the page
    assert located(problems, "drawn-required-hidden") == {(TINY, line_of(small[0] / TINY, "{#risks}"))}


def test_a_hidden_section_is_a_located_error(small, renderer) -> None:
    def change(page: str) -> str:
        return page.replace('id="key-points"', 'id="key-points" style="display:none"', 1)

    _, problems = drawn_problems(small, renderer, change=change)
    heading = line_of(small[0] / TINY, "{#key-points}")
    assert located(problems, "drawn-required-hidden") == {(TINY, heading)}
    assert (TINY, heading) in located(problems, "drawn-hidden-text")
    assert (TINY, line_of(small[0] / TINY, "Bruising is common")) in located(problems, "drawn-hidden-text")


def test_hidden_negation_is_found(small, renderer) -> None:
    def change(page: str) -> str:
        return page.replace("Lines look softer.", 'Lines do <span style="display:none">not</span> look softer.')

    _, problems = drawn_problems(small, renderer, change=change)
    [hidden] = [p for p in problems if p.rule == "drawn-hidden-text"]
    assert (hidden.file, hidden.line) == (TINY, line_of(small[0] / TINY, "Lines look softer."))
    assert "'not'" in hidden.message


@pytest.mark.parametrize(
    ("style", "rule"),
    [
        ("color:#ffffff", "drawn-contrast"),
        ("opacity:0.2", "drawn-contrast"),
        ("color:#bbbbbb", "drawn-contrast"),
        ("font-size:7pt", "drawn-text-size"),
    ],
)
def test_faint_or_small_text_is_a_located_error(small, renderer, style: str, rule: str) -> None:
    _, problems = drawn_problems(small, renderer, change=styled("About 2 in 100", style))
    assert located(problems, rule) == {(TINY, line_of(small[0] / TINY, "About 2 in 100"))}, problems


def test_large_print_floor_is_16_pt_for_everything(small, renderer) -> None:
    _, problems = drawn_problems(small, renderer, "large-print", styled("Lines look softer.", "font-size:15pt"))
    [small_text] = [p for p in problems if p.rule == "drawn-text-size"]
    assert (small_text.file, small_text.line) == (TINY, line_of(small[0] / TINY, "Lines look softer."))
    assert "below the large-print edition's 16 pt" in small_text.message
    assert FLOORS["large-print"] == {"body": 16.0}


def test_opacity_multiplies_down_the_ancestors(small, renderer) -> None:
    def change(page: str) -> str:  # 0.5 x 0.3: each alone would pass at this colour, together not
        page = page.replace('id="risks"', 'id="risks" style="opacity:0.5"', 1)
        return styled("About 2 in 100", "opacity:0.3")(page)

    drawn, problems = drawn_problems(small, renderer, change=change)
    run = next(r for r in drawn.runs if "drooping" in r.text)
    assert run.color[3] == pytest.approx(0.15)
    assert (TINY, line_of(small[0] / TINY, "About 2 in 100")) in located(problems, "drawn-contrast")


def test_the_emergency_number_must_be_drawn(small, renderer) -> None:
    def change(page: str) -> str:
        return page.replace('class="admonition danger"', 'class="admonition danger" style="display:none"')

    _, problems = drawn_problems(small, renderer, change=change)
    assert located(problems, "drawn-emergency-missing") == {("clinics/test-clinic/clinic.yaml", None)}
    assert any(p.rule == "drawn-hidden-text" and "999" in p.message for p in problems)


def test_text_off_the_page_is_an_error(small, renderer) -> None:
    _, problems = drawn_problems(small, renderer, change=styled("Lines look softer.", "margin-left:-120mm"))
    assert located(problems, "drawn-off-page") == {(TINY, line_of(small[0] / TINY, "Lines look softer."))}


def test_inline_svg_text_is_an_error(small, renderer) -> None:
    def change(page: str) -> str:
        drawing = '<svg width="40" height="20"><text x="0" y="15">100% safe</text></svg>'
        return page.replace("Lines look softer.", "Lines look softer. " + drawing)

    _, problems = drawn_problems(small, renderer, change=change)
    [svg] = [p for p in problems if p.rule == "drawn-svg-text"]
    assert (svg.file, svg.line) == (TINY, line_of(small[0] / TINY, "Lines look softer."))
    assert "100% safe" in svg.message


# --- whole builds: hostile Markdown that any handout can hold ----------------------------------

SNOWMAN = "\u2603"
URL = "https://www.example.org/patients/leaflets/cosmetic-procedures/botulinum-toxin-injections/aftercare-advice/"
LONG_WORD = "Pneumono" + "x" * 292
HOSTILE = f"""
Snowmen {SNOWMAN} melt.

A long word: {LONG_WORD} ends here.

Read more at {URL} today.

| {" | ".join(f"{i:02d}34567890123456" for i in range(12))} |
| {" | ".join("---" for _ in range(12))} |
| {" | ".join(f"{i:02d}98765432109876" for i in range(12))} |

![A chart](chart.svg)
"""
CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40" viewBox="0 0 100 40">'
    '<rect width="100" height="40" fill="#ccc"/><text x="5" y="25">Painless</text></svg>'
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    page = project / TINY
    first = "About 2 in 100 people get a drooping eyelid [1].\n"
    page.write_text(page.read_text().replace(first, first + HOSTILE))
    (project / "handouts/tiny/chart.svg").write_text(CHART.replace('<text x="5" y="25">Painless</text>', ""))
    declare(project / "handouts/tiny/chart.svg")
    out = project / "out"
    result = build(project, BuildOptions(out, Selection(handouts=("tiny",), editions=("standard",)), jobs=1))
    return project, result, out


def test_a_character_the_font_lacks_is_named_at_its_line(hostile) -> None:
    project, result, out = hostile
    [glyph] = [p for p in result.report.errors if p.rule == "drawn-missing-glyph"]
    assert (glyph.file, glyph.line) == (TINY, line_of(project / TINY, "Snowmen"))
    assert "U+2603 SNOWMAN" in glyph.message
    assert not (out / "test-clinic/en/tiny.pdf").exists(), "a page that cannot be printed as written is not kept"


def test_a_word_too_long_for_its_column_is_named(hostile) -> None:
    project, result, _ = hostile
    found = [p for p in result.report.errors if p.rule == "drawn-word-too-long" and "Pneumono" in p.message]
    assert {(p.file, p.line) for p in found} == {(TINY, line_of(project / TINY, "A long word"))}


def test_a_long_web_address_breaks_after_its_slashes(hostile) -> None:
    """WeasyPrint 70 breaks a line after a slash of an address (and the templates' `address`
    macro marks the QR caption's): a long address fits its column, with no error."""
    project, result, _ = hostile
    line = line_of(project / TINY, "Read more at")
    assert not [p for p in result.report.errors if p.line == line]
    assert len(URL) > 100  # far wider than a column of the standard edition at 12 pt


def test_a_table_that_cannot_fit_is_an_error(hostile) -> None:
    project, result, _ = hostile
    found = {(p.file, p.line) for p in result.report.errors if p.rule == "drawn-table-too-wide"}
    assert found == {(TINY, line_of(project / TINY, "0034567890123456"))}


def test_a_drawing_with_words_is_an_error(tmp_path) -> None:
    """Refused when the handout is read (content/svg_policy.py), before anything is drawn."""
    project = make_project(tmp_path / "project")
    page = project / TINY
    page.write_text(page.read_text() + "\n![A chart](chart.svg)\n")
    (project / "handouts/tiny/chart.svg").write_text(CHART)
    result = build(project, BuildOptions(tmp_path / "out", Selection(handouts=("tiny",)), jobs=1))
    [svg] = [p for p in result.report.errors if "chart.svg" in p.message]
    assert svg.file == TINY and svg.line == line_of(page, "![A chart]") and "text" in svg.message
    assert not (tmp_path / "out/test-clinic/en/tiny.pdf").exists()


def test_a_clean_build_has_no_drawn_findings(tmp_path) -> None:
    project = make_project(tmp_path / "project")
    result = build(project, BuildOptions(tmp_path / "out", Selection(handouts=("tiny",)), jobs=1))
    assert result.ok, result.report.errors
    assert not [p for p in result.report.items if (p.rule or "").startswith("drawn-")]
    assert result.written == [tmp_path / "out/test-clinic/en/tiny.pdf"]


# --- fonts: only the shipped ones ------------------------------------------------------------


def test_fontconfig_lists_only_the_shipped_font_folders() -> None:
    folders = tuple(font(name).folder for name in sorted(FONTS))
    text = fontconfig_file(folders).read_text()
    assert re.findall(r"<dir>([^<]*)</dir>", text) == [str(f.resolve()) for f in folders]
    assert "<include" not in text  # no system configuration, so no system fonts
    before = os.environ.get("FONTCONFIG_FILE")
    with only_shipped_fonts(folders):
        assert os.environ["FONTCONFIG_FILE"] == str(fontconfig_file(folders))
    assert os.environ.get("FONTCONFIG_FILE") == before


def test_a_missing_character_is_never_drawn_from_a_machine_font(small, renderer) -> None:
    """Without the walk (an aftercare sheet), the renderer's .notdef warning is an error:
    no other font on the machine may stand in."""
    project, outputs = small
    output = outputs["test-clinic/en/tiny"]
    pages = HtmlDocuments(project, {})
    page = pages.html(output, linked=False).replace("Lines look softer.", f"Lines look softer {SNOWMAN}.")
    assert ord(SNOWMAN) not in codepoints(font("atkinson-hyperlegible").folder)
    with pytest.raises(RefusedURL, match="U\\+2603"):
        renderer.render(page, "atkinson-hyperlegible", pages.stylesheets(output))


def test_a_soft_hyphen_break_is_drawn_with_the_fonts_own_hyphen(small, renderer) -> None:
    assert ord("\u2010") not in codepoints(font("atkinson-hyperlegible").folder)
    long = "\u00ad".join(["Extra", "ordinarily", "long", "hyphenated", "compound", "word"] * 3)

    def change(page: str) -> str:
        return page.replace("Lines look softer.", f"Lines look {long} softer.")

    drawn, problems = drawn_problems(small, renderer, change=change)
    assert not [p for p in problems if p.rule == "drawn-missing-glyph"], problems
    assert any(run.text.rstrip().endswith("-") for run in drawn.runs), "the word was broken at a soft hyphen"


# --- source marks -----------------------------------------------------------------------------


def test_two_paragraphs_with_the_same_first_words_are_each_at_their_own_line() -> None:
    """Found writing round 17's test: the second was placed at the first one's line."""
    markdown = "Call us if you have a fever or feel unwell.\n\nCall us if you have a fever or a rash.\n\nMore text."
    page = "<p>Call us if you have a fever or feel unwell.</p>\n<p>Call us if you have a fever or a rash.</p>\n"
    page += "<p>More text.</p>"
    lines = [int(m) for m in re.findall(r'data-src="h/x.md:(\d+)"', annotate(page, markdown, "h/x.md", 1))]
    assert lines == [1, 3, 5]
    # cells of one row that say the same stay on the row's line
    table = "<table>\n<tr><td>Yes</td><td>Yes</td></tr>\n</table>"
    marked = annotate(table, "| Yes | Yes |", "h/x.md", 7)
    assert re.findall(r'data-src="h/x.md:(\d+)"', marked) == ["7", "7", "7"]
    # a list item and the paragraph inside it begin on one line
    loose = "<ul>\n<li>\n<p>Keep the area clean and dry.</p>\n</li>\n</ul>"
    marked = annotate(loose, "- Keep the area clean and dry.", "h/x.md", 3)
    assert re.findall(r'data-src="h/x.md:(\d+)"', marked) == ["3", "3", "3"]


def test_annotate_puts_each_block_on_its_line() -> None:
    markdown = "First paragraph here.\n\n- A drooping eyelid.\n- A drooping eyebrow.\n\n### Over time\n\n- Antibodies."
    page = "<p>First paragraph here.</p>\n<ul>\n<li>A drooping eyelid.</li>\n<li>A drooping eyebrow.</li>\n</ul>\n"
    page += "<h3>Over time</h3>\n<ul>\n<li>Antibodies.</li>\n</ul>"
    marked = annotate(page, markdown, "h/x.md", 10)
    lines = [int(m) for m in re.findall(r'data-src="h/x.md:(\d+)"', marked)]
    assert lines == [10, 12, 12, 13, 15, 17, 17]
    assert strip(marked) == page
