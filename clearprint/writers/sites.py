"""Each clinic's web edition (kind `site`, its files kind `web`): out/<clinic>/site/, ready
to copy to any web host. A page per published handout and language at the address its QR
code encodes, with its PDF editions; an index per language; a "withdrawn" page at every
address a handout once had; the sitemap (which stands for the site) and the static files.

Also the draft page `build.py serve` shows the moment a handout is saved."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..checks import CheckResult, template_numbers, web_drawn
from ..checks.page_claims import PageClaims, known_text
from ..checks.public import on_website
from ..checks.web_drawn import WebPage
from ..documents import web
from ..documents.evidence_page import evidence_page, evidence_url, rows
from ..documents.html import HtmlDocuments
from ..editions import web_edition_order
from ..files import write_atomically
from ..incremental.manifest import file_digest
from ..incremental.stale import forget
from ..incremental.targets import Target, pdf_path
from ..models import Clinic, Output, Project
from ..options import BuildOptions
from ..pdf.workers import Workers
from ..problems import ContentError, Problem
from ..safe_io import read_regular
from . import site_check
from .base import whole_clinics
from .catalogues import expected_outputs
from .state import BuildState

PUBLIC = "waiting-room"  # the web edition is public: read as waiting-room material (checks/public.py)


class CheckedPage(NamedTuple):
    """A page of the site as the checks read it."""

    language: str
    marked: str  # its words located (documents/template_text.py)
    known: set[str]  # the text Clearprint made, read with its handout
    page: str  # as published
    plain: str | None = None  # the same page from Clearprint's own templates, for a clinic with its own


class Sites:
    kind = "site"
    kinds = ("site", "web")
    sharded = False
    with_bleed = False

    def wanted(self, options: BuildOptions) -> bool:
        return not (options.shard or options.bleed)

    def plan(self, project: Project, outputs: list[Output], options: BuildOptions) -> list[Target]:
        if not whole_clinics(options):  # only a clinic's whole build writes its site
            return []
        built = {o.clinic.slug for o in outputs}
        return [
            Target(self.kind, f"{c.slug}/site/sitemap.xml", c)
            for c in project.clinics
            if c.slug in built and c.settings.website
        ]

    def sites(self, state: BuildState, targets: list[Target], claims: PageClaims) -> Iterator:
        """(target, how to make its files, (pages_of, inputs)) of each site to write:
        written only when every handout of the clinic built (like the catalogue), each file
        recorded as a `web` target and written only when it changed. A site whose inputs (its
        outputs' hashes and files, what is published, the day) are as the last build left
        them, with every file intact, is not made again at all. Every page's words pass the claim
        rules first (checks/page_claims.py): a claim on any page and no file of the site is written."""
        for target in targets:
            clinic, prefix = target.clinic, f"{target.clinic.slug}/site/"
            mine = [c for c in state.result.checks if c.output.clinic.slug == clinic.slug]
            records = {c.output.label: state.manifest.entries.get(pdf_path(c.output, False), {}) for c in mine}
            if (
                not mine
                or not all(r.get("file") for r in records.values())
                or len(mine) < expected_outputs(clinic, state.project)
                # a PDF that failed now keeps its last good record: its new page must not go out
                or any(o.clinic.slug == clinic.slug for o in state.result.failed)
            ):
                continue  # keep the last good site: a failing handout must not look withdrawn
            groups: dict[tuple, list[CheckResult]] = {}
            for check in mine:
                groups.setdefault(check.output.handout.key, []).append(check)
            published = {  # handout key -> its checks, the web page's edition first
                key: sorted(checks, key=lambda c: web_edition_order(c.output.edition))
                for key, checks in groups.items()
                if on_website(state.verdicts, checks[0].output) and not any(c.blocked for c in checks)
            }
            pages_of = {}  # site path -> (handout, language) of each handout page, published or withdrawn
            for path, record in state.manifest.entries.items():
                if record["kind"] == "web" and record["clinic"] == clinic.slug and record["handout"]:
                    pages_of[path.removeprefix(prefix)] = (record["handout"], record["language"])
            for handout, language in published:
                url = clinic.settings.url_for(handout, language)
                pages_of[web.page_path(url, clinic.settings.site_url)] = (handout, language)
            listed = sorted(
                f"{c.output.label}:{state.digests[c.output.label]}:{records[c.output.label]['sha256']}" for c in mine
            )
            seen = [
                state.today.isoformat(),
                state.hasher.fixed.hexdigest(),
                *listed,
                repr(sorted(published)),
                repr(sorted(pages_of.items())),
            ]
            inputs = hashlib.sha256("\n".join(seen).encode()).hexdigest()
            if state.unchanged(target, inputs) and _intact(state, clinic.slug):
                continue
            editions = [
                (checks[0], [(c.output, read_regular(state.out / records[c.output.label]["file"])) for c in checks])
                for checks in published.values()
            ]
            withdrawn = {path: language for path, (_, language) in pages_of.items()}
            make = partial(
                site_files, state.root, state.documents, clinic, editions, withdrawn, state.today, claims, True
            )
            yield target, make, (pages_of, inputs)

    def write(self, state: BuildState, targets: list[Target], workers: Workers) -> None:
        """Each site made (`sites`), its pages' styles checked on the workers while the next
        site is made (site_check.py), then written in order."""
        site_check.write(self, state, targets, workers)

    def failed(self, state: BuildState, clinic: Clinic, exc: Exception) -> None:
        """A site that could not be made: reported, nothing of it written."""
        if isinstance(exc, ContentError):
            state.report.extend(exc.problems)
        else:
            state.report.add(clinic.folder / "clinic.yaml", clinic.lines.get(("handout_url",)), f"web edition: {exc}")

    def write_site(
        self, state: BuildState, target: Target, written: dict[str, bytes], pages_of: dict, inputs: str
    ) -> None:
        """Land one clinic's checked site files (site_check.py calls it once their checks passed)."""
        clinic, prefix = target.clinic, f"{target.clinic.slug}/site/"
        for path, data in written.items():
            if path == "sitemap.xml":
                file, digest = target, inputs
            else:
                file = Target("web", prefix + path, clinic, page=pages_of.get(path, ("", "")))
                digest = hashlib.sha256(data).hexdigest()
            if state.unchanged(file, digest):
                continue
            write_atomically(state.out / file.path, data)
            state.manifest.record(file, digest, state.today, state.out / file.path)
            state.result.wrote("web", state.out / file.path)
        for path, record in list(state.manifest.entries.items()):  # files the site no longer has
            if record["kind"] == "web" and record["clinic"] == clinic.slug and path.removeprefix(prefix) not in written:
                state.result.removed += forget(state.manifest, state.out, path)


def _intact(state: BuildState, slug: str) -> bool:
    return all(
        file_digest(state.out / path) == record["sha256"]
        for path, record in state.manifest.entries.items()
        if record["kind"] == "web" and record["clinic"] == slug
    )


def site_files(
    root: Path,
    pages: HtmlDocuments,
    site: Clinic,
    published: list[tuple[CheckResult, list[tuple[Output, bytes]]]],
    withdrawn: dict[str, str],
    today: dt.date,
    claims: PageClaims | None = None,
    drawn: bool = False,
    later: list | None = None,
) -> dict[str, bytes]:
    """Every file of a clinic's site, by path in the site: a page per published handout and
    language (at the address its QR code encodes) with its PDF editions, an index per
    language, a withdrawn page at each address in `withdrawn` (path -> language), the
    sitemap and the static files. With `claims`, every page is read by the claim rules, as
    public material, before any is returned: ContentError with the findings if one is an error.
    With `drawn` (the build, not `check`), every page is also checked as a browser shows it
    (checks/web_drawn.py): hidden, faint or small text is an error the same way. With `later` as
    well, that check and the verdict are left to the caller: (pages, findings so far) is
    appended to it (site_check.py runs the pages' styles on the workers)."""
    settings = site.settings
    files: dict[str, bytes] = {}
    located = pages.for_checks() if claims else None
    checked: list[CheckedPage] = []
    languages_of: dict[str, list[str]] = {}
    for check, _ in published:
        meta = check.output.handout.meta
        languages_of.setdefault(meta.id, []).append(meta.language)
    languages = sorted({check.output.handout.meta.language for check, _ in published})
    own = bool(located) and web_templates(pages, site)  # a page from Clearprint's own templates too
    urls, images = [], set()
    outputs: dict[str, Output] = {}  # handout page -> its output
    for check, editions in published:
        meta = check.output.handout.meta
        for output, data in editions:
            files[web.pdf_path(output)] = data
        pdfs = [web.PdfLink.of(output, len(data)) for output, data in editions]
        path, page, pictures = handout_page(pages, check, pdfs, languages_of[meta.id], today, located, checked)
        files[path] = page
        outputs[path] = check.output
        urls.append(settings.url_for(meta.id, meta.language))
        evidence, sheet = evidence_page(pages, check.output)  # the clinicians' evidence sheet beside it
        files[evidence] = sheet.encode()
        if located:  # its template's own words read as every page's are; the leaflet's own text is known
            found = rows(root, check.output)
            strings = [meta.title, *meta.sources, *(f.statement for f in found["facts"])]
            strings += [text for r in found["risks"] for text in (r["name"], r["how_often"])]
            marked = evidence_page(located, check.output)[1]
            checked.append(CheckedPage(meta.language, marked, known_text((), strings, root), sheet))
        urls.append(evidence_url(site, check.output))
        images.update(pictures)
    for language in languages:
        metas = [c.output.handout.meta for c, _ in published if c.output.handout.meta.language == language]
        index = web.index_page(pages, site, language, metas, languages)
        files[web.index_path(settings, language)] = index.encode()
        urls.append(web.index_url(settings, language))
        if located:
            known = known_text((), [text for m in metas for text in (m.title, m.summary)], root)
            marked = web.index_page(located, site, language, metas, languages)
            plain = web.index_page(pages.project_only(), site, language, metas, languages) if own else None
            checked.append(CheckedPage(language, marked, known, index, plain))
    for path, language in withdrawn.items():
        if path not in files:
            url = (settings.site_url or "") + "/" + path.removesuffix("index.html")
            gone = web.withdrawn_page(pages, site, language, url, languages)
            files[path] = gone.encode()
            if located:
                marked = web.withdrawn_page(located, site, language, url, languages)
                checked.append(CheckedPage(language, marked, set(), gone))
    found = page_findings(claims, site, checked) if claims else []
    files["sitemap.xml"] = web.sitemap(urls).encode()
    try:
        static = web.assets(root, site, images)
    except ValueError:
        if claims:
            claims.passed(found)  # the pages' own errors first
        raise
    for path, content in static:
        files[path] = content
    if drawn:
        marked = {c.page: c.marked for c in checked}
        shown = [
            WebPage(path, data.decode(), marked.get(data.decode()), outputs.get(path))
            for path, data in files.items()
            if path.endswith(".html")
        ]
        if later is not None:
            later.append((shown, found))
            return files
        found += web_drawn.findings(root, site, files, shown)
    if claims:
        claims.passed(found)
    elif found:
        raise ContentError(*found)
    return files


def web_templates(pages: HtmlDocuments, site: Clinic) -> bool:
    """Whether the clinic has web templates of its own (clinics/<slug>/templates/web/)."""
    return any(name.startswith("web/") for name in pages.own_templates(site))


def page_findings(claims: PageClaims, site: Clinic, checked: list[CheckedPage]) -> list[Problem]:
    """What the claim rules find on each page as the checks read it, and an error for a page that
    is not, without its marks, the page published (PageClaims.same_page)."""
    found = [
        p
        for c in checked
        for p in [
            *claims.same_page(c.page, c.marked, site),
            *claims.findings(c.marked, site, c.language, PUBLIC, c.known),
        ]
    ]
    root, settings, what = claims.root, site.settings, "a web page"
    for c in checked:  # a phone number only a clinic template printed, or one in another's place (template_numbers.py)
        found += template_numbers.on_web_page(c.marked, c.known, settings, site.folder, root, what)
        if c.plain is not None:
            found += template_numbers.fewer(c.page, c.plain, settings, site.folder, root, what, web=True)
    return list(dict.fromkeys(found))


def handout_page(
    pages: HtmlDocuments,
    check: CheckResult,
    pdfs: list[web.PdfLink],
    languages: list[str],
    today: dt.date,
    located: HtmlDocuments | None = None,
    checked: list[CheckedPage] | None = None,
) -> tuple[str, bytes, list[str]]:
    """(its path in the site, the page, the images it shows) of a published handout's page,
    made from its standard edition's check; `pdfs` are its printed editions and `languages`
    the languages it is published in. With `located`, the page as the checks read it is added
    to `checked`, from the same context."""
    site, meta = check.output.clinic, check.output.handout.meta
    context = pages.context(check.output, check=check)
    status = web.CheckStatus.of(check, today)
    page = web.handout_page(pages, context, site, pdfs=pdfs, status=status, languages=languages)
    if located is not None and checked is not None:
        marked = web.handout_page(located, context, site, pdfs=pdfs, status=status, languages=languages)
        strings = [meta.title, meta.summary, *meta.sources, *(s.title for s in context["sections"])]
        pieces = [context["intro"], *(s.html for s in context["sections"])]
        plain = None
        if web_templates(pages, site):  # the same page from Clearprint's own templates, for template_numbers.fewer
            plain = web.handout_page(pages.project_only(), context, site, pdfs=pdfs, status=status, languages=languages)
        checked.append(CheckedPage(meta.language, marked, known_text(pieces, strings, pages.root), page, plain))
    url = site.settings.url_for(meta.id, meta.language)
    return web.page_path(url, site.settings.site_url), page.encode(), web.images(context)


def draft_page(checked, out: Path, language: str, today: dt.date) -> tuple[str, str] | None:
    """(site file, page) of one handout's web page in `language`, from `check_only` of that
    handout (`checked`: its checks and publishing verdicts), made before any PDF is rendered so
    `build.py serve` shows the new text at once. Its "Print this leaflet" links give the sizes
    of the PDFs as they were. None when the handout in this language is held back or not
    published, and ContentError with the errors when anything has one, or when a clinic's
    template makes the page other than the checks read it (read as site_files reads it): the
    page keeps its last good version, and `serve` shows the errors beside it."""
    mine = [c for c in checked.checks if c.output.handout.meta.language == language]
    others = {f for c in checked.checks if c not in mine for f in c.findings}  # another language's
    if errors := [e for e in checked.report.errors if e not in others]:
        raise ContentError(*errors)
    if not mine or not _published(checked, mine):
        return None
    check = min(mine, key=lambda c: web_edition_order(c.output.edition))
    by_language: dict[str, list[CheckResult]] = {}
    for c in checked.checks:
        by_language.setdefault(c.output.handout.meta.language, []).append(c)
    languages = sorted(lang for lang, checks in by_language.items() if _published(checked, checks))
    pdfs = []
    for c in sorted(mine, key=lambda c: web_edition_order(c.output.edition)):
        file = out / c.output.relpath
        pdfs.append(web.PdfLink.of(c.output, file.stat().st_size if file.is_file() else None))
    documents = HtmlDocuments(checked.report.root, checked.verdicts)
    site = check.output.clinic
    if not documents.own_templates(site):  # Clearprint's templates print only what the checks read
        path, page, _ = handout_page(documents, check, pdfs, languages, today)
        return path, page.decode()
    marked: list[CheckedPage] = []
    path, page, _ = handout_page(documents, check, pdfs, languages, today, documents.for_checks(), marked)
    claims = PageClaims(checked.report.root, checked.report)
    claims.passed(page_findings(claims, site, marked))
    return path, page.decode()


def _published(checked, checks: list[CheckResult]) -> bool:
    """Whether one handout's outputs in one language go on the site: none held back, and may be published."""
    output = checks[0].output
    return not any(c.blocked for c in checks) and on_website(checked.verdicts, output)
