"""Phone numbers are placeholders, never typed: `{{ clinic.phone }}`, `{{ clinic.after_hours_phone }}`.

Patients dial what is printed. A number typed in a handout is printed for every clinic that
uses the handout, is checked against no clinic's settings, and one wrong digit sends a
patient nowhere (round-8 attack, case 93: "call us on (555) 555-0124" printed with exit 0).
So a phone number typed in a handout or a clinic's override is an error at its line and
column. What counts as one: a run of digit groups a phone number is written in (brackets,
spaces, dots, dashes, a leading +) with 7 digits or more; figures ("1,742,357"), dates and
year ranges ("2015-2018") are not. Emergency numbers: emergency_numbers.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problem, Problems
from .markup_policy import PLACEHOLDER

PHONE = re.compile(
    r"(?<!\w)(?<!\d[,.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,6}(?:[ .-]\d{2,6}){1,4}(?!\w|[,.]\d)"
)
YEARS = re.compile(r"(?:19|20)\d\d[-–](?:19|20)?\d\d")


def typed(text: str) -> list[re.Match[str]]:
    """The phone numbers written in `text`."""
    found = []
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match[0])
        if len(digits) >= 7 and not YEARS.fullmatch(match[0]):
            found.append(match)
    return found


def check(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Each phone number typed in `body` (Markdown from `first_line` of `path`), as an error
    at its line and column; placeholders are not read."""
    problems = []
    for index, line in enumerate(body.split("\n")):
        line = PLACEHOLDER.sub(lambda m: " " * len(m[0]), line)
        for match in typed(line):
            problems.append(
                report.add(
                    path,
                    first_line + index,
                    f"'{match[0]}' is a phone number typed in the text: patients dial what is printed, and a typed "
                    "number is checked against no clinic's settings; write {{ clinic.phone }} or "
                    "{{ clinic.after_hours_phone }}",
                    col=match.start() + 1,
                )
            )
    return problems
