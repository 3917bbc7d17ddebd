"""The option groups several commands share, as argparse parent parsers.

The main parser takes the build's options too (`build.py --html` means `build --html`), so
each group is made twice: with defaults for the main parser, and with SUPPRESS defaults for
the commands' parsers. An option a command's parser leaves unset then keeps what the main
parser read: `build.py --clinic a build` builds clinic a only (a command's own default
would silently replace it)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..editions import EDITIONS
from . import terminal


def groups(project: Path, suppress: bool) -> dict[str, argparse.ArgumentParser]:
    """Parent parsers by name: project, selection, output, rendering, html, build, handout."""

    def default(value):
        return argparse.SUPPRESS if suppress else value

    def parent(title: str) -> tuple[argparse.ArgumentParser, argparse._ArgumentGroup]:
        p = argparse.ArgumentParser(add_help=False)
        return p, p.add_argument_group(title)

    made = {}
    p, g = made["project"] = parent("project")
    g.add_argument("--project", type=Path, default=default(project), help=f"project folder (default: {project})")
    g.add_argument(
        "--today", type=terminal.date, default=default(None), help="check review dates as if today were YYYY-MM-DD"
    )
    p, g = made["selection"] = parent("which outputs (default: all)")
    g.add_argument(
        "--clinic", action="append", default=default([]), metavar="SLUG", help="only this clinic (repeatable)"
    )
    g.add_argument(
        "--handout", action="append", default=default([]), metavar="ID", help="only this handout (repeatable)"
    )
    g.add_argument(
        "--language",
        action="append",
        default=default([]),
        metavar="LANG",
        help="only this language, e.g. es (repeatable)",
    )
    g.add_argument(
        "--edition", action="append", default=default([]), choices=list(EDITIONS), help="only this edition (repeatable)"
    )
    p, g = made["output"] = parent("output")
    g.add_argument("--out", type=Path, default=default(None), help="output folder (default: out/ in the project)")
    g.add_argument(
        "--strict",
        action="store_true",
        default=default(False),
        help="treat warnings as errors: exit 1 if there is any (for CI)",
    )
    p, g = made["rendering"] = parent("rendering")
    g.add_argument(
        "--jobs",
        type=terminal.positive,
        default=default(os.cpu_count() or 1),
        metavar="N",
        help="render on N processes (default: all cores)",
    )
    g.add_argument(
        "--force",
        action="store_true",
        default=default(False),
        help="rebuild every PDF, even if nothing it depends on changed",
    )
    p, g = made["html"] = parent("previews")
    g.add_argument(
        "--html",
        action="store_true",
        default=default(False),
        help="also write the HTML given to the renderer, beside each PDF",
    )
    p, g = made["build"] = parent("build")
    g.add_argument(
        "--bleed",
        action="store_true",
        default=default(False),
        help="print-shop PDFs: 3 mm bleed, crop marks, TrimBox and BleedBox",
    )
    g.add_argument(
        "--shard",
        type=terminal.shard,
        default=default(None),
        metavar="K/N",
        help="build only the K-th of N roughly equal shares of the PDFs (a PDF never changes share); "
        "a build without --shard in the same folder afterwards takes in the shares and writes the catalogues",
    )
    g.add_argument(
        "--watch",
        action="store_true",
        default=default(False),
        help="rebuild what an edited file affects, each time a file is saved",
    )
    p, g = made["handout"] = parent("handout")
    g.add_argument("handout", metavar="HANDOUT", help="the handout's id, e.g. dermal-fillers")
    return {name: p for name, (p, _) in made.items()}


def unknown_clinic(args: argparse.Namespace, root: Path) -> str | None:
    """The usage error for a --clinic that has no clinics/<slug>/clinic.yaml, or None."""
    known = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    if args.clinic not in known:
        return f"no clinic '{args.clinic}' in clinics/ (known: {', '.join(known) or 'none'})"
    return None


def unknown_handout(args: argparse.Namespace, root: Path) -> str | None:
    """The usage error for a HANDOUT that is not a folder in handouts/, or None."""
    folder = root / "handouts"
    known = (
        sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")) if folder.is_dir() else []
    )
    if args.handout not in known:
        return f"no handout '{args.handout}' in handouts/ (known: {', '.join(known) or 'none'})"
    return None


def selection(args: argparse.Namespace):
    from ..options import Selection

    return Selection(tuple(args.clinic), tuple(args.handout), tuple(args.language), tuple(args.edition))


def output_folder(args: argparse.Namespace, root: Path) -> Path:
    return (args.out or root / "out").resolve()


def outside_out(out: Path | None, root: Path) -> str | None:
    """Why `out` (a folder or file a command writes) may not be written, or None: inside the
    project, only its out/ folder is written (never .git/, a content folder or anywhere else a
    `git add .` or a tool would pick it up); outside the project, where the user chooses."""
    if out is None:
        return None
    out, root = out.resolve(), root.resolve()
    if out.is_relative_to(root) and not out.is_relative_to(root / "out"):
        return (
            f"--out {out} is inside the project but not in its out/ folder; write there (the default) "
            "or to a folder outside the project"
        )
    return None
