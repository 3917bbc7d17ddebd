"""A hard memory ceiling for one template render, behind the measured operations of
template_sizes.py: while a template renders, this process may grow by at most CEILING_BYTES of
address space (RLIMIT_AS, lowered for the render and put back after it). An allocation past it
fails at once with MemoryError, which render_template reports at the template's line; nothing
is swapped and no other program on the machine is starved.

A render of the samples grows the address space by at most 1.1 MB (measured); the measured operations stop
a template long before the ceiling, so reaching it means something they do not count.
"""

from __future__ import annotations

import os
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager

CEILING_BYTES = 512 * 1024 * 1024


def _address_space() -> int | None:
    """This process's address space in bytes now (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def ceiling(extra: int | None = None) -> Iterator[None]:
    """Let the process grow by at most `extra` (CEILING_BYTES) bytes while the block runs. No
    ceiling off the main thread (a ceiling is for the whole process) or where the address space
    cannot be read; a lower limit already in force stays."""
    now = _address_space() if threading.current_thread() is threading.main_thread() else None
    if now is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + (CEILING_BYTES if extra is None else extra)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
