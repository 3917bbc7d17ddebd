"""Problems found in content and settings, reported as `file:line: severity: message`.

A problem is a user's mistake, never a bug: it carries a location and a sentence a
practice manager can act on, and the build collects every one before it stops.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
# Control characters, line and paragraph separators, and the invisible format characters that
# reorder or hide text (bidi overrides, zero-width spaces): never printed raw in a problem.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the project root, with forward slashes
    line: int | None
    message: str
    severity: Severity = "error"
    col: int | None = None
    rule: str | None = None  # content checks name their rule, e.g. claim-absolute-safety

    def __post_init__(self) -> None:
        # The one place every problem passes: a file name or message with a line break or a
        # bidi control in it is shown escaped, so no one can forge a line of the report
        # ("en\nfake.md:1: ok: built") with a file name.
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        kind = f"{self.severity} {self.rule}" if self.rule else self.severity
        return f"{where}: {kind}: {self.message}"

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("file", "line", "col", "severity", "rule", "message")}


def one_line(message: str) -> str:
    """A message quotes what a person wrote; a newline or control character in it is shown
    escaped (`\\n`), so that every problem stays one line."""
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], message)


class ContentError(Exception):
    """Raised by a stage when one input cannot be used; carries its problems."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


class Problems:
    """The problems of one run, in the order found, without repeats."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._items: dict[Problem, None] = {}

    def rel(self, path: Path) -> str:
        root = self.root.resolve()
        # A link is named by where it is, not by where it points (which may not exist).
        for candidate in (Path(os.path.abspath(path)), path.resolve()):
            if candidate.is_relative_to(root):
                return candidate.relative_to(root).as_posix()
        return path.as_posix()

    def add(
        self,
        path: Path,
        line: int | None,
        message: str,
        severity: Severity = "error",
        col: int | None = None,
        rule: str | None = None,
    ) -> Problem:
        problem = Problem(self.rel(path), line, one_line(message), severity, col, rule)
        self._items[problem] = None
        return problem

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self._items[problem] = None

    def error(self, path: Path, line: int | None, message: str, col: int | None = None) -> ContentError:
        """Record an error and return the exception that stops work on this input."""
        return ContentError(self.add(path, line, message, "error", col))

    @property
    def items(self) -> list[Problem]:
        return list(self._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    def __len__(self) -> int:
        return len(self._items)


class UsageError(Exception):
    """The command line asked for something that does not exist (exit code 2)."""


def system_error(exc: OSError, target: Path) -> str:
    """An operating-system error in words a practice manager can act on."""
    import errno

    where = exc.filename or target
    if exc.errno == errno.ENOSPC:
        return f"the disk is full, so {where} could not be written; free some space and build again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write {where}; check that the output folder is writable (or use --out)"
    if exc.errno == errno.EISDIR or (target.exists() and target.is_dir()):
        return f"there is a folder where the PDF should go ({target}); remove or rename it"
    return f"could not write {where}: {exc.strerror or exc}"
