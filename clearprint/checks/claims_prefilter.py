"""Which words a rule's patterns cannot match without: a cheap test before the regex.

Most sentences of a handout contain no rule's words at all, and scanning each sentence
with each rule's regular expression was most of the claims checks' time. A pattern such
as `\\b(?:risk|pain)[- ]?free\\b` cannot match a sentence that contains neither "risk"
nor "pain"; `needles` reads the pattern's parsed form (the standard library's own parser)
and returns such a set of lower-case strings, one of which every match contains, or None
when it cannot tell (a pattern made only of classes and wildcards). The checks then run
the regular expression only on a sentence that holds one of the strings.

The test is conservative: a sentence it lets through is matched as before; it only skips
sentences that cannot match, so the findings are the same.
"""

from __future__ import annotations

from functools import cache
from re import _constants as sre  # the standard library's parsed-pattern opcodes
from re import _parser

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
        if found:
            candidates.append(found)
    flush()
    return _best(candidates)


@cache
def needles(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of any of `patterns` contains, or None."""
    every: set[str] = set()
    for pattern in patterns:
        try:
            found = _sequence(_parser.parse(pattern))
        except Exception:  # an unexpected parse: no shortcut, the regex decides  # noqa: BLE001
            return None
        if not found or "" in found:
            return None
        every |= found
    return frozenset(every)


def may_match(words: frozenset[str] | None, lowered: str) -> bool:
    """False only when no match is possible: none of `words` is in the lower-cased sentence."""
    if words is None:
        return True
    if not lowered.isascii() and any(c in SPECIAL or c == "\u0307" for c in lowered):
        return True
    return any(word in lowered for word in words)
