"""What a publish changes, decided before anything is written: the files to upload (those
whose content on the destination differs, by SHA-256, or that are missing there), and the
files to delete (gone from the site since the last publish, and listed in the destination's
manifest as Clearprint's). A file the manifest does not list is never touched."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..incremental.manifest import output_file

MANIFEST = ".clearprint-published.json"  # on the destination, beside the site's files
INCOMING = ".clearprint-incoming"  # where new files wait, on the destination, until the switch
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Plan:
    upload: list[str]  # site paths, in the order they are switched into place: pages last
    delete: list[str]  # site paths Clearprint published before and the site no longer has
    unchanged: int
    manifest: bytes  # the destination's new manifest, written last

    @property
    def empty(self) -> bool:
        return not self.upload and not self.delete


def plan(slug: str, files: dict[str, str], differing: set[str], published: dict[str, str], now: dt.datetime) -> Plan:
    """`files`: the site (path -> sha256); `differing`: the paths whose content on the
    destination is not the site's (missing included); `published`: the manifest found there."""
    upload = sorted(differing & set(files), key=switch_order)
    delete = sorted(p for p in published if p not in files)
    data = {"version": MANIFEST_VERSION, "clinic": slug, "published": now.isoformat(timespec="seconds"), "files": files}
    manifest = (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()
    return Plan(upload, delete, len(files) - len(upload), manifest)


def switch_order(path: str) -> tuple[int, str]:
    """Files a page links to (PDFs, styles, fonts, images) before the pages, so a new page
    never links to a file that is not there yet; the sitemap after the pages."""
    kind = 2 if path == "sitemap.xml" else 1 if path.endswith((".html", ".htm")) else 0
    return kind, path


def read_manifest(text: bytes | None, where: str) -> dict[str, str]:
    """The files a destination's manifest says Clearprint published there (path -> sha256);
    ValueError for a manifest that is damaged or names a path outside the site."""
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise ValueError(f"{where}/{MANIFEST} is damaged (not JSON); remove it to publish everything again") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or data.get("version") != MANIFEST_VERSION:
        raise ValueError(
            f"{where}/{MANIFEST} is not a Clearprint manifest this version reads; remove it to start again"
        )
    for path, digest in files.items():
        # Only the kinds of file a site has, inside it: a manifest cannot make us delete anything else.
        if not output_file(f"x/site/{path}") or not isinstance(digest, str) or path.startswith(INCOMING):
            raise ValueError(f"{where}/{MANIFEST} lists {path!r}, which cannot be a file of the site; remove it")
    return files
