"""What a rendering process sends back about a page it drew (drawn.py, fill.py make them):
plain records, importable without WeasyPrint, so the main process reads a worker's result
without loading the renderer (unpickling imports the module a class is defined in)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PageFill:
    """One page, in pt from the top-left corner of the sheet (the trim)."""

    width: float
    top: float  # of the content area
    height: float  # of the content area
    bottoms: tuple[float, ...]  # per strip, left to right: the lowest drawn box's bottom; 0 when empty

    def lowest(self, left: float = 0.0, right: float | None = None) -> float:
        """The bottom of the lowest box drawn between `left` and `right` (pt); the content
        area's top when nothing is."""
        right = self.width if right is None else right
        step = self.width / len(self.bottoms)
        found = [b for i, b in enumerate(self.bottoms) if left <= (i + 0.5) * step < right and b > 0]
        return max(found, default=self.top)

    def fill(
        self, left: float = 0.0, right: float | None = None, top: float | None = None, height: float | None = None
    ) -> float:
        """The share of the content area (or of the area given) filled from its top down to
        the lowest box drawn in it, from 0 to 1."""
        top = self.top if top is None else top
        height = self.height if height is None else height
        if height <= 0:
            return 1.0
        return max(0.0, min(1.0, (self.lowest(left, right) - top) / height))


@dataclass(frozen=True, slots=True)
class Run:
    """One text box as drawn."""

    page: int  # 0-based
    x: float  # pt, from the page's top-left corner (the trim)
    y: float
    width: float
    height: float
    text: str
    size: float  # pt
    color: tuple[float, float, float, float]  # sRGB 0-1; alpha includes every ancestor's opacity
    background: tuple[float, float, float]  # what it is drawn on, composited
    visible: bool  # visibility: visible
    src: str  # data-src of the nearest element carrying one; "" if none
    kind: str  # "body", or the small print it is in (a SMALL_PRINT class, or "footer": the page margins), or an OWN_KIND class
    role: str  # the section role it is in; "" outside sections


@dataclass(frozen=True)
class Drawn:
    runs: tuple[Run, ...] = ()
    pages: int = 0
    hidden: tuple[tuple[str, str], ...] = ()  # (word, src): in the source, not drawn visibly
    glyphs: tuple[tuple[str, str], ...] = ()  # (character, src): no shipped font has it
    overflows: tuple[tuple[str, str, str], ...] = ()  # (what: trim/column/table, text, src)
    svg_text: tuple[tuple[str, str], ...] = ()  # (its words, src)
    seconds: float = 0.0  # the walk's own CPU time
    fills: tuple[PageFill, ...] = ()  # how far down each page is drawn (fill.py)
    # (text, src, what drew it: 'li::marker', 'h2::after', 'a page margin'): words a stylesheet
    # draws that are in no element of the page (drawn.py), for the claim rules (checks/drawn_claims.py)
    generated: tuple[tuple[str, str, str], ...] = ()
    overprints: tuple[tuple[str, str, str], ...] = ()  # (text, the text over it, src): overprint.py
    notes: dict = field(default_factory=dict)
