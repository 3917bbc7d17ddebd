"""Check results as the manifest keeps them, so that an unchanged output is not checked
again the same day: to JSON and back."""

from __future__ import annotations

import dataclasses

from ..models import Output, Waiver
from ..problems import Problem
from . import CheckResult
from .readability import Score
from .reading import SectionScore


def _problem(data: dict) -> Problem:
    return Problem(data["file"], data["line"], data["message"], data["severity"], data["col"], data["rule"])


def check_to_json(check: CheckResult) -> dict:
    return {
        "findings": [f.as_dict() for f in check.findings],
        "waived": [{"finding": f.as_dict(), "waiver": w.model_dump(mode="json")} for f, w in check.waived],
        "sections": [{"role": s.role, "title": s.title, "score": dataclasses.asdict(s.score)} for s in check.sections],
        "score": dataclasses.asdict(check.score) if check.score else None,
    }


def check_from_json(output: Output, data: dict) -> CheckResult:
    return CheckResult(
        output,
        [_problem(f) for f in data["findings"]],
        [(_problem(w["finding"]), Waiver(**w["waiver"])) for w in data["waived"]],
        [SectionScore(s["role"], s["title"], Score(**s["score"])) for s in data["sections"]],
        Score(**data["score"]) if data["score"] else None,
    )
