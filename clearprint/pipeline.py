"""The whole build: load project -> plan outputs -> check content -> render HTML -> write PDFs.

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
from .render import Pages
from .workers import Job, render_all


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
) -> Result:
    """Check everything, then render what changed since the last build, on `jobs` processes.

    `shard` (k, n) builds the k-th of n deterministic shares of the outputs."""
    start = time.perf_counter()
    root, out = root.resolve(), out.resolve()
    selection = selection or Selection()
    today = today or dt.date.today()
    report = Problems(root)
    result = Result(report)
    project = load_project(root, report)
    planned = plan(project, report, selection)
    if shard:
        planned = [o for o in planned if shard_of(o, shard[1]) == shard[0] - 1]
    result.planned = planned

    # Incremental: an output whose inputs have not changed since it was built and checked today is skipped.
    manifest = Manifest.load(out, shard)
    hasher = Hasher(root, font(planned[0].clinic.settings.font).folder if planned else root, weasyprint_version())
    digests = {o.label: hasher.output(o, bleed) for o in planned}
    changed, kept = [], {}
    for output in planned:
        record = None if force else manifest.unchanged(output, digests[output.label], today, out)
        if record is None:
            changed.append(output)
        else:
            kept[output.label] = check_from_json(output, record["check"])
            report.extend(kept[output.label].findings)
    fresh = {c.output.label: c for c in run_checks(project, changed, report, today)}
    result.checks = [kept.get(o.label) or fresh[o.label] for o in planned if o.label in kept or o.label in fresh]
    result.skipped = [o for o in planned if o.label in kept]
    html_reports(result.checks, root, out)

    pages = Pages(root, bleed=bleed)
    work, by_key = [], {}
    for check_result in (fresh[o.label] for o in changed if o.label in fresh):
        output = check_result.output
        if check_result.blocked:
            manifest.record(output, digests[output.label], today, check_result, None)
            continue
        try:
            page = pages.html(output, check=check_result)
        except ContentError as exc:
            report.extend(exc.problems)
            continue
        target = out / output.relpath
        if bleed:
            target = target.with_suffix(".bleed.pdf")
        if html:
            base = os.path.relpath(root, target.parent).replace(os.sep, "/") + "/"
            write_text_atomically(target.with_suffix(".html"), pages.html(output, base_href=base, check=check_result))
        by_key[output.label] = check_result
        work.append(
            Job(
                output.label,
                page,
                output.clinic.settings.font,
                target,
                2 if output.edition == "trifold" else None,
                bleed,
            )
        )

    render_start = time.perf_counter()
    for count, done in enumerate(render_all(root, work, jobs), start=1):
        check_result = by_key[done.key]
        output = check_result.output
        result.peak_mb = max(result.peak_mb, done.peak_mb)
        if progress:
            progress(count, len(work), done.key if not done.error else f"{done.key} FAILED")
        if done.error == "overflow":
            report.add(
                output.handout.file,
                None,
                f"{output.label}: does not fit the trifold brochure: {done.detail}; shorten the handout or build it without the trifold edition",
                rule="layout-trifold-overflow",
            )
        elif done.error == "refused":
            report.add(output.handout.file, None, f"{output.label}: {done.detail}")
        elif done.error:  # a bug, not a user's mistake: show it, but build the others
            print(done.detail, file=sys.stderr)
            report.add(output.handout.file, None, f"{output.label}: the renderer failed; please report this bug")
        if done.error:
            result.failed.append(output)
            continue
        for message in done.messages:
            report.add(output.handout.file, None, f"{output.label}: the renderer said: {message}", "warning")
        manifest.record(output, digests[output.label], today, check_result, done.target.relative_to(out).as_posix())
        result.written.append(done.target)
    result.render_seconds = time.perf_counter() - render_start

    if not report.errors:  # a handout that failed to load is not "removed": keep its last good PDF
        result.removed = remove_stale(manifest, planned, selection, shard, out)
    if not bleed and not shard:
        write_catalogues(result, manifest, selection, pages, out, today, report)
    manifest.save()
    result.seconds = time.perf_counter() - start
    return result


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
        if shard and int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % shard[1] != shard[0] - 1:
            continue
        for path in filter(None, [record.get("file")]):
            for stale in (out / path, (out / path).with_suffix(".html")):
                if stale.is_file():
                    stale.unlink()
                    removed.append(stale)
        del manifest.entries[key]
    return removed


def write_catalogues(
    result: Result, manifest: Manifest, selection: Selection, pages: Pages, out: Path, today: dt.date, report: Problems
) -> None:
    """out/<clinic>/catalogue.pdf: every handout file this clinic has built, for each clinic built whole."""
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
        try:
            page = pages.catalogue(site, outputs, files, today)
        except ContentError as exc:
            report.extend(exc.problems)
            continue
        key = f"catalogue:{slug}"
        digest = hashlib.sha256(page.encode()).hexdigest()
        target = out / slug / "catalogue.pdf"
        if manifest.entries.get(key, {}).get("hash") != digest or not target.is_file():
            work.append(Job(key, page, site.settings.font, target, None, False))
            manifest.entries[key] = {
                "hash": digest,
                "clinic": slug,
                "handout": "",
                "language": "",
                "edition": "catalogue",
                "file": None,
            }
    for done in render_all(pages.root, work, 1):
        if done.error:
            report.add(out / done.key.split(":")[1], None, f"catalogue: {done.detail}")
