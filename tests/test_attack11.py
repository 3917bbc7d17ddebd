"""Attack 11 (issue 19): cases a fresh attacker got onto paper or the web at first try, checked
where they are decided. Each case's folder and first-try result: /work/fresh/attack11/ (outside
the project)."""

from __future__ import annotations

from pathlib import Path

import pytest
from clearprint_run import sheet

from clearprint.content.emergency_numbers import check as emergency_check
from clearprint.content.phone_numbers import check as phone_check
from clearprint.content.phone_numbers import in_values
from clearprint.problems import Problems
from conftest import samples

ROOT = Path(__file__).resolve().parents[1]
MD = ROOT / "handouts/x/en.md"


@pytest.mark.parametrize(
    ("line", "col"),
    [
        ("If the skin turns white, call 1{{ clinic.emergency_number }} now.", 31),  # case 27: prints 1911
        ("Call us on {{ clinic.phone }}9 to book.", 12),  # prints (555) 555-01429
        ("Call us on {{ clinic.phone }}. 9 in 10 people need no second visit.", None),  # a sentence after it
    ],
)
def test_a_digit_typed_against_a_number_placeholder_is_refused(line: str, col: int | None) -> None:
    found = [p for p in phone_check(line, 1, MD, Problems(ROOT)) if "typed against" in p.message]
    assert [p.col for p in found] == ([col] if col else [])


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("If you cannot reach us, ring nine hundred and eleven.", "911"),  # case 29
        ("Or call one hundred and twelve.", "112"),
        ("Call nine-eleven.", "911"),
        ("Llame al ciento doce.", "112"),
    ],
)
def test_an_emergency_number_said_as_a_whole_number_is_refused(line: str, number: str) -> None:
    found = emergency_check(line, 1, MD, Problems(ROOT))
    assert len(found) == 1 and f"said in words ({number})" in found[0].message


def test_numbers_in_words_that_are_not_numbers_to_call_pass() -> None:
    for line in ("Call one hundred people.", "Call ten of us.", "Call us twenty four hours a day."):
        assert emergency_check(line, 1, MD, Problems(ROOT)) == [], line
    assert emergency_check("::: country UK\nRing nine nine nine.\n:::\n", 1, MD, Problems(ROOT)) == []


def test_a_phone_number_spelt_out_is_a_phone_number() -> None:
    """Cases 11 and 35: a number spelt out in an address line, a handout or a visit file's notes."""
    line = "Text oh seven seven double oh, nine one one, two three four for a reply."
    found = phone_check(line, 1, MD, Problems(ROOT))
    assert [p.col for p in found] == [6] and "is a phone number" in found[0].message
    for honest in ("Rate it one, two, three, four or five.", "It takes one to two weeks, or three to four."):
        assert phone_check(honest, 1, MD, Problems(ROOT)) == [], honest
    text = "address:\n  - Reception oh one six three two nine six oh oh oh oh\n"
    items = [("address", "Reception oh one six three two nine six oh oh oh oh", 2)]
    found = [str(p) for p in in_values(items, text, ROOT / "clinic.yaml", Problems(ROOT), "remove it")]
    assert found == [
        "clinic.yaml:2:15: error: 'address' holds a phone number ('oh one six three two nine six oh oh oh oh'); remove it"
    ]


def test_a_spelt_out_number_or_a_character_the_font_lacks_in_a_visit_field_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    """Case 35: a number spelt out in the notes was printed; Arabic-Indic digits in the areas
    were refused as drawn, but blamed on the handout, with no line."""
    visit = (ROOT / "examples/visit.yaml").read_text(encoding="utf-8")
    assert "notes: Photos" in visit and "areas: [" in visit
    text = visit.replace(
        "notes: Photos", "notes: Text me on oh seven seven double oh nine one one two three four. Photos"
    ).replace("areas: [", 'areas: ["call \u0669\u0661\u0661 if it turns white", ')
    lines = text.split("\n")
    notes, areas = (next(n for n, x in enumerate(lines, 1) if x.startswith(f"{k}:")) for k in ("notes", "areas"))
    out = tmp_path / "sheet.pdf"
    code, _, err = sheet(samples(), "botulinum-toxin", "--clinic", "sample-us-maple-grove", "--visit", "-",
                         "--out", str(out), stdin=text.encode())  # fmt: skip
    assert code == 1 and f"/dev/stdin:{notes}: error" in err and "'notes' holds a phone number" in err, err
    assert (
        f"/dev/stdin:{areas}: error drawn-missing-glyph: 'areas' holds the character '\u0669' (U+0669 ARABIC-INDIC "
        "DIGIT NINE), which the font Atkinson Hyperlegible lacks"
    ) in err, err
    assert "handouts/" not in err, err
    assert not out.exists()


def test_english_claim_words_a_template_puts_into_a_spanish_pages_metadata_are_refused(tmp_path: Path) -> None:
    """Case 15: `<meta name="keywords" content="painless, ...">` was refused on the English pages,
    while the Spanish ones (read by the Spanish rules alone) were printed with it in their PDF
    metadata."""
    import shutil

    from clearprint import Selection
    from clearprint.pipeline import check_only

    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / "clinics" / "sample-us-maple-grove" / "templates" / "handout.html.j2"
    template.write_text(
        '{% extends "project/handout.html.j2" %}\n{% block head_extra %}\n'
        '<meta name="keywords" content="painless results">\n{% endblock %}\n',
        encoding="utf-8",
    )
    chosen = Selection(clinics=("sample-us-maple-grove",), handouts=("botulinum-toxin",), languages=("es",))
    result = check_only(project, chosen)
    found = [str(p) for p in result.report.items]
    at = "clinics/sample-us-maple-grove/templates/handout.html.j2:3:32: error claim-painless: 'painless'"
    assert any(f.startswith(at) for f in found), found


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [("Our gel is sans danger.", "claim-no-risk"), ("Each treatment is sans risque.", "claim-no-risk"),
     ("It is sans douleur.", "claim-painless"), ("The leaflet is printed in a sans serif type.", None)],
)  # fmt: skip
def test_french_without_borrowed_into_english_is_a_claim(sentence: str, rule: str | None) -> None:
    """Case 2: "sans danger" and "sans risque" are made of words English has, so no language
    check sees French; the claim rules read them."""
    from clearprint.checks.claims import find_claims
    from clearprint.checks.rules import load_rules
    from clearprint.checks.text import Chunk, Position

    rules = load_rules(ROOT, ROOT / "clinics" / "sample-us-maple-grove", "US", "en", Problems(ROOT))
    chunk = Chunk("risks", "text", sentence, [Position(MD, 1, i + 1) for i in range(len(sentence))])
    found = [r.id for r, _, _ in find_claims([chunk], rules.claims, "en", "waiting-room", root=ROOT)]
    assert found == ([rule] if rule else [])
