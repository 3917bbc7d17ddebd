"""Which words a rule's patterns cannot match without: a cheap test before the regex.

Most sentences of a handout contain no rule's words at all, and scanning each sentence
with each rule's regular expression was most of the claims checks' time. A pattern such
as `\\b(?:risk|pain)[- ]?free\\b` cannot match a sentence that contains neither "risk"
nor "pain"; `needles` reads the pattern's parsed form (the standard library's own parser)
and returns such a set of lower-case strings, one of which every match contains, or None
when it cannot tell (a pattern made only of classes and wildcards). The checks then run
the regular expression only on a sentence that holds one of the strings.

The test is conservative: a sentence it lets through is matched as before; it only skips
sentences that cannot match, so the findings are the same. `screen` makes the strings one
expression (per rule), and `searchable` lower-cases a sentence once for all rules; before
any search, `first_trigrams` and `trigrams` rule out most rules with one set test.
"""

from __future__ import annotations

import _sre
import re
from functools import cache
from re import _compiler, _parser
from re import _constants as sre  # the standard library's parsed-pattern opcodes

# Characters that match other letters without regard to case but do not lower-case to
# them (re's IGNORECASE equivalences): a sentence holding one is always matched in full.
SPECIAL = frozenset(
    "\u0131\u0130\u017f\u212a\u00b5\u1e9e\u0345\u1fbe\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u1e61\u1e9b\ufb05\ufb06"
)  # and U+0307, which "İ".lower() leaves after an "i"

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several sets that each must be met, the one that rules out most: longest shortest string."""
    if not candidates:
        return None
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)))


def _literal(code: int) -> str | None:
    char = chr(code)
    lowered = char.lower()
    return lowered if len(lowered) == 1 and char not in SPECIAL else None


def _sequence(items) -> frozenset[str] | None:
    """One of these strings is in every match of the sequence `items`, or None."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre.IN and len(chars := _class(av) or ()) == 1:
            run.append(next(iter(chars)))  # "[oO]" after "N" (how re parses "No|NO"): still "no"
            continue
        if op is sre.LITERAL:
            char = _literal(av)
            if char is None:
                flush()
            else:
                run.append(char)
            continue
        flush()
        found: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            found = _sequence(av[-1])
        elif op is sre.ATOMIC_GROUP:
            found = _sequence(av)
        elif op is sre.BRANCH:
            branches = [_sequence(branch) for branch in av[1]]
            if all(branches):
                found = frozenset().union(*branches)
        elif op in _REPEATS and av[0] >= 1:
            found = _sequence(av[2])
        elif op is sre.IN:
            found = _class(av)
        if found:
            candidates.append(found)
    flush()
    return _best(candidates)


_trees: dict[str, object] = {}  # patterns parsed by `compile_kept`, until `needles` reads them


def compile_kept(pattern: str, flags: int) -> re.Pattern[str]:
    """re.compile(pattern, flags), keeping the parsed pattern for `needles`, which would
    otherwise parse it a second time (the standard library's compile, in its own steps).
    Compiled in every run: compiled patterns kept in a file (with the strings that decide
    whether a rule is tried at all) would let whoever can write that file weaken a rule."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groups = tree.state.groupdict
    names = [None] * tree.state.groups
    for name, index in groups.items():
        names[index] = name
    compiled = _sre.compile(pattern, flags | tree.state.flags, code, tree.state.groups - 1, groups, tuple(names))
    _trees[pattern] = tree
    return compiled


def _class(items) -> frozenset[str] | None:
    """The characters a class of single characters ("[$£€]") matches, lower-cased, or None
    (a range, a negated class, a category such as \\d)."""
    chars = set()
    for op, av in items:
        char = _literal(av) if op is sre.LITERAL else None
        if char is None:
            return None
        chars.add(char)
    return frozenset(chars) or None


@cache
def _pattern_needles(pattern: str) -> frozenset[str] | None:
    try:
        tree = _trees.pop(pattern, None)
        found = _sequence(tree if tree is not None else _parser.parse(pattern))
    except Exception:  # an unexpected parse: no shortcut, the regex decides  # noqa: BLE001
        return None
    return None if not found or "" in found else found


@cache
def needles(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of any of `patterns` contains, or None.
    Each pattern is parsed once, however many tuples it is asked about in."""
    every: set[str] = set()
    for pattern in patterns:
        found = _pattern_needles(pattern)
        if found is None:
            return None
        every |= found
    return frozenset(every)


@cache
def screen(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One expression for the strings `needles` finds for `patterns` (searched in the
    lower-cased sentence), or None when there is no such set: every sentence is matched."""
    words = needles(patterns)
    if words is None:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


@cache
def first_trigrams(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """The first three letters of each of `needles`: a sentence without any of them cannot
    match (a set test, cheaper than any search); None when a string is shorter."""
    words = needles(patterns)
    if words is None or any(len(word) < 3 for word in words):
        return None
    return frozenset(word[:3] for word in words)


def trigrams(lowered: str) -> frozenset[str]:
    """Every three characters in a row of the lower-cased sentence."""
    return frozenset(lowered[i : i + 3] for i in range(len(lowered) - 2))


def searchable(sentence: str) -> str | None:
    """The sentence lower-cased for `screen`, or None when it holds a character that re
    matches without regard to case but that does not lower-case to the same letter."""
    lowered = sentence.lower()
    if not lowered.isascii() and any(c in SPECIAL or c == "\u0307" for c in lowered):
        return None
    return lowered
