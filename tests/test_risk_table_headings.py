"""The risk table's row headings are the risk's name alone (PEMAT item 19, issue 21 r5 review:
headings packed name, severity, figure and frequency word in nested brackets); how often sits
in a cell of its own, with a figure on another base said plainly; Spanish writes thousands as
no reader can take for a decimal or split in two ("6400", "41 000" with a no-break space;
never "6 400" or "41,000")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clearprint.content.risks import load_risks, number
from clearprint.documents.risk_table import table

ROOT = Path(__file__).resolve().parent.parent
HANDOUTS = ("botulinum-toxin", "chemical-peels", "dermal-fillers")
FIGURE = re.compile(r"\d|\b(?:very |muy )?(?:frequent|frecuente|common|rare|raro|serious|grave)\b")


def made(handout: str, language: str) -> str:
    data = load_risks(ROOT / "handouts" / handout, ROOT)
    assert data is not None
    return table(data, language, "911", "#123456", "#000000")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("handout", HANDOUTS)
def test_row_headings_are_risk_names_only(handout: str, language: str) -> None:
    markup = made(handout, language)
    data = load_risks(ROOT / "handouts" / handout, ROOT)
    heads = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', markup, re.S)
    assert heads == [r.words[language].name for r in data.risks if r.severity == "side-effect"] + [
        r.words[language].name for r in data.risks if r.severity == "serious"
    ]
    for head in heads:
        assert not FIGURE.search(re.sub(r"^Deep peels only: |^Solo peelings profundos: ", "", head)), head
    assert markup.count('<td class="how-often">') == len(heads)


def test_a_figure_on_another_base_says_so_in_its_own_cell() -> None:
    markup = made("dermal-fillers", "en")
    row = re.search(r"A blocked blood vessel</th>\s*<td class=\"how-often\">(.*?)</td>", markup, re.S)[1]
    assert (
        'Fewer than <span class="nowrap">2 in 10,000</span> syringes' in row and "Counts syringes, not people." in row
    )
    # r9 review: the note is a sentence of its own, after a full stop (it read "with a needle Counts syringes").
    assert re.search(r"with a needle\.<br>\s*<span class=\"how-often-note\">Counts syringes, not people\.", row), row
    assert "common or less" not in markup and "(common" not in re.sub(r"<[^>]+>", "", markup).split("Cold sores")[-1]
    es = made("dermal-fillers", "es")
    assert "frecuente o menos" not in es and "Se cuentan jeringas, no personas." in es
    assert re.search(r"puestas con aguja\.<br>\s*<span class=\"how-often-note\">Se cuentan jeringas", es), es
    assert re.search(r"de mejillas\.<br>\s*<span class=\"how-often-note\">Se cuentan tratamientos", es), es


def test_spanish_thousands_cannot_be_read_as_decimals_or_split() -> None:
    assert [number(n, "es") for n in (100, 1000, 6400, 41000)] == ["100", "1000", "6400", "41\u00a0000"]
    assert [number(n, "en") for n in (1000, 41000)] == ["1,000", "41,000"]
    for handout in HANDOUTS:
        for path in (ROOT / "handouts" / handout).glob("*"):
            if path.suffix in (".md", ".yaml"):
                text = path.read_text(encoding="utf-8")
                assert not re.search(r"(?<![\d ])\d[ \u00a0]\d{3}\b", text), f"{path}: a space in a 4-digit number"
                if path.name == "es.md":  # the body: the sources keep their English titles
                    body = text.split("\n---\n", 1)[-1]
                    assert not re.search(r"\d,\d{3}\b", body), f"{path}: a thousands comma reads as a decimal"
