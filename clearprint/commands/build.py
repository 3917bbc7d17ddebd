"""`build.py build` (also `build.py` with no command): check, then write what changed; with
--watch, again on every save. A complete build with nothing to do prints what the last one
said without importing the build at all (incremental/nochange.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from . import terminal
from .options import output_folder, selection

PARENTS = ("project", "selection", "output", "rendering", "html", "build")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    commands.add_parser(
        "build",
        parents=[parents[name] for name in PARENTS],
        help="check, then write the PDFs, catalogues and web edition (the default)",
        description="Check every handout, then write what changed since the last build: PDFs, catalogues, "
        "check reports and each clinic's web edition, into out/.",
    )


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return None


def run(args: argparse.Namespace, root: Path) -> int:
    if (code := _nothing_to_do(args, root)) is not None:
        return code
    from ..pipeline import BuildOptions, build

    out = output_folder(args, root)
    options = BuildOptions(out, selection(args), args.html, args.today, args.bleed, args.force, args.jobs, args.shard)
    summary = lambda result: terminal.summary(result, root, out, args.strict)  # noqa: E731
    with terminal.Progress() as progress:
        if args.watch:
            from ..watch import watch

            return watch(root, options, summary, progress)
        return summary(build(root, options, progress))


def _nothing_to_do(args: argparse.Namespace, root: Path) -> int | None:
    """A complete build whose inputs and outputs are as the last one left them: print what it
    said and stop, before importing the build (see incremental/nochange.py). None: build as usual."""
    partial = args.clinic or args.handout or args.language or args.edition or args.shard
    if args.watch or partial or args.bleed or args.force:
        return None
    from ..incremental import nochange

    out = output_folder(args, root)
    day = (args.today or dt.date.today()).isoformat()
    started = time.perf_counter()
    taken = nochange.unchanged(root, out, nochange.options_key(args.html), day)
    if taken is None:
        return None
    for _, problem in taken["problems"]:
        print(problem, file=sys.stderr)
    errors = sum(severity == "error" for severity, _ in taken["problems"])
    warnings = len(taken["problems"]) - errors
    counts = f"{terminal.count(errors, 'error')}, {terminal.count(warnings, 'warning')}"
    planned = taken["planned"]
    print(
        f"0 built, {planned} unchanged, 0 failed (of {terminal.count(planned, 'PDF')} in {terminal.show(out, root)}/) "
        f"in {time.perf_counter() - started:.1f} s; {counts}"
        + (" (--strict: warnings count as errors)." if args.strict and warnings else ".")
    )
    return terminal.EXIT_CONTENT if errors or (args.strict and warnings) else terminal.EXIT_OK
