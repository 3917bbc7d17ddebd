"""How full each page is, checked on what was drawn (pdf/fill.py), in every build.

- Every page but the last is at least a third full (MIN_FILL): from the top of its content
  area to the bottom of the lowest thing drawn on it, over the content area's height.
- The last page is not nearly empty (MIN_LAST_FILL): a page turned for two lines, or only
  the footer, wastes a sheet and looks as if something is missing.
- Each panel of a trifold is filled to at least two thirds of its height (MIN_PANEL_FILL):
  no third of a panel left blank.
- The key points are on the first page, in every edition (large print must not open with
  a page holding only the title).

These are warnings, not errors: the content is complete and correct, and a page break moves
with every edit a clinic makes, so a thin page must not stop a clinic printing a leaflet it
needs today. `build.py --strict` (CI, and the shipped samples) fails on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents.sourcemap import parse
from ..editions import TRIFOLD
from ..models import Output
from ..problems import Problem

if TYPE_CHECKING:
    from ..pdf.drawn import Drawn

MIN_FILL = 1 / 3  # every page but the last
MIN_LAST_FILL = 0.12  # the last page: more than a footer and a few lines (4 of body text, 2 in large print)
MIN_PANEL_FILL = 2 / 3  # every panel of a trifold
UNIT_PT = {"in": 72.0, "mm": 72 / 25.4}
OUTSIDE = ("inside flap", "back", "cover")  # side 1, left to right (editions.py)
INSIDE = ("inside left", "inside middle", "inside right")  # side 2


@dataclass(frozen=True)
class Area:
    """A page, or a panel of a trifold, and how full it is (0 to 1)."""

    page: int  # 0-based
    name: str  # "page 2", "the cover panel"
    fill: float
    minimum: float
    last: bool = False  # the last page of a leaflet
    left: float = 0.0  # pt: where a panel is across the sheet
    right: float = float("inf")


def areas(output: Output, drawn: Drawn) -> list[Area]:
    """Every page of a leaflet, or every panel of a trifold, with how full it is."""
    fills = drawn.fills
    if output.edition != "trifold":
        return [
            Area(
                i,
                f"page {i + 1} of {len(fills)}",
                f.fill(),
                MIN_LAST_FILL if i == len(fills) - 1 else MIN_FILL,
                i == len(fills) - 1,
            )
            for i, f in enumerate(fills)
        ]
    g = TRIFOLD[output.clinic.settings.page_size]
    pt = UNIT_PT[g.unit]
    top, height = g.top * pt, (g.height - 2 * g.top) * pt
    found = []
    for i, f in enumerate(fills[:2]):
        widths, names = (g.outside, OUTSIDE) if i == 0 else (g.inside, INSIDE)
        left = 0.0
        for width, name in zip(widths, names, strict=True):
            right = left + width * pt
            found.append(
                Area(i, f"the {name} panel", f.fill(left, right, top, height), MIN_PANEL_FILL, False, left, right)
            )
            left = right
    return found


def _where(
    output: Output, drawn: Drawn, root: Path, page: int, left: float = 0.0, right: float = float("inf")
) -> tuple[str, int | None]:
    """The file and line of the first text drawn on `page` between `left` and `right` (the
    handout's file when none)."""
    for run in drawn.runs:
        if run.page == page and run.kind == "body" and run.src and left <= run.x < right:
            return parse(run.src)
    return output.handout.file.resolve().relative_to(root).as_posix(), None


def findings(output: Output, drawn: Drawn, root: Path, label: str) -> list[Problem]:
    """A warning for each page or panel too empty, and for key points not on the first page."""
    root = root.resolve()
    problems = []
    for area in areas(output, drawn):
        if area.fill >= area.minimum:
            continue
        percent = f"{area.fill * 100:.0f}%"
        if area.last:
            file, line = _where(output, drawn, root, area.page)
            message = (
                f"{label}: the last page ({area.name}) is only {percent} full, nearly empty",
                "shorten the leaflet so that it ends on the page before, or let the page before break "
                "inside a long list or box so more of it moves over",
            )
            rule = "layout-last-page-nearly-empty"
        elif output.edition == "trifold":
            file, line = _where(output, drawn, root, area.page, area.left, area.right)
            message = (
                f"{label}: {area.name} is only {percent} full, more than a third of it blank",
                "move a section to it (the handout's `trifold:` list) or add what a reader needs there",
            )
            rule = "layout-panel-underfilled"
        else:
            file, line = _where(output, drawn, root, area.page + 1)  # what did not fit on it
            message = (
                f"{label}: {area.name} is only {percent} full, under a third, because what follows "
                "(from here) did not fit under it whole",
                "let it break: a long list, table or box kept whole, or a heading kept with a tall "
                "drawing, can move to the next page and leave this one nearly empty",
            )
            rule = "layout-page-underfilled"
        problems.append(Problem(file, line, f"{message[0]} ({message[1]})", "warning", None, rule))
    roles = {s.role: s for s in output.sections}
    if "key-points" in roles and drawn.runs and not any(r.page == 0 and r.role == "key-points" for r in drawn.runs):
        section = roles["key-points"]
        problems.append(
            Problem(
                section.file.resolve().relative_to(root).as_posix(),
                section.line,
                f"{label}: the key points are not on the first page (a reader turns a page to find them) "
                "(shorten what comes before them, or let their list break over the page)",
                "warning",
                None,
                "layout-key-points-not-first",
            )
        )
    return problems
