"""`build.py serve`: build, then preview a clinic's web edition on 127.0.0.1 and rebuild
on every save (serve/loop.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import terminal
from .options import output_folder, selection

PARENTS = ("project", "selection", "output", "rendering", "html")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "serve",
        parents=[parents[name] for name in PARENTS],
        help="build, then preview a clinic's web edition on 127.0.0.1, rebuilt on every save",
        description="Build, then serve a clinic's web edition on 127.0.0.1; every save rebuilds what it "
        "affects and reloads the page.",
    )
    p.add_argument(
        "--port", type=int, default=8000, metavar="N", help="the port on 127.0.0.1 (default 8000; 0: any free one)"
    )


def usage(args: argparse.Namespace, root: Path) -> str | None:
    if args.watch or args.bleed or args.shard:
        return "serve rebuilds on every save by itself: --watch, --bleed and --shard go with `build`"
    return None


def run(args: argparse.Namespace, root: Path) -> int:
    from ..pipeline import BuildOptions
    from ..serve.loop import serve

    out = output_folder(args, root)
    options = BuildOptions(out, selection(args), args.html, args.today, args.bleed, args.force, args.jobs, args.shard)
    summary = lambda result: terminal.summary(result, root, out, args.strict)  # noqa: E731
    with terminal.Progress() as progress:
        return serve(root, options, summary, progress, args.port)
