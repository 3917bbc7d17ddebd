"""Attack 8 (issue 19): the claim and brand-name cases that reached paper at first try.

- case 97: "It is pain less." (the hyphenated and spaced-out letters were caught);
- case 87: "Bot ox" in UK waiting-room material ("B0tox", "Bo-tox", "B.O.T.O.X" were caught);
- case 86: Vistabel and Roaccutane, prescription-only medicines, in UK waiting-room material.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks.claims import find_claims
from clearprint.checks.rules import load_rules
from clearprint.checks.text import chunks_of
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


def rule_ids(text: str, country: str, distribution: str) -> set[str]:
    rules = load_rules(ROOT, ROOT / "clinics" / "none", country, "en", Problems(ROOT)).claims
    chunks = chunks_of(text, 1, ROOT / "x.md", "benefits")
    return {rule.id for rule, _, _ in find_claims(chunks, rules, "en", distribution, root=ROOT)}


@pytest.mark.parametrize("sentence", ["It is pain less.", "The peel is pain free."])
def test_pain_less_is_the_painless_claim(sentence: str) -> None:
    assert "claim-painless" in rule_ids(sentence, "US", "after-consultation")


def test_pain_less_often_is_not_a_claim_when_denied() -> None:
    assert "claim-painless" not in rule_ids("It is not pain free.", "US", "after-consultation")


@pytest.mark.parametrize(
    "sentence", ["Ask about Bot ox.", "Ask about Bo tox.", "We use Vistabel.", "Roaccutane users: wait."]
)
def test_uk_waiting_room_brand_names_are_refused(sentence: str) -> None:
    brand = {"uk-pom-brand-name", "uk-pom-euphemism"}  # one finding per family: 'tox' alone is a euphemism
    assert brand & rule_ids(sentence, "UK", "waiting-room")
    assert not brand & rule_ids(sentence, "UK", "after-consultation")


def test_words_that_only_contain_the_letters_are_not_brand_names() -> None:
    assert "uk-pom-brand-name" not in rule_ids("A bottle of toxic oxygen.", "UK", "waiting-room")
