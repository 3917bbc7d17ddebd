"""Reading and writing files the build owns without ever blocking or following a swapped link.

A FIFO or a device put where the manifest, the lock or a site file goes would make a plain
`read_bytes()` wait forever (or read /dev/zero until memory runs out): these read regular
files only and refuse anything else with an OSError, opened without blocking.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotRegular(OSError):
    """A FIFO, device, socket or folder where a file was expected."""


class TooLarge(OSError):
    """A file over the size limit of its kind (`size`, `limit` in bytes)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"{_size(size)}, more than the limit of {_size(limit)}", str(path))
        self.size, self.limit = size, limit


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{-(-count // 1024)} KB"


def not_regular(path: Path) -> OSError:
    return NotRegular(errno.EINVAL, "not a regular file (a FIFO, device or socket?); delete it", str(path))


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a file a clinic wrote (a link is followed: the caller decides where it may
    lead): a regular file only, opened without blocking, so a FIFO, a device, a socket or a
    folder is a NotRegular error at once, never a wait or an endless read; past `limit` bytes
    a TooLarge error, told by the file's size before anything is read."""
    with open_file(path, limit) as handle:
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:  # it grew while being read
        raise TooLarge(path, len(data), limit)
    return data


def open_file(path: Path, limit: int | None = None) -> BinaryIO:
    """`read_file`'s checks, then the file opened for reading (a link is followed)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise NotRegular(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(path)
        if limit is not None and info.st_size > limit:
            raise TooLarge(path, info.st_size, limit)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def open_regular(path: Path, flags: int = os.O_RDONLY, mode: int = 0o644, dir_fd: int | None = None) -> int:
    """A descriptor of a regular file (created with `flags` | O_CREAT as asked), never blocking
    on a FIFO and never following a link in its last component."""
    fd = os.open(path, flags | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW, mode, dir_fd=dir_fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular(path)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; OSError for anything else (or a link)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def save_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` (readable by its owner only), whole or not at all, in the folder
    as it is opened now: the folder is opened once without following a link, and the file is
    created and renamed inside that open folder (`dir_fd`), so a link swapped in after the
    destination was checked is never followed. Raises OSError (permission, disk full...)."""
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    tmp = f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        finally:
            try:
                os.unlink(tmp, dir_fd=folder)
            except FileNotFoundError:
                pass
    finally:
        os.close(folder)
