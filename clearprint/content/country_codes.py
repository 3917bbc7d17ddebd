"""The country codes Clearprint knows, in one list for clinic.yaml's `country:`, `::: country`
blocks (country.py) and the marks of sources (source_marks.py), and why a code someone wrote is
not one of them. No Clearprint imports: models.py reads it."""

from __future__ import annotations

from typing import Literal, get_args

# The countries a clinic can be in: those with a researched profile of advertising rules in
# rules/profiles/<code>.yaml (tests/test_countries.py keeps the two lists the same).
Country = Literal["US", "CA", "UK", "IE", "AU"]
COUNTRIES: tuple[str, ...] = get_args(Country)
# Countries people ask for that have no researched profile yet: refused with a plain message.
UNRESEARCHED = {"NZ": "New Zealand", "EU": "the European Union"}


def unknown(code: str, remove: str = "the code") -> str:
    """Why `code` names no country a text can be written for, and what to write instead
    (`remove`: what to delete for a country without a researched profile)."""
    if code in UNRESEARCHED:
        return f"there is no researched profile for {code} yet, so no clinic can be in {code}; remove {remove}"
    if code == "GB":
        return "write 'UK' for the United Kingdom"
    if code.upper() in COUNTRIES:
        return f"write the country code in capitals: '{code.upper()}'"
    return f"use {', '.join(COUNTRIES)}"
