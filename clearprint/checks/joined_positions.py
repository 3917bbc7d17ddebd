"""The places of pieces of text read as one (a table row's cells, list items that run on),
worked out only when a finding asks for one.

Joining pieces used to copy the place of every character of every piece, which made each
piece of a page work out where each of its characters was written (page_text.py aligns a
piece with its source file character by character) although most rows and runs hold no
finding. `JoinedPositions` gives the same place for each index as that copy did: a piece's
own place for its characters, and for the space between two pieces the place of the last
character before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from .text import Position


class JoinedPositions(Sequence):
    def __init__(self, pieces: list[tuple[Sequence[Position], int]]) -> None:
        """`pieces`: each piece's places and its length (at least 1), in reading order."""
        self.pieces = pieces
        self.starts: list[int] = []
        at = 0
        for _, length in pieces:
            self.starts.append(at)
            at += length + 1  # the piece, then the space after it
        self.length = at - 1 if pieces else 0

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        piece = bisect_right(self.starts, index) - 1
        positions, length = self.pieces[piece]
        return positions[min(index - self.starts[piece], length - 1)]  # the space: the piece's last place

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]
