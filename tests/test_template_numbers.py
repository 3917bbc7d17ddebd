"""A phone number a clinic's template prints must be one the clinic's settings hold
(checks/template_numbers.py), on the printed page and the web page. Round-8 attack, case 72: `clinic.phone | replace("5",
"6")` in the sample clinic's header printed (666) 666-0142 on every page with exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from clearprint_run import in_process

from conftest import copy_samples


@pytest.mark.parametrize(
    ("expression", "shown"),
    [
        ('clinic.phone | replace("5", "6")', "(666) 666-0142"),
        # round-11 attack, case 26: a method, a slice and a join, not a filter
        ('clinic.phone.replace("0142", "0124")', "(555) 555-0124"),
        ("clinic.phone[:-1] ~ clinic.after_hours_phone[-1]", "(555) 555-0149"),
    ],
)
def test_a_template_that_alters_the_clinics_number_is_an_error_at_the_template_line(
    tmp_path: Path, expression: str, shown: str
) -> None:
    project = copy_samples(tmp_path / "project")
    template = project / "clinics" / "sample-us-maple-grove" / "templates" / "handout.html.j2"
    text = template.read_text(encoding="utf-8")
    assert text.split("\n")[8].count("{{ clinic.phone }}") == 1  # line 9
    template.write_text(text.replace("{{ clinic.phone }}", "{{ " + expression + " }}"), encoding="utf-8")
    selection = ("--clinic", "sample-us-maple-grove", "--handout", "botulinum-toxin", "--language", "en")
    code, _, err = in_process("--project", project, "--out", tmp_path / "out", *selection, "--edition", "standard")
    assert code == 1, err
    assert (
        "clinics/sample-us-maple-grove/templates/handout.html.j2:9: error: sample-us-maple-grove/en/botulinum-toxin: "
        f"a clinic template prints the phone number '{shown}', which is not one of the clinic's numbers"
    ) in err
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_web_template_that_shows_another_number_is_an_error_at_its_line_and_nothing_is_published(
    project: Path, tmp_path: Path
) -> None:
    """The web edition too: its pages are read as the checks read them, and a number that no
    setting holds and no handout text gave is an error at the template line that shows it."""
    clinic = project / "clinics" / "test-clinic"
    with (clinic / "clinic.yaml").open("a", encoding="utf-8") as settings:
        settings.write("website: https://test-clinic.example\n")
    template = clinic / "templates" / "web" / "handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/web/handout.html.j2" %}\n'
        '{% block footer_note %}<p class="note">Call {{ clinic.after_hours_phone | replace("9", "8") }} '
        "any time.</p>{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = in_process("--project", project, "--out", out)
    assert code == 1, err
    assert (
        "clinics/test-clinic/templates/web/handout.html.j2:2: error: a web page: a clinic template prints the phone "
        "number '0100 000 888', which is not one of the clinic's numbers in clinic.yaml" in err
    ), err
    assert list(out.rglob("*.pdf")) and not (out / "test-clinic" / "site").exists()


def test_a_template_that_prints_the_after_hours_number_as_the_phone_is_an_error(tmp_path: Path) -> None:
    """Round-9 attack, case 61: both numbers are the clinic's, but the header's "Phone" showed the
    after-hours one; the clinic's page shows the day number fewer times than Clearprint's own."""
    project = copy_samples(tmp_path / "project")
    template = project / "clinics" / "sample-us-maple-grove" / "templates" / "handout.html.j2"
    text = template.read_text(encoding="utf-8")
    assert "{{ t.phone }} {{ clinic.phone }}" in text
    template.write_text(
        text.replace("{{ t.phone }} {{ clinic.phone }}", '{{ t.phone }} {{ clinic.phone | replace("0142", "0199") }}'),
        encoding="utf-8",
    )
    line = next(n for n, x in enumerate(template.read_text().split("\n"), 1) if "replace(" in x)
    selection = ("--clinic", "sample-us-maple-grove", "--handout", "botulinum-toxin", "--language", "en")
    code, _, err = in_process("--project", project, "--out", tmp_path / "out", *selection, "--edition", "standard")
    assert code == 1, err
    assert (
        f"clinics/sample-us-maple-grove/templates/handout.html.j2:{line}: error: sample-us-maple-grove/en/"
        "botulinum-toxin: a clinic template prints the clinic's number '(555) 555-0142'"
    ) in err, err
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_web_template_that_shows_the_after_hours_number_as_the_phone_is_an_error(
    project: Path, tmp_path: Path
) -> None:
    """Case 61 on the web edition: the banner's "Phone" showed the after-hours number on every
    page; both are the clinic's, so only counting against Clearprint's own page finds it."""
    clinic = project / "clinics" / "test-clinic"
    with (clinic / "clinic.yaml").open("a", encoding="utf-8") as settings:
        settings.write("website: https://test-clinic.example\n")
    template = clinic / "templates" / "web" / "handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/web/handout.html.j2" %}\n'
        '{% block banner %}<header class="banner"><p class="banner-phone">{{ t.phone }}: '
        '{{ clinic.phone | replace("000 000", "000 999") }}</p></header>{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = in_process("--project", project, "--out", out)
    assert code == 1, err
    assert (
        "clinics/test-clinic/templates/web/handout.html.j2:2: error: a web page: a clinic template prints the "
        "clinic's number '0100 000 000' 3 times where Clearprint's own page prints it 4 times" in err
    ), err
    assert not (out / "test-clinic" / "site").exists()


def test_numbers_shown_after_each_others_labels_are_errors_at_the_template_lines(project: Path, tmp_path: Path) -> None:
    """Round-13 attack, case 40: a header printing "Phone" before the after-hours number and
    "After hours" before the day one (each number shown as often as on Clearprint's own page)
    passed. Each number must follow its own label, on the printed page and the web page; a
    label of its own beside another's ("After hours phone") is its own."""
    clinic = project / "clinics" / "test-clinic"
    with (clinic / "clinic.yaml").open("a", encoding="utf-8") as settings:
        settings.write("website: https://test-clinic.example\n")
    printed = clinic / "templates" / "handout.html.j2"
    printed.parent.mkdir(parents=True)
    printed.write_text(
        '{% extends "project/handout.html.j2" %}\n{% block running_header %}\n<header class="running-header">\n'
        '<span class="clinic-name">{{ clinic.header_name }}</span>\n'
        '<span class="clinic-phone">{{ t.phone }} {{ clinic.after_hours_phone }}<br>'
        "{{ t.after_hours }} {{ clinic.phone }}</span>\n"
        # round-14 attack, case 23: the emergency label before one of the clinic's numbers
        '<span class="note">{{ t.emergency }}: {{ clinic.after_hours_phone }}</span>\n</header>\n{% endblock %}\n',
        encoding="utf-8",
    )
    web = clinic / "templates" / "web" / "handout.html.j2"
    web.parent.mkdir()
    web.write_text(
        '{% extends "project/web/handout.html.j2" %}\n'
        '{% block footer_note %}<p class="note">After hours phone: {{ clinic.after_hours_phone }}.\n'
        "Phone: {{ clinic.after_hours_phone }}.</p>{% endblock %}\n",
        encoding="utf-8",
    )
    # the handout's own words are on Clearprint's page too: never the template's doing
    tiny = project / "handouts" / "tiny" / "en.md"
    tiny.write_text(
        tiny.read_text().replace("Call us on", "Out of hours, phone {{ clinic.after_hours_phone }}. Call us on")
    )
    out = tmp_path / "out"
    code, _, err = in_process("--project", project, "--out", out, "--edition", "standard")
    assert code == 1, err
    wrong = "which names another of its numbers: patients would call the wrong one"
    assert len({e for e in err.splitlines() if wrong in e and "test-clinic/en/tiny:" in e}) == 3, err
    at = "clinics/test-clinic/templates/handout.html.j2:5: error: test-clinic/en/tiny: a clinic template shows"
    assert f"{at} the clinic's number '0100 000 999' after the label 'phone', {wrong}" in err, err
    assert f"{at} the clinic's number '0100 000 000' after the label 'after hours', {wrong}" in err, err
    assert f"{at} the clinic's number '0100 000 999' after the label 'emergency', {wrong}" in err, err
    assert not list(out.rglob("tiny.pdf")) and not (out / "test-clinic" / "site").exists()
    printed.unlink()  # the web pages of leaflets that print (a whole build: a selection makes no site)
    code, _, err = in_process("--project", project, "--out", out)
    web_errors = [e for e in err.splitlines() if wrong in e]
    assert code == 1 and web_errors, err
    where = "clinics/test-clinic/templates/web/handout.html.j2"  # at the paragraph (lines 2-3) that shows it
    assert all(
        e.startswith((f"{where}:2:", f"{where}:3:")) and "'0100 000 999' after the label 'phone'" in e
        for e in web_errors
    )
    assert not (out / "test-clinic" / "site").exists()
