"""Golden HTML: the exact document given to the renderer, per shipped sample clinic x
language x handout x edition (never for a clinic's own folder: see conftest.samples), made
by the function the handout writer calls (writers/handouts.document) with the output's
check result and the build's publishing verdicts, on the suite's fixed day.

After a reviewed change, `make update-golden` rewrites them; review the diff as text.
"""

from __future__ import annotations

import pytest

from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.problems import Problems
from clearprint.writers.handouts import document
from conftest import ROOT, SAMPLE_CLINICS, TESTDATA, samples

GOLDEN = TESTDATA / "golden"


def outputs() -> list:
    report = Problems(samples())
    planned = plan(load_project(samples(), report), report)
    assert not report.errors, report.errors
    return [pytest.param(o, id=o.label) for o in planned]


@pytest.fixture(scope="module")
def checked(sample):
    """The checks and publishing verdicts of the session's build of the samples (conftest
    `sample`, on the suite's fixed day), as its handout writer had them: a handout the site does
    not publish has no QR code; each document states its checked reading level."""
    result, _ = sample
    assert result.checks and result.verdicts
    return HtmlDocuments(samples(), result.verdicts), {c.output.label: c for c in result.checks}


@pytest.mark.parametrize("output", outputs())
def test_html_matches_golden(output, checked, update_golden: bool) -> None:
    documents, checks = checked
    check = checks[output.label]
    assert not check.blocked, check.findings  # every sample output is printed
    html = document(documents, check)
    assert "not checked" not in html
    golden = GOLDEN / output.relpath.with_suffix(".html")
    assert output.clinic.slug in SAMPLE_CLINICS  # golden files are written for the shipped samples only
    if update_golden or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
        if not update_golden:
            pytest.fail(
                f"golden file {golden.relative_to(ROOT)} was missing and has been written; review and commit it"
            )
    assert html == golden.read_text(encoding="utf-8"), (
        f"{golden.relative_to(ROOT)} differs; run `make update-golden` if the change is intended"
    )


def test_every_golden_file_has_an_output() -> None:
    expected = {GOLDEN / p.values[0].relpath.with_suffix(".html") for p in outputs()}
    assert set(GOLDEN.rglob("*.html")) == expected
