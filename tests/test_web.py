"""The web edition in a real browser: Debian's Chromium driven by Playwright, axe-core
injected into every page, the sample clinics' sites served on 127.0.0.1.

The sites are the session build's own out/<clinic>/site/ (conftest.sample), as the pipeline
wrote them. A withdrawn page comes from a later build of a copy of that build, after the UK
clinic's chemical-peels leaflet stopped being publishable (only its PDFs are rendered again).
One browser for the module. Screenshots go to a temporary folder, or to
$CLEARPRINT_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pdfsections import normalise, pdf_sections
from webtools import AXE, check_versions, chromium_path, playwright_chromium_major

import clearprint
from clearprint.checks.public import on_website
from clearprint.documents import web
from clearprint.documents.evidence_page import evidence_path, evidence_url
from clearprint.documents.html import HtmlDocuments
from clearprint.documents.labels import long_date
from clearprint.models import Output
from clearprint.options import Selection
from clearprint.pipeline import check_only
from clearprint.problems import ContentError
from conftest import SAMPLE_CLINICS, TODAY, copy_samples, samples

WIDTHS = (375, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WITHDRAWN = ("sample-uk-riverside", "chemical-peels", "en")  # made unpublishable in a later build


# --- the sites, the server, the browser ----------------------------------------------


@dataclass
class Site:
    """One clinic's site as the build wrote it: its folder, the address it is served under
    (`slug`), and its pages."""

    slug: str
    folder: Path
    handouts: dict[str, Output] = field(default_factory=dict)  # page path -> standard output
    indexes: dict[str, str] = field(default_factory=dict)  # page path -> language
    withdrawn: dict[str, str] = field(default_factory=dict)  # page path -> language
    evidence: dict[str, str] = field(default_factory=dict)  # page path -> language (evidence_page.py)
    contexts: dict[str, dict] = field(default_factory=dict)  # page path -> render context


@dataclass
class Built:
    root: Path
    out: Path  # the PDFs
    sites: dict[str, Site]  # the session build's, by clinic
    later: Site  # the UK site after a later build withdrew a leaflet: only its withdrawn page
    base: str  # http://127.0.0.1:<port>/, each site under <slug>/
    result: object

    def pages(self, kind: str | None = None):
        """(site, path, kind) of every published page."""
        for site in (*self.sites.values(), self.later):
            for attribute, name in (
                ("handouts", "handout"),
                ("indexes", "index"),
                ("withdrawn", "withdrawn"),
                ("evidence", "evidence"),
            ):
                if kind in (None, name):
                    for path in getattr(site, attribute):
                        yield site, path, name

    def address(self, site: Site, path: str) -> str:
        folder = path.removesuffix("index.html")
        return f"{self.base}{site.slug}/{folder}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def sites_of(result, root: Path, out: Path) -> dict[str, Site]:
    """What each clinic's site holds, from the build's checks and publishing verdicts (the
    pages themselves are read from out/<clinic>/site/, as written by the pipeline)."""
    pages = HtmlDocuments(root, result.verdicts)
    sites: dict[str, Site] = {}
    for c in result.checks:
        output, settings = c.output, c.output.clinic.settings
        if output.edition != "standard" or c.blocked or not on_website(result.verdicts, output):
            continue
        site = sites.setdefault(output.clinic.slug, Site(output.clinic.slug, out / output.clinic.slug / "site"))
        path = web.page_path(settings.url_for(output.handout.meta.id, output.handout.meta.language), settings.website)
        site.handouts[path] = output
        site.contexts[path] = pages.context(output, check=c)
        site.indexes[web.index_path(settings, output.handout.meta.language)] = output.handout.meta.language
        site.evidence[evidence_path(path)] = output.handout.meta.language
    return sites


@pytest.fixture(scope="module")
def later(sample, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A copy of the session's project and out/, built again for the UK clinic after its
    chemical-peels leaflet named a prescription-only brand: it is no longer published, so its
    address gets the withdrawn page. Only that leaflet's PDFs are rendered again."""
    _, out = sample
    base = tmp_path_factory.mktemp("web-later")
    root = copy_samples(base / "project")
    shutil.copytree(out, base / "out")
    clinic, handout, language = WITHDRAWN
    page = root / "handouts" / handout / f"{language}.md"
    text = page.read_text(encoding="utf-8")
    line = "  It can have fewer age spots and a more even tone [1].\n"
    assert line in text
    page.write_text(
        text.replace(line, line.rstrip() + " Some people have BOTOX injections too.\n", 1), encoding="utf-8"
    )
    result = clearprint.build(
        root,
        clearprint.BuildOptions(base / "out", jobs=2, today=TODAY, selection=clearprint.Selection(clinics=(clinic,))),
    )
    assert result.ok, "\n".join(map(str, result.report.errors))
    assert (clinic, handout, language) in {k for k, why in result.verdicts.items() if why}
    assert sorted(p.relative_to(base / "out").as_posix() for p in result.written) == [
        f"{clinic}/{language}/{handout}{edition}.pdf" for edition in (".large-print", "", ".trifold")
    ]
    return base / "out", result


@pytest.fixture(scope="module")
def built(sample, later, tmp_path_factory: pytest.TempPathFactory):
    result, out = sample
    root = samples()
    sites = sites_of(result, root, out)
    later_out, _ = later
    clinic, handout, language = WITHDRAWN
    settings = sites[clinic].handouts[next(iter(sites[clinic].handouts))].clinic.settings
    gone = web.page_path(settings.url_for(handout, language), settings.website)
    withdrawn = Site(f"{clinic}-later", later_out / clinic / "site", withdrawn={gone: language})
    served = tmp_path_factory.mktemp("web-served")  # each site under its slug
    for site in (*sites.values(), withdrawn):
        (served / site.slug).symlink_to(site.folder, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Built(root, out, sites, withdrawn, f"http://127.0.0.1:{server.server_address[1]}/", result)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    check_versions(executable)
    if not AXE.is_file():
        raise RuntimeError(f"{AXE} is missing: run scripts/setup.sh (it runs `npm ci` for axe-core)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CLEARPRINT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("web-screenshots")


# --- addresses -----------------------------------------------------------------------


def test_page_path_for_the_samples_addresses(built: Built) -> None:
    for pattern, language, expected in (
        ("{website}/handouts/{id}", "en", "handouts/botulinum-toxin/index.html"),  # the default
        ("{website}/handouts/{language}/{id}", "es", "handouts/es/botulinum-toxin/index.html"),
        ("{website}/{language}/leaflets/{id}.html", "es", "es/leaflets/botulinum-toxin.html"),
        ("{website}/handouts/{id}/", "en", "handouts/botulinum-toxin/index.html"),
    ):
        for site in built.sites.values():
            clinic = next(iter(site.handouts.values())).clinic.settings
            settings = clinic.model_copy(update={"handout_url": pattern})
            url = settings.url_for("botulinum-toxin", language)
            assert web.page_path(url, settings.website) == expected, (pattern, url)
    website = "https://clinic.example/ours"
    assert web.page_path("https://clinic.example/ours/handouts/en/x", website) == "handouts/en/x/index.html"
    for bad in (
        "https://other.example/handouts/x",
        "https://clinic.example/ours/x?lang=en",
        "https://clinic.example/ours/a//b",
    ):
        with pytest.raises(ValueError):
            web.page_path(bad, website)
    # Every published page of the samples is where its clinic's address for it says.
    for site in built.sites.values():
        for path, output in site.handouts.items():
            settings = output.clinic.settings
            assert path == web.page_path(
                settings.url_for(output.handout.meta.id, output.handout.meta.language), settings.website
            )
            assert (site.folder / path).is_file()


def test_sitemap_lists_every_published_page_and_no_withdrawn_one(built: Built) -> None:
    for site in built.sites.values():
        tree = ET.parse(site.folder / "sitemap.xml")
        locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
        clinic = next(iter(site.handouts.values())).clinic.settings
        wanted = {clinic.url_for(o.handout.meta.id, o.handout.meta.language) for o in site.handouts.values()}
        wanted |= {web.index_url(clinic, lang) for lang in site.indexes.values()}
        wanted |= {evidence_url(o.clinic, o) for o in site.handouts.values()}
        assert locs == wanted
    # The later build's sitemap no longer lists the withdrawn leaflet, whose page it keeps.
    later = {
        e.text
        for e in ET.parse(built.later.folder / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    clinic, handout, language = WITHDRAWN
    settings = next(iter(built.sites[clinic].handouts.values())).clinic.settings
    gone = settings.url_for(handout, language)
    before = {
        e.text
        for e in ET.parse(built.sites[clinic].folder / "sitemap.xml").iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    }
    gone_evidence = f"{settings.site_url.rstrip('/')}/{evidence_path(web.page_path(gone, settings.website))}"
    assert gone in before and gone not in later and later == before - {gone, gone_evidence}
    assert [web.page_path(gone, settings.website)] == list(built.later.withdrawn)
    assert (built.later.folder / web.page_path(gone, settings.website)).is_file()


def test_published_pages_have_no_script_and_link_only_to_files_in_the_site(built: Built) -> None:
    for site, path, _ in built.pages():
        page = (site.folder / path).read_text(encoding="utf-8")
        assert "<script" not in page.lower() and "javascript:" not in page.lower(), path
        assert not re.search(r"<[^>]+\son\w+\s*=", page), f"{path}: an event handler attribute"
        for attribute, href in re.findall(r'\b(href|src)="([^"]*)"', page):
            if href.startswith(("#", "tel:")) or re.match(r"https://", href):
                # absolute addresses: only <link rel=canonical/alternate> and the clinic's own website
                assert attribute == "href"
                continue
            target = (site.folder / path).parent / href
            target = target / "index.html" if href.endswith("/") or target.is_dir() else target
            assert target.resolve().is_file(), f"{site.slug}/{path}: {href} is not a file of the site"


def test_waivers_are_not_shown_but_the_check_status_is(built: Built) -> None:
    pages = HtmlDocuments(built.root, {})
    c = next(c for c in built.result.checks if c.output.edition == "standard")
    context = {**pages.context(c.output, check=c), "waivers": ["WAIVED because of a SECRET reason"]}
    page = web.handout_page(pages, context, c.output.clinic, pdfs=[], status=web.CheckStatus.of(c, TODAY))
    assert "SECRET" not in page
    t = pages.messages(c.output.handout.meta.language)
    assert t["web_checks"] in page and long_date(TODAY, c.output.clinic.settings.locale("en")) in page


def test_a_chromium_of_another_major_version_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    other = tmp_path / "chromium"
    other.write_text(f"#!/bin/sh\necho 'Chromium {playwright_chromium_major() - 1}.0.7000.1 built on Debian'\n")
    other.chmod(0o755)
    with pytest.raises(RuntimeError, match=r"Playwright .* drives Chromium \d+: pin the Playwright release made for"):
        check_versions(str(other))


# --- in the browser ----------------------------------------------------------------------


def _open(browser, built: Built, site: Site, path: str, width: int, requests: list[str] | None = None, **options):
    page = browser.new_page(viewport={"width": width, "height": 900}, **options)
    return _visit(page, built, site, path, width, requests)


def _visit(page, built: Built, site: Site, path: str, width: int, requests: list[str] | None = None):
    """Load `path` of `site` in `page` at `width`, recording the address of every request."""
    page.set_viewport_size({"width": width, "height": 900})
    if requests is not None:
        page.on("request", lambda r: requests.append(r.url))
    response = page.goto(built.address(site, path).rstrip("/") if path != "index.html" else built.address(site, path))
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    page.evaluate("document.fonts.ready")
    return page


@contextlib.contextmanager
def _tab(browser, **options):
    """One tab for a test's walk through many pages, each loaded anew: a new tab per page
    started a renderer process and compiled axe-core again each time (0.5-1.5 s of CPU a
    page). The cache is off, so every page requests its font and stylesheet as in a new tab."""
    context = browser.new_context(**options)
    page = context.new_page()
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        yield page
    finally:
        context.close()


def _recording(page, event: str, into: list[str]):
    """Record the address of every `event` (request, requestfailed) of the page's next load
    into `into`; the returned function stops it (the next page of a walk records its own)."""

    def record(r) -> None:
        into.append(r.url)

    page.on(event, record)
    return lambda: page.remove_listener(event, record)


def _axe(page) -> list[str]:
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        AXE_TAGS,
    )


def test_every_page_axe_clean_no_request_off_site_no_script(built: Built, browser) -> None:
    """On every published page: axe-core finds no violation (WCAG 2.2 A and AA, best
    practice) at 1280 px, and at 375 px on the first page of each kind; every request goes to
    the site itself and succeeds; the font loads from the site; no script runs."""
    kinds: set[str] = set()
    # bypass_csp: the page's policy forbids every script, axe-core (the test's) included
    with _tab(browser, bypass_csp=True) as page:
        for site, path, kind in built.pages():
            requests: list[str] = []
            failed: list[str] = []
            forget = _recording(page, "request", requests)
            _visit(page, built, site, path, 1280)
            forget_failed = _recording(page, "requestfailed", failed)
            loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
            assert any("Atkinson Hyperlegible" in family for family in loaded), f"{path}: the font did not load"
            if "0" in page.inner_text("body"):  # the plain zero's font (fonts.py) loads where a 0 shows
                assert "Public Sans Zero" in loaded, f"{path}: the plain zero's font did not load"
            assert page.evaluate("document.querySelectorAll('script').length") == 0
            off_site = [u for u in requests if not u.startswith(built.base + site.slug + "/")]
            assert not off_site, f"{site.slug}/{path}: requests off the site: {off_site}"
            assert any(u.endswith("assets/web.css") for u in requests)
            page.add_script_tag(path=str(AXE))  # after recording: axe is the test's, not the page's
            assert _axe(page) == [], f"{site.slug}/{path}"
            if kind not in kinds:
                page.set_viewport_size({"width": 375, "height": 900})
                assert _axe(page) == [], f"{site.slug}/{path} at 375 px"
            assert not failed, failed
            kinds.add(kind)
            forget(), forget_failed()
    assert kinds == {"handout", "index", "withdrawn", "evidence"}


def test_screenshots_and_layout(built: Built, browser, shots: Path) -> None:
    """Screenshots at 375 and 1280 px of each kind of page; nothing overflows at 320 px or at
    200% zoom (a 1280 px window at 200% lays out 640 CSS px); text at least 18 px."""
    widths: dict[str, int] = {}
    shot: set[tuple[str, str]] = set()
    with _tab(browser) as page:
        for site, path, kind in built.pages():
            _visit(page, built, site, path, 320)
            for width in (320, 640):
                page.set_viewport_size({"width": width, "height": 900})
                scroll = page.evaluate("document.documentElement.scrollWidth")
                widths[f"{site.slug}/{path}@{width}"] = scroll
                assert scroll <= width, f"{site.slug}/{path} overflows at {width} px: {scroll}"
            smallest = page.evaluate(
                "Math.min(...[...document.querySelectorAll('body *')].filter(e => [...e.childNodes].some("
                "n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))"
            )
            assert smallest >= 18, f"{path}: text of {smallest}px"
            if (site.slug, kind) not in shot:  # the first page of each kind of each clinic
                shot.add((site.slug, kind))
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    name = path.removesuffix("/index.html").replace("/", "-")
                    page.screenshot(path=str(shots / f"{site.slug}-{name}-{width}.png"), full_page=True)
    print(f"screenshots in {shots}; scroll widths: {widths}")


def test_emergency_box_first_on_a_small_screen_and_beside_the_text_on_a_wide_one(built: Built, browser) -> None:
    site = built.sites["sample-us-maple-grove"]
    path = next(iter(site.handouts))
    page = _open(browser, built, site, path, 375)
    boxes = page.evaluate(
        "[...document.querySelectorAll('main section, .print-links')].map(s => [s.id || s.className, s.getBoundingClientRect().top, s.getBoundingClientRect().left])"
    )
    first = min(boxes, key=lambda b: b[1])
    assert first[0] == "get-help", boxes
    page.set_viewport_size({"width": 1280, "height": 900})
    help_box = page.locator("#get-help").bounding_box()
    risks = page.locator("#risks").bounding_box()
    assert help_box["x"] > risks["x"] + risks["width"] - 1, (help_box, risks)
    # Phone numbers are links to call, the emergency number too.
    clinic = site.handouts[path].clinic.settings
    hrefs = page.evaluate("[...document.querySelectorAll('a[href^=\"tel:\"]')].map(a => a.getAttribute('href'))")
    for number in (clinic.phone, clinic.after_hours_phone, clinic.emergency):
        assert "tel:" + re.sub(r"\D", "", number) in hrefs
    page.close()


def test_keyboard_skip_link_and_visible_focus(built: Built, browser) -> None:
    site = built.sites["sample-us-maple-grove"]
    page = _open(browser, built, site, next(iter(site.handouts)), 375)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();"
        " return [e.className, s.outlineStyle, s.outlineWidth, r.top >= 0 && r.bottom <= innerHeight] })()"
    )
    assert focused[0] == "skip-link" and focused[1] == "solid" and focused[3], focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2
    page.close()


def test_languages_alternates_and_print_stylesheet(built: Built, browser) -> None:
    site = built.sites["sample-us-maple-grove"]
    clinic = next(iter(site.handouts.values())).clinic.settings
    path = web.page_path(clinic.url_for("botulinum-toxin", "es"), clinic.website)
    page = _open(browser, built, site, path, 1280)
    assert page.evaluate("document.documentElement.lang") == "es-US"
    alternates = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('link[rel=alternate]')].map(l => [l.hreflang, l.href]))"
    )
    assert alternates == {lang: clinic.url_for("botulinum-toxin", lang) for lang in ("en", "es")}
    assert page.evaluate("document.querySelector('a[hreflang=en]').lang") == "en"
    pdfs = page.evaluate("[...document.querySelectorAll('.print-links a')].map(a => a.href)")
    assert len(pdfs) == 3 and all(u.startswith(built.base) and u.endswith(".pdf") for u in pdfs)
    for url in pdfs:
        response = page.request.get(url)
        assert response.ok and response.body()[:5] == b"%PDF-"
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-nav', '.print-links', '.toc'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    assert page.locator("#get-help").is_visible()
    page.close()


def test_page_text_equals_the_pdf_section_by_section(built: Built, browser) -> None:
    """Each section's text on the web page equals the same section's text in the standard PDF,
    taken in the order of the PDF's tag tree (whitespace normalised)."""
    compared = 0
    with _tab(browser) as page:
        for site in built.sites.values():
            for path, output in site.handouts.items():
                from_pdf = pdf_sections(built.out / output.relpath)
                _visit(page, built, site, path, 1280)
                for section in site.contexts[path]["sections"]:
                    # A drawing's <title> is its alternative text (the PDF's /Alt), not text on the page.
                    on_page = normalise(
                        page.evaluate(
                            "id => { const s = document.getElementById(id).cloneNode(true);"
                            " s.querySelectorAll('svg title').forEach(e => e.remove()); return s.textContent; }",
                            section.role,
                        )
                    )
                    assert section.title in from_pdf, f"{output.label}: no section '{section.title}' in the PDF's tags"
                    pdf_text = from_pdf[section.title]
                    # A table that runs on to the next column or page repeats its header rows there (on
                    # paper only): the PDF's text holds each at least as often as the page does (a risk
                    # table per group, its name in its header); both are compared without them.
                    heads = page.evaluate(
                        "id => [...document.getElementById(id).querySelectorAll('thead')].map(h => h.textContent)",
                        section.role,
                    )
                    for head in map(normalise, heads):
                        assert pdf_text.count(head) >= on_page.count(head) >= 1, output.label
                        on_page, pdf_text = (normalise(t.replace(head, " ")) for t in (on_page, pdf_text))
                    at = next(
                        (i for i, (a, b) in enumerate(zip(on_page, pdf_text, strict=False)) if a != b),
                        min(len(on_page), len(pdf_text)),
                    )
                    assert on_page == pdf_text, (
                        f"{output.label} {section.role}: {on_page[at - 60 : at + 80]!r} != {pdf_text[at - 60 : at + 80]!r}"
                    )
                    compared += 1
                text = normalise(page.evaluate("document.querySelector('#sources').textContent"))
                # The sources the clinic's own text cites (its country's), as the PDF lists them.
                cited = site.contexts[path]["cited"]
                assert cited and all(normalise(output.handout.meta.sources[n - 1]) in text for n in cited)
    assert compared >= 30


# --- QR codes ---------------------------------------------------------------------------


def test_qr_code_in_the_pdf_opens_its_page(built: Built, browser) -> None:
    """Every standard PDF's QR code, decoded from page 1 rendered at 200 dpi, is the clinic's
    address for the handout, and that address, served from the site, is the handout's page."""
    decoded = 0
    with _tab(browser) as page:
        for site in built.sites.values():
            for path, output in site.handouts.items():
                pdf = pdfium.PdfDocument(built.out / output.relpath)
                image = pdf[0].render(scale=200 / 72).to_pil()
                pdf.close()
                codes = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
                assert len(codes) == 1, f"{output.label}: {len(codes)} QR codes"
                settings = output.clinic.settings
                url = codes[0].text
                assert url == settings.url_for(output.handout.meta.id, output.handout.meta.language)
                assert web.page_path(url, settings.website) == path
                local = built.base + site.slug + "/" + url.removeprefix(settings.website.rstrip("/") + "/")
                assert page.goto(local).ok
                assert page.evaluate("document.querySelector('h1').textContent") == output.handout.meta.title
                decoded += 1
    assert decoded >= 6


# --- clinic overrides, through the sandbox ---------------------------------------------------


def _first_standard(root: Path):
    """The first standard edition of the samples (the UK clinic's English botulinum toxin
    leaflet), checked alone: checking every sample handout took seconds and showed nothing more."""
    result = check_only(root, Selection((SAMPLE_CLINICS[0],), ("botulinum-toxin",)), today=TODAY)
    return next(c for c in result.checks if c.output.edition == "standard")


def test_a_clinic_replaces_one_block_of_a_web_template_and_stays_sandboxed(tmp_path: Path) -> None:
    root = copy_samples(tmp_path / "project")
    c = _first_standard(root)
    folder = c.output.clinic.folder / "templates" / "web"
    folder.mkdir(parents=True)
    (folder / "handout.html.j2").write_text(
        '{% extends "project/web/handout.html.j2" %}\n{% block print_links %}<p>Ask us for a printed copy.</p>{% endblock %}\n'
    )
    pages = HtmlDocuments(root, {})
    c = _first_standard(root)
    page = web.handout_page(
        pages, pages.context(c.output, check=c), c.output.clinic, pdfs=[], status=web.CheckStatus.of(c, TODAY)
    )
    assert "Ask us for a printed copy." in page and 'class="print-links"' not in page
    assert c.output.handout.meta.title in page
    (folder / "handout.html.j2").write_text(
        '{% extends "project/web/handout.html.j2" %}\n{% block print_links %}{{ "".__class__ }}{% endblock %}\n'
    )
    pages = HtmlDocuments(root, {})
    with pytest.raises(ContentError, match="template may not use '__class__'"):
        web.handout_page(
            pages, pages.context(c.output, check=c), c.output.clinic, pdfs=[], status=web.CheckStatus.of(c, TODAY)
        )
