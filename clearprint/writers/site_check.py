"""The sites' pages checked as a browser shows them on the workers, while the next site is made.

The web edition is written after the handouts, when the workers have nothing to render: the
styles of each page (checks/web_drawn.py, WeasyPrint's cascade on every page) are the larger
part of what making a site costs, and they do not depend on the other pages. So each site is
made in this process up to that check (writers/sites.py), its pages are sent to the workers
(checks/web_drawn_pages.py: does the page have any finding?) and the next site is made
meanwhile. Then, site by site in order, the pages a worker did not find clean are checked here
as before, and the site is written or refused. What making a site reports is kept and added to
the build's report at that point, so the report reads as if the sites were made one by one.
Without started workers (one process, or a build that rendered nothing) every page is checked
here, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..checks import web_drawn
from ..checks.page_claims import PageClaims
from ..checks.web_drawn_pages import FUNCTION, Shipped
from ..incremental.targets import Target
from ..pdf.workers import Call, Workers
from ..problems import ContentError, Problems

if TYPE_CHECKING:
    from .sites import Sites
    from .state import BuildState


@dataclass
class _Made:
    target: Target
    files: dict[str, bytes] | None
    later: list
    pages_of: dict
    inputs: str
    said: Problems  # what making it reported
    error: Exception | None = None
    keys: dict[str, str] = field(default_factory=dict)  # page path -> its Call's key


def write(sites: Sites, state: BuildState, targets: list[Target], workers: Workers) -> None:
    claims = PageClaims(state.root, state.report)
    made: list[_Made] = []
    clean: dict[str, bool | None] = {}  # Call key -> what the worker said

    def calls():
        for target, make, (pages_of, inputs) in sites.sites(state, targets, claims):
            said = Problems(state.root)
            claims.report = said
            later: list = []
            try:
                step = _Made(target, make(later), later, pages_of, inputs, said)
            except (ValueError, OSError, ContentError) as exc:
                step = _Made(target, None, later, pages_of, inputs, said, exc)
            finally:
                claims.report = state.report
            made.append(step)
            if step.files is None or not later or not workers.running:
                continue
            shipped = Shipped(step.files)
            for page in later[0][0]:
                key = step.keys[page.path] = f"{target.path}\n{page.path}"
                yield Call(key, FUNCTION, (state.root, target.clinic, shipped, page))

    for done in workers.render(calls()):
        clean[done.key] = None if done.error else done.value
    for step in made:
        state.report.extend(list(step.said.items))
        clinic = step.target.clinic
        if step.error is not None or step.files is None:
            sites.failed(state, clinic, step.error or ValueError("no files"))
            continue
        if step.later:
            shown, found = step.later[0]
            known = frozenset(path for path, key in step.keys.items() if clean.get(key) is True)
            try:
                claims.passed(found + web_drawn.findings(state.root, clinic, step.files, shown, known))
            except ContentError as exc:
                sites.failed(state, clinic, exc)
                continue
        sites.write_site(state, step.target, step.files, step.pages_of, step.inputs)
