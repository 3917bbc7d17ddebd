"""Countries: each clinic prints only the text written for its own country, is checked
against its own country's advertising rules, and can only be in a country that has them.

Also the reading-level thresholds (issue 10, item 21), which decide per clinic what is a
warning and what an error.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import get_args

import pytest
from clearprint_run import in_process

from clearprint.checks.claims import find_claims
from clearprint.checks.rules import load_rules
from clearprint.checks.text import chunks_of
from clearprint.content.country_codes import Country
from clearprint.documents.labels import long_date
from clearprint.models import COUNTRY_DEFAULTS, ClinicSettings
from clearprint.pipeline import check_only
from clearprint.problems import Problems
from conftest import ROOT, TODAY, make_project, pdf_text

PASSAGES = """\
---
id: passages
title: A handout with country passages
language: en
version: "1.0"
reviewed: 2026-01-01
next_review: 2028-12-31
reviewer: Medical director
summary: A small handout used by the country tests.
sources: [A test source]
---

## What is it? {#what-it-is}

::: country US
In the US, it is approved for adults with frown lines.
:::

::: country IE   # a note for reviewers, never printed
In Ireland, ask us which product we use.
:::
::: country AU, CA
Ask your practitioner which product they use here.
:::

## What are the benefits? {#benefits}

Lines look softer.

## What are the risks? {#risks}

About 2 in 100 people get a drooping eyelid [1].

## After your treatment {#aftercare}

- [ ] Do not rub the area for 24 hours.

## When to get help {#get-help}

!!! danger "Call {{ clinic.emergency_number }} now if you have:"
    - trouble breathing

Call us on {{ clinic.phone }}.

## Key points {#key-points}

- It softens lines for a few months.
- Bruising is common.
- Call us if anything worries you.
"""


def clinic_yaml(country: str, handouts: list[str], languages: str = "[en]", extra: str = "") -> str:
    return (
        "name: Country Test Clinic\n"
        "logo: logo.svg\n"
        "address: [1 Test Street, Testville]\n"
        'phone: "0100 000 000"\n'
        'after_hours_phone: "0100 000 999"\n'
        f"country: {country}\n"
        f"languages: {languages}\n"
        f"handouts: [{', '.join(handouts)}]\n" + extra
    )


def overlay(tmp_path: Path, files: dict[str, str], shipped: tuple[str, ...] = ()) -> Path:
    """A folder of files to lay over the test project, with copies of shipped handouts."""
    folder = tmp_path / "overlay"
    for name in shipped:
        shutil.copytree(ROOT / "handouts" / name, folder / "handouts" / name, dirs_exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    logo = folder / "clinics/country/logo.svg"
    logo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests/testdata/base/clinics/test-clinic/logo.svg", logo)
    shutil.copy(ROOT / "tests/testdata/base/clinics/test-clinic/images.yaml", logo.parent)  # its register
    return folder


def command_line(project: Path, command: str, *extra: str) -> tuple[int, str]:
    """The command line on the test clinic (only it, when building), in this process:
    the exit code and everything printed."""
    code, out, err = in_process(
        command, "--project", project, "--out", project / "out", "--today", TODAY.isoformat(),
        *(["--clinic", "country", "--jobs", "1"] if command == "build" else []), *extra,
    )  # fmt: skip
    return code, out + err


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


def flat(path: Path) -> str:
    return " ".join(pdf_text(path).split())


# --- country passages ---------------------------------------------------------------


def test_an_irish_clinic_prints_every_shipped_handout_with_irish_text_only(tmp_path: Path, capsys) -> None:
    shipped = ("botulinum-toxin", "dermal-fillers", "chemical-peels")
    files = {"clinics/country/clinic.yaml": clinic_yaml("IE", list(shipped), "[en, es]")}
    project = make_project(tmp_path / "project", overlay(tmp_path, files, (*shipped, "_shared")))
    code, output = command_line(project, "build")
    assert code == 0, output
    out = project / "out/country"
    botox = flat(out / "en/botulinum-toxin.pdf")
    assert "In Ireland, it is illegal to supply it without a prescription" in botox
    assert (
        "call 112 / 999 if you have trouble breathing" in botox
        and "Call 112 / 999 now, or go to an emergency department, if you have:" in botox  # documents/get_help_box.py
        and "If you cannot reach us at once, call 112 / 999." in botox
        and "HPRA: hpra.ie" in botox
    )
    fillers = flat(out / "en/dermal-fillers.pdf")
    assert "In Ireland, fillers are not medicines." in fillers and "Health Products Regulatory Authority" in fillers
    assert "En Irlanda es ilegal suministrarla sin receta" in flat(out / "es/botulinum-toxin.pdf")
    for pdf in out.rglob("*.pdf"):
        text = flat(pdf)
        for elsewhere in (
            "In the US",
            "En EE. UU.",
            "In England",
            "En Inglaterra",
            "NHS 111",
            "NHS advises",
            "Yellow Card",
            "MedWatch",
        ):
            assert elsewhere not in text, (pdf.name, elsewhere)
        for brand in ("Jeuveau", "Daxxify", "BOTOX", "Botox"):
            assert brand not in text, (pdf.name, brand)


@pytest.mark.parametrize(
    ("country", "emergency", "own_text", "date"),
    [
        ("IE", "112 / 999", "In Ireland, ask us which product we use.", "1 January 2026"),
        ("AU", "000", "Ask your practitioner which product they use here.", "1 January 2026"),
        ("CA", "911", "Ask your practitioner which product they use here.", "January 1, 2026"),
    ],
)
def test_a_clinic_with_its_own_passages_builds_with_its_emergency_number_and_dates(
    tmp_path: Path, capsys, country: str, emergency: str, own_text: str, date: str
) -> None:
    files = {"handouts/passages/en.md": PASSAGES, "clinics/country/clinic.yaml": clinic_yaml(country, ["passages"])}
    project = make_project(tmp_path / "project", overlay(tmp_path, files))
    code, output = command_line(project, "build")
    assert code == 0, output
    text = flat(project / "out/country/en/passages.pdf")
    assert f"Call {emergency} now if you have" in text and own_text in text and date in text
    for other in ("In the US", "In Ireland", "Ask your practitioner", ":::", "note for reviewers"):
        if other not in own_text:
            assert other not in text


def test_a_claim_inside_a_kept_block_is_reported_at_its_true_line(tmp_path: Path) -> None:
    text = PASSAGES.replace("In Ireland, ask us which product we use.", "In Ireland, results are guaranteed.")
    files = {"handouts/passages/en.md": text, "clinics/country/clinic.yaml": clinic_yaml("IE", ["passages"])}
    project = make_project(tmp_path / "project", overlay(tmp_path, files))
    line = line_of(project / "handouts/passages/en.md", "In Ireland, results are guaranteed.")
    found = [
        str(p) for p in check_only(project, today=dt.date(2026, 11, 26)).report.errors if p.rule == "claim-guaranteed"
    ]
    assert found == [
        f"handouts/passages/en.md:{line}:25: error claim-guaranteed: 'guaranteed' promises a result; no result can be "
        "guaranteed (say what most people can expect and what is not known)"
    ]
    # A clinic elsewhere never gets the Irish text, so nor its claim.
    settings = project / "clinics/country/clinic.yaml"
    settings.write_text(settings.read_text().replace("country: IE", "country: US"))
    result = check_only(project, today=dt.date(2026, 11, 26))
    assert result.ok, [str(p) for p in result.report.errors]


def test_an_overridden_section_needs_no_country_blocks(tmp_path: Path) -> None:
    files = {
        "clinics/country/clinic.yaml": clinic_yaml("IE", ["dermal-fillers"]),
        "clinics/country/handouts/dermal-fillers/en.md": (
            "## What is it? {#what-it-is}\n\nA dermal filler is a gel that a trained practitioner injects under the skin.\n"
        ),
    }
    project = make_project(tmp_path / "project", overlay(tmp_path, files, ("dermal-fillers",)))
    result = check_only(project, today=dt.date(2026, 11, 26))
    assert result.ok, [str(p) for p in result.report.errors]
    body = next(s for s in result.planned[0].sections if s.role == "what-it-is").body
    assert "In the US" not in body


BROKEN = """\
---
id: broken
title: A handout with broken country markers
language: en
version: "1.0"
reviewed: 2026-01-01
next_review: 2028-12-31
reviewer: Medical director
summary: A small handout used by the country tests.
sources: [A test source]
---
::: country US

## What is it? {#what-it-is}

::: country US
This block is never closed.

## What are the benefits? {#benefits}

::: country XX
Lines look softer.
:::
:::
::: contry IE
Lines look softer in Ireland.

## What are the risks? {#risks}

::: country NZ GB ie
About 2 in 100 people get a drooping eyelid [1].
:::
::: country US
::: country IE
:::
:::
::: country
:::

## After your treatment {#aftercare}

::: country US
- [ ] Do not rub the area for 24 hours.
:::

::: country UK US
- [ ] Do not rub the area for a day.
:::

## When to get help {#get-help}

!!! danger "Call {{ clinic.emergency_number }} now if you have:"
    - trouble breathing

## Key points {#key-points}

- It softens lines for a few months.
- Bruising is common.
- Call us if anything worries you.
"""


def test_malformed_markers_are_located_errors(tmp_path: Path) -> None:
    files = {"handouts/broken/en.md": BROKEN, "clinics/country/clinic.yaml": clinic_yaml("US", ["broken"])}
    project = make_project(tmp_path / "project", overlay(tmp_path, files))
    result = check_only(project, today=dt.date(2026, 11, 26))
    found = sorted((p for p in result.report.errors if p.file == "handouts/broken/en.md"), key=lambda p: p.line or 0)
    codes = "US, CA, UK, IE, AU"
    syntax = "'::: country US' (or several codes: '::: country UK IE'), the text, then a line ':::'"
    blocks = (
        syntax
        + ", or '::: leaflet' for text the trifold summary leaves out ('::: trifold' for text only the trifold prints)"
    )
    assert [f"{p.line}: {p.message}" for p in found] == [
        "12: '::: country' and '::: leaflet' blocks go inside a section: the text before the first '## ' heading is printed in every version",
        "16: this '::: country' block is not closed; add a line ':::' after its text (a block ends before the next '## ' heading)",
        f"21: unknown country 'XX' in '::: country'; use {codes}",
        f"24: ':::' closes no block; remove it, or open the block with {blocks}",
        f"25: unknown block '::: contry IE'; write {blocks}",
        "30: unknown country 'NZ' in '::: country'; there is no researched profile for NZ yet, so no clinic can be in NZ; remove this version",
        "30: unknown country 'GB' in '::: country'; write 'UK' for the United Kingdom",
        "30: unknown country 'ie' in '::: country'; write the country code in capitals: 'IE'",
        "34: a block cannot hold another: close the block of line 33 with ':::' first",
        "36: ':::' closes no block; remove it, or open the block with " + blocks,
        f"37: '::: country' names no country; write {syntax}",
        "46: this passage already has a US version (line 42); keep one",
    ]
    assert not [o for o in result.planned if o.clinic.slug == "country"]


# --- profiles -----------------------------------------------------------------------


def test_every_accepted_country_has_a_profile_and_defaults() -> None:
    profiles = {p.stem for p in (ROOT / "rules/profiles").glob("*.yaml")}
    assert set(get_args(Country)) == profiles == set(COUNTRY_DEFAULTS)
    assert {code: number for code, (number, _) in COUNTRY_DEFAULTS.items()} == {
        "US": "911",
        "CA": "911",
        "UK": "999",
        "IE": "112 / 999",
        "AU": "000",
    }


@pytest.mark.parametrize(("country", "name"), [("NZ", "New Zealand"), ("EU", "the European Union")])
def test_a_country_without_a_researched_profile_is_refused(tmp_path: Path, capsys, country: str, name: str) -> None:
    files = {"clinics/country/clinic.yaml": clinic_yaml(country, ["tiny"])}
    project = make_project(tmp_path / "project", overlay(tmp_path, files))
    code, output = command_line(project, "check")
    assert code == 1
    assert (
        f"clinics/country/clinic.yaml:6: error: 'country': there is no researched profile for {country} ({name}) yet, "
        f"so its advertising rules cannot be checked; write rules/profiles/{country}.yaml from its own sources first "
        "(as rules/profiles/UK.yaml is written). Clinics can be in US, CA, UK, IE, AU"
    ) in output
    # A refused clinic is refused by a build too, which then writes none of its PDFs.
    code, output = command_line(project, "build")
    assert code == 1 and f"there is no researched profile for {country} ({name}) yet" in output
    assert not list((project / "out").rglob("*.pdf"))


def rule_ids(sentence: str, country: str, distribution: str) -> set[str]:
    rules = load_rules(ROOT, ROOT / "clinics" / "none", country, "en", Problems(ROOT))
    chunks = chunks_of(sentence, 1, ROOT / "x.md", "what-it-is")
    return {rule.id for rule, _, _ in find_claims(chunks, rules.claims, "en", distribution)}


@pytest.mark.parametrize(
    ("country", "rule", "caught", "honest"),
    [
        ("IE", "ie-pom-brand-name", "Ask us about Botox.", "Ask us about botulinum toxin injections."),
        ("IE", "ie-pom-euphemism", "Try our Beautox.", "Ask us about botulinum toxin."),
        ("AU", "au-cosmetic-injectable", "Ask us about anti-wrinkle injections.", "We offer consultations."),
        ("AU", "au-cosmetic-injectable", "Our dermal fillers last for months.", "We offer skin consultations."),
        ("AU", "au-cosmetic-injectable", "Botulinum toxin relaxes the muscles.", "Ask us about a consultation."),
        ("CA", "ca-prescription-drug-brand", "Botox softens lines.", "Botulinum toxin injections soften lines."),
    ],
)
def test_profile_rules_apply_to_waiting_room_material_only(country: str, rule: str, caught: str, honest: str) -> None:
    assert rule in rule_ids(caught, country, "waiting-room")
    assert rule not in rule_ids(honest, country, "waiting-room")
    assert rule not in rule_ids(caught, country, "after-consultation")


def test_australian_waiting_room_leaflet_naming_anti_wrinkle_injections_is_not_printed(tmp_path: Path, capsys) -> None:
    text = PASSAGES.replace(
        "Ask your practitioner which product they use here.", "Ask us about anti-wrinkle injections."
    )
    files = {"handouts/passages/en.md": text, "clinics/country/clinic.yaml": clinic_yaml("AU", ["passages"])}
    project = make_project(tmp_path / "project", overlay(tmp_path, files))
    line = line_of(project / "handouts/passages/en.md", "Ask us about anti-wrinkle injections.")
    code, output = command_line(project, "build")
    assert code == 1
    assert (
        f"handouts/passages/en.md:{line}:14: error au-cosmetic-injectable: 'anti-wrinkle injections' refers to a "
        "cosmetic injectable in waiting-room material"
    ) in output
    assert not (project / "out/country/en/passages.pdf").exists()


def test_dates_are_written_as_in_the_clinics_country() -> None:
    def clinic(country: str) -> ClinicSettings:
        return ClinicSettings.model_validate(
            {
                "name": "X clinic",
                "logo": "logo.svg",
                "address": ["1 Street"],
                "phone": "000",
                "after_hours_phone": "000",
                "country": country,
                "languages": ["en"],
                "handouts": ["x"],
            }
        )

    day = dt.date(2026, 11, 1)
    assert [clinic(c).locale("en") for c in ("IE", "AU", "CA", "UK", "US")] == [
        "en_IE",
        "en_AU",
        "en_CA",
        "en_GB",
        "en_US",
    ]
    assert long_date(day, clinic("IE").locale("en")) == "1 November 2026"
    assert long_date(day, clinic("CA").locale("en")) == "November 1, 2026"
    # Babel has no Spanish for Ireland: the language alone, not a crash.
    assert clinic("IE").locale("es") == "es" and long_date(day, clinic("IE").locale("es")) == "1 de noviembre de 2026"
    assert clinic("US").locale("es") == "es_US"


# --- reading level (item 21): the same thresholds for the whole handout and each section ---

HARD = (
    "Administration of neuromodulators occasionally precipitates unanticipated complications "
    "necessitating intervention. "
)


PLAIN = "Some people get a small bruise where the needle went in. It usually fades within a week. "


def reading_findings(project: Path, rule: str) -> list:
    return [p for p in check_only(project, today=dt.date(2026, 11, 26)).report.items if p.rule == rule]


def write_risks(project: Path, text: str) -> int:
    """Replace the tiny handout's risks with `text`; return the heading's line."""
    page = project / "handouts/tiny/en.md"
    source = page.read_text()
    old = "About 2 in 100 people get a drooping eyelid [1]."
    page.write_text(source.replace(old, old + "\n\n" + text))
    return line_of(page, "## What are the risks? {#risks}")


def test_a_section_above_the_error_grade_is_an_error(project: Path) -> None:
    line = write_risks(project, HARD * 4)
    found = reading_findings(project, "reading-section-grade")
    assert [(p.file, p.line, p.severity) for p in found] == [("handouts/tiny/en.md", line, "error")]
    assert found[0].message.startswith("section 'risks': Flesch-Kincaid grade ") and " is above 10 " in found[0].message


@pytest.mark.parametrize(
    ("below_warning", "below_error", "expected"),
    [(2, 1, {"error"}), (1, -1, {"warning"}), (-1, -2, set())],
    ids=["above-error", "between", "below-warning"],
)
def test_grades_between_warning_and_error_are_warnings_for_sections_and_the_whole(
    project: Path, below_warning: float, below_error: float, expected: set
) -> None:
    # Plain text (grades under 6): a clinic may set limits only stricter than 8 and 10.
    write_risks(project, PLAIN * 4)
    result = check_only(project, today=dt.date(2026, 11, 26))
    tiny = next(c for c in result.checks if c.output.handout.meta.id == "tiny")
    section = next(s.score.grade for s in tiny.sections if s.role == "risks")
    settings = project / "clinics/test-clinic/clinic.yaml"
    base = settings.read_text()
    for rule, grade in (("reading-section-grade", section), ("reading-grade", tiny.score.grade)):
        settings.write_text(
            base
            + f"checks:\n  grade_warning_above: {grade - below_warning:.2f}\n  grade_error_above: {grade - below_error:.2f}\n"
        )
        found = [p for p in reading_findings(project, rule) if p.file == "handouts/tiny/en.md"]
        assert {p.severity for p in found} == expected, (rule, grade, [str(p) for p in found])
