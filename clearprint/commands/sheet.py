"""`build.py sheet HANDOUT`: one patient's aftercare sheet, or a fillable sheet or leaflet
(frontdesk/sheet.py). 0 made, 1 a mistake in the visit file or the handout, 2 bad usage. Patient
details are never kept: nothing is written to out/, and messages never quote them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..editions import FILLABLE
from ..problems import UsageError
from . import terminal
from .options import unknown_clinic, unknown_handout

PARENTS = ("project", "handout")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "sheet",
        parents=[parents[name] for name in PARENTS],
        help="one patient's aftercare sheet (or a fillable sheet or leaflet)",
        description="One patient's aftercare sheet: the visit's details and the handout's aftercare and "
        "get-help sections on one page, written to a file you name, to standard output or to a printer. "
        "Patient details are never kept: nothing is written to out/, and messages never quote them.",
    )
    # Its own --clinic, --language, --edition and --out (one each; --out is a file): they replace
    # the build's, which the main parser reads.
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
        choices=list(FILLABLE),
        help="the whole leaflet in this edition, with the visit's details (or fields) under its title",
    )


def usage(args: argparse.Namespace, root: Path) -> str | None:
    from ..frontdesk.sheet import refuse_destination

    problem = unknown_clinic(args, root) or unknown_handout(args, root)
    if problem:
        return problem
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


def run(args: argparse.Namespace, root: Path) -> int:
    from ..frontdesk.printers import send_sheet as send
    from ..frontdesk.sheet import Sheet, make, save
    from ..frontdesk.visit import MAX_VISIT_BYTES, load_visit, visit_text
    from ..problems import ContentError, Problems

    prog = f"{terminal.prog()} sheet"
    report = Problems(root)
    try:
        visit = None
        if args.visit == "-":
            text = visit_text(sys.stdin.buffer.read(MAX_VISIT_BYTES + 1), Path("/dev/stdin"), report)
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
            try:
                save(Path(args.out).resolve(), data)
            except OSError as exc:  # permission, a full disk, a link swapped in: nothing half-written
                reason = (exc.strerror or str(exc)).lower()
                print(
                    f"{terminal.prog()} sheet: error: {args.out}: not written ({reason}); nothing was left there",
                    file=sys.stderr,
                )
                return terminal.EXIT_CONTENT
            done.append(f"written to {args.out}")
        if args.send:
            from ..frontdesk.cups import PrintServerError

            try:
                done.append(f"sent to the printer as job {send(root, args.clinic, args.printer, data)}")
            except PrintServerError as exc:
                print(f"{prog}: error: not printed: {exc}", file=sys.stderr)
                return terminal.EXIT_CONTENT
    except ContentError:
        for problem in report.items:
            print(problem, file=sys.stderr)
        return terminal.EXIT_CONTENT
    except UsageError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return terminal.EXIT_USAGE
    for problem in report.items:  # warnings
        print(problem, file=sys.stderr)
    what = (
        "Fillable " + ("sheet" if not args.edition else f"{args.edition} leaflet")
        if args.fillable
        else "Aftercare sheet"
    )
    print(f"{what} for {args.handout} ({args.clinic}) {' and '.join(done)}.", file=sys.stderr)
    return terminal.EXIT_OK
