"""Where a clinic template wrote words that it made at render time.

A template can make words that are written nowhere in it: `{{ "sselniap" | reverse }}`,
`{{ ["guaran", "teed"] | join }}`, `{{ "%s%s" % ("100% sa", "fe") }}`, or split them with
soft hyphens and zero-width characters between its own text and an expression. On the page
the checks read, each expression's output is in a `cp-src` mark naming the template line
and column of its `{{` (`data-made`, documents/template_text.py), and the template's own
words in a mark naming their line. `made_at` reads those marks: the letters and digits of
the page's text, each with the innermost mark around it, and finds a finding's words there.

A finding is located only when every place its words are in a template's marks is on the
same template line (or one of them is the line the finding already names): never a guess.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path

from ..documents.sourcemap import parse
from .normalise import fold_text

TAG = "cp-src"  # documents/template_text.py TAG
SKIPPED = frozenset({"head", "script", "style", "template", "title", "textarea"})


@functools.lru_cache(maxsize=4096)
def _folded(char: str) -> str:
    return "".join(c for c in fold_text(char).lower() if c.isalnum())


class _Marks(HTMLParser):
    """The page's letters and digits (folded), each with the innermost mark around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.letters: list[str] = []
        self.marks: list[tuple[str, int | None] | None] = []  # (data-src, data-made column)
        self.open: list[tuple[str, int | None] | None] = []
        self.tags: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skip += 1
        if tag == TAG:
            found = dict(attrs)
            made = found.get("data-made")
            self.open.append((found.get("data-src") or "", int(made) if made and made.isdigit() else None))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self.skip:
            self.skip -= 1
        if tag == TAG and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        mark = self.open[-1] if self.open else None
        for char in data:
            for letter in _folded(char):
                self.letters.append(letter)
                self.marks.append(mark)


@functools.lru_cache(maxsize=16)
def _read(page: str) -> tuple[str, tuple[tuple[str, int | None] | None, ...]]:
    parser = _Marks()
    parser.feed(page)
    parser.close()
    return "".join(parser.letters), tuple(parser.marks)


def made_at(
    page: str, text: str, root: Path, hint: tuple[Path, int, int] | None = None
) -> tuple[Path, int, int | None] | None:
    """The template file, line and column (the `{{` of the expression that made the words'
    first letter; for the template's own words, the column `hint` names on that line, else
    None) where `text` was written on `page`, when
    the page's marks tell one place; None when they do not (no mark, a mark outside a
    template, or places on different lines that `hint`, the place already named, does not pick)."""
    letters, marks = _read(page)
    needle = "".join(_folded(c) for c in text)
    if not needle:
        return None
    places: dict[tuple[str, int], int | None] = {}
    at = letters.find(needle)
    while at >= 0:
        mark = marks[at]
        file, line = parse(mark[0]) if mark else ("", None)
        if file.endswith(".j2") and line is not None:  # elsewhere: the handout's, placed by their own mark
            places.setdefault((file, line), mark[1] if mark else None)
        at = letters.find(needle, at + 1)
    if not places:
        return None
    chosen = next(iter(places)) if len(places) == 1 else None
    if chosen is None and hint is not None:
        chosen = next((p for p in places if (root / p[0]).resolve() == hint[0].resolve() and p[1] == hint[1]), None)
    if chosen is None:
        return None
    col = places[chosen]
    if col is None and hint is not None and (root / chosen[0]).resolve() == hint[0].resolve() and chosen[1] == hint[1]:
        col = hint[2]
    return root / chosen[0], chosen[1], col
