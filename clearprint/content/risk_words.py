"""The words a risk figure is written in, per language: `risks:` in rules/languages/<code>.yaml
(read by languages.py with the rest of the language's data). A language without them is an
error at its file, never English text in another language's leaflet.

- `number`: how a whole number's thousands are written (the separator, and the fewest
  digits that take one);
- `forms`: the grammatical forms a frequency word agrees in with the risk's name (Spanish
  "rara" for "Infección", "muy frecuentes" for "Moretones"); each risk's words in that
  language then name theirs (`form:` in handouts/<id>/risks.yaml, checked by load_risks);
- `words`: every phrase of the risk table, the icon arrays and the how-often text; a
  frequency word may be given once per form.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from ..models import Strict

# The words that agree with the risk's name where the language has forms: the EU frequency
# words (content/risks.word) and "rare, experts say" for a rare risk no source counts.
FREQUENCY_WORDS = ("very-common", "common", "uncommon", "rare", "very-rare")  # the EU convention's, most often first
AGREEING = frozenset({*FREQUENCY_WORDS, "rare-not-counted"})
REQUIRED = AGREEING | frozenset({
    "not-known", "no-confirmed-case", "about", "fewer", "in", "to", "people", "syringes", "treatments", "peels",
    "per", "counted_syringes", "counted_treatments", "counted_peels", "risk", "how_often", "risk_name",
    "group_side-effect", "group_serious", "what_to_do", "serious", "side-effect", "caption", "caption_group",
    "alt", "alt_group", "emergency", "clinic-now", "clinic-same-day", "clinic", "during-treatment",
    "before-treatment", "key", *(f"key_{w}" for w in FREQUENCY_WORDS),
})  # fmt: skip
# "about" for a count of peels or treatments (Spanish "unos", masculine) and for a count of 1
# ("alrededor de 1", not "unas 1"); without them, "about" is used.
OPTIONAL = frozenset({"about_m", "about_one"})


class NumberFormat(Strict):
    separator: str = Field(min_length=1)  # between groups of three digits: "," or a no-break space
    min_digits: int = Field(ge=4)  # the fewest digits that take a separator: 4 ("1,000") or 5 ("1000", "41 000")


class RiskText(Strict):
    number: NumberFormat
    forms: list[str] = []  # e.g. [m, f, m-pl, f-pl]; none: every word is one string
    words: dict[str, str | dict[str, str]]

    @model_validator(mode="after")
    def _complete(self) -> RiskText:
        missing = sorted(REQUIRED - self.words.keys())
        if missing:
            raise ValueError(f"words: add {', '.join(missing)} (see rules/languages/en.yaml)")
        unknown = sorted(self.words.keys() - REQUIRED - OPTIONAL)
        if unknown:
            raise ValueError(f"words: unknown {', '.join(unknown)} (known: {', '.join(sorted(REQUIRED | OPTIONAL))})")
        for key, value in self.words.items():
            if isinstance(value, dict):
                if key not in AGREEING:
                    raise ValueError(f"words: '{key}' is one phrase, not one per form")
                if sorted(value) != sorted(self.forms):
                    raise ValueError(f"words: '{key}' needs one phrase per form in `forms`: {', '.join(self.forms)}")
        return self

    def word(self, key: str, form: str = "") -> str:
        """The phrase for `key`; a frequency word in the risk name's `form` where it agrees."""
        value = self.words[key]
        if isinstance(value, str):
            return value
        return value[form] if form in value else value[self.forms[0]]

    def get(self, key: str, default: str) -> str:
        return self.word(key) if key in self.words else default

    def __getitem__(self, key: str) -> str:
        return self.word(key)
