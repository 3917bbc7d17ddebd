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
