"""The web edition of a build: which handouts a clinic may publish, and every file of its
site (out/<clinic>/site/), ready to copy to any web host.

A web page is public, so a handout is published only when it passes the checks as
waiting-room material of the clinic's country. One that passes only as after-consultation
material (a UK leaflet naming prescription-only brands) is not published, the build says
so, and its PDFs carry no QR code. A handout once published and then withdrawn keeps a
"this leaflet has been withdrawn or replaced" page at its address, because printed
leaflets outlive their handouts.

The pages themselves are made by web.py; this module decides what goes in the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from . import web
from .checks import CheckResult, run_checks
from .checks.rules import load_rules
from .models import Clinic, Output, Project
from .problems import ContentError, Problem, Problems
from .render import HtmlDocuments


def publishing(
    project: Project,
    checks: list[CheckResult],
    report: Problems,
    today: dt.date,
    known: dict[tuple, Problem | None] | None = None,
) -> dict[tuple, Problem | None]:
    """For each (clinic, handout, language) of `checks`: None when it may be published (or the
    clinic has no website), else the warning that says why not (also added to `report`);
    such a handout is printed without a QR code and left off the website. `known` holds the
    verdicts of unchanged handouts from the last build, so they are not checked again."""
    verdicts: dict[tuple, Problem | None] = {}
    for check in checks:
        output = check.output
        key = (output.clinic.slug, *output.handout.key)
        if key in verdicts:
            continue
        if known is not None and key in known:
            verdicts[key] = known[key]
        elif output.handout.meta.review_status == "draft":
            verdicts[key] = _draft(output, report.root)
        elif not output.clinic.settings.website or output.distribution == "waiting-room":
            verdicts[key] = None  # no site; or its own checks are the public ones
        else:
            verdicts[key] = _why_not(project, output, report.root, today)
        if verdicts[key] is not None:
            report.extend([verdicts[key]])
    return verdicts


def _draft(output: Output, root: Path) -> Problem:
    handout = output.handout
    return Problem(
        Problems(root).rel(handout.file),
        handout.lines.get(("review_status",)),
        f"{output.label.removesuffix('.' + output.edition)} is a draft: not published on the clinic's website, "
        "and its PDFs have no QR code, until it is approved (`build.py approve`)",
        "warning",
        None,
        "web-not-published",
    )


def _why_not(project: Project, output: Output, root: Path, today: dt.date) -> Problem | None:
    errors = public_errors(project, output, today)
    if not errors:
        return None
    first = errors[0]
    return Problem(
        first.file,
        first.line,
        f"{output.label.removesuffix('.' + output.edition)} is not published on the clinic's website and its "
        f"PDFs have no QR code: as public material it breaks '{first.rule}' ({first.message}); "
        "it stays an after-consultation leaflet",
        "warning",
        first.col,
        "web-not-published",
    )


def public_errors(project: Project, output: Output, today: dt.date) -> list[Problem]:
    """The errors the output's text has when checked as waiting-room material, its list of
    sources included: a web page shows the sources, and a source's title can name a
    prescription-only brand ("BOTOX Cosmetic label")."""
    settings = output.clinic.settings.model_copy(update={"distribution": "waiting-room"})
    public = dataclasses.replace(output, clinic=dataclasses.replace(output.clinic, settings=settings))
    scratch = Problems(project.root)
    results = run_checks(project, [public], scratch, today)
    errors = [f for r in results for f in r.findings if f.severity == "error"]
    try:
        rules = load_rules(project.root, output.clinic.folder, settings.country, output.handout.meta.language, scratch)
    except ContentError:
        return errors  # the bad rule file is reported with the content checks
    handout = output.handout
    for i, source in enumerate(handout.meta.sources):
        for rule in rules.claims:
            if rule.severity != "error" or rule.distribution != "waiting-room":
                continue  # the public-only rules: brand names and euphemisms of prescription-only medicines
            match = next((m for p in rule.patterns if (m := re.search(p, source, re.I))), None)
            if match:
                where = handout.lines.get(("sources", i)) or handout.lines.get(("sources",))
                message = rule.message.format(match=match[0])
                errors.append(Problem(scratch.rel(handout.file), where, message, "error", None, rule.id))
                break
    return errors


def site_files(
    root: Path,
    pages: HtmlDocuments,
    site: Clinic,
    published: list[tuple[CheckResult, list[tuple[Output, bytes]]]],
    withdrawn: dict[str, str],
    today: dt.date,
) -> dict[str, bytes]:
    """Every file of a clinic's site, by path in the site: a page per published handout and
    language (at the address its QR code encodes) with its PDF editions, an index per
    language, a withdrawn page at each address in `withdrawn` (path -> language), the
    sitemap and the static files."""
    settings = site.settings
    files: dict[str, bytes] = {}
    languages_of: dict[str, list[str]] = {}
    for check, _ in published:
        meta = check.output.handout.meta
        languages_of.setdefault(meta.id, []).append(meta.language)
    languages = sorted({check.output.handout.meta.language for check, _ in published})
    urls, images = [], set()
    for check, editions in published:
        meta = check.output.handout.meta
        for output, data in editions:
            files[web.pdf_path(output)] = data
        pdfs = [web.PdfLink.of(output, len(data)) for output, data in editions]
        path, page, pictures = handout_page(pages, check, pdfs, languages_of[meta.id], today)
        files[path] = page
        urls.append(settings.url_for(meta.id, meta.language))
        images.update(pictures)
    for language in languages:
        metas = [c.output.handout.meta for c, _ in published if c.output.handout.meta.language == language]
        files[web.index_path(settings, language)] = web.index_page(pages, site, language, metas, languages).encode()
        urls.append(web.index_url(settings, language))
    for path, language in withdrawn.items():
        if path not in files:
            url = settings.website.rstrip("/") + "/" + path.removesuffix("index.html")
            files[path] = web.withdrawn_page(pages, site, language, url, languages).encode()
    files["sitemap.xml"] = web.sitemap(urls).encode()
    for path, content in web.assets(root, site, images):
        files[path] = content
    return files


def handout_page(
    pages: HtmlDocuments, check: CheckResult, pdfs: list[web.PdfLink], languages: list[str], today: dt.date
) -> tuple[str, bytes, list[str]]:
    """(its path in the site, the page, the images it shows) of a published handout's page,
    made from its standard edition's check; `pdfs` are its printed editions and `languages`
    the languages it is published in."""
    site, meta = check.output.clinic, check.output.handout.meta
    context = pages.context(check.output, check=check)
    page = web.handout_page(
        pages, context, site, pdfs=pdfs, status=web.CheckStatus.of(check, today), languages=languages
    )
    url = site.settings.url_for(meta.id, meta.language)
    return web.page_path(url, site.settings.website), page.encode(), web.images(context)
