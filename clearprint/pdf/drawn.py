"""What was drawn: a compact record of every string on a laid-out page, made in the
rendering process right after layout (no second layout) and sent back with its result.

WeasyPrint's page boxes hold each line's text boxes with their computed style and position;
walking them costs a few per cent of a layout (benchmarks/drawn_cost.py). The record keeps,
for each text run: its page, position and size, font size, colour (with the opacity of its
box and every ancestor multiplied in), the background it is drawn on, whether it is
visible, and `data-src` of the nearest element that carries one (sourcemap.py). It also
keeps what the box tree cannot show by itself:

- words of the source that no visible box draws (`display: none` and `font-size: 0` leave
  no box at all), compared with the document's own text;
- characters no shipped font has (fontconfig offers no other font: shipped_fonts.py);
- text outside the trim box, a word wider than its column, a table wider than its column;
- `<text>` inside an inline SVG drawing (SVG text is not in the box tree, and the drawings
  carry no words);
- text a stylesheet draws that no element holds (`content:`, list markers, a page margin's
  text), for the claim rules (checks/drawn_claims.py): every drawn word is checked;
- text drawn over other text (overprint.py). A run's background includes its inline boxes'
  (text on its own dark highlight is as faint as on a dark block).

checks/drawn.py turns the record into located findings in the main process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

from .fill import background_of
from .fill import measure as measure_fill
from .overprint import Glyphs, overprints
from .records import Drawn, Run

PX_TO_PT = 0.75
SMALL_PRINT = frozenset(
    {"sources", "qr-url", "running-header", "file", "note", "waivers", "risk-table", "field-label", "sheet-sources"}
)  # classes of small print (field-label, sheet-sources: the aftercare sheet's, frontdesk/sheet_drawn.py)
# Classes whose text is a kind of its own, for the checks of how it is drawn (checks/header.py).
OWN_KIND = frozenset({"clinic-name", "draft-watermark"})  # the watermark is drawn over the page on purpose
SKIPPED = frozenset({"head", "style", "script", "template", "title", "noscript", "svg"})  # never drawn as text
SVG_TEXT = frozenset({"text", "tspan", "textPath"})
WORD = re.compile(r"\w+")
SLACK = 1.0  # px: rounding in layout
# px: how far a word may reach past its column (a slash ending a line of a web address hangs
# about 4 px out of the standard edition's QR caption); a word too long for its column is far more.
COLUMN_SLACK = 6.0


_COLOURS: dict = {}


def _rgba(color) -> tuple[float, float, float, float]:
    key = (color.space, tuple(color.coordinates), color.alpha)
    found = _COLOURS.get(key)
    if found is None:
        srgb = color.to("srgb")
        r, g, b = (min(1.0, max(0.0, float(v))) for v in srgb.coordinates)
        found = _COLOURS[key] = (r, g, b, float(srgb.alpha))
    return found


def _over(top: tuple[float, float, float, float], under: tuple[float, float, float]) -> tuple[float, float, float]:
    a = top[3]
    return tuple(top[i] * a + under[i] * (1 - a) for i in range(3))  # type: ignore[return-value]


@dataclass
class _State:
    opacity: float = 1.0
    background: tuple[float, float, float] = (1.0, 1.0, 1.0)
    src: str = ""
    kind: str = "body"
    role: str = ""
    # px: left and right of the nearest block container's content; () inside a table too wide for its own
    column: tuple[float, ...] | None = None


class _Walk:
    def __init__(self, codepoints: frozenset[int]) -> None:
        self.codepoints = codepoints
        self.runs: list[Run] = []
        self.glyphs: dict[tuple[str, str], None] = {}
        self.overflows: dict[tuple[str, str, str], None] = {}
        self.page = 0
        self.width = self.height = 0.0
        self.glyph_boxes: list[Glyphs] = []  # this page's text, for overprint.py
        self.overprinted: dict[tuple[str, str, str], None] = {}
        # text a stylesheet draws (`content:`, list markers, margin boxes): [text, src, tag, key]
        self.generated: list[list[str]] = []
        self.margin = None  # the margin box being walked

    def visit(self, box, state: _State, element) -> None:
        style = box.style
        opacity = state.opacity * float(style["opacity"])
        background = state.background
        fill = background_of(style)
        if fill.alpha > 0 and not isinstance(box, boxes.LineBox):  # inline boxes too
            bg = _rgba(fill)
            background = _over((*bg[:3], bg[3] * opacity), background)
        src, kind, role, column = state.src, state.kind, state.role, state.column
        own = getattr(box, "element", None)
        if own is not None and own is not element:
            src = own.get("data-src") or src
            classes = (own.get("class") or "").split()
            kind = next((c for c in classes if c in SMALL_PRINT or c in OWN_KIND), kind)
            role = next((c[5:] for c in classes if c.startswith("role-")), role)
        if isinstance(box, boxes.MarginBox):
            self.margin = box
            kind = "footer"  # the page's margins: running header (its own kind inside), footer, page number
        wrapper = getattr(box, "is_table_wrapper", False)  # as wide as its table: not the table's column
        if isinstance(box, boxes.BlockContainerBox) and not isinstance(box, boxes.PageBox) and not wrapper:
            left = box.content_box_x()
            column = (left, left + box.width)
        if isinstance(box, boxes.TableBox) and state.column is not None:
            right = box.position_x + box.margin_width()
            if right > state.column[1] + SLACK or box.position_x < state.column[0] - SLACK:
                self.overflow("table", "", src)
                column = ()  # what runs out with it is the table's fault, reported once
        if str(box.element_tag).endswith("::marker"):
            column = None  # a list marker sits outside its item's column
        if isinstance(box, boxes.TextBox):
            self.text(box, opacity, background, src, kind, role, state.column)
            return
        if state.column == ():
            column = ()
        child_state = _State(opacity, background, src, kind, role, column)
        for child in getattr(box, "children", ()):
            self.visit(child, child_state, own if own is not None else element)

    def text(self, box, opacity, background, src, kind, role, column) -> None:
        text = box.text
        if not text.strip() or all(unicodedata.category(c) == "Cf" for c in text.strip()):
            return
        style = box.style
        color = _rgba(style["color"])
        x, y, w, h = box.position_x, box.position_y, box.width, box.height
        run = Run(
            self.page,
            x * PX_TO_PT,
            y * PX_TO_PT,
            w * PX_TO_PT,
            h * PX_TO_PT,
            text,
            float(style["font_size"]) * PX_TO_PT,
            (*color[:3], color[3] * opacity),
            background,
            style["visibility"] == "visible",
            src,
            kind,
            role,
        )
        self.runs.append(run)
        for char in text:
            if (
                ord(char) not in self.codepoints
                and not char.isspace()
                and unicodedata.category(char) not in ("Cf", "Cc")
            ):
                self.glyphs[(char, src)] = None
        size = float(style["font_size"])
        baseline = y + (getattr(box, "baseline", None) or h * 0.8)
        top, bottom = baseline - 0.75 * size, baseline + 0.2 * size  # capitals and descenders, about
        if run.visible and run.color[3] > 0 and kind != "draft-watermark":
            self.glyph_boxes.append(Glyphs(x, top, x + w, bottom, size, text, src))
        tag = str(box.element_tag) if box.element_tag is not None else None
        if tag is None or "::" in tag:  # generated: a pseudo-element's content, a marker, a margin box's
            key = f"{tag}#{id(box.element)}" if tag else f"@margin#{id(self.margin)}"
            last = self.generated[-1] if self.generated else None
            if last is not None and last[3] == key:
                last[0] += text if last[0].endswith(("-", "\u2010")) else " " + text
            else:
                self.generated.append([text, src, tag or "a page margin", key])
        if column == ():
            return  # inside a table too wide for its column
        if column is not None and (x + w > column[1] + COLUMN_SLACK or x < column[0] - COLUMN_SLACK):
            self.overflow("column", max(text.split(), key=len)[:80], src)
        elif x < -SLACK or top < -SLACK or x + w > self.width + SLACK or bottom > self.height + SLACK:
            self.overflow("trim", text.strip()[:60], src)

    def overflow(self, what: str, text: str, src: str) -> None:
        """One finding per kind and source line: the first string that shows it."""
        if not any(key[0] == what and key[2] == src for key in self.overflows):
            self.overflows[(what, text, src)] = None


def _source_words(root) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(word, src) for every word of the document's body text, in order; and the words of
    any SVG `<text>` with its src."""
    words: list[tuple[str, str]] = []
    svg: list[tuple[str, str]] = []

    def local(tag) -> str:
        return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

    def walk(element, src: str, in_svg: bool) -> None:
        tag = local(element.tag)
        src = element.get("data-src") or src
        if in_svg or tag == "svg":
            if tag in SVG_TEXT:
                found = " ".join(element.itertext()).split()
                svg.append((" ".join(found)[:60] or "(empty)", src))
            for child in element:
                walk(child, src, True)
            return
        if tag in SKIPPED:
            return
        words.extend((w, src) for w in WORD.findall(element.text or ""))
        for child in element:
            walk(child, src, False)
            words.extend((w, src) for w in WORD.findall(child.tail or ""))

    body = next((e for e in root.iter() if local(e.tag) == "body"), root)
    walk(body, "", False)
    return words, svg


def walk(document, root_element, codepoints: frozenset[int]) -> Drawn:
    """The record of `document` (WeasyPrint's laid-out Document) made from `root_element`
    (the parsed HTML) with fonts that draw `codepoints`."""
    import time

    start = time.process_time()
    walker = _Walk(codepoints)
    fills = []
    for number, page in enumerate(document.pages):
        box = page._page_box
        walker.page, walker.width, walker.height = number, box.margin_width(), box.margin_height()
        walker.visit(box, _State(), None)
        fills.append(measure_fill(box))
        for text, other, src in overprints(walker.glyph_boxes):
            walker.overprinted.setdefault((text, other, src), None)
        walker.glyph_boxes = []
    words, svg = _source_words(root_element)
    seen: dict[tuple[str, str], int] = {}  # (src, word) -> times drawn visibly
    for run in walker.runs:
        if run.visible and run.color[3] > 0 and run.size > 0:
            for word in WORD.findall(run.text):
                key = (run.src, word.casefold())
                seen[key] = seen.get(key, 0) + 1
    hidden: dict[tuple[str, str], None] = {}
    for word, src in words:  # each word of the source needs its own drawn copy, under the same src
        key = (src, word.casefold())
        if seen.get(key, 0) > 0:
            seen[key] -= 1
        else:
            hidden[(word, src)] = None
    return Drawn(
        tuple(walker.runs),
        len(document.pages),
        tuple(hidden),
        tuple(walker.glyphs),
        tuple(walker.overflows),
        tuple(svg),
        time.process_time() - start,
        fills=tuple(fills),
        generated=tuple(
            (" ".join(text.split()), src, tag)
            for text, src, tag, _ in walker.generated
            if any(c.isalpha() for c in text)
        ),
        overprints=tuple(walker.overprinted),
    )
