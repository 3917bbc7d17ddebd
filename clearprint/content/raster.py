"""How large a photo or bitmap drawing is, told from its header before a pixel is decoded: a
20,000 x 20,000 PNG is 0.4 MB on disk and 400 megapixels (1.6 GB) once decoded, so it is
refused by its size and its header, the moment the handout that shows it is loaded. The
renderer applies the same limits again to what it reads (pdf/fetcher.py)."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from ..safe_io import open_file
from . import still_image

MAX_BYTES = 20 * 1024 * 1024  # as pdf/fetcher.py MAX_BYTES
MAX_PIXELS = 25_000_000  # as pdf/fetcher.py MAX_PIXELS: far more than a printed page needs
_BOMB = re.compile(r"\((\d+) pixels\)")


def refusal(path: Path) -> str | None:
    """Why a PNG, JPEG, GIF or WebP file may not be shown (too large, too many pixels, not an
    image), or None; reads the file's header only (OSError if it cannot be opened)."""
    from PIL import Image, UnidentifiedImageError

    with open_file(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_BYTES:
            return f"the file is {size / 2**20:.0f} MB; images may be at most {MAX_BYTES // 2**20} MB: make it smaller"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(handle) as image:
                    width, height = image.size
                    still = still_image.refusal(image, path.suffix)
        except Image.DecompressionBombError as exc:
            found = _BOMB.search(str(exc))
            pixels = f"{int(found[1]) / 1e6:.0f} megapixels" if found else "far too many pixels"
            return f"it has {pixels}; images may have at most {MAX_PIXELS // 1_000_000} megapixels: make it smaller"
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return "it is damaged or not an image; export it again as PNG or JPEG"
    if width * height > MAX_PIXELS:
        return (
            f"it is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); images may have at most "
            f"{MAX_PIXELS // 1_000_000} megapixels: make it smaller"
        )
    return still
