"""Attack 17 (issue 19): risk figures in prose that reached the page with exit 0, refused where
they were written. Each case's folder and first-try result: /work/fresh/attack17/."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, samples

US = "sample-us-maple-grove"
TOXIN = "handouts/botulinum-toxin/en.md"  # a drooping eyelid: 2 to 3 in 100 treated for frown lines
# (a sentence under a leaflet fence, its column, what the error says)
CASES = [
    # case 07: how many people in words, five words before the verb
    ("Most people treated for frown lines get a drooping eyelid.", 1, "the text says 'Most people' for 'A drooping eyelid'"),
    # case 08: a figure before the risk, its base in words
    ("About two in every three people get a drooping eyelid.", 7, "the text says 'two in every three' for 'A drooping eyelid'"),
    # case 09: a decimal comma
    ("About 0,3 in 100 people get a drooping eyelid [1].", 7, "'0,3' has a decimal comma"),
    ("Roughly 5 in 100 patients develop a drooping eyelid [1].", 9, "the text says '5 in 100' for 'A drooping eyelid'"),
]  # fmt: skip
HONEST = [
    "Most people who get a drooping eyelid find it settles in a few weeks.",
    "About 2 to 3 in 100 people treated for frown lines get a drooping eyelid [1].",
    "About 29 in 100 people get a drooping eyelid after a dummy injection [1].",
]


def test_a_figure_or_people_in_words_before_the_risk_is_read_against_its_figure(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    page = project / TOXIN
    text = page.read_text(encoding="utf-8")
    at = text.index("## What are the benefits?")
    blocks = [c[0] for c in CASES] + HONEST
    text = text[:at] + "::: leaflet\n" + "\n\n".join(blocks) + "\n:::\n\n" + text[at:]
    page.write_text(text, encoding="utf-8")
    rows = text.split("\n")
    chosen = Selection(clinics=(US,), handouts=("botulinum-toxin",), languages=("en",), editions=("standard",))
    found = [str(p) for c in check_only(project, chosen, today=TODAY).checks for p in c.findings]
    errors = [f for f in found if " error " in f]
    for sentence, col, said in CASES:
        start = f"{TOXIN}:{rows.index(sentence) + 1}:{col}: error risk-prose-mismatch: {said}"
        assert any(f.startswith(start) for f in errors), "\n".join([start, *errors])
    for sentence in HONEST:
        line = rows.index(sentence) + 1
        assert not [f for f in errors if f.startswith(f"{TOXIN}:{line}:")], sentence


def test_clinic_spacing_that_moves_text_off_the_page_is_an_error_at_the_declaration(tmp_path: Path) -> None:
    """Case 14: `padding-left: 900px` on the get-help box moved its text off the page; refused,
    but at every line of the handout and risks.yaml the text came from (dozens of errors), never
    at the one declaration the clinic has to change. A single long word under a clinic's small
    spacing stays the word's error, at its line."""
    from clearprint.pipeline import BuildOptions, build
    from conftest import add_to_risks, make_project

    project = make_project(tmp_path / "project")
    styles = project / "clinics/test-clinic/styles"
    styles.mkdir()
    sheet = styles / "zz-attack.css"
    sheet.write_text(".role-get-help { padding-left: 900px; }\n")
    chosen = Selection(handouts=("tiny",), editions=("standard",))
    result = build(project, BuildOptions(tmp_path / "out", chosen, today=TODAY))
    moved = [p for p in result.report.errors if p.rule in ("drawn-off-page", "drawn-word-too-long")]
    assert moved and {(p.file, p.line, p.col) for p in moved} == {("clinics/test-clinic/styles/zz-attack.css", 1, 18)}
    assert "(moved by 'padding-left: 900px', which applies to it); " in moved[0].message, moved[0].message
    assert not (tmp_path / "out/test-clinic/en/tiny.pdf").exists()

    sheet.write_text("p { padding-left: 2mm; }\n")
    add_to_risks(project, "A long word: Pneumono" + "x" * 292 + " ends here.")
    result = build(project, BuildOptions(tmp_path / "out", chosen, today=TODAY))
    long = [p for p in result.report.errors if p.rule == "drawn-word-too-long"]
    assert [(p.file, p.line) for p in long] == [("handouts/tiny/en.md", 22)], [str(p) for p in result.report.errors]

    # three long words on three lines, under a small padding that applies to them all: still
    # the words' doing, each at its line (not one error at the padding: the note of stop 37)
    add_to_risks(project, "\n\n".join(f"Word {n}: Pneumono{'y' * 292} ends here." for n in range(2)))
    result = build(project, BuildOptions(tmp_path / "out", chosen, today=TODAY))
    long = [p for p in result.report.errors if p.rule == "drawn-word-too-long"]
    assert sorted((p.file, p.line) for p in long) == [("handouts/tiny/en.md", n) for n in (22, 24, 26)], [
        str(p) for p in result.report.errors
    ]
