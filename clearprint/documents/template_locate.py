"""Where in a clinic's templates something a page holds was written: the first line of the
page's clinic templates (the one it is made from, then those it extends, imports or includes)
that shows it, so an error names the file and line to change."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import jinja2.meta


def locate(
    env: jinja2.Environment,
    template: str,
    clinic: Path,
    root: Path,
    needle: str | re.Pattern[str] | tuple[str | re.Pattern[str], ...],
) -> tuple[Path, int | None]:
    """(file, line) of the first of the clinic's templates used by `template` that shows
    `needle` (case aside; of several, the first that any shows); the first of them, without a
    line, when none shows it as written (made by an expression); the project's template when
    the page uses none of the clinic's."""
    files = template_files(env, template)
    theirs = [f for f in files if f.resolve().is_relative_to(clinic.resolve())]
    if not theirs:
        return (files[0] if files else root / "templates" / template), None
    for each in needle if isinstance(needle, tuple) else (needle,):
        file, line = first_line(theirs, each)
        if line is not None:
            return file, line
    return theirs[0], None


def template_files(env: jinja2.Environment, name: str) -> list[Path]:
    """The files of the template `name` and of those it extends, imports or includes, in that order."""
    seen: set[str] = set()
    files: list[Path] = []
    todo = [name]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)
            found = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except (jinja2.TemplateError, OSError):
            continue
        if filename:
            files.append(Path(filename))
        todo += [n for n in found if n]
    return files


def first_line(files: list[Path], needle: str | re.Pattern[str]) -> tuple[Path, int | None]:
    if not needle:
        return files[0], None
    pattern = needle if isinstance(needle, re.Pattern) else pattern_of(needle)
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            continue
        for number, text in enumerate(lines, start=1):
            if pattern.search(text):
                return file, number
    return files[0], None


def pattern_of(needle: str) -> re.Pattern[str]:
    """`needle` as written, case aside (a needle ending in a letter or digit ends a word)."""
    return re.compile(re.escape(needle) + (r"\b" if needle[-1:].isalnum() else ""), re.IGNORECASE)
