"""The web edition as the build writes it: out/<clinic>/site/ with a page at exactly the
address each QR code encodes, only for handouts that pass as public material, withdrawn
pages where a leaflet was, and nothing rewritten when nothing changed (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from clearprint import BuildOptions, Selection, build
from clearprint.documents.web import page_path
from conftest import TODAY, pdf_text

QR_ADDRESS = re.compile(r"(https://\S+)")  # in the QR code's alternate text, in any language


def qr_urls(pdf: Path) -> list[str]:
    """The addresses in a PDF's QR codes, from their alternate text (the tag tree's /Alt)."""
    found = []
    for obj in PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"].get_object().get("/K", []):
        found += _alts(obj.get_object())
    return [m[1] for alt in found if (m := QR_ADDRESS.search(alt))]


def _alts(node) -> list[str]:
    alts = [str(node["/Alt"])] if hasattr(node, "get") and "/Alt" in node else []
    kids = node.get("/K", []) if hasattr(node, "get") else []
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object"):
            alts += _alts(kid.get_object())
    return alts


def test_every_qr_code_opens_a_page_of_the_site(sample) -> None:
    result, out = sample
    checked = 0
    for pdf in sorted(out.glob("*/*/*.pdf")):
        clinic = pdf.relative_to(out).parts[0]
        for url in qr_urls(pdf):
            website = "https://" + url.split("://", 1)[1].split("/", 1)[0]
            page = out / clinic / "site" / page_path(url, website)
            assert page.is_file(), (pdf, url)
            language = pdf.parent.name
            assert f'lang="{language}' in page.read_text()
            checked += 1
    # Every edition of every published sample handout: the US clinic's 3 handouts in 2
    # languages and the UK clinic's 2 (it keeps botulinum toxin off its website:
    # `not_on_website`), 3 editions each.
    assert checked == (3 * 2 + 2) * 3


def test_a_handout_the_clinic_keeps_off_its_website_is_not_published_and_not_a_warning(sample) -> None:
    # The UK sample's botulinum toxin leaflet names a prescription-only medicine, so it could not
    # be public material anyway; clinic.yaml says `not_on_website: [botulinum-toxin]`, a choice,
    # so the samples build with no warning (the warning itself: tests/test_web_addresses.py).
    result, out = sample
    site = out / "sample-uk-riverside/site"
    assert not (site / "handouts/en/botulinum-toxin").exists()
    assert (site / "handouts/en/chemical-peels/index.html").is_file()
    for edition in ("", ".large-print", ".trifold"):
        pdf = out / f"sample-uk-riverside/en/botulinum-toxin{edition}.pdf"
        assert qr_urls(pdf) == [] and "riverside-skin.example" not in pdf_text(pdf).replace("\n", "")
    assert [str(p) for p in result.report.items if p.severity == "warning"] == []
    index = (site / "handouts/en/index.html").read_text()
    assert "chemical-peels/" in index and "botulinum-toxin/" not in index


def test_the_site_has_the_pdfs_an_index_per_language_and_a_sitemap(sample) -> None:
    _, out = sample
    site = out / "sample-us-maple-grove/site"
    for language in ("en", "es"):
        assert (site / f"handouts/{language}/index.html").is_file()
        for pdf in (out / "sample-us-maple-grove" / language).glob("*.pdf"):
            assert (site / "pdf" / language / pdf.name).read_bytes() == pdf.read_bytes()
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://maplegrove.example/handouts/es/botulinum-toxin</loc>" in sitemap
    page = (site / "handouts/es/botulinum-toxin/index.html").read_text()
    assert 'hreflang="en"' in page and "<script" not in page
    assert 'href="tel:' in page


def test_a_withdrawn_leaflet_keeps_a_page_and_an_unchanged_build_writes_nothing(sample, built_samples) -> None:
    # The first build is the session's (conftest.sample); `built_samples` is a copy of it.
    first, _ = sample
    assert first.ok and [p for p in first.web if "sample-us-maple-grove" in p.parts]
    project, out = built_samples
    again = build(project, us_only(out))
    assert again.ok and again.web == [] and again.written == []
    settings = project / "clinics/sample-us-maple-grove/clinic.yaml"
    text = settings.read_text()
    # (the standard edition only: a change to clinic.yaml renders every PDF of the clinic again,
    # and the large-print and trifold PDFs of the two other leaflets are not what is tested)
    text = text.replace("editions: [standard, large-print, trifold]\n", "editions: [standard]\n")
    assert "editions: [standard]\n" in text
    settings.write_text(re.sub(r"(?m)^  - dermal-fillers\n", "", text))
    withdrawn = build(project, us_only(out))
    assert withdrawn.ok, withdrawn.report.errors
    page = (out / "sample-us-maple-grove/site/handouts/en/dermal-fillers/index.html").read_text()
    assert "withdrawn" in page.lower() and "(555) 555-0142" in page
    assert not (out / "sample-us-maple-grove/site/pdf/en/dermal-fillers.pdf").exists()
    assert "dermal-fillers" not in (out / "sample-us-maple-grove/site/handouts/en/index.html").read_text()
    # A later build keeps the withdrawn page (printed leaflets outlive their handouts).
    assert build(project, us_only(out)).removed == []
    assert (out / "sample-us-maple-grove/site/handouts/en/dermal-fillers/index.html").is_file()


def test_a_failing_handout_leaves_the_site_as_it_was(built_samples) -> None:
    project, out = built_samples  # a copy of the session's build: its site is there
    site = out / "sample-us-maple-grove/site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert before
    # A build of one handout writes no site, and takes none of its pages or PDFs away.
    selection = Selection(("sample-us-maple-grove",), ("dermal-fillers",), ("en",))
    partial = build(project, BuildOptions(out, selection, today=TODAY))
    assert partial.ok and partial.removed == []
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    page = project / "handouts/dermal-fillers/en.md"
    page.write_text(page.read_text().replace("title:", "title: [", 1))
    result = build(project, us_only(out))
    assert not result.ok
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def us_only(out: Path) -> BuildOptions:
    """A build of the US sample on the session build's day (conftest.TODAY): with a copy of
    that build, only what the test changed is built again."""
    return BuildOptions(out, only_clinics(("sample-us-maple-grove",)), today=TODAY)


def only_clinics(slugs: tuple[str, ...]):
    from clearprint import Selection

    return Selection(clinics=slugs)
