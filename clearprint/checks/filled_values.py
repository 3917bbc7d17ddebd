"""Where the words a handout's placeholder fills in come from: `{{ clinic.address }}` written
at handouts/x/en.md:12 prints the clinic's address, set in clinics/y/clinic.yaml.

A check that reads the page (page_text.py) finds the filled-in words among the Markdown's
own; their characters are placed at the placeholder (its line and column in the Markdown
file, where the clinic's text was put), each carrying the clinic.yaml line the value was
set on (`FilledPosition`), and a finding there names both, on one line:
`handouts/x/en.md:12:9: error claim-absolute-safety: ... (the words come from
{{ clinic.address }}, set at clinics/y/clinic.yaml:5)` (Context.finding).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.markup import PHONE_PLACEHOLDERS, placeholder_values
from ..models import Clinic
from .text import Position

# placeholder -> the clinic.yaml key it prints (`clinic.address` joins each line of `address`)
KEYS = {
    "clinic.name": "name",
    "clinic.phone": "phone",
    "clinic.after_hours_phone": "after_hours_phone",
    "clinic.emergency_number": "emergency_number",
    "clinic.website": "website",
}
JOIN = ", "  # content/markup.placeholder_values joins the address lines with it


@dataclass(frozen=True)
class FilledPosition(Position):
    """A character a placeholder filled in: at the placeholder, with where its value was set."""

    placeholder: str = ""  # "clinic.address"
    value_at: str = ""  # "clinics/y/clinic.yaml:5"; "" for a value the file does not set (a default)

    def note(self) -> str:
        where = f", set at {self.value_at}" if self.value_at else ""
        return f"the words come from {{{{ {self.placeholder} }}}}{where}"


@dataclass(frozen=True)
class Filled:
    """A placeholder's value as the page shows it, and where each part of it was set."""

    text: str  # whitespace folded, as page_text.py reads it
    parts: tuple[tuple[int, str], ...]  # (offset in `text` where a part starts, "file:line" or "")

    def value_at(self, offset: int) -> str:
        return next((where for start, where in reversed(self.parts) if start <= offset), "")


def filled_values(site: Clinic, root: Path) -> dict[str, Filled]:
    """Each clinic placeholder a handout may write, with the words it prints for `site`."""
    try:
        settings_file = (site.folder / "clinic.yaml").resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        settings_file = ""

    def at(*key) -> str:
        line = site.lines.get(key)
        return f"{settings_file}:{line}" if settings_file and line else ""

    found = {}
    for name, value in placeholder_values(site.settings).items():
        if not name.startswith("clinic.") or not value.strip():
            continue
        if name == "clinic.address":
            parts, offset = [], 0
            for i, line in enumerate(site.settings.address):
                parts.append((offset, at("address", i)))
                offset += len(" ".join(line.split())) + len(JOIN)
            text = JOIN.join(" ".join(line.split()) for line in site.settings.address)
            found[name] = Filled(" ".join(text.split()), tuple(parts))
            continue
        if name in PHONE_PLACEHOLDERS and "/" in value:  # each number a link of its own (markup.phone_link)
            value = " / ".join(number.strip() for number in value.split("/"))
        found[name] = Filled(" ".join(value.split()), ((0, at(KEYS[name])),))
    return found
