"""The web edition: a static site per clinic, one page per handout and language at exactly
the address its QR code encodes, an index per language, a withdrawn-leaflet page and a
sitemap.

Every function here returns text or bytes and writes nothing: the pipeline writes the
files (atomically, tracked in its manifest). Pages are rendered from the same context as
the PDF (`HtmlDocuments.context`), through the same sandboxed Jinja environment, so a clinic
overrides `templates/web/*.html.j2` the way it overrides the PDF templates. Published
pages have no JavaScript and load nothing from another site: the stylesheet, the fonts,
the logo and images are files of the site, linked relatively (`assets()`).

Where things are in a clinic's site (paths relative to the site's root, which is the
clinic's `website`):
    <page_path(url_for(id, language))>         a handout page, e.g. handouts/es/botulinum-toxin/index.html
    <index_path(clinic, language)>             the language's list of handouts
    pdf/<language>/<file>.pdf                  each PDF edition (`pdf_path`), copied by the pipeline
    assets/web.css, assets/fonts/*, assets/<logo>, assets/images/<project path>
    sitemap.xml
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from ..colours import brand
from ..content import image_register
from ..content.images import image_refusal
from ..content.markup import clinic_svg
from ..content.svg_policy import refusal as svg_refusal
from ..editions import web_edition_order
from ..fonts import font
from .clinic_values import located_settings
from .html import HtmlDocuments
from .labels import language_name
from .sourcemap import strip as _strip_sources
from .templates import render_template
from .web_markup import finished

if TYPE_CHECKING:
    from ..checks import CheckResult
    from ..models import Clinic, ClinicSettings, HandoutMeta, Output

# Every page's policy, as a <meta http-equiv>: no script, no plug-in, nothing from another site,
# no <base> and no form. `serve` alone adds its reload script (serve.decorate). A host should
# also send it as a header, with frame-ancestors 'none' (ignored in a <meta>): see the README.
CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"

TEMPLATES = {"handout": "web/handout.html.j2", "index": "web/index.html.j2", "withdrawn": "web/withdrawn.html.j2"}
EMERGENCY_ROLE = "get-help"


# --- addresses -----------------------------------------------------------------------


def page_path(url: str, website: str) -> str:
    """The file in the site that answers `url`: `https://x.example/handouts/es/botox` with
    website `https://x.example` -> `handouts/es/botox/index.html`. An address ending in
    `.html` is that file. Raises ValueError for an address the site cannot serve as a file
    (another site, a query or fragment, `..`, an empty segment)."""
    base = website.rstrip("/")
    if not (url == base or url.startswith(base + "/")):
        raise ValueError(f"{url} is not under the web edition's address {website}")
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise ValueError(f"{url}: a static site cannot serve an address with '?' or '#'; use path segments")
    rest = url[len(base) :].strip("/")
    segments = rest.split("/") if rest else []
    if any(s in ("", ".", "..") for s in segments):
        raise ValueError(f"{url}: empty, '.' or '..' segments cannot be a file in the site")
    if segments and segments[-1].endswith((".html", ".htm")):
        return "/".join(segments)
    return "/".join([*segments, "index.html"])


def index_url(clinic: ClinicSettings, language: str) -> str | None:
    """The address of the language's list of handouts: the folder the handout pages are in
    (`{website}/handouts/{language}/`), with `<language>/` added when the clinic's
    `handout_url` has no `{language}` and the clinic has more than one language."""
    if not clinic.website:
        return None
    head = clinic.handout_url.split("{id}", 1)[0]
    folder = head[: head.rfind("/") + 1] if "/" in head else head + "/"
    url = folder.format(website=clinic.website.rstrip("/"), language=language)  # or another host's address
    if "{language}" not in clinic.handout_url and len(clinic.languages) > 1:
        url += f"{language}/"
    return url


def index_path(clinic: ClinicSettings, language: str) -> str:
    url = index_url(clinic, language)
    if url is None or clinic.website is None:
        raise ValueError("a clinic without a website has no web edition")
    return page_path(url, clinic.site_url)


def pdf_path(output: Output) -> str:
    """Where the pipeline copies an output's PDF in the site: `pdf/<language>/<file>.pdf`."""
    return f"pdf/{output.handout.meta.language}/{output.relpath.name}"


def relative(target: str, page: str) -> str:
    """A link from the site file `page` to the site file `target`, both relative to the root;
    `x/index.html` targets are linked as their folder (`x/`), as a web server serves them."""
    href = posixpath.relpath(target, posixpath.dirname(page) or ".")
    if href == "index.html" or href.endswith("/index.html"):
        href = href[: -len("index.html")] or "./"
    return href


# --- what a page is given ----------------------------------------------------------


@dataclass(frozen=True)
class PdfLink:
    """One printed edition of the handout, copied into the site at `path` (site-relative)."""

    edition: str  # standard, large-print, trifold
    path: str
    size: int | None = None  # bytes, shown as "PDF, 210 KB"

    @classmethod
    def of(cls, output: Output, size: int | None = None) -> PdfLink:
        return cls(output.edition, pdf_path(output), size)


@dataclass(frozen=True)
class CheckStatus:
    """What the page says about the content checks: the result, never the waivers."""

    passed: bool  # no finding at all, waived or not
    notes: int  # unwaived warnings (a blocked handout is not published)
    reading_level: str
    checked: dt.date
    review: str  # current, due or overdue
    waived: int = 0  # findings a reviewer accepted (waivers in force, listed on the page)

    @classmethod
    def of(cls, check: CheckResult, today: dt.date) -> CheckStatus:
        if check.blocked:
            raise ValueError(f"{check.output.label} has errors and is not published")
        meta = check.output.handout.meta
        days = (meta.next_review - today).days if meta.next_review else 0
        warn = check.output.clinic.settings.checks.review_warning_days
        level = check.score.describe() if check.score and check.score.words else ""
        return cls(
            passed=not check.findings and not check.waived,
            notes=len(check.findings),
            reading_level=level,
            checked=today,
            review="overdue" if days < 0 else "due" if days <= warn else "current",
            waived=len(check.waived),
        )


@dataclass(frozen=True)
class Link:
    """A link in the page: text, its language, href (relative) and, for another language, hreflang."""

    text: str
    href: str
    lang: str = ""
    url: str = ""  # absolute address, for <link rel="alternate">
    current: bool = False  # the page itself (aria-current)


# --- colours ---------------------------------------------------------------------


def brand_css(clinic: ClinicSettings) -> bytes:
    """assets/brand.css: the clinic's colours as custom properties (a file, not an inline
    <style>, so the pages' Content-Security-Policy needs no exception)."""
    lines = [":root {", *(f"  {name}: {value};" for name, value in brand(clinic).items()), "}"]
    return ("\n".join(lines) + "\n").encode()


# --- pages -------------------------------------------------------------------------

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def images(context: dict[str, Any]) -> list[str]:
    """Project-relative paths of the images in a handout's intro and sections."""
    found = []
    for page in [context["intro"], *(s.html for s in context["sections"])]:
        found += [m[2] for m in _IMG_SRC.finditer(page) if ":" not in m[2]]
    return sorted(set(found))


def _localise_images(page: str, prefix: str, located: bool = False) -> str:
    """Images are copied to assets/images/<project path>; link them from the page. The source
    marks the checks read (sourcemap.py) are not published (kept only on a `located` page)."""
    page = _IMG_SRC.sub(lambda m: m[1] + (m[2] if ":" in m[2] else f"{prefix}assets/images/{m[2]}") + m[3], page)
    return page if located else _strip_sources(page)


def _render(pages: HtmlDocuments, site: Clinic, name: str, context: dict[str, Any]) -> str:
    env = pages.environment(site.folder)
    page = render_template(env, TEMPLATES[name], context, pages.root)
    page = finished(
        page, env, TEMPLATES[name], context, pages.root, clinic_folder=site.folder, csp=CSP, located=pages.located
    )
    return pages.template_marked(page, env, TEMPLATES[name])


def _site_context(pages: HtmlDocuments, site: Clinic, language: str, path: str) -> dict[str, Any]:
    """What every page of a clinic's site needs: labels, language, brand, contacts, links."""
    clinic = site.settings
    locale = clinic.locale(language)
    prefix = "../" * path.count("/")
    home = index_url(clinic, language)
    return {
        "t": pages.messages(language),
        "locale": locale,
        "lang_tag": locale.replace("_", "-"),
        "language": language,
        "clinic": located_settings(site, pages.root) if pages.located else clinic,  # clinic_values.py
        "brand": brand(clinic),
        "brand_stylesheet": f"{prefix}assets/brand.css",
        "csp": CSP,
        "root": prefix,  # from this page to the site's root, e.g. "../../../"
        "stylesheet": f"{prefix}assets/web.css",
        "clinic_stylesheet": f"{prefix}assets/clinic.css" if _clinic_css(site) else "",
        "logo": f"{prefix}assets/{site.logo_path.name}",
        "home": relative(page_path(home, clinic.site_url), path) if home and clinic.website else "",
        "tel": _tel,
    }


def _tel(number: str) -> str:
    """The `tel:` address of a phone number as written: `(555) 555-0142` -> `tel:5555550142`."""
    digits = ("+" if number.strip().startswith("+") else "") + re.sub(r"\D", "", number)
    return f"tel:{digits}"


def _languages(pages: HtmlDocuments, site: Clinic, language: str, urls: dict[str, str], path: str) -> list[Link]:
    """The page in each language (this one included), named in its own language."""
    website = site.settings.site_url or ""
    return [
        Link(
            language_name(lang, lang).capitalize(), relative(page_path(url, website), path), lang, url, lang == language
        )
        for lang, url in sorted(urls.items())
    ]


def handout_page(
    pages: HtmlDocuments,
    context: dict[str, Any],
    site: Clinic,
    *,
    pdfs: Sequence[PdfLink],
    status: CheckStatus,
    languages: Iterable[str] | None = None,
) -> str:
    """A handout's web page, from its PDF context (`HtmlDocuments.context(output, check=...)`).

    `pdfs`: the printed editions of this handout and language (site-relative paths).
    `languages`: the languages this handout is published in, for `hreflang` alternates and
    the language links (default: only this one)."""
    clinic, meta = site.settings, context["handout"]
    url = clinic.url_for(meta.id, meta.language)
    if url is None or clinic.website is None:
        raise ValueError(f"{site.slug} has no website, so it has no web edition")
    path = page_path(url, clinic.site_url)
    base = _site_context(pages, site, meta.language, path)
    t = base["t"]
    urls = {lang: clinic.url_for(meta.id, lang) or "" for lang in {*(languages or ()), meta.language}}
    located = pages.located  # for the checks: the handout's blocks keep their source marks
    sections = [
        type(s)(s.role, s.title, _localise_images(s.html, base["root"], located), s.origin, s.src if located else "")
        for s in context["sections"]
    ]
    emergency = next((s for s in sections if s.role == EMERGENCY_ROLE), None)
    return _render(
        pages,
        site,
        "handout",
        {
            **context,
            **base,
            "url": url,
            "path": path,
            "intro": _localise_images(context["intro"], base["root"], located),
            "emergency": emergency,
            "sections": [s for s in sections if s is not emergency],
            "all_sections": sections,
            "pdfs": [
                Link(_pdf_label(t, p), relative(p.path, path), meta.language)
                for p in sorted(pdfs, key=lambda p: web_edition_order(p.edition))
            ],
            "languages": _languages(pages, site, meta.language, urls, path),
            "status": status,
            "evidence_href": relative(_evidence_path(path), path),  # documents/evidence_page.py
        },
    )


def _evidence_path(page: str) -> str:
    from .evidence_page import evidence_path

    return evidence_path(page)


def _pdf_label(t: dict[str, str], pdf: PdfLink) -> str:
    name = t.get(f"name_{pdf.edition.replace('-', '_')}", pdf.edition)
    size = f", {max(1, round(pdf.size / 1024))} KB" if pdf.size else ""
    return t["web_pdf"].format(edition=name, size=size)


def index_page(
    pages: HtmlDocuments, site: Clinic, language: str, handouts: Sequence[HandoutMeta], languages: Iterable[str] = ()
) -> str:
    """The list of the clinic's published handouts in one language, by title.
    `languages`: every language the clinic publishes, for the links between the indexes."""
    clinic = site.settings
    url = index_url(clinic, language)
    if url is None or clinic.website is None:
        raise ValueError(f"{site.slug} has no website, so it has no web edition")
    path = page_path(url, clinic.site_url)
    base = _site_context(pages, site, language, path)
    entries = []
    for meta in sorted(handouts, key=lambda m: m.title.casefold()):
        page = page_path(clinic.url_for(meta.id, language) or "", clinic.site_url)
        entries.append({"title": meta.title, "summary": meta.summary, "href": relative(page, path)})
    urls = {lang: index_url(clinic, lang) or "" for lang in {*languages, language}}
    return _render(
        pages,
        site,
        "index",
        {
            **base,
            "url": url,
            "path": path,
            "entries": entries,
            "languages": _languages(pages, site, language, urls, path),
        },
    )


def withdrawn_page(pages: HtmlDocuments, site: Clinic, language: str, url: str, published: Iterable[str] = ()) -> str:
    """The page kept at a withdrawn handout's address (`url`), in `language`: the leaflet is
    withdrawn or replaced, and here are the clinic's contacts and its list of leaflets
    (the index in `language` if it is in `published`, else in the first published one)."""
    clinic = site.settings
    if clinic.website is None:
        raise ValueError(f"{site.slug} has no website, so it has no web edition")
    path = page_path(url, clinic.site_url)
    base = _site_context(pages, site, language, path)
    published = list(published)
    home_language = language if language in published or not published else published[0]
    home = index_url(clinic, home_language)
    base["home"] = relative(page_path(home, clinic.site_url), path) if home else ""
    base["home_lang"] = home_language
    return _render(pages, site, "withdrawn", {**base, "url": url, "path": path})


def sitemap(urls: Iterable[str], lastmod: dict[str, dt.date] | None = None) -> str:
    """sitemap.xml for the given absolute addresses (handout pages and indexes)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(set(urls)):
        modified = (lastmod or {}).get(url)
        extra = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{extra}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


# --- static files ----------------------------------------------------------------------


def _clinic_css(site: Clinic) -> Path | None:
    """A clinic's own web stylesheet, `clinics/<slug>/styles/web.css`, loaded after the project's."""
    path = site.folder / "styles" / "web.css"
    return path if path.is_file() else None


def assets(root: Path, site: Clinic, image_paths: Iterable[str] = ()) -> list[tuple[str, bytes]]:
    """(site-relative path, content) of every static file the pages link to: the stylesheet,
    the clinic's web stylesheet if any, the font files, the logo, and the handouts' images
    (`images(context)` of each page; project-relative paths)."""
    files = [
        ("assets/web.css", (root / "styles" / "web.css").read_bytes()),
        ("assets/brand.css", brand_css(site.settings)),
    ]
    if clinic_css := _clinic_css(site):
        files.append(("assets/clinic.css", clinic_css.read_bytes()))
    shipped = font(site.settings.font)
    files += [(f"assets/fonts/{f.name}", f.read_bytes()) for f in sorted(shipped.folder.glob("*.ttf"))]
    for file, style in shipped.zero_files():  # web.css names them without the axis brackets
        files.append((f"assets/fonts/PublicSans-Zero{'-Italic' if style == 'italic' else ''}.ttf", file.read_bytes()))
    logo = site.logo_path.read_bytes()
    if site.logo_path.suffix.lower() == ".svg" and (why := svg_refusal(logo)):
        raise ValueError(f"logo {site.logo_path.name}: {why}")
    if why := image_register.refusal(site.logo_path.resolve(), root.resolve()):  # reviewed images only
        raise ValueError(f"logo {site.logo_path.name}: {why}")
    files.append((f"assets/{site.logo_path.name}", logo))
    for image in sorted(set(image_paths)):
        source = (root / image).resolve()
        if not source.is_relative_to(root.resolve()) or PurePosixPath(image).is_absolute():
            raise ValueError(f"image {image} is outside the project")
        if not source.is_file() or (why := image_refusal(source, root.resolve())):
            raise ValueError(f"image {image}: {why or 'not a file'}")  # the renderer's own file rules
        if why := image_register.refusal(source, root.resolve()):  # reviewed images only
            raise ValueError(f"image {image}: {why}")
        data = source.read_bytes()
        if source.suffix.lower() == ".svg":  # in the clinic's colours, as printed
            data = clinic_svg(data, site.settings.colors)
        files.append((f"assets/images/{image}", data))
    return files
