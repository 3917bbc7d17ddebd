"""Print runs: a clinic's handouts sent to one of its printers, each edition with the job
options it needs, so that nobody has to remember short-edge duplex for the trifold.

    plan the jobs (the selection, or the clinic's restock list, print.yaml)
    -> build what is out of date (the ordinary build, which also checks)
    -> refuse what must not reach a patient (review overdue, content errors, a failed build)
    -> check the printer -> send -> report what the print server said

A dry run stops before the printer. Printers are named in clinic.yaml, never guessed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content import yamlfile
from ..content.clinics import load_clinic
from ..content.read import read_text
from ..editions import EDITIONS
from ..models import Clinic, ColorMode, Output, RestockList
from ..options import Selection
from ..pipeline import BuildOptions, Result, build
from ..problems import ContentError, Problems, UsageError
from . import cups, printer_status
from .printers import MEDIA, no_printer, queue_of

RESTOCK_FILE = "print.yaml"


@dataclass(frozen=True)
class PrintOptions:
    """What `build.py print` is asked to do."""

    clinic: str | None = None  # None: the project's only clinic
    selection: Selection = Selection()  # handouts, languages and editions (its clinics are ignored)
    restock: bool = False  # print the clinic's restock list
    printer: str | None = None  # a name from clinic.yaml's `printers`
    copies: int = 1  # of each PDF (a restock list says its own)
    monochrome: bool = False
    dry_run: bool = False  # list the jobs; send nothing
    build: BuildOptions = BuildOptions()  # out, today, jobs, force
    offline: bool = False  # dry run: do not ask the print server whether its printers are ready


@dataclass(frozen=True)
class Wanted:
    """One PDF to print, before the build: what was asked for."""

    handout: str
    language: str
    edition: str
    copies: int
    color: ColorMode
    where: tuple[Path, int | None] | None = None  # the restock list's line that asked for it
    rack: str | None = None  # the restock list's: waiting-room or desk


@dataclass
class PrintJob:
    output: Output
    file: Path
    copies: int
    options: dict[str, str]  # IPP job attributes, as `lp -o` takes them
    pages: int
    job_id: str | None = None  # once sent

    @property
    def sheets(self) -> int:
        return math.ceil(self.pages / 2) * self.copies  # every edition prints on both sides


@dataclass
class PrintResult:
    build: Result
    report: Problems  # what was not printed, and why
    printer: str | None  # the name in clinic.yaml
    queue: cups.Queue | None
    paper: str  # Letter or A4
    jobs: list[PrintJob] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what the print server said
    held: dict[str, str] = field(default_factory=dict)  # job id -> why the server holds it
    printers: list[printer_status.Status] = field(default_factory=list)  # dry run: what the server said

    @property
    def ok(self) -> bool:
        """Everything asked for was sent (or, in a dry run, could be). Problems of PDFs that were
        built but not asked for (the build covers every combination of the filters) do not count."""
        return not self.report.errors and not self.errors and not self.held

    @property
    def named(self) -> str:
        if self.queue is None:
            return "no printer"
        return f"printer '{self.printer}' ({self.queue.name} on {self.queue.where})"


def print_run(root: Path, options: PrintOptions, progress=None) -> PrintResult:
    """Raises UsageError for a request that names nothing that exists, ContentError for
    mistakes in clinic.yaml or print.yaml (nothing is built or sent then)."""
    root = root.resolve()
    report = Problems(root)
    site = _clinic(root, options.clinic, report)
    wanted, printer = _wanted(site, options, report)
    queue = queue_of(site, printer, options.dry_run, report)
    selection = Selection(
        (site.slug,),
        tuple(sorted({w.handout for w in wanted})),
        tuple(sorted({w.language for w in wanted})),
        tuple(sorted({w.edition for w in wanted})),
    )
    built = build(root, replace(options.build, selection=selection), progress)
    today = options.build.today or dt.date.today()
    jobs = _jobs(site, wanted, built, report, today, options)
    result = PrintResult(built, report, printer, queue, site.settings.page_size, jobs)
    if options.dry_run and not options.offline:
        # the printer it would use; without --printer, every printer it could use
        chosen = {printer: site.settings.printers[printer]} if printer else dict(site.settings.printers)
        result.printers = printer_status.ask(chosen)
        result.errors += [status.problem for status in result.printers if status.problem]
    if options.dry_run or not result.jobs or queue is None:
        return result
    try:
        _send(queue, result)
    except cups.PrintServerError as exc:
        result.errors.append(f"{result.named}: {exc}")
    return result


def _clinic(root: Path, slug: str | None, report: Problems) -> Clinic:
    clinics = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    if slug is None:
        if len(clinics) != 1:
            raise UsageError(f"say which clinic to print for: --clinic {' or --clinic '.join(clinics)}")
        slug = clinics[0]
    return load_clinic(root / "clinics" / slug, report)


def _wanted(site: Clinic, options: PrintOptions, report: Problems) -> tuple[list[Wanted], str | None]:
    chosen = options.selection
    settings = site.settings

    def color(mode: ColorMode) -> ColorMode:
        return "monochrome" if options.monochrome else mode

    if options.restock:
        restock, lines = read_restock(site, report)
        path = site.folder / RESTOCK_FILE
        wanted = [
            Wanted(
                i.handout,
                i.language,
                i.edition,
                i.copies,
                color(i.color or restock.color),
                (path, lines.get(("restock", n))),
                restock.rack,
            )
            for n, i in enumerate(restock.restock)
            if chosen.wants(site.slug, i.handout, i.language, i.edition)
        ]
        printer = options.printer or restock.printer
    else:
        wanted = [
            Wanted(h, lang, e, options.copies, color("color"))
            for h in settings.handouts
            for lang in settings.languages
            for e in settings.editions
            if chosen.wants(site.slug, h, lang, e)
        ]
        printer = options.printer
    if not wanted:
        what = f"the restock list in clinics/{site.slug}/{RESTOCK_FILE}" if options.restock else site.slug
        raise UsageError(f"nothing to print: {what} has no handout, language and edition that match")
    if printer is None and len(settings.printers) == 1:
        printer = next(iter(settings.printers))
    return wanted, printer


def read_restock(site: Clinic, report: Problems) -> tuple[RestockList, dict]:
    """clinics/<slug>/print.yaml, validated against what the clinic builds and the printers it names."""
    path = site.folder / RESTOCK_FILE
    if not path.is_file():
        raise UsageError(
            f"clinic {site.slug} has no restock list; write clinics/{site.slug}/{RESTOCK_FILE} "
            "(the sample clinics have one to copy)"
        )
    data, lines = yamlfile.parse(read_text(path, report), path, report)
    restock = yamlfile.validate(RestockList, data, path, lines, report)
    settings, problems, seen = site.settings, [], {}
    if restock.printer not in settings.printers:
        problems.append(report.add(path, lines.get(("printer",)), f"'printer': {no_printer(restock.printer, site)}"))
    for n, item in enumerate(restock.restock):
        for name, value, known in (
            ("handout", item.handout, settings.handouts),
            ("language", item.language, settings.languages),
            ("edition", item.edition, settings.editions),
        ):
            if value not in known:
                problems.append(
                    report.add(
                        path,
                        lines.get(("restock", n, name), lines.get(("restock", n))),
                        f"'restock.{n}.{name}': clinic.yaml does not build {name} '{value}' "
                        f"(it builds: {', '.join(known)})",
                    )
                )
        key = (item.handout, item.language, item.edition)
        if key in seen:
            problems.append(
                report.add(
                    path,
                    lines.get(("restock", n)),
                    f"{'/'.join(key)} is listed twice (first on line {seen[key]}); keep one and add up the copies",
                )
            )
        seen.setdefault(key, lines.get(("restock", n)))
    if problems:
        raise ContentError(*problems)
    return restock, lines


def _jobs(
    site: Clinic, wanted: list[Wanted], built: Result, report: Problems, today: dt.date, options: PrintOptions
) -> list[PrintJob]:
    """A job for each PDF that may be handed to a patient; a problem for each that may not."""
    checks = {(c.output.handout.meta.id, c.output.handout.meta.language, c.output.edition): c for c in built.checks}
    failed = {o.label for o in built.failed}
    out = options.build.output_folder(report.root)
    media = MEDIA[site.settings.page_size]
    jobs = []
    for w in wanted:
        check = checks.get((w.handout, w.language, w.edition))
        label = f"{site.slug}/{w.language}/{w.handout}{EDITIONS[w.edition].suffix}"
        if check is None:
            path, line = w.where or (report.root / "handouts" / w.handout / f"{w.language}.md", None)
            report.add(path, line, f"not printed: {label} was not built (see the problems above)")
            continue
        output, handout = check.output, check.output.handout
        meta = handout.meta
        file = out / output.relpath
        if meta.review_status == "draft":
            why = "it is a draft, not for patients; have it reviewed, then run `build.py approve`"
            report.add(handout.file, handout.lines.get(("review_status",)), f"not sent: {label}: {why}")
        elif meta.next_review < today:
            why = f"its review was due on {meta.next_review}; have it reviewed, then update reviewed, next_review and version"
            report.add(handout.file, handout.lines.get(("next_review",)), f"not printed: {label}: {why}")
        elif output.label in failed:
            report.add(
                handout.file,
                None,
                f"not printed: {label}: its last build failed (see above), so its PDF is out of date",
            )
        elif w.rack == "waiting-room" and output.distribution == "after-consultation":
            path, line = w.where or (handout.file, None)
            report.add(
                path,
                line,
                f"not printed: {label} is after-consultation material, handed out after a consultation and never "
                "left in the waiting room; print it for the desk (a restock list with `rack: desk`, or --printer)",
            )
        elif check.blocked:
            report.add(handout.file, None, f"not printed: {label}: it has content errors (see above)")
        elif not file.is_file():
            report.add(handout.file, None, f"not printed: {label}: there is no PDF of it in {out}")
        else:
            job_options = {
                "media": media,
                "sides": EDITIONS[w.edition].sides,
                "print-scaling": "none",  # the page is the size it was made: no fit, no shrink
                "fit-to-page": "false",
                "print-color-mode": w.color,
                "collate": "true",
            }
            jobs.append(PrintJob(output, file, w.copies, job_options, page_count(file)))
    return jobs


def page_count(file: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(file).pages)


def _send(queue: cups.Queue, result: PrintResult) -> None:
    """Check the printer, then send every job; note the jobs the server holds."""
    if problem := printer_status.problem(result.printer or "", queue):
        result.errors.append(problem)
        return
    for job in result.jobs:
        handout = job.output.handout.meta
        title = f"{handout.title} ({handout.language}, {job.output.edition})"
        job.job_id = cups.submit(queue, str(job.file), title, job.copies, job.options)
    result.held = cups.held(queue, [j.job_id for j in result.jobs if j.job_id])


def describe(job: PrintJob) -> str:
    """One line for the terminal: what is printed, how many, and with which options."""
    options = " ".join(f"{name}={value}" for name, value in job.options.items())
    pages = f"{job.pages} page{'s' * (job.pages != 1)}"
    sheets = f"{job.sheets} sheet{'s' * (job.sheets != 1)}"
    return f"{job.copies} x {job.output.relpath.as_posix()} ({pages}, {sheets}): {options}"
