"""Render PDFs on every core: worker processes import WeasyPrint once, keep their font
configuration and parsed stylesheets, and are replaced after a number of documents so
memory stays bounded. One failing output never stops the others."""

from __future__ import annotations

import multiprocessing
import resource
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DOCUMENTS_PER_WORKER = 200  # a worker's memory grows about 2 MB per 100 documents (measured)


@dataclass(frozen=True)
class Job:
    key: str
    html: str
    stylesheets: tuple[str, ...]  # paths under the root, kept parsed by the worker
    font: str
    target: Path
    pages: int | None = None
    bleed: bool = False


@dataclass(frozen=True)
class Done:
    key: str
    target: Path
    messages: tuple[str, ...] = ()
    error: str | None = None  # "refused", "overflow" or "crash", with `detail`
    detail: str = ""
    peak_mb: float = 0.0  # the worker's peak resident memory so far


_renderer = None


def _start(root: Path) -> None:
    global _renderer
    from .pdf import Renderer

    _renderer = Renderer(root)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render(job: Job) -> Done:
    """Runs in a worker (or in this process with one job at a time)."""
    from .pdf import DoesNotFit, RefusedURL

    try:
        messages = _renderer.write(job.html, job.font, job.target, job.stylesheets, job.pages, job.bleed)
        return Done(job.key, job.target, tuple(messages), peak_mb=_peak_mb())
    except DoesNotFit as exc:
        return Done(job.key, job.target, error="overflow", detail=str(exc), peak_mb=_peak_mb())
    except RefusedURL as exc:
        return Done(job.key, job.target, error="refused", detail=str(exc), peak_mb=_peak_mb())
    except Exception as exc:  # a bug: report it with its traceback, keep building the others
        return Done(job.key, job.target, error="crash", detail=f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")


class Workers:
    """Renders the jobs of a build, or of a watch session: in this process when there is
    one process or one job, otherwise in a pool of worker processes kept until the end of
    the `with` block, so the catalogues after the handouts, and watch mode's next rebuild,
    find the workers warm."""

    def __init__(self, root: Path, processes: int) -> None:
        self.root = root
        self.processes = processes
        self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:  # every result has been read (or the build is failing): stop at once
            self._pool.terminate()

    def prepare(self, count: int) -> None:
        """Start the pool now if `count` documents will need it, so that the workers load
        the renderer while this process does other work."""
        if self._pool is None and self.processes > 1 and count > 1:
            # multiprocessing.Pool, not ProcessPoolExecutor: on Python 3.11 the executor can
            # hang when it replaces a worker that reached max_tasks_per_child.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["clearprint.pdf"])  # WeasyPrint imported once, by the fork server
            size = min(self.processes, count)
            self._pool = context.Pool(size, _start, (self.root,), maxtasksperchild=DOCUMENTS_PER_WORKER)

    def render(self, jobs: list[Job]) -> Iterator[Done]:
        if not jobs:
            return  # a build with nothing to render never imports the renderer
        self.prepare(len(jobs))
        if self._pool is None:
            if _renderer is None or _renderer.root != self.root.resolve():
                _start(self.root)
            for job in jobs:
                yield render(job)
            return
        yield from self._pool.imap_unordered(render, jobs)
