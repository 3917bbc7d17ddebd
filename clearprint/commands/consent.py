"""`build.py consent HANDOUT --clinic SLUG [--language LANG]`: the fillable consent form,
out/<clinic>/<language>/<handout>.consent.pdf (or --out FILE). It holds no patient details."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..files import save
from ..problems import ContentError, Problems, UsageError
from .options import outside_out, unknown_clinic, unknown_handout

PARENTS = ("project", "handout")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "consent", parents=[parents[n] for n in PARENTS], help="the fillable consent form of a handout for one clinic"
    )
    parser.description = "Make the fillable consent form of a handout, from the same risk data as the leaflet."
    parser.add_argument("--clinic", required=True, metavar="SLUG", help="the clinic")
    parser.add_argument("--language", metavar="LANG", help="default: the clinic's first language")
    parser.add_argument("--out", type=Path, default=None, help="the PDF to write")


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return unknown_clinic(args, root) or unknown_handout(args, root) or outside_out(args.out, root)


def run(args: argparse.Namespace, root: Path) -> int:
    from ..frontdesk.consent import make

    report = Problems(root)
    try:
        data = make(root, args.clinic, args.handout, args.language, report, args.today or dt.date.today())
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"consent: error: {exc}", file=sys.stderr)
        return 2
    language = args.language
    if language is None:
        from ..content.load import load_project

        language = next(
            c for c in load_project(root, Problems(root)).clinics if c.slug == args.clinic
        ).settings.languages[0]
    out = (args.out or root / "out" / args.clinic / language / f"{args.handout}.consent.pdf").resolve()
    save(out, data)
    for problem in report.items:
        print(problem, file=sys.stderr)
    print(f"Consent form for {args.handout} ({args.clinic}, {language}) written to {out}")
    return 0
