"""An SVG drawing as a PNG, drawn by the renderer (WeasyPrint) and rasterised by Poppler's
pdftoppm, so the words its paths draw can be read by OCR (checks/image_text.py).

Run as its own process (`python -m clearprint.pdf.svg_raster DRAWING.svg OUT.png ...`), with a
time and memory limit set by the caller: the checking process never loads WeasyPrint, and a
drawing that takes the renderer long or far is stopped there. The drawing is given as a
`data:` URL and nothing else may be fetched, so it draws what the file holds and no more
(the SVG policy, content/svg_policy.py, has already refused external references).
"""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

WIDTH_PX = 1000  # wide enough for the letters of a figure or logo to be read
DPI = 96  # the page is drawn 1 CSS px to 1 image pixel


def png(svg: bytes) -> bytes:
    from weasyprint import HTML

    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    height = max(1, min(4 * WIDTH_PX, round(WIDTH_PX * _aspect(svg))))
    page = (
        f"<style>@page {{ size: {WIDTH_PX}px {height}px; margin: 0 }} body {{ margin: 0 }}"
        f"img {{ display: block; width: {WIDTH_PX}px; height: {height}px }}</style><img src='{uri}'>"
    )
    pdf = HTML(string=page, url_fetcher=_fetcher()).write_pdf()
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-singlefile", "-f", "1", "-l", "1", "-"],
        input=pdf,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def _aspect(svg: bytes) -> float:
    """Height over width of the drawing (its viewBox, else its width and height; else square)."""
    import re
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return 1.0
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0:
            return float(box[3]) / float(box[2])
        width, height = (float(re.match(r"[\d.]+", root.get(k) or "")[0]) for k in ("width", "height"))
        return height / width if width > 0 else 1.0
    except (TypeError, ValueError):
        return 1.0


def _fetcher():
    """The drawing's own `data:` URL, and nothing else."""
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise ValueError("a drawing rasterised for OCR fetches nothing")
            return super().fetch(url, headers)

    return DataOnly(fail_on_errors=True, allow_redirects=False)


def main(argv: list[str]) -> int:
    """DRAWING.svg OUT.png [DRAWING.svg OUT.png ...]: one process for a build's drawings."""
    for source, target in zip(argv[::2], argv[1::2], strict=True):
        Path(target).write_bytes(png(Path(source).read_bytes()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
