"""Attack 16 (issue 19): what a fresh attacker printed with exit 0, refused where it was written.
Each case's folder and first-try result: /work/fresh/attack16/ (outside the project)."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, samples

US = "sample-us-maple-grove"
FILLERS = "handouts/dermal-fillers"
# (language, a block under a leaflet fence, its column, the rule, what the error quotes)
CASES = [
    # cases 2 and 6: a risk belittled
    ("en", "A bruise is a tiny price to pay.", 15, "claim-nothing-to-fear", "'tiny price to pay'"),
    ("en", "It is not worth a second thought.", 7, "claim-nothing-to-fear", "'not worth a second thought'"),
    ("es", "Un moretón es una tontería.", 15, "claim-nothing-to-fear", "'una tontería'"),
    # cases 3 and 7: pressure to book
    ("en", "Spaces this month go fast, and they may not come back.", 1, "claim-offer", "'Spaces this month go fast'"),
    ("en", "Book your visit today.", 1, "claim-offer", "'Book your visit today'"),
    ("es", "Quedan muy pocas citas este mes.", 1, "claim-offer", "'Quedan muy pocas citas'"),
    # cases 8 to 10: how many people, in words, against the risk's figure (bruising 50 in 100, redness 80)
    ("en", "Hardly anyone gets a bruise after filler.", 1, "risk-prose-mismatch", "'Hardly anyone' for 'Bruising'"),
    ("en", "Most people have no redness at all after filler.", 1, "risk-prose-mismatch", "'Most people' for 'Redness'"),
    ("en", "Bruising happens to hardly anyone.", 21, "risk-prose-mismatch", "'hardly anyone' for 'Bruising'"),
    ("en", "Hardly anyone bruises.", 1, "risk-prose-mismatch", "'Hardly anyone' for 'Bruising'"),
    ("es", "Muy pocas personas tienen moretones.", 1, "risk-prose-mismatch", "'Muy pocas personas' for 'Moretones'"),
    # cases 11 and 12: a point for the thousands, said so (the advice was to write '1.000 in 50')
    ("en", "Bruising happens to about 50 in 1.000 people [4].", 27, "risk-prose-mismatch",
     "the point in '1.000' is read as a decimal point (write the thousands with a comma or a space ('1,000')"),
    ("es", "Los moretones aparecen en unas 8 de cada 1.000 personas [4].", 32, "risk-prose-mismatch",
     "the point in '1.000' is read as a decimal point"),
    # case 17: a promised look
    ("en", "You will look fresh, not done.", 1, "claim-guaranteed", "'You will look fresh'"),
    ("es", "Se verá fresca y natural.", 1, "claim-guaranteed", "'Se verá fresca'"),
    # case 22, in the text: a risk that always settles
    ("en", "It always settles by itself.", 4, "claim-guaranteed", "'always settles'"),
    ("es", "Siempre se resuelve sola.", 1, "claim-guaranteed", "'Siempre se resuelve sola'"),
    # case 28, in the text: the emergency put off
    ("en", "Unwell after treatment? Call us first.", 25, "claim-emergency-delayed", "'Call us first'"),
    ("en", "Do not go to the emergency room before calling us.", 1, "claim-emergency-delayed",
     "'Do not go to the emergency room before calling us'"),
    ("es", "No vaya a urgencias sin llamarnos.", 1, "claim-emergency-delayed", "'No vaya a urgencias sin llamarnos'"),
]  # fmt: skip
HONEST = [  # the same words saying nothing of the kind
    ("en", "Very few people who bruise need any treatment."),
    ("en", "Most people get some bruising."),
    ("en", "Most people have no bruising after two weeks."),
    ("en", "If it is not an emergency, call us first."),
    ("es", "Si no es una emergencia, llámenos primero."),
    ("es", "La mayoría de las personas tiene algún moretón."),
]
ANCHOR = {
    "en": "breaks the gel down slowly, so the effect wears off [1].",
    "es": "empiezan semanas o años después [1].",
}


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    return project


def test_claims_by_meaning_and_people_in_words_are_errors_where_written(tmp_path: Path) -> None:
    project = _project(tmp_path)
    rows = {}
    for language in ("en", "es"):
        page = project / f"{FILLERS}/{language}.md"
        blocks = [b for lang, b, *_ in CASES + HONEST if lang == language]
        text = page.read_text(encoding="utf-8")
        text = text.replace(ANCHOR[language], ANCHOR[language] + "\n\n::: leaflet\n" + "\n\n".join(blocks) + "\n:::", 1)
        page.write_text(text, encoding="utf-8")
        rows[language] = text.split("\n")
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), editions=("standard",))
    found = {str(p) for c in check_only(project, chosen, today=TODAY).checks for p in c.findings}
    errors = {f for f in found if " error " in f}
    for language, block, col, rule, quoted in CASES:
        at = f"{FILLERS}/{language}.md:{rows[language].index(block) + 1}:{col}: error {rule}: "
        assert any(f.startswith(at) and quoted in f for f in errors), "\n".join([at + quoted, *sorted(errors)])
    assert len(errors) == len(CASES), "\n".join(sorted(errors))  # the honest ones pass


def test_a_claim_in_settings_risk_data_or_a_template_block_is_an_error_there(tmp_path: Path) -> None:
    """Cases 20, 22 and 28: the clinic's short name in every running header, the words after a
    sign in risks.yaml, and a masthead a clinic template adds."""
    project = _project(tmp_path)
    clinic = project / f"clinics/{US}/clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    assert "name: Maple Grove Dermatology\n" in text
    clinic.write_text(
        text.replace("name: Maple Grove Dermatology\n", "name: Maple Grove Dermatology\nshort_name: Worry-Free Skin\n")
    )
    risks = project / f"{FILLERS}/risks.yaml"
    old = 'then: "Then call us too: an enzyme can dissolve the filler."'
    assert old in risks.read_text(encoding="utf-8")
    risks.write_text(
        risks.read_text(encoding="utf-8").replace(old, 'then: "Then call us too. It always settles by itself."')
    )
    template = project / f"clinics/{US}/templates/handout.html.j2"
    template.write_text(
        template.read_text()
        + "{% block masthead %}{{ super() }}<p>Unwell after treatment? Call us first.</p>{% endblock %}\n"
    )
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",), editions=("standard",))
    errors = {(e.file, e.line, e.rule) for e in check_only(project, chosen, today=TODAY).report.errors}

    def line_of(path: Path, needle: str) -> int:
        return next(n for n, row in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in row)

    assert (f"clinics/{US}/clinic.yaml", line_of(clinic, "Worry-Free"), "claim-nothing-to-fear") in errors, errors
    assert (f"{FILLERS}/risks.yaml", line_of(risks, "always settles"), "claim-guaranteed") in errors, errors
    assert (
        f"clinics/{US}/templates/handout.html.j2",
        line_of(template, "Call us first"),
        "claim-emergency-delayed",
    ) in errors, errors


def test_a_raised_digit_after_a_number_is_refused_at_it(tmp_path: Path) -> None:
    """Case 13: '8 in 10²' is 8 in 100 to a reader and was 8 in 10 (80 in 100, the data's) to the check."""
    project = _project(tmp_path)
    page = project / f"{FILLERS}/en.md"
    written = "Redness happens to about 8 in 10² people. The treated area is about 4 cm² [1]."
    page.write_text(page.read_text(encoding="utf-8").replace(ANCHOR["en"], ANCHOR["en"] + "\n\n" + written, 1))
    line = page.read_text(encoding="utf-8").split("\n").index(written) + 1
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",), editions=("standard",))
    errors = [str(e) for e in check_only(project, chosen, today=TODAY).report.errors]
    assert [e for e in errors if "SUPERSCRIPT TWO" in e] == [
        f"{FILLERS}/en.md:{line}:33: error: U+00B2 SUPERSCRIPT TWO is a raised digit after a number (' 10²'), which "
        "the checks read as another number; write the number in full, e.g. 100"
    ], errors  # the unit's 'cm²' passes


def test_text_a_clinic_stylesheet_shrinks_below_the_floor_is_an_error_at_its_declarations(tmp_path: Path) -> None:
    """Case 24: `ul` and `li` each 0.75em, allowed one by one, draw a list at 6.75 pt; the errors
    (2,664 in the samples) were at the handout's lines, never at the stylesheet. Now one per
    output and set of declarations, at them, with how many texts they shrank."""
    from clearprint.pipeline import BuildOptions, build
    from conftest import make_project

    project = make_project(tmp_path / "project")
    styles = project / "clinics/test-clinic/styles"
    styles.mkdir()
    (styles / "zz-shrink.css").write_text("ul { font-size: 0.75em; }\nli { font-size: 0.75em; }\n")
    chosen = Selection(handouts=("tiny",), editions=("standard",))
    result = build(project, BuildOptions(tmp_path / "out", chosen, today=TODAY))
    small = [p for p in result.report.errors if p.rule == "drawn-text-size"]
    sheet = "clinics/test-clinic/styles/zz-shrink.css"
    assert {(p.file, p.line, p.col) for p in small} == {(sheet, 1, 6), (sheet, 2, 6)}, [str(p) for p in small]
    both = next(p for p in small if p.line == 1)
    assert (
        "is drawn at 6.75 pt, below the standard edition's 12 pt for body text (made smaller by 'font-size: "
        in both.message
    )
    assert f"and 'font-size: 0.75em' at {sheet}:2, which shrink again inside each other); " in both.message
    assert not (tmp_path / "out/test-clinic/en/tiny.pdf").exists()
