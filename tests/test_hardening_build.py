"""Hostile and careless inputs against the build engine (issue 10): what the renderer may
read, what the manifest may delete, hangs, interruptions, lost work and misleading output.

Each test names the item of the issue it covers. Most go through the command line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from clearprint.cli import main
from clearprint.pdf.workers import Job, Workers
from clearprint.pipeline import BuildOptions, build
from conftest import ROOT, pdf_text

TINY = "test-clinic/en/tiny.pdf"
SECOND = "test-clinic/en/second.pdf"


def run(project: Path, out: Path, *args: str) -> tuple[int, str, str]:
    """build.py in a fresh process, as a clinic runs it."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pdfs(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in files(out).items() if name.endswith(".pdf")}


def add_to_risks(project: Path, text: str, handout: str = "tiny") -> None:
    page = project / "handouts" / handout / "en.md"
    first = "About 2 in 100 people get a drooping eyelid [1]."
    source = page.read_text()
    assert first in source or handout != "tiny"
    page.write_text(source.replace(first, first + "\n\n" + text) if first in source else source + "\n" + text + "\n")


def settings(project: Path, extra: str) -> None:
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text() + extra)


# --- 2. the renderer reads only images, stylesheets and fonts, never hidden files or out/ ---------


@pytest.mark.parametrize(
    "markup",
    [
        '<a rel="attachment" href=".git/config">notes</a>',
        '<link rel="attachment" href="clinics/test-clinic/clinic.yaml">',
        '<a rel="attachment" href="clinics/test-clinic/logo.svg">logo</a>',
    ],
)
def test_a_clinic_template_cannot_attach_a_file(project: Path, tmp_path: Path, capsys, markup: str) -> None:
    (project / ".git").mkdir()
    (project / ".git/config").write_text("[remote]\n token = SECRET-TOKEN\n")
    template = project / "clinics/test-clinic/templates/handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "project/handout.html.j2" %}{% block footer_note %}' + markup + "{% endblock %}")
    out = tmp_path / "out"
    code, _, err = cli(capsys, "--project", str(project), "--out", str(out))
    assert code == 1
    assert "handouts may not attach files" in err or "not a file a handout may use" in err
    assert not list(out.rglob("*.pdf"))  # nothing printed with, or without, the attachment


@pytest.mark.parametrize(
    ("src", "why"),
    [
        (".git/logo.png", "not a file a handout may use"),
        ("out/old.png", "not a file a handout may use"),
        ("clinics/test-clinic/clinic.yaml", "not an image, stylesheet or font"),
        ("handouts/tiny/en.md", "not an image, stylesheet or font"),
    ],
)
def test_the_renderer_never_reads_hidden_files_out_or_other_kinds(project: Path, capsys, src: str, why: str) -> None:
    for folder in (".git", "out"):
        (project / folder).mkdir(exist_ok=True)
        Image.new("RGB", (4, 4)).save(project / folder / ("logo.png" if folder == ".git" else "old.png"))
    template = project / "clinics/test-clinic/templates/handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/handout.html.j2" %}{% block footer_note %}<img src="' + src + '" alt="x">{% endblock %}'
    )
    code, _, err = cli(capsys, "--project", str(project))  # the default output folder, inside the project
    assert code == 1 and why in err
    assert "test-clinic/en/tiny: " in err


# --- 3. and 10. the manifest: only files the build wrote are deleted; a damaged one means a rebuild ---


def _manifest(out: Path) -> dict:
    return json.loads((out / ".clearprint-manifest.json").read_text())


@pytest.mark.parametrize("name", ["../../victim.pdf", "/ABSOLUTE/victim.pdf", "test-clinic/en/../../../victim.pdf"])
def test_a_manifest_entry_outside_out_deletes_nothing(project: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "deep/out"
    build(project, BuildOptions(out))
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


def test_a_manifest_entry_of_another_kind_of_file_deletes_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, BuildOptions(out))
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
def test_a_manifest_of_the_wrong_shape_means_a_full_rebuild(project: Path, tmp_path: Path, capsys, damage) -> None:
    out = tmp_path / "out"
    build(project, BuildOptions(out))
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
    code, summary, err = cli(capsys, "--project", str(project), "--out", str(out), "--jobs", "1")
    assert code == 0 and "Traceback" not in err
    assert summary.startswith("2 built, 0 unchanged") or summary.startswith("1 built, 1 unchanged")
    assert "tiny.pdf" in json.dumps(_manifest(out))  # a good manifest again


# --- 6. a worker that dies or raises a BaseException never hangs the build ---------------------------


def test_a_base_exception_while_rendering_is_one_failed_output(project: Path, tmp_path: Path, monkeypatch, capsys):
    from weasyprint.urls import FatalURLFetchingError

    from clearprint.pdf import renderer as pdf

    real = pdf.Renderer.write

    def explode(self, html, *args, **kwargs):
        if "A tiny test handout" in html:
            raise FatalURLFetchingError("boom")
        return real(self, html, *args, **kwargs)

    monkeypatch.setattr(pdf.Renderer, "write", explode)
    code, summary, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 1
    assert summary.startswith("1 built, 0 unchanged, 1 failed (of 2 PDFs")
    assert "handouts/tiny/en.md: error: test-clinic/en/tiny: the renderer failed" in err
    assert (tmp_path / "out/.clearprint-manifest.json").is_file()


def test_a_worker_killed_mid_render_fails_its_job_and_the_others_still_build(tmp_path: Path) -> None:
    jobs = [_job(tmp_path, n, pages=40 if n == 0 else 1) for n in range(4)]
    with Workers(ROOT, 2) as workers:
        stream = workers.render(jobs)
        first = next(stream)  # by now the long document is being rendered
        victim = next(w for w in workers._workers if w.job is not None and w.job.key == "0")
        os.kill(victim.process.pid, signal.SIGKILL)  # as the out-of-memory killer would
        results = [first, *stream]
        assert workers.started == 3  # the dead worker was replaced
    died = [d for d in results if d.key == "0"]
    assert died[0].error == "died" and "killed by SIGKILL" in died[0].detail
    assert {d.key for d in results if not d.error} == {"1", "2", "3"}
    assert not list(tmp_path.rglob("*.tmp"))


def _job(folder: Path, n: int, pages: int = 1) -> Job:
    body = "".join(f"<p>Paragraph {i} of a long document about nothing in particular.</p>" for i in range(pages * 40))
    html = f'<html lang="en"><head><title>Doc {n}</title></head><body>{body}</body></html>'
    return Job(str(n), html, ("styles/base.css",), "atkinson-hyperlegible", folder / f"doc-{n}.pdf")


@pytest.mark.parametrize("processes", [1, 2])
def test_a_render_that_takes_too_long_is_stopped(tmp_path: Path, processes: int) -> None:
    jobs = [_job(tmp_path, 0, pages=60), _job(tmp_path, 1, pages=60)]
    with Workers(ROOT, processes, seconds=0.3) as workers:
        results = list(workers.render(jobs))
    assert [d.error for d in results] == ["timeout", "timeout"]
    assert "took longer than 0.3 s" in results[0].detail
    assert not list(tmp_path.iterdir())  # nothing half-written


# --- 7. Ctrl-C and SIGTERM end cleanly -----------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                child = int(stat.parent.name)
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.mark.parametrize(("sig", "code", "word"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "terminated")])
@pytest.mark.parametrize("mode", ["build", "watch"])
def test_interrupting_a_build_stops_everything_at_once(tmp_path: Path, sig, code: int, word: str, mode: str) -> None:
    project = tmp_path / "project"
    for name in ("clinics", "handouts", "templates", "styles", "rules"):
        shutil.copytree(ROOT / name, project / name)
    out = tmp_path / "out"
    args = ["--jobs", "2", "--force"] + (["--watch"] if mode == "watch" else [])
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--project", str(project), "--out", str(out), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal, even under CI
    )
    deadline = time.monotonic() + 120
    for line in process.stderr:  # wait until PDFs are being written
        if line.startswith("[2/") or time.monotonic() > deadline:
            break
    children = _descendants(process.pid)
    assert children, "the build should be rendering on worker processes"
    process.send_signal(sig)
    stopped = time.monotonic()
    _, err = process.communicate(timeout=30)
    seconds = time.monotonic() - stopped
    assert process.returncode == code, err
    assert "Traceback" not in err and f"Stopped ({word})" in err
    deadline = time.monotonic() + 2
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(children), "no orphan process"
    assert not list(out.rglob("*.tmp"))
    for path in out.rglob("*.pdf"):
        assert len(PdfReader(path).pages) >= 1  # every PDF there is whole
    print(f"stopped in {seconds:.2f} s")


# --- 8. leftovers of a killed build are cleaned ----------------------------------------------------------


def test_leftover_temporary_files_are_removed_and_nothing_else(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, BuildOptions(out))
    leftover = out / "test-clinic/en/.tiny.pdf.4242.tmp"
    leftover.write_bytes(b"%PDF-1.7 trunc")
    mine = out / "test-clinic/my-notes.tmp"
    mine.write_text("not the build's")
    build(project, BuildOptions(out))
    assert not leftover.exists() and mine.exists()


# --- 9. a corrupt or stale PDF is never "unchanged" ----------------------------------------------------


def test_a_truncated_pdf_is_rebuilt(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, BuildOptions(out))
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
    add_to_risks(project, markup)
    out = tmp_path / "out"
    assert len(build(project, BuildOptions(out)).written) == 2
    Image.new("RGB", (40, 40), "black").save(project / "handouts/tiny/picture.png")
    assert [p.name for p in build(project, BuildOptions(out)).written] == ["tiny.pdf"]


# --- 11. one failing handout never changes another output ------------------------------------------------


def test_a_broken_handout_leaves_its_other_languages_and_the_catalogue_alone(project: Path, tmp_path: Path) -> None:
    english = project / "handouts/tiny/en.md"
    spanish = project / "handouts/tiny/es.md"
    spanish.write_text(
        english.read_text()
        .replace("language: en", "language: es")
        .replace("shared: [about-this-leaflet]\n", "")
        .replace("Lines look softer.", "Las líneas se ven más suaves.")
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


# --- 12. two builds on one out/ lose nothing ------------------------------------------------------------


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


# --- 13. hard limits -------------------------------------------------------------------------------------


def test_an_image_of_more_than_25_megapixels_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    Image.new("1", (5001, 5001)).save(project / "handouts/tiny/huge.png")
    add_to_risks(project, "![A huge picture](huge.png)")
    code, _, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "'handouts/tiny/huge.png' is 5001 x 5001 pixels (25 megapixels); images may have at most 25" in err
    assert (tmp_path / "out" / SECOND).is_file() and not (tmp_path / "out" / TINY).exists()


# --- 14. system errors in plain words ---------------------------------------------------------------------


def test_a_damaged_logo_is_an_error_not_a_pdf_without_it(project: Path, tmp_path: Path, capsys) -> None:
    logo = project / "clinics/test-clinic/logo.png"
    Image.new("RGB", (60, 20), "navy").save(logo)
    logo.write_bytes(logo.read_bytes()[:60] + b"\x00garbage" * 20)
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text().replace("logo: logo.svg", "logo: logo.png"))
    code, summary, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "'clinics/test-clinic/logo.png' is damaged or not an image; export it again as PNG or JPEG" in err
    assert not list((tmp_path / "out").rglob("tiny.pdf"))


def test_a_folder_where_the_pdf_goes_is_explained(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    (out / TINY).mkdir(parents=True)
    code, summary, err = cli(capsys, "--project", str(project), "--out", str(out), "--jobs", "1")
    assert code == 1 and "Traceback" not in err
    assert "there is a folder where the PDF should go" in err
    assert summary.startswith("1 built, 0 unchanged, 1 failed")


def test_a_full_disk_is_explained_and_the_summary_printed(project: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    import errno

    real = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, summary, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1")
    monkeypatch.setattr(os, "fsync", real)
    assert code == 1 and "Traceback" not in err
    assert "the disk is full" in err and "free some space" in err
    assert summary.startswith("0 built, 0 unchanged, 2 failed")
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_an_output_folder_that_cannot_be_made_is_explained(project: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, summary, err = cli(capsys, "--project", str(project), "--out", str(blocker / "out"))
    assert code == 1 and "Traceback" not in err
    assert "could not write" in err or "no permission" in err
    assert "0 built" in summary


# --- 19. filters that match nothing are usage errors -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--language", "fr"], "no language 'fr' is built by any clinic (they build: en)"),
        (["--edition", "trifold"], "no edition 'trifold' is built by any clinic (they build: standard)"),
        (["--handout", "unlisted"], "no handout 'unlisted' is built by any clinic (they build: second, tiny)"),
        (["--handout", "../clinics"], "no handout '../clinics' in handouts/ (known: second, tiny, unlisted)"),
        (["--clinic", "test-clinic/../test-clinic"], "no clinic 'test-clinic/../test-clinic' in clinics/"),
        (["--clinic", "test-clinic", "--language", "es"], "no language 'es' is built by the clinics chosen"),
    ],
)
def test_a_filter_that_matches_nothing_exits_2(project: Path, tmp_path: Path, capsys, args, message) -> None:
    (project / "handouts/unlisted").mkdir()
    shutil.copy(project / "handouts/tiny/en.md", project / "handouts/unlisted/en.md")
    code, _, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"), *args)
    assert code == 2 and message in err
    code, _, err = cli(capsys, "check", "--project", str(project), "--out", str(tmp_path / "out"), *args)
    assert code == 2 and message in err


# --- 20. messages that teach (the build's part) ----------------------------------------------------------


def test_check_prints_each_finding_once_not_once_per_edition(project: Path, tmp_path: Path, capsys) -> None:
    settings(project, "editions: [standard, large-print]\n")
    add_to_risks(project, "It is completely painless.")
    code, report, _ = cli(capsys, "check", "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert report.count("claim-painless") == 1
    assert "test-clinic/en/tiny (standard, large-print):" in report
    html = (tmp_path / "out/test-clinic/check-report.html").read_text()
    assert html.count("<h2 ") == 2 and "standard, large-print" in html


def test_build_refuses_format_json_and_help_names_the_command(project: Path, capsys) -> None:
    code, _, err = cli(capsys, "--project", str(project), "--format", "json")
    assert code == 2 and "--format json works with `check` only" in err
    done = subprocess.run([str(Path(sys.executable).parent / "clearprint"), "--help"], capture_output=True, text=True)
    assert done.stdout.startswith("usage: clearprint ")


def test_a_stylesheet_problem_names_the_stylesheet(project: Path, tmp_path: Path, capsys) -> None:
    css = project / "clinics/test-clinic/styles/brand.css"
    css.parent.mkdir(parents=True)
    css.write_text('@import url("file:///etc/passwd");\nh1 { color: #000; }\n')
    code, _, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "clinics/test-clinic/styles/brand.css:1:1: error clinic-css: '@import' is not allowed" in err


def test_the_summary_counts_add_up(project: Path, tmp_path: Path, capsys) -> None:
    add_to_risks(project, "It is completely painless.")
    code, summary, _ = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert summary.startswith("1 built, 0 unchanged, 0 failed, 1 held back by content errors (of 2 PDFs in ")


# --- 21. --strict ------------------------------------------------------------------------------------------


def test_strict_turns_warnings_into_a_failing_exit_code(project: Path, tmp_path: Path, capsys) -> None:
    add_to_risks(project, "- a rash")  # any warning will do: a listed risk without how often it happens
    settings(project, "checks:\n  grade_warning_above: 0.5\n")
    out = str(tmp_path / "out")
    code, summary, _ = cli(capsys, "--project", str(project), "--out", out)
    assert code == 0 and "0 errors" in summary and " 0 warnings" not in summary
    code, summary, _ = cli(capsys, "--project", str(project), "--out", out, "--strict")
    assert code == 1 and "(--strict: warnings count as errors)" in summary
    assert cli(capsys, "check", "--project", str(project), "--out", out, "--strict")[0] == 1


# --- 22. and 23. other options do not spoil the cache; shards add up to a whole build ----------------------


def test_a_bleed_build_does_not_spoil_the_next_plain_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(project, BuildOptions(out))
    assert len(build(project, BuildOptions(out, bleed=True)).written) == 2
    again = build(project, BuildOptions(out))
    assert again.written == [] and len(again.skipped) == 2
    assert (out / "test-clinic/en/tiny.bleed.pdf").is_file()  # a plain build leaves the print-shop files alone
    assert build(project, BuildOptions(out, bleed=True)).written == []


def test_shards_and_a_final_build_equal_one_full_build(project: Path, tmp_path: Path) -> None:
    settings(project, "editions: [standard, large-print, trifold]\n")
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    build(project, BuildOptions(whole, jobs=1))
    for k in (1, 2, 3):
        build(project, BuildOptions(sharded, shard=(k, 3), jobs=1))
    assert not (sharded / "test-clinic/catalogue.pdf").exists()
    final = build(project, BuildOptions(sharded, jobs=1))
    assert final.written == [] and len(final.catalogues) == 1  # it only writes the catalogue
    assert pdfs(sharded) == pdfs(whole) and len(pdfs(whole)) == 7
    assert _manifest(sharded) == _manifest(whole)
    assert not list(sharded.glob(".clearprint-manifest.shard-*"))


def test_also_available_names_only_languages_that_are_printed(project: Path, tmp_path: Path) -> None:
    """An Irish clinic: the Spanish botulinum toxin leaflet has US-only text and is refused,
    so the English one must not send patients to ask for it."""
    shutil.copytree(ROOT / "handouts", project / "handouts", dirs_exist_ok=True)
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(
        path.read_text()
        .replace("country: UK", "country: IE")
        .replace("languages: [en]", "languages: [en, es]")
        .replace("handouts: [tiny, second]", "handouts: [botulinum-toxin]")
    )
    result = build(project, BuildOptions(tmp_path / "out"))
    assert "handouts/botulinum-toxin/es.md" in "\n".join(map(str, result.report.errors))
    assert [p.name for p in result.written] == ["botulinum-toxin.pdf"]
    text = pdf_text(tmp_path / "out/test-clinic/en/botulinum-toxin.pdf").replace("\n", " ")
    assert "Spanish" not in text and "In the US" not in text


def test_a_clinic_folder_that_is_not_a_slug_is_refused_and_stray_files_are_named(project: Path, capsys) -> None:
    shutil.copytree(project / "clinics/test-clinic", project / "clinics/My Clinic")
    shutil.copytree(project / "clinics/test-clinic", project / "clinics/.backup")  # hidden: not a clinic
    shutil.copy(project / "handouts/tiny/en.md", project / "handouts/draft.md")
    code, report, _ = cli(capsys, "check", "--project", str(project))
    assert code == 1
    assert "clinics/My Clinic: error: a clinic folder's name is used in file names" in report
    assert "e.g. rename it to 'my-clinic'" in report
    assert "handouts/draft.md: warning: a handout goes in its own folder: move it to handouts/draft/en.md" in report
    assert ".backup" not in report


# --- found by the hostile trial after the first round of fixes ----------------------------


def test_a_template_cannot_include_a_file_through_a_link_or_a_hidden_path(
    project: Path, tmp_path: Path, capsys
) -> None:
    (project / ".git").mkdir()
    (project / ".git/config").write_text("token = SECRET-TOKEN\n")
    templates = project / "clinics/test-clinic/templates"
    templates.mkdir(parents=True)
    (templates / "leak.html.j2").symlink_to(project / ".git/config")
    (templates / "handout.html.j2").write_text(
        '{% extends "project/handout.html.j2" %}{% block footer_note %}{% include "leak.html.j2" %}{% endblock %}'
    )
    code, _, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1 and "template 'leak.html.j2' not found" in err
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_templates_get_no_file_methods_and_no_huge_values(tmp_path: Path) -> None:
    import jinja2

    from clearprint.documents.html import Sandbox

    env = Sandbox()
    (tmp_path / "secret.txt").write_text("SECRET")
    assert env.from_string("{{ p.parent.name }}/{{ p.name }}").render(p=tmp_path / "secret.txt").endswith("/secret.txt")
    for code in ("{{ p.read_text() }}", "{{ p.joinpath('x').write_text('x') }}", "{{ ('x' * 2000000000) | length }}"):
        with pytest.raises(jinja2.sandbox.SecurityError):
            env.from_string(code).render(p=tmp_path / "secret.txt")
    assert "lipsum" not in clearprint_environment(tmp_path).globals


def clearprint_environment(root: Path):
    from clearprint.documents.html import environment

    return environment(root, root / "clinics/x")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("{{ 1/0 }}", "template error: division by zero"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "took longer than 1 s"),
        ("{{ clinic.name|truncate(-1) }}", "template error"),
    ],
)
def test_a_template_mistake_or_endless_loop_is_a_located_error(
    project: Path, tmp_path: Path, capsys, monkeypatch, code: str, message: str
) -> None:
    from clearprint.documents import html as render

    monkeypatch.setattr(render, "TEMPLATE_SECONDS", 1)
    templates = project / "clinics/test-clinic/templates"
    templates.mkdir(parents=True)
    (templates / "handout.html.j2").write_text(
        '{% extends "project/handout.html.j2" %}{% block footer_note %}' + code + "{% endblock %}"
    )
    code_, summary, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code_ == 1 and "Traceback" not in err and message in err
    assert "built" in summary


def test_only_the_builds_own_temporary_files_are_removed(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    mine = out / "notes/.draft.2024.tmp"
    mine.write_text("a draft")
    build(project, BuildOptions(out))
    assert mine.read_text() == "a draft"


def test_sigterm_stops_a_build_that_renders_in_its_own_process(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for name in ("clinics", "handouts", "templates", "styles", "rules"):
        shutil.copytree(ROOT / name, project / name)
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--project",
            str(project),
            "--out",
            str(tmp_path / "out"),
            "--jobs",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in process.stderr:
        if line.startswith("[2/"):
            break
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143 and "Traceback" not in err and "report this bug" not in err
    assert not list((tmp_path / "out").rglob("*.tmp"))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('emergency_number: "9l1"', "'emergency_number': '9l1' is not a phone number"),
        ('handout_url: "javascript:alert(1)//{website}/{id}"', "'handout_url': must start with '{website}/'"),
    ],
)
def test_settings_a_patient_acts_on_are_checked(project: Path, capsys, setting: str, message: str) -> None:
    settings(project, setting + "\n")
    code, report, err = cli(capsys, "check", "--project", str(project))
    assert code == 1 and f"clinics/test-clinic/clinic.yaml:9: error: {message}" in report + err


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        (
            "Call us on { clinic.phone }.",
            "'{ clinic.phone }' would be printed as it is; write it as {{ clinic.phone }}",
        ),
        ("[x](javascript:app.alert(1))", "'javascript:' links do not work on paper or in a PDF"),
        ("[x](file:///etc/passwd)", "'file:' links do not work on paper or in a PDF"),
        ("[the fillers leaflet](../dermal-fillers/en.md)", "links to files do not work on paper or in a PDF"),
        ('<a href="../../.git/config">x</a>', "links to files do not work on paper or in a PDF"),
    ],
)
def test_links_and_braces_a_pdf_cannot_honour_are_located_errors(project: Path, capsys, markup: str, message: str):
    add_to_risks(project, markup)
    code, report, _ = cli(capsys, "check", "--project", str(project))
    assert code == 1 and "handouts/tiny/en.md:22:" in report and message in report


def test_a_version_keeps_how_it_was_written(project: Path, tmp_path: Path) -> None:
    page = project / "handouts/tiny/en.md"
    page.write_text(page.read_text().replace('version: "1.0"', "version: 1.10"))
    build(project, BuildOptions(tmp_path / "out"))
    assert "Version 1.10" in pdf_text(tmp_path / "out" / TINY)


def test_an_output_folder_among_the_sources_is_refused(project: Path, capsys) -> None:
    for out in (".", "clinics", "handouts/tiny"):
        code, _, err = cli(capsys, "--project", str(project), "--out", str(project / out))
        assert code == 2 and "would mix the PDFs with the project's own files" in err


def test_a_held_back_handout_is_counted_once_on_the_next_build(project: Path, tmp_path: Path, capsys) -> None:
    add_to_risks(project, "It is completely painless.")
    out = str(tmp_path / "out")
    cli(capsys, "--project", str(project), "--out", out, "--jobs", "1")
    _, summary, _ = cli(capsys, "--project", str(project), "--out", out, "--jobs", "1", "--force")
    _, again, _ = cli(capsys, "--project", str(project), "--out", out, "--jobs", "1")
    assert again.startswith("0 built, 1 unchanged, 0 failed, 1 held back by content errors (of 2 PDFs")


def test_a_logo_that_cannot_be_drawn_is_an_error(project: Path, tmp_path: Path, capsys) -> None:
    logo = project / "clinics/test-clinic/logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="../../.git/config" width="10" height="10"/></svg>'
    )
    code, _, err = cli(capsys, "--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 1
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_clinic_stylesheet_cannot_hide_the_emergency_box_or_shrink_the_text(project: Path, capsys) -> None:
    css = project / "clinics/test-clinic/styles/brand.css"
    css.parent.mkdir(parents=True)
    css.write_text("h1 { color: #000; }\n.danger { display:none }\np, li { font-size: 8pt !important }\n")
    code, report, _ = cli(capsys, "check", "--project", str(project))
    assert code == 1
    assert (
        "clinics/test-clinic/styles/brand.css:2:11: error access-hidden-text: 'display: none' in a clinic stylesheet "
        "could hide, move or overlap what a patient must read" in report
    )
    assert "clinics/test-clinic/styles/brand.css:3:9: error access-body-size: font-size 8pt is too small" in report
