"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
from pathlib import Path

from .safe_io import read_regular


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`; a file that
    already holds `text` is left alone, so a build that changed nothing writes nothing."""
    write_atomically(path, text.encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    try:
        if read_regular(path) == data:  # never blocks on a FIFO put where the file goes
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
