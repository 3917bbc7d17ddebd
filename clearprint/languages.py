"""One language's data, in one place: rules/languages/<language>.yaml.

Everything Clearprint needs to know about a language beyond its handouts' text is in that
file, read here and nowhere else:

- `claims:` the words that deny, doubt, report or answer a claim (checks/claims_language.py),
  number words and units for durations (checks/claims_facts.py), the "no one knows how
  often" phrase (checks/evidence.py);
- `facts:` the messages of the rules made from the treatment facts (rules/treatments/);
- `model:` the learned model's warning (checks/claims_model.py);
- `evidence:` the words of a natural frequency ("2 in 100", "2 de cada 100");
- `risks:` the words of risk figures and the risk table (content/risk_words.py);
- `calling:` the words for calling a number and for each digit (content/emergency_numbers.py);
- `reading:` which reading-level scale and which syllable rule the language uses
  (checks/readability.py holds the formulas and the syllable counters, by name).

Adding a language is adding this file (and the handouts and rules in that language). A
clinic that asks for a language without it gets an error at its clinic.yaml's
`languages:` line; nothing falls back to English.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache
from pathlib import Path
from stat import S_ISREG
from typing import Literal

from pydantic import Field, field_validator

from .content import yamlfile
from .content.risk_words import RiskText
from .models import Strict
from .problems import ContentError, Problems


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"'{value}' is not a valid regular expression: {exc}") from None
    return value


class Units(Strict):
    months: str
    years: str
    decades: str


class OtherSense(Strict):
    """What a claim word can describe besides the treatment, its results or the body
    (checks/claims_sense.py): "a permanent ramp", "Booking online is quick and painless"."""

    subjects: str  # the things: premises, booking and paying, everyday acts
    # only as the subject of a verb such as "is" ("sun damage is permanent"), and not when
    # the words are a participle ("scars are erased overnight" is a claim)
    predicate_subjects: str
    participle: str
    # where an adjective stands beside its noun: English "a permanent ramp" (after the word),
    # Spanish also "una rampa permanente" (before it)
    beside: list[Literal["after", "before"]] = Field(min_length=1)
    copulas: str  # the verbs that join a subject to what is said of it ("is", "es")
    new_subject: str  # words that start another subject between the verb and the claim word

    @field_validator("subjects", "predicate_subjects", "participle", "copulas", "new_subject")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value)


class ClaimsWords(Strict):
    negations: str
    clause_words: list[str] = Field(min_length=1)
    joined_subject: list[str] = []
    denied_verb: str
    distancing: list[str] = Field(min_length=1)
    judgements: list[str] = []
    denial: str
    hedges: str
    time_limits: str
    refusals: str
    question_starts: str
    affirmations: str
    dismissals: str
    contrast: str
    caveats: str
    reporting: str
    number_words: dict[int, list[str]] = Field(min_length=1)
    units: Units
    duration_qualifier: str
    whole_year: str
    unknown_frequency: str = Field(min_length=3)
    # what a listed risk says when its source reports no confirmed case at all: how often, without a rate
    no_confirmed_case: str = ""
    # what a listed risk says when its sources call it rare but give no rate: "we found no figure"
    no_figure_found: str = ""
    folded_words: list[str] = []
    # "no presentan ningún efecto": a negation before words that start with a negative word
    # agrees with them (Spanish) rather than denying them (English "not ... no")
    negative_concord: bool = False
    other_sense: OtherSense | None = None  # without it, no word is read in another sense

    @field_validator(
        "negations", "denied_verb", "denial", "hedges", "time_limits", "refusals", "question_starts",
        "affirmations", "dismissals", "contrast", "caveats", "reporting", "duration_qualifier", "whole_year",
    )  # fmt: skip
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value)

    @field_validator("distancing", "judgements")
    @classmethod
    def _all_compile(cls, value: list[str]) -> list[str]:
        return [_regex(pattern) for pattern in value]


class FactsText(Strict):
    """Messages of the rules made from rules/treatments/ ({match}, {name}, {typical},
    {what}, {why}, {honest} are filled in)."""

    too_long: str
    too_long_suggestion: str
    unproven: str
    unproven_suggestion: str


class ModelText(Strict):
    """The learned model's warning ({{match}} stays for the rule; {score} and {closest} are filled in)."""

    message: str
    suggestion: str


class EvidenceWords(Strict):
    """A natural frequency: NUMBER [range NUMBER] per NUMBER ("2 to 3 in 100")."""

    ranges: list[str] = Field(min_length=1)  # "to", "or" in "2 to 3 in 100"
    per: list[str] = Field(min_length=1)  # "in", "out of" in "2 in 100"
    # the risk-prose check (checks/risk_prose.py) also reads a base written as a word ("eight in
    # every hundred") and a percentage ("about 5% of people"), and compares either with the data
    bases: dict[int, list[str]] = Field(default_factory=dict)  # 100: [hundred, a hundred]
    percent: list[str] = Field(default_factory=list)  # "%", "per cent"
    # a share in words, read as that fraction give or take SHARE_TOLERANCE: "about half of people"
    shares: dict[str, list[str]] = Field(default_factory=dict)  # "1/2": [half of]
    # two risks compared in one clause, read against their figures: "bruising is more common than redness"
    comparisons: dict[Literal["more", "less", "same"], list[str]] = Field(default_factory=dict)
    # words before a frequency word that make it no risk's frequency: "more common", "the most common"
    not_frequency_before: list[str] = Field(default_factory=list)
    # words naming a study's comparison group ("a dummy injection"): a figure in a sentence with
    # them, under a risk's label, is that group's, read against risks.yaml's `compare:`
    comparison_group: list[str] = Field(default_factory=list)
    # how many people, in words ("hardly anyone", "most people"), as the shares of one they allow
    # ("0-1/100": none to 1 in 100): in a clause naming one risk, read against its figure
    people: dict[str, list[str]] = Field(default_factory=dict)
    # the verbs between those words and the risk ("hardly anyone gets a bruise") and, the other
    # way round, between the risk and those words ("bruising happens to hardly anyone")
    people_verbs: list[str] = Field(default_factory=list)
    people_after: list[str] = Field(default_factory=list)
    # words that start a relative clause: "Most people who get a drooping eyelid find it settles"
    # is about those who get it, not how many do
    people_relative: list[str] = Field(default_factory=list)
    # other words for a frequency band ("exceptional" for very rare), read after a risk's name
    # as the band's own words are (which risks.words holds, as printed)
    band_words: dict[Literal["very-common", "common", "uncommon", "rare", "very-rare"], list[str]] = Field(
        default_factory=dict
    )
    # odds ("the odds of bruising are 1 to 999"), which most readers misread: the words that
    # introduce them and those between the two numbers; refused wherever a patient reads them
    odds: list[str] = Field(default_factory=list)
    odds_against: list[str] = Field(default_factory=list)

    @field_validator("people")
    @classmethod
    def _ranges(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key in value:
            low, _, high = key.partition("-")
            try:
                if not high or not 0 <= Fraction(low) < Fraction(high) <= 1:
                    raise ValueError
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"'{key}' is not a range of shares such as 0-1/100 or 1/2-1") from None
        return value

    @field_validator("shares")
    @classmethod
    def _fractions(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key in value:
            if not re.fullmatch(r"[1-9]/[1-9]\d?", key) or Fraction(key) >= 1:
                raise ValueError(f"'{key}' is not a fraction under one such as 1/2")
        return value


class CallingWords(Strict):
    """How a number to call is written (content/emergency_numbers.py): "call 911", "llame al 112"."""

    verbs: list[str] = Field(min_length=1)  # "call", "dial"
    between: list[str] = []  # words between the verb and the number: "ring NHS 111", "llame al 112"
    joins: list[str] = []  # "call 112 or 999"
    digits: dict[int, list[str]] = Field(min_length=10, max_length=10)  # each digit 0-9 spelt out
    multipliers: dict[int, list[str]] = {}  # a digit said 2 or 3 times at once: {2: [double], 3: [triple]}
    # numbers from 10 said whole ("eleven", "ninety", "hundred"): "nine hundred and eleven", "nine eleven"
    number_words: dict[int, list[str]] = {}

    @field_validator("digits")
    @classmethod
    def _every_digit(cls, value: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(value) != list(range(10)) or not all(value.values()):
            raise ValueError("give the words for each digit, 0 to 9")
        for words in value.values():
            cls._words(words)
        return value

    @field_validator("number_words")
    @classmethod
    def _whole_numbers(cls, value: dict[int, list[str]]) -> dict[int, list[str]]:
        if not all(10 <= n <= 900 for n in value):
            raise ValueError("number_words are the words of numbers from 10 to 900 ('eleven', 'hundred')")
        for words in value.values():
            cls._words(words)
        return value

    @field_validator("multipliers")
    @classmethod
    def _two_or_three(cls, value: dict[int, list[str]]) -> dict[int, list[str]]:
        if not set(value) <= {2, 3}:
            raise ValueError("a multiplier says a digit 2 or 3 times ('double', 'triple')")
        for words in value.values():
            cls._words(words)
        return value

    @field_validator("verbs", "between", "joins")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        for word in value:
            if not LEMMA_NAME.fullmatch(word):
                raise ValueError(f"'{word}' is not a word (letters only)")
        return value


class Reading(Strict):
    """The reading-level scale and syllable rule, by name (checks/readability.py)."""

    scale: Literal["flesch-kincaid", "fernandez-huerta"]
    syllables: Literal["english", "spanish"]


class AftercareWords(Strict):
    """How aftercare says to avoid something and a note says it is allowed (frontdesk/
    visit_contradictions.py): a visit's notes may add to the aftercare printed beside them, not
    tell the patient they can do what it says to avoid. Phrases are words, not patterns."""

    avoid: list[str] = []  # "avoid", "stay out of", "do not"
    allow: list[str] = []  # "you can", "it is fine to"
    topics: dict[str, list[str]] = {}  # what aftercare asks to avoid: {sun: [sun, sunbathing], ...}
    waits: dict[Literal["hour", "day", "week", "month"], list[str]] = {}  # a wait's units: {day: [day, days]}
    today: list[str] = []  # a wait of none: "today", "straight away"
    next_day: list[str] = []  # a wait of a day: "tomorrow", "the day after"
    # a note may not say when the next visit is, which the sheet prints from `follow_up`: a sentence
    # naming it ("your top-up") with a time ("the day after tomorrow", a weekday, "in 2 weeks",
    # today's and next_day's words), unless it says "if" (advice: "come back if it is still red")
    next_visit: list[str] = []
    later: list[str] = []  # days from today that are not waits: "next week", "the day after tomorrow"
    from_now: list[str] = []  # before a wait, a time from now: "in 2 weeks" ("for 2 weeks" is how long)
    conditional: list[str] = []  # "if", "unless"


class LanguageData(Strict):
    name: str = Field(min_length=2)  # the language's own name
    english_name: str = Field(min_length=2)  # for Clearprint's own documents, e.g. the rules catalogue
    claims: ClaimsWords
    facts: FactsText
    model: ModelText
    evidence: EvidenceWords
    reading: Reading
    risks: RiskText  # the risk table's and how-often text's words (content/risk_words.py)
    calling: CallingWords  # how a number to call is written (content/emergency_numbers.py)
    # the units of a dose written after its number ("20 units", "1 mL"): a visit file's notes may
    # not give a dose, which the aftercare sheet prints from `dose` and `dose_unit` (frontdesk/visit.py)
    dose_units: list[str] = []
    aftercare: AftercareWords = AftercareWords()  # visit notes against the sheet's aftercare
    # lemma -> its word forms; a rule pattern writes <lemma> for any of them (expand below)
    lemmas: dict[str, list[str]] = {}
    # words of the language that simplemma's word lists lack (medical terms, diminutives): a
    # word a patient reads is one of the language's or one of these (checks/language_of_text.py)
    known_words: list[str] = []

    @field_validator("lemmas")
    @classmethod
    def _forms(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for lemma, forms in value.items():
            if not LEMMA_NAME.fullmatch(lemma) or not forms or not all(LEMMA_NAME.fullmatch(f) for f in forms):
                raise ValueError(f"lemma '{lemma}': a word and a list of its forms, letters only")
        return value


LEMMA_NAME = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
LEMMA = re.compile(r"(?<!\?P)<([^\W\d_]+)>")  # <seguro> in a pattern; not a group name (?P<name>


def number_words(data: LanguageData) -> dict[str, int]:
    """Each number the language writes in words, lower-cased, and its value: one to twelve
    (`claims.number_words`) and the tens and hundreds (`calling.number_words`); a word of one
    letter ("a") left out."""
    said = [*data.claims.number_words.items(), *data.calling.number_words.items()]
    return {w.lower(): n for n, ws in said for w in ws if len(w) > 1}


def phrases(words: list[str] | tuple[str, ...]) -> str:
    """A regular expression matching any of the language data's phrases, the longest first, any
    run of spaces between their words ("stay out of", "top-ups" before "top-up")."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


def expand(pattern: str, lemmas: dict[str, list[str]]) -> str:
    """`pattern` with each <lemma> replaced by an alternation of its forms: '<seguro>' ->
    '(?:seguros|seguras|seguro|segura)'. Raises ValueError naming a lemma the table lacks."""

    def forms(match: re.Match[str]) -> str:
        found = lemmas.get(match[1].lower())
        if found is None:
            raise ValueError(f"<{match[1]}> is not in the language's lemmas: add it to rules/languages/<language>.yaml")
        # longest first, forms of one length in the table's order: the same pattern in every process
        return "(?:" + "|".join(re.escape(f) for f in sorted(dict.fromkeys(found), key=len, reverse=True)) + ")"

    return LEMMA.sub(forms, pattern)


def language_file(root: Path, code: str) -> Path:
    return root / "rules" / "languages" / f"{code}.yaml"


def available(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "rules" / "languages").glob("*.yaml"))


@cache
def _load(path: Path, stamp: int) -> LanguageData:
    from .content.read import read_text  # content.clinics checks clinics' languages with this module

    report = Problems(path.parent.parent.parent)
    return yamlfile.validated(read_text(path, report), path, LanguageData, report)  # one per text


def load(root: Path, code: str, report: Problems | None = None) -> LanguageData:
    """The language's data; a missing or broken file is a ContentError at the file."""
    path = language_file(root, code)
    try:
        found = path.stat()  # one call: asked for every sentence of a build
    except OSError:
        found = None
    if found is None or not S_ISREG(found.st_mode):
        report = report or Problems(root)
        raise report.error(
            path, None,
            f"no language data for '{code}' (there is for: {', '.join(available(root)) or 'none'}); add "
            f"{path.name} with the parts of rules/languages/en.yaml",
        )  # fmt: skip
    try:
        return _load(path, found.st_mtime_ns)
    except ContentError as exc:
        if report is not None:
            report.extend(exc.problems)
        raise


def missing(root: Path, codes: list[str]) -> list[tuple[int, str]]:
    """(index, code) of each language in `codes` that has no data file under `root`."""
    return [(i, code) for i, code in enumerate(codes) if not language_file(root, code).is_file()]
