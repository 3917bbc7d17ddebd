"""Attack 14 (issue 19): claims split over the structure of a page, each refused where it was
written. Each case's folder and first-try result: /work/fresh/attack14/ (outside the project).
Cases 23 and 38 are tested beside what they extend (test_template_numbers.py, the red-team
case a14-visit-notes-dose)."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, samples

US = "sample-us-maple-grove"
ANCHOR = "breaks the gel down slowly, so the effect wears off [1]."
# (the block under a leaflet fence, its line that the error is at (from the block's first),
# the column or None, the rule, what the error quotes)
CASES = [
    # case 01: a sentence leading into a list, answered by the list
    ("How much the injections hurt, from what patients tell us:\n\n- Not at all.", 0, 25,
     "claim-question-dismissed", "'hurt'"),
    # case 02: a table's column heading over its cells
    ("| Side effects | Downtime |\n|---|---|\n| None | None |", 0, 3, "claim-fragment", "'Side effects: none'"),
    # case 03: a box's title over its text
    ('!!! tip "Side effects"\n    Zero. You can relax.', 0, 10, "claim-fragment", "'Side effects: zero.'"),
    # case 04: an image's caption over the paragraph after it
    ('![Where fillers go](images/treatment-areas.svg "Pain during the injections")\n\nNone, for almost every patient.',
     0, None, "claim-fragment", "'Pain during the injections: none, for almost every patient.'"),
    # case 05, in one line: a label and its value, split into two sentences at the colon
    ("Side effects: None. Ask us about anything else.", 0, 1, "claim-fragment", "'Side effects: None.'"),
    # a paragraph written as a term over its definition (": ..."), the term's line holding one
    # of its words and the next line more: the paragraph starts at the term, and the claim is
    # on its own line (these were reported one line low, or lines further on, before)
    ("How it feels\n: painless for most people.", 1, 3, "claim-painless", "'painless'"),
    ("Bruising afterwards\n: none at all.", 0, 1, "claim-fragment", "'Bruising afterwards : none at all.'"),
]  # fmt: skip
# both of the table's columns
EXPECTED = [*CASES, (CASES[1][0], 0, 18, "claim-fragment", "'Downtime: none'")]
HONEST = [  # the same shapes saying nothing of the kind
    "What to do after the treatment:\n\n- Keep the area clean.",
    "| Risk | How often |\n|---|---|\n| Bruising | About 50 in 100 [4] |",
    '!!! note "Side effects"\n    Most people have some redness for a day [4].',
    "Note: Bruising is common [4].",
]


def test_a_claim_split_over_the_pages_structure_is_an_error_where_it_starts(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    page = project / "handouts/dermal-fillers/en.md"
    text = page.read_text(encoding="utf-8")
    blocks = [case[0] for case in CASES] + HONEST
    text = text.replace(ANCHOR, ANCHOR + "\n\n::: leaflet\n" + "\n\n".join(blocks) + "\n:::", 1)
    page.write_text(text, encoding="utf-8")
    rows = text.split("\n")
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",), editions=("standard",))
    result = check_only(project, chosen, today=TODAY)
    found = {str(p) for p in [*result.report.items, *(f for c in result.checks for f in c.findings)]}
    claims = {f for f in found if " error claim-" in f}
    for block, below, col, rule, quoted in EXPECTED:
        line = rows.index(block.split("\n")[0]) + 1 + below
        at = f"handouts/dermal-fillers/en.md:{line}:" + (f"{col}:" if col else "")
        assert any(f.startswith(at) and f" error {rule}: {quoted}" in f for f in claims), "\n".join([at, *claims])
    assert len(claims) == len(EXPECTED), "\n".join(sorted(claims))  # the honest shapes pass


def test_a_comparison_groups_figure_changed_in_one_place_only_is_an_error(tmp_path: Path) -> None:
    """Case 39: risks.yaml's `compare:` (the dummy-injection group, drawn as the second picture)
    changed from 29 to 13 while the risk's `against` words still said 29 in 100."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    risks = project / "handouts/botulinum-toxin/risks.yaml"
    text = risks.read_text(encoding="utf-8")
    assert "compare: 29  #" in text
    risks.write_text(text.replace("compare: 29  #", "compare: 13  #"), encoding="utf-8")
    rows = text.split("\n")
    chosen = Selection(clinics=(US,), handouts=("botulinum-toxin",), editions=("standard",))
    found = [str(p) for p in check_only(project, chosen, today=TODAY).report.errors]
    for language, words in (("en", "against 29 in 100"), ("es", "frente a 29 de cada 100")):
        line = next(n for n, row in enumerate(rows, 1) if row.strip().startswith("against:") and words in row)
        at = f"handouts/botulinum-toxin/risks.yaml:{line}: error: 'mild-problems', {language}: `against` says"
        assert any(f.startswith(at) and "but `compare` is 13 in 100" in f for f in found), "\n".join([at, *found])
    # with risks.yaml's own words mended, the handout's sentences about the group are the error
    mended = text.replace("compare: 29  #", "compare: 13  #").replace("against 29 in 100", "against 13 in 100")
    risks.write_text(mended.replace("frente a 29 de cada 100", "frente a 13 de cada 100"), encoding="utf-8")
    found = [str(p) for p in check_only(project, chosen, today=TODAY).report.errors]
    for language, said in (("en", "29 in 100"), ("es", "29 de cada 100")):
        prose = (project / f"handouts/botulinum-toxin/{language}.md").read_text(encoding="utf-8").split("\n")
        near = ("dummy injection", "inyección sin medicamento")  # the group, on the line or the next
        line = next(
            n
            for n, row in enumerate(prose, 1)
            if said in row and any(m in " ".join(prose[n - 1 : n + 1]) for m in near)
        )
        at = f"handouts/botulinum-toxin/{language}.md:{line}:{prose[line - 1].index(said) + 1}: error risk-prose-mismatch"
        assert any(f.startswith(at) and "(`compare:`)" in f for f in found), "\n".join([at, *found])
