"""Risk words as language data (rules/languages/<code>.yaml `risks:`, content/risk_words.py): no
English fallback for a language, Spanish frequency words that agree with the risk's name, every
rare figure of a handout on one base, and a risk's `then:` after its action (r7 review)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from clearprint.content import yamlfile
from clearprint.content.risks import (
    ROOT,
    Frequency,
    Risk,
    RiskFile,
    frequency_word,
    language_words,
    load_risks,
    number,
    risk_how_often,
)
from clearprint.documents.risk_table import table
from clearprint.languages import LanguageData
from clearprint.problems import ContentError, Problems


def risk(**given) -> Risk:
    fields = {"id": "x", "severity": "side-effect", "sources": [1], "act": "clinic"}
    return Risk.model_validate(fields | given)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_language_without_data_is_an_error_at_its_file_not_english() -> None:
    with pytest.raises(ContentError) as caught:
        language_words("fr")
    assert "rules/languages/fr.yaml" in str(caught.value) and "no language data for 'fr'" in str(caught.value)


def test_a_language_file_without_risk_words_is_an_error_at_the_file(tmp_path: Path) -> None:
    path = ROOT / "rules" / "languages" / "es.yaml"
    data, lines = yamlfile.parse(path.read_text(encoding="utf-8"), path, Problems(ROOT))
    del data["risks"]
    with pytest.raises(ContentError, match=r"'risks' is missing"):
        yamlfile.validate(LanguageData, data, path, lines, Problems(ROOT))
    data, lines = yamlfile.parse(path.read_text(encoding="utf-8"), path, Problems(ROOT))
    del data["risks"]["words"]["rare"]
    with pytest.raises(ContentError, match=r"words: add rare"):
        yamlfile.validate(LanguageData, data, path, lines, Problems(ROOT))


def test_numbers_are_written_as_the_language_data_says() -> None:
    assert number(10000, "en") == "10,000" and number(6400, "en") == "6,400"
    assert number(10000, "es") == "10\u00a0000" and number(6400, "es") == "6400"


@pytest.mark.parametrize(
    ("form", "rare", "common"),
    [
        ("m", "raro", "frecuente"),
        ("f", "rara", "frecuente"),
        ("m-pl", "raros", "frecuentes"),
        ("f-pl", "raras", "frecuentes"),
    ],
)
def test_spanish_frequency_words_agree_with_the_name(form: str, rare: str, common: str) -> None:
    assert frequency_word(Frequency(count=2, per=10000), "es", form) == rare
    assert frequency_word(Frequency(count=5, per=100), "es", form) == common
    assert frequency_word(Frequency(count=2, per=10000), "en", "") == "rare"


def test_the_shipped_spanish_rows_agree() -> None:
    peels = load_risks(ROOT / "handouts" / "chemical-peels", ROOT)
    fillers = load_risks(ROOT / "handouts" / "dermal-fillers", ROOT)
    assert peels is not None and fillers is not None
    by_id = {r.id: r for r in peels.risks} | {f"fillers-{r.id}": r for r in fillers.risks}
    assert risk_how_often(by_id["infection"], "es").startswith("rara, según los expertos")
    assert risk_how_often(by_id["scars"], "es").startswith("raras, según los expertos")
    assert risk_how_often(by_id["fillers-bruising"], "es").endswith("(muy frecuentes)")
    assert risk_how_often(by_id["fillers-redness"], "es").endswith("(muy frecuente)")
    assert "Rara, según los expertos" in text(table(peels, "es", "911", "#123456", "#000000"))


def test_a_spanish_risk_without_its_form_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "handouts" / "h"
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "rules" / "languages", tmp_path / "rules" / "languages")
    (folder / "risks.yaml").write_text(
        "dose: null\nrisks:\n  - id: infection\n    severity: serious\n    frequency: not-known\n"
        "    sources: [1]\n    act: clinic\n    words:\n"
        "      en: {name: Infection, signs: Pus.}\n"
        "      es: {name: Infección, signs: Pus.}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_risks(folder, tmp_path)
    [problem] = caught.value.problems
    assert problem.line == 10 and "add `form:` (m, f, m-pl, f-pl)" in problem.message and "Infección" in problem.message


def test_every_figure_rarer_than_1_in_100_is_on_one_base() -> None:
    rows = [
        risk(
            id="a",
            frequency={"count": 1, "to": 2, "per": 10000, "base": "syringes"},
            words={"en": {"name": "Aa", "signs": "Sign."}},
        ),
        risk(id="b", frequency={"count": 1, "per": 400}, words={"en": {"name": "Bb", "signs": "Sign."}}),
    ]
    with pytest.raises(ValidationError, match=r"one base, not 400 and 10000 \(risks 'a' \(10000\), 'b' \(400\)\)"):
        RiskFile(dose=None, risks=rows)
    rows[1] = risk(id="b", frequency={"count": 25, "per": 10000}, words={"en": {"name": "Bb", "signs": "Sign."}})
    assert RiskFile(dose=None, risks=rows)


def test_the_shipped_fillers_put_rare_risks_on_10000_and_leave_the_reader_no_sum() -> None:
    """r7: the worked per-syringe sum ("2 in 6,400") brought back a base of its own; r8 added a
    worked 2-syringe sum; r9 (PEMAT items 6 and 7, and the reference): that sum is not in the
    source, which gives a rate per syringe only. The leaflet says the study counted syringes and
    that more syringes can raise the chance, with no figure to work out (r11: "the figure is for
    each syringe used" was read as a sum left to the reader)."""
    fillers = load_risks(ROOT / "handouts" / "dermal-fillers", ROOT)
    assert fillers is not None
    assert {r.frequency.per for r in fillers.risks if not isinstance(r.frequency, str) and r.frequency.per > 100} == {
        10000
    }
    plain = {"en": ["One study counted syringes that each held 1 mL of filler, not people.",
                    "Using more syringes can raise the chance: we will tell you how many we plan to use."],
             "es": ["Un estudio contó jeringas de 1 mL de relleno, no personas.",
                    "Usar más jeringas puede aumentar el riesgo: le diremos cuántas pensamos usar."]}  # fmt: skip
    for language in ("en", "es"):
        body = (ROOT / "handouts" / "dermal-fillers" / f"{language}.md").read_text(encoding="utf-8")
        assert not re.search(r"6,?400|41,?\s?000", body), language
        flat = re.sub(r" \[[\d, ]+\]", "", re.sub(r"\s+", " ", body))  # as printed: no citation markers
        assert all(sentence in flat for sentence in plain[language]), language
        assert not re.search(r"2 syringes|2 jeringas|twice|el doble|fewer than 4 |menos de 4 ", flat), language


def test_then_follows_the_action_in_the_table() -> None:
    vessel = risk(
        severity="serious", act="emergency", frequency={"count": 1, "to": 2, "per": 10000, "base": "syringes"},
        words={"en": {"name": "A blocked blood vessel", "signs": "White skin.", "then": "Then call us too."}},
    )  # fmt: skip
    made = text(table(RiskFile(dose=None, risks=[vessel]), "en", "911", "#123456", "#000000"))
    assert "White skin. Call 911 now. Then call us too." in made


def test_then_follows_the_emergency_list_in_when_to_get_help() -> None:
    """The fillers leaflet as pinned by the golden test (test_golden_html builds and compares it)."""
    golden = ROOT / "tests" / "testdata" / "golden" / "sample-us-maple-grove" / "en" / "dermal-fillers.html"
    box = golden.read_text(encoding="utf-8").split('<div class="get-help-box"', 1)[1]
    emergency = box.split("</div>", 1)[0]
    # (its data-src: the risk's `then` line in risks.yaml, where the checks place its words)
    assert re.search(
        r"</ul>\s*<p class=\"get-help-then\" data-src=\"handouts/dermal-fillers/risks\.yaml:\d+\"><strong>Then call us too: "
        r"an enzyme can dissolve",
        emergency,
    )


def test_the_emergency_box_gives_the_clinics_numbers_after_then_except_in_a_summary() -> None:
    """Round-22 review: 'Then call us too' inside the red box, with the clinic's numbers only
    further down. The full editions give them in the box; a summary (the trifold) is short of
    room and has them in its next line."""
    golden = ROOT / "tests" / "testdata" / "golden" / "sample-us-maple-grove" / "en"

    def emergency(name: str) -> str:
        box = (golden / name).read_text(encoding="utf-8").split('<div class="get-help-box"', 1)[1]
        return re.sub(r"<[^>]+>", "", box.split("</div>", 1)[0])

    for name in ("dermal-fillers.html", "dermal-fillers.large-print.html"):
        said = " ".join(emergency(name).split())
        assert "dissolve the filler. Call (555) 555-0142 (after hours: (555) 555-0199)." in said, name
    assert "555-0142" not in emergency("dermal-fillers.trifold.html")


def test_a_projects_own_language_data_is_read_for_its_risk_words(tmp_path: Path) -> None:
    folder = tmp_path / "rules" / "languages"
    folder.mkdir(parents=True)
    own = (ROOT / "rules" / "languages" / "es.yaml").read_text(encoding="utf-8")
    (folder / "es.yaml").write_text(own.replace('separator: "\\u00a0"', 'separator: "."'), encoding="utf-8")
    assert number(10000, "es", tmp_path) == "10.000"
    assert number(10000, "es") == "10\u00a0000"


def test_the_frequency_words_a_table_uses_are_explained_under_it_on_its_own_bases() -> None:
    """Round-25 review: "(common)" for 2 in 100 beside "(uncommon)" for 25 in 10,000 read as a
    contradiction. Only the words the table uses; a per-syringe figure or an upper bound has none."""
    rows = [
        risk(id="a", frequency={"count": 2, "per": 100}, words={"en": {"name": "Bruise", "signs": "A bruise."},
             "es": {"name": "Moretón", "form": "m", "signs": "Un moretón."}}),
        risk(id="b", frequency={"count": 25, "per": 10000}, words={"en": {"name": "Pus", "signs": "Pus."},
             "es": {"name": "Pus", "form": "m", "signs": "Pus."}}),
        risk(id="c", frequency={"count": 2, "per": 10000, "base": "syringes", "below": True},
             words={"en": {"name": "Block", "signs": "White skin."}, "es": {"name": "Bloqueo", "form": "m", "signs": "Piel blanca."}}),
    ]  # fmt: skip
    english = text(table(RiskFile(dose=None, risks=rows), "en", "911", "#123456", "#000000"))
    assert english.endswith("Common means 1 to 10 in 100 people. Uncommon means 10 to 100 in 10,000 people.")
    assert "Rare means" not in english and "Very common means" not in english
    made = table(RiskFile(dose=None, risks=rows), "es", "911", "#123456", "#000000")
    assert text(made).endswith(
        "Frecuente quiere decir de 1 a 10 de cada 100 personas. "
        "Poco frecuente quiere decir de 10 a 100 de cada 10 000 personas."
    )
    assert "de cada 10\u00a0000</span> personas." in made  # a no-break space, kept on one line
    only_syringes = text(table(RiskFile(dose=None, risks=rows[2:]), "en", "911", "#123456", "#000000"))
    assert "means" not in only_syringes


def test_a_figure_larger_than_its_base_is_refused() -> None:
    """Round-8 attack, case 96: {count: 20000, per: 10000} printed 'Fewer than 20,000 in 10,000 syringes'."""
    words = {"en": {"name": "Block", "signs": "White skin."}}
    with pytest.raises(ValidationError, match="20000 in 10000 is more than all of them"):
        risk(frequency={"count": 20000, "per": 10000, "base": "syringes", "below": True}, words=words)
    with pytest.raises(ValidationError, match="120 in 100 is more than all of them"):
        risk(frequency={"count": 2, "to": 120, "per": 100}, words=words)
    assert risk(frequency={"count": 100, "per": 100}, words=words).frequency.rate == 1
