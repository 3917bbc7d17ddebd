"""Adding a clinic or a handout never breaks `make test` (issue 10, item 18).

A copy of the project gets a new clinic, made exactly as the README says (a sample
folder copied under a new slug, its clinic.yaml edited), and a new handout that clinic
lists. The new handout is a draft with a content error, as a clinic's work in progress
often is: that is for `build.py check` to report, not for the test suite. The tests that
used to read every clinic in clinics/ (golden files, hard-coded counts, the session build of
the samples) read `conftest.samples()`, the shipped samples only: from the copy it is file
for file what it is from the project, so those tests (and the one session build they share)
see exactly what they see without the new clinic, and no golden file is written for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint.pipeline import check_only
from conftest import PROJECT_FOLDERS, ROOT, SAMPLE_CLINICS, copy_samples, samples

NEW_CLINIC = "new-clinic-added-by-a-test"
NEW_HANDOUT = "new-handout-added-by-a-test"


def copy_project(dest: Path) -> Path:
    """The project's content as a person has it: Clearprint's folders, clinics and handouts."""
    for folder in (*PROJECT_FOLDERS, "clinics", "handouts"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
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

    # What the sample tests read, made from the project with the new clinic and handout, is
    # file for file what they read without them: the new clinic (though its clinic.yaml still
    # says `sample: true`) and the new handout are in none of it.
    seen = files_in(copy_samples(tmp_path / "samples", source=root))
    assert seen == files_in(samples())
    assert not any(NEW_CLINIC in name or NEW_HANDOUT in name for name in seen)
