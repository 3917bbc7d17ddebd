"""Review states and the review workflow (issue 21): draft -> awaiting-clinical-review -> approved.

A handout's front matter says where it stands (`review_status`). This module finds the last
approved text of a handout file (from git history, else the copy `approve` keeps in
`.approved/`), compares it section by section with the current text, lists the facts the
handout states with their sources, and writes the front matter lines `approve` changes
without rewriting anything else in the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .content.markup import CITATION, HEADING

FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)---\n", re.S)
APPROVED_COPIES = ".approved"  # <root>/.approved/<handout>/<language>.md: the text last approved


@dataclass(frozen=True)
class SectionChange:
    role: str
    title: str
    kind: str  # "unchanged", "changed", "added", "removed"
    diff: list[str]  # unified diff lines (changed sections only)


@dataclass(frozen=True)
class Fact:
    role: str
    line: int
    statement: str  # the sentence, without its citation markers
    figures: list[str]  # the numbers it states
    sources: list[tuple[int, str]]  # (number, source) it cites


def status_of(text: str) -> str:
    """The review status in a file's front matter ('approved' when it names none)."""
    match = FRONT_MATTER.match(text)
    found = re.search(r"^review_status:\s*['\"]?([\w-]+)", match["yaml"] if match else "", re.M)
    value = found[1] if found else "approved"
    return "approved" if value == "reviewed" else value


def version_of(text: str) -> str | None:
    match = FRONT_MATTER.match(text)
    found = re.search(r"^version:\s*['\"]?([\d.]+)", match["yaml"] if match else "", re.M)
    return found[1] if found else None


def last_approved(root: Path, path: Path) -> tuple[str, str] | None:
    """(text, where it came from) of the last approved version of a handout file: the newest
    commit in which its front matter says approved, else the copy kept by `approve`."""
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    try:
        commits = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%H %cs", "--", rel],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        commits = []
    for line in filter(None, commits):
        commit, day = line.split(" ", 1)
        shown = subprocess.run(
            ["git", "-C", str(root), "show", f"{commit}:{rel}"], capture_output=True, text=True, timeout=30
        )
        if shown.returncode == 0 and status_of(shown.stdout) == "approved":
            return shown.stdout, f"git commit {commit[:10]} ({day})"
    copy = approved_copy(root, path)
    if copy.is_file():
        return copy.read_text(encoding="utf-8"), copy.relative_to(root).as_posix()
    return None


def approved_copy(root: Path, path: Path) -> Path:
    return root / APPROVED_COPIES / path.parent.name / path.name


def _sections(text: str) -> dict[str, tuple[str, list[str]]]:
    """role -> (title, body lines) of a handout file's text (front matter left out)."""
    match = FRONT_MATTER.match(text)
    body = text[match.end() :] if match else text
    found: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    for line in body.split("\n"):
        heading = HEADING.match(line)
        if heading:
            role = heading["role"] or re.sub(r"[^a-z0-9]+", "-", heading["title"].lower()).strip("-")
            current = []
            found[role] = (heading["title"], current)
        elif current is not None:
            current.append(line)
    return found


def changes(old: str | None, new: str) -> list[SectionChange]:
    """Section by section: what changed from the approved text to the current one."""
    before = _sections(old) if old is not None else {}
    after = _sections(new)
    result = []
    for role, (title, lines) in after.items():
        if role not in before:
            result.append(SectionChange(role, title, "added", [f"+{x}" for x in lines if x.strip()]))
            continue
        old_lines = before[role][1]
        if old_lines == lines and before[role][0] == title:
            result.append(SectionChange(role, title, "unchanged", []))
            continue
        diff = list(difflib.unified_diff(old_lines, lines, lineterm="", n=1))[2:]
        result.append(SectionChange(role, title, "changed", diff))
    for role, (title, _) in before.items():
        if role not in after:
            result.append(SectionChange(role, title, "removed", []))
    return result


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z¿¡*(])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")  # an image: its alt text
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")  # a link: its text, not its address
_MARKS = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`|\{:[^}]*\}|\{#[\w-]+\}")


def _words(markdown: str) -> str:
    """A sentence's inline Markdown as the patient reads it: a link's text without its address,
    an image's alt text, no emphasis marks or attribute lists."""
    return _MARKS.sub("", _LINK.sub(r"\1", _IMAGE.sub(r"\1", markdown)))


_FIGURE = re.compile(r"\d[\d,.\u00a0]*(?:\s*%)?")


def facts(handout) -> list[Fact]:
    """Every sentence of the handout (all country versions) that cites a source, with the
    figures it states and the sources it cites: the evidence behind the patient's text."""
    found = []
    sources = handout.meta.sources
    for section in handout.sections:
        start = 0
        body_lines = section.body.split("\n")
        for paragraph in re.split(r"\n\s*\n", section.body):
            first = start
            start += paragraph.count("\n") + 2
            text = " ".join(
                line.strip().lstrip("-*>").strip().removeprefix("[ ] ")
                for line in paragraph.split("\n")
                if not line.strip().startswith((":::", "#"))  # a fence or a heading is not a statement
            )
            for sentence in _SENTENCE.split(text):
                cited = sorted({int(n) for m in CITATION.finditer(sentence) for n in re.split(r"\s*,\s*", m[1])})
                if not cited:
                    continue
                plain = _words(re.sub(r"\s*" + CITATION.pattern, "", sentence)).strip()
                words = " ".join(sentence.split()[:4]).replace("**", "")
                at = next((i for i, x in enumerate(body_lines) if words and words in x.replace("**", "")), first)
                figures = [f.strip(" .,") for f in _FIGURE.findall(plain)]
                found.append(
                    Fact(
                        section.role,
                        section.line + 1 + at,
                        plain,
                        [f for f in figures if f],
                        [(n, sources[n - 1] if 0 < n <= len(sources) else "(not in the list)") for n in cited],
                    )
                )
    return found


# --- the front matter `approve` writes ---------------------------------------------


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def set_front_matter(text: str, values: dict[str, str]) -> str:
    """The file with each `key: value` line of its front matter replaced (or added before the
    closing '---'); every other line, comment and blank kept as it was."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("the file has no front matter between '---' lines")
    lines = match["yaml"].split("\n")[:-1]
    for key, value in values.items():
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        at = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
        if at is None:
            lines.append(f"{key}: {value}")
        else:
            lines[at] = f"{key}: {value}"
    return "---\n" + "\n".join(lines) + "\n---\n" + text[match.end() :]


def approval_values(reviewer: str, day: dt.date, next_review: dt.date) -> dict[str, str]:
    return {
        "review_status": "approved",
        "reviewed": day.isoformat(),
        "next_review": next_review.isoformat(),
        "reviewer": yaml_text(reviewer),
    }
