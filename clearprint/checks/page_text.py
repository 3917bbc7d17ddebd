"""The words a patient reads, taken from the page made for an output (after templates), each
character with the file, line and column it came from.

Every string the templates put on the page is here: the handout's blocks, figure captions,
callout titles, alt text, the title and summary, the sources, the clinic's name, address and
phone numbers, the template's own labels and the footer. Each block carries `data-src`
(sourcemap.py); the characters of a block written in a file a person edits are aligned with
that file's text from its line on, so a finding points to the column; text the templates
make (a label, a date) points to the template or the settings it came from.
"""

from __future__ import annotations

import bisect
import collections
import functools
import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path

from ..content.markup import PLACEHOLDER
from ..documents.sourcemap import parse
from .filled_values import Filled, FilledPosition
from .text import Chunk, Position

BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "figcaption", "dt", "dd", "caption"})
BREAKS = frozenset({"div", "section", "header", "footer", "ul", "ol", "table", "tr", "figure", "main", "body"})
SKIPPED = frozenset({"head", "script", "style", "template", "svg", "title"})  # <noscript> is printed: read it
VOID = frozenset({"img", "br", "wbr", "hr", "meta", "link", "input", "base", "col", "source"})
CSS_CONTENT = re.compile(r"content\s*:\s*([^;}]*)")
CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
LOCATED = "cp-src"  # documents/template_text.py: words a clinic's template writes, with its file and line
MADE_SRC = re.compile(r"(?P<file>.+\.j2):(?P<line>\d+):(?P<col>\d+)")  # an expression's words: file:line:column
LOOKAHEAD = 40  # characters of the source a page character is looked for in
RECORD_LINES = 40  # lines of a data file after a value's own in which its other sentences are looked for


@functools.lru_cache(maxsize=256)
def _source(path: Path, mtime: float) -> tuple[str, list[int]]:
    """A file's text and the offset where each of its lines starts."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return text, [0, *(m.end() for m in re.finditer("\n", text))]


def _file(path: Path) -> tuple[str, list[int]] | None:
    try:
        return _source(path, path.stat().st_mtime)
    except OSError:
        return None


def source_line(path: Path, line: int) -> str | None:
    """Line `line` (from 1) of a file, read once while it is unchanged; None if it has no such line."""
    found = _file(path)
    if found is None or not 0 < line <= len(found[1]):
        return None
    text, starts = found
    return text[starts[line - 1] : starts[line] - 1 if line < len(starts) else len(text)]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str | None, tuple[str, ...]]] = []  # (tag, src, role, classes)
        self.skip = 0
        self.blocks: list[tuple[str, str | None, str, int | None, str]] = []  # (src, role, kind, indent, text)
        # A block whose words come from several places (a template's words and a clinic setting,
        # or two settings joined) is read as one text too: its pieces, by block (see page_chunks).
        self.group = 0
        self.groups: list[int] = []  # the block each of self.blocks belongs to
        self.current: list | None = None  # [src, role, kind, indent, text]
        self.depth = 0  # open lists
        self.styles: list[str] = []
        self.in_style = False
        self.kind: str | None = None  # the kind of the block being read: an expression's words keep it

    def _here(self) -> tuple[str, str | None]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else ("", None)

    def _flush(self, piece: bool = False) -> None:
        """End the text being read: `piece`, only a piece of the block (a located run of words)."""
        if self.current is not None and self.current[4].strip():
            self.blocks.append(tuple(self.current))  # type: ignore[arg-type]
            self.groups.append(self.group)
        elif self.current is not None and self.current[4] and self.blocks and self.groups[-1] == self.group:
            self.blocks[-1] = (*self.blocks[-1][:4], self.blocks[-1][4] + " ")  # the space between two pieces
        self.current = None
        if not piece:
            self.group += 1
            self.kind = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "style":
            self.in_style = True
        if self.skip or tag in SKIPPED:
            if tag not in VOID:
                self.skip += 1
            return
        src, role = self._here()
        src = found.get("data-src") or src
        classes = (found.get("class") or "").split()
        role = next((c[5:] for c in classes if c.startswith("role-")), role)
        if tag == LOCATED:  # a clinic template's own words: a chunk of their own, at the template's line
            self._flush(piece=True)
            made = found.get("data-made") or ""  # words an expression makes: at its `{{` (template_text.py)
            self.stack.append((tag, f"{src}:{made}" if made.isdigit() else src, role, tuple(classes)))
            return
        if tag == "img":
            if alt := (found.get("alt") or "").strip():
                self._flush()  # alt text made of a clinic setting has its own line (documents/clinic_values.py)
                own = found.get("data-alt-src")
                self.blocks.append((own or src, role, "alt-located" if own else "alt", None, alt))
                self.groups.append(self.group)
                self.group += 1
            return
        if tag in VOID:
            if tag == "br" and self.current is not None:
                self.current[4] += " "
            return
        if tag in ("ul", "ol"):
            self.depth += 1
        inside_item = self.current is not None and self.current[3] is not None and tag == "p" and self._in("li")
        if (tag in BLOCKS or tag in BREAKS) and not inside_item:
            self._flush()
        if tag in BLOCKS and not inside_item:
            kind = "heading" if tag[0] == "h" and tag[1:].isdigit() else "text"
            if tag == "h1":
                kind = "title"
            elif "summary" in classes:
                kind = "summary"
            elif tag == "li" and self._in_class("source-list"):
                kind = "source"
            elif tag == "figcaption":
                kind = "caption"  # read by every check but the prose ones (sentence length)
            indent = self.depth - 1 if tag == "li" else None
            self.current = [src, role, kind, indent, ""]
            self.kind = kind
        self.stack.append((tag, src, role, tuple(classes)))

    def _in_class(self, name: str) -> bool:
        return any(name in classes for *_, classes in self.stack)

    def _in(self, tag: str) -> bool:
        return any(t == tag for t, *_ in self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False
        if self.skip:
            if tag in SKIPPED or tag not in VOID:
                self.skip -= 1
            return
        if tag in ("ul", "ol"):
            self.depth -= 1
        if tag == LOCATED:
            self._flush(piece=True)
        if tag in BLOCKS or tag in BREAKS:
            if not (tag == "p" and self._in("li") and self.current is not None and self.current[3] is not None):
                self._flush()
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.styles.append(data)
        if self.skip:
            return
        if self.current is None:
            if not data.strip():
                if data and self.blocks and self.groups[-1] == self.group:  # between two pieces of a block
                    self.blocks[-1] = (*self.blocks[-1][:4], self.blocks[-1][4] + " ")
                return
            src, role = self._here()
            kind = self.kind if self.kind and MADE_SRC.fullmatch(src) else "text"  # `<h1>{{ title }}</h1>`: a title
            self.current = [src, role, kind, None, ""]
        self.current[4] += data


class _Rows(_Page):
    """The page parser, noting the table row each block was read in (table_rows.py)."""

    def __init__(self) -> None:
        super().__init__()
        self.row: int | None = None
        self.rows = 0
        self.block_rows: list[int | None] = []
        self.table = 0
        self.row_tables: dict[int, int] = {}  # row -> the table it is in

    def _sync(self) -> None:
        """The row of each block read since the last call: the row being read."""
        self.block_rows += [self.row] * (len(self.blocks) - len(self.block_rows))

    def _flush(self, piece: bool = False) -> None:
        super()._flush(piece)
        self._sync()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        self._sync()  # an image's alt text, read at its tag
        if tag == "table" and not self.skip:
            self.table += 1
        if tag == "tr" and not self.skip:
            self.rows += 1
            self.row = self.rows
            self.row_tables[self.row] = self.table

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag in ("tr", "table") and not self.skip:
            self.row = None


@functools.lru_cache(maxsize=8)
def parsed(page: str) -> _Rows:
    """`page` read once for its chunks and its table rows (page_chunks, table_rows.page_rows),
    which the checks ask for one after the other. Callers read it and change nothing."""
    parser = _Rows()
    parser.feed(page)
    parser.close()
    parser._flush()
    return parser


def page_chunks(page: str, root: Path, joined: bool = False, filled: Mapping[str, Filled] | None = None) -> list[Chunk]:
    """Every string of `page` (an output's HTML) as chunks, positioned through `data-src`;
    `joined`: also each block read in pieces as one text (for the claim rules, _joined);
    `filled`: the clinic's placeholder values, whose words are placed at the placeholder
    that printed them (filled_values.py)."""
    parser = parsed(page)
    root = root.resolve()
    body = next((m for m in re.finditer(r"<body\b[^>]*data-src=\"([^\"]*)\"", page)), None)
    template = body[1] if body else ""
    chunks = [
        _chunk(root, src or template, role, kind, indent, text, filled)
        for src, role, kind, indent, text in parser.blocks
    ]
    if joined:
        chunks += _joined(chunks, parser.blocks, parser.groups)
    for css in parser.styles:  # the footer and page numbers: strings of @page margin boxes
        for value in CSS_CONTENT.findall(css):
            text = " ".join(s.replace('\\"', '"').replace("\\\\", "\\") for s in CSS_STRING.findall(value))
            if text.strip():
                chunks.append(_chunk(root, template, None, "footer", None, text))
    return [c for c in chunks if c.text]


def _joined(chunks: list[Chunk], blocks: list, groups: list[int]) -> list[Chunk]:
    """Each block read in pieces (its words from several places) also as one text, as the
    patient reads it, every character keeping the place of its piece: 'Row, 100%' and 'safe'
    from two clinic settings are '100% safe'. A finding inside one piece is found in both and
    reported once (the same problem at the same place)."""
    joined = []
    for group in sorted(g for g, n in collections.Counter(groups).items() if n > 1):
        parts = [(chunk, block[4]) for chunk, block, g in zip(chunks, blocks, groups, strict=True) if g == group]
        text, positions, previous = "", [], ""
        for chunk, raw in parts:
            if not chunk.text:
                continue
            if text and (raw[:1].isspace() or previous[-1:].isspace()):
                text += " "
                positions.append(positions[-1])
            text += chunk.text
            positions += [chunk.positions[i] for i in range(len(chunk.text))]
            previous = raw
        first = parts[0][0]
        joined.append(Chunk(first.role, first.kind, text, positions, first.indent))
    return joined


class _Positions(Sequence):
    """The place of each character of a chunk, worked out only when a finding asks for one."""

    def __init__(
        self,
        root: Path,
        file: str,
        line: int | None,
        text: str,
        align: bool,
        filled: Mapping[str, Filled] | None = None,
    ) -> None:
        self.args, self.length, self.align, self.filled = (root, file, line, text), len(text), align, filled

    @functools.cached_property
    def _all(self) -> list[Position]:
        root, file, line, text = self.args
        found = _align(root, file, line, text, self.filled) if line and self.align else None
        return found or [Position(root / file, line or 1, 1)] * len(text)

    @property
    def file(self) -> Path:
        """The file every character is in (its line and column are worked out only when asked)."""
        return self.args[0] / self.args[1]

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        return self._all[index]


def _chunk(
    root: Path,
    src: str,
    role: str | None,
    kind: str,
    indent: int | None,
    text: str,
    filled: Mapping[str, Filled] | None = None,
) -> Chunk:
    text = " ".join(text.split())
    if made := MADE_SRC.fullmatch(src or ""):  # made at render time: every character at the expression
        at = Position(root / made["file"], int(made["line"]), int(made["col"]))
        return Chunk(role, "alt" if kind == "alt-located" else kind, text, [at] * len(text), indent)  # type: ignore[arg-type]
    file, line = parse(src) if src else ("", None)
    positions = _Positions(root, file, line, text, kind not in ("alt", "footer"), filled)
    return Chunk(role, "alt" if kind == "alt-located" else kind, text, positions, indent)  # type: ignore[arg-type]


def _align(
    root: Path, file: str, line: int, text: str, filled: Mapping[str, Filled] | None = None
) -> list[Position] | None:
    """Each character of `text` at the place in `file` (from `line` on) it was written: the
    next matching character of the source, skipping its Markdown; a character the source does
    not hold there keeps the last place. The words of a placeholder in `filled` are each at
    the placeholder, with where its value was set (filled_values.py)."""
    path = root / file
    found = _file(path)
    if found is None or line > len(found[1]):
        return None
    source, starts = found
    at = starts[line - 1]
    index = line - 1  # the line `at` is on, 0-based
    positions: list[Position] = []
    if not file.endswith(".md"):  # a value in a data file (risks.yaml): from where its words start on the line
        end = starts[line] if line < len(starts) else len(source)
        # in a data file, words Clearprint put before the value ("About 29 in 100 ") are at its start
        skipped = re.finditer(r"\S+", text) if file.endswith((".yaml", ".yml")) else iter([None])
        for word in skipped:
            skip = word.start() if word else 0
            if (start := source.find(text[skip : skip + 16], at, end)) >= 0:
                positions = [Position(path, line, start - at + 1)] * skip
                at = start
                break
    jumps = _sentences_in(source, starts, line, text) if file.endswith((".yaml", ".yml")) else {}
    for i, char in enumerate(text):
        if len(positions) > i:
            continue  # a placeholder's words, placed below
        if i in jumps:  # a sentence of another field of the same record ("signs", then "then")
            at = jumps[i]
            index = bisect.bisect_right(starts, at) - 1
        if filled and not char.isspace() and (hit := _placeholder(source, at, text, i, filled)):
            start, at, name, value = hit
            while index + 1 < len(starts) and starts[index + 1] <= start:
                index += 1
            line_no, col = index + 1, start - starts[index] + 1
            positions += [FilledPosition(path, line_no, col, name, value.value_at(k)) for k in range(len(value.text))]
            continue
        if not char.isspace():
            offset = source.find(char, at, at + LOOKAHEAD)
            if offset >= 0:
                at = offset
        while index + 1 < len(starts) and starts[index + 1] <= at:
            index += 1
        positions.append(Position(path, index + 1, at - starts[index] + 1))
        if not char.isspace() and source.startswith(char, at):
            at += 1
    return positions


def _sentences_in(source: str, starts: list[int], line: int, text: str) -> dict[int, int]:
    """Where each sentence of `text` after its first starts in a data file, looked for around its
    line (a quarter of RECORD_LINES before it, RECORD_LINES after), the nearer place: a risk's
    table cell joins its `signs` or `help`, the action Clearprint words and its `then`, each
    written on its own line of risks.yaml."""
    found = {}
    here = starts[line - 1]
    first, end = starts[max(line - 1 - RECORD_LINES // 4, 0)], starts[min(line - 1 + RECORD_LINES, len(starts) - 1)]
    for sentence in re.finditer(r"(?<=[.:;!?] )\S", text):
        piece = text[sentence.start() : sentence.start() + 16]
        if len(piece) < 8:
            continue
        before, after = source.rfind(piece, first, here), source.find(piece, here, end)
        if before >= 0 or after >= 0:  # the nearer: a record's fields are written together
            found[sentence.start()] = after if before < 0 or (0 <= after and after - here <= here - before) else before
    return found


def _placeholder(
    source: str, at: int, text: str, i: int, filled: Mapping[str, Filled]
) -> tuple[int, int, str, Filled] | None:
    """(where it starts, where it ends, its name, its value) of the placeholder the source
    holds next, with only Markdown before it, when `text` goes on from `i` with its words."""
    match = PLACEHOLDER.search(source, at, at + LOOKAHEAD + 40)
    if match is None or any(c.isalnum() for c in source[at : match.start()]):
        return None
    value = filled.get(match["name"])
    if value is None or not text.startswith(value.text, i):
        return None
    return match.start(), match.end(), match["name"], value
