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
