"""A clinic's own text of a handout carries its own version and review state (issue 21): the
leaflet it is printed in says both versions and the earlier review state, a date problem is
located in the clinic's file, and `approve --clinic` signs the clinic's text only."""

from __future__ import annotations

from pathlib import Path

from clearprint.cli import main
from conftest import make_project, pdf_text

TODAY = "2026-12-06"
LOCAL = "clinics/test-clinic/handouts/tiny/en.md"
SECTION = "## What are the benefits? {#benefits}\n\nLines look softer for a few months.\n"


def flat(path: Path) -> str:
    return " ".join(pdf_text(path).split())


def project_with(tmp_path: Path, front: str | None) -> Path:
    project = make_project(tmp_path / "project")
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]"))
    local = project / LOCAL
    local.parent.mkdir(parents=True)
    local.write_text((f"---\n{front}---\n" if front is not None else "") + SECTION)
    return project


def run(args: list[str], project: Path, capsys) -> tuple[int, str]:
    code = main([*args, "--project", str(project), "--today", TODAY])
    said = capsys.readouterr()
    return code, said.out + said.err


def build(project: Path, out: Path, capsys) -> str:
    code, said = run(["--out", str(out), "--jobs", "1", "--edition", "standard"], project, capsys)
    assert code == 0, said
    return flat(out / "test-clinic/en/tiny.pdf")


def test_a_clinic_text_without_front_matter_prints_as_awaiting_review(tmp_path: Path, capsys) -> None:
    project = project_with(tmp_path, None)
    text = build(project, tmp_path / "out", capsys)
    assert "Lines look softer for a few months." in text
    assert "Version 1.0+local · awaiting clinical review" in text
    assert "Checked by" not in text
    code, said = run(["check"], project, capsys)
    assert f"{LOCAL}:1: warning governance-local-unreviewed: this clinic's own text has no version" in said


def test_a_draft_clinic_text_makes_the_leaflet_a_draft_that_is_never_published(tmp_path: Path, capsys) -> None:
    project = project_with(tmp_path, 'version: "2.1"\nreview_status: draft\n')
    out = tmp_path / "out"
    text = build(project, out, capsys)
    assert "Version 1.0+2.1 · Draft: not for patients" in text
    assert not (out / "test-clinic/site/handouts/en/tiny").exists()


def test_an_overdue_clinic_text_is_an_error_at_its_own_line(tmp_path: Path, capsys) -> None:
    front = 'version: "1.3"\nreviewed: 2025-01-10\nnext_review: 2026-01-10\nreviewer: Nurse lead\n'
    project = project_with(tmp_path, front)
    code, said = run(["check"], project, capsys)
    assert code == 1
    assert f"{LOCAL}:4: error governance-review-overdue: next review was due on 2026-01-10" in said
    assert "handouts/tiny/en.md:6" not in said  # the handout's own review is in date


def test_approve_with_a_clinic_signs_the_clinic_text_and_the_leaflet_names_both(tmp_path: Path, capsys) -> None:
    project = project_with(tmp_path, None)
    handout = project / "handouts/tiny/en.md"
    before = handout.read_text()
    code, said = run(["approve", "tiny", "--clinic", "test-clinic", "--role", "Nurse lead"], project, capsys)
    assert code == 0, said
    assert f"{LOCAL}: version none (none)" in said
    local = (project / LOCAL).read_text()
    assert local.startswith('---\nversion: "1.0"\nreview_status: approved\nreviewed: 2026-12-06\n')
    assert local.endswith(SECTION) and handout.read_text() == before
    text = build(project, tmp_path / "out", capsys)
    # The earlier review and the sooner next review of the two parts, both reviewers.
    assert "Version 1.0+1.0 · Reviewed 1 January 2026 · Next review 6 December 2027" in text
    assert "Checked by: Medical director; Nurse lead, 1 January 2026." in text
    code, said = run(["approve", "tiny", "--clinic", "no-such", "--role", "X"], project, capsys)
    assert code == 2 and "has no text of its own for 'tiny'" in said
