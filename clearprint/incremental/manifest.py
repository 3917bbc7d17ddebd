"""The manifest: what a build wrote into out/, from which inputs, with what check results;
its schema, checked without pydantic (a build that changed nothing reads it first), and
where it is kept. Only the standard library here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..files import write_text_atomically
from ..safe_io import read_regular

if TYPE_CHECKING:
    from .digests import Hasher

MANIFEST = ".clearprint-manifest"  # + ".json", or ".shard-K-of-N.json"

MANIFEST_VERSION = 3  # 3: every target kind keyed by its path, with its kind
KINDS = ("pdf", "preview", "catalogue", "report", "site", "web")
# What the web edition copies into a site (out/<clinic>/site/): pages, PDFs, styles, fonts, images.
SITE_FILES = (
    ".html",
    ".pdf",
    ".xml",
    ".css",
    ".ttf",
    ".otf",
    ".woff",
    ".woff2",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".svg",
)
_STRINGS = ("kind", "hash", "checked", "clinic", "handout", "language", "edition")


def output_file(name: object) -> bool:
    """A path the build writes: relative, inside the output folder, a PDF or an HTML file
    (or, in a clinic's site folder, a file of the web edition)."""
    if not isinstance(name, str) or "\\" in name or "\0" in name:
        return False
    path = PurePosixPath(name)
    in_site = len(path.parts) > 2 and path.parts[1] == "site"
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and "." not in path.parts
        and path.suffix.lower() in (SITE_FILES if in_site else (".pdf", ".html"))
    )


def valid_manifest(data: object) -> dict[str, dict] | None:
    """The manifest's records when every one has the expected shape, else None.

    A plain function, not a model: a build that changed nothing reads the manifest
    before anything else and should not have to import pydantic."""
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        return None
    for key, record in outputs.items():
        if not isinstance(record, dict) or not all(isinstance(record.get(k), str) for k in _STRINGS):
            return None
        if record["kind"] not in KINDS or not output_file(key) or record.get("file") not in (None, key):
            return None
        if not isinstance(record.get("blocked"), bool) or not isinstance(record.get("check"), dict):
            return None
        if not isinstance(record.get("reads"), dict) or not _check_shape(record["kind"], record["check"]):
            return None
        if record.get("file") is not None and not isinstance(record.get("sha256"), str):
            return None
    return outputs


_FINDING = ("file", "line", "col", "severity", "rule", "message")


def _check_shape(kind: str, check: dict) -> bool:
    """A handout's stored check results, as checks/stored.check_to_json writes them."""
    if kind != "pdf" or not check:
        return kind != "pdf" or check == {}
    lists = [check.get(k) for k in ("findings", "waived", "sections")]
    if not all(isinstance(v, list) for v in lists) or not isinstance(check.get("score"), (dict, type(None))):
        return False
    findings = check["findings"] + [w.get("finding") for w in check["waived"] if isinstance(w, dict)]
    return len(findings) == len(check["findings"]) + len(check["waived"]) and all(
        isinstance(f, dict) and all(k in f for k in _FINDING) for f in findings
    )


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:
        return None


@dataclass
class Manifest:
    """What was written, from which inputs. Keyed by the file's path under the output folder."""

    path: Path
    entries: dict[str, dict] = field(default_factory=dict)  # output path -> record
    damaged: bool = False  # unreadable or of an unexpected shape: everything is rebuilt, nothing deleted
    snapshot: dict | None = None  # what the last complete build saw and said (incremental/nochange.py)

    @classmethod
    def load(cls, out: Path, shard: tuple[int, int] | None) -> Manifest:
        path = out / manifest_name(shard)
        try:
            data = json.loads(read_regular(path).decode("utf-8"))
        except FileNotFoundError:
            return cls(path, {})
        except (OSError, ValueError):  # unreadable: rebuild everything, never skip wrongly
            return cls(path, {}, damaged=True)
        entries = valid_manifest(data)
        if entries is None:
            return cls(path, {}, damaged=True)
        return cls(path, entries, snapshot=data.get("snapshot") if isinstance(data.get("snapshot"), dict) else None)

    def merge_shards(self) -> list[Path]:
        """Take in the records of shard builds (`--shard K/N`) written into the same folder,
        so that a full build after them renders nothing they built; returns their files."""
        merged = []
        for path in sorted(self.path.parent.glob(f"{MANIFEST}.shard-*-of-*.json")):
            try:
                entries = valid_manifest(json.loads(read_regular(path).decode("utf-8")))
            except (OSError, ValueError):
                entries = None
            if entries is not None:
                self.entries.update(entries)
            merged.append(path)
        return merged

    def unchanged(self, key: str, digest: str, today: dt.date, out: Path, hasher: Hasher) -> dict | None:
        """The stored record when the target is made from the same inputs, checked today,
        and its file is on disk as it was written."""
        record = self.entries.get(key)
        if not record or record.get("hash") != digest or record.get("checked") != today.isoformat():
            return None
        if any(hasher.file(hasher.root / name) != value for name, value in record.get("reads", {}).items()):
            return None  # an image or another file the renderer read has changed
        if record.get("blocked") or file_digest(out / key) == record.get("sha256"):
            return record
        return None

    def record(
        self,
        target,  # targets.Target
        digest: str,
        today: dt.date,
        written: Path | None = None,
        check: dict | None = None,
        reads: dict[str, str] | None = None,
        public: dict | None = None,
        blocked: bool = False,
    ) -> None:
        """What a target was made from; `written` is None when nothing was written (a handout
        held back by its content checks)."""
        self.entries[target.path] = {
            "kind": target.kind,
            "hash": digest,
            "checked": today.isoformat(),
            "clinic": target.clinic.slug,
            "handout": target.handout,
            "language": target.language,
            "edition": target.edition,
            "file": target.path if written else None,
            "sha256": file_digest(written) if written else None,
            "reads": reads or {},
            "blocked": blocked,
            "check": check or {},  # the output's check results (checks/stored.py)
            "public": public,  # why it may not be published (checks/public.py)
        }

    def save(self) -> None:
        data = {"version": MANIFEST_VERSION, "outputs": self.entries}
        if self.snapshot is not None:
            data["snapshot"] = self.snapshot
        text = json.dumps(data, indent=1, sort_keys=True)
        write_text_atomically(self.path, text)


def manifest_name(shard: tuple[int, int] | None) -> str:
    return MANIFEST + (f".shard-{shard[0]}-of-{shard[1]}" if shard else "") + ".json"
