"""`build.py serve`: a live preview of one clinic's web edition and PDFs, like `mkdocs serve`.

Builds once, then serves out/<clinic>/site/ on 127.0.0.1 (never another address) with the
standard library's ThreadingHTTPServer, and rebuilds what a saved file affects, with warm
rendering processes (watch.py's file events, pdf/workers.py, and `build()` itself: this module
decides only the order of the builds). A page served from here, never a file in out/, gets
two things added: a panel with the handout's check findings from the last build (reading
level per section, review date, errors and warnings with file:line), and a small script
that reloads the page when a build changed something.

The order after a save, so that what the person is looking at comes first:
0. the edited handout's web page, made in this process and served (never written) until
   the clinic's build writes the site: `draft`, about 0.2 s after the save;
1. the edited handout's standard edition for the served clinic (a build of that selection);
2. the served clinic (its PDFs, catalogue and site: a clinic's site is written only by a
   build of the whole clinic);
3. everything the command line asked for, as `--watch` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import json
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlsplit

import jinja2
from markupsafe import escape

from ..checks import CheckResult
from ..checks.reading import grade_severity
from ..content.load import load_project
from ..documents import web
from ..documents.web import CSP
from ..editions import WEB_EDITION
from ..models import Clinic
from ..options import Selection
from ..pdf.workers import Workers
from ..pipeline import BuildOptions, Result, build, check_only
from ..problems import Problem, Problems, UsageError
from ..watch import WATCHED, changes
from ..writers.sites import draft_page

HOST = "127.0.0.1"  # a preview is for this computer only
DEFAULT_PORT = 8000
PREFIX = "/__clearprint/"  # what only `serve` answers; the published site has no such folder
LONG_POLL_SECONDS = 20


@dataclasses.dataclass
class PagePanel:
    """What the panel beside one handout page says."""

    handout: str
    language: str
    findings: list[Problem]
    sections: list = dataclasses.field(default_factory=list)  # reading.SectionScore
    settings: object = None  # the clinic's CheckSettings, for the grade limits
    next_review: dt.date | None = None
    failed: list[str] = dataclasses.field(default_factory=list)  # outputs the renderer could not make

    @property
    def blocked(self) -> bool:
        return bool(self.failed) or any(p.severity == "error" for p in self.findings)


class Preview:
    """The served clinic and what the last builds said about it. The build loop writes it,
    the HTTP threads read it; `version` counts the builds that changed what a page shows."""

    def __init__(self, root: Path, out: Path, slug: str, today: dt.date | None) -> None:
        self.root, self.out, self.slug, self.today = root, out, slug, today
        self.site = out / slug / "site"
        self.version = 0
        self.changed = threading.Condition()
        self.stopping = False
        self.checks: dict[str, CheckResult] = {}  # output label -> its latest check (this clinic)
        self.failed: set[str] = set()  # output labels the last build could not render
        self.problems: list[Problem] = []
        self.elsewhere: set[Problem] = set()  # findings of the other clinics' outputs only
        self.crash = ""  # a bug in the last build, shown until a build succeeds
        self.pages: dict[str, tuple[str, str]] = {}  # site file -> (handout, language)
        self.drafts: dict[str, str] = {}  # site file -> its page made from a saved handout (see `draft`)
        self.home = ""  # the site file `/` leads to
        self._shown = ""

    # --- written by the build loop ---------------------------------------------------------

    def record(self, result: Result | None, selection: Selection, crash: str = "") -> None:
        """Take in a build's result; a partial one (a handout's edition) replaces only what it built."""
        with self.changed:
            self.crash = crash
            if result is not None:
                mine = [c for c in result.checks if c.output.clinic.slug == self.slug]
                ours = {f for c in mine for f in c.findings}
                theirs = {f for c in result.checks if c.output.clinic.slug != self.slug for f in c.findings}
                others = {o.clinic.slug for o in result.planned} - {self.slug}
                theirs |= {p for p in result.report.items if p.message.startswith(tuple(f"{o}/" for o in others))}
                planned = {o.label for o in result.planned}
                if selection.handouts:
                    files = {f"handouts/{h}/{lang}.md" for h in selection.handouts for lang in selection.languages}
                    self.checks.update((c.output.label, c) for c in mine)
                    self.problems = [p for p in self.problems if p.file not in files]
                    self.problems += [p for p in result.report.items if p.file in files]
                    self.elsewhere = (self.elsewhere | theirs) - ours
                else:
                    # The clinic's build wrote its site: a draft goes, unless its handout now
                    # fails (then the draft is the last good version the person saw).
                    failing = {f"handouts/{hid}/{lang}.md" for hid, lang in self._failing(result)}
                    self.drafts = {p: h for p, h in self.drafts.items() if self._source(p) in failing}
                    self.checks = {c.output.label: c for c in mine}
                    self.problems = list(result.report.items)
                    self.elsewhere = theirs - ours
                self.failed = (self.failed - planned) | {o.label for o in result.failed}
                if mine:
                    self.know(mine[0].output.clinic.settings)
                wrote = [p for p in (*result.written, *result.web) if p.is_relative_to(self.out / self.slug)]
            else:
                wrote = []
            said = [(c.output.label, c.findings, [s.score for s in c.sections]) for c in self.checks.values()]
            shown = hashlib.sha256(repr((said, sorted(self.failed), self.problems, crash)).encode()).hexdigest()
            if wrote or shown != self._shown:  # reload the open pages only when they change
                self._shown = shown
                self.version += 1
                self.changed.notify_all()

    def _failing(self, result: Result) -> set[tuple[str, str]]:
        """(handout, language) of this clinic's handouts that the build could not make."""
        found = {c.output.handout.key for c in result.checks if c.output.clinic.slug == self.slug and c.blocked}
        found |= {o.handout.key for o in result.failed if o.clinic.slug == self.slug}
        errors = {p.file for p in result.report.errors}
        return found | {key for key in self.pages.values() if f"handouts/{key[0]}/{key[1]}.md" in errors}

    def _source(self, page: str) -> str:
        hid, lang = self.pages.get(page, ("", ""))
        return f"handouts/{hid}/{lang}.md"

    def know(self, settings) -> None:
        """Where each handout of the clinic has its page, even one that does not load now."""
        if not settings.website:
            return
        with self.changed:
            self.home = web.index_path(settings, settings.languages[0])
            for hid in settings.handouts:
                for lang in settings.languages:
                    try:
                        self.pages[web.page_path(settings.url_for(hid, lang) or "", settings.site_url)] = (hid, lang)
                    except ValueError:
                        pass  # reported by the build

    def show_draft(self, page: str, html: str) -> None:
        with self.changed:
            self.drafts[page] = html
            self.version += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    # --- read by the HTTP threads --------------------------------------------------------

    def wait(self, after: int, seconds: float) -> int:
        """The build number, as soon as it is not `after` (or after `seconds`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != after or self.stopping, timeout=seconds)
            return self.version

    def panel(self, page: str | None) -> tuple[PagePanel | None, list[Problem], int]:
        """(the handout page's panel or None, the other errors of the build, the build number)."""
        with self.changed:
            version, failed = self.version, set(self.failed)
            problems = [p for p in self.problems if p not in self.elsewhere]
            checks = list(self.checks.values())
            crash = self.crash
            key = self.pages.get(page) if page else None
        shown: set[Problem] = set()
        item = None
        if key:
            hid, lang = key
            mine = [c for c in checks if (c.output.handout.meta.id, c.output.handout.meta.language) == key]
            source = f"handouts/{hid}/{lang}.md"
            findings: list[Problem] = []
            for found in [f for c in mine for f in c.findings] + [p for p in problems if p.file == source]:
                if found not in findings:
                    findings.append(found)
            findings.sort(key=lambda p: (p.severity != "error", p.file, p.line or 0))
            shown.update(findings)
            first = next((c for c in mine if c.output.edition == WEB_EDITION), mine[0] if mine else None)
            item = PagePanel(
                hid, lang, findings, failed=sorted(c.output.label for c in mine if c.output.label in failed)
            )
            if first is not None:
                item.sections = first.sections
                item.settings = first.output.clinic.settings.checks
                item.next_review = first.output.handout.meta.next_review
        others = [
            p
            for p in problems
            if p.severity == "error"
            and p not in shown
            and not p.file.startswith("handouts/")  # another handout's: shown on its own page
            and not (p.file.startswith("clinics/") and not p.file.startswith(f"clinics/{self.slug}/"))
        ]
        if crash:
            others.insert(0, Problem("(build)", None, crash))
        return item, others, version


# --- the pages ------------------------------------------------------------------------------

PANEL = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    # Kept here rather than in templates/: every file there is an input of every PDF, so
    # editing the preview's panel would rebuild them all.
    """\
{% if item and item.blocked %}<div id="clearprint-alert" role="alert"><strong>This handout did not build.</strong>
You are seeing its last good version. Fix the {{ "error" if errors == 1 else "errors" }} in <a href="#clearprint-serve" style="color:inherit">the panel</a> and save.</div>
{% elif others %}<div id="clearprint-alert" role="alert"><strong>The last build has errors.</strong> See <a href="#clearprint-serve" style="color:inherit">the panel</a>.</div>{% endif %}
<!--clearprint-panel-->
<aside id="clearprint-serve" aria-label="Clearprint preview: checks" data-build="{{ version }}">
<style>
#clearprint-serve{font:15px/1.4 system-ui,sans-serif;background:#f7f7f5;color:#1a1a1a;border-top:3px solid #444;padding:1rem;box-sizing:border-box}
#clearprint-serve h2{font-size:1.1rem;margin:0 0 .5rem}#clearprint-serve h3{font-size:1rem;margin:1rem 0 .3rem}
#clearprint-serve ul{list-style:none;padding:0;margin:0}#clearprint-serve li{margin:0 0 .6rem;padding-left:.5rem;border-left:4px solid #b36b00}
#clearprint-serve li.cp-error{border-color:#b00020}#clearprint-serve .cp-sev{font-weight:bold;text-transform:uppercase;font-size:.8rem}
#clearprint-serve code{font-size:.85rem;overflow-wrap:anywhere}#clearprint-serve table{border-collapse:collapse;width:100%}
#clearprint-serve td,#clearprint-serve th{text-align:left;padding:.15rem .3rem;border-bottom:1px solid #ddd;vertical-align:top}
#clearprint-serve .cp-high{color:#b00020;font-weight:bold}#clearprint-serve .cp-build{font-weight:normal;font-size:.85rem}
#clearprint-alert{position:sticky;top:0;z-index:10;background:#b00020;color:#fff;padding:.75rem 1rem;font:bold 17px/1.4 system-ui,sans-serif}
@media (min-width:70rem){body{margin-right:24rem}#clearprint-serve{position:fixed;top:0;right:0;bottom:0;width:24rem;overflow:auto;border-top:0;border-left:3px solid #444}}
</style>
<h2>Checks <span class="cp-build">(preview build {{ version }})</span></h2>
{% if item %}
<h3>Errors and warnings</h3>
{% if item.failed %}<p class="cp-high">Could not be made: {{ item.failed | join(", ") }}</p>{% endif %}
{% if item.findings %}<ul>{% for p in item.findings %}<li class="cp-{{ p.severity }}"><span class="cp-sev">{{ p.severity }}</span>
<code>{{ p.file }}{% if p.line %}:{{ p.line }}{% endif %}</code>{% if p.rule %} <code>{{ p.rule }}</code>{% endif %}<br>{{ p.message }}</li>
{% endfor %}</ul>{% else %}<p>None.</p>{% endif %}
{% if item.sections %}<h3>Reading level per section</h3><table>
{% for s in item.sections %}<tr><th scope="row">{{ s.title }}</th>{% set high = grade_high(s.score.grade, item.settings) %}
<td{% if high %} class="cp-high"{% endif %}>{{ "grade %.1f" % s.score.grade if s.score.grade is not none else "no text" }}</td></tr>
{% endfor %}</table><p>{{ item.sections[0].score.formula }}</p>{% endif %}
{% if item.next_review %}<h3>Review</h3><p{% if days < 0 %} class="cp-high"{% endif %}>Next review {{ item.next_review }}:
{% if days < 0 %}overdue by {{ -days }} days{% else %}in {{ days }} days{% endif %}</p>{% endif %}
{% endif %}
{% if others %}<h3>Other errors in this build</h3><ul>{% for p in others %}<li class="cp-error"><span class="cp-sev">error</span>
<code>{{ p.file }}{% if p.line %}:{{ p.line }}{% endif %}</code><br>{{ p.message }}</li>{% endfor %}</ul>{% endif %}
<p><a href="/__clearprint/check-report.html">The clinic's check report</a></p>
</aside>
<script>
(function () {
  var build = {{ version }};
  function wait() {
    fetch("/__clearprint/version?after=" + build, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) { if (d.version !== build) { location.reload(); } else { wait(); } },
            function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>
"""
)

MISSING = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not built</title></head>
<body><main><h1>Not in the site</h1><p>The last build did not write this page: the handout is not
published, or has not built yet.</p></main></body></html>"""


def _grade_high(grade: float | None, settings) -> bool:
    return settings is not None and grade_severity(grade, settings) is not None


def decorate(html: str, preview: Preview, page: str | None, today: dt.date) -> str:
    """The page with an error banner at the top of its body (when the build failed), and
    the panel and the reload script just before </body>."""
    item, others, version = preview.panel(page)
    days = (item.next_review - today).days if item and item.next_review else 0
    errors = sum(p.severity == "error" for p in item.findings) + len(item.failed) if item else 0
    added = PANEL.render(item=item, others=others, version=version, days=days, errors=errors, grade_high=_grade_high)
    alert, panel = added.split("<!--clearprint-panel-->", 1)
    html, panel = _allow_preview(html, panel)
    at = html.rfind("</body>")
    html = html[:at] + panel + html[at:] if at >= 0 else html + panel
    body = html.find("<body")
    top = html.find(">", body) + 1 if body >= 0 else 0
    return html[:top] + alert.strip() + html[top:]


def _allow_preview(html: str, panel: str) -> tuple[str, str]:
    """The page's Content-Security-Policy with an exception for the preview's own script and
    style only (a fresh nonce per answer): a script in the site itself still never runs."""
    nonce = secrets.token_urlsafe(16)
    policy = CSP.replace("script-src 'none'", f"script-src 'nonce-{nonce}'") + f"; style-src 'self' 'nonce-{nonce}'"
    html = html.replace(f'content="{escape(CSP)}"', f'content="{escape(policy)}"', 1)
    panel = panel.replace("<script>", f'<script nonce="{nonce}">').replace("<style>", f'<style nonce="{nonce}">')
    return html, panel


MAX_PATH = 2048  # characters in a request's path: the site's longest is under 200
MAX_CONNECTIONS = 32  # open at once: a page, its stylesheets, fonts and images, a few tabs
IDLE_SECONDS = 30  # a connection that sends nothing for this long is closed


class Handler(SimpleHTTPRequestHandler):
    preview: Preview  # set on the class made for each server
    today: dt.date | None
    timeout = IDLE_SECONDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(self.preview.site), **kwargs)

    def log_message(self, format: str, *args) -> None:
        pass  # a line per request would bury the build's messages

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _refused(self) -> HTTPStatus | None:
        """Only this machine's own pages ask: a Host other than 127.0.0.1 or localhost with the
        server's port (a web page elsewhere rebinding its name to 127.0.0.1) is refused, and so
        is a path with a NUL byte or longer than any page of the site."""
        port = self.server.server_address[1]
        if self.headers.get("Host", "") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            return HTTPStatus.MISDIRECTED_REQUEST
        if len(self.path) > MAX_PATH:
            return HTTPStatus.REQUEST_URI_TOO_LONG
        if "\x00" in self.path or "%00" in self.path:
            return HTTPStatus.BAD_REQUEST
        return None

    def _answer(self, body: bool) -> None:
        if refused := self._refused():
            return self.send_error(refused)
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/__clearprint/version":
            after = (parse_qs(parts.query).get("after") or ["-1"])[0]
            known = after.isascii() and after.isdecimal() and len(after) < 10
            version = self.preview.wait(int(after) if known else -1, LONG_POLL_SECONDS)
            return self._send(json.dumps({"version": version}).encode(), "application/json", body)
        if path in ("/__clearprint/check-report.html", "/__clearprint/catalogue.pdf"):
            return self._file(self.preview.out / self.preview.slug / path.removeprefix(PREFIX), body)
        if path == "/":
            return (
                self._redirect("/" + self.preview.home.removesuffix("index.html"))
                if self.preview.home
                else self._missing(None, body)
            )
        name = PurePosixPath(path)
        if len(name.parts) == 4 and name.parts[1] == "pdf" and name.suffix == ".pdf" and ".." not in name.parts:
            # The PDF as just rendered (the site's copy is refreshed with the whole site).
            fresh = self.preview.out / self.preview.slug / name.parts[2] / name.parts[3]
            if fresh.is_file():
                return self._file(fresh, body)
        local = Path(self.translate_path(path))
        if local.is_dir() and not path.endswith("/"):
            return self._redirect(path + "/")
        if path.endswith("/"):
            local = local / "index.html"
        if local.suffix != ".html":
            return super().do_GET() if body else super().do_HEAD()
        page = local.relative_to(self.preview.site).as_posix() if local.is_relative_to(self.preview.site) else None
        with self.preview.changed:
            html = self.preview.drafts.get(page or "")
        try:
            html = html or local.read_text(encoding="utf-8")
        except OSError:
            return self._missing(page, body)
        self._send(decorate(html, self.preview, page, self._today).encode(), "text/html; charset=utf-8", body)

    @property
    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def _missing(self, page: str | None, body: bool) -> None:
        """A page the last build did not write, with the panel (which says why, when it knows)."""
        html = decorate(MISSING, self.preview, page, self._today).encode()
        self._send(html, "text/html; charset=utf-8", body, HTTPStatus.NOT_FOUND)

    def list_directory(self, path):  # a folder without index.html: not a page of the site
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def _file(self, path: Path, body: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            return self.send_error(HTTPStatus.NOT_FOUND)
        self._send(data, self.guess_type(str(path)), body)

    def _redirect(self, where: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, data: bytes, kind: str, body: bool, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page was reloaded or closed


# --- the command ----------------------------------------------------------------------------


def serve(
    root: Path,
    options: BuildOptions,
    summary: Callable[[Result], int],
    progress: Callable[[int, int, str], None] | None = None,
    port: int = DEFAULT_PORT,
    batches: Iterable[set] | None = None,
    say: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True),
) -> int:
    """Build, serve on 127.0.0.1:`port` (0: any free port), and rebuild after every batch of
    changes until Ctrl-C or SIGTERM (which leave through here with the server shut down and
    the workers stopped)."""
    root = root.resolve()
    selection = options.selection
    if selection.handouts or selection.languages or selection.editions or options.shard or options.bleed:
        raise UsageError(
            "serve builds whole clinics: use --clinic only (not --handout, --language, --edition, --shard or --bleed)"
        )
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is not a port; use 1024 to 65535, or 0 for any free one")
    slug, site = _clinic(root, selection)
    preview = Preview(root, options.output_folder(root), slug, options.today)
    if site is not None:
        preview.know(site.settings)
    server = _server(preview, port, options.today)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    try:
        with Workers(root, options.jobs) as workers:
            workers.prepare(workers.processes)  # started now, warm for the first save
            status = _build(root, options, selection, preview, workers, progress, summary)
            thread.start()
            host, bound = server.server_address[:2]
            say(f"Serving {slug}'s web edition at http://{host}:{bound}/ (Ctrl-C to stop).")
            say(f"Watching {', '.join(WATCHED)} for changes.")
            for batch in batches if batches is not None else changes(root):
                start = time.perf_counter()
                say(f"Changed: {', '.join(sorted({Path(p).name for _, p in batch}))}")
                for hid, lang in edited_handouts(root, batch):  # what the person is looking at, first
                    if page := draft(root, preview.out, slug, hid, lang, options.today or dt.date.today()):
                        preview.show_draft(*page)
                    first = Selection((slug,), (hid,), (lang,), (WEB_EDITION,))
                    _build(root, dataclasses.replace(options, selection=first), first, preview, workers, progress)
                if selection.clinics != (slug,):  # then the served clinic, which writes its site
                    mine = Selection((slug,))
                    _build(root, dataclasses.replace(options, selection=mine), mine, preview, workers, progress)
                status = _build(root, options, selection, preview, workers, progress, summary)
                say(f"Rebuilt in {time.perf_counter() - start:.2f} s.")
    finally:
        preview.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return status


def _build(root, options, selection, preview, workers, progress, summary=None) -> int:
    """One build; its result goes to the preview. Only the full build prints its summary."""
    start = time.perf_counter()
    try:
        result = build(root, options, progress, workers)
    except UsageError:
        if summary:
            raise
        return 0  # e.g. the edited handout is not one this clinic builds: the full build says so
    except Exception as exc:  # a bug: keep serving, show it, and the next save may fix it
        preview.record(None, selection, f"build failed: {type(exc).__name__}: {exc}")
        print(f"build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    preview.record(result, selection)
    if summary:
        return summary(result)
    if selection.editions:
        print(
            f"{', '.join(map(str, result.written)) or 'nothing new'} in {time.perf_counter() - start:.2f} s",
            file=sys.stderr,
        )
    return 0


def draft(root: Path, out: Path, slug: str, hid: str, lang: str, today: dt.date) -> tuple[str, str] | None:
    """(site file, page) of a saved handout's web page, made in this process before any PDF
    is rendered (writers/sites.draft_page). The page is only served, never written: the
    clinic's build writes the real one a second or two later. None when the handout does
    not load, has an error or is not published."""
    try:
        return draft_page(check_only(root, Selection((slug,), (hid,)), today), out, lang, today)
    except Exception:  # noqa: BLE001 - the builds that follow report it
        return None


def edited_handouts(root: Path, batch: set) -> list[tuple[str, str]]:
    """(handout, language) of each handout file saved in a batch: handouts/<id>/<lang>.md."""
    found = []
    for change, path in batch:
        try:
            parts = Path(path).resolve().relative_to(root).parts
        except ValueError:
            continue
        if int(change) == 3 or len(parts) != 3 or parts[0] != "handouts" or not parts[2].endswith(".md"):
            continue  # 3: deleted
        if parts[1][:1] in ("_", ".") or parts[2][:1] == ".":
            continue
        found.append((parts[1], parts[2].removesuffix(".md")))
    return sorted(set(found))


def _clinic(root: Path, selection: Selection) -> tuple[str, Clinic | None]:
    """The clinic to serve (and its settings, when they load): the first one asked for, or
    the first with a website."""
    project = load_project(root, Problems(root))
    sites = {c.slug: c for c in project.clinics}
    if selection.clinics:
        slug = selection.clinics[0]
        if slug in sites and not sites[slug].settings.website:
            raise UsageError(
                f"{slug} has no website, so it has no web edition to serve; add `website:` to its clinic.yaml"
            )
        return slug, sites.get(slug)
    for site in project.clinics:
        if site.settings.website:
            return site.slug, site
    raise UsageError("no clinic has a website, so there is no web edition to serve; add `website:` to a clinic.yaml")


class Server(ThreadingHTTPServer):
    """Its threads are daemons (ThreadingHTTPServer's default), so a page waiting for the
    next build never holds up Ctrl-C. At most MAX_CONNECTIONS are served at once; more are
    closed at once, so a flood of connections cannot exhaust the machine."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            request.close()
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed page is not an error
            super().handle_error(request, client_address)


def _server(preview: Preview, port: int, today: dt.date | None) -> ThreadingHTTPServer:
    handler = type("PreviewHandler", (Handler,), {"preview": preview, "today": today})
    try:
        return Server((HOST, port), handler)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise UsageError(f"port {port} needs administrator rights; use 1024 or above (0: any free port)") from None
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} is in use on {HOST}; choose another with --port (0: any free port)"
            ) from None
        raise
