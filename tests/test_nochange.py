"""A no-op `build.py` decides "nothing changed" without importing the build (issue 11, part 5),
and never when something did change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def command(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "build.py"), "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def imported(run: subprocess.CompletedProcess) -> set[str]:
    return {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}


def problems(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if not line.startswith(("import time:", "["))]  # no progress


@pytest.fixture
def built(project: Path) -> Path:
    (project / "handouts/tiny/en.md").write_text(
        (project / "handouts/tiny/en.md").read_text().replace("Lines look softer.", "Lines look softer. Results vary.")
    )
    first = command(project, "--jobs", "1")
    assert first.returncode == 0, first.stderr
    return project


def test_a_no_op_build_imports_nothing_heavy_and_says_the_same(built: Path) -> None:
    normal = command(built, "--jobs", "1", "--force")  # the full path, for comparison
    fast = command(built, "--jobs", "1")
    assert fast.returncode == normal.returncode == 0
    heavy = {"pydantic", "jinja2", "markdown", "weasyprint", "yaml"}
    assert not heavy & imported(fast), heavy & imported(fast)
    assert "pydantic" in imported(normal)
    assert fast.stdout.startswith("0 built, 2 unchanged, 0 failed (of 2 PDFs in out/) in ")
    assert sorted(problems(fast)) == sorted(problems(normal))


@pytest.mark.parametrize(
    "change",
    ["edit a handout", "add a stylesheet", "remove a PDF", "damage a PDF", "another day", "ask for html", "force"],
)
def test_any_change_means_a_real_build(built: Path, change: str) -> None:
    args = ["--jobs", "1"]
    out = built / "out"
    if change == "edit a handout":
        page = built / "handouts/second/en.md"
        page.write_text(page.read_text() + "\nOne more line.\n")
    elif change == "add a stylesheet":
        css = built / "clinics/test-clinic/styles/brand.css"
        css.parent.mkdir(parents=True)
        css.write_text("h1 { color: #000; }\n")
    elif change == "remove a PDF":
        (out / "test-clinic/en/tiny.pdf").unlink()
    elif change == "damage a PDF":
        (out / "test-clinic/en/tiny.pdf").write_bytes(b"%PDF-1.7 truncated")
    elif change == "another day":
        args += ["--today", "2031-01-01"]
    elif change == "ask for html":
        args += ["--html"]
    elif change == "force":
        args += ["--force"]
    run = command(built, *args)
    assert "pydantic" in imported(run), run.stdout  # the real build ran
    if change not in ("another day", "ask for html"):  # those re-check, or add the previews
        assert not run.stdout.startswith("0 built"), run.stdout
