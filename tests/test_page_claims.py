"""The claim rules read every page of the web edition and the front-desk catalogue before it is
written (checks/page_claims.py): the red-team cases with `expect: page-error` or `page-build`
(tests/redteam/), each a clinic of its own, built once in-process.

- page-error: the build has an error at the case's file:line[:col] with its rule (and
  `message`, and each of its `also`), that clinic's site or catalogue (`unwritten`: or one of
  its PDFs) is not written at all, its other pages (`written`: by default the other of the two)
  are, and none of `absent` is in any file written for the clinic;
- page-build: the clinic's site and catalogue are written, and none of `absent` is in them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_redteam import CASES, expected, lay

from clearprint.pipeline import BuildOptions, build
from conftest import ROOT, make_project, pdf_text

TODAY = dt.date(2026, 11, 26)
ERRORS = sorted(n for n, c in CASES.items() if c["expect"] == "page-error")
BUILDS = sorted(n for n, c in CASES.items() if c["expect"] == "page-build")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("page-claims")
    root = make_project(base / "project")
    for name in ERRORS + BUILDS:
        lay(root, name)
    out = base / "out"
    result = build(root, BuildOptions(out, today=TODAY))
    return out, [str(p) for p in result.report.items], result


def _written(out: Path, name: str) -> dict[Path, str]:
    """The text of every file written for the case's clinic: site files as they are, PDFs' text."""
    files = {}
    for path in (out / f"rt-{name}").rglob("*"):
        if path.suffix == ".pdf":
            files[path] = pdf_text(path)
        elif path.suffix in (".html", ".css", ".xml", ".svg"):
            files[path] = path.read_text(encoding="utf-8")
    return files


def test_the_cases_are_there() -> None:
    assert len(ERRORS) >= 8 and BUILDS
    assert {CASES[n]["unwritten"] for n in ERRORS} >= {"site", "catalogue.pdf"}


@pytest.mark.parametrize("name", ERRORS)
def test_a_claim_on_a_page_is_a_located_error_and_the_page_is_not_written(built, name: str) -> None:
    out, problems, result = built
    case = CASES[name]
    for one in expected(case):
        where = f"{one['file']}:" + (f"{one['line']}:" if one.get("line") else "")
        where += f"{one['col']}:" if one.get("col") else ""
        mine = [p for p in problems if p.startswith(where) and f" error {one['rule']}: " in p]
        mine = [p for p in mine if one.get("message", "") in p]
        assert mine, f"{name}: nothing at {where}; for the clinic: {[p for p in problems if f'rt-{name}/' in p]}"
    assert not (out / f"rt-{name}" / case["unwritten"]).exists()
    others = case.get("written", ["catalogue.pdf" if case["unwritten"] == "site" else "site/sitemap.xml"])
    for other in others:
        assert (out / f"rt-{name}" / other).is_file(), "the clinic's other pages are written"
    for path, text in _written(out, name).items():
        for words in case["absent"]:
            assert words.lower() not in text.lower(), (path, words)
    assert not result.ok


def test_a_place_is_reported_once_however_many_pages_show_it(built) -> None:
    _, problems, _ = built
    banner = [p for p in problems if "rt-page-web-base-banner/templates/web/base.html.j2" in p]
    assert len(banner) == 1, banner  # on the handout page and the index


@pytest.mark.parametrize("name", BUILDS)
def test_words_in_a_template_comment_reach_no_page(built, name: str) -> None:
    out, problems, _ = built
    assert not [p for p in problems if f"rt-{name}/" in p]
    assert (out / f"rt-{name}/catalogue.pdf").is_file() and (out / f"rt-{name}/site/sitemap.xml").is_file()
    written = _written(out, name)
    assert len([p for p in written if p.suffix == ".html"]) >= 2
    for path, text in written.items():
        for words in CASES[name]["absent"]:
            assert words not in text, (path, words)


def test_no_mark_of_the_checks_is_written(built) -> None:
    out, _, _ = built
    pages = list(out.rglob("site/**/*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "cp-src" not in text and "data-src" not in text, page


def test_the_shipped_web_templates_and_labels_pass(built) -> None:
    """The tiny handout's clinics without overrides: their pages pass, so a finding is the case's."""
    out, problems, _ = built
    clean = [n for n in ERRORS if CASES[n]["unwritten"] == "catalogue.pdf"]
    for name in clean:
        assert (out / f"rt-{name}/site/handouts/en/tiny/index.html").is_file()
    assert not [p for p in problems if "templates/web/" in p and "/clinics/" not in f"/{p}"]


def test_a_claim_in_a_clinics_evidence_page_template_is_a_located_error(tmp_path: Path) -> None:
    """The evidence page beside each handout page is read as every page is: a clinic's own
    templates/web/evidence.html.j2 that adds a claim stops the site, at the template's line."""
    root = make_project(tmp_path / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "website: https://clinic.example\n")
    own = root / "clinics/test-clinic/templates/web/evidence.html.j2"
    own.parent.mkdir(parents=True)
    shipped = (ROOT / "templates/web/evidence.html.j2").read_text()
    own.write_text(shipped.replace("</h1>", "</h1>\n<p>Our treatments are 100% safe.</p>", 1))
    line = own.read_text().split("\n").index("<p>Our treatments are 100% safe.</p>") + 1
    out = tmp_path / "out"
    result = build(root, BuildOptions(out))
    shown = [str(p) for p in result.report.errors]
    assert any(
        s.startswith(f"clinics/test-clinic/templates/web/evidence.html.j2:{line}:") and "claim-absolute-safety" in s
        for s in shown
    ), shown
    site = out / "test-clinic/site"
    assert not [p for p in site.rglob("*.html") if "100% safe" in p.read_text()]  # the site is not written
