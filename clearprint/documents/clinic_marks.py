"""`data-src` on what the templates print from a clinic's settings: the running header (the
name it prints, `short_name` when given, and the phone number), the trifold's cover and
contact details. A check of what is drawn there (checks/header.py, checks/drawn.py) then names
clinic.yaml's line, never the template.
"""

from __future__ import annotations

from ..models import Clinic
from . import sourcemap

# (start of the tag, clinic.yaml key whose line it carries); the header's name is its own key.
MARKS = (
    (r"<header class=\"running-header\"", None),
    (r"<span class=\"clinic-name\"", None),
    (r"<span class=\"clinic-phone\"", "phone"),
    (r"<p class=\"cover-clinic\"", "name"),
    (r"<section class=\"contact\"", "name"),
)


def header_key(site: Clinic) -> str:
    """The clinic.yaml key of the name the running header prints."""
    return "short_name" if site.settings.short_name else "name"


def mark_clinic(page: str, site: Clinic, settings: str) -> str:
    """`page` with the clinic's lines in clinic.yaml (`settings`, its path from the project's root)
    on the first element of each kind that prints them (the running header is one element,
    repeated on every page by the layout)."""
    for pattern, key in MARKS:
        line = site.lines.get((key or header_key(site),))
        page = sourcemap.mark(page, pattern, sourcemap.src(settings, line))
    return page
