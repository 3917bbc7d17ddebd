"""`build.py check` finds what a build finds on the pages made with a clinic's own templates
(writers/page_check.py), and each clinic setting a page prints is located at its own line
and column of clinic.yaml (documents/clinic_values.py).

- every red-team case with `expect: page-error` (a claim in a clinic's `templates/web/*.j2`
  or `catalogue.html.j2`, which tests/test_page_claims.py builds) is the same error at the
  same file:line:col in one in-process `check_only` of all of them;
- a clinic's settings printed by the templates carry their own clinic.yaml line on the pages
  the checks read, never on the pages that are published;
- `build.py serve` shows the located error, never the claim, for a clinic web template with a
  claim: on the page it serves and on a draft page made when a handout is saved.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_redteam import CASES, lay
from test_serve import started

from clearprint.content.load import load_project
from clearprint.documents.clinic_values import START, located_settings, resolve
from clearprint.documents.html import HtmlDocuments
from clearprint.options import Selection
from clearprint.pipeline import check_only
from clearprint.problems import Problems
from clearprint.serve.loop import draft
from conftest import make_project

TODAY = dt.date(2026, 11, 26)
# A drawn-* finding needs the layout, which only a build makes (`check` reads the templated
# HTML): those cases are the build's (tests/test_page_claims.py).
ERRORS = sorted(n for n, c in CASES.items() if c["expect"] == "page-error" and not c["rule"].startswith("drawn-"))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = make_project(tmp_path_factory.mktemp("check-pages") / "project")
    for name in ERRORS:
        lay(root, name)
    return [str(p) for p in check_only(root, today=TODAY).report.items]


@pytest.mark.parametrize("name", ERRORS)
def test_check_finds_a_claim_in_a_clinic_template_where_the_build_does(checked: list[str], name: str) -> None:
    case = CASES[name]
    where = f"{case['file']}:" + (f"{case['line']}:" if case.get("line") else "")
    where += f"{case['col']}:" if case.get("col") else ""
    mine = [p for p in checked if p.startswith(where) and f" error {case['rule']}: " in p]
    assert mine, f"{name}: nothing at {where}; for the clinic: {[p for p in checked if f'rt-{name}/' in p]}"


def test_a_clinic_without_templates_of_its_own_costs_check_no_page(tmp_path: Path, monkeypatch) -> None:
    from clearprint.writers import page_check

    made = []
    monkeypatch.setattr(page_check, "_site_findings", lambda *a, **k: made.append(a[2].slug) or [])
    root = make_project(tmp_path / "project")
    lay(root, "page-web-tagline")
    check_only(root, today=TODAY)
    assert made == ["rt-page-web-tagline"], "only the clinic whose templates the web pages use"


CLINIC_YAML = """\
name: Test Clinic
short_name: Test
logo: logo.svg
address:
  - 1 Test Street
  - "Second & Line"
  - Testville
phone: "0100 000 000"
after_hours_phone: "0100 000 999"
country: UK
languages: [en]
handouts: [tiny]
editions: [standard, trifold]
website: https://rt-values.example
"""


def test_each_printed_setting_carries_its_own_line_only_on_the_checkers_pages(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "clinics/rt-values"
    folder.mkdir(parents=True)
    (folder / "clinic.yaml").write_text(CLINIC_YAML, encoding="utf-8")
    shutil.copyfile(root / "clinics/test-clinic/logo.svg", folder / "logo.svg")
    shutil.copyfile(root / "clinics/test-clinic/images.yaml", folder / "images.yaml")  # its register
    project = load_project(root, Problems(root))
    site = next(c for c in project.clinics if c.slug == "rt-values")
    outputs = {o.edition: o for o in check_only(root, Selection(("rt-values",)), today=TODAY).planned}
    at = "clinics/rt-values/clinic.yaml"
    standard = HtmlDocuments(root, {}, located=True).html(outputs["standard"])
    assert re.search(rf'<span class="clinic-name"[^>]*><cp-src data-src="{at}:2">Test</cp-src></span>', standard)
    marked = HtmlDocuments(root, {}, located=True).html(outputs["trifold"])
    for value, line in (("Test Clinic", 1), ("1 Test Street", 5), ("Second &amp; Line", 6), ("Testville", 7)):
        assert f'<cp-src data-src="{at}:{line}">{value}</cp-src>' in marked, value
    assert f'<cp-src data-src="{at}:8">0100 000 000</cp-src>' in marked
    assert re.search(rf'<img class="logo"[^>]* alt="Test Clinic" data-alt-src="{at}:1"', marked)
    assert START not in marked and not re.search("[\U000f0000-\U000ffffd]", marked)
    for output in outputs.values():
        published = HtmlDocuments(root, {}).html(output)
        assert "cp-src" not in published and "data-alt-src" not in published and START not in published
    settings = located_settings(site, root)
    assert settings.name == "Test Clinic" and len(settings.address[1]) == len("Second & Line")
    assert settings.address[1] == site.settings.address[1], "a template cannot tell the copies apart"
    assert resolve("<p>no marks</p>") == "<p>no marks</p>"


BANNER = "Guaranteed results, 100% safe"


def test_serve_shows_the_located_error_not_the_claim_of_a_clinic_web_template(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "website: https://rt-serve.example\n", "utf-8")
    template = root / "clinics/test-clinic/templates/web/handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/web/handout.html.j2" %}\n{% block footer_note %}\n'
        f'<p class="tagline">{BANNER}</p>\n{{% endblock %}}\n',
        encoding="utf-8",
    )
    where = "clinics/test-clinic/templates/web/handout.html.j2:3"
    page_file = "handouts/en/tiny/index.html"
    assert draft(root, root / "out", "test-clinic", "tiny", "en", TODAY) is None, "a draft with a claim is not served"

    server = started(root, "--port", "0", "--clinic", "test-clinic")
    try:
        host, port = server.address(seconds=120)
        shown = [_get(f"http://{host}:{port}/{page_file}")]
        source = root / "handouts/tiny/en.md"  # saved: serve makes the page at once, as a draft
        source.write_text(source.read_text(encoding="utf-8") + "\nAsk us any question.\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        while server.output.count("Rebuilt in") < 1 and time.monotonic() < deadline:
            shown.append(_get(f"http://{host}:{port}/{page_file}"))
        assert "Rebuilt in" in server.output, server.output
        shown.append(_get(f"http://{host}:{port}/{page_file}"))
    finally:
        server.kill()
    assert len(shown) > 3
    for status, page in shown:
        assert BANNER not in page and "Guaranteed results" not in page, "the claim was served"
        assert status == 404 and where in page, (status, page[:2000])
    assert not (root / "out/test-clinic/site" / page_file).exists()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")
