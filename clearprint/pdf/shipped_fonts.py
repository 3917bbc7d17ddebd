"""Only the fonts Clearprint ships: a fontconfig file naming their folders alone, and the
characters they can draw.

Without it fontconfig offers every font of the build machine, and Pango draws a character
the clinic's font lacks from whatever happens to be installed (DejaVu Sans on most Linux
machines): a PDF that depends on the machine. With it, such a character has no font at all,
and the drawn-text check (checks/drawn.py) names it as an error at its line.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape


def fontconfig_text(folders: Iterable[Path], cache: Path) -> str:
    dirs = "\n".join(f"  <dir>{escape(str(Path(f).resolve()))}</dir>" for f in folders)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"{dirs}\n  <cachedir>{escape(str(cache))}</cachedir>\n</fontconfig>\n"
    )


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "clearprint"


@functools.lru_cache(maxsize=8)
def fontconfig_file(folders: tuple[Path, ...]) -> Path:
    """A fontconfig file listing only `folders`, in the user's cache folder (never the
    temporary folder: an aftercare sheet leaves nothing there), named by its content so that
    processes share it; written atomically. Falls back to a private temporary folder only
    when the cache folder cannot be written."""
    key = hashlib.sha256("\n".join(str(Path(f).resolve()) for f in folders).encode()).hexdigest()[:16]
    try:
        where = _cache_home() / f"fonts-{key}"
        (where / "cache").mkdir(parents=True, exist_ok=True)
    except OSError:
        where = Path(tempfile.mkdtemp(prefix="clearprint-fonts-"))
        (where / "cache").mkdir()
    path = where / "fonts.conf"
    text = fontconfig_text(folders, where / "cache")
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        partial = where / f".fonts.conf.{os.getpid()}.tmp"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    return path


@contextmanager
def only_shipped_fonts(folders: Iterable[Path]) -> Iterator[None]:
    """FONTCONFIG_FILE names only the shipped fonts while fontconfig reads its configuration
    (WeasyPrint's `FontConfiguration()` does, once); the process's environment is then as it was."""
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file(tuple(folders)))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@functools.lru_cache(maxsize=8)
def codepoints(folder: Path) -> frozenset[int]:
    """Every character some face in `folder` has a glyph for."""
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for file in sorted(Path(folder).glob("*.[ot]tf")):
        with TTFont(file, lazy=True) as face:
            found.update(face.getBestCmap() or {})
    return frozenset(found)
