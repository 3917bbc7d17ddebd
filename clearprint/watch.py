"""--watch: rebuild what an edited file affects each time one is saved, and keep going
after errors. The incremental build decides what is affected (see incremental/digests.py)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .pdf.workers import Workers
from .pipeline import BuildOptions, Result, build
from .problems import UsageError

WATCHED = ("handouts", "clinics", "templates", "styles", "rules")


def changes(root: Path) -> Iterable[set]:
    """Batches of changed files, from the operating system's file events."""
    from watchfiles import watch as watch_files

    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    yield from watch_files(*folders, debounce=100, step=20, rust_timeout=0)


def watch(
    root: Path,
    options: BuildOptions,
    summary: Callable[[Result], int],
    progress: Callable[[int, int, str], None] | None = None,
    batches: Iterable[set] | None = None,
) -> int:
    """Build once, then again after every batch of changes until Ctrl-C or SIGTERM. The rendering
    processes stay running between builds, so a rebuild does not wait for them to start."""
    with Workers(root.resolve(), options.jobs) as workers:
        workers.prepare(workers.processes)  # started now, warm for the first save
        status = _run(root, options, summary, progress, workers)
        print(f"Watching {', '.join(WATCHED)} for changes (Ctrl-C to stop).", file=sys.stderr)
        # Ctrl-C and SIGTERM leave through here: the workers are stopped at once on the way out.
        for batch in batches if batches is not None else changes(root):
            names = sorted({Path(p).name for _, p in batch})
            print(f"Changed: {', '.join(names)}", file=sys.stderr)
            status = _run(root, options, summary, progress, workers)
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
