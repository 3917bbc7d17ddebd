"""The place of each character of a chunk of Markdown (text.py `_chunks_of`), made when asked.

A chunk's characters run along its lines: each line's text from column 1 on, and the space
that joins it to the line before at that line's column 1. Making a `Position` for every
character of every handout up front was a sizeable part of a check; most are never asked
for. `LinePositions` gives, for each index, the same place that list held.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path

from .text import Position


class LinePositions(Sequence):
    def __init__(self, file: Path, runs: list[tuple[int, int, int]], start: int = 0, length: int | None = None) -> None:
        """`runs`: (index of its first character, line, column of that character), in order;
        each run's characters are at consecutive columns of its line. `start` and `length`:
        the part of those characters this chunk is (its text trimmed)."""
        self.file, self.runs, self.start = file, runs, start
        self.firsts = [first for first, _, _ in runs]
        self.length = length if length is not None else 0

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if isinstance(index, slice):
            begin, end, step = index.indices(self.length)
            if step == 1:
                return LinePositions(self.file, self.runs, self.start + begin, max(0, end - begin))
            return [self[i] for i in range(begin, end, step)]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(index)
        at = self.start + index
        first, line, col = self.runs[bisect_right(self.firsts, at) - 1]
        return Position(self.file, line, col + at - first)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]
