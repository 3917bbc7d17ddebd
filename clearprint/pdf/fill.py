"""How far down each page is filled, measured on WeasyPrint's laid-out page boxes (drawn.py
calls it right after layout, with the rest of what was drawn).

For each page: the top and height of its content area (inside the page margins), and, for
each of STRIPS equal vertical strips across the sheet, the bottom of the lowest box drawn
in it: text, an image or drawing, or a box whose background or border shows. The page's
margins (running header, footer, page number) are not content, nor is anything fixed to
every page (a draft's watermark). checks/page_fill.py turns the strips into how full a page,
or a panel of a trifold, is.
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

from .records import PageFill

PX_TO_PT = 0.75
STRIPS = 96  # across the sheet: about 3 mm each on Letter or A4 landscape
NOT_CONTENT = frozenset({"html", "body"})  # their background is the whole sheet's


def background_of(style):
    """The box's background colour; `currentColor`, which the cascade leaves to drawing (round-12
    attack, case 18: a clinic stylesheet's `background-color: currentColor` stopped every render),
    is the text's colour."""
    fill = style["background_color"]
    return style["color"] if isinstance(fill, str) else fill


def _shows(box) -> bool:
    """Whether the box itself puts ink on the page (its children are asked separately)."""
    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    if isinstance(box, boxes.ReplacedBox):
        return True
    if isinstance(box, (boxes.LineBox, boxes.PageBox)) or box.element_tag in NOT_CONTENT:
        return False
    style = box.style
    if background_of(style).alpha > 0 or any(kind != "none" for kind, _ in style["background_image"]):
        return True
    return any(
        style[f"border_{side}_width"] > 0 and style[f"border_{side}_style"] not in ("none", "hidden")
        for side in ("top", "right", "bottom", "left")
    )


def _visit(box, width: float, bottoms: list[float]) -> None:
    if isinstance(box, boxes.MarginBox) or box.style["position"] == "fixed":
        return
    if box.style["visibility"] == "visible" and box.style["opacity"] > 0 and _shows(box):
        left, right = box.border_box_x(), box.border_box_x() + box.border_width()
        bottom = (box.border_box_y() + box.border_height()) * PX_TO_PT
        step = width / len(bottoms)
        for i in range(len(bottoms)):
            centre = (i + 0.5) * step
            if left * PX_TO_PT <= centre < right * PX_TO_PT and bottom > bottoms[i]:
                bottoms[i] = bottom
    for child in getattr(box, "children", ()):
        _visit(child, width, bottoms)


def measure(page_box) -> PageFill:
    """How far down the laid-out `page_box` is drawn."""
    width = page_box.margin_width() * PX_TO_PT
    bottoms = [0.0] * STRIPS
    for child in page_box.children:
        _visit(child, width, bottoms)
    return PageFill(width, page_box.content_box_y() * PX_TO_PT, page_box.height * PX_TO_PT, tuple(bottoms))
