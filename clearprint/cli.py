"""Command line: arguments, the terminal, exit codes. 0 built, 1 content errors, 2 bad usage."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .editions import EDITIONS
from .problems import UsageError

if TYPE_CHECKING:
    from .pipeline import BuildOptions

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


class Terminated(SystemExit):
    """SIGTERM: stop the way Ctrl-C does (workers stopped, no half-written file). A SystemExit,
    so that nothing on the way (the renderer's own error handling) mistakes it for a failure."""


_terminated = False


def _terminate(signum, frame) -> None:
    global _terminated
    _terminated = True  # watchfiles turns any exception from a signal handler into KeyboardInterrupt
    raise Terminated


def parser(project: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py" if Path(sys.argv[0]).name == "build.py" else "clearprint",
        description="Build print-ready patient handout PDFs from Markdown, clinic settings and templates.",
        epilog="One patient's aftercare sheet: `sheet HANDOUT --clinic SLUG --visit FILE --out FILE` "
        "(see `sheet --help`).",
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=["build", "check", "serve", "print"],
        help="build: check, then write the PDFs (default); check: run the content checks only; "
        "serve: build, then preview a clinic's web edition on 127.0.0.1 and rebuild on every save; "
        "print: build what is out of date, then send the chosen PDFs to one of the clinic's printers",
    )
    p.add_argument("--project", type=Path, default=project, help=f"project folder (default: {project})")
    p.add_argument("--clinic", action="append", default=[], metavar="SLUG", help="only this clinic (repeatable)")
    p.add_argument("--handout", action="append", default=[], metavar="ID", help="only this handout (repeatable)")
    p.add_argument(
        "--language", action="append", default=[], metavar="LANG", help="only this language, e.g. es (repeatable)"
    )
    p.add_argument(
        "--edition", action="append", default=[], choices=list(EDITIONS), help="only this edition (repeatable)"
    )
    p.add_argument("--bleed", action="store_true", help="print-shop PDFs: 3 mm bleed, crop marks, TrimBox and BleedBox")
    p.add_argument("--force", action="store_true", help="rebuild every PDF, even if nothing it depends on changed")
    p.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="render on N processes (default: all cores)",
    )
    p.add_argument(
        "--shard",
        type=_shard,
        default=None,
        metavar="K/N",
        help="build only the K-th of N roughly equal shares of the PDFs (a PDF never changes share); "
        "a build without --shard in the same folder afterwards takes in the shares and writes the catalogues",
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors: exit 1 if there is any (for CI)")
    p.add_argument(
        "--watch", action="store_true", help="rebuild what an edited file affects, each time a file is saved"
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: out/ in the project)")
    p.add_argument(
        "--port",
        type=int,
        default=8000,
        metavar="N",
        help="serve: the port on 127.0.0.1 (default 8000; 0: any free one)",
    )
    p.add_argument("--html", action="store_true", help="also write the HTML given to the renderer, beside each PDF")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="how `check` prints its findings (check only)"
    )
    p.add_argument("--today", type=_date, default=None, help="check review dates as if today were YYYY-MM-DD")
    printing = p.add_argument_group(
        "print", "options of `print` (one clinic at a time; the filters above choose the PDFs)"
    )
    printing.add_argument(
        "--printer", metavar="NAME", help="a printer named in the clinic's clinic.yaml (`printers:`), e.g. desk"
    )
    printing.add_argument(
        "--restock", action="store_true", help="print the clinic's restock list, clinics/<slug>/print.yaml"
    )
    printing.add_argument(
        "--dry-run",
        action="store_true",
        help="build, then list the jobs with their options and page counts; send nothing",
    )
    printing.add_argument("--copies", type=_copies, default=None, metavar="N", help="copies of each PDF (default 1)")
    printing.add_argument("--monochrome", action="store_true", help="print in grayscale (default: colour)")
    return p


# Commands in their own modules (clearprint/commands/<name>.py: add_arguments(parser), run(namespace)).
MODULE_COMMANDS = ("review", "approve", "consent", "evidence")


def main(argv: list[str] | None = None, project: Path | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv)[:1] == ["sheet"]:  # its own arguments: see sheet_parser
        return sheet_main((sys.argv[1:] if argv is None else argv)[1:], project or Path.cwd())
    if (name := (sys.argv[1:] if argv is None else argv)[:1]) and name[0] in MODULE_COMMANDS:
        import importlib

        module = importlib.import_module(f".commands.{name[0]}", __package__)
        command = argparse.ArgumentParser(prog=f"{_prog()} {name[0]}")
        module.add_arguments(command)
        command.set_defaults(project=project)
        namespace = command.parse_args((sys.argv[1:] if argv is None else argv)[1:])
        return module.run(namespace)
    args = parser(project or Path.cwd()).parse_args(argv)
    root: Path = args.project.resolve()
    usage = _usage_problem(root, args)
    if usage:
        print(f"{_prog()}: error: {usage}", file=sys.stderr)
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args, root)
    except UsageError as exc:
        print(f"{_prog()}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        if _terminated:
            print("Stopped (terminated); nothing half-written was left.", file=sys.stderr)
            return EXIT_TERMINATED
        print("Stopped (Ctrl-C); nothing half-written was left.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("Stopped (terminated); nothing half-written was left.", file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace, root: Path) -> int:
    if (status := _nothing_to_do(args, root)) is not None:
        return status
    from .pipeline import BuildOptions, build, check_only
    from .plan import Selection

    out = (args.out or root / "out").resolve()
    selection = Selection(tuple(args.clinic), tuple(args.handout), tuple(args.language), tuple(args.edition))
    if args.command == "print":
        return _print(args, root, out, BuildOptions(out, selection, today=args.today, force=args.force, jobs=args.jobs))
    if args.command == "check":
        from .checks.report import html_reports, json_report, text_report

        result = check_only(root, selection, args.today)
        reports = html_reports(result.checks, root, out)
        status = _status(result, args.strict)
        if args.format == "json":
            print(json_report(result.checks, result.report))
            return status
        print(text_report(result.checks, result.report))
        print(
            f"{_count(len(result.checks), 'output')} checked in {result.seconds:.2f} s; {_counts(result.report)}. "
            f"Reports: {', '.join(_show(p, root) for p in reports)}"
        )
        return status

    options = BuildOptions(out, selection, args.html, args.today, args.bleed, args.force, args.jobs, args.shard)
    summary = lambda result: _summary(result, root, out, args.strict)  # noqa: E731
    with Progress() as progress:
        if args.watch:
            from .watch import watch

            return watch(root, options, summary, progress)
        if args.command == "serve":
            from .serve import serve

            return serve(root, options, summary, progress, args.port)
        result = build(root, options, progress)
    return summary(result)


def _print(args: argparse.Namespace, root: Path, out: Path, build: BuildOptions) -> int:
    from .printing import PrintOptions, describe, print_run
    from .problems import ContentError

    selection = build.selection
    options = PrintOptions(
        selection.clinics[0] if selection.clinics else None,
        selection,
        args.restock,
        args.printer,
        args.copies or 1,
        args.monochrome,
        args.dry_run,
        build,
    )
    try:
        with Progress() as progress:
            result = print_run(root, options, progress)
    except ContentError as exc:  # clinic.yaml or print.yaml: nothing was built or sent
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_CONTENT
    _summary(result.build, root, out)
    for problem in result.report.items:
        print(problem, file=sys.stderr)
    for error in result.errors:
        print(f"{_prog()}: error: {error}", file=sys.stderr)
    where = result.named
    sent = [job for job in result.jobs if job.job_id]
    sheets = sum(job.sheets for job in (result.jobs if args.dry_run else sent))
    if args.dry_run:
        print(f"Dry run for {where}: nothing was sent.")
        for job in result.jobs:
            print(f"  would send {describe(job)}")
    else:
        for job in sent:
            print(f"  sent {job.job_id}: {describe(job)}")
    for job_id, why in result.held.items():
        print(
            f"{_prog()}: error: job {job_id} is held by the print server ({why}): it prints only once released, "
            f"at the printer's queue or with `lp -i {job_id} -H resume`",
            file=sys.stderr,
        )
    refused = len(result.report.errors)
    verb = "to send" if args.dry_run else "sent"
    print(
        f"{_count(len(result.jobs) if args.dry_run else len(sent), 'job')} {verb} to {where}, {_count(sheets, 'sheet')}"
        + f" of {result.paper}"
        + (f"; {refused} not printed" if refused else "")
        + (f"; {_count(len(result.held), 'job')} held" if result.held else "")
        + "."
    )
    return EXIT_OK if result.ok else EXIT_CONTENT


def _nothing_to_do(args: argparse.Namespace, root: Path) -> int | None:
    """A complete build whose inputs and outputs are as the last one left them: print what it
    said and stop, before importing the build (see nochange.py). None: build as usual."""
    partial = args.clinic or args.handout or args.language or args.edition or args.shard
    if args.command != "build" or args.watch or partial or args.bleed or args.force:
        return None
    from . import nochange

    out = (args.out or root / "out").resolve()
    day = (args.today or dt.date.today()).isoformat()
    started = time.perf_counter()
    taken = nochange.unchanged(root, out, nochange.options_key(args.html), day)
    if taken is None:
        return None
    for _, problem in taken["problems"]:
        print(problem, file=sys.stderr)
    errors = sum(severity == "error" for severity, _ in taken["problems"])
    warnings = len(taken["problems"]) - errors
    counts = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    planned = taken["planned"]
    print(
        f"0 built, {planned} unchanged, 0 failed (of {_count(planned, 'PDF')} in {_show(out, root)}/) "
        f"in {time.perf_counter() - started:.1f} s; {counts}"
        + (" (--strict: warnings count as errors)." if args.strict and warnings else ".")
    )
    return EXIT_CONTENT if errors or (args.strict and warnings) else EXIT_OK


def _prog() -> str:
    return "build.py" if Path(sys.argv[0]).name == "build.py" else "clearprint"


def _status(result, strict: bool) -> int:
    if not result.ok or (strict and result.report.items):
        return EXIT_CONTENT
    return EXIT_OK


def _summary(result, root: Path, out: Path, strict: bool = False) -> int:
    for problem in result.report.items:
        print(problem, file=sys.stderr)
    blocked = sum(c.blocked for c in result.checks if c.output not in result.failed)
    rendered = len(result.written) + len(result.failed)
    per_pdf = f", {result.render_seconds / rendered:.2f} s per PDF" if rendered else ""
    print(
        f"{len(result.written)} built, {len(result.skipped)} unchanged, {len(result.failed)} failed"
        + (f", {blocked} held back by content errors" if blocked else "")
        + (
            f", {len(result.removed)} stale {'file' if len(result.removed) == 1 else 'files'} removed"
            if result.removed
            else ""
        )
        + f" (of {_count(len(result.planned), 'PDF')} in {_show(out, root)}/)"
        + (f"; {_count(len(result.catalogues), 'catalogue')} written" if result.catalogues else "")
        + f" in {result.seconds:.1f} s{per_pdf}; {_counts(result.report)}"
        + (" (--strict: warnings count as errors)." if strict and result.report.items and result.ok else ".")
    )
    return _status(result, strict)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


class Progress:
    """A progress bar on a terminal; plain lines when the output is a file or a pipe."""

    def __init__(self) -> None:
        self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __call__(self, done: int, total: int, label: str) -> None:
        if not sys.stderr.isatty():
            print(f"[{done}/{total}] {label}", file=sys.stderr)
            return
        if self.bar is not None and done == 1:  # the next build of watch mode
            self.bar.close()
            self.bar = None
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="pdf", file=sys.stderr, leave=False)
        self.bar.set_postfix_str(label[-40:])
        self.bar.update(1)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def _counts(report) -> str:
    errors = len(report.errors)
    return f"{_count(errors, 'error')}, {_count(len(report.items) - errors, 'warning')}"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes, such as 2")
    return int(text)


def _shard(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"{text!r} is not a shard such as 1/4 (K from 1 to N)")
    return int(k), int(n)


def _copies(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 500:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of copies from 1 to 500")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written as YYYY-MM-DD") from None


def _show(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _usage_problem(root: Path, args: argparse.Namespace) -> str | None:
    for folder in ("clinics", "handouts", "templates", "styles"):
        if not (root / folder).is_dir():
            return f"{root} is not a handout project: it has no {folder}/ folder (use --project)"
    out = (args.out or root / "out").resolve()
    inputs = [root / name for name in ("clinics", "handouts", "templates", "styles", "rules")]
    if out == root or root.is_relative_to(out) or any(out.is_relative_to(folder) for folder in inputs):
        return f"--out {out} would mix the PDFs with the project's own files; use a folder of its own, such as out/"
    printing = [name for name in ("printer", "restock", "dry_run", "copies", "monochrome") if getattr(args, name)]
    if printing and args.command != "print":
        return f"--{printing[0].replace('_', '-')} works with `print` only"
    if args.command == "print" and len(args.clinic) > 1:
        return "print for one clinic at a time: give one --clinic"
    if args.command == "print" and args.copies and args.restock:
        return "--copies and --restock do not go together: the restock list says how many of each"
    if args.command == "print" and (args.watch or args.bleed or args.html or args.shard):
        return "print sends the plain PDFs once: --watch, --bleed, --html and --shard do not go with it"
    if args.format == "json" and args.command != "check":
        return "--format json works with `check` only (build prints a summary; use `check --format json` in CI)"
    # Names are compared with the folders' names, never used as paths: `--clinic t/../t` matches nothing.
    clinics = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    for slug in args.clinic:
        if slug not in clinics:
            return f"no clinic '{slug}' in clinics/ (known: {', '.join(clinics)})"
    handouts = sorted(p.name for p in (root / "handouts").iterdir() if p.is_dir() and not p.name.startswith("_"))
    for hid in args.handout:
        if hid not in handouts:
            return f"no handout '{hid}' in handouts/ (known: {', '.join(handouts)})"
    return None


# --- `sheet`: one patient's aftercare sheet (sheet.py) ------------------------------------


def sheet_parser(project: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{_prog()} sheet",
        description="One patient's aftercare sheet: the visit's details and the handout's aftercare and "
        "get-help sections on one page, written to a file you name, to standard output or to a printer. "
        "Patient details are never kept: nothing is written to out/, and messages never quote them.",
    )
    p.add_argument("handout", metavar="HANDOUT", help="the handout's id, e.g. botulinum-toxin")
    p.add_argument("--project", type=Path, default=project, help=f"project folder (default: {project})")
    p.add_argument("--clinic", required=True, metavar="SLUG", help="the clinic")
    p.add_argument("--visit", metavar="FILE", help="the visit file, `-` for standard input (see examples/visit.yaml)")
    p.add_argument("--language", metavar="LANG", help="default: the clinic's first language")
    p.add_argument("--out", metavar="FILE", help="write the PDF to FILE (`-`: standard output); never inside out/")
    p.add_argument("--print", dest="send", action="store_true", help="send it to one of the clinic's printers")
    p.add_argument("--printer", metavar="NAME", help="with --print: a printer named in clinic.yaml (default: desk)")
    p.add_argument(
        "--fillable",
        action="store_true",
        help="a blank PDF form with a field for each detail (labels, tooltips, tagged), instead of --visit",
    )
    p.add_argument(
        "--edition",
        choices=["standard", "large-print"],
        help="the whole leaflet in this edition, with the visit's details (or fields) under its title",
    )
    p.add_argument("--today", type=_date, default=None, help="check review dates as if today were YYYY-MM-DD")
    return p


def sheet_main(argv: list[str], project: Path) -> int:
    """`build.py sheet`: 0 made, 1 a mistake in the visit file or the handout, 2 bad usage."""
    from .problems import ContentError, Problems
    from .sheet import MAX_VISIT_BYTES, Sheet, load_visit, make, refuse_destination, save, send

    args = sheet_parser(project).parse_args(argv)
    root: Path = args.project.resolve()
    usage = _sheet_usage(args, root, refuse_destination)
    if usage:
        print(f"{_prog()} sheet: error: {usage}", file=sys.stderr)
        return EXIT_USAGE
    report = Problems(root)
    try:
        visit = None
        if args.visit == "-":
            text = sys.stdin.buffer.read(MAX_VISIT_BYTES + 1).decode("utf-8", errors="replace")
            visit = load_visit(None, report, text)
        elif args.visit:
            visit = load_visit(Path(args.visit), report)
        order = Sheet(args.clinic, args.handout, args.language, args.edition, args.fillable)
        data = make(root, order, visit, report, args.today)
        done = []
        if args.out == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            done.append("written to standard output")
        elif args.out:
            save(Path(args.out).resolve(), data)
            done.append(f"written to {args.out}")
        if args.send:
            from .cups import PrintServerError

            try:
                done.append(f"sent to the printer as job {send(root, args.clinic, args.printer, data)}")
            except PrintServerError as exc:
                print(f"{_prog()} sheet: error: not printed: {exc}", file=sys.stderr)
                return EXIT_CONTENT
    except ContentError:
        for problem in report.items:
            print(problem, file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"{_prog()} sheet: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for problem in report.items:  # warnings
        print(problem, file=sys.stderr)
    what = (
        "Fillable " + ("sheet" if not args.edition else f"{args.edition} leaflet")
        if args.fillable
        else "Aftercare sheet"
    )
    print(f"{what} for {args.handout} ({args.clinic}) {' and '.join(done)}.", file=sys.stderr)
    return EXIT_OK


def _sheet_usage(args: argparse.Namespace, root: Path, refuse_destination) -> str | None:
    for folder in ("clinics", "handouts", "templates", "styles"):
        if not (root / folder).is_dir():
            return f"{root} is not a handout project: it has no {folder}/ folder (use --project)"
    clinics = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    if args.clinic not in clinics:
        return f"no clinic '{args.clinic}' in clinics/ (known: {', '.join(clinics)})"
    handouts = sorted(p.name for p in (root / "handouts").iterdir() if p.is_dir() and not p.name.startswith("_"))
    if args.handout not in handouts:
        return f"no handout '{args.handout}' in handouts/ (known: {', '.join(handouts)})"
    if bool(args.visit) == args.fillable:
        return "give --visit FILE for one patient's sheet, or --fillable for a blank form to fill on screen or by hand"
    if not args.out and not args.send:
        return "say where the sheet goes: --out FILE, --out - (standard output) or --print"
    if args.printer and not args.send:
        return "--printer works with --print only"
    if args.out == "-" and sys.stdout.isatty():
        return "--out - writes a PDF to standard output: send it to a file or a program, not the terminal"
    if args.out and args.out != "-":
        return refuse_destination(Path(args.out), root, patient=bool(args.visit))
    return None


if __name__ == "__main__":
    sys.exit(main())
