"""Check results for people and machines: grouped text and JSON, and the grouping the HTML
report per clinic shows the clinical reviewer (writers/reports.py writes that page)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..problems import Problems
from . import CheckResult

# Where readers know "reading age" (the age a text is read at, US grade + 5), not US grades.
READING_AGE_COUNTRIES = ("UK", "IE")


def level(score, clinic) -> str:
    """A score in words for the clinic's readers: with the reading age in the UK and Ireland."""
    if score is None or not score.words:
        return "no text"
    return score.describe(reading_age=clinic.country in READING_AGE_COUNTRIES)


def over_limit(item: Handout, clinic) -> list[str]:
    """Every score the report shows that is above the error limit (the checks judge the headline
    grade, so a SMOG grade above it makes no finding): the report says so in words."""
    limit = clinic.checks.grade_error_above
    found = []
    for name, score in [("the whole handout", item.score), *((f"'{s.title}'", s.score) for s in item.sections)]:
        if score is None or not score.words:
            continue
        for formula, value in (("grade", score.grade), ("SMOG grade", score.smog)):
            if value is not None and value > limit:
                found.append(f"{name}: {formula} {value:.1f}")
    return found


def reading_summary(result) -> str:
    return level(result.score, result.output.clinic.settings)


@dataclass
class Handout:
    """The checks of one clinic's handout in one language, all its editions together: the
    editions share their text, so a finding is shown once, not once per edition."""

    first: CheckResult
    editions: list[str] = field(default_factory=list)
    findings: list = field(default_factory=list)
    waived: list = field(default_factory=list)

    @property
    def output(self):
        return self.first.output

    @property
    def label(self) -> str:
        return self.output.label.removesuffix(f".{self.output.edition}")

    @property
    def sections(self):
        return self.first.sections

    @property
    def score(self):
        return self.first.score

    @property
    def blocked(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def by_handout(results: list[CheckResult]) -> list[Handout]:
    grouped: dict[tuple[str, str, str], Handout] = {}
    for result in results:
        output = result.output
        item = grouped.setdefault((output.clinic.slug, *output.handout.key), Handout(result))
        item.editions.append(output.edition)
        item.findings += [f for f in result.findings if f not in item.findings]
        item.waived += [w for w in result.waived if w not in item.waived]
    return list(grouped.values())


def text_report(results: list[CheckResult], report: Problems) -> str:
    """Findings grouped by handout (its editions together), then any problem that belongs to none."""
    lines = []
    shown = set()
    for item in by_handout(results):
        lines.append(f"{item.label} ({', '.join(item.editions)}): {reading_summary(item)}")
        for finding in item.findings:
            lines.append(f"  {finding}")
            shown.add(finding)
        for finding, waiver in item.waived:
            lines.append(
                f"  waived: {finding} -- by {waiver.reviewer} on {waiver.date}, until {waiver.expires}: {waiver.reason}"
            )
    others = [p for p in report.items if p not in shown]
    if others:
        lines.append("other problems:")
        lines += [f"  {p}" for p in others]
    return "\n".join(lines)


def _score_dict(score) -> dict:
    return {
        "formula": score.formula,
        "grade": None if score.grade is None else round(score.grade, 1),
        "flesch_kincaid_grade": None
        if score.flesch_kincaid is None or score.scale != "flesch-kincaid"
        else round(score.flesch_kincaid, 1),
        "smog_grade": None if score.smog is None else round(score.smog, 1),
        "fernandez_huerta": None
        if score.scale != "fernandez-huerta" or score.fernandez_huerta is None
        else round(score.fernandez_huerta, 1),
        "sentences": score.sentences,
        "words": score.words,
    }


def json_report(results: list[CheckResult], report: Problems) -> str:
    shown = {f for r in results for f in r.findings}
    data = {
        "outputs": [
            {
                "output": r.output.label,
                "clinic": r.output.clinic.slug,
                "handout": r.output.handout.meta.id,
                "language": r.output.handout.meta.language,
                "version": r.output.handout.meta.version,
                "review_status": r.output.handout.meta.review_status,
                "blocked": r.blocked,
                "reading": _score_dict(r.score) if r.score else None,
                "sections": [{"role": s.role, **_score_dict(s.score)} for s in r.sections],
                "findings": [f.as_dict() for f in r.findings],
                "waived": [
                    {
                        **f.as_dict(),
                        "reason": w.reason,
                        "reviewer": w.reviewer,
                        "date": str(w.date),
                        "expires": str(w.expires),
                    }
                    for f, w in r.waived
                ],
            }
            for r in results
        ],
        "other_problems": [p.as_dict() for p in report.items if p not in shown],
        "errors": len(report.errors),
        "warnings": len(report.items) - len(report.errors),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
