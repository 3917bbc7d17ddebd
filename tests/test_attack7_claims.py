"""Attack 7 (issue 19): the four claim cases that reached paper, each fixed by class, in
English and Spanish, with the honest sentences that share their words.

- A12: accented look-alike spellings ("páinless", "100% sáfe", "guarantéed"): the claim
  rules read Latin letters without their diacritics (checks/diacritics.py), the rules too.
- A11 / A71: calling a risk a myth or untrue ("It is not true that peels cause side
  effects", "Es un mito que el peeling duela") is a claim of no risk
  (claim-risk-called-myth in rules/claims.<language>.yaml).
- A04: a claim split over list items that run on into each other ("Our peels are 100%" /
  "safe for you, with" / "zero" / "side effects"), read as one text (checks/list_runs.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clearprint_run import in_process

from clearprint.checks import claims_model
from clearprint.checks.claims import find_claims
from clearprint.checks.claims_facts import treatment_rules
from clearprint.checks.diacritics import bare
from clearprint.checks.list_runs import runs
from clearprint.checks.rules import load_rules
from clearprint.checks.text import chunks_of
from clearprint.problems import Problems
from conftest import make_project

ROOT = Path(__file__).resolve().parents[1]


def _rules(language: str):
    rules = load_rules(ROOT, ROOT / "clinics" / "none", "US", language, Problems(ROOT)).claims
    return rules + treatment_rules(ROOT, "chemical-peels", "US", language)


def findings(text: str, language: str, model: bool = True) -> list[tuple[str, str, int, int]]:
    """(rule id, the words as written, line, column) for every finding in `text` (Markdown),
    with Clearprint's rules for a US clinic, read as the handout check reads it: each
    paragraph or item, then each run of list items."""
    rules = _rules(language)
    chunks = chunks_of(text, 1, ROOT / "x.md", "benefits")
    second = claims_model.load(ROOT, language) if model else None
    found = [*find_claims(chunks, rules, language, "after-consultation", root=ROOT, model=second)]
    found += find_claims(runs(chunks), rules, language, "after-consultation", root=ROOT)
    return sorted({(rule.id, words, at.line, at.col) for rule, words, at in found}, key=lambda f: (f[2], f[3], f[0]))


def rule_ids(text: str, language: str) -> set[str]:
    return {rule for rule, *_ in findings(text, language)}


# --- A12: diacritics on Latin letters -----------------------------------------------------


def test_bare_takes_diacritics_off_latin_letters_one_for_one() -> None:
    assert (
        bare("páinless sáfe guarantéed naïve ñandú Ørsted łódź") == "painless safe guaranteed naive nandu Orsted lodz"
    )
    assert len(bare("indolóro 100 % segúro")) == len("indolóro 100 % segúro")
    assert bare("ВОТОХ µg — ¿sí?") == "ВОТОХ µg — ¿si?"  # other scripts and symbols are not this module's


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "A light peel is páinless and 100% sáfe, with guarantéed results.",
            "en",
            {
                ("claim-painless", "páinless"),
                ("claim-absolute-safety", "100% sáfe"),
                ("claim-guaranteed", "guarantéed"),
            },
        ),
        (
            "Our peels are rìsk-frëe and ṕainless.",
            "en",
            {("claim-no-risk", "rìsk-frëe"), ("claim-painless", "ṕainless")},
        ),
        # a combining accent typed after the letter, and one that composes with nothing
        ("It is 100% sa\u0301fe and s\u0306afe.", "en", {("claim-absolute-safety", "100% sáfe")}),
        (
            "Un peeling indolóro y 100 % segúro, con resultados garantízados.",
            "es",
            {
                ("claim-painless", "indolóro"),
                ("claim-absolute-safety", "100 % segúro"),
                ("claim-guaranteed", "garantízados"),
            },
        ),
        # a Spanish rule written with its accents matches the word written without them
        ("Resultados rapidos y sin riesgos.", "es", {("claim-no-risk", "sin riesgos")}),
    ],
)
def test_accented_spellings_of_claim_words_are_claims_quoted_as_written(
    text: str, language: str, expected: set[tuple[str, str]]
) -> None:
    found = {(rule, words) for rule, words, _, _ in findings(text, language)}
    assert expected <= found, found


def test_a_finding_in_accented_text_keeps_its_column() -> None:
    found = findings("Intro line.\n\nYes: a páinless peel, 100% sáfe.", "en")
    assert [(rule, line, col) for rule, _, line, col in found] == [
        ("claim-painless", 3, 8),
        ("claim-absolute-safety", 3, 23),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Our café is on the ground floor; naïve questions are welcome.", "en"),
        ("Most people feel stinging for a few minutes; it is not painless.", "en"),
        ("¿Duele? Sí, suele escocer unos minutos.", "es"),  # "sí" (yes) is still told from "si" (if)
        ("Si le escuece mucho, llámenos; no es indoloro para todos.", "es"),
        ("Después del peeling, la piel está roja y se pela unos días.", "es"),
    ],
)
def test_honest_accented_text_passes(text: str, language: str) -> None:
    assert findings(text, language) == []


# --- A11 / A71: a risk called a myth or untrue ------------------------------------------------

MYTHS = [
    ("It is not true that peels cause side effects.", "en"),
    ("It is a myth that a peel can leave scars.", "en"),
    ("It's false that peels hurt.", "en"),
    ("It isn't true that a light peel can burn your skin.", "en"),
    ("The idea that fillers cause lumps is a common misconception.", "en"),
    ("Scarring after a light peel is a myth.", "en"),
    ("Es un mito que el peeling duela o deje manchas.", "es"),
    ("No es cierto que el peeling cause efectos secundarios.", "es"),
    ("No es verdad que un peeling pueda dejar cicatrices.", "es"),
    ("Es falso que el relleno produzca bultos.", "es"),
    ("Es mentira que el bótox dé moretones.", "es"),
    ("Las cicatrices después de un peeling suave son un mito.", "es"),
]


@pytest.mark.parametrize(("text", "language"), MYTHS)
def test_a_risk_called_a_myth_or_untrue_is_a_claim_of_no_risk(text: str, language: str) -> None:
    assert "claim-risk-called-myth" in rule_ids(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Some people say peels are painless, but most feel stinging.", "en"),
        ("It is not true that you must stop all your medicines.", "en"),
        ("It is a myth that peels are painless.", "en"),  # denies a claim, not a risk
        ("It is not a myth that peels can scar: about 1 in 100 people get a scar.", "en"),
        ("It is not true that botulinum toxin has no side effects.", "en"),
        ("It is a myth that every peel leaves scars.", "en"),
        ("It is a myth that peels remove acne scars.", "en"),
        ("It is a myth that stinging means the peel is working.", "en"),
        ("Contrary to popular belief, peels can cause scars.", "en"),
        ("Es un mito que haya que dejar todos los medicamentos.", "es"),
        ("Es un mito que el peeling sea indoloro.", "es"),
        ("No es un mito que el peeling pueda dejar manchas.", "es"),
        ('No es cierto que un peeling "de frutas" no pueda irritar.', "es"),
        ("Es un mito que el peeling quite todas las manchas.", "es"),
        ("Es un mito que el peeling siempre deje manchas.", "es"),
    ],
)
def test_honest_myth_busting_passes(text: str, language: str) -> None:
    assert "claim-risk-called-myth" not in rule_ids(text, language)
    assert findings(text, language) == []


def test_contrary_to_popular_belief_with_a_denied_harm_is_still_a_claim() -> None:
    assert "claim-no-side-effects" in rule_ids("Contrary to popular belief, peels do not cause scars.", "en")
    assert rule_ids("Contrario a lo que se cree, el peeling no deja cicatrices.", "es")


# --- A04: a claim split over list items ------------------------------------------------------

SPLIT = "Why patients choose us:\n\n- Our peels are 100%\n- safe for you, with\n- zero\n- side effects\n"
SPLIT_ES = (
    "Por qué nos eligen:\n\n- Nuestros peelings son 100 %\n- seguros para usted, con\n- cero\n- efectos secundarios\n"
)


def test_list_items_that_run_on_are_one_text_at_their_places() -> None:
    more = "\nOther lists:\n\n- Redness.\n- Swelling.\n\nAnd:\n\n- Sun\n  - cream\n- hat\n"  # ended; another level
    chunks = chunks_of(SPLIT + more, 10, ROOT / "x.md", "benefits")
    joined = runs(chunks)
    assert [r.text for r in joined] == ["Our peels are 100% safe for you, with zero side effects"]
    at = joined[0].positions[joined[0].text.index("zero")]
    assert (at.line, at.col) == (14, 3)  # the third item, past its "- "


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (SPLIT, "en", [("claim-absolute-safety", "100% safe", 3, 17), ("claim-no-side-effects", "zero side effects", 5, 3)]),
        (SPLIT.replace("- safe", "- Safe").replace("- zero", "- Zero"), "en", [
            ("claim-absolute-safety", "100% Safe", 3, 17), ("claim-no-side-effects", "Zero side effects", 5, 3)]),
        (SPLIT_ES, "es", [("claim-absolute-safety", "100 % seguros", 3, 25), ("claim-no-side-effects", "cero efectos secundarios", 5, 3)]),
        ("- Un peeling\n- indoloro y\n- sin riesgos\n", "es", [
            ("claim-painless", "indoloro", 2, 3), ("claim-fragment", "sin riesgos", 3, 3),
            ("claim-no-risk", "sin riesgos", 3, 3)]),
    ],
)  # fmt: skip
def test_a_claim_split_over_list_items_is_found_at_its_first_word(
    text: str, language: str, expected: list[tuple[str, str, int, int]]
) -> None:
    assert findings(text, language, model=False) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What to bring:\n\n- Sunscreen\n- No make-up on the day\n- A list of your medicines\n", "en"),
        ("You may get:\n\n- redness\n- swelling\n- peeling for 3 to 5 days\n", "en"),
        ("- Redness\n- No make-up for a day\n- Swelling\n", "en"),
        ("Puede notar:\n\n- enrojecimiento\n- hinchazón\n- descamación de 3 a 5 días\n", "es"),
    ],
)
def test_honest_lists_pass(text: str, language: str) -> None:
    assert findings(text, language, model=False) == []


# --- the four cases in a handout, checked as the build checks it ---------------------------

LINE = re.compile(r"^\s*(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): error (?P<rule>[a-z0-9-]+): ", re.M)
BENEFITS = "Lines look softer.\n"
RISKS = "About 2 in 100 people get a drooping eyelid [1].\n"
ATTACK = (
    "A light peel is páinless and 100% sáfe, with guarantéed results.\n\n"
    "It is not true that peels cause side effects. It is a myth that a peel can leave scars.\n\n" + SPLIT
)
HONEST = (
    "Some people say peels are painless, but most feel stinging.\n\n"
    "It is not true that you must stop all your medicines.\n\n"
    "Our café is next door. It is not a myth that peels can scar [1].\n\n"
    "You may get:\n\n- redness\n- swelling\n- peeling for a few days\n"
)


def test_the_four_cases_are_refused_in_a_handout_and_honest_words_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    page = project / "handouts/tiny/en.md"
    text = page.read_text()
    first = text.splitlines().index(BENEFITS.strip()) + 2  # the attack's first line is 1
    page.write_text(text.replace(BENEFITS, BENEFITS + "\n" + ATTACK))
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    assert code == 1
    found = {  # the accented words are also not English words (checks/language_of_text.py): told apart here
        (m["file"], int(m["line"]) - first, int(m["col"]), m["rule"])
        for m in LINE.finditer(out + err)
        if m["rule"] != "text-unknown-word"
    }
    assert found == {
        ("handouts/tiny/en.md", 1, 17, "claim-painless"),
        ("handouts/tiny/en.md", 1, 30, "claim-absolute-safety"),
        ("handouts/tiny/en.md", 1, 46, "claim-guaranteed"),
        ("handouts/tiny/en.md", 3, 7, "claim-risk-called-myth"),
        ("handouts/tiny/en.md", 3, 53, "claim-risk-called-myth"),
        ("handouts/tiny/en.md", 7, 17, "claim-absolute-safety"),  # "- Our peels are 100%"
        ("handouts/tiny/en.md", 9, 3, "claim-no-side-effects"),  # "- zero"
    }, out + err

    page.write_text(text.replace(RISKS, RISKS + "\n" + HONEST))  # in the risks: the balance holds
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    assert code == 0, out + err
