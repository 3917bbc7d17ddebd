"""What a clinic's settings and a handout's front matter print, each value at its own line, for the checks.

The pages the checks read (`HtmlDocuments(located=True)`) are rendered with a copy of the
clinic's settings whose printed values (PRINTED: the name, `short_name`, each address line,
the phone numbers, the emergency number, the website; and a handout's reviewer, at its line
of the handout's front matter) are `Located` strings: equal to the
value in every way a template can test it (comparison, length, slicing, methods), and marked
only when the page prints them, by autoescaping (`__html__`), with invisible private-use
characters around the value. After the render, `resolve` turns each mark in the page's text
into `<cp-src data-src="clinics/<slug>/clinic.yaml:14">` (checks/page_text.py reads it, so a
finding names the line and column of the value in clinic.yaml) and removes the marks from
attribute values and raw text (`<title>`, `<style>`); an image whose alt text holds a value
gets `data-alt-src` with the value's line. Pages that are printed or published are rendered
with the settings themselves and never carry a mark.

A value a template changes before printing (`| replace`, `| upper`, `~` with other words
then `| trim`) loses its mark and is found by the checks at the page's template, as before.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..models import Clinic, ClinicSettings, Handout, HandoutMeta

# The clinic.yaml keys whose values the templates print (each `address` line is one too).
PRINTED = ("name", "short_name", "phone", "after_hours_phone", "emergency_number", "website")
START, END = "\ue000", "\ue001"  # around a value; text hygiene refuses private-use characters in clinic files
FIRST_ID = 0xF0000  # one plane-15 private-use character names the value's place (a key of _SOURCES)
LAST_ID = 0xFFFFD
_SOURCES: list[str] = []  # "file:line" of each mark made in this process (one per line of a clinic.yaml)
_IDS: dict[str, str] = {}
ID = "[\U000f0000-\U000ffffd]"
MARKED = re.compile(f"{START}({ID})([^{START}{END}]*){END}")
STRAY = re.compile(f"{START}{ID}?|{END}")
RAW = frozenset({"title", "style", "script", "textarea"})
ALT = re.compile(r"\salt=\"([^\"]*)\"")
CP_SRC = "cp-src"  # checks/page_text.py LOCATED


def _mark_for(src: str) -> str | None:
    if src not in _IDS:
        if FIRST_ID + len(_SOURCES) > LAST_ID:
            return None  # never in practice: the value is printed unmarked
        _IDS[src] = chr(FIRST_ID + len(_SOURCES))
        _SOURCES.append(src)
    return _IDS[src]


class Located(str):
    """A clinic setting's value that knows its place: printed with a mark around it."""

    _mark: str | None = None  # underscored: a template cannot read it (the sandbox) to tell the pages apart

    def __new__(cls, value: str, src: str = "") -> Located:
        located = super().__new__(cls, value)
        located._mark = _mark_for(src) if src else None
        return located

    def __html__(self) -> str:
        escaped = markupsafe.escape(str(self))
        return f"{START}{self._mark}{escaped}{END}" if self._mark else str(escaped)


def located_settings(site: Clinic, root: Path) -> ClinicSettings:
    """A copy of `site`'s settings whose printed values carry their line in clinic.yaml."""
    settings = site.settings
    file = (site.folder / "clinic.yaml").resolve()
    try:
        name = file.relative_to(root.resolve()).as_posix()
    except ValueError:
        return settings
    update: dict[str, Any] = {}
    for key in PRINTED:
        value, line = getattr(settings, key), site.lines.get((key,))
        if isinstance(value, str) and value and line:
            update[key] = Located(value, f"{name}:{line}")
    update["address"] = [
        Located(value, f"{name}:{line}") if (line := site.lines.get(("address", i))) else value
        for i, value in enumerate(settings.address)
    ]
    return settings.model_copy(update=update)


def located_meta(handout: Handout, root: Path) -> HandoutMeta:
    """A copy of the handout's front matter whose `reviewer` (printed as "Checked by") carries its
    line in the handout's file, like a clinic setting. A reviewer made of the handout's and a
    clinic text's (content/local_review.py) is in no one line and stays unmarked."""
    meta, line, name = handout.meta, handout.lines.get(("reviewer",)), _name(handout.file, root)
    own = handout.own_meta or meta
    if not (meta.reviewer and line and name and meta.reviewer == own.reviewer):
        return meta
    return meta.model_copy(update={"reviewer": Located(meta.reviewer, f"{name}:{line}")})


def _name(file: Path, root: Path) -> str | None:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


@jinja2.pass_eval_context
def replace(eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None) -> Any:
    """Jinja's `replace` for the checkers' pages: a value keeps its mark (the web pages print
    the website as `clinic.website | replace("https://", "")`)."""
    replaced = jinja2.filters.do_replace(eval_ctx, value, old, new, count)
    if isinstance(value, Located) and value._mark and not isinstance(replaced, markupsafe.Markup):
        located = Located(str(replaced))
        located._mark = value._mark
        return located
    return replaced


def resolve(page: str) -> str:
    """`page` with each marked value in its text as a `cp-src` element naming its line, and
    every other mark removed (in a start tag, an image's alt text gets `data-alt-src`)."""
    if START not in page and END not in page:
        return page
    out: list[str] = []
    at = 0
    while (first := _next_mark(page, at)) >= 0:
        inside = _raw_element(page, first)
        if inside is not None:  # in <title>, <style>, <script>: the marks go, up to the element's end
            out.append(page[at : inside[0]])
            out.append(STRAY.sub("", page[inside[0] : inside[1]]))
            at = inside[1]
            continue
        opened, closed = page.rfind("<", at, first), page.rfind(">", at, first)
        if opened > closed:  # in a start tag's attributes (the templates escape '>' in values)
            tag_end = page.find(">", first)
            tag_end = len(page) if tag_end < 0 else tag_end + 1
            out.append(page[at:opened])
            out.append(_tag(page[opened:tag_end]))
            at = tag_end
            continue
        text_end = page.find("<", first)
        text_end = len(page) if text_end < 0 else text_end
        out.append(page[at:first])
        out.append(_text(page[first:text_end]))
        at = text_end
    out.append(page[at:])
    return "".join(out)


def _next_mark(page: str, at: int) -> int:
    found = [i for i in (page.find(START, at), page.find(END, at)) if i >= 0]
    return min(found) if found else -1


def _raw_element(page: str, at: int) -> tuple[int, int] | None:
    """(start, end) of the raw-text element (`<title>`, `<style>`, ...) that `at` is in, if any."""
    for name in RAW:
        opened, closed = page.rfind(f"<{name}", 0, at), page.rfind(f"</{name}", 0, at)
        if opened >= 0 and opened > closed:
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(page, at)
            return opened, close.end() if close else len(page)
    return None


def _text(text: str) -> str:
    def element(match: re.Match[str]) -> str:
        src = _SOURCES[ord(match[1]) - FIRST_ID]
        return f'<{CP_SRC} data-src="{html.escape(src)}">{match[2]}</{CP_SRC}>'

    return STRAY.sub("", MARKED.sub(element, text))


def _tag(tag: str) -> str:
    alt = ALT.search(tag) if tag[:4].lower() == "<img" else None
    found = MARKED.search(alt[1]) if alt else None
    tag = STRAY.sub("", tag)
    if found:
        src = html.escape(_SOURCES[ord(found[1]) - FIRST_ID])
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        tag = f'{tag[:end]} data-alt-src="{src}"{tag[end:]}'
    return tag
