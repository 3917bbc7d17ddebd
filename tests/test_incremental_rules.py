"""Incremental builds and the get-help inputs: a clinic's country's routes
(rules/get-help/<country>.yaml) rebuild that clinic's PDFs and no other country's file does;
the sign words (rules/signs.<lang>.yaml) and Clearprint's own code rebuild every PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint.incremental import digests
from clearprint.pipeline import BuildOptions, build

BOTH = ["test-clinic/en/second.pdf", "test-clinic/en/tiny.pdf"]  # the test clinic is in the UK


def rebuilt(project: Path, out: Path) -> list[str]:
    result = build(project, BuildOptions(out))
    assert result.ok, [str(p) for p in result.report.errors]
    return sorted(p.relative_to(out).as_posix() for p in result.written)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ("rules/get-help/UK.yaml", BOTH),  # the clinic's own country: who to call changed
        ("rules/get-help/US.yaml", []),  # another country's routes: nothing of this clinic's
        ("rules/signs.en.yaml", BOTH),  # the sign words the get-help check looks for
    ],
)
def test_a_get_help_rule_rebuilds_the_pdfs_it_affects(built_project, changed, expected) -> None:
    project, out = built_project
    assert (project / changed).is_file()
    _append(project / changed, "# changed\n")
    assert rebuilt(project, out) == expected
    assert rebuilt(project, out) == []  # and then it is up to date


def test_a_new_country_file_is_an_input_only_for_its_country(built_project) -> None:
    project, out = built_project
    shutil.copy(project / "rules/get-help/UK.yaml", project / "rules/get-help/NZ.yaml")
    assert rebuilt(project, out) == []
    (project / "rules/get-help/UK.yaml").unlink()  # the clinic's own routes gone: a change
    assert rebuilt(project, out) == BOTH


def test_clearprint_code_is_an_input(built_project, monkeypatch, tmp_path: Path) -> None:
    project, out = built_project
    code = shutil.copytree(digests.PACKAGE, tmp_path / "clearprint", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(digests, "PACKAGE", code)
    assert rebuilt(project, out) == []  # the same code, copied: the same digest
    _append(code / "content/get_help.py", "# a change to the words a box is made of\n")
    assert rebuilt(project, out) == BOTH
