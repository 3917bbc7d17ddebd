"""Evidence: every listed risk says how often it happens (or that no one knows), citations
sit in the text (never in headings), and every listed source is cited.

A natural frequency is "about 1 in 200 people", "2 to 4 in 100", "1 de cada 1.000"; where
no source gives a rate, the handout says so in the words below, so a reader is never left
with "rare" alone (patient-materials-standards.md: natural frequencies, or say no rate is known).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..content.markup import citations
from ..languages import load as load_language
from ..languages import phrases
from ..problems import ContentError, Problem
from .context import Context
from .governance import CITED

_NUMBER = r"\d[\d,.]*"


@cache
def natural(ranges: tuple[str, ...], per: tuple[str, ...]) -> re.Pattern[str]:
    """A natural frequency in the language's words (rules/languages/<language>.yaml, `evidence:`)."""
    return re.compile(
        rf"\b{_NUMBER}(?:\s*(?:{phrases(list(ranges))})\s*{_NUMBER})?\s+(?:{phrases(list(per))})\s+{_NUMBER}",
        re.I,
    )


def check(ctx: Context) -> Iterator[Problem]:
    try:  # the words are the language's (rules/languages/<language>.yaml)
        data = load_language(ctx.root, ctx.language)
    except ContentError:
        return  # the clinic's languages: line and the claims check report the missing data
    unknown = data.claims.unknown_frequency
    frequency = natural(tuple(data.evidence.ranges), tuple(data.evidence.per))
    for chunk in ctx.source_chunks:  # the page has no citation markers
        if chunk.kind == "heading" and (cited := CITED.search(chunk.text)):
            yield ctx.finding(
                chunk.at(cited.start()), "warning", "evidence-citation-in-heading",
                f"a heading cites {cited[0]}",
                "cite the source in the sentence that states the fact, not in the heading",
            )  # fmt: skip
        if chunk.role == "risks" and chunk.indent == 0 and not frequency.search(chunk.text):
            flat = " ".join(chunk.text.lower().split())  # the phrase may break over lines
            no_case, no_figure = data.claims.no_confirmed_case, data.claims.no_figure_found
            if unknown not in flat and not any(p and p in flat for p in (no_case, no_figure)):
                yield ctx.finding(
                    chunk.at(0), "warning", "evidence-risk-frequency",
                    f"a listed risk without how often it happens: '{_start(chunk.text)}'",
                    f"give a natural frequency from a source ('about 1 in 100 people [2]') or write '{unknown}'",
                )  # fmt: skip
    handout = ctx.output.handout
    texts = [handout.intro, *(s.body for s in handout.sections), *(s.body for s in ctx.output.sections)]
    cited = citations("\n".join(texts))
    for index, source in enumerate(handout.meta.sources):
        if index + 1 not in cited:
            yield ctx.finding(
                handout.file, "warning", "evidence-source-uncited",
                f"source [{index + 1}] is listed but never cited: '{_start(source)}'",
                f"cite it as [{index + 1}] where the handout uses it, or remove it from `sources:`",
                handout.lines.get(("sources", index)) or handout.lines.get(("sources",)),
            )  # fmt: skip


def _start(text: str, length: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
