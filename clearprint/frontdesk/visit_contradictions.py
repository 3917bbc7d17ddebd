"""A visit's notes that tell the patient they can do what the aftercare printed beside them
says to avoid (round-18 attack, case 19: "You can sit in the sun the day after your peel." on a
chemical-peel sheet whose aftercare says to stay out of the sun and use sunscreen every day).

The notes may add to the aftercare, not contradict it. What aftercare asks to avoid is read
from the sheet's aftercare section with the language's words (rules/languages/<code>.yaml
`aftercare:`): a sentence with an "avoid" phrase and a topic ("sun", "exercise"), and how long
it says (24 hours, 2 weeks; none said: for as long as the clinic says). A note sentence with an
"allow" phrase followed by the same topic contradicts it, unless it gives a wait at least that
long; where the aftercare gives no time ("ask us how long to avoid the sun"), a wait of a week
or more is the clinician's timing and passes, a day or less does not.

Nor may the notes say when the next visit is, which the sheet prints from `follow_up`
(round-19 attack, case 22: "Your top-up is due the day after tomorrow." above a check two
weeks after the treatment): a sentence that names the next visit (`next_visit:`) and a time.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..checks.text import Chunk
from ..languages import LanguageData, phrases
from ..languages import load as load_language
from ..models import Output
from ..problems import Problem, Problems

HOURS = {"hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30}
CLINICIANS_TIMING = 24 * 7  # a wait this long is the clinician's, where the aftercare gives no time
NEAR = 8  # words between an "allow" phrase and its topic
SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
IMAGE = re.compile(r'!\[([^\]]*)\]\([^)\s]*(?:\s+"([^"]*)")?\)')  # its alt text and title: two sentences
LINK = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")
MARKUP = re.compile(r"\[[\d,\s–-]+\]|\*\*|__|^\s*[-*+]\s+(?:\[[ xX]\]\s+)?|[`>#]", re.M)


def problems(root: Path, output: Output, chunks: list[Chunk], report: Problems) -> list[Problem]:
    """A problem at the notes' line for each topic a note allows that the aftercare avoids, and
    one when the notes say when the next visit is (`_says_when`)."""
    code = output.handout.meta.language
    language = load_language(root, code)
    patterns = _patterns(language, code)
    aftercare = "\n".join(s.body for s in output.sections if s.role == "aftercare")
    avoided: dict[str, list[tuple[str, float | None]]] = {}  # topic -> (an aftercare sentence, its hours or None)
    for sentence in _sentences(aftercare):
        if patterns.avoid.search(sentence):
            for topic, pattern in patterns.topics.items():
                if pattern.search(sentence):
                    avoided.setdefault(topic, []).append((sentence, _wait(sentence, patterns)))
    found = []
    for chunk in chunks:
        if chunk.role != "notes":
            continue
        if any(_says_when(sentence, patterns) for sentence in _sentences(chunk.text)):
            found.append(
                report.add(
                    chunk.positions[0].file,
                    chunk.positions[0].line,
                    "'notes' says when the next visit is; the sheet prints it from 'follow_up', and the notes could "
                    "say another: write the date in 'follow_up' and take the time out of the notes",
                    rule="visit-notes-follow-up",
                )
            )
        for sentence in _sentences(chunk.text):
            for topic in _allowed(sentence, patterns):
                if topic not in avoided:
                    continue
                said = avoided[topic][0][0]
                hours = [h for _, h in avoided[topic]]
                limit = None if None in hours else max(hours)  # no time said: as long as the clinic says
                wait = _wait(sentence, patterns)
                if wait is not None and wait >= (CLINICIANS_TIMING if limit is None else limit):
                    continue
                found.append(
                    report.add(
                        chunk.positions[0].file,
                        chunk.positions[0].line,
                        f"'notes' tells the patient they can do what the aftercare printed beside it says to avoid "
                        f"({topic}: '{said[:80]}'); a note may add to the aftercare, not contradict it: say how long "
                        "to wait, at least as long as the aftercare says, or change the clinic's aftercare text",
                        rule="visit-notes-contradict",
                    )
                )
    return found


def _sentences(text: str) -> list[str]:
    text = LINK.sub(r"\1", IMAGE.sub(lambda m: f"\n{m[1]}\n{m[2] or ''}\n", text))
    found = (re.sub(r"\s+([.,;:!?])", r"\1", " ".join(s.split())) for s in SENTENCE.split(MARKUP.sub(" ", text)))
    return [s for s in found if s]


def _says_when(sentence: str, patterns) -> bool:
    """Whether `sentence` names the next visit with a time ("Your top-up is due the day after
    tomorrow" above a check two weeks on: round-19 attack, case 22), not as advice ("come back if")."""
    if not patterns.next_visit.search(sentence) or patterns.conditional.search(sentence):
        return False
    return any(p.search(sentence) for p in (patterns.later, patterns.today, patterns.next_day, patterns.from_now))


def _allowed(sentence: str, patterns) -> list[str]:
    """The topics an "allow" phrase of `sentence` is followed by (no "avoid" phrase between)."""
    topics = []
    for allow in patterns.allow.finditer(sentence):
        after = " ".join(sentence[allow.end() :].split()[:NEAR])
        if stop := patterns.avoid.search(after):
            after = after[: stop.start()]
        topics += [t for t, p in patterns.topics.items() if p.search(after) and t not in topics]
    return topics


def _wait(sentence: str, patterns) -> float | None:
    """The longest wait `sentence` gives, in hours ("24 hours", "two weeks", "tomorrow"), or None."""
    hours = [float(n) * HOURS[unit] for n, unit in _amounts(sentence, patterns)]
    if patterns.next_day.search(sentence):
        hours.append(24.0)
    if patterns.today.search(sentence):
        hours.append(0.0)
    return max(hours) if hours else None


def _amounts(sentence: str, patterns):
    for match in patterns.amount.finditer(sentence):
        count = match["count"].lower()
        number = int(count) if count.isdigit() else patterns.numbers.get(count, 1)
        unit = next(u for u, p in patterns.units.items() if p.fullmatch(match["unit"]))
        yield number, unit


class _Patterns:
    def __init__(self, language: LanguageData, code: str) -> None:
        words = language.aftercare
        self.avoid = _any(words.avoid)
        self.allow = re.compile(
            rf"(?<!\w)(?:{phrases(words.allow) or NOTHING})(?!\w|['’]t\b|\s+(?:not|never|no\s+longer)\b)", re.I
        )
        self.topics = {topic: _any(ws) for topic, ws in words.topics.items()}
        self.units = {unit: re.compile(phrases(ws) or NOTHING, re.I) for unit, ws in words.waits.items()}
        self.numbers = {w.lower(): n for n, ws in language.claims.number_words.items() for w in ws}
        count = "|".join(filter(None, [phrases(list(self.numbers)), r"\d{1,3}"]))
        unit = phrases([w for ws in words.waits.values() for w in ws]) or NOTHING
        self.amount = re.compile(rf"(?<!\w)(?P<count>{count})\s+(?P<unit>{unit})(?!\w)", re.I)
        self.from_now = re.compile(
            rf"(?<!\w)(?:{phrases(words.from_now) or NOTHING})\s+(?:{count})\s+(?:{unit})(?!\w)", re.I
        )
        self.today, self.next_day = _any(words.today), _any(words.next_day)
        self.next_visit, self.conditional = _any(words.next_visit), _any(words.conditional)
        self.later = _any([*words.later, *_weekdays(code)])


def _weekdays(code: str) -> list[str]:
    """The language's weekday names (Babel's), none for a language Babel does not know."""
    from babel.dates import get_day_names

    try:
        return list(get_day_names("wide", locale=code).values())
    except (ValueError, LookupError):
        return []


NOTHING = r"(?!)"  # a pattern for an empty list of words: matches nothing


def _any(words: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{phrases(words) or NOTHING})(?!\w)", re.I)


_made: dict[int, tuple[LanguageData, _Patterns]] = {}  # the language data's id -> (it, kept alive; its patterns)


def _patterns(language: LanguageData, code: str) -> _Patterns:
    if id(language) not in _made:
        _made[id(language)] = (language, _Patterns(language, code))
    return _made[id(language)][1]
