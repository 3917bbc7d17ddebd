"""The shipped sample PDFs, checked by what is inside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from clearprint.content.load import load_project
from clearprint.options import Selection
from clearprint.pipeline import BuildOptions, build
from clearprint.problems import Problems
from conftest import samples
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

    # Only the shipped font, embedded.
    embedded = fonts(reader)
    assert embedded and all(embedded.values()), embedded
    assert all(name.startswith("Atkinson-Hyperlegible") for name in embedded), embedded

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
    folder by new processes, gives the same bytes as the session's build."""
    result, out = sample
    again = build(samples(), BuildOptions(tmp_path, Selection(handouts=("botulinum-toxin",))))
    assert again.ok and len(again.written) == 9
    for path in again.written:
        assert path.read_bytes() == (out / path.relative_to(tmp_path)).read_bytes(), path


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
