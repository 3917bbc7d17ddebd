"""Sources marked per country (issue 21 item 3): a handout's `sources:` item may start with
the countries it is for, in square brackets, inside the quoted text:

    sources:
      - "American Academy of Dermatology. Botulinum toxin (aad.org)."   # every country
      - "[UK] NHS. Botox injections (nhs.uk)."                          # UK clinics only
      - "[UK IE] MHRA. Yellow Card scheme."                             # UK and Irish clinics

The codes are those of `::: country` blocks (country_codes.py). A clinic's leaflet, web page
and evidence page list the unmarked sources and those marked for its country; the mark itself
is never printed. A statement a clinic prints that cites only sources marked for other
countries is an error (checks/source_countries.py).
"""

from __future__ import annotations

import re

from .country_codes import COUNTRIES, unknown

MARK = re.compile(r"^\[(?P<codes>[^\]\[]*)\]\s*(?P<text>.*)$", re.S)
SYNTAX = 'the country codes in square brackets at the start of the quoted text: "[UK IE] NHS. ..."'


def split(item: str) -> tuple[tuple[str, ...], str]:
    """(the countries a source is marked for, () for every country; its text without the mark).
    Raises ValueError, in words a practice manager can act on, for a malformed mark."""
    stripped = item.lstrip()
    if not stripped.startswith("["):
        return (), item
    mark = MARK.match(stripped)
    if mark is None:
        raise ValueError(f"a source that starts with '[' must start with {SYNTAX}")
    codes: list[str] = []
    for code in mark["codes"].replace(",", " ").split():
        if code not in COUNTRIES:
            raise ValueError(f"unknown country '{code}' in the source's mark [{mark['codes']}]; {unknown(code)}")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValueError(
            f"the source's mark '[]' names no country; write {SYNTAX}, or leave the mark out for every country"
        )
    if not mark["text"].strip():
        raise ValueError("the source has a country mark but no text; write the source after the mark")
    return tuple(codes), mark["text"].strip()
