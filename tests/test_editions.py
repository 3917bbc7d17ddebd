"""Print editions: large print, trifold, bleed, QR codes, catalogue, and the accessibility
and print checks that prove them (measured in the PDFs, not assumed)."""

from __future__ import annotations

import math
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from clearprint.editions import TRIFOLD
from clearprint.options import Selection
from clearprint.pipeline import BuildOptions, build
from conftest import TESTDATA, make_too_long_for_a_trifold, samples
from pdfinspect import chars, figure_alts, fonts, marked_content_ids, render, struct_mcids, struct_tags, text

MM = 72 / 25.4
VISUAL = TESTDATA / "visual"
ACTUAL = Path(__file__).resolve().parent / "_actual"


def flat(path: Path) -> str:
    return " ".join(text(path).split())


def test_every_edition_renders_for_every_sample_clinic_and_handout(sample) -> None:
    result, out = sample
    assert sorted(p.relative_to(out).as_posix() for p in result.written) == sorted(
        o.relpath.as_posix() for o in result.planned
    )
    editions = Counter(o.edition for o in result.planned)
    # The US clinic's 3 handouts in English and Spanish, the UK clinic's 3 in English.
    assert editions == {"standard": 9, "large-print": 9, "trifold": 9}


def test_standard_english_botulinum_toxin_handout_is_four_pages(sample) -> None:
    _, out = sample
    for clinic in ("sample-us-maple-grove", "sample-uk-riverside"):
        page = PdfReader(out / clinic / "en/botulinum-toxin.pdf").pages
        # Key points, a drawing and a frequency for every risk (issue 12) made it 3 pages; the
        # risk table and icon arrays (issue 21) a fourth.
        assert len(page) == 4
        assert page[0].mediabox == page[0].trimbox  # without --bleed nothing is added around the page


# --- large print ----------------------------------------------------------------------


def test_large_print_body_is_at_least_18_pt_with_no_italics_and_says_so(sample) -> None:
    _, out = sample
    path = out / "sample-uk-riverside/en/botulinum-toxin.large-print.pdf"
    sizes = Counter(round(c[5], 1) for page in range(len(PdfReader(path).pages)) for c in chars(path, page))
    body_size, _ = sizes.most_common(1)[0]
    assert body_size >= 18, sizes.most_common(5)
    assert not [name for name in fonts(PdfReader(path)) if "Italic" in name]
    assert "Large print · Version 1.2" in flat(path)
    standard = out / "sample-uk-riverside/en/botulinum-toxin.pdf"
    assert Counter(round(c[5], 1) for c in chars(standard, 0)).most_common(1)[0][0] >= 12


def test_every_edition_says_what_else_is_available(sample) -> None:
    _, out = sample
    us = out / "sample-us-maple-grove"
    assert "Also available in large print and in Spanish: ask at reception." in flat(us / "en/botulinum-toxin.pdf")
    assert "Also available in Spanish: ask at reception." in flat(us / "en/botulinum-toxin.large-print.pdf")
    assert "También disponible en letra grande y en inglés: pídalo en recepción." in flat(us / "es/botulinum-toxin.pdf")
    assert "Also available in large print and in Spanish: ask at reception." in flat(
        us / "en/dermal-fillers.trifold.pdf"
    )
    uk = out / "sample-uk-riverside/en"
    assert "Also available in large print: ask at reception." in flat(uk / "botulinum-toxin.pdf")
    assert "Also available" not in flat(uk / "botulinum-toxin.large-print.pdf")  # nothing else is built


# --- trifold --------------------------------------------------------------------------


@pytest.mark.parametrize("clinic", ["sample-us-maple-grove", "sample-uk-riverside"])
def test_trifold_geometry_panels_and_folds(sample, clinic: str) -> None:
    _, out = sample
    path = out / clinic / "en/botulinum-toxin.trifold.pdf"
    reader = PdfReader(path)
    paper = "Letter" if clinic.startswith("sample-us") else "A4"
    g = TRIFOLD[paper]
    to_pt = 72 if g.unit == "in" else MM
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (width, height) == pytest.approx((g.width * to_pt, g.height * to_pt), abs=0.1)
    assert len(reader.pages) == 2
    if paper == "Letter":
        assert g.outside == (3.625, 3.6875, 3.6875) and g.inside == (3.6875, 3.6875, 3.625)
    for page, panels in ((0, g.outside), (1, g.inside)):
        edges = [0.0]
        for w in panels:
            edges.append(edges[-1] + w * to_pt)
        assert edges[-1] == pytest.approx(width)
        used = Counter()
        for char, left, bottom, right, top, _ in chars(path, page):
            panel = next(i for i in range(3) if edges[i] <= (left + right) / 2 < edges[i + 1])
            # Every character stays inside its panel, at least 5 mm from the folds and the trim.
            assert left >= edges[panel] + 5 * MM - 0.5 and right <= edges[panel + 1] - 5 * MM + 0.5, (
                page,
                char,
                left,
                right,
            )
            assert bottom >= 5 * MM and top <= height - 5 * MM
            used[panel] += 1
        assert all(used[i] > 50 for i in range(3)), used  # every panel carries text


def test_trifold_panel_order_folds_correctly(sample) -> None:
    _, out = sample
    path = out / "sample-us-maple-grove/en/botulinum-toxin.trifold.pdf"
    g = TRIFOLD["Letter"]
    folds = [x * 72 for x in g.folds_outside]

    def panel_text(page: int, panel: int) -> str:
        edges = [0, *folds, 11 * 72] if page == 0 else [0, *(x * 72 for x in g.folds_inside), 11 * 72]
        return "".join(c[0] for c in chars(path, page) if edges[panel] <= c[1] < edges[panel + 1])

    assert "Botulinumtoxininjectionsforlines" in panel_text(0, 2)  # cover: right panel of side 1
    assert "Contactus" in panel_text(0, 1) and "maplegrove.example" in panel_text(0, 1)  # back
    assert "Whentogethelp" in panel_text(0, 0) and "Call911" in panel_text(0, 0)  # inside flap
    assert panel_text(1, 0).startswith("Whatisit?")  # inside panels, read left to right
    # The summary brochure carries what its `trifold:` lists: its own short benefits (issue 21 r8
    # review), not the full leaflet's `::: leaflet` detail, and the risks inside.
    inside = panel_text(1, 0) + panel_text(1, 1) + panel_text(1, 2)
    assert "Whatarethebenefits?" in inside and "Whatisnotknown" not in inside
    assert "Whataretherisks?" in panel_text(1, 0) + panel_text(1, 1)


def test_trifold_overflow_is_an_error_naming_the_handout_and_the_amount(project: Path, tmp_path: Path) -> None:
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, trifold]\n")
    page = project / "handouts/tiny/en.md"
    make_too_long_for_a_trifold(page)
    out = tmp_path / "out"
    result = build(project, BuildOptions(out))
    errors = [str(p) for p in result.report.errors]
    assert len(errors) == 1
    assert errors[0].startswith("handouts/tiny/en.md:")  # the line: tests/test_frontdesk.py
    assert (
        " error layout-trifold-overflow: test-clinic/en/tiny.trifold: does not fit the trifold brochure: the inside panels overflow by "
        in errors[0]
    )
    assert "lines (about " in errors[0] and "mm of text)" in errors[0]
    assert not (out / "test-clinic/en/tiny.trifold.pdf").exists()  # never cut, never shrunk
    assert (out / "test-clinic/en/tiny.pdf").exists() and (out / "test-clinic/en/second.trifold.pdf").exists()


# --- print-shop bleed -----------------------------------------------------------------


def test_bleed_sets_trim_and_bleed_boxes_and_the_cover_band_runs_into_the_bleed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(
        samples(),
        BuildOptions(
            out,
            selection=Selection(clinics=("sample-us-maple-grove",), handouts=("botulinum-toxin",), languages=("en",)),
            bleed=True,
        ),
    )
    assert result.ok and sorted(p.name for p in result.written) == [
        "botulinum-toxin.bleed.pdf",
        "botulinum-toxin.large-print.bleed.pdf",
        "botulinum-toxin.trifold.bleed.pdf",
    ]
    path = out / "sample-us-maple-grove/en/botulinum-toxin.trifold.bleed.pdf"
    page = PdfReader(path).pages[0]
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    media = [float(v) for v in page.mediabox]
    assert trim == pytest.approx([0, 0, 792, 612])
    assert bleed == pytest.approx([-3 * MM, -3 * MM, 792 + 3 * MM, 612 + 3 * MM])
    assert media[0] < bleed[0] and media[2] > bleed[2]  # room for the crop marks
    # The cover's brand band reaches 3 mm beyond the trim at the top right.
    image = render(path, dpi=144)  # the whole sheet, 2 px per point
    px = image.load()
    x = lambda pt: round((pt - media[0]) * 2)  # noqa: E731
    y = lambda pt: round((media[3] - pt) * 2)  # noqa: E731
    assert px[x(792 + 2 * MM), y(612 + 2 * MM)][:3] == (29, 79, 115)  # 2 mm into the bleed
    assert px[x(700), y(612 - 4 * MM)][:3] == (29, 79, 115)  # inside the trim
    # Text stays at least 5 mm inside the trim.
    for _, left, bottom, right, top, _ in chars(path, 0) + chars(path, 1):
        assert left >= 5 * MM - 0.5 and right <= 792 - 5 * MM + 0.5 and bottom >= 5 * MM and top <= 612 - 5 * MM


# --- QR codes -------------------------------------------------------------------------


def test_qr_code_is_vector_with_its_address_printed(sample) -> None:
    _, out = sample
    path = out / "sample-us-maple-grove/en/botulinum-toxin.pdf"
    reader = PdfReader(path)
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert images == []  # no raster anywhere on page 1: the QR code is vector paths
    assert "maplegrove.example/handouts/en/botulinum-toxin" in flat(path).replace(" ", "")
    assert "QR code: read this leaflet online at https://maplegrove.example/handouts/en/botulinum-toxin" in [
        a for a in figure_alts(reader)
    ]


def test_no_qr_code_without_a_website(project: Path, tmp_path: Path) -> None:
    result = build(project, BuildOptions(tmp_path / "out", selection=Selection(handouts=("tiny",))))
    assert result.ok
    assert "Read this leaflet online" not in flat(result.written[0])
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(
        settings.read_text() + 'website: https://test.example\nhandout_url: "{website}/leaflets/{language}/{id}"\n'
    )
    result = build(project, BuildOptions(tmp_path / "out2", selection=Selection(handouts=("tiny",))))
    assert "test.example/leaflets/en/tiny" in flat(result.written[0]).replace(" ", "")


# --- front-desk catalogue -------------------------------------------------------------


def test_catalogue_lists_exactly_what_was_built(sample) -> None:
    result, out = sample
    for clinic in ("sample-us-maple-grove", "sample-uk-riverside"):
        catalogue = flat(out / clinic / "catalogue.pdf").replace(" ", "")
        built = sorted(p.relative_to(out / clinic).as_posix() for p in result.written if p.is_relative_to(out / clinic))
        assert built
        for file in built:
            assert file in catalogue, file
        assert catalogue.count(".pdf") == len(built)
    us = flat(out / "sample-us-maple-grove/catalogue.pdf")
    assert "Inyecciones de toxina botulínica para las arrugas Spanish" in us
    assert "Hand out after a consultation" in flat(out / "sample-uk-riverside/catalogue.pdf")


# --- accessibility, verified ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["botulinum-toxin.pdf", "botulinum-toxin.large-print.pdf", "botulinum-toxin.trifold.pdf"]
)
def test_pdf_ua_structure(sample, name: str) -> None:
    _, out = sample
    path = out / "sample-us-maple-grove/en" / name
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    assert str(catalog["/Lang"]) == "en-US" and reader.metadata.title
    assert str(catalog["/ViewerPreferences"]["/DisplayDocTitle"]).lower() == "true"
    tags = struct_tags(reader)
    sections = 6 if "trifold" in name else 8  # the trifold summary carries 5 sections, contact and sources
    assert tags["H1"] == 1 and tags["H2"] >= sections and tags["L"] >= 5 and tags["LI"] >= 20
    alts = figure_alts(reader)  # every figure has alt text: the QR code's (the US clinic publishes it)
    assert alts and all(alts), alts
    assert any("https://maplegrove.example/handouts/en/botulinum-toxin" in alt for alt in alts), alts
    # Page furniture (running header, footer, page numbers) is an artifact: every
    # marked-content id on a page is reachable from the structure tree, and none is left over.
    reached = struct_mcids(reader)
    for page in range(len(reader.pages)):
        ids = marked_content_ids(reader, page)
        assert ids and ids == {mcid for p, mcid in reached if p == page}, page
        assert b"/Artifact" in reader.pages[page].get_contents().get_data()


def _luminance(gray: int) -> float:
    c = gray / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@pytest.mark.parametrize(
    "name",
    [
        "sample-us-maple-grove/en/botulinum-toxin.pdf",
        "sample-us-maple-grove/en/botulinum-toxin.large-print.pdf",
        "sample-us-maple-grove/en/botulinum-toxin.trifold.pdf",
        "sample-uk-riverside/en/botulinum-toxin.pdf",
        "sample-uk-riverside/en/dermal-fillers.trifold.pdf",
    ],
)
def test_text_stays_legible_on_a_black_and_white_printer(sample, name: str) -> None:
    """Contrast of every letter against what is behind it, measured on a grayscale render."""
    _, out = sample
    path = out / name
    dpi = 150
    image = render(path, dpi=dpi, grayscale=True).convert("L")
    height_pt = float(PdfReader(path).pages[0].mediabox.height)
    scale = dpi / 72
    ratios = []
    for char, left, bottom, right, top, size in chars(path, 0):
        if not char.isalnum() or size < 8:
            continue
        box = (
            math.floor(left * scale),
            math.floor((height_pt - top) * scale),
            math.ceil(right * scale),
            math.ceil((height_pt - bottom) * scale),
        )
        pad = (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)
        darkest, lightest = image.crop(box).getextrema()[0], image.crop(pad).getextrema()[1]
        ratios.append((_luminance(lightest) + 0.05) / (_luminance(darkest) + 0.05))
    ratios.sort()
    assert len(ratios) > 300
    assert ratios[len(ratios) // 50] >= 4.5, ratios[:10]  # 98 % of letters at WCAG AA or better


# --- visual regression ----------------------------------------------------------------


@pytest.mark.parametrize("clinic", ["sample-us-maple-grove", "sample-uk-riverside"])
@pytest.mark.parametrize("edition", ["standard", "large-print", "trifold"])
def test_page_one_matches_the_golden_image(sample, clinic: str, edition: str, update_golden: bool) -> None:
    _, out = sample
    suffix = "" if edition == "standard" else f".{edition}"
    actual = render(out / clinic / "en" / f"botulinum-toxin{suffix}.pdf", dpi=30).convert("RGB")
    golden = VISUAL / f"{clinic}-{edition}.png"
    if update_golden or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        actual.save(golden, optimize=True)
        if not update_golden:
            pytest.fail(f"golden image {golden.name} was missing and has been written; look at it and commit it")
    expected = Image.open(golden).convert("RGB")
    diff = ImageChops.difference(actual, expected) if actual.size == expected.size else None
    if diff is not None:
        gray = diff.convert("L")
        changed = sum(gray.histogram()[49:]) / (gray.width * gray.height)  # pixels off by more than 48 of 255
        mean = ImageStat.Stat(gray).mean[0]
    if diff is None or changed > 0.005 or mean > 1.5:
        ACTUAL.mkdir(exist_ok=True)
        actual.save(ACTUAL / f"{clinic}-{edition}.actual.png")
        shutil.copy(golden, ACTUAL / f"{clinic}-{edition}.expected.png")
        if diff is not None:
            diff.save(ACTUAL / f"{clinic}-{edition}.diff.png")
        pytest.fail(f"page 1 differs from {golden.name}; see tests/_actual/ (run `make update-golden` if intended)")
