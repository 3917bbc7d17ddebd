"""Fonts shipped as Python packages: the same font files on every machine."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

# The clinic's `font:` setting -> the Python package holding the files.
FONTS = {"atkinson-hyperlegible": "fontpkg_atkinson_hyperlegible"}
FACES = (("Regular", "normal", 400), ("Bold", "normal", 700), ("Italic", "italic", 400), ("BoldItalic", "italic", 700))


@dataclass(frozen=True)
class Font:
    family: str
    folder: Path

    def css(self) -> str:
        rules = []
        for name, style, weight in FACES:
            file = next(self.folder.glob(f"*-{name}.ttf"))
            rules.append(
                f'@font-face {{ font-family: "{self.family}"; src: url("{file.as_uri()}"); '
                f"font-style: {style}; font-weight: {weight}; }}"
            )
        return "\n".join(rules)


def font(name: str) -> Font:
    module = importlib.import_module(FONTS[name])
    return Font(module.FAMILY, Path(module.ROOT) / "files")
