"""How well the claims checks do on the labelled corpus in tests/claims/.

Prints, for each language and split (dev: tune on it; test: only measure), the recall
per claim family (a claim counts as caught when a finding of its own family is raised)
and the share of honest sentences that pass with no finding at all, then every
sentence it gets wrong.

    .venv/bin/python benchmarks/claims_eval.py            # dev and test
    .venv/bin/python benchmarks/claims_eval.py --split dev

The split is fixed by a hash, not chosen: when the corpus was written (commit 4ea9e43,
before the checker was changed) the sentences of each language, label and family were
ordered by the SHA-256 of their text and dealt alternately to dev and test. A sentence
added later is marked `x` and `--write-splits` gives it the split of its own hash's
parity, so no sentence already in the corpus ever moves from test to dev.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "claims"
LANGUAGES = ("en", "es")
COLUMNS = ("split", "label", "family", "treatment", "country", "sentence")
# The families the issue asks for (rule data names each rule's family).
FAMILIES = (
    "safety",
    "no-risk",
    "no-side-effects",
    "no-pain",
    "immediate",
    "permanent",
    "superlative",
    "guarantee",
    "natural",
    "unapproved",
    "testimonial",
    "offer",
    "under-18",
    "pom-brand",
)


@dataclass(frozen=True)
class Row:
    split: str  # dev or test
    label: str  # claim or honest
    family: str  # for a claim, its family; for an honest sentence, what makes it hard
    treatment: str  # handout id of the treatment it is written about, or "-"
    country: str
    sentence: str
    language: str
    line: int


def corpus_path(language: str) -> Path:
    return CORPUS / f"corpus.{language}.tsv"


def read(language: str) -> list[Row]:
    rows = []
    for number, line in enumerate(corpus_path(language).read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{corpus_path(language)}:{number}: expected {len(COLUMNS)} tab-separated cells")
        rows.append(Row(*cells, language=language, line=number))
    return rows


def _digest(sentence: str) -> str:
    return hashlib.sha256(sentence.strip().encode("utf-8")).hexdigest()


def dealt(rows: list[Row]) -> dict[str, str]:
    """How the first corpus was split: within each language, label and family, by hash
    order, alternately dev and test."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in rows:
        groups[(row.language, row.label, row.family)].append(row.sentence)
    result = {}
    for sentences in groups.values():
        for i, sentence in enumerate(sorted(sentences, key=_digest)):
            result[sentence] = "dev" if i % 2 == 0 else "test"
    return result


def split_of_new(sentence: str) -> str:
    """The split of a sentence added after the first corpus: its own hash decides."""
    return "dev" if int(_digest(sentence), 16) % 2 == 0 else "test"


def write_splits(language: str) -> None:
    """Give every sentence marked `x` its split; leave the others where they are."""
    path = corpus_path(language)
    lines = path.read_text(encoding="utf-8").split("\n")
    for row in read(language):
        if row.split == "x":
            cells = lines[row.line - 1].split("\t")
            cells[0] = split_of_new(row.sentence)
            lines[row.line - 1] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


# --- running the checker on one sentence -----------------------------------------------


@cache
def _rules(country: str, language: str, treatment: str):
    from clearprint.checks.claims_facts import treatment_rules
    from clearprint.checks.rules import load_rules
    from clearprint.problems import Problems

    rules = load_rules(ROOT, ROOT / "clinics" / "_none_", country, language, Problems(ROOT))
    return rules.claims + treatment_rules(ROOT, treatment, country, language)


def findings(row: Row, distribution: str = "waiting-room") -> list[tuple[str, str, str]]:
    """(rule id, family, quoted words) for every finding in the sentence."""
    from clearprint.checks.claims import family_of, find_claims
    from clearprint.checks.text import chunks_of

    chunks = chunks_of(row.sentence, 1, ROOT / "corpus.md", "benefits")
    rules = _rules(row.country, row.language, row.treatment)
    return [
        (rule.id, family_of(rule), text) for rule, text, _ in find_claims(chunks, rules, row.language, distribution)
    ]


@dataclass
class Score:
    caught: dict[str, int]
    claims: dict[str, int]
    honest_passed: int
    honest: int
    wrong: list[tuple[Row, list[tuple[str, str, str]]]]

    def recall(self, family: str) -> float | None:
        return self.caught[family] / self.claims[family] if self.claims[family] else None

    @property
    def honest_pass_rate(self) -> float:
        return self.honest_passed / self.honest if self.honest else 1.0


def evaluate(language: str, split: str) -> Score:
    score = Score(defaultdict(int), defaultdict(int), 0, 0, [])
    for row in read(language):
        if row.split != split:
            continue
        found = findings(row)
        if row.label == "claim":
            score.claims[row.family] += 1
            if any(family == row.family for _, family, _ in found):
                score.caught[row.family] += 1
            else:
                score.wrong.append((row, found))
        else:
            score.honest += 1
            if found:
                score.wrong.append((row, found))
            else:
                score.honest_passed += 1
    return score


def report(language: str, split: str, show_wrong: bool = True) -> list[str]:
    score = evaluate(language, split)
    lines = [f"== {language} {split}: {sum(score.claims.values())} claims, {score.honest} honest sentences"]
    for family in FAMILIES:
        recall = score.recall(family)
        shown = "  -  " if recall is None else f"{recall:6.1%}"
        lines.append(f"  recall {family:<16} {shown}  ({score.caught[family]}/{score.claims[family]})")
    lines.append(f"  honest pass rate        {score.honest_pass_rate:6.1%}  ({score.honest_passed}/{score.honest})")
    if show_wrong:
        for row, found in score.wrong:
            if row.label == "claim":
                got = ", ".join(f"{f}" for _, f, _ in found) or "nothing"
                lines.append(f"  MISSED {row.family} [{row.treatment} {row.country}] {row.sentence!r} (found: {got})")
            else:
                got = "; ".join(f"{r} '{t}'" for r, _, t in found)
                lines.append(f"  FLAGGED honest [{row.treatment} {row.country}] {row.sentence!r}: {got}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), action="append")
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misclassified sentences")
    parser.add_argument("--write-splits", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.write_splits:
        for language in LANGUAGES:
            write_splits(language)
        return 0
    for language in args.language or LANGUAGES:
        for split in args.split or ("dev", "test"):
            print("\n".join(report(language, split, not args.quiet)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
