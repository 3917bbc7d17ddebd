"""The risks' `help:` groups (handouts/<id>/risks.yaml) drive every place that says what to do
about a sign: the get-help box, the risk table's "signs and what to do" cell (each sign with its
own action), and the one-page aftercare sheet, which keeps the urgent groups whole. A sign the
risks name with no action is a located error from `build.py check`, and giving it an action
clears it. (The consent form prints the risks and their frequencies, never an action.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clearprint_run import in_process
from pypdf import PdfReader

from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.content.risks import load_risks
from clearprint.documents.html import HtmlDocuments
from clearprint.frontdesk import sheet as sheets
from clearprint.frontdesk.visit import load_visit
from clearprint.problems import Problems
from conftest import ROOT, copy_samples

US, UK = "sample-us-maple-grove", "sample-uk-riverside"
RISKS = "handouts/botulinum-toxin/risks.yaml"
VISION_EN = "double or blurred vision, weak muscles, or loss of bladder control, even weeks after the injection"
VISION_ES = "visión doble o borrosa, músculos débiles o pérdida del control de la vejiga, aunque hayan pasado semanas"


def page_of(project: Path, label: str) -> str:
    report = Problems(project)
    outputs = {o.label: o for o in plan(load_project(project, report), report)}
    assert not report.errors, report.errors
    return HtmlDocuments(project, {}).html(outputs[label], linked=False)


def row(page: str, name: str) -> str:
    """The risk table's "signs and what to do" cell of the risk named `name`, tags removed."""
    found = re.search(r'<tr class="risk-[a-z-]+">\s*<th scope="row"[^>]*>' + re.escape(name) + r".*?</tr>", page, re.S)
    assert found, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found[0].split("</th>")[1]))


def box_tier(page: str, opening: str, closing: str) -> str:
    box = page[page.index('<div class="get-help-box"') :]
    return box[box.index(opening) : box.index(closing)]


def test_the_table_gives_each_sign_its_own_action_as_the_box_does():
    page = page_of(ROOT, f"{US}/en/botulinum-toxin")
    cell = row(page, "The medicine can spread")
    assert "Trouble breathing, swallowing or speaking, or a changed voice: Call 911 now." in cell
    assert VISION_EN[:1].upper() + VISION_EN[1:] + ": Call us now." in cell
    assert VISION_EN in box_tier(page, 'class="get-help-now"', 'class="get-help-same-day"')
    es = row(page_of(ROOT, f"{US}/es/botulinum-toxin"), "El efecto del medicamento puede llegar a otros músculos")
    assert VISION_ES[:1].upper() + VISION_ES[1:] + ": Llámenos enseguida." in es
    assert "cambios en la voz: Llame al 911 ahora." in es
    uk = row(page_of(ROOT, f"{UK}/en/botulinum-toxin"), "The medicine can spread")
    assert "a changed voice: Call 999 now." in uk  # the clinic's own emergency number


VISION = {"en": "double or blurred vision", "es": "visión doble o borrosa"}
WEAK = {
    "en": "weak muscles, or loss of bladder control, even weeks after the injection",
    "es": "músculos débiles o pérdida del control de la vejiga, aunque hayan pasado semanas",
}


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> Path:
    """The samples with double vision moved from 'call us now' to 'call 911 now'."""
    project = copy_samples(tmp_path_factory.mktemp("moved") / "project")
    path = project / RISKS
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ('or a changed voice"]', f'or a changed voice", "{VISION["en"]}"]'),
        (f'clinic-now: ["{VISION_EN}"]', f'clinic-now: ["{WEAK["en"]}"]'),
        ('o cambios en la voz"]', f'o cambios en la voz", "{VISION["es"]}"]'),
        (f'clinic-now: ["{VISION_ES}"]', f'clinic-now: ["{WEAK["es"]}"]'),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    ("language", "name", "now", "call"),
    [
        ("en", "The medicine can spread", "Call us now.", "Call 911 now."),
        ("es", "El efecto del medicamento puede llegar a otros músculos", "Llámenos enseguida.", "Llame al 911 ahora."),
    ],
)
def test_a_changed_help_group_changes_the_table_and_the_box(moved, language, name, now, call):
    page = page_of(moved, f"{US}/{language}/botulinum-toxin")
    cell = row(page, name)
    vision, weak = VISION[language], WEAK[language]
    assert f"; {vision}: {call}" in cell and f"{weak[:1].upper()}{weak[1:]}: {now}" in cell
    assert vision not in cell.split(call)[1]
    emergency = box_tier(page, 'class="admonition danger"', "</div>")
    assert re.search(rf"<li( data-src=\"{RISKS}:\d+\")?>{re.escape(vision)}</li>", emergency), emergency
    later = box_tier(page, 'class="get-help-now"', 'class="get-help-same-day"')
    assert vision not in later and weak in later
    before = page_of(ROOT, f"{US}/{language}/botulinum-toxin")
    assert vision not in box_tier(before, 'class="admonition danger"', "</div>")
    assert f"; {vision}: {call}" not in row(before, name)


# --- the one-page aftercare sheet --------------------------------------------------------------

VISIT = """\
patient_name: Quillon Zedwick-0123456789
date: 2026-03-02
areas: [frown lines, crow's feet]
product: Botox Cosmetic
batch: LOT12345678
dose: 44
dose_unit: units
practitioner: Dr Sam Sample
follow_up: 2026-03-16
notes: Photos taken before treatment.
"""


@pytest.mark.parametrize(("clinic", "language"), [(US, "en"), (US, "es"), (UK, "en")])
def test_the_aftercare_sheet_is_one_page_with_every_urgent_sign(tmp_path, clinic, language):
    report = Problems(ROOT)
    notes = "Photos taken before treatment." if language == "en" else "Se tomaron fotos antes del tratamiento."
    visit = load_visit(None, report, VISIT.replace("Photos taken before treatment.", notes))
    data = sheets.make(ROOT, sheets.Sheet(clinic, "botulinum-toxin", language), visit, report)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    pages = PdfReader(path).pages
    assert len(pages) == 1
    text = re.sub(r"\s+", " ", pages[0].extract_text())
    risks = load_risks(ROOT / "handouts" / "botulinum-toxin", ROOT)
    urgent = [
        phrase
        for risk in risks.risks
        for tier, phrases in (risk.words[language].help or {}).items()
        if tier in ("emergency", "clinic-now", "clinic-same-day")
        for phrase in phrases
    ]
    assert len(urgent) >= 5
    for phrase in urgent:
        assert phrase in text, phrase


# --- build.py check: a sign with no action ---------------------------------------------------


def test_a_sign_with_no_action_is_a_located_error_and_an_action_clears_it(tmp_path):
    project = copy_samples(tmp_path / "project")
    path = project / RISKS
    text = path.read_text(encoding="utf-8")
    voice = 'emergency: ["trouble breathing, swallowing or speaking, or a changed voice"]'
    path.write_text(text.replace(voice, 'emergency: ["trouble breathing, swallowing or speaking"]'), encoding="utf-8")
    arguments = ("check", "--project", project, "--handout", "botulinum-toxin", "--out", tmp_path / "out")
    code, out, err = in_process(*arguments)
    lines = (project / "handouts/botulinum-toxin/en.md").read_text(encoding="utf-8").split("\n")
    line = next(n for n, words in enumerate(lines, start=1) if "a changed voice" in words)
    found = [f for f in (out + err).split("\n") if "risk-sign-no-action" in f]
    assert code == 1 and found, out + err
    assert {f.split(": error")[0].strip() for f in found} == {
        f"handouts/botulinum-toxin/en.md:{line}:{lines[line - 1].index('voice') + 1}"
    }
    assert "the risks name 'voice'" in found[0]

    # The action back, under another tier: the sign has who to call again.
    path.write_text(text.replace(f'clinic-now: ["{VISION_EN}"]', f'clinic-now: ["{VISION_EN}", "a changed voice"]')
                    .replace(voice, 'emergency: ["trouble breathing, swallowing or speaking"]'), encoding="utf-8")  # fmt: skip
    code, out, err = in_process(*arguments)
    assert "risk-sign-no-action" not in out + err
    assert code == 0, out + err
