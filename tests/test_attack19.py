"""Attack 19 (issue 19): what reached a leaflet and an aftercare sheet with exit 0 in the
round-19 fresh cases, refused where it was written. Each case's folder and first-try result:
/work/fresh/attack19/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint import Selection
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.frontdesk import visit_claims
from clearprint.frontdesk.visit import load_visit
from clearprint.pipeline import check_only
from clearprint.problems import Problems
from conftest import TODAY, samples

US = "sample-us-maple-grove"
# (a sentence of the dermal-fillers leaflet, whose risks.yaml gives bruising 50 in 100; the
# errors it must give, as (column, rule)); case 5 belittles a bruise, case 6 counts it in words
SENTENCES = {
    "en": [
        (
            "A bruise is just a small cosmetic hiccup that sorts itself out before anyone sees it.",
            [(13, "claim-nothing-to-fear"), (47, "claim-nobody-will-know")],
        ),
        ("Only the odd person here and there ever gets a bruise or swelling.", [(6, "risk-prose-mismatch")]),
        ("The occasional patient gets a bruise.", [(1, "risk-prose-mismatch")]),
        ("A bruise may take a week or two to fade.", []),  # honest
    ],
    "es": [
        (
            "Un moretón es solo un pequeño contratiempo que se va antes de que nadie lo note.",
            [(15, "claim-nothing-to-fear"), (48, "claim-nobody-will-know")],
        ),
        ("Solo alguna que otra persona tiene un moretón.", [(6, "risk-prose-mismatch")]),
        ("Un moretón puede tardar una o dos semanas en irse.", []),  # honest
    ],
}


def test_a_risk_belittled_or_counted_in_other_words_is_refused_at_its_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    lines_of = {}
    for language, cases in SENTENCES.items():
        page = project / f"handouts/dermal-fillers/{language}.md"
        text = page.read_text(encoding="utf-8").rstrip("\n")
        start = text.count("\n") + 4  # the first sentence's line, after a blank line and the fence
        page.write_text(text + "\n\n::: leaflet\n" + "\n\n".join(s for s, _ in cases) + "\n:::\n", encoding="utf-8")
        lines_of[language] = {sentence: start + 2 * i for i, (sentence, _) in enumerate(cases)}
    chosen = Selection((US,), ("dermal-fillers",), editions=("standard",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    for language, cases in SENTENCES.items():
        mine = f"handouts/dermal-fillers/{language}.md"
        for sentence, expected in cases:
            line = lines_of[language][sentence]
            found = sorted((p.col, p.rule) for p in errors if p.file == mine and p.line == line)
            assert found == expected, (sentence, [str(p) for p in errors if p.file == mine])


@pytest.fixture(scope="module")
def outputs() -> dict:
    """The US clinic's standard leaflets, planned (a sheet's visit checks need no leaflet checks)."""
    project = load_project(samples(), Problems(samples()))
    chosen = Selection((US,), editions=("standard",))
    return {(o.handout.meta.id, o.handout.meta.language): o for o in plan(project, Problems(samples()), chosen)}


VISIT = "patient_name: Ada Example\ndate: 2026-03-02\nareas: [face]\nproduct: Glycolic peel\nbatch: {batch}\n"
VISIT += "practitioner: Dr Sam Sample\nfollow_up: 2026-03-16\nnotes: {notes}\n"
# (language, batch, notes, the rules refused); case 21 a phone number for a batch, case 22 when
# the next visit is in the notes, and what a clinician honestly writes
VISITS = [
    ("en", "0800 123 4567", "Photos taken before treatment.", ["visit-batch"]),  # case 21
    ("en", "C1234A5", "Your top-up is due the day after tomorrow.", ["visit-notes-follow-up"]),  # case 22
    ("en", "C1234A5", "See you on Monday.", ["visit-notes-follow-up"]),
    ("en", "C1234A5", "Your check is in two weeks.", ["visit-notes-follow-up"]),
    ("en", "C1234A5", "Come back if it is still red after 2 weeks.", []),  # advice, not a date
    ("en", "C1234A5", "Bring this sheet to your check.", []),
    ("en", "16851-1", "Review the photos with us at your check.", []),
    ("en", "C1234A5", "Avoid any dental appointment for 2 weeks.", []),  # how long, not when
    ("es", "C1234A5", "Puede volver a maquillarse mañana.", []),  # 'volver a': again, not a visit
    ("es", "C1234A5", "Su retoque es pasado mañana.", ["visit-notes-follow-up"]),
    ("es", "C1234A5", "Nos vemos el lunes.", ["visit-notes-follow-up"]),
    ("es", "C1234A5", "Vuelva si sigue rojo después de 2 semanas.", []),
]


@pytest.mark.parametrize(("language", "batch", "notes", "rules"), VISITS)
def test_a_batch_like_a_phone_number_or_notes_that_date_the_next_visit_are_refused(
    outputs, tmp_path: Path, language: str, batch: str, notes: str, rules: list[str]
) -> None:
    root = samples()
    path = tmp_path / "visit.yaml"
    path.write_text(VISIT.format(batch=batch, notes=notes), encoding="utf-8")
    report = Problems(root)
    problems = visit_claims.claim_problems(
        root, load_visit(path, report), outputs[("chemical-peels", language)], report
    )
    lines = {"visit-batch": 5, "visit-notes-follow-up": 8}
    assert [(p.line, p.rule) for p in problems] == [(lines[r], r) for r in rules], [str(p) for p in problems]
    assert all(batch not in p.message and notes not in p.message for p in problems)  # the visit's words are not shown
