"""Accessibility: alt text on every image, WCAG AA contrast for brand text colours
(computed), and a body text size of at least 12 pt in the standard edition."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..colours import contrast
from ..content.markup import IMAGE
from ..editions import EDITIONS
from ..problems import Problem
from .context import Context
from .text import Position

MIN_CONTRAST = 4.5  # WCAG 2 AA, normal text
UNITS = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "pc": 12.0, "in": 72.0}
BODY_SIZE = re.compile(r"--body-size\s*:\s*([\d.]+)(pt|px|mm|pc|in)")


# (text colour, background colour, where the pair is used)
PAIRS = (
    ("primary", "background", "headings and the clinic name"),
    ("text", "background", "body text"),
    ("text", "tint", "the summary band and table headers"),
)


def body_size_pt(ctx: Context) -> float | None:
    sheets = [ctx.root / "styles" / "base.css", ctx.root / EDITIONS[ctx.output.edition].stylesheet]
    sheets += sorted((ctx.output.clinic.folder / "styles").glob("*.css"))
    size = None
    for sheet in sheets:
        if sheet.is_file():
            for value, unit in BODY_SIZE.findall(_sheet_text(sheet)[0] or ""):
                size = float(value) * UNITS[unit]
    return size


def _sheet_text(sheet) -> tuple[str | None, str]:
    """(a stylesheet's text, or None and why it is refused): a FIFO, device or folder is never
    opened for reading, and a file over limits.MAX_STYLESHEET_BYTES is not read."""
    from ..content.read import unreadable
    from ..limits import MAX_STYLESHEET_BYTES  # read at each call, so a test may lower it
    from ..safe_io import read_file

    try:
        return read_file(sheet, MAX_STYLESHEET_BYTES).decode("utf-8", errors="replace"), ""
    except OSError as exc:
        return None, unreadable(exc, "stylesheet")


def check(ctx: Context) -> Iterator[Problem]:
    for chunk_source in ctx.output.sections:
        for number, line in enumerate(chunk_source.body.split("\n"), start=chunk_source.line + 1):
            for match in IMAGE.finditer(line):
                if not match["alt"].strip():
                    yield ctx.finding(
                        chunk_source.file, "error", "access-image-alt",
                        f"image '{match['src']}' has no alt text",
                        "describe the picture between the brackets: ![What the picture shows](file.png)",
                        number,
                    )  # fmt: skip
    site = ctx.output.clinic
    colors = site.settings.colors
    settings_file = site.folder / "clinic.yaml"
    for fore, back, use in PAIRS:
        ratio = contrast(getattr(colors, fore), getattr(colors, back))
        if ratio < MIN_CONTRAST:
            yield ctx.finding(
                settings_file, "error", "access-contrast",
                f"colors.{fore} {getattr(colors, fore)} on colors.{back} {getattr(colors, back)} has contrast {ratio:.2f}:1, below {MIN_CONTRAST}:1 (WCAG AA), used for {use}",
                f"choose a darker colors.{fore} or a lighter colors.{back}",
                site.lines.get(("colors", fore)) or site.lines.get(("colors",)),
            )  # fmt: skip
    minimum = EDITIONS[ctx.output.edition].min_body_pt
    size = body_size_pt(ctx)
    if minimum and size is not None and size < minimum:
        yield ctx.finding(
            ctx.root / EDITIONS[ctx.output.edition].stylesheet, "error", "access-body-size",
            f"body text is {size:g} pt in the {ctx.output.edition} edition, below {minimum:g} pt (RNIB Clear Print)",
            f"set --body-size to at least {minimum:g}pt",
        )  # fmt: skip
    yield from clinic_stylesheets(ctx, minimum)


def clinic_stylesheets(ctx: Context, minimum: float) -> Iterator[Problem]:
    """Every clinic stylesheet held to the allowlist of clinic_css (parsed as CSS, not lines):
    nothing that hides, moves or shrinks what a patient must read."""
    from ..fonts import font
    from .clinic_css import check as css_check

    families = {font(ctx.output.clinic.settings.font).family}
    for sheet in sorted((ctx.output.clinic.folder / "styles").glob("*.css")):
        smallest = (minimum or 12) * 0.75  # headings and notes may be a little smaller, never tiny
        text, why = _sheet_text(sheet)
        if text is None:
            yield ctx.finding(sheet, "error", "clinic-css", f"stylesheet refused: {why}",
                              "a clinic stylesheet is a few KB of CSS")  # fmt: skip
            continue
        for refusal in css_check(text, smallest, families):
            where = Position(sheet, refusal.line, refusal.col)
            yield ctx.finding(where, "error", refusal.rule, refusal.message, refusal.advice)
