"""The words a template prints around a handout's own: its labels in each language
(templates/messages/<language>.yaml), dates, language names and CSS strings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date

from ..content import yamlfile
from ..content.read import read_text
from ..problems import Problems


def load_messages(root: Path, language: str) -> dict[str, str]:
    path = root / "templates" / "messages" / f"{language}.yaml"
    report = Problems(root)
    if not path.is_file():
        raise report.error(
            path,
            None,
            f"no template labels for language '{language}'; copy templates/messages/en.yaml to {path.name} and translate it",
        )
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _parsed:  # each set of documents of a build asks: parsed once while unchanged
        data, lines = yamlfile.parse(read_text(path, report), path, report)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise report.error(path, 1, "template labels must be `name: text` lines")
        _parsed[key] = data
    return dict(_parsed[key])


_parsed: dict[tuple[Path, int, int], dict[str, str]] = {}


def long_date(value: Any, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


def language_name(code: str, in_language: str) -> str:
    """'Spanish' in English, 'inglés' in Spanish."""
    return Locale.parse(code).get_display_name(in_language) or code


def css_string(value: str) -> str:
    """A Python string as a CSS string literal (for @page margin content)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'
