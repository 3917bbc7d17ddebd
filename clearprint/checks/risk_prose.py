"""Risk prose against risk data: a frequency the prose states after a risk's own bold label
("**Bruising:** about 50 in 100"), or later in a clause that names that risk and no other
("Bruising happens to about 50 in 100 people", "Cold sores: about two in ten"), must be the
data's in risks.yaml, so the leaflet, its risk table and the consent form can never disagree;
in any section (a figure is the patient's wherever it is printed), in digits, in words ("eight
in every hundred") or as a percentage ("5% of people"), compared as a share.
A clause naming several risks or giving two figures (a comparison), or a figure before the
risk's name ("about 50 in 100 got cold sores"), is not read as its frequency; a clause ends at
. ; ! ? or a line. Text drawn from risks.yaml itself (the risk table) is the data."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache

from ..content.risks import load_risks, number
from ..languages import load as load_language
from ..problems import ContentError, Problem
from .context import Context

# "10 000" too: Spanish Markdown may hold a plain space between the thousands (keep_whole.py)
_NUMBER = r"\d+(?:[,\u00a0 ]\d{3}(?!\d))*(?:\.\d+)?"
REACH = 160  # characters after a risk's name in which its frequency is looked for


_CLAUSE_END = re.compile(r"(?<!\d)[.;!?](?!\d)|\n")


def _value(text: str, words: dict[str, int]) -> float:
    word = " ".join(text.lower().split())
    return float(words[word]) if word in words else float(re.sub(r"[,\u00a0 ]", "", text))


def _worded(root, language: str) -> tuple[re.Pattern[str], dict[str, int]]:
    """A frequency with digits or the language's words: "two in ten", "eight in every hundred",
    "dos de cada diez", or a percentage ("5%", "2 to 3 per cent"); the words' values."""
    data = load_language(root, language)
    words = {w.lower(): n for n, ws in data.claims.number_words.items() for w in ws if len(w) > 1}
    bases = {" ".join(w.lower().split()): n for n, ws in data.evidence.bases.items() for w in ws}
    evidence = data.evidence
    pattern = _frequency(
        tuple(sorted(words, key=len, reverse=True)),
        tuple(sorted(bases, key=len, reverse=True)),
        tuple(evidence.ranges),
        tuple(evidence.per),
        tuple(evidence.percent),
    )
    return pattern, {**words, **bases}


def _words(alternatives: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(map(re.escape, a.split())) for a in alternatives)


@cache
def _frequency(
    words: tuple[str, ...],
    bases: tuple[str, ...],
    ranges: tuple[str, ...],
    per: tuple[str, ...],
    percent: tuple[str, ...],
) -> re.Pattern[str]:
    named = f"|\\b(?:{_words(words)})\\b" if words else ""
    number = rf"(?:{_NUMBER}{named})"
    base = rf"(?:{_NUMBER}|\b(?:{_words(bases)})\b)" if bases else _NUMBER
    between = "|".join(map(re.escape, ranges))
    natural = rf"(?P<count>{number})(?:\s*(?:{between})\s*(?P<to>{number}))?\s+(?:{_words(per)})\s+(?P<per>{base})"
    if not percent:
        return re.compile(natural, re.I)
    share = rf"(?P<pcount>{_NUMBER})(?:\s*(?:{between})\s*(?P<pto>{_NUMBER}))?\s*(?:{_words(percent)})"
    return re.compile(f"{natural}|{share}", re.I)


def _figure(said: re.Match[str], words: dict[str, int]) -> tuple[float, float | None]:
    """The figure `said` states as shares of one: "5 in 100" and "5%" are (0.05, None)."""
    if "pcount" in said.re.groupindex and said["pcount"]:
        count, to, per = said["pcount"], said["pto"], "100"
    else:
        count, to, per = said["count"], said["to"], said["per"]
    base = _value(per, words)
    return _value(count, words) / base, (_value(to, words) / base if to else None)


def _same(stated: tuple[float, float | None], count: float, to: float | None, per: float) -> bool:
    low, high = stated
    return math.isclose(low, count / per, rel_tol=1e-6) and (
        (high is None and to is None)
        or (high is not None and to is not None and math.isclose(high, to / per, rel_tol=1e-6))
    )


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
        if chunk.kind == "source":  # a figure is the patient's anywhere in the leaflet (round-9 attack, case 64)
            continue
        flat = chunk.text
        lower = flat.lower()
        stated: dict[int, tuple[object, str, re.Match[str]]] = {}
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
            if said := worded.search(window):
                stated[after + said.start()] = (risk, name, said)
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
                stated.setdefault(figures[0].start(), (risk, name, figures[0]))
        for offset, (risk, name, said) in sorted(stated.items()):
            f = risk.frequency
            if not _same(_figure(said, words), f.count, f.to, float(f.per)):
                data_says = f"{'fewer than ' if f.below else ''}{number(f.count, language, root)}{f' to {number(f.to, language, root)}' if f.to else ''} in {number(f.per, language, root)}"
                yield ctx.finding(
                    chunk.at(offset), "error", "risk-prose-mismatch",
                    f"the text says '{said[0]}' for '{name}', but risks.yaml says {data_says}",
                    "write the figure from risks.yaml (or correct risks.yaml, with its source)",
                )  # fmt: skip
