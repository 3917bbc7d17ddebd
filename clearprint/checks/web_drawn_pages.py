"""The web pages' style check (web_drawn.py) split so the workers can take most of it.

`findings` of web_drawn.py is the same for each page whatever the other pages are, and most
pages have none: `clean` tells, for one page, whether `findings` would find nothing on it
(the same code: page_styles, verdicts, the required sections). The site writer sends each
page to a worker as a `Call` of `clean` (pdf/workers.py), with the site's stylesheets only;
a page it does not answer True for (a finding, a file it was not given, a failure) is looked
at again in the main process by `findings`, as before, so the findings are those of one check
of every page there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from ..models import Clinic
from ..pdf.web_styles import page_styles
from .web_drawn import WebPage, _required, verdicts

FUNCTION = "clearprint.checks.web_drawn_pages:clean"


class Withheld(Exception):
    """A site file the worker was not given was asked for: the main process checks the page."""


class Shipped(Mapping[str, bytes]):
    """The site's files as page_styles reads them: every path, the contents of the stylesheets
    only (the PDFs, fonts and images stay in the main process)."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.names = frozenset(files)
        self.data = {path: data for path, data in files.items() if path.endswith(".css")}

    def __getitem__(self, path: str) -> bytes:
        if path in self.data:
            return self.data[path]
        if path in self.names:
            raise Withheld(path)
        raise KeyError(path)

    def __contains__(self, path: object) -> bool:
        return path in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def clean(root: Path, site: Clinic, files: Mapping[str, bytes], web: WebPage) -> bool | None:
    """True when web_drawn.findings finds nothing on the page `web`; False when it finds
    something; None when that needs a file not given."""
    try:
        styled = page_styles(web.page, web.path, files)
    except Withheld:
        return None
    if any(verdicts(t) for s in styled for t in s.texts):
        return False
    return not (_required(web, styled, root.resolve(), site) if web.output is not None else [])
