"""What a build deletes: the files of its own targets that are no longer built, and the
temporary files of a build that was killed while writing. Never anything else."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..options import BuildOptions
from .digests import shard_of
from .manifest import Manifest, output_file
from .targets import Target, preview_of

# What an interrupted write leaves (files.temporary_file): `.<file the build writes>.<pid>.tmp`.
LEFTOVER = re.compile(r"^\..+\.(?:pdf|html|json|xml|css|ttf|otf|woff2?|png|jpe?g|gif|webp|svg)\.\d+\.tmp$")


def remove_leftovers(out: Path, known: set[str]) -> None:
    """Temporary files of a build that was killed while writing (kill -9, power cut): only
    `.<name>.<pid>.tmp` beside a file a build writes (`known`: paths under `out`, from the
    manifest and this build's plan), never another program's temporary file."""
    for path in out.rglob(".*.tmp"):
        if not LEFTOVER.match(path.name) or path.is_symlink() or not path.is_file():
            continue
        target = path.parent / path.name[1:].rsplit(".", 2)[0]
        if target.relative_to(out).as_posix() in known:
            path.unlink(missing_ok=True)


def remove_stale(
    manifest: Manifest, targets: list[Target], options: BuildOptions, out: Path, writers: Sequence
) -> list[Path]:
    """Files of handouts, languages, editions or clinics no longer built: delete them.

    Only files the manifest says a build wrote (it validated every path when it was read),
    only of the kinds this build writes, and only inside the output folder."""
    selection, shard, bleed = options.selection, options.shard, options.bleed
    planned = {t.path for t in targets}
    kinds = {kind for writer in writers if writer.wanted(options) for kind in writer.kinds}
    sites = {t.clinic.slug for t in targets if t.kind == "site"}  # their files are the site writer's to remove
    removed = []
    for key, record in list(manifest.entries.items()):
        kind = record["kind"]
        if key in planned or kind not in kinds or (kind == "web" and record["clinic"] in sites):
            continue
        if kind in ("web", "site") and (selection.handouts or selection.languages or selection.editions):
            continue  # only a clinic's whole build writes its site: a partial one never takes pages away
        if kind in ("pdf", "preview") and (".bleed." in key) != bleed:
            continue  # a plain build leaves the print-shop files alone, and the other way round
        if not selection.wants(record["clinic"], record["handout"], record["language"], record["edition"]):
            continue
        if shard and shard_of(key.replace(".bleed.", ".").replace(".html", ".pdf"), shard[1]) != shard[0] - 1:
            continue
        removed += forget(manifest, out, key)
        if kind == "pdf" and preview_of(key) in manifest.entries:  # a PDF's preview goes with it
            removed += forget(manifest, out, preview_of(key))
    return removed


def forget(manifest: Manifest, out: Path, name: str) -> list[Path]:
    """Drop a target from the manifest and delete its file: only a file the build writes, inside
    the output folder, never through a link. Returns what was deleted."""
    manifest.entries.pop(name, None)
    path = out / name
    if output_file(name) and path.resolve().is_relative_to(out) and path.is_file() and not path.is_symlink():
        path.unlink()
        return [path]
    return []
