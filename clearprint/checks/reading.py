"""Reading level (whole handout and each section), long sentences, and medical jargon."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..problems import Problem
from .context import Context
from .readability import Score, score
from .text import words

LONG_SENTENCE = 25


@dataclass(frozen=True)
class SectionScore:
    role: str
    title: str
    score: Score


def section_scores(ctx: Context) -> list[SectionScore]:
    """A score for each section; headings are not sentences a patient reads as prose."""
    result = []
    for section in ctx.output.sections:
        sentences = [s for c in ctx.chunks if c.role == section.role and c.kind == "text" for _, s in c.sentences()]
        result.append(SectionScore(section.role, section.title, score(sentences, ctx.language)))
    return result


def whole(scores: list[SectionScore], language: str) -> Score:
    total = Score(language, 0, 0, 0, 0)
    for item in scores:
        total += item.score
    return total


def check(ctx: Context) -> Iterator[Problem]:
    settings = ctx.output.clinic.settings.checks
    scores = section_scores(ctx)
    total = whole(scores, ctx.language)
    grade = total.grade
    if grade is not None and grade > settings.grade_warning_above:
        severity = "error" if grade > settings.grade_error_above else "warning"
        limit = settings.grade_error_above if severity == "error" else settings.grade_warning_above
        yield ctx.finding(
            ctx.output.handout.file,
            severity,
            "reading-grade",
            f"{total.formula} {grade:.1f} for the whole handout is above {limit:g} ({total.describe()})",
            "use shorter sentences and everyday words; aim for grade 6 to 8",
            1,
        )
    for item in scores:
        section_grade = item.score.grade
        if section_grade is not None and section_grade > settings.grade_error_above and item.score.words >= 30:
            section = next(s for s in ctx.output.sections if s.role == item.role)
            yield ctx.finding(
                section.file,
                "warning",
                "reading-section-grade",
                f"section '{item.role}': {item.score.formula} {section_grade:.1f} ({item.score.describe()})",
                "this section is the hardest to read; shorten its sentences",
                section.line,
            )
    jargon = ctx.rules.jargon
    pattern = (
        re.compile(r"\b(" + "|".join(map(re.escape, sorted(jargon, key=len, reverse=True))) + r")\b", re.I)
        if jargon
        else None
    )
    for chunk in ctx.chunks:
        for offset, sentence in chunk.sentences():
            count = len(words(sentence))
            if count > LONG_SENTENCE and chunk.kind == "text":
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
