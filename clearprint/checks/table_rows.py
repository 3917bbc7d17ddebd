"""Each table row read as the patient reads it: its cells joined, left to right.

The claim rules read each cell of a table as a text of its own (on the page, `td` and `th`
are blocks; in the Markdown, the cells of a row are separated by their pipes and padding).
A row is read across: `| Light peel | pain | free |` says "pain free", `| Medium peel | no
side | effects |` says "no side effects". So each row is read a second time, its cells'
texts joined by one space, every character keeping the file, line and column of its cell;
a claim inside one cell is found in both readings and reported once (the same problem).

`page_rows` reads a page's HTML (the handout's page after templates, or a web or catalogue
page), `source_rows` the Markdown of an output (when its page could not be made).
"""

from __future__ import annotations

from pathlib import Path

from ..documents.sourcemap import parse
from ..models import Output
from .joined_positions import JoinedPositions
from .list_runs import labelled
from .page_text import _chunk, _Positions, parsed
from .text import TABLE_RULE, Chunk, Position, mask


def _joined(cells: list[Chunk]) -> Chunk | None:
    cells = [c for c in cells if c.text]
    if len(cells) < 2:
        return None
    text = " ".join(cell.text for cell in cells)
    positions = JoinedPositions([(cell.positions, len(cell.text)) for cell in cells])  # worked out when asked
    return Chunk(cells[0].role, "text", text, positions)  # type: ignore[arg-type]


def _columns(by_row: dict[int, list[tuple[str, Chunk]]], tables: dict[int, int]) -> list[Chunk]:
    """Each cell of a table's body read with its column's heading, the first row's cell above
    it: `| Side effects | Downtime |` over `| None | None |` says "Side effects: none"
    (round-14 attack, case 02)."""
    found, heads = [], {}
    for row, cells in by_row.items():
        table = tables.get(row)
        if table not in heads:
            heads[table] = [chunk for _, chunk in cells]
            continue
        for head, (_, cell) in zip(heads[table], cells, strict=False):
            if head.text.strip() and cell.text.strip():
                found.append(labelled(head, cell))
    return found


def page_rows(page: str, root: Path) -> list[Chunk]:
    """Each table row of `page` (HTML with `data-src`) as one text, its cells joined; and each
    body cell with its column's heading (`_columns`)."""
    parser = parsed(page)
    root = root.resolve()
    by_row: dict[int, list[tuple[str, Chunk]]] = {}
    for (src, role, kind, indent, text), row in zip(parser.blocks, parser.block_rows, strict=True):
        if row is not None:
            by_row.setdefault(row, []).append((src, _chunk(root, src, role, kind, indent, text)))
    rows = _columns(by_row, parser.row_tables)
    for cells in by_row.values():
        joined = _joined([chunk for _, chunk in cells])
        if joined is None:
            continue
        places = {src for src, _ in cells}
        if len(places) == 1 and (src := places.pop()):  # one line: the row aligned with it as a whole
            file, line = parse(src)
            if file.endswith(".md"):  # a row of risks.yaml's fields (risk_marks.py) keeps each cell's places
                joined.positions = _Positions(root, file, line, joined.text, True)
        rows.append(joined)
    return rows


def _cells(raw: str, file: Path, line: int, role: str | None) -> list[Chunk]:
    """The cells of one Markdown table row, each with the column of every character."""
    masked = mask(raw)
    cells, start = [], 0
    bounds = [i for i, char in enumerate(raw) if char == "|" and (i == 0 or raw[i - 1] != "\\")]
    for end in [*bounds, len(raw)]:
        piece = masked[start:end]
        lead = len(piece) - len(piece.lstrip())
        text = piece.strip()
        if text:
            first = start + lead
            cells.append(Chunk(role, "text", text, [Position(file, line, first + i + 1) for i in range(len(text))]))
        start = end + 1
    return cells


def source_rows(output: Output) -> list[Chunk]:
    """Each Markdown table row of the output's handout and sections as one text."""
    handout = output.handout
    parts = [(handout.intro, handout.body_line, handout.file, None)]
    parts += [(s.body, s.line + 1, s.file, s.role) for s in output.sections]
    rows = []
    for markdown, first, file, role in parts:
        for number, raw in enumerate(markdown.split("\n"), start=first):
            if raw.lstrip().startswith("|") and not TABLE_RULE.match(raw):
                if (joined := _joined(_cells(raw, file, number, role))) is not None:
                    rows.append(joined)
    return rows
