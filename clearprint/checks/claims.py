"""Claims: absolute, trivialising and promotional wording, and jurisdiction rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .rules import ClaimRule
from .text import CITATION, Chunk, Position

NEGATIONS = {
    "en": re.compile(
        r"\b(?:no|not|never|none|nothing|cannot|can't|isn't|aren't|doesn't|don't|won't|nor)\b|n't\b", re.I
    ),
    "es": re.compile(r"\b(?:no|nunca|ningún|ninguna|ninguno|tampoco|ni)\b", re.I),
}
# A negation reaches only as far back as the start of its clause.
CLAUSE_BREAK = re.compile(r"[.;:!?,]|\b(?:and|but|with|while|y|pero|con)\b", re.I)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _negated(sentence: str, start: int, language: str) -> bool:
    before = sentence[:start]
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return bool(NEGATIONS.get(language, NEGATIONS["en"]).search(clause))


def find_claims(
    chunks: list[Chunk], rules: tuple[ClaimRule, ...], language: str, distribution: str
) -> Iterator[tuple[ClaimRule, str, Position]]:
    """(rule, matched text, position) for every claim, one per rule and place."""
    for chunk in chunks:
        for offset, sentence in chunk.sentences():
            lowered = sentence.lower()
            for rule in rules:
                if rule.distribution and rule.distribution != distribution:
                    continue
                if rule.only_with and not any(word.lower() in lowered for word in rule.only_with):
                    continue
                if rule.unless_cited and CITATION.search(sentence):
                    continue
                taken: list[range] = []  # one finding per place: "last forever" is not also "forever"
                for pattern in rule.patterns:
                    for match in _compiled(pattern).finditer(sentence):
                        span = range(match.start(), match.end())
                        if any(span.start < t.stop and t.start < span.stop for t in taken):
                            continue
                        if rule.negatable and _negated(sentence, match.start(), language):
                            continue
                        taken.append(span)
                        text = match[0].strip()
                        yield rule, text, chunk.at(offset + match.start() + (len(match[0]) - len(match[0].lstrip())))
