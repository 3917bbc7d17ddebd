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
    """A problem at the notes' line for each topic a note allows that the aftercare avoids."""
    language = load_language(root, output.handout.meta.language)
    if not language.aftercare.topics or not language.aftercare.allow:
        return []
    patterns = _patterns(language)
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
    def __init__(self, language: LanguageData) -> None:
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
        self.today, self.next_day = _any(words.today), _any(words.next_day)


NOTHING = r"(?!)"  # a pattern for an empty list of words: matches nothing


def _any(words: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{phrases(words) or NOTHING})(?!\w)", re.I)


_made: dict[int, tuple[LanguageData, _Patterns]] = {}  # the language data's id -> (it, kept alive; its patterns)


def _patterns(language: LanguageData) -> _Patterns:
    if id(language) not in _made:
        _made[id(language)] = (language, _Patterns(language))
    return _made[id(language)][1]
