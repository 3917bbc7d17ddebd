"""Attack 12 (issue 19): what a fresh attacker got onto paper or the web at first try, checked
where it is decided. Each case's folder and first-try result: /work/fresh/attack12/ (outside
the project)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from clearprint_run import in_process

from clearprint import Selection
from clearprint.content import yamlfile
from clearprint.frontdesk.visit import load_visit
from clearprint.pipeline import check_only
from clearprint.problems import ContentError, Problems
from conftest import ROOT, TODAY, samples

US = "sample-us-maple-grove"
BRACES = "<p>Call {{ '{{' }} clinic.phone }} to book.</p>"  # prints the braces themselves


def test_a_template_that_shows_template_syntax_on_a_web_page_is_refused(tmp_path: Path) -> None:
    """Found beside the round: the public evidence page showed "{{ clinic.emergency_number }}"
    where the number to call belongs, with exit 0. A page that shows braces is refused, however
    they got there (here a clinic web template prints them)."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / "clinics" / US / "templates" / "web" / "handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/web/handout.html.j2" %}\n{% block footer_note %}' + BRACES + "{% endblock %}\n",
        encoding="utf-8",
    )
    chosen = Selection(clinics=(US,), handouts=("botulinum-toxin",), languages=("en",))
    found = [str(p) for p in check_only(project, chosen, today=TODAY).report.items]
    assert any(
        f"clinics/{US}/templates/web/handout.html.j2" in f and "web-template-syntax" in f and "{{ clinic.phone }}" in f
        for f in found
    ), found


def test_a_template_that_prints_template_syntax_on_a_page_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / "clinics" / US / "templates" / "handout.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "{% block footer_note %}" + BRACES + "{% endblock %}\n", encoding="utf-8")
    out = tmp_path / "out"
    selection = ("--clinic", US, "--handout", "botulinum-toxin", "--language", "en", "--edition", "standard")
    code, _, err = in_process("--project", project, "--out", out, *selection)
    assert code == 1 and "drawn-template-syntax" in err and "'{{ clinic.phone }}' is drawn as text" in err, err
    assert not list(out.rglob("*.pdf"))


DECIMALS = "'dose' has more than 3 decimal places; write it as the syringe or vial shows it, e.g. 0.5"


@pytest.mark.parametrize(
    ("dose", "printed"),
    [("0.0000001", DECIMALS), ("1.0e-7", DECIMALS), ("1e-7", "'dose' must be a number, e.g. 20 or 0.5; write the unit in"),
     ("0.025", "0.025"), ("2.50", "2.5"), ("20", "20")],
)  # fmt: skip
def test_a_dose_is_printed_as_written_or_refused(dose: str, printed: str) -> None:
    """Case 34: a dose of 0.0000001 mL was printed on the aftercare sheet as "1e-07 mL"."""
    text = re.sub(r"(?m)^dose:.*$", f"dose: {dose}", (ROOT / "examples/visit.yaml").read_text(encoding="utf-8"))
    at = next(n for n, x in enumerate(text.split("\n"), 1) if x.startswith("dose:"))
    if not printed.startswith("'dose'"):
        assert load_visit(None, Problems(ROOT), text).dose_text == printed
        return
    with pytest.raises(ContentError) as raised:
        load_visit(None, Problems(ROOT), text)
    assert [str(p).startswith(f"/dev/stdin:{at}: error: {printed}") for p in raised.value.problems] == [True]


def test_a_number_too_long_for_any_setting_is_a_located_error_not_a_traceback() -> None:
    """Case 40: a 5,000-digit number in clinic.yaml stopped the build with Python's ValueError
    (integers over 4,300 digits), with no file or line."""
    from clearprint.models import ClinicSettings

    settings = (ROOT / "clinics" / US / "clinic.yaml").read_text(encoding="utf-8")
    text = settings + "checks:\n  grade_error_above: " + "9" * 5000 + "\ntelephone: 1\n"
    at = text.count("\n") - 1  # grade_error_above's line
    path = ROOT / "clinic.yaml"
    data, lines = yamlfile.parse(text, path, Problems(ROOT))  # no ValueError
    with pytest.raises(ContentError) as raised:
        yamlfile.validate(ClinicSettings, data, path, lines, Problems(ROOT))
    found = [str(p) for p in raised.value.problems]
    assert f"clinic.yaml:{at}: error: 'checks.grade_error_above': input should be a finite number" in found, found
    assert any(f.startswith(f"clinic.yaml:{at + 1}: error: unknown setting 'telephone'") for f in found), found


def test_a_background_of_current_color_on_a_page_is_a_contrast_error_not_a_crash(tmp_path: Path) -> None:
    """Case 18: `background-color: currentColor` in a clinic stylesheet stopped every render
    ("the renderer failed; please report this bug"): the cascade leaves the keyword to drawing,
    and the drawn text's reading took it for a colour. It is the text's colour: text drawn on
    itself, at contrast 1:1."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    styles = project / "clinics" / US / "styles"
    styles.mkdir(exist_ok=True)
    (styles / "zz-paint.css").write_text("#get-help li, #get-help p { background-color: currentColor; }\n")
    out = tmp_path / "out"
    selection = ("--clinic", US, "--handout", "botulinum-toxin", "--language", "en", "--edition", "standard")
    code, _, err = in_process("--project", project, "--out", out, *selection)
    assert code == 1 and "renderer failed" not in err and "Traceback" not in err, err
    assert "error drawn-contrast:" in err and "contrast 1.00:1 against its background" in err, err
    assert not list(out.rglob("*.pdf"))


def test_a_count_out_of_a_smaller_number_is_refused_wherever_it_is(tmp_path: Path) -> None:
    """Case 11: "fewer than 10,000 in 2 syringes" (the data: 2 in 10,000), in a clause that names
    no risk, was printed; a count larger than its whole is no frequency, whatever it is about."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    page = project / "handouts/dermal-fillers/en.md"
    text = page.read_text(encoding="utf-8")
    assert "than 2 in 10,000 syringes given with a needle [5]." in text
    text = text.replace("than 2 in 10,000 syringes given", "than 10,000 in 2 syringes given")
    page.write_text(text, encoding="utf-8")
    line = next(n for n, x in enumerate(text.split("\n"), 1) if "10,000 in 2 syringes" in x)
    chosen = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",))
    found = {str(p) for c in check_only(project, chosen, today=TODAY).checks for p in c.findings}
    assert (
        f"handouts/dermal-fillers/en.md:{line}:6: error risk-prose-mismatch: '10,000 in 2' counts more than its whole"
        in {f.split(": a frequency")[0] for f in found}
    ), found


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [("At our clinic, complications have been 0 in 10,000 treatments.", "claim-no-risk-figure"),  # case 4
     ("Our complication rate is zero.", "claim-no-risk-figure"),
     ("It happened in 0 in 100 people given a dummy injection.", None),  # a trial's comparison group
     ("About 10 in 100 people get a headache.", None),
     ("Why it never hurts here", "claim-painless"),  # case 7: a heading, with the model's warning only
     ("Not a bit sore.", "claim-painless"),  # case 5
     ("Maple Grove Never-Hurts Dermatology", "claim-painless"),  # case 3: a clinic's name
     ("It never hurts to ask us a question.", None)],
)  # fmt: skip
def test_a_rate_of_none_and_never_hurts_are_claims(sentence: str, rule: str | None) -> None:
    from clearprint.checks.claims import find_claims
    from clearprint.checks.rules import load_rules
    from clearprint.checks.text import Chunk, Position

    rules = load_rules(ROOT, ROOT / "clinics" / US, "US", "en", Problems(ROOT))
    chunk = Chunk("risks", "text", sentence, [Position(ROOT / "x.md", 1, i + 1) for i in range(len(sentence))])
    found = [r.id for r, _, _ in find_claims([chunk], rules.claims, "en", "waiting-room", root=ROOT)]
    assert found == ([rule] if rule else [])


def test_a_union_of_a_figure_and_a_word_names_only_the_path_a_clinic_wrote() -> None:
    """Case 12: `per: 1e4` in risks.yaml was refused at its line, but three times, quoting
    pydantic's branch names ('function-after[_range(), Frequency]', "literal['not-known', ...]")."""
    from clearprint.content.risks import RiskFile

    text = (ROOT / "handouts/dermal-fillers/risks.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "frequency: {count: 2, per: 10000, base: syringes, below: true}",
        "frequency: {count: 2, per: 1e4, base: syringes, below: true}",
    )
    at = next(n for n, x in enumerate(text.split("\n"), 1) if "per: 1e4" in x)
    path = ROOT / "risks.yaml"
    data, lines = yamlfile.parse(text, path, Problems(ROOT))
    with pytest.raises(ContentError) as raised:
        yamlfile.validate(RiskFile, data, path, lines, Problems(ROOT))
    assert [str(p) for p in raised.value.problems] == [
        f"risks.yaml:{at}: error: 'risks.3.frequency.per': input should be a valid integer, unable to parse string as an integer"
    ]
