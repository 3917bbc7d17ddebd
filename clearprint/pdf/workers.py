"""Render PDFs on every core, under supervision.

Each worker process imports WeasyPrint once and keeps its font configuration and parsed
stylesheets from one document to the next. A small supervisor (not multiprocessing.Pool,
which hangs for ever when a worker dies and has no time limit) hands out one job at a
time and watches every worker:

- a worker that dies (a crash, the kernel's out-of-memory killer, an exception that is not
  an Exception) fails its one job and is replaced; the other jobs go on;
- a job that takes longer than RENDER_SECONDS is killed and fails with a clear message;
- a worker is replaced after DOCUMENTS_PER_WORKER documents, so memory stays bounded;
- Ctrl-C and SIGTERM stop every worker at once and remove their half-written files.

With one process (or one document) the jobs run in this process, under the same time limit.
"""

from __future__ import annotations

import importlib
import multiprocessing
import resource
import signal
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import temporary_file
from ..limits import RenderTimeout, time_limit
from ..problems import system_error

if TYPE_CHECKING:
    from ..models import Colors
    from .drawn import Drawn

DOCUMENTS_PER_WORKER = 200  # a worker's memory grows about 2 MB per 100 documents (measured)
RENDER_SECONDS = 60  # one handout renders in well under 2 s; a minute means something is wrong


@dataclass(frozen=True)
class Job:
    key: str
    html: str
    stylesheets: tuple[str, ...]  # paths under the root, kept parsed by the worker
    font: str
    target: Path
    pages: int | None = None
    bleed: bool = False
    denied: tuple[Path, ...] = ()  # folders the renderer must never read (the output folder)
    colors: Colors | None = None  # the clinic's, for the reserved colours of project drawings
    inspect: bool = False  # return what was drawn (drawn.py) with the result


@dataclass(frozen=True)
class Done:
    key: str
    target: Path
    messages: tuple[str, ...] = ()
    # "refused", "overflow", "timeout", "died", "system" (a file-system error) or "crash" (a bug)
    error: str | None = None
    detail: str = ""
    peak_mb: float = 0.0  # the worker's peak resident memory so far
    reads: tuple[str, ...] = ()  # files under the project root that the renderer read
    where: str | None = None  # the file to fix, when it is not the handout (a clinic stylesheet)
    url: str | None = None  # a refused URL, to find the clinic template that wrote it (refused_source.py)
    overflow_at: tuple[str | None, str] | None = None  # overflow: the section and text of the first line too many
    drawn: Drawn | None = None  # what was drawn, for a job with `inspect`
    value: object = None  # what a Call's function returned


@dataclass(frozen=True)
class Call:
    """Work of the main process done on a worker instead (it returns plain data): the function
    `module:name` called with `args` (all picklable); its result is the Done's `value`. The
    workers know nothing of what it does (the checks' web page styles: writers/sites.py)."""

    key: str
    function: str
    args: tuple = ()
    target: Path = Path()  # nothing is written


def call(job: Call) -> Done:
    """Run a Call in this process; an exception becomes a Done with the error "crash"."""
    try:
        module, _, name = job.function.partition(":")
        value = getattr(importlib.import_module(module), name)(*job.args)
        return Done(job.key, job.target, peak_mb=_peak_mb(), value=value)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        return Done(job.key, job.target, error="crash", detail=f"{type(exc).__name__}: {exc}", peak_mb=_peak_mb())


_renderer = None


def _start(root: Path) -> None:
    global _renderer
    from .renderer import Renderer

    _renderer = Renderer(root)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render(job: Job, seconds: float = RENDER_SECONDS) -> Done:
    """Render one job in this process; every failure becomes a Done with an error."""
    from .fetcher import RefusedURL
    from .overflow import DoesNotFit

    def failed(kind: str, detail: str, where: str | None = None) -> Done:
        return Done(job.key, job.target, error=kind, detail=detail, peak_mb=_peak_mb(), where=where)

    try:
        messages, reads = _renderer.write(
            job.html, job.font, job.target, job.stylesheets, job.pages, job.bleed, job.denied, job.colors,
            inspect=job.inspect,
        )  # fmt: skip
        drawn = _renderer.drawn if job.inspect else None
        return Done(job.key, job.target, tuple(messages), peak_mb=_peak_mb(), reads=tuple(reads), drawn=drawn)
    except DoesNotFit as exc:
        return replace(failed("overflow", str(exc)), overflow_at=(exc.section, exc.text))
    except RefusedURL as exc:
        return replace(failed("refused", str(exc), exc.where), url=exc.url)
    except RenderTimeout:
        signal.setitimer(signal.ITIMER_REAL, 0)  # stop the repeating timer of _in_process at once
        return failed("timeout", f"rendering took longer than {seconds:g} s and was stopped")
    except RecursionError:
        return failed("refused", "the page is nested too deeply to lay out; simplify its lists and boxes")
    except MemoryError:
        return failed("refused", "rendering ran out of memory; make the handout or its images smaller")
    except OSError as exc:
        return failed("system", system_error(exc, job.target))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a bug: report it with its traceback, keep building the others
        return failed("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")


def _in_process(job: Job | Call, seconds: float) -> Done:
    """Render in this process, stopped by a timer signal after `seconds`."""
    if isinstance(job, Call):
        return call(job)
    with time_limit(seconds):
        return render(job, seconds)


def _serve(connection: Connection, root: Path) -> None:
    """A worker process: render the jobs it is sent until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the supervisor to handle
    _start(root)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return  # the supervisor has gone
        if job is None:
            return
        connection.send(call(job) if isinstance(job, Call) else render(job))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    done: int = 0  # documents rendered
    job: Job | Call | None = None
    started: float = 0.0


class Workers:
    """Renders the jobs of a build, or of a watch session: in this process when there is
    one process or one job, otherwise on worker processes kept until the end of the `with`
    block, so the catalogues after the handouts, and watch mode's next rebuild, find the
    workers warm."""

    def __init__(self, root: Path, processes: int, seconds: float = RENDER_SECONDS) -> None:
        self.root = root
        self.processes = processes
        self.seconds = seconds
        self.started = 0  # worker processes started so far (tests read it)
        self._workers: list[_Worker] = []
        self._context = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.stop(at_once=kind is not None)

    def prepare(self, count: int) -> None:
        """Start the workers now if `count` documents will need them, so that they load
        the renderer while this process does other work."""
        if self.processes > 1 and count > 1:
            while len(self._workers) < min(self.processes, count):
                self._workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload(
                ["clearprint.pdf.renderer"]
            )  # WeasyPrint imported once, by the fork server
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self.root), daemon=True)
        process.start()
        theirs.close()
        self.started += 1
        return _Worker(process, ours)

    def _retire(self, worker: _Worker, kill: bool) -> None:
        """Stop a worker; a killed worker's half-written file is removed."""
        if kill:
            worker.process.kill()
        else:
            try:
                worker.connection.send(None)
            except OSError:
                pass
        worker.process.join(timeout=None if kill else 2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        if isinstance(worker.job, Job):
            temporary_file(worker.job.target, worker.process.pid).unlink(missing_ok=True)
        worker.connection.close()
        if worker in self._workers:
            self._workers.remove(worker)

    @property
    def running(self) -> bool:
        """Whether worker processes are started (a Call is then worth sending them)."""
        return bool(self._workers)

    def stop(self, at_once: bool = False) -> None:
        for worker in list(self._workers):
            self._retire(worker, kill=at_once or worker.job is not None)

    def render(self, jobs: Iterable[Job | Call]) -> Iterator[Done]:
        """Render `jobs` (a list, or a generator that makes each job while the workers render
        the ones before it), yielding each result as it comes."""
        jobs = iter(jobs)
        first = list(islice(jobs, 1 if self._workers else 2))  # started workers take the first job at once
        if not first:
            return  # a build with nothing to render never imports the renderer
        jobs = chain(first, jobs)
        self.prepare(len(first))
        if not self._workers:
            for job in jobs:
                if isinstance(job, Job) and (_renderer is None or _renderer.root != self.root.resolve()):
                    _start(self.root)
                yield _in_process(job, self.seconds)
            return
        yield from self._supervise(jobs)

    def _supervise(self, jobs: Iterator[Job | Call]) -> Iterator[Done]:
        """Hand out the jobs one at a time. While every worker is busy, this process makes the
        next jobs (up to one per worker, ready for whichever worker finishes first)."""
        ready: deque[Job | Call] = deque()
        more = True
        while True:
            for worker in self._workers:
                if worker.job is None and ready:
                    worker.job, worker.started = ready.popleft(), time.monotonic()
                    worker.connection.send(worker.job)
            making = more and len(ready) < len(self._workers)
            if making:
                job = next(jobs, None)
                if job is None:
                    more = making = False
                else:
                    ready.append(job)
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                if ready or more:
                    continue
                return
            deadline = min(w.started for w in busy) + self.seconds
            done = wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy],
                timeout=0.0 if making else max(0.0, deadline - time.monotonic()),
            )
            for worker in busy:
                result = self._collect(worker, done)
                if result is not None:
                    yield result

    def _collect(self, worker: _Worker, ready: list) -> Done | None:
        """The worker's result if it has one; a failure if it died or ran out of time."""
        job = worker.job
        assert job is not None
        if worker.connection in ready:
            try:
                done = worker.connection.recv()
            except (EOFError, OSError):
                done = None
            if done is not None:
                worker.job, worker.done = None, worker.done + 1
                if worker.done >= DOCUMENTS_PER_WORKER:
                    self._replace(worker, kill=False)
                return done
        if worker.process.sentinel in ready or worker.connection in ready:  # it died
            self._replace(worker, kill=True)
            detail = f"the rendering process stopped ({_exit(worker.process.exitcode)})"
            return Done(job.key, job.target, error="died", detail=detail)
        if time.monotonic() - worker.started >= self.seconds:
            self._replace(worker, kill=True)
            detail = f"rendering took longer than {self.seconds:g} s and was stopped"
            return Done(job.key, job.target, error="timeout", detail=detail)
        return None

    def _replace(self, worker: _Worker, kill: bool) -> None:
        index = self._workers.index(worker)
        self._retire(worker, kill)
        self._workers.insert(index, self._spawn())


def _exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
