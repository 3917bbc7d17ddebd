"""Sources marked per country (issue 21 item 3; clearprint/content/source_marks.py): a clinic's leaflet
lists only the unmarked sources and those marked for its country, under the numbers the Markdown
cites; a statement it prints that rests only on another country's source is a located error."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from test_countries import clinic_yaml, command_line, flat, line_of, overlay

from clearprint.documents.evidence_page import rows
from clearprint.pipeline import check_only
from conftest import TODAY, make_project

MARKED = """\
---
id: marked
title: A handout with marked sources
language: en
version: "1.0"
reviewed: 2026-01-01
next_review: 2028-12-31
reviewer: Medical director
summary: A small handout used by the source country tests.
sources:
  - "[UK] National Health Service. A page for the UK only."
  - "Journal of Tests. A study for every country."
  - "[US IE] Food and Drug Administration. A page for the US and Ireland."
---

## What is it? {#what-it-is}

It softens lines for a few months [2, 1].

::: country UK
In the UK, ask about your practitioner's training [1].
:::
::: country US IE AU CA
Ask which product we use and where it is approved [3].
:::

## What are the benefits? {#benefits}

Lines look softer.

## What are the risks? {#risks}

About 2 in 100 people get a drooping eyelid [2].

## After your treatment {#aftercare}

- [ ] Do not rub the area for 24 hours.

## When to get help {#get-help}

!!! danger "Call {{ clinic.emergency_number }} now if you have:"
    - trouble breathing

Call us on {{ clinic.phone }}.

Call us the same day if an eyelid droops.

## Key points {#key-points}

- It softens lines for a few months.
- Bruising is common.
- Call us if anything worries you.
"""

UK_ONLY = "National Health Service. A page for the UK only."
EVERYWHERE = "Journal of Tests. A study for every country."
US_IE = "Food and Drug Administration. A page for the US and Ireland."


def _project(tmp_path: Path, country: str, text: str = MARKED) -> Path:
    files = {"handouts/marked/en.md": text, "clinics/country/clinic.yaml": clinic_yaml(country, ["marked"])}
    return make_project(tmp_path / "project", overlay(tmp_path, files))


def _listed(html: str) -> dict[int, str]:
    """The printed source list: number -> text."""
    section = html[html.index('<section class="sources"') :]
    section = section[: section.index("</section>")]
    return {int(n): text for n, text in re.findall(r'<li value="(\d+)"[^>]*>([^<]*)</li>', section)}


def test_a_us_leaflet_lists_no_uk_only_source_and_keeps_the_cited_numbers(tmp_path: Path) -> None:
    project = _project(tmp_path, "US")
    code, output = command_line(project, "build", "--html", "--edition", "standard")
    assert code == 0, output
    html = (project / "out/country/en/marked.html").read_text(encoding="utf-8")
    assert _listed(html) == {2: EVERYWHERE, 3: US_IE}  # [1] is the UK's: cited by a US sentence with [2]
    text = flat(project / "out/country/en/marked.pdf")
    assert EVERYWHERE in text and US_IE in text and "National Health Service" not in text
    assert "[UK]" not in text and "[US IE]" not in text and "[US" not in html  # the marks are never printed


def test_a_uk_leaflet_lists_its_own_and_unmarked_sources_only(tmp_path: Path) -> None:
    project = _project(tmp_path, "UK")
    code, output = command_line(project, "build", "--html", "--edition", "standard")
    assert code == 0, output
    html = (project / "out/country/en/marked.html").read_text(encoding="utf-8")
    assert _listed(html) == {1: UK_ONLY, 2: EVERYWHERE}


def test_the_evidence_rows_leave_out_other_countries_sources(tmp_path: Path) -> None:
    project = _project(tmp_path, "US")
    result = check_only(project, today=TODAY)
    assert not result.report.errors, result.report.errors
    output = next(c.output for c in result.checks if c.output.handout.meta.id == "marked")
    cited = [source for fact in rows(project, output)["facts"] for source in fact.sources]
    assert (2, EVERYWHERE) in cited and (3, US_IE) in cited
    assert all(n != 1 for n, _ in cited)


def test_a_us_statement_resting_only_on_a_uk_source_is_an_error_at_its_citation(tmp_path: Path) -> None:
    sentence = "About 1 in 10 people get a headache [1]."
    text = MARKED.replace("Lines look softer.", "Lines look softer. " + sentence)
    project = _project(tmp_path, "US", text)
    line = line_of(project / "handouts/marked/en.md", "Lines look softer. " + sentence)
    col = len("Lines look softer. ") + sentence.index("[1]") + 1
    found = [str(p) for p in check_only(project, today=TODAY).report.errors if p.rule == "evidence-source-country"]
    assert found == [
        f"handouts/marked/en.md:{line}:{col}: error evidence-source-country: a statement a US clinic prints cites "
        f"only sources for other countries: [1] '{UK_ONLY}' is marked for UK (cite a source for US or one marked "
        "for no country, or put the sentence in a '::: country UK' block with a '::: country US' version)"
    ]
    # The same sentence inside the UK's block is the UK's text: no error for a US clinic.
    moved = MARKED.replace("In the UK, ask about your practitioner's training [1].", sentence)
    (project / "handouts/marked/en.md").write_text(moved, encoding="utf-8")
    assert not check_only(project, today=TODAY).report.errors


def test_an_unknown_country_in_a_mark_is_an_error_at_the_source_line(tmp_path: Path) -> None:
    text = MARKED.replace('"[UK] National', '"[GB] National').replace('"[US IE] Food', '"[us] Food')
    project = _project(tmp_path, "US", text)
    path = project / "handouts/marked/en.md"
    first = line_of(path, '  - "[GB] National Health Service. A page for the UK only."')
    third = line_of(path, '  - "[us] Food and Drug Administration. A page for the US and Ireland."')
    found = [str(p) for p in check_only(project, today=dt.date(2026, 11, 26)).report.errors]
    assert found == [
        f"handouts/marked/en.md:{first}: error: 'sources.0': unknown country 'GB' in the source's mark [GB]; "
        "write 'UK' for the United Kingdom",
        f"handouts/marked/en.md:{third}: error: 'sources.2': unknown country 'us' in the source's mark [us]; "
        "write the country code in capitals: 'US'",
    ]
