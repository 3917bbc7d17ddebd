"""`build.py check`: the content checks only, printed as text or JSON; each clinic's report
written to out/<clinic>/check-report.html (under the build's lock, in its manifest)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from . import terminal
from .options import output_folder, selection

PARENTS = ("project", "selection", "output")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "check",
        parents=[parents[name] for name in PARENTS],
        help="run the content checks only",
        description="Run the content checks only; each clinic's report goes to out/<clinic>/check-report.html.",
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="how the findings are printed")
    p.add_argument(
        "--jobs",
        type=terminal.positive,
        default=min(2, os.cpu_count() or 1),
        metavar="N",
        help="1: check in one process; 2 or more: in two at once (default: 2 on a machine with 2 cores or more)",
    )
    p.add_argument(
        "--again",
        action="store_true",
        help="check every output, also those the last build made from the same files today (their results are reused otherwise)",
    )


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return None


def run(args: argparse.Namespace, root: Path) -> int:
    from ..checks.report import json_report, text_report
    from ..pipeline import check_only

    out = output_folder(args, root)
    result = check_only(root, selection(args), args.today, out, again=args.again, jobs=args.jobs)
    reports = sorted({out / c.output.clinic.slug / "check-report.html" for c in result.checks})
    code = terminal.status(result, args.strict)
    if args.format == "json":
        print(json_report(result.checks, result.report))
        return code
    print(text_report(result.checks, result.report))
    print(
        f"{terminal.count(len(result.checks), 'output')} checked in {result.seconds:.2f} s"
        f"{' on 2 processes' if result.processes > 1 else ''}"
        f"{f' ({len(result.kept)} unchanged since the last build: its results)' if result.kept else ''}; "
        f"{terminal.counts(result.report)}. Reports: {', '.join(terminal.show(p, root) for p in reports)}"
    )
    return code
