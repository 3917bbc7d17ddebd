"""Writing files so that a reader never sees half of one: the one atomic writer."""

from __future__ import annotations

import os
from pathlib import Path

from .safe_io import read_regular, save_private


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`; a file that
    already holds `text` is left alone, so a build that changed nothing writes nothing."""
    write_atomically(path, text.encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """As `write_text_atomically`, for bytes."""
    try:
        if read_regular(path) == data:  # never blocks on a FIFO put where the file goes
            return
    except OSError:
        pass
    save(path, data, sync=False)


def temporary_file(path: Path, pid: int | None = None) -> Path:
    """Where a process writes `path` before renaming it (a killed renderer's is removed by
    its supervisor, pdf/workers.py)."""
    return path.with_name(f".{path.name}.{os.getpid() if pid is None else pid}.tmp")


def save(path: Path, data: bytes, private: bool = False, sync: bool = True) -> None:
    """Write `data` to `path` whole or not at all: into a new temporary file beside it (readable
    by its owner only when `private`: an aftercare sheet), flushed to the disk (`sync`), then
    renamed over `path`. A private file is written inside its folder opened once without
    following a link (safe_io.save_private: O_NOFOLLOW), as the sheet always was."""
    if private:
        save_private(path, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_file(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
