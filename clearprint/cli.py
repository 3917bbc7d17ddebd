"""Command line: arguments, the terminal, exit codes. 0 built, 1 content errors, 2 bad usage."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .models import EDITIONS
from .plan import Selection

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser(project: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build print-ready patient handout PDFs from Markdown, clinic settings and templates.",
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=["build", "check"],
        help="build: check, then write the PDFs (default); check: run the content checks only",
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
    p.add_argument("--out", type=Path, default=None, help="output folder (default: out/ in the project)")
    p.add_argument("--html", action="store_true", help="also write the HTML given to the renderer, beside each PDF")
    p.add_argument("--format", choices=["text", "json"], default="text", help="how `check` prints its findings")
    p.add_argument("--today", type=_date, default=None, help="check review dates as if today were YYYY-MM-DD")
    return p


def main(argv: list[str] | None = None, project: Path | None = None) -> int:
    args = parser(project or Path.cwd()).parse_args(argv)
    root: Path = args.project.resolve()
    usage = _usage_problem(root, args)
    if usage:
        print(f"build.py: error: {usage}", file=sys.stderr)
        return EXIT_USAGE

    from .pipeline import build, check

    out = (args.out or root / "out").resolve()
    selection = Selection(tuple(args.clinic), tuple(args.handout), tuple(args.language), tuple(args.edition))
    if args.command == "check":
        from .checks.report import html_reports, json_report, text_report

        result = check(root, selection, args.today)
        reports = html_reports(result.checks, root, out)
        if args.format == "json":
            print(json_report(result.checks, result.report))
            return EXIT_OK if result.ok else EXIT_CONTENT
        print(text_report(result.checks, result.report))
        print(
            f"{len(result.checks)} outputs checked in {result.seconds:.2f} s; {_counts(result.report)}. "
            f"Reports: {', '.join(_show(p, root) for p in reports)}"
        )
        return EXIT_OK if result.ok else EXIT_CONTENT

    result = build(root, out, selection, html=args.html, today=args.today, bleed=args.bleed)
    for problem in result.report.items:
        print(problem, file=sys.stderr)
    blocked = sum(c.blocked for c in result.checks)
    held = f" ({blocked} held back by content errors)" if blocked else ""
    print(
        f"{len(result.written)} of {len(result.planned)} PDFs written to {_show(out, root)}/{held} "
        f"in {result.seconds:.1f} s; {_counts(result.report)}."
    )
    return EXIT_OK if result.ok else EXIT_CONTENT


def _counts(report) -> str:
    errors = len(report.errors)
    warnings = len(report.items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


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
    for slug in args.clinic:
        if not (root / "clinics" / slug / "clinic.yaml").is_file():
            known = ", ".join(sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml")))
            return f"no clinic '{slug}' in clinics/ (known: {known})"
    for hid in args.handout:
        if not (root / "handouts" / hid).is_dir():
            known = ", ".join(
                sorted(p.name for p in (root / "handouts").iterdir() if p.is_dir() and not p.name.startswith("_"))
            )
            return f"no handout '{hid}' in handouts/ (known: {known})"
    return None


if __name__ == "__main__":
    sys.exit(main())
