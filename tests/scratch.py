"""The small test project at one path, put back as it was before each use.

Property-based tests try hundreds of projects. Copying the project into a new temporary
folder for each one cost more than checking it: every file Clearprint parses once per
process while it is unchanged (the claim rules, language data, compiled templates; keyed by
path, modification time and size) was parsed again for each new path. Here each example gets
the same path, with `handouts/` and `clinics/` (what the tests change) copied afresh and
everything else the tests made removed; the project's own folders (templates, styles,
rules) are kept while they are exactly as copied, and copied again if anything changed
them, so no example sees another's changes.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from conftest import PROJECT_FOLDERS, make_project


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def _signature(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under `folder` (links not followed): mode, size and modification time."""
    found = {}
    for base, dirs, names in os.walk(folder):
        for name in dirs + names:
            stat = os.lstat(os.path.join(base, name))
            found[os.path.relpath(os.path.join(base, name), folder)] = (stat.st_mode, stat.st_size, stat.st_mtime_ns)
    return found


class Scratch:
    """A pristine copy of the small test project, and a working copy at a fixed path."""

    def __init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="clearprint-scratch-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        self.pristine = make_project(folder / "pristine" / "project")
        self.root = folder / "work" / "project"  # alone in its folder: tests look at root.parent
        self._kept: dict[str, dict[str, tuple[int, int, int]]] = {}

    def reset(self) -> Path:
        """The working copy, exactly as the pristine project (and nothing beside it)."""
        self.root.parent.mkdir(parents=True, exist_ok=True)
        for entry in self.root.parent.iterdir():
            if entry != self.root:
                _remove(entry)
        if self.root.is_symlink() or self.root.is_file():
            _remove(self.root)
        self.root.mkdir(exist_ok=True)
        for entry in self.root.iterdir():
            if (
                entry.name not in PROJECT_FOLDERS
                or entry.is_symlink()
                or _signature(entry) != self._kept.get(entry.name)
            ):
                _remove(entry)
        for entry in sorted(self.pristine.iterdir()):
            if not (self.root / entry.name).exists():
                shutil.copytree(entry, self.root / entry.name, symlinks=True)
                if entry.name in PROJECT_FOLDERS:
                    self._kept[entry.name] = _signature(self.root / entry.name)
        return self.root


@functools.cache
def _scratch() -> Scratch:
    return Scratch()


@contextlib.contextmanager
def scratch_project() -> Iterator[Path]:
    """The small test project (conftest.make_project), always at the same path: a test may
    change anything in it; the next use finds it as new."""
    yield _scratch().reset()
