"""The evidence sheet for clinicians (issue 21 item 3) as a page of each clinic's web edition,
beside the handout page it is for: every statement the leaflet, as this clinic prints it
(its placeholders filled with the clinic's values), makes with a source, its figure, the
source and the date the sources were checked, and the structured risks
(handouts/<id>/risks.yaml). `build.py evidence` writes the same facts as a
printable file (commands/evidence.py).

The page is made as the other pages are (web.py): the site's skeleton
(templates/web/base.html.j2, the same Content-Security-Policy, no script and no inline style:
its look is assets/web.css), the sandboxed Jinja environment with autoescaping, and text only
(the statements are the Markdown's words, escaped; nothing of the handout's HTML). Where it is:
a handout page `x/index.html` has `x/evidence.html`; a page `x/y.html` has `x/y-evidence.html`.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .html import HtmlDocuments
from .labels import long_date
from .templates import render_template
from .web import CSP, _site_context, page_path, relative
from .web_markup import finished

if TYPE_CHECKING:
    from ..models import Clinic, Output

TEMPLATE = "web/evidence.html.j2"


def evidence_path(page: str) -> str:
    """The evidence page's file in the site, from its handout page's (web.page_path)."""
    if page == "index.html" or page.endswith("/index.html"):
        return page.removesuffix("index.html") + "evidence.html"
    stem, dot, _ = page.rpartition(".")
    return f"{stem}-evidence.html" if dot else f"{page}-evidence.html"


def evidence_url(site: Clinic, output: Output) -> str:
    settings, meta = site.settings, output.handout.meta
    page = page_path(settings.url_for(meta.id, meta.language) or "", settings.site_url)
    return f"{settings.site_url.rstrip('/')}/{evidence_path(page)}"


def rows(root, output: Output) -> dict[str, Any]:
    """The statements (of the sections as this clinic prints them) and the risks, with their
    sources numbered as in the leaflet's list; a source marked for other countries
    (content/source_marks.py) is left out, as the leaflet leaves it out."""
    from ..content.markup import PLACEHOLDER, placeholder_values
    from ..content.risks import load_risks, risk_how_often
    from ..review import facts

    meta, country = output.handout.meta, output.clinic.settings.country
    sources = meta.sources

    def named(numbers) -> list[tuple[int, str]]:
        return [
            (n, sources[n - 1] if 0 < n <= len(sources) else "(not in the list)")
            for n in numbers
            if meta.source_for(n, country)
        ]

    data = load_risks(output.handout.file.parent, root)
    risks = [
        {
            "name": (r.words.get(meta.language) or r.words["en"]).name,
            "severity": r.severity,
            "how_often": risk_how_often(r, meta.language, root),  # with who it was counted in, as the leaflet
            "sources": named(r.sources),
        }
        for r in (data.risks if data else [])
    ]
    values = placeholder_values(output.clinic.settings)  # the clinic's number, not "{{ clinic.emergency_number }}"
    printed = [
        replace(
            fact,
            statement=PLACEHOLDER.sub(lambda m: values.get(m["name"], m[0]), fact.statement),
            sources=[(n, s) for n, s in fact.sources if meta.source_for(n, country)],
        )
        for fact in facts(SimpleNamespace(meta=meta, sections=output.sections))
    ]
    return {"facts": printed, "risks": risks}


def evidence_page(pages: HtmlDocuments, output: Output) -> tuple[str, str]:
    """(its file in the site, the page) of the evidence sheet of a published handout page."""
    site, meta = output.clinic, output.handout.meta
    settings = site.settings
    url = settings.url_for(meta.id, meta.language)
    if url is None or settings.website is None:
        raise ValueError(f"{site.slug} has no website, so it has no web edition")
    handout_file = page_path(url, settings.site_url)
    path = evidence_path(handout_file)
    base = _site_context(pages, site, meta.language, path)
    checked = long_date(meta.reviewed, base["locale"]) if meta.reviewed else base["t"]["web_evidence_not_checked"]
    context = {
        **base,
        **rows(pages.root, output),
        "handout": meta,
        "checked": checked,
        "url": evidence_url(site, output),
        "path": path,
        "back": relative(handout_file, path),
    }
    env = pages.environment(site.folder)
    page = render_template(env, TEMPLATE, context, pages.root)
    return path, finished(
        page, env, TEMPLATE, context, pages.root, clinic_folder=site.folder, csp=CSP, located=pages.located
    )
