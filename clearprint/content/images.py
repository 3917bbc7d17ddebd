"""Which files a handout or a clinic may show as an image: the renderer's rules (pdf.ProjectFetcher),
which the web edition applies too, told before anything is drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..safe_io import open_file, read_file
from . import raster, svg_policy
from .read import unreadable

IMAGE_FILES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def image_refusal(target: Path, root: Path) -> str | None:
    """Why a (resolved, existing) file may not be shown as an image in a handout or on its web
    page, or None: the renderer's rules (pdf.ProjectFetcher), which web.assets applies too."""
    relative = target.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return "hidden files and folders are never shown; move the image next to the handout"
    if target.suffix.lower() not in IMAGE_FILES:
        return "only PNG, JPEG, GIF, WebP and SVG images can be shown"
    if relative.parts[0] not in ("handouts", "clinics"):
        return "images are kept in the handout's folder (or the clinic's handouts/ folder); move it there"
    return image_file_refusal(target)


def image_file_refusal(target: Path) -> str | None:
    """Why an image file's content may not be shown: a FIFO or device, too large, too many
    pixels (raster.py, from the header), an SVG the policy refuses (svg_policy.py)."""
    try:
        if target.suffix.lower() == ".svg":
            return svg_policy.refusal(read_file(target, svg_policy.MAX_BYTES + 1))
        return raster.refusal(target)
    except OSError as exc:
        return unreadable(exc, "image")


def is_image(path: Path) -> bool:
    with open_file(path) as handle:
        head = handle.read(512)
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return True
    if path.suffix.lower() == ".svg":
        try:
            return ET.parse(path).getroot().tag.rsplit("}", 1)[-1] == "svg"
        except ET.ParseError:
            return False
    return False
