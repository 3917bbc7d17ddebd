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
    times_of: dict[str, int]  # "double": 2, "triple": 3
    call_any: re.Pattern[str]  # a calling verb and any numbers of up to 6 digits, their words in `numbers`
    number_any: re.Pattern[str]  # one such number
    long_any: re.Pattern[str]  # 7 digits or more, typed or spelt out: a phone number (phone_numbers.spelt)
    call_said: re.Pattern[str]  # a calling verb and a number said whole ("nine hundred and eleven"), in `numbers`
    value_of: dict[str, int]  # "eleven": 11, "hundred": 100

    def said(self, words: str) -> set[str]:
        """The numbers a phrase can mean: "nine hundred and eleven" 911, "nine eleven" 911
        (said in parts), "one hundred and twelve" and "ciento doce" 112."""
        parts = [p for p in re.split(r"[\s\-]+", words.lower()) if p]
        values = [self.value_of.get(p, int(self.digit_of[p]) if p in self.digit_of else None) for p in parts]
        values = [v for v in values if v is not None]  # "and", "y"
        whole = 0
        for value in values:
            whole = whole * 100 if value == 100 and 0 < whole < 10 else whole + value
        return {str(whole), "".join(map(str, values))}

    def digits(self, number: str) -> str:
        """The digits of a number as typed or spelt out: "nine one one", "9-1-1" and "nine
        double one" are 911, "triple nine" is 999."""
        found, times = [], 1
        for part in re.findall(r"\d|[^\W\d_]+", number):
            if part.lower() in self.times_of:
                times = self.times_of[part.lower()]
                continue
            found.append(self.digit_of.get(part.lower(), part) * times)
            times = 1
        return "".join(found)


def calling(root: Path, report: Problems) -> Calling:
    words = []
    for code in language_codes(root):
        try:
            words.append(language_data(root, code).calling)
        except ContentError as exc:  # a broken file reads no words: its errors fail the build
            report.extend(exc.problems)
    key = tuple(
        (
            tuple(w.verbs),
            tuple(w.between),
            tuple(w.joins),
            tuple((d, tuple(v)) for d, v in sorted(w.digits.items())),
            tuple((n, tuple(v)) for n, v in sorted(w.multipliers.items())),
            tuple((n, tuple(v)) for n, v in sorted(w.number_words.items())),
        )
        for w in words
    )
    return _patterns(key)


@lru_cache(maxsize=8)
def _patterns(key: tuple) -> Calling:
    verbs, between, joins = (
        sorted({w for language in key for w in language[i]}, key=len, reverse=True) for i in range(3)
    )
    spelt: dict[str, set[str]] = {str(d): {str(d)} for d in range(10)}
    times: dict[int, set[str]] = {}
    for language in key:
        for digit, names in language[3]:
            spelt[str(digit)].update(names)
        for count, names in language[4]:
            times.setdefault(count, set()).update(names)

    def either(words: list[str] | set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"

    def digit(d: str, count: int) -> str:  # one digit, or `count` of it said at once ("triple nine")
        one = f"(?:{either(spelt[d])})"
        return one if count == 1 else f"(?:{either(times[count])}){_SEPARATOR}{one}"

    def run(d: str, length: int) -> str:  # a run of one digit, split every way the words allow ("nine double nine")
        ways = [
            _SEPARATOR.join(digit(d, c) for c in parts)
            for parts in _compositions(length)
            if all(c == 1 or c in times for c in parts)
        ]
        return "(?:" + "|".join(ways) + ")"

    def typed(number: str) -> str:  # `911` as typed, spaced, dotted, hyphenated or spelt out
        runs = [(m[0][0], len(m[0])) for m in re.finditer(r"(\d)\1*", number)]
        return r"(?<![\w-])" + _SEPARATOR.join(run(d, n) for d, n in runs) + r"(?![\w-])"

    short = "(?:" + "|".join(typed(n) for n in SHORTS) + ")"
    lead = rf"(?:[ \t]+(?:{either(between)}))*"
    call = re.compile(
        rf"\b(?:{either(verbs)})\b(?P<lead>{lead})[ \t]*"
        rf"(?P<numbers>{short}(?:(?:[ \t]*(?:\b(?:{either(joins)})\b|/|,))+(?:[ \t]+(?:{either(between)}))*[ \t]*{short})*)",
        re.I,
    )
    digit_of = {name.lower(): digit for digit, names in spelt.items() for name in names}
    times_of = {name.lower(): count for count, names in times.items() for name in names}
    any_digit = f"(?:(?:{either({w for names in times.values() for w in names})}){_SEPARATOR})?(?:{either({w for names in spelt.values() for w in names})})"
    any_number = rf"(?<![\w-]){any_digit}(?:{_SEPARATOR}{any_digit}){{0,5}}(?![\w-])"
    call_any = re.compile(
        rf"\b(?:{either(verbs)})\b{lead}[ \t]*"
        rf"(?P<numbers>{any_number}(?:(?:[ \t]*(?:\b(?:{either(joins)})\b|/|,))+(?:[ \t]+(?:{either(between)}))*[ \t]*{any_number})*)",
        re.I,
    )
    listed = r"[ \t.,\-]*"  # "oh one six three two, nine six oh, ...": commas too, read aloud in groups
    long_any = re.compile(rf"(?<![\w-]){any_digit}(?:{listed}{any_digit}){{4,}}(?![\w-])", re.I)
    value_of = {w.lower(): n for language in key for n, names in language[5] for w in names}
    digit_word = either({w for d, names in spelt.items() for w in names if not w.isdigit()})
    whole = f"(?:{either(value_of)})"
    token = f"(?:{whole}|{digit_word}|{either(joins)})"
    said = (
        rf"(?<![\w-])(?=[\w -]*\b{whole}\b){token}(?:[ \t\-]+{token}){{1,5}}(?![\w-])"  # one whole-number word at least
    )
    call_said = re.compile(rf"\b(?:{either(verbs)})\b{lead}[ \t]*(?P<numbers>{said})", re.I)
    return Calling(
        call, re.compile(short, re.I), digit_of, times_of, call_any, re.compile(any_number, re.I), long_any,
        call_said, value_of,
    )  # fmt: skip


def _compositions(length: int) -> list[tuple[int, ...]]:
    """Every way to write `length` as an ordered sum of 1, 2 and 3: 3 is (1,1,1), (1,2), (2,1), (3)."""
    if length == 0:
        return [()]
    return [(first, *rest) for first in (1, 2, 3) if first <= length for rest in _compositions(length - first)]


PLACEHOLDER = "{{ clinic.emergency_number }}"
CALLED = frozenset().union(*NUMBERS.values())  # the numbers patients in Clearprint's countries are told to call


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
        for match in words.call_said.finditer(line):  # "ring nine hundred and eleven", "call nine eleven"
            meant = words.said(match["numbers"]) & CALLED  # not "call one hundred people"
            codes = countries.get(index)
            if not meant or (codes and all(meant & NUMBERS.get(code, set()) for code in codes)):
                continue
            why = "each clinic prints its own country's emergency number"
            problems.append(report.add(
                path, first_line + index,
                f"'{match['numbers'].strip()}' is a number to call said in words ({' or '.join(sorted(meant))}); {why}: "
                f"write {PLACEHOLDER}", col=match.start("numbers") + 1,
            ))  # fmt: skip
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
