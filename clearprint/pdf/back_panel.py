"""How much of the trifold's back panel the clinic's own contact details take, as laid out.

The back panel holds the clinic's contact details (name, address, phone numbers) and the
handout's back sections. When it overflows and the clinic's details take more lines than the
back panel has room for beside a handout's sections (ROOM: a one-line name, a two-line address
and a line for each of the three phone numbers, as the samples'), and their extra lines explain
the overflow, it is the clinic's details' doing: the message says so and names clinic.yaml
(writers/overflow_blame.py), instead of telling the handout's writer to shorten the handout.
"""

from __future__ import annotations

import re

ROOM = {"name": 1, "address": 2, "phones": 3}  # lines
DETAILS, PHONES = "clinic-details", "clinic-phones"  # templates/trifold.html.j2: name (<strong>) and address; phones
NOTE = (
    "the clinic's contact details take {total} of its lines (name {name}, address {address}, phone numbers "
    "{phones}), more than the {room} a back panel leaves for them"
)
PATTERN = re.compile(
    r"the clinic's contact details take \d+ of its lines \(name (\d+), address (\d+), phone numbers (\d+)\)"
)


def _line_boxes(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "LineBox":
            yield child
        else:
            yield from _line_boxes(child)


def _has_tag(box, tag: str) -> bool:
    if getattr(box, "element", None) is not None and getattr(box, "element_tag", None) == tag:
        return True
    return any(_has_tag(child, tag) for child in getattr(box, "children", ()))


def _find(box, css_class: str):
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        if element is not None and css_class in (element.get("class") or "").split():
            return child
        if (found := _find(child, css_class)) is not None:
            return found
    return None


def counts(panel) -> dict[str, int]:
    """Lines of the clinic's name, address and phone numbers in `panel` (a laid-out box)."""
    details, phones = _find(panel, DETAILS), _find(panel, PHONES)
    lines = list(_line_boxes(details)) if details is not None else []
    name = sum(1 for line in lines if _has_tag(line, "strong"))
    return {"name": name, "address": len(lines) - name, "phones": len(list(_line_boxes(phones))) if phones else 0}


def note(panel, over: int) -> str:
    """A clause for the overflow message when the clinic's details in `panel` (overflowing by
    `over` lines) take more lines than ROOM and their extra lines explain the overflow: at most
    twice them and one (the back panel prints the name, address and phone number twice: in its
    contact details and in the shared 'About this leaflet' section, where they wrap with the
    words around them); '' otherwise."""
    found = counts(panel)
    extra = sum(max(0, found[key] - ROOM[key]) for key in ROOM)
    if not extra or over > 2 * extra + 1:
        return ""
    return NOTE.format(total=sum(found.values()), room=sum(ROOM.values()), **found)


def from_clinic(detail: str) -> dict[str, int] | None:
    """Lines of the name, address and phone numbers when `detail` (the overflow's description)
    says the clinic's details caused it; None otherwise."""
    found = PATTERN.search(detail)
    return dict(zip(ROOM, map(int, found.groups()), strict=True)) if found else None


def longest(found: dict[str, int]) -> str:
    """The clinic.yaml key of the detail with the most lines over its room ('phones': `phone`)."""
    key = max(ROOM, key=lambda k: (found[k] - ROOM[k], -list(ROOM).index(k)))
    return "phone" if key == "phones" else key
