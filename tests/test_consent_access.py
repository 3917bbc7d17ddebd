"""The consent form's accessibility, as far as machines can check it (docs/reference.md,
"Consent forms"): the pdfua checker finds nothing on the English and Spanish forms, every
form field has an accessible name and is a /Form element of the tag tree."""

from __future__ import annotations

from pathlib import Path

import pdfua
import pdfua.document
import pdfua.rules.structure
import pytest
from pypdf import PdfReader
from test_print_layout import _as_integer

from clearprint.cli import main
from conftest import samples
from pdfinspect import struct_elements

US = "sample-us-maple-grove"


@pytest.fixture(scope="module", params=["en", "es"])
def form(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("consent") / f"consent.{request.param}.pdf"
    args = ["consent", "botulinum-toxin", "--clinic", US, "--language", request.param, "--project", str(samples())]
    assert main([*args, "--out", str(out), "--today", "2026-12-06"]) == 0
    return out


def test_pdfua_finds_nothing_on_the_consent_form(form: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdfua.document, "as_integer", _as_integer)
    monkeypatch.setattr(pdfua.rules.structure, "as_integer", _as_integer)
    report = pdfua.validate(str(form))
    assert len(report.outcomes) == 12  # the rules docs/reference.md names
    assert not report.findings and not report.skipped, [(f.rule_id, f.message) for f in report.findings]


def test_every_field_has_an_accessible_name_and_a_form_tag(form: Path) -> None:
    reader = PdfReader(form)
    fields = [f.get_object() for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert len(fields) >= 8
    assert all(str(f.get("/TU", "")).strip() for f in fields), [str(f["/T"]) for f in fields if "/TU" not in f]
    assert all("/StructParent" in f for f in fields)
    forms = [e for e in struct_elements(reader) if e["/S"] == "/Form"]
    assert len(forms) == len(fields)
