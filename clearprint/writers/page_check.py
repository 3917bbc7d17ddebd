"""`build.py check` reads each clinic's web pages and front-desk catalogue as a build does
before writing them (writers/sites.py, writers/catalogues.py): every page made with the
clinic's own templates, its words located (documents/template_text.py, clinic_values.py),
and read by the page claim rules (checks/page_claims.py). A claim in a clinic's
`templates/web/*.html.j2` or `catalogue.html.j2` is the same error at the same place in
`check` as in `build`.

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
from pathlib import Path

import jinja2
import jinja2.meta

from ..checks import CheckResult
from ..checks.page_claims import PageClaims, known_text
from ..checks.public import on_website
from ..documents import web
from ..documents.evidence_page import TEMPLATE as EVIDENCE_TEMPLATE
from ..documents.evidence_page import evidence_page, rows
from ..documents.html import HtmlDocuments
from ..editions import web_edition_order
from ..incremental.targets import pdf_path
from ..models import Clinic, Project
from ..problems import ContentError, Problem, Problems
from .catalogues import _read_as
from .sites import PUBLIC


def check_pages(project: Project, checks: list[CheckResult], verdicts: dict, report: Problems, today: dt.date) -> None:
    """Add to `report` what the page claim rules find on each checked clinic's pages."""
    claims = PageClaims(project.root, report)
    documents = HtmlDocuments(project.root, verdicts, located=True)
    names = page_templates(project.root)
    for site in project.clinics:
        mine = [c for c in checks if c.output.clinic.slug == site.slug]
        if not mine or not _own_templates(site, names):
            continue
        found: list[Problem] = []
        try:
            found += _site_findings(project.root, documents, site, mine, verdicts, today, claims)
        except ValueError:
            pass  # a website that makes no page: the build says so, at handout_url
        except ContentError as exc:  # a template that does not render: as the build reports it
            report.extend(exc.problems)
        outputs = [c.output for c in mine]
        files = {o.label: pdf_path(o, False).split("/", 1)[1] for o in outputs}
        try:
            page = documents.catalogue(site, outputs, files, today, False)
            found += claims.findings(page, site, site.settings.languages[0], *_read_as(outputs))
        except ContentError as exc:
            report.extend(exc.problems)
        report.extend(list(dict.fromkeys(found)))


ANY = "*"


def _own_templates(site: Clinic, names: frozenset[str]) -> bool:
    folder = site.folder / "templates"
    if ANY in names:
        return any(folder.rglob("*.j2"))
    return any((folder / name).is_file() for name in names)


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
    documents: HtmlDocuments,
    site: Clinic,
    mine: list[CheckResult],
    verdicts: dict,
    today: dt.date,
    claims: PageClaims,
) -> list[Problem]:
    """The findings on the pages of the site the build would write: a page per handout fit to
    publish (and its evidence page), an index per language (writers/sites.site_files)."""
    if not site.settings.website:
        return []
    groups: dict[tuple, list[CheckResult]] = {}
    for check in mine:
        groups.setdefault(check.output.handout.key, []).append(check)
    published = [sorted(checks, key=lambda c: web_edition_order(c.output.edition)) for checks in groups.values()]
    published = [c for c in published if on_website(verdicts, c[0].output) and not any(x.blocked for x in c)]
    languages_of: dict[str, list[str]] = {}
    for checks in published:
        meta = checks[0].output.handout.meta
        languages_of.setdefault(meta.id, []).append(meta.language)
    checked: list[tuple[str, str, set[str]]] = []  # (language, page with its words located, known text)
    for checks in published:
        check = checks[0]
        meta = check.output.handout.meta
        context = documents.context(check.output, check=check)
        pdfs = [web.PdfLink.of(c.output) for c in checks]
        status = web.CheckStatus.of(check, today)
        page = web.handout_page(
            documents, context, site, pdfs=pdfs, status=status, languages=languages_of[meta.id]
        )  # fmt: skip
        strings = [meta.title, meta.summary, *meta.sources, *(s.title for s in context["sections"])]
        pieces = [context["intro"], *(s.html for s in context["sections"])]
        checked.append((meta.language, page, known_text(pieces, strings, root)))
        found = rows(root, check.output)
        strings = [meta.title, *meta.sources, *(f.statement for f in found["facts"])]
        strings += [text for r in found["risks"] for text in (r["name"], r["how_often"])]
        checked.append((meta.language, evidence_page(documents, check.output)[1], known_text((), strings, root)))
    languages = sorted({lang for langs in languages_of.values() for lang in langs})
    for language in languages:
        metas = [c[0].output.handout.meta for c in published if c[0].output.handout.meta.language == language]
        known = known_text((), [text for m in metas for text in (m.title, m.summary)], root)
        checked.append((language, web.index_page(documents, site, language, metas, languages), known))
    return [p for language, page, known in checked for p in claims.findings(page, site, language, PUBLIC, known)]
