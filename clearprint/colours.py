"""Colour maths: WCAG 2 luminance and contrast, and a clinic's colours made readable."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import ClinicSettings


def luminance(colour: str) -> float:
    hexa = colour.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    channels = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, background: str, ratio: float = 4.5) -> str:
    """The clinic's colour, darkened (or lightened on a dark background) just enough to meet
    WCAG AA for normal text on `background`: brand colours stay, contrast is never lost."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    towards = 0 if luminance(background) > 0.18 else 255
    for step in range(0, 101):
        mixed = [round(c + (towards - c) * step / 100) for c in rgb]
        candidate = "#" + "".join(f"{c:02x}" for c in mixed)
        if contrast(candidate, background) >= ratio:
            return candidate
    return "#000000" if towards == 0 else "#ffffff"


def brand(clinic: ClinicSettings) -> dict[str, str]:
    """CSS custom properties from the clinic's colours, with text colours that meet WCAG AA."""
    c = clinic.colors
    background = c.background
    on_primary = "#ffffff" if contrast("#ffffff", c.primary) >= contrast("#000000", c.primary) else "#000000"
    return {
        "--brand-primary": c.primary,
        "--brand-accent": c.accent,
        "--brand-text": readable(c.text, background, 7),
        "--brand-background": background,
        "--brand-tint": c.tint,
        "--brand-primary-text": readable(c.primary, c.tint),  # headings and links, also on tint
        "--brand-on-primary": on_primary,
    }
