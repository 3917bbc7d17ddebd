"""The whole build: load project -> plan outputs -> check content -> render HTML -> write PDFs.

Only what changed since the last build is checked and rendered (incremental.py), on
worker processes (workers.py).

All content is loaded, checked and every HTML page rendered before the first PDF is
written, so a mistake anywhere is reported with the others and a bad handout never
stops the good ones. Checks run on planned outputs (not raw files) because what a
patient reads depends on the clinic: its section overrides, country rules and colours.

One build at a time writes into an output folder (a lock), and a build only ever
deletes files it wrote there itself (incremental.py checks every path the manifest names).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from .checks import HandoutCheck, run_checks
from .checks.report import html_reports
from .editions import EDITIONS
from .files import write_text_atomically
from .fonts import font
from .incremental import Hasher, Manifest, check_from_json, output_file, shard_of
from .load import load_project
from .models import Output
from .plan import Selection, UsageError, plan, unmatched
from .problems import ContentError, Problems
from .render import CATALOGUE_STYLESHEETS, Pages
from .workers import Done, Job, Workers, system_error

LOCK = ".clearprint.lock"
LEFTOVER = re.compile(r"^\..+\.\d+\.tmp$")  # what an interrupted write leaves (workers.temporary_file)


def weasyprint_version() -> str:
    return version("weasyprint")


@dataclass
class Result:
    report: Problems
    planned: list[Output] = field(default_factory=list)
    checks: list[HandoutCheck] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    skipped: list[Output] = field(default_factory=list)
    failed: list[Output] = field(default_factory=list)  # checked, but no PDF could be made
    removed: list[Path] = field(default_factory=list)
    catalogues: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    render_seconds: float = 0.0
    peak_mb: float = 0.0  # largest resident memory of a rendering process

    @property
    def ok(self) -> bool:
        return not self.report.errors


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


def remove_leftovers(out: Path) -> None:
    """Temporary files of a build that was killed while writing (kill -9, power cut)."""
    for path in out.rglob(".*.tmp"):
        if LEFTOVER.match(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def check(root: Path, selection: Selection | None = None, today: dt.date | None = None) -> Result:
    """Load, plan and check: everything but rendering."""
    start = time.perf_counter()
    root = root.resolve()
    report = Problems(root)
    result = Result(report)
    project = load_project(root, report)
    selection = selection or Selection()
    if problem := unmatched(project, selection):
        raise UsageError(problem)
    result.planned = plan(project, report, selection)
    result.checks = run_checks(project, result.planned, report, today)
    result.seconds = time.perf_counter() - start
    return result


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked to do; the command line and watch mode fill one in."""

    out: Path | None = None  # default: out/ in the project
    selection: Selection = Selection()  # empty: every clinic, handout, language and edition
    html: bool = False  # also write the HTML given to the renderer, beside each PDF
    today: dt.date | None = None  # check review dates as if today were this day
    bleed: bool = False  # print-shop PDFs
    force: bool = False  # rebuild even what has not changed
    jobs: int = 1  # rendering processes
    shard: tuple[int, int] | None = None  # (k, n): only the k-th of n shares of the PDFs

    def output_folder(self, root: Path) -> Path:
        return (self.out or root / "out").resolve()


def build(
    root: Path,
    options: BuildOptions = BuildOptions(),
    progress: Callable[[int, int, str], None] | None = None,
    workers: Workers | None = None,
) -> Result:
    """Check everything, then render what changed since the last build, on `options.jobs` processes.

    `options.shard` (k, n) builds the k-th of n deterministic shares of the outputs; a build
    without `shard` afterwards takes in the shards' manifests and writes the catalogues.
    `workers`, when given, are used instead of starting new ones (watch mode keeps them
    warm between builds). Raises UsageError when the selection matches nothing."""
    start = time.perf_counter()
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
    selection, shard, bleed = options.selection, options.shard, options.bleed
    remove_leftovers(out)
    run = Run(root, out, options.today or dt.date.today(), bleed, Manifest.load(out, shard))
    merged = [] if shard else run.manifest.merge_shards()
    project = load_project(run.root, run.report)
    if problem := unmatched(project, selection):
        raise UsageError(problem)
    planned = plan(project, run.report, selection)
    if not planned and selection != Selection() and not run.report.errors:
        raise UsageError("nothing to build: no clinic builds that combination of clinic, handout, language and edition")
    run.result.planned = [o for o in planned if not shard or shard_of(o, shard[1]) == shard[0] - 1]
    pages = Pages(run.root, bleed=bleed)
    with nullcontext(workers) if workers else Workers(run.root, options.jobs) as workers:
        changed = run.find_changed(options.force)
        workers.prepare(len(changed))  # the workers load the renderer while this process checks
        checks = run.check(project, changed)
        html_reports(run.result.checks, run.root, run.out)
        run.write_pdfs(run.render_html(checks, pages, options.html), workers, progress)
        if not run.report.errors and not run.manifest.damaged:
            # A handout that failed to load is not "removed": keep its last good PDF.
            run.result.removed = remove_stale(run.manifest, run.result.planned, selection, shard, bleed, run.out)
        if not bleed and not shard:
            write_catalogues(run, project, selection, pages, workers, options.force)
    run.manifest.save()
    for path in merged:
        path.unlink(missing_ok=True)
    return run.result


@dataclass
class Run:
    """The state of one build: what it found, what it hashed, what it wrote."""

    root: Path
    out: Path
    today: dt.date
    bleed: bool
    manifest: Manifest
    report: Problems = field(init=False)
    result: Result = field(init=False)
    digests: dict[str, str] = field(default_factory=dict)
    hasher: Hasher | None = None
    kept: dict[str, HandoutCheck] = field(default_factory=dict)  # unchanged outputs: today's check results

    def __post_init__(self) -> None:
        self.report = Problems(self.root)
        self.result = Result(self.report)

    @property
    def denied(self) -> tuple[Path, ...]:
        """What the renderer never reads, even inside the project: the output folder and
        the Python environment (hidden folders such as .git and .venv are refused anyway)."""
        return (self.out, Path(sys.prefix).resolve())

    def key(self, output: Output) -> str:
        """The output's file under out/, which is also its manifest key."""
        path = output.relpath.with_suffix(".bleed.pdf") if self.bleed else output.relpath
        return path.as_posix()

    def find_changed(self, force: bool) -> list[Output]:
        """Hash every planned output; the changed ones, and today's check results for the rest."""
        planned = self.result.planned
        self.hasher = hasher = Hasher(
            self.root, font(planned[0].clinic.settings.font).folder if planned else self.root, weasyprint_version()
        )
        self.digests = {o.label: hasher.output(o, self.bleed) for o in planned}
        changed = []
        for output in planned:
            digest = self.digests[output.label]
            record = None if force else self.manifest.unchanged(self.key(output), digest, self.today, self.out, hasher)
            try:
                kept = check_from_json(output, record["check"]) if record else None
            except (KeyError, TypeError, ValueError):  # a damaged record: check and build again
                kept = None
            if kept is None:
                changed.append(output)
            else:
                self.kept[output.label] = kept
                self.report.extend(kept.findings)
        return changed

    def check(self, project, changed: list[Output]) -> list[HandoutCheck]:
        """Check the changed outputs; returns their checks."""
        planned = self.result.planned
        fresh = {c.output.label: c for c in run_checks(project, changed, self.report, self.today)}
        known = self.kept | fresh
        self.result.checks = [known[o.label] for o in planned if o.label in known]
        self.result.skipped = [o for o in planned if o.label in self.kept]
        self.result.failed += [o for o in changed if o.label not in fresh]  # e.g. a bad rule file
        return [fresh[o.label] for o in changed if o.label in fresh]

    def render_html(self, checks: list[HandoutCheck], pages: Pages, html: bool) -> list[tuple[HandoutCheck, Job]]:
        """A rendering job for each changed output that passed its checks."""
        work = []
        for check_result in checks:
            output = check_result.output
            if check_result.blocked:
                self.manifest.record(self.key(output), output, self.digests[output.label], self.today, check_result)
                continue
            try:
                page = pages.html(output, check=check_result, linked=False)
            except ContentError as exc:
                self.report.extend(exc.problems)
                self.result.failed.append(output)
                continue
            target = self.out / self.key(output)
            if html:
                base = os.path.relpath(self.root, target.parent).replace(os.sep, "/") + "/"
                write_text_atomically(
                    target.with_suffix(".html"), pages.html(output, base_href=base, check=check_result)
                )
            job = Job(
                output.label,
                page,
                pages.stylesheets(output),
                output.clinic.settings.font,
                target,
                EDITIONS[output.edition].pages,
                self.bleed,
                self.denied,
            )
            work.append((check_result, job))
        return work

    def write_pdfs(self, work: list[tuple[HandoutCheck, Job]], workers: Workers, progress) -> None:
        by_key = {job.key: check_result for check_result, job in work}
        start = time.perf_counter()
        for count, done in enumerate(workers.render([job for _, job in work]), start=1):
            check_result = by_key[done.key]
            output = check_result.output
            self.result.peak_mb = max(self.result.peak_mb, done.peak_mb)
            if progress:
                progress(count, len(work), done.key if not done.error else f"{done.key} FAILED")
            if done.error:
                self.failed(output, done)
                continue
            for message in done.messages:
                self.report.add(output.handout.file, None, f"{output.label}: the renderer said: {message}", "warning")
            reads = {name: self.hasher.file(self.root / name) for name in done.reads}
            self.manifest.record(
                self.key(output), output, self.digests[output.label], self.today, check_result, done.target, reads
            )
            self.result.written.append(done.target)
        self.result.render_seconds = time.perf_counter() - start

    def failed(self, output: Output, done: Done) -> None:
        self.result.failed.append(output)
        where = self.root / done.where if done.where else output.handout.file
        if done.error == "overflow":
            message = f"{output.label}: does not fit the trifold brochure: {done.detail}; shorten the handout or build it without the trifold edition"
            self.report.add(where, None, message, rule="layout-trifold-overflow")
        elif done.error in ("refused", "timeout", "died", "system"):
            self.report.add(where, None, f"{output.label}: {done.detail}")
        else:  # a bug, not a user's mistake: show it, but build the others
            print(done.detail, file=sys.stderr)
            self.report.add(where, None, f"{output.label}: the renderer failed; please report this bug")


def remove_stale(
    manifest: Manifest, planned: list[Output], selection: Selection, shard, bleed: bool, out: Path
) -> list[Path]:
    """Outputs of handouts, languages or editions no longer built: delete their files.

    Only files the manifest says this build wrote, and only PDFs (and their --html
    preview) inside the output folder: the manifest validated every path when it was read."""
    current = {(o.relpath.with_suffix(".bleed.pdf") if bleed else o.relpath).as_posix() for o in planned}
    removed = []
    for key, record in list(manifest.entries.items()):
        if (
            key in current
            or key.startswith("catalogue:")
            or key.endswith(".bleed.pdf") != bleed  # a plain build leaves the print-shop files alone
            or not selection.wants(record["clinic"], record["handout"], record["language"], record["edition"])
        ):
            continue
        if shard and shard_of(key.replace(".bleed.pdf", ".pdf"), shard[1]) != shard[0] - 1:
            continue
        if record.get("file") is not None and output_file(key):
            for stale in (out / key, (out / key).with_suffix(".html")):
                if stale.resolve().is_relative_to(out) and stale.is_file() and not stale.is_symlink():
                    stale.unlink()
                    removed.append(stale)
        del manifest.entries[key]
    return removed


def write_catalogues(run: Run, project, selection: Selection, pages: Pages, workers: Workers, force: bool) -> None:
    """out/<clinic>/catalogue.pdf: every handout file this clinic has built, for each clinic built whole.

    Re-rendered only when what it lists (the outputs' input hashes, their files) or the day
    changes, or with `force`. A clinic whose handouts did not all build keeps its last
    catalogue: a failed handout must not vanish from the front desk's list."""
    result, manifest, out, today, report = run.result, run.manifest, run.out, run.today, run.report
    if selection.handouts or selection.languages or selection.editions:
        return  # a partial build would list a partial catalogue
    built: dict[str, list[Output]] = {}
    for check_result in result.checks:
        record = manifest.entries.get(run.key(check_result.output))
        if record and record.get("file"):
            built.setdefault(check_result.output.clinic.slug, []).append(check_result.output)
    work = []
    for site in project.clinics:
        outputs = built.get(site.slug, [])
        if not selection.wants(site.slug, "", "") or not outputs or len(outputs) < expected_outputs(site, project):
            continue
        files = {o.label: run.key(o).split("/", 1)[1] for o in outputs}
        key = f"catalogue:{site.slug}"
        listed = [f"{o.label}:{run.digests.get(o.label)}:{files[o.label]}" for o in outputs]
        fixed = run.hasher.fixed.hexdigest() if run.hasher else ""
        digest = hashlib.sha256("\n".join([today.isoformat(), fixed, *listed]).encode()).hexdigest()
        target = out / site.slug / "catalogue.pdf"
        if force or manifest.entries.get(key, {}).get("hash") != digest or not target.is_file():
            try:
                page = pages.catalogue(site, outputs, files, today, linked=False)
            except ContentError as exc:
                report.extend(exc.problems)
                continue
            work.append(
                (key, digest, Job(key, page, CATALOGUE_STYLESHEETS, site.settings.font, target, denied=run.denied))
            )
    hashes = {key: digest for key, digest, _ in work}
    for done in workers.render([job for _, _, job in work]):
        slug = done.key.split(":", 1)[1]
        if done.error:
            report.add(out / slug / "catalogue.pdf", None, f"catalogue: {done.detail}")
            continue
        manifest.entries[done.key] = {
            "hash": hashes[done.key],
            "clinic": slug,
            "handout": "",
            "language": "",
            "edition": "catalogue",
            "file": None,
        }
        result.catalogues.append(done.target)


def expected_outputs(site, project) -> int:
    """How many PDFs a clinic's catalogue lists when every handout it names has built."""
    languages = site.settings.languages
    return sum(
        len(site.settings.editions)
        for hid in site.settings.handouts
        for lang in languages
        if (hid, lang) in project.files
    )
