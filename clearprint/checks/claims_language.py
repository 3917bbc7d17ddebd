"""How a sentence can deny, doubt or report a claim's words, per language.

The claims rules (rules/claims.<language>.yaml) say which words make a claim; the
language's data (the `claims:` part of rules/languages/<language>.yaml, read here) say
when the same words are not one:

- negated_before: a negation earlier in the same clause ("No treatment is completely
  risk-free"; "Nobody can promise that you will look younger");
- negated_after: a verb denied right after the words ("Online reviews cannot tell you
  what your result will be"; "Natural does not mean harmless");
- hedged: a hedge earlier in the clause ("Swelling usually goes down within hours") or a
  time limit right after ("Most people have no pain after the first day");
- refused: the sentence refuses ("We do not treat teenagers"; "not for teens");
- denied_by_next: a short label is denied by the sentence after it ("Clearing acne.
  Only a few small studies have tried this. It is not an approved use.");
- distanced: the sentence reports or warns about the words rather than making them
  ("Be wary of clinics that promise painless injections"; 'Adverts that say "no side
  effects" are wrong'; "You may hear that it prevents wrinkles").

A language without its data is an error at rules/languages/<language>.yaml: its claims
are never checked with another language's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..languages import ClaimsWords, Units
from ..languages import language_file as language_file
from ..languages import load as load_language
from ..problems import ContentError, Problems
from .claims_prefilter import screen, searchable
from .diacritics import bare

SHARED_BREAKS = r"[.;:!?,()–—]|\s-\s"


@dataclass(frozen=True)
class Language:
    """One language's words, compiled."""

    code: str
    words: ClaimsWords
    negations: re.Pattern[str]
    clause_break: re.Pattern[str]
    after_break: re.Pattern[str]
    denied_verb: re.Pattern[str]
    distancing: re.Pattern[str]
    judgements: re.Pattern[str]
    denial: re.Pattern[str]
    hedges: re.Pattern[str]
    time_limits: re.Pattern[str]
    refusals: re.Pattern[str]
    question_starts: re.Pattern[str]
    affirmations: re.Pattern[str]
    dismissals: re.Pattern[str]
    contrast: re.Pattern[str]
    caveats: re.Pattern[str]
    reporting: re.Pattern[str]
    folded_words: frozenset[str]


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


def compile_language(code: str, words: ClaimsWords) -> Language:
    flags = re.I
    conjunctions = _words(words.clause_words)
    # After the words, "and"/"y" before an article joins two subjects ("Celebrity photos and
    # the reviews do not show ...") rather than starting a clause.
    joining = words.clause_words[0]
    others = _words(words.clause_words[1:]) or "(?!)"
    subject = _words(words.joined_subject) or "(?!)"
    return Language(
        code=code,
        words=words,
        negations=re.compile(words.negations, flags),
        clause_break=re.compile(rf"{SHARED_BREAKS}|\b(?:{conjunctions})\b", flags),
        after_break=re.compile(
            rf"{SHARED_BREAKS}|\b(?:{others})\b|\b{re.escape(joining)}\b(?!\s+(?:{subject})\b)", flags
        ),
        denied_verb=re.compile(words.denied_verb, flags),
        distancing=re.compile("|".join(f"(?:{p})" for p in words.distancing), flags),
        judgements=re.compile("|".join(f"(?:{p})" for p in words.judgements) or "(?!)", flags),
        denial=re.compile(words.denial, flags),
        hedges=re.compile(words.hedges, flags),
        time_limits=re.compile(words.time_limits, flags),
        refusals=re.compile(words.refusals, flags),
        question_starts=re.compile(words.question_starts, flags),
        affirmations=re.compile(words.affirmations, flags),
        dismissals=re.compile(words.dismissals, flags),
        contrast=re.compile(words.contrast, flags),
        caveats=re.compile(words.caveats, flags),
        reporting=re.compile(words.reporting, flags),
        folded_words=frozenset(bare(w.lower()) for w in words.folded_words),  # compared bare (normalise._joined)
    )


_compiled: dict[tuple[str, int], Language] = {}  # id() of the cached file data -> its compiled words


def load(root: Path, code: str, report: Problems | None = None) -> Language:
    """The language's claims words; a missing or broken file is a ContentError at the file
    (rules/languages/<language>.yaml, read by clearprint/languages.py)."""
    data = load_language(root, code, report)  # cached per file and modification time
    key = (code, id(data))
    if key not in _compiled:
        _compiled[key] = compile_language(code, data.claims)
    return _compiled[key]


def clause_before(sentence: str, start: int, language: Language) -> str:
    before = sentence[:start]
    breaks = list(language.clause_break.finditer(before))
    return before[breaks[-1].end() :] if breaks else before


def clause_after(sentence: str, end: int, language: Language) -> str:
    after = sentence[end:]
    stop = language.after_break.search(after)
    return after[: stop.start()] if stop else after


def negated_before(sentence: str, start: int, language: Language) -> bool:
    return bool(language.negations.search(clause_before(sentence, start, language)))


def concord(sentence: str, match: re.Match[str], language: Language) -> bool:
    """In a language with negative concord, the words start with a negative word ("ningún
    efecto secundario"): a negation before them agrees with it ("no presentan ningún
    efecto secundario" says there are none) rather than denying the words."""
    return language.words.negative_concord and bool(language.negations.match(sentence, match.start()))


def negated_after(sentence: str, end: int, language: Language) -> bool:
    return bool(language.denied_verb.match(clause_after(sentence, end, language)))


def hedged(sentence: str, start: int, end: int, language: Language) -> bool:
    """A hedge earlier in the clause, a time limit right after words that deny something
    ("no pain after the first day"; not "instant glow after one peel"), or a contrast with
    a caveat after the words ("Fillers show a change straight away, but swelling can hide
    the final result")."""
    if language.hedges.search(clause_before(sentence, start, language)):
        return True
    if language.negations.search(sentence[start:end]) and language.time_limits.match(sentence[end:]):
        return True
    contrast = language.contrast.search(sentence, end)
    return bool(contrast and language.caveats.search(sentence, contrast.end()))


def denied_later(sentence: str, end: int, language: Language) -> bool:
    """The rest of the sentence denies what the words say: "Injecting filler into the
    breasts has led to injuries and is not an approved use"."""
    return bool(language.denial.search(sentence, end))


QUOTED = re.compile(
    r"[\"“”«]([^\"“”«»]{2,}?)[\"“”»]"
    # single quotes (curly ones are folded to "'"), not an apostrophe: "'no side effects'"
    # but not "clients' results"; an apostrophe between letters stays inside ("'you won't feel it'")
    r"|(?<![\w'])'(?=[^\s'])((?:[^']|(?<=\w)'(?=\w)){2,}?)(?<=\S)'(?![\w'])"
)


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    return [m.span(1) if m.group(1) is not None else m.span(2) for m in QUOTED.finditer(sentence)]


def mentioned(sentence: str, start: int, end: int, language: Language) -> bool:
    """The words are quoted and the sentence reports or weighs them ('The ASA said the claim
    "no downtime" was misleading'; 'If you are told a treatment is "completely safe", ask')."""
    spans = _quoted_spans(sentence)
    if not any(a <= start and end <= b for a, b in spans):
        return False
    outside, last = [], 0
    for a, b in spans:
        outside.append(sentence[last:a])
        last = b
    outside.append(sentence[last:])
    return bool(language.reporting.search(" ".join(outside)))


def reported(sentence: str, language: Language) -> bool:
    """The sentence quotes words and, before the quotation, reports or weighs them ('Being
    told there are "no side effects" is a reason to ask'): for the model, which reads the
    quoted words as if the sentence said them. A testimonial's attribution after the
    quotation ('"Felt nothing," says Jo') does not count."""
    spans = _quoted_spans(sentence)
    return bool(spans) and bool(language.reporting.search(sentence[: spans[0][0]]))


def refused(sentence: str, language: Language) -> bool:
    return bool(language.refusals.search(sentence))


def distanced(sentence: str, start: int, language: Language) -> bool:
    """Words before `start` report or warn about what follows, or the sentence weighs the
    words as a poor reason or a warning sign anywhere in it."""
    lowered = searchable(sentence)  # most sentences hold none of the strings these need
    if lowered is not None and not _may(language.words.distancing, lowered[:start]):
        found = False
    else:
        found = language.distancing.search(sentence[:start]) is not None
    if found or (lowered is not None and not _may(language.words.judgements, lowered)):
        return found
    return language.judgements.search(sentence) is not None


def _may(patterns: list[str], lowered: str) -> bool:
    words = screen(tuple(patterns))
    return words is None or words.search(lowered) is not None


LABEL_WORDS = 8
LEADING = " -\"'«“("  # a dialogue dash or an opening quote before a question or an answer


def denied_by_next(sentence: str, following: str | None, language: Language) -> bool:
    """A short label ("Clearing acne or oily skin.") that one of the next sentences denies."""
    if not following or len(sentence.split()) > LABEL_WORDS:
        return False
    return bool(language.denial.search(following))


def asks(sentence: str, language: Language) -> bool:
    """A yes/no or open question ("Is it painless?"), not a rhetorical one that states a claim."""
    return sentence.rstrip().endswith("?") and bool(language.question_starts.match(sentence.lstrip(LEADING + "¡")))


def answered(question: str, answer: str, language: Language) -> str | None:
    """'affirmed' or 'dismissed' when `answer` answers `question` that way, else None. A lead-in
    worded as a question answers the same way ("How much it hurts: Not at all.", round-14 attack)."""
    lead_in = question.rstrip().endswith(":") and language.question_starts.match(question.lstrip(LEADING + "¡"))
    if not (question.rstrip().endswith("?") or lead_in):
        return None
    answer = answer.lstrip(LEADING + "¡¿")
    if language.hedges.search(answer):
        return None  # "Not usually"; "Yes, for most people"
    contrast = language.contrast.search(answer)
    if contrast and language.caveats.search(answer, contrast.end()):
        return None  # "Yes, but it can sting"; not "No, you leave as you came, but prettier"
    if opening := language.affirmations.match(answer):
        kind = "affirmed"
    elif opening := language.dismissals.match(answer):
        kind = "dismissed"
    else:
        return None
    if language.distancing.search(answer, opening.end()):
        return None  # "No, and you should be wary if one does": the answer warns, it does not dismiss
    return kind


__all__ = ["ClaimsWords", "ContentError", "Language", "Units", "load"]
