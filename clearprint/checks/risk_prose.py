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
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..content.risks import Frequency, load_risks, number, word
from ..languages import load as load_language
from ..languages import number_words
from ..problems import ContentError, Problem
from .context import Context
from .diacritics import bare
from .page_text import source_line

# "10 000" too: Spanish Markdown may hold a plain space between the thousands (keep_whole.py)
_NUMBER = r"\d+(?:[,\u00a0 ]\d{3}(?!\d))*(?:\.\d+)?"
REACH = 160  # characters after a risk's name in which its frequency is looked for
SHARE_TOLERANCE = 0.1  # "about half of people" is honest for 40 to 60 in 100, not for 80
COMPARED = {"more": "more common than", "less": "less common than", "same": "about as common as"}
BANDS = ("very-rare", "rare", "uncommon", "common", "very-common")  # content/risks.word, rarest first


INDIAN = re.compile(r"(?<![\d.,])\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])")  # "1,00,000" (lakh grouping)
_CLAUSE_END = re.compile(r"(?<!\d)[.;!?](?!\d)|\n")


def _value(text: str, words: dict[str, int]) -> float:
    word = " ".join(text.lower().split())
    if word in words:
        return float(words[word])
    count, _, times = word.rpartition(" ")
    if count and times in words:  # "fifty thousand", "50 mil": a count of thousands (round-22 attack, case 13)
        return _value(count, words) * words[times]
    return float(re.sub(r"[,\u00a0 ]", "", text))


class Reading(NamedTuple):
    """What a language's data (rules/languages/<language>.yaml) gives the check to read with."""

    figures: re.Pattern[str]  # a frequency: "two in ten", "8%", "1/100", "about half of"
    values: dict[str, Any]  # the value of each number word, base word and share
    comparing: list[tuple[str, re.Pattern[str]]]  # "more", "less", "same": "more common than"
    negation: re.Pattern[str]
    bands: re.Pattern[str]  # the EU frequency words, a group each; `compared` when a word before makes it none
    counted: re.Pattern[str]  # what follows a frequency's base: what risks are counted in, or the clause's end
    group: re.Pattern[str] | None  # a study's comparison group ("a dummy injection"), or None
    people: tuple[re.Pattern[str], dict[str, tuple[float, float]]] | None  # "hardly anyone" -> (0, 0.01)
    verbs: str  # "gets|has": how many people in words, then one of these, then the risk
    after: str  # "happens to": the risk, then one of these, then how many people in words
    relative: re.Pattern[str] | None  # "who": what follows is about some people, not how many
    comma: re.Pattern[str]  # a count with a decimal comma: "0,3 in 100"
    odds: re.Pattern[str] | None  # odds: "the odds of bruising are 1 to 999"


def _reading(root, language: str) -> Reading:
    data = load_language(root, language)
    evidence = data.evidence
    words = number_words(data)  # the tens and hundreds too: "setenta de cada cien" (round-20 attack, case 11)
    bases = {" ".join(w.lower().split()): n for n, ws in evidence.bases.items() for w in ws}
    shares = {" ".join(w.lower().split()): Fraction(f) for f, ws in evidence.shares.items() for w in ws}
    figures = _frequency(
        tuple(sorted(words, key=len, reverse=True)),
        tuple(sorted(bases, key=len, reverse=True)),
        tuple(evidence.ranges),
        tuple(evidence.per),
        tuple(evidence.percent),
        tuple(sorted(shares, key=len, reverse=True)),
        tuple(sorted((b for b, n in bases.items() if n >= 1000 and " " not in b), key=len, reverse=True)),
    )
    comparing = [(how, re.compile(rf"\b(?:{_words(tuple(ws))})\b", re.I)) for how, ws in evidence.comparisons.items()]
    risk_words = data.risks.words
    groups = []
    for band in BANDS:
        forms = risk_words[band] if isinstance(risk_words[band], dict) else {"": risk_words[band]}
        others = evidence.band_words.get(band, [])  # "exceptional" (round-23 attack, case 7)
        alternatives = tuple(sorted({f.lower() for f in [*forms.values(), *others]}, key=len, reverse=True))
        groups.append(rf"(?P<{band.replace('-', '_')}>{_words(alternatives)})")
    leads = tuple(w.lower() for w in evidence.not_frequency_before)  # "more common" is no frequency
    before = rf"(?P<compared>\b(?:{_words(leads)})\s+)?" if leads else ""
    bands = re.compile(rf"{before}\b(?:{'|'.join(groups)})\b", re.I)
    counted = {str(risk_words[b]).split()[0].lower() for b in ("people", "syringes", "treatments", "peels")}
    return Reading(
        figures,
        {**words, **bases, **shares},
        comparing,
        re.compile(data.claims.negations, re.I),
        bands,
        re.compile(rf"\s*(?:\b(?:{_words(tuple(sorted(counted)))})\b|[.;,)\[]|$)", re.I),
        re.compile(rf"\b(?:{_words(tuple(evidence.comparison_group))})\b", re.I) if evidence.comparison_group else None,
        _people_words(evidence.people),
        _words(tuple(sorted(evidence.people_verbs, key=len, reverse=True))),
        _words(tuple(sorted(evidence.people_after, key=len, reverse=True))),
        re.compile(rf"\b(?:{_words(tuple(evidence.people_relative))})\b") if evidence.people_relative else None,
        re.compile(rf"(?<![\d.,])(?P<n>\d+,\d{{1,2}})(?![\d,])\s+(?:{_words(tuple(evidence.per))})\s", re.I),
        re.compile(
            rf"\b(?:{_words(tuple(evidence.odds))})\b[^.;]{{0,60}}?(?<![\d.,])\d+\s*(?:{_words(tuple(evidence.odds_against))})\s*\d+",
            re.I,
        )
        if evidence.odds and evidence.odds_against
        else None,
    )


def _people_words(people: dict[str, list[str]]) -> tuple[re.Pattern[str], dict[str, tuple[float, float]]] | None:
    shares = {}
    for key, phrases in people.items():
        low, _, high = key.partition("-")
        for phrase in phrases:
            shares[" ".join(bare(phrase.lower()).split())] = (float(Fraction(low)), float(Fraction(high)))
    if not shares:
        return None
    return re.compile(rf"\b(?:{_words(tuple(sorted(shares, key=len, reverse=True)))})\b"), shares


def _words(alternatives: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(map(re.escape, a.split())) for a in alternatives)


@cache
def _frequency(
    words: tuple[str, ...],
    bases: tuple[str, ...],
    ranges: tuple[str, ...],
    per: tuple[str, ...],
    percent: tuple[str, ...],
    shares: tuple[str, ...] = (),
    thousands: tuple[str, ...] = (),
) -> re.Pattern[str]:
    named = f"|\\b(?:{_words(words)})\\b" if words else ""
    number = rf"(?:{_NUMBER}{named})"
    base = rf"(?:{_NUMBER}|\b(?:{_words(bases)})\b)" if bases else _NUMBER
    if words:  # "two in every three": a base in words
        base = rf"(?:{base}|\b(?:{_words(words)})\b)"
    if thousands:  # "one in every fifty thousand": the whole base, not "fifty"
        base = rf"(?:{number}\s+(?:{_words(thousands)})\b|{base})"
    between = "|".join(map(re.escape, ranges))
    natural = rf"(?P<count>{number})(?:\s*(?:{between})\s*(?P<to>{number}))?\s+(?:{_words(per)})\s+(?P<per>{base})"
    # "1/100 syringes": a fraction with a slash, not a date ("1/12/2026") nor "24/7"
    alternatives = [natural, r"(?<![\d/.,])(?P<scount>\d+)\s?/\s?(?P<sper>\d+(?:,\d{3})*)(?![\d/]|[.,]\d)"]
    if percent:  # in digits or words ("ocho por ciento"), or per thousand: "8‰" (round-22 attack, cases 10, 11)
        sign = rf"(?P<psign>{_words(percent)}|\u2030)"
        share = rf"(?P<pcount>{number})(?:\s*(?:{between})\s*(?P<pto>{number}))?\s*{sign}"
        alternatives.append(share)
    if shares:
        alternatives.append(rf"\b(?P<words>{_words(shares)})\b")
    return re.compile("|".join(alternatives), re.I)


class Stated(NamedTuple):
    """A figure as shares of one: "5 in 100", "5/100" and "5%" are (0.05, None); "2 to 3 in
    100" is (0.02, 0.03); a share in words ("half of") is rough: SHARE_TOLERANCE either side."""

    low: float
    high: float | None
    rough: bool = False


def _figure(said: re.Match[str], words: dict[str, Any]) -> Stated | None:
    """What `said` states, or None when it is no figure ("24/7", "3/2")."""
    if "words" in said.re.groupindex and said["words"]:
        share = float(words[" ".join(said["words"].lower().split())])
        return Stated(max(share - SHARE_TOLERANCE, 0.0), min(share + SHARE_TOLERANCE, 1.0), rough=True)
    if said["scount"]:
        count, to, per = said["scount"], None, said["sper"]
        if not _a_fraction(int(count), int(per.replace(",", ""))):
            return None
    elif "pcount" in said.re.groupindex and said["pcount"]:
        count, to, per = said["pcount"], said["pto"], "1000" if said["psign"] == "\u2030" else "100"
    else:
        count, to, per = said["count"], said["to"], said["per"]
    base = _value(per, words)
    if base <= 0 or _value(count, words) >= base:
        return None
    return Stated(_value(count, words) / base, _value(to, words) / base if to else None)


def _a_fraction(count: int, per: int) -> bool:
    """Whether "count/per" reads as a natural frequency ("1/100", "3/1,000"): not a range of
    days ("2/3 days"), a time ("24/7") or a numbered regulation ("S.I. 541/2007")."""
    return per >= 10 and count < per and not (count >= 10 and 1900 <= per <= 2099)


def _figures(reading: Reading, text: str, start: int, end: int):
    """(match, Stated) for each figure in text[start:end]."""
    for said in reading.figures.finditer(text, start, end):
        if (stated := _figure(said, reading.values)) is not None:
            yield said, stated


def _span(f: Frequency) -> tuple[float, float]:
    """The shares of one a risk's figure covers: "fewer than 2 in 10,000" is 0 to 0.0002."""
    return (0.0 if f.below else f.count / f.per), (f.to or f.count) / f.per


def _same(stated: Stated, f: Frequency) -> bool:
    if stated.rough:  # the data's figure within the share's tolerance
        low, high = _span(f)
        return high >= stated.low and low <= (stated.high or stated.low)
    count, to, per = f.count, f.to, float(f.per)
    return math.isclose(stated.low, count / per, rel_tol=1e-6) and (
        (stated.high is None and to is None)
        or (stated.high is not None and to is not None and math.isclose(stated.high, to / per, rel_tol=1e-6))
    )


def _contradicts(how: str, first: Frequency, second: Frequency) -> bool:
    """Whether the data contradicts "first is more / less / as common as second". Figures
    counted in different things (people, syringes) must differ twice over to contradict."""
    (low1, high1), (low2, high2) = _span(first), _span(second)
    margin = 1.0 if first.base == second.base else 2.0
    if how == "more":
        return high1 * margin <= low2
    if how == "less":
        return low1 >= high2 * margin
    return high1 * 2 * margin < low2 or high2 * 2 * margin < low1  # "as common as": within a factor of 2


def _label(chunk, at: int) -> bool:
    """Whether the text at `at` opens a bold run in the file ("**Name"): the checks' text has
    the Markdown masked, so the file's own line is read."""
    where = chunk.at(at)
    line = source_line(where.file, where.line)
    return line is not None and line[max(0, where.col - 3) : where.col - 1] == "**"


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
    also = [(risk, other) for risk, _ in named for other in (risk.words.get(language) or risk.words["en"]).also]
    root = ctx.report.root
    try:
        reading = _reading(ctx.root, language)
    except ContentError:
        return  # the clinic's languages: line reports the missing language data
    # a chunk that names no risk states no risk's figure (only _over_the_whole reads it)
    any_name = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    for chunk in ctx.chunks:
        if chunk.kind == "source":  # a figure is the patient's anywhere in the leaflet (round-9 attack, case 64)
            continue
        flat = chunk.text
        lower = flat.lower()
        if chunk.file_at(0).name != "risks.yaml":  # "Hardly anyone gets a bruise" names it by another word
            yield from _people(ctx, chunk, [*named, *also], reading, language)
            if reading.group is not None and not _labels_a_compared_risk(chunk, lower, named):
                compared = [(risk, name) for risk, name in named if risk.compare is not None]
                yield from _group(ctx, chunk, compared, reading, language)
        if not any_name.search(lower):
            yield from _over_the_whole(ctx, chunk, reading)
            continue
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
            if found := next(_figures(reading, window, 0, len(window)), None):
                stated[after + found[0].start()] = (risk, name, *found)
            if risk.compare is not None and reading.group is not None:
                yield from _group(ctx, chunk, [(risk, name)], reading, language, after)
        # A clause naming one risk, and a figure after its name.
        edges = [0, *(m.end() for m in _CLAUSE_END.finditer(flat)), len(flat)]
        for start, end in zip(edges, edges[1:], strict=False):
            clause = lower[start:end]
            mentions = [
                (m.end(), risk, name, m.start())
                for risk, name in named
                for m in [re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", clause)]
                if m
            ]
            if not mentions or chunk.file_at(start).name == "risks.yaml":
                continue  # no risk named; or a table drawn from risks.yaml, which is the data
            if len(mentions) == 2:
                yield from _compared(ctx, chunk, start, clause, mentions, reading, language)
            # Each risk named, with the figure between its name and the next risk's (or the
            # clause's end): "redness (about 80 in 100) and bruising (about 50 in 100)". One
            # figure only: two are a comparison ("33 in 100, against 29 in 100 with a dummy injection").
            mentions.sort(key=lambda m: m[3])
            for (after, risk, name, _), following in zip(mentions, [*mentions[1:], None], strict=False):
                stop = start + following[3] if following else end
                figures = list(_figures(reading, flat, start + after, stop))
                if len(figures) == 1:
                    stated.setdefault(figures[0][0].start(), (risk, name, *figures[0]))
                elif not figures and not any(
                    pattern.search(flat, start + after, stop) for _, pattern in reading.comparing
                ):  # a frequency word, not a comparison ("más raros que el enrojecimiento")
                    yield from _banded(ctx, chunk, flat, (start, start + after, stop), risk, name, reading, language)
        yield from _over_the_whole(ctx, chunk, reading)
        for offset, (risk, name, said, figure) in sorted(stated.items()):
            if not _same(figure, risk.frequency):
                yield ctx.finding(
                    chunk.at(offset), "error", "risk-prose-mismatch",
                    f"the text says '{said[0]}' for '{name}', but risks.yaml says {_says(risk.frequency, language, root)}",
                    "write the figure from risks.yaml (or correct risks.yaml, with its source)",
                )  # fmt: skip


def _labels_a_compared_risk(chunk, lower: str, named) -> bool:
    """Whether the chunk holds the bold label of a risk with a comparison group (`_group` reads
    the sentences after it)."""
    return any(
        _label(chunk, m.start())
        for risk, name in named
        if risk.compare is not None
        for m in re.finditer(re.escape(name.lower()), lower)
    )


def _group(ctx: Context, chunk, compared, reading: Reading, language: str, after: int = 0):
    """A sentence (after `after`: a risk's label) that names the study's comparison group with
    one figure ("About 29 in 100 had one after a dummy injection"): the group's, which must be
    `compare:` of the risk in `compared` it names, or of the only one (round-14 attack, case 39:
    `compare:` changed, the prose not; away from the labels too, in the questions or a box)."""
    for offset, sentence in chunk.sentences():
        if offset + len(sentence) <= after or not reading.group.search(sentence):
            continue
        lower = sentence.lower()
        which = [(r, n) for r, n in compared if n.lower() in lower] or (compared if len(compared) == 1 else [])
        figures = list(_figures(reading, chunk.text, offset, offset + len(sentence)))
        if len(which) != 1 or len(figures) != 1:
            continue
        (risk, name), (said, stated) = which[0], figures[0]
        group = Frequency(count=risk.compare, per=100)
        if not _same(stated, group):
            yield ctx.finding(
                chunk.at(said.start()), "error", "risk-prose-mismatch",
                f"the text says '{said[0]}' for the comparison group of '{name}', but risks.yaml says "
                f"{_says(group, language, ctx.report.root)} (`compare:`)",
                "write the comparison group's figure from risks.yaml (or correct risks.yaml, with its source)",
            )  # fmt: skip


def _banded(
    ctx: Context, chunk, flat: str, span: tuple[int, int, int], risk, name: str, reading: Reading, language: str
):
    """A frequency word after a risk's name ("Redness is rare") two bands or more from its
    figure's in risks.yaml (80 in 100 is very common: round-12 attack, case 10). One band
    apart is left alone: a per-syringe figure, or a plain-words "common" for 9 in 100; so is
    a word a negation before it denies ("Redness is not rare"). A negation after it does not
    ("muy raros: casi nadie los tiene", round-13 attack, case 14). `span`: where the clause
    starts, where the risk's name ends, where the clause (or the next risk's name) starts."""
    clause, start, stop = span
    said = next((m for m in reading.bands.finditer(flat, start, stop) if not m.groupdict().get("compared")), None)
    if said is None or reading.negation.search(flat, clause, said.start()):
        return
    yield from _band_apart(ctx, chunk, said, risk, name, language)


def _band_apart(ctx: Context, chunk, said: re.Match[str], risk, name: str, language: str):
    """An error at the frequency word `said` (a match of `Reading.bands`) when it is two bands or
    more from `risk`'s figure in risks.yaml; one band apart is left alone."""
    band = next(b for b, value in said.groupdict().items() if value and b != "compared")
    stated = BANDS.index(band.replace("_", "-"))
    low, high = _span(risk.frequency)
    if BANDS.index(word(low)) - 1 <= stated <= BANDS.index(word(high)) + 1:
        return
    yield ctx.finding(
        chunk.at(said.start()), "error", "risk-prose-mismatch",
        f"the text says '{chunk.text[said.start() : said.end()]}' for '{name}', but risks.yaml says "
        f"{_says(risk.frequency, language, ctx.report.root)}",
        "write the figure from risks.yaml, or a word that fits it (the risk table says which)",
    )  # fmt: skip


def _people(ctx: Context, chunk, named, reading: Reading, language: str):
    """How many people in words, right before a risk's verb and the risk ("Hardly anyone gets a
    bruise", "Muy pocas personas tienen moretones") or after the risk and its verb ("Bruising
    happens to hardly anyone"), against the risk's figure (round-16 attack, cases 8 to 10: 50 in
    100 bruise). A negation between them turns it round ("Most people have no redness": fewer
    than half, against 80 in 100); one before it leaves the clause unread ("Not most people").
    The risk is named by its name or, when that is long enough, a word it starts ("bruise" for
    "Bruising", "moretón" for "Moretones"). Apart by more than the words allow (none to 1 in 100
    is honest up to 3 in 100; other ranges give or take SHARE_TOLERANCE), an error at the words."""
    if reading.people is None:
        return
    people, shares = reading.people
    folded = bare(chunk.text.lower())
    for comma in reading.comma.finditer(folded):  # "About 0,3 in 100 people" (round-17 attack, case 9)
        yield ctx.finding(
            chunk.at(comma.start()), "error", "risk-prose-mismatch",
            f"'{comma['n']}' has a decimal comma, which readers and the checks "
            "read in different ways",
            "give a whole number out of a larger one, as risks.yaml does (for example '3 in 1,000')",
        )  # fmt: skip
    edges = [0, *(m.end() for m in _CLAUSE_END.finditer(folded)), len(folded)]
    for start, end in zip(edges, edges[1:], strict=False):
        yield from _figure_first(ctx, chunk, folded, (start, end), named, reading, language)
        yield from _band_first(ctx, chunk, folded, (start, end), named, reading, language)
        for said in people.finditer(folded, start, end):
            if reading.negation.search(folded, start, said.start()):
                continue
            found = [
                (risk, name, between)
                for risk, name in named
                if (between := _people_risk(folded, said, start, end, _risk_words(name), reading)) is not None
            ]
            if len(found) != 1:
                continue
            risk, name, between = found[0]
            low, high = shares[" ".join(said[0].split())]
            if reading.negation.search(folded, *between):
                low, high = 1 - high, 1 - low
            tolerance = min(SHARE_TOLERANCE, 3 * high) if low == 0 else SHARE_TOLERANCE
            data_low, data_high = _span(risk.frequency)
            if data_low > high + tolerance or data_high < low - tolerance:
                yield ctx.finding(
                    chunk.at(said.start()), "error", "risk-prose-mismatch",
                    f"the text says '{chunk.text[said.start() : said.end()]}' for '{name}', but risks.yaml says "
                    f"{_says(risk.frequency, language, ctx.report.root)}",
                    "write the figure from risks.yaml, or words that fit it",
                )  # fmt: skip


def _band_first(ctx: Context, chunk, folded: str, clause: tuple[int, int], named, reading: Reading, language: str):
    """A frequency word before the one risk its clause names, joined as how many people in words
    are ("It is very rare to get a cold sore", "Es muy raro que salga un herpes labial": cold
    sores are 7 in 100; round-21 attack, case 8), two bands or more from the risk's figure, as
    `_banded` reads one after the name."""
    start, end = clause
    for said in reading.bands.finditer(folded, start, end):
        if said.groupdict().get("compared") or reading.negation.search(folded, start, said.start()):
            continue
        # (its "que" is a conjunction, not the relative clause `_people_risk` leaves unread)
        found = [
            (risk, name)
            for risk, name in named
            if _joined(_risk_words(name), reading.verbs, reading.after)[0].match(folded, said.end(), end)
        ]
        if len(found) == 1:
            yield from _band_apart(ctx, chunk, said, *found[0], language)


def _figure_first(ctx: Context, chunk, folded: str, clause: tuple[int, int], named, reading: Reading, language: str):
    """A figure before the one risk its clause names, joined as how many people in words are
    ("About 2 in 3 people get a drooping eyelid", "Two in every three people treated get one":
    round-17 attack, cases 7 and 8), read against the risk's figure. Not a comparison group's
    ("… after a dummy injection"), not one a negation turns round, not a relative clause's."""
    start, end = clause
    if reading.group is not None and reading.group.search(folded, start, end):
        return
    for said in reading.figures.finditer(folded, start, end):
        stated = _figure(said, reading.values)
        if stated is None:
            continue
        found = [
            (risk, name, between)
            for risk, name in named
            if (between := _people_risk(folded, said, start, end, _risk_words(name), reading, after=False)) is not None
        ]
        if len(found) != 1 or reading.negation.search(folded, *found[0][2]):
            continue
        risk, name, _ = found[0]
        if not _same(stated, risk.frequency):
            yield ctx.finding(
                chunk.at(said.start()), "error", "risk-prose-mismatch",
                f"the text says '{chunk.text[said.start() : said.end()]}' for '{name}', but risks.yaml says "
                f"{_says(risk.frequency, language, ctx.report.root)}",
                "write the figure from risks.yaml (or correct risks.yaml, with its source)",
            )  # fmt: skip


@cache
def _risk_words(name: str) -> str:
    """A pattern for a risk's name without its article ("A drooping eyelid"), or a word it starts
    when that is 5 letters or more."""
    name = re.sub(r"^(?:a|an|the|un|una|el|la|los|las)\s+", "", bare(name.lower()))
    stem = re.sub(r"(?:ing|ness|es|s)$", "", name)
    return rf"(?<!\w){re.escape(stem if len(stem) >= 5 else name)}\w*"


@cache
def _joined(risk: str, verbs: str, after: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """How many people (or a figure), then one of `verbs` and the risk: "hardly anyone gets a
    bruise", "most people treated for frown lines get a drooping eyelid", or the risk as the
    verb, "hardly anyone bruises"; and the risk, then one of `after`: "bruising happens to"."""
    before = re.compile(rf"\s+(?:(?P<who>(?:[\w'-]+\s+){{0,5}}?)(?:{verbs})\s+(?:[\w'-]+\s+){{0,3}}?)?{risk}")
    return before, re.compile(rf"{risk}\s+(?:[\w'-]+\s+){{0,2}}?(?:{after})\s+$")


def _people_risk(
    folded: str, said: re.Match[str], start: int, end: int, risk: str, reading: Reading, after: bool = True
):
    """(from, to) of the words between how many people and the risk, when they are joined by one
    of the language's verbs (up to five words before it, three after, none starting a relative
    clause); None when the clause does not say it so."""
    before, following = _joined(risk, reading.verbs, reading.after)
    if reading.verbs and (m := before.match(folded, said.end(), end)):
        if m["who"] and reading.relative is not None and reading.relative.search(m["who"]):
            return None  # "most people who get a drooping eyelid find it settles"
        return said.end(), m.end()
    if after and reading.after and (m := following.search(folded[start : said.start()])):
        return start + m.start(), said.start()
    return None


def _over_the_whole(ctx: Context, chunk, reading: Reading):
    """A count out of a smaller number, anywhere a patient reads it: "fewer than 10,000 in 2
    syringes" (round-12 attack, case 11) says nothing, whatever risk it is about. Nor do odds
    ("1 to 999") or digits grouped in twos ("1,00,000"), which readers and the checks misread
    (round-23 attack, cases 8 and 10)."""
    for odds in reading.odds.finditer(chunk.text) if reading.odds else ():
        yield ctx.finding(
            chunk.at(odds.start()), "error", "risk-prose-mismatch",
            f"'{odds[0]}' gives odds, which most readers misread",
            "give a natural frequency, as risks.yaml does (for example 'about 50 in 100 people')",
        )  # fmt: skip
    for twos in INDIAN.finditer(chunk.text):
        yield ctx.finding(
            chunk.at(twos.start()), "error", "risk-prose-mismatch",
            f"'{twos[0]}' groups its digits in twos, which readers in other countries and the checks misread",
            f"group them in threes, as risks.yaml does ('{int(twos[0].replace(',', '')):,}')",
        )  # fmt: skip
    for said in reading.figures.finditer(chunk.text):
        if not said["count"] or not said["per"]:
            continue
        point = re.fullmatch(r"\d{1,3}(?:\.\d{3})+", said["per"])  # "50 in 1.000" (round-16 attack, case 11)
        if not point and not reading.counted.match(chunk.text, said.end()):
            continue  # (a point is read before whatever the figure counts: "1 in 1.000 light peels")
        count, per = _value(said["count"], reading.values), _value(said["per"], reading.values)
        if point:  # "1 in 1.000" is 1 in 1 to the checks and to a reader used to decimal points (round 20, case 12)
            whole = " counts more than its whole" if count > per else ""
            yield ctx.finding(
                chunk.at(said.start()), "error", "risk-prose-mismatch",
                f"'{said[0]}'{whole}: the point in '{said['per']}' is read as a decimal point",
                f"write the thousands with a comma or a space ('{said['per'].replace('.', ',')}'), as risks.yaml gives it",
            )  # fmt: skip
        elif count > per:
            yield ctx.finding(
                chunk.at(said.start()), "error", "risk-prose-mismatch",
                f"'{said[0]}' counts more than its whole: a frequency is a number out of a larger one",
                f"write it the other way round ('{said['per']} in {said['count']}'), as risks.yaml gives it",
            )  # fmt: skip


def _says(f: Frequency, language: str, root: Path) -> str:
    to = f" to {number(f.to, language, root)}" if f.to else ""
    return f"{'fewer than ' if f.below else ''}{number(f.count, language, root)}{to} in {number(f.per, language, root)}"


def _compared(ctx: Context, chunk, start: int, clause: str, mentions, reading: Reading, language: str):
    """A clause naming two risks with a comparison between their names ("bruising is more common
    than redness", "about as common as"), when their figures in risks.yaml contradict it (round-11
    attack, case 30). A comparison a negation before it denies is not read ("is not more common
    than"); one after it does not deny it ("…than redness: no one doubts it")."""
    (end1, first, name1, at1), (end2, second, name2, at2) = sorted(mentions, key=lambda m: m[3])
    between = clause[end1:at2]
    found = next(((h, m) for h, pattern in reading.comparing if (m := pattern.search(between))), None)
    if found is None or reading.negation.search(clause, 0, end1 + found[1].start()):
        return
    how = found[0]
    if _contradicts(how, first.frequency, second.frequency):
        root = ctx.report.root
        yield ctx.finding(
            chunk.at(start + at1), "error", "risk-prose-mismatch",
            f"the text says '{name1}' is {COMPARED[how]} '{name2}', but risks.yaml says {_says(first.frequency, language, root)} "
            f"and {_says(second.frequency, language, root)}",
            "compare them as risks.yaml does, or give each its figure",
        )  # fmt: skip
