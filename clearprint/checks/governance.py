"""Governance: review dates, translations kept in step, figures traceable to sources."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..content.markup import CITATION
from ..problems import Problem
from .context import Context

FREQUENCY = re.compile(r"\b\d+(?:\s+(?:to|a|-)\s+\d+)?\s+(?:in|de cada|out of)\s+\d+\b|\d+\s?%", re.I)
CITED = CITATION


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def check(ctx: Context) -> Iterator[Problem]:
    handout = ctx.output.handout
    meta, lines = handout.own_meta or handout.meta, handout.lines
    settings = ctx.output.clinic.settings.checks
    yield from _review_dates(ctx, handout.file, meta, lines, settings.review_warning_days)
    local = ctx.output.clinic.local.get(handout.key)
    if local is not None and local.meta is None:
        yield ctx.finding(
            local.file, "warning", "governance-local-unreviewed",
            "this clinic's own text has no version or review state, so the leaflet prints as awaiting clinical review",
            "start the file with front matter: '---', 'version: \"1.0\"', 'review_status: awaiting-clinical-review', "
            "'---'; then `build.py approve " + handout.meta.id + " --clinic " + ctx.output.clinic.slug + " ...`",
            1,
        )  # fmt: skip
    elif local is not None:
        yield from _review_dates(ctx, local.file, local.meta, local.lines, settings.review_warning_days)
    if meta.language != "en":
        source = ctx.english_versions.get(meta.id)
        if meta.translation_of is None:
            yield ctx.finding(
                handout.file, "warning", "governance-translation-source",
                "this translation does not say which English version it translates",
                "add `translation_of: \"<version>\"` to the front matter",
                2,
            )  # fmt: skip
        elif source and _version(source) > _version(meta.translation_of):
            yield ctx.finding(
                handout.file, "warning", "governance-translation-outdated",
                f"translation out of date: it translates version {meta.translation_of}, the English is version {source}",
                "update the translation and its translation_of",
                lines.get(("translation_of",)),
            )  # fmt: skip
    count = len(meta.sources)
    for chunk in ctx.source_chunks:  # the page has no citation markers (content/markup.py without_citations)
        for match in CITED.finditer(chunk.text):
            for number in map(int, re.split(r"\s*,\s*", match[1])):
                if not 1 <= number <= count:
                    yield ctx.finding(
                        chunk.at(match.start()), "error", "governance-citation",
                        f"[{number}] cites a source that is not listed (there are {count})",
                        "add the source to `sources:` or fix the number",
                    )  # fmt: skip
        if chunk.role in ("benefits", "risks") and FREQUENCY.search(chunk.text) and not CITED.search(chunk.text):
            yield ctx.finding(
                chunk.at(FREQUENCY.search(chunk.text).start()), "warning", "governance-uncited-figure",
                "a figure without a source",
                "add the number of its source, e.g. [1]",
            )  # fmt: skip


def _review_dates(ctx: Context, file, meta, lines: dict, warning_days: int) -> Iterator[Problem]:
    """A review date in the future, a review overdue or soon due, at the file's own lines."""
    days_left = (meta.next_review - ctx.today).days if meta.next_review else 10**6  # a draft has none yet
    if meta.reviewed and meta.reviewed > ctx.today:
        yield ctx.finding(
            file, "error", "governance-reviewed-future",
            f"reviewed is {meta.reviewed}, a day that has not come yet",
            "write the date of the last real review",
            lines.get(("reviewed",)),
        )  # fmt: skip
    if days_left < 0:
        yield ctx.finding(
            file, "error", "governance-review-overdue",
            f"next review was due on {meta.next_review} ({-days_left} days ago)",
            "have the handout reviewed, then update reviewed, next_review and version",
            lines.get(("next_review",)),
        )  # fmt: skip
    elif days_left <= warning_days:
        yield ctx.finding(
            file, "warning", "governance-review-due",
            f"next review is due on {meta.next_review}, in {days_left} days",
            "book the review now",
            lines.get(("next_review",)),
        )  # fmt: skip
