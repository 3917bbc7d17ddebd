"""Latin letters read without their accents, for matching the claim rules.

A patient reads "páinless", "100% sáfe" and "guarantéed" as the words they spell; the
claim rules must too. `bare` maps every Latin letter with a diacritic to its base letter
(á é í ó ú ñ ü ç ø ł ... to a e i o u n u c o l), one character for one, so a match in
the bare text has the same columns in the text it came from. The claim rules are bared
too when they are loaded (checks/rules.py), so a Spanish rule written with its accents
("rápido", "daño") matches the word with them, without them, or with accents where
Spanish has none ("segúro", "indolóro"): both sides compare the same skeleton.

Only the rules' words are read bare. The language's own words (negations, hedges,
reported speech, answers: claims_language.py) still read the text with its accents,
where Spanish tells "sí" (yes) from "si" (if) and "más" from "mas"; a negation written
with a stray accent is then not read as one, which can only add a finding.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Latin letters with a stroke or bar: no decomposition, but read as their base letter.
STROKES = {
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    "ı": "i", "ȷ": "j", "ƀ": "b", "Ƀ": "B", "ɨ": "i", "Ɨ": "I", "ʉ": "u", "Ʉ": "U", "ƶ": "z", "Ƶ": "Z",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _base(char: str) -> str:
    """A Latin letter with diacritics -> its base letter; anything else unchanged."""
    if char in STROKES:
        return STROKES[char]
    if not char.isalpha():
        return char
    parts = unicodedata.normalize("NFD", char)
    if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha():
        if all(unicodedata.category(c) == "Mn" for c in parts[1:]):
            return parts[0]
    return char


@lru_cache(maxsize=8192)
def bare(text: str) -> str:
    """`text` with each Latin letter's diacritics taken off, the same length."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _base(c) for c in text)
