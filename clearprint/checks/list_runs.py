"""List items that run on into each other, read as the patient reads them: as one text.

The claim rules read each list item as a text of its own. A list can carry one sentence
over several items:

    - Our peels are 100%
    - safe for you, with
    - zero
    - side effects

says "100% safe" and "zero side effects", though no item does. So consecutive items of one
list (the same level, one after the other) are read a second time as one text, joined by
a space, when each item but the last ends without a sentence's end (. ! ? : ;): the item
runs on. Each character keeps the file, line and column it came from, so a claim is
reported where its first word is; a claim inside one item is found in both readings and
reported once (the same problem). Items that end their sentences are never joined.

A heading is read the same way with the text under it (`headed`): "### Side effects" over
"None at all." says "Side effects: none at all." (round-13 attack, case 05), and "Is it safe?"
over "Completely." answers its question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .joined_positions import JoinedPositions
from .page_text import source_line
from .text import Chunk, Position

# an item that ends a sentence: its last mark, before closing quotes, brackets and citations
ENDS = re.compile(r"[.!?:;…]\s*(?:[\"'”’»)\]]\s*)*(?:\[\d+(?:\s*,\s*\d+)*\]\s*)*$")


def _item(chunk: Chunk) -> bool:
    return chunk.kind == "text" and chunk.indent is not None and bool(chunk.text.strip())


def _joined(items: list[Chunk]) -> Chunk:
    text = " ".join(item.text for item in items)
    positions = JoinedPositions([(item.positions, len(item.text)) for item in items])  # worked out when asked
    return Chunk(items[0].role, "text", text, positions, items[0].indent)  # type: ignore[arg-type]


def runs(chunks: list[Chunk]) -> list[Chunk]:
    """Each run of two or more consecutive list items of one level, every item but the last
    ending without a sentence's end, as one text."""
    found: list[Chunk] = []
    run: list[Chunk] = []
    for chunk in [*chunks, None]:
        joins = (
            chunk is not None
            and bool(run)
            and _item(chunk)
            and chunk.indent == run[-1].indent
            and chunk.role == run[-1].role
            and not ENDS.search(run[-1].text)
        )
        if joins:
            run.append(chunk)
            continue
        if len(run) > 1:
            found.append(_joined(run))
        run = [chunk] if chunk is not None and _item(chunk) else []
    return found


class _Clamped(Sequence):
    """A piece's places, its last one kept for the characters added after it (the ':' after a heading)."""

    def __init__(self, positions: Sequence, length: int) -> None:
        self.positions, self.length = positions, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        return self.positions[min(index, len(self.positions) - 1)]


def _label(chunk: Chunk, under: Chunk) -> bool:
    """Whether `chunk` labels the text `under` it: a heading, a title, a caption or a box's
    title (`!!! tip "Side effects"`), or a sentence that leads into a list ("How much it hurts,
    from what patients tell us:")."""
    if chunk.kind in ("heading", "title", "caption"):
        return True
    if chunk.kind != "text":
        return False
    if under.indent is not None and chunk.text.rstrip().endswith(":"):
        return True
    if ENDS.search(chunk.text):
        return False  # a sentence, not a title
    where = chunk.at(0)
    line = source_line(where.file, where.line) if isinstance(where, Position) else None
    return line is not None and line.lstrip().startswith("!!!")


def labelled(label: Chunk, value: Chunk) -> Chunk:
    """`label` and the `value` under or beside it as one text: joined by ': ' ("Side effects:
    none."), or by a space after a label that ends its sentence ("Is it safe? Completely.")."""
    ends = bool(ENDS.search(label.text))
    own = len(label.text) + (0 if ends else 1)
    first = value.text  # "None at all." read on from the label: "none at all" (not "NHS")
    if not ends and first[:2].istitle():
        first = first[0].lower() + first[1:]
    text = label.text + ("" if ends else ":") + " " + first
    positions = JoinedPositions([(_Clamped(label.positions, own), own), (value.positions, len(value.text))])
    return Chunk(value.role, "text", text, positions)  # type: ignore[arg-type]


def headed(chunks: list[Chunk]) -> list[Chunk]:
    """Each heading, caption, box title or lead-in with the text right under it (the next
    chunk, of its section), as one text (`labelled`)."""
    return [
        labelled(label, under)
        for label, under in zip(chunks, chunks[1:], strict=False)
        if under.kind == "text"
        and under.role == label.role
        and label.text.strip()
        and under.text.strip()
        and _label(label, under)
    ]
