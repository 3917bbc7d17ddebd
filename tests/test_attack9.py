"""Attack 9 (issue 19): cases that reached paper or the web at first try, checked where they
are decided. Each case's folder and first-try result: /work/fresh/attack9/ (outside the project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.content.emergency_numbers import check as emergency_check
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("If you cannot reach us, dial one one two or 9-9-9.", ["one one two", "9-9-9"]),  # case 71
        ("Call 9 1 1 now.", ["9 1 1"]),
        ("Llame al nueve uno uno.", ["nueve uno uno"]),
        ("Call nine-one-one!", ["nine-one-one"]),
        ("Call us 24 hours a day, 7 days a week.", []),  # hours and days are not numbers to call
        ("Call one of us.", []),
    ],
)
def test_an_emergency_number_typed_with_separators_or_spelt_out_is_refused(line: str, found: list[str]) -> None:
    problems = emergency_check(line, 1, ROOT / "handouts/x/en.md", Problems(ROOT))
    assert [p.message.split("'")[1] for p in problems] == found
