"""Real clinics have long names, addresses, phone numbers and handout ids: the running header
holds a name on 2 lines within the page in every edition, a longer one is an error at
clinic.yaml's name asking for `short_name`, the clinic's name is never a spelling to question,
a trifold back panel too small for the clinic's details says so at clinic.yaml, and a long
handout id stays inside its QR caption. Measured in the PDFs and the located messages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from clearprint.options import Selection
from clearprint.pipeline import BuildOptions, build
from conftest import make_project, pdf_text, samples
from pdfinspect import chars

LONG_NAME = "Branch 2 of Maple Grove Dermatology and Laser Centre"
LONG_ID = "tiny-handout-with-a-long-id-ab"  # 30 characters
SETTINGS = "clinics/test-clinic/clinic.yaml"


def _clinic(project: Path, name: str, extra: str = "") -> None:
    path = project / SETTINGS
    text = path.read_text().replace("name: Test Clinic", f"name: {name}")
    text = text.replace("country: UK", "country: US")
    path.write_text(text + "editions: [standard, large-print, trifold]\nwebsite: https://test.example\n" + extra)


def _long_id(project: Path) -> None:
    """The tiny handout under a 30-character id."""
    folder = project / "handouts" / LONG_ID
    (project / "handouts/tiny").rename(folder)
    page = folder / "en.md"
    page.write_text(page.read_text().replace("id: tiny", f"id: {LONG_ID}"))
    settings = project / SETTINGS
    settings.write_text(settings.read_text().replace("handouts: [tiny, second]", f"handouts: [{LONG_ID}, second]"))


@pytest.fixture(scope="module")
def long_name(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("long-name")
    project = make_project(root / "project")
    _clinic(project, LONG_NAME)
    _long_id(project)
    out = root / "out"
    return build(project, BuildOptions(out, selection=Selection(handouts=(LONG_ID,)))), out


def _name_lines(path: Path, name: str = LONG_NAME) -> tuple[list[float], float, float]:
    """The tops (pt, from the page's top) of the header lines holding `name` on page 1, the
    page's height and the name's size."""
    height = float(PdfReader(path).pages[0].mediabox.height)
    found = chars(path, 0)
    letters = name.replace(" ", "")
    text = "".join(c[0] for c in found)
    starts = [m.start() for m in re.finditer(re.escape(letters), text)]
    # the header's copy: the one at the top of the page (the name is also in the text)
    start = min(starts, key=lambda i: height - found[i][4])
    drawn = found[start : start + len(letters)]
    size = drawn[0][5]
    lines: list[float] = []  # a new line where a character sits lower than the last line by half its size
    for char in sorted(drawn, key=lambda c: -c[4]):
        if not lines or (height - char[4]) - lines[-1] > size / 2:
            lines.append(height - char[4])
    return lines, height, size


def test_a_long_name_builds_in_every_edition_with_the_header_on_the_page(long_name) -> None:
    result, out = long_name
    assert result.ok, [str(p) for p in result.report.items]
    sizes = []
    for edition in ("", ".large-print"):
        path = out / f"test-clinic/en/{LONG_ID}{edition}.pdf"
        tops, height, size = _name_lines(path)
        sizes.append(size)
        assert 1 <= len(tops) <= 2, tops  # at most 2 lines
        assert all(0 < top < height for top in tops)  # drawn within the page
        assert LONG_NAME.replace(" ", "") in pdf_text(path).replace(" ", "").replace("\n", "")
    # at its edition's size, never shrunk to fit: 12 pt and 18 pt (the floors are the build's drawn checks)
    assert sizes[1] / sizes[0] == pytest.approx(18 / 12, abs=0.01)
    assert len(_name_lines(out / f"test-clinic/en/{LONG_ID}.large-print.pdf")[0]) == 2  # 18 pt: it wraps
    assert "Laser Centre" in pdf_text(out / f"test-clinic/en/{LONG_ID}.trifold.pdf")


def test_the_clinics_own_name_is_never_a_spelling_variant(long_name) -> None:
    result, _ = long_name
    assert not [str(p) for p in result.report.items if p.rule == "spelling-variant"]


def test_a_30_character_id_breaks_before_its_hyphens_inside_the_qr_caption(long_name) -> None:
    result, out = long_name
    assert not [p for p in result.report.items if p.rule == "drawn-word-too-long"]
    for edition in ("", ".trifold"):
        words = " ".join(pdf_text(out / f"test-clinic/en/{LONG_ID}{edition}.pdf").split())
        assert re.search(r"handouts/en/ ?tiny ?-handout ?-with ?-a ?-long ?-id ?-ab", words), words


def test_a_name_too_long_for_two_lines_is_an_error_at_its_line_asking_for_a_short_name(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    name = "The Northern Regional Centre for Aesthetic Dermatology, Laser Surgery and Skin Health Research, Branch 2"
    _clinic(project, name)
    result = build(project, BuildOptions(tmp_path / "out", selection=Selection(handouts=("tiny",))))
    errors = [str(p) for p in result.report.errors]
    assert errors and all(e.startswith(f"{SETTINGS}:1: error header-name-too-long: ") for e in errors), errors
    assert "2 fit beside the logo" in errors[0] and "add `short_name:` to clinic.yaml" in errors[0]
    assert not any("drawn-off-page" in e or "remove the style" in e for e in errors)

    settings = project / SETTINGS
    settings.write_text(settings.read_text() + "short_name: Northern Regional Centre, Branch 2\n")
    out = tmp_path / "out2"
    result = build(project, BuildOptions(out, selection=Selection(handouts=("tiny",))))
    assert result.ok, [str(p) for p in result.report.items]
    header = " ".join(pdf_text(out / "test-clinic/en/tiny.large-print.pdf").split())
    assert "Northern Regional Centre, Branch 2" in header
    # the full name everywhere else: the trifold's contact details
    assert "Skin Health Research" in " ".join(pdf_text(out / "test-clinic/en/tiny.trifold.pdf").split())


def test_a_short_name_no_shorter_than_the_name_is_refused_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _clinic(project, "Test Clinic", "short_name: The Test Clinic\n")
    result = build(project, BuildOptions(tmp_path / "out"))
    errors = [str(p) for p in result.report.errors]
    assert len(errors) == 1 and errors[0].startswith(f"{SETTINGS}:11:"), errors
    assert "is not shorter than the name 'Test Clinic'" in errors[0]


def test_a_trifold_back_panel_too_small_for_a_long_address_says_so_at_clinic_yaml(tmp_path: Path) -> None:
    project = shutil.copytree(samples(), tmp_path / "project")  # the session's copy stays as shipped
    settings = project / "clinics/sample-us-maple-grove/clinic.yaml"
    settings.write_text(
        settings.read_text().replace(
            "  - 1200 Example Avenue, Suite 300\n  - Springfield, ST 00000\n",
            "  - Maple Grove Medical Plaza, East Wing, Floor 3\n  - 1200 Example Avenue North, Suite 300-305\n"
            "  - Springfield Heights, Springfield, ST 00000\n",
        )
    )
    selection = Selection(("sample-us-maple-grove",), ("botulinum-toxin",), ("en",), ("trifold",))
    result = build(project, BuildOptions(tmp_path / "out", selection=selection))
    errors = [str(p) for p in result.report.errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith("clinics/sample-us-maple-grove/clinic.yaml:12: error layout-trifold-overflow: ")
    assert "the clinic's contact details take" in errors[0] and "(name 1, address 4, phone numbers 3)" in errors[0]
    assert "write the address shorter in clinic.yaml" in errors[0]
