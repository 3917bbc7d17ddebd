"""The clinic's name in the running header at the top of every page, as drawn.

The header (styles/base.css) gives the name all the room between the logo and the phone
number and spaces its lines so that 2 stay within the logo's height, inside the page's top
margin. A name that needs more lines would grow the header up to, and past, the top of the
sheet: that is an error at clinic.yaml's `name` (or `short_name`) line asking for a shorter
form for the header, reported instead of the text being "outside the trim".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the walker itself imports WeasyPrint, which `build.py check` never loads
    from ..pdf.drawn import Drawn

MAX_LINES = 2
KIND = "clinic-name"  # pdf/drawn.py OWN_KIND: the text of `.clinic-name` in the running header


class _Adds(Protocol):
    def add(self, src: str, rule: str, message: str, suggestion: str) -> None: ...


def findings(drawn: Drawn, label: str, found: _Adds) -> set[str]:
    """Add a finding to `found` (checks/drawn.py) when the header's name takes more than
    MAX_LINES lines; return the sources of the names reported."""
    reported: set[str] = set()
    for page in sorted({run.page for run in drawn.runs if run.kind == KIND}):
        name = [run for run in drawn.runs if run.page == page and run.kind == KIND]
        lines = sorted({round(run.y, 1) for run in name})
        if len(lines) <= MAX_LINES:
            continue
        beside = " ".join(
            run.text.strip() for run in drawn.runs if run.page == page and run.kind == "running-header"
        ).strip()
        text = " ".join(run.text.strip() for run in name)
        room = max(run.x + run.width for run in name) - min(run.x for run in name)
        per_char = sum(run.width for run in name) / max(1, sum(len(run.text.strip()) for run in name))
        fits = int(MAX_LINES * room / per_char) if per_char else 0
        found.add(
            name[0].src, "header-name-too-long",
            f"{label}: the clinic's name '{text}' takes {len(lines)} lines in the running header at the top of "
            f"every page, where {MAX_LINES} fit beside the logo" + (f" and '{beside}'" if beside else ""),
            f"add `short_name:` to clinic.yaml (or shorten it), a form of the name of about {fits} characters "
            "or fewer for the header; the full name is still printed everywhere else",
        )  # fmt: skip
        reported.add(name[0].src)
        break  # the same header on every page: once
    return reported
