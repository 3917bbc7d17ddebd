"""Attack 22 (issue 19): what reached a leaflet with exit 0 in the round-22 fresh cases, refused
where it was written. Each case's folder and first-try result: /work/fresh/attack22/."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, check_sentences, samples

US = "sample-us-maple-grove"
PEELS = "handouts/chemical-peels"
FILLERS = "handouts/dermal-fillers"  # redness: 80 in 100; a blocked blood vessel: fewer than 2 in 10,000
# (language, a sentence, the (column, rule) of each error it must give)
CLAIMS = [
    # case 3: no complications, promised without the usual words
    ("en", "In our hands, problems like these simply do not happen.", [(15, "claim-no-side-effects")]),
    ("en", "Serious problems do not happen often.", []),  # how often, not never
    ("en", "Problems like these do not happen to everyone.", []),
    # case 4: pressure to book
    (
        "en",
        "Our diary fills up fast, so ring us this week to secure your place.",
        [(5, "claim-offer"), (37, "claim-offer")],
    ),
    ("en", "We take a deposit to secure your appointment.", []),
    (
        "es",
        "Nuestra agenda se llena rápido, así que llámenos esta semana para asegurar su plaza.",
        [(9, "claim-offer"), (50, "claim-offer")],
    ),
    # case 6: safe, said with a double negative
    ("en", "There is nothing unsafe about a chemical peel.", [(10, "claim-nothing-to-fear")]),
    ("en", "A chemical peel is not unsafe.", [(20, "claim-nothing-to-fear")]),
    ("en", "It is not safe to use a sunbed for 4 weeks.", []),
    # case 5: a risk belittled, and nobody notices it
    (
        "es",
        "Un moretón es poca cosa: casi nadie se fija.",
        [(12, "claim-nothing-to-fear"), (26, "claim-nobody-will-know")],
    ),
    ("en", "Hardly anyone notices the redness.", [(1, "claim-nobody-will-know")]),
    ("es", "Si le sale un moretón, avísenos.", []),
]
FIGURES = [
    # case 10: per thousand; the risk by the words the leaflet uses for it (risks.yaml `also:`)
    ("en", "About 8‰ of people get red skin for a few days.", [(7, "risk-prose-mismatch")]),
    # case 11: a percentage in words
    ("en", "About eight per cent of people get red skin for a few days.", [(7, "risk-prose-mismatch")]),
    ("en", "About eighty per cent of people get red skin for a few days.", []),
    ("es", "Al ocho por ciento de las personas se le pone la piel roja unos días.", [(4, "risk-prose-mismatch")]),
    ("es", "Al ochenta por ciento de las personas se le pone la piel roja unos días.", []),
    # after a paragraph with the same first words: the finding on its own line, not the one before
    ("es", "Al 8 % de las personas se le pone la piel roja unos días.", [(4, "risk-prose-mismatch")]),
    # case 13: the whole base, 'fifty thousand', read and quoted
    ("en", "A blocked blood vessel happens with about one in every fifty thousand syringes.", [(43, "risk-prose-mismatch")]),
]  # fmt: skip


def test_round_22s_claims_by_meaning_and_figures_are_refused_at_their_line(tmp_path: Path) -> None:
    errors, lines = check_sentences(tmp_path, US, {PEELS: CLAIMS, FILLERS: FIGURES})
    quoted = [p.message for p in errors if p.file == f"{FILLERS}/en.md" and p.line == lines[FILLERS][FIGURES[-1][1]]]
    assert quoted and "'one in every fifty thousand'" in quoted[0], quoted


def test_markup_in_the_clinics_name_or_address_is_an_error_at_its_line(tmp_path: Path) -> None:
    """Case 23: an address line `<img src=x onerror=alert(1)>` printed as those characters in
    every PDF (the web edition escaped it)."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    settings = project / "clinics" / US / "clinic.yaml"
    lines = settings.read_text(encoding="utf-8").split("\n")
    at = lines.index("address:") + 1
    lines[at] = '  - "<img src=x onerror=alert(1)>"'
    settings.write_text("\n".join(lines), encoding="utf-8")
    errors = check_only(project, Selection((US,)), today=TODAY).report.errors
    found = [(p.file, p.line) for p in errors if "which is markup" in p.message]
    assert found == [(f"clinics/{US}/clinic.yaml", at + 1)], [str(p) for p in errors]
