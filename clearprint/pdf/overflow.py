"""Whether a laid-out document fits its fixed layout (a trifold's panels, a page limit), and
where the first line that does not fit begins."""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

from . import back_panel


class DoesNotFit(Exception):
    """Content overflows a fixed layout (a trifold panel); never cut, never shrunk. `section`:
    the id (role) of the section the first line that does not fit is in; `text`: that line;
    `over`: the lines and millimetres of the flow past its last page (`runs_over`), if any."""

    def __init__(
        self, problem: str, section: str | None = None, text: str = "", over: tuple[int, float] | None = None
    ) -> None:
        super().__init__(problem)
        self.section, self.text, self.over = section, text, over


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
    if over := runs_over(document, pages):
        problems.append(f"the inside panels overflow by {over[0]} lines (about {over[1]:.0f} mm of text)")
    return "; ".join(problems) or None


def runs_over(document, pages: int | None) -> tuple[int, float] | None:
    """The lines of the flow past page `pages`, and their height in mm; None when it ends there.
    The flow's lines only: the running header and footer of the extra pages are not text that
    runs over (a sheet 2 lines over was said to be 6 lines over)."""
    if pages is None or len(document.pages) <= pages:
        return None
    flow = [box for page in document.pages[pages:] for box in page._page_box.children]
    extra = [line for box in flow if not isinstance(box, boxes.MarginBox) for line in _lines(box)]
    return len(extra), sum(line.height for line in extra) * 25.4 / 96
