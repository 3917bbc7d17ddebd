"""Attack 10 (issue 19): cases a fresh attacker got onto paper or the web at first try, checked
where they are decided. Each case's folder and first-try result: /work/fresh/attack10/ (outside
the project)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint.content.emergency_numbers import check as emergency_check
from clearprint.problems import Problems
from conftest import samples

ROOT = Path(__file__).resolve().parents[1]
US, UK = "sample-us-maple-grove", "sample-uk-riverside"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("If you cannot reach us, ring triple nine.", ["triple nine"]),  # case 25
        ("Call nine double one, or double nine nine.", ["nine double one", "double nine nine"]),
        ("Marque el nueve doble uno.", ["nueve doble uno"]),
        ("Call the double-glazing team twice.", []),
    ],
)
def test_an_emergency_number_said_with_double_or_triple_is_refused(line: str, found: list[str]) -> None:
    problems = emergency_check(line, 1, ROOT / "handouts/x/en.md", Problems(ROOT))
    assert [p.message.split("'")[1] for p in problems] == found


def test_triple_nine_in_a_uk_country_block_is_the_countrys_own_number() -> None:
    body = "::: country UK\nIf you cannot reach us, ring triple nine.\n:::\n"
    assert emergency_check(body, 1, ROOT / "handouts/x/en.md", Problems(ROOT)) == []


def _edit(path: Path, old: str, new: str) -> int:
    """Replace `old` with `new` in the file; the line (from 1) where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_what_round_10_printed_is_refused_where_it_was_written(tmp_path: Path) -> None:
    """Cases 23, 11, 26 and 6, and a phone number in a title, in one check of the samples:
    - 23: a template joined "9" ~ "1" ~ "9" and printed "In an emergency call 919" on every US page;
    - 11: "rarer than 1 in a million" for a risk whose data says fewer than 2 in 10,000;
    - 26: a second phone number in the UK clinic's address, refused only on its web page;
    - 6: "painfree" as one word;
    - a phone number in a handout's summary."""
    from clearprint.pipeline import check_only

    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    template = project / "clinics" / US / "templates" / "handout.html.j2"
    line_23 = _edit(template, "{{ t.phone }} {{ clinic.phone }}</span>",
                    '{{ t.phone }} {{ clinic.phone }}<br>{% set e = "9" ~ "1" ~ "9" %}In an emergency call {{ e }}</span>')  # fmt: skip
    fillers = project / "handouts" / "dermal-fillers" / "en.md"
    rare = "A blocked blood vessel is rarer than 1 in a million syringes [1]."
    line_11 = _edit(
        fillers, "A blocked blood vessel can cause skin death", f"{rare}\n\nA blocked blood vessel can cause skin death"
    )
    line_26 = _edit(
        project / "clinics" / UK / "clinic.yaml",
        "  - Riverside, AB1 2CD",
        "  - Riverside, AB1 2CD (reception 01632 960 000)",
    )
    line_6 = (
        _edit(
            fillers,
            "## What else can I do? {#alternatives}\n",
            "## What else can I do? {#alternatives}\n\nThe cannula itself is painfree.\n",
        )
        + 2
    )
    toxin = project / "handouts" / "botulinum-toxin" / "es.md"
    line_title = _edit(toxin, "summary: Lo que las inyecciones", "summary: Llame al 555 555 0100. Lo que las inyecciones")  # fmt: skip
    result = check_only(project)
    found = {str(p) for p in [*result.report.items, *(f for c in result.checks for f in c.findings)]}
    expected = [
        f"clinics/{US}/templates/handout.html.j2:{line_23}:",  # at the template line, not the handout's
        f"handouts/dermal-fillers/en.md:{line_11}:{rare.index('1 in') + 1}: error risk-prose-mismatch:",
        f"clinics/{UK}/clinic.yaml:{line_26}:{len('  - Riverside, AB1 2CD (reception ') + 1}: error: 'address' holds a phone",
        f"handouts/dermal-fillers/en.md:{line_6}:",
        f"handouts/botulinum-toxin/es.md:{line_title}:{len('summary: Llame al ') + 1}: error: 'summary' holds a phone number",
    ]
    for start in expected:
        assert any(f.startswith(start) for f in found), (start, sorted(found))
    assert any(f.startswith(expected[0]) and "template-emergency-number: the page calls '919'" in f for f in found)
    assert any(f.startswith(expected[3]) and "claim-painless: 'painfree'" in f for f in found)


def test_a_zip_plus_4_postcode_in_an_address_is_not_a_phone_number() -> None:
    """The address check (case 26) must not refuse a real US address: 'Springfield, IL 62704-1234'."""
    from clearprint.content.phone_numbers import in_values

    text = "address:\n  - Springfield, IL 62704-1234\n  - Suite 5 (555) 555-0100\n"
    items = [("address", "Springfield, IL 62704-1234", 2), ("address", "Suite 5 (555) 555-0100", 3)]
    found = [str(p) for p in in_values(items, text, ROOT / "clinic.yaml", Problems(ROOT), "remove it")]
    assert found == ["clinic.yaml:3:13: error: 'address' holds a phone number ('(555) 555-0100'); remove it"]
