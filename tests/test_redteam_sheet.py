"""The red-team cases about the aftercare sheet (tests/redteam/, see its README): each case's
visit file is made into the test clinic's sheet of the tiny handout, in-process, as
`build.py sheet tiny --clinic test-clinic --visit visit.yaml` makes it.

- sheet-error: the sheet is refused (no PDF), with an error at the visit file's `line` of
  `rule` with `message` in it (and each of its `also`), never quoting the visit's words;
- visit-value with `printed` (test_redteam.py reads the value): the sheet is made, and its
  PDF prints `printed`, e.g. a dose of 010 as "10 units", never YAML 1.1's 8.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from test_redteam import CASES, REDTEAM, expected

from clearprint.frontdesk.sheet import Sheet, make
from clearprint.frontdesk.visit import load_visit
from clearprint.problems import ContentError, Problems
from conftest import make_project, pdf_text

TODAY = dt.date(2026, 11, 26)
REFUSED = sorted(n for n, c in CASES.items() if c["expect"] == "sheet-error")
PRINTED = sorted(n for n, c in CASES.items() if c["expect"] == "visit-value" and "printed" in c)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("redteam-sheet") / "project")


def sheet(root: Path, name: str) -> tuple[bytes | None, list[str]]:
    """The sheet's PDF (None when it is refused) and every problem reported."""
    report = Problems(root)
    try:
        visit = load_visit(REDTEAM / name / "visit.yaml", report)
        data = make(root, Sheet("test-clinic", "tiny"), visit, report, TODAY)
    except ContentError:
        data = None
    return data, [str(p) for p in report.items]


def test_the_cases_are_there() -> None:
    assert len(REFUSED) >= 2 and len(PRINTED) >= 2


@pytest.mark.parametrize("name", REFUSED)
def test_a_claim_in_a_printed_visit_field_stops_the_sheet_at_its_line(root: Path, name: str) -> None:
    data, problems = sheet(root, name)
    made = data is not None
    assert not made, f"{name}: the sheet was made"
    visit = REDTEAM / name / "visit.yaml"
    for one in expected(CASES[name]):
        where = f"{visit}:{one['line']}: error {one['rule']}: "
        assert [p for p in problems if p.startswith(where) and one["message"] in p], (name, where, problems)
    words = [v for v in yaml.safe_load(visit.read_text()).values() if isinstance(v, str) and len(v) > 12]
    assert words and not [w for w in words for p in problems if w in p], "a patient's words were repeated"


@pytest.mark.parametrize("name", PRINTED)
def test_a_visit_number_is_printed_as_read(root: Path, name: str, tmp_path: Path) -> None:
    data, problems = sheet(root, name)
    assert data is not None, problems
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(data)
    assert CASES[name]["printed"] in pdf_text(pdf).splitlines()
