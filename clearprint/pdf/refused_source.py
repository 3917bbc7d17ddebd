"""Where a URL the renderer refused is written, and how to quote it.

The Markdown's images are checked (and located) before anything is drawn, so a URL the renderer
still refuses was put on the page by a clinic template: `<img src="data:...">` in a block of
`clinics/<slug>/templates/*.j2`. The error names that template, at the line that writes the URL
when exactly one line does (as checks/page_claims._css_source does for CSS), and quotes the URL
short: a `data:` image is tens of kilobytes on one line.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..documents.template_places import written_at

QUOTE = 60  # characters of a URL an error quotes
NEEDLE = 200  # characters of a long URL looked for in the templates


def short(url: str) -> str:
    """`url` as an error quotes it: at most QUOTE characters, and how long it was when cut."""
    if len(url) <= QUOTE:
        return url
    return f"{url[: QUOTE - 3]}... ({len(url):,} characters)"


def _needles(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":  # a template writes a relative or templated path: its file name
        name = Path(unquote(parts.path)).name
        return [name] if len(name) >= 4 else []
    return [url[:NEEDLE]] if len(url) >= 8 else []


def template_source(clinic_folder: Path, url: str) -> tuple[Path, int | None] | None:
    """The clinic template that writes `url` and the line (None when several lines or several
    files could); None when no template of the clinic holds it."""
    found = written_at(clinic_folder / "templates", _needles(url))
    if len(found) == 1:
        return found[0][:2]
    holding = sorted({path for path, _, _ in found})
    if len(holding) == 1:
        return holding[0], None
    return None
