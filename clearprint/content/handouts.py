"""Reading handouts into models: a handout file (front matter and sections), a file of sections
only (a shared section), a clinic's own text of a handout, and a folder of shared sections."""

from __future__ import annotations

from pathlib import Path

from ..models import Handout, HandoutMeta, LocalMeta, LocalText, Section
from ..problems import ContentError, Problems
from . import phone_numbers, yamlfile
from .names import badly_named
from .read import read_markdown
from .sections import sections_only, split_front_matter, split_sections


def load_handout(path: Path, report: Problems) -> Handout:
    text = read_markdown(path, report)
    front, body, body_line = split_front_matter(text, path, report)
    data, lines = yamlfile.parse(front, path, report, first_line=2, defer=True)
    meta = yamlfile.validate(HandoutMeta, data, path, lines, report, first_line=2)
    if meta.id != path.parent.name:
        raise report.error(
            path, lines.get(("id",), 2), f"id '{meta.id}' must match the folder name '{path.parent.name}'"
        )
    if meta.language != path.stem:
        raise report.error(
            path, lines.get(("language",), 2), f"language '{meta.language}' must match the file name '{path.name}'"
        )
    if not body.strip():
        raise report.error(path, body_line, "the handout is empty: it has front matter but no sections")
    if typed_numbers := phone_numbers.in_front_matter(meta, lines, text, path, report):
        raise ContentError(*typed_numbers)
    intro, sections = split_sections(body, body_line, path, report)
    return Handout(meta, intro, tuple(sections), path, body_line, lines)


def load_sections_file(path: Path, report: Problems, origin: str) -> list[Section]:
    """A file of sections only (shared section): no front matter."""
    return sections_only(read_markdown(path, report), 1, path, report, origin)


def load_local_text(path: Path, report: Problems) -> LocalText:
    """A clinic's own text of a handout: its sections, and its version and review state from its
    front matter (none: it has not been reviewed as the clinic's text, content/local_review.py)."""
    text = read_markdown(path, report)
    if text.split("\n", 1)[0].strip() != "---":
        return LocalText(path, None, {}, tuple(sections_only(text, 1, path, report, "clinic")))
    front, body, body_line = split_front_matter(text, path, report)
    data, lines = yamlfile.parse(front, path, report, first_line=2, defer=True)
    meta = yamlfile.validate(LocalMeta, data, path, lines, report, first_line=2)
    return LocalText(path, meta, lines, tuple(sections_only(body, body_line, path, report, "clinic")))


def load_shared(
    folder: Path, report: Problems, origin: str, left_out: set[Path] = frozenset()
) -> dict[tuple[str, str], Section]:
    """`<folder>/<role>/<lang>.md`, one section each, its role the folder name (but those in
    `left_out`: badly named, reported by names.odd_names)."""
    shared: dict[tuple[str, str], Section] = {}
    for path in sorted(folder.glob("*/*.md")):
        if path in left_out or badly_named(path, report.root, report):
            continue
        try:
            sections = load_sections_file(path, report, origin)
        except ContentError:
            continue
        role = path.parent.name
        if len(sections) != 1 or sections[0].role != role:
            report.add(
                path,
                sections[0].line,
                f"a shared section file holds one section with role '{role}' (the folder name), e.g. '## Title {{#{role}}}'",
            )
            continue
        shared[(role, path.stem)] = sections[0]
    return shared
