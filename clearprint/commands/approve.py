"""`build.py approve HANDOUT --reviewer NAME [--role ROLE]`: record a clinical sign-off.

Shows what is approved (each language file: version, the sections changed since the last
approved version, the facts and waivers), then sets `review_status: approved`, `reviewed`,
`next_review` and `reviewer` in each file's front matter, editing those lines only, and
keeps a copy of the approved text in `.approved/` for the next review pack. Who signs is
named as the clinics' policy says (`reviewers:` in clinic.yaml): a person, a role, or both.
A handout with errors is not approved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..files import save
from ..problems import ContentError, Problems
from ..review import approval_values, approved_copy, set_front_matter
from .options import unknown_handout

PARENTS = ("project", "handout")


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "approve",
        parents=[parents[n] for n in PARENTS],
        help="record a clinician's approval in a handout's front matter",
    )
    parser.description = "Record that a clinician approved a handout, in its front matter."
    parser.add_argument("--reviewer", metavar="NAME", help="the person who approved it, e.g. 'Dr Aoife Byrne'")
    parser.add_argument("--role", metavar="ROLE", help="their role, e.g. 'Medical director'")
    parser.add_argument("--language", action="append", default=[], metavar="LANG", help="only this language")
    parser.add_argument(
        "--clinic",
        metavar="SLUG",
        help="approve this clinic's own text of the handout (clinics/SLUG/handouts/HANDOUT/), not the handout",
    )
    parser.add_argument("--next-review", type=dt.date.fromisoformat, default=None, help="default: a year from today")


def signer(policies: set[str], person: str | None, role: str | None) -> str:
    """The `reviewer:` text the clinics' policies ask for; ValueError says what is missing."""
    needs_person = bool(policies & {"person", "both"})
    needs_role = bool(policies & {"role", "both"}) or not policies
    missing = [
        flag
        for flag, needed, given in (("--reviewer NAME", needs_person, person), ("--role ROLE", needs_role, role))
        if needed and not (given or "").strip()
    ]
    if missing:
        asks = " and ".join(sorted(policies)) or "role"
        raise ValueError(f"the clinics that print it name reviewers by {asks}: add {' and '.join(missing)}")
    parts = [x.strip() for x in (person, role) if x and x.strip()]
    return f"{parts[0]} ({parts[1]})" if len(parts) == 2 else parts[0]


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return unknown_handout(args, root)


def run(args: argparse.Namespace, root: Path) -> int:
    from ..content.load import load_project
    from ..content.plan import Selection
    from ..incremental.ocr_cache import ReadingsOnly
    from ..pipeline import check_only

    today = args.today or dt.date.today()
    report = Problems(root)
    try:
        project = load_project(root, report)
        handouts = [h for (hid, _), h in sorted(project.handouts.items()) if hid == args.handout]
        handouts = [h for h in handouts if not args.language or h.meta.language in args.language]
        if not handouts:
            raise report.error(root / "handouts" / args.handout, None, f"no handout '{args.handout}' to approve")
        clinics = [c for c in project.clinics if args.handout in c.settings.handouts]
        if args.clinic:
            clinics = [c for c in clinics if c.slug == args.clinic]
            texts = [c.local[h.key] for c in clinics for h in handouts if h.key in c.local]
            if not texts:
                print(
                    f"approve: error: clinic '{args.clinic}' has no text of its own for '{args.handout}' "
                    f"(clinics/{args.clinic}/handouts/{args.handout}/<language>.md) or does not print it",
                    file=sys.stderr,
                )
                return 2
            files = [(t.file, t.meta.version if t.meta else "none", t.meta.review_status if t.meta else "none", None)
                     for t in texts]  # fmt: skip
        else:
            files = [(h.file, h.meta.version, h.meta.review_status, h) for h in handouts]
        try:
            reviewer = signer({c.settings.reviewers for c in clinics}, args.reviewer, args.role)
        except ValueError as exc:
            print(f"approve: error: {exc}", file=sys.stderr)
            return 2
        chosen = Selection(clinics=tuple(c.slug for c in clinics), handouts=(args.handout,))
        result = check_only(root, chosen, today, ocr=ReadingsOnly(root / "out"))  # the build's image readings
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    keys = {h.key for h in handouts}  # a clinic's output holds its own copy of the handout (spelling, sign-off)
    mine = [c for c in result.checks if c.output.handout.key in keys]
    errors = list(dict.fromkeys(p for c in mine for p in c.findings if p.severity == "error"))
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print(f"Not approved: {args.handout} has {len(errors)} errors; fix them first.", file=sys.stderr)
        return 1
    next_review = args.next_review or today.replace(year=today.year + 1)
    if next_review <= today:
        print("approve: error: --next-review must be after today", file=sys.stderr)
        return 2
    from ..models import MAX_REVIEW_YEARS, months_after

    if next_review > months_after(today, 12 * MAX_REVIEW_YEARS):  # the build would refuse what it wrote
        print(
            f"approve: error: --next-review may be at most {MAX_REVIEW_YEARS} years after today "
            f"({months_after(today, 12 * MAX_REVIEW_YEARS).isoformat()}); medical advice changes, so review sooner",
            file=sys.stderr,
        )
        return 2
    what = f"{args.handout} ({args.clinic}'s own text)" if args.clinic else args.handout
    show(root, report, files, mine, what, reviewer, today, next_review)
    values = approval_values(reviewer, today, next_review)
    for path, *_ in files:
        text = path.read_text(encoding="utf-8")
        new = set_front_matter(text, values) if text.startswith("---") else front_matter(values) + text
        save(approved_copy(root, path), new.encode("utf-8"))
        save(path, new.encode("utf-8"))
    print(f"Approved: {len(files)} file(s). Rebuild to print the sign-off.")
    return 0


def front_matter(values: dict[str, str]) -> str:
    """Front matter for a clinic's own text that had none: its first version, approved."""
    return "---\n" + 'version: "1.0"\n' + "".join(f"{k}: {v}\n" for k, v in values.items()) + "---\n"


def show(root: Path, report: Problems, files: list, checks: list, what: str, reviewer: str, today, next_review) -> None:
    """What is approved: each file's version and state, the sections changed since its last
    approved version, its facts with sources and its waived findings."""
    from ..review import changes, facts, last_approved

    print(f"Approving {what} as {reviewer}, {today.isoformat()} (next review {next_review.isoformat()}):")
    for path, version, status, handout in files:
        baseline = last_approved(root, path)
        changed = [c for c in changes(baseline[0] if baseline else None, path.read_text(encoding="utf-8"))
                   if c.kind != "unchanged"]  # fmt: skip
        waived = sum(len(c.waived) for c in checks if handout is None or c.output.handout.key == handout.key)
        print(
            f"  {report.rel(path)}: version {version} ({status}); "
            + (f"{len(facts(handout))} facts with sources; " if handout else "")
            + f"{waived} waived findings; "
            + (
                "changed since the last approved version: " + ", ".join(f"{c.role} ({c.kind})" for c in changed)
                if changed
                else "no section changed since the last approved version"
            )
        )
