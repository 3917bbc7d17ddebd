"""One build at a time writes into an output folder."""

from __future__ import annotations

import fcntl
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".clearprint.lock"


@contextmanager
def locked(out: Path, say: Callable[[str], None] = lambda text: print(text, file=sys.stderr)) -> Iterator[None]:
    """Hold the output folder for one build; a second build waits for the first to finish
    (the lock goes with the process, so a build that was killed never blocks the next)."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Another build is writing to {out}; waiting for it to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
