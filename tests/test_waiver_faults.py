"""A waiver with several faults has every one reported in one run, each at its own line (A46):
the expiry's limit used to be checked only once the waiver's other fields were right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clearprint.pipeline import check_only

TODAY = dt.date(2026, 11, 26)


def with_waiver(project: Path, expires: str, reason: str) -> None:
    page = project / "handouts/tiny/en.md"
    page.write_text(
        page.read_text().replace(
            "shared: [about-this-leaflet]\n",
            "shared: [about-this-leaflet]\nwaivers:\n  - rule: claim-miracle\n    match: miracle\n"
            f"    reviewer: Medical director\n    date: 2026-11-01\n    expires: {expires}\n    reason: {reason}\n",
        )
    )


def test_a_short_reason_and_an_expiry_five_years_out_are_both_reported_at_their_lines(project: Path) -> None:
    with_waiver(project, "2031-10-31", "too short")
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.file == "handouts/tiny/en.md"]
    assert errors == [
        "handouts/tiny/en.md:17: error: 'waivers.0.expires': a waiver expires at most 12 months after its date, by 2027-11-01",
        "handouts/tiny/en.md:18: error: 'waivers.0.reason': string should have at least 30 characters",
    ]


def test_an_expiry_before_the_date_is_reported_with_a_reason_that_is_no_sentence(project: Path) -> None:
    with_waiver(project, "2026-10-01", "x" * 40)
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.file == "handouts/tiny/en.md"]
    assert errors == [
        "handouts/tiny/en.md:17: error: 'waivers.0.expires': a waiver's expires must be after its date",
        "handouts/tiny/en.md:18: error: 'waivers.0.reason': write the reason as a sentence of at least five "
        "different words: why the finding is right to keep",
    ]
