"""`build.py review HANDOUT`: a clinical reviewer's pack, out/review/<handout>.html.

What changed since the last approved version (section by section), every fact with its
sources, and the open findings and waivers of every clinic that prints the handout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..files import save
from ..problems import ContentError, Problems
from .options import outside_out, unknown_handout

PARENTS = ("project", "handout")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "review", parents=[parents[n] for n in PARENTS], help="a clinical reviewer's pack for one handout (out/review/)"
    )
    parser.description = (
        "Make a review pack for one handout: what changed since its last approved version, section by "
        "section; the facts it states with their sources; open findings and waivers."
    )
    parser.add_argument("--language", action="append", default=[], metavar="LANG", help="only this language")
    parser.add_argument("--out", type=Path, default=None, help="where to write the pack (default: out/review/)")


def pack(root: Path, handout_id: str, languages: list[str], today: dt.date) -> tuple[str, Problems]:
    """The review pack's HTML and the problems met making it."""
    from ..content.load import load_project
    from ..content.plan import Selection
    from ..documents.templates import environment, render_template
    from ..incremental.ocr_cache import ReadingsOnly
    from ..pipeline import check_only
    from ..review import changes, facts, last_approved, status_of, version_of

    report = Problems(root)
    project = load_project(root, report)
    handouts = [h for (hid, lang), h in sorted(project.handouts.items()) if hid == handout_id]
    handouts = [h for h in handouts if not languages or h.meta.language in languages]
    if not handouts:
        raise report.error(root / "handouts" / handout_id, None, f"no handout '{handout_id}' to review")
    listing = tuple(c.slug for c in project.clinics if handout_id in c.settings.handouts)
    readings = ReadingsOnly(root / "out")  # what the last build read in the images
    result = (
        check_only(root, Selection(clinics=listing, handouts=(handout_id,)), today, ocr=readings) if listing else None
    )
    files = []
    for handout in handouts:
        text = handout.file.read_text(encoding="utf-8")
        baseline = last_approved(root, handout.file)
        mine = [c for c in (result.checks if result else []) if c.output.handout.key == handout.key]
        files.append(
            {
                "title": handout.meta.title,
                "language": handout.meta.language,
                "version": handout.meta.version,
                "path": report.rel(handout.file),
                "status": status_of(text),
                "baseline": baseline[1] if baseline else None,
                "baseline_version": version_of(baseline[0]) if baseline else None,
                "changes": changes(baseline[0] if baseline else None, text),
                "facts": facts(handout),
                "findings": [(c.output.label, p) for c in mine for p in c.findings],
                "waivers": [(c.output.label, p, w) for c in mine for p, w in c.waived],
            }
        )
    context = {"handout_id": handout_id, "today": today.isoformat(), "files": files}
    return render_template(environment(root, root), "review-pack.html.j2", context, root), report


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return unknown_handout(args, root) or outside_out(args.out, root)


def run(args: argparse.Namespace, root: Path) -> int:
    today = args.today or dt.date.today()
    try:
        page, _ = pack(root, args.handout, args.language, today)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    out = (args.out or root / "out" / "review" / f"{args.handout}.html").resolve()
    if out.suffix != ".html":
        out = out / f"{args.handout}.html"
    save(out, page.encode("utf-8"))
    print(f"Review pack for {args.handout} written to {out}")
    return 0
