"""A clinic's templates are data, never code (issue 19, round-4 attack cases): every web page
passes an allowlist after templating and carries the Content-Security-Policy the writer sets
(documents/web_markup.py); a printed page or the catalogue links no stylesheet of a template's
own, and no template sets a text direction (documents/print_markup.py, pdf/fetcher.py).

Each attack case is a clinic of its own in one project, built once in-process: its error names
the clinic template and the line that wrote it, and nothing of it is published or printed.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clearprint.documents.web import CSP
from clearprint.pipeline import BuildOptions, build, check_only
from conftest import ROOT, TODAY, make_project

# The project's skeleton less any Content-Security-Policy line (as the attacker's copy dropped it)
BASE = re.sub(
    r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", (ROOT / "templates/web/base.html.j2").read_text()
)
SCRIPT = '<script>document.title="PWNED";fetch("/?c="+document.cookie)</script>'
CASES: dict[str, dict[str, str]] = {
    # web-base-template-script: the clinic replaces the page skeleton itself and adds a script
    "web-script": {"templates/web/base.html.j2": BASE.replace("</head>", SCRIPT + "\n</head>")},
    # web-meta-refresh: every page a QR code opens sends the patient to another site
    "web-refresh": {
        "templates/web/handout.html.j2": '{% extends "project/web/handout.html.j2" %}\n'
        '{% block head_extra %}<meta http-equiv="refresh" content="0; url=https://botox-deals.example/offer">'
        "{% endblock %}\n"
    },
    # web-bdo-reversed-claim: the checks read "efas %001 era sleep ruO", a browser draws the claim
    "web-bdo": {
        "templates/web/handout.html.j2": '{% extends "project/web/handout.html.j2" %}\n'
        '{% block footer_note %}<p class="note"><bdo dir="rtl">efas %001 era sleep ruO</bdo></p>{% endblock %}\n'
    },
    # template-link-stylesheet: a sheet outside styles/ draws a claim with `content:`
    "print-link": {
        "templates/print.css": '.role-key-points h2::after { content: ": 100% safe and painless"; }\n',
        "templates/handout.html.j2": '{% extends "project/handout.html.j2" %}\n'
        '{% block head_extra %}<link rel="stylesheet" href="clinics/print-link/templates/print.css">{% endblock %}\n',
    },
    # catalogue-link-stylesheet: a copy of the catalogue template links such a sheet
    "catalogue-link": {
        "templates/catalogue-extra.css": 'main h1::after { content: " - every treatment 100% safe"; }\n',
        "templates/catalogue.html.j2": (ROOT / "templates/catalogue.html.j2")
        .read_text()
        .replace(
            "</head>", '<link rel="stylesheet" href="clinics/catalogue-link/templates/catalogue-extra.css">\n</head>'
        ),
    },
    # template-attachment-link (round-8 attack, case 98): the renderer refused it, naming only the
    # handout; the error names the clinic template and its line
    "print-attachment": {
        ".env": "SECRET=hunter2-case98\n",
        "templates/handout.html.j2": '{% extends "project/handout.html.j2" %}\n'
        '{% block head_extra %}<a rel="Attachment" href="clinics/print-attachment/.env">x</a>{% endblock %}\n',
    },
    # a skeleton of the clinic's own without the policy (as the attacker's, less the script): it builds
    "web-own-base": {
        "templates/web/base.html.j2": BASE.replace(
            "{% block footer_note %}", "<p>Open daily.</p>\n{% block footer_note %}"
        )
    },
}
EXPECTED = {  # case -> (file in the clinic, the text of the line the error names, message id)
    "web-script": ("templates/web/base.html.j2", "<script>", "web-page-markup"),
    "web-refresh": ("templates/web/handout.html.j2", 'http-equiv="refresh"', "web-page-markup"),
    "web-bdo": ("templates/web/handout.html.j2", "<bdo", "template-text-direction"),
    "print-link": ("templates/handout.html.j2", "print.css", "template-stylesheet"),
    "catalogue-link": ("templates/catalogue.html.j2", "catalogue-extra.css", "template-stylesheet"),
    "print-attachment": ("templates/handout.html.j2", "Attachment", "template-markup"),
}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("attack4")
    root = make_project(base / "project")
    model = root / "clinics/test-clinic"
    settings = (model / "clinic.yaml").read_text().replace("handouts: [tiny, second]", "handouts: [tiny]")
    for number, (name, files) in enumerate(CASES.items()):
        shutil.copytree(model, root / "clinics" / name, ignore=shutil.ignore_patterns("templates"))
        (root / "clinics" / name / "clinic.yaml").write_text(
            settings.replace("Test Clinic", f"Clinic {name}") + f"website: https://c{number}.example\n"
        )
        for path, text in files.items():
            target = root / "clinics" / name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    shutil.rmtree(model)
    out = base / "out"
    result = build(root, BuildOptions(out, today=TODAY))
    return root, out, [str(p) for p in result.report.items]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), start=1) if text in line)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_case_is_an_error_at_the_clinic_template_and_line(attacked, case: str) -> None:
    root, out, report = attacked
    file, text, rule = EXPECTED[case]
    path = root / "clinics" / case / file
    line = line_of(path, text)
    column = path.read_text().split("\n")[line - 1].index(text) + 1  # where the line names the file
    where = re.compile(rf"clinics/{case}/{re.escape(file)}:{line}(:\d+)?: error {rule}: ")
    found = [p for p in report if where.match(p)]
    assert found, (where.pattern, report)
    assert all(
        p.split(": error")[0].count(":") < 2 or int(p.split(": error")[0].split(":")[2]) <= column for p in found
    )


def test_nothing_of_the_attacks_is_published_or_printed(attacked) -> None:
    _, out, report = attacked
    for case in ("web-script", "web-refresh", "web-bdo"):  # the site is not written
        assert not (out / case / "site").exists(), case
    assert not list((out / "print-link").rglob("*.pdf")) and not list((out / "print-attachment").rglob("*.pdf"))
    assert (out / "catalogue-link/en/tiny.pdf").is_file() and not (out / "catalogue-link/catalogue.pdf").exists()
    assert [p for p in report if p.startswith("clinics/web-own-base/")] == []


def test_the_checks_report_the_web_cases_as_the_build_does(attacked) -> None:
    root, _, _ = attacked
    report = [str(p) for p in check_only(root, today=TODAY).report.errors]
    for case in ("web-script", "web-refresh", "web-bdo"):
        file, text, rule = EXPECTED[case]
        where = re.compile(
            rf"clinics/{case}/{re.escape(file)}:{line_of(root / 'clinics' / case / file, text)}(:\d+)?: error {rule}: "
        )
        assert [p for p in report if where.match(p)], (where.pattern, report)


def test_a_skeleton_without_the_policy_still_has_it_and_a_script_does_not_run_in_chromium(attacked) -> None:
    """The writer sets the Content-Security-Policy, not the template: a clinic's own skeleton
    that leaves it out builds a page that has it, first in <head>; a script put into the built
    page afterwards does not run in Chromium."""
    from playwright.sync_api import sync_playwright
    from webtools import chromium_path

    _, out, _ = attacked
    site = out / "web-own-base/site"
    page_file = site / "handouts/en/tiny/index.html"
    html = page_file.read_text()
    assert "<p>Open daily.</p>" in html  # the clinic's own skeleton made it
    head = html.split("<head>", 1)[1].split("</head>", 1)[0]
    assert head.startswith('\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="')
    page_file.write_text(html.replace("</body>", SCRIPT + "</body>"))

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    requests: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path())
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base + "handouts/en/tiny/index.html")
            page.wait_for_load_state("load")
            title = page.title()
            policy = page.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert title != "PWNED"
    assert policy == CSP
    assert not [r for r in requests if "?c=" in r]


# --- the allowlist itself, on one page ---------------------------------------------------------

PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
    '<link rel="stylesheet" href="assets/web.css">\n</head>\n<body class="page-handout">\n<main id="main">'
    '<p class="note">{}</p></main>\n</body>\n</html>\n'
)
LINKS = {"stylesheet": {"assets/web.css"}, "icon": set(), "canonical": set(), "alternate": set()}


@pytest.mark.parametrize(
    ("added", "shown"),
    [
        ('<img src="x.png" alt="" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href=" java\tscript:alert(1)">x</a>', "script:alert"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe>"),
        ('<form action="https://evil.example"><input name="q"></form>', "<form>"),
        ('<base href="https://evil.example/">', "<base>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<span style="display:none">x</span>', "style="),
        ('<link rel="stylesheet" href="../clinic/extra.css">', "extra.css"),
        ('<meta name="referrer" content="unsafe-url">', "referrer"),
        ('<span dir="rtl">efas</span>', 'dir="rtl"'),
        ("<bdi>efas</bdi>", "<bdi>"),
        ('<img src="https://tracker.example/p.gif" alt="">', "tracker.example"),
        ('<svg><a href="#"><text>x</text></a></svg>', "<a>"),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", "<foreignObject>"),
        ("<template><script>x</script></template>", "<template>"),
        ("<noscript>x</noscript>", "<noscript>"),
    ],
)
def test_the_allowlist_refuses_what_clearprints_templates_never_make(added: str, shown: str) -> None:
    from clearprint.documents.web_markup import refusals

    assert list(refusals(PAGE.format("fine"), LINKS, CSP)) == []
    found = [message for _, _, message in refusals(PAGE.format(added), LINKS, CSP)]
    assert [m for m in found if shown in m], found


def test_only_the_writers_own_policy_may_be_in_a_page() -> None:
    from clearprint.documents.web_markup import refusals

    own = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    assert list(refusals(PAGE.replace("<title>", own + "<title>"), LINKS, CSP)) == []
    weaker = own.replace("script-src 'none'", "script-src *")
    assert list(refusals(PAGE.replace("<title>", weaker + "<title>"), LINKS, CSP))


# --- the renderer's fetcher: no stylesheet but those given, whatever asks for it ----------------


def test_the_fetcher_serves_only_the_stylesheets_given(tmp_path: Path) -> None:
    from clearprint.pdf.fetcher import ProjectFetcher, RefusedURL

    (tmp_path / "styles").mkdir()
    (tmp_path / "styles/base.css").write_text("p { color: black }")
    (tmp_path / "print.css").write_text('h2::after { content: "100% safe" }')
    fetcher = ProjectFetcher([tmp_path], stylesheets=[tmp_path / "styles/base.css"])
    assert fetcher.fetch((tmp_path / "styles/base.css").as_uri()).read() == b"p { color: black }"
    with pytest.raises(RefusedURL, match="'print.css' is not a stylesheet Clearprint gives this page"):
        fetcher.fetch((tmp_path / "print.css").as_uri())
