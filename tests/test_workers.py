"""The rendering processes (issue 10, items 6, 7, 13, 14): a worker that dies, raises or takes
too long fails its one output and never hangs the build; Ctrl-C and SIGTERM stop everything at
once; hard limits; system errors in plain words."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clearprint_run import in_process
from PIL import Image
from pypdf import PdfReader

from clearprint.pdf.workers import Job, Workers
from conftest import ROOT, SECOND, TINY, add_to_risks, make_project, settings


def test_a_base_exception_while_rendering_is_one_failed_output(project: Path, tmp_path: Path, monkeypatch, capsys):
    from weasyprint.urls import FatalURLFetchingError

    from clearprint.pdf import renderer as pdf

    real = pdf.Renderer.write

    def explode(self, html, *args, **kwargs):
        if "A tiny test handout" in html:
            raise FatalURLFetchingError("boom")
        return real(self, html, *args, **kwargs)

    monkeypatch.setattr(pdf.Renderer, "write", explode)
    code, summary, err = in_process("--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1")
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


# In this process (processes=1) the time limit fires again every 0.1 s until the render stops
# (limits.time_limit); a firing that lands in a finaliser (FontConfiguration.__del__, a gc
# callback) is ignored by Python by design, and the next one stops the work: not a failure.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("processes", [1, 2])
def test_a_render_that_takes_too_long_is_stopped(tmp_path: Path, processes: int) -> None:
    jobs = [_job(tmp_path, 0, pages=60), _job(tmp_path, 1, pages=60)]
    with Workers(ROOT, processes, seconds=0.3) as workers:
        results = list(workers.render(jobs))
    assert [d.error for d in results] == ["timeout", "timeout"]
    assert "took longer than 0.3 s" in results[0].detail
    assert not list(tmp_path.iterdir())  # nothing half-written


def _many_small_handouts(dest: Path, copies: int = 8) -> Path:
    """The small test project with `copies` more copies of its second handout, in three
    editions: 30 short PDFs, so a build is still rendering well after its second PDF is
    written, and gets there in a few seconds (the samples' long PDFs took twice as long)."""
    root = make_project(dest)
    source = (root / "handouts/second/en.md").read_text()
    assert "id: second\n" in source
    names = [f"copy-{n}" for n in range(copies)]
    for name in names:
        (root / "handouts" / name).mkdir()
        (root / "handouts" / name / "en.md").write_text(source.replace("id: second\n", f"id: {name}\n"))
    settings(root, "editions: [standard, large-print, trifold]\n")
    clinic = root / "clinics/test-clinic/clinic.yaml"
    text = clinic.read_text()
    assert "handouts: [tiny, second]\n" in text
    clinic.write_text(text.replace("handouts: [tiny, second]\n", f"handouts: [tiny, second, {', '.join(names)}]\n"))
    return root


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
    project = _many_small_handouts(tmp_path / "project")
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


def test_an_image_of_more_than_25_megapixels_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    Image.new("1", (5001, 5001)).save(project / "handouts/tiny/huge.png")
    add_to_risks(project, "![A huge picture](huge.png)")
    code, _, err = in_process("--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    # refused where the handout shows it, from the PNG's header, before anything is rendered
    assert "handouts/tiny/en.md:22:1: error: image 'huge.png': it is 5001 x 5001 pixels (25 megapixels); " in err
    assert (tmp_path / "out" / SECOND).is_file() and not (tmp_path / "out" / TINY).exists()


def test_a_damaged_logo_is_an_error_not_a_pdf_without_it(project: Path, tmp_path: Path, capsys) -> None:
    logo = project / "clinics/test-clinic/logo.png"
    Image.new("RGB", (60, 20), "navy").save(logo)
    logo.write_bytes(logo.read_bytes()[:60] + b"\x00garbage" * 20)
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text().replace("logo: logo.svg", "logo: logo.png"))
    code, summary, err = in_process("--project", str(project), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "'clinics/test-clinic/logo.png' is damaged or not an image; export it again as PNG or JPEG" in err
    assert not list((tmp_path / "out").rglob("tiny.pdf"))


def test_a_folder_where_the_pdf_goes_is_explained(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    (out / TINY).mkdir(parents=True)
    code, summary, err = in_process("--project", str(project), "--out", str(out), "--jobs", "1")
    assert code == 1 and "Traceback" not in err
    assert "there is a folder where the PDF should go" in err
    assert summary.startswith("1 built, 0 unchanged, 1 failed")


def test_a_full_disk_is_explained_and_the_summary_printed(project: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    import errno

    real = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, summary, err = in_process("--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "1")
    monkeypatch.setattr(os, "fsync", real)
    assert code == 1 and "Traceback" not in err
    assert "the disk is full" in err and "free some space" in err
    assert summary.startswith("0 built, 0 unchanged, 2 failed")
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_an_output_folder_that_cannot_be_made_is_explained(project: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, summary, err = in_process("--project", str(project), "--out", str(blocker / "out"))
    assert code == 1 and "Traceback" not in err
    assert "could not write" in err or "no permission" in err
    assert "0 built" in summary


def test_sigterm_stops_a_build_that_renders_in_its_own_process(tmp_path: Path) -> None:
    project = _many_small_handouts(tmp_path / "project")
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
