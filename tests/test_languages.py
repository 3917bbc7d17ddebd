"""Language data in one place (rules/languages/<language>.yaml): a clinic language without
its file is an error at clinic.yaml's languages: line, never an English fallback; adding a
language is adding that file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from clearprint import languages
from clearprint.checks import claims_language
from clearprint.checks.evidence import natural
from clearprint.checks.readability import SCALES, SYLLABLES
from clearprint.checks.rules import load_rules
from clearprint.cli import main
from clearprint.content.load import load_project
from clearprint.problems import ContentError, Problems
from tests.conftest import ROOT, make_project


def _french_clinic(project: Path) -> Path:
    clinic = project / "clinics" / "test-clinic" / "clinic.yaml"
    clinic.write_text(clinic.read_text().replace("languages: [en]", "languages:\n  - en\n  - fr\n"))
    return clinic


def test_a_clinic_language_without_data_is_an_error_at_the_languages_line(tmp_path: Path, capsys) -> None:
    project = make_project(tmp_path / "project")
    clinic = _french_clinic(project)
    line = clinic.read_text().splitlines().index("  - fr") + 1
    report = Problems(project)
    loaded = load_project(project, report)
    assert loaded.clinics == []  # not built in English instead
    (problem,) = report.errors
    assert (problem.file, problem.line) == ("clinics/test-clinic/clinic.yaml", line)
    assert "no language data for 'fr'" in problem.message and "rules/languages/fr.yaml" in problem.message
    assert main(["check"], project=project) != 0
    assert f"clinics/test-clinic/clinic.yaml:{line}" in "".join(capsys.readouterr())


def test_adding_a_language_is_adding_its_data_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _french_clinic(project)
    english = (project / "rules" / "languages" / "en.yaml").read_text()
    (project / "rules" / "languages" / "fr.yaml").write_text(english.replace("name: English", "name: français"))
    report = Problems(project)
    loaded = load_project(project, report)
    assert [c.slug for c in loaded.clinics] == ["test-clinic"] and not report.errors
    assert languages.load(project, "fr").name == "français"
    assert claims_language.load(project, "fr").code == "fr"


def test_a_language_file_refuses_unknown_parts_at_their_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules" / "languages"
    folder.mkdir(parents=True)
    text = (ROOT / "rules" / "languages" / "es.yaml").read_text()
    (folder / "es.yaml").write_text(text.replace("name: español\n", "name: español\nhyphenation: es_ES\n"))
    with pytest.raises(ContentError) as caught:
        languages.load(tmp_path, "es")
    (problem,) = caught.value.problems
    assert problem.file == "rules/languages/es.yaml" and problem.line == 4 and "hyphenation" in problem.message


def test_the_shipped_languages_name_known_scales_and_read_their_frequencies() -> None:
    for code, frequency in (("en", "about 2 to 3 in 100 people"), ("es", "unas 2 de cada 100 personas")):
        data = languages.load(ROOT, code)
        assert data.reading.scale in SCALES and data.reading.syllables in SYLLABLES
        assert natural(tuple(data.evidence.ranges), tuple(data.evidence.per)).search(frequency)
    assert not natural(("a",), ("de cada",)).search("about 2 to 3 in 100 people")  # Spanish words only


def test_the_copied_rules_folder_has_every_shipped_language(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "rules" / "languages", tmp_path / "rules" / "languages")
    assert languages.available(tmp_path) == ["en", "es"]
    assert languages.missing(tmp_path, ["en", "fr", "es"]) == [(1, "fr")]


def test_a_lemma_in_a_rule_matches_every_form_and_an_unknown_one_is_an_error_at_its_line(tmp_path: Path) -> None:
    spanish = languages.load(ROOT, "es").lemmas
    pattern = re.compile(languages.expand(r"\bes\s+<seguro>\b", spanish), re.I)
    assert all(pattern.search(f"Es {form}.") for form in ("seguro", "segura", "seguros", "seguras"))
    assert not pattern.search("Es segurísimo.")  # a form the table does not list
    assert languages.expand(r"(?P<word>x)(?<!y)", spanish) == r"(?P<word>x)(?<!y)"  # groups and lookbehinds stay
    project = make_project(tmp_path / "project")
    rules = project / "clinics" / "test-clinic" / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / "claims.en.yaml").write_text(
        "rules:\n"
        "  - id: our-guarantee\n"
        "    severity: error\n"
        "    message: \"'{match}' promises\"\n"
        "    suggestion: say what is known\n"
        "    patterns:\n"
        "      - '\\bwe\\s+<guarantee>\\b'\n"
        "      - '\\bresults\\s+<guarnatee>\\b'\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_rules(project, project / "clinics" / "test-clinic", "UK", "en", Problems(project))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("clinics/test-clinic/rules/claims.en.yaml", 8)
    assert "<guarnatee>" in problem.message
    (rules / "claims.en.yaml").write_text((rules / "claims.en.yaml").read_text().replace("guarnatee", "guarantee"))
    loaded = load_rules(project, project / "clinics" / "test-clinic", "UK", "en", Problems(project))
    ours = next(rule for rule in loaded.claims if rule.id == "our-guarantee")
    assert re.search(ours.patterns[0], "We guaranteed it.", re.I) and re.search(
        ours.patterns[1], "results guaranteed", re.I
    )
