"""Text folded for matching: what a reader sees, whatever characters spell it.

The claims rules are written in plain ASCII Latin ("risk-free", "botox"); a handout may
spell the same words with characters that look alike or are invisible: a soft hyphen or
zero-width space inside "pain\u00adless", a non-breaking hyphen or an en dash in
"risk\u2011free", a Cyrillic "а" in "sаfe", fullwidth or mathematical letters, curly
apostrophes, digits for letters in a brand name ("B0TOX"). `fold` maps all of these to
the plain form and keeps, for every character of the result, the index of the character
it came from, so that a finding still points at the right column of the file.

- NFKC compatibility folding, character by character (fullwidth, ligatures, 𝐛𝐨𝐥𝐝), a letter
  and the combining marks written after it composed first ("u\u0301" is "ú", as drawn); a
  mark that composes with no Latin letter is dropped ("s\u0306afe" reads "safe");
- lookalikes mapped to Latin with Unicode's confusables table (content/hygiene.prototypes:
  the single characters whose UTS #39 prototype is ASCII letters or digits, from the one
  shipped copy, clearprint/data/confusables.txt; accented Latin letters such as á, é, ñ are
  kept here: the claim rules read them bare, diacritics.py, and the language's words as written);
- soft hyphens, zero-width characters, bidirectional controls and byte-order marks removed;
- every dash, hyphen and minus sign to "-", every space to " ", curly apostrophes to "'";
- digits and symbols for letters ("B0TOX", "p@inless") folded only in words that then
  read as one of the words given (brand and claim words, per language); letters spaced
  out or hyphenated ("P A I N L E S S", "g-u-a-r-a-n-t-e-e-d") joined when they spell one.

Only matching uses the folded text; the handout is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..content.hygiene import prototypes
from .diacritics import bare

REMOVED = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b"
    "\u206c\u206d\u206e\u206f\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a"
    "\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f\ufeff\uffa0"
)
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u02d7\u2796")
APOSTROPHES = frozenset("\u2018\u2019\u201b\u02bc\u02b9\u2032\uff07\u0060\u00b4")
# Digits and symbols written for letters; "1" may stand for "i" or "l".
FOR_LETTERS = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
_PLAIN = re.compile(r"[\x00-\x5f\x61-\x7f]{2,}")  # ASCII but the backtick (an apostrophe): kept as it is
_MIXED_WORD = re.compile(r"[A-Za-z0-9@$!]*[0-9@$!][A-Za-z0-9@$!]*")
# four or more single letters with one space, dot or hyphen between each (the same one)
_SPACED = re.compile(r"(?<![^\W_])[^\W\d_](?P<gap>[ .-])[^\W\d_](?:(?P=gap)[^\W\d_]){2,}(?![^\W_])")


def _combines(char: str) -> bool:
    """A combining mark (an accent written after its letter), but not an invisible one."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me") and char not in REMOVED


def _character(char: str, table: dict[str, str]) -> str:
    if char in REMOVED:
        return ""
    if char in DASHES:
        return "-"
    if char in APOSTROPHES:
        return "'"
    if char.isascii():
        return char
    if unicodedata.category(char) == "Zs" or char in "\u2028\u2029":
        return " "
    folded = unicodedata.normalize("NFKC", char)
    return "".join(table.get(c, c) for c in folded)


def fold(text: str, words: Iterable[str] = ()) -> tuple[str, list[int]]:
    """(folded text, index in `text` of each character of the folded text); the same text
    is folded once (a handout is checked for every clinic and edition)."""
    folded, where = _fold(text, frozenset(words))
    return folded, list(where)


@lru_cache(maxsize=8192)
def _fold(text: str, words: frozenset[str]) -> tuple[str, tuple[int, ...]]:
    """(folded text, index in `text` of each character of the folded text).

    `words` are lower-case words (brand names, claim words) whose spelling with digits or
    symbols for letters is folded too: "B0TOX" becomes "BOTOX" only if "botox" is given.
    """
    table = prototypes()
    parts: list[str] = []
    where: list[int] = []
    index = 0
    while index < len(text):
        if (run := _PLAIN.match(text, index)) and run.end() - 1 > index:
            stop = run.end() - 1  # ASCII folds to itself; the run's last letter may take marks after it
            parts.append(text[index:stop])
            where.extend(range(index, stop))
            index = stop
            continue
        end = index + 1  # a letter and the combining marks after it ("u\u0301"): composed, as drawn ("ú")
        while end < len(text) and _combines(text[end]) and not _combines(text[index]):
            end += 1
        if end == index + 1 or text[index] in REMOVED:
            out = _character(text[index], table)
            end = index + 1
        else:
            composed = unicodedata.normalize("NFC", text[index:end])
            if composed[0].isascii() or "LATIN" in unicodedata.name(composed[0], ""):
                composed = composed[0] + "".join(c for c in composed[1:] if not _combines(c))  # "s\u0306afe"
            out = "".join(_character(c, table) for c in composed)
        parts.append(out)
        where.extend([index] * len(out))
        index = end
    folded = "".join(parts)
    if words and any(c in folded for c in FOR_LETTERS):
        folded = _MIXED_WORD.sub(lambda m: _letters(m[0], words), folded)  # same length: `where` still holds
    if words:
        folded, where = _joined(folded, where, words)
    return folded, tuple(where)


def _joined(folded: str, where: list[int], words: frozenset[str]) -> tuple[str, list[int]]:
    """Letters spaced out or hyphenated into a known word ("P A I N L E S S",
    "g-u-a-r-a-n-t-e-e-d", "I N D O L O R O") joined; each kept letter keeps its place."""
    if not _SPACED.search(folded):
        return folded, where
    out: list[str] = []
    at: list[int] = []
    last = 0
    for match in _SPACED.finditer(folded):
        letters = match[0][::2]
        # the longest run from the first letter that spells a word: "I N D O L O R O y listo"
        size = next((k for k in range(len(letters), 3, -1) if bare(letters[:k].lower()) in words), 0)
        if not size:
            continue
        end = match.start() + 2 * size - 1
        out.append(folded[last : match.start()])
        at.extend(where[last : match.start()])
        out.append(letters[:size])
        at.extend(where[match.start() : end : 2])
        last = end
    if not out:
        return folded, where
    out.append(folded[last:])
    at.extend(where[last:])
    return "".join(out), at


def _letters(word: str, known: frozenset[str]) -> str:
    if not any(c.isalpha() for c in word):
        return word  # a number, a price
    spellings = [""]
    for char in word:
        options = FOR_LETTERS.get(char, char)
        spellings = [s + o for s in spellings for o in options][:16]
    upper = all(c.isupper() for c in word if c.isalpha())
    for spelling in spellings:
        if spelling.lower() in known:
            return "".join(
                w if w.isalpha() else (s.upper() if upper else s) for s, w in zip(spelling, word, strict=True)
            )
    return word


def fold_text(text: str, words: Iterable[str] = ()) -> str:
    """The folded text alone."""
    return fold(text, words)[0]
