"""Variable fonts instanced once per process (pdf/font_instances.py): a PDF whose font was
instanced before is byte for byte the PDF fontTools' own instancer gives, and fontTools
is not asked again; without SOURCE_DATE_EPOCH (fontTools then stamps the time) nothing is kept."""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from weasyprint.pdf import fonts as weasyprint_fonts

from clearprint.fonts import font
from clearprint.pdf import font_instances
from clearprint.pipeline import BuildOptions, build
from conftest import SECOND, TINY, pdfs


def test_a_kept_instance_gives_the_bytes_fonttools_gives(project: Path, tmp_path: Path, monkeypatch) -> None:
    instances = font_instances.install()
    assert weasyprint_fonts.instantiateVariableFont is instances  # what WeasyPrint calls
    monkeypatch.setattr(instances, "kept", OrderedDict())  # nothing kept from earlier renders
    made = {}
    for name in ("first", "again", "fonttools"):
        if name == "fonttools":  # fontTools' own instancer, as WeasyPrint had it
            monkeypatch.setattr(weasyprint_fonts, "instantiateVariableFont", instances.instantiate)
        before = instances.made
        result = build(project, BuildOptions(tmp_path / name))
        assert result.ok, [str(p) for p in result.report.errors]
        made[name] = instances.made - before
    assert made["first"] >= 2  # the plain zero's face (PublicSans[wght]), in each PDF: instanced
    assert made["again"] == 0  # the same fonts again: kept, not instanced
    first = pdfs(tmp_path / "first")
    assert {TINY, SECOND} <= set(first)
    assert first == pdfs(tmp_path / "again") == pdfs(tmp_path / "fonttools")


def _variable_font() -> TTFont:
    zero = font("atkinson-hyperlegible").zero_folder
    data = next(zero.glob("PublicSans[[]wght[]].ttf")).read_bytes()
    varfont = TTFont(io.BytesIO(data))
    assert "fvar" in varfont
    return varfont


def test_an_instance_is_kept_only_at_a_fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    instances = font_instances._Instances(weasyprint_fonts.instantiateVariableFont.instantiate)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    instances(_variable_font(), {"wght": 400}, static=True).save(io.BytesIO())
    assert instances.made == 1 and not instances.kept  # fontTools stamps the time: nothing kept
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    saved = []
    for weight in (400, 400, 700):
        saved.append(io.BytesIO())
        instances(_variable_font(), {"wght": weight}, static=True).save(saved[-1])
    assert instances.made == 3 and len(instances.kept) == 2  # 400 once, then 700
    assert saved[0].getvalue() == saved[1].getvalue() != saved[2].getvalue()
    static = TTFont(io.BytesIO(saved[2].getvalue()))
    assert "fvar" not in static and static["OS/2"].usWeightClass == 700
