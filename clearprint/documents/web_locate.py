"""Where in a clinic's web template a piece of markup the web pages' allowlist refuses is
written (web_markup.py), to its line and column (A34): the start tag with the attributes the
page shows, not the first line of the template that shows the tag's name (which was often the
line a `{% block %}` starts on, where an allowed element of the same name is written).

Needles go from the most exact to the least; template_locate.py takes the first line that any
of them shows, in that order."""

from __future__ import annotations

import re
from pathlib import Path

from .template_locate import pattern_of

Needle = str | re.Pattern[str]
_IN_TAG = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"  # what a start tag holds before an attribute


def element(tag: str, attributes: dict[str, str]) -> tuple[Needle, ...]:
    """The start tag of `tag` that carries one of `attributes` as the page has it, then any `<tag`."""
    start = rf"<{re.escape(tag)}\b{_IN_TAG}\s"
    exact: list[Needle] = [
        re.compile(rf"{start}{re.escape(_name(name))}\s*=\s*[\"']?{re.escape(value)}", re.IGNORECASE)
        for name, value in attributes.items()
        if value.strip()
    ]
    return (*exact, pattern_of(f"<{tag}"))


def attribute(name: str, value: str) -> tuple[Needle, ...]:
    """The attribute `name` with its value as written (quoted or not), then the name inside a
    start tag, then the name where an attribute's name can stand (after a space or a quote,
    before `=`, a space or the tag's end) on a line of its own."""
    said = re.escape(name)
    exact = re.compile(rf"(?<![\w-]){said}\s*=\s*[\"']?{re.escape(value)}", re.IGNORECASE)
    as_name = rf"(?P<at>{said})(?=\s*=|\s|/?>|$)"
    in_a_tag = re.compile(rf"<[A-Za-z][\w-]*{_IN_TAG}\s{as_name}", re.IGNORECASE)
    anywhere = re.compile(rf"(?<=[\s\"']){as_name}", re.IGNORECASE)  # a start tag over several lines
    return (exact, in_a_tag, anywhere) if value.strip() else (in_a_tag, anywhere)


def column(file: Path, line: int | None, needles: Needle | tuple[Needle, ...]) -> int | None:
    """The column (from 1) where the first of `needles` that `line` of `file` shows starts (its
    group `at`, when it has one)."""
    if line is None:
        return None
    try:
        text = file.read_text(encoding="utf-8").split("\n")[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    for needle in needles if isinstance(needles, tuple) else (needles,):
        if needle and (found := (needle if isinstance(needle, re.Pattern) else pattern_of(needle)).search(text)):
            return found.start("at" if "at" in found.re.groupindex else 0) + 1
    return None


def _name(qualified: str) -> str:
    return qualified.rsplit("}", 1)[-1]
