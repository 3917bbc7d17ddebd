"""Helpers for the web-edition tests: write a clinic's site from checked outputs (what the
pipeline will do once the web pages are targets), and drive Debian's Chromium with
Playwright, with axe-core injected from node_modules/.

The browser: Debian's `chromium` package (scripts/setup.sh installs it), launched by the
Playwright release whose bundled Chromium has the same major version (requirements.lock),
since `playwright install` cannot download browsers here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from clearprint.checks import CheckResult
from clearprint.documents import web
from clearprint.documents.html import HtmlDocuments
from clearprint.models import Clinic, Output

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Debian's package installs the browser here; /usr/bin/chromium is a shell wrapper around it.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
WITHDRAWN_ID = "retired-leaflet"  # a handout id no sample has: its address gets the withdrawn page


# --- the browser ------------------------------------------------------------------


def chromium_path() -> str:
    """Debian's Chromium, or CLEARPRINT_CHROMIUM; a clear message when it is missing."""
    for candidate in (os.environ.get("CLEARPRINT_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("Chromium is not installed: run scripts/setup.sh (it installs Debian's `chromium` package)")


def major(text: str) -> int:
    match = re.search(r"(\d+)\.\d+\.\d+", text)
    if not match:
        raise RuntimeError(f"no version number in {text!r}")
    return int(match[1])


@functools.cache
def playwright_chromium_major() -> int:
    """The Chromium major version the installed Playwright release was made for."""
    import playwright

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entry = next(b for b in json.loads(browsers.read_text())["browsers"] if b["name"] == "chromium")
    return major(entry["browserVersion"])


def check_versions(executable: str) -> str:
    """Debian's Chromium and Playwright's must have the same major version: the protocol
    Playwright speaks changes with Chromium. Returns the browser's version."""
    found = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    wanted = playwright_chromium_major()
    if major(found) != wanted:
        raise RuntimeError(
            f"{executable} is {found}, but Playwright {version('playwright')} drives Chromium {wanted}: "
            f"pin the Playwright release made for Chromium {major(found)} in requirements.lock and pyproject.toml "
            "(its driver/package/browsers.json names the Chromium version), or install the matching chromium package"
        )
    return found


# --- writing a site ------------------------------------------------------------------


@dataclass
class Site:
    """One clinic's site as written by `write_site`: its folder and what is in it."""

    slug: str
    folder: Path
    handouts: dict[str, Output] = field(default_factory=dict)  # page path -> standard output
    indexes: dict[str, str] = field(default_factory=dict)  # page path -> language
    withdrawn: dict[str, str] = field(default_factory=dict)  # page path -> language
    contexts: dict[str, dict] = field(default_factory=dict)  # page path -> render context


def _write(folder: Path, path: str, content: str | bytes) -> None:
    target = folder / path
    if target.suffix == ".html" and target.exists():
        raise AssertionError(f"two pages at {path}: does the clinic's handout_url have {{language}}?")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def write_site(
    root: Path,
    checks: Iterable[CheckResult],
    planned: Iterable[Output],
    pdf_folder: Path,
    dest: Path,
    today: dt.date,
) -> dict[str, Site]:
    """Each clinic's site in dest/<slug>/: a page per standard output that passed its checks,
    an index per language, a withdrawn page at WITHDRAWN_ID's address in each language,
    sitemap.xml, the assets, and every edition's PDF (from `pdf_folder`, a build's output)."""
    checks = list(checks)
    # What the build publishes: a handout that passes only as after-consultation material is not.
    from clearprint.checks.public import left_off, publishing
    from clearprint.content.load import load_project
    from clearprint.problems import Problems

    project = load_project(root, Problems(root))
    verdicts = publishing(project, checks, Problems(root), today)
    unpublished = {key for key, why in verdicts.items() if why} | left_off(project)  # and what a clinic keeps off
    pages = HtmlDocuments(root, verdicts)
    standard = [
        c
        for c in checks
        if c.output.edition == "standard"
        and not c.blocked
        and (c.output.clinic.slug, *c.output.handout.key) not in unpublished
    ]
    clinics: dict[str, Clinic] = {c.output.clinic.slug: c.output.clinic for c in standard}
    sites: dict[str, Site] = {}
    for slug, clinic in clinics.items():
        settings = clinic.settings
        if not settings.website:
            continue
        site = sites[slug] = Site(slug, dest / slug)
        mine = [c for c in standard if c.output.clinic.slug == slug]
        published: dict[str, list[str]] = {}  # handout id -> languages
        for c in mine:
            published.setdefault(c.output.handout.meta.id, []).append(c.output.handout.meta.language)
        urls, images = [], set()
        for c in mine:
            meta = c.output.handout.meta
            context = pages.context(c.output, check=c)
            editions = [
                o
                for o in planned
                if o.clinic.slug == slug
                and o.handout.key == c.output.handout.key
                and not o.relpath.name.endswith(".bleed.pdf")
            ]
            pdfs = []
            for o in editions:
                source = pdf_folder / o.relpath
                pdfs.append(web.PdfLink.of(o, source.stat().st_size))
                _write(site.folder, web.pdf_path(o), source.read_bytes())
            page = web.handout_page(
                pages,
                context,
                clinic,
                pdfs=pdfs,
                status=web.CheckStatus.of(c, today),
                languages=published[meta.id],
            )
            url = settings.url_for(meta.id, meta.language)
            path = web.page_path(url, settings.website)
            _write(site.folder, path, page)
            site.handouts[path] = c.output
            site.contexts[path] = context
            urls.append(url)
            images.update(web.images(context))
        languages = sorted({c.output.handout.meta.language for c in mine})
        for language in languages:
            metas = [c.output.handout.meta for c in mine if c.output.handout.meta.language == language]
            path = web.index_path(settings, language)
            _write(site.folder, path, web.index_page(pages, clinic, language, metas, languages))
            site.indexes[path] = language
            urls.append(web.index_url(settings, language))
            gone = settings.url_for(WITHDRAWN_ID, language)
            path = web.page_path(gone, settings.website)
            _write(site.folder, path, web.withdrawn_page(pages, clinic, language, gone, languages))
            site.withdrawn[path] = language
        _write(site.folder, "sitemap.xml", web.sitemap(urls))
        for path, content in web.assets(root, clinic, images):
            _write(site.folder, path, content)
    return sites


def per_language_addresses(project: Path) -> None:
    """Give every clinic of a copied project the per-language address issue 11 asks for
    (`{website}/handouts/{language}/{id}`), unless its handout_url already has {language}."""
    import yaml

    for settings in sorted((project / "clinics").glob("*/clinic.yaml")):
        text = settings.read_text(encoding="utf-8")
        if "{language}" not in (yaml.safe_load(text).get("handout_url") or ""):
            text = re.sub(r"(?m)^handout_url:.*\n", "", text)
            settings.write_text(text + 'handout_url: "{website}/handouts/{language}/{id}"\n', encoding="utf-8")
