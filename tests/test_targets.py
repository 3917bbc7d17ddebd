"""Every file a build writes is a target in one plan, recorded the same way in the manifest:
handout PDFs, their --html previews, catalogues and check reports (issue 11's redesign)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from clearprint import BuildOptions, Selection, build
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.editions import EDITIONS
from clearprint.incremental.targets import plan_targets
from clearprint.problems import Problems
from clearprint.writers import WRITERS


def kinds(out: Path) -> dict[str, str]:
    data = json.loads((out / ".clearprint-manifest.json").read_text())
    return {path: record["kind"] for path, record in data["outputs"].items()}


def test_the_plan_lists_every_file_the_build_writes(project: Path) -> None:
    report = Problems(project)
    loaded = load_project(project, report)
    targets = plan_targets(loaded, plan(loaded, report), BuildOptions(html=True), WRITERS)
    assert [(t.kind, t.path) for t in targets] == [  # in the order the writers run (writers.WRITERS)
        ("pdf", "test-clinic/en/tiny.pdf"),
        ("pdf", "test-clinic/en/second.pdf"),
        ("preview", "test-clinic/en/tiny.html"),
        ("preview", "test-clinic/en/second.html"),
        ("report", "test-clinic/check-report.html"),
        ("catalogue", "test-clinic/catalogue.pdf"),
    ]
    tiny = BuildOptions(selection=Selection(handouts=("tiny",)))
    partial = plan_targets(loaded, plan(loaded, report, tiny.selection), tiny, WRITERS)
    assert [t.kind for t in partial] == ["pdf", "report"]  # never a partial catalogue
    bleed = plan_targets(loaded, plan(loaded, report), BuildOptions(bleed=True), WRITERS)
    assert [t.path for t in bleed if t.kind == "pdf"] == [
        "test-clinic/en/tiny.bleed.pdf",
        "test-clinic/en/second.bleed.pdf",
    ]


def test_every_kind_is_recorded_and_skipped_alike(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(project, BuildOptions(out, html=True))
    assert first.ok and len(first.written) == 2 and len(first.previews) == 2 and len(first.catalogues) == 1
    assert kinds(out) == {
        "test-clinic/en/tiny.pdf": "pdf",
        "test-clinic/en/tiny.html": "preview",
        "test-clinic/en/second.pdf": "pdf",
        "test-clinic/en/second.html": "preview",
        "test-clinic/check-report.html": "report",
        "test-clinic/catalogue.pdf": "catalogue",
    }
    again = build(project, BuildOptions(out, html=True))
    assert again.written == again.previews == again.catalogues == []
    (out / "test-clinic/en/tiny.html").write_text("edited by hand")  # a target changed on disk is written again
    (out / "test-clinic/catalogue.pdf").write_bytes(b"%PDF-1.7 truncated")
    third = build(project, BuildOptions(out, html=True))
    assert [p.name for p in third.previews] == ["tiny.html"] and len(third.catalogues) == 1
    assert third.written == []


def test_html_previews_are_written_when_asked_for_after_a_plain_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, BuildOptions(out))
    result = build(project, BuildOptions(out, html=True))
    assert result.written == [] and sorted(p.name for p in result.previews) == ["second.html", "tiny.html"]
    plain = build(project, BuildOptions(out))  # a plain build leaves the previews alone
    assert plain.removed == [] and (out / "test-clinic/en/tiny.html").is_file()


def test_a_removed_handout_takes_its_preview_and_a_removed_clinic_its_catalogue_and_report(
    project: Path, tmp_path: Path
) -> None:
    shutil.copytree(project / "clinics/test-clinic", project / "clinics/other-clinic")
    out = tmp_path / "out"
    build(project, BuildOptions(out, html=True))
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]"))
    shutil.rmtree(project / "clinics/other-clinic")
    result = build(project, BuildOptions(out))
    assert sorted(p.relative_to(out).as_posix() for p in result.removed) == [
        "other-clinic/catalogue.pdf",
        "other-clinic/check-report.html",
        "other-clinic/en/second.html",
        "other-clinic/en/second.pdf",
        "other-clinic/en/tiny.html",
        "other-clinic/en/tiny.pdf",
        "test-clinic/en/second.html",
        "test-clinic/en/second.pdf",
    ]
    assert sorted(kinds(out)) == [
        "test-clinic/catalogue.pdf",
        "test-clinic/check-report.html",
        "test-clinic/en/tiny.html",
        "test-clinic/en/tiny.pdf",
    ]


def test_a_new_edition_is_one_row_of_the_table() -> None:
    for name, edition in EDITIONS.items():
        assert Path("styles", f"{name}.css").as_posix() == edition.stylesheet
        assert (Path(__file__).parents[1] / edition.stylesheet).is_file()
        assert (Path(__file__).parents[1] / "templates" / edition.template).is_file()
        assert edition.min_body_pt >= 11
    assert [e.suffix for e in EDITIONS.values()] == ["", ".large-print", ".trifold"]
