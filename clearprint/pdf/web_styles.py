"""What a browser computes for each piece of text of a web page, computed by WeasyPrint's
own cascade (no layout, no browser).

The page is the published page (after sanitising and templates); its stylesheets are the
ones it links, read from the site's own files (the project's web.css, the brand colours,
the clinic's web.css), flattened for a screen by web_media.py. Inline styles count only if
the page's Content-Security-Policy lets a browser apply them (the web edition's does not).
For every element that holds text of its own (not in <head>, a script, a template or a
drawing), the record (`Text`) holds what getComputedStyle would give and what follows from
it down the ancestors: its colour, the colour it is drawn on (every ancestor's background
composited over the white canvas, each faded by its opacity), its opacity multiplied down
the ancestors, whether it is shown at all (no `display: none` on it or an ancestor,
`visibility: visible`) and its font size in px. checks/web_drawn.py judges the records;
tests/test_web_drawn.py holds them against Chromium's getComputedStyle.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .web_media import DEVICES, Device, applies, flatten

BASE = "https://site.invalid/"  # never fetched: the site's own files are read from memory
SKIPPED = frozenset({"head", "script", "style", "template", "noscript", "svg", "math", "title"})
_CACHE: dict[str, object] = {}  # flattened stylesheet text -> parsed CSS, kept while the process lives
_CACHE_SIZE = 64


@dataclass(frozen=True)
class Text:
    """One element's own text as a browser draws it (colours sRGB, 0-1)."""

    path: str  # html[0]/body[1]/main[3]/...: tag and place among its parent's elements
    tag: str
    words: str  # its own text (not its child elements'), spaces folded
    color: tuple[float, float, float, float]  # computed, with its alpha
    background: tuple[float, float, float]  # what it is drawn on, opaque
    opacity: float  # its own times every ancestor's
    size: float  # px
    shown: bool  # not display:none (itself or an ancestor) and visibility: visible
    classes: tuple[str, ...] = ()  # its own and its ancestors' classes and ids (#id), nearest first
    element: object = field(default=None, compare=False, repr=False)


@dataclass
class Styled:
    """A page's texts on the screens that give the same verdicts (`devices`)."""

    devices: tuple[Device, ...]
    texts: list[Text]
    root: object = field(default=None, repr=False)  # the parsed page


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def elements(element) -> list:
    return [c for c in element if isinstance(c.tag, str)]


def _font_config():
    found = _CACHE.get("font-config")
    if found is None:
        from weasyprint.text.fonts import FontConfiguration

        from ..fonts import FONTS, font
        from .shipped_fonts import only_shipped_fonts

        with only_shipped_fonts(f for name in sorted(FONTS) for f in font(name).folders):
            found = _CACHE["font-config"] = FontConfiguration()
    return found


def _fetcher(files: Mapping[str, bytes], device: Device):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFiles(URLFetcher):
        """Only the site's own stylesheets (an @import of one), flattened for the screen."""

        def __init__(self) -> None:
            super().__init__(fail_on_errors=False, allow_redirects=False)

        def fetch(self, url: str, headers=None):  # type: ignore[override]
            path = url[len(BASE) :] if url.startswith(BASE) else None
            if path is None or not path.endswith(".css") or path not in files:
                raise ValueError(f"{url} is not a stylesheet of the site")
            text = flatten(files[path].decode("utf-8", "replace"), device)[0]
            return URLFetcherResponse(url, text.encode(), {"Content-Type": "text/css; charset=utf-8"})

    return SiteFiles()


def _sheet(text: str, url: str, files: Mapping[str, bytes], device: Device):
    from weasyprint import CSS

    key = hashlib.sha256(f"{url}\n{text}".encode()).hexdigest()
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > _CACHE_SIZE:
            for old in [k for k in _CACHE if k != "font-config"][: _CACHE_SIZE // 2]:
                del _CACHE[old]
        found = _CACHE[key] = CSS(
            string=text,
            base_url=url,
            url_fetcher=_fetcher(files, device),
            media_type="screen",
            font_config=_font_config(),
        )
    return found


CSP = re.compile(r"content-security-policy", re.I)


def _inline_allowed(root) -> tuple[bool, bool]:
    """(style attributes, <style> elements) a browser applies under the page's
    Content-Security-Policy <meta>: only with 'unsafe-inline' once a policy names styles."""
    policies = [
        m.get("content", "")
        for m in root.iter()
        if local(m.tag) == "meta" and CSP.fullmatch(m.get("http-equiv", "").strip())
    ]
    allowed = [True, True]
    for policy in policies:
        directives = {}
        for part in policy.split(";"):
            words = part.split()
            if words:
                directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
        for i, names in enumerate(
            (("style-src-attr", "style-src", "default-src"), ("style-src-elem", "style-src", "default-src"))
        ):
            sources = next((directives[n] for n in names if n in directives), None)
            if sources is not None and "'unsafe-inline'" not in sources:
                allowed[i] = False
    return allowed[0], allowed[1]


def _stylesheets(root, page_url: str, files: Mapping[str, bytes], device: Device, styles_allowed: bool):
    """(the page's stylesheets in document order as `device` applies them, their signature)."""
    from weasyprint.html import element_has_link_type

    sheets, signature = [], []
    for element in root.iter():
        tag = local(element.tag)
        media = element.get("media", "").strip()
        if tag not in ("link", "style") or (media and not applies(media, device)):
            continue
        if (element.get("type") or "text/css").split(";")[0].strip().lower() != "text/css":
            continue
        if tag == "style":
            if styles_allowed:
                text, sign = flatten("".join(element.itertext()), device)
                sheets.append(_sheet(text, page_url, files, device))
                signature.append(sign)
            continue
        href = element.get("href")
        if not href or not element_has_link_type(element, "stylesheet") or element_has_link_type(element, "alternate"):
            continue
        url = urljoin(page_url, href.strip())
        path = urlsplit(url).path.lstrip("/") if url.startswith(BASE) else None
        if path is None or path not in files:
            continue  # a browser finds nothing there either (the site holds every file it links)
        text, sign = flatten(files[path].decode("utf-8", "replace"), device)
        sheets.append(_sheet(text, BASE + path, files, device))
        signature.append(f"{path}\n{sign}")
    return sheets, "\n\f".join(signature) + f"\n{len(sheets)}"


def _rgba(color, current=None) -> tuple[float, float, float, float] | None:
    """A computed colour as sRGB; a keyword the cascade leaves unresolved (`currentColor` in a
    background) is `current`, the element's text colour; any other, None (the caller's worst case)."""
    if isinstance(color, str):
        return _rgba(current) if color.lower() == "currentcolor" and current is not None else None
    srgb = color.to("srgb")
    r, g, b = (min(1.0, max(0.0, float(v))) for v in srgb.coordinates)
    return (r, g, b, float(srgb.alpha))


def over(top: tuple[float, ...], alpha: float, under: tuple[float, float, float]) -> tuple[float, float, float]:
    return tuple(top[i] * alpha + under[i] * (1 - alpha) for i in range(3))  # type: ignore[return-value]


def _own_text(element) -> str:
    text = (element.text or "") + "".join(c.tail or "" for c in element)
    return " ".join(text.split())


def _texts(root, style_for) -> Iterator[Text]:
    def walk(element, path: str, hidden: bool, opacity: float, background, names: tuple[str, ...]) -> Iterator[Text]:
        style = style_for(element)
        if style is None:
            return
        hidden = hidden or style["display"] == ("none",)
        opacity *= float(style["opacity"])
        text = _rgba(style["color"]) or (*background, 1.0)  # an unresolved text colour: as its background
        bg = _rgba(style["background_color"], style["color"]) or text  # unresolved: as its text
        if bg[3] > 0:
            background = over(bg, bg[3] * opacity, background)
        own = tuple(f"#{element.get('id')}" for _ in (1,) if element.get("id")) + tuple(
            (element.get("class") or "").split()
        )
        names = own + names
        words = _own_text(element)
        if words and not all(unicodedata.category(c) in ("Cf", "Zs") for c in words):
            yield Text(
                path,
                local(element.tag),
                words,
                text,
                background,
                opacity,
                float(style["font_size"]),
                not hidden and style["visibility"] == "visible",
                names,
                element,
            )
        for i, child in enumerate(elements(element)):
            if local(child.tag) not in SKIPPED:
                yield from walk(child, f"{path}/{local(child.tag)}[{i}]", hidden, opacity, background, names)

    yield from walk(root, f"{local(root.tag)}[0]", False, 1.0, (1.0, 1.0, 1.0), ())


def parse(page: str, page_path: str):
    """The page parsed as WeasyPrint parses it (an HTML5 parser: the tree a browser builds)."""
    from weasyprint import HTML

    return HTML(string=page, base_url=BASE + page_path, media_type="screen")


def page_styles(
    page: str, page_path: str, files: Mapping[str, bytes], devices: tuple[Device, ...] = DEVICES, without: str = ""
) -> list[Styled]:
    """The texts of `page` (the site file `page_path`; `files`: the site's files by path) on
    each group of `devices` whose stylesheets give the same verdicts. `without`: a stylesheet
    left out (to tell what a clinic's stylesheet changed)."""
    from weasyprint.css import StyleFor

    html = parse(page, page_path)
    root = html.etree_element
    attributes, elements_allowed = _inline_allowed(root)
    if not attributes:  # the browser ignores them, so must the check
        for element in root.iter():
            if isinstance(element.tag, str):
                element.attrib.pop("style", None)
    if without:
        files = {k: v for k, v in files.items() if k != without}
    groups: dict[str, tuple[list, list[Device]]] = {}
    for device in devices:
        sheets, signature = _stylesheets(root, BASE + page_path, files, device, elements_allowed)
        groups.setdefault(signature, (sheets, []))[1].append(device)
    found = []
    for sheets, group in groups.values():
        ua = [(sheet, "user agent", None) for sheet in html._ua_stylesheets()]
        style_for = StyleFor(html, [*ua, *((s, "author", None) for s in sheets)], False, _font_config(), None)
        found.append(Styled(tuple(group), list(_texts(root, style_for)), root))
    return found


def site_path(page_path: str, href: str) -> str:
    """The site file a relative link of `page_path` names."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href)).lstrip("/")
