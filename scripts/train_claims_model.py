"""Train the claims model on the corpus's train split and export it as JSON weights.

    .venv/bin/python scripts/train_claims_model.py            # both languages
    .venv/bin/python scripts/train_claims_model.py --check    # rebuild and compare with the shipped files

A logistic regression (scikit-learn, liblinear, fixed random_state) over the features
that clearprint/checks/claims_model.py defines (word unigrams and bigrams, character
3- to 5-grams, one L2-normalised binary vector), trained on the train split only. The
largest weights are kept (MAX_WEIGHTS) and rounded, so the file stays small and loads
fast; the threshold is then chosen with the rules together: the lowest of 0.50, 0.51,
... 0.99 at which the model flags no more than 1% of the honest sentences that the rules
let through, among the dev split (scored by the exported model) and the train split
(each sentence scored by a model trained on the other 4 of 5 folds, by group), and above
the highest score of any sentence of the shipped handouts (handouts/**/<language>.md),
which must pass. Claims of the pom-brand family are not trained on (see `trainable`). Nothing here reads
the test split. Rebuilding from the same corpus gives the same bytes.

scikit-learn is needed only here (requirements-train.txt, or the `train` extra in
pyproject.toml); checking never imports it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import claims_eval  # noqa: E402

from clearprint.checks import claims_language  # noqa: E402
from clearprint.checks.claims_model import Model, features, model_file  # noqa: E402
from clearprint.checks.normalise import fold  # noqa: E402

C = 4.0
MAX_WEIGHTS = 8000
DIGITS = 4
THRESHOLDS = [round(0.5 + 0.01 * i, 2) for i in range(50)]
HONEST_BUDGET = 0.01  # share of honest sentences the model alone may flag
FOLDS = 5


def folded(sentence: str, language: str) -> str:
    words = claims_language.load(ROOT, language).folded_words
    return fold(sentence, words)[0]


def fit(rows: list) -> tuple[dict[str, float], float]:
    """(kept weights, bias) of a model trained on `rows`."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise SystemExit("scikit-learn is not installed: .venv/bin/pip install -r requirements-train.txt") from None

    x = [features(folded(r.sentence, r.language)) for r in rows]
    y = [1 if r.label == "claim" else 0 for r in rows]
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(x)
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")
    model = LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=2000)
    model.fit(matrix, y)
    names = vectorizer.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, model.coef_[0], strict=True)}
    kept = sorted(weights.items(), key=lambda item: (-abs(item[1]), item[0]))[:MAX_WEIGHTS]
    rounded = {name: round(w, DIGITS) for name, w in sorted(kept) if round(w, DIGITS) != 0}
    return rounded, round(float(model.intercept_[0]), DIGITS)


def out_of_fold(rows: list) -> list[tuple[object, float]]:
    """(row, score) for every train row, each scored by a model trained on the other folds
    (FOLDS folds by group, so a document's sentences are never scored by a model that saw them)."""
    folds = [
        [r for r in rows if int(hashlib.sha256(r.group.encode()).hexdigest(), 16) % FOLDS == k] for k in range(FOLDS)
    ]
    scored = []
    for k, held in enumerate(folds):
        rest = [r for j, fold in enumerate(folds) if j != k for r in fold]
        weights, bias = fit(rest)
        model = Model(rows[0].language, bias, 1.0, weights, [])
        scored += [(r, model.score(folded(r.sentence, r.language))) for r in held]
    return scored


def trainable(rows: list) -> list:
    """Claims of the pom-brand family are left out: naming a medicine is a claim only in
    waiting-room material, so the words alone would teach the model a false alarm."""
    return [r for r in rows if not (r.label == "claim" and r.family == "pom-brand")]


def shipped_sentences(language: str) -> list[str]:
    """The sentences of the shipped handouts (and shared sections) in this language, folded."""
    from clearprint.checks.claims import sentences
    from clearprint.checks.text import chunks_of

    found = []
    for path in sorted((ROOT / "handouts").glob(f"**/{language}.md")):
        body = path.read_text(encoding="utf-8").split("\n---", 1)[-1]
        # a block's fence (::: country UK  # a source note) is markup, never printed or checked
        body = "\n".join("" if line.lstrip().startswith(":::") else line for line in body.split("\n"))
        for chunk in chunks_of(body, 1, path, None):
            found += [s for _, s in sentences(folded(chunk.text, language))]
    return found


def train(language: str) -> dict:
    rows = trainable(claims_eval.read(language, "train"))
    weights, bias = fit(rows)
    corpus = claims_eval.corpus_path(language).read_bytes()
    return {
        "language": language,
        "about": "claims model: logistic regression over word 1-2-grams and character 3-5-grams "
        "(clearprint/checks/claims_model.py), trained on the train split by scripts/train_claims_model.py",
        "trained_on": {
            "corpus": claims_eval.corpus_path(language).relative_to(ROOT).as_posix(),
            "split": "train",
            "sentences": len(rows),
            "corpus_sha256": hashlib.sha256(corpus).hexdigest(),
        },  # fmt: skip
        "C": C,
        "bias": bias,
        "threshold": 1.0,
        "weights": weights,
        "claims": sorted({r.sentence for r in rows if r.label == "claim"}),
    }


def choose_threshold(language: str, data: dict) -> tuple[float, list[str]]:
    """The lowest threshold at which the model alone flags at most 1% of the honest sentences
    of dev (scored by the model) and of train (each scored by a model that did not see it)."""
    model = Model(language, data["bias"], 1.0, data["weights"], data["claims"])
    dev = claims_eval.read(language, "dev")
    scored = [(row, model.score(folded(row.sentence, language))) for row in dev]
    scored += out_of_fold(trainable(claims_eval.read(language, "train")))
    honest_scores, claim_scores = [], []
    for row, score in scored:
        if claims_eval.findings(row, model=False):
            continue  # the rules flag it already; the model is not asked
        (claim_scores if row.label == "claim" else honest_scores).append(score)
    budget = math.floor(HONEST_BUDGET * sum(1 for r, _ in scored if r.label == "honest"))
    # the shipped handouts must pass: no threshold at or below the score of one of their sentences
    shipped = max((model.score(s) for s in shipped_sentences(language) if len(s.split()) >= 4), default=0.0)
    chosen = THRESHOLDS[-1]
    for threshold in THRESHOLDS:
        if sum(s >= threshold for s in honest_scores) <= budget and threshold > shipped:
            chosen = threshold
            break
    notes = [
        f"{language}: dev and out-of-fold train sentences the rules pass: {len(claim_scores)} claims, {len(honest_scores)} honest; "
        f"threshold {chosen}: the model adds {sum(s >= chosen for s in claim_scores)} claims and "
        f"{sum(s >= chosen for s in honest_scores)} false alarms (budget {budget}); "
        f"highest score of a shipped handout's sentence {shipped:.2f}"
    ]
    return chosen, notes


def build(language: str) -> bytes:
    data = train(language)
    data["threshold"], notes = choose_threshold(language, data)
    print("\n".join(notes))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=claims_eval.LANGUAGES, action="append")
    parser.add_argument("--check", action="store_true", help="rebuild and compare with the shipped files")
    args = parser.parse_args(argv)
    different = False
    for language in args.language or claims_eval.LANGUAGES:
        content = build(language)
        path = model_file(ROOT, language)
        if args.check:
            same = path.is_file() and path.read_bytes() == content
            print(f"{path.relative_to(ROOT)}: {'the same' if same else 'DIFFERENT'}")
            different |= not same
        else:
            path.write_bytes(content)
            print(f"{path.relative_to(ROOT)}: {len(content)} bytes, {len(json.loads(content)['weights'])} weights")
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
