"""Golden error messages: each folder in testdata/bad/ is a bad input beside the exact
errors expected. A bad input must never cost a PDF written earlier."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from clearprint.cli import main
from clearprint.pipeline import BuildOptions, build
from conftest import TESTDATA, make_project

CASES = sorted(p.name for p in (TESTDATA / "bad").iterdir())


def test_every_bad_input_named_by_the_issue_has_a_case() -> None:
    assert set(CASES) >= {
        "malformed-front-matter", "unknown-front-matter-key", "missing-required-section",
        "duplicate-section-role", "unknown-clinic-setting", "invalid-colour", "missing-logo-file",
        "logo-not-an-image", "template-syntax-error", "undefined-template-variable", "not-utf8",
        "empty-handout", "image-outside-project", "remote-image",
    }  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_its_error_and_keeps_earlier_pdfs(case: str, built_project, update_golden: bool) -> None:
    root, out = built_project  # a copy of one good build of the project (conftest.tiny_build)
    before = {p: p.read_bytes() for p in (out / "test-clinic/en").glob("*.pdf")}
    assert sorted(p.name for p in before) == ["second.pdf", "tiny.pdf"]

    shutil.copytree(TESTDATA / "bad" / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    result = build(root, BuildOptions(out, force=True))  # force: the good handout must still build, not just be skipped
    actual = "".join(f"{p}\n" for p in result.report.errors)
    expected_file = TESTDATA / "bad" / case / "expected.txt"
    if update_golden:
        expected_file.write_text(actual)
    assert actual == expected_file.read_text()
    for line in actual.splitlines():
        assert line.count("\n") == 0 and re.search(r": error( [a-z0-9-]+)?: ", line)  # with its message id, if any

    # Nothing earlier is lost or half-written: every old PDF is byte-for-byte intact
    # (or re-written whole, for the handout that is still good), no temporary files.
    for path, data in before.items():
        if path not in result.written:
            assert path.read_bytes() == data
    assert not list(out.rglob("*.tmp"))
    # The good handout still builds when only the other one is bad.
    if case.startswith(
        ("duplicate", "empty", "image", "malformed", "missing-required", "not-utf8", "remote-image", "unknown-front")
    ):
        assert [p.name for p in result.written] == ["second.pdf"]


def test_exit_code_is_1_and_every_problem_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "project", TESTDATA / "bad" / "remote-image")
    shutil.copytree(
        TESTDATA / "bad" / "invalid-colour", root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.txt")
    )
    code = main(["--project", str(root), "--out", str(tmp_path / "out")])
    err = capsys.readouterr()
    assert code == 1
    assert "handouts/tiny/en.md:18:1: error: remote image" in err.err
    assert "clinics/test-clinic/clinic.yaml:10: error: 'colors.primary'" in err.err
    assert "0 built, 0 unchanged, 0 failed (of 0 PDFs in " in err.out and "2 errors" in err.out
