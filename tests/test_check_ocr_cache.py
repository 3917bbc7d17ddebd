"""`build.py check` keeps what OCR read in the images in the build's cache under out/, as a
build does, and publishing is judged with the content checks' own checker: a second check
reads no image again (it read every image twice on every run: 13.4 s on the samples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks import image_text
from clearprint.incremental.ocr_cache import FOLDER
from clearprint.pipeline import Selection, check_only
from conftest import TODAY, copy_samples

ONE = Selection(("sample-us-maple-grove",), ("botulinum-toxin",), ("en",))


def test_a_second_check_reads_no_image_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, out = copy_samples(tmp_path / "project"), tmp_path / "out"
    monkeypatch.setattr(image_text, "_MEMO", {})  # nothing this process read before
    calls = []
    real = image_text.ImageText._ocr

    def counted(self, items):
        calls.append(len(items))
        return real(self, items)

    monkeypatch.setattr(image_text.ImageText, "_ocr", counted)
    first = check_only(project, ONE, TODAY, out)
    assert calls == [len(list((out / FOLDER).glob("*.txt")))] and calls[0] >= 2  # read once, in one batch, kept
    monkeypatch.setattr(image_text, "_MEMO", {})  # a new process: only out/ remembers
    again = check_only(project, ONE, TODAY, out)
    assert len(calls) == 1, "the second check read an image again"
    assert [str(p) for p in again.report.items] == [str(p) for p in first.report.items]


def test_an_aftercare_sheet_reads_the_builds_readings_and_writes_none(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet may not write into out/ (it holds no patient's file), but it reads there what
    the last build's OCR read in the images instead of reading each image again (9.7 s → 4.1 s
    for `build.py sheet` on the samples)."""
    from clearprint.frontdesk.sheet import Sheet, make
    from clearprint.problems import Problems
    from conftest import with_ocr_readings

    project = copy_samples(tmp_path / "project")
    kept = sorted(p.name for p in (with_ocr_readings(sample, project / "out") / FOLDER).iterdir())
    monkeypatch.setattr(image_text, "_MEMO", {})  # a new process: only out/ remembers
    calls, real = [], image_text.ImageText._ocr
    monkeypatch.setattr(image_text.ImageText, "_ocr", lambda self, items: calls.append(items) or real(self, items))
    data = make(project, Sheet("sample-us-maple-grove", "botulinum-toxin", None, "standard", True), None,
                Problems(project), TODAY)  # fmt: skip
    assert data.startswith(b"%PDF-") and calls == [], "the sheet read an image the build had read"
    assert sorted(p.name for p in (project / "out" / FOLDER).iterdir()) == kept
    assert [p.name for p in (project / "out").iterdir()] == [FOLDER]

    monkeypatch.setattr(image_text, "_MEMO", {})
    for reading in (project / "out" / FOLDER).iterdir():
        reading.unlink()  # no build yet: the sheet reads the images itself
    make(project, Sheet("sample-us-maple-grove", "botulinum-toxin", None, "standard", True), None,
         Problems(project), TODAY)  # fmt: skip
    assert len(calls) == 1 and len(calls[0]) >= 2
    assert not any((project / "out" / FOLDER).iterdir()), "the sheet wrote a reading"
