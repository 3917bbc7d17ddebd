"""A number a clinic writes is a finite number (attack7 A47): YAML's .nan compares false with
every limit, so `grade_error_above: .nan` passed "only stricter" and switched the reading
check off; .inf, -.inf and .nan are refused at their line in every file a clinic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.pipeline import Selection, check_only
from conftest import TODAY, copy_samples, settings


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf"])
@pytest.mark.parametrize("name", ["grade_warning_above", "grade_error_above", "risks_to_benefits_min"])
def test_a_threshold_that_is_not_a_finite_number_is_refused_at_its_line(project: Path, name: str, value: str) -> None:
    settings(project, f"checks:\n  {name}: {value}\n")
    line = (project / "clinics/test-clinic/clinic.yaml").read_text().splitlines().index(f"  {name}: {value}") + 1
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors]
    assert any(e.startswith(f"clinics/test-clinic/clinic.yaml:{line}:") and name in e for e in errors), errors
    assert not any(" nan" in e or "above inf" in e for e in errors), "nothing is judged against the bad limit"


def test_a_risk_count_that_is_not_a_finite_number_is_refused_at_its_line(tmp_path: Path) -> None:
    project = copy_samples(tmp_path / "project")
    risks = project / "handouts/chemical-peels/risks.yaml"
    lines = risks.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if "count: 7, per: 100" in text)
    lines[line - 1] = lines[line - 1].replace("count: 7,", "count: .nan,")
    risks.write_text("".join(lines), encoding="utf-8")
    selection = Selection(("sample-us-maple-grove",), ("chemical-peels",), ("en",))
    errors = [str(p) for p in check_only(project, selection, TODAY).report.errors]
    assert any(e.startswith(f"handouts/chemical-peels/risks.yaml:{line}") for e in errors), errors
