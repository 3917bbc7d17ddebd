"""The HTML documents of a build: each output's handout page and each clinic's catalogue,
from the clinic's templates (templates.py) and the handout's sections (sections.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..checks.public import on_website
from ..content.markup import fill_placeholders, placeholder_values, without_citations
from ..editions import BACK_ROLES, EDITIONS, FLAP_ROLES, TRIFOLD, is_summary
from ..models import Clinic, Output
from ..version import __version__
from . import clinic_values, sourcemap
from .clinic_marks import mark_clinic
from .clinic_templates import template_names
from .labels import language_name, load_messages
from .markdown import to_html
from .qr import qr_svg
from .sanitise import require_clean
from .sections import (
    RenderedSection,
    cited_sources,
    refuse_attachments,
    render_section,
    with_get_help,
    with_risks,
    with_waivers,
)
from .sourcemap import relative
from .templates import environment, render_template

if TYPE_CHECKING:
    from ..checks import CheckResult
from ..problems import Problem

CATALOGUE_STYLESHEETS = ("styles/base.css", "styles/catalogue.css")


class HtmlDocuments:
    """Renders the HTML of outputs; one per build, so edited templates are always seen."""

    def __init__(
        self, root: Path, verdicts: Mapping[tuple, Problem | None], bleed: bool = False, located: bool = False
    ) -> None:
        """`verdicts`: whether each (clinic, handout, language) may be published (checks/public.py;
        `check_only(...).verdicts`); one left off the website, or not judged, is printed
        without a QR code."""
        self.root = root
        self.bleed = bleed
        self.located = located  # pages for the checks: a clinic template's own words carry its file and line
        self.get_help_summary = False  # the aftercare sheet's get-help box: least urgent signs in one line
        self._verdicts = verdicts  # a build's grows as it judges each handout (writers/state.py)
        self._environments: dict[Path | None, jinja2.Environment] = {}
        self._messages: dict[str, dict[str, str]] = {}
        self._located: HtmlDocuments | None = None
        self.clinic_templates = True  # False: Clearprint's own templates only (project_only)
        self._plain: HtmlDocuments | None = None
        self._own: dict[Path, frozenset[str]] = {}  # each clinic's own templates, looked for once
        # _sections, shared with for_checks() and project_only()
        self._made: dict[tuple, tuple[Any, list[RenderedSection]]] = {}

    def for_checks(self) -> HtmlDocuments:
        """These documents as the checks read them: a clinic template's words located (made once)."""
        if self.located:
            return self
        if self._located is None:
            self._located = HtmlDocuments(self.root, self._verdicts, self.bleed, located=True)
            self._located._made = self._made
        return self._located

    def published(self, output: Output) -> bool:
        return on_website(self._verdicts, output)

    def also_available(self, output: Output) -> str:
        """'Also available in large print and in Spanish': only what this clinic builds."""
        t = self.messages(output.handout.meta.language)
        lang, edition = output.handout.meta.language, output.edition
        built = set(output.siblings)
        items = []
        for other in EDITIONS.values():  # "in large print"
            if other.mention_label and edition != other.name and (lang, other.name) in built:
                items.append(t[other.mention_label])
        others = sorted({other for other, _ in built if other != lang})
        items += [t["in_language"].format(language=language_name(other, lang)) for other in others]
        if not items:
            return ""
        joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {t['and']} " + items[-1]
        return t["also_available"].format(what=joined)

    def qr(self, output: Output) -> tuple[str, str] | None:
        """(inline vector SVG, short URL) for the handout's page online; None without a website."""
        url = output.clinic.settings.url_for(output.handout.meta.id, output.handout.meta.language)
        if url is None or not self.published(output):
            return None
        title = self.messages(output.handout.meta.language)["qr_title"].format(url=url)
        return qr_svg(url, title), url.split("://", 1)[-1]

    def messages(self, language: str) -> dict[str, str]:
        if language not in self._messages:
            self._messages[language] = load_messages(self.root, language)
        return self._messages[language]

    def project_only(self) -> HtmlDocuments:
        """These documents made from Clearprint's own templates alone, a clinic's ignored: what
        a clinic template adds to a page is the difference (checks/printed_page.py)."""
        if self._plain is None:  # made once, so its templates compile once
            self._plain = HtmlDocuments(self.root, self._verdicts, self.bleed)
            self._plain.clinic_templates = False
            self._plain._made = self._made
        return self._plain

    def own_templates(self, site: Clinic) -> frozenset[str]:
        """The names of the templates `site` has of its own (clinic_templates.py), found once per build."""
        if site.folder not in self._own:
            self._own[site.folder] = template_names(site.folder)
        return self._own[site.folder]

    def environment(self, clinic_folder: Path) -> jinja2.Environment:
        if not self.clinic_templates:
            clinic_folder = self.root / ".no-clinic-templates"  # no such folder: the project's templates
        # Clinics without templates of their own share one, so each template compiles once.
        key = clinic_folder if (clinic_folder / "templates").is_dir() else None
        if key not in self._environments:
            self._environments[key] = environment(self.root, clinic_folder, located=self.located)
        return self._environments[key]

    def _clinic_context(self, site: Clinic, language: str) -> dict[str, Any]:
        """What every document of a clinic needs: labels, locale, logo, brand, paper."""
        locale = site.settings.locale(language)
        clinic = clinic_values.located_settings(site, self.root) if self.located else site.settings
        if clinic.emergency_number is None:  # the country's: never "None" on a page (round-23 attack, case 17)
            clinic = clinic.model_copy(update={"emergency_number": clinic.emergency})
        return {
            "t": self.messages(language),
            "locale": locale,
            "lang_tag": locale.replace("_", "-"),
            "clinic": clinic,
            "logo": relative(site.logo_path, self.root),
            "page_size": site.settings.page_size,
            "generator": f"Clearprint {__version__}",
        }

    def stylesheets(self, output: Output) -> tuple[str, ...]:
        """A handout's stylesheets in cascade order: the project's, its edition's, then the clinic's."""
        clinic_css = sorted(p for p in (output.clinic.folder / "styles").glob("*.css") if p.name != "web.css")
        return (
            "styles/base.css",
            EDITIONS[output.edition].stylesheet,
            *(["styles/bleed.css"] if self.bleed else []),
            *(relative(p, self.root) for p in clinic_css),
        )

    def context(
        self, output: Output, base_href: str = "", check: CheckResult | None = None, linked: bool = True
    ) -> dict[str, Any]:
        site, meta, clinic = output.clinic, output.handout.meta, output.clinic.settings
        values = placeholder_values(clinic)
        return {
            **self._clinic_context(site, meta.language),
            "base_href": base_href,
            "reading_level": check.score.describe() if check and check.score and check.score.words else "not checked",
            "waivers": [f"{f.rule} at {f.file}:{f.line}: {w.reason}" for f, w in check.waived] if check else [],
            "clinic_slug": site.slug,
            "stylesheets": self.stylesheets(output) if linked else (),
            "handout": clinic_values.located_meta(output.handout, self.root) if self.located else meta,
            "distribution": output.distribution,
            "edition": output.edition,
            "bleed": self.bleed,
            "also_available": self.also_available(output),
            "trifold": TRIFOLD[clinic.page_size],
            "flap_roles": FLAP_ROLES,
            "back_roles": BACK_ROLES,
            "qr": self.qr(output),
            "t_edition": self._footer_label(output),
            "intro": self.intro(output, values),
            "sections": with_waivers(
                self._sections(output, values), check.waived if check else [], self.messages(meta.language)
            ),
            "cited": cited_sources(output, self.root),
        }

    def _sections(self, output: Output, values: dict[str, str]) -> list[RenderedSection]:
        """The output's sections with the risk table and get-help box in place, made once for
        all the editions and pages of these documents that print them alike (the same clinic
        settings, handout, sections and summary); a section that fails raises each time."""
        settings, summary = output.clinic.settings, is_summary(output.edition) or self.get_help_summary
        key = (id(settings), output.handout.file, output.handout.meta.language, output.sections, summary)
        if (kept := self._made.get(key)) is None:
            made = [
                with_get_help(
                    with_risks(render_section(s, values, self.root), output, self.root), output, self.root, summary
                )
                for s in output.sections
            ]
            kept = self._made[key] = (settings, made)  # the settings kept alive: their id stays theirs
        return list(kept[1])

    def _footer_label(self, output: Output) -> str:
        label = EDITIONS[output.edition].footer_label
        return self.messages(output.handout.meta.language)[label] if label else ""

    def intro(self, output: Output, values: dict[str, str]) -> str:
        handout = output.handout
        return _intro(handout.intro, tuple(values.items()), handout.file, handout.body_line, self.root)

    def catalogue(
        self, site: Clinic, outputs: list[Output], files: dict[str, str], today: dt.date, linked: bool = True
    ) -> str:
        """The front-desk catalogue: one row per handout and language, its editions and files."""
        language = site.settings.languages[0]
        t = self.messages(language)
        groups: dict[tuple[str, str], list[Output]] = {}
        for output in outputs:
            groups.setdefault((output.handout.meta.id, output.handout.meta.language), []).append(output)
        warn_days = site.settings.checks.review_warning_days
        rows = []
        for (_, lang), items in sorted(groups.items()):
            meta = items[0].handout.meta
            days = (meta.next_review - today).days if meta.next_review else 10**6
            rows.append(
                {
                    "title": meta.title,
                    "lang": site.settings.locale(lang).replace("_", "-"),  # for the lang of its title and QR code
                    "review_status": meta.review_status,
                    "language_name": language_name(lang, language).capitalize(),
                    "distribution": items[0].distribution,
                    "editions": [(t[EDITIONS[o.edition].name_label], files[o.label]) for o in items],
                    "version": meta.version,
                    "reviewed": meta.reviewed,
                    "next_review": meta.next_review,
                    "status": "overdue" if days < 0 else "due" if days <= warn_days else "current",
                    "qr": self.qr(items[0]),
                }
            )
        context = {
            **self._clinic_context(site, language),
            "today": today,
            "rows": rows,
            "stylesheets": CATALOGUE_STYLESHEETS if linked else (),
        }
        env = self.environment(site.folder)
        page = render_template(env, "catalogue.html.j2", context, self.root)
        page = mark_clinic(page, site, relative(site.folder / "clinic.yaml", self.root))
        return self.template_marked(page, env, "catalogue.html.j2")

    def template_marked(self, page: str, env: jinja2.Environment, name: str) -> str:
        """For the checks (`located`), the body names the page's template: the words it holds
        with no line of their own are its (checks/page_claims.py)."""
        if not self.located:
            return page
        template = env.get_template(name).filename
        if template and Path(template).resolve().is_relative_to(self.root.resolve()):
            page = sourcemap.mark(page, r"<body\b", sourcemap.src(relative(Path(template), self.root)))
        return page

    def html(self, output: Output, base_href: str = "", check: CheckResult | None = None, linked: bool = True) -> str:
        """The complete HTML document of an output.

        With `linked=False` its stylesheets are left out: the renderer is given them
        (`stylesheets()`) and keeps them parsed from one document to the next."""
        env = self.environment(output.clinic.folder)
        template = EDITIONS[output.edition].template
        page = render_template(env, template, self.context(output, base_href, check, linked), self.root)
        return self.sources_marked(output, page, env.get_template(template).filename)

    def sources_marked(self, output: Output, page: str, template: str | None) -> str:
        """`data-src` on what the templates print from the front matter and the clinic's settings,
        and the template's own name on the body (sourcemap.py)."""
        handout, site = output.handout, output.clinic
        file, settings = relative(handout.file, self.root), relative(site.folder / "clinic.yaml", self.root)
        marks = (
            (r"<h1\b", handout.lines.get(("title",))),
            (r"<p class=\"summary\"", handout.lines.get(("summary",))),
            (r"<section class=\"sources\"", handout.lines.get(("sources",))),
            (r"<span class=\"address\"", handout.lines.get(("id",))),  # the QR code's address ends with the id
        )
        for pattern, line in marks:
            page = sourcemap.mark(page, pattern, sourcemap.src(file, line))
        for number in range(1, len(handout.meta.sources) + 1):  # each source on its own line
            line = handout.lines.get(("sources", number - 1))
            page = sourcemap.mark(page, rf'<li value="{number}"', sourcemap.src(file, line))
        page = mark_clinic(page, site, settings)
        if template and Path(template).resolve().is_relative_to(self.root.resolve()):
            page = sourcemap.mark(page, r"<body\b", sourcemap.src(relative(Path(template), self.root)))
        return page


@lru_cache(maxsize=1024)  # made once per handout and clinic values, as render_section (sections.py)
def _intro(intro: str, values: tuple[tuple[str, str], ...], file: Path, body_line: int, root: Path) -> str:
    filled = fill_placeholders(without_citations(intro), dict(values))
    page = to_html(filled, relative(file.parent, root))
    refuse_attachments(page, file, body_line, root)
    require_clean(page, file, body_line, root)
    return sourcemap.annotate(page, filled, relative(file, root), body_line)
