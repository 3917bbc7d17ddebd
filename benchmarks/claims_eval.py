"""How well the claims checks do on the labelled corpus in tests/claims/.

Prints, for each language and split (train, dev, test, and the fresh sets fresh, fresh2
fresh3 and fresh4 when tests/claims/<set>.<language>.tsv exists: each written by someone who
had read neither the rules nor the corpus; fresh2 was scored first on stop 24's checker, fresh3
on stop 25's, fresh4 on stop 26's, each before any tuning that could have seen it), the recall per claim family and overall and
the share of honest sentences that pass with no finding at all, each with its Wilson 95%
interval, then every sentence it gets wrong. A claim counts as caught when the checker
says anything about it: an error, or a warning (the model's `claim-model` included); the
figure in brackets after the family's recall counts only findings of the claim's own
family. A warning on an honest sentence is a false alarm.

    .venv/bin/python benchmarks/claims_eval.py                  # every split
    .venv/bin/python benchmarks/claims_eval.py --split dev --split train
    .venv/bin/python benchmarks/claims_eval.py --split test --quiet   # figures only
    .venv/bin/python benchmarks/claims_eval.py --no-model       # the rules alone

The corpus (tests/claims/corpus.<language>.tsv, built by scripts/claims_corpus.py) has the
columns split, group, label, family, treatment, country, sentence. The split was fixed
by a hash of each group (the document a sentence was modelled on) and frozen in a commit
before the rules were tuned on train and dev; see scripts/claims_corpus.py.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "claims"
LANGUAGES = ("en", "es")
SPLITS = ("train", "dev", "test", "fresh", "fresh2", "fresh3", "fresh4")
FRESH = ("fresh", "fresh2", "fresh3", "fresh4")
COLUMNS = ("split", "group", "label", "family", "treatment", "country", "sentence")
FRESH_COLUMNS = COLUMNS[1:]  # a fresh set has no split column: all of it is `fresh`
# The claim families the issue asks for (rule data names each rule's family).
FAMILIES = (
    "safety",
    "no-risk",
    "no-side-effects",
    "no-pain",
    "immediate",
    "permanent",
    "superlative",
    "comparative",
    "guarantee",
    "natural",
    "dissolvable",
    "unapproved",
    "authority",
    "testimonial",
    "offer",
    "under-18",
    "pom-brand",
    "question-answer",
    "fragment",
)
# What makes an honest sentence hard.
HONEST_KINDS = ("plain", "other-sense", "negation", "hedge", "frequency", "quote", "refusal", "no-guarantee")


@dataclass(frozen=True)
class Row:
    split: str
    group: str  # the document the sentence was modelled on
    label: str  # claim or honest
    family: str  # for a claim, its family; for an honest sentence, what makes it hard
    treatment: str  # handout id of the treatment it is written about, or "-"
    country: str
    sentence: str
    language: str
    line: int


def corpus_path(language: str) -> Path:
    return CORPUS / f"corpus.{language}.tsv"


def fresh_path(language: str, split: str = "fresh") -> Path:
    return CORPUS / f"{split}.{language}.tsv"


def read_file(path: Path, language: str, columns: tuple[str, ...] = COLUMNS, split: str | None = None) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ValueError(f"{path}:{number}: expected {len(columns)} tab-separated cells, found {len(cells)}")
        values = dict(zip(columns, cells, strict=True))
        rows.append(Row(split or values["split"], *(values[c] for c in COLUMNS[1:]), language=language, line=number))
    return rows


def read(language: str, split: str | None = None) -> list[Row]:
    """The corpus rows of one language (and split); `fresh` reads the fresh set."""
    if split in FRESH:
        path = fresh_path(language, split)
        return read_file(path, language, FRESH_COLUMNS, split) if path.is_file() else []
    rows = read_file(corpus_path(language), language)
    return [r for r in rows if split is None or r.split == split]


# --- running the checker on one sentence -----------------------------------------------


@cache
def _rules(country: str, language: str, treatment: str):
    from clearprint.checks.claims_facts import treatment_rules
    from clearprint.checks.rules import load_rules
    from clearprint.problems import Problems

    rules = load_rules(ROOT, ROOT / "clinics" / "_none_", country, language, Problems(ROOT))
    return rules.claims + treatment_rules(ROOT, treatment, country, language)


def distribution_of(row: Row) -> str:
    """A sentence is checked as a leaflet handed out after a consultation, except a claim of
    the pom-brand family: naming a prescription-only medicine (or, in Australia, any cosmetic
    injectable) is a claim only in waiting-room material, and these rules apply only there."""
    return "waiting-room" if row.family == "pom-brand" else "after-consultation"


def findings(row: Row, distribution: str | None = None, model: bool = True) -> list[tuple[str, str, str, str]]:
    """(rule id, family, severity, quoted words) for every finding in the sentence."""
    distribution = distribution or distribution_of(row)
    from clearprint.checks import claims_model
    from clearprint.checks.claims import family_of, find_claims
    from clearprint.checks.text import chunks_of

    chunks = chunks_of(row.sentence, 1, ROOT / "corpus.md", "benefits")
    rules = _rules(row.country, row.language, row.treatment)
    second = claims_model.load(ROOT, row.language) if model else None
    return [
        (rule.id, family_of(rule), rule.severity, text)
        for rule, text, _ in find_claims(chunks, rules, row.language, distribution, root=ROOT, model=second)
    ]


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score 95% interval of a proportion."""
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Score:
    caught: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # any finding
    own: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # a finding of its own family
    by_model: int = 0  # claims only the model caught
    claims: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    honest_passed: int = 0
    honest: int = 0
    honest_by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    wrong: list[tuple[Row, list[tuple[str, str, str, str]]]] = field(default_factory=list)

    def recall(self, family: str | None = None) -> float | None:
        caught = sum(self.caught.values()) if family is None else self.caught[family]
        total = sum(self.claims.values()) if family is None else self.claims[family]
        return caught / total if total else None

    @property
    def honest_pass_rate(self) -> float:
        return self.honest_passed / self.honest if self.honest else 1.0


def evaluate(language: str, split: str, model: bool = True) -> Score:
    score = Score()
    for row in read(language, split):
        found = findings(row, model=model)
        if row.label == "claim":
            score.claims[row.family] += 1
            if found:
                score.caught[row.family] += 1
                score.own[row.family] += any(family == row.family for _, family, _, _ in found)
                score.by_model += all(rule == "claim-model" for rule, *_ in found)
            else:
                score.wrong.append((row, found))
        else:
            score.honest += 1
            score.honest_by_kind[row.family][1] += 1
            if found:
                score.wrong.append((row, found))
            else:
                score.honest_passed += 1
                score.honest_by_kind[row.family][0] += 1
    return score


def _interval(successes: int, total: int) -> str:
    low, high = wilson(successes, total)
    return f"[{low:6.1%}, {high:6.1%}]"


def report(language: str, split: str, show_wrong: bool = True, model: bool = True) -> list[str]:
    score = evaluate(language, split, model)
    total_claims = sum(score.claims.values())
    if not total_claims and not score.honest:
        return [f"== {language} {split}: no sentences"]
    lines = [f"== {language} {split}: {total_claims} claims, {score.honest} honest sentences"]
    families = [f for f in FAMILIES if score.claims[f]] + sorted(set(score.claims) - set(FAMILIES))
    for family in families:
        caught, total = score.caught[family], score.claims[family]
        lines.append(
            f"  recall {family:<16} {caught / total:6.1%} {_interval(caught, total)}  ({caught}/{total}; "
            f"own family {score.own[family]})"
        )
    caught = sum(score.caught.values())
    lines.append(
        f"  recall OVERALL          {caught / max(total_claims, 1):6.1%} {_interval(caught, total_claims)}  "
        f"({caught}/{total_claims}; only by the model {score.by_model})"
    )
    lines.append(
        f"  honest pass rate        {score.honest_pass_rate:6.1%} {_interval(score.honest_passed, score.honest)}  "
        f"({score.honest_passed}/{score.honest})"
    )
    for kind, (passed, total) in sorted(score.honest_by_kind.items()):
        lines.append(f"    honest {kind:<14} {passed}/{total}")
    if show_wrong:
        for row, found in score.wrong:
            where = f"[{row.group} {row.treatment} {row.country}]"
            if row.label == "claim":
                lines.append(f"  MISSED {row.family} {where} {row.sentence!r}")
            else:
                got = "; ".join(f"{r} ({s}) '{t}'" for r, _, s, t in found)
                lines.append(f"  FLAGGED honest {row.family} {where} {row.sentence!r}: {got}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misclassified sentences")
    parser.add_argument("--no-model", action="store_true", help="the rules alone, without the learned model")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    for language in args.language or LANGUAGES:
        for split in args.split or SPLITS:
            if split in FRESH and not fresh_path(language, split).is_file():
                continue
            print("\n".join(report(language, split, not args.quiet, not args.no_model)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
