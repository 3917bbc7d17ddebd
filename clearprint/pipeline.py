"""The whole build: load project -> plan outputs -> check content -> render HTML -> write PDFs.

Only what changed since the last build is checked and rendered (incremental/digests.py), on
worker processes (pdf/workers.py); each kind of file is written by its writer (writers/).

All content is loaded, checked and every HTML page rendered before the first PDF is
written, so a mistake anywhere is reported with the others and a bad handout never
stops the good ones. Checks run on planned outputs (not raw files) because what a
patient reads depends on the clinic: its section overrides, country rules and colours.

One build at a time writes into an output folder (a lock), and a build only ever
deletes files it wrote there itself (incremental/digests.py checks every path the manifest names).
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from .checks import Checker
from .checks.public import publishing
from .content.load import load_project
from .content.plan import plan, unmatched
from .incremental.lock import locked
from .incremental.manifest import Manifest
from .incremental.ocr_cache import OcrCache
from .incremental.stale import remove_leftovers, remove_stale
from .incremental.targets import plan_targets
from .models import Output, Project
from .options import BuildOptions, Selection
from .pdf.workers import Workers
from .problems import Problems, UsageError, system_error
from .writers import WRITERS
from .writers.page_check import check_pages
from .writers.reports import Reports
from .writers.state import BuildState, Result

__all__ = ["BuildOptions", "Result", "Selection", "build", "check_only"]


def build(
    root: Path,
    options: BuildOptions | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: Workers | None = None,
) -> Result:
    """Check everything, then render what changed since the last build, on `options.jobs` processes.

    `options.shard` (k, n) builds the k-th of n deterministic shares of the outputs; a build
    without `shard` afterwards takes in the shards' manifests and writes the catalogues.
    `workers`, when given, are used instead of starting new ones (watch mode keeps them
    warm between builds). Raises UsageError when the selection matches nothing."""
    start = time.perf_counter()
    options = options or BuildOptions()
    root, out = root.resolve(), options.output_folder(root.resolve())
    report = Problems(root)
    try:
        with locked(out):
            result = _build(root, out, options, progress, workers)
    except OSError as exc:  # the output folder: read-only, full, or a file where a folder should be
        result = Result(report)
        report.add(out, None, system_error(exc, out))
    result.seconds = time.perf_counter() - start
    return result


def _build(root: Path, out: Path, options: BuildOptions, progress, workers: Workers | None) -> Result:
    state = BuildState.open(root, out, options, progress)  # leftovers gone, manifest read
    project = load_project(root, state.report)
    outputs = _plan(project, state.report, options.selection)
    targets = plan_targets(project, outputs, options, WRITERS)
    remove_leftovers(out, {*state.manifest.entries, *(t.path for t in targets), state.manifest.path.name})
    with nullcontext(workers) if workers else Workers(root, options.jobs) as workers:
        changed = state.find_changed(targets)  # hashes: only what changed is checked and written
        workers.prepare(len(changed))  # the workers load the renderer while this process checks
        state.check(project, changed)  # each handout checked and judged just before its PDFs are made
        for writer in WRITERS:
            started = time.perf_counter()
            writer.write(state, [t for t in targets if t.kind == writer.kind], workers)
            state.finish_checks()  # the handouts' writer checks everything; the others read the results
            state.result.seconds_by_kind[writer.kind] = time.perf_counter() - started
    if not state.report.errors and not state.manifest.damaged:
        # A handout that failed to load is not "removed": keep its last good PDF.
        state.result.removed += remove_stale(state.manifest, targets, options, out, WRITERS)
    return state.close(options, len(outputs))


def check_only(
    root: Path,
    selection: Selection | None = None,
    today: dt.date | None = None,
    out: Path | None = None,
    ocr: OcrCache | None = None,
    again: bool = False,
    jobs: int = 1,
) -> Result:
    """Load, plan and check: everything but rendering (`build.py check`, serve's draft page,
    the aftercare sheet). The result holds the checks and the publishing verdicts. With
    `out`, each clinic's check report is written there, under the lock and in the manifest,
    as a build writes it, and what OCR reads in images is kept in the build's cache there
    (incremental/ocr_cache.py): a check reads an unchanged image no more than a build does.
    With `out`, an output the last build there made from the same inputs today is not checked
    again: its results are the ones the build recorded, as a build takes them (writers/state.py
    find_changed); `again` checks every output all the same.
    `ocr` overrides that cache (a command that writes no report may still read the build's).
    `jobs` 2 or more: the checks and the pages are read on two processes (checks/halves.py)."""
    start = time.perf_counter()
    root = root.resolve()
    report = Problems(root)
    project = load_project(root, report)
    if jobs > 1:  # a command that ends when the checks do (never serve): what it loaded lives to the end,
        gc.freeze()  # and the collector need not walk it again and again (about 0.3 s of 2.5)
    if ocr is None and out is not None:
        ocr = OcrCache(out.resolve())
    last_build = out.resolve() if out is not None and not again else None
    result = check_project(project, report, selection or Selection(), today, ocr, last_build, jobs > 1)
    # the web pages and catalogues, read as the build reads them before writing them
    check_pages(project, result.checks, result.verdicts, report, today or dt.date.today(), result.kept, jobs > 1)
    if out is not None:
        _write_reports(root, out.resolve(), project, result, today)
    result.seconds = time.perf_counter() - start
    return result


def check_project(
    project: Project,
    report: Problems,
    selection: Selection,
    today: dt.date | None = None,
    ocr: OcrCache | None = None,
    last_build: Path | None = None,
    fork: bool = False,
) -> Result:
    """`check_only` of a project already loaded: plan, check, and decide what may be published.
    `last_build`: the output folder whose build's results are taken for unchanged outputs;
    `fork`: half of the outputs are checked in a copy of this process (Checker.check_all)."""
    result = Result(report)
    result.planned = _plan(project, report, selection, empty_ok=True)
    kept = _kept(project, result.planned, last_build, today) if last_build is not None else None
    checker = Checker(project, report, today, ocr)  # one for the content and the publishing checks
    if kept is None:
        result.checks = checker.check_all(result.planned, fork)
        known = None
    else:
        changed = [o for o in result.planned if o.label not in kept.kept]
        fresh = {c.output.label: c for c in checker.check_all(changed, fork)}
        for output in result.planned:
            if output.label in kept.kept:
                report.extend(kept.kept[output.label].findings)
        found = kept.kept | fresh
        result.checks = [found[o.label] for o in result.planned if o.label in found]
        result.kept = [o.label for o in result.planned if o.label in kept.kept]
        known = kept.known_verdicts()
    result.processes = checker.processes
    result.verdicts = publishing(project, result.checks, report, today or dt.date.today(), known, checker)
    return result


def _kept(project: Project, outputs: list[Output], out: Path, today: dt.date | None) -> BuildState:
    """What the last build in `out` recorded: which of `outputs` it made from the same inputs and
    checked today, with their check results (BuildState.find_changed, as a build finds them)."""
    state = BuildState(project.root, out, today or dt.date.today(), False, False, Manifest.load(out, None))
    state.find_changed(plan_targets(project, outputs, BuildOptions(out, today=today), WRITERS))
    return state


def _write_reports(root: Path, out: Path, project: Project, checked: Result, today: dt.date | None) -> None:
    options = BuildOptions(out, today=today)
    with locked(out):
        state = BuildState(root, out, today or dt.date.today(), False, False, Manifest.load(out, None))
        state.result, state.report = checked, checked.report
        writer = Reports()
        writer.write(state, writer.plan(project, checked.planned, options))
        state.manifest.save()


def _plan(project: Project, report: Problems, selection: Selection, empty_ok: bool = False) -> list[Output]:
    """The outputs asked for; a selection that names what no clinic builds is a usage error."""
    if problem := unmatched(project, selection):
        raise UsageError(problem)
    outputs = plan(project, report, selection)
    if not outputs and selection != Selection() and not report.errors and not empty_ok:
        raise UsageError("nothing to build: no clinic builds that combination of clinic, handout, language and edition")
    return outputs
