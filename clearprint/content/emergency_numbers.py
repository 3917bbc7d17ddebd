"""Emergency numbers are placeholders, never typed: `{{ clinic.emergency_number }}`.

One handout is printed by clinics in several countries, each with its own emergency number
(clinic.yaml `emergency_number`, or the country's default). A handout that types "call 911"
tells British patients to dial 911. So a short emergency or health-line number after a word
for calling ("call 911", "dial 999", "ring NHS 111", "llame al 112", "call 112 or 999"; typed
with spaces, dots or hyphens, or spelt out: "9-1-1", "nine one one", "uno uno dos") is
an error at its line and column, saying to write the placeholder, unless it is inside a
`::: country` block whose every country uses that number (`::: country UK` "Call NHS 111";
`::: country IE` "call 112 or 999"): there the writer has chosen the number for the country.
Code spans, fenced code and placeholders are not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..models import EMERGENCY_NUMBERS
from ..problems import Problem, Problems
from .country import passages
from .markup_policy import _masked

# The numbers each country's patients may be told to call; a country block may name these:
# its emergency numbers (the ones clinic.yaml may give, models.EMERGENCY_NUMBERS) and a few more.
MORE = {"UK": {"111"}, "AU": {"112"}}  # NHS 111, not an emergency; 112 from Australian mobiles
NUMBERS: dict[str, frozenset[str]] = {
    country: frozenset(numbers) | MORE.get(country, set()) for country, numbers in EMERGENCY_NUMBERS.items()
}
SHORTS = ("911", "999", "112", "000", "111", "119", "110", "100", "101", "102", "108", "118", "190", "193", "995", "997", "998")  # fmt: skip
# A digit as it may be typed or spelt out (round-9 attack, case 71: "dial one one two or 9-9-9")
DIGIT_WORDS = {
    "0": ("zero", "oh", "cero"), "1": ("one", "uno"), "2": ("two", "dos"), "3": ("three", "tres"),
    "4": ("four", "cuatro"), "5": ("five", "cinco"), "6": ("six", "seis"), "7": ("seven", "siete"),
    "8": ("eight", "ocho"), "9": ("nine", "nueve"),
}  # fmt: skip
_WORD_DIGIT = {word: digit for digit, words in DIGIT_WORDS.items() for word in words}
_SEPARATOR = r"[ \t.\-]*"


def _spelt(number: str) -> str:
    """`911` as typed, spaced, dotted, hyphenated or spelt out ("9-1-1", "nine one one")."""
    digits = [rf"(?:{d}|{'|'.join(DIGIT_WORDS[d])})" for d in number]
    return rf"(?<![\w-]){_SEPARATOR.join(digits)}(?![\w-])"


SHORT = "(?:" + "|".join(_spelt(n) for n in SHORTS) + ")"
CALL = re.compile(
    r"\b(?:call(?:ing)?|dial(?:ling)?|phone|ring|text|llam(?:e|ar|a|en)|marque|marcar|marca)\b"
    r"(?P<lead>(?:[ \t]+(?:NHS|the|us|on|al|el|a|por|now|ahora|straight|away))*)[ \t]*"
    rf"(?P<numbers>{SHORT}(?:[ \t]*(?:or|and|/|,|o|y)[ \t]*(?:al[ \t]+|el[ \t]+)?{SHORT})*)",
    re.I,
)
NUMBER = re.compile(SHORT, re.I)


def digits(number: str) -> str:
    """The digits of a number as typed or spelt out: "nine one one" and "9-1-1" are 911."""
    return "".join(_WORD_DIGIT.get(part.lower(), part) for part in re.findall(r"\d|[^\W\d_]+", number))


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
    for index, line in enumerate(lines):
        if index in markers:
            continue  # '::: country UK  # NHS 111': a note for reviewers
        for match in CALL.finditer(line):
            for number in NUMBER.finditer(match["numbers"]):
                codes = countries.get(index)
                if codes and all(digits(number[0]) in NUMBERS.get(code, ()) for code in codes):
                    continue
                col = match.start("numbers") + number.start() + 1
                if codes:
                    why = f"{digits(number[0])} is not a number patients call in {' and '.join(codes)}"
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
