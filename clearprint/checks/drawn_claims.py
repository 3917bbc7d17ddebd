"""The claim rules on words a stylesheet or template draws that no element of the page holds:
a `content:` string, a list marker, a page margin's text (pdf/drawn.py records them as it
walks the laid-out page). Every other drawn word is the text of an element, read by the
checks before layout; these are the rest, so every word on the printed page is checked.

A finding is located at the clinic stylesheet or template that holds the words (its styles/
and templates/ folders are searched for them), else at the handout (or the catalogue's
template) at the line they are drawn beside, with what drew them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..documents.sourcemap import parse
from ..models import Clinic
from ..problems import Problem
from . import claims
from .text import Chunk, Position

if TYPE_CHECKING:
    from ..pdf.records import Drawn
    from .page_claims import PageClaims

SEARCHED_BYTES = 1_000_000  # a clinic file larger than this is not a stylesheet or template


def findings(
    drawn: Drawn,
    clinic: Clinic,
    language: str,
    distribution: str,
    rules: PageClaims,
    fallback: Path,
    label: str,
) -> list[Problem]:
    """The claims in `drawn.generated`, each at the clinic file that holds its words, else
    at `fallback`; the claim rules of `clinic` and `language`, loaded once by `rules`."""
    if not drawn.generated:
        return []
    rule_set = rules.rules(clinic, language)
    if rule_set is None:
        return []  # a broken rule file is reported with the handout's checks, which print nothing
    root = rules.root.resolve()
    files = _clinic_files(clinic)
    found: dict[Problem, None] = {}
    for text, src, what in drawn.generated:
        chunk = Chunk(None, "text", text, [Position(fallback, 0, 0)] * len(text))
        for rule, match, _ in claims.find_claims([chunk], rule_set.claims, language, distribution, root=root):
            file, line, col = _place(files, match, text) or (*_where(src, fallback, root), None)
            message = (
                f"{label}: {rule.message.format(match=match)}, in words {_what(what)} draws on the page "
                f"('{text[:80]}') ({rule.suggestion}; words on the page are written in the handout, where they are checked)"
            )
            found[Problem(_rel(file, root), line, message, rule.severity, col, rule.id)] = None
    return list(found)


def _where(src: str, fallback: Path, root: Path) -> tuple[Path, int | None]:
    """The handout line the words are drawn at (`data-src`), else `fallback`."""
    if not src:
        return fallback, None
    file, line = parse(src)
    return root / file, line


def _what(tag: str) -> str:
    if tag.endswith("::marker"):
        return f"a list marker ({tag})"
    if "::" in tag:
        return f"a stylesheet's content ({tag})"
    return "a stylesheet in a page margin"


def _clinic_files(clinic: Clinic) -> list[Path]:
    """The clinic's stylesheets and every file in its templates folder, where drawn words come from."""
    found = sorted((clinic.folder / "styles").glob("*.css")) + sorted(
        p for p in (clinic.folder / "templates").rglob("*") if p.is_file()
    )
    return [p for p in found if p.stat().st_size <= SEARCHED_BYTES]


def _place(files: list[Path], match: str, text: str) -> tuple[Path, int, int] | None:
    """The first file, line and column that holds the matched words (else the whole drawn text)."""
    for wanted in (match, text):
        for path in files:
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            at = source.lower().find(wanted.lower())
            if at >= 0:
                return path, source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1) + 1
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
