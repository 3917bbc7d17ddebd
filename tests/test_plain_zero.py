"""The digit zero prints and shows unslashed (issue 21, PEMAT-P round 5: Atkinson Hyperlegible's
slashed "0" was read as Ø or 8, "1ØØ", "555-Ø142"). Its own font has no feature for a plain
zero, so "0" alone comes from another shipped font through `unicode-range` (fonts.py). Checked
on what a rendered page draws: the font every "0" is drawn with, and that font's glyph."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.fonts import FONTS, font
from clearprint.pdf.renderer import Renderer
from clearprint.problems import Problems
from conftest import make_project

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = "<p>About 4 in 100 people. Call (555) 555-0142 or <strong>1-800-FDA-1088</strong>.</p>"


def contours(ttfont: TTFont, glyph: str) -> int:
    table = ttfont["glyf"]
    return max(table[glyph].numberOfContours, 0)


def zero_contours(path: Path) -> int:
    """Contours of the glyph a font maps "0" to: 2 for a plain zero (outside and counter),
    more for one with a slash or a dot through its counter."""
    ttfont = TTFont(path)
    return contours(ttfont, ttfont.getBestCmap()[0x30])


def test_the_clinic_font_zero_is_slashed_and_the_zero_font_is_plain() -> None:
    """Why the second font: Atkinson Hyperlegible's "0" has its counter cut in two by a slash,
    and none of its features (no `zero`, `ss..`, `cv..`, `salt`) gives another; the zero font's
    "0" is plain, at every weight the pages use (the variable font's one outline)."""
    shipped = font("atkinson-hyperlegible")
    regular = next(shipped.folder.glob("*-Regular.ttf"))
    assert zero_contours(regular) == 3
    tags = {r.FeatureTag for r in TTFont(regular)["GSUB"].table.FeatureList.FeatureRecord}
    assert not tags & {"zero", "salt", *(f"ss{n:02}" for n in range(1, 21)), *(f"cv{n:02}" for n in range(1, 100))}
    files = shipped.zero_files()
    assert {style for _, style in files} == {"normal", "italic"}
    for file, _ in files:
        assert zero_contours(file) == 2, file
    assert shipped.stack == f'"{shipped.zero_family}", "{shipped.family}"'
    assert set(FONTS) <= {"atkinson-hyperlegible"}  # a new font: decide whether its zero needs this too


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> bytes:
    """A small project's leaflet page with numbers added, rendered with the shipped stylesheets."""
    project = make_project(tmp_path_factory.mktemp("zero") / "project")
    report = Problems(project)
    output = next(o for o in plan(load_project(project, report), report) if o.edition == "standard")
    pages = HtmlDocuments(project, {})
    html = pages.html(output, linked=False)
    assert "</h1>" in html
    html = html.replace("</h1>", "</h1>" + NUMBERS, 1)
    data, _, _ = Renderer(project).render(html, output.clinic.settings.font, pages.stylesheets(output))
    return data


def zero_fonts(data: bytes) -> dict[str, bytes]:
    """Base font name -> embedded font program, of every font that draws a "0" in the PDF."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bytes] = {}

    def visit(text, cm, tm, font_dict, size) -> None:
        if font_dict is not None and "0" in text:
            descendant = font_dict["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            found[str(font_dict["/BaseFont"]).split("+", 1)[-1]] = program

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return found


def test_every_printed_zero_is_drawn_plain(printed: bytes) -> None:
    """Every "0" on the page, regular and bold, comes from the zero font, whose embedded
    glyphs are all plain (two contours at most): a slashed zero coming back fails here."""
    drawn = zero_fonts(printed)
    assert drawn, "no zero found in the PDF's text"
    assert all(re.fullmatch(r"Public-Sans-Zero(-Bold)?", name) for name in drawn), sorted(drawn)
    assert len(drawn) == 2, sorted(drawn)  # regular and bold
    for name, program in drawn.items():
        ttfont = TTFont(io.BytesIO(program))
        outlines = [g for g in ttfont.getGlyphOrder() if g != ".notdef" and contours(ttfont, g)]
        assert outlines and all(contours(ttfont, g) == 2 for g in outlines), (name, outlines)


def test_the_web_edition_asks_for_the_zero_font_first() -> None:
    """The web stylesheet loads the same zero font for U+0030 only, and names it first."""
    css = (ROOT / "styles/web.css").read_text(encoding="utf-8")
    faces = re.findall(
        r'@font-face \{ font-family: "Public Sans Zero"; src: url\("fonts/([^"]+)"\)[^}]*unicode-range: U\+0030;', css
    )
    assert faces == ["PublicSans-Zero.ttf", "PublicSans-Zero-Italic.ttf"]
    assert 'font-family: "Public Sans Zero", "Atkinson Hyperlegible"' in css
    base = (ROOT / "styles/base.css").read_text(encoding="utf-8")
    assert re.search(r'--font: "Public Sans Zero", "Atkinson Hyperlegible";', base)
