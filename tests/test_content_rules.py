"""Issue 12's content rules on the test handouts: key points, the trifold summary and
`::: leaflet` blocks, figures in the clinic's colours, spelling for the clinic's country,
a frequency for every listed risk, citations in the text, and the review status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from registered import declare

from clearprint.cli import main
from clearprint.content.load import load_project
from clearprint.content.markup import citations, clinic_svg
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.documents.sourcemap import strip
from clearprint.models import Colors
from clearprint.pdf.fetcher import ProjectFetcher
from clearprint.pipeline import BuildOptions, build, check_only
from clearprint.problems import Problems

TODAY = dt.date(2026, 11, 26)
TINY = "handouts/tiny/en.md"
RISK = "About 2 in 100 people get a drooping eyelid [1]."


def edit(project: Path, old: str, new: str, path: str = TINY) -> None:
    page = project / path
    text = page.read_text(encoding="utf-8")
    assert old in text, old
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def country(project: Path, code: str) -> None:
    edit(project, "country: UK", f"country: {code}", "clinics/test-clinic/clinic.yaml")


def found(project: Path, rule: str) -> list[str]:
    return [f"{p.file}:{p.line}: {p.message}" for p in check_only(project, today=TODAY).report.items if p.rule == rule]


def outputs(project: Path, editions: tuple[str, ...] = ("standard", "trifold")):
    """The planned outputs of the tiny handout, by edition."""
    settings = project / "clinics/test-clinic/clinic.yaml"
    text = settings.read_text(encoding="utf-8").replace("handouts: [tiny, second]\n", "handouts: [tiny]\n")
    settings.write_text(text.split("editions:")[0] + f"editions: [{', '.join(editions)}]\n", encoding="utf-8")
    report = Problems(project)
    planned = plan(load_project(project, report), report)
    assert not report.errors, report.errors
    return {o.edition: o for o in planned}


# --- key points -----------------------------------------------------------------------------


def test_key_points_are_required_and_hold_three_to_five_points(project: Path) -> None:
    edit(project, "## Key points {#key-points}", "## Points {#points}")
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.file == TINY]
    assert errors == [
        f"{TINY}:13: error: missing required section 'key-points'; add a heading such as '## ... {{#key-points}}'"
    ]

    edit(project, "## Points {#points}", "## Key points {#key-points}")
    edit(project, "- Bruising is common.\n", "")
    assert found(project, "balance-key-points") == [
        f"{TINY}:35: the key points section has 2 list items; it needs 3 to 5 "
        "(list what it does, how long it lasts, the main risks and when to call, one short point each)"
    ]


# --- the trifold summary ----------------------------------------------------------------------


def test_the_trifold_carries_the_sections_it_lists_and_leaves_out_leaflet_blocks(project: Path) -> None:
    edit(
        project, "shared: [about-this-leaflet]", "shared: [about-this-leaflet]\ntrifold: [key-points, risks, get-help]"
    )
    edit(project, RISK, "::: leaflet\nMore about eyelids, for the full leaflet only.\n:::\n\n" + RISK)
    made = outputs(project)
    standard, trifold = made["standard"], made["trifold"]
    assert [s.role for s in trifold.sections] == ["risks", "get-help", "key-points"]
    assert "benefits" in [s.role for s in standard.sections]
    risks = {o: next(s for s in made[o].sections if s.role == "risks").body for o in made}
    assert "More about eyelids, for the full leaflet only." in risks["standard"]
    assert "More about eyelids" not in risks["trifold"] and RISK in risks["trifold"]
    assert ":::" not in risks["standard"], "the markers are never printed"
    # Markers and left-out lines become empty lines: text after a block keeps its line in the file.
    assert risks["standard"].split("\n").index(RISK) == risks["trifold"].split("\n").index(RISK) == 5


def test_a_trifold_list_without_risks_or_get_help_is_a_located_error(project: Path) -> None:
    edit(
        project,
        "shared: [about-this-leaflet]",
        "shared: [about-this-leaflet]\ntrifold: [key-points, benefits, aftrcare]",
    )
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.file == TINY]
    assert errors == [
        f"{TINY}:12: error: trifold: 'aftrcare' is not a section of this handout",
        f"{TINY}:12: error: trifold: the summary brochure must carry the 'risks' section; add it",
        f"{TINY}:12: error: trifold: the summary brochure must carry the 'get-help' section; add it",
    ]


def test_an_unclosed_leaflet_block_is_a_located_error(project: Path) -> None:
    edit(project, RISK, RISK + "\n\n::: leaflet\nNever closed.\n")
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.file == TINY]
    assert errors == [
        f"{TINY}:22: error: this '::: leaflet' block is not closed; add a line ':::' after its text "
        "(a block ends before the next '## ' heading)"
    ]


# --- figures ----------------------------------------------------------------------------------

DRAWING = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<circle cx="5" cy="5" r="4" fill="#000003" stroke="#000001"/><circle cx="5" cy="5" r="1" fill="#000002"/></svg>'
)


def test_an_image_with_a_title_is_a_figure_in_the_clinics_colours(project: Path, tmp_path: Path) -> None:
    (project / "handouts/tiny/images").mkdir()
    (project / "handouts/tiny/images/dot.svg").write_text(DRAWING, encoding="utf-8")
    declare(project / "handouts/tiny/images/dot.svg")
    edit(project, RISK, RISK + '\n\n![A circle with a dot in the middle](images/dot.svg "Where the dot goes")\n')
    output = outputs(project, ("standard",))["standard"]
    html = HtmlDocuments(project, {}).html(output)
    assert (
        '<figure><img alt="A circle with a dot in the middle" src="handouts/tiny/images/dot.svg">'
        "<figcaption>Where the dot goes</figcaption></figure>"
    ) in strip(html)  # without the source marks (sourcemap.py)

    colors = Colors(primary="#123456", text="#222222", tint="#eeeeee")
    assert clinic_svg(DRAWING.encode(), colors).decode() == DRAWING.replace("#000003", "#eeeeee").replace(
        "#000001", "#222222"
    ).replace("#000002", "#123456")
    fetcher = ProjectFetcher([project], colors=colors)
    response = fetcher.fetch((project / "handouts/tiny/images/dot.svg").as_uri())
    body = response.read()
    assert b'fill="#123456"' in body and b"#00000" not in body, "the renderer draws the clinic's colours"

    result = build(project, BuildOptions(tmp_path / "out", jobs=1))
    assert result.ok, [str(p) for p in result.report.errors]


def test_a_figure_without_alt_text_fails_the_accessibility_check(project: Path) -> None:
    (project / "handouts/tiny/images").mkdir()
    (project / "handouts/tiny/images/dot.svg").write_text(DRAWING, encoding="utf-8")
    edit(project, RISK, RISK + '\n\n![](images/dot.svg "Where the dot goes")\n')
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.rule == "access-image-alt"]
    assert len(errors) == 1 and errors[0].startswith(
        f"{TINY}:22: error access-image-alt: image 'images/dot.svg' has no alt text"
    )


# --- spelling for the clinic's country ------------------------------------------------------------


def test_each_clinic_gets_its_own_spelling_and_the_other_variants_words_are_flagged(project: Path) -> None:
    edit(project, "Lines look softer.", "Lines look softer. Ask about the colour of your skin, straight\naway.")
    text = "\n".join(s.body for s in outputs(project, ("standard",))["standard"].sections)
    assert "the colour of your skin, straight\naway." in text  # a UK clinic: as written

    country(project, "US")
    text = "\n".join(s.body for s in outputs(project, ("standard",))["standard"].sections)
    assert "the color of your skin, right\naway." in text, "US spelling, the line break kept"
    assert "[1]" in text and "{{ clinic.phone }}" in text, "placeholders and citations untouched"

    edit(project, "Lines look softer.", "Our nurses practise every week. Lines look softer.")
    assert found(project, "spelling-variant") == [
        f"{TINY}:16: 'practise' is British English; this clinic's readers use US English "
        "(reword it (or add the pair to rules/spelling.en.yaml if it is always the same word))"
    ]


def test_a_uk_clinic_is_told_of_american_words_the_map_does_not_convert(project: Path) -> None:
    edit(project, "Lines look softer.", "Lines look softer. Go to the emergency room.")
    assert [f.split(": ", 1)[1] for f in found(project, "spelling-variant")] == [
        "'emergency room' is US English; this clinic's readers use British English "
        "(reword it (or add the pair to rules/spelling.en.yaml if it is always the same word))"
    ]


# --- evidence ---------------------------------------------------------------------------------------


def test_every_listed_risk_says_how_often_or_that_no_one_knows(project: Path) -> None:
    edit(
        project,
        RISK,
        RISK
        + "\n\n- bruising, in about 1 in 2 people [1]\n- a rare infection\n- blindness: no one knows how often [1]\n",
    )
    assert found(project, "evidence-risk-frequency") == [
        f"{TINY}:23: a listed risk without how often it happens: 'a rare infection' "
        "(give a natural frequency from a source ('about 1 in 100 people [2]') or write 'no one knows how often')"
    ]


def test_citations_belong_in_the_text_and_every_source_is_cited(project: Path) -> None:
    edit(project, "## What are the risks? {#risks}", "## What are the risks? [1] {#risks}")
    edit(project, "sources: [A test source]", "sources: [A test source, Another source]")
    assert found(project, "evidence-citation-in-heading") == [
        f"{TINY}:18: a heading cites [1] (cite the source in the sentence that states the fact, not in the heading)"
    ]
    assert found(project, "evidence-source-uncited") == [
        f"{TINY}:10: source [2] is listed but never cited: 'Another source' "
        "(cite it as [2] where the handout uses it, or remove it from `sources:`)"
    ]


# --- review status ------------------------------------------------------------------------------------


def test_a_handout_awaiting_clinical_review_says_so_in_the_check_report(project: Path) -> None:
    edit(project, 'version: "1.0"', 'version: "1.1"\nreview_status: awaiting-clinical-review')
    assert main(["check", "--project", str(project)]) == 0
    report = (project / "out/test-clinic/check-report.html").read_text(encoding="utf-8")
    assert "version 1.1 is awaiting clinical review</strong>; last reviewed 2026-01-01" in report
    edit(project, "review_status: awaiting-clinical-review", "review_status: signed-off")
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.file == TINY]
    assert len(errors) == 1 and errors[0].startswith(f"{TINY}:6: error:")
    assert all(state in errors[0] for state in ("draft", "awaiting-clinical-review", "approved")), errors


def test_citations_are_read_one_way_everywhere() -> None:
    # The trifold's source list, the aftercare sheet and the evidence check all use this.
    assert citations("About 1 in 2 [4]. Rare [1, 3]; see [12,2]. Not [a] or [ 5 ].") == {1, 2, 3, 4, 12}


# --- rule files that would hang or silence the checks (hostile trial) ---------------------------


def test_a_rule_pattern_that_backtracks_stops_the_check_not_the_build(project: Path, monkeypatch) -> None:
    import clearprint.checks

    monkeypatch.setattr(clearprint.checks, "CHECK_SECONDS", 1)
    rules = project / "clinics/test-clinic/rules"
    rules.mkdir(parents=True)
    (rules / "claims.en.yaml").write_text(
        "rules:\n  - id: slow-rule\n    severity: warning\n    message: slow\n    suggestion: none\n"
        "    patterns: ['(\\w+\\s?)+$']\n",
        encoding="utf-8",
    )
    edit(project, RISK, RISK + " Supercalifragilisticexpialidociouslyextraordinarily!")
    # a clinic template of its own: an error is read again on the page made with Clearprint's
    # templates (Checker._template_made), which with these rules took as long again, for every
    # output (the samples' Spanish with a slow clinic rule: 102 s, 90 of them this)
    (project / "clinics/test-clinic/templates").mkdir(exist_ok=True)
    (project / "clinics/test-clinic/templates/handout.html.j2").write_text('{% extends "project/handout.html.j2" %}\n')
    again = []
    original = clearprint.checks.Checker._template_made
    monkeypatch.setattr(
        clearprint.checks.Checker,
        "_template_made",
        lambda self, output, *more: again.append(output.label) or original(self, output, *more),
    )
    errors = [str(p) for p in check_only(project, today=TODAY).report.errors if p.rule == "check-too-slow"]
    assert errors and all(e.startswith("handouts/") and "took longer than 1 s and was stopped" in e for e in errors)
    assert not [label for label in again if "/tiny" in label], again


def test_a_broken_treatment_file_stops_every_handout_instead_of_dropping_its_claims(project: Path) -> None:
    facts = project / "rules/treatments/botulinum-toxin.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("- '\\b(?:acne|blemish|spot|breakout)", "- '(unclosed\\b(?:acne|blemish|spot|breakout)", 1)
    )
    result = check_only(project, today=TODAY)
    errors = [str(p) for p in result.report.errors]
    assert any(e.startswith("rules/treatments/botulinum-toxin.yaml") and "cannot be used" in e for e in errors), errors
    assert any(e.startswith(f"{TINY}:2: error claims-rules-broken") for e in errors), errors
    assert all(c.blocked for c in result.checks)


def test_queue_names_that_lp_would_read_as_options_are_refused() -> None:
    from clearprint.models import _print_queue

    assert _print_queue("front-desk") == "front-desk"
    for hostile in ("-hevil.example.com:631", "ipp://h/printers/-Uroot%20x%0A", "desk%0A"):
        with pytest.raises(ValueError, match="not starting with '-'"):
            _print_queue(hostile)


def test_spelling_pairs_are_whole_words_and_never_touch_markdown_syntax() -> None:
    from clearprint.content.spelling import SpellingFile, convert, merged

    rules = merged([SpellingFile(pairs={"swelling ": "puffing", "danger": "tip", "colour": "color"})])
    text = '!!! danger "Call if the colour changes"\n    - swelling\n::: country US  # colour\n'
    assert (
        convert(text, rules, "US")
        == '!!! danger "Call if the color changes"\n    - puffing\n::: country US  # colour\n'
    )
    with pytest.raises(ValueError, match="at most 2000"):
        SpellingFile(pairs={f"w{i}": f"v{i}" for i in range(2001)})
