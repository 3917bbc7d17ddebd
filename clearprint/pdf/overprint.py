"""Text drawn over other text on the same page (lines laid over each other by a tight
line-height, a negative margin, a moved box): neither can be read, whatever its size and
colour. Found on what was drawn (drawn.py), not on the stylesheet that did it, so any way of
laying text over text is caught.

Each run of text is taken as the box its glyphs fill, about: from the top of the capitals
(0.75 of the font size above the baseline) to the bottom of the descenders (0.2 below). Lines
at the line spacing the samples use (1.2 and more) leave a gap between these boxes; runs on
one line sit side by side. Two boxes that cross by more than a fifth of the smaller font size
in height and by more than a little in width are an overprint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

DEPTH = 0.2  # of the smaller font size: how far two lines' glyph boxes may cross in height
WIDTH = 1.0  # px: how far side by side boxes may cross (rounding, a kerned pair)


class Glyphs(NamedTuple):
    """One text run's glyph box on a page, in px."""

    left: float
    top: float
    right: float
    bottom: float
    size: float  # px
    text: str
    src: str


def overprints(runs: list[Glyphs]) -> Iterator[tuple[str, str, str]]:
    """(text, the text drawn over it, src) for each run another run crosses, once per source
    line; a sweep down the page, so each run is compared only with runs beside it in height."""
    ordered = sorted(runs, key=lambda r: r.top)
    said: set[str] = set()
    for i, run in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.top >= run.bottom:
                break
            depth = min(run.bottom, other.bottom) - other.top
            if depth <= DEPTH * min(run.size, other.size):
                continue
            if min(run.right, other.right) - max(run.left, other.left) <= WIDTH:
                continue
            if run.src in said:
                continue
            said.add(run.src)
            yield run.text.strip()[:60], other.text.strip()[:60], run.src
