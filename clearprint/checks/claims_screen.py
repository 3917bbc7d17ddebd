"""Which rules of a rule set have their words in a sentence, every rule found at once.

claims.py asks, for each sentence, which rules' patterns match it. Each pattern has
strings one of which every match contains (claims_prefilter.needles, read from the
pattern's parsed form). Instead of a screening search per rule and per pattern, a
`Screen` indexes every string of the rule set by its first three letters: a sentence is
asked once which strings it holds (only those whose first three letters it contains are
looked for, as plain substrings of the lower-cased sentence), and then a rule or a
pattern needs its regular expression run only when one of its strings was found. The
rules found are those the per-rule screens found before (the same strings, the same
test), so the findings are the same; the strings' screens are never compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .claims_prefilter import needles, searchable, trigrams
from .rules import ClaimRule, compiled

Pattern = tuple[frozenset[str] | None, re.Pattern[str]]


class Screen:
    """The strings of one rule set's patterns, by their first three letters."""

    def __init__(self, rules: tuple[ClaimRule, ...]) -> None:
        self.rules: list[tuple[ClaimRule, frozenset[str] | None, tuple[Pattern, ...]]] = []
        every: set[str] = set()
        for rule in rules:
            patterns = tuple((needles((p,)), compiled(p)) for p in rule.patterns)
            self.rules.append((rule, needles(tuple(rule.patterns)), patterns))
            every.update(word for words, _ in patterns if words for word in words)
        by_trigram: dict[str, list[str]] = {}
        for word in sorted(every):
            if len(word) >= 3:
                by_trigram.setdefault(word[:3], []).append(word)
        self.by_trigram = {t: tuple(words) for t, words in by_trigram.items()}
        self.short = tuple(sorted(word for word in every if len(word) < 3))

    def found(self, lowered: str, letters: frozenset[str]) -> set[str]:
        """The rule set's strings in the lower-cased sentence (`letters`: its trigrams)."""
        present = {word for word in self.short if word in lowered}
        for trigram in letters.intersection(self.by_trigram):
            present.update(word for word in self.by_trigram[trigram] if word in lowered)
        return present

    def hits(self, sentence: str) -> Iterator[ClaimRule]:
        """The rules one of whose patterns is in the sentence."""
        lowered = searchable(sentence)
        if lowered is None:  # a character the strings cannot be lower-cased against: read it all
            for rule, _, patterns in self.rules:
                if any(pattern.search(sentence) for _, pattern in patterns):
                    yield rule
            return
        present = self.found(lowered, trigrams(lowered))
        for rule, words, patterns in self.rules:
            if words is not None and words.isdisjoint(present):
                continue
            if any(
                (need is None or not need.isdisjoint(present)) and pattern.search(sentence)
                for need, pattern in patterns
            ):
                yield rule
