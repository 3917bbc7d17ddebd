"""Sources from the wrong country (issue 21 item 3): a statement a clinic prints, that is text
outside other countries' `::: country` blocks, must not rest only on sources marked for other
countries (`"[UK] NHS. ..."`, content/source_marks.py): a US leaflet resting on an NHS page, a UK one
on an FDA document. The sections are those the clinic prints (content/country.py has blanked
the other countries' blocks), read as Markdown since the page carries no citation markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..content.markup import CITATION
from ..problems import Problem
from .context import Context


def _listed(codes: tuple[str, ...]) -> str:
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]


def _short(text: str, length: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def check(ctx: Context) -> Iterator[Problem]:
    meta = ctx.output.handout.meta
    country = ctx.output.clinic.settings.country
    count = len(meta.sources)
    for chunk in ctx.source_chunks:
        for match in CITATION.finditer(chunk.text):
            numbers = [n for n in map(int, re.split(r"\s*,\s*", match[1])) if 1 <= n <= count]
            if not numbers or any(meta.source_for(n, country) for n in numbers):
                continue  # a number out of range is governance-citation's
            named = "; ".join(
                f"[{n}] '{_short(meta.sources[n - 1])}' is marked for {_listed(meta.source_countries(n))}"
                for n in numbers
            )
            elsewhere = tuple(dict.fromkeys(code for n in numbers for code in meta.source_countries(n)))
            yield ctx.finding(
                chunk.at(match.start()), "error", "evidence-source-country",
                f"a statement a {country} clinic prints cites only sources for other countries: {named}",
                f"cite a source for {country} or one marked for no country, or put the sentence in a "
                f"'::: country {' '.join(elsewhere)}' block with a '::: country {country}' version",
            )  # fmt: skip
