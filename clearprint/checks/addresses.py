"""The web addresses a clinic prints, as words the claim and brand rules can read.

A clinic's `website` is printed under every QR code, on every page of its web edition and,
in some clinics' headers, on every page of paper; the words of `handout_url` around its
placeholders are printed under every QR code. An address such as
`https://painless-100-percent-safe-botox.example` is a claim and, in the UK, names a
prescription-only medicine: its host and path are split into words on `-`, `.`, `/` and
`_` (each separator becomes a space, so every character keeps its column) and read by
the claims rules as public, waiting-room material, since the web edition is public. Each
finding points at the address's line and column in clinic.yaml.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from ..models import Output
from .text import Chunk, Position

SEPARATORS = re.compile(r"[-./_:]")
SCHEME = re.compile(r"^https?://")
PLACEHOLDER = re.compile(r"\{[a-z]+\}")
DISTRIBUTION = "waiting-room"  # an address is on the public web pages, whatever the leaflet's distribution


def _words(value: str) -> str:
    """The address with its scheme, placeholders and separators as spaces (same length)."""
    value = SCHEME.sub(lambda m: " " * len(m[0]), value)
    value = PLACEHOLDER.sub(lambda m: " " * len(m[0]), value)
    return SEPARATORS.sub(" ", value)


def settings_lines(output: Output) -> list[str] | None:
    """The lines of the output's clinic.yaml, as the loader read it (`Clinic.text`), when it
    has a website (its web pages print the settings); None without one."""
    site = output.clinic
    if not site.settings.website:
        return None
    return site.text.split("\n")


def value_positions(output: Output, lines: list[str], key: tuple, value: str) -> list[Position] | None:
    """Where each character of a setting's `value` is in clinic.yaml (`key` as in
    `Clinic.lines`); None for a value the file does not hold (a default)."""
    line = output.clinic.lines.get(key)
    if line is None or line > len(lines):
        return None
    start = lines[line - 1].find(value)
    col = start + 1 if start >= 0 else 1
    path = output.clinic.folder / "clinic.yaml"
    return [Position(path, line, col + i) for i in range(len(value))]


def address_chunks(output: Output) -> list[Chunk]:
    """The printed addresses of the output's clinic (none without a website), located in clinic.yaml."""
    settings = output.clinic.settings
    lines = settings_lines(output)
    if lines is None:
        return []
    chunks = []
    for key, value in (("website", settings.website), ("handout_url", settings.handout_url)):
        positions = value_positions(output, lines, (key,), value)
        if positions is None:
            continue  # the default handout_url: Clearprint's words
        text = _words(value)
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        if stripped:
            chunks.append(Chunk(None, "address", stripped, positions[lead : lead + len(stripped)]))
    return chunks


MAX_SOURCE_BYTES = 2_000_000
LINK = re.compile(r"<a\b[^>]*?\bhref=\"(https?://[^\"]*)\"")


def link_chunks(output: Output, page: str) -> list[Chunk]:
    """The web addresses the output's page links to that a clinic wrote (a handout's
    `[the study](https://...)`, a link in a clinic template), as words, each located where it
    is written: the PDF opens it and the web page shows it, so `/fillers-are-100-percent-safe`
    is read as the clinic's website is. An address no content file or clinic template holds
    is one Clearprint made from the settings (read by `address_chunks`)."""
    files = [*dict.fromkeys([*(s.file for s in output.handout.sections), output.handout.file])]
    templates = output.clinic.folder / "templates"
    if templates.is_dir():
        files += sorted(p for p in templates.rglob("*.j2") if p.is_file() and not p.is_symlink())
    chunks = []
    for href in dict.fromkeys(html.unescape(m[1]) for m in LINK.finditer(page)):
        for path in files:
            text = _text(path)
            if (start := text.find(href)) < 0:
                continue
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            shown = unquote(href)  # "100%25-safe" is "100%-safe" in the address bar
            words = _words(shown)
            lead = len(words) - len(words.lstrip())
            if stripped := words.strip():
                if shown == href:
                    positions = [Position(path, line, col + lead + i) for i in range(len(stripped))]
                else:  # decoded, the characters no longer line up with the file's: all at the address
                    positions = [Position(path, line, col)] * len(stripped)
                chunks.append(Chunk(None, "address", stripped, positions))
            break
    return chunks


def _text(path) -> str:
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            return ""  # refused where it is read (no handout or template is this long)
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # refused where it is read
