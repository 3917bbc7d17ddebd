"""Attack 25 (issue 19): what reached a leaflet or a sheet with exit 0 in the round-25 fresh
cases, refused where it was written. Each case's folder and first-try result: /work/fresh/attack25/."""

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
BOTOX = "handouts/botulinum-toxin"
# (language, a sentence, the (column, rule) of each error it must give)
SENTENCES = [
    # case 2: a worry waved away
    ("en", "You can put any worries about side effects out of your mind.", [(17, "claim-nothing-to-fear")]),
    ("en", "Write down any worries and bring them to your consultation.", []),
    # case 5: pressure to book
    ("es", "Los precios suben el mes que viene: reserve ya su cita.", [(1, "claim-offer"), (37, "claim-offer")]),
    # case 9 (in visit notes; the same rules read leaflets): no problem promised
    ("es", "Tranquila: con esto no va a tener ningún problema.", [(21, "claim-no-risk")]),
    ("es", "Si tiene algún problema, llámenos.", []),
    # case 17 (in the summary): back at work the same afternoon
    ("en", "Quick and comfortable, you will be back at work the same afternoon, feeling great.", [(36, "claim-no-downtime")]),
    ("en", "Most people go back to work the same day.", []),
]  # fmt: skip


def test_round_25s_sentences_are_refused_at_their_line(tmp_path: Path) -> None:
    check_sentences(tmp_path, US, {BOTOX: SENTENCES})


VISIT = "patient_name: Ada Example\ndate: 2026-03-02\nareas: [frown lines]\nproduct: Botox Cosmetic\n"
VISIT += 'batch: C1234A5\ndose: 20\ndose_unit: units\npractitioner: Dr Sam Sample\nnotes: "{notes}"\n'


@pytest.mark.parametrize(
    ("language", "notes", "refused"),
    [
        ("en", "Feel free to have a nap as soon as you get home.", True),  # case 10: 'do not lie down' for 4 hours
        ("en", "You can have a nap after 4 hours.", False),
    ],
)
def test_visit_notes_that_allow_a_nap_against_the_aftercare_are_refused(
    tmp_path: Path, language: str, notes: str, refused: bool
) -> None:
    root = samples()
    report = Problems(root)
    chosen = Selection((US,), ("botulinum-toxin",), (language,), editions=("standard",))
    output = next(iter(plan(load_project(root, report), report, chosen)))
    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(notes=notes), encoding="utf-8")
    problems = visit_claims.claim_problems(root, load_visit(path, report), output, report)
    found = [(p.line, p.rule) for p in problems if p.rule == "visit-notes-contradict"]
    assert found == ([(9, "visit-notes-contradict")] if refused else []), problems


def test_a_dose_in_a_sheets_areas_is_an_error_at_its_line(tmp_path: Path) -> None:
    """Case 12: areas "frown lines x 40 units" beside a dose of 20 units printed two doses on one sheet."""
    from clearprint_run import sheet

    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(notes="").replace("[frown lines]", "[frown lines x 40 units]"), encoding="utf-8")
    out = tmp_path / "sheet.pdf"
    code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", str(path), "--out", str(out))
    assert code == 1 and f"{path}:3: error: 'areas' gives a dose" in err, err
    assert not out.exists()
