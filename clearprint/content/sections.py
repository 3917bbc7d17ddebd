"""A handout's Markdown cut into its front matter, its intro and its `## ` sections, each with its
role and line; the Markdown checked before anything renders it."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..models import KNOWN_ROLES, Section
from ..problems import ContentError, Problems
from . import emergency_numbers, hygiene, markup_policy, phone_numbers
from .markdown_checks import check_markdown
from .markup import (
    FENCE,
    HEADING,
    ROLE,
)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def split_sections(
    body: str, first_line: int, path: Path, report: Problems, origin: str = "handout"
) -> tuple[str, list[Section]]:
    """Split Markdown at level-2 headings into (intro, sections), checking roles and images."""
    intro: list[str] = []
    sections: list[tuple[str, str, int, list[str]]] = []
    seen: dict[str, int] = {}
    errors: list = []
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            title = match["title"]
            role = match["role"] if match["role"] is not None else slugify(title)
            near = _misspelt_role(match["role"])
            if near:
                col = line.rfind("{#") + 1
                errors.append(
                    report.add(path, number, f"unknown section role '{role}'; did you mean {{#{near}}}?", col=col)
                )
            elif not ROLE.match(role):
                errors.append(
                    report.add(
                        path,
                        number,
                        f"section role '{role}' must be lower-case words joined by '-', e.g. {{#get-help}}",
                    )
                )
            if not title:
                errors.append(report.add(path, number, "section heading has no text; write it after '## '"))
            if role in seen:
                errors.append(
                    report.add(
                        path,
                        number,
                        f"section '{role}' appears twice (first on line {seen[role]}); merge them or give one another role",
                    )
                )
            seen[role] = number
            sections.append((role, title, number, []))
        elif sections:
            sections[-1][3].append(line)
        else:
            intro.append(line)
    result = [
        # The body keeps its leading blank lines: its first line is the line after the heading.
        Section(role, title, "\n".join(lines).rstrip(), path, line, origin)  # type: ignore[arg-type]
        for role, title, line, lines in sections
    ]
    errors += hygiene.scan(body, path, report, first_line)
    errors += markup_policy.check(body, first_line, path, report)
    errors += emergency_numbers.check(body, first_line, path, report)
    errors += phone_numbers.check(body, first_line, path, report)
    errors += check_markdown(body, first_line, path, report)
    if errors:
        raise ContentError(*errors)
    return "\n".join(intro).rstrip(), result


def _misspelt_role(role: str | None) -> str | None:
    """The known role an explicit `{#role}` is a near miss of ('afercare' for 'aftercare')."""
    if role is None or role in KNOWN_ROLES:
        return None
    near = difflib.get_close_matches(role, KNOWN_ROLES, n=1, cutoff=0.8)
    return near[0] if near else None


def split_front_matter(text: str, path: Path, report: Problems) -> tuple[str, str, int]:
    """Return (yaml text, Markdown body, line where the body starts)."""
    if not text.strip():
        raise report.error(path, 1, "the handout is empty; it needs front matter and sections")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise report.error(path, 1, "the handout must start with front matter: a line '---', the settings, then '---'")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise report.error(path, 1, "the front matter is not closed; add a line '---' after the settings")


def sections_only(text: str, first_line: int, path: Path, report: Problems, origin: str) -> list[Section]:
    intro, sections = split_sections(text, first_line, path, report, origin)
    if not sections:
        raise report.error(
            path, 1, "no section found; start the file with a heading such as '## Contact us {#contact}'"
        )
    if intro.strip():
        raise report.error(path, 1, "text before the first '## ' heading would be lost; move it under a heading")
    return sections
