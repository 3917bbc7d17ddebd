"""`build.py publish --clinic SLUG --to DESTINATION [--dry-run] [--verify-at URL]` and
`build.py publish --clinic SLUG --verify-only [--verify-at URL]`.

Exit status: 0 published (and every address answers), 1 the publish or the verification
failed (the lines say which address and why), 2 a refused destination or a missing build."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..problems import UsageError
from .built import Built, load_built
from .destination import Destination, Folder, ZipFile, destination
from .folder import FolderSite
from .plan import Plan, plan, read_manifest
from .ssh import PublishError, ServerSite
from .verify import at_address, verify
from .zipped import write_zip

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _prog() -> str:
    return "build.py" if Path(sys.argv[0]).name == "build.py" else "clearprint"


def run(args: argparse.Namespace) -> int:
    """Publish (or verify) with the parsed options of commands/publish.py."""
    try:
        return _run(args)
    except UsageError as exc:
        print(f"{_prog()} publish: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (PublishError, OSError, ValueError) as exc:
        print(f"Not published: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    root = args.project.resolve()
    out = (args.out or root / "out").resolve()
    if args.verify_only == bool(args.to):
        raise UsageError("say where to publish with --to, or give --verify-only to check the addresses only")
    if args.verify_only and (args.dry_run or args.no_verify):
        raise UsageError("--verify-only checks the addresses only: --dry-run and --no-verify do not go with it")
    at = None
    if args.verify_at:
        try:
            at = at_address(args.verify_at)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    clinics = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    if args.clinic not in clinics:
        raise UsageError(f"no clinic '{args.clinic}' in clinics/ (known: {', '.join(clinics)})")
    target = destination(args.to, root, out) if args.to else None
    built = load_built(root, out, args.clinic)
    if target is not None:
        done = publish(built, target, args.dry_run)
        if args.dry_run or args.no_verify or done is None:
            return EXIT_OK
        if isinstance(target, ZipFile) and not at:  # the host has not got it yet
            print(
                f"Once it is unpacked on the host, check the addresses: {_prog()} publish --clinic {args.clinic} --verify-only"
            )
            return EXIT_OK
    return _verify(built, at)


def publish(built: Built, target: Destination, dry_run: bool) -> Plan | None:
    """Publish (or, dry, list); returns the plan carried out, None for a dry run."""
    if isinstance(target, ZipFile):
        return _publish(built, target, None, dry_run)
    where = FolderSite(target.path) if isinstance(target, Folder) else ServerSite(target)
    try:
        return _publish(built, target, where, dry_run)
    finally:
        if isinstance(where, ServerSite):
            where.close()


def _publish(built: Built, target: Destination, where: FolderSite | ServerSite | None, dry_run: bool) -> Plan | None:
    now = dt.datetime.now(dt.UTC)
    slug, site = built.clinic.slug, built.site
    published = read_manifest(where.read_manifest(), str(target)) if where else {}
    differing = where.differing(site, built.files) if where else set(built.files)
    change = plan(slug, built.files, differing, published, now)
    verb = "Would publish" if dry_run else "Publishing"
    print(
        f"{verb} {slug} to {target}: {_count(len(change.upload), 'file')} to upload, {len(change.delete)} to delete, "
        f"{change.unchanged} unchanged"
    )
    for path in change.upload:
        print(f"  upload {path}")
    for path in change.delete:
        print(f"  delete {path}")
    if dry_run:
        print("Dry run: nothing was written.")
        return None
    if where is None:
        write_zip(target.path, site, change)
        print(f"Wrote {target}: unpack it over the site's folder with the host's file manager.")
    elif change.empty and published == built.files:
        print("Nothing to change: the destination already has this site.")
    else:
        where.apply(site, change)
        print(f"Published: {len(change.upload)} uploaded, {len(change.delete)} deleted, {change.unchanged} unchanged.")
    return change


def _verify(built: Built, at: str | None) -> int:
    where = at or built.clinic.settings.site_url
    count, problems = verify(built, at)
    if count == 0 and not problems:
        print(f"No leaflet of {built.clinic.slug} has a QR code, so there is no address to check.")
        return EXIT_OK
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} of {_count(count, 'address')} printed on the leaflets do not work (asked at {where}).")
        return EXIT_FAILED
    print(f"Verified at {where}: all {_count(count, 'address')} printed on the leaflets answer with their page.")
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 'es' if noun.endswith('s') else 's'}"
