"""A claim word in another sense: what the word describes is not the treatment.

"Painless" is a claim about an injection and not about booking; "permanent" is a claim
about a result and not about a ramp or about sun damage (a harm that lasts is a risk,
said honestly; harms count only as the subject of "is", never beside the words: "removes
scars for good" is a claim). The language's data (rules/languages/<language>.yaml, `claims:
other_sense:`) list the things such words may describe without making a claim: the
premises, booking and paying, everyday acts, harms. The words describe such a thing

- when it comes right after them ("a permanent ramp", "free parking", "the number one
  thing you can do"), or right after the first word of a longer match ("el mejor horario
  para llamarnos");
- when it comes right before them, in a language that puts adjectives after their noun
  (`beside: [after, before]`: "una rampa permanente");
- when it is the subject of a verb such as "is" whose complement they are, with no other
  subject in between ("Booking online is quick and painless"; "sun damage is permanent";
  not "Booking is easy and the treatment is painless"). Some subjects count only here
  (`predicate_subjects`: harms, "refunds"), and not with a participle between ("Your
  scars are erased overnight" is a claim; "Parking is guaranteed" is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..languages import OtherSense
from .claims_language import Language

WORD = r"[\w'-]+"


@dataclass(frozen=True)
class _Sense:
    after: re.Pattern[str] | None
    before: re.Pattern[str] | None
    predicate: re.Pattern[str]  # a subject of either kind, then a verb such as "is"
    thing_predicate: re.Pattern[str]  # the same with a subject that may also stand beside the words
    participle: re.Pattern[str]
    copula: re.Pattern[str]


_compiled: dict[int, _Sense | None] = {}


def _sense(language: Language) -> _Sense | None:
    key = id(language.words)
    if key not in _compiled:
        _compiled[key] = _compile(language.words.other_sense) if language.words.other_sense else None
    return _compiled[key]


def _predicate(subjects: str, words: OtherSense, participles: bool) -> re.Pattern[str]:
    """SUBJECT [up to three words] VERB [up to three words, none a new subject, or a participle
    unless `participles`] at the end of the text before the claim's words."""
    stop = words.new_subject if participles else f"{words.new_subject}|{words.participle}"
    gap = rf"(?:\s+(?!(?:{stop})\b){WORD}|\s*,){{0,3}}?"
    return re.compile(rf"(?:{subjects})(?:\s+{WORD}){{0,3}}?\s+(?:{words.copulas}){gap}\s*$", re.I)


def _compile(words: OtherSense) -> _Sense:
    return _Sense(
        after=re.compile(rf"\s*(?:-\s*)?(?:{words.subjects})", re.I) if "after" in words.beside else None,
        before=re.compile(rf"(?:{words.subjects})\s*$", re.I) if "before" in words.beside else None,
        predicate=_predicate(f"{words.subjects}|{words.predicate_subjects}", words, participles=False),
        thing_predicate=_predicate(words.subjects, words, participles=True),
        participle=re.compile(rf"(?:{words.participle})\b", re.I),
        copula=re.compile(rf"(?:{words.copulas})\s+", re.I),
    )


STRONG_BREAK = re.compile(r"[.;:!?()]")


def other_sense(sentence: str, start: int, end: int, language: Language) -> bool:
    """The words at sentence[start:end] describe one of the language's other-sense subjects."""
    sense = _sense(language)
    if sense is None:
        return False
    if sense.after:
        if sense.after.match(sentence, end):
            return True
        first = re.match(WORD, sentence[start:end])
        if first and start + first.end() < end and sense.after.match(sentence, start + first.end()):
            return True
    before = sentence[:start]
    breaks = list(STRONG_BREAK.finditer(before))
    cut = breaks[-1].end() if breaks else 0
    if sense.before and sense.before.search(before, cut):
        return True
    if verb := sense.copula.match(sentence, start):  # the words start with the verb: "is permanent"
        start, before = verb.end(), sentence[: verb.end()].rstrip()
    if sense.participle.match(sentence, start):
        return bool(sense.thing_predicate.search(before, cut))  # "Parking is guaranteed", not "scars are erased"
    return bool(sense.predicate.search(before, cut))
