"""The shipped sample PDFs, checked by what is inside them."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from clearprint_run import subprocess_run
from fontTools.misc.timeTools import epoch_diff
from pypdf import PdfReader
from registered import declare

from clearprint.content.load import load_project
from clearprint.options import Selection
from clearprint.pdf.renderer import FONT_TIMESTAMP
from clearprint.pipeline import BuildOptions, build
from clearprint.problems import Problems
from conftest import TODAY, samples, with_ocr_readings
from pdfinspect import figure_alts, fonts, outline_titles, struct_tags, text

PAGE_SIZES = {"Letter": (612, 792), "A4": (595.28, 841.89)}


def sample_outputs() -> list:
    project = load_project(samples(), Problems(samples()))
    params = []
    for site in project.clinics:
        for hid in site.settings.handouts:
            for lang in site.settings.languages:
                if (hid, lang) in project.handouts:
                    params.append(pytest.param(site, project.handouts[(hid, lang)], id=f"{site.slug}-{lang}-{hid}"))
    return params


@pytest.mark.parametrize(("site", "handout"), sample_outputs())
def test_sample_pdf_contents(sample, site, handout) -> None:
    result, out = sample
    path = out / site.slug / handout.meta.language / f"{handout.meta.id}.pdf"
    reader = PdfReader(path)
    clinic = site.settings

    # Page size from the clinic (Letter in the US, A4 in the UK), on every page.
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            PAGE_SIZES[clinic.page_size], abs=0.01
        )

    # Metadata: title, author (clinic), subject, language; PDF/UA-1 declared.
    info = reader.metadata
    assert info.title == handout.meta.title
    assert info.author == clinic.name
    assert info.subject == handout.meta.summary
    catalog = reader.trailer["/Root"]
    assert str(catalog["/Lang"]) == clinic.locale(handout.meta.language).replace("_", "-")
    assert str(catalog["/MarkInfo"]["/Marked"]).lower() == "true"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp or 'pdfuaid:part="1"' in xmp

    # Tag tree: one H1, an H2 per section plus sources, lists as lists.
    tags = struct_tags(reader)
    sections = [s for s in handout.sections]
    assert tags["H1"] == 1
    assert tags["H2"] >= len(sections) + 1
    assert tags["L"] >= 3 and tags["LI"] >= 10 and tags["P"] >= 10

    # Bookmarks from headings.
    titles = outline_titles(reader)
    assert titles[0] == handout.meta.title
    for section in sections:
        assert section.title in titles

    # Only the shipped fonts, embedded: the clinic's, and the plain digit zero's (fonts.py).
    embedded = fonts(reader)
    assert embedded and all(embedded.values()), embedded
    assert all(name.startswith(("Atkinson-Hyperlegible", "Public-Sans-Zero")) for name in embedded), embedded
    assert any(name.startswith("Public-Sans-Zero") for name in embedded), embedded  # every leaflet has a 0

    # Text: every section's heading, the clinic's numbers from its settings, page X of Y.
    body = text(path)
    flat = " ".join(body.split())
    for section in sections:
        assert " ".join(section.title.split()) in flat
    assert clinic.phone in flat and clinic.after_hours_phone in flat
    assert clinic.emergency in flat
    n = len(reader.pages)
    page_label = {"en": "Page {} of {}", "es": "Página {} de {}"}[handout.meta.language]
    assert page_label.format(1, n) in flat and page_label.format(n, n) in flat
    assert f"{handout.meta.version}" in flat


def test_same_input_gives_identical_bytes(sample, tmp_path: Path) -> None:
    """One handout in every clinic, language and edition (9 PDFs), built again in a new
    folder in this process (`jobs=1`), gives the same bytes as the session's build, which
    rendered them on two worker processes (`jobs=2`)."""
    result, out = sample
    folder = with_ocr_readings(sample, tmp_path)  # the images as read before: this test is about the PDFs
    again = build(samples(), BuildOptions(folder, Selection(handouts=("botulinum-toxin",)), jobs=1, today=TODAY))
    assert again.ok and len(again.written) == 9
    for path in again.written:
        assert path.read_bytes() == (out / path.relative_to(tmp_path)).read_bytes(), path


# Build with WeasyPrint's fontTools fallback, as on a system without HarfBuzz's subsetter
# library (WeasyPrint looks `harfbuzz_subset` up when it subsets each font).
WITHOUT_HARFBUZZ_SUBSET = (
    "import runpy, sys; import weasyprint.pdf.fonts as fonts; fonts.harfbuzz_subset = None; "
    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def embedded_font_times(pdf: Path, prefix: str = "") -> list[int]:
    """The `modified` time in the head table of each font embedded in `pdf` (whose name,
    after the subset tag, starts with `prefix`)."""
    from fontTools.ttLib import TTFont

    times = []
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            if not str(font.get_object()["/BaseFont"]).split("+", 1)[-1].startswith(prefix):
                continue
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data()
            times.append(TTFont(io.BytesIO(data))["head"].modified)
    return times


def test_a_rebuild_seconds_later_in_a_new_process_gives_the_same_bytes_with_fonttools(sample, tmp_path: Path) -> None:
    """fontTools stamps the time into each font it subsets; the renderer sets SOURCE_DATE_EPOCH
    first, so two builds a few seconds apart in new processes give the same bytes."""
    _, out = sample
    one = ("--clinic", "sample-us-maple-grove", "--handout", "botulinum-toxin", "--language", "en")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    made = []
    for name in ("first", "later"):
        with_ocr_readings(sample, tmp_path / name)  # the images as read before: this test is about the fonts
        code, _, err = subprocess_run(
            "build",
            "--project",
            samples(),
            "--out",
            tmp_path / name,
            "--edition",
            "standard",
            "--jobs",
            "1",
            "--today",
            TODAY.isoformat(),
            *one,
            python=("-c", WITHOUT_HARFBUZZ_SUBSET),
            env=env,
        )
        assert code == 0, err
        made.append(tmp_path / name / "sample-us-maple-grove/en/botulinum-toxin.pdf")
        time.sleep(1.1 if name == "first" else 0)  # the head table's time is in seconds
    first, later = made
    assert first.read_bytes() == later.read_bytes()
    # fontTools did subset the fonts (HarfBuzz keeps the font's own time), at the fixed time.
    fixed = int(FONT_TIMESTAMP) - epoch_diff
    assert embedded_font_times(first) and set(embedded_font_times(first)) == {fixed}
    # (The plain zero's font is variable: WeasyPrint instantiates it with fontTools even when
    # HarfBuzz subsets, so it carries the fixed time too: only the Atkinson faces are checked.)
    assert fixed not in embedded_font_times(out / "sample-us-maple-grove/en/botulinum-toxin.pdf", "Atkinson")


def test_pdf_dates_come_from_the_content_not_the_clock(sample) -> None:
    result, out = sample
    reader = PdfReader(result.written[0])
    assert reader.metadata["/CreationDate"].startswith("D:2026")
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"]


def test_images_and_tables_from_markdown_are_tagged_with_alt_text(project: Path, tmp_path: Path) -> None:
    folder = project / "handouts" / "tiny"
    (folder / "face.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    )
    declare(folder / "face.svg")
    page = folder / "en.md"
    page.write_text(
        page.read_text().replace(
            "About 2 in 100 people get a drooping eyelid [1].",
            "![Where the injections go](face.svg)\n\n| Side effect | How often [1] |\n|---|---|\n| Bruising | About 2 in 100 |\n",
        )
    )
    result = build(project, BuildOptions(tmp_path / "out", selection=Selection(handouts=("tiny",))))
    assert result.ok, result.report.items
    reader = PdfReader(result.written[0])
    assert figure_alts(reader) == ["Where the injections go"]
    tags = struct_tags(reader)
    assert tags["Table"] == 1 and tags["TH"] == 2 and tags["TD"] == 2
