"""What the check's speed-ups must not change: the folded text and the place of every character
(normalise.fold copies runs of ASCII whole; a letter before a combining mark is still composed
with it), the place of every character of a joined table row or list run (JoinedPositions, read
when asked, gives what the copy made before gave), and the parser's expression cache
(html5_speed.py) finding what the parser's own expressions find."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import tinyhtml5
from tinyhtml5 import inputstream

from clearprint.checks.joined_positions import JoinedPositions
from clearprint.checks.normalise import fold
from clearprint.checks.text import Position, chunks_of
from clearprint.documents import html5_speed


def _eager(pieces: list[tuple[list[Position], int]]) -> list[Position]:
    """The places as table_rows._joined and list_runs._joined copied them before."""
    positions: list[Position] = []
    for number, (places, length) in enumerate(pieces):
        if number:
            positions.append(positions[-1])
        positions += [places[i] for i in range(length)]
    return positions


def test_joined_positions_are_the_places_the_copy_gave() -> None:
    rng = random.Random(7)
    for _ in range(300):
        pieces = []
        for piece in range(rng.randint(1, 5)):
            length = rng.randint(1, 12)
            pieces.append(
                ([Position(Path(f"f{piece}.md"), rng.randint(1, 50), col) for col in range(1, length + 1)], length)
            )
        joined, eager = JoinedPositions(pieces), _eager(pieces)
        assert len(joined) == len(eager)
        assert [joined[i] for i in range(len(joined))] == eager
        assert joined[-1] == eager[-1] and joined[1:4] == eager[1:4] and joined == eager
        with pytest.raises(IndexError):
            joined[len(eager)]


@pytest.mark.parametrize(
    ("text", "folded", "where"),
    [
        ("risk-free care", "risk-free care", list(range(14))),
        ("cafe\u0301 is safe", "café is safe", [0, 1, 2, 3, *range(5, 13)]),  # the "e" takes its accent
        ("it`s pain\u00adless", "it's painless", [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13]),
        ("ab\u0306", "ab", [0, 1]),  # a mark no Latin letter takes is dropped
        ("100%\u2011safe", "100%-safe", list(range(9))),
    ],
)
def test_folded_text_and_places(text: str, folded: str, where: list[int]) -> None:
    assert fold(text) == (folded, where)


def test_the_parser_cache_finds_what_the_parsers_expressions_find() -> None:
    html5_speed.install()
    page = "<p class=\"a\">One &amp; <b>two</b></p><!-- c -->\x00<table><tr><td title='x'>3</td></tr></table>"
    tree = tinyhtml5.parse(page)
    assert [e.tag.rsplit("}", 1)[-1] for e in tree.iter() if isinstance(e.tag, str)][-5:] == [
        "b", "table", "tbody", "tr", "td",
    ]  # fmt: skip
    cache = inputstream.characters_until_regex
    assert (
        isinstance(cache, html5_speed._Expressions) and (("&", "<", "\x00"), False) in cache
    )  # kept under the key looked up
    for (characters, opposite), expression in cache.items():
        made = "".join(f"\\x{ord(c):02x}" for c in characters)
        assert expression.pattern == (f"[{made}]+" if opposite else f"[^{made}]+")
        assert expression.pattern == re.compile(expression.pattern).pattern


def test_each_character_of_a_markdown_chunk_is_where_it_is_written() -> None:
    """Every character of the shipped handouts' chunks (their places made when asked,
    checks/line_positions.py) is at the line and column of the file that holds it."""
    checked = 0
    for path in sorted((Path(__file__).resolve().parents[1] / "handouts").rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for chunk in chunks_of("\n".join(lines), 1, path, None):
            assert len(chunk.positions) == len(chunk.text)
            for index, char in enumerate(chunk.text):
                place = chunk.positions[index]
                assert place.file == path
                if char not in " X":  # a space joins lines; X stands in for a placeholder
                    assert lines[place.line - 1][place.col - 1] == char, (path.name, place, chunk.text[:40])
                    checked += 1
            assert chunk.positions[len(chunk.text) - 1 :] == [chunk.positions[-1]]  # a slice: the same places
    assert checked > 10_000
