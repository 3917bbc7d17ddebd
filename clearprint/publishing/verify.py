"""After a publish: does every address printed on the clinic's current leaflets answer?

The addresses are read from the PDFs themselves (the QR code's alternate text, which the
renderer writes from the same `url_for` that draws the code) and compared with what
clinic.yaml gives now; each is asked over HTTP, following redirects as a phone does, and
must answer 200 with a page that has the handout's title (the PDF's title). Each page the
build keeps for a withdrawn leaflet must answer with its notice. `at` asks a local copy
instead: the web edition's address is replaced by it (`--verify-at http://127.0.0.1:8000`).
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..documents.web import page_path
from .built import Built

_URL = re.compile(r"https?://[^\s\"'<>]+")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TIMEOUT = 15  # seconds per address


@dataclass(frozen=True)
class Expected:
    what: str  # "The QR code on dermal-fillers (en, large print)"
    url: str  # as printed
    text: str  # what the page must show: the handout's title, or the withdrawn notice


@dataclass(frozen=True)
class Answer:
    status: int | None
    reason: str
    body: str


def expected(built: Built) -> tuple[list[Expected], list[str]]:
    """What must answer, and the problems found without asking the server (a PDF whose
    code differs from clinic.yaml's address)."""
    settings = built.clinic.settings
    found, problems, pages = [], [], set()
    for key, record in sorted(built.records.items()):
        if record["kind"] != "pdf" or not record.get("file") or record["edition"] not in EDITION_NAMES:
            continue
        handout, language, edition = record["handout"], record["language"], record["edition"]
        what = f"The QR code on {handout} ({language}, {EDITION_NAMES[edition]})"
        try:
            reader = PdfReader(built.out / key)
            urls, title = _qr_addresses(reader), str((reader.metadata or {}).get("/Title", "")).strip()
        except (OSError, PyPdfError, KeyError, ValueError) as exc:
            problems.append(f"{what}: the PDF {key} cannot be read ({exc})")
            continue
        wanted = settings.url_for(handout, language)
        for url in urls:
            if url != wanted:
                problems.append(f"{what} points to {url}, but clinic.yaml now gives {wanted}: build again")
                continue
            found.append(Expected(what, url, title))
            pages.add(page_path(url, settings.site_url or ""))
    for path in sorted(built.files):
        record = built.records.get(f"{built.clinic.slug}/site/{path}", {})
        if record.get("handout") and path not in pages:  # the page of a handout no leaflet links now
            text = (built.site / path).read_text(encoding="utf-8", errors="replace")
            notice = _H1.search(text)
            if notice is None:
                continue
            url = (settings.site_url or "") + "/" + path.removesuffix("index.html")
            what = f"The withdrawn page of {record['handout']} ({record['language']})"
            found.append(Expected(what, url, html.unescape(re.sub(r"<[^>]+>", "", notice[1])).strip()))
    return found, problems


EDITION_NAMES = {"standard": "standard", "large-print": "large print", "trifold": "trifold"}


def _qr_addresses(reader: PdfReader) -> list[str]:
    root = reader.trailer["/Root"]
    tree = root.get("/StructTreeRoot")
    alts: list[str] = []
    if tree is not None:
        _alts(tree.get_object(), alts, 0)
    return sorted({m[0].rstrip(".,;:)") for alt in alts for m in _URL.finditer(alt)})


def _alts(node, found: list[str], depth: int) -> None:
    if depth > 64 or not hasattr(node, "get"):
        return
    if "/Alt" in node:
        found.append(str(node["/Alt"]))
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object"):
            _alts(kid.get_object(), found, depth + 1)


def ask(url: str) -> Answer:
    """GET the address, following redirects; never raises for an answer or no answer."""
    request = urllib.request.Request(url, headers={"User-Agent": "Clearprint publish verification"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http and https only)
            body = response.read(5_000_000).decode("utf-8", errors="replace")
            return Answer(response.status, response.reason, body)
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, str(exc.reason), "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(None, str(reason), "")


def verify(built: Built, at: str | None = None) -> tuple[int, list[str]]:
    """(addresses checked, a sentence for each that does not answer as it should)."""
    base = built.clinic.settings.site_url or ""
    wanted, problems = expected(built)
    answers: dict[str, Answer] = {}
    for item in wanted:
        asked = at.rstrip("/") + item.url[len(base) :] if at and item.url.startswith(base) else item.url
        if asked not in answers:
            answers[asked] = ask(asked)
        answer = answers[asked]
        via = f" (asked at {asked})" if asked != item.url else ""
        if answer.status is None:
            problems.append(f"{item.what} points to {item.url}: no answer{via} ({answer.reason})")
        elif answer.status != 200:
            problems.append(
                f"{item.what} points to {item.url}: the server answered {answer.status} {answer.reason}{via}"
            )
        elif item.text and item.text not in html.unescape(answer.body):
            problems.append(
                f"{item.what} points to {item.url}: the page there{via} does not show {item.text!r}; "
                "is an older or another site there?"
            )
    return len(wanted), problems


def at_address(text: str) -> str:
    """`--verify-at`: an http(s) address with no path beyond the site's root."""
    if not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/-]*)?", text):
        raise ValueError(f"--verify-at {text}: give an address such as http://127.0.0.1:8000")
    return text.rstrip("/")
