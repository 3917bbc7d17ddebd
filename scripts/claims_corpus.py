"""Merge new labelled sentences into the claims corpus and split it by group, once.

    .venv/bin/python scripts/claims_corpus.py --new /path/to/corpus   # folder with en/*.tsv, es/*.tsv
    .venv/bin/python scripts/claims_corpus.py --new /path --train-dev # after the freeze: never into test
    .venv/bin/python scripts/claims_corpus.py --check                 # validate only

New files have the columns group, label, family, treatment, country, sentence (group: the
document a sentence was modelled on). tests/claims/corpus.<language>.tsv gets the columns
split, group, label, family, treatment, country, sentence.

How the split is fixed (and never changed afterwards: the split column is frozen in a
commit made before any rule was tuned on the merged corpus):

- Sentences of the first corpus (written before issue 20, split dev/test by hash) each
  get their own group, `legacy-` and the first 10 hex digits of the SHA-256 of the
  sentence. One of its test sentences stays in test. One of its dev sentences was tuned
  on, so it may never enter test: it goes to train or dev by its group's hash (bucket
  below 75 of 100: train).
- A new sentence's group decides: bucket = SHA-256 of "<language>:<group>" modulo 100;
  below 60 train, below 80 dev, else test (60/20/20 by group, so near-duplicates modelled
  on the same document never cross a split). If the test split would then hold fewer
  than 150 honest sentences in a language, that language's dev share shrinks (and test
  grows) in steps of 5 until it holds them; the shares used are printed.
- After the test split was frozen (issue 20), sentences added for tuning go with
  `--train-dev`: their groups are named `tuning-<group>` (the prefix is added), and such a
  group goes to train (bucket below 60) or dev, never to test, so the frozen test split
  stays exactly as committed.

Validation: every row has 7 cells and no tab or newline inside one; labels are claim or
honest; families are the issue's (benchmarks/claims_eval.py FAMILIES and HONEST_KINDS);
treatments are handouts or '-'; countries have a profile; no sentence twice in a
language (compared case- and space-insensitively: a repeat in the new files is dropped
and counted).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import claims_eval  # noqa: E402

HEADER = (
    "# Labelled sentences for the claims checks (benchmarks/claims_eval.py; made by scripts/claims_corpus.py).\n"
    "# Tab-separated: split (train|dev|test, fixed by a hash of the group and frozen), group (the document a\n"
    "# sentence was modelled on; legacy-<hash> for the first corpus), label (claim|honest), family (a claim's\n"
    "# family; for an honest sentence what makes it hard), treatment (handout id or -), country, sentence.\n"
)
TEST_HONEST_MIN = 150
TREATMENTS = ("-", "botulinum-toxin", "dermal-fillers", "chemical-peels")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bucket(language: str, group: str) -> int:
    return int(digest(f"{language}:{group}"), 16) % 100


def key(sentence: str) -> str:
    return " ".join(sentence.casefold().split())


def legacy_rows(language: str) -> list[list[str]]:
    """The corpus as it is: old six-column rows get their legacy group and split."""
    rows = []
    for number, line in enumerate(claims_eval.corpus_path(language).read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) == 7:
            rows.append(cells)
            continue
        if len(cells) != 6:
            raise SystemExit(f"{claims_eval.corpus_path(language)}:{number}: expected 6 or 7 cells")
        split, label, family, treatment, country, sentence = cells
        group = "legacy-" + digest(sentence.strip())[:10]
        if split == "dev":
            split = "train" if bucket(language, group) < 75 else "dev"
        rows.append([split, group, label, family, treatment, country, sentence])
    return rows


TUNING = "tuning-"  # groups added after the test split was frozen: train or dev only


def tuning_split(language: str, group: str) -> str:
    return "train" if bucket(language, group) < 60 else "dev"


def new_rows(folder: Path, language: str) -> list[tuple[Path, int, list[str]]]:
    rows = []
    for path in sorted((folder / language).glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) != 6:
                raise SystemExit(f"{path}:{number}: expected 6 tab-separated cells, found {len(cells)}")
            rows.append((path, number, cells))
    return rows


def split_new(language: str, groups: set[str], honest_per_group: dict[str, int], legacy_test_honest: int):
    """(dev share, test share) in percent and group -> split."""
    for dev_share in range(20, -1, -5):
        test_share = 40 - dev_share
        train_below, dev_below = 60, 60 + dev_share
        splits = {
            g: "train" if bucket(language, g) < train_below else "dev" if bucket(language, g) < dev_below else "test"
            for g in groups
        }
        honest_test = legacy_test_honest + sum(n for g, n in honest_per_group.items() if splits[g] == "test")
        if honest_test >= TEST_HONEST_MIN:
            return dev_share, test_share, splits
    return dev_share, test_share, splits


def validate(language: str, rows: list[list[str]]) -> list[str]:
    problems = []
    profiles = {p.stem for p in (ROOT / "rules" / "profiles").glob("*.yaml")}
    seen: dict[str, int] = {}
    for index, cells in enumerate(rows, 1):
        where = f"{language} row {index}"
        if len(cells) != 7 or any("\t" in c or "\n" in c for c in cells):
            problems.append(f"{where}: 7 cells without tabs or newlines")
            continue
        split, group, label, family, treatment, country, sentence = cells
        if split not in ("train", "dev", "test"):
            problems.append(f"{where}: split {split!r}")
        if label == "claim" and family not in claims_eval.FAMILIES:
            problems.append(f"{where}: unknown claim family {family!r}")
        if label == "honest" and family not in claims_eval.HONEST_KINDS:
            problems.append(f"{where}: unknown honest kind {family!r}")
        if label not in ("claim", "honest"):
            problems.append(f"{where}: label {label!r}")
        if treatment not in TREATMENTS:
            problems.append(f"{where}: treatment {treatment!r}")
        if country not in profiles:
            problems.append(f"{where}: country {country!r} has no profile")
        if not group or not sentence.strip():
            problems.append(f"{where}: empty group or sentence")
        if key(sentence) in seen:
            problems.append(f"{where}: the same sentence as row {seen[key(sentence)]}")
        seen[key(sentence)] = index
    groups: dict[str, set[str]] = {}
    for cells in rows:
        groups.setdefault(cells[1], set()).add(cells[0])
    problems += [f"{language}: group {g} is in {sorted(s)}" for g, s in groups.items() if len(s) > 1]
    return problems


def write(language: str, rows: list[list[str]]) -> None:
    order = {"train": 0, "dev": 1, "test": 2}
    rows = sorted(rows, key=lambda r: (order[r[0]], r[1], r[2], r[3], r[6]))
    text = HEADER + "".join("\t".join(r) + "\n" for r in rows)
    claims_eval.corpus_path(language).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--new", type=Path, help="folder with <language>/*.tsv files of new sentences")
    parser.add_argument("--check", action="store_true", help="validate the corpus files only")
    parser.add_argument("--train-dev", action="store_true", help="new groups go to train or dev only (test is frozen)")
    args = parser.parse_args(argv)
    failed = False
    for language in claims_eval.LANGUAGES:
        rows = legacy_rows(language)
        if not args.check:
            known = {key(r[6]) for r in rows}
            fresh, dropped = [], 0
            for _path, _number, cells in new_rows(args.new, language) if args.new else ():
                if args.train_dev and not cells[0].startswith(TUNING):
                    cells[0] = TUNING + cells[0]
                if key(cells[5]) in known:
                    dropped += 1
                    continue
                known.add(key(cells[5]))
                fresh.append(cells)
            groups = {c[0] for c in fresh}
            existing = {r[1] for r in rows}
            clash = groups & existing
            if clash:
                raise SystemExit(f"{language}: new groups already in the corpus: {sorted(clash)[:5]}")
            honest_per_group: dict[str, int] = {}
            for c in fresh:
                honest_per_group[c[0]] = honest_per_group.get(c[0], 0) + (c[1] == "honest")
            legacy_test_honest = sum(1 for r in rows if r[0] == "test" and r[2] == "honest")
            if args.train_dev:
                dev_share, test_share = 40, 0
                splits = {g: tuning_split(language, g) for g in groups}
            else:
                dev_share, test_share, splits = split_new(language, groups, honest_per_group, legacy_test_honest)
            rows += [[splits[c[0]], *c] for c in fresh]
            print(f"{language}: {len(fresh)} new sentences in {len(groups)} groups ({dropped} repeats dropped); "
                  f"new groups split {100 - dev_share - test_share}/{dev_share}/{test_share}")  # fmt: skip
            write(language, rows)
        problems = validate(language, rows)
        for problem in problems:
            print(problem)
        failed |= bool(problems)
        counts: dict[tuple[str, str], int] = {}
        for r in rows:
            counts[(r[0], r[2])] = counts.get((r[0], r[2]), 0) + 1
        print(
            language,
            " ".join(
                f"{s}/{lab}={counts.get((s, lab), 0)}" for s in ("train", "dev", "test") for lab in ("claim", "honest")
            ),
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
