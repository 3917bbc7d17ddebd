"""A no-op `build.py` decides "nothing changed" without importing the build (issue 11, part 5),
and never when something did change."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from clearprint_run import in_process, subprocess_run

from clearprint.incremental import nochange
from conftest import make_project


def command(project: Path, *args: str) -> tuple[int, str, str]:
    """build.py in a new process with -X importtime: what a no-op imports is under test."""
    return subprocess_run("--project", project, *args, python=("-X", "importtime"))


def imported(err: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in err.splitlines() if line.startswith("import time:")}


def problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if not line.startswith(("import time:", "["))]  # no progress


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with a warning (a claim of results), built once, out/ inside it."""
    project = make_project(tmp_path_factory.mktemp("nochange") / "project")
    (project / "handouts/tiny/en.md").write_text(
        (project / "handouts/tiny/en.md").read_text().replace("Lines look softer.", "Lines look softer. Results vary.")
    )
    code, _, err = in_process("--project", project, "--jobs", "1")
    assert code == 0, err
    day = dt.date.today().isoformat()
    assert nochange.unchanged(project, project / "out", nochange.options_key(False), day) is not None
    return project


@pytest.fixture
def built(first_build: Path, tmp_path: Path) -> Path:
    """A copy of the built project (its out/ inside it)."""
    return shutil.copytree(first_build, tmp_path / "project")


def test_a_no_op_build_imports_nothing_heavy_and_says_the_same(built: Path) -> None:
    normal = command(built, "--jobs", "1", "--force")  # the full path, for comparison
    fast = command(built, "--jobs", "1")
    assert fast[0] == normal[0] == 0
    heavy = {"pydantic", "jinja2", "markdown", "weasyprint", "yaml"}
    assert not heavy & imported(fast[2]), heavy & imported(fast[2])
    assert "pydantic" in imported(normal[2])
    assert fast[1].startswith("0 built, 2 unchanged, 0 failed (of 2 PDFs in out/) in ")
    assert sorted(problems(fast[2])) == sorted(problems(normal[2]))


@pytest.mark.parametrize(
    "change",
    ["edit a handout", "add a stylesheet", "remove a PDF", "damage a PDF", "another day", "ask for html", "force"],
)
def test_any_change_means_a_real_build(built: Path, change: str, monkeypatch) -> None:
    """In this process: the no-op path (nochange.unchanged) is not taken, and the build runs."""
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
        args += ["--today", "2028-06-01"]  # before the test handouts' next review (2028-12-31)
    elif change == "ask for html":
        args += ["--html"]
    elif change == "force":
        args += ["--force"]
    taken = []  # what the no-op path answered
    unchanged = nochange.unchanged
    monkeypatch.setattr(nochange, "unchanged", lambda *a: taken.append(unchanged(*a)) or taken[-1])
    code, summary, err = in_process("--project", built, *args)
    assert code == 0, err
    assert taken == ([] if change == "force" else [None])  # "changed": the real build ran
    if change not in ("another day", "ask for html"):  # those re-check, or add the previews
        assert not summary.startswith("0 built"), summary


def test_a_build_of_part_of_the_project_leaves_no_snapshot_for_a_stale_no_op(built: Path, monkeypatch) -> None:
    """A stylesheet changed, one handout built with it, the stylesheet put back: the next full
    build rebuilds that handout. The partial build had left the last complete build's snapshot,
    whose inputs were the same again, so the full build took the no-op path and kept a PDF made
    from a stylesheet the project no longer had (found by hand: a reverted large-print rule)."""
    original = (built / "out/test-clinic/en/tiny.pdf").read_bytes()
    css = built / "styles/base.css"
    kept = css.read_bytes()
    css.write_bytes(kept + b"\nh1 { letter-spacing: 1pt; }\n")
    code, summary, err = in_process("--project", built, "--jobs", "1", "--handout", "tiny")
    assert code == 0 and summary.startswith("1 built"), (summary, err)
    assert (built / "out/test-clinic/en/tiny.pdf").read_bytes() != original
    css.write_bytes(kept)
    taken = []
    unchanged = nochange.unchanged
    monkeypatch.setattr(nochange, "unchanged", lambda *a: taken.append(unchanged(*a)) or taken[-1])
    code, summary, err = in_process("--project", built, "--jobs", "1")
    assert code == 0, err
    assert taken == [None] and summary.startswith("1 built, 1 unchanged"), summary
    assert (built / "out/test-clinic/en/tiny.pdf").read_bytes() == original
