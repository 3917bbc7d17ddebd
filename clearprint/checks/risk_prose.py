"""Risk prose against risk data: a frequency the prose states after a risk's own bold label
("**Bruising:** about 50 in 100") must be the data's in risks.yaml, so the leaflet, its risk
table and the consent form can never disagree. A passing mention of a risk elsewhere ("risks
such as cold sores; 4 in 100 peels led to a problem") is not read as its frequency."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..content.risks import load_risks, number
from ..problems import ContentError, Problem
from .context import Context

# "10 000" too: Spanish Markdown may hold a plain space between the thousands (keep_whole.py)
_NUMBER = r"\d+(?:[,\u00a0 ]\d{3}(?!\d))*(?:\.\d+)?"
FREQUENCY = re.compile(
    rf"(?P<count>{_NUMBER})(?:\s+(?:to|a)\s+(?P<to>{_NUMBER}))?\s+(?:in|de cada)\s+(?P<per>{_NUMBER})"
)
REACH = 160  # characters after a risk's name in which its frequency is looked for


def _value(text: str) -> float:
    return float(re.sub(r"[,\u00a0 ]", "", text))


def _label(chunk, at: int) -> bool:
    """Whether the text at `at` opens a bold run in the file ("**Name"): the checks' text has
    the Markdown masked, so the file's own line is read."""
    where = chunk.at(at)
    try:
        line = where.file.read_text(encoding="utf-8").split("\n")[where.line - 1]
    except (OSError, IndexError):
        return False
    return line[max(0, where.col - 3) : where.col - 1] == "**"


def check(ctx: Context) -> Iterator[Problem]:
    output = ctx.output
    try:
        data = load_risks(output.handout.file.parent, ctx.report.root)
    except ContentError as exc:
        yield from exc.problems
        return
    if data is None:
        return
    language = ctx.language
    named = [
        (risk, (risk.words.get(language) or risk.words["en"]).name)
        for risk in data.risks
        if not isinstance(risk.frequency, str)
    ]
    names = [n.lower() for _, n in named]
    for chunk in ctx.chunks:
        if chunk.role != "risks" and chunk.role != "key-points":
            continue
        flat = chunk.text
        lower = flat.lower()
        for risk, name in named:
            # The risk's own bold label ("**Bruising:**", which the checks' text holds as two
            # spaces and the name), not a passing mention of it.
            at = next((m.start() for m in re.finditer(re.escape(name.lower()), lower) if _label(chunk, m.start())), -1)
            if at < 0:
                continue
            after = at + len(name)
            window = flat[after : after + REACH]
            others = [
                lower.find("**" + n, after) for n in names if n != name.lower() and lower.find("**" + n, after) >= 0
            ]
            if others:
                window = flat[after : min(min(others), after + REACH)]
            said = FREQUENCY.search(window)
            if said is None:
                continue
            f = risk.frequency
            stated = (_value(said["count"]), _value(said["to"]) if said["to"] else None, _value(said["per"]))
            if stated != (f.count, f.to, float(f.per)):
                root = ctx.report.root
                data_says = f"{number(f.count, language, root)}{f' to {number(f.to, language, root)}' if f.to else ''} in {number(f.per, language, root)}"
                yield ctx.finding(
                    chunk.at(chunk.text.find(said[0]) if said[0] in chunk.text else 0), "error", "risk-prose-mismatch",
                    f"the text says '{said[0]}' for '{name}', but risks.yaml says {data_says}",
                    "write the figure from risks.yaml (or correct risks.yaml, with its source)",
                )  # fmt: skip
