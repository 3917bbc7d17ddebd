"""Incremental builds: what each output depends on, the manifest of what was built, shards.

An output's hash covers every file it is made from (its Markdown and shared sections,
its risks.yaml, the clinic's overrides, settings, logo and images, templates, labels, styles, rules and
fonts), plus the edition, bleed, the other languages and editions it mentions, and the
versions of Clearprint and WeasyPrint. The manifest records, for each output written,
that hash and its check results. A missing or unreadable manifest means a full rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.markup import IMAGE
from ..files import write_text_atomically
from ..safe_io import read_regular
from ..version import __version__
from .nochange import MANIFEST, MANIFEST_VERSION, output_file, valid_manifest  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from ..models import Output


def weasyprint_version() -> str:
    return version("weasyprint")


def shard_of(output: Output | str, count: int) -> int:
    """0 .. count-1, the same on every machine: a stable hash of the output's path."""
    path = output if isinstance(output, str) else output.relpath.as_posix()
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % count


class Hasher:
    """Hashes each file once per build."""

    def __init__(self, root: Path, font_folder: Path, renderer_version: str) -> None:
        self.root = root
        self._files: dict[Path, str] = {}
        self._trees: dict[Path, str] = {}
        self.fixed = hashlib.sha256(f"{__version__}|{renderer_version}".encode())
        for path in sorted(font_folder.glob("*.ttf")):
            self.fixed.update(self.file(path).encode())

    def file(self, path: Path) -> str:
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except (OSError, RuntimeError):  # missing, a folder, unreadable: the checks say why
                self._files[path] = "missing"
        return self._files[path]

    def tree(self, folder: Path, pattern: str = "**/*") -> str:
        """Every file under a folder (templates, styles, rules), names included."""
        key = folder / pattern
        if key not in self._trees:
            digest = hashlib.sha256()
            for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
                digest.update(f"{path.relative_to(folder)}:{self.file(path)}\n".encode())
            self._trees[key] = digest.hexdigest()
        return self._trees[key]

    def output(self, output: Output, bleed: bool) -> str:
        root, site = self.root, output.clinic
        digest = self.fixed.copy()
        parts = [
            output.relpath.as_posix(),
            output.edition,
            str(bleed),
            repr(output.siblings),
            self.file(output.handout.file),
            self.file(output.handout.file.parent / "risks.yaml"),  # its risk table (risks.py), if it has one
            self.file(site.folder / "clinic.yaml"),
            self.file(site.logo_path),
            self.tree(root / "templates"),
            self.tree(root / "styles"),
            self.tree(root / "rules"),
            self.tree(site.folder / "templates"),
            self.tree(site.folder / "styles"),
            self.tree(site.folder / "rules"),
        ]
        for section in output.sections:
            parts.append(self.file(section.file))
            for match in IMAGE.finditer(section.body):
                parts.append(self.file(section.file.parent / match["src"]))
        digest.update("\n".join(parts).encode())
        return digest.hexdigest()


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
