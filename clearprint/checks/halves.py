"""Work on two cores without a pool: the second half of a list in a forked copy of this
process while this one does the first half (`build.py check`, which starts no rendering
workers: a pool's start-up would cost what the split saves).

A forked copy has everything this process loaded (rules, templates, caches) without loading
it again. What it returns comes back pickled; what it changes elsewhere (a cache in memory)
is lost with it, so the work must return all that matters. Never forked while other threads
run (`serve`'s watcher and server, a test runner's): a copy of a process with threads holds
their locks as they were.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


def in_halves(work: Callable[[Sequence[T]], R], items: Sequence[T], cut: int, fork: bool = True) -> tuple[R, R, bool]:
    """(work(items[:cut]), work(items[cut:]), whether a copy did the second): the second in a
    forked copy of this process, at the same time, when `fork` and `can_fork()`. A copy that
    fails (its work raised, or its result does not pickle) is not trusted: its half is done
    again here, where an error raises as it would have without the copy."""
    if not (fork and can_fork()) or cut <= 0 or cut >= len(items):
        return work(items[:cut]), work(items[cut:]), False
    read, write = os.pipe()
    frozen = gc.get_freeze_count()  # (a command may have frozen what it loaded for good: check_only)
    gc.freeze()  # the collector would touch, so copy, every object in both processes
    pid = os.fork()
    if pid == 0:  # the copy: its half, pickled to the pipe; never back into the caller's code
        code = 1
        try:
            os.close(read)
            data = pickle.dumps(work(items[cut:]), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write)
    if not frozen:
        gc.unfreeze()
    try:
        first = work(items[:cut])
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if pid:  # this half raised (or was interrupted): the copy's work is not wanted
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return first, work(items[cut:]), False
    return first, pickle.loads(data), True
