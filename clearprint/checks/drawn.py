"""Checks on what was drawn (clearprint/drawn.py), run in every build after layout.

What the checks require must be visible on paper, not only present in the source: every
word of the source drawn (no `display: none`, `font-size: 0`, `visibility: hidden` or
transparent text), every string at or above its edition's size floor and at 4.5:1 contrast
or better against what it is drawn on, the risks, get-help and key-points sections and the
emergency number on the page, every character in the clinic's font, nothing outside the
trim, no word or table wider than its column, no words inside a drawing, no text drawn over
other text (pdf/overprint.py). What stylesheets draw as words of their own is read by the
claim rules in checks/drawn_claims.py. Each finding is
located through `data-src` (sourcemap.py): the file and line the text came from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.markup import SHOWN_SYNTAX
from ..documents.sourcemap import parse
from ..fonts import font
from ..models import Output
from ..problems import Problem
from .accessibility import MIN_CONTRAST
from .drawn_blame import Declaration, blame, shrinking, spacing
from .header import findings as header_findings

if TYPE_CHECKING:  # the walker itself imports WeasyPrint, which `build.py check` never loads
    from ..pdf.drawn import Drawn, Run

# pt, by edition and kind of text, as the shipped samples meet them (measured with
# benchmarks/drawn_cost.py --sizes): body text 12 pt in the standard edition and the
# trifold, 16 pt for everything in large print; the standard edition's small print at its
# present sizes (sources 9 pt, footer 9.5 pt, QR caption 7.5 pt, running header 11 pt); the
# waivers in force, small but visible (9 pt), in the standard edition and the trifold; the
# risk table (documents/risk_table.py), three columns in one of the standard edition's two, 10 pt.
FLOORS: dict[str, dict[str, float]] = {
    "standard": {
        "body": 12.0,
        "sources": 9.0,
        "footer": 9.5,
        "qr-url": 7.5,
        "running-header": 11.0,
        "clinic-name": 11.0,  # the running header's name, as the rest of it
        "waivers": 9.0,
        "risk-table": 10.0,
        # the aftercare sheet's (build.py sheet): the label over each visit detail, the sources it cites
        "field-label": 10.5,
        "sheet-sources": 9.0,
    },
    "large-print": {"body": 16.0},
    "trifold": {"body": 12.0, "waivers": 9.0},
    # the front-desk catalogue (staff, at arm's length): its table 11 pt, file names 9 pt, notes 9.5 pt, QR 7 pt
    "catalogue": {
        "body": 11.0,
        "file": 9.0,
        "note": 9.5,
        "qr-url": 7.0,
        "footer": 9.5,
        "running-header": 11.0,
        "clinic-name": 11.0,
    },
}
REQUIRED_DRAWN = ("key-points", "risks", "get-help")  # must be on the page, readable, in every edition
SHOWN = 6  # words quoted in a message
MOVED_LINES = 3  # overflowing text on this many lines under one clinic spacing: the spacing's doing
# ... but not a word this long, which runs out of a column of its own accord (a body padding of
# 2 mm applies to every word: three such words were one error at the padding)
LONG_WORD = 25


def floor(edition: str, kind: str) -> float:
    floors = FLOORS.get(edition, FLOORS["standard"])
    return floors.get(kind, floors["body"])


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(rgb) -> float:
    r, g, b = (_linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def run_contrast(run: Run) -> float:
    """WCAG contrast of the run's colour (its alpha composited) against what it is drawn on."""
    return _contrast(run.color, run.background)


@lru_cache(maxsize=4096)  # a page draws thousands of runs in a handful of colours
def _contrast(color: tuple[float, ...], background: tuple[float, ...]) -> float:
    a = color[3]
    drawn = tuple(color[i] * a + background[i] * (1 - a) for i in range(3))
    lighter, darker = sorted((_luminance(drawn), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(run: Run, edition: str) -> bool:
    return run.visible and run.size >= floor(edition, run.kind) - 0.01 and run_contrast(run) >= MIN_CONTRAST


def char_name(char: str) -> str:
    return f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"


class _Found:
    def __init__(self, root: Path, fallback: Path) -> None:
        self.root, self.fallback = root, fallback
        self.items: dict[tuple, Problem] = {}

    def add(self, src: str, rule: str, message: str, suggestion: str, col: int | None = None) -> None:
        file, line = parse(src) if src else (self.fallback.resolve().relative_to(self.root).as_posix(), None)
        key = (file, line, col, rule, message)
        if key not in self.items:
            self.items[key] = Problem(file, line, f"{message} ({suggestion})", "error", col, rule)


def findings(
    output: Output | None, drawn: Drawn, root: Path, label: str, edition: str | None = None, page: str | None = None
) -> list[Problem]:
    """Every problem with what `drawn` shows of `output` (None for a catalogue, with `edition`
    'catalogue'), located at the file and line its text came from."""
    root = root.resolve()
    edition = edition or (output.edition if output else "standard")
    found = _Found(root, output.handout.file if output else root / "templates" / "catalogue.html.j2")
    hidden: dict[str, list[str]] = {}
    for word, src in drawn.hidden:
        hidden.setdefault(src, []).append(word)
    for src, words in hidden.items():
        shown = " ".join(words[:SHOWN]) + (" ..." if len(words) > SHOWN else "")
        found.add(
            src, "drawn-hidden-text",
            f"{label}: text in the source is not drawn visibly on the page: '{shown}'",
            "remove what hides it (a style, a class, a colour, a size of 0): what a patient cannot see may not be printed",
        )  # fmt: skip
    faint: dict[Declaration, list] = {}  # a clinic declaration that made text faint -> (words, ratio) of each
    small: dict[tuple[Declaration, ...], list] = {}  # the clinic declarations that shrank text -> each text
    for run in drawn.runs:
        minimum = floor(edition, run.kind)
        words = " ".join(run.text.split()[:SHOWN])
        if not run.visible:
            continue  # its words are reported as hidden text
        if run.size < minimum - 0.01:
            what = "body text" if run.kind == "body" else f"its {run.kind.replace('-', ' ')}"
            if page and output and (by := shrinking(output.clinic.folder, page, run.src, run.text.strip())):
                small.setdefault(by, []).append((words, run.size, minimum, what))
                continue
            found.add(
                run.src, "drawn-text-size",
                f"{label}: '{words}' is drawn at {run.size:g} pt, below the {edition} edition's {minimum:g} pt for {what}",
                "remove the style or class that makes it smaller",
            )  # fmt: skip
        if syntax := SHOWN_SYNTAX.search(run.text):
            found.add(
                run.src, "drawn-template-syntax",
                f"{label}: '{syntax[0][:60]}' is drawn as text, which no patient should read: a placeholder or "
                "template tag left unfilled",
                "remove the braces from the template; if no clinic template prints them, report it as a bug",
            )  # fmt: skip
        ratio = run_contrast(run)
        if ratio < MIN_CONTRAST and output and (by := blame(output.clinic.folder, run.color, run.background)):
            faint.setdefault(by, []).append((words, ratio))
        elif ratio < MIN_CONTRAST:
            found.add(
                run.src, "drawn-contrast",
                f"{label}: '{words}' is drawn at contrast {ratio:.2f}:1 against its background, below {MIN_CONTRAST}:1",
                "remove the colour, opacity or background that makes it faint",
            )  # fmt: skip
    for by, runs in faint.items():
        (words, ratio), more = runs[0], f"; {len(runs)} texts like it" if len(runs) > 1 else ""
        found.add(
            f"{_relative(by.file, root)}:{by.line}", "drawn-contrast",
            f"{label}: '{words}' is drawn at contrast {ratio:.2f}:1 against its background, below {MIN_CONTRAST}:1 "
            f"(set by '{by.shown}'){more}",
            "choose a colour with contrast of at least 4.5:1 against what the text is drawn on", by.col,
        )  # fmt: skip
    for by, runs in small.items():
        (words, size, minimum, what), more = runs[0], f"; {len(runs)} texts like it" if len(runs) > 1 else ""
        also = "".join(f", and '{d.shown}' at {_relative(d.file, root)}:{d.line}" for d in by[1:])
        also += ", which shrink again inside each other" if also else ""
        found.add(
            f"{_relative(by[0].file, root)}:{by[0].line}", "drawn-text-size",
            f"{label}: '{words}' is drawn at {size:g} pt, below the {edition} edition's {minimum:g} pt for {what} "
            f"(made smaller by '{by[0].shown}'{also}){more}",
            "give the size in pt at or above the edition's floor, or remove it", by[0].col,
        )  # fmt: skip
    if output is not None:
        _required(output, drawn, edition, label, found)
    font_name = font(output.clinic.settings.font).family if output else "the clinic's font"
    for char, src in drawn.glyphs:
        found.add(
            src, "drawn-missing-glyph",
            f"{label}: the character {char_name(char)} is not in the font {font_name}, so it cannot be printed",
            "write it with characters the font has, or in words",
        )  # fmt: skip
    messages = {
        "trim": ("drawn-off-page", "'{text}' is drawn outside the page's trim", "remove the style that moves it"),
        "column": (
            "drawn-word-too-long",
            "the word '{text}' is too long for its column and runs out of it",
            "break it up, shorten it, or write a web address without 'https://' so it breaks after its slashes",
        ),
        "table": ("drawn-table-too-wide", "a table is wider than its column and runs out of it", "give it fewer or narrower columns, or make it a list"),
    }  # fmt: skip
    header = header_findings(drawn, label, found)
    moved: dict[tuple[Declaration, ...], list[tuple[str, str, str]]] = {}  # clinic spacing -> what it may have moved
    for what, text, src in drawn.overflows:
        if what == "trim" and src in header:
            continue  # the name grew the header off the page: said above, with what to do
        long_word = what == "column" and len(text.strip()) >= LONG_WORD
        if page and output and not long_word and (by := spacing(output.clinic.folder, page, src, text.strip())):
            moved.setdefault(by, []).append((what, text, src))
            continue
        rule, message, suggestion = messages[what]
        found.add(src, rule, f"{label}: " + message.format(text=text), suggestion)
    for by, runs in moved.items():
        if len({src for _, _, src in runs}) < MOVED_LINES:  # a long word or two: the words' doing
            for what, text, src in runs:
                rule, message, suggestion = messages[what]
                found.add(src, rule, f"{label}: " + message.format(text=text), suggestion)
            continue
        (what, text, _), rule = runs[0], messages[runs[0][0]][0]
        also = "".join(f", and '{d.shown}' at {_relative(d.file, root)}:{d.line}" for d in by[1:])
        found.add(
            f"{_relative(by[0].file, root)}:{by[0].line}", rule,
            f"{label}: " + messages[what][1].format(text=text)
            + f" (moved by '{by[0].shown}'{also}, which applies to it); {len(runs)} texts like it",
            "make the margin, padding or spacing smaller, or remove it", by[0].col,
        )  # fmt: skip
    for text, other, src in drawn.overprints:
        found.add(
            src, "drawn-overprint",
            f"{label}: '{text}' is drawn over other text ('{other}'), so neither can be read",
            "remove the line-height, margin or spacing that lays lines of text over each other",
        )  # fmt: skip
    for words, src in drawn.svg_text:
        found.add(
            src, "drawn-svg-text",
            f"{label}: a drawing holds text ('{words}'), which the checks cannot read and a screen reader may not find",
            "take the words out of the drawing and write them in the handout, as a caption or in the text",
        )  # fmt: skip
    return sorted(found.items.values(), key=lambda p: (p.file, p.line or 0, p.col or 0, p.rule or "", p.message))


def _relative(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


DIGITS = re.compile(r"\D")


def _required(output: Output, drawn: Drawn, edition: str, label: str, found: _Found) -> None:
    """The risks, get-help and key-points sections and the emergency number, readable on the page."""
    roles = {s.role: s for s in output.sections}
    for role in REQUIRED_DRAWN:
        section = roles.get(role)
        if section is None:
            continue  # a missing section is the balance check's finding
        rel = section.file.resolve().relative_to(found.root).as_posix()
        heading = f"{rel}:{section.line}"  # the heading alone is not the section
        if not any(run.role == role and run.src != heading and readable(run, edition) for run in drawn.runs):
            found.add(
                heading, "drawn-required-hidden",
                f"{label}: the '{role}' section is not drawn readably on the page (visible, at least "
                f"{floor(edition, 'body'):g} pt, contrast {MIN_CONTRAST}:1)",
                "remove what hides it or makes it small or faint",
            )  # fmt: skip
    if "get-help" not in roles:
        return
    numbers = [DIGITS.sub("", n) for n in output.clinic.settings.emergency_numbers]  # '112 / 999': each
    drawn_digits = "".join(DIGITS.sub("", run.text) + "|" for run in drawn.runs if readable(run, edition))
    if not all(re.search(rf"(?<![0-9]){n}(?![0-9])", drawn_digits) for n in numbers if n):
        site = output.clinic
        rel = (site.folder / "clinic.yaml").resolve().relative_to(found.root).as_posix()
        line = site.lines.get(("emergency_number",))
        # Drawn but not readably (faint, small, hidden by a template or stylesheet): where it is drawn from.
        faint = next(
            (r.src for r in drawn.runs if r.src and any(n and n in DIGITS.sub("", r.text) for n in numbers)), ""
        )
        found.add(
            faint or (f"{rel}:{line}" if line else rel), "drawn-emergency-missing",
            f"{label}: the emergency number {output.clinic.settings.emergency} is not drawn readably on the page",
            "say it in the get-help section ({{ clinic.emergency_number }}) and remove what hides it",
        )  # fmt: skip
