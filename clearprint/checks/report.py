"""Check results for people and machines: grouped text, JSON, and an HTML report per clinic
for the clinical reviewer (grade levels by section, findings, waivers)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import jinja2

from ..files import write_text_atomically
from ..problems import Problems
from . import HandoutCheck


def reading_summary(result: HandoutCheck) -> str:
    return result.score.describe() if result.score and result.score.words else "no text"


def text_report(results: list[HandoutCheck], report: Problems) -> str:
    """Findings grouped by output, then any problem that belongs to no output."""
    lines = []
    shown = set()
    for result in results:
        lines.append(f"{result.output.label}: {reading_summary(result)}")
        for finding in result.findings:
            lines.append(f"  {finding}")
            shown.add(finding)
        for finding, waiver in result.waived:
            lines.append(f"  waived: {finding} -- reason: {waiver.reason}")
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


def json_report(results: list[HandoutCheck], report: Problems) -> str:
    shown = {f for r in results for f in r.findings}
    data = {
        "outputs": [
            {
                "output": r.output.label,
                "clinic": r.output.clinic.slug,
                "handout": r.output.handout.meta.id,
                "language": r.output.handout.meta.language,
                "blocked": r.blocked,
                "reading": _score_dict(r.score) if r.score else None,
                "sections": [{"role": s.role, **_score_dict(s.score)} for s in r.sections],
                "findings": [f.as_dict() for f in r.findings],
                "waived": [{**f.as_dict(), "reason": w.reason} for f, w in r.waived],
            }
            for r in results
        ],
        "other_problems": [p.as_dict() for p in report.items if p not in shown],
        "errors": len(report.errors),
        "warnings": len(report.items) - len(report.errors),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def html_reports(results: list[HandoutCheck], root: Path, out: Path) -> list[Path]:
    """One readable report per clinic: out/<clinic>/check-report.html."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    template = env.get_template("check-report.html.j2")
    by_clinic: dict[str, list[HandoutCheck]] = defaultdict(list)
    for result in results:
        by_clinic[result.output.clinic.slug].append(result)
    written = []
    for slug, items in sorted(by_clinic.items()):
        path = out / slug / "check-report.html"
        write_text_atomically(path, template.render(clinic=items[0].output.clinic.settings, results=items))
        written.append(path)
    return written
