"""HTML to PDF: the only module that imports WeasyPrint.

The renderer reads files through `ProjectFetcher`, which allows `file:` URLs inside the
project (and the shipped font package) and refuses everything else. Each PDF is
written to a temporary file beside its target and renamed over it, so a failed or
interrupted build never leaves a truncated PDF or replaces a good one.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import logging
import os
import re
import shutil
import weakref
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint import CSS, HTML
from weasyprint import draw as weasy_draw
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.logger import LOGGER
from weasyprint.pdf import tags as weasy_tags
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..content.markup import clinic_svg
from ..content.svg_policy import refusal as svg_refusal
from ..documents.sourcemap import strip as strip_sources
from ..files import save
from ..fonts import FONTS, font
from ..models import Colors
from . import back_panel
from .drawn import Drawn
from .drawn import walk as walk_drawn
from .shipped_fonts import codepoints, only_shipped_fonts

# --- page furniture as artifacts (PDF/UA) ---------------------------------------------
# WeasyPrint 70 gives running headers and footers marked-content ids that no structure
# element reaches. PDF/UA wants page furniture marked as artifacts, outside the tag tree:
# draw every margin box inside one /Artifact sequence and leave it out of the tree.
# WeasyPrint is pinned (pyproject.toml); tests/test_editions.py checks the result.
_draw_stacking_context = weasy_draw.draw_stacking_context
_build_box_tree = weasy_tags._build_box_tree


def _draw_margin_boxes_as_artifacts(stream, stacking_context):
    if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
        return _draw_stacking_context(stream, stacking_context)
    tags, stream._tags = stream._tags, None  # nothing inside is tagged
    try:
        stream.begin_marked_content("Artifact")
        _draw_stacking_context(stream, stacking_context)
        stream.end_marked_content()
    finally:
        stream._tags = tags


def _tree_without_margin_boxes(box, *args):
    return iter(()) if isinstance(box, boxes.MarginBox) else _completed(box, _build_box_tree(box, *args))


# --- what WeasyPrint 70 leaves out of the tag tree ---------------------------------------
# It reads neither `lang` nor `scope="col"` into the tags, and it builds the tree page by
# page, so the tree follows the sheet, not the reader. While the tree is built, each
# structure element made for an HTML element gets the element's /Lang and a header cell its
# /Scope; an element with `data-reading-order` is noted. Once the tree is complete,
# `_finish_tags` keeps /Lang only where the language changes and puts the noted elements in
# that order (the trifold: cover, inside, flap, back, though the sheet has them elsewhere).
READING_ORDER = "ClearprintReadingOrder"  # a private key, removed before the PDF is written
_SCOPES = {"col": "/Column", "row": "/Row", "colgroup": "/Column", "rowgroup": "/Row"}


def _completed(box, elements):
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    html = getattr(box, "element", None)
    for element in elements:
        if html is not None and box.element_tag not in ("html", "body"):
            if lang := html.get("lang"):
                element["Lang"] = pydyf.String(lang)  # left only where it differs from the parent's
            if element["S"] == "/TH" and box.element_tag == "th":
                element["A"]["Scope"] = _SCOPES.get(html.get("scope", "col"), "/Column")
            if (order := html.get("data-reading-order")) is not None:
                element[READING_ORDER] = int(order)
        yield element


def _finish_tags(pdf) -> None:
    """Keep /Lang only where the language changes; put the structure elements noted with a
    reading order (the trifold's panels) under the document's first part, in that order,
    and drop the containers left empty. The parent tree (content to element) is unchanged:
    only the order the tree is read in."""
    root = pdf.catalog.get("StructTreeRoot")
    if root is None:
        return
    objects = {o.reference: o for o in pdf.objects if isinstance(o, pydyf.Dictionary)}
    document = objects[objects[root]["K"][0]]
    noted = []  # (order, element, its parent, the document's child it was under), outermost only

    def walk(node, top, lang, inside_noted):
        for ref in list(node["K"]):
            child = objects.get(ref) if isinstance(ref, bytes) else None
            if child is None or "S" not in child:
                continue
            if "Lang" in child and child["Lang"].string == lang:
                del child["Lang"]
            order = child.pop(READING_ORDER, None)
            if order is not None and not inside_noted:
                noted.append((order, child, node, top or child))
            walk(
                child,
                top or child,
                child["Lang"].string if "Lang" in child else lang,
                inside_noted or order is not None,
            )

    walk(document, None, getattr(pdf.catalog.get("Lang"), "string", ""), False)
    if not noted:
        return
    # In reading order, where the first of them was: under the part (WeasyPrint makes one
    # per page) that held it, in the place of the branch that led to it.
    first, top = noted[0][1], noted[0][3]
    host = top if top["S"] == "/Part" and top is not first else document
    at = next(i for i, ref in enumerate(host["K"]) if _reaches(objects, ref, first))
    for _, element, parent, _ in noted:
        parent["K"].remove(element.reference)
    ordered = [element for _, element, _, _ in sorted(noted, key=lambda n: n[0])]
    for element in ordered:
        element["P"] = host.reference
    host["K"][at:at] = [element.reference for element in ordered]

    def empty(element) -> bool:  # no content, no annotation, nothing below but empty elements
        kids = [objects.get(k, k) if isinstance(k, bytes) else k for k in element["K"]]
        element["K"] = pydyf.Array(
            k.reference if isinstance(k, pydyf.Dictionary) else k
            for k in kids
            if not (isinstance(k, pydyf.Dictionary) and "S" in k and empty(k))
        )
        return not element["K"]

    document["K"] = pydyf.Array(ref for ref in document["K"] if not empty(objects[ref]))


weasy_draw.draw_stacking_context = _draw_margin_boxes_as_artifacts
weasy_tags._build_box_tree = _tree_without_margin_boxes


class RefusedURL(Exception):
    """The document asked for something it may not use; `where` names the file to fix, if known."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where


# What a handout may use: images, stylesheets and fonts. Nothing else is ever read, so no
# element (an attachment link, an <object>, an @import) can put another file into a PDF.
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
READABLE = IMAGES | {".css", ".ttf", ".otf", ".woff", ".woff2"}
MAX_BYTES = 20 * 1024 * 1024  # one image or stylesheet
MAX_PIXELS = 25_000_000  # a 25-megapixel photo is already far more than a printed page needs


class ProjectFetcher(URLFetcher):
    """Reads images, stylesheets and fonts from `file:` URLs under the allowed folders;
    refuses the network, every other scheme, hidden files and folders (.git, .venv, ...)
    and the `denied` folders (the output folder, the Python environment) of the project.
    Remembers what it read under the first
    allowed folder (the project), so the build can tell when those files change."""

    def __init__(self, allowed: list[Path], denied: list[Path] = (), colors: Colors | None = None) -> None:
        super().__init__(fail_on_errors=True, allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]
        self.denied = [p.resolve() for p in denied]
        self.colors = colors  # an SVG of the project is drawn in these (markup.clinic_svg)
        self.reads: set[str] = set()
        self.svg_text: dict[str, tuple[str, int]] = {}  # SVG drawings holding text: name -> (words, line)

    def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            raise RefusedURL(f"'{url}' is on the network; the renderer reads only files inside the project")
        if scheme != "file":
            raise RefusedURL(
                f"'{url}' uses '{scheme}:', which the renderer does not read; use a file inside the project"
            )
        path = Path(unquote(parts.path)).resolve()
        # The most specific folder first: the font package may sit inside the project's .venv.
        folder = next((f for f in sorted(self.allowed, key=lambda f: -len(f.parts)) if path.is_relative_to(f)), None)
        if folder is None:
            raise RefusedURL(f"'{path}' is outside the project; copy the file into the project")
        relative = path.relative_to(folder)
        name = relative.as_posix()
        project = folder == self.allowed[0]
        hidden = any(part.startswith(".") for part in relative.parts)
        if project and (hidden or any(path.is_relative_to(d) for d in self.denied)):
            raise RefusedURL(f"'{name}' is not a file a handout may use (hidden files and the output folder never are)")
        if path.suffix.lower() not in READABLE:
            raise RefusedURL(
                f"'{name}' is not an image, stylesheet or font; a handout may use only those (PNG, JPEG, GIF, WebP, SVG, CSS)"
            )
        if path.exists() and not path.is_file():  # a FIFO would block the read; a device never end
            raise RefusedURL(f"'{name}' is not a regular file (a FIFO, device, socket or folder); delete it")
        _check_size(path, name)
        if project:
            self.reads.add(name)
            if path.suffix.lower() == ".svg" and (why := svg_refusal(path.read_bytes())):
                raise RefusedURL(f"'{name}': {why}")
            if path.suffix.lower() == ".svg" and (words := svg_words(path.read_bytes())) is not None:
                self.svg_text[name] = words
            if path.suffix.lower() == ".svg" and self.colors is not None:
                data = clinic_svg(path.read_bytes(), self.colors)
                return URLFetcherResponse(url, data, {"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)


SVG_TEXT = re.compile(rb"<(?:[\w.-]+:)?(?:text|tspan|textPath)\b[^>]*>([^<]*)")


def svg_words(data: bytes) -> tuple[str, int] | None:
    """The words of an SVG drawing's `<text>` elements and the line of the first (None when it
    has none): SVG text is not in WeasyPrint's box tree, so no check could read it, and the
    drawings carry no words."""
    found = list(SVG_TEXT.finditer(data))
    if not found:
        return None
    words = " ".join(b" ".join(m[1] for m in found).decode("utf-8", "replace").split())[:60]
    return words or "(empty)", data.count(b"\n", 0, found[0].start()) + 1


def _check_size(path: Path, name: str) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        raise RefusedURL(f"'{name}' not found") from None
    if size > MAX_BYTES:
        raise RefusedURL(
            f"'{name}' is {size / 2**20:.0f} MB; files a handout uses may be at most {MAX_BYTES // 2**20} MB"
        )
    if path.suffix.lower() in IMAGES - {".svg"}:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as image:
                width, height = image.size
            with Image.open(path) as image:
                image.verify()  # reads the whole file: a damaged image is refused here, not left out
        except Image.DecompressionBombError:
            raise RefusedURL(f"'{name}' has far too many pixels; images may have at most 25 megapixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise RefusedURL(f"'{name}' is damaged or not an image; export it again as PNG or JPEG") from None
        if width * height > MAX_PIXELS:
            raise RefusedURL(
                f"'{name}' is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); "
                f"images may have at most {MAX_PIXELS // 1_000_000} megapixels: make it smaller"
            )


class _Collect(logging.Handler):
    """The renderer's errors; with `notdef`, also its warning that a character has no glyph in
    any font it may use (the drawn-text check names such characters at their line instead)."""

    def __init__(self, notdef: bool = True) -> None:
        super().__init__(logging.WARNING if notdef else logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or message.startswith(".notdef"):
            self.messages.append(message)


class DoesNotFit(Exception):
    """Content overflows a fixed layout (a trifold panel); never cut, never shrunk. `section`:
    the id (role) of the section the first line that does not fit is in; `text`: that line."""

    def __init__(self, problem: str, section: str | None = None, text: str = "") -> None:
        super().__init__(problem)
        self.section, self.text = section, text


BLEED_PT = 3 * 72 / 25.4  # the print-shop bleed: 3 mm


def _lines(box):
    """Every line box under `box`."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            yield child
        else:
            yield from _lines(child)


def _find(box, css_class: str):
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        if element is not None and css_class in (element.get("class") or "").split() and child.element_tag != "html":
            yield child
        else:
            yield from _find(child, css_class)


def _lines_in_sections(box, section: str | None = None):
    """(line box, id of the `.section` it is in, or None) for every line under `box`."""
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        inner = section
        if element is not None and element.tag == "section" and "section" in (element.get("class") or "").split():
            inner = element.get("id")
        if isinstance(child, boxes.LineBox):
            yield child, inner
        else:
            yield from _lines_in_sections(child, inner)


def _text(box) -> str:
    return getattr(box, "text", "") or "".join(_text(child) for child in getattr(box, "children", ()))


def overflow_start(document, pages: int | None) -> tuple[str | None, str] | None:
    """Where the overflow begins: the section (its id) and the text of the first line that does
    not fit, or None when everything fits (see `overflow`)."""
    first_page: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for box in _find(page._page_box, "fit"):
            name = box.element.get("id")
            broken = first_page.setdefault(name, number) != number
            bottom = box.content_box_y() + box.height
            for line, section in _lines_in_sections(box):
                text = _text(line).strip()
                if (broken or line.position_y + line.height > bottom + 0.5) and any(c.isalnum() for c in text):
                    return section, text  # the first line with words: a list's bullet is a line of its own
    if pages is not None and len(document.pages) > pages:
        for line, section in _lines_in_sections(document.pages[pages]._page_box):
            text = _text(line).strip()
            if any(c.isalnum() for c in text):
                return section, text
    return None


def overflow(document, pages: int | None) -> str | None:
    """Why the document does not fit, with how much it overflows; None when it fits.

    `.fit` boxes (trifold panels) have a fixed height: their lines must end above the
    box's padding. With `pages`, the flow must end on that page."""
    problems = []
    px_to_mm = 25.4 / 96
    first_page: dict[str, int] = {}
    first_box: dict[str, object] = {}
    for number, page in enumerate(document.pages):
        for box in _find(page._page_box, "fit"):
            name = box.element.get("id")
            if first_page.setdefault(name, number) != number:  # a panel broken onto the next side
                lines = list(_lines(box))
                clinic = back_panel.note(first_box[name], len(lines))
                problems.append(
                    f"the '{name}' panel overflows by {len(lines)} lines onto the next side"
                    + (f"; {clinic}" if clinic else "")
                )
                continue
            first_box.setdefault(name, box)
            bottom = box.content_box_y() + box.height
            lines = [line for line in _lines(box) if line.position_y + line.height > bottom + 0.5]
            if lines:
                over = max(line.position_y + line.height for line in lines) - bottom
                clinic = back_panel.note(box, len(lines))  # the clinic's own long name or address (back_panel.py)
                problems.append(
                    f"the '{box.element.get('id')}' panel overflows by {len(lines)} lines ({over * px_to_mm:.0f} mm)"
                    + (f"; {clinic}" if clinic else "")
                )
    if pages is not None and len(document.pages) > pages:
        extra = [line for page in document.pages[pages:] for line in _lines(page._page_box)]
        height = sum(line.height for line in extra)
        problems.append(f"the inside panels overflow by {len(extra)} lines (about {height * px_to_mm:.0f} mm of text)")
    return "; ".join(problems) or None


def _exact_bleed_box(document, pdf) -> None:
    """WeasyPrint puts the BleedBox up to 10 pt outside the trim; the print shop wants 3 mm."""
    for number in pdf.pages["Kids"][::3]:  # pydyf lists kids as: number, 0, "R"
        page = pdf.objects[number]
        trim = [float(v) for v in page["TrimBox"]]
        page["BleedBox"] = pydyf.Array([trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT])


def _reaches(objects, ref, target) -> bool:
    """Whether the structure element `ref` is `target` or has it below."""
    node = objects.get(ref) if isinstance(ref, bytes) else None
    if node is None or "S" not in node:
        return False
    return node is target or any(_reaches(objects, kid, target) for kid in node["K"])


def _finish(document, pdf) -> None:
    _finish_tags(pdf)


def _finish_bleed(document, pdf) -> None:
    _finish_tags(pdf)
    _exact_bleed_box(document, pdf)


# fontTools (WeasyPrint's subsetter when HarfBuzz's is missing) stamps the time into each
# embedded font's head table; SOURCE_DATE_EPOCH fixes it, so the same input gives the same bytes.
FONT_TIMESTAMP = "0"


@contextmanager
def _fixed_font_time():
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


# A FontConfiguration's __del__ removes its temporary font folder with a module global that
# is None at interpreter shutdown ("Exception ignored in ... __del__ ... TypeError"): the
# ones still alive are cleaned here, before shutdown, and their __del__ then has nothing to do.
# Plain weak references (no callback, so no code runs when one is collected mid-render).
_font_configs: list[weakref.ref[FontConfiguration]] = []


def _keep_for_cleaning(config: FontConfiguration) -> None:
    _font_configs[:] = [ref for ref in _font_configs if ref() is not None] + [weakref.ref(config)]


@atexit.register
def _clean_font_configs() -> None:
    for ref in _font_configs:
        config = ref()
        if config is not None:
            if config._folder:
                shutil.rmtree(config._folder, ignore_errors=True)
            config._folder = None


class Renderer:
    """One per process: keeps the font configuration and the parsed stylesheets warm."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        with only_shipped_fonts(font(name).folder for name in sorted(FONTS)):  # never a machine's own font
            self.font_config = FontConfiguration()
        _keep_for_cleaning(self.font_config)
        self._font_css: dict[str, CSS] = {}
        self._sheets: dict[str, tuple[str, CSS]] = {}  # path: (its text, parsed)
        self.drawn: Drawn | None = None  # what the last render with `inspect` drew (drawn.py)

    def _fonts(self, name: str) -> CSS:
        if name not in self._font_css:
            self._font_css[name] = CSS(string=font(name).css(), font_config=self.font_config)
        return self._font_css[name]

    def _stylesheet(self, path: str, fetcher: ProjectFetcher) -> CSS:
        """A project stylesheet, parsed once per process and again only when its text changes."""
        file = self.root / path
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RefusedURL(f"could not read the stylesheet '{path}': {exc}", where=path) from None
        cached = self._sheets.get(path)
        if cached is None or cached[0] != text:
            try:
                parsed = CSS(string=text, base_url=file.as_uri(), url_fetcher=fetcher, font_config=self.font_config)
            except FatalURLFetchingError as exc:  # an @import it may not use
                cause = exc.__cause__
                raise RefusedURL(str(cause) if isinstance(cause, RefusedURL) else str(exc), where=path) from None
            cached = self._sheets[path] = (text, parsed)
        return cached[1]

    def write(
        self,
        html: str,
        font_name: str,
        target: Path,
        stylesheets: tuple[str, ...] = (),
        pages: int | None = None,
        bleed: bool = False,
        denied: tuple[Path, ...] = (),
        colors: Colors | None = None,
        forms: bool = False,
        inspect: bool = False,
    ) -> tuple[list[str], list[str]]:
        """Render `html` with the project's `stylesheets` (paths under the root, in cascade
        order, applied before the document's own <style>) to `target` atomically; return
        the renderer's warnings and the project files it read. `denied` folders (the output
        folder) are never read.

        Raises DoesNotFit or RefusedURL, before anything is written, when the layout
        overflows, the document asks for a file it may not use, or an image cannot be used."""
        data, messages, reads = self.render(
            html, font_name, stylesheets, pages, bleed, denied, colors, forms, inspect=inspect
        )
        save(target, data)
        return messages, reads

    def render(
        self,
        html: str,
        font_name: str,
        stylesheets: tuple[str, ...] = (),
        pages: int | None = None,
        bleed: bool = False,
        denied: tuple[Path, ...] = (),
        colors: Colors | None = None,
        forms: bool = False,
        identifier: bytes | None = None,
        inspect: bool = False,
    ) -> tuple[bytes, list[str], list[str]]:
        """The PDF as bytes, in memory only (an aftercare sheet never touches the disk), with
        the renderer's warnings and the project files it read; raises as `write` does.

        `forms`: HTML inputs become PDF form fields (WeasyPrint 70 needs `pdf_forms` both when
        laying out and when writing). `identifier`: the PDF's /ID; by default a hash of the HTML.
        `inspect`: record what was drawn, right after layout, in `self.drawn` (drawn.py)."""
        fetcher = ProjectFetcher([self.root, font(font_name).folder], list(denied), colors)
        collect = _Collect(notdef=not inspect)
        self.drawn = None
        LOGGER.addHandler(collect)
        try:
            sheets = [self._fonts(font_name), *(self._stylesheet(path, fetcher) for path in stylesheets)]
            source = HTML(string=html, base_url=self.root.as_uri() + "/", url_fetcher=fetcher)
            document = source.render(
                font_config=self.font_config, stylesheets=sheets, pdf_variant="pdf/ua-1", pdf_forms=forms
            )
            if inspect:
                drawn = walk_drawn(document, source.etree_element, codepoints(font(font_name).folder))
                svg = tuple((words, f"{name}:{line}") for name, (words, line) in sorted(fetcher.svg_text.items()))
                self.drawn = dataclasses.replace(drawn, svg_text=drawn.svg_text + svg)
            _refuse_attachments(document)
            if collect.messages:  # e.g. an image that could not be loaded: never print without it
                raise RefusedURL(f"the renderer could not use part of the page: {'; '.join(collect.messages)}")
            if problem := overflow(document, pages):
                raise DoesNotFit(problem, *(overflow_start(document, pages) or (None, "")))
            with _fixed_font_time():
                data = document.write_pdf(
                    pdf_variant="pdf/ua-1",
                    pdf_identifier=identifier or hashlib.sha256(strip_sources(html).encode()).hexdigest()[:32].encode(),
                    pdf_forms=forms,
                    custom_metadata=True,
                    finisher=_finish_bleed if bleed else _finish,
                )
            if collect.messages:  # drawing failed (an SVG logo that cannot be drawn): not printed
                raise RefusedURL(f"the renderer could not draw part of the page: {'; '.join(collect.messages)}")
        except FatalURLFetchingError as exc:
            cause = exc.__cause__
            if isinstance(cause, RefusedURL):
                raise cause from None
            raise RefusedURL(f"could not read a file: {cause}") from None
        finally:
            LOGGER.removeHandler(collect)
        return data, collect.messages, sorted(fetcher.reads)


def _refuse_attachments(document) -> None:
    """A PDF handed to a patient carries no attached files: `<a rel=attachment>` and
    `<link rel=attachment>` are refused, whatever they point at."""
    links = [target for page in document.pages for kind, target, *_ in page.links if kind == "attachment"]
    links += [a.source for a in getattr(document.metadata, "attachments", None) or []]
    if links:
        raise RefusedURL('the page asks to attach a file to the PDF (rel="attachment"); handouts may not attach files')
