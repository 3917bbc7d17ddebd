"""'When to get help' made from the risks' signs (clearprint/content/get_help.py, the box in
documents/get_help_box.py): who to call and how fast for every sign, each country's routes from
rules/get-help/<country>.yaml, and a missing route a located error, never another country's or
language's words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from clearprint.content import get_help
from clearprint.content.risks import Risk, load_risks
from clearprint.documents import get_help_box
from clearprint.models import ClinicSettings
from clearprint.problems import ContentError, Problems

ROOT = Path(__file__).resolve().parent.parent
BOTOX = ROOT / "handouts" / "botulinum-toxin"


def clinic(country: str, **extra) -> ClinicSettings:
    return ClinicSettings(
        name="Test Clinic", logo="logo.svg", address=["1 Road"], phone="(555) 555-0142",
        after_hours_phone="(555) 555-0199", country=country, languages=["en", "es"], handouts=["botulinum-toxin"],
        **extra,
    )  # fmt: skip


def box(country: str, language: str, root: Path = ROOT, summary: bool = False) -> str:
    data = load_risks(BOTOX, ROOT)
    return get_help_box.box(data, language, clinic(country), root, Problems(root), summary=summary)


def tiers(page: str) -> list[str]:
    """The box's headings in order, tags removed."""
    import re

    heads = re.findall(r'<p class="(?:admonition-title|get-help-[a-z-]+)">(.*?)</p>', page)
    return [re.sub(r"<[^>]+>", "", h) for h in heads]


def test_botulinum_toxin_signs_the_issue_names_have_who_to_call_in_en_and_es():
    en = box("US", "en")
    emergency, now = en.split('class="get-help-now"')
    assert "a changed voice" in emergency and 'Call <a href="tel:911">911</a> now' in emergency
    assert "weak muscles, or loss of bladder control" in now
    # The reference says only that heart problems have been reported, with no signs of its own
    # (PEMAT review r1): chest pain or a very fast or uneven heartbeat is an emergency whatever
    # its cause (review r10), and any other new problem that worries the patient is a call to us.
    assert "chest pain or a racing heartbeat" in emergency
    assert "chest pain" not in now and "any other new problem that worries you" in now
    es = box("US", "es")
    emergency, now = es.split('class="get-help-now"')
    assert "cambios en la voz" in emergency and 'Llame al <a href="tel:911">911</a> ahora' in emergency
    assert "músculos débiles o pérdida del control de la vejiga" in now
    assert "dolor en el pecho o el corazón muy acelerado" in emergency
    assert tiers(en) == [
        "Call 911 now if you have:",
        "Call us now: (555) 555-0142 (after hours: (555) 555-0199) if you have:",
        "Call us the same day: (555) 555-0142 if you have:",
        "Tell us at your next visit, or call us if it worries you:",
        "Report a side effect to the FDA's MedWatch program: 1-800-332-1088 (1-800-FDA-1088).",
    ]


@pytest.mark.parametrize(
    ("country", "language", "says"),
    [
        ("US", "en", ["911", "If you cannot reach us at once, call", "MedWatch", "1-800-332-1088", "1-800-FDA-1088"]),
        ("UK", "en", ["999", "or go to A&amp;E", "call NHS 111", "Yellow Card", "yellowcard.mhra.gov.uk"]),
        ("IE", "en", ['tel:112">112</a> / <a href="tel:999">999</a>', "emergency department", "HPRA", "hpra.ie"]),
        ("IE", "es", ['tel:112">112</a> / <a href="tel:999">999</a>', "urgencias", "a la HPRA"]),
        ("AU", "en", ['tel:000">000</a>', "TGA", "tga.gov.au"]),
        ("CA", "en", ['tel:911">911</a>', "Canada Vigilance"]),
    ],
)
def test_each_country_gives_its_own_numbers_and_routes(country, language, says):
    page = box(country, language)
    for words in says:
        assert words in page, (country, words)
    others = {"US": "MedWatch", "UK": "NHS 111", "IE": "HPRA", "AU": "TGA", "CA": "Canada Vigilance"}
    assert not [w for c, w in others.items() if c != country and w in page]


def test_trifold_says_the_least_urgent_tier_in_one_line():
    page = box("US", "en", summary=True)
    assert "puffy eyelids" not in page and "Other side effects: tell us at your next visit" in page
    assert "loss of bladder control" in page  # the urgent tiers are never shortened


def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules" / "get-help", tmp_path / "rules" / "get-help")
    return tmp_path


def test_a_country_without_routes_is_a_located_error(tmp_path):
    root = project(tmp_path)
    (root / "rules" / "get-help" / "IE.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        box("IE", "en", root)
    assert [(p.file, p.line) for p in caught.value.problems] == [("rules/get-help/IE.yaml", None)]
    assert "no get-help routes for IE" in caught.value.problems[0].message


def test_a_language_without_route_words_is_a_located_error_not_english(tmp_path):
    root = project(tmp_path)
    path = root / "rules" / "get-help" / "UK.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  es:")], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        box("UK", "es", root)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("rules/get-help/UK.yaml", text.split("\n").index("words:") + 1)
    assert "no 'es' words for UK" in problem.message


def test_a_risk_whose_act_has_no_signs_in_its_help_is_refused():
    with pytest.raises(ValidationError, match="lists no signs under 'emergency'"):
        Risk(
            id="x", severity="serious", frequency="not-known", sources=[1], act="emergency",
            words={"en": {"name": "X thing", "signs": "A sign.", "help": {"clinic": ["a sign"]}}},
        )  # fmt: skip


def test_every_country_a_clinic_can_be_in_has_routes_in_every_sample_language():
    from typing import get_args

    from clearprint.content.country_codes import Country

    for country in get_args(Country):
        for language in ("en", "es"):
            assert get_help.routes(ROOT, country, language, Problems(ROOT)).report


@pytest.mark.parametrize(("country", "language", "opening"), [
    ("US", "en", "In an emergency, such as trouble breathing or fainting, call 911 now."),
    ("US", "es", "En una emergencia, como si le cuesta respirar o se desmaya, llame al 911 ahora."),
    ("UK", "en", "In an emergency, such as trouble breathing or fainting, call 999 now, or go to A&amp;E."),
])  # fmt: skip
def test_risks_with_no_emergency_sign_still_open_the_box_with_the_number_in_its_red_box(country, language, opening):
    # the peels' risks name no sign that calls for the emergency number (r9 review: their
    # emergency line came last and unboxed, unlike the other leaflets)
    data = load_risks(ROOT / "handouts" / "chemical-peels", ROOT)
    page = get_help_box.box(data, language, clinic(country), ROOT, Problems(ROOT))
    assert not [r for r in data.risks if r.act == "emergency"]
    assert page.index('<div class="admonition danger get-help-emergency-only">') < page.index("get-help-now")
    assert tiers(page)[0] == opening


def test_a_blocked_vessel_sign_falls_back_to_the_emergency_number_not_a_helpline():
    """Fillers' "call us now" signs are a blocked blood vessel's, which needs the clinic's enzyme
    within hours (r11 and r12 reviews, UK): when the clinic cannot be reached, 999 or A&E, not
    NHS 111. Botulinum toxin's keep the country's route."""
    fillers = load_risks(ROOT / "handouts" / "dermal-fillers", ROOT)
    assert fillers.unreachable == "emergency"
    page = get_help_box.box(fillers, "en", clinic("UK"), ROOT, Problems(ROOT))
    now = page.split('class="get-help-now"')[1].split('class="get-help-same-day"')[0]
    assert 'If you cannot reach us at once, call <a href="tel:999">999</a>, or go to A&amp;E.' in now
    assert "NHS 111" not in now
    spanish = get_help_box.box(fillers, "es", clinic("US"), ROOT, Problems(ROOT))
    assert 'Si no nos localiza enseguida, llame al <a href="tel:911">911</a>.' in spanish
    assert "If you cannot reach us at once, call NHS 111." in box("UK", "en")  # botulinum toxin


def test_a_sign_becomes_a_lower_case_list_item_unless_its_first_word_is_in_capitals() -> None:
    """Round-23 review: 'A lump...' and 'A bruise...' kept their capital among lower-case items."""
    assert get_help._phrase("A bruise, for a few days.") == "a bruise, for a few days"
    assert get_help._phrase("Un moretón, unos días.") == "un moretón, unos días"
    assert get_help._phrase("Red skin.") == "red skin"
    assert get_help._phrase("HIV test results.") == "HIV test results"
