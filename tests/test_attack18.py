"""Attack 18 (issue 19): what reached a sheet, a page and a consent form with exit 0 in the
round-18 fresh cases, refused where it was written. Each case's folder and first-try result:
/work/fresh/attack18/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint import Selection
from clearprint.frontdesk import visit_claims
from clearprint.frontdesk.visit import load_visit
from clearprint.pipeline import check_only
from clearprint.problems import Problems
from conftest import TODAY, samples, with_ocr_readings

US = "sample-us-maple-grove"


@pytest.fixture(scope="module")
def outputs(sample, tmp_path_factory) -> tuple[Path, dict]:
    """The US clinic's standard leaflets in both languages, checked (as the sheet checks them)."""
    out = with_ocr_readings(sample, tmp_path_factory.mktemp("attack18") / "out")
    result = check_only(samples(), Selection((US,), editions=("standard",)), today=TODAY, out=out)
    return samples(), {(c.output.handout.meta.id, c.output.handout.meta.language): c.output for c in result.checks}


VISIT = "patient_name: Ada Example\ndate: 2026-03-02\nareas: [face]\nproduct: {product}\nbatch: C1234A5\n"
VISIT += 'practitioner: Dr Sam Sample\n{dose}notes: "{notes}"\n'
# (handout, language, the notes, refused): case 19 and what a clinician honestly writes
NOTES = [
    ("chemical-peels", "en", "You can sit in the sun the day after your peel.", True),  # case 19
    ("chemical-peels", "en", "After 2 weeks you can sit in the sun with SPF 30.", False),  # the clinic's timing
    ("chemical-peels", "en", "You can't sit in the sun for 2 weeks.", False),
    ("chemical-peels", "es", "Puede tomar el sol al día siguiente.", True),
    ("chemical-peels", "es", "Después de 2 semanas puede tomar el sol con protector.", False),
    ("botulinum-toxin", "en", "You can exercise today.", True),  # 'Do not do hard exercise for 24 hours.'
    ("botulinum-toxin", "en", "You can go back to the gym tomorrow.", False),
    ("botulinum-toxin", "en", "You can lie down after 2 hours.", True),  # 'For about 4 hours ... do not lie down.'
    ("botulinum-toxin", "en", "You can lie down after 4 hours.", False),
    ("botulinum-toxin", "en", "It's fine to massage the area now.", True),
    ("botulinum-toxin", "en", "Photos taken before treatment. Bring this sheet to your check.", False),
]


@pytest.mark.parametrize(("handout", "language", "notes", "refused"), NOTES)
def test_notes_that_allow_what_the_aftercare_avoids_are_an_error_at_the_notes_line(
    outputs, tmp_path: Path, handout: str, language: str, notes: str, refused: bool
) -> None:
    root, found = outputs
    dose = "" if handout == "chemical-peels" else "dose: 44\ndose_unit: units\n"
    product = "Glycolic peel" if handout == "chemical-peels" else "Botox Cosmetic"
    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(product=product, dose=dose, notes=notes), encoding="utf-8")
    report = Problems(root)
    problems = visit_claims.claim_problems(root, load_visit(path, report), found[(handout, language)], report)
    contradictions = [(p.line, p.rule) for p in problems if p.rule == "visit-notes-contradict"]
    assert contradictions == ([(9 if dose else 7, "visit-notes-contradict")] if refused else []), problems
    assert all(notes not in p.message for p in problems)  # the visit's words are never shown


def test_a_clinics_alternatives_that_belittle_no_treatment_are_refused_at_their_line(tmp_path: Path) -> None:
    """Case 29: the US clinic's own 'What else can I do?' said 'Doing nothing is a waste of your
    time.', printed on every edition, the web page and the consent form with exit 0."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    override = project / "clinics" / US / "handouts/chemical-peels"
    override.mkdir(parents=True)
    (override / "en.md").write_text(
        "## What else can I do? {#alternatives}\n\n- **No treatment.** Doing nothing is a waste of your time.\n",
        encoding="utf-8",
    )
    (override / "es.md").write_text(
        "## ¿Qué otras opciones tengo? {#alternatives}\n\n- **Sin tratamiento.** No hacer nada es una pérdida de tiempo.\n",
        encoding="utf-8",
    )
    result = check_only(project, Selection((US,), ("chemical-peels",)), today=TODAY, out=tmp_path / "out")
    found = {(p.file, p.line, p.col, p.rule) for p in result.report.errors if p.rule == "claim-alternative-belittled"}
    folder = f"clinics/{US}/handouts/chemical-peels"
    assert found == {
        (f"{folder}/en.md", 3, 21, "claim-alternative-belittled"),
        (f"{folder}/es.md", 3, 24, "claim-alternative-belittled"),
    }


def test_a_leaflet_kept_off_the_website_for_an_error_without_a_rule_says_so_plainly(tmp_path: Path) -> None:
    """Case 24's side note: 'as public material it breaks 'None'' where the error had no rule id."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    images = project / "clinics/sample-uk-riverside/images.yaml"
    images.write_text(images.read_text().replace('words: ""', "words: &a [x, x]", 1))
    result = check_only(project, Selection(("sample-uk-riverside",), ("dermal-fillers",)), today=TODAY)
    [kept_off] = {p.message for p in result.report.items if p.rule == "web-not-published"}
    assert "as public material it has an error (YAML anchors and aliases" in kept_off and "'None'" not in kept_off


@pytest.mark.parametrize(
    ("language", "heading", "stale", "right"),
    [
        (
            "en",
            "## What else can I do?",
            "About 29 in 100 people given a dummy injection had a side effect [3].",
            "About 13 in 100 people given a dummy injection had a side effect [3].",
        ),
        (
            "es",
            "## ¿Qué otras opciones tengo?",
            "Unas 29 de cada 100 personas con una inyección sin medicamento tuvieron un efecto secundario [3].",
            "Unas 13 de cada 100 personas con una inyección sin medicamento tuvieron un efecto secundario [3].",
        ),
    ],
)
def test_a_comparison_groups_figure_away_from_the_risks_label_is_read_against_compare(
    tmp_path: Path, language: str, heading: str, stale: str, right: str
) -> None:
    """Round 14, case 39, the rest of it: risks.yaml's `compare:` (and its `against` words)
    changed from 29 to 13; a sentence elsewhere in the leaflet that gives the dummy injection's
    figure was read only under the risk's bold label."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    risks = project / "handouts/botulinum-toxin/risks.yaml"
    text = risks.read_text(encoding="utf-8")
    changed = text.replace("    compare: 29 ", "    compare: 13 ", 1).replace("against 29 in 100", "against 13 in 100")
    risks.write_text(changed.replace("frente a 29 de cada 100", "frente a 13 de cada 100"), encoding="utf-8")
    page = project / f"handouts/botulinum-toxin/{language}.md"
    source = page.read_text(encoding="utf-8")
    at = next(i for i, line in enumerate(source.split("\n")) if line.startswith(heading))
    lines = source.split("\n")
    lines[at:at] = ["::: leaflet", stale, "", right, ":::", ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    result = check_only(project, Selection((US,), ("botulinum-toxin",), (language,)), today=TODAY, out=tmp_path / "out")
    mine = f"handouts/botulinum-toxin/{language}.md"
    found = [(p.line, p.rule) for p in result.report.errors if p.file == mine and p.line in (at + 2, at + 4)]
    assert found == [(at + 2, "risk-prose-mismatch")], [str(p) for p in result.report.errors]
