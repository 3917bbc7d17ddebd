"""Hostile files of the independent trial that first got through (cases 80, 82, 83, 88 and 91 of
/work/fresh/hostile, and a long handout id under the QR code): each is refused promptly with
one line naming the file (and line), nothing waits on a FIFO, and a failing build publishes
nothing. Size limits are tested with the limit lowered (clearprint/limits.py), never with
30 MB files; the decompression bomb is a PNG header that claims 20,000 x 20,000 pixels.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import struct
import threading
import time
import zlib
from pathlib import Path

import pytest

from clearprint import limits
from clearprint.checks.drawn import findings
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.documents.templates import environment, render_template
from clearprint.limits import time_limit
from clearprint.pdf.renderer import Renderer
from clearprint.pipeline import BuildOptions, build, check_only
from clearprint.problems import ContentError, Problem, Problems
from conftest import TODAY, make_project, samples

TINY = "handouts/tiny/en.md"
WEBSITE = "website: https://clinic.example\n"


def errors(root: Path) -> list[str]:
    with time_limit(30):  # a FIFO read would block for ever: fail the test instead
        return [str(p) for p in check_only(root, today=TODAY).report.errors]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` grey pixels and holds one row: a few dozen bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), start=1) if text in line)


# --- a built project with a website (built once; each test takes a copy) -----------------------


@pytest.fixture(scope="module")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile-site")
    root = make_project(base / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + WEBSITE)
    out = base / "out"
    result = build(root, BuildOptions(out, today=TODAY))
    assert result.ok, [str(p) for p in result.report.errors]
    assert (out / "test-clinic/site/sitemap.xml").is_file()
    return root, out


@pytest.fixture
def built(site_build: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    root, out = site_build
    return shutil.copytree(root, tmp_path / "project"), shutil.copytree(out, tmp_path / "out")


def site_files(out: Path) -> dict[str, bytes]:
    site = out / "test-clinic/site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_png_bomb_is_refused_from_its_header_and_nothing_is_published(built) -> None:
    """Case 80: 400 megapixels in a few bytes; refused at the line that shows it, before any
    pixel is decoded, and the site keeps its last good version (no bomb.png in out/)."""
    root, out = built
    before = site_files(out)
    (root / "handouts/tiny/bomb.png").write_bytes(png_header(20_000, 20_000))
    page = root / TINY
    page.write_text(page.read_text().replace("Lines look softer.", "Lines look softer.\n\n![A grey square](bomb.png)"))
    start = time.perf_counter()
    result = build(root, BuildOptions(out, today=TODAY))
    seconds = time.perf_counter() - start
    shown = [str(p) for p in result.report.errors]
    line = line_of(page, "bomb.png")
    assert shown == [
        f"{TINY}:{line}:1: error: image 'bomb.png': it has 400 megapixels; images may have at most 25 megapixels: "
        "make it smaller"
    ], shown
    assert not list(out.rglob("bomb*")) and site_files(out) == before
    assert seconds < 30, seconds


def test_a_pdf_that_fails_keeps_the_last_good_site(built) -> None:
    """A PDF that cannot be made now keeps its last good record: the clinic's site must not be
    rebuilt around it (a new page of a handout whose PDF is the old one)."""
    root, out = built
    before = site_files(out)
    templates = root / "clinics/test-clinic/templates"
    templates.mkdir()
    (templates / "handout.html.j2").write_text(
        '{% extends "project/handout.html.j2" %}\n{% block footer_note %}\n{{ 1 / 0 }}\n{% endblock %}\n'
    )
    page = root / TINY
    page.write_text(page.read_text().replace("Lines look softer.", "Lines look much softer."))
    result = build(root, BuildOptions(out, today=TODAY))
    shown = [str(p) for p in result.report.errors]
    assert any(s.startswith("clinics/test-clinic/templates/handout.html.j2:3: error: template error") for s in shown)
    assert not result.ok and site_files(out) == before  # held back by its template's error: the site kept as it was


# --- templates: cases 82 and 83 -----------------------------------------------------------------

BOMBS = {
    "{% for a in range(100000) %}{% for b in range(100000) %}.{% endfor %}{% endfor %}": "a range of more than",
    "{% for a in range(10000) %}{% for b in range(10000) %}.{% endfor %}{% endfor %}": "loops ran more than",
    '{{ "x" * 10000000000 }}': "a repeated text or list this long is not allowed",
    "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}": "calls a macro inside itself (or a recursive loop) more than 20 deep",
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_template_bomb_fails_at_once_naming_the_clinic_template_and_line(tmp_path: Path, bomb: str) -> None:
    """Case 82: each bomb in a clinic's block fails within a second or two, at its own line of
    the clinic's template (not the project template it extends), and the next render of the
    same template fails at once."""
    root = make_project(tmp_path / "project")
    templates = root / "clinics/test-clinic/templates"
    templates.mkdir()
    (templates / "page.html.j2").write_text("{% block body %}{% endblock %}\n")
    (templates / "bomb.html.j2").write_text(
        '{% extends "page.html.j2" %}\n{% block body %}\nfine\n' + bomb + "\n{% endblock %}\n"
    )
    env = environment(root, root / "clinics/test-clinic")
    start = time.perf_counter()
    with pytest.raises(ContentError) as raised:
        render_template(env, "bomb.html.j2", {}, root)
    first = time.perf_counter() - start
    shown = str(raised.value.problems[0])
    assert shown.startswith("clinics/test-clinic/templates/bomb.html.j2:4: error: "), shown
    assert BOMBS[bomb] in shown and first < 4, (shown, first)
    start = time.perf_counter()
    with pytest.raises(ContentError):
        render_template(environment(root, root / "clinics/test-clinic"), "bomb.html.j2", {}, root)
    if "loops" in shown or "macro" in shown:  # stopped by a limit: remembered, not run again
        assert time.perf_counter() - start < 2.5  # half the 5 s a render may take: it was not run again


@pytest.mark.parametrize("size_limit", [False, True])
def test_a_broken_clinic_template_is_the_one_error_the_checks_report(tmp_path: Path, monkeypatch, size_limit) -> None:
    """Cases 82 and 83 through the pipeline (an independent re-run found them): the checks read
    each output's page as its template makes it; when the clinic's template fails, its error is
    what `check` reports, at the template's line, not 'no emergency action' and other findings
    about a page that was never made."""
    root = make_project(tmp_path / "project")
    templates = root / "clinics/test-clinic/templates"
    templates.mkdir()
    bomb = "{% for a in range(100000) %}.{% endfor %}"
    block = '<span class="x">{{ clinic.name }}</span>\n' * (200 if size_limit else 1)
    (templates / "handout.html.j2").write_text(
        '{% extends "project/handout.html.j2" %}\n{% block footer_note %}\n' + (block if size_limit else bomb)
        + "\n{% endblock %}\n"
    )  # fmt: skip
    if size_limit:
        monkeypatch.setattr(limits, "MAX_TEMPLATE_BYTES", 4096)
    with time_limit(60):
        result = check_only(root, today=TODAY)
    errors = sorted({str(p) for p in result.report.errors})
    where = "clinics/test-clinic/templates/handout.html.j2"
    expected = f"{where}: error: the template is" if size_limit else f"{where}:3: error: template error: a range of"
    assert errors and all(e.startswith(expected) for e in errors), errors


def test_a_bomb_in_a_sample_clinics_template_is_its_only_error(tmp_path: Path) -> None:
    """Case 82 as the tester ran it, on the samples: every edition that uses the clinic's template
    (standard and large print share their checks) reports the template's error and nothing its
    Markdown lacks that the page adds (the get-help box made from risks.yaml)."""
    root = shutil.copytree(samples(), tmp_path / "project")
    template = root / "clinics/sample-us-maple-grove/templates/handout.html.j2"
    text = template.read_text()
    template.write_text(text.replace("{% endblock %}", "{% for a in range(100000) %}.{% endfor %}\n{% endblock %}", 1))
    line = template.read_text().split("\n").index("{% for a in range(100000) %}.{% endfor %}") + 1
    with time_limit(60):
        result = check_only(root, today=TODAY)
    errors = sorted({str(p) for p in result.report.errors})
    assert errors == [
        f"clinics/sample-us-maple-grove/templates/handout.html.j2:{line}: error: template error: a range of more "
        "than 10,000 numbers is not allowed in templates; make it smaller"
    ], errors


def test_a_template_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    """Case 83 (a 30 MB template), with the limit lowered to 4 KB: refused by its size, naming
    the clinic's file; a template of honest size still renders."""
    monkeypatch.setattr(limits, "MAX_TEMPLATE_BYTES", 4096)
    root = make_project(tmp_path / "project")
    templates = root / "clinics/test-clinic/templates"
    templates.mkdir()
    block = '<span class="x">{{ clinic.name }}</span>\n'
    (templates / "huge.html.j2").write_text(block * 200)
    (templates / "small.html.j2").write_text(block * 2)
    env = environment(root, root / "clinics/test-clinic")
    with pytest.raises(ContentError) as raised:
        render_template(env, "huge.html.j2", {"clinic": {"name": "A"}}, root)
    assert str(raised.value.problems[0]) == (
        "clinics/test-clinic/templates/huge.html.j2: error: the template is 9 KB, more than the limit of 4 KB; "
        "a template holds markup, not content: move the text into the handouts"
    )
    assert render_template(env, "small.html.j2", {"clinic": {"name": "A"}}, root).count("A") == 2


def test_a_settings_file_over_its_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_SETTINGS_BYTES", 100)
    root = make_project(tmp_path / "project")
    assert (
        "clinics/test-clinic/clinic.yaml: error: the file is 1 KB, more than the limit of 1 KB; "
        "keep only what it needs, or split it"
    ) in errors(root)


# --- FIFOs and folders where files go: case 88 ---------------------------------------------------


def test_fifos_in_a_clinics_folders_are_refused_without_waiting(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "handouts/fifo-test").mkdir()
    os.mkfifo(root / "handouts/fifo-test/en.md")
    os.mkfifo(root / "handouts/tiny/wait.svg")
    page = root / TINY
    page.write_text(page.read_text().replace("Lines look softer.", "Lines look softer.\n\n![Wait](wait.svg)"))
    (root / "clinics/test-clinic/styles").mkdir()
    os.mkfifo(root / "clinics/test-clinic/styles/brand.css")
    templates = root / "clinics/test-clinic/templates"
    templates.mkdir()
    os.mkfifo(templates / "handout.html.j2")
    found = errors(root)
    fifo = "not a regular file (a FIFO, device or socket); delete it"
    assert f"handouts/fifo-test/en.md: error: {fifo} and save the file there again" in found, found
    line = line_of(page, "wait.svg")
    assert any(e.startswith(f"{TINY}:{line}:1: error: image 'wait.svg': {fifo}") for e in found), found
    assert any(
        e.startswith("clinics/test-clinic/styles/brand.css: error clinic-css: stylesheet refused: not a regular")
        for e in found
    ), found
    with time_limit(30), pytest.raises(ContentError) as raised:
        render_template(environment(root, root / "clinics/test-clinic"), "handout.html.j2", {}, root)
    assert str(raised.value.problems[0]).startswith(
        "clinics/test-clinic/templates/handout.html.j2: error: not a regular file (a FIFO, device or socket); "
        "delete it and save the template there again"
    )


def test_the_preview_server_never_opens_a_fifo(tmp_path: Path) -> None:
    """`serve` (and `--watch`, which builds as above): a FIFO put in the site is a 404 at once,
    never a connection held for ever."""
    from clearprint.serve.http import make_server
    from clearprint.serve.state import Preview

    site = tmp_path / "out/test-clinic/site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<html><body>home</body></html>")
    os.mkfifo(site / "assets/wait.css")
    os.mkfifo(site / "page.html")
    preview = Preview(tmp_path, tmp_path / "out", "test-clinic", TODAY)
    server = make_server(preview, 0, TODAY)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        for path, status in (("/assets/wait.css", 404), ("/page.html", 404), ("/index.html", 200)):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            assert connection.getresponse().status == status, path
            connection.close()
    finally:
        preview.stop()
        server.shutdown()


# --- odd file names and forged report lines: case 91 ---------------------------------------------


def test_odd_file_names_are_located_errors_and_cannot_forge_a_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    text = (root / TINY).read_text()
    for where in ("Botox-Offer/en.md", "tiny/EN.md", "newline/en\nfake.md:1: ok: built\n.md", "trailing/en.md "):
        (root / "handouts" / where).parent.mkdir(exist_ok=True)
        (root / "handouts" / where).write_text(text)
    (root / "handouts/dir-as-file/en.md").mkdir(parents=True)
    found = errors(root)
    assert all("\n" not in e for e in found) and not any(e.startswith("fake.md") for e in found)
    assert sorted(e.split(": error: ")[0] for e in found) == [
        "handouts/Botox-Offer",
        "handouts/dir-as-file/en.md",
        "handouts/newline/en\\nfake.md:1: ok: built\\n.md",
        "handouts/tiny/EN.md",
        "handouts/trailing/en.md ",
    ], found
    assert "handouts/Botox-Offer: error: a handout folder's name is the handout's id" in found[0]
    assert any("the name 'en.md ' has a space at its start or end" in e for e in found)
    report = check_only(root, today=TODAY).report
    as_json = json.dumps([p.as_dict() for p in report.items])
    assert "fake.md:1: ok: built\\\\n.md" in as_json  # the escape itself, never a raw line break


def test_every_problem_escapes_control_and_bidi_characters() -> None:
    problem = Problem("handouts/x/en\r\n.md", 1, "a \u202e reversed \u200b word\nok: built")
    shown = str(problem)
    assert shown == "handouts/x/en\\r\\n.md:1: error: a \\u202e reversed \\u200b word\\nok: built"
    assert Problems(Path("/")).add(Path("/a\nb.md"), None, "x").file == "a\\nb.md"


# --- a long handout id under the QR code ----------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    root = make_project(tmp_path_factory.mktemp("qr") / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + WEBSITE)
    report = Problems(root)
    outputs = {o.label: o for o in plan(load_project(root, report), report)}
    assert not report.errors
    return root, outputs["test-clinic/en/tiny"], Renderer(root)


def qr_drawn(small, url: str):
    """The findings of the tiny handout's page drawn with `url` as its QR code's address."""
    root, output, renderer = small
    pages = HtmlDocuments(root, {("test-clinic", "tiny", "en"): None})
    page = pages.html(output, linked=False)
    shown = "clinic.example/handouts/en/tiny"
    caption = re.sub(r'<span class="address"[^>]*><span class="address-part">', "", page)  # data-src: the id's line
    assert shown in caption.replace('</span>/<wbr><span class="address-part">', "/").replace("</span></span>", "")
    macros = environment(root, output.clinic.folder).get_template("_macros.html.j2").module
    start = page.index('<span class="address"')
    end = page.index("</p>", start)
    page = page[:start] + str(macros.address(url)) + page[end:]
    renderer.render(page, output.clinic.settings.font, pages.stylesheets(output), inspect=True)
    return renderer.drawn, findings(output, renderer.drawn, root, output.label)


def test_a_long_handout_id_breaks_at_its_hyphens_inside_the_qr_caption(small) -> None:
    drawn, problems = qr_drawn(small, "clinic.example/handouts/en/treatment-of-excessive-sweating")
    assert not [p for p in problems if p.rule and p.rule.startswith("drawn-")], problems
    caption = [r for r in drawn.runs if r.kind == "qr-url"]
    assert "".join(r.text for r in caption).replace(" ", "").endswith("treatment-of-excessive-sweating")
    assert not drawn.overflows


def test_a_caption_that_cannot_break_is_caught_by_the_drawn_check(small) -> None:
    _, problems = qr_drawn(small, "clinic.example/handouts/en/treatmentofexcessivesweatingtoolong")
    assert [p.rule for p in problems if p.rule == "drawn-word-too-long"] == ["drawn-word-too-long"], problems
