"""Attack 12 (issue 19): what a fresh attacker got onto paper or the web at first try, checked
where it is decided. Each case's folder and first-try result: /work/fresh/attack12/ (outside
the project)."""

from __future__ import annotations

import shutil
from pathlib import Path

from clearprint_run import in_process

from clearprint import Selection
from clearprint.pipeline import check_only
from conftest import TODAY, samples

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
