"""A filled-in leaflet (`build.py sheet HANDOUT --edition standard --visit ...`) shares the
one-page sheet's stylesheet for its visit box, and nothing else of it: the sheet's small
floated drawing was applied to every drawing of the leaflet, whose captions then ran over
the next column's text (refused by the drawn check: no filled-in fillers leaflet could be
made for any sample clinic)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from clearprint.frontdesk.sheet import Sheet, make
from clearprint.frontdesk.visit import load_visit
from clearprint.problems import Problems
from conftest import samples

VISIT = """\
patient_name: Ada Example
date: 2026-03-02
areas: [face]
product: Glycolic acid
batch: G77
practitioner: Dr Sam Sample
dose: 1
dose_unit: mL
"""


@pytest.mark.parametrize(
    ("clinic", "language"),
    [("sample-us-maple-grove", "en"), ("sample-uk-riverside", "en"), ("sample-us-maple-grove", "es")],
)
def test_a_filled_in_leaflet_keeps_the_leaflets_drawings(clinic: str, language: str) -> None:
    report = Problems(samples())
    visit = load_visit(None, report, VISIT)
    data = make(samples(), Sheet(clinic, "dermal-fillers", language, "standard", False), visit, report,
                dt.date(2026, 11, 26))  # fmt: skip
    assert data.startswith(b"%PDF-") and not report.errors
    # the leaflet's drawings keep its own rules: only the one-page sheet floats its drawing
    css = (samples() / "styles" / "sheet.css").read_text(encoding="utf-8")
    assert ".edition-aftercare-sheet figure { float: right;" in css


def test_the_fillers_aftercare_sheet_fits_one_page_for_the_us_sample() -> None:
    """It did not (the get-help column ran 4 lines over): a blocked vessel's signs are shorter
    and the leaflet's closing 'needs treatment fast' line is said by the box itself. The UK and
    Spanish sheets are still 2 and 4 lines over: a located error, never a second page."""
    report = Problems(samples())
    data = make(samples(), Sheet("sample-us-maple-grove", "dermal-fillers", "en"), load_visit(None, report, VISIT),
                report, dt.date(2026, 11, 26))  # fmt: skip
    assert len(PdfReader(BytesIO(data)).pages) == 1
