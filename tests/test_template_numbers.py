"""A phone number a clinic's template prints must be one the clinic's settings hold
(writers/handouts.py `_added_numbers`). Round-8 attack, case 72: `clinic.phone | replace("5",
"6")` in the sample clinic's header printed (666) 666-0142 on every page with exit 0."""

from __future__ import annotations

from pathlib import Path

from clearprint_run import in_process

from conftest import copy_samples


def test_a_template_that_alters_the_clinics_number_is_an_error_at_the_template(tmp_path: Path) -> None:
    project = copy_samples(tmp_path / "project")
    template = project / "clinics" / "sample-us-maple-grove" / "templates" / "handout.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("{{ clinic.phone }}", '{{ clinic.phone | replace("5", "6") }}'),
        encoding="utf-8",
    )
    selection = ("--clinic", "sample-us-maple-grove", "--handout", "botulinum-toxin", "--language", "en")
    code, _, err = in_process("--project", project, "--out", tmp_path / "out", *selection, "--edition", "standard")
    assert code == 1, err
    assert (
        "clinics/sample-us-maple-grove/templates/handout.html.j2: error: sample-us-maple-grove/en/botulinum-toxin: "
        "a clinic template prints the phone number '(666) 666-0142', which is not one of the clinic's numbers"
    ) in err
    assert not list((tmp_path / "out").rglob("*.pdf"))
