"""Words drawn in images are read (round 4 attacks logo-png-text, svg-path-lettering): a PNG
logo whose pixels say "100% SAFE / PAINLESS!" and a figure whose paths are the outlines of
"100% SAFE - PAINLESS" are read by OCR (Tesseract) and held to the claim rules, each an
error at the clinic.yaml line of the logo or the Markdown line of the figure; a reading is
kept by the image's hash, so an unchanged image is never read twice; an image that cannot be
read is not printed."""

from __future__ import annotations

import re
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import pytest
from clearprint_run import in_process
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from clearprint.checks import image_text
from clearprint.checks.image_text import ImageText
from clearprint.incremental.ocr_cache import OcrCache
from conftest import make_project

BOLD = Path(atkinson.ROOT) / "files" / "AtkinsonHyperlegible-Bold.ttf"
LINE = re.compile(r"^\s*(?P<file>\S+?):(?P<line>\d+)(?::(?P<col>\d+))?: error (?P<rule>[a-z0-9-]+): ", re.M)


def located(text: str) -> set[tuple[str, int, str]]:
    return {(m["file"], int(m["line"]), m["rule"]) for m in LINE.finditer(text)}


def png_logo(path: Path) -> None:
    image = Image.new("RGBA", (900, 300), (0, 0, 0, 0))  # transparent: read as it prints, on white
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(BOLD), 70)
    draw.text((20, 40), "100% SAFE", fill="#1d4f73", font=font)
    draw.text((20, 150), "PAINLESS!", fill="#c2571a", font=font)
    image.save(path)


def svg_lettering(path: Path, words: str) -> None:
    """A drawing of only <path>s: the outlines of `words` in the shipped bold font."""
    font = TTFont(BOLD)
    cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
    parts, x = [], 0
    for char in words:
        name = cmap[ord(char)]
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, 800)))
        if pen.getCommands():
            parts.append(f'<path fill="#000001" d="{pen.getCommands()}"/>')
        x += glyphs[name].width
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} 1000" width="{x / 20:.0f}" height="50">'
        + "".join(parts)
        + "</svg>\n"
    )


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int, str]:
    """The test project with both attacks, checked once: (project, logo line, figure line, output)."""
    project = make_project(tmp_path_factory.mktemp("image-text") / "project")
    clinic = project / "clinics/test-clinic"
    png_logo(clinic / "logo.png")
    settings = clinic / "clinic.yaml"
    settings.write_text(settings.read_text().replace("logo: logo.svg", "logo: logo.png"))
    logo_line = settings.read_text().splitlines().index("logo: logo.png") + 1
    page = project / "handouts/tiny/en.md"
    page.write_text(page.read_text().replace("A small handout used by the tests.", "A small handout for the tests."))
    (page.parent / "images").mkdir()
    svg_lettering(page.parent / "images/result.svg", "100% SAFE - PAINLESS")
    text = page.read_text()
    figure = '![A drawing of smooth skin](images/result.svg "Skin after a light peel")'
    page.write_text(text.replace("Lines look softer.\n", f"Lines look softer.\n\n{figure}\n"))
    figure_line = page.read_text().splitlines().index(figure) + 1
    code, out, err = in_process("check", "--project", project, "--out", project.parent / "out")
    assert code == 1
    return project, logo_line, figure_line, out + err


def test_a_png_logo_that_spells_a_claim_is_refused_at_its_clinic_yaml_line(attacked) -> None:
    _, logo_line, _, output = attacked
    found = located(output)
    assert ("clinics/test-clinic/clinic.yaml", logo_line, "claim-painless") in found, output
    assert ("clinics/test-clinic/clinic.yaml", logo_line, "claim-absolute-safety") in found, output
    assert "the image 'clinics/test-clinic/logo.png' shows the words 'PAINLESS'" in output


def test_svg_paths_that_spell_a_claim_are_refused_at_the_figure_line(attacked) -> None:
    _, _, figure_line, output = attacked
    assert ("handouts/tiny/en.md", figure_line, "claim-painless") in located(output), output
    assert "the image 'handouts/tiny/images/result.svg' shows the words 'PAINLESS'" in output


def test_the_aftercare_sheet_prints_the_logo_so_it_is_refused_there_too(attacked, tmp_path: Path) -> None:
    project, logo_line, _, _ = attacked
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        "patient_name: Ada Example\ndate: 2026-03-02\nareas: [forehead]\nproduct: Example\nbatch: C1234A5\n"
        "dose: 4\ndose_unit: units\npractitioner: Dr Sam Sample\n"
    )
    out = tmp_path / "sheet.pdf"
    code, _, err = in_process("sheet", "tiny", "--clinic", "test-clinic", "--visit", visit, "--out", out,
                              "--project", project)  # fmt: skip
    assert code == 1 and not out.exists()
    assert ("clinics/test-clinic/clinic.yaml", logo_line, "claim-painless") in located(err), err


def test_a_reading_this_process_made_for_another_build_goes_into_this_builds_cache(attacked, tmp_path: Path) -> None:
    # A test run's shared sample build once found its images in memory (another test had read
    # them) and left its out/ without them: the cache must hold every image the build printed.
    project = attacked[0]
    logo = project / "clinics/test-clinic/logo.png"
    image_text._MEMO.clear()
    words = ImageText(project, OcrCache(tmp_path / "one")).words(logo)  # read, kept in one/
    other = ImageText(project, OcrCache(tmp_path / "two"))
    assert other.words(logo) == words and other.seconds == 0  # from memory, no OCR process
    assert len(list((tmp_path / "two/.clearprint-ocr").glob("*.txt"))) == 1


def test_a_reading_is_kept_by_the_image_hash(attacked, tmp_path: Path) -> None:
    project = attacked[0]
    logo = project / "clinics/test-clinic/logo.png"
    image_text._MEMO.clear()  # nothing this process read before
    first = ImageText(project, OcrCache(tmp_path))
    words = first.words(logo)
    assert "PAINLESS" in words and first.seconds > 0
    assert len(list((tmp_path / ".clearprint-ocr").glob("*.txt"))) == 1
    image_text._MEMO.clear()  # a later process
    again = ImageText(project, OcrCache(tmp_path))  # a later build: read from out/, no OCR process
    assert again.words(logo) == words and again.seconds == 0
    copy = tmp_path / "same.png"
    copy.write_bytes(logo.read_bytes())  # the same pixels under another name: the same reading
    assert again.words(copy) == words and again.seconds == 0


def test_an_image_that_cannot_be_read_is_not_printed(attacked, monkeypatch: pytest.MonkeyPatch) -> None:
    project = attacked[0]
    monkeypatch.setenv("PATH", "/nonexistent")  # no tesseract
    code, out, err = in_process("check", "--project", project, "--out", project.parent / "out-2")
    assert code == 1
    assert ("clinics/test-clinic/clinic.yaml", attacked[1], "image-text-unread") in located(out + err)
    assert "tesseract is not installed (run scripts/setup.sh)" in out + err
