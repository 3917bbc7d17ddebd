"""Language variants: one English handout, printed in US spelling for a US clinic and in
British spelling for a UK, Irish, Australian or Canadian one.

The pairs in rules/spelling.<language>.yaml (and a clinic's own) are applied to what a
reader sees: section text, headings, the title and summary. Link addresses, image paths,
placeholders, attribute lists and code are left alone. Lines are never joined or split,
so every line number in a finding is still the line of the file a person edits.
Languages without a spelling file (Spanish, for now) are printed as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import Field, field_validator

from ..models import Strict

# The variant each country reads. Canada mostly spells as Britain does ("colour", "centre").
VARIANTS = {"US": "US", "CA": "GB", "UK": "GB", "IE": "GB", "AU": "GB"}
# What a converted word must not be part of: a link address, an image path, a placeholder,
# an attribute list, raw HTML, code, a box's kind (`!!! danger`) or a block marker (`::: country US`).
PROTECTED = re.compile(
    r"\]\([^)]*\)|\{\{.*?\}\}|\{[:#.][^}]*\}|<[^>\n]*>|(`+).*?\1|https?://\S+|(?m:^[ \t]*!!![ \t]*\w+|^[ \t]*:::.*$)"
)
MAX_PAIRS = 2000


class SpellingFile(Strict):
    pairs: dict[str, str] = {}  # British: American
    flag_in_us: list[str] = Field(default_factory=list)
    flag_in_uk: list[str] = Field(default_factory=list)

    @field_validator("pairs")
    @classmethod
    def _pairs(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > MAX_PAIRS:
            raise ValueError(f"{len(value)} pairs; a spelling file holds at most {MAX_PAIRS}")
        pairs = {}
        for british, american in value.items():
            british, american = " ".join(british.split()), " ".join(american.split())  # "a  b " is "a b"
            if not british or not american or british.lower() == american.lower():
                raise ValueError(f"'{british}: {american}' is not two spellings of one word")
            pairs[british] = american
        return pairs


@dataclass(frozen=True)
class Spelling:
    """The spelling rules of one language; `to(variant)` gives the converter."""

    pairs: dict[str, str] = field(default_factory=dict)  # British: American
    flag: dict[str, tuple[str, ...]] = field(default_factory=dict)  # variant -> words to flag

    def to(self, variant: str) -> dict[str, str]:
        return {**self.pairs} if variant == "US" else {us: gb for gb, us in self.pairs.items()}

    def others(self, variant: str) -> tuple[str, ...]:
        """The other variant's words: those the conversion did not reach, and the flagged ones."""
        return tuple(self.to(variant)) + self.flag.get(variant, ())  # to(variant) maps the other's words


def merged(files: list[SpellingFile]) -> Spelling | None:
    """The rules of several files (the project's, then a clinic's), later ones adding to earlier."""
    if not files:
        return None
    pairs: dict[str, str] = {}
    flag: dict[str, tuple[str, ...]] = {"US": (), "GB": ()}
    for rules in files:
        pairs.update(rules.pairs)
        flag = {"US": flag["US"] + tuple(rules.flag_in_us), "GB": flag["GB"] + tuple(rules.flag_in_uk)}
    return Spelling(pairs, flag)


def _pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)  # "top-ups" before "top-up"
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def _case_like(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def convert(text: str, spelling: Spelling | None, variant: str) -> str:
    """`text` in `variant` ("US" or "GB") spelling; a phrase broken over lines keeps its line break."""
    if spelling is None or not spelling.pairs:
        return text
    table = {key.lower(): value for key, value in spelling.to(variant).items()}
    pattern = _pattern(list(table))

    def swap(match: re.Match[str]) -> str:
        found = match[0]
        new = table[" ".join(found.lower().split())]
        if "\n" in found:  # keep the line count: the break goes where the first space was
            new = new.replace(" ", "\n", 1) if " " in new else new + "\n"
        return _case_like(found, new)

    parts, last = [], 0
    for match in PROTECTED.finditer(text):
        parts.append(pattern.sub(swap, text[last : match.start()]))
        parts.append(match[0])
        last = match.end()
    parts.append(pattern.sub(swap, text[last:]))
    return "".join(parts)


def others(spelling: Spelling | None, variant: str) -> re.Pattern[str] | None:
    """The words of the other variant, to find in text printed in `variant`."""
    if spelling is None:
        return None
    words = spelling.others(variant)
    return _pattern(list(words)) if words else None
