"""Printed text the patient reads, held to the claim rules (issue 19, hostile cases 7 and 34):
a Spanish claim written with decomposed letters is the same error as the composed form, and
an aftercare sheet is not made from a visit whose notes make a claim (the error names the
field and line, never the words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks import claims
from clearprint.checks.rules import load_rules
from clearprint.checks.text import Chunk, Position
from clearprint.problems import ContentError, Problems
from conftest import ROOT, TODAY, samples


def _claims(text: str, language: str) -> list[tuple[str, str, int]]:
    rules = load_rules(ROOT, ROOT / "clinics/sample-us-maple-grove", "US", language, Problems(ROOT))
    chunk = Chunk(None, "text", text, [Position(ROOT / "x.md", 1, i + 1) for i in range(len(text))])
    return [(r.id, m, p.col) for r, m, p in claims.find_claims([chunk], rules.claims, language, "waiting-room")]


def test_decomposed_spanish_claim_is_the_composed_error() -> None:
    composed = _claims("El tratamiento es sin ningún riesgo.", "es")
    decomposed = _claims("El tratamiento es sin ningu\u0301n riesgo.", "es")
    assert composed == [("claim-no-risk", "sin ningún riesgo", 19)]
    assert decomposed == composed


def test_visit_notes_with_a_claim_stop_the_sheet_without_quoting_them(tmp_path: Path) -> None:
    from clearprint.frontdesk.sheet import Sheet, make
    from clearprint.frontdesk.visit import load_visit

    visit_file = tmp_path / "visit.yaml"
    example = (ROOT / "examples/visit.yaml").read_text(encoding="utf-8").split("\n")
    notes = next(i for i, line in enumerate(example) if line.startswith("notes:"))
    example[notes] = "notes: Painless treatment, 100% safe, no side effects expected, results guaranteed."
    visit_file.write_text("\n".join(example), encoding="utf-8")
    report = Problems(samples())
    visit = load_visit(visit_file, report)
    sheet = Sheet("sample-us-maple-grove", "botulinum-toxin", "en", None, False)
    with pytest.raises(ContentError) as raised:
        make(samples(), sheet, visit, report, TODAY)
    shown = [str(p) for p in raised.value.problems]
    assert len(shown) == 1 and shown[0].startswith(f"{visit_file.as_posix()}:{notes + 1}: error")
    assert "'notes'" in shown[0] and "claim-painless" in shown[0] and "claim-absolute-safety" in shown[0]
    assert not any(word in shown[0].lower() for word in ("painless treatment", "100%", "guaranteed."))
