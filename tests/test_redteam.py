"""The red-team corpus (tests/redteam/<case>/: the input files and case.yaml, which says the
class, where each file goes and what must happen), built in-process in three groups:

- every case that must be refused is laid into one copy of the test project (each handout in
  its own folder, each clinic setting, stylesheet, rule file or logo in its own clinic) and
  checked once: each case's error or finding is at its file and line (and column, where given);
- visit files are read by the sheet's own reader;
- the cases that must build are built once, PDFs and web edition: no forbidden text in any
  PDF's text or any file of the site, every page carries the Content-Security-Policy, and every
  page opened in Chromium runs nothing (no dialog, no console message, no request off the site).
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from clearprint.frontdesk.visit import load_visit
from clearprint.pipeline import BuildOptions, build, check_only
from clearprint.problems import ContentError, Problems
from conftest import ROOT, make_project, pdf_text, samples, with_ocr_readings

REDTEAM = Path(__file__).resolve().parent / "redteam"
TODAY = dt.date(2026, 11, 26)
CASES = {p.name: yaml.safe_load((p / "case.yaml").read_text()) for p in sorted(REDTEAM.iterdir()) if p.is_dir()}
REFUSED = sorted(n for n, c in CASES.items() if c["expect"] in ("error", "finding"))
VISITS = sorted(n for n, c in CASES.items() if c["expect"].startswith("visit-"))
BUILDS = sorted(n for n, c in CASES.items() if c["expect"] == "build")
LOGO = ROOT / "tests/testdata/base/clinics/test-clinic/logo.svg"


def lay(root: Path, name: str) -> None:
    """Put a case's files where its case.yaml says; a clinic gets the test logo unless it has one."""
    for source, dest in CASES[name]["files"].items():
        target = root / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REDTEAM / name / source, target)
    for dest in CASES[name]["files"].values():
        if dest.startswith("clinics/") and not (root / "clinics" / Path(dest).parts[1] / "logo.svg").exists():
            shutil.copyfile(LOGO, root / "clinics" / Path(dest).parts[1] / "logo.svg")
            shutil.copyfile(LOGO.parent / "images.yaml", root / "clinics" / Path(dest).parts[1] / "images.yaml")


def listed(root: Path, handouts: list[str], extra: str = "") -> None:
    settings = root / "clinics/test-clinic/clinic.yaml"
    text = settings.read_text().replace("handouts: [tiny, second]", f"handouts: [tiny, {', '.join(handouts)}]")
    settings.write_text(text + extra)


def test_the_corpus_is_large_and_covers_every_class() -> None:
    classes = {c["class"] for c in CASES.values()}
    assert len(CASES) >= 150
    assert {
        "raw-html", "hidden-comment", "attribute-list", "character-reference", "invisible-or-look-alike",
        "clinic-css", "clinic-rules", "weaker-threshold", "waiver", "svg", "asset", "url", "review-dates",
        "yaml-1.1-number", "should-build",
    } <= classes  # fmt: skip


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = make_project(tmp_path_factory.mktemp("redteam") / "project")
    findings = []
    for name in REFUSED:
        lay(root, name)
        if CASES[name]["expect"] == "finding" and CASES[name]["file"].startswith("handouts/"):
            findings.append(f"rt-{name}")
    listed(root, findings)
    result = check_only(root, today=TODAY)
    return [str(p) for p in result.report.items]


def expected(case: dict) -> list[dict]:
    """What a case must produce: its own file, line, col, rule and message, then each of its
    `also` (more problems the same input makes: the same keys, in the case's file unless named)."""
    return [case, *({"file": case.get("file"), **more} for more in case.get("also", []))]


@pytest.mark.parametrize("name", REFUSED)
def test_each_hostile_input_is_refused_at_its_line(refused: list[str], name: str) -> None:
    for case in expected(CASES[name]):
        where = f"{case['file']}:{case['line']}:" + (f"{case['col']}:" if case.get("col") else "")
        mine = [p for p in refused if p.startswith(where)]
        if case.get("rule"):
            mine = [p for p in mine if f" {case['rule']}: " in p]
        assert mine, f"{name}: nothing at {where}; found for the file: {[p for p in refused if case['file'] in p]}"
        assert any(case.get("message", "") in p for p in mine), (name, mine)
        assert all(" error" in p or CASES[name]["expect"] == "finding" for p in mine)


@pytest.mark.parametrize("name", VISITS)
def test_each_hostile_visit_file(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    report = Problems(ROOT)  # the project whose language data names a dose's units (rules/languages/)
    path = REDTEAM / name / "visit.yaml"
    if case["expect"] == "visit-value":
        assert getattr(load_visit(path, report), case["field"]) == case["value"]
        return
    with pytest.raises(ContentError) as raised:
        load_visit(path, report)
    shown = [str(p) for p in raised.value.problems]
    assert any(case["message"] in p and (not case.get("line") or f":{case['line']}:" in p) for p in shown), shown
    assert not any("\u202e" in p or "Ann" in p for p in shown), "a patient's words were repeated in the error"


def test_visit_file_that_never_ends_or_blocks(tmp_path: Path) -> None:
    for path in (Path("/dev/zero"), Path("/dev/null")):
        with pytest.raises(ContentError):
            load_visit(path, Problems(tmp_path))


def test_shipped_and_sample_content_passes_the_sanitiser_unchanged() -> None:
    from clearprint.content.load import load_project
    from clearprint.documents.markdown import to_html
    from clearprint.documents.sanitise import difference

    report = Problems(ROOT)
    project = load_project(ROOT, report)
    assert not report.errors
    sections = [s for h in project.handouts.values() for s in h.sections] + list(project.shared.values())
    assert len(sections) > 20
    for section in sections:
        assert difference(to_html(section.body, "handouts")) is None, section.file


# --- cases that must build: nothing forbidden printed or published, nothing runs ---------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("redteam-build")
    root = make_project(base / "project")
    for name in BUILDS:
        lay(root, name)
    listed(root, [f"rt-{name}" for name in BUILDS], "website: https://clinic.example\n")
    out = base / "out"
    result = build(root, BuildOptions(out, today=TODAY))
    assert result.ok, [str(p) for p in result.report.errors]
    return out


def markup_of(html: str) -> tuple[set[str], set[str]]:
    """The element and attribute names of a page, as a browser's parser reads them."""
    tags: set[str] = set()
    attributes: set[str] = set()

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs) -> None:
            tags.add(tag)
            attributes.update(name for name, _ in attrs)

    Reader().feed(html)
    return tags, attributes


def test_built_cases_print_and_publish_nothing_forbidden(built: Path) -> None:
    pdfs = {p: pdf_text(p) for p in built.rglob("*.pdf")}
    site = built / "test-clinic/site"
    files = {p: p.read_bytes() for p in site.rglob("*") if p.suffix in (".html", ".css", ".xml", ".svg")}
    assert len(pdfs) >= len(BUILDS) and len(files) > len(BUILDS)
    for name in BUILDS:  # a code span prints `<script>` as text: its own PDF may show it, no HTML may hold it
        for text in CASES[name]["absent"]:
            assert name == "build-code-span" or not [p for p, t in pdfs.items() if f"rt-{name}" in p.name and text in t]
            assert not [p for p, data in files.items() if text.encode() in data], (name, text)
    pages = [p for p in files if p.suffix == ".html"]
    for page in pages:
        html = files[page].decode()
        assert (
            '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;none&#39;'
            in html
        )
        tags, attributes = markup_of(html)
        assert not {"script", "style", "iframe", "object", "embed", "form", "base"} & tags, page
        assert not [a for a in attributes if a.startswith("on") or a == "style"], page
    assert (site / "assets/brand.css").is_file()
    waived = next(p for p in pages if "rt-build-waived" in str(p) and p.name == "index.html").read_text()
    assert "accepted by a named reviewer" in waived and "Medical director, 2026-11-01" in waived
    printed = next(t for p, t in pdfs.items() if "rt-build-waived" in p.name)
    assert "completely safe" in printed.split("accepted by our reviewers")[1]


def test_built_pages_run_nothing_in_chromium(built: Path) -> None:
    from playwright.sync_api import sync_playwright
    from webtools import chromium_path

    site = built / "test-clinic/site"

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    events: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path())
            page = browser.new_page()
            page.on("dialog", lambda d: (events.append(f"dialog {d.message}"), d.dismiss()))
            page.on("console", lambda m: events.append(f"console {m.text}"))
            page.on("request", lambda r: None if r.url.startswith(base) else events.append(f"request {r.url}"))
            pages = sorted(site.rglob("*.html"))
            for html in pages:
                page.goto(base + html.relative_to(site).as_posix())
                page.wait_for_load_state("load")
                assert page.evaluate("document.scripts.length") == 0
            browser.close()
    finally:
        server.shutdown()
    assert len(pages) >= len(BUILDS) and events == []


def test_check_json_into_a_closed_pipe_is_quiet(sample, tmp_path: Path) -> None:
    # the samples' report (about 90 KB) is more than a pipe holds: the reader is gone mid-write
    out = with_ocr_readings(sample, tmp_path / "out")
    command = f"{sys.executable} {ROOT / 'build.py'} check --project {samples()} --out {out} --format json | head -c 10"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert len(done.stdout) == 10 and done.stdout.startswith("{"), done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


# --- the preview server (`serve`): answers this machine's pages only, with a 4xx for the rest ----


def test_serve_refuses_other_hosts_nul_long_paths_and_floods(tmp_path: Path) -> None:
    import http.client
    import socket

    from markupsafe import escape

    from clearprint.documents.web import CSP
    from clearprint.serve.http import MAX_CONNECTIONS, make_server
    from clearprint.serve.state import Preview

    (tmp_path / "out/test-clinic/site").mkdir(parents=True)
    (tmp_path / "out/test-clinic/site/index.html").write_text(
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{escape(CSP)}"></head><body></body></html>'
    )
    preview = Preview(tmp_path, tmp_path / "out", "test-clinic", TODAY)
    server = make_server(preview, 0, TODAY)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def status(path: str, host: str | None = None) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status

    try:
        assert status("/index.html") == 200
        assert status("/index.html", f"localhost:{port}") == 200
        assert status("/index.html", "evil.example") == 421  # DNS rebinding
        assert status("/index.html", f"127.0.0.1:{port + 1}") == 421
        assert status("/a%00b") == 400
        assert status("/" + "a" * 60_000) in (400, 414, 431)
        assert status("/__clearprint/version?after=%C2%B2") == 200  # '²' is a digit to Python, not a number
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(MAX_CONNECTIONS)]
        for sock in idle:  # long polls, each holding a slot (an idle connection holds none: test_serve_idle.py)
            sock.sendall(f"GET /__clearprint/version?after=0 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        time.sleep(0.3)
        extra = socket.create_connection(("127.0.0.1", port), timeout=5)
        extra.sendall(f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert extra.recv(100) == b""  # closed at once: every slot is taken
        for sock in [extra, *idle]:
            sock.close()
    finally:
        preview.stop()
        server.shutdown()
