"""Phone numbers are placeholders, never typed: `{{ clinic.phone }}`, `{{ clinic.after_hours_phone }}`.

Patients dial what is printed. A number typed in a handout is printed for every clinic that
uses the handout, is checked against no clinic's settings, and one wrong digit sends a
patient nowhere (round-8 attack, case 93: "call us on (555) 555-0124" printed with exit 0).
So a phone number typed in a handout or a clinic's override is an error at its line and
column. What counts as one: a run of digit groups a phone number is written in (brackets,
spaces, dots, dashes, a leading +) with 7 digits or more; figures ("1,742,357"), dates,
year ranges ("2015-2018") and US ZIP+4 postcodes ("62704-1234") are not. Emergency numbers: emergency_numbers.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problem, Problems
from .emergency_numbers import Calling, calling
from .markup_policy import PLACEHOLDER

PLACEHOLDER_PHONES = "{{ clinic.phone }} or {{ clinic.after_hours_phone }}"
# A number placeholder with a digit typed against it, spaces or dashes between (round-11
# attack, case 27: "call 1{{ clinic.emergency_number }}", "{{ clinic.phone }}9").
_NUMBER_KEY = r"\{\{\s*clinic\.(?P<key>emergency_number|phone|after_hours_phone)\s*\}\}"
BESIDE_NUMBER = re.compile(rf"\d[ \t\-]*{_NUMBER_KEY}|{_NUMBER_KEY.replace('key', 'key2')}[ \t\-]*\d")

PHONE = re.compile(
    r"(?<!\w)(?<!\d[,.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,6}(?:[ .-]\d{2,6}){1,4}(?!\w|[,.]\d)"
)
YEARS = re.compile(r"(?:19|20)\d\d[-–](?:19|20)?\d\d")
ZIP_PLUS_4 = re.compile(r"\d{5}-\d{4}")  # a US postcode in an address, never dialled


def typed(text: str) -> list[re.Match[str]]:
    """The phone numbers written in `text`."""
    found = []
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match[0])
        if len(digits) >= 7 and not YEARS.fullmatch(match[0]) and not ZIP_PLUS_4.fullmatch(match[0]):
            found.append(match)
    return found


def spelt(text: str, words: Calling) -> list[tuple[re.Match[str], str]]:
    """(match, digits) of each phone number spelt out in words, wholly or partly ("oh seven seven
    double oh nine hundred...": round-11 attack, case 35), by the digit words of every language
    (`words`: emergency_numbers.calling, rules/languages/<language>.yaml `calling:`); numbers
    typed in digits alone are `typed`'s."""
    found = []
    for match in words.long_any.finditer(text):
        digits = words.digits(match[0])
        if len(digits) >= 7 and re.search(r"[^\W\d_]", match[0]):
            found.append((match, digits))
    return found


def written(text: str, words: Calling) -> list[re.Match[str]]:
    """Every phone number in `text`, typed or spelt out."""
    return [*typed(text), *(match for match, _ in spelt(text, words))]


def check(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Each phone number typed in `body` (Markdown from `first_line` of `path`), as an error
    at its line and column; placeholders are not read."""
    problems, words = [], calling(report.root, report)  # the digit words, read once
    for index, line in enumerate(body.split("\n")):
        for match in BESIDE_NUMBER.finditer(line):  # "call 1{{ clinic.emergency_number }}" prints "call 1911"
            problems.append(
                report.add(
                    path,
                    first_line + index,
                    f"a digit is typed against {{{{ clinic.{match['key'] or match['key2']} }}}}: it is printed as part of the number "
                    "and patients dial it wrongly; put a word or a full stop between them",
                    col=match.start() + 1,
                )
            )
        line = PLACEHOLDER.sub(lambda m: " " * len(m[0]), line)
        for match in written(line, words):
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


def in_values(
    items: list[tuple[str, str, int | None]], text: str, path: Path, report: Problems, do: str
) -> list[Problem]:
    """An error at its line and column for each phone number typed in a printed setting
    (`items`: key, value, its line in `text`, the file's text); `do` says what to write instead."""
    rows, words = text.split("\n"), calling(report.root, report)
    problems = []
    for key, value, line in items:
        for match in written(value, words):
            row = rows[line - 1] if line and line <= len(rows) else ""
            col = row.find(match[0]) + 1 or None
            problems.append(report.add(path, line, f"'{key}' holds a phone number ('{match[0]}'); {do}", col=col))
    return problems


def in_settings(settings, lines: dict, text: str, path: Path, report: Problems) -> list[Problem]:
    """A phone number typed in the clinic's name or address (round-10 attack, case 26: a second
    number in an address line, printed on every page beside the real one): the clinic's numbers
    are `phone` and `after_hours_phone`, which the pages print beside their labels and the checks
    compare with what a template prints."""
    items = [(key, getattr(settings, key) or "", lines.get((key,))) for key in ("name", "short_name")]
    items += [("address", line, lines.get(("address", i))) for i, line in enumerate(settings.address)]
    do = "put the clinic's numbers in phone and after_hours_phone, which every page prints beside their labels"
    return in_values(items, text, path, report, do)


def in_front_matter(meta, lines: dict, text: str, path: Path, report: Problems) -> list[Problem]:
    """A phone number typed in a handout's printed front matter (title, summary, reviewer), as in
    its text. Sources are not read: a DOI or an ISBN is written like one."""
    items = [(key, getattr(meta, key) or "", lines.get((key,))) for key in ("title", "summary", "reviewer")]
    return in_values(items, text, path, report, f"write {PLACEHOLDER_PHONES} in the text instead, never a number")
