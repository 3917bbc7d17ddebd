"""Command line: arguments, the terminal, exit codes. 0 built, 1 content errors, 2 bad usage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .plan import Selection

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser(project: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build print-ready patient handout PDFs from Markdown, clinic settings and templates.",
    )
    p.add_argument("command", nargs="?", default="build", choices=["build"], help="what to do (default: build)")
    p.add_argument("--project", type=Path, default=project, help=f"project folder (default: {project})")
    p.add_argument("--clinic", action="append", default=[], metavar="SLUG", help="only this clinic (repeatable)")
    p.add_argument("--handout", action="append", default=[], metavar="ID", help="only this handout (repeatable)")
    p.add_argument(
        "--language", action="append", default=[], metavar="LANG", help="only this language, e.g. es (repeatable)"
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: out/ in the project)")
    p.add_argument("--html", action="store_true", help="also write the HTML given to the renderer, beside each PDF")
    return p


def main(argv: list[str] | None = None, project: Path | None = None) -> int:
    args = parser(project or Path.cwd()).parse_args(argv)
    root: Path = args.project.resolve()
    usage = _usage_problem(root, args)
    if usage:
        print(f"build.py: error: {usage}", file=sys.stderr)
        return EXIT_USAGE

    from .pipeline import build

    out = (args.out or root / "out").resolve()
    selection = Selection(tuple(args.clinic), tuple(args.handout), tuple(args.language))
    result = build(root, out, selection, html=args.html)
    for problem in result.report.items:
        print(problem, file=sys.stderr)
    errors = len(result.report.errors)
    warnings = len(result.report.items) - errors
    where = _show(out, root)
    print(
        f"{len(result.written)} of {len(result.planned)} PDFs written to {where}/ in {result.seconds:.1f} s; "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."
    )
    return EXIT_OK if result.ok else EXIT_CONTENT


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
