"""A learned second opinion on claims: a linear model over word and character n-grams.

The rules catch the claims someone thought of; the model, trained on the train split of
the labelled corpus (tests/claims/) by scripts/train_claims_model.py with scikit-learn,
catches wording that reads like the claims it has seen. Its weights are exported to
rules/claims_model.<language>.json and scored here in plain Python (scikit-learn is
never imported when checking). A sentence no rule flags but the model scores at or
above the file's threshold is a warning (rule id `claim-model`, which fails `--strict`),
quoting the sentence and the closest claim of the train split.

`features` is the one definition of the model's input: the training script calls it too,
so the exported weights mean the same here.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..languages import load as load_language
from ..problems import Problems
from .rules import ClaimRule

TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[%$£€?!]")
CHAR_SIZES = (3, 4, 5)


def features(text: str) -> dict[str, float]:
    """Word unigrams and bigrams and character 3- to 5-grams within words, as one
    L2-normalised binary vector. `text` is folded already (normalise.fold)."""
    found = _names(text)
    if not found:
        return {}
    value = 1 / math.sqrt(len(found))
    return {name: value for name in found}


def _names(text: str) -> set[str]:
    """The features that `features` gives the same value (the binary vector's ones)."""
    tokens = TOKEN.findall(text.lower())
    found: set[str] = {"w:" + t for t in tokens}
    found.update(f"b:{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    for token in tokens:
        padded = f" {token} "
        for n in CHAR_SIZES:
            found.update("c:" + padded[i : i + n] for i in range(len(padded) - n + 1))
    return found


def _words(text: str) -> set[str]:
    tokens = TOKEN.findall(text.lower())
    return set(tokens) | {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}


@dataclass
class Model:
    language: str
    bias: float
    threshold: float
    weights: dict[str, float]
    claims: list[str]  # the train split's claims, for the closest one
    message: str = ""  # the language's words (rules/languages/<language>.yaml, model:)
    suggestion: str = ""
    _claim_features: list[set[str]] | None = field(default=None, repr=False)
    _scores: dict[str, float] = field(default_factory=dict, repr=False)

    def score(self, text: str) -> float:
        """The probability that `text` is a claim (each text scored once per process)."""
        if text not in self._scores:
            vector = features(text)
            weights = self.weights
            # the same sum, term by term and in the same order, without a generator per feature
            total = self.bias + sum([weights[name] * value for name, value in vector.items() if name in weights])
            if len(self._scores) > 50_000:
                self._scores.clear()
            self._scores[text] = 1 / (1 + math.exp(-total))
        return self._scores[text]

    def closest(self, text: str) -> str:
        """The train claim that shares the most words and word pairs with `text` (cosine of the sets)."""
        if self._claim_features is None:
            self._claim_features = [_words(claim) for claim in self.claims]
        mine = _words(text)
        if not mine or not self.claims:
            return ""
        best = max(
            range(len(self.claims)),
            key=lambda i: (
                len(mine & self._claim_features[i]) / math.sqrt(len(mine) * len(self._claim_features[i]) or 1)
            ),
        )
        return self.claims[best]

    def flag(self, text: str) -> ClaimRule | None:
        """A warning rule for a sentence that reads like a claim, else None."""
        score = self.score(text)
        if score < self.threshold:
            return None
        closest = self.closest(text).replace("{", "{{").replace("}", "}}")
        return ClaimRule(
            id="claim-model",
            family="model",
            severity="warning",
            message=self.message.format(score=score, closest=closest),
            suggestion=self.suggestion,
            patterns=["(?!)"],
        )


def model_file(root: Path, language: str) -> Path:
    return root / "rules" / f"claims_model.{language}.json"


@cache
def _load(path: Path, stamp: int, message: str, suggestion: str) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        data["language"], data["bias"], data["threshold"], data["weights"], data["claims"], message, suggestion
    )


def load(root: Path, language: str) -> Model | None:
    """The language's model, or None when the project ships none for it (the rules still
    apply; the model is a second opinion)."""
    path = model_file(root, language)
    if not path.is_file():
        return None
    words = load_language(root, language).model  # a ContentError at the language's file if it has none
    try:
        return _load(path, path.stat().st_mtime_ns, words.message, words.suggestion)
    except (ValueError, KeyError, TypeError) as exc:
        reason = type(exc).__name__ if isinstance(exc, KeyError | TypeError) else str(exc)
        raise Problems(root).error(
            path, None, f"the claims model cannot be read ({reason}); rebuild it with scripts/train_claims_model.py"
        ) from None
