"""HTML to PDF: the renderer, warm from one document to the next.

The renderer reads files through `ProjectFetcher` (fetcher.py), which allows `file:` URLs
inside the project (and the shipped font package) and refuses everything else. Each PDF is
written to a temporary file beside its target and renamed over it, so a failed or
interrupted build never leaves a truncated PDF or replaces a good one. Only pdf/ imports
WeasyPrint; finish.py holds what WeasyPrint 70 leaves out, overflow.py what does not fit.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import logging
import os
import shutil
import weakref
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.logger import LOGGER
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from ..documents.sourcemap import strip as strip_sources
from ..files import save
from ..fonts import FONTS, font
from ..models import Colors
from .drawn import Drawn
from .drawn import walk as walk_drawn
from .fetcher import ProjectFetcher, RefusedURL
from .finish import finish, finish_bleed
from .font_instances import install as keep_font_instances
from .overflow import DoesNotFit, overflow, overflow_start, runs_over
from .shipped_fonts import codepoints, only_shipped_fonts

keep_font_instances()  # each variable font instanced once per process, not once per PDF


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
        with only_shipped_fonts(f for name in sorted(FONTS) for f in font(name).folders):  # never a machine's own font
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
        given = [self.root / path for path in stylesheets]
        fetcher = ProjectFetcher([self.root, *font(font_name).folders], list(denied), colors, given)
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
                raise DoesNotFit(problem, *(overflow_start(document, pages) or (None, "")), runs_over(document, pages))
            with _fixed_font_time():
                data = document.write_pdf(
                    pdf_variant="pdf/ua-1",
                    pdf_identifier=identifier or hashlib.sha256(strip_sources(html).encode()).hexdigest()[:32].encode(),
                    pdf_forms=forms,
                    custom_metadata=True,
                    finisher=finish_bleed if bleed else finish,
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
