"""Every sentence a patient reads is in the handout's language (checks/language_of_text.py):
the claim rules read a handout in its own language only. Round-8 attack, case 19: a German
sentence ("schmerzfrei ... 100 Prozent sicher, ohne Nebenwirkungen") printed in every English
fillers PDF and web page with exit 0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import samples

GERMAN = "Die Behandlung ist schmerzfrei und 100 Prozent sicher, ohne Nebenwirkungen."
ENGLISH_IN_SPANISH = "This treatment is completely safe with no side effects at all."
NAMES = "Ask Maple Grove Dermatology about Juvéderm Voluma XC today."  # names in English text


def _insert(file: Path, heading: str, sentence: str) -> int:
    text = file.read_text(encoding="utf-8")
    at = next(line for line in text.split("\n") if line.startswith(heading))
    text = text.replace(at + "\n", f"{at}\n\n{sentence}\n", 1)
    file.write_text(text, encoding="utf-8")
    return text.split("\n").index(sentence) + 1


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory):
    project = tmp_path_factory.mktemp("language") / "project"
    shutil.copytree(samples(), project)
    fillers = project / "handouts" / "dermal-fillers"
    lines = {
        "german": _insert(fillers / "en.md", "## What else can I do?", GERMAN),
        "names": _insert(fillers / "en.md", "## Before your appointment", NAMES),
        "english": _insert(fillers / "es.md", "## ¿Qué otras opciones tengo?", ENGLISH_IN_SPANISH),
    }
    result = check_only(project, Selection(clinics=("sample-us-maple-grove",), handouts=("dermal-fillers",)))
    found = {str(p) for c in result.checks for p in c.findings if p.rule == "text-other-language"}
    return lines, found


def test_a_sentence_in_another_language_is_an_error_at_its_line(checked) -> None:
    lines, found = checked
    assert any(
        f.startswith(f"handouts/dermal-fillers/en.md:{lines['german']}:1: error text-other-language: 'Die Behandlung")
        and "(en)" in f
        for f in found
    ), found


def test_english_in_a_spanish_handout_is_an_error_too(checked) -> None:
    lines, found = checked
    assert any(f.startswith(f"handouts/dermal-fillers/es.md:{lines['english']}:1:") and "(es)" in f for f in found)


def test_names_in_a_sentence_of_the_language_are_not_an_error_and_nothing_else_is_found(checked) -> None:
    lines, found = checked
    assert not any(f":{lines['names']}:" in f for f in found), found
    assert len({f.split(": error")[0] for f in found}) == 2, found  # the two sentences above, no shipped text


@pytest.mark.parametrize("kind", ["web", "print"])
def test_a_clinic_templates_sentence_in_another_language_is_an_error_at_the_template(
    project: Path, tmp_path: Path, kind: str
) -> None:
    """Printed and web templates alike: their own words are read as the page shows them."""
    from clearprint_run import in_process

    clinic = project / "clinics" / "test-clinic"
    with (clinic / "clinic.yaml").open("a", encoding="utf-8") as settings:
        settings.write("website: https://test-clinic.example\n")
    if kind == "web":
        template = clinic / "templates" / "web" / "handout.html.j2"
        block = f'{{% block footer_note %}}<p class="note">{GERMAN}</p>{{% endblock %}}\n'
    else:
        template = clinic / "templates" / "handout.html.j2"
        block = f"{{% block masthead %}}{{{{ super() }}}}<p>{GERMAN}</p>{{% endblock %}}\n"
    template.parent.mkdir(parents=True)
    template.write_text(f'{{% extends "project/{kind == "web" and "web/" or ""}handout.html.j2" %}}\n{block}')
    out = tmp_path / "out"
    code, _, err = in_process("--project", project, "--out", out)
    assert code == 1, err
    where = f"clinics/test-clinic/templates/{kind == 'web' and 'web/' or ''}handout.html.j2:2:"
    assert where in err and "error text-other-language: 'Die Behandlung ist" in err, err
    assert not (out / "test-clinic" / "site").exists()


def test_a_second_check_reads_the_shares_from_out_and_loads_no_word_list(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearprint.checks import language_of_text
    from clearprint.incremental.ocr_cache import WORDS

    calls: list[str] = []
    real = language_of_text.share.__wrapped__

    def counted(sentence: str, language: str) -> float:
        calls.append(sentence)
        return real(sentence, language)

    monkeypatch.setattr(language_of_text, "share", counted)
    out = tmp_path / "out"
    first = check_only(project, out=out)
    assert calls and list((out / WORDS).glob("*.txt"))
    calls.clear()
    again = check_only(project, out=out)
    assert calls == [] and [str(p) for p in again.report.items] == [str(p) for p in first.report.items]
