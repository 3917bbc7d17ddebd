"""Every trifold carries its handout's benefits in short (issue 21, r8 PEMAT-P review: the
peels and fillers brochures had risks but no benefits), while the leaflet's detail stays in
the standard edition only; and the trifold still carries alternatives including no
treatment and the get-help box with the clinic's emergency number."""

from __future__ import annotations

import functools
import re

import pytest

from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.problems import Problems
from conftest import ROOT

US, UK = "sample-us-maple-grove", "sample-uk-riverside"
# (handout, language): a phrase only the trifold's short benefits say, and one of the
# leaflet's benefits details the trifold leaves out
CASES = {
    ("chemical-peels", "en"): (
        "Deep peels</strong> are done once and last a long time",
        "(melasma) any lighter than the cream alone",
    ),
    ("chemical-peels", "es"): ("Los profundos</strong> se hacen una vez y duran mucho", "la cara (melasma)"),
    ("dermal-fillers", "en"): ("For months, not for good:</strong> most last about 6 to 12 months", "79 in 100"),
    ("dermal-fillers", "es"): ("Durante meses, no para siempre:</strong> la mayoría dura", "79 de cada 100"),
}
NO_TREATMENT = {"en": "No treatment.", "es": "Ningún tratamiento."}


@functools.cache
def pages() -> dict[str, str]:
    report = Problems(ROOT)
    outputs = [o for o in plan(load_project(ROOT, report), report) if o.handout.meta.id in {h for h, _ in CASES}]
    assert not report.errors, report.errors
    documents = HtmlDocuments(ROOT, {})
    return {o.label: documents.html(o, linked=False) for o in outputs}


def section(page: str, role: str) -> str:
    found = re.search(rf'<section class="section role-{role}\b.*?</section>', page, re.S)
    assert found, role
    return found[0]


@pytest.mark.parametrize(("clinic", "handout", "language"), [(US, h, lang) for h, lang in CASES] + [
    (UK, "chemical-peels", "en"), (UK, "dermal-fillers", "en"),
])  # fmt: skip
def test_the_trifold_has_short_benefits_and_the_leaflet_the_detail(clinic, handout, language) -> None:
    short, detail = CASES[(handout, language)]
    trifold = pages()[f"{clinic}/{language}/{handout}.trifold"]
    leaflet = pages()[f"{clinic}/{language}/{handout}"]
    benefits = re.sub(r"\s+", " ", section(trifold, "benefits"))
    assert short in benefits and detail not in benefits
    assert detail in re.sub(r"\s+", " ", section(leaflet, "benefits"))
    assert short not in re.sub(r"\s+", " ", leaflet)
    # what the room was made without: alternatives with no treatment, and the emergency number
    assert NO_TREATMENT[language] in section(trifold, "alternatives")
    emergency = "999" if clinic == UK else "911"
    assert f'href="tel:{emergency}"' in section(trifold, "get-help")


# (clinic, language): how the aftercare drawing's and the injection-sites drawing's alt texts start
PICTURES = {
    (US, "en"): ("Left: a hand rubbing a forehead", "A face seen from the front with dots"),
    (UK, "en"): ("Left: a hand rubbing a forehead", "A face seen from the front with dots"),
    (US, "es"): ("A la izquierda: una mano que se frota la frente", "Una cara vista de frente con puntos"),
}


@pytest.mark.parametrize(("clinic", "language"), list(PICTURES))
def test_the_botulinum_toxin_trifold_shows_the_aftercare_pictures(sample, clinic: str, language: str) -> None:
    """PEMAT-P item 26 (r9 review): the trifold's aftercare steps had no picture; the PDF's
    tagged figures now include the aftercare drawing beside the injection-sites drawing (in
    Spanish too, once its trifold text was tightened to make room)."""
    from pypdf import PdfReader

    from pdfinspect import figure_alts

    _, out = sample
    alts = figure_alts(PdfReader(out / clinic / f"{language}/botulinum-toxin.trifold.pdf"))
    after, faces = PICTURES[(clinic, language)]
    aftercare = [a for a in alts if a.startswith(after)]
    sites = [a for a in alts if a.startswith(faces)]
    assert aftercare and sites, alts
