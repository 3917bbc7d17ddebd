"""The manifest and the output folder (issue 10, items 3, 8-12, 22-23): a build deletes only
files it wrote itself, a damaged manifest or a truncated PDF means a rebuild, a failing
handout changes no other output, two builds at once lose nothing, and other options and
shards do not spoil the cache."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clearprint_run import in_process
from PIL import Image
from pypdf import PdfReader
from registered import declare

from clearprint.pipeline import BuildOptions, build
from conftest import ROOT, TINY, add_to_risks, pdf_text, pdfs, settings


def _manifest(out: Path) -> dict:
    return json.loads((out / ".clearprint-manifest.json").read_text())


@pytest.mark.parametrize("name", ["../../victim.pdf", "/ABSOLUTE/victim.pdf", "test-clinic/en/../../../victim.pdf"])
def test_a_manifest_entry_outside_out_deletes_nothing(built_project, tmp_path: Path, name: str) -> None:
    project, out = built_project
    (tmp_path / "deep").mkdir()
    out = out.rename(tmp_path / "deep/out")
    victim = tmp_path / "victim.pdf"
    victim.write_bytes(b"%PDF-1.7 not ours")
    name = name.replace("/ABSOLUTE", str(tmp_path))
    data = _manifest(out)
    record = dict(data["outputs"][TINY], handout="gone", file=name)
    data["outputs"][name] = record  # as the key, and as the file, of a handout that is no longer built
    (out / ".clearprint-manifest.json").write_text(json.dumps(data))
    result = build(project, BuildOptions(out))
    assert victim.read_bytes() == b"%PDF-1.7 not ours"
    assert result.removed == [] and len(result.written) == 2  # damaged manifest: full rebuild


def test_a_manifest_entry_of_another_kind_of_file_deletes_nothing(built_project) -> None:
    project, out = built_project
    notes = out / "test-clinic/notes.txt"
    notes.write_text("the front desk's notes")
    data = _manifest(out)
    data["outputs"]["test-clinic/notes.txt"] = dict(data["outputs"][TINY], handout="gone", file="test-clinic/notes.txt")
    (out / ".clearprint-manifest.json").write_text(json.dumps(data))
    build(project, BuildOptions(out))
    assert notes.read_text() == "the front desk's notes"


@pytest.mark.parametrize(
    "damage",
    [
        "[]",
        '"x"',
        "null",
        '{"version": 2, "outputs": {"test-clinic/en/tiny.pdf": 5}}',
        "file null",
        "no check",
        "check of the wrong shape",
    ],
)
def test_a_manifest_of_the_wrong_shape_means_a_full_rebuild(built_project, damage) -> None:
    project, out = built_project
    path = out / ".clearprint-manifest.json"
    data = _manifest(out)
    if damage == "file null":
        data["outputs"][TINY]["file"] = None
        data["outputs"][TINY]["blocked"] = "no"
        text = json.dumps(data)
    elif damage == "no check":
        del data["outputs"][TINY]["check"]
        text = json.dumps(data)
    elif damage == "check of the wrong shape":
        data["outputs"][TINY]["check"] = {"findings": [{"oops": 1}]}
        text = json.dumps(data)
    else:
        text = damage
    path.write_text(text)
    code, summary, err = in_process("--project", str(project), "--out", str(out), "--jobs", "1")
    assert code == 0 and "Traceback" not in err
    assert summary.startswith("2 built, 0 unchanged") or summary.startswith("1 built, 1 unchanged")
    assert "tiny.pdf" in json.dumps(_manifest(out))  # a good manifest again


def test_leftover_temporary_files_are_removed_and_nothing_else(built_project) -> None:
    project, out = built_project
    leftover = out / "test-clinic/en/.tiny.pdf.4242.tmp"
    leftover.write_bytes(b"%PDF-1.7 trunc")
    mine = out / "test-clinic/my-notes.tmp"
    mine.write_text("not the build's")
    build(project, BuildOptions(out))
    assert not leftover.exists() and mine.exists()


def test_a_truncated_pdf_is_rebuilt(built_project) -> None:
    project, out = built_project
    pdf = out / TINY
    pdf.write_bytes(pdf.read_bytes()[:500])
    result = build(project, BuildOptions(out))
    assert [p.name for p in result.written] == ["tiny.pdf"]
    assert len(PdfReader(pdf).pages) >= 1


@pytest.mark.parametrize(
    "markup",
    [
        '![A drawing of the face](picture.png "The face")',  # raw <img> is refused (markup_policy)
        "![A drawing of the face][pic]\n\n[pic]: picture.png",
    ],
)
def test_an_image_used_any_way_is_part_of_the_hash(project: Path, tmp_path: Path, markup: str) -> None:
    Image.new("RGB", (40, 40), "white").save(project / "handouts/tiny/picture.png")
    declare(project / "handouts/tiny/picture.png")
    add_to_risks(project, markup)
    out = tmp_path / "out"
    assert len(build(project, BuildOptions(out)).written) == 2
    Image.new("RGB", (40, 40), "black").save(project / "handouts/tiny/picture.png")
    declare(project / "handouts/tiny/picture.png")  # reviewed again
    assert [p.name for p in build(project, BuildOptions(out)).written] == ["tiny.pdf"]


SPANISH_TINY = """
## ¿Cuáles son los beneficios? {#benefits}

Las líneas se ven más suaves.

## ¿Cuáles son los riesgos? {#risks}

A unas 2 de cada 100 personas se les cae un párpado [1].

## Después del tratamiento {#aftercare}

- [ ] No se frote la zona durante 24 horas.

## Cuándo pedir ayuda {#get-help}

!!! danger "Llame al {{ clinic.emergency_number }} ahora si tiene:"
    - dificultad para respirar

Llámenos al {{ clinic.phone }}.

Llámenos el mismo día si se le cae un párpado.

## Puntos clave {#key-points}

- Suaviza las líneas durante unos meses.
- Los moretones son comunes.
- Llámenos si tiene dolor o si su piel cambia de color.
"""  # the tiny handout in Spanish (a Spanish leaflet is read in Spanish: checks/language_of_text.py)


def test_a_broken_handout_leaves_its_other_languages_and_the_catalogue_alone(project: Path, tmp_path: Path) -> None:
    english = project / "handouts/tiny/en.md"
    spanish = project / "handouts/tiny/es.md"
    front = english.read_text().split("---\n")[1]
    spanish.write_text(
        "---\n"
        + front.replace("language: en", "language: es")
        .replace("shared: [about-this-leaflet]\n", "")
        .replace("title: A tiny test handout", "title: Un folleto de prueba pequeño")
        .replace("summary: A small handout used by the tests.", "summary: Un folleto pequeño que usan las pruebas.")
        + "---\n"
        + SPANISH_TINY
    )
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text().replace("languages: [en]", "languages: [en, es]") + "website: https://x.example\n")
    out = tmp_path / "out"
    first = build(project, BuildOptions(out))
    assert first.ok, first.report.errors
    assert "en inglés" in pdf_text(out / "test-clinic/es/tiny.pdf").replace("\n", " ")
    before = pdfs(out)
    english.write_text(english.read_text().replace("title: A tiny", "title: [A tiny"))  # broken front matter
    result = build(project, BuildOptions(out))
    assert not result.ok
    assert pdfs(out) == before  # the Spanish PDF and the catalogue are exactly as they were
    assert "not rebuilt for test-clinic while handouts/tiny/en.md has errors" in "\n".join(
        map(str, result.report.items)
    )


def test_two_builds_at_once_on_one_folder_both_land_in_the_manifest(project: Path, tmp_path: Path) -> None:
    shutil.copytree(project / "clinics/test-clinic", project / "clinics/other-clinic")
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out), "--jobs", "1"]
    first = subprocess.Popen([*command, "--clinic", "test-clinic"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen([*command, "--clinic", "other-clinic"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert sorted(_manifest(out)["outputs"]) == [
        "other-clinic/catalogue.pdf",
        "other-clinic/check-report.html",
        "other-clinic/en/second.pdf",
        "other-clinic/en/tiny.pdf",
        "test-clinic/catalogue.pdf",
        "test-clinic/check-report.html",
        "test-clinic/en/second.pdf",
        "test-clinic/en/tiny.pdf",
    ]


def test_a_bleed_build_does_not_spoil_the_next_plain_build(built_project) -> None:
    project, out = built_project
    assert len(build(project, BuildOptions(out, bleed=True)).written) == 2
    again = build(project, BuildOptions(out))
    assert again.written == [] and len(again.skipped) == 2
    assert (out / "test-clinic/en/tiny.bleed.pdf").is_file()  # a plain build leaves the print-shop files alone
    assert build(project, BuildOptions(out, bleed=True)).written == []


def test_shards_and_a_final_build_equal_one_full_build(project: Path, tmp_path: Path) -> None:
    settings(project, "editions: [standard, large-print, trifold]\n")
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    build(project, BuildOptions(whole, jobs=1))
    written = []
    for k in (1, 2, 3):
        share = build(project, BuildOptions(sharded, shard=(k, 3), jobs=1))
        assert share.ok, share.report.errors
        written += share.written
    # Each output is written by exactly one shard (test_incremental's sharded test, merged here).
    assert len(written) == len(set(written)) == 6  # 2 handouts x 3 editions
    assert not (sharded / "test-clinic/catalogue.pdf").exists()
    final = build(project, BuildOptions(sharded, jobs=1))
    assert final.written == [] and len(final.catalogues) == 1  # it only writes the catalogue
    assert pdfs(sharded) == pdfs(whole) and len(pdfs(whole)) == 7
    assert _manifest(sharded) == _manifest(whole)
    assert not list(sharded.glob(".clearprint-manifest.shard-*"))


def test_also_available_names_only_languages_that_are_printed(project: Path, tmp_path: Path) -> None:
    """An Irish clinic: the Spanish botulinum toxin leaflet (its Irish passage taken out) has
    US-only text and is refused, so the English one must not send patients to ask for it."""
    shutil.copytree(ROOT / "handouts", project / "handouts", dirs_exist_ok=True)
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(
        path.read_text()
        .replace("country: UK", "country: IE")
        .replace("languages: [en]", "languages: [en, es]")
        .replace("handouts: [tiny, second]", "handouts: [botulinum-toxin]")
    )
    spanish = project / "handouts/botulinum-toxin/es.md"
    spanish.write_text(spanish.read_text().replace("::: country IE  # HPRA", "::: country NZ  # HPRA", 1))
    result = build(project, BuildOptions(tmp_path / "out"))
    assert "handouts/botulinum-toxin/es.md" in "\n".join(map(str, result.report.errors))
    assert [p.name for p in result.written] == ["botulinum-toxin.pdf"]
    text = pdf_text(tmp_path / "out/test-clinic/en/botulinum-toxin.pdf").replace("\n", " ")
    assert "Spanish" not in text and "In the US" not in text


def test_only_the_builds_own_temporary_files_are_removed(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    mine = out / "notes/.draft.2024.tmp"
    mine.write_text("a draft")
    build(project, BuildOptions(out))
    assert mine.read_text() == "a draft"


def test_a_held_back_handout_is_counted_once_on_the_next_build(project: Path, tmp_path: Path, capsys) -> None:
    add_to_risks(project, "It is completely painless.")
    out = str(tmp_path / "out")
    in_process("--project", str(project), "--out", out, "--jobs", "1")
    _, summary, _ = in_process("--project", str(project), "--out", out, "--jobs", "1", "--force")
    # --force checks and builds everything again: the held-back handout is counted once, not twice.
    assert summary.startswith("1 built, 0 unchanged, 0 failed, 1 held back by content errors (of 2 PDFs"), summary
    _, again, _ = in_process("--project", str(project), "--out", out, "--jobs", "1")
    assert again.startswith("0 built, 1 unchanged, 0 failed, 1 held back by content errors (of 2 PDFs")
