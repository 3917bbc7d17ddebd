"""Attack 21 (issue 19): what reached a leaflet with exit 0 in the round-21 fresh cases, refused
where it was written. Each case's folder and first-try result: /work/fresh/attack21/."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, add_leaflet_sentences, assert_sentence_errors, samples

US = "sample-us-maple-grove"
PEELS = "handouts/chemical-peels"  # cold sores: 7 in 100 (common)
# (language, a sentence, the (column, rule) of each error it must give)
SENTENCES = [
    # case 8: a frequency word before the risk, joined as how many people are
    ("es", "Es muy raro que salga un herpes labial después del peeling.", [(4, "risk-prose-mismatch")]),
    ("es", "Es frecuente que salga un herpes labial después de un peeling profundo.", []),  # honest
    ("en", "It is very rare to get a cold sore after a peel.", [(7, "risk-prose-mismatch")]),
    ("en", "It is common to get a cold sore after a deep peel.", []),  # honest
    ("en", "In rare cases, an infection can cause a cold sore.", []),  # 'rare' is not joined to the cold sore
    # case 5: risks belittled by meaning
    ("es", "Los problemas son tan poco frecuentes que no merece la pena pensar en ellos.", [(19, "claim-nothing-to-fear")]),
    ("en", "Problems are so rare that you needn't worry about them.", [(14, "claim-nothing-to-fear")]),
]  # fmt: skip


def test_round_21s_frequency_word_and_belittled_risks_are_refused_at_their_line(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    lines = add_leaflet_sentences(project / PEELS, SENTENCES)
    chosen = Selection((US,), ("chemical-peels",), editions=("standard",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    assert_sentence_errors(errors, PEELS, SENTENCES, lines)
