"""Attack 15 (issue 19): what a fresh attacker printed with exit 0, refused where it was written.
Each case's folder and first-try result: /work/fresh/attack15/ (outside the project)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint import Selection
from clearprint.content.load import load_project
from clearprint.pipeline import check_only
from clearprint.problems import Problems
from clearprint.review import facts
from conftest import TODAY, samples

US = "sample-us-maple-grove"
ADDRESS = "https://example.org/fillers-are-100-percent-safe-no-side-effects"
# (language, a block under a leaflet fence, the line of the block the error is at, its column, the rule, what it quotes)
CASES = [
    # case 05: a list item ending ':' and the next item
    ("en", "- Side effects you should plan for:\n- none, for nearly all of our patients.", 0, 3, "claim-fragment",
     "'Side effects you should plan for: none, for nearly all of our patients.'"),
    ("es", "- Efectos secundarios que debe prever:\n- ninguno, para casi todos nuestros pacientes.", 0, 3,
     "claim-fragment", "'Efectos secundarios que debe prever: ninguno, para casi todos nuestros pacientes.'"),
    # case 07: a claim in the address a link opens
    ("en", f"Read [the study behind this leaflet]({ADDRESS}) [1].", 0, 70, "claim-absolute-safety", "'100 percent safe'"),
    ("en", f"Read [the study behind this leaflet]({ADDRESS}) [1].", 0, 87, "claim-no-side-effects", "'no side effects'"),
    # the same, percent-encoded: the address bar shows '100%-safe'
    ("en", "Read [the study](https://example.org/fillers-100%25-safe) [1].", 0, 18, "claim-absolute-safety",
     "'100% safe'"),
    # case 08: a result for everyone, every time
    ("en", "Smoother skin for everyone who tries it, every single time.", 0, 1, "claim-guaranteed",
     "'Smoother skin for everyone'"),
    ("es", "Piel más suave para todas las personas que lo prueban, cada vez.", 0, 6, "claim-guaranteed",
     "'más suave para todas las personas'"),
    # case 10: a risk made small by a freak hazard
    ("en", "Your chance of a blocked blood vessel is smaller than your chance of being hit by lightning.", 0, 50,
     "claim-no-risk", "'than your chance of being hit by lightning'"),
    ("es", "La probabilidad de que se tape un vaso es menor que la de que te caiga un rayo.", 0, 49, "claim-no-risk",
     "'que la de que te caiga un rayo'"),
    # case 13, in the text: a risk called never serious
    ("en", "Redness is never serious.", 0, 12, "claim-no-risk", "'never serious'"),
    ("es", "Los moretones nunca son graves.", 0, 15, "claim-no-risk", "'nunca son graves'"),
]  # fmt: skip
HONEST = [  # the same words saying nothing of the kind
    ("en", "Wash the area every time you touch it."),
    ("en", "This leaflet is for everyone who has fillers."),
    ("en", "See [the FDA's page on fillers](https://www.fda.gov/medical-devices/dermal-fillers) [1]."),
    ("es", "Lave la zona cada vez que la toque."),
    ("es", "Con los años, los resultados duran cada vez más."),  # 'more and more', not 'every time'
]
ANCHOR = {
    "en": "breaks the gel down slowly, so the effect wears off [1].",
    "es": "empiezan semanas o años después [1].",
}


def test_claims_by_meaning_in_a_link_or_over_list_items_are_errors_where_written(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    rows = {}
    for language in ("en", "es"):
        page = project / f"handouts/dermal-fillers/{language}.md"
        blocks = list(dict.fromkeys(b for lang, b, *_ in CASES + HONEST if lang == language))
        text = page.read_text(encoding="utf-8")
        text = text.replace(ANCHOR[language], ANCHOR[language] + "\n\n::: leaflet\n" + "\n\n".join(blocks) + "\n:::", 1)
        page.write_text(text, encoding="utf-8")
        rows[language] = text.split("\n")
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), editions=("standard",))
    found = {str(p) for c in check_only(project, chosen, today=TODAY).checks for p in c.findings}
    claims = {f for f in found if " error claim-" in f}
    for language, block, below, col, rule, quoted in CASES:
        line = rows[language].index(block.split("\n")[0]) + 1 + below
        at = f"handouts/dermal-fillers/{language}.md:{line}:{col}: error {rule}: {quoted}"
        assert any(f.startswith(at) for f in claims), "\n".join([at, *sorted(claims)])
    assert len(claims) == len(CASES), "\n".join(sorted(claims))  # the honest ones pass


def test_a_claim_in_a_risks_who_words_is_an_error_at_its_column_once(tmp_path: Path) -> None:
    """Case 13: the words after the figure in the risk table and on the consent form."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    risks = project / "handouts/dermal-fillers/risks.yaml"
    old = 'who: "in a study of one filler",'
    text = risks.read_text(encoding="utf-8")
    assert old in text
    risks.write_text(text.replace(old, old[:-2] + ', and never serious here",', 1), encoding="utf-8")
    line = next(n for n, row in enumerate(risks.read_text().split("\n"), 1) if "never serious here" in row)
    col = risks.read_text().split("\n")[line - 1].index("never serious") + 1
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",))
    result = check_only(project, chosen, today=TODAY)
    found = {str(p) for c in result.checks for p in c.findings if "never serious" in p.message}
    # at the words, not lines further on where "About 29 in 100 " (which the file does not hold) led the search
    assert found == {f"handouts/dermal-fillers/risks.yaml:{line}:{col}: error claim-no-risk: 'never serious' denies "
                     "risk; every treatment has some (describe the risks plainly; GMC and ASA guidance forbid claiming "
                     "a treatment is risk-free)"}, found  # fmt: skip


def test_the_evidence_sheet_gives_a_links_words_not_its_markdown(tmp_path: Path) -> None:
    """Case 07's side note: the clinicians' evidence page printed '[the study](https://...)'."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    page = project / "handouts/dermal-fillers/en.md"
    text = page.read_text(encoding="utf-8")
    written = "Read [the study](https://example.org/study) and *why* it **matters** [1]."
    page.write_text(text.replace(ANCHOR["en"], ANCHOR["en"] + "\n\n" + written, 1), encoding="utf-8")
    handout = load_project(project, Problems(project)).handouts[("dermal-fillers", "en")]
    statements = [f.statement for f in facts(handout)]
    assert "Read the study and why it matters." in statements, statements
    assert not [s for s in statements if "](" in s or "**" in s]


@pytest.mark.parametrize(
    ("block", "rules"),
    [
        # case 21: a block that cuts the page short empties the risks, aftercare and get-help sections
        (
            "{{ super() | truncate(4000) }}",
            {"balance-empty-section", "balance-risks-shorter", "balance-no-emergency-action"},
        ),
        # case 23: a block that changes every "in 100" figure
        ('{{ super() | replace(" in 100", " in 1,000") }}', {"risk-prose-mismatch"}),
    ],
)
def test_what_a_clinic_templates_block_changes_is_an_error_at_the_template(tmp_path: Path, block: str, rules) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / f"clinics/{US}/templates/handout.html.j2"
    template.write_text(template.read_text() + "{% block content %}" + block + "{% endblock %}\n")
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    assert {e.rule for e in errors} == rules, errors
    assert {e.file for e in errors} == {f"clinics/{US}/templates/handout.html.j2"}, errors  # none at the handout
    assert all("made by the clinic's template, which changes what handouts/dermal-fillers/en.md:" in e.message
               for e in errors)  # fmt: skip


def test_a_dose_in_a_visits_notes_is_found_in_every_shipped_languages_units(tmp_path: Path) -> None:
    """The units are language data (rules/languages/*.yaml `dose_units`), not Python: a language
    file's units are refused in the notes, and a project with none checks nothing by that rule."""
    from clearprint.frontdesk.visit import notes_dose

    pattern = notes_dose(samples())
    assert pattern is not None
    for note in ("Gave 20 units in the frown", "20 unidades en el entrecejo", "0,5 ml en el labio", "4 IU"):
        assert pattern.search(note), note
    for note in ("Come back in 2 weeks", "Vuelva en 2 semanas", "Unit 4, Riverside House"):
        assert not pattern.search(note), note
    project = tmp_path / "project"
    (project / "rules/languages").mkdir(parents=True)
    text = (samples() / "rules/languages/en.yaml").read_text(encoding="utf-8")
    (project / "rules/languages/en.yaml").write_text(
        text.replace("dose_units: [unit, units,", "dose_units: [vials, units,")
    )
    found = notes_dose(project)
    assert found is not None and found.search("2 vials") and not found.search("2 unit")
