"""The evidence sheet for clinicians as a page of each clinic's web edition (issue 21 item 3,
documents/evidence_page.py): beside every published handout page, linked from it, under the
site's Content-Security-Policy with no script or inline style, in the sitemap, and naming the
sources of the leaflet as that clinic prints it. (tests/test_web.py opens it in Chromium with
every other page: axe, no request off the site, no overflow at 320 px.)"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from clearprint.checks.public import on_website
from clearprint.documents import web
from clearprint.documents.evidence_page import evidence_path, evidence_url

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


@pytest.fixture(scope="module")
def pages(sample):
    """(output, handout page file, evidence page file) of every published standard edition."""
    result, out = sample
    found = []
    for c in result.checks:
        output = c.output
        if output.edition != "standard" or c.blocked or not on_website(result.verdicts, output):
            continue
        settings, meta = output.clinic.settings, output.handout.meta
        page = web.page_path(settings.url_for(meta.id, meta.language), settings.website)
        site = out / output.clinic.slug / "site"
        found.append((output, site / page, site / evidence_path(page)))
    assert len(found) >= 6
    return found


def test_every_published_handout_page_links_to_its_evidence_sheet(pages):
    for output, page, evidence in pages:
        assert evidence.is_file(), evidence
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<p class="evidence-link"><a href="([^"]+)">([^<]+)</a></p>', html)
        assert link, page
        assert (page.parent / link[1]).resolve() == evidence.resolve()
        label = "Evidence for clinicians" if output.handout.meta.language == "en" else "Evidencia para profesionales"
        assert link[2] == label


def test_the_evidence_sheet_is_held_to_the_sites_policy_and_names_its_sources(pages):
    for output, _, evidence in pages:
        html = evidence.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{web.CSP.replace(chr(39), "&#39;")}">' in html
        assert "<script" not in html.lower() and "<style" not in html.lower() and " style=" not in html.lower()
        assert not re.search(r"<[^>]+\son\w+\s*=", html)
        meta = output.handout.meta
        assert "<title>" in html and meta.title in html
        statements = re.findall(r'<p class="evidence-statement">(.*?)</p>', html, re.S)
        assert len(statements) >= 5, evidence
        cited = {int(n) for n in re.findall(r"<dd>\[(\d+)\]", html)}
        assert cited and all(1 <= n <= len(meta.sources) for n in cited)
        assert any(meta.sources[n - 1] in html.replace("&amp;", "&").replace("&#39;", "'") for n in cited)
        assert 'class="page-evidence"' in html and f'href="{evidence.parent.name}' not in html


def test_the_sitemap_lists_each_evidence_sheet(pages):
    for output, _, evidence in pages:
        site = next(p for p in evidence.parents if p.name == "site")
        locs = {e.text for e in ET.parse(site / "sitemap.xml").iter(LOC)}
        assert evidence_url(output.clinic, output) in locs, evidence
        assert evidence_url(output.clinic, output).endswith(evidence.relative_to(site).as_posix())


def test_each_risk_on_the_evidence_sheet_says_who_its_figure_was_counted_in(pages):
    """The same frequency text as the leaflet's risk table (risks.risk_how_often), its group included."""
    from clearprint.content.risks import load_risks, risk_how_often

    shown = 0
    for output, _, evidence in pages:
        html = evidence.read_text(encoding="utf-8").replace("&#39;", "'")
        data = load_risks(output.handout.file.parent, output.handout.file.parents[2])
        for risk in data.risks if data else []:
            if (risk.words.get(output.handout.meta.language) or risk.words["en"]).who:
                assert risk_how_often(risk, output.handout.meta.language) in html, (evidence, risk.id)
                shown += 1
    assert shown >= 2


def test_the_evidence_sheet_fills_the_placeholders_with_the_clinics_values(pages):
    """Round-12 attack: the fillers leaflet's "call {{ clinic.emergency_number }} now" was shown
    on the public evidence page as those braces, not as the number to call."""
    filled = 0
    for output, _, evidence in pages:
        text = evidence.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, evidence
        if output.handout.meta.id == "dermal-fillers" and output.handout.meta.language == "en":
            number = output.clinic.settings.emergency
            assert f"When to call: call {number} now if the skin turns white" in text, evidence
            filled += 1
    assert filled == 2  # the UK and US samples
