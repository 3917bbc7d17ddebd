"""Adding a clinic or a handout never breaks `make test` (issue 10, item 18).

A copy of the project gets a new clinic, made exactly as the README says (a sample
folder copied under a new slug, its clinic.yaml edited), and a new handout that clinic
lists. The new handout is a draft with a content error, as a clinic's work in progress
often is: that is for `build.py check` to report, not for the test suite. The tests
that used to read every clinic in clinics/ (golden files, hard-coded counts, the
session build of the samples) then run on that copy, in a subprocess, and must pass
without writing a golden file for the new clinic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from clearprint.pipeline import check_only
from conftest import ROOT, SAMPLE_CLINICS

NEW_CLINIC = "new-clinic-added-by-a-test"
NEW_HANDOUT = "new-handout-added-by-a-test"
# The tests that failed when a clinic was added (hard-coded counts, golden files written
# for the new clinic, the session `sample` build reading every clinic and handout), and
# one test of each kind that reads the shipped samples. test_pdf_output and test_editions
# are limited to tests that share the one session build of the samples, to stay quick.
AFFECTED = [
    "tests/test_golden_html.py",
    "tests/test_content_model.py::test_every_clinic_override_in_the_shipped_project_has_a_base",
    "tests/test_content_model.py::test_every_shipped_handout_builds_for_every_clinic_that_lists_it",
    "tests/test_pdf_output.py::test_sample_pdf_contents",
    "tests/test_editions.py::test_every_edition_renders_for_every_sample_clinic_and_handout",
    "tests/test_editions.py::test_catalogue_lists_exactly_what_was_built",
    "tests/test_checks.py::test_shipped_handouts_pass_with_no_errors_and_the_english_botox_handout_is_grade_8_or_lower",
    "tests/test_checks.py::test_no_absolute_claim_appears_in_any_shipped_pdf",
    "tests/test_incremental.py::test_shards_cover_every_output_exactly_once",
]
NOT_COPIED = {".git", ".venv", "out", "tests/_actual", "clearprint.egg-info"}
NEVER_COPIED = {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".mypy_cache"}


def copy_project(dest: Path) -> Path:
    """The project as a person has it, without version control, the venv or outputs."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).relative_to(ROOT)
        return {n for n in names if n in NEVER_COPIED or (rel / n).as_posix() in NOT_COPIED}

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


def add_clinic_and_handout(root: Path) -> None:
    """What the README tells a clinic to do; the copied clinic.yaml still says `sample: true`
    (people forget to remove it), which must not make it a shipped sample."""
    shutil.copytree(root / "clinics" / "sample-us-maple-grove", root / "clinics" / NEW_CLINIC)
    settings = root / "clinics" / NEW_CLINIC / "clinic.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "name: Maple Grove Dermatology" in text and "  - chemical-peels\n" in text
    text = text.replace("name: Maple Grove Dermatology", "name: Northside Skin Care")
    text = text.replace("  - chemical-peels\n", f"  - chemical-peels\n  - {NEW_HANDOUT}\n")
    settings.write_text(text, encoding="utf-8")

    page = (root / "handouts" / "chemical-peels" / "en.md").read_text(encoding="utf-8")
    assert "id: chemical-peels\n" in page and "title: Chemical peels\n" in page
    page = page.replace("id: chemical-peels\n", f"id: {NEW_HANDOUT}\n")
    page = page.replace("title: Chemical peels\n", "title: Laser hair removal\n")
    page = page.replace("\n## ", "\n## Is it for me? {#is-it-for-me}\n\nLaser hair removal is painless.\n\n## ", 1)
    (root / "handouts" / NEW_HANDOUT).mkdir()
    (root / "handouts" / NEW_HANDOUT / "en.md").write_text(page, encoding="utf-8")
    # The drawings it shows are copied with it.
    shutil.copytree(root / "handouts" / "chemical-peels" / "images", root / "handouts" / NEW_HANDOUT / "images")


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_adding_a_clinic_and_a_handout_keeps_the_affected_tests_passing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    add_clinic_and_handout(root)

    # Clearprint sees the new clinic and handout, and `check` reports the draft's error.
    result = check_only(root)
    assert any(o.clinic.slug == NEW_CLINIC and o.handout.meta.id == NEW_HANDOUT for o in result.planned)
    assert any(f"handouts/{NEW_HANDOUT}/en.md" in str(p) and "claim-painless" in str(p) for p in result.report.errors)
    assert NEW_CLINIC not in SAMPLE_CLINICS

    testdata = files_in(root / "tests" / "testdata")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *AFFECTED],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout, run.stdout[-2000:]
    # No golden file written or changed, for the new clinic or any other.
    assert files_in(root / "tests" / "testdata") == testdata
