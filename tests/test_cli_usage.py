"""The build's command line (issue 10, items 19-21): usage errors, messages that teach,
summaries that add up, --strict, and settings a patient acts on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clearprint_run import in_process

from clearprint.pipeline import BuildOptions, build
from conftest import TINY, add_to_risks, pdf_text, settings


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--language", "fr"], "no language 'fr' is built by any clinic (they build: en)"),
        (["--edition", "trifold"], "no edition 'trifold' is built by any clinic (they build: standard)"),
        (["--handout", "unlisted"], "no handout 'unlisted' is built by any clinic (they build: second, tiny)"),
        (["--handout", "../clinics"], "no handout '../clinics' in handouts/ (known: second, tiny, unlisted)"),
        (["--clinic", "test-clinic/../test-clinic"], "no clinic 'test-clinic/../test-clinic' in clinics/"),
        (["--clinic", "test-clinic", "--language", "es"], "no language 'es' is built by the clinics chosen"),
    ],
)
def test_a_filter_that_matches_nothing_exits_2(project: Path, tmp_path: Path, capsys, args, message) -> None:
    (project / "handouts/unlisted").mkdir()
    shutil.copy(project / "handouts/tiny/en.md", project / "handouts/unlisted/en.md")
    code, _, err = in_process("--project", str(project), "--out", str(tmp_path / "out"), *args)
    assert code == 2 and message in err
    code, _, err = in_process("check", "--project", str(project), "--out", str(tmp_path / "out"), *args)
    assert code == 2 and message in err


def test_check_prints_each_finding_once_not_once_per_edition(project: Path, tmp_path: Path, capsys) -> None:
    settings(project, "editions: [standard, large-print]\n")
    add_to_risks(project, "It is completely painless.")
    code, report, _ = in_process("check", "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert report.count("claim-painless") == 1
    assert "test-clinic/en/tiny (standard, large-print):" in report
    html = (tmp_path / "out/test-clinic/check-report.html").read_text()
    assert html.count("<h2 ") == 2 and "standard, large-print" in html


def test_build_refuses_format_json_and_help_names_the_command(project: Path, capsys) -> None:
    code, _, err = in_process("--project", str(project), "--format", "json")
    assert code == 2 and "--format json works with `check` only" in err
    done = subprocess.run([str(Path(sys.executable).parent / "clearprint"), "--help"], capture_output=True, text=True)
    assert done.stdout.startswith("usage: clearprint ")


def test_the_summary_counts_add_up(project: Path, tmp_path: Path, capsys) -> None:
    add_to_risks(project, "It is completely painless.")
    code, summary, _ = in_process("--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert summary.startswith("1 built, 0 unchanged, 0 failed, 1 held back by content errors (of 2 PDFs in ")


def test_strict_turns_warnings_into_a_failing_exit_code(project: Path, tmp_path: Path, capsys) -> None:
    add_to_risks(project, "- a rash")  # any warning will do: a listed risk without how often it happens
    settings(project, "checks:\n  grade_warning_above: 0.5\n")
    out = str(tmp_path / "out")
    code, summary, _ = in_process("--project", str(project), "--out", out)
    assert code == 0 and "0 errors" in summary and " 0 warnings" not in summary
    code, summary, _ = in_process("--project", str(project), "--out", out, "--strict")
    assert code == 1 and "(--strict: warnings count as errors)" in summary
    assert in_process("check", "--project", str(project), "--out", out, "--strict")[0] == 1


def test_a_clinic_folder_that_is_not_a_slug_is_refused_and_stray_files_are_named(project: Path, capsys) -> None:
    shutil.copytree(project / "clinics/test-clinic", project / "clinics/My Clinic")
    shutil.copytree(project / "clinics/test-clinic", project / "clinics/.backup")  # hidden: not a clinic
    shutil.copy(project / "handouts/tiny/en.md", project / "handouts/draft.md")
    code, report, _ = in_process("check", "--project", str(project))
    assert code == 1
    assert "clinics/My Clinic: error: a clinic folder's name is used in file names" in report
    assert "e.g. rename it to 'my-clinic'" in report
    assert "handouts/draft.md: warning: a handout goes in its own folder: move it to handouts/draft/en.md" in report
    assert ".backup" not in report


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('emergency_number: "9l1"', "'emergency_number': '9l1' is not a phone number"),
        ('handout_url: "javascript:alert(1)//{website}/{id}"', "'handout_url': must start with '{website}/'"),
    ],
)
def test_settings_a_patient_acts_on_are_checked(project: Path, capsys, setting: str, message: str) -> None:
    settings(project, setting + "\n")
    code, report, err = in_process("check", "--project", str(project))
    assert code == 1 and f"clinics/test-clinic/clinic.yaml:9: error: {message}" in report + err


def test_a_version_keeps_how_it_was_written(project: Path, tmp_path: Path) -> None:
    page = project / "handouts/tiny/en.md"
    page.write_text(page.read_text().replace('version: "1.0"', "version: 1.10"))
    build(project, BuildOptions(tmp_path / "out"))
    assert "Version 1.10" in pdf_text(tmp_path / "out" / TINY)


def test_an_output_folder_among_the_sources_is_refused(project: Path, capsys) -> None:
    for out in (".", "clinics", "handouts/tiny"):
        code, _, err = in_process("--project", str(project), "--out", str(project / out))
        assert code == 2 and "would mix the PDFs with the project's own files" in err


def test_inside_the_project_only_out_is_written(project: Path) -> None:
    """Round-13 attack, case 37: `build.py evidence --out .git/hooks` (or a clinic's folder)
    wrote there. Inside the project every command writes only under out/; outside it, where
    the user says."""
    (project / ".git").mkdir()
    commands = [
        ["evidence", "tiny"], ["review", "tiny"], ["consent", "tiny", "--clinic", "test-clinic"], ["check"], ["build"],
    ]  # fmt: skip
    for command in commands:
        for out in (".git/hooks", "clinics/test-clinic/x", ".venv/x.html", "notes"):
            code, _, err = in_process(*command, "--project", str(project), "--out", str(project / out))
            refused = ("is inside the project but not in its out/ folder", "would mix the PDFs with the project's")
            assert code == 2 and any(r in err for r in refused), (command, out, err)
    assert not list((project / ".git").iterdir()) and not (project / "notes").exists()
    assert not (project / "clinics/test-clinic/x").exists() and not (project / ".venv").exists()
    code, _, err = in_process("evidence", "tiny", "--project", str(project), "--out", str(project / "out/evidence"))
    assert code == 0 and (project / "out/evidence/tiny.en.html").is_file(), err
