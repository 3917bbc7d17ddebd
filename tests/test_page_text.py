"""`build.py check` reads each output's page after templates (issue 19, item 3): captions,
alt text, callout titles, the clinic's settings and template text are checked like the
handout's paragraphs, and each finding names the file, line and column the words came from.
A comment says nothing. One small project per case, checked in-process (no rendering).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clearprint.checks.page_text import page_chunks
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.pipeline import check_only
from clearprint.problems import Problems
from conftest import make_project

TODAY = dt.date(2026, 6, 1)
TINY = "handouts/tiny/en.md"
RISK = "About 2 in 100 people get a drooping eyelid [1]."


def edit(project: Path, old: str, new: str, file: str = TINY) -> None:
    page = project / file
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def where(project: Path, text: str, file: str = TINY) -> tuple[int, int]:
    for number, line in enumerate((project / file).read_text(encoding="utf-8").split("\n"), start=1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(text)


def claims(project: Path) -> set[tuple[str, int | None, int | None]]:
    report = check_only(project, today=TODAY).report
    return {(p.file, p.line, p.col) for p in report.errors if (p.rule or "").startswith("claim-")}


def test_a_claim_in_a_caption_is_found_at_its_column(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "handouts/tiny/dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    edit(project, RISK, RISK + '\n\n![A dot](dot.svg "This treatment is completely painless")\n')
    line, col = where(project, "painless")
    assert (TINY, line, col) in claims(project)


def test_a_claim_in_alt_text_or_a_callout_title_is_found(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    edit(project, RISK, RISK + '\n\n![It is 100% safe](dot.svg)\n\n!!! note "Guaranteed results"\n    Ask us.\n')
    (project / "handouts/tiny/dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    found = {line for _, line, _ in claims(project)}
    assert where(project, "100% safe")[0] in found
    assert where(project, "Guaranteed results")[0] in found


def test_a_claim_in_the_clinics_name_is_found_in_clinic_yaml(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    settings = "clinics/test-clinic/clinic.yaml"
    edit(project, "name: Test Clinic", "name: Painless Guaranteed Results Clinic", settings)
    assert (settings, 1, None) in {(f, line, None) for f, line, _ in claims(project)}


def test_a_comment_is_not_an_emergency_action(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    edit(project, 'phone: "0100 000 000"', 'phone: "0100 123 456"', "clinics/test-clinic/clinic.yaml")
    edit(project, '!!! danger "Call {{ clinic.emergency_number }} now if you have:"\n    - trouble breathing\n', "")
    report = check_only(project, today=TODAY).report
    assert [p.rule for p in report.errors] == ["balance-no-emergency-action"]
    # and a comment that names the number changes nothing: it is refused where it stands
    edit(project, "Call us on {{ clinic.phone }}.", "Call us on {{ clinic.phone }}. <!-- emergency 999 -->")
    errors = check_only(project, today=TODAY).report.errors
    assert any("comment" in p.message and p.file == "handouts/tiny/en.md" for p in errors), errors


def test_the_clinics_own_emergency_number_is_an_emergency_action(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    settings = "clinics/test-clinic/clinic.yaml"
    edit(project, "country: UK", 'country: UK\nemergency_number: "1234"', settings)
    edit(
        project,
        '!!! danger "Call {{ clinic.emergency_number }} now if you have:"',
        '!!! danger "Ring {{ clinic.emergency_number }} if you have:"',
    )
    report = check_only(project, today=TODAY).report
    assert not [p for p in report.errors if p.rule == "balance-no-emergency-action"], report.errors


def test_every_string_of_the_page_is_read_with_its_source(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    report = Problems(project)
    output = plan(load_project(project, report), report)[0]
    chunks = page_chunks(HtmlDocuments(project, {}).html(output, linked=False), project)
    texts = {c.text: c for c in chunks}
    assert RISK not in texts  # the page leaves the citation marker out (content/markup.py without_citations)
    shown = RISK.replace(" [1]", "")
    risk = texts[shown]
    assert (risk.role, risk.kind, risk.indent) == ("risks", "text", None)
    line, col = where(project, RISK)
    assert (risk.at(0).line, risk.at(0).col) == (line, col)
    assert (risk.at(shown.index("drooping")).line, risk.at(shown.index("drooping")).col) == (
        line,
        col + RISK.index("drooping"),
    )
    assert texts["A tiny test handout"].kind == "title"
    assert [c.indent for c in chunks if c.role == "key-points" and c.kind == "text"] == [0, 0, 0]
    clinic = next(c for c in chunks if "Test Clinic" in c.text and c.at(0).file.name == "clinic.yaml")
    assert clinic.role is None
    footer = [c for c in chunks if c.kind == "footer"]
    assert any("Reviewed" in c.text or "Version" in c.text for c in footer), [c.text for c in footer]
    assert any(c.kind == "source" and c.text == "A test source" for c in chunks)
