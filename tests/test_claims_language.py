"""Claims checks built for language (issue 20): folded text, questions and answers,
fragments, hedges and refusals, language data per language, and the learned model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clearprint.checks import claims_language, claims_model
from clearprint.checks.claims import family_of, find_claims
from clearprint.checks.claims_facts import treatment_rules
from clearprint.checks.normalise import fold, fold_text
from clearprint.checks.rules import load_rules
from clearprint.checks.text import chunks_of
from clearprint.cli import main
from clearprint.problems import ContentError, Problems
from conftest import samples, with_ocr_readings

ROOT = Path(__file__).resolve().parents[1]


def findings(sentence: str, handout: str = "-", country: str = "US", language: str = "en", model: bool = True):
    rules = load_rules(ROOT, ROOT / "clinics" / "none", country, language, Problems(ROOT)).claims
    rules += treatment_rules(ROOT, handout, country, language)
    chunks = chunks_of(sentence, 1, ROOT / "x.md", "benefits")
    second = claims_model.load(ROOT, language) if model else None
    return list(find_claims(chunks, rules, language, "after-consultation", root=ROOT, model=second))


# The false alarms the issue quotes: each must pass, in every country it names.
ISSUE_HONEST = [
    ("We do not treat teenagers.", "en", "UK"),
    ("We do not treat teenagers.", "en", "US"),
    ("This treatment is not for teens.", "en", "UK"),
    ("This treatment is not for teens.", "en", "US"),
    ("Is it painless? No. It stings for a minute.", "en", "US"),
    ("Most people have no pain after the first day, but some feel sore for a week.", "en", "US"),
    ("Call us straight away.", "en", "US"),
    ("Swelling usually goes down within hours.", "en", "US"),
    ("A guarantee of results is something no one can give.", "en", "US"),
    ("There is no risk-free way to change how you look.", "en", "US"),
    ("Natural ingredients can still cause allergies.", "en", "US"),
    ("Es seguro usar protector solar al día siguiente.", "es", "US"),
    ("Llámenos gratis al 900 123 456.", "es", "US"),
]

# Claims of the kinds the issue lists as slipping through.
ISSUE_CLAIMS = [
    ("Worried about side effects? Don't be.", "en", "question-answer"),
    ("Is it safe? Absolutely.", "en", "question-answer"),
    ("Safe. Effective. Proven.", "en", "fragment"),
    ("Pain? Forget it.", "en", "question-answer"),
    ("There's no safer way to smooth your lines.", "en", "comparative"),
    ("Side effects are virtually non-existent.", "en", "no-side-effects"),
    ("There is no chance of scarring.", "en", "no-risk"),
    ("Nobody at work will know.", "en", "no-side-effects"),
    ("Results that never fade.", "en", "permanent"),
    ("An NHS-approved clinic.", "en", "authority"),
    ("Recommended by doctors nationwide.", "en", "authority"),
    ("FDA-approved for non-surgical nose jobs.", "en", "authority"),
    ("Botox can help with migraine and anxiety.", "en", "unapproved"),
    ("Filler for a non-surgical nose job.", "en", "unapproved"),
    ("Your body handles it safely.", "en", "natural"),
    ("Nothing scary about it.", "en", "natural"),
    ("It can always be dissolved, so you can't go wrong.", "en", "dissolvable"),
    ("It is risk\u2011free.", "en", "no-risk"),
    ("Totally pain\u00adless.", "en", "no-pain"),
    ("Seguro y eficaz.", "es", "safety"),
    ("Sin tiempo de recuperación.", "es", "no-downtime"),
    ("Los resultados duran años.", "es", "permanent"),
    ("Piel perfecta asegurada.", "es", "guarantee"),
    ("¿Duele? Para nada.", "es", "question-answer"),
]


@pytest.mark.parametrize(("sentence", "language", "country"), ISSUE_HONEST)
def test_the_issues_false_alarms_pass(sentence, language, country) -> None:
    assert findings(sentence, "botulinum-toxin", country, language) == []


@pytest.mark.parametrize(("sentence", "language", "family"), ISSUE_CLAIMS)
def test_the_issues_kinds_of_claim_are_caught_by_a_rule(sentence, language, family) -> None:
    found = findings(sentence, "botulinum-toxin", "US", language, model=False)
    assert family in {family_of(rule) for rule, _, _ in found}, found


def test_folding_maps_lookalikes_invisible_characters_dashes_and_digits_to_plain_text() -> None:
    assert (
        fold_text("pain\u00adless, risk\u2011free, s\u0430fe, \uff33\uff21\uff26\uff25")
        == "painless, risk-free, safe, SAFE"
    )
    assert fold_text("won\u2019t\u00a0hurt \u2014 zero\u200bdowntime") == "won't hurt - zerodowntime"
    assert fold_text("B0TOX and Bot0x, 2024, $50", {"botox"}) == "BOTOX and Botox, 2024, $50"
    assert fold_text("B0TOX") == "B0TOX"  # only the words given are folded from digits
    assert fold_text("señal, ñandú, pequeño, n.\u00ba") == "señal, ñandú, pequeño, n.o"  # Spanish letters kept
    text, where = fold("a\u00ad\u00adb")
    assert text == "ab" and where == [0, 3]


def test_a_finding_in_folded_text_points_at_the_column_of_the_handout() -> None:
    found = findings("Read this: \u200bit is pain\u00adless and B0TOX is 100% s\u0430fe.", model=False)
    words = {text: where.col for _, text, where in found}
    line = "Read this: \u200bit is pain\u00adless and B0TOX is 100% s\u0430fe."
    assert words["painless"] == line.index("pain") + 1
    assert words["100% safe"] == line.index("100%") + 1


def test_a_question_asks_unless_its_answer_affirms_or_dismisses_it() -> None:
    assert findings("Is Botox safe?", model=False) == []  # a heading that asks
    assert findings("Does it hurt? It can sting for a minute.", model=False) == []
    assert findings("Will I bruise? Not usually, but it can happen.", model=False) == []
    assert findings("Does it hurt? Not at all.", model=False)
    assert findings("Will it last forever? No. Most lip filler fades within a year.", model=False) == []
    assert findings("—¿Hay algún riesgo? —Ninguno, es algo cosmético.", language="es", model=False)


def test_quoted_words_that_the_sentence_reports_are_not_claimed() -> None:
    assert findings('The ASA said the claim "no downtime" was misleading.', model=False) == []
    assert findings('If you are told a treatment is "completely safe", ask about the side effects anyway.') == []
    assert findings('Our peel is "completely safe".', model=False)


def test_a_language_without_its_data_is_an_error_at_the_file(tmp_path: Path) -> None:
    (tmp_path / "rules" / "languages").mkdir(parents=True)
    chunks = chunks_of("It is completely safe.", 1, tmp_path / "x.md", "benefits")
    with pytest.raises(ContentError) as caught:
        list(find_claims(chunks, (), "fr", "waiting-room", root=tmp_path))
    (problem,) = caught.value.problems
    assert problem.file == "rules/languages/fr.yaml" and "no language data for 'fr'" in problem.message
    (tmp_path / "rules" / "languages" / "fr.yaml").write_text("pipeline: {}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        claims_language.load(tmp_path, "fr")
    assert {p.file for p in caught.value.problems} == {"rules/languages/fr.yaml"}
    assert any("claims" in p.message for p in caught.value.problems)  # the required part it lacks


def test_a_model_only_hit_is_a_warning_quoting_the_sentence_and_the_closest_known_claim() -> None:
    sentence = "Plump lips that never need a refresh."  # not a train sentence
    assert findings(sentence, "dermal-fillers", model=False) == []
    ((rule, text, where),) = findings(sentence, "dermal-fillers")
    assert (rule.id, rule.severity, text, where.col) == ("claim-model", "warning", sentence, 1)
    message = rule.message.format(match=text)
    assert message.startswith(f"'{sentence}' reads like a claim") and "closest known claim: '" in message
    closest = message.split("closest known claim: '")[1].rstrip("'")
    assert closest in claims_model.load(ROOT, "en").claims and closest != sentence


def test_checking_never_imports_scikit_learn(sample, tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1])\n"
        "from clearprint.options import Selection; from clearprint.pipeline import check_only\n"
        "one = Selection(('sample-us-maple-grove',), ('botulinum-toxin',))  # both languages: the checks' every path\n"
        "assert check_only(Path(sys.argv[2]), one, out=Path(sys.argv[3])).checks\n"
        "assert 'sklearn' not in sys.modules and 'numpy' not in sys.modules, 'scikit-learn imported'\n"
        "print('ok')\n"
    )
    out = with_ocr_readings(sample, tmp_path / "out")  # the images read by the session's build
    arguments = [str(ROOT), str(samples()), str(out)]
    out = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False)
    assert out.stdout.strip().endswith("ok"), out.stderr[-2000:]


def test_a_model_warning_passes_a_check_and_fails_strict(project: Path, capsys) -> None:
    page = project / "handouts/tiny/en.md"
    source = page.read_text(encoding="utf-8")
    start = source.index("## What are the benefits?")
    end = source.index("\n## ", start + 1)
    page.write_text(source[:end] + "\n\nPlump lips that never need a refresh.\n" + source[end:], encoding="utf-8")
    args = ["check", "--project", str(project), "--today", "2026-11-26", "--out", str(project / "out")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "warning claim-model: 'Plump lips that never need a refresh.' reads like a claim" in out
    assert main([*args, "--strict"]) == 1
