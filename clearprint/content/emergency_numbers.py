"""Emergency numbers are placeholders, never typed: `{{ clinic.emergency_number }}`.

One handout is printed by clinics in several countries, each with its own emergency number
(clinic.yaml `emergency_number`, or the country's default). A handout that types "call 911"
tells British patients to dial 911. So a short emergency or health-line number after a word
for calling ("call 911", "dial 999", "ring NHS 111", "llame al 112", "call 112 or 999"; typed
with spaces, dots or hyphens, or spelt out: "9-1-1", "nine one one", "uno uno dos"; the words
for calling and for each digit are language data, rules/languages/<language>.yaml `calling:`) is
an error at its line and column, saying to write the placeholder, unless it is inside a
`::: country` block whose every country uses that number (`::: country UK` "Call NHS 111";
`::: country IE` "call 112 or 999"): there the writer has chosen the number for the country.
Code spans, fenced code and placeholders are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..languages import available as language_codes
from ..languages import load as language_data
from ..models import EMERGENCY_NUMBERS
from ..problems import ContentError, Problem, Problems
from .country import passages
from .markup_policy import _masked

# The numbers each country's patients may be told to call; a country block may name these:
# its emergency numbers (the ones clinic.yaml may give, models.EMERGENCY_NUMBERS) and a few more.
MORE = {"UK": {"111"}, "AU": {"112"}}  # NHS 111, not an emergency; 112 from Australian mobiles
NUMBERS: dict[str, frozenset[str]] = {
    country: frozenset(numbers) | MORE.get(country, set()) for country, numbers in EMERGENCY_NUMBERS.items()
}
SHORTS = ("911", "999", "112", "000", "111", "119", "110", "100", "101", "102", "108", "118", "190", "193", "995", "997", "998")  # fmt: skip
_SEPARATOR = r"[ \t.\-]*"


@dataclass(frozen=True)
class Calling:
    """The words of every shipped language for calling a number and for each digit
    (rules/languages/<language>.yaml `calling:`), made into patterns: a Spanish "llame al 112"
    in an English handout is still a number to call (round-9 attack, case 71: "dial one one two
    or 9-9-9")."""

    call: re.Pattern[str]
    number: re.Pattern[str]
    digit_of: dict[str, str]

    def digits(self, number: str) -> str:
        """The digits of a number as typed or spelt out: "nine one one" and "9-1-1" are 911."""
        return "".join(self.digit_of.get(part.lower(), part) for part in re.findall(r"\d|[^\W\d_]+", number))


def calling(root: Path, report: Problems) -> Calling:
    words = []
    for code in language_codes(root):
        try:
            words.append(language_data(root, code).calling)
        except ContentError as exc:  # a broken file reads no words: its errors fail the build
            report.extend(exc.problems)
    key = tuple(
        (tuple(w.verbs), tuple(w.between), tuple(w.joins), tuple((d, tuple(v)) for d, v in sorted(w.digits.items())))
        for w in words
    )
    return _patterns(key)


@lru_cache(maxsize=8)
def _patterns(key: tuple) -> Calling:
    verbs, between, joins = (
        sorted({w for language in key for w in language[i]}, key=len, reverse=True) for i in range(3)
    )
    spelt: dict[str, set[str]] = {str(d): {str(d)} for d in range(10)}
    for language in key:
        for digit, names in language[3]:
            spelt[str(digit)].update(names)

    def either(words: list[str] | set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"

    def typed(number: str) -> str:  # `911` as typed, spaced, dotted, hyphenated or spelt out
        return r"(?<![\w-])" + _SEPARATOR.join(f"(?:{either(spelt[d])})" for d in number) + r"(?![\w-])"

    short = "(?:" + "|".join(typed(n) for n in SHORTS) + ")"
    lead = rf"(?:[ \t]+(?:{either(between)}))*"
    call = re.compile(
        rf"\b(?:{either(verbs)})\b(?P<lead>{lead})[ \t]*"
        rf"(?P<numbers>{short}(?:[ \t]*(?:\b(?:{either(joins)})\b|/|,)(?:[ \t]+(?:{either(between)}))*[ \t]*{short})*)",
        re.I,
    )
    digit_of = {name.lower(): digit for digit, names in spelt.items() for name in names}
    return Calling(call, re.compile(short, re.I), digit_of)


PLACEHOLDER = "{{ clinic.emergency_number }}"


def check(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Each emergency number typed in `body` (Markdown from `first_line` of `path`) that is not
    inside a country block of a country that uses it, as an error at its line and column."""
    lines = _masked(body).split("\n")
    found, _ = passages(body.split("\n"), first_line, path, Problems(report.root))  # markers: reported by load
    countries: dict[int, tuple[str, ...]] = {}
    markers: set[int] = set()
    for passage in found:
        for block in passage:
            markers.update((block.start, block.end))
            for index in range(block.start + 1, block.end):
                countries[index] = block.countries
    problems = []
    words = calling(report.root, report)
    for index, line in enumerate(lines):
        if index in markers:
            continue  # '::: country UK  # NHS 111': a note for reviewers
        for match in words.call.finditer(line):
            for number in words.number.finditer(match["numbers"]):
                codes = countries.get(index)
                if codes and all(words.digits(number[0]) in NUMBERS.get(code, ()) for code in codes):
                    continue
                col = match.start("numbers") + number.start() + 1
                if codes:
                    why = f"{words.digits(number[0])} is not a number patients call in {' and '.join(codes)}"
                else:
                    why = "each clinic prints its own country's emergency number"
                problems.append(
                    report.add(
                        path,
                        first_line + index,
                        f"'{number[0]}' is typed as a number to call; {why}: write {PLACEHOLDER} (a number "
                        "that only one country uses, such as NHS 111, goes in a '::: country' block)",
                        col=col,
                    )
                )
    return problems
