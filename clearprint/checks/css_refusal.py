"""One refusal of a clinic stylesheet's (checks/clinic_css.py, clinic_css_scope.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    line: int
    col: int
    rule: str  # access-hidden-text, access-body-size, clinic-css, clinic-css-selector, clinic-css-media...
    message: str
    advice: str
