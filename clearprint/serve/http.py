"""The preview's HTTP server: out/<clinic>/site/ on 127.0.0.1 only, each page with the panel
(serve/panel.py), the PDFs as just rendered, and a long poll that tells a page to reload."""

from __future__ import annotations

import datetime as dt
import errno
import json
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from ..problems import UsageError
from ..safe_io import read_file
from .admission import IDLE_SECONDS, AdmittingServer
from .panel import MISSING, decorate
from .state import Preview

HOST = "127.0.0.1"  # a preview is for this computer only
PREFIX = "/__clearprint/"  # what only `serve` answers; the published site has no such folder
LONG_POLL_SECONDS = 20
MAX_PATH = 2048  # characters in a request's path: the site's longest is under 200
MAX_CONNECTIONS = 32  # served at once: a page, its stylesheets, fonts and images, a few tabs
WRITE_SECONDS = 30  # to send one answer (a PDF of a few MB); reading a request has IDLE_SECONDS


class Handler(SimpleHTTPRequestHandler):
    preview: Preview  # set on the class made for each server
    today: dt.date | None
    timeout = IDLE_SECONDS  # for each read of the request line and headers

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(self.preview.site), **kwargs)

    def end_headers(self) -> None:
        self.connection.settimeout(WRITE_SECONDS)  # the request is read: now the answer is sent
        super().end_headers()

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
        name = PurePosixPath(unquote(path))
        # no site has a hidden file: one put there by hand is not served (round-20 attack, case 28)
        if any(part.startswith(".") for part in name.parts):
            return self.send_error(HTTPStatus.NOT_FOUND)
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
            if local.exists() and not local.is_file():  # a FIFO or device in the site: never opened
                return self.send_error(HTTPStatus.NOT_FOUND)
            return super().do_GET() if body else super().do_HEAD()
        page = local.relative_to(self.preview.site).as_posix() if local.is_relative_to(self.preview.site) else None
        with self.preview.changed:
            html = self.preview.drafts.get(page or "")
        try:
            html = html or read_file(local).decode("utf-8")
        except (OSError, UnicodeDecodeError):
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
            data = read_file(path)  # a FIFO put in out/ must not hold a connection for ever
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


class Server(AdmittingServer):
    """Its threads are daemons (ThreadingHTTPServer's default), so a page waiting for the
    next build never holds up Ctrl-C. At most MAX_CONNECTIONS are served at once; more are
    closed at once, so a flood of connections cannot exhaust the machine, and idle ones hold
    no slot (serve/admission.py)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, slots=MAX_CONNECTIONS, **kwargs)

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed page is not an error
            super().handle_error(request, client_address)


def make_server(preview: Preview, port: int, today: dt.date | None) -> ThreadingHTTPServer:
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
