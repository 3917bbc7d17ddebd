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
        if not _in_finaliser(frame):  # there Python would swallow it: the next firing stops the work
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


def _in_finaliser(frame) -> bool:
    """Whether the signal landed in a finaliser (`__del__`, a weakref finaliser) or in the hook that
    reports an exception raised in one: an exception raised there is not propagated."""
    depth = 0
    while frame is not None and depth < 64:
        code = frame.f_code
        if code.co_name == "__del__" or (code.co_name == "__call__" and code.co_filename.endswith("weakref.py")):
            return True
        if code.co_name == "unraisablehook" or code.co_filename.endswith("unraisableexception.py"):
            return True
        frame, depth = frame.f_back, depth + 1
    return False


# Sizes of the text files a clinic writes, far above honest use and far below what would keep a
# parser busy for minutes (a 30 MB template took Jinja longer than anyone waits). Read at each
# use (`limits.MAX_TEMPLATE_BYTES`), so a test may lower one. Markdown has its own limit
# (content/read.py MAX_MARKDOWN_BYTES); images and fonts theirs (pdf/fetcher.py MAX_BYTES).
MAX_TEMPLATE_BYTES = 256 * 1024  # Clearprint's largest template is under 10 KB
MAX_STYLESHEET_BYTES = 256 * 1024  # its largest stylesheet is about 11 KB
MAX_SETTINGS_BYTES = 1024 * 1024  # YAML settings and rule files: the largest, claims.en.yaml, is 60 KB
