"""`build.py serve`: a real server process on a copy of the samples, a real Chromium page.

Save a change to a handout and the open page shows it; save a claim error and the page
keeps its last good text while the panel shows the error; Ctrl-C and SIGTERM end the
server with 130 and 143, no traceback, and no process left behind.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serving import Server
from webtools import check_versions, chromium_path

from clearprint.options import Selection
from clearprint.pipeline import BuildOptions, build, check_only
from clearprint.serve.loop import draft, edited_handouts
from clearprint.serve.panel import decorate
from clearprint.serve.state import Preview
from conftest import ROOT, TODAY, copy_sample_build, samples

CLINIC = "sample-us-maple-grove"
HANDOUT = "handouts/dermal-fillers/en.md"
PAGE = "handouts/en/dermal-fillers/"
SENTENCE = "the gel down slowly, so the effect wears off [1]."
EDITED = "the gel down gradually, so the effect wears off [1]."


@pytest.fixture(scope="module")
def built(sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples with a copy of the session's build of them in out/ (conftest.sample), so
    that each server's first build (on the same day, `--today`) has nothing to render."""
    project = tmp_path_factory.mktemp("serve") / "project"
    copy_sample_build(sample, project, project / "out")
    result = build(project, BuildOptions(project / "out", Selection((CLINIC,)), today=TODAY))
    assert result.ok and result.written == [], "\n".join(map(str, result.report.errors))
    return project


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    check_versions(executable)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable)
        yield chromium
        chromium.close()


def started(project: Path, *args: str) -> Server:
    """`build.py serve` on `project` as of the day `built` was built, on two processes."""
    return Server(project, "--jobs", "2", "--today", TODAY.isoformat(), *args)


def _listening(port: int) -> list[str]:
    """The local addresses listening on `port`, from the kernel's socket tables."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].rpartition(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def _wait_for(page, check, seconds: float = 30) -> float:
    """Poll the open page (which reloads itself) until `check(page)` holds; the time it took."""
    from playwright.sync_api import Error

    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if check(page):
                return time.monotonic() - start
        except Error:
            pass  # the page was reloading
        time.sleep(0.1)
    raise AssertionError(f"the page did not change in {seconds} s; it shows:\n{page.content()[:3000]}")


def _text(page, selector: str) -> str:
    return page.locator(selector).first.inner_text(timeout=2000)


def test_save_reloads_the_page_and_shows_findings(built: Path, tmp_path: Path, browser) -> None:
    project = shutil.copytree(built, tmp_path / "project", symlinks=True)
    source = project / HANDOUT
    text = source.read_text(encoding="utf-8")
    assert SENTENCE in text
    server = started(project, "--port", "0", "--clinic", CLINIC)
    try:
        host, port = server.address()
        assert host == "127.0.0.1"
        assert _listening(port) == ["0100007F"], "serve must listen on 127.0.0.1 only"
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://{host}:{port}/{PAGE}")
        panel = _text(page, "#clearprint-serve")
        assert "Reading level per section" in panel and re.search(r"grade \d+\.\d", panel)
        assert "Next review 2027-11-01" in panel
        assert "gradually" not in _text(page, "main")

        source.write_text(text.replace(SENTENCE, EDITED), encoding="utf-8")
        _wait_for(page, lambda p: "gel down gradually, so the effect" in _text(p, "main"))

        source.write_text(text.replace(SENTENCE, EDITED + " It is completely painless."), encoding="utf-8")
        _wait_for(page, lambda p: "claim-painless" in _text(p, "#clearprint-serve"))
        panel = _text(page, "#clearprint-serve")
        assert f"{HANDOUT}:" in panel and "error" in panel.lower()
        assert "did not build" in _text(page, "#clearprint-alert")
        main = _text(page, "main")
        assert "gel down gradually" in main and "painless" not in main, "the last good page is kept"

        published = project / "out" / CLINIC / "site" / PAGE / "index.html"
        assert "<script" not in published.read_text(encoding="utf-8"), "only served pages get the reload script"
        assert "clearprint-serve" not in published.read_text(encoding="utf-8")
        page.close()

        assert server.stop(signal.SIGINT, group=True) == 130, server.output
        assert "Traceback" not in server.output, server.output
        assert "Stopped (Ctrl-C)" in server.output
        assert server.left() == [], "a worker or the fork server outlived serve"
    finally:
        server.kill()


def test_sigterm_stops_the_server_and_its_workers(built: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built, tmp_path / "project", symlinks=True)
    server = started(project, "--port", "0", "--clinic", CLINIC)
    try:
        server.address()
        assert server.stop(signal.SIGTERM, group=False) == 143, server.output
        assert "Traceback" not in server.output, server.output
        assert server.left() == []
    finally:
        server.kill()


def test_a_port_in_use_is_a_usage_error(built: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--project", str(built), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2, done.stderr
    assert f"port {port} is in use" in done.stderr and "Traceback" not in done.stderr


def test_edited_handouts_are_the_handout_files_saved(tmp_path: Path) -> None:
    root = tmp_path
    batch = {
        (2, str(root / "handouts/botulinum-toxin/es.md")),
        (1, str(root / "handouts/dermal-fillers/en.md")),
        (3, str(root / "handouts/chemical-peels/en.md")),  # deleted: nothing to render first
        (2, str(root / "handouts/_shared/about-this-leaflet/en.md")),
        (2, str(root / "handouts/dermal-fillers/.en.md.swp")),
        (2, str(root / "clinics/x/clinic.yaml")),
    }
    assert edited_handouts(root, batch) == [("botulinum-toxin", "es"), ("dermal-fillers", "en")]


# --- the panel, from a build's results (no server, no rendering) ------------------------------


def _panel(project: Path, today: dt.date, page: str) -> str:
    result = check_only(project, Selection((CLINIC,)), today)
    preview = Preview(project, project / "out", CLINIC, today)
    preview.record(result, Selection((CLINIC,)))
    return decorate("<html><body><main>last good page</main></body></html>", preview, page, today)


def test_panel_shows_an_overdue_review_as_an_error(tmp_path: Path) -> None:
    project = shutil.copytree(samples(), tmp_path / "project")
    html = _panel(project, dt.date(2028, 1, 1), PAGE + "index.html")
    assert "overdue by 61 days" in html
    assert "governance-review-overdue" in html and f"{HANDOUT}:7" in html
    assert "This handout did not build" in html
    assert (
        html.index('id="clearprint-alert"') < html.index("last good page") < html.index('<aside id="clearprint-serve"')
    )


def test_panel_shows_a_handout_that_does_not_load(tmp_path: Path) -> None:
    project = shutil.copytree(samples(), tmp_path / "project")
    source = project / HANDOUT
    source.write_text(source.read_text(encoding="utf-8").replace("reviewer:", "reveiwer:"), encoding="utf-8")
    preview = Preview(project, project / "out", CLINIC, None)
    preview.record(check_only(project, Selection((CLINIC,))), Selection((CLINIC,)))
    html = decorate("<body></body>", preview, PAGE + "index.html", dt.date.today())
    assert "reveiwer" in html and f"{HANDOUT}:8" in html
    assert "This handout did not build" in html
    assert "<script nonce=" in html and "/__clearprint/version?after=" in html


def test_a_saved_handout_is_served_as_a_draft_page_before_any_pdf_is_rendered(built: Path, tmp_path: Path) -> None:
    project = shutil.copytree(built, tmp_path / "project", symlinks=True)
    source, out = project / HANDOUT, project / "out"
    pdf = out / CLINIC / "en" / "dermal-fillers.pdf"
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    source.write_text(source.read_text(encoding="utf-8").replace(SENTENCE, EDITED), encoding="utf-8")

    path, html = draft(project, out, CLINIC, "dermal-fillers", "en", dt.date.today())
    assert path == PAGE + "index.html"
    assert "gel down gradually, so the effect" in html and "gel down slowly" not in html
    assert f"{max(1, round(pdf.stat().st_size / 1024))} KB" in html, "the size of the PDF as it was"
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == written, "a draft writes nothing"

    preview = Preview(project, out, CLINIC, None)
    preview.know(check_only(project, Selection((CLINIC,))).checks[0].output.clinic.settings)
    preview.show_draft(path, html)
    assert preview.version == 1 and preview.drafts[path] == html

    source.write_text(source.read_text(encoding="utf-8").replace(EDITED, EDITED + " It is painless."), encoding="utf-8")
    assert draft(project, out, CLINIC, "dermal-fillers", "en", dt.date.today()) is None, "an error makes no draft"
    preview.record(check_only(project, Selection((CLINIC,))), Selection((CLINIC,)))
    assert preview.drafts == {path: html}, "the handout now fails: the draft is the last good version"

    source.write_text(source.read_text(encoding="utf-8").replace(" It is painless.", ""), encoding="utf-8")
    preview.record(check_only(project, Selection((CLINIC,))), Selection((CLINIC,)))
    assert preview.drafts == {}, "the clinic's build replaces the draft with the page it writes"
