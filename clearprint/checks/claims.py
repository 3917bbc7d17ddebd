"""Claims: absolute, trivialising and promotional wording, and jurisdiction rules.

The rule words are data (rules/claims.<language>.yaml, rules/profiles/<country>.yaml and,
for what a treatment is approved for and how long it lasts, rules/treatments/*.yaml via
claims_facts.py). This module decides, sentence by sentence, whether a match is a claim
the handout makes or words it denies, doubts or reports:

- a negation earlier in the same clause ("No treatment is completely risk-free", "We
  cannot promise results") or right after the words ("Fillers are not permanent") makes
  a negatable rule's match honest;
- a short label that the next sentence denies ("Clearing acne or oily skin. It is not
  an approved use.") is honest for a negatable rule;
- a sentence that distances itself from the words ("Be wary of clinics that promise
  painless injections", 'Adverts that say "no side effects" are wrong') makes the match
  honest, for every rule except those about where the material is handed out;
- a rule's `unless` patterns name other senses of its words ("a safe place", "instant
  coffee").

One finding per family and place: "results that last forever" is one permanence claim,
and a country's rule replaces the general rule of the same family at the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .claims_language import denied_by_next, distanced, negated_after, negated_before
from .rules import ClaimRule
from .text import CITATION, Chunk, Position


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@cache
def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for all of a rule's patterns: most sentences match none, and one scan says so."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def family_of(rule: ClaimRule) -> str:
    return rule.family or rule.id


def _matches(
    rule: ClaimRule, sentence: str, lowered: str, language: str, distribution: str, denied: bool
) -> list[re.Match[str]]:
    if rule.distribution and rule.distribution != distribution:
        return []
    if not _any(tuple(rule.patterns)).search(sentence):
        return []
    if rule.only_with and not any(word.lower() in lowered for word in rule.only_with):
        return []
    if rule.unless_cited and CITATION.search(sentence):
        return []
    if rule.negatable and denied:
        return []
    if any(_compiled(pattern).search(sentence) for pattern in rule.unless):
        return []
    found: list[re.Match[str]] = []
    for pattern in rule.patterns:
        for match in _compiled(pattern).finditer(sentence):
            if any(match.start() < m.end() and m.start() < match.end() for m in found):
                continue  # one finding per place: "last forever" is not also "forever"
            if rule.negatable and (
                negated_before(sentence, match.start(), language) or negated_after(sentence, match.end(), language)
            ):
                continue
            if not rule.distribution and distanced(sentence, match.start(), language):
                continue
            found.append(match)
    return found


def claims_in_sentence(
    sentence: str, rules: tuple[ClaimRule, ...], language: str, distribution: str, following: str | None = None
) -> list[tuple[ClaimRule, re.Match[str]]]:
    """Every claim in one sentence, in rule order; within a family a later rule (a country's
    or a clinic's) wins over an earlier one at the same words."""
    lowered = sentence.lower()
    denied = denied_by_next(sentence, following, language)
    per_rule = [(rule, _matches(rule, sentence, lowered, language, distribution, denied)) for rule in rules]
    kept: dict[str, list[re.Match[str]]] = {}
    chosen: list[tuple[int, ClaimRule, re.Match[str]]] = []
    for index in range(len(per_rule) - 1, -1, -1):
        rule, matches = per_rule[index]
        taken = kept.setdefault(family_of(rule), [])
        for match in matches:
            if any(match.start() < t.end() and t.start() < match.end() for t in taken):
                continue
            taken.append(match)
            chosen.append((index, rule, match))
    chosen.sort(key=lambda c: (c[0], c[2].start()))
    return [(rule, match) for _, rule, match in chosen]


def find_claims(
    chunks: list[Chunk], rules: tuple[ClaimRule, ...], language: str, distribution: str
) -> Iterator[tuple[ClaimRule, str, Position]]:
    """(rule, matched text, position) for every claim, one per family and place."""
    for chunk in chunks:
        sentences = chunk.sentences()
        for i, (offset, sentence) in enumerate(sentences):
            following = " ".join(s for _, s in sentences[i + 1 : i + 3]) or None  # the next two
            for rule, match in claims_in_sentence(sentence, rules, language, distribution, following):
                lead = len(match[0]) - len(match[0].lstrip())
                yield rule, match[0].strip(), chunk.at(offset + match.start() + lead)
