"""The clinic's own name and address, wherever a page prints them: proper names, which the
spelling conversion never touches and the language-variant check never questions ('Laser
Centre' is the clinic's name in a US handout too). Everything around them is checked as usual.
"""

from __future__ import annotations

import re

from ..models import ClinicSettings


def proper_names(settings: ClinicSettings) -> tuple[str, ...]:
    """The clinic's name, its short name and each line of its address, as a page prints them."""
    found = (settings.name, settings.short_name or "", *settings.address)
    return tuple(dict.fromkeys(" ".join(n.split()) for n in found if n.strip()))


def spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where `names` occur in `text` (whitespace as the page's: one space), as (start, end)."""
    return [(m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), text)]


def inside(start: int, end: int, found: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in found)
