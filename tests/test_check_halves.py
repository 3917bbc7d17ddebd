"""`build.py check` on two processes (checks/halves.py): a forked copy checks the later handouts
while the first process checks the earlier ones, and reads half the printed pages. What it
reports must be what one process reports, in the same order: errors and warnings in both
halves, a page a clinic template made, a clinic rule file both halves load.

Run as a command: a test runner's process has threads, and is never forked."""

from __future__ import annotations

import re
from pathlib import Path

from clearprint_run import in_process, subprocess_run

from conftest import copy_samples

US = "sample-us-maple-grove"
SUMMARY = re.compile(r"^(\d+) outputs? checked in [\d.]+ s( on 2 processes)?;", re.M)


def _insert(path: Path, after: str, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith(after))
    lines[at + 1 : at + 1] = ["", text]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_two_processes_report_what_one_reports(tmp_path: Path) -> None:
    project = copy_samples(tmp_path / "p")
    # the US clinic's 18 outputs, cut after its dermal fillers: a claim in the first half (its
    # first handout's English), one in the last handout's Spanish
    _insert(project / "handouts/botulinum-toxin/en.md", "## What is it?", "For most people it is painless.")
    _insert(project / "handouts/chemical-peels/es.md", "## ¿Qué es?", "Para la mayoría de las personas es indoloro.")
    # a warning in a handout of the second half
    _insert(project / "handouts/chemical-peels/en.md", "## What is it?", "It is an aesthetic treatment.")
    # the clinic template adds a warning to every page of the US clinic, whose pages are read
    # again as printed (but those with errors)
    template = project / "clinics/sample-us-maple-grove/templates/handout.html.j2"
    text = template.read_text(encoding="utf-8")
    text = text.replace('<span class="clinic-name">', '<span class="clinic-name">Aesthetic care. ')
    # and prints a claim on the last handout's printed page only, found as it is read again
    measures = "{% set probe %}Hello{% endset %}{% if probe|length == 5 and handout.id == 'chemical-peels' %}Painless.{% endif %}"
    template.write_text(text.replace("{% block running_header %}", "{% block running_header %}" + measures))

    found = {}
    for jobs in ("1", "2"):  # one process here (a test runner's is never forked), two as a clinic runs it
        run = in_process if jobs == "1" else subprocess_run
        code, printed, err = run("check", "--project", project, "--clinic", US, "--again", "--jobs", jobs)
        summary = SUMMARY.search(printed)
        assert summary and summary[1] == "18", printed + err
        assert bool(summary[2]) == (jobs == "2"), summary[0]  # the copy did check half
        found[jobs] = (code, SUMMARY.sub("", printed), err)
    assert found["1"] == found["2"], (found["1"][1], found["2"][1])
    code, printed, _ = found["2"]
    assert code == 1
    for expected in (
        "handouts/botulinum-toxin/en.md:",  # the first half
        "claim-painless",
        "handouts/chemical-peels/es.md:",  # second half
        "handouts/chemical-peels/en.md:",  # a warning of the second half
        "reading-jargon: 'aesthetic'",
        "clinics/sample-us-maple-grove/templates/handout.html.j2:8:29: warning reading-jargon",
        "error template-not-as-checked",  # the printed pages, read again
    ):
        assert expected in printed, (expected, printed)
