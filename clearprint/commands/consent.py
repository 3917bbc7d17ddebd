"""`build.py consent HANDOUT --clinic SLUG [--language LANG]`: the fillable consent form,
out/<clinic>/<language>/<handout>.consent.pdf (or --out FILE). It holds no patient details."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..problems import ContentError, Problems, UsageError

PARENTS = ("project",)


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "consent", parents=[parents[n] for n in PARENTS], help="the fillable consent form of a handout for one clinic"
    )
    parser.description = "Make the fillable consent form of a handout, from the same risk data as the leaflet."
    parser.add_argument("handout", metavar="HANDOUT", help="the handout's id, e.g. dermal-fillers")
    parser.add_argument("--clinic", required=True, metavar="SLUG", help="the clinic")
    parser.add_argument("--language", metavar="LANG", help="default: the clinic's first language")
    parser.add_argument("--out", type=Path, default=None, help="the PDF to write")


def usage(args: argparse.Namespace, root: Path) -> str | None:
    clinics = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    if args.clinic not in clinics:
        return f"no clinic '{args.clinic}' in clinics/ (known: {', '.join(clinics)})"
    handouts = sorted(p.name for p in (root / "handouts").iterdir() if p.is_dir() and not p.name.startswith("_"))
    if args.handout not in handouts:
        return f"no handout '{args.handout}' in handouts/ (known: {', '.join(handouts)})"
    return None


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
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    for problem in report.items:
        print(problem, file=sys.stderr)
    print(f"Consent form for {args.handout} ({args.clinic}, {language}) written to {out}")
    return 0
