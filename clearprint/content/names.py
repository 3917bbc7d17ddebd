"""The names of the files and folders a handout is made of, checked before anything is read:
`handouts/<id>/<language>.md`, where an id is lower-case letters, digits and '-' and a
language two lower-case letters. 'Botox-Offer/', 'EN.md', 'en.md ' (a trailing space) or a
name with a line break in it is a located error naming the path (shown with its control
characters escaped, problems.py), and the file is left out, never half-read."""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problems, one_line

HANDOUT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_FILE = re.compile(r"^[a-z]{2}\.md$")
_ODD = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def odd_names(handouts: Path, report: Problems) -> set[Path]:
    """Report every badly named handout folder and language file under a `handouts/` folder
    (the project's or a clinic's, and its `_shared/` sections); return the Markdown files to
    leave out (those in a badly named folder, and the badly named ones)."""
    left_out: set[Path] = set()
    try:
        folders = sorted(p for p in handouts.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return left_out
    shared = handouts / "_shared"
    if shared.is_dir():
        folders += sorted(p for p in shared.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders:
        if folder.name.startswith("_"):
            continue
        if why := _folder_name(folder.name):
            report.add(folder, None, why)
            left_out.update(folder.glob("*.md"))
            continue
        for entry in sorted(folder.iterdir()):
            if why := _file_name(entry.name):
                report.add(entry, None, why)
                left_out.add(entry)
    return left_out


def _folder_name(name: str) -> str | None:
    if _not_utf8(name):
        return None  # badly_named says so
    if why := _invisible(name):
        return f"{why}; rename the folder with lower-case letters, digits and '-'"
    if not HANDOUT_ID.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "handout"
        return (
            "a handout folder's name is the handout's id, used in file names and web addresses: use lower-case "
            f"letters, digits and '-', e.g. rename it to '{suggestion}'"
        )
    return None


def _file_name(name: str) -> str | None:
    """Why a name in a handout folder is a badly written language file, or None (a good one, or
    a file that is no language file at all: images/, risks.yaml, an editor's backup)."""
    if name.startswith(".") or LANGUAGE_FILE.match(name) or _not_utf8(name):
        return None  # a name that is not UTF-8: badly_named says so
    if why := _invisible(name):
        if ".md" not in name.lower():
            return None
        return f"{why}; a language file is named <language>.md: rename it to '{_suggest(name)}'"
    if name.lower().endswith(".md"):
        return (
            f"a language file is named by its two-letter language code in lower case: rename it to '{_suggest(name)}'"
        )
    return None


def _invisible(name: str) -> str | None:
    """What is wrong with a name that holds a control or invisible character or ends in a space."""
    shown = one_line(name)
    if _ODD.search(name):
        return f"the name '{shown}' holds a line break or another control or invisible character"
    if name != name.strip():
        return f"the name '{shown}' has a space at its start or end"
    return None


def _not_utf8(name: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in name)


def _suggest(name: str) -> str:
    stem = re.sub(r"[^a-z]", "", _ODD.sub("", name).strip().lower().removesuffix(".md"))[:2]
    return f"{stem or 'en'}.md"


def badly_named(path: Path, root: Path, report: Problems) -> bool:
    """A file or folder name that is not UTF-8 text (Python keeps its bytes as surrogates): it
    cannot be a handout's id or language, nor be printed; reported once and left out."""
    relative = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not any("\udc80" <= c <= "\udcff" for c in relative):
        return False
    shown = relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    report.add(
        root / shown, None, "this file or folder name is not UTF-8 text; rename it with plain letters, digits and '-'"
    )
    return True
