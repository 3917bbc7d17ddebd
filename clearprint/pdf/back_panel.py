"""How much of the trifold's back panel the clinic's own name and address take, as laid out.

The back panel holds the clinic's contact details and the handout's back sections. When it
overflows and the clinic's name and address take more lines than the back panel has room for
beside a handout's sections (ROOM: a one-line name and a two-line address, as the samples'),
the overflow is the clinic's details' doing: the message says so and names clinic.yaml
(writers/overflow_blame.py), instead of telling the handout's writer to shorten the handout.
"""

from __future__ import annotations

import re

ROOM = 3  # lines: a name on one line, an address on two
CLASS = "clinic-details"  # templates/trifold.html.j2: the name (in <strong>) and the address
NOTE = "the clinic's name and address take {lines} of its lines (the name {name}), more than the {room} a back panel leaves for them"
PATTERN = re.compile(r"the clinic's name and address take (\d+) of its lines \(the name (\d+)\)")


def _line_boxes(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "LineBox":
            yield child
        else:
            yield from _line_boxes(child)


def _has_tag(box, tag: str) -> bool:
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) == tag:
        return True
    return any(_has_tag(child, tag) for child in getattr(box, "children", ()))


def _find(box):
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        if element is not None and CLASS in (element.get("class") or "").split():
            return child
        if (found := _find(child)) is not None:
            return found
    return None


def note(panel, over: int) -> str:
    """A clause for the overflow message when the clinic's details in `panel` (a laid-out box
    overflowing by `over` lines) take more than ROOM lines and explain the overflow: at most
    twice their extra lines and one (the back panel prints them twice: its contact details, and
    the shared 'About this leaflet' section, where they wrap with the words around them);
    '' otherwise."""
    details = _find(panel)
    if details is None:
        return ""
    lines = list(_line_boxes(details))
    if len(lines) <= ROOM or over > 2 * (len(lines) - ROOM) + 1:
        return ""
    name = sum(1 for line in lines if _has_tag(line, "strong"))
    return NOTE.format(lines=len(lines), name=name, room=ROOM)


def from_clinic(detail: str) -> tuple[int, int] | None:
    """(lines of the name and address, lines of the name) when `detail` (the overflow's
    description) says the clinic's details caused it; None otherwise."""
    found = PATTERN.search(detail)
    return (int(found[1]), int(found[2])) if found else None
