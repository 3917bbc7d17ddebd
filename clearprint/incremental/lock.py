"""One build at a time writes into an output folder."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..problems import UsageError
from ..safe_io import open_regular

LOCK = ".clearprint.lock"


@contextmanager
def locked(out: Path, say: Callable[[str], None] = lambda text: print(text, file=sys.stderr)) -> Iterator[None]:
    """Hold the output folder for one build; a second build waits for the first to finish
    (the lock goes with the process, so a build that was killed never blocks the next)."""
    out.mkdir(parents=True, exist_ok=True)
    try:  # a FIFO or device put where the lock goes would block the open forever
        fd = open_regular(out / LOCK, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise UsageError(
            f"{out / LOCK} cannot be used as the build's lock ({reason}): it must be a regular file; delete it"
        ) from None
    with os.fdopen(fd, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Another build is writing to {out}; waiting for it to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        refuse_links(out)
        yield


def refuse_links(out: Path) -> None:
    """A link inside the output folder is refused before anything is written: a folder link
    (out/<clinic>/site -> elsewhere, planted or committed with a clinic's files) would have the
    build write, and remove stale files, wherever it points (round-8 attack, case 55). The
    output folder itself may be a link (to another disk): what is in it may not."""
    links = []
    for folder, folders, files in os.walk(out):  # never follows a link
        links += [Path(folder) / name for name in (*folders, *files) if (Path(folder) / name).is_symlink()]
    if links:
        shown = "; ".join(f"{link} -> {os.readlink(link)}" for link in sorted(links)[:3])
        more = f" and {len(links) - 3} more" if len(links) > 3 else ""
        raise UsageError(
            f"{shown}{more}: a link inside the output folder would have the build write or delete "
            f"where it points; Clearprint writes only real files and folders in {out}: remove the link"
        )
