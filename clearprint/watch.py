"""--watch: rebuild what an edited file affects each time one is saved, and keep going
after errors. The incremental build decides what is affected (see incremental/digests.py)."""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .pdf.workers import Workers
from .pipeline import BuildOptions, Result, build
from .problems import UsageError

WATCHED = ("handouts", "clinics", "templates", "styles", "rules")


class Changes:
    """Batches of changed files, from the operating system's file events, watched from the
    moment this is made: made before the first build, a file saved while that build runs is
    the first batch (when the watch started after the build, such a save was never seen)."""

    def __init__(self, root: Path) -> None:
        from watchfiles import watch as watch_files

        folders = [root / name for name in WATCHED if (root / name).is_dir()]
        self._stop, ready = threading.Event(), threading.Event()
        self._batches: queue.Queue = queue.Queue()

        def run() -> None:
            try:  # an empty batch comes every 100 ms without events: the first says it is watching
                for batch in watch_files(
                    *folders, debounce=100, step=20, rust_timeout=100, yield_on_timeout=True,
                    stop_event=self._stop, raise_interrupt=False,
                ):  # fmt: skip
                    ready.set()
                    if batch:
                        self._batches.put(batch)
            except Exception as exc:  # e.g. a folder gone: said where the batches are read
                self._batches.put(exc)
            finally:
                ready.set()

        threading.Thread(target=run, name="clearprint-watch", daemon=True).start()
        ready.wait(10)

    def __iter__(self) -> Iterator[set]:
        while True:
            try:
                batch = self._batches.get(timeout=0.2)  # a timeout, so that Ctrl-C reaches this thread
            except queue.Empty:
                continue
            if isinstance(batch, Exception):
                raise batch
            yield batch

    def close(self) -> None:
        self._stop.set()


def watch(
    root: Path,
    options: BuildOptions,
    summary: Callable[[Result], int],
    progress: Callable[[int, int, str], None] | None = None,
    batches: Iterable[set] | None = None,
) -> int:
    """Build once, then again after every batch of changes until Ctrl-C or SIGTERM. The rendering
    processes stay running between builds, so a rebuild does not wait for them to start."""
    watched = Changes(root) if batches is None else None  # before the first build: its saves count
    try:
        with Workers(root.resolve(), options.jobs) as workers:
            workers.prepare(workers.processes)  # started now, warm for the first save
            status = _run(root, options, summary, progress, workers)
            print(f"Watching {', '.join(WATCHED)} for changes (Ctrl-C to stop).", file=sys.stderr)
            # Ctrl-C and SIGTERM leave through here: the workers are stopped at once on the way out.
            for batch in batches if batches is not None else watched:
                names = sorted({Path(p).name for _, p in batch})
                print(f"Changed: {', '.join(names)}", file=sys.stderr)
                status = _run(root, options, summary, progress, workers)
    finally:
        if watched is not None:
            watched.close()
    return status


def _run(root: Path, options: BuildOptions, summary, progress, workers: Workers) -> int:
    start = time.perf_counter()
    try:
        status = summary(build(root, options, progress, workers))
    except UsageError:
        raise
    except Exception as exc:  # keep watching: the next save may fix it
        print(f"build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"Rebuilt in {time.perf_counter() - start:.2f} s.", file=sys.stderr)
    return status
