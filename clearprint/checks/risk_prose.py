"""Risk prose against risk data: a frequency the prose states after a risk's own bold label
("**Bruising:** about 50 in 100"), or later in a clause that names that risk and no other
("Bruising happens to about 50 in 100 people", "Cold sores: about two in ten"), must be the
data's in risks.yaml, so the leaflet, its risk table and the consent form can never disagree.
A clause naming several risks or giving two figures (a comparison), or a figure before the
risk's name ("about 50 in 100 got cold sores"), is not read as its frequency; a clause ends at
. ; ! ? or a line. Text drawn from risks.yaml itself (the risk table) is the data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..content.risks import load_risks, number
from ..languages import load as load_language
from ..problems import ContentError, Problem
from .context import Context

# "10 000" too: Spanish Markdown may hold a plain space between the thousands (keep_whole.py)
_NUMBER = r"\d+(?:[,\u00a0 ]\d{3}(?!\d))*(?:\.\d+)?"
FREQUENCY = re.compile(
    rf"(?P<count>{_NUMBER})(?:\s+(?:to|a)\s+(?P<to>{_NUMBER}))?\s+(?:in|de cada)\s+(?P<per>{_NUMBER})"
)
REACH = 160  # characters after a risk's name in which its frequency is looked for


_CLAUSE_END = re.compile(r"(?<!\d)[.;!?](?!\d)|\n")


def _value(text: str, words: dict[str, int] | None = None) -> float:
    if words and text.lower() in words:
        return float(words[text.lower()])
    return float(re.sub(r"[,\u00a0 ]", "", text))


def _worded(root, language: str) -> tuple[re.Pattern[str], dict[str, int]]:
    """A frequency with digits or the language's number words ("two in ten", "dos de cada diez")."""
    data = load_language(root, language)
    words = {w.lower(): n for n, ws in data.claims.number_words.items() for w in ws if len(w) > 1}
    return _frequency(
        tuple(sorted(words, key=len, reverse=True)), tuple(data.evidence.ranges), tuple(data.evidence.per)
    ), words


@cache
def _frequency(words: tuple[str, ...], ranges: tuple[str, ...], per: tuple[str, ...]) -> re.Pattern[str]:
    number = rf"(?:{_NUMBER}|\b(?:{'|'.join(map(re.escape, words))})\b)"
    between = "|".join(map(re.escape, ranges))
    base = "|".join(r"\s+".join(map(re.escape, p.split())) for p in per)
    pattern = rf"(?P<count>{number})(?:\s*(?:{between})\s*(?P<to>{number}))?\s+(?:{base})\s+(?P<per>{number})"
    return re.compile(pattern, re.I)


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
    root = ctx.report.root
    try:
        worded, words = _worded(ctx.root, language)
    except ContentError:
        return  # the clinic's languages: line reports the missing language data
    for chunk in ctx.chunks:
        if chunk.role != "risks" and chunk.role != "key-points":
            continue
        flat = chunk.text
        lower = flat.lower()
        stated: dict[int, tuple[object, str, re.Match[str], dict[str, int] | None]] = {}
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
            if said := FREQUENCY.search(window):
                stated[after + said.start()] = (risk, name, said, None)
        # A clause naming one risk, and a figure after its name.
        edges = [0, *(m.end() for m in _CLAUSE_END.finditer(flat)), len(flat)]
        for start, end in zip(edges, edges[1:], strict=False):
            clause = lower[start:end]
            mentions = [
                (m.end(), risk, name)
                for risk, name in named
                for m in [re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", clause)]
                if m
            ]
            if len(mentions) != 1:
                continue
            after, risk, name = mentions[0]
            figures = list(worded.finditer(flat, start + after, end))
            # one figure (two are a comparison: "33 in 100, against 29 in 100 with a dummy
            # injection"), in the handout's words (a table drawn from risks.yaml is the data)
            if len(figures) == 1 and chunk.at(figures[0].start()).file.name != "risks.yaml":
                stated.setdefault(figures[0].start(), (risk, name, figures[0], words))
        for offset, (risk, name, said, by_word) in sorted(stated.items()):
            f = risk.frequency
            figure = (
                _value(said["count"], by_word),
                _value(said["to"], by_word) if said["to"] else None,
                _value(said["per"], by_word),
            )
            if figure != (f.count, f.to, float(f.per)):
                data_says = f"{'fewer than ' if f.below else ''}{number(f.count, language, root)}{f' to {number(f.to, language, root)}' if f.to else ''} in {number(f.per, language, root)}"
                yield ctx.finding(
                    chunk.at(offset), "error", "risk-prose-mismatch",
                    f"the text says '{said[0]}' for '{name}', but risks.yaml says {data_says}",
                    "write the figure from risks.yaml (or correct risks.yaml, with its source)",
                )  # fmt: skip
