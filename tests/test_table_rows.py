"""A claim split over table cells (round 4 attack table-cells-split-claim): each row is read
across, its cells joined, as well as cell by cell; on the page the checks read (after
templates), in the Markdown when the page cannot be made, and on the web and catalogue pages."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from clearprint_run import in_process

from clearprint.checks.table_rows import page_rows, source_rows
from conftest import make_project

TABLE = """\
| Peel | How much | How it feels |
|---|---|---|
| Light peel | pain | free |
| Medium peel | no side | effects |
| Deep peel | risk | free |
"""
LINE = re.compile(r"^\s*(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): error (?P<rule>[a-z0-9-]+): ", re.M)
AFTER = "- [ ] Do not rub the area for 24 hours.\n"  # the table goes in the aftercare section


def test_a_claim_split_over_the_cells_of_a_row_is_refused_at_its_cell(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    page = project / "handouts/tiny/en.md"
    text = page.read_text()
    page.write_text(text.replace(AFTER, AFTER + "\n" + TABLE))
    first = text.splitlines().index(AFTER.strip()) + 5  # the first row of cells
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    assert code == 1
    found = {(m["file"], int(m["line"]), int(m["col"]), m["rule"]) for m in LINE.finditer(out + err)}
    assert found == {
        ("handouts/tiny/en.md", first, 16, "claim-painless"),  # | Light peel | pain | free |
        ("handouts/tiny/en.md", first + 1, 17, "claim-no-side-effects"),  # | Medium peel | no side | effects |
        ("handouts/tiny/en.md", first + 2, 15, "claim-no-risk"),  # | Deep peel | risk | free |
    }, out + err

    # An honest table builds: each row says what it says.
    page.write_text(text.replace(AFTER, AFTER + "\n| Area | What to do |\n|---|---|\n| Forehead | Keep it clean |\n"))
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    assert code == 0, out + err


def test_page_rows_join_the_cells_of_each_row_at_their_columns(tmp_path: Path) -> None:
    (tmp_path / "en.md").write_text("intro\n| Light peel | pain | free |\n")
    html = (
        '<body><table><tr><th data-src="en.md:2">Light peel</th><td data-src="en.md:2">pain</td>'
        '<td data-src="en.md:2">free</td></tr><tr><td>one</td></tr></table><p>pain</p><p>free</p></body>'
    )
    rows = page_rows(html, tmp_path)
    # each body cell under its column's heading, then each row of several cells; not the paragraphs
    assert [r.text for r in rows] == ["Light peel: one", "Light peel pain free"]
    rows = rows[1:]
    at = rows[0].positions[rows[0].text.index("pain")]
    assert (at.file.name, at.line, at.col) == ("en.md", 2, 16)


def test_source_rows_read_the_markdown_of_each_row(tmp_path: Path) -> None:
    file = tmp_path / "en.md"
    section = SimpleNamespace(body="Text.\n\n" + TABLE, line=10, file=file, role="benefits")
    handout = SimpleNamespace(intro="", body_line=2, file=file)
    rows = source_rows(SimpleNamespace(handout=handout, sections=(section,)))
    assert [r.text for r in rows] == [
        "Peel How much How it feels",
        "Light peel pain free",
        "Medium peel no side effects",
        "Deep peel risk free",
    ]
    medium = rows[2]
    at = medium.positions[medium.text.index("no side")]
    assert (at.line, at.col, medium.role) == (16, 17, "benefits")  # the body starts on the line after the heading
