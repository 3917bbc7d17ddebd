"""Claims round 4 (issue 20): quotations and scepticism, words in another sense, negative
concord, time limits, answers after a filler, spaced-out letters, and the prefilter that
must never skip a sentence a rule matches."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from clearprint.checks import claims, claims_model
from clearprint.checks.claims import family_of, find_claims
from clearprint.checks.claims_facts import treatment_rules
from clearprint.checks.claims_prefilter import needles
from clearprint.checks.normalise import fold
from clearprint.checks.rules import compiled, load_rules
from clearprint.checks.text import chunks_of
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


def _rules(language: str, country: str = "US"):
    return load_rules(ROOT, ROOT / "clinics" / "none", country, language, Problems(ROOT)).claims


def findings(sentence: str, language: str = "en", country: str = "US", handout: str = "-"):
    rules = _rules(language, country) + treatment_rules(ROOT, handout, country, language)
    chunks = chunks_of(sentence, 1, ROOT / "x.md", "benefits")
    model = claims_model.load(ROOT, language)
    return list(find_claims(chunks, rules, language, "after-consultation", root=ROOT, model=model))


HONEST = [
    # a quotation weighed by a warning or scepticism verb, in single or double quotes
    ("Be careful if anyone calls filler 'completely safe'; ask what the risks are.", "en"),
    ("Ignore adverts that call a peel 'painless'.", "en"),
    ("Being promised 'permanent results' is a reason to ask more questions.", "en"),
    ("Walk away from a clinic that pushes 'this week only' deals.", "en"),
    ("Aléjese de quien le presione con una oferta “solo por hoy”.", "es"),
    # a claim word that describes the premises, paying or a harm
    ("We have a permanent ramp at the front entrance.", "en"),
    ("Paying by card is quick and painless.", "en"),
    ("Sun damage to the skin is permanent, so wear a hat outside.", "en"),
    ("La entrada tiene una rampa permanente.", "es"),
    ("Pagar con tarjeta es rápido y sin complicaciones.", "es"),
    ("El daño del sol es permanente; use protector solar.", "es"),
    # cheapness, not a price
    ("Cheaper is not always better when choosing who injects you.", "en"),
    ("Lo barato no siempre es lo mejor cuando elige quién le inyecta.", "es"),
    # a negation before a negative word that is not concord: still denied
    ("No hay ningún tratamiento sin riesgos.", "es"),
    # a time limit is a time
    ("Most people have no swelling after the first week.", "en"),
]

CLAIMS = [
    # the same words about the treatment, or with another subject between
    ("Our filler results are permanent.", "en", "permanent"),
    ("Booking is easy and the injections are painless.", "en", "no-pain"),
    ("Your scars are erased overnight.", "en", "immediate"),
    ("Los resultados son permanentes.", "es", "permanent"),
    # Spanish negative concord: one negation, a claim
    ("Los pacientes no sufren ningún efecto secundario.", "es", "no-side-effects"),
    # an event is not a time limit
    ("No bruising after a peel with us.", "en", "no-side-effects"),
    # an answer after a filler word
    ("¿Duele? La verdad, nada.", "es", "question-answer"),
    # letters spaced out or hyphenated into a claim word
    ("100% S A F E injections.", "en", "safety"),
    ("Results g-u-a-r-a-n-t-e-e-d.", "en", "guarantee"),
    ("Inyecciones I N D O L O R A S y rápidas.", "es", "no-pain"),
]


@pytest.mark.parametrize(("sentence", "language"), HONEST)
def test_honest_sentence_has_no_finding(sentence: str, language: str) -> None:
    assert [(rule.id, text) for rule, text, _ in findings(sentence, language)] == []


@pytest.mark.parametrize(("sentence", "language", "family"), CLAIMS)
def test_claim_is_flagged_in_its_family(sentence: str, language: str, family: str) -> None:
    found = findings(sentence, language)
    assert family in {family_of(rule) for rule, _, _ in found}, [(r.id, t) for r, t, _ in found]


def test_spaced_letters_are_joined_only_into_a_known_word_and_keep_their_columns() -> None:
    text = "Try P A I N L E S S peels, from A to Z: a b c d."
    folded, where = fold(text, ["painless"])
    assert folded == "Try PAINLESS peels, from A to Z: a b c d."
    assert [text[i] for i in where] == list(folded)
    assert where[folded.index("PAINLESS") + 1] == text.index("A I N")


def test_a_single_quote_is_not_an_apostrophe() -> None:
    # "clients' results" has no quotation: the claim stands
    found = findings("Our clients' results are permanent, people tell us.")
    assert "permanent" in {family_of(rule) for rule, _, _ in found}


def test_needles_are_strings_every_match_contains() -> None:
    assert needles((r"\bpain(?:less|[- ]free)\b",)) == frozenset({"pain"})
    assert needles((r"\b(?:no|zero)\s+risk\b",)) == frozenset({"risk"})
    assert needles((r"\b(?:safe|harmless)\b",)) == frozenset({"safe", "harmless"})
    assert needles((r"[$£€]\s?\d",)) == frozenset({"$", "£", "€"})  # a class of single characters
    assert needles((r"\b(?-i:No|NO)\.?\s?1\b",)) == frozenset({"no"})  # re parses it N[oO]
    assert needles((r"[a-z]+\s?\d",)) is None  # nothing literal: every sentence is matched


def _corpus(language: str) -> list[str]:
    path = ROOT / "tests" / "claims" / f"corpus.{language}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
    return [fold(row[-1], ())[0] for row in rows if row[0] == "dev"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_prefilter_never_skips_a_sentence_a_rule_matches(language: str) -> None:
    rules = _rules(language) + treatment_rules(ROOT, "dermal-fillers", "US", language)
    sentences = _corpus(language) + ["PAİNLESS and ſafe", "İnstant results"]
    assert len(sentences) > 100
    for rule in rules:
        for sentence in sentences:
            expected = any(compiled(pattern).search(sentence) for pattern in rule.patterns)
            assert claims._hit(rule, sentence) == expected, (rule.id, sentence)
