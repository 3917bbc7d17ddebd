"""Front-desk fixes of issue 22, item 5 (the printer question is in tests/test_print_ready.py):
a trifold overflow names the file and line that made the panel too long, a clinic adds its
own jargon, the check report never shows a score above the error limit as "No findings",
UK and Irish reports give the reading age, and Irish patients see both 112 and 999."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from clearprint.checks.report import text_report
from clearprint.pipeline import BuildOptions, build, check_only
from clearprint.writers.reports import report_pages
from conftest import make_project, make_too_long_for_a_trifold, pdf_text

TRIFOLD = "editions: [standard, trifold]\n"
LEAFLET_HINT = "put the detail the summary can leave out between '::: leaflet' and ':::' lines"


def _settings(project: Path, extra: str) -> None:
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text() + extra)


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), start=1) if text in line)


def test_an_overflow_names_the_shared_handouts_line_where_the_panel_runs_out(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _settings(project, TRIFOLD)
    page = project / "handouts/tiny/en.md"
    make_too_long_for_a_trifold(page)
    result = build(project, BuildOptions(tmp_path / "out", jobs=1))
    (error,) = [p for p in result.report.errors if p.rule == "layout-trifold-overflow"]
    assert error.file == "handouts/tiny/en.md"
    assert page.read_text().split("\n")[error.line - 1].startswith("- Point ")  # a line of the long list
    assert "the panel runs out in the 'What are the risks?' section" in error.message
    assert LEAFLET_HINT in error.message


def test_an_overflow_caused_by_a_clinic_override_names_the_override_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _settings(project, TRIFOLD)
    override = project / "clinics/test-clinic/handouts/tiny/en.md"
    override.parent.mkdir(parents=True)
    steps = "\n".join(f"- Step {i}: keep the area clean and dry, and tell us about any change." for i in range(90))
    override.write_text(
        "## What are the risks? {#risks}\n\nAbout 2 in 100 people get a drooping eyelid [1].\n\n" + steps
    )
    result = build(project, BuildOptions(tmp_path / "out", jobs=1))
    (error,) = [p for p in result.report.errors if p.rule == "layout-trifold-overflow"]
    assert error.file == "clinics/test-clinic/handouts/tiny/en.md"  # not the shared handout
    assert override.read_text().split("\n")[error.line - 1].startswith("- Step ")
    assert "the clinic's own 'What are the risks?' section" in error.message and LEAFLET_HINT in error.message
    assert not (tmp_path / "out/test-clinic/en/tiny.trifold.pdf").exists()


def test_new_built_in_jargon_and_a_clinics_own_words_are_flagged(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    page = project / "handouts/tiny/en.md"
    page.write_text(
        page.read_text().replace(
            "Lines look softer.",
            "Lines look softer.\n\nTell us about anticoagulants.\n\nEcchymosis fades.\n\n"
            "Vasodilation is brief.\n\nThe glabella rests.",
        )
    )
    rules = project / "clinics/test-clinic/rules"
    rules.mkdir(parents=True)
    (rules / "jargon.en.yaml").write_text("glabella: the area between the eyebrows\n")
    found = {
        (p.line, p.message.split("'")[1], p.message.split("say '")[-1])
        for p in check_only(project).report.items
        if p.rule == "reading-jargon" and p.file == "handouts/tiny/en.md"
    }
    line = _line_of(page, "anticoagulants")
    assert found == {
        (line, "anticoagulants", "blood thinners', or explain it in the same sentence)"),
        (line + 2, "Ecchymosis", "a bruise', or explain it in the same sentence)"),
        (line + 4, "Vasodilation", "widening of the blood vessels', or explain it in the same sentence)"),
        (line + 6, "glabella", "the area between the eyebrows', or explain it in the same sentence)"),
    }


def test_the_report_never_shows_a_score_above_the_error_limit_as_no_findings(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    # Every Flesch-Kincaid grade is within the limit, so the checks find nothing; SMOG 6.7 is above 6
    # (the text as printed: the page, with the clinic's numbers filled in).
    _settings(project, "checks: {grade_warning_above: 6, grade_error_above: 6}\n")
    result = check_only(project)
    assert not [p for p in result.report.items if p.rule and p.rule.startswith("reading-")]
    page = report_pages(result.checks, project)["test-clinic"]
    assert "<p>No findings.</p>" not in page
    assert "No finding from the checks, but these scores are above the error limit of grade 6" in page
    assert re.search(r"the whole handout: SMOG grade 6\.7", page)
    _settings(project, "")  # limits above every score: "No findings." again
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(
        path.read_text().replace("{grade_warning_above: 6, grade_error_above: 6}", "{grade_error_above: 10}")
    )
    assert "<p>No findings.</p>" in report_pages(check_only(project).checks, project)["test-clinic"]


def test_uk_and_irish_reports_give_the_reading_age_beside_the_grade(tmp_path: Path) -> None:
    for country, shown in (("UK", True), ("IE", True), ("US", False)):
        project = make_project(tmp_path / country)
        path = project / "clinics/test-clinic/clinic.yaml"
        path.write_text(path.read_text().replace("country: UK", f"country: {country}"))
        result = check_only(project)
        text = text_report(result.checks, result.report)
        page = report_pages(result.checks, project)["test-clinic"]
        grade = re.search(r"Flesch-Kincaid grade (\d+\.\d)", text)[1]
        age = f"Flesch-Kincaid grade {grade} (reading age {float(grade) + 5:.1f})"
        assert (age in text and age in page) is shown, country
        assert ("the US grade + 5" in page) is shown


def test_irish_patients_see_both_112_and_999_each_a_link(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text().replace("country: UK", "country: IE") + TRIFOLD)
    out = tmp_path / "out"
    result = build(project, BuildOptions(out, jobs=1))
    assert not result.report.errors, result.report.items
    text = " ".join(pdf_text(out / "test-clinic/en/tiny.pdf").split())
    assert "Call 112 / 999 now if you have" in text
    links = {
        annotation.get_object()["/A"].get("/URI")
        for page in PdfReader(out / "test-clinic/en/tiny.pdf").pages
        for annotation in page.get("/Annots", [])
    }
    assert {"tel:112", "tel:999"} <= links and "tel:112999" not in links
    trifold = " ".join(pdf_text(out / "test-clinic/en/tiny.trifold.pdf").split())
    assert "Emergency: 112 / 999" in trifold
