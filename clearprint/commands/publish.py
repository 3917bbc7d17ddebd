"""`build.py publish`: a clinic's built web edition to a folder, a zip or a server over SSH,
then every address its QR codes print checked (clearprint/publishing/)."""

from __future__ import annotations

import argparse
from pathlib import Path

PARENTS = ("project",)


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "publish",
        parents=[parents[name] for name in PARENTS],
        help="publish a clinic's web edition where its QR codes point, then check every address",
        description="Publish a clinic's built web edition (out/<clinic>/site/) where its QR codes point, "
        "uploading only what changed, then check that every printed address answers.",
    )
    # SUPPRESS: `build.py --clinic x publish` keeps the main parser's value (commands/options.py)
    p.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="the build folder (default: out/)")
    p.add_argument(
        "--clinic",
        action="append",
        default=argparse.SUPPRESS,
        metavar="SLUG",
        help="the clinic whose web edition to publish",
    )
    p.add_argument(
        "--to",
        metavar="DESTINATION",
        help="a folder, a file ending in .zip (for a host's file manager), or ssh://user@host:port/path "
        "(rsync over ssh; set CLEARPRINT_SSH for a key or options, e.g. 'ssh -i ~/.ssh/clinic')",
    )
    p.add_argument("--dry-run", action="store_true", help="list what would be uploaded and deleted; write nothing")
    p.add_argument(
        "--verify-at",
        metavar="URL",
        help="check the addresses against this copy of the site (e.g. http://127.0.0.1:8000) instead of "
        "the clinic's public address",
    )
    p.add_argument("--verify-only", action="store_true", help="publish nothing; check the addresses only")
    p.add_argument("--no-verify", action="store_true", help="publish without checking the addresses afterwards")


def usage(args: argparse.Namespace, root: Path) -> str | None:
    if len(args.clinic) != 1:
        return "publish one clinic at a time: give one --clinic"
    return None


def run(args: argparse.Namespace, root: Path) -> int:
    from ..publishing.command import run as publish

    args.clinic = args.clinic[0]
    return publish(args)
