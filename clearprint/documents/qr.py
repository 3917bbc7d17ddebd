"""QR codes for a handout's page on the clinic's website."""

from __future__ import annotations

import functools

import segno


@functools.lru_cache(maxsize=512)  # the editions and the catalogue share a handout's code: encode it once
def qr_svg(url: str, title: str) -> str:
    """A QR code as an inline vector SVG (one path), sized by the stylesheet."""
    return segno.make(url, error="m").svg_inline(scale=1, border=0, title=title, dark="#000", omitsize=True)
