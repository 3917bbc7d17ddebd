"""The claims checks on the labelled corpus (tests/claims/), and the facts per treatment.

The targets are asserted on the test split, computed here from the corpus: recall of at
least 90% in every family and at least 98% of honest sentences passing, in English and
Spanish. The dev split is what the rules were tuned on (benchmarks/claims_eval.py
prints both, with the sentences it gets wrong).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from clearprint.checks.claims import family_of, find_claims
from clearprint.checks.claims_facts import treatment_rules
from clearprint.checks.rules import load_rules
from clearprint.checks.text import chunks_of
from clearprint.problems import Problems
from conftest import samples

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("claims_eval", ROOT / "benchmarks" / "claims_eval.py")
claims_eval = importlib.util.module_from_spec(_spec)
sys.modules["claims_eval"] = claims_eval
_spec.loader.exec_module(claims_eval)

RECALL_MIN = 0.90
HONEST_MIN = 0.98


@pytest.mark.parametrize("language", claims_eval.LANGUAGES)
def test_the_corpus_is_large_balanced_and_split(language) -> None:
    rows = claims_eval.read(language)
    claims = [r for r in rows if r.label == "claim"]
    assert len(rows) >= {"en": 300, "es": 150}[language]
    assert 0.4 <= len(claims) / len(rows) <= 0.6, "about half claims, half honest sentences"
    assert {r.label for r in rows} == {"claim", "honest"} and {r.split for r in rows} == {"dev", "test"}
    for family in claims_eval.FAMILIES:
        in_test = [r for r in claims if r.family == family and r.split == "test"]
        assert len(in_test) >= 4, (family, len(in_test))
    assert len({r.sentence for r in rows}) == len(rows), "no sentence twice"


@pytest.mark.parametrize("language", claims_eval.LANGUAGES)
def test_targets_on_the_test_split(language) -> None:
    score = claims_eval.evaluate(language, "test")
    low = {f: score.recall(f) for f in claims_eval.FAMILIES if (score.recall(f) or 0) < RECALL_MIN}
    wrong = [f"{row.family}: {row.sentence} -> {found}" for row, found in score.wrong]
    assert not low, (low, wrong)
    assert score.honest_pass_rate >= HONEST_MIN, (score.honest_pass_rate, wrong)


def findings(sentence: str, handout: str, country: str = "US", language: str = "en", distribution="waiting-room"):
    root = samples()
    rules = load_rules(root, root / "clinics" / "none", country, language, Problems(root)).claims
    rules += treatment_rules(root, handout, country, language)
    chunks = chunks_of(sentence, 1, root / "x.md", "benefits")
    return [(rule, text) for rule, text, _ in find_claims(chunks, rules, language, distribution)]


def families(sentence: str, handout: str, country: str = "US", language: str = "en") -> set[str]:
    return {family_of(rule) for rule, _ in findings(sentence, handout, country, language)}


def test_a_claim_is_caught_because_of_what_the_treatment_is() -> None:
    # acne: not an approved or proven use of botulinum toxin; peels can help mild acne
    assert "unapproved" in families("It also clears acne.", "botulinum-toxin")
    assert not families("It also clears acne.", "chemical-peels")
    assert "unapproved" in families("También quita el acné.", "botulinum-toxin", language="es")
    assert not families("También quita el acné.", "chemical-peels", language="es")
    # how long it lasts: up to 2 years is true of cheek filler, not of botulinum toxin
    assert "permanent" in families("The results last up to 2 years.", "botulinum-toxin")
    assert not families("The results last up to 2 years.", "dermal-fillers")
    assert "permanent" in families("The results last 5 years.", "dermal-fillers")
    assert "permanent" in families("Los resultados duran un año entero.", "botulinum-toxin", language="es")
    assert "permanent" in families("The effect lasts a lifetime.", "botulinum-toxin")


def test_an_approved_use_differs_by_country() -> None:
    # Botox Cosmetic: neck bands approved in the US (2024); no such approval held for the UK
    sentence = "It is approved for neck bands."
    assert not families(sentence, "botulinum-toxin", "US")
    found = findings(sentence, "botulinum-toxin", "UK")
    assert [(r.id, r.severity) for r, _ in found] == [("claim-unapproved-use", "warning")]


def test_a_finding_names_its_family_quotes_the_words_says_why_and_suggests_an_honest_sentence() -> None:
    (rule, text), *_ = findings("It also gets rid of acne scars.", "botulinum-toxin")
    assert family_of(rule) == "unapproved" and text == "gets rid of acne scars"
    message = rule.message.format(match=text)
    assert message.startswith("'gets rid of acne scars' says botulinum toxin helps with acne")
    assert "not approved or proven" in message and "small studies" in message
    assert "It is not a treatment for acne" in rule.suggestion
    (rule, text), *_ = findings("You won't feel a thing.", "-")
    assert (family_of(rule), text) == ("no-pain", "won't feel a thing")
    assert "it can sting or ache for a short time" in rule.suggestion
    for rule, _ in findings("The effect lasts for 2 years.", "botulinum-toxin"):
        assert "about 3 to 4 months" in rule.suggestion


def test_a_country_rule_replaces_the_general_rule_of_its_family_at_the_same_words() -> None:
    uk = [r.id for r, _ in findings("Perfect for prom season.", "-", "UK")]
    assert uk == ["uk-under-18"]
    assert [r.id for r, _ in findings("Perfect for prom season.", "-", "US")] == ["claim-under-18"]


def test_a_label_denied_by_the_next_sentence_is_honest() -> None:
    assert not findings("Clearing acne or oily skin. Only a few small studies have tried this.", "botulinum-toxin")
    assert findings("Clearing acne or oily skin. Book today.", "botulinum-toxin")
