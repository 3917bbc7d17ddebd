"""A clinic's rules/ folder is an allowlist (attack7 A48): a file Clearprint would not read,
such as a languages/en.yaml that redefines the negation words, is an error at that file, not
silently ignored; the files a clinic may add are still read."""

from __future__ import annotations

from pathlib import Path

from clearprint.pipeline import check_only
from conftest import TODAY

RULES = "clinics/test-clinic/rules"


def test_a_file_the_rules_folder_may_not_hold_is_an_error_at_that_file(project: Path) -> None:
    (project / RULES / "languages").mkdir(parents=True)
    (project / RULES / "languages/en.yaml").write_text("negations: [totally, completely]\n")
    (project / RULES / "claims.en.yml").write_text("rules: []\n")  # the wrong extension is not read either
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.rule == "clinic-rules-file"]
    assert errors == [
        f"{RULES}/claims.en.yml: error clinic-rules-file: 'claims.en.yml' is not a file a clinic's rules/ folder may "
        "hold, so it would not be read: a clinic adds claims.<language>.yaml, jargon.<language>.yaml, "
        "spelling.<language>.yaml and profiles/<country>.yaml (language words such as negations are Clearprint's own, in rules/languages/); "
        "rename or remove it",
        f"{RULES}/languages/en.yaml: error clinic-rules-file: 'languages/en.yaml' is not a file a clinic's rules/ "
        "folder may hold, so it would not be read: a clinic adds claims.<language>.yaml, jargon.<language>.yaml, "
        "spelling.<language>.yaml and profiles/<country>.yaml (language words such as negations are Clearprint's own, in rules/languages/); "
        "rename or remove it",
    ]


def test_a_clinic_rule_file_of_an_allowed_name_is_read(project: Path) -> None:
    (project / RULES).mkdir(parents=True)
    (project / RULES / "claims.en.yaml").write_text(
        "rules:\n  - id: test-clinic-glow\n    severity: error\n    message: a promised result\n    suggestion: say what most notice\n"
        "    patterns: ['instant glow']\n",
        encoding="utf-8",
    )
    page = project / "handouts/tiny/en.md"
    source = page.read_text(encoding="utf-8")
    end = source.index("\n## ", source.index("## What are the benefits?") + 1)
    page.write_text(source[:end] + "\n\nYou get an instant glow.\n" + source[end:], encoding="utf-8")
    result = check_only(project, today=TODAY)
    assert not [p for p in result.report.errors if p.rule == "clinic-rules-file"]
    assert "test-clinic-glow" in {p.rule for p in result.report.errors}
