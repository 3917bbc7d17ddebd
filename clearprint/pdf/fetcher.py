"""What the renderer may read: `file:` URLs of images, stylesheets and fonts inside the
project (and the shipped font package), within size limits; everything else is refused."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..content import image_register, still_image
from ..content.markup import clinic_svg
from ..content.svg_policy import refusal as svg_refusal
from ..models import Colors
from .refused_source import short


class RefusedURL(Exception):
    """The document asked for something it may not use; `where` names the file to fix, if known."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where
        self.url: str | None = None  # the URL refused (ProjectFetcher.fetch), to find the template that wrote it


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

    def __init__(
        self,
        allowed: list[Path],
        denied: list[Path] = (),
        colors: Colors | None = None,
        stylesheets: list[Path] | None = None,
    ) -> None:
        super().__init__(fail_on_errors=True, allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]
        # The stylesheets Clearprint gives the renderer for this document (each already held to
        # its allowlist): the only ones it may read. A <link> or @import a clinic template adds
        # can bring no other sheet (a file in its templates/ folder no check reads).
        self.stylesheets = None if stylesheets is None else {p.resolve() for p in stylesheets}
        self.denied = [p.resolve() for p in denied]
        self.colors = colors  # an SVG of the project is drawn in these (markup.clinic_svg)
        self.reads: set[str] = set()
        self.svg_text: dict[str, tuple[str, int]] = {}  # SVG drawings holding text: name -> (words, line)

    def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
        try:
            return self._fetch(url, headers)
        except RefusedURL as exc:
            exc.url = exc.url or url
            raise

    def _fetch(self, url: str, headers: dict | None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            raise RefusedURL(f"'{short(url)}' is on the network; the renderer reads only files inside the project")
        if scheme != "file":
            raise RefusedURL(
                f"'{short(url)}' uses '{scheme}:', which the renderer does not read; use a file inside the project"
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
        if path.suffix.lower() == ".css" and self.stylesheets is not None and path not in self.stylesheets:
            raise RefusedURL(
                f"'{name}' is not a stylesheet Clearprint gives this page; a page may use only the project's and the "
                "clinic's styles/*.css: move the rules into the clinic's styles/ folder, where they are checked"
            )
        if path.exists() and not path.is_file():  # a FIFO would block the read; a device never end
            raise RefusedURL(f"'{name}' is not a regular file (a FIFO, device, socket or folder); delete it")
        _check_size(path, name)
        if project:
            self.reads.add(name)
            if path.suffix.lower() in IMAGES and (why := image_register.refusal(path, folder)):
                raise RefusedURL(f"the image '{name}' is not drawn: {why}")  # an allowlist of reviewed images
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
                still = still_image.refusal(image, path.suffix)
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
        if still:
            raise RefusedURL(f"'{name}': {still}")
