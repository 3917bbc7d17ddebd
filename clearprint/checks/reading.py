"""Reading level (whole handout and each section), long sentences, and medical jargon."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..languages import Reading
from ..languages import load as load_language
from ..models import CheckSettings
from ..problems import Problem, Severity
from .context import Context
from .readability import Score, score
from .text import words

LONG_SENTENCE = 25
SECTION_MIN_WORDS = 30  # a section with fewer words is graded only as part of the whole handout


@dataclass(frozen=True)
class SectionScore:
    role: str
    title: str
    score: Score


def reading_rule(ctx: Context) -> Reading:
    """The language's scale and syllable rule (rules/languages/<language>.yaml, `reading:`);
    a ContentError at that file when it is missing (the clinic's languages: line says so too)."""
    return load_language(ctx.root, ctx.language).reading


def section_scores(ctx: Context) -> list[SectionScore]:
    """A score for each section; headings are not sentences a patient reads as prose.
    Scored once per context (the check of the reading level and the report both ask)."""
    if (kept := ctx.__dict__.get("_section_scores")) is not None:
        return kept
    rule = reading_rule(ctx)
    result = []
    for section in ctx.output.sections:
        sentences = [s for c in ctx.chunks if c.role == section.role and c.kind == "text" for _, s in c.sentences()]
        result.append(SectionScore(section.role, section.title, score(sentences, rule.scale, rule.syllables)))
    ctx.__dict__["_section_scores"] = result
    return result


def whole(scores: list[SectionScore], ctx: Context) -> Score:
    total = Score(reading_rule(ctx).scale, 0, 0, 0, 0)
    for item in scores:
        total += item.score
    return total


def grade_severity(grade: float | None, settings: CheckSettings) -> tuple[Severity, float] | None:
    """(severity, the limit it is above) for a grade: an error above `grade_error_above`, a
    warning above `grade_warning_above`, nothing at or below it. The same rule for the whole
    handout and for each section."""
    if grade is None or grade <= settings.grade_warning_above:
        return None
    if grade > settings.grade_error_above:
        return "error", settings.grade_error_above
    return "warning", settings.grade_warning_above


def check(ctx: Context) -> Iterator[Problem]:
    settings = ctx.output.clinic.settings.checks
    scores = section_scores(ctx)
    total = whole(scores, ctx)
    if found := grade_severity(total.grade, settings):
        severity, limit = found
        yield ctx.finding(
            ctx.output.handout.file,
            severity,
            "reading-grade",
            f"{total.formula} {total.grade:.1f} for the whole handout is above {limit:g} ({total.describe()})",
            "use shorter sentences and everyday words; aim for grade 6 to 8",
            1,
        )
    for item in scores:
        # A formula needs some text to mean anything: a short section counts only in the whole.
        found = grade_severity(item.score.grade, settings) if item.score.words >= SECTION_MIN_WORDS else None
        if found:
            severity, limit = found
            section = next(s for s in ctx.output.sections if s.role == item.role)
            yield ctx.finding(
                section.file,
                severity,
                "reading-section-grade",
                f"section '{item.role}': {item.score.formula} {item.score.grade:.1f} is above {limit:g} ({item.score.describe()})",
                "shorten its sentences and use everyday words",
                section.line,
            )
    jargon = ctx.rules.jargon
    pattern = (
        re.compile(r"\b(" + "|".join(map(re.escape, sorted(jargon, key=len, reverse=True))) + r")\b", re.I)
        if jargon
        else None
    )
    for chunk in ctx.chunks:
        if chunk.kind == "source":
            continue  # a source's title is its authors' words
        for offset, sentence in chunk.sentences():
            count = len(words(sentence))
            if count > LONG_SENTENCE and chunk.kind == "text":  # not a caption, a title or a label
                yield ctx.finding(
                    chunk.at(offset),
                    "warning",
                    "reading-long-sentence",
                    f"sentence of {count} words (more than {LONG_SENTENCE})",
                    "split it into two",
                )
            for match in pattern.finditer(sentence) if pattern else ():
                term = match[0]
                explained = re.search(rf"called\s+(?:an?\s+)?{re.escape(term)}|{re.escape(term)}\s*\(", sentence, re.I)
                if not explained:
                    yield ctx.finding(
                        chunk.at(offset + match.start()),
                        "warning",
                        "reading-jargon",
                        f"'{term}' is a medical word many patients do not know",
                        f"say '{jargon[term.lower()]}', or explain it in the same sentence",
                    )
