"""The templates a clinic has of its own: `clinics/<slug>/templates/**/*.j2`, by the name a
page asks for (`handout.html.j2`, `web/handout.html.j2`), which they replace. Looked for once
per clinic and build (`HtmlDocuments.own_templates`): the printed page is read once more
for a clinic that has any (checks/printed_page.py), and `build.py check` makes a web page
or catalogue only for a clinic with one they use (writers/page_check.py)."""

from __future__ import annotations

from pathlib import Path


def template_names(clinic_folder: Path) -> frozenset[str]:
    """The names of the clinic's own templates, relative to its `templates/` folder (none without one)."""
    folder = clinic_folder / "templates"
    return frozenset(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2") if p.is_file())
