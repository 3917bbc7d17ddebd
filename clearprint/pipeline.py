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

from . import nochange, web
from .checks import CheckResult, run_checks
from .checks.drawn import findings as drawn_findings
from .checks.report import report_pages
from .editions import EDITIONS
from .files import write_atomically, write_text_atomically
from .fonts import font
from .incremental import Hasher, Manifest, check_from_json, file_digest, output_file, shard_of
from .load import load_project
from .models import Output
from .plan import Selection, plan, unmatched
from .problems import ContentError, Problem, Problems, UsageError
from .publish import publishing, site_files
from .render import CATALOGUE_STYLESHEETS, HtmlDocuments
from .targets import SHARDED, Target, pdf_path, plan_targets, preview_of
from .workers import Done, Job, Workers, system_error

LOCK = ".clearprint.lock"
# What an interrupted write leaves (workers.temporary_file): `.<file the build writes>.<pid>.tmp`.
LEFTOVER = re.compile(r"^\..+\.(?:pdf|html|json|xml|css|ttf|otf|woff2?|png|jpe?g|gif|webp|svg)\.\d+\.tmp$")


def weasyprint_version() -> str:
    return version("weasyprint")


@dataclass
class Result:
    report: Problems
    planned: list[Output] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    skipped: list[Output] = field(default_factory=list)
    failed: list[Output] = field(default_factory=list)  # checked, but no PDF could be made
    removed: list[Path] = field(default_factory=list)
    catalogues: list[Path] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)  # --html
    web: list[Path] = field(default_factory=list)  # files of the web edition written
    web_seconds: float = 0.0  # time spent on the web edition
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


def check_only(root: Path, selection: Selection | None = None, today: dt.date | None = None) -> Result:
    """Load, plan and check: everything but rendering (`build.py check`)."""
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
    publishing(project, result.checks, report, today or dt.date.today())
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
    complete = selection == Selection() and not (shard or bleed or options.force)
    inputs = nochange.inputs_digest(root) if complete else None  # before anything is read
    remove_leftovers(out)
    run = Run(root, out, options.today or dt.date.today(), bleed, options.force, Manifest.load(out, shard))
    merged = [] if shard else run.manifest.merge_shards()
    project = load_project(run.root, run.report)
    if problem := unmatched(project, selection):
        raise UsageError(problem)
    outputs = plan(project, run.report, selection)
    if not outputs and selection != Selection() and not run.report.errors:
        raise UsageError("nothing to build: no clinic builds that combination of clinic, handout, language and edition")
    targets = plan_targets(project, outputs, selection, bleed, options.html)
    if shard:
        targets = [t for t in targets if t.kind in SHARDED and shard_of(t.output, shard[1]) == shard[0] - 1]
    of_kind = {k: [t for t in targets if t.kind == k] for k in ("pdf", "preview", "report", "catalogue", "site")}
    run.result.planned = [t.output for t in of_kind["pdf"]]
    pages = HtmlDocuments(run.root, bleed=bleed)
    with nullcontext(workers) if workers else Workers(run.root, options.jobs) as workers:
        changed = run.find_changed(of_kind["pdf"])
        workers.prepare(len(changed))  # the workers load the renderer while this process checks
        checks = run.check_changed(project, changed)
        run.verdicts = publishing(project, run.result.checks, run.report, run.today, run.known_verdicts())
        pages.unpublished = {key for key, why in run.verdicts.items() if why}
        run.write_pdfs(run.pdf_jobs(checks, pages), workers, progress)
        run.write_previews(of_kind["preview"], pages)
        run.write_reports(of_kind["report"])
        if not run.report.errors and not run.manifest.damaged:
            # A handout that failed to load is not "removed": keep its last good PDF.
            run.result.removed = remove_stale(run.manifest, targets, options, run.out)
        web_started = time.perf_counter()
        run.write_sites(of_kind["site"], project, pages)
        run.result.web_seconds = time.perf_counter() - web_started
        run.write_catalogues(of_kind["catalogue"], project, pages, workers)
    if complete:  # a complete build leaves what it saw and said, for the next no-op build
        problems = [(p.severity, str(p)) for p in run.report.items]
        day = run.today.isoformat()
        good = inputs and not run.report.errors
        snapshot = nochange.snapshot(inputs, nochange.options_key(options.html), day, len(outputs), problems)
        run.manifest.snapshot = snapshot if good else None
    run.manifest.save()
    for path in merged:
        path.unlink(missing_ok=True)
    return run.result


@dataclass
class Run:
    """The state of one build: what it found, what it hashed, what it wrote. Each target
    kind has its writer here, and every writer records what it wrote in the manifest."""

    root: Path
    out: Path
    today: dt.date
    bleed: bool
    force: bool
    manifest: Manifest
    report: Problems = field(init=False)
    result: Result = field(init=False)
    digests: dict[str, str] = field(default_factory=dict)  # output label -> hash of its inputs
    hasher: Hasher | None = None
    kept: dict[str, CheckResult] = field(default_factory=dict)  # unchanged outputs: today's check results
    targets: dict[str, Target] = field(default_factory=dict)  # output label -> its pdf target
    records: dict[str, dict] = field(default_factory=dict)  # unchanged outputs: their manifest records
    verdicts: dict[tuple, Problem | None] = field(default_factory=dict)  # may it be published (publish.py)

    def __post_init__(self) -> None:
        self.report = Problems(self.root)
        self.result = Result(self.report)

    @property
    def denied(self) -> tuple[Path, ...]:
        """What the renderer never reads, even inside the project: the output folder and
        the Python environment (hidden folders such as .git and .venv are refused anyway)."""
        return (self.out, Path(sys.prefix).resolve())

    def unchanged(self, target: Target, digest: str) -> dict | None:
        """The target's record, when it need not be written again."""
        if self.force:
            return None
        return self.manifest.unchanged(target.path, digest, self.today, self.out, self.hasher)

    # --- handout PDFs ---------------------------------------------------------------------

    def find_changed(self, targets: list[Target]) -> list[Output]:
        """Hash every planned output; the changed ones, and today's check results for the rest."""
        planned = self.result.planned
        self.hasher = Hasher(
            self.root, font(planned[0].clinic.settings.font).folder if planned else self.root, weasyprint_version()
        )
        self.targets = {t.output.label: t for t in targets}
        self.digests = {o.label: self.hasher.output(o, self.bleed) for o in planned}
        changed = []
        for target in targets:
            output = target.output
            record = self.unchanged(target, self.digests[output.label])
            try:
                kept = check_from_json(output, record["check"]) if record else None
            except (KeyError, TypeError, ValueError):  # a damaged record: check and build again
                kept = None
            if kept is None:
                changed.append(output)
            else:
                self.kept[output.label] = kept
                self.records[output.label] = record
                self.report.extend(kept.findings)
        return changed

    def known_verdicts(self) -> dict[tuple, Problem | None]:
        """Whether unchanged handouts may be published, as the last build found."""
        known = {}
        for label, record in self.records.items():
            if "public" not in record:
                continue  # recorded before the web edition: check it
            public = record["public"]
            output = self.kept[label].output
            try:
                known[(output.clinic.slug, *output.handout.key)] = Problem(**public) if public else None
            except TypeError:  # a damaged record: check it again
                continue
        return known

    def check_changed(self, project, changed: list[Output]) -> list[CheckResult]:
        """Check the changed outputs; returns their checks."""
        planned = self.result.planned
        fresh = {c.output.label: c for c in run_checks(project, changed, self.report, self.today)}
        known = self.kept | fresh
        self.result.checks = [known[o.label] for o in planned if o.label in known]
        # Unchanged, and printed: an unchanged output held back by its checks is counted as held back.
        self.result.skipped = [o for o in planned if o.label in self.kept and not self.kept[o.label].blocked]
        self.result.failed += [o for o in changed if o.label not in fresh]  # e.g. a bad rule file
        return [fresh[o.label] for o in changed if o.label in fresh]

    def pdf_jobs(self, checks: list[CheckResult], pages: HtmlDocuments) -> list[tuple[CheckResult, Job]]:
        """A rendering job for each changed output that passed its checks."""
        work = []
        for check_result in checks:
            output = check_result.output
            target = self.targets[output.label]
            if check_result.blocked:
                self.manifest.record(target, self.digests[output.label], self.today, check=check_result)
                continue
            try:
                page = pages.html(output, check=check_result, linked=False)
            except ContentError as exc:
                self.report.extend(exc.problems)
                self.result.failed.append(output)
                continue
            job = Job(
                output.label,
                page,
                pages.stylesheets(output),
                output.clinic.settings.font,
                self.out / target.path,
                EDITIONS[output.edition].pages,
                self.bleed,
                self.denied,
                output.clinic.settings.colors,
                inspect=True,
            )
            work.append((check_result, job))
        return work

    def write_pdfs(self, work: list[tuple[CheckResult, Job]], workers: Workers, progress) -> None:
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
            if done.drawn is not None and (drawn := drawn_findings(output, done.drawn, self.root, output.label)):
                self.not_as_drawn(output, done, drawn)
                continue
            for message in done.messages:
                self.report.add(output.handout.file, None, f"{output.label}: the renderer said: {message}", "warning")
            reads = {name: self.hasher.file(self.root / name) for name in done.reads}
            digest = self.digests[output.label]
            verdict = self.verdicts.get((output.clinic.slug, *output.handout.key))
            self.manifest.record(
                self.targets[output.label], digest, self.today, done.target, check_result, reads, verdict
            )
            self.result.written.append(done.target)
        self.result.render_seconds = time.perf_counter() - start

    def not_as_drawn(self, output: Output, done: Done, problems: list[Problem]) -> None:
        """The page does not show what the checks require (checks/drawn.py): reported at the
        lines the text came from; the PDF is removed and forgotten, so no build keeps it."""
        self.report.extend(problems)
        self.result.failed.append(output)
        done.target.unlink(missing_ok=True)
        self.manifest.entries.pop(self.targets[output.label].path, None)

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

    # --- the HTML given to the renderer (--html), to preview in a browser ------------------

    def write_previews(self, targets: list[Target], pages: HtmlDocuments) -> None:
        checks = {c.output.label: c for c in self.result.checks}
        for target in targets:
            output = target.output
            check_result = checks.get(output.label)
            if check_result is None or check_result.blocked:
                continue  # not printed, so nothing to preview
            path = self.out / target.path
            base = os.path.relpath(self.root, path.parent).replace(os.sep, "/") + "/"
            digest = hashlib.sha256(f"{self.digests[output.label]}|preview|{base}".encode()).hexdigest()
            if self.unchanged(target, digest):
                continue
            try:
                write_text_atomically(path, pages.html(output, base_href=base, check=check_result))
            except ContentError as exc:  # reported with its PDF already
                self.report.extend(exc.problems)
                continue
            self.manifest.record(target, digest, self.today, path)
            self.result.previews.append(path)

    # --- check reports ------------------------------------------------------------------

    def write_reports(self, targets: list[Target]) -> None:
        pages = report_pages(self.result.checks, self.root)
        for target in targets:
            page = pages.get(target.clinic.slug)
            if page is None:
                continue
            digest = hashlib.sha256(page.encode()).hexdigest()
            if self.unchanged(target, digest):
                continue
            path = self.out / target.path
            write_text_atomically(path, page)
            self.manifest.record(target, digest, self.today, path)

    # --- catalogues -----------------------------------------------------------------------

    def write_catalogues(self, targets: list[Target], project, pages: HtmlDocuments, workers: Workers) -> None:
        """out/<clinic>/catalogue.pdf: every handout file this clinic has built.

        Re-rendered only when what it lists (the outputs' input hashes, their files) or the day
        changes. A clinic whose handouts did not all build keeps its last catalogue: a failed
        handout must not vanish from the front desk's list."""
        built: dict[str, list[Output]] = {}
        for check_result in self.result.checks:
            record = self.manifest.entries.get(pdf_path(check_result.output, self.bleed))
            if record and record.get("file"):
                built.setdefault(check_result.output.clinic.slug, []).append(check_result.output)
        work = []
        for target in targets:
            site = target.clinic
            outputs = built.get(site.slug, [])
            if not outputs or len(outputs) < expected_outputs(site, project):
                continue
            files = {o.label: pdf_path(o, False).split("/", 1)[1] for o in outputs}
            listed = [f"{o.label}:{self.digests.get(o.label)}:{files[o.label]}" for o in outputs]
            fixed = self.hasher.fixed.hexdigest() if self.hasher else ""
            digest = hashlib.sha256("\n".join([self.today.isoformat(), fixed, *listed]).encode()).hexdigest()
            if self.unchanged(target, digest):
                continue
            try:
                page = pages.catalogue(site, outputs, files, self.today, linked=False)
            except ContentError as exc:
                self.report.extend(exc.problems)
                continue
            path = self.out / target.path
            job = Job(
                target.path, page, CATALOGUE_STYLESHEETS, site.settings.font, path, denied=self.denied, inspect=True
            )
            work.append((target, digest, job))
        by_path = {target.path: (target, digest) for target, digest, _ in work}
        for done in workers.render([job for _, _, job in work]):
            target, digest = by_path[done.key]
            if done.error:
                self.report.add(done.target, None, f"catalogue: {done.detail}")
                continue
            if done.drawn is not None and (
                drawn := drawn_findings(None, done.drawn, self.root, "catalogue", "catalogue")
            ):
                self.report.extend(drawn)
                done.target.unlink(missing_ok=True)
                self.manifest.entries.pop(target.path, None)
                continue
            self.manifest.record(target, digest, self.today, done.target)
            self.result.catalogues.append(done.target)

    # --- the web edition ------------------------------------------------------------------

    def write_sites(self, targets: list[Target], project, pages: HtmlDocuments) -> None:
        """out/<clinic>/site/: written only when every handout of the clinic built (like the
        catalogue), each file recorded as a `web` target and written only when it changed.
        A site whose inputs (its outputs' hashes and files, what is published, the day) are
        as the last build left them, with every file intact, is not made again at all."""
        for target in targets:
            site, prefix = target.clinic, f"{target.clinic.slug}/site/"
            mine = [c for c in self.result.checks if c.output.clinic.slug == site.slug]
            records = {c.output.label: self.manifest.entries.get(pdf_path(c.output, False), {}) for c in mine}
            if (
                not mine
                or not all(r.get("file") for r in records.values())
                or len(mine) < expected_outputs(site, project)
            ):
                continue  # keep the last good site: a failing handout must not look withdrawn
            groups: dict[tuple, list[CheckResult]] = {}
            for check in mine:
                groups.setdefault(check.output.handout.key, []).append(check)
            published = {  # handout key -> its checks, the standard edition's first
                key: sorted(checks, key=lambda c: c.output.edition != "standard")
                for key, checks in groups.items()
                if (site.slug, *key) not in pages.unpublished and not any(c.blocked for c in checks)
            }
            pages_of = {}  # site path -> (handout, language) of each handout page, published or withdrawn
            for path, record in self.manifest.entries.items():
                if record["kind"] == "web" and record["clinic"] == site.slug and record["handout"]:
                    pages_of[path.removeprefix(prefix)] = (record["handout"], record["language"])
            for handout, language in published:
                url = site.settings.url_for(handout, language)
                pages_of[web.page_path(url, site.settings.website)] = (handout, language)
            listed = sorted(
                f"{c.output.label}:{self.digests[c.output.label]}:{records[c.output.label]['sha256']}" for c in mine
            )
            seen = [
                self.today.isoformat(),
                self.hasher.fixed.hexdigest(),
                *listed,
                repr(sorted(published)),
                repr(sorted(pages_of.items())),
            ]
            inputs = hashlib.sha256("\n".join(seen).encode()).hexdigest()
            if self.unchanged(target, inputs) and self._site_intact(site.slug):
                continue
            editions = [
                (checks[0], [(c.output, (self.out / records[c.output.label]["file"]).read_bytes()) for c in checks])
                for checks in published.values()
            ]
            withdrawn = {path: language for path, (_, language) in pages_of.items()}
            try:
                written = site_files(self.root, pages, site, editions, withdrawn, self.today)
            except (ValueError, OSError) as exc:
                self.report.add(site.folder / "clinic.yaml", site.lines.get(("handout_url",)), f"web edition: {exc}")
                continue
            except ContentError as exc:
                self.report.extend(exc.problems)
                continue
            self._write_site(target, written, pages_of, inputs)

    def _site_intact(self, slug: str) -> bool:
        return all(
            file_digest(self.out / path) == record["sha256"]
            for path, record in self.manifest.entries.items()
            if record["kind"] == "web" and record["clinic"] == slug
        )

    def _write_site(self, target: Target, written: dict[str, bytes], pages_of: dict, inputs: str) -> None:
        site, prefix = target.clinic, f"{target.clinic.slug}/site/"
        for path, data in written.items():
            if path == "sitemap.xml":
                file, digest = target, inputs
            else:
                file = Target("web", prefix + path, site, page=pages_of.get(path, ("", "")))
                digest = hashlib.sha256(data).hexdigest()
            if self.unchanged(file, digest):
                continue
            write_atomically(self.out / file.path, data)
            self.manifest.record(file, digest, self.today, self.out / file.path)
            self.result.web.append(self.out / file.path)
        for path, record in list(self.manifest.entries.items()):  # files the site no longer has
            if record["kind"] == "web" and record["clinic"] == site.slug and path.removeprefix(prefix) not in written:
                self.result.removed += forget(self.manifest, self.out, path)


def remove_stale(manifest: Manifest, targets: list[Target], options: BuildOptions, out: Path) -> list[Path]:
    """Files of handouts, languages, editions or clinics no longer built: delete them.

    Only files the manifest says a build wrote (it validated every path when it was read),
    only of the kinds this build writes, and only inside the output folder."""
    selection, shard, bleed = options.selection, options.shard, options.bleed
    planned = {t.path for t in targets}
    kinds = {"pdf"} | ({"preview"} if options.html else set())
    if not shard:
        kinds |= {"report"} | ({"catalogue", "site", "web"} if not bleed else set())
    sites = {t.clinic.slug for t in targets if t.kind == "site"}  # their files are the site writer's to remove
    removed = []
    for key, record in list(manifest.entries.items()):
        kind = record["kind"]
        if key in planned or kind not in kinds or (kind == "web" and record["clinic"] in sites):
            continue
        if kind in ("web", "site") and (selection.handouts or selection.languages or selection.editions):
            continue  # only a clinic's whole build writes its site: a partial one never takes pages away
        if kind in ("pdf", "preview") and (".bleed." in key) != bleed:
            continue  # a plain build leaves the print-shop files alone, and the other way round
        if not selection.wants(record["clinic"], record["handout"], record["language"], record["edition"]):
            continue
        if shard and shard_of(key.replace(".bleed.", ".").replace(".html", ".pdf"), shard[1]) != shard[0] - 1:
            continue
        removed += forget(manifest, out, key)
        if kind == "pdf" and preview_of(key) in manifest.entries:  # a PDF's preview goes with it
            removed += forget(manifest, out, preview_of(key))
    return removed


def forget(manifest: Manifest, out: Path, name: str) -> list[Path]:
    """Drop a target from the manifest and delete its file: only a file the build writes, inside
    the output folder, never through a link. Returns what was deleted."""
    manifest.entries.pop(name, None)
    path = out / name
    if output_file(name) and path.resolve().is_relative_to(out) and path.is_file() and not path.is_symlink():
        path.unlink()
        return [path]
    return []


def expected_outputs(site, project) -> int:
    """How many PDFs a clinic's catalogue lists when every handout it names has built."""
    languages = site.settings.languages
    return sum(
        len(site.settings.editions)
        for hid in site.settings.handouts
        for lang in languages
        if (hid, lang) in project.files
    )
