"""A clinic's finished build, as out/ holds it: the files of its web edition with their
SHA-256 (from the build's manifest, checked against the files), and whether anything it
was built from changed since."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..content.clinics import load_clinic
from ..incremental import nochange
from ..incremental.manifest import MANIFEST, valid_manifest
from ..models import Clinic
from ..problems import ContentError, Problems, UsageError

SOURCES = ("templates", "styles", "rules", "handouts/_shared")  # every clinic's, besides its own


@dataclass(frozen=True)
class Built:
    clinic: Clinic
    site: Path  # out/<clinic>/site
    files: dict[str, str]  # site path -> sha256
    records: dict[str, dict]  # the build manifest's records of this clinic, by path in out/
    out: Path


def load_built(root: Path, out: Path, slug: str) -> Built:
    """The clinic's settings and its built site; UsageError (one line, what to do) when there
    is no finished, current build of it."""
    report = Problems(root)
    try:
        clinic = load_clinic(root / "clinics" / slug, report)
    except ContentError:
        first = report.errors[0] if report.errors else f"clinics/{slug}/clinic.yaml"
        raise UsageError(f"{first} (fix clinic.yaml, build, then publish)") from None
    if not clinic.settings.website:
        raise UsageError(f"clinics/{slug}/clinic.yaml has no website, so {slug} has no web edition to publish")
    build = f"build.py --clinic {slug}"
    manifest = out / f"{MANIFEST}.json"
    try:
        entries = valid_manifest(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        entries = None
    prefix = f"{slug}/site/"
    records = {k: r for k, r in (entries or {}).items() if r["clinic"] == slug}
    site_records = {k: r for k, r in records.items() if r["kind"] in ("web", "site") and k.startswith(prefix)}
    if not site_records or not (out / slug / "site").is_dir():
        raise UsageError(f"{slug} has no finished build in {out}/: run `{build}` first, then publish")
    files = {}
    for key, record in sorted(site_records.items()):
        path = out / key
        if path.is_symlink() or not path.is_file() or _sha256(path) != record.get("sha256"):
            raise UsageError(f"{key} in {out}/ is not as the last build wrote it: run `{build}` again, then publish")
        files[key.removeprefix(prefix)] = record["sha256"]
    if (newer := _newer_source(root, clinic, manifest.stat().st_mtime)) and not _unchanged(root, out):
        raise UsageError(f"{newer} changed after the last build of {slug}: run `{build}` first, then publish")
    return Built(clinic, out / slug / "site", files, records, out)


def _newer_source(root: Path, clinic: Clinic, built: float) -> str | None:
    """A file the clinic's build reads that is newer than the build, if any (by time: a copy
    with fresh times is rebuilt, which changes nothing when nothing changed)."""
    folders = [root / name for name in SOURCES] + [root / "handouts" / h for h in clinic.settings.handouts]
    folders.append(clinic.folder)
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.stat().st_mtime > built:
                return str(path.relative_to(root))
    return None


def _unchanged(root: Path, out: Path) -> bool:
    """A complete build that would change nothing today (its inputs hashed as the last one
    left them) does not write the manifest again: its time is older than an edit undone."""
    day = dt.date.today().isoformat()
    return any(nochange.unchanged(root, out, nochange.options_key(html), day) for html in (False, True))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
