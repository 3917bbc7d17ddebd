"""The whole build: load project -> plan outputs -> check content -> render HTML -> write PDFs.

Only what changed since the last build is checked and rendered (incremental.py), on
worker processes (workers.py).

All content is loaded, checked and every HTML page rendered before the first PDF is
written, so a mistake anywhere is reported with the others and a bad handout never
stops the good ones. Checks run on planned outputs (not raw files) because what a
patient reads depends on the clinic: its section overrides, country rules and colours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from .checks import HandoutCheck, run_checks
from .checks.report import html_reports
from .files import write_text_atomically
from .fonts import font
from .incremental import Hasher, Manifest, check_from_json, shard_of
from .load import load_project
from .models import Output
from .plan import Selection, plan
from .problems import ContentError, Problems
from .render import CATALOGUE_STYLESHEETS, Pages
from .workers import Done, Job, Workers


def weasyprint_version() -> str:
    return version("weasyprint")


@dataclass
class Result:
    report: Problems
    planned: list[Output] = field(default_factory=list)
    checks: list[HandoutCheck] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    skipped: list[Output] = field(default_factory=list)
    failed: list[Output] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    render_seconds: float = 0.0
    peak_mb: float = 0.0  # largest resident memory of a rendering process

    @property
    def ok(self) -> bool:
        return not self.report.errors


def check(root: Path, selection: Selection | None = None, today: dt.date | None = None) -> Result:
    """Load, plan and check: everything but rendering."""
    start = time.perf_counter()
    root = root.resolve()
    report = Problems(root)
    result = Result(report)
    project = load_project(root, report)
    result.planned = plan(project, report, selection or Selection())
    result.checks = run_checks(project, result.planned, report, today)
    result.seconds = time.perf_counter() - start
    return result


def build(
    root: Path,
    out: Path,
    selection: Selection | None = None,
    html: bool = False,
    today: dt.date | None = None,
    bleed: bool = False,
    force: bool = False,
    jobs: int = 1,
    shard: tuple[int, int] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: Workers | None = None,
) -> Result:
    """Check everything, then render what changed since the last build, on `jobs` processes.

    `shard` (k, n) builds the k-th of n deterministic shares of the outputs. `workers`, when
    given, are used instead of starting new ones (watch mode keeps them warm between builds)."""
    start = time.perf_counter()
    run = Run(root.resolve(), out.resolve(), today or dt.date.today(), bleed, Manifest.load(out.resolve(), shard))
    selection = selection or Selection()
    project = load_project(run.root, run.report)
    planned = plan(project, run.report, selection)
    run.result.planned = [o for o in planned if not shard or shard_of(o, shard[1]) == shard[0] - 1]
    pages = Pages(run.root, bleed=bleed)
    with nullcontext(workers) if workers else Workers(run.root, jobs) as workers:
        changed = run.find_changed(force)
        workers.prepare(len(changed))  # the workers load the renderer while this process checks
        checks = run.check(project, changed)
        html_reports(run.result.checks, run.root, run.out)
        run.write_pdfs(run.render_html(checks, pages, html), workers, progress)
        if not run.report.errors:  # a handout that failed to load is not "removed": keep its last good PDF
            run.result.removed = remove_stale(run.manifest, run.result.planned, selection, shard, run.out)
        if not bleed and not shard:
            write_catalogues(run, selection, pages, workers, force)
    run.manifest.save()
    run.result.seconds = time.perf_counter() - start
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
    hasher_fixed: str = ""  # Clearprint, WeasyPrint and font versions
    kept: dict[str, HandoutCheck] = field(default_factory=dict)  # unchanged outputs: today's check results

    def __post_init__(self) -> None:
        self.report = Problems(self.root)
        self.result = Result(self.report)

    def find_changed(self, force: bool) -> list[Output]:
        """Hash every planned output; the changed ones, and today's check results for the rest."""
        planned = self.result.planned
        hasher = Hasher(
            self.root, font(planned[0].clinic.settings.font).folder if planned else self.root, weasyprint_version()
        )
        self.digests = {o.label: hasher.output(o, self.bleed) for o in planned}
        self.hasher_fixed = hasher.fixed.hexdigest()
        changed = []
        for output in planned:
            record = (
                None if force else self.manifest.unchanged(output, self.digests[output.label], self.today, self.out)
            )
            if record is None:
                changed.append(output)
            else:
                self.kept[output.label] = check_from_json(output, record["check"])
                self.report.extend(self.kept[output.label].findings)
        return changed

    def check(self, project, changed: list[Output]) -> list[HandoutCheck]:
        """Check the changed outputs; returns their checks."""
        planned = self.result.planned
        fresh = {c.output.label: c for c in run_checks(project, changed, self.report, self.today)}
        known = self.kept | fresh
        self.result.checks = [known[o.label] for o in planned if o.label in known]
        self.result.skipped = [o for o in planned if o.label in self.kept]
        return [fresh[o.label] for o in changed if o.label in fresh]

    def render_html(self, checks: list[HandoutCheck], pages: Pages, html: bool) -> list[tuple[HandoutCheck, Job]]:
        """A rendering job for each changed output that passed its checks."""
        work = []
        for check_result in checks:
            output = check_result.output
            if check_result.blocked:
                self.manifest.record(output, self.digests[output.label], self.today, check_result, None)
                continue
            try:
                page = pages.html(output, check=check_result, linked=False)
            except ContentError as exc:
                self.report.extend(exc.problems)
                continue
            target = self.out / output.relpath
            if self.bleed:
                target = target.with_suffix(".bleed.pdf")
            if html:
                base = os.path.relpath(self.root, target.parent).replace(os.sep, "/") + "/"
                write_text_atomically(
                    target.with_suffix(".html"), pages.html(output, base_href=base, check=check_result)
                )
            fit = 2 if output.edition == "trifold" else None
            job = Job(
                output.label, page, pages.stylesheets(output), output.clinic.settings.font, target, fit, self.bleed
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
            file = done.target.relative_to(self.out).as_posix()
            self.manifest.record(output, self.digests[output.label], self.today, check_result, file)
            self.result.written.append(done.target)
        self.result.render_seconds = time.perf_counter() - start

    def failed(self, output: Output, done: Done) -> None:
        self.result.failed.append(output)
        where = output.handout.file
        if done.error == "overflow":
            message = f"{output.label}: does not fit the trifold brochure: {done.detail}; shorten the handout or build it without the trifold edition"
            self.report.add(where, None, message, rule="layout-trifold-overflow")
        elif done.error == "refused":
            self.report.add(where, None, f"{output.label}: {done.detail}")
        else:  # a bug, not a user's mistake: show it, but build the others
            print(done.detail, file=sys.stderr)
            self.report.add(where, None, f"{output.label}: the renderer failed; please report this bug")


def remove_stale(manifest: Manifest, planned: list[Output], selection: Selection, shard, out: Path) -> list[Path]:
    """Outputs of handouts, languages or editions no longer built: delete their files."""
    current = {o.relpath.as_posix() for o in planned}
    removed = []
    for key, record in list(manifest.entries.items()):
        if (
            key in current
            or key.startswith("catalogue:")
            or not selection.wants(record["clinic"], record["handout"], record["language"], record["edition"])
        ):
            continue
        if shard and shard_of(key, shard[1]) != shard[0] - 1:
            continue
        for path in filter(None, [record.get("file")]):
            for stale in (out / path, (out / path).with_suffix(".html")):
                if stale.is_file():
                    stale.unlink()
                    removed.append(stale)
        del manifest.entries[key]
    return removed


def write_catalogues(run: Run, selection: Selection, pages: Pages, workers: Workers, force: bool) -> None:
    """out/<clinic>/catalogue.pdf: every handout file this clinic has built, for each clinic built whole.

    Re-rendered only when what it lists (the outputs' input hashes, their files) or the day
    changes, or with `force`."""
    result, manifest, out, today, report = run.result, run.manifest, run.out, run.today, run.report
    if selection.handouts or selection.languages or selection.editions:
        return  # a partial build would list a partial catalogue
    by_clinic: dict[str, list[Output]] = {}
    for check_result in result.checks:
        record = manifest.entries.get(check_result.output.relpath.as_posix())
        if record and record.get("file"):
            by_clinic.setdefault(check_result.output.clinic.slug, []).append(check_result.output)
    work = []
    for slug, outputs in by_clinic.items():
        site = outputs[0].clinic
        files = {o.label: manifest.entries[o.relpath.as_posix()]["file"].split("/", 1)[1] for o in outputs}
        key = f"catalogue:{slug}"
        listed = [f"{o.label}:{run.digests.get(o.label)}:{files[o.label]}" for o in outputs]
        digest = hashlib.sha256("\n".join([today.isoformat(), run.hasher_fixed, *listed]).encode()).hexdigest()
        target = out / slug / "catalogue.pdf"
        if force or manifest.entries.get(key, {}).get("hash") != digest or not target.is_file():
            try:
                page = pages.catalogue(site, outputs, files, today, linked=False)
            except ContentError as exc:
                report.extend(exc.problems)
                continue
            work.append(Job(key, page, CATALOGUE_STYLESHEETS, site.settings.font, target))
            manifest.entries[key] = {
                "hash": digest,
                "clinic": slug,
                "handout": "",
                "language": "",
                "edition": "catalogue",
                "file": None,
            }
    for done in workers.render(work):
        if done.error:
            report.add(out / done.key.split(":")[1], None, f"catalogue: {done.detail}")
