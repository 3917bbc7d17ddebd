"""A risk figure keeps its condition wherever it is printed (issue 21, PEMAT review r1): who it
was counted in ('who' in risks.yaml) beside the number in the risk table, the icon-array
caption and the consent form; each sign's own action in the table when a risk's signs call for
different speeds; acts for what happens during the treatment or must be told before it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from clearprint.content.risks import Risk, RiskFile, how_often, load_risks, risk_how_often
from clearprint.documents.risk_table import table

SAMPLES = Path(__file__).resolve().parent.parent


def risk(**fields) -> Risk:
    base = {
        "id": "x",
        "severity": "side-effect",
        "frequency": {"count": 7, "per": 100},
        "sources": [1],
        "act": "clinic",
        "words": {"en": {"name": "Cold sores", "signs": "Blisters."}},
    }
    return Risk.model_validate({**base, **fields})


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def test_who_goes_after_the_base_and_before_the_frequency_word() -> None:
    r = risk(words={"en": {"name": "Cold sores", "signs": "Blisters.", "who": "after a deep peel"}})
    assert risk_how_often(r, "en") == "about 7 in 100 people treated after a deep peel (common)"
    peels = risk(
        frequency={"count": 2, "per": 100, "base": "peels"},
        words={"en": {"name": "Dark", "signs": "Dark.", "who": "(light peels)"}},
    )
    assert risk_how_often(peels, "en") == "about 2 in 100 peels (light peels)"


def test_spanish_counts_read_as_spanish() -> None:
    from clearprint.content.risks import Frequency

    assert how_often(Frequency(count=1, per=6400, base="syringes"), "es") == "alrededor de 1 de cada 6400 jeringas"
    assert how_often(Frequency(count=2, per=100, base="peels"), "es") == "unos 2 de cada 100 peelings"
    assert how_often(Frequency(count=1, per=70, below=True), "es") == "menos de 1 de cada 70 personas tratadas"
    assert how_often(Frequency(count=1, per=70, below=True), "en") == "fewer than 1 in 70 people treated"


def test_a_risk_whose_signs_need_different_speeds_says_each_in_the_table() -> None:
    spread = risk(
        severity="serious",
        frequency="no-confirmed-case",
        act="emergency",
        words={
            "en": {
                "name": "The medicine can spread",
                "signs": "Trouble breathing, double vision.",
                "help": {"emergency": ["trouble breathing"], "clinic-now": ["double vision"]},
            }
        },
    )
    made = text(table(RiskFile(dose=None, risks=[spread]), "en", "911", "#123456", "#000000"))
    assert "Trouble breathing: Call 911 now." in made
    assert "Double vision: Call us now." in made
    assert "double vision. Call 911" not in made.lower()


def test_an_act_during_or_before_treatment_prints_its_own_words_and_needs_help_given() -> None:
    watched = risk(
        act="during-treatment", words={"en": {"name": "Heart rhythm", "signs": "During the peel.", "help": {}}}
    )
    made = text(table(RiskFile(dose=None, risks=[watched]), "en", "911", "#123456", "#000000"))
    assert "During the peel. We watch for this during your treatment. Ask us what we do if it happens." in made
    with pytest.raises(ValidationError, match="help: {}"):
        risk(act="before-treatment", words={"en": {"name": "Kidneys", "signs": "If you have kidney disease:"}})


def test_the_icon_array_caption_and_alt_text_carry_the_condition() -> None:
    r = risk(icon_array=True, words={"en": {"name": "Bruising", "signs": "A bruise.", "who": "with one filler"}})
    made = table(RiskFile(dose=None, risks=[r]), "en", "911", "#123456", "#000000")
    assert "7 out of 100 people treated with one filler." in text(made)
    assert 'aria-label="7 in 100 people treated with one filler get Bruising' in made


def test_the_shipped_peels_qualify_the_cold_sore_figure_and_draw_no_array_for_it() -> None:
    data = load_risks(SAMPLES / "handouts" / "chemical-peels", SAMPLES)
    assert data is not None
    sores = next(r for r in data.risks if r.id == "cold-sores")
    assert not sores.icon_array, "a figure for a subgroup only gets no icon array"
    for language, who in (("en", "with no past cold sores"), ("es", "sin herpes labial previo")):
        made = text(table(data, language, "911", "#123456", "#000000"))
        assert who in made and who in risk_how_often(sores, language)
    assert all(r.id != "allergy" for r in data.risks), "not in the reference facts"
