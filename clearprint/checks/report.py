"""Check results for people and machines: grouped text, JSON, and an HTML report per clinic
for the clinical reviewer (grade levels by section, findings, waivers)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import StrictUndefined

from ..files import write_text_atomically
from ..problems import Problems
from . import CheckResult


def reading_summary(result) -> str:
    return result.score.describe() if result.score and result.score.words else "no text"


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
        if score.flesch_kincaid is None or score.language != "en"
        else round(score.flesch_kincaid, 1),
        "smog_grade": None if score.smog is None else round(score.smog, 1),
        "fernandez_huerta": None
        if score.language != "es" or score.fernandez_huerta is None
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


def report_pages(results: list[CheckResult], root: Path) -> dict[str, str]:
    """One readable report per clinic, by clinic slug: the page of out/<clinic>/check-report.html."""
    from ..render import Sandbox, TemplateFiles

    env = Sandbox(loader=TemplateFiles(root / "templates"), autoescape=True, undefined=StrictUndefined)
    template = env.get_template("check-report.html.j2")
    by_clinic: dict[str, list[Handout]] = defaultdict(list)
    for item in by_handout(results):
        by_clinic[item.output.clinic.slug].append(item)
    return {
        slug: template.render(clinic=items[0].output.clinic.settings, results=items)
        for slug, items in sorted(by_clinic.items())
    }


def html_reports(results: list[CheckResult], root: Path, out: Path) -> list[Path]:
    """Write each clinic's report to out/<clinic>/check-report.html (for `build.py check`)."""
    written = []
    for slug, page in report_pages(results, root).items():
        path = out / slug / "check-report.html"
        write_text_atomically(path, page)
        written.append(path)
    return written
