"""Risks as data (issue 21): `handouts/<id>/risks.yaml`, one entry per risk, every language's
words beside the one set of figures, so the leaflet's risk table, its icon arrays, the consent
form and the prose check all read the same numbers.

How often is a count on one base ("80 in 100 people treated"); the standard frequency word
(EU product-information convention: very common >= 1 in 10, common >= 1 in 100, uncommon
>= 1 in 1,000, rare >= 1 in 10,000, very rare below) is given only for a per-person figure:
a per-syringe or per-peel figure keeps its own base and says so.

The table and icon arrays made from them, as HTML: documents/risk_table.py.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..models import Strict
from ..problems import ContentError, Problems
from . import yamlfile
from .risk_words import RiskText

RISKS_FILE = "risks.yaml"
Base = Literal["people", "syringes", "treatments", "peels"]
Action = Literal["emergency", "clinic-now", "clinic-same-day", "clinic"]
# What the patient does about a risk that shows only during the treatment (the team watches for
# it) or that depends on what the patient tells us first: no line in "When to get help".
InClinic = Literal["during-treatment", "before-treatment"]


class Frequency(Strict):
    count: float = Field(gt=0)  # 80 (in 100), 1 (in 6,400)
    to: float | None = Field(default=None, gt=0)  # a range: 2 to 3 in 100
    per: int = Field(ge=2)  # the base: 100, 6400
    base: Base = "people"
    below: bool = False  # "fewer than 1 in 1,000"

    @model_validator(mode="after")
    def _range(self) -> Frequency:
        if self.to is not None and self.to <= self.count:
            raise ValueError("'to' must be more than 'count'")
        return self

    @property
    def rate(self) -> float:
        return (self.to or self.count) / self.per


TIERS = ("emergency", "clinic-now", "clinic-same-day", "clinic")


class RiskWords(Strict):
    name: str = Field(min_length=2)
    description: str = ""
    signs: str = Field(min_length=2)  # what the patient notices; who to call and how fast: Risk.act
    # Who the figure was counted in, when not everyone the handout is for ("among people having
    # a deep peel who had never had a cold sore"): printed beside the number wherever it is.
    who: str = ""
    # Other words the leaflet uses for the risk ("red skin" for Redness): the risk-prose check
    # reads a figure or how many people joined to these as it does one joined to the name
    # (round-22 attack, cases 10 and 11: "About 8‰ of people get red skin").
    also: list[str] = []
    # A comparison group's figure, printed on its own line beside the risk's ("against 29 in
    # 100 with a dummy injection"), never folded into `who` (PEMAT item 19: short headings).
    against: str = ""
    # The signs as the "When to get help" box lists them, by how fast to act (get_help.py):
    # {emergency: [...], clinic-now: [...]}; left out, `signs` goes under the risk's `act`;
    # {} for a risk with nothing for the patient to watch for.
    help: dict[Action, list[str]] | None = None
    # A risk with a comparison group (`Risk.compare`): who the comparison group is, as its icon
    # array's caption says ("after a dummy injection with no medicine"), and who the treated
    # group is in the treated array's caption (default: `who`).
    compare: str = ""
    treated: str = ""
    # The name's grammatical form, where the language's frequency words agree with it
    # (`forms:` in rules/languages/<code>.yaml): Spanish "f" for "Infección" ("rara"),
    # "m-pl" for "Moretones" ("muy frecuentes"). Checked against the language by load_risks.
    form: str = ""
    # What to do next, after the risk's own action: "Then call us too: an enzyme can dissolve
    # the filler." after "Call 911 now." (r7 review: the emergency line never sent the patient
    # back to the clinic, which gives the enzyme). Printed after the action in the risk table
    # and after the action's list in "When to get help".
    then: str = ""


class Risk(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    severity: Literal["side-effect", "serious"]
    frequency: Frequency | Literal["not-known", "rare-not-counted", "no-confirmed-case"]
    sources: list[int] = Field(min_length=1)
    act: Action | InClinic
    icon_array: bool = False
    # How many in 100 had the same outcome in the study's comparison group (a dummy injection):
    # drawn as a second icon array beside the first, so the picture shows what the treatment
    # adds, not the whole count as if the treatment caused it.
    compare: float | None = Field(default=None, ge=0, le=100)
    words: dict[str, RiskWords] = Field(min_length=1)  # by language

    @model_validator(mode="after")
    def _compared(self) -> Risk:
        if self.compare is not None:
            if not self.icon_array:
                raise ValueError("'compare' is drawn as a second icon array: give the risk `icon_array: true`")
            for language, words in self.words.items():
                if not words.compare:
                    raise ValueError(f"'{language}': name the comparison group in `compare:` (its array's caption)")
        return self

    @model_validator(mode="after")
    def _acts(self) -> Risk:
        for language, words in self.words.items():
            if self.act in ("during-treatment", "before-treatment") and words.help is None:
                raise ValueError(
                    f"'{language}': a risk acted on {self.act.split('-')[0]} the treatment has no line in 'When to "
                    "get help' unless you give one: write `help: {}`, or list what to watch for afterwards"
                )
            if words.help and self.act in TIERS and self.act not in words.help:
                raise ValueError(
                    f"'{language}' help lists no signs under '{self.act}', the risk's act: put its signs there, "
                    "or change act to the tier the risk table should show"
                )
        return self

    @model_validator(mode="after")
    def _within_its_base(self) -> Risk:
        # Here, not on Frequency: an error inside `frequency` (a figure or a word) is reported once
        # per kind it could be. Round-8 attack, case 96: "Fewer than 20,000 in 10,000 syringes".
        f = self.frequency
        if not isinstance(f, str) and (f.to or f.count) > f.per:
            raise ValueError(
                f"frequency: {f.to or f.count:g} in {f.per} is more than all of them: a figure counts how many "
                "in 'per' (e.g. count: 2, per: 10000)"
            )
        return self

    @model_validator(mode="after")
    def _icons(self) -> Risk:
        if self.icon_array and (
            isinstance(self.frequency, str) or self.frequency.base != "people" or self.frequency.rate < 0.01
        ):
            raise ValueError("an icon array (100 people) is for a per-person risk of about 1 in 100 or more")
        return self


class DoseMost(Strict):
    """The most a product's label gives for one visit: a visit file's larger dose of it is taken
    for a typing mistake (round-18 attack, case 18: 440 units for 44) unless it is confirmed."""

    product: str = Field(min_length=2, max_length=60)  # its name, as words a visit's product contains
    most: float = Field(gt=0, le=1000)  # in the file's `dose:` unit
    source: int = Field(ge=1)  # the number of the label in the handout's `sources:`

    def names(self, product: str) -> bool:
        """Whether a visit's `product` names this one ("BOTOX® Cosmetic" names "Botox")."""
        return f" {' '.join(_words(self.product))} " in f" {' '.join(_words(product))} "


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


class RiskFile(Strict):
    dose: Literal["units", "mL"] | None  # the unit a visit's dose is in; null: the treatment has none
    dose_most: list[DoseMost] = []  # the most for one visit, by product; none known: not checked
    # Whom to call about a "call us now" sign when the clinic cannot be reached at once: the
    # country's route (rules/get-help/: NHS 111 in the UK), or the emergency number, for a
    # treatment whose urgent signs need treatment within hours (fillers: a blocked blood vessel;
    # r11 and r12 reviews, UK: NHS 111 cannot dissolve the filler).
    unreachable: Literal["route", "emergency"] = "route"
    risks: list[Risk] = Field(min_length=1)

    @model_validator(mode="after")
    def _dosed(self) -> RiskFile:
        if self.dose_most and self.dose is None:
            raise ValueError("'dose_most' is for a treatment with a dose: give `dose:` its unit, or remove 'dose_most'")
        return self

    @model_validator(mode="after")
    def _one_rare_base(self) -> RiskFile:
        """Every figure rarer than 1 in 100 on one base ("in 10,000"), so a reader can compare
        the rare risks (r7 review, PEMAT items 6 and 7: 70, 200, 400, 6,400 and 41,000 could not be)."""
        bases = sorted(
            {r.frequency.per for r in self.risks if not isinstance(r.frequency, str) and r.frequency.per > 100}
        )
        if len(bases) > 1:
            # named by id, as this is read for the whole file (round-8 attack, case 65: the error
            # was at line 1 with no word of which risk)
            named = ", ".join(
                f"'{r.id}' ({r.frequency.per})"
                for r in self.risks
                if not isinstance(r.frequency, str) and r.frequency.per > 100
            )
            raise ValueError(
                f"give every figure rarer than 1 in 100 on one base, not {' and '.join(map(str, bases))} "
                f"(risks {named}): e.g. 'about 25 in 10,000' for 1 in 400"
            )
        return self

    @model_validator(mode="after")
    def _few_arrays(self) -> RiskFile:
        if sum(r.icon_array for r in self.risks) > 3:
            raise ValueError("give icon arrays to 2 or 3 decision-relevant risks, not more")
        return self


def load_risks(folder: Path, root: Path) -> RiskFile | None:
    """The handout folder's risks.yaml (None when it has none); a located ContentError if bad."""
    path = folder / RISKS_FILE
    if not path.is_file():
        return None
    risks, lines = yamlfile.load(path, RiskFile, root)
    problems = Problems(root)
    for i, risk in enumerate(risks.risks):
        for language, words in risk.words.items():
            forms = language_words(language, root).forms
            if forms and words.form not in forms:
                problems.add(
                    path, lines.get(("risks", i, "words", language)),
                    f"'{risk.id}', {language}: add `form:` ({', '.join(forms)}), the grammatical form of "
                    f"'{words.name}' that its frequency word agrees with"
                    + (f", not '{words.form}'" if words.form else ""),
                )  # fmt: skip
            elif not forms and words.form:
                problems.add(
                    path, lines.get(("risks", i, "words", language)),
                    f"'{risk.id}', {language}: the language's frequency words have no forms; remove `form:`",
                )  # fmt: skip
            # "against 29 in 100": the figure `compare` holds (round-14 attack, case 39: one changed, not the other)
            if words.against and risk.compare is not None:
                said = {float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", words.against)}
                if said - {risk.compare, 100.0}:
                    problems.add(
                        path, lines.get(("risks", i, "words", language, "against")) or lines.get(("risks", i, "compare")),
                        f"'{risk.id}', {language}: `against` says '{words.against}', but `compare` is "
                        f"{risk.compare:g} in 100; write the same figure in both",
                    )  # fmt: skip
    if problems.errors:
        raise ContentError(*problems.errors)
    return risks


# --- words ----------------------------------------------------------------------------
# The words are language data (`risks:` in rules/languages/<code>.yaml, content/risk_words.py):
# a language without them is an error at its file, never English in another language's leaflet.

ROOT = Path(__file__).resolve().parents[2]  # where rules/languages/ is


def language_words(language: str, root: Path | None = None) -> RiskText:
    """The language's risk words in the project at `root` (Clearprint's own without one, as
    checks/claims.py reads its words); a ContentError at rules/languages/<language>.yaml if it has none."""
    from ..languages import load  # languages.py reads content/ modules at import

    return load(root or ROOT, language).risks


def _form(risk: Risk, language: str) -> str:
    words = risk.words.get(language)
    return words.form if words else ""


def word(rate: float) -> str:
    """The EU product-information frequency word for a per-person rate."""
    if rate >= 0.1:
        return "very-common"
    if rate >= 0.01:
        return "common"
    if rate >= 0.001:
        return "uncommon"
    return "rare" if rate >= 0.0001 else "very-rare"


# How each language writes a whole number's thousands is language data (`risks: number:`):
# Spanish for US Hispanic readers (issue 21, r5 review): "41 000" with a no-break space, and a
# 4-digit number unseparated as the RAE writes it ("6400", "1000"), which no reader takes for a
# decimal. A figure is kept whole on its line wherever it prints (keep_whole.py).


def number(value: float, language: str, root: Path | None = None) -> str:
    """1,000 and 41,000 in English; in Spanish 1000 and 6400 with no separator, 41 000 with a
    no-break space (RAE style; a comma or point reads as a decimal in many countries)."""
    fmt = language_words(language, root).number
    separator, digits = fmt.separator, fmt.min_digits
    whole = value == int(value)
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    if len(f"{int(value)}") < digits:
        return text.replace(",", "")
    return text.replace(",", separator)


def figure(frequency: Frequency, language: str, root: Path | None = None) -> str:
    """'about 80 in 100 people treated'; 'fewer than 1 in 70 people treated'; 'about 1 in
    6,400 syringes': the count on its base, with no frequency word."""
    w = language_words(language, root)
    f = frequency
    count = number(f.count, language, root) + (f" {w['to']} {number(f.to, language, root)}" if f.to else "")
    # "unas 1 de cada 6400" is not Spanish: a count of 1 takes "alrededor de".
    about = w.get("about_m", w["about"]) if f.base in ("peels", "treatments") else w["about"]  # unos peelings
    about = w.get("about_one", about) if f.count == 1 else about  # "alrededor de 1 a 2"
    return f"{w['fewer'] if f.below else about} {count} {w['in']} {number(f.per, language, root)} {w[f.base]}"


def frequency_word(frequency: Frequency | str, language: str, form: str = "", root: Path | None = None) -> str:
    """The EU frequency word for a per-person figure ('very common', 'rare to uncommon'); '' for
    a per-syringe or per-peel figure (no per-person word without a source for it) and for an
    upper bound ('fewer than 1 in 70' may be common or rarer: its number says it plainly, where
    'common or less' did not: r5 review); the words for 'not known' figures. `form`: the
    risk name's grammatical form where the language's words agree with it ("rara" for a
    Spanish feminine name); without one, the language's first form."""
    w = language_words(language, root)
    if isinstance(frequency, str):
        return w.word(frequency, form)
    if frequency.base != "people" or frequency.below:
        return ""
    low, high = w.word(word(frequency.count / frequency.per), form), w.word(word(frequency.rate), form)
    return high if low == high else f"{low} {w['to']} {high}"


def how_often(frequency: Frequency | str, language: str, form: str = "", root: Path | None = None) -> str:
    """'about 80 in 100 people treated (very common)'; 'about 1 in 6,400 syringes'."""
    if isinstance(frequency, str):
        return frequency_word(frequency, language, form, root)
    named = frequency_word(frequency, language, form, root)
    return figure(frequency, language, root) + (f" ({named})" if named else "")


def risk_how_often(risk: Risk, language: str, root: Path | None = None) -> str:
    """How often, with who the figure was counted in when that is not everyone, after the
    base and before the frequency word: 'about 7 in 100 people treated with a deep peel (common)';
    a comparison group after it: '...(very common); against 29 in 100 with a dummy injection'."""
    words = risk.words.get(language) or risk.words["en"]
    if isinstance(risk.frequency, str):
        return how_often(risk.frequency, language, _form(risk, language), root)
    named = frequency_word(risk.frequency, language, _form(risk, language), root)
    text = " ".join(p for p in (figure(risk.frequency, language, root), words.who) if p)
    text += f" ({named})" if named else ""
    return f"{text}; {words.against}" if words.against else text


def counted(risk: Risk, language: str, root: Path | None = None) -> str:
    """'Counts syringes, not people.' for a figure on another base; '' per person."""
    if isinstance(risk.frequency, str) or risk.frequency.base == "people":
        return ""
    return language_words(language, root)[f"counted_{risk.frequency.base}"]


def action(risk: Risk, language: str, emergency: str, root: Path | None = None) -> str:
    return language_words(language, root)[risk.act].format(emergency=emergency)
