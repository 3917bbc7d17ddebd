"""The words a patient reads, with the Markdown line and column each character came from.

Markdown syntax, placeholders and image links are masked with spaces (so columns still
point into the file a person edits); paragraphs and list items that wrap over several
lines become one chunk, so a sentence is checked whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..content.markup import IMAGE, PLACEHOLDER
from ..models import Handout, Output

LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
ADMONITION = re.compile(r'^!!!\s+\w+(?:\s+")?')
HEADING = re.compile(r"^#{1,6}\s+")
ROLE_MARK = re.compile(r"\s*\{#[^}]*\}\s*$")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[\"'(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
CITATION = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


@dataclass(frozen=True)
class Position:
    file: Path
    line: int
    col: int  # 1-based


@dataclass
class Chunk:
    """A paragraph, list item or heading: text plus the position of every character."""

    role: str | None  # section role; None for the title and summary
    kind: str  # "heading", "text"
    text: str
    positions: list[Position]
    indent: int | None = None  # a list item's indent (0: top level); None for anything else

    def at(self, offset: int) -> Position:
        return self.positions[min(offset, len(self.positions) - 1)]

    def file_at(self, offset: int) -> Path:
        """The file the character at `offset` came from, without working out every character's
        line and column (page_text._Positions knows its one file)."""
        file = getattr(self.positions, "file", None)
        return file if file is not None else self.at(offset).file

    def sentences(self) -> list[tuple[int, str]]:
        """(offset, sentence) pairs; a heading or list item is at least one sentence."""
        result, start = [], 0
        for match in SENTENCE_END.finditer(self.text):
            result.append((start, self.text[start : match.start()]))
            start = match.end()
        result.append((start, self.text[start:]))
        return [(offset, s) for offset, s in result if s.strip()]


def mask(line: str) -> str:
    """Replace Markdown syntax with spaces of the same length."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match[0])

    line = IMAGE.sub(blank, line)
    line = PLACEHOLDER.sub(lambda m: "X" * len(m[0]), line)  # a stand-in word, e.g. a phone number
    line = LINK_TARGET.sub(lambda m: " " * len(m[0]), line)
    line = ROLE_MARK.sub(blank, line)
    for pattern in (HEADING, LIST_ITEM, ADMONITION):
        line = pattern.sub(blank, line, count=1)
    return re.sub(r"[*_`|\[\]\"]", lambda m: " " if m[0] in "*_`|" else m[0], line)


def chunks_of(markdown: str, first_line: int, file: Path, role: str | None) -> list[Chunk]:
    """The Markdown's paragraphs, list items and headings as chunks (new objects each call;
    their positions, which nothing changes, are worked out once per text and place)."""
    return [Chunk(c.role, c.kind, c.text, c.positions, c.indent) for c in _chunks_of(markdown, first_line, file, role)]


# every clinic and edition of a handout reads the same sections; a position per character, so kept few
@lru_cache(maxsize=256)
def _chunks_of(markdown: str, first_line: int, file: Path, role: str | None) -> tuple[Chunk, ...]:
    from .line_positions import LinePositions  # the places, made when asked (line_positions.py)

    chunks: list[Chunk] = []
    current: Chunk | None = None
    runs: list[list[tuple[int, int, int]]] = []  # each chunk's (first index, line, column) runs
    for number, raw in enumerate(markdown.split("\n"), start=first_line):
        if not raw.strip() or TABLE_RULE.match(raw):
            current = None
            continue
        is_heading = bool(HEADING.match(raw))
        starts = is_heading or bool(LIST_ITEM.match(raw) or ADMONITION.match(raw) or raw.lstrip().startswith("|"))
        text = mask(raw)
        if current is None or starts or current.kind == "heading":
            item = LIST_ITEM.match(raw)
            current = Chunk(role, "heading" if is_heading else "text", "", [], len(item[1]) if item else None)
            chunks.append(current)
            runs.append([])
        else:
            runs[-1].append((len(current.text), number, 1))  # the space joining it to the line before
            current.text += " "
        runs[-1].append((len(current.text), number, 1))  # the line's text, from its column 1
        current.text += text
    for chunk, found in zip(chunks, runs, strict=True):  # trim what masking left at the ends
        lead = len(chunk.text) - len(chunk.text.lstrip())
        chunk.text = chunk.text.strip()
        chunk.positions = LinePositions(file, found, lead, len(chunk.text))  # type: ignore[assignment]
    return tuple(c for c in chunks if c.text)


def output_chunks(output: Output) -> list[Chunk]:
    """Everything printed from the content: title, summary, then every section."""
    handout = output.handout
    result = []
    raw = handout.file.read_text(encoding="utf-8").split("\n")
    for key in ("title", "summary"):
        line = handout.lines.get((key,))
        if line:
            value = getattr(handout.meta, key)
            col = raw[line - 1].find(value) + 1 or 1
            result.append(Chunk(None, key, value, [Position(handout.file, line, col + i) for i in range(len(value))]))
    result += chunks_of(handout.intro, handout.body_line, handout.file, None)
    for section in output.sections:
        result.append(
            Chunk(
                section.role,
                "heading",
                section.title,
                [Position(section.file, section.line, 4 + i) for i in range(len(section.title))],
            )
        )
        result += chunks_of(section.body, section.line + 1, section.file, section.role)
    return result


def waiver_chunks(handout: Handout) -> list[Chunk]:
    """Each waiver's reason, at its line: printed in "About this leaflet" and on the web page
    (documents/sections.py with_waivers), after the checks that decide which waivers are in force."""
    waivers = (handout.own_meta or handout.meta).waivers
    if not waivers:
        return []
    raw = handout.file.read_text(encoding="utf-8").split("\n")
    result = []
    for i, waiver in enumerate(waivers):
        if line := handout.lines.get(("waivers", i, "reason")):
            col = raw[line - 1].find(waiver.reason) + 1 or 1
            positions = [Position(handout.file, line, col + j) for j in range(len(waiver.reason))]
            result.append(Chunk(None, "text", waiver.reason, positions))
    return result


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*", CITATION.sub(" ", text))
