"""A leaflet lists the sources its risk table rests on (the table's figures come from
risks.yaml, whose `sources:` cite no number in the Markdown's text)."""

from __future__ import annotations

import re

import yaml

from clearprint.content.risks import RISKS_FILE
from tests.conftest import ROOT, pdf_text


def test_each_risk_tables_sources_are_listed_in_the_leaflet(sample) -> None:
    result, out = sample
    for handout in ("dermal-fillers", "chemical-peels", "botulinum-toxin"):
        risks = yaml.safe_load((ROOT / "handouts" / handout / RISKS_FILE).read_text())["risks"]
        cited = {n for risk in risks for n in risk["sources"]}
        for clinic in ("sample-uk-riverside", "sample-us-maple-grove"):
            text = pdf_text(out / clinic / "en" / f"{handout}.pdf").split("Sources")[-1]
            listed = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
            assert cited <= listed, (clinic, handout, sorted(cited - listed))
