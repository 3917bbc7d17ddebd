"""The rule patterns compiled by an earlier run, kept under out/ (`build.py check`): compiling
the claim rules' 600-odd regular expressions with the standard library's parser and compiler
was the largest single cost of a check that had nothing else to do again.

What is kept is what the standard library's compiler made of each pattern (the same code,
group count and names that `re.compile` passes to `_sre.compile`) and the strings one of
which every match contains (checks/claims_prefilter.py `needles`), for this exact Python
(its version and the regex engine's magic number). A pattern is looked up by its text and
flags, so an edited rule is a new pattern, compiled and added; a file from another Python,
damaged or not JSON, is ignored and written again. Nothing here decides what a pattern
matches: a kept pattern is the one compiled before, and one that fails to load is compiled.
"""

from __future__ import annotations

import _sre
import base64
import binascii
import json
import os
import sys
from array import array
from pathlib import Path

FILE = ".clearprint-patterns.json"
PYTHON = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"

# flags, code, groups - 1, group names -> index, index -> name, needles (None: cannot tell)
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...], list[str] | None]

_kept: dict[str, Entry] = {}  # by `key`: what this process compiled, or loaded and found sound
_read: dict[str, object] = {}  # by `key`: what the files held, looked at only when asked for
_used: set[str] = set()  # the keys this process asked for
_fresh: set[str] = set()  # the keys this process compiled (a file's entry that failed to load among them)
_written: dict[Path, frozenset[str]] = {}  # the keys each file read or written holds
MOST = 5_000  # a file holding more (rules edited many times) keeps only what the last run used
_CODE = next(t for t in "IL" if array(t).itemsize == _sre.CODESIZE)  # the engine's code words


def key(pattern: str, flags: int) -> str:
    return f"{flags}:{pattern}"


def get(pattern: str, flags: int) -> Entry | None:
    name = key(pattern, flags)
    _used.add(name)
    if name not in _kept and name in _read:
        entry = _entry(_read.pop(name))
        if entry is not None:
            _kept[name] = entry
    return _kept.get(name)


def put(pattern: str, flags: int, entry: Entry) -> None:
    name = key(pattern, flags)
    _used.add(name)
    _fresh.add(name)
    _kept[name] = entry


def use(out: Path) -> None:
    """Read `out`'s file, if any; its entries are checked when asked for."""
    path = out / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return
    if not isinstance(data, dict) or data.get("python") != PYTHON or not isinstance(data.get("patterns"), dict):
        return
    for name, entry in data["patterns"].items():
        if name not in _kept:
            _read[name] = entry
    _written[path] = frozenset(data["patterns"])


def _entry(raw: object) -> Entry | None:
    """A file's entry as `_sre.compile` takes it, or None when it is not one."""
    if not isinstance(raw, list) or len(raw) != 6:
        return None
    flags, code, groups, index, names, needles = raw
    if not (
        isinstance(flags, int)
        and isinstance(code, str)
        and isinstance(groups, int)
        and isinstance(index, dict)
        and all(isinstance(k, str) and isinstance(v, int) for k, v in index.items())
        and isinstance(names, list)
        and all(n is None or isinstance(n, str) for n in names)
        and (needles is None or (isinstance(needles, list) and all(isinstance(n, str) for n in needles)))
    ):
        return None
    try:
        words = array(_CODE)
        words.frombytes(base64.b64decode(code, validate=True))
    except (ValueError, binascii.Error):
        return None
    return flags, words.tolist(), groups, index, tuple(names), needles


def save(out: Path) -> None:
    """Add to `out`'s file what this process used that the file lacks (nothing is written when
    it lacks nothing)."""
    path = out / FILE
    held = _written.get(path, frozenset())
    wanted = {name for name in _used if name in _kept}
    if wanted <= held and not _fresh & held:
        return
    names = {
        name for name in (held | wanted if len(held | wanted) <= MOST else wanted) if name in _kept or name in _read
    }
    body = json.dumps({"python": PYTHON, "patterns": {name: _stored(name) for name in sorted(names)}})
    try:
        out.mkdir(parents=True, exist_ok=True)
        temporary = out / f"{FILE}.{os.getpid()}.tmp"
        temporary.write_text(body, encoding="utf-8")
        os.replace(temporary, path)
        _written[path] = frozenset(names)
    except OSError:
        pass  # compiled again next time


def _stored(name: str) -> object:
    if name not in _kept:
        return _read[name]  # as the file held it
    flags, code, groups, index, names, needles = _kept[name]
    return [flags, base64.b64encode(array(_CODE, code).tobytes()).decode("ascii"), groups, index, list(names), needles]
