"""`build.py print`: build what is out of date, then send the chosen PDFs (or the clinic's
restock list) to one of the clinic's printers (frontdesk/printing.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import terminal
from .options import output_folder, selection

PARENTS = ("project", "selection", "output", "rendering")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "print",
        parents=[parents[name] for name in PARENTS],
        help="build what is out of date, then send the chosen PDFs to one of the clinic's printers",
        description="Build what is out of date, then send the chosen PDFs to one of the clinic's printers "
        "(one clinic at a time; the filters choose the PDFs).",
    )
    g = p.add_argument_group("printing")
    g.add_argument(
        "--printer", metavar="NAME", help="a printer named in the clinic's clinic.yaml (`printers:`), e.g. desk"
    )
    g.add_argument("--restock", action="store_true", help="print the clinic's restock list, clinics/<slug>/print.yaml")
    g.add_argument(
        "--dry-run",
        action="store_true",
        help="build, then list the jobs with their options and page counts; send nothing",
    )
    g.add_argument(
        "--offline",
        action="store_true",
        help="with --dry-run: do not ask the print server whether the printers are ready",
    )
    g.add_argument("--copies", type=terminal.copies, default=None, metavar="N", help="copies of each PDF (default 1)")
    g.add_argument("--monochrome", action="store_true", help="print in grayscale (default: colour)")


def usage(args: argparse.Namespace, root: Path) -> str | None:
    if len(args.clinic) > 1:
        return "print for one clinic at a time: give one --clinic"
    if args.copies and args.restock:
        return "--copies and --restock do not go together: the restock list says how many of each"
    if args.offline and not args.dry_run:
        return "--offline works with `print --dry-run` only (printing always asks the print server)"
    if args.watch or args.bleed or args.html or args.shard:
        return "print sends the plain PDFs once: --watch, --bleed, --html and --shard do not go with it"
    return None


def run(args: argparse.Namespace, root: Path) -> int:
    from ..frontdesk.printing import PrintOptions, describe, print_run
    from ..pipeline import BuildOptions
    from ..problems import ContentError

    out = output_folder(args, root)
    chosen = selection(args)
    build = BuildOptions(out, chosen, today=args.today, force=args.force, jobs=args.jobs)
    options = PrintOptions(
        chosen.clinics[0] if chosen.clinics else None,
        chosen,
        args.restock,
        args.printer,
        args.copies or 1,
        args.monochrome,
        args.dry_run,
        build,
        args.offline,
    )
    try:
        with terminal.Progress() as progress:
            result = print_run(root, options, progress)
    except ContentError as exc:  # clinic.yaml or print.yaml: nothing was built or sent
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return terminal.EXIT_CONTENT
    terminal.summary(result.build, root, out)
    for problem in result.report.items:
        print(problem, file=sys.stderr)
    prog = terminal.prog()
    for error in result.errors:
        print(f"{prog}: error: {error}", file=sys.stderr)
    where = result.named
    sent = [job for job in result.jobs if job.job_id]
    sheets = sum(job.sheets for job in (result.jobs if args.dry_run else sent))
    if args.dry_run:
        print(f"Dry run for {where}: nothing was sent.")
        for status in result.printers:
            if status.ready:
                print(f"  {status}")
        for job in result.jobs:
            print(f"  would send {describe(job)}")
    else:
        for job in sent:
            print(f"  sent {job.job_id}: {describe(job)}")
    for job_id, why in result.held.items():
        print(
            f"{prog}: error: job {job_id} is held by the print server ({why}): it prints only once released, "
            f"at the printer's queue or with `lp -i {job_id} -H resume`",
            file=sys.stderr,
        )
    refused = len(result.report.errors)
    verb = "to send" if args.dry_run else "sent"
    count = terminal.count
    print(
        f"{count(len(result.jobs) if args.dry_run else len(sent), 'job')} {verb} to {where}, {count(sheets, 'sheet')}"
        + f" of {result.paper}"
        + (f"; {refused} not printed" if refused else "")
        + (f"; {count(len(result.held), 'job')} held" if result.held else "")
        + "."
    )
    return terminal.EXIT_OK if result.ok else terminal.EXIT_CONTENT
