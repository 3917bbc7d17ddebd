"""Where each piece of a page came from: `data-src="file:line"` on sections and blocks.

The HTML made from a handout's Markdown carries, on each block (paragraph, list item,
heading, table cell, caption, callout box), the file and line it was written on; the parts
the templates add from the handout's front matter or the clinic's settings carry theirs, and
the page's body names its template. The drawn-text checks (checks/drawn.py) map every string
drawn on the page back through the nearest element that carries one. The attribute is never
drawn, never part of a PDF's identity (pdf.py) and never published (web.py strips it).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

ATTRIBUTE = "data-src"
BLOCK = re.compile(
    r"<(p|li|h[1-6]|td|th|figcaption|figure|div|table|blockquote|pre|dt|dd|ul|ol|section)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
TAG = re.compile(r"<[^>]*>")
ALT = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>")
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|td|th|figcaption|dt|dd)>")
WORD = re.compile(r"[^\W_]{2,}")
SOURCES = re.compile(r'\s+data-src="[^"]*"')
BLOCK_START = re.compile(r"\s*(?:$|#|[-*+]\s|\d+[.)]\s|!!!|:::|\||```|~~~|>)")  # a blank line or a new block
ONE_A_LINE = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}  # blocks no other of their kind starts on the same line
LOOKAHEAD = 60  # lines: a block's words are looked for this far after the previous block's


def src(file: str | Path, line: int | None = None) -> str:
    return f"{Path(file).as_posix()}:{line}" if line else Path(file).as_posix()


def parse(value: str) -> tuple[str, int | None]:
    """'handouts/x/en.md:12' -> ('handouts/x/en.md', 12); a bare file name has no line."""
    file, _, line = value.rpartition(":")
    return (file, int(line)) if file and line.isdigit() else (value, None)


def annotate(page: str, markdown: str, file: str, first_line: int) -> str:
    """`page` (HTML made from `markdown`, whose first line is line `first_line` of `file`)
    with `data-src` on every block: the line where the block's first words are written,
    searched forward from the previous block's line (blocks come in the order of the source)."""
    lines = markdown.split("\n")
    cursor = 0
    out, start = [], 0
    placed: set[tuple[int, str, tuple[str, ...]]] = set()  # (line, tag, first words) of each block placed
    for match in BLOCK.finditer(page):
        if ATTRIBUTE in match[2]:
            continue
        following = page[match.end() : match.end() + 600]
        following = BLOCK_END.split(following, maxsplit=1)[0]
        following = html.unescape(TAG.sub(" ", ALT.sub(r" \1 ", following)))  # an image's alt text is its words
        words = WORD.findall(following)[:5]
        # A block like one already placed (the same kind, the same first words) is another one,
        # written later: "Call us if ..." twice is two paragraphs on two lines. Cells are not:
        # a table's row is one line, and two of its cells may say the same.
        # Nor can two paragraphs or headings start on one line: "Al 8 % de las personas..." after
        # "Al ochenta por ciento de las personas...", the same first words of 2 letters or more,
        # is the next paragraph (round-22 attack, case 11: its finding was on the line before).
        again = {
            line for line, tag, first in placed if tag == match[1] and (first == tuple(words) or tag in ONE_A_LINE)
        }
        if match[1] in ("td", "th"):
            again = set()
        scores = [
            (sum(word in lines[i] for word in words), -i)
            for i in range(cursor, min(len(lines), cursor + LOOKAHEAD))
            if i not in again
        ]
        best = max(scores, default=(0, 0))
        if best[0]:  # the first line holding most of its first words
            cursor = _paragraph_start(lines, -best[1], cursor, words)
        placed.add((cursor, match[1], tuple(words)))
        out.append(page[start : match.end() - 1])
        out.append(f' {ATTRIBUTE}="{html.escape(src(file, first_line + cursor))}">')
        start = match.end()
    out.append(page[start:])
    return "".join(out)


def _paragraph_start(lines: list[str], best: int, previous: int, words: list[str]) -> int:
    """`best`, or an earlier line of the same paragraph (no blank line or block start between,
    after the previous block's line `previous`) that holds the block's first word: "Pain" over
    ": it is painless" is one paragraph that starts at "Pain", though more of its first words
    are on the second line."""
    line = best
    while (
        line - 1 > previous
        and words[0] in lines[line - 1]
        and not BLOCK_START.match(lines[line - 1])
        and not BLOCK_START.match(lines[line])
    ):
        line -= 1
    return line


def mark(page: str, pattern: str, value: str | None) -> str:
    """Add `data-src` to the first start tag matching `pattern` (a regex of its beginning,
    such as `<h1\\b`) that has none; the page unchanged when there is no such tag or no value."""
    if not value:
        return page
    match = re.search(pattern + r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", page)
    if match is None or ATTRIBUTE in match[0]:
        return page
    end = match.end() - 1
    return f'{page[:end]} {ATTRIBUTE}="{html.escape(value)}"{page[end:]}'


def strip(page: str) -> str:
    """The page without its source marks: what a patient's browser gets, and what a PDF's identity is made from."""
    return SOURCES.sub("", page)


def relative(path: Path, root: Path) -> str:
    """`path` as written in a `data-src`: from the project root, with forward slashes."""
    return path.resolve().relative_to(_resolved(root)).as_posix()


@lru_cache(maxsize=16)  # the project's root, asked for every block of every page
def _resolved(root: Path) -> Path:
    return root.resolve()
