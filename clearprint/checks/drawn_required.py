"""What Clearprint made for a page must be drawn, whatever a clinic template does with it.

A clinic template is handed the handout's intro and sections as HTML (documents/html.py
`context`): the text, the risk table and icon arrays made from risks.yaml, the get-help box,
the waivers in force. Clearprint's own templates draw all of it. A clinic template could
leave part of it out (`s.html.split("<table")`): the words never reach the page's HTML, so
the check that every word of the page is drawn (pdf/drawn.py) has nothing to miss. Here the
words Clearprint made are counted from the pieces themselves and each must be drawn visibly
on the page at least as many times; what is missing is an error at the clinic's template.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..editions import EDITIONS
from ..models import Output
from ..problems import Problem

if TYPE_CHECKING:
    from ..pdf.records import Drawn

WORD = re.compile(r"\w+")  # as pdf/drawn.py counts them
NOT_DRAWN_AS_TEXT = re.compile(r"<(svg|style|script|template)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
SRC = re.compile(r'\sdata-src="([^"]*)"')  # documents/sourcemap.py
SHOWN = 8  # words quoted in a message


def words(piece: str) -> list[str]:
    """The words a piece of Clearprint's HTML draws as text (a drawing's title is not drawn)."""
    text = html.unescape(TAG.sub(" ", NOT_DRAWN_AS_TEXT.sub(" ", piece)))
    return [w.casefold() for w in WORD.findall(text)]


def _total(counters: Iterable[Counter]) -> Counter:
    """The counters added up, in one pass (`sum(..., Counter())` copies the total at each step)."""
    total: Counter = Counter()
    for counter in counters:
        total.update(counter)
    return total


def findings(
    output: Output, pieces: Iterable[tuple[str, str, str]], drawn: Drawn, root: Path, label: str
) -> list[Problem]:
    """An error per piece (role, src of its heading, HTML) with words no visible run draws, at
    the clinic's template for the output's edition. Each piece's words are looked for first
    among the runs from its own lines (`data-src`), so the message names what was left out;
    the page as a whole decides whether anything was."""
    visible = [run for run in drawn.runs if run.visible and run.color[3] > 0 and run.size > 0]
    by_src: dict[str, Counter] = {}
    for run in visible:
        by_src.setdefault(run.src, Counter()).update(w.casefold() for w in WORD.findall(run.text))
    counted = [
        (role, words(piece), {src, *(html.unescape(s) for s in SRC.findall(piece))}) for role, src, piece in pieces
    ]
    missing = Counter(w for _, found, _ in counted for w in found) - _total(by_src.values())
    if not missing:
        return []
    templates = output.clinic.folder / "templates"
    template = templates / EDITIONS[output.edition].template
    where = (template if template.is_file() else templates).resolve().relative_to(root.resolve()).as_posix()
    lost_by_role: list[tuple[str, list[str]]] = []
    for role, found, srcs in counted:
        own = _total(by_src[s] for s in srcs if s in by_src)
        lost = []
        for word in found:
            if own[word] > 0:
                own[word] -= 1
            else:
                lost.append(word)
        if lost:
            lost_by_role.append((role, lost))
    if not lost_by_role:  # the template moved the words' marks: say what the page lacks
        lost_by_role = [("", [w for w in missing.elements()])]
    problems = []
    for role, lost in lost_by_role:
        shown = " ".join(lost[:SHOWN]) + (" ..." if len(lost) > SHOWN else "")
        what = f"the '{role}' section" if role else "the page"
        problems.append(
            Problem(
                where,
                None,
                f"{label}: the clinic's template leaves out {len(lost)} words Clearprint made for {what} "
                f"(its text, the risk table and icon arrays, the get-help box): '{shown}' "
                "(draw every section whole, with {{ parts.section(s) }} or {{ s.html | safe }})",
                "error",
                None,
                "drawn-template-dropped",
            )
        )
    return problems
