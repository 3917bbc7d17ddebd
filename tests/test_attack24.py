"""Attack 24 (issue 19): what reached a leaflet or a sheet with exit 0 in the round-24 fresh
cases, refused where it was written. Each case's folder and first-try result: /work/fresh/attack24/."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint import Selection
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.frontdesk import visit_claims
from clearprint.frontdesk.visit import load_visit
from clearprint.problems import Problems
from conftest import check_sentences, samples

US = "sample-us-maple-grove"
FILLERS = "handouts/dermal-fillers"  # bruising: 50 in 100
# (language, a sentence, the (column, rule) of each error it must give)
SENTENCES = [
    # case 3: a testimonial in disguise, saying it does not hurt
    ("en", "Ask any of our regulars and they will tell you they barely noticed the needle and would do it again tomorrow.",
     [(1, "claim-testimonial"), (53, "claim-painless-hedged"), (83, "claim-testimonial")]),
    ("en", "Most people feel the needle as a sharp scratch.", []),
    # case 7: an idiom for a frequency band
    ("en", "Bruising after fillers happens once in a blue moon.", [(32, "risk-prose-mismatch")]),
    ("es", "Los moretones aparecen de Pascuas a Ramos.", [(24, "risk-prose-mismatch")]),
    # case 9 (in visit notes; the same rules read leaflets): a wait before calling
    ("en", "If the skin goes pale, just give it a day or two before you think about ringing anyone.", [(29, "claim-emergency-delayed")]),
    ("en", "Wait 2 weeks before you book a top-up.", []),
    ("en", "Don't wait a day before you call us if the skin goes pale.", []),
    ("es", "Si la piel se pone pálida, espere un día o dos antes de llamar a nadie.", [(28, "claim-emergency-delayed")]),
    ("es", "Espere 2 semanas antes de pedir un retoque.", []),
    # case 8 (refused as an unknown word, not as the figure): hundreds in the feminine
    ("es", "Una de cada quinientas personas tiene moretones.", [(1, "risk-prose-mismatch")]),
    ("es", "Cincuenta de cada cien personas tienen moretones.", []),
]  # fmt: skip


def test_round_24s_sentences_are_refused_at_their_line(tmp_path: Path) -> None:
    check_sentences(tmp_path, US, {FILLERS: SENTENCES})


VISIT = "patient_name: Ada Example\ndate: 2026-03-02\nareas: [lips]\nproduct: Example filler\nbatch: C1234A5\n"
VISIT += "dose: 1\ndose_unit: mL\npractitioner: Dr Sam Sample\nnotes: {notes}\n"


@pytest.mark.parametrize(
    ("language", "notes", "refused"),
    [
        ("en", "If the skin goes pale, just give it a day or two before you think about ringing anyone.", True),
        ("en", "Some swelling for a day or two is normal.", False),
    ],
)
def test_visit_notes_that_put_off_calling_are_refused_at_their_line(
    tmp_path: Path, language: str, notes: str, refused: bool
) -> None:
    """Case 9: the aftercare sheet printed the note; the leaflet says to call at once."""
    root = samples()
    report = Problems(root)
    project = load_project(root, report)
    chosen = Selection((US,), ("dermal-fillers",), (language,), editions=("standard",))
    output = next(iter(plan(project, report, chosen)))
    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(notes=notes), encoding="utf-8")
    problems = visit_claims.claim_problems(root, load_visit(path, report), output, report)
    assert [(p.line, p.rule) for p in problems] == ([(9, "claim-emergency-delayed")] if refused else []), problems
