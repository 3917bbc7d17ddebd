"""`build.py evidence HANDOUT`: the evidence sheet for clinicians, one HTML page per language,
out/evidence/<handout>.<language>.html: statement, figure, source, date checked."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from ..content.markup import PLACEHOLDER
from ..files import save
from ..problems import ContentError, Problems
from .options import outside_out, unknown_handout

PARENTS = ("project", "handout")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "evidence",
        parents=[parents[n] for n in PARENTS],
        help="the evidence sheet of a handout for clinicians (out/evidence/)",
    )
    parser.description = (
        "Write the evidence sheet of a handout: every statement with its figure, source and date checked."
    )
    parser.add_argument("--out", type=Path, default=None, help="folder to write to (default: out/evidence/)")


def sheet(root: Path, handout) -> str:
    from ..content.risks import load_risks, risk_how_often
    from ..documents.templates import environment, render_template
    from ..review import facts

    meta = handout.meta
    data = load_risks(handout.file.parent, root)
    sources = meta.sources
    risks = [
        {
            "name": (r.words.get(meta.language) or r.words["en"]).name,
            "severity": r.severity,
            "how_often": risk_how_often(r, meta.language, root),
            "sources": [(n, sources[n - 1] if 0 < n <= len(sources) else "(not in the list)") for n in r.sources],
        }
        for r in (data.risks if data else [])
    ]
    checked = meta.reviewed.isoformat() if meta.reviewed else "not yet reviewed"
    # No clinic here, so a placeholder is named for what it stands for, never shown as syntax.
    named = [replace(f, statement=PLACEHOLDER.sub(_what_it_stands_for, f.statement)) for f in facts(handout)]
    context = {"handout": meta, "facts": named, "risks": risks, "checked": checked}
    return render_template(environment(root, root), "evidence-sheet.html.j2", context, root)


def _what_it_stands_for(match: re.Match) -> str:
    """`{{ clinic.emergency_number }}` -> "[the clinic's emergency number]"."""
    return f"[the clinic's {match['name'].removeprefix('clinic.').replace('_', ' ')}]"


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return unknown_handout(args, root) or outside_out(args.out, root)


def run(args: argparse.Namespace, root: Path) -> int:
    from ..content.load import load_project

    report = Problems(root)
    try:
        project = load_project(root, report)
        handouts = [h for (hid, _), h in sorted(project.handouts.items()) if hid == args.handout]
        if not handouts:
            raise report.error(root / "handouts" / args.handout, None, f"no handout '{args.handout}'")
        folder = (args.out or root / "out" / "evidence").resolve()
        for handout in handouts:
            path = folder / f"{args.handout}.{handout.meta.language}.html"
            save(path, sheet(root, handout).encode("utf-8"))
            print(f"Evidence sheet written to {path}")
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    return 0
