"""Which line of which file made a trifold panel too long: the section the first line that does
not fit is in (found in the laid-out brochure by pdf.py), mapped back to the file a person
edits, the clinic's override when the clinic's own section caused it, not the shared handout."""

from __future__ import annotations

import re
from pathlib import Path

from ..models import Output, Section
from ..pdf.back_panel import ROOM, from_clinic, longest

_MARKUP = re.compile(r"[*_`#>\[\]()!|]|\{\{.*?\}\}|^\s*(?:[-+]|\d+[.)])\s+|\[\d+(?:,\s*\d+)*\]")
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(_MARKUP.sub(" ", text).lower())


def blame(
    output: Output, section_id: str | None, text: str, detail: str = ""
) -> tuple[Path, int | None, Section | None]:
    """(file, line, section) to name for an overflow starting in `section_id` at `text`; the
    clinic's name (or address) in clinic.yaml when `detail` says its details caused it."""
    if found := from_clinic(detail):
        key = longest(found)
        return output.clinic.folder / "clinic.yaml", output.clinic.lines.get((key,)), None
    section = next((s for s in output.sections if s.role == section_id), None)
    if section is None:  # text of no section (the panel's "about" box): the list of what the trifold prints
        return output.handout.file, output.handout.lines.get(("trifold",)), None
    wanted = _words(text)[:4]
    if wanted:
        for number, line in enumerate(section.body.split("\n"), start=section.line + 1):
            words = _words(line)
            if any(words[i : i + len(wanted)] == wanted for i in range(len(words))):
                return section.file, number, section
    return section.file, section.line, section


def message(label: str, detail: str, section: Section | None, line: int | None) -> str:
    if found := from_clinic(detail):
        shorter = [
            what
            for key, what in (("address", "the address"), ("phones", "the phone numbers"))
            if found[key] > ROOM[key]
        ]
        return (
            f"{label}: does not fit the trifold brochure: {detail}; the back panel prints the clinic's contact "
            "details in full, so make room for them: "
            + (f"write {' and '.join(shorter)} shorter in clinic.yaml, " if shorter else "")
            + "put detail of the handout's back-panel sections between '::: leaflet' and ':::' lines, or build the "
            "clinic without the trifold edition"
        )
    where = ""
    if section is not None:
        whose = "the clinic's own" if section.origin == "clinic" else "the"
        where = f"; the panel runs out in {whose} '{section.title}' section" + (
            f" (line {line})" if line is not None else ""
        )
    return (
        f"{label}: does not fit the trifold brochure: {detail}{where}; shorten it, or put the detail the summary "
        "can leave out between '::: leaflet' and ':::' lines (the full leaflet keeps it), or build the clinic "
        "without the trifold edition"
    )
