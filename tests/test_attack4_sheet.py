"""The aftercare sheet (`build.py sheet`) is held to what a build is held to (round 4 attacks):

- every visit field the sheet prints is checked by its kind: free text (names, areas, product,
  notes) by the claim rules, the batch number by the pattern of a lot number; each finding at
  the visit file's line, never quoting the patient's details (case sheet-visit-practitioner-claim);
- the sheet runs the build's drawn checks through the same function: a clinic stylesheet that
  prints the get-help section in a faint grey fails the sheet with the error, file and line a
  plain build gives (case sheet-faint-get-help).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clearprint_run import in_process

from clearprint.frontdesk import visit_claims
from clearprint.frontdesk.visit import FIELDS, load_visit
from clearprint.problems import Problems
from conftest import make_project, samples

US = "sample-us-maple-grove"
VISIT = """\
patient_name: {name}
date: 2026-03-02
areas: [cheeks]
product: Glycolic acid 30%
batch: "{batch}"
practitioner: {practitioner}
follow_up: 2026-03-16
notes: Photos taken before treatment.
"""
LINE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): error (?P<rule>[a-z0-9-]+): ", re.M)


def sheet(project: Path, *arguments: str | Path) -> tuple[int, str]:
    code, _, err = in_process("sheet", *arguments, "--project", project)
    return code, err


def located(err: str) -> set[tuple[str, int, str]]:
    return {(m["file"], int(m["line"]), m["rule"]) for m in LINE.finditer(err)}


def test_every_printed_visit_field_has_a_kind() -> None:
    assert set(visit_claims.KINDS) == set(FIELDS)
    assert set(visit_claims.CHECKED) == {"patient_name", "areas", "product", "practitioner", "notes"}


def test_claims_in_the_practitioner_and_batch_fields_stop_the_sheet(tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        VISIT.format(
            name="Ada Example", batch="100% SAFE, NO SIDE EFFECTS", practitioner="Painless peels, guaranteed results"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "sheet.pdf"
    code, err = sheet(samples(), "chemical-peels", "--clinic", US, "--visit", visit, "--out", out)
    assert code == 1 and not out.exists()
    assert located(err) == {(str(visit), 5, "visit-batch"), (str(visit), 6, "claim-painless")}, err
    assert "'practitioner' says what the checks refuse" in err and "claim-guaranteed" in err
    assert "SAFE" not in err and "Painless" not in err  # the visit's words are never shown

    # The patient's name box too: every free-text field the sheet prints.
    visit.write_text(
        VISIT.format(name="Guaranteed results, 100% safe", batch="C1234A5", practitioner="Dr Sam Sample"),
        encoding="utf-8",
    )
    code, err = sheet(samples(), "chemical-peels", "--clinic", US, "--visit", visit, "--out", out)
    assert code == 1 and not out.exists()
    assert {(f, n) for f, n, _ in located(err)} == {(str(visit), 1)}, err
    assert "'patient_name' says what the checks refuse" in err


@pytest.mark.parametrize(
    ("batch", "refused"),
    [
        ("C1234A5", False),
        ("LOT12345678", False),
        ("16851-1", False),
        ("TA12A-40100", False),
        ("G77", False),
        ("Lot 2024/05.3", False),
        ("100% SAFE", True),
        ("SAFE 100", True),  # words, with a digit
        ("PAIN-FREE-1", True),
        ("ABC", True),  # no digit
        ("1--2", True),  # two separators in a row
        ("1" * 31, True),
    ],
)
def test_a_batch_is_a_lot_number(tmp_path: Path, batch: str, refused: bool) -> None:
    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(name="Ada Example", batch=batch, practitioner="Dr Sam Sample"), encoding="utf-8")
    report = Problems(tmp_path)
    visit = load_visit(path, report)
    found = visit_claims.lot_problems(visit, path, report)
    assert [(p.line, p.rule) for p in found] == ([(5, "visit-batch")] if refused else [])
    assert all(batch not in p.message for p in found)


def _sheet_project(tmp_path: Path) -> tuple[Path, Path]:
    """The small test project, whose sheet passes the drawn checks as shipped, and a visit file."""
    project = make_project(tmp_path / "project")
    page = project / "handouts/tiny/en.md"  # a summary no claim rule reads as a testimonial
    page.write_text(page.read_text().replace("A small handout used by the tests.", "A small handout for the tests."))
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        VISIT.format(name="Ada Example", batch="C1234A5", practitioner="Dr Sam Sample") + "dose: 4\ndose_unit: units\n",
        encoding="utf-8",
    )
    return project, visit


def test_a_faint_get_help_section_fails_the_sheet_as_it_fails_the_build(tmp_path: Path) -> None:
    project, visit = _sheet_project(tmp_path)
    out = tmp_path / "sheet.pdf"
    code, err = sheet(project, "tiny", "--clinic", "test-clinic", "--visit", visit, "--out", out)
    assert code == 0, err  # as shipped, the sheet passes the drawn checks
    out.unlink()

    styles = project / "clinics/test-clinic/styles"
    styles.mkdir()
    (styles / "brand.css").write_text(
        ".role-get-help, .role-get-help p, .role-get-help li, .role-get-help strong { color: #e4e4e4; }\n"
    )
    code, err = sheet(project, "tiny", "--clinic", "test-clinic", "--visit", visit, "--out", out)
    assert code == 1 and not out.exists()
    # located at the declaration that made the text faint, once, with how many texts it made faint
    sheet_at = (
        "clinics/test-clinic/styles/brand.css:1:78: error drawn-contrast: test-clinic/en/tiny (aftercare sheet): "
    )
    assert sheet_at in err and "contrast 1.27:1" in err and "(set by 'color: #e4e4e4'); 6 texts like it" in err, err
    on_sheet = located(err)
    assert not {f for f in on_sheet if f[2] == "drawn-contrast" and f[0].startswith("handouts/")}, err

    code, summary, built = in_process("--project", project, "--out", tmp_path / "out")
    assert code == 1
    assert "clinics/test-clinic/styles/brand.css:1:78: error drawn-contrast: test-clinic/en/tiny: " in summary + built
    in_build = located(summary + built)
    faint = {f for f in in_build if f[2] == "drawn-contrast"}
    assert faint <= on_sheet  # the get-help section is on the sheet: the same errors, at the same lines


def test_text_a_clinic_stylesheet_shrinks_on_the_sheet_is_an_error_at_its_declarations(tmp_path: Path) -> None:
    """As a build places text a clinic stylesheet shrank below the floor (round 16, case 24) at
    the declarations that shrank it, so does the aftercare sheet (it was at the handout's lines)."""
    project, visit = _sheet_project(tmp_path)
    styles = project / "clinics/test-clinic/styles"
    styles.mkdir()
    (styles / "zz-shrink.css").write_text(
        ".role-get-help { font-size: 0.8em; }\n.role-get-help p { font-size: 0.8em; }\n"
    )
    out = tmp_path / "sheet.pdf"
    code, err = sheet(project, "tiny", "--clinic", "test-clinic", "--visit", visit, "--out", out)
    assert code == 1 and not out.exists()
    small = [line for line in err.splitlines() if "drawn-text-size" in line]
    at = "clinics/test-clinic/styles/zz-shrink.css:1:18: error drawn-text-size: test-clinic/en/tiny (aftercare sheet): "
    assert small and all(line.startswith(at) for line in small), err
    assert (
        "made smaller by 'font-size: 0.8em', and 'font-size: 0.8em' at clinics/test-clinic/styles/zz-shrink.css:2"
        in err
    )
