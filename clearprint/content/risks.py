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

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..models import Strict
from . import yamlfile

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
    def _icons(self) -> Risk:
        if self.icon_array and (
            isinstance(self.frequency, str) or self.frequency.base != "people" or self.frequency.rate < 0.01
        ):
            raise ValueError("an icon array (100 people) is for a per-person risk of about 1 in 100 or more")
        return self


class RiskFile(Strict):
    dose: Literal["units", "mL"] | None  # the unit a visit's dose is in; null: the treatment has none
    risks: list[Risk] = Field(min_length=1)

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
    return yamlfile.load(path, RiskFile, root)[0]


# --- words ----------------------------------------------------------------------------

WORDS = {
    "en": {
        "very-common": "very common", "common": "common", "uncommon": "uncommon", "rare": "rare",
        "very-rare": "very rare", "not-known": "no one knows how often", "rare-not-counted": "rare; no one has counted how often",
        "no-confirmed-case": "no confirmed serious case at the doses used for lines", "about": "about", "fewer": "fewer than",
        "in": "in", "to": "to", "people": "people treated", "syringes": "syringes", "treatments": "treatments",
        "peels": "peels", "per": "counted per",
        "counted_syringes": "Counts syringes, not people.", "counted_treatments": "Counts treatments, not people.",
        "counted_peels": "Counts peels, not people.", "risk": "Risk and how often", "how_often": "How often", "risk_name": "Risk",
        "group_side-effect": "Less serious", "group_serious": "Serious", "what_to_do": "Signs and what to do",
        "serious": "serious", "side-effect": "less serious", "caption": "{count} out of 100 people treated", "caption_group": "{count} out of 100 people",
        "alt": "{count} in 100 people treated{who} get {name}: {count} of the 100 figures are filled in.",
        "alt_group": "{count} in 100 people{who} get {name}: {count} of the 100 figures are filled in.",
        "emergency": "Call {emergency} now.", "clinic-now": "Call us now.",
        "clinic-same-day": "Call us the same day.", "clinic": "Tell us at your next visit, or call us if it worries you.",
        "during-treatment": "We watch for this during your treatment and treat it there.",
        "before-treatment": "Tell us before your treatment.",
    },
    "es": {
        "very-common": "muy frecuente", "common": "frecuente", "uncommon": "poco frecuente", "rare": "raro",
        "very-rare": "muy raro", "not-known": "no se sabe con qué frecuencia", "rare-not-counted": "raro; nadie ha contado con qué frecuencia",
        "no-confirmed-case": "ningún caso grave confirmado con las dosis para arrugas", "about": "unas",
        "about_m": "unos", "about_one": "alrededor de", "fewer": "menos de",
        "in": "de cada", "to": "a", "people": "personas tratadas", "syringes": "jeringas", "treatments": "tratamientos",
        "peels": "peelings", "per": "contado por",
        "counted_syringes": "Cuenta jeringas, no personas.", "counted_treatments": "Cuenta tratamientos, no personas.",
        "counted_peels": "Cuenta peelings, no personas.", "risk": "Riesgo y con qué frecuencia", "how_often": "Con qué frecuencia", "risk_name": "Riesgo",
        "group_side-effect": "Menos graves", "group_serious": "Graves",
        "what_to_do": "Señales y qué hacer", "serious": "grave", "side-effect": "menos grave",
        "caption": "{count} de cada 100 personas tratadas", "caption_group": "{count} de cada 100 personas",
        "alt": "{count} de cada 100 personas tratadas{who} tienen {name}: {count} de las 100 figuras están rellenas.",
        "alt_group": "{count} de cada 100 personas{who} tienen {name}: {count} de las 100 figuras están rellenas.",
        "emergency": "Llame al {emergency} ahora.", "clinic-now": "Llámenos enseguida.",
        "clinic-same-day": "Llámenos el mismo día.", "clinic": "Díganoslo en su próxima visita, o llámenos si le preocupa.",
        "during-treatment": "Lo vigilamos durante el tratamiento y, si pasa, lo tratamos allí mismo.",
        "before-treatment": "Díganoslo antes del tratamiento.",
    },
}  # fmt: skip


def word(rate: float) -> str:
    """The EU product-information frequency word for a per-person rate."""
    if rate >= 0.1:
        return "very-common"
    if rate >= 0.01:
        return "common"
    if rate >= 0.001:
        return "uncommon"
    return "rare" if rate >= 0.0001 else "very-rare"


# How each language writes a whole number's thousands: the separator, and the fewest digits
# that take one. Spanish for US Hispanic readers (issue 21, r5 review): "41,000" as they expect,
# and a 4-digit number unseparated as the RAE writes it ("6400", "1000"), which no reader
# takes for a decimal. A figure is kept whole on its line wherever it prints (keep_whole.py).
NUMBER_FORMAT = {"en": (",", 4), "es": ("\u00a0", 5)}


def number(value: float, language: str) -> str:
    """1,000 and 41,000 in English; in Spanish 1000 and 6400 with no separator, 41 000 with a
    no-break space (RAE style; a comma or point reads as a decimal in many countries)."""
    separator, digits = NUMBER_FORMAT.get(language, NUMBER_FORMAT["en"])
    whole = value == int(value)
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    if len(f"{int(value)}") < digits:
        return text.replace(",", "")
    return text.replace(",", separator)


def figure(frequency: Frequency, language: str) -> str:
    """'about 80 in 100 people treated'; 'fewer than 1 in 70 people treated'; 'about 1 in
    6,400 syringes': the count on its base, with no frequency word."""
    w = WORDS.get(language, WORDS["en"])
    f = frequency
    count = number(f.count, language) + (f" {w['to']} {number(f.to, language)}" if f.to else "")
    # "unas 1 de cada 6400" is not Spanish: a count of 1 takes "alrededor de".
    about = w.get("about_m", w["about"]) if f.base in ("peels", "treatments") else w["about"]  # unos peelings
    about = w.get("about_one", about) if f.count == 1 and not f.to else about
    return f"{w['fewer'] if f.below else about} {count} {w['in']} {number(f.per, language)} {w[f.base]}"


def frequency_word(frequency: Frequency | str, language: str) -> str:
    """The EU frequency word for a per-person figure ('very common', 'rare to uncommon'); '' for
    a per-syringe or per-peel figure (no per-person word without a source for it) and for an
    upper bound ('fewer than 1 in 70' may be common or rarer: its number says it plainly, where
    'common or less' did not: r5 review); the words for 'not known' figures."""
    w = WORDS.get(language, WORDS["en"])
    if isinstance(frequency, str):
        return w[frequency]
    if frequency.base != "people" or frequency.below:
        return ""
    low, high = w[word(frequency.count / frequency.per)], w[word(frequency.rate)]
    return high if low == high else f"{low} {w['to']} {high}"


def how_often(frequency: Frequency | str, language: str) -> str:
    """'about 80 in 100 people treated (very common)'; 'about 1 in 6,400 syringes'."""
    if isinstance(frequency, str):
        return frequency_word(frequency, language)
    named = frequency_word(frequency, language)
    return figure(frequency, language) + (f" ({named})" if named else "")


def risk_how_often(risk: Risk, language: str) -> str:
    """How often, with who the figure was counted in when that is not everyone, after the
    base and before the frequency word: 'about 7 in 100 people treated with a deep peel (common)';
    a comparison group after it: '...(very common); against 29 in 100 with a dummy injection'."""
    words = risk.words.get(language) or risk.words["en"]
    if isinstance(risk.frequency, str):
        return how_often(risk.frequency, language)
    named = frequency_word(risk.frequency, language)
    text = " ".join(p for p in (figure(risk.frequency, language), words.who) if p)
    text += f" ({named})" if named else ""
    return f"{text}; {words.against}" if words.against else text


def counted(risk: Risk, language: str) -> str:
    """'Counts syringes, not people.' for a figure on another base; '' per person."""
    if isinstance(risk.frequency, str) or risk.frequency.base == "people":
        return ""
    return WORDS.get(language, WORDS["en"])[f"counted_{risk.frequency.base}"]


def action(risk: Risk, language: str, emergency: str) -> str:
    return WORDS.get(language, WORDS["en"])[risk.act].format(emergency=emergency)
