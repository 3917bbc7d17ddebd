"""A time limit on work in this process: a template, the checks of one output, one render
(pdf/workers.py supervises its processes with timeouts of its own)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RenderTimeout(BaseException):
    """Raised in this process by the time limit; a BaseException, so no `except Exception`
    inside the renderer can swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderTimeout in this process after `seconds` (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield  # not the main thread, or a limit is already running (a template inside a render)
        return

    def expire(signum, frame):
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    # Fire again every 0.1 s after the limit: a raise that lands in a finaliser (__del__ during
    # garbage collection) is swallowed by Python, and the next one stops the work.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
