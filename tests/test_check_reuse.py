"""`build.py check` after a build takes the build's recorded results for the outputs it made
from the same files today, as a build does (writers/state.py find_changed), and checks the
rest; `--again` checks everything. Either way it reports the same findings."""

from __future__ import annotations

import re
from pathlib import Path

from clearprint_run import in_process

SUMMARY = re.compile(r"^\d+ outputs? checked in .*$", re.M)


def _check(project: Path, out: Path, *more: str) -> tuple[int, str, str]:
    code, printed, err = in_process("check", "--project", project, "--out", out, *more)
    summary = SUMMARY.search(printed)
    assert summary, printed + err
    return code, SUMMARY.sub("", printed), summary[0]


def test_check_reuses_the_last_builds_results_only_for_what_did_not_change(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    tiny = project / "handouts" / "tiny" / "en.md"
    text = tiny.read_text(encoding="utf-8")
    tiny.write_text(text.replace("Lines look softer.", "Lines look softer. This is an aesthetic treatment."), "utf-8")
    code, _, err = in_process("--project", project, "--out", out)
    assert code == 0, err

    code, kept, summary = _check(project, out)
    assert code == 0 and "2 outputs checked" in summary and "(2 unchanged since the last build" in summary
    assert "handouts/tiny/en.md:16:" in kept and "reading-jargon: 'aesthetic'" in kept  # a kept warning, reported
    assert _check(project, out, "--again")[:2] == (code, kept)

    second = project / "handouts" / "second" / "en.md"
    lines = second.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("## What are the risks?"))
    lines.insert(at + 1, "\nFor most people it is painless.")
    second.write_text("\n".join(lines), encoding="utf-8")
    code, found, summary = _check(project, out)
    assert code == 1 and "(1 unchanged since the last build" in summary, summary
    assert f"handouts/second/en.md:{at + 3}:" in found and "claim-painless" in found, found
    assert "reading-jargon: 'aesthetic'" in found
    assert _check(project, out, "--again")[:2] == (code, found)
