"""Attack 23 (issue 19): what reached a leaflet with exit 0 in the round-23 fresh cases, refused
where it was written. Each case's folder and first-try result: /work/fresh/attack23/."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint import Selection
from clearprint.pipeline import BuildOptions, build, check_only
from conftest import TODAY, check_sentences, pdf_text, samples

US = "sample-us-maple-grove"  # no emergency_number in clinic.yaml: the US's 911
PEELS = "handouts/chemical-peels"  # cold sores: 7 in 100
FILLERS = "handouts/dermal-fillers"  # bruising: 50 in 100
# (language, a sentence, the (column, rule) of each error it must give)
CLAIMS = [
    # case 11: no pain, by meaning, even hedged
    ("en", "During the peel, most people feel next to nothing.", [(30, "claim-painless-hedged")]),
    ("en", "Most people feel a warm, stinging feeling for a few minutes.", []),
    # case 24: no problems promised (in visit notes; the same rules read them)
    ("es", "Tranquila: este tratamiento no le va a causar ningún problema.", [(29, "claim-no-risk")]),
    ("en", "Don't worry: this treatment won't cause you any problems.", [(29, "claim-harm-impossible")]),
    ("es", "Si tiene algún problema, llámenos.", []),
    ("en", "Tell us if you have any problems.", []),
    # case 27: a risk called unimportant
    ("es", "Un herpes labial es leve y sin importancia.", [(28, "claim-nothing-to-fear")]),
    ("en", "A cold sore is mild and unimportant.", [(25, "claim-nothing-to-fear")]),
    ("es", "Es importante que nos llame si tiene fiebre.", []),
    # case 5: belittled, and not also a claim about dissolving filler (a second, wrong message)
    ("en", "A small cold sore is nothing to lose sleep over.", [(22, "claim-nothing-to-fear")]),
]
FIGURES = [
    # case 7: other words for a frequency band
    ("es", "Los moretones son algo excepcional.", [(19, "risk-prose-mismatch")]),
    ("en", "Bruising is exceptional.", [(13, "risk-prose-mismatch")]),
    ("en", "Bruising is very common.", []),
    # case 8: digits grouped in twos
    ("en", "A blocked blood vessel happens after about 1 in 1,00,000 syringes.", [(49, "risk-prose-mismatch")]),
    # case 10: odds
    ("en", "The odds of getting bruising are 1 to 999.", [(5, "risk-prose-mismatch")]),
    ("es", "Las probabilidades de tener moretones son de 1 contra 999.", [(5, "risk-prose-mismatch")]),
    ("en", "Results last 6 to 12 months.", []),
]  # fmt: skip


def test_round_23s_claims_and_figures_are_refused_at_their_line(tmp_path: Path) -> None:
    check_sentences(tmp_path, US, {PEELS: CLAIMS, FILLERS: FIGURES})


def header(project: Path, number: str) -> int:
    """The US sample's running header (its own template) with "Emergency NUMBER" before the
    phone, as the round-23 case wrote it; the template's line that prints it."""
    template = project / "clinics" / US / "templates/handout.html.j2"
    lines = template.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if 'class="clinic-phone"' in line)
    lines[at] = f'  <span class="clinic-phone">Emergency {number}<br>{{{{ t.phone }}}} {{{{ clinic.phone }}}}</span>'
    template.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def test_a_clinic_template_that_changes_the_emergency_number_is_an_error_at_its_line(tmp_path: Path) -> None:
    """Case 17: `{{ clinic.emergency_number ~ "1" }}` printed "Emergency None1" on every page
    (the setting was left to the country's default), and "Emergency 9111" with it set."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    line = header(project, '{{ clinic.emergency_number ~ "1" }}')
    chosen = Selection((US,), ("chemical-peels",), ("en",), editions=("standard",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    assert [(p.file, p.line) for p in errors] == [(f"clinics/{US}/templates/handout.html.j2", line)], errors
    assert "'9111' after the emergency label, but the emergency number is 911" in errors[0].message


def test_a_clinic_template_prints_the_countrys_emergency_number_when_the_setting_is_left_out(tmp_path: Path) -> None:
    project, out = tmp_path / "project", tmp_path / "out"
    shutil.copytree(samples(), project)
    header(project, "{{ clinic.emergency_number }}")
    chosen = Selection((US,), ("chemical-peels",), ("en",), editions=("standard",))
    result = build(project, BuildOptions(out, selection=chosen, today=TODAY))
    assert result.ok, result.report.errors
    text = pdf_text(out / US / "en/chemical-peels.pdf")
    assert "Emergency 911" in text and "None" not in text


def test_a_number_a_template_builds_in_a_loop_is_an_error_at_the_line_that_writes_the_rest(tmp_path: Path) -> None:
    """Case 18 (refused, but with no line): "({% for d in [5,5,5] %}{{ d }}{% endfor %}) 555-0100"."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / "clinics" / US / "templates/handout.html.j2"
    lines = template.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if 'class="clinic-phone"' in text)
    lines[line - 1] = (
        '  <span class="clinic-phone">{{ t.phone }} ({% for d in [5,5,5] %}{{ d }}{% endfor %}) 555-0100</span>'
    )
    template.write_text("\n".join(lines), encoding="utf-8")
    chosen = Selection((US,), ("chemical-peels",), ("en",), editions=("standard",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    assert [(p.file, p.line) for p in errors] == [(f"clinics/{US}/templates/handout.html.j2", line)], errors
    assert "'(555) 555-0100', which is not one of the clinic's numbers" in errors[0].message


def test_a_template_prints_text_numbers_and_dates_only(tmp_path: Path) -> None:
    """A clinic template that prints a whole object (`{{ clinic.colors }}`: its Python form; the
    round-23 tester's `{{ clinic }}` printed the settings, printers and all) or a value that is
    not set (`{{ clinic.short_name }}`: "None") is an error at its line."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / "clinics" / US / "templates/handout.html.j2"
    chosen = Selection((US,), ("chemical-peels",), ("en",), editions=("standard",))
    original = template.read_text(encoding="utf-8")
    for value, says in (("clinic.colors", "prints a whole Colors"), ("clinic.short_name", "not set")):
        lines = original.split("\n")
        line = next(i for i, text in enumerate(lines, 1) if 'class="clinic-name"' in text)
        lines[line - 1] = f'  <span class="clinic-name">{{{{ clinic.header_name }}}} {{{{ {value} }}}}</span>'
        template.write_text("\n".join(lines), encoding="utf-8")
        errors = check_only(project, chosen, today=TODAY).report.errors
        assert [(p.file, p.line) for p in errors] == [(f"clinics/{US}/templates/handout.html.j2", line)], errors
        assert says in errors[0].message, errors[0].message
