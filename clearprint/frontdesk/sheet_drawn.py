"""The drawn checks on an aftercare sheet: the same function a build runs on each PDF it makes
(checks/drawn.py `findings`), on what the sheet's render drew.

A clinic stylesheet that prints the get-help section in a faint grey, hides a sentence or
shrinks the emergency number fails a build; the sheet, handed to a patient on the day, is
held to the same: each finding at the file and line the text came from, and no sheet made.
The one-page sheet prints only the handout's aftercare and get-help sections, so only those
are required on it (key points and risks are the leaflet's); a leaflet with the visit's
fields (`--edition`) is held to everything its edition is.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks.drawn import findings
from ..models import Output
from ..problems import Problem

if TYPE_CHECKING:
    from ..pdf.drawn import Drawn


def problems(
    root: Path, output: Output, drawn: Drawn, printed: tuple[str, ...] | None, page: str | None = None
) -> list[Problem]:
    """Every problem with what the sheet drew, as a build reports it; `printed`: the section
    roles the sheet prints (None: the whole leaflet); `page`: the HTML it drew, so that text a
    clinic stylesheet shrank is blamed on the declarations that shrank it, as in a build."""
    if printed is not None:
        output = replace(output, sections=tuple(s for s in output.sections if s.role in printed))
    label = f"{output.label} (aftercare sheet)" if printed is not None else f"{output.label} (filled in)"
    return findings(output, drawn, root, label, page=page)
