"""The print editions and the geometry of the trifold brochure.

Standard and large print share one template and differ by stylesheet. The trifold is
two landscape sides of three panels, duplexed with a flip on the short edge; the panel
that folds in is narrower so the brochure closes flat.

    outside (side 1):  [ inside flap | back | cover ]      read when closed
    inside  (side 2):  [ left | middle | right (folds in) ]  read when opened

The inside flap is the back of the fold-in panel, so it is the narrow one on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """Everything that differs between editions: a new edition is one row and a stylesheet."""

    name: str
    template: str  # in templates/
    min_body_pt: float  # the accessibility check's floor for body text
    pages: int | None = None  # a fixed number of pages (a trifold is one sheet, two sides)
    footer_label: str = ""  # key in templates/messages/<lang>.yaml, printed in the footer
    sides: str = "two-sided-long-edge"  # IPP `sides` when printed: book-style duplex, or a flip on the short edge
    summary: bool = False  # prints only the handout's `trifold:` roles and drops `::: leaflet` blocks
    fillable: bool = False  # an aftercare sheet (`build.py sheet --edition`) may be printed in it
    web_order: int = 9  # order of its PDF on the web page; the first is the edition the page is made from
    mention_label: str = ""  # key of "in large print" for "also available in ..." (other editions mention it)

    @property
    def stylesheet(self) -> str:
        return f"styles/{self.name}.css"

    @property
    def suffix(self) -> str:
        """What follows the handout's id in its file name: '', '.large-print', '.trifold'."""
        return "" if self.name == "standard" else f".{self.name}"

    @property
    def name_label(self) -> str:
        """Key of the edition's name (catalogue, 'also available in') in the message files."""
        return f"name_{self.name.replace('-', '_')}"


EDITIONS: dict[str, Edition] = {
    e.name: e
    for e in (
        # RNIB Clear Print minimum
        Edition("standard", "handout.html.j2", min_body_pt=12.0, fillable=True, web_order=0),
        Edition(
            "large-print",
            "handout.html.j2",
            min_body_pt=18.0,
            footer_label="edition_large_print",
            fillable=True,
            web_order=1,
            mention_label="large_print_lower",
        ),
        Edition(  # a summary brochure, never smaller
            "trifold",
            "trifold.html.j2",
            min_body_pt=12.0,
            pages=2,
            sides="two-sided-short-edge",
            summary=True,
            web_order=2,
        ),
    )
}
FILLABLE = tuple(name for name, e in EDITIONS.items() if e.fillable)  # the trifold has no room for a form
WEB_EDITION = min(EDITIONS.values(), key=lambda e: e.web_order).name  # the edition a web page is made from


def web_edition_order(name: str) -> int:
    edition = EDITIONS.get(name)
    return edition.web_order if edition else 9


def is_summary(name: str) -> bool:
    edition = EDITIONS.get(name)
    return bool(edition and edition.summary)


@dataclass(frozen=True)
class Trifold:
    unit: str
    width: float  # of the landscape sheet
    height: float
    outside: tuple[float, float, float]  # panel widths, left to right: flap, back, cover
    inside: tuple[float, float, float]  # left, middle, right (the fold-in panel)
    margin: float  # left margin of the inside columns; every column sits this far inside its panel
    column: float  # width of each inside column
    gap: float  # between inside columns
    top: float  # top and bottom margin of every panel

    @property
    def folds_outside(self) -> tuple[float, float]:
        return (self.outside[0], self.outside[0] + self.outside[1])

    @property
    def folds_inside(self) -> tuple[float, float]:
        return (self.inside[0], self.inside[0] + self.inside[1])

    @property
    def right_margin(self) -> float:
        return self.width - self.margin - 3 * self.column - 2 * self.gap

    def css(self, value: float) -> str:
        return f"{value:g}{self.unit}"


# Letter: 11 x 8.5 in, panels 3.6875 / 3.6875 / 3.625 in. A4: 297 x 210 mm, 100 / 100 / 97 mm.
# Columns are equal, so each sits 0.28 in (8 mm) inside its panel, and 0.22 in (5 mm) on the
# outer edge of the narrow panel: text stays at least 5 mm inside the trim and the folds.
TRIFOLD: dict[str, Trifold] = {  # by paper
    "Letter": Trifold("in", 11, 8.5, (3.625, 3.6875, 3.6875), (3.6875, 3.6875, 3.625), 0.28125, 3.125, 0.5625, 0.3),
    "A4": Trifold("mm", 297, 210, (97, 100, 100), (100, 100, 97), 8, 84, 16, 8),
}
FLAP_ROLES = ("get-help",)  # on the inside flap: the part to keep, seen when the cover opens (aftercare goes inside)
BACK_ROLES = ("questions",)  # on the back, beside the clinic's contact details
