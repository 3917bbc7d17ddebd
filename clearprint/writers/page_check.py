"""`build.py check` reads each clinic's printed pages, web pages and front-desk catalogue as
a build does before writing them, through the build's own functions (writers/handouts.py
`document`, which reads the printed page with checks/printed_page.py, writers/sites.py `site_files`, writers/catalogues.py `catalogue_page`): every
page made with the clinic's own templates, its words located (documents/template_text.py,
clinic_values.py), read by the page claim rules (checks/page_claims.py) and compared with the
page that is printed or published (`PageClaims.same_page`). A claim in a clinic's
`templates/web/*.html.j2` or `catalogue.html.j2`, or a template that prints one page for the
checks and another for the patient, is the same error at the same place in `check` as in
`build`.

Only the pages are made, never a PDF, and only their located versions (a build also makes
the published ones); and only for a clinic with templates of its own that these pages use.
A page made from Clearprint's templates alone holds nothing the other checks have not read:
the handouts' own text (read with each handout, and published only when it passes as public
material), the clinic's settings (read in every output's page, and as public material by
checks/clinic_strings.py and checks/addresses.py) and Clearprint's own labels. A build also keeps a "withdrawn" page at each address a handout once
had, which it knows from its manifest; `check` has no manifest, and those pages print
nothing of a handout: only the clinic's templates, read here on every other page.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from pathlib import Path

import jinja2
import jinja2.meta

from ..checks import CheckResult
from ..checks.halves import in_halves
from ..checks.page_claims import PageClaims
from ..checks.public import on_website
from ..documents import web
from ..documents.evidence_page import TEMPLATE as EVIDENCE_TEMPLATE
from ..documents.html import HtmlDocuments
from ..editions import web_edition_order
from ..incremental.targets import pdf_path
from ..models import Clinic, Project
from ..problems import ContentError, Problem, Problems
from .catalogues import catalogue_page
from .handouts import document
from .sites import site_files


def check_pages(
    project: Project,
    checks: list[CheckResult],
    verdicts: dict,
    report: Problems,
    today: dt.date,
    kept: Collection[str] = (),
    fork: bool = False,
) -> None:
    """Add to `report` what a build finds on each checked clinic's pages before writing them,
    each through the function the build uses: the printed page read again (handouts.document),
    the web pages (sites.site_files) and the catalogue (catalogues.catalogue_page), each also
    compared with the page the checks read (PageClaims.same_page). The printed pages of the
    outputs in `kept` (labels the last build made from the same inputs today) are not read again,
    as a build does not make them again. `fork`: half of the printed pages are read in a copy of
    this process (checks/halves.py)."""
    claims = PageClaims(project.root, report)
    pages = HtmlDocuments(project.root, verdicts)  # as a build makes them; pages.for_checks() as the checks read them
    names = page_templates(project.root)
    # an output with an error is not printed: the build does not read it again
    printed = [
        c for c in checks if not c.blocked and c.output.label not in kept and pages.own_templates(c.output.clinic)
    ]
    before = len(report)

    def read(part: list[CheckResult]) -> tuple[list[Problem], list[Problem]]:
        """The errors on these printed pages, and the warnings added to the report meanwhile
        (in a copy of this process, its own copy of the report)."""
        errors = []
        for check in part:
            try:
                document(pages, check, claims)
            except ContentError as exc:
                errors += exc.problems
        return errors, report.items[before:]

    (found, _), (errors, warnings), _ = in_halves(read, printed, len(printed) // 2, fork)
    report.extend(warnings)
    found += errors
    for site in project.clinics:
        mine = [c for c in checks if c.output.clinic.slug == site.slug]
        if not mine or not _uses_own(pages.own_templates(site), names):
            continue
        try:
            _site_findings(project.root, pages, site, mine, verdicts, today, claims)
        except (ValueError, OSError):
            pass  # a website that makes no page, an unreadable image: the build says so, at handout_url
        except ContentError as exc:  # a claim, or a template that does not render: as the build reports it
            found += exc.problems
        outputs = [c.output for c in mine]
        files = {o.label: pdf_path(o, False).split("/", 1)[1] for o in outputs}
        try:
            catalogue_page(pages, claims, site, outputs, files, today)
        except ContentError as exc:
            found += exc.problems
    report.extend(list(dict.fromkeys(found)))


ANY = "*"


def _uses_own(own: frozenset[str], names: frozenset[str]) -> bool:
    """Whether a clinic's own templates (`own`) replace any of the pages' templates (`names`)."""
    return bool(own) if ANY in names else bool(own & names)


@functools.lru_cache(maxsize=8)
def page_templates(root: Path) -> frozenset[str]:
    """The names of the templates the web pages and the catalogue are made from, with those
    they extend, import or include (a clinic's file of one of these names is used instead)."""
    env = jinja2.Environment()
    seen: set[str] = set()
    todo = [*web.TEMPLATES.values(), EVIDENCE_TEMPLATE, "catalogue.html.j2"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = (root / "templates" / name.removeprefix("project/")).read_text(encoding="utf-8")
            found = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue
        if None in found:  # a name made while rendering: any of the clinic's templates may be used
            return frozenset({ANY})
        todo += [n for n in found if n]
    return frozenset(n.removeprefix("project/") for n in seen)


def _site_findings(
    root: Path,
    pages: HtmlDocuments,
    site: Clinic,
    mine: list[CheckResult],
    verdicts: dict,
    today: dt.date,
    claims: PageClaims,
) -> None:
    """The pages of the site the build would write (sites.site_files, which reads each with the
    claim rules and compares it with the page the checks read): a page per handout fit to
    publish (and its evidence page), an index per language. `check` renders no PDF: each page's
    links to them give no size. ContentError with the findings when one is an error."""
    if not site.settings.website:
        return
    groups: dict[tuple, list[CheckResult]] = {}
    for check in mine:
        groups.setdefault(check.output.handout.key, []).append(check)
    published = [sorted(checks, key=lambda c: web_edition_order(c.output.edition)) for checks in groups.values()]
    published = [c for c in published if on_website(verdicts, c[0].output) and not any(x.blocked for x in c)]
    editions = [(checks[0], [(c.output, b"") for c in checks]) for checks in published]
    site_files(root, pages, site, editions, {}, today, claims=claims)
