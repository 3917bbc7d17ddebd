"""Risks as data (issue 21): the leaflet's risk table, its icon arrays, the prose check and the
consent form all read handouts/<id>/risks.yaml, so they change together and never disagree."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from clearprint import BuildOptions, Selection, build
from clearprint.cli import main
from clearprint.pipeline import check_only
from conftest import pdf_text, samples, with_ocr_readings

US = "sample-us-maple-grove"
TODAY = "2026-12-06"


def flat(path: Path) -> str:
    return " ".join(pdf_text(path).split())


@pytest.fixture(scope="module")
def changed(sample, tmp_path_factory) -> tuple[Path, Path]:
    """The samples with one risk changed in the data and in the prose: bruising 50 -> 40 in 100."""
    folder = tmp_path_factory.mktemp("consent")
    project = folder / "project"
    shutil.copytree(samples(), project)
    risks = project / "handouts/dermal-fillers/risks.yaml"
    risks.write_text(risks.read_text().replace("frequency: {count: 50, per: 100}", "frequency: {count: 40, per: 100}"))
    en = project / "handouts/dermal-fillers/en.md"
    en.write_text(en.read_text().replace("bruising (about 50 in 100)", "bruising (about 40 in 100)").replace(
        "**Bruising:** about 50 in 100", "**Bruising:** about 40 in 100"))  # fmt: skip
    out = with_ocr_readings(sample, folder / "out")  # the images as the session build read them
    selection = Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",), editions=("standard",))
    result = build(project, BuildOptions(out, selection, today=None))
    assert result.ok, "\n".join(map(str, result.report.errors))
    form = out / "consent.pdf"
    args = ["consent", "dermal-fillers", "--clinic", US, "--language", "en", "--project", str(project)]
    assert main([*args, "--out", str(form), "--today", TODAY]) == 0
    return out / US / "en/dermal-fillers.pdf", form


def test_a_changed_risk_changes_the_leaflet_and_the_consent_form(changed) -> None:
    leaflet, form = (flat(p) for p in changed)
    for text in (leaflet, form):
        assert (
            "Bruising" in text
            and "about 40 in 100 people treated in a study of one filler (very common)" in text.lower()
        )
        assert "about 50 in 100 people treated" not in text
    # The same frequency text for every risk in both: the form's rows are the leaflet's.
    for risk in ("A blocked blood vessel", "Infection with pus", "Cold sores"):
        assert risk in leaflet and risk in form
    assert "fewer than 2 in 10,000 syringes" in leaflet.lower() and "fewer than 2 in 10,000 syringes" in form
    assert "fewer than 2 in 100 people treated" in form
    # A figure's condition ('who' in risks.yaml) goes wherever its number does.
    assert "about 98 in 100 people treated with one cheek filler (very common)" in form


def test_the_leaflet_draws_icon_arrays_with_the_number_in_their_alt_text(changed) -> None:
    leaflet, _ = changed
    reader = PdfReader(leaflet)
    alts = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if hasattr(node, "get"):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(a.startswith("40 in 100 people treated in a study of one filler get Bruising") for a in alts), alts
    assert any(a.startswith("80 in 100 people treated in a study of one filler get Redness") for a in alts), alts


def test_the_consent_form_is_fillable_and_tagged_with_an_initials_box_per_serious_risk(changed) -> None:
    _, form = changed
    reader = PdfReader(form)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    fields = {str(f.get_object()["/T"]): f.get_object() for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]}
    initials = sorted(name for name in fields if name.startswith("initials-"))
    assert initials == [
        f"initials-{r}" for r in sorted(["blocked-vessel", "blindness", "stroke", "skin-death", "abscess"])
    ]
    assert all(fields[name]["/MaxLen"] == 4 and fields[name]["/FT"] == "/Tx" for name in initials)
    for box in ("leaflet-given", "questions", "alternatives", "change-mind"):
        assert fields[box]["/FT"] == "/Btn"
    for person in ("patient-printed", "practitioner-printed", "interpreter"):
        assert fields[person]["/FT"] == "/Tx"
    text = flat(form)
    assert 'I have been given the leaflet "Hyaluronic acid dermal fillers", version 1.2' in text
    assert "No treatment." in text  # the alternatives, no treatment included
    assert len(re.findall(r"Signature:", text)) == 3 and "Interpreter (if one was used)" in text


def test_prose_that_contradicts_the_risk_data_is_a_located_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    en = project / "handouts/dermal-fillers/en.md"
    text = en.read_text().replace("**Bruising:** about 50 in 100", "**Bruising:** about 30 in 100")
    en.write_text(text)
    line = next(n for n, x in enumerate(text.split("\n"), 1) if "about 30 in 100" in x)
    result = check_only(project, Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",)))
    errors = {str(p) for c in result.checks for p in c.findings if p.rule == "risk-prose-mismatch"}
    assert any(
        e.startswith(f"handouts/dermal-fillers/en.md:{line}:")
        and "the text says '30 in 100' for 'Bruising', but risks.yaml says 50 in 100" in e
        for e in errors
    ), errors


RISKS, ELSE = "## What are the risks? {#risks}\n", "## What else can I do? {#alternatives}\n"


# (sentence, what the text says, the risk, what risks.yaml says, the heading it goes under)
WRONG_FIGURES = [
    ("Bruising happens to about 5 in 100 people [4].", "5 in 100", "Bruising", "50 in 100", RISKS),
    ("Cold sores: about two in ten people [21].", "two in ten", "Cold sores", "fewer than 2 in 100", RISKS),
    # round-9 attack, cases 64 and 65: a base in words, a percentage, and another section
    ("Redness: about eight in every hundred people [4].", "eight in every hundred", "Redness", "80 in 100", ELSE),
    ("Bruising affects about 5% of people [4].", "5%", "Bruising", "50 in 100", ELSE),
    # round-11 attack, case 31: a share in words and a fraction with a slash
    ("Redness happens to about half of people [4].", "half of", "Redness", "80 in 100", RISKS),
    (
        "A blocked blood vessel happens with 1/100 syringes [5].",
        "1/100",
        "A blocked blood vessel",
        "fewer than 2 in 10,000",
        RISKS,
    ),
    # round 12, case 10: two risks in one clause, each with its figure; a frequency word
    (
        "Redness (about a quarter of people) and bruising (about 50 in 100) can follow [4].",
        "a quarter of",
        "Redness",
        "80 in 100",
        RISKS,
    ),
    ("Redness is rare [4].", "rare", "Redness", "80 in 100", RISKS),
    # round 13, case 14: a negation after the frequency word does not deny it
    ("Bruising is very rare: almost no one gets it [4].", "very rare", "Bruising", "50 in 100", RISKS),
]


def test_a_sentence_naming_one_risk_with_another_figure_is_a_located_error(tmp_path: Path) -> None:
    """Round-8 attack, case 92: a wrong figure in plain prose (no bold label), in a leaflet block;
    round 9: the figure in words or as a percentage; rounds 11 and 12: a share, a fraction, two
    risks in one clause, a frequency word. Every case in one leaflet, checked once."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    en = project / "handouts/dermal-fillers/en.md"
    text = en.read_text()
    for heading in (RISKS, ELSE):
        sentences = "\n\n".join(case[0] for case in WRONG_FIGURES if case[4] == heading)
        text = text.replace(heading, f"{heading}\n::: leaflet\n{sentences}\n:::\n")
    en.write_text(text)
    result = check_only(project, Selection(clinics=(US,), handouts=("dermal-fillers",), languages=("en",)))
    errors = {str(p) for c in result.checks for p in c.findings if p.rule == "risk-prose-mismatch"}
    for sentence, said, risk, data, _ in WRONG_FIGURES:
        line = next(n for n, x in enumerate(text.split("\n"), 1) if x == sentence)
        assert any(
            e.startswith(f"handouts/dermal-fillers/en.md:{line}:")
            and f"the text says '{said}' for '{risk}', but risks.yaml says {data}" in e
            for e in errors
        ), (sentence, errors)


def test_the_datas_figure_as_a_percentage_or_in_words_is_not_an_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    en = project / "handouts/dermal-fillers/en.md"
    said = (
        "Bruising affects about 50% of people. Redness: about eight in every ten people [4]. Bruising: about "
        "half of people [4]. Redness is more common than bruising [4]. Bruising is not more common than "
        "redness. Bruising is less common than redness. Redness and bruising are about as common as each other. "
        "Bruising rules changed in S.I. 541/2007. Bruising may last 2/3 days. Bruising (about 50 in 100) and "
        "redness (about 80 in 100) are common [4]. Bruising is very common. Redness is not rare. A blocked blood "
        "vessel is rare [5]. Some people need 3 in 2 weeks."
    )
    heading = "## What are the risks? {#risks}\n"
    en.write_text(en.read_text().replace(heading, f"{heading}\n::: leaflet\n{said}\n:::\n"))
    # Spanish: a word before a frequency word makes it no risk's frequency (es.yaml, not_frequency_before)
    es = project / "handouts/dermal-fillers/es.md"
    dicho = (
        "El enrojecimiento es lo más frecuente [4]. Un vaso sanguíneo obstruido es menos frecuente que los "
        "moretones [5]. Un vaso sanguíneo obstruido es tan raro como la ceguera [5]. Los moretones son lo menos raro."
    )
    es.write_text(es.read_text().replace("{#risks}\n", f"{{#risks}}\n\n::: leaflet\n{dicho}\n:::\n", 1))
    result = check_only(project, Selection(clinics=(US,), handouts=("dermal-fillers",)))
    assert not [str(p) for c in result.checks for p in c.findings if p.rule == "risk-prose-mismatch"]


def test_two_risks_compared_against_their_figures_is_a_located_error(tmp_path: Path) -> None:
    """Round-11 attack, case 30: risk prose that compares two risks the other way round from
    their figures in risks.yaml (redness 80 in 100, bruising 50 in 100, a blocked blood vessel
    fewer than 2 in 10,000 syringes), in English and Spanish."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    sentences = {
        "en": ("## What are the risks? {#risks}\n", [
            ("Bruising is more common than redness [4].", 1, "'Bruising' is more common than 'Redness'"),
            ("A blocked blood vessel is about as common as bruising [5].", 1,
             "'A blocked blood vessel' is about as common as 'Bruising'"),
            ("Redness is rarer than bruising [4].", 1, "'Redness' is less common than 'Bruising'"),
            # a negation after the comparison does not deny it
            ("Bruising is more common than redness: no one doubts it [4].", 1,
             "'Bruising' is more common than 'Redness'"),
        ]),
        "es": ("{#risks}\n", [
            ("Los moretones son más frecuentes que el enrojecimiento [4].", 5,
             "'Moretones' is more common than 'Enrojecimiento'"),
            # round 13, case 14: a negation after the frequency word does not deny it
            ("Los moretones son muy raros: casi nadie los tiene.", 19, "'muy raros' for 'Moretones'"),
            ("Los moretones son más frecuentes que el enrojecimiento: nadie lo duda [4].", 5,
             "'Moretones' is more common than 'Enrojecimiento'"),
        ]),
    }  # fmt: skip
    lines = {}
    for language, (heading, cases) in sentences.items():
        page = project / f"handouts/dermal-fillers/{language}.md"
        block = "\n\n".join(sentence for sentence, _, _ in cases)
        text = page.read_text().replace(heading, f"{heading}\n::: leaflet\n{block}\n:::\n", 1)
        page.write_text(text)
        for sentence, col, said in cases:
            line = next(n for n, x in enumerate(text.split("\n"), 1) if x == sentence)
            lines[sentence] = (language, line, col, said)
    result = check_only(project, Selection(clinics=(US,), handouts=("dermal-fillers",)))
    errors = {str(p) for c in result.checks for p in c.findings if p.rule == "risk-prose-mismatch"}
    assert len(errors) == len(lines), errors
    for language, line, col, said in lines.values():
        at = f"handouts/dermal-fillers/{language}.md:{line}:{col}: error risk-prose-mismatch: the text says {said}, but"
        assert any(e.startswith(at) for e in errors), (at, errors)


def test_citations_leave_the_patients_text_for_the_evidence_sheet(changed, tmp_path: Path) -> None:
    leaflet, _ = changed
    text = flat(leaflet)
    patient_text = text.split("Sources")[0]
    assert "Rarely, filler blocks a blood vessel" in patient_text
    assert not re.search(r"\[\d+(?:, \d+)*\]", patient_text), re.findall(r".{30}\[\d+\]", patient_text)
    assert main(["evidence", "dermal-fillers", "--project", str(samples()), "--out", str(tmp_path)]) == 0
    sheet = (tmp_path / "dermal-fillers.en.html").read_text()
    assert "<tr><td>#" not in sheet  # a heading is never read as part of the statement under it
    # no clinic on this sheet: a placeholder is named, never shown as template syntax
    assert "{{" not in sheet and "call [the clinic&#39;s emergency number] now if the skin turns white" in sheet
    row = re.search(r"<tr><td>It happened with fewer than 2 in 10,000 syringes.*?</tr>", sheet, re.S)[0]
    assert "2, 10,000" in row and "[5] Alam M. Vascular occlusion" in row and "2026-11-01" in row
    es = (tmp_path / "dermal-fillers.es.html").read_text()
    assert "menos de 2 de cada 10\u00a0000 jeringas" in es


def test_the_aftercare_sheet_records_the_leaflet_and_asks_a_dose_only_where_there_is_one(
    tmp_path: Path, capsys
) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        "patient_name: Ada Example\ndate: 2026-03-02\nareas: [face]\nproduct: Glycolic acid\nbatch: G77\n"
        "practitioner: Dr Sam Sample\n"
    )
    base = ["sheet", "--project", str(samples()), "--clinic", US, "--visit", str(visit), "--today", TODAY]
    peel = tmp_path / "peel.pdf"
    assert main([*base[:1], "chemical-peels", *base[1:], "--edition", "standard", "--out", str(peel)]) == 0
    text = flat(peel)
    assert "Leaflet given: Chemical peels, version 1.2." in text and "Dose" not in text
    capsys.readouterr()
    assert main([*base[:1], "botulinum-toxin", *base[1:], "--out", str(tmp_path / "b.pdf")]) == 1
    assert (
        "handouts/botulinum-toxin/risks.yaml: error: this treatment has a dose: the visit file needs 'dose' and "
        "'dose_unit' (units)"
    ) in capsys.readouterr().err


def test_the_one_page_sheet_names_the_leaflet_version_given(tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        "patient_name: Ada Example\ndate: 2026-03-02\nareas: [frown lines]\nproduct: Example\nbatch: B1\n"
        "dose: 20\ndose_unit: units\npractitioner: Dr Sam Sample\n"
    )
    out = tmp_path / "sheet.pdf"
    args = ["sheet", "botulinum-toxin", "--project", str(samples()), "--clinic", US, "--language", "es"]
    assert main([*args, "--visit", str(visit), "--out", str(out), "--today", TODAY]) == 0
    text = flat(out)
    assert "Folleto: versión 1.2." in text and "20 unidades" in text and len(PdfReader(out).pages) == 1


def test_a_mistake_in_risks_yaml_is_a_located_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    risks = project / "handouts/chemical-peels/risks.yaml"
    text = risks.read_text().replace(
        "    act: during-treatment\n    icon_array: true", "    act: soon\n    icon_array: true", 1
    )
    risks.write_text(text)
    line = next(n for n, x in enumerate(text.split("\n"), 1) if "act: soon" in x)
    result = check_only(project, Selection(clinics=(US,), handouts=("chemical-peels",), languages=("en",)))
    errors = [str(p) for c in result.checks for p in c.findings if p.severity == "error"] + [
        str(p) for p in result.report.errors
    ]
    assert any(e.startswith(f"handouts/chemical-peels/risks.yaml:{line}:") for e in errors), errors
