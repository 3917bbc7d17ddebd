"""Attack 13 (issue 19): what a fresh attacker got onto paper or the web, checked where it is
decided. Each case's folder and result: /work/fresh/attack13/ (outside the project). Cases 14,
37 and 40 are tested beside what they extend (test_consent.py, test_cli_usage.py,
test_template_numbers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, samples

US = "sample-us-maple-grove"
# (language, text under a leaflet block, the claim's first words, what the error quotes)
CASES = [
    # case 05: a heading and the text under it say "Side effects: none at all"
    ("en", "### Side effects\n\nNone at all.", "Side effects", "'Side effects: none at all.'"),
    ("en", "### Downtime\n\nZero, ever.", "Downtime", "'Downtime: zero, ever.'"),
    ("es", "### Efectos secundarios\n\nNinguno en absoluto.", "Efectos secundarios",
     "'Efectos secundarios: ninguno en absoluto.'"),
    # the Spanish claim in a word, which only English had a rule for
    ("es", "Dolor: casi nada.", "Dolor", "'Dolor: casi nada.'"),
    # a few words between the topic and the colon (stop 36)
    ("en", "Bruising the day after: none.", "Bruising the day after", "'Bruising the day after: none.'"),
    ("es", "Moretones tras la sesión: ninguno.", "Moretones tras la sesión", "'Moretones tras la sesión: ninguno.'"),
]  # fmt: skip
HONEST = [  # a heading and the text under it that say nothing of the kind
    ("en", "### Side effects to expect\n\nMost people have some redness for a day [4]."),
    ("en", "### Is it safe?\n\nNo treatment is free of risk; the risks are below."),
    ("en", "Pain relief you can take: paracetamol."),
    ("es", "### Efectos secundarios frecuentes\n\nLa mayoría tiene algo de enrojecimiento durante un día [4]."),
]
ANCHOR = {
    "en": "breaks the gel down slowly, so the effect wears off [1].",
    "es": "empiezan semanas o años después [1].",
}


def test_a_claim_split_over_a_heading_and_its_text_is_an_error_at_the_heading(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    lines = {}
    for language in ("en", "es"):
        page = project / f"handouts/dermal-fillers/{language}.md"
        blocks = [text for lang, text, *_ in CASES + HONEST if lang == language]
        text = page.read_text(encoding="utf-8")
        assert ANCHOR[language] in text
        text = text.replace(ANCHOR[language], ANCHOR[language] + "\n\n::: leaflet\n" + "\n\n".join(blocks) + "\n:::", 1)
        page.write_text(text, encoding="utf-8")
        rows = text.split("\n")
        for lang, block, first, _ in CASES:
            if lang == language:  # the block's first line: the heading, where the claim starts
                (lines[first],) = [n for n, row in enumerate(rows, 1) if row == block.split("\n")[0]]
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), editions=("standard",))
    found = [str(p) for c in check_only(project, chosen, today=TODAY).checks for p in c.findings]
    claims = [f for f in found if "claim-" in f]
    for language, _, first, quoted in CASES:
        at = f"handouts/dermal-fillers/{language}.md:{lines[first]}:"
        assert any(f.startswith(at) and "error claim-fragment" in f and quoted in f for f in claims), "\n".join(
            [at, *claims]
        )
    assert len(claims) == len(CASES), "\n".join(claims)  # the honest ones pass
