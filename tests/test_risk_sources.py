"""A leaflet lists the sources its risk table rests on (the table's figures come from
risks.yaml, whose `sources:` cite no number in the Markdown's text)."""

from __future__ import annotations

import re

import yaml

from clearprint.content.risks import RISKS_FILE
from tests.conftest import ROOT, pdf_text


def _opening(source: str) -> str:
    """A source's first words as printed: without its country tag ("[UK] NHS. ...")."""
    return re.sub(r"^(?:\[[A-Z]{2}\] ?)+", "", source)[:24]


def test_each_risk_tables_sources_are_listed_in_the_leaflet(sample) -> None:
    result, out = sample
    for handout in ("dermal-fillers", "chemical-peels", "botulinum-toxin"):
        risks = yaml.safe_load((ROOT / "handouts" / handout / RISKS_FILE).read_text())["risks"]
        cited = {n for risk in risks for n in risk["sources"]}
        front = (ROOT / "handouts" / handout / "en.md").read_text(encoding="utf-8").split("---")[1]
        sources = yaml.safe_load(front)["sources"]
        for clinic in ("sample-uk-riverside", "sample-us-maple-grove"):
            text = re.sub(r"\s+", " ", pdf_text(out / clinic / "en" / f"{handout}.pdf").split("Sources")[-1])
            # The printed list is numbered 1, 2, 3 as printed (r8 review: gaps where another
            # country's sources were left out), so each cited source is found by its words.
            missing = [n for n in cited if _opening(sources[n - 1]) not in text]
            assert not missing, (clinic, handout, missing)


def test_an_icon_array_fills_as_many_people_as_its_count() -> None:
    from clearprint.documents.risk_table import icon_array

    for count, filled in ((33, 33), (0.4, 0), (100, 100), (2.5, 2)):
        svg = icon_array(count, "Bruising", "en", "#123456", "#000000")
        heads = re.findall(r'<g fill="([^"]+)"[^>]*><path d="([^"]*)"/>', svg)
        expected = [("#123456", filled), ("#ffffff", 100 - filled)]
        assert [(fill, d.count("M")) for fill, d in heads] == [e for e in expected if e[1]], count


def test_a_rare_risk_with_no_counted_rate_says_both(sample) -> None:
    """Peel infection and scars: the reference calls them rare and finds no rate (r7 review: "no one
    has counted" said more than that); in Spanish the word agrees with the risk's name."""
    _, out = sample
    text = " ".join(pdf_text(out / "sample-us-maple-grove" / "en" / "chemical-peels.pdf").split())
    assert "Infection Rare, experts say; we found no figure for how often" in text
    es = " ".join(pdf_text(out / "sample-us-maple-grove" / "es" / "chemical-peels.pdf").split())
    assert "Infección Rara, según los expertos; no hay datos de su frecuencia" in es
    assert "Cicatrices Raras, según los expertos" in es
