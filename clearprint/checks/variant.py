"""Language variant: a handout printed for a US clinic has no British spellings, and one
printed for a UK, Irish, Australian or Canadian clinic no American ones. The build
converts the pairs of rules/spelling.<language>.yaml, so what is found here is a word
the conversion must not touch blindly (`flag_in_us`, `flag_in_uk`), or a pair inside
something it leaves alone (a link's text is converted; a quoted title in code is not)."""

from __future__ import annotations

from collections.abc import Iterator

from ..content.spelling import VARIANTS, others
from ..problems import Problem
from .context import Context
from .proper_names import inside, proper_names, spans

NAMES = {"US": "US English", "GB": "British English"}


def check(ctx: Context) -> Iterator[Problem]:
    variant = VARIANTS[ctx.output.clinic.settings.country]
    pattern = others(ctx.spelling, variant)
    if pattern is None:
        return
    other = NAMES["GB" if variant == "US" else "US"]
    names = proper_names(ctx.output.clinic.settings)
    for chunk in ctx.chunks:
        own = spans(chunk.text, names)  # the clinic's name and address: proper names, never respelled
        for match in pattern.finditer(chunk.text):
            if inside(match.start(), match.end(), own):
                continue
            yield ctx.finding(
                chunk.at(match.start()), "warning", "spelling-variant",
                f"'{match[0]}' is {other}; this clinic's readers use {NAMES[variant]}",
                "reword it (or add the pair to rules/spelling.en.yaml if it is always the same word)",
            )  # fmt: skip
