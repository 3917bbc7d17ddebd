"""Attack 9 (issue 19): cases that reached paper or the web at first try, checked where they
are decided. Each case's folder and first-try result: /work/fresh/attack9/ (outside the project)."""

from __future__ import annotations

from pathlib import Path

import pytest
from clearprint_run import in_process, sheet

from clearprint.content.emergency_numbers import check as emergency_check
from clearprint.problems import Problems
from conftest import samples

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("If you cannot reach us, dial one one two or 9-9-9.", ["one one two", "9-9-9"]),  # case 71
        ("Call 9 1 1 now.", ["9 1 1"]),
        ("Llame al nueve uno uno.", ["nueve uno uno"]),
        ("Call nine-one-one!", ["nine-one-one"]),
        ("Call us 24 hours a day, 7 days a week.", []),  # hours and days are not numbers to call
        ("Call one of us.", []),
    ],
)
def test_an_emergency_number_typed_with_separators_or_spelt_out_is_refused(line: str, found: list[str]) -> None:
    problems = emergency_check(line, 1, ROOT / "handouts/x/en.md", Problems(ROOT))
    assert [p.message.split("'")[1] for p in problems] == found


VISIT = (ROOT / "examples/visit.yaml").read_text(encoding="utf-8")
US = "sample-us-maple-grove"


@pytest.mark.parametrize(
    ("change", "line", "expected"),
    [
        # case 68: "44 mL" of botulinum toxin, which is dosed in units
        (("dose_unit: units", "dose_unit: mL"), "dose_unit", "'dose_unit' is mL, but this treatment is dosed in units"),
        # case 70: a number to call that is not the clinic's, or a typed emergency number
        (("notes: Photos", "notes: Any problem, call 119 or our nurse on 555 555 0100. Photos"), "notes",
         "'notes' holds a phone number that is not one of the clinic's"),
        (("notes: Photos", "notes: In an emergency call 119. Photos"), "notes", "'notes' types a number to call"),
        # case 13: notes in another language than the sheet's
        (("notes: Photos taken before treatment.", "notes: Traitement garanti sans douleur ni risque."), "notes",
         "'notes' holds words that are not in the sheet's language (en"),
    ],
)  # fmt: skip
def test_a_visit_field_the_sheet_would_print_wrongly_is_refused_at_its_line(
    tmp_path: Path, change: tuple[str, str], line: str, expected: str
) -> None:

    assert change[0] in VISIT
    text = VISIT.replace(*change)
    at = next(n for n, x in enumerate(text.split("\n"), 1) if x.startswith(f"{line}:"))
    out = tmp_path / "sheet.pdf"
    code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--visit", "-", "--out", str(out),
                         stdin=text.encode())  # fmt: skip
    assert code == 1 and f"/dev/stdin:{at}: error" in err and expected in err, err
    assert "119" not in err and "0100" not in err and "douleur" not in err  # a visit's words are not shown
    assert not out.exists()


def test_the_example_visit_makes_a_sheet_in_each_language(tmp_path: Path) -> None:

    for language, visit in (("en", "examples/visit.yaml"), ("es", "examples/visit.es.yaml")):
        out = tmp_path / f"{language}.pdf"
        code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", US, "--language", language,
                             "--visit", str(ROOT / visit), "--out", str(out))  # fmt: skip
        assert code == 0 and out.is_file(), err


@pytest.mark.parametrize(
    ("language", "sentence", "rule"),
    [
        ("en", "For most people the injection is pa\u0131nless.", "claim-painless-hedged"),  # case 05
        ("en", "For most people it is pain-free.", "claim-painless-hedged"),
        ("en", "It is painless.", "claim-painless"),  # unhedged: the claim's own rule, as before
        ("en", "Injections are not painless, but most people find them bearable.", None),
        ("es", "Para la mayoría es indoloro.", "claim-painless-hedged"),
        ("es", "No es indoloro.", None),
    ],
)
def test_a_hedge_does_not_make_painless_honest(language: str, sentence: str, rule: str | None) -> None:
    from clearprint.checks.claims import find_claims
    from clearprint.checks.rules import load_rules
    from clearprint.checks.text import chunks_of

    rules = load_rules(ROOT, ROOT / "clinics" / "none", "US", language, Problems(ROOT)).claims
    chunks = chunks_of(sentence, 1, ROOT / "x.md", "benefits")
    found = {r.id for r, _, _ in find_claims(chunks, rules, language, "after-consultation", root=ROOT)}
    assert found == ({rule} if rule else set())


@pytest.mark.parametrize(
    ("file", "heading", "sentence", "word"),
    [
        ("en.md", "## What else can I do?", "Sans douleur.", "douleur"),  # case 01: too short to tell the language
        ("en.md", "## What else can I do?", "It is completely schmerzfrei and risikolos.", "schmerzfrei"),  # case 02
        ("en.md", "## What else can I do?", "Most people find it senza rischi.", "senza"),  # case 03
        ("es.md", "## ¿Qué otras opciones tengo?", "El tratamiento es sem efeitos colaterais.", "efeitos"),  # case 04
    ],
)
def test_a_word_of_another_language_is_an_error_at_its_column(
    tmp_path: Path, file: str, heading: str, sentence: str, word: str
) -> None:
    import shutil

    from clearprint import Selection
    from clearprint.pipeline import check_only

    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    page = project / "handouts" / "dermal-fillers" / file
    text = page.read_text(encoding="utf-8")
    at = next(line for line in text.split("\n") if line.startswith(heading))
    text = text.replace(at + "\n", f"{at}\n\n::: leaflet\n{sentence}\n:::\n", 1)
    page.write_text(text, encoding="utf-8")
    line = text.split("\n").index(sentence) + 1
    result = check_only(project, Selection(clinics=(US,), handouts=("dermal-fillers",), languages=(file[:2],)))
    found = {str(p) for c in result.checks for p in c.findings if p.rule.startswith("text-")}
    at_word = f"handouts/dermal-fillers/{file}:{line}:{sentence.index(word) + 1}: error text-unknown-word: '{word}'"
    at_sentence = f"handouts/dermal-fillers/{file}:{line}:1: error text-other-language: '{sentence}'"  # half or more
    assert any(f.startswith((at_word, at_sentence)) for f in found), found


def test_a_letter_buried_under_combining_marks_is_refused_at_its_column() -> None:
    """Case 54: 40,000 accents on one letter made the claim check time out at the wrong line."""
    from clearprint.content.hygiene import scan

    line = "Ask us about Z" + "\u0301\u0300" * 20000 + " options. Vie\u0323\u0302t Nam."  # 2 marks: allowed
    found = [str(p) for p in scan(line, ROOT / "handouts/x/en.md", Problems(ROOT))]
    assert found == [
        "handouts/x/en.md:1:15: error: 40000 combining marks are stacked on one letter; a letter takes at most 3 "
        "(as in 'ệ'); delete them"
    ]


def test_a_shrinking_font_size_on_every_element_is_an_error_at_the_stylesheet(tmp_path: Path) -> None:
    """Case 26: `* { font-size: 0.8em }` compounds through nested elements; it was refused only as
    thousands of drawn-size errors, none naming the stylesheet."""
    from conftest import make_project

    project = make_project(tmp_path / "project")
    sheet = project / "clinics" / "test-clinic" / "styles" / "zz-small.css"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text("p { color: #1d4f73; }\n* { font-size: 0.8em; }\n", encoding="utf-8")
    code, out, err = in_process("check", "--project", project, "--out", tmp_path / "out")
    assert code == 1
    assert "clinics/test-clinic/styles/zz-small.css:2:5: error access-body-size: font-size 0.8em on '*'" in out + err


def _checked(project: Path, handout: str) -> set[str]:
    from clearprint import Selection
    from clearprint.pipeline import check_only

    result = check_only(project, Selection(clinics=(US,), handouts=(handout,), languages=("en",)))
    return {str(p) for p in [*result.report.items, *(f for c in result.checks for f in c.findings)]}


def _project(tmp_path: Path) -> Path:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_claim_in_the_reviewer_or_made_by_a_template_block_is_refused_where_it_was_written(tmp_path: Path) -> None:
    """Cases 10 and 16: "Checked by: Medical director, painless" was reported at a line of the
    sources list, and words a template's `super() | replace(...)` put into the content at the
    handout line they replaced."""
    project = _project(tmp_path)
    fillers = project / "handouts" / "dermal-fillers" / "en.md"
    _edit(fillers, "reviewer: Medical director", "reviewer: Medical director, painless")
    _edit(fillers, "review_status: awaiting-clinical-review", "review_status: approved")
    template = project / "clinics" / US / "templates" / "handout.html.j2"
    block = '{% block content %}{{ super() | replace("Most side effects", "It is risk-free; most side effects") }}'
    template.write_text(template.read_text(encoding="utf-8") + f"\n{block}{{% endblock %}}\n", encoding="utf-8")
    line = len(template.read_text(encoding="utf-8").split("\n")) - 1
    found = _checked(project, "dermal-fillers")
    assert any(f.startswith("handouts/dermal-fillers/en.md:8:29: error claim-painless:") for f in found), found
    at = f"clinics/{US}/templates/handout.html.j2:{line}:{block.index('risk-free') + 1}: error claim-"
    assert any(f.startswith(at) for f in found), found
    assert not any(f.startswith("handouts/dermal-fillers/en.md:") and "risk-free" in f for f in found), found


def test_a_claim_in_a_waivers_reason_is_refused_at_the_reason(tmp_path: Path) -> None:
    """Case 12: a waiver's reason, printed in "About this leaflet" and the PDF's metadata, was
    blamed on the clinic's template."""
    project = _project(tmp_path)
    fillers = project / "handouts" / "dermal-fillers" / "en.md"
    _edit(fillers, "## What else can I do? {#alternatives}\n\n",
          "## What else can I do? {#alternatives}\n\n::: leaflet\nSome people get ecchymosis, a bruise, for a few days [4].\n:::\n\n")  # fmt: skip
    reason = "The word is explained in the same sentence. Fillers are painless for everyone."
    _edit(fillers, "shared: [about-this-leaflet]", "shared: [about-this-leaflet]\nwaivers:\n  - rule: reading-jargon\n"
          f"    match: ecchymosis\n    reviewer: Medical director\n    date: 2026-12-01\n    expires: 2027-06-01\n    reason: {reason}")  # fmt: skip
    _edit(project / "rules" / "languages" / "en.yaml", "known_words: [", "known_words: [ecchymosis, ")
    line = fillers.read_text(encoding="utf-8").split("\n").index(f"    reason: {reason}") + 1
    found = _checked(project, "dermal-fillers")
    claims = {f for f in found if "claim-painless" in f}
    at = f"handouts/dermal-fillers/en.md:{line}:{len('    reason: ') + reason.index('painless') + 1}: error claim-painless:"
    assert claims and all(f.startswith(at) for f in claims), found


def test_the_words_for_calling_a_number_are_the_languages_data(tmp_path: Path) -> None:
    """The calling verbs and digit words live in rules/languages/<language>.yaml `calling:`:
    a word added there is read in every handout, and a broken file is an error, not a silence."""
    import shutil

    shutil.copytree(ROOT / "rules" / "languages", tmp_path / "rules" / "languages")
    english = tmp_path / "rules" / "languages" / "en.yaml"
    line = "In an emergency, telephone niner niner niner."
    assert emergency_check(line, 1, tmp_path / "handouts/x/en.md", Problems(tmp_path)) == []
    text = english.read_text(encoding="utf-8")
    text = text.replace("  verbs: [call,", "  verbs: [telephone, call,").replace("9: [nine]", "9: [nine, niner]")
    english.write_text(text, encoding="utf-8")
    found = emergency_check(line, 1, tmp_path / "handouts/x/en.md", Problems(tmp_path))
    assert [p.message.split("'")[1] for p in found] == ["niner niner niner"]
    english.write_text(text.replace("  verbs: [telephone, call,", "  verbs: [tele phone, call,"), encoding="utf-8")
    report = Problems(tmp_path)
    emergency_check("Call 999.", 1, tmp_path / "handouts/x/en.md", report)
    assert any("rules/languages/en.yaml" in str(p) and "'tele phone' is not a word" in str(p) for p in report.items)
