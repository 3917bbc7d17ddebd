"""Markdown to HTML, and the Jinja environment that wraps it in a clinic's template.

Templates are looked up in the clinic's `templates/` folder first, then the project's
`templates/`; the project's are also reachable as `project/<name>` so a clinic template
can extend the one it replaces and change a single block.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import re
import string
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.filters
import jinja2.sandbox
import markdown
import segno
from babel import Locale
from babel.dates import format_date
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..checks.public import on_website
from ..content import yamlfile
from ..content.markup import (
    GET_HELP_MARKER,
    REL,
    RISK_MARKER,
    citations,
    fill_placeholders,
    placeholder_values,
    without_citations,
)
from ..content.read import read_text
from ..editions import BACK_ROLES, EDITIONS, FLAP_ROLES, TRIFOLD, is_summary
from ..models import Clinic, Output, Section
from ..version import __version__
from . import clinic_values, sourcemap, template_budget, template_text
from .clinic_marks import mark_clinic
from .compiled import COMPILED
from .keep_whole import KEEP_WHOLE
from .template_source import TemplateFileError, template_source

if TYPE_CHECKING:
    from ..checks import CheckResult
from ..problems import ContentError, Problem, Problems
from .sanitise import require_clean

# --- Markdown ---------------------------------------------------------------------


# A list item longer than this is a paragraph, not a line of a short list: a list of such
# items may break between them (never inside one), where a short list is kept whole.
PARAGRAPH_ITEM_WORDS = 25


class _ProjectPaths(Treeprocessor):
    """Image paths relative to the project root; an image alone in its paragraph with a
    title (`![alt](images/x.svg "Caption")`) as a figure with that caption; a list of
    paragraph-long items marked as such; `- [ ]` list items as checklist items."""

    def __init__(self, md: markdown.Markdown, folder: str) -> None:
        super().__init__(md)
        self.folder = folder

    def run(self, root: ET.Element) -> None:
        for img in root.iter("img"):
            img.set("src", f"{self.folder}/{img.get('src')}".lstrip("/"))
        for p in root.iter("p"):
            img = p[0] if len(p) == 1 else None
            if img is None or img.tag != "img" or not img.get("title") or (p.text or "").strip():
                continue
            if (img.tail or "").strip():
                continue
            p.tag, img.tail = "figure", None
            caption = ET.SubElement(p, "figcaption")
            caption.text = img.attrib.pop("title")
        for element in list(root.iter()):
            if element.tag not in ("code", "pre"):
                _keep_hyphenated_words_whole(element)
        for listing in [e for e in root.iter() if e.tag in ("ul", "ol")]:
            items = [li for li in listing if li.tag == "li"]
            if any(len("".join(li.itertext()).split()) > PARAGRAPH_ITEM_WORDS for li in items):
                listing.set("class", "paragraphs")  # may split between its items (styles/base.css)
        for cell in [e for e in root.iter() if e.tag in ("th", "td") and e.get("style")]:
            # `|:--|--:|` columns: the tables extension writes style="text-align: ..."; a class instead
            align = re.fullmatch(r"text-align: (left|right|center);", cell.attrib.pop("style"))
            if align:
                cell.set("class", f"align-{align[1]}")
        for li in root.iter("li"):
            holder = li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li
            text = holder.text or ""
            if text.startswith("[ ] "):
                holder.text = text[4:]
                li.set("class", "check")
                parent = next((p for p in root.iter() if li in list(p)), None)
                if parent is not None:
                    parent.set("class", "checklist")


HYPHENATED = KEEP_WHOLE  # hyphenated words and "1 in 41,000" (keep_whole.py)


def _keep_hyphenated_words_whole(element: ET.Element) -> None:
    """ "flare-ups" in a span that never breaks: a line broken after a word's own hyphen
    reads badly, and WeasyPrint 70 gives that hyphen no text (a screen reader and a copy
    read "flare\x02 ups")."""

    def spans(text: str) -> tuple[str, list[ET.Element]]:
        made, start, head = [], 0, None
        for match in HYPHENATED.finditer(text):
            span = ET.Element("span", {"class": "nowrap"})
            span.text = match[0]
            if head is None:
                head = text[: match.start()]
            else:
                made[-1].tail = text[start : match.start()]
            made.append(span)
            start = match.end()
        if made:
            made[-1].tail = text[start:]
        return (text if head is None else head), made

    if element.text and HYPHENATED.search(element.text):
        element.text, made = spans(element.text)
        for i, span in enumerate(made):
            element.insert(i, span)
    for child in list(element):
        if child.tail and HYPHENATED.search(child.tail) and child.get("class") != "nowrap":
            child.tail, made = spans(child.tail)
            at = list(element).index(child) + 1
            for i, span in enumerate(made):
                element.insert(at + i, span)


def whole_words(text: str) -> Markup:
    """Plain text (a source's title) as HTML with its hyphenated words kept whole, as in
    the Markdown (`_keep_hyphenated_words_whole`)."""
    escaped = str(escape(text))
    return Markup(HYPHENATED.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', escaped))


class _ProjectPathsExtension(Extension):
    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_ProjectPaths(md, self.folder), "clearprint-local", 5)


@functools.lru_cache(maxsize=512)  # the editions of a handout share their Markdown: convert it once
def to_html(text: str, folder: str) -> str:
    md = markdown.Markdown(
        extensions=["tables", "admonition", "attr_list", "sane_lists", _ProjectPathsExtension(folder)],
        output_format="html",
    )
    return md.convert(text)


RISK_TABLE = re.compile(r"\{\{\s*risk_table\s*\}\}")


def cited_sources(output: Output, root: Path) -> list[int]:
    """The numbers of the sources the output's text cites ([2], [1, 3]), and those of the
    risks its risk table draws from risks.yaml: a summary that leaves some text out (the
    trifold) lists only the sources it still cites; a source marked for other countries
    (source_marks.py) is not listed."""
    bodies = [output.handout.intro, *(s.body for s in output.sections)]
    found = set(citations("\n".join(bodies)))
    if any(RISK_TABLE.search(body) for body in bodies):
        from . import risk_table

        data = risk_table.load_risks(output.handout.file.parent, root)
        found.update(n for risk in (data.risks if data else []) for n in risk.sources)
    meta, country = output.handout.meta, output.clinic.settings.country
    return sorted(n for n in found if 1 <= n <= len(meta.sources) and meta.source_for(n, country))


# --- messages and dates -----------------------------------------------------------


def load_messages(root: Path, language: str) -> dict[str, str]:
    path = root / "templates" / "messages" / f"{language}.yaml"
    report = Problems(root)
    if not path.is_file():
        raise report.error(
            path,
            None,
            f"no template labels for language '{language}'; copy templates/messages/en.yaml to {path.name} and translate it",
        )
    data, lines = yamlfile.parse(read_text(path, report), path, report)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise report.error(path, 1, "template labels must be `name: text` lines")
    return data


@functools.lru_cache(maxsize=512)  # the editions and the catalogue share a handout's code: encode it once
def qr_svg(url: str, title: str) -> str:
    """A QR code as an inline vector SVG (one path), sized by the stylesheet."""
    return segno.make(url, error="m").svg_inline(scale=1, border=0, title=title, dark="#000", omitsize=True)


def long_date(value: Any, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


def language_name(code: str, in_language: str) -> str:
    """'Spanish' in English, 'inglés' in Spanish."""
    return Locale.parse(code).get_display_name(in_language) or code


def css_string(value: str) -> str:
    """A Python string as a CSS string literal (for @page margin content)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


# --- templates --------------------------------------------------------------------


class TemplateFiles(jinja2.FileSystemLoader):
    """Templates from one folder, and only real template files in it: a name that leads to a
    hidden file, out of the folder (through '..' or a link) or to anything but a `.j2` file is
    not found, so `{% include %}` can never print a project file or /etc/passwd."""

    def __init__(self, folder: Path, located_under: Path | None = None) -> None:
        super().__init__(folder)
        self.located_under = located_under  # the project root: mark the template's own words (template_text.py)

    def get_source(self, environment, template):
        folder = Path(self.searchpath[0]).resolve()
        path = (folder / template).resolve()
        parts = Path(template).parts
        if not path.is_relative_to(folder) or path.suffix != ".j2" or any(p.startswith(".") for p in parts):
            raise jinja2.TemplateNotFound(template)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        source, filename, uptodate = template_source(Path(self.searchpath[0]) / template)
        source = template_text.without_comments(source)  # an HTML comment reaches no output
        if self.located_under is not None:
            source = template_text.located(source, _relative(Path(filename), self.located_under))
        return source, filename, uptodate


class Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, also without file paths (their methods read and write files), and
    without the ways to make a huge string or list (`'x' * 10**9`, `lipsum`): a template
    renders text from data, within RENDER_SECONDS."""

    intercepted_binops = frozenset(["*", "**"])
    MAX_ITEMS = 1_000_000

    PATH_PARTS = frozenset(["name", "stem", "suffix", "parent"])  # read-only; no method of a path

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, PurePath) and attr not in self.PATH_PARTS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    MAX_WIDTH = 10_000  # `center`, `ljust`, `format` widths: no printed line is wider

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str) and name in (
            "center",
            "ljust",
            "rjust",
            "zfill",
            "expandtabs",
        ):
            if any(isinstance(a, int) and a > __self.MAX_WIDTH for a in args):
                raise jinja2.sandbox.SecurityError(f"a width over {__self.MAX_WIDTH} is not allowed in templates")
        return super().call(__context, __obj, *args, **kwargs)

    def format_string(self, s, args, kwargs, format_func=None):
        for _, _, spec, _ in string.Formatter().parse(s):
            if spec and any(int(w) > self.MAX_WIDTH for w in re.findall(r"\d+", spec)):
                raise jinja2.sandbox.SecurityError(f"a width over {self.MAX_WIDTH} is not allowed in templates")
        return super().format_string(s, args, kwargs, format_func)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and right > 64:
            raise jinja2.sandbox.SecurityError("a power this large is not allowed in templates")
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                if (
                    isinstance(sized, (str, list, tuple))
                    and isinstance(count, int)
                    and len(sized) * count > self.MAX_ITEMS
                ):
                    raise jinja2.sandbox.SecurityError("a repeated text or list this long is not allowed in templates")
        return super().call_binop(context, operator, left, right)


def _narrow(filter_, name: str):
    """A Jinja filter with its width argument capped at Sandbox.MAX_WIDTH."""

    def narrowed(value, *args, **kwargs):
        width = kwargs.get(name, args[0] if args else 0)
        if isinstance(width, int) and width > Sandbox.MAX_WIDTH:
            raise jinja2.sandbox.SecurityError(f"a width over {Sandbox.MAX_WIDTH} is not allowed in templates")
        return filter_(value, *args, **kwargs)

    return narrowed


def _checked_format(value, *args, **kwargs):
    """`"%10000000s" | format(x)`: printf widths capped at Sandbox.MAX_WIDTH."""
    if any(int(w) > Sandbox.MAX_WIDTH for w in re.findall(r"%[-+ #0]*(\d+)", str(value))) or "%*" in str(value):
        raise jinja2.sandbox.SecurityError(f"a width over {Sandbox.MAX_WIDTH} is not allowed in templates")
    return jinja2.filters.do_format(value, *args, **kwargs)


def environment(
    root: Path, clinic_folder: Path, templates: str = "templates", located: bool = False
) -> jinja2.Environment:
    """Clinic templates are data, not code: sandboxed, so no underscored attribute (the way to
    `os` from any object), no file paths and no changing what they are given. `located`: the
    clinic's templates mark their own words with their file and line, for the checks."""
    project = TemplateFiles(root / templates)
    clinic = TemplateFiles(clinic_folder / templates, root if located else None)
    env = Sandbox(
        loader=jinja2.ChoiceLoader([clinic, project, jinja2.PrefixLoader({"project": project})]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,  # compiled once per process while the file is unchanged
    )
    env.filters["css_string"] = css_string
    env.filters["center"] = _narrow(env.filters["center"], "width")
    env.filters["indent"] = _narrow(env.filters["indent"], "width")
    env.filters["format"] = _checked_format
    env.filters["long_date"] = long_date
    env.filters["whole_words"] = whole_words
    env.globals.pop("lipsum", None)
    env.globals["range"] = template_budget.budgeted_range
    if located:  # a clinic setting's value keeps its line in clinic.yaml (clinic_values.py)
        env.filters["replace"] = clinic_values.replace
    return env


MAX_OUTPUT_CHARS = 5_000_000  # a page is about 50,000 characters; the largest catalogue far less
TEMPLATE_SECONDS = 5  # a page renders in about 0.05 s; loops in a template must not hang the build


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any], root: Path) -> str:
    """Render a template; any mistake in it (a syntax error, an unknown name, `{{ 1/0 }}`, a loop
    that never ends) becomes a `template:line` error, never a traceback or a hang. A render
    stopped by its limits (template_budget.py) is not tried again with this environment: the
    next output's render of it fails at once with the same error."""
    from ..limits import RenderTimeout, time_limit

    key = template_budget.fingerprint(env, name)
    if before := template_budget.stopped_before(key):
        raise ContentError(*before.problems)
    generator = None
    try:
        with time_limit(TEMPLATE_SECONDS), template_budget.budget():
            parts, size = [], 0
            generator = env.get_template(name).generate(context)
            for chunk in generator:
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    where = template_budget.stopped_at(generator=generator)
                    raise _stopped(
                        key,
                        root,
                        where,
                        name,
                        f"the template made more than {MAX_OUTPUT_CHARS // 1_000_000} million characters; "
                        "look for a loop or a repeat that never ends",
                    )
                parts.append(chunk)
            return clinic_values.resolve("".join(parts))  # only a checker's page has marks
    except jinja2.TemplateError as exc:
        problem = template_problem(exc, root)
        if isinstance(exc, template_budget.TooMuchWork):
            template_budget.remember(key, problem)
        raise problem from None
    except RenderTimeout as exc:
        where = template_budget.stopped_at(exc.__traceback__)
        raise _stopped(
            key,
            root,
            where,
            name,
            f"the template took longer than {TEMPLATE_SECONDS} s; look for a loop that never ends",
        ) from None
    except RecursionError as exc:
        where = template_budget.stopped_at(exc.__traceback__)
        raise _stopped(
            key, root, where, name, "the template calls a macro inside itself without end; remove the call"
        ) from None
    except Exception as exc:  # e.g. `{{ text + 1 }}` or `{{ 1/0 }}` in a clinic template
        if any(f.filename.endswith(".j2") for f in traceback.extract_tb(exc.__traceback__)):
            raise template_problem(exc, root) from None
        raise
    finally:
        if generator is not None:
            generator.close()


def _stopped(key: tuple, root: Path, where: tuple[str, int] | None, name: str, message: str) -> ContentError:
    """The error of a render stopped by its limits, at the template line it had reached;
    remembered, so the other outputs' renders of the same template fail at once."""
    file, line = where or (str(root / "templates" / name), None)
    error = Problems(root).error(Path(file), line, message)
    template_budget.remember(key, error)
    return error


def template_problem(exc: Exception, root: Path) -> ContentError:
    """A Jinja error as `template:line: message`, found from the traceback if need be."""
    report = Problems(root)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return report.error(
            Path(exc.filename or exc.name or "templates"), exc.lineno, f"template syntax error: {exc.message}"
        )
    if isinstance(exc, TemplateFileError):
        return report.error(Path(exc.filename), None, exc.message or "this template cannot be read")
    filename, line = "templates", None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            filename, line = name, tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, template_budget.TooMuchWork):
        message = str(exc.message)
    elif isinstance(exc, jinja2.sandbox.SecurityError) and "is not allowed in templates" in (exc.message or ""):
        message = f"template error: {exc.message}; make it smaller"
    elif isinstance(exc, jinja2.sandbox.SecurityError):
        unsafe = re.search(r"attribute '(\w+)'", exc.message or "")
        what = f"'{unsafe[1]}'" if unsafe else "this"
        message = (
            f"template may not use {what}: names starting with '_' and changing values are not "
            "available in templates; remove it"
        )
    elif isinstance(exc, jinja2.UndefinedError):
        attribute = re.match(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'", exc.message or "")
        owner = "clinic.yaml" if attribute and attribute[1] == "ClinicSettings" else attribute and attribute[1]
        what = f"'{attribute[2]}' is not a field of {owner}" if attribute else exc.message
        message = f"template uses an undefined variable: {what}; check the spelling"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"template '{exc.name}' not found in the clinic's templates/ or the project's templates/"
    else:
        message = f"template error: {exc}"
    return report.error(Path(filename), line, message)


@dataclass(frozen=True)
class RenderedSection:
    role: str
    title: str
    html: str
    origin: str
    src: str = ""  # "file:line" of its heading (sourcemap.py); empty on the web edition


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def render_section(section: Section, values: dict[str, str], root: Path) -> RenderedSection:
    filled = fill_placeholders(
        without_citations(section.body), {**values, "risk_table": RISK_MARKER, "get_help": GET_HELP_MARKER}
    )
    body = to_html(filled, _relative(section.file.parent, root))
    refuse_attachments(body, section.file, section.line, root)
    require_clean(body, section.file, section.line, root)
    file = _relative(section.file, root)
    body = sourcemap.annotate(body, filled, file, section.line + 1)
    return RenderedSection(section.role, section.title, body, section.origin, sourcemap.src(file, section.line))


def with_risks(section: RenderedSection, output: Output, root: Path) -> RenderedSection:
    """The risk table (risks.py) where the section's Markdown holds its placeholder."""
    from . import risk_table as risks

    if not risks.PLACEHOLDER.search(section.html):
        return section
    data = risks.load_risks(output.handout.file.parent, root)
    clinic = output.clinic.settings
    made = (
        ""
        if data is None
        else risks.table(
            data, output.handout.meta.language, clinic.emergency, clinic.colors.primary, clinic.colors.text
        )
    )
    return dataclass_replace(section, html=risks.PLACEHOLDER.sub(lambda _: made, section.html))


def with_get_help(section: RenderedSection, output: Output, root: Path, summary: bool = False) -> RenderedSection:
    """The get-help box (get_help.py) where the section's Markdown holds its placeholder; a
    summary (the trifold, the one-page aftercare sheet) says the least urgent tier in one line."""
    from . import get_help_box as get_help
    from . import risk_table as risks

    if not get_help.PLACEHOLDER.search(section.html):
        return section
    data = risks.load_risks(output.handout.file.parent, root)
    if data is None:
        raise Problems(root).error(
            output.handout.file.parent / risks.RISKS_FILE,
            None,
            "{{ get_help }} makes the get-help box from the handout's risks: write this file, or the section by hand",
        )
    language, clinic = output.handout.meta.language, output.clinic.settings

    def made(found: re.Match[str]) -> str:
        src = get_help.SRC.search(found["attrs"])
        return get_help.box(data, language, clinic, root, Problems(root), src[0] if src else "", summary)

    return dataclass_replace(section, html=get_help.PLACEHOLDER.sub(made, section.html))


def refuse_attachments(page: str, file: Path, line: int, root: Path) -> None:
    """The content checks refuse `rel=attachment` at its line; this makes sure nothing that
    Markdown produced carries it either, as WeasyPrint would embed the linked file."""
    for match in REL.finditer(page):
        if "attachment" in html.unescape(match[0]).lower():
            raise Problems(root).error(
                file, line, 'attachments are not allowed in handouts; remove rel="attachment" from this section'
            )


def with_waivers(sections: list[RenderedSection], waived: list, t: dict[str, str]) -> list[RenderedSection]:
    """Every waiver in force, small but visible, at the end of "About this leaflet" (or of the
    last section): the reader sees which findings a reviewer accepted, by whom and until when."""
    if not waived or not sections:
        return sections
    items = "".join(
        f"<li>{escape(w.rule)}: “{escape(w.match)}”. {escape(w.reason)} "
        f"({escape(w.reviewer)}, {w.date.isoformat()}; {escape(t.get('waiver_until', 'until'))} {w.expires.isoformat()})</li>"
        for _, w in waived
    )
    note = f'<div class="waivers"><p>{escape(t.get("waivers_title", "Accepted by our reviewers:"))}</p><ul>{items}</ul></div>\n'
    at = next((i for i, s in enumerate(sections) if s.role == "about-this-leaflet"), len(sections) - 1)
    chosen = sections[at]
    sections = list(sections)
    sections[at] = RenderedSection(chosen.role, chosen.title, chosen.html + note, chosen.origin)
    return sections


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

    def for_checks(self) -> HtmlDocuments:
        """These documents as the checks read them: a clinic template's words located (made once)."""
        if self.located:
            return self
        if self._located is None:
            self._located = HtmlDocuments(self.root, self._verdicts, self.bleed, located=True)
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

    def environment(self, clinic_folder: Path) -> jinja2.Environment:
        # Clinics without templates of their own share one, so each template compiles once.
        key = clinic_folder if (clinic_folder / "templates").is_dir() else None
        if key not in self._environments:
            self._environments[key] = environment(self.root, clinic_folder, located=self.located)
        return self._environments[key]

    def _clinic_context(self, site: Clinic, language: str) -> dict[str, Any]:
        """What every document of a clinic needs: labels, locale, logo, brand, paper."""
        locale = site.settings.locale(language)
        return {
            "t": self.messages(language),
            "locale": locale,
            "lang_tag": locale.replace("_", "-"),
            "clinic": clinic_values.located_settings(site, self.root) if self.located else site.settings,
            "logo": _relative(site.logo_path, self.root),
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
            *(_relative(p, self.root) for p in clinic_css),
        )

    def context(
        self, output: Output, base_href: str = "", check: CheckResult | None = None, linked: bool = True
    ) -> dict[str, Any]:
        root = self.root
        site, meta, clinic = output.clinic, output.handout.meta, output.clinic.settings
        values = placeholder_values(clinic)
        return {
            **self._clinic_context(site, meta.language),
            "base_href": base_href,
            "reading_level": check.score.describe() if check and check.score and check.score.words else "not checked",
            "waivers": [f"{f.rule} at {f.file}:{f.line}: {w.reason}" for f, w in check.waived] if check else [],
            "clinic_slug": site.slug,
            "stylesheets": self.stylesheets(output) if linked else (),
            "handout": meta,
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
                [
                    with_get_help(
                        with_risks(render_section(s, values, root), output, root),
                        output,
                        root,
                        summary=is_summary(output.edition) or self.get_help_summary,
                    )
                    for s in output.sections
                ],
                check.waived if check else [],
                self.messages(meta.language),
            ),
            "cited": cited_sources(output, self.root),
        }

    def _footer_label(self, output: Output) -> str:
        label = EDITIONS[output.edition].footer_label
        return self.messages(output.handout.meta.language)[label] if label else ""

    def intro(self, output: Output, values: dict[str, str]) -> str:
        handout = output.handout
        filled = fill_placeholders(without_citations(handout.intro), values)
        page = to_html(filled, _relative(handout.file.parent, self.root))
        refuse_attachments(page, handout.file, handout.body_line, self.root)
        require_clean(page, handout.file, handout.body_line, self.root)
        return sourcemap.annotate(page, filled, _relative(handout.file, self.root), handout.body_line)

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
        page = mark_clinic(page, site, _relative(site.folder / "clinic.yaml", self.root))
        return self.template_marked(page, env, "catalogue.html.j2")

    def template_marked(self, page: str, env: jinja2.Environment, name: str) -> str:
        """For the checks (`located`), the body names the page's template: the words it holds
        with no line of their own are its (checks/page_claims.py)."""
        if not self.located:
            return page
        template = env.get_template(name).filename
        if template and Path(template).resolve().is_relative_to(self.root.resolve()):
            page = sourcemap.mark(page, r"<body\b", sourcemap.src(_relative(Path(template), self.root)))
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
        file, settings = _relative(handout.file, self.root), _relative(site.folder / "clinic.yaml", self.root)
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
            page = sourcemap.mark(page, r"<body\b", sourcemap.src(_relative(Path(template), self.root)))
        return page
