"""Every sign has an action: a sign the risks section names (its prose or its risk table, as
the page shows them) must also be named in "When to get help", which says who to call and how
fast (issue 21: a changed voice, loss of bladder control and weakness were listed under risks
with nothing to do about them). The signs are words in rules/signs.<language>.yaml; a
finding points to where the risks section names the sign.

In a summary edition (the trifold) the get-help box says the least urgent tier in one line
("Other side effects: tell us at your next visit"), so the signs of that tier count as named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pydantic import Field

from ..content import yamlfile
from ..editions import is_summary
from ..models import Strict
from ..problems import ContentError, Problem
from .context import Context


class SignWords(Strict):
    signs: list[str] = Field(min_length=1)


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def check(ctx: Context) -> Iterator[Problem]:
    output = ctx.output
    if not any(s.role == "get-help" for s in output.sections):
        return  # a missing section is the balance check's finding
    if not ctx.page_available:
        return  # the box is made on the page; the page's own error is the finding
    path = ctx.report.root / "rules" / f"signs.{ctx.language}.yaml"
    if not path.is_file():
        yield ctx.report.add(
            path, None, f"no sign words for '{ctx.language}': write this file (see rules/signs.en.yaml)"
        )
        return
    try:
        signs = _compiled(tuple(yamlfile.load(path, SignWords, ctx.report.root)[0].signs))
    except ContentError as exc:
        yield from exc.problems
        return
    from ..content.get_help import signs_by_tier
    from ..content.risks import load_risks

    try:
        data = load_risks(output.handout.file.parent, ctx.report.root)
    except ContentError:
        data = None  # reported by the risk checks
    # A handout with risks as data has its get-help box made from them: a sign left out is an
    # error. A handout written by hand only (no risks.yaml) is warned, as its author decides.
    severity = "error" if data is not None else "warning"
    said = " ".join(c.text for c in ctx.chunks if c.role == "get-help")
    if data is not None and is_summary(output.edition):
        said += " " + " ".join(signs_by_tier(data, ctx.language)["clinic"])
    seen: set[str] = set()
    for chunk in ctx.chunks:
        if chunk.role != "risks":
            continue
        for sign in signs:
            found = sign.search(chunk.text)
            if found is None or sign.pattern in seen or sign.search(said):
                continue
            seen.add(sign.pattern)
            yield ctx.finding(
                chunk.at(found.start()), severity, "risk-sign-no-action",
                f"the risks name '{found[0]}', but 'When to get help' never says what to do about it",
                "add it to the risk's `help:` in risks.yaml under how fast to act (emergency, clinic-now, "
                "clinic-same-day, clinic), or to the get-help section",
            )  # fmt: skip
