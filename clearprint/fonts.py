"""Fonts shipped as Python packages: the same font files on every machine."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

# The clinic's `font:` setting -> the Python package holding the files.
FONTS = {"atkinson-hyperlegible": "fontpkg_atkinson_hyperlegible"}
FACES = (("Regular", "normal", 400), ("Bold", "normal", 700), ("Italic", "italic", 400), ("BoldItalic", "italic", 700))

# Atkinson Hyperlegible 1.6 draws "0" with a slash, which patients read as Ø or 8 ("1ØØ"), and
# has no OpenType feature for a plain one (its GSUB: aalt case ccmp frac locl ordn pnum sups
# tnum; `zero.tf` is slashed too). The digit zero alone is drawn from a font with a plain, open
# zero of the same weight and height, through `unicode-range` (print and web): the setting ->
# its package (variable fonts, one file per style, weight drawn from the `wght` axis).
PLAIN_ZERO = {"atkinson-hyperlegible": "fontpkg_public_sans"}
ZERO_RANGE = "U+0030"


@dataclass(frozen=True)
class Font:
    family: str
    folder: Path
    zero_family: str | None = None  # the family drawing "0" (PLAIN_ZERO), named "<family> Zero"
    zero_folder: Path | None = None

    @property
    def stack(self) -> str:
        """The CSS `font-family` value: the plain zero's face first, which draws only U+0030."""
        return ", ".join(f'"{f}"' for f in (self.zero_family, self.family) if f)

    @property
    def folders(self) -> tuple[Path, ...]:
        return tuple(f for f in (self.folder, self.zero_folder) if f)

    def zero_files(self) -> list[tuple[Path, str]]:
        """(file, font-style) of the plain zero's faces; none when the font needs none."""
        files = sorted(self.zero_folder.glob("*.ttf")) if self.zero_folder else []
        return [(f, "italic" if "-Italic" in f.name else "normal") for f in files]

    def css(self) -> str:
        rules = []
        for name, style, weight in FACES:
            file = next(self.folder.glob(f"*-{name}.ttf"))
            rules.append(
                f'@font-face {{ font-family: "{self.family}"; src: url("{file.as_uri()}"); '
                f"font-style: {style}; font-weight: {weight}; }}"
            )
        for file, style in self.zero_files():
            for weight in (400, 700):  # WeasyPrint takes one weight per face; the axis draws it
                rules.append(
                    f'@font-face {{ font-family: "{self.zero_family}"; src: url("{file.as_uri()}"); '
                    f"font-style: {style}; font-weight: {weight}; unicode-range: {ZERO_RANGE}; }}"
                )
        return "\n".join(rules)


def font(name: str) -> Font:
    module = importlib.import_module(FONTS[name])
    if name not in PLAIN_ZERO:
        return Font(module.FAMILY, Path(module.ROOT) / "files")
    zero = importlib.import_module(PLAIN_ZERO[name])
    return Font(module.FAMILY, Path(module.ROOT) / "files", f"{zero.FAMILY} Zero", Path(zero.ROOT) / "files")
