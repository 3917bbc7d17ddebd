"""Incremental builds: what each output depends on, the manifest of what was built, shards.

An output's hash covers every file it is made from (its Markdown and shared sections,
the clinic's overrides, settings, logo and images, templates, labels, styles, rules and
fonts), plus the edition, bleed, the other languages and editions it mentions, and the
versions of Clearprint and WeasyPrint. The manifest records, for each output written,
that hash and its check results. A missing or unreadable manifest means a full rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .checks import HandoutCheck
from .checks.readability import Score
from .checks.reading import SectionScore
from .files import write_text_atomically
from .load import IMAGE
from .models import Output, Waiver
from .problems import Problem

MANIFEST = ".clearprint-manifest"


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
            self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
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
                parts.append(self.file((section.file.parent / match["src"]).resolve()))
        digest.update("\n".join(parts).encode())
        return digest.hexdigest()


# --- check results, kept so that an unchanged output is not checked again the same day ---


def _problem(data: dict) -> Problem:
    return Problem(data["file"], data["line"], data["message"], data["severity"], data["col"], data["rule"])


def check_to_json(check: HandoutCheck) -> dict:
    return {
        "findings": [f.as_dict() for f in check.findings],
        "waived": [{"finding": f.as_dict(), "waiver": w.model_dump()} for f, w in check.waived],
        "sections": [{"role": s.role, "title": s.title, "score": dataclasses.asdict(s.score)} for s in check.sections],
        "score": dataclasses.asdict(check.score) if check.score else None,
    }


def check_from_json(output: Output, data: dict) -> HandoutCheck:
    return HandoutCheck(
        output,
        [_problem(f) for f in data["findings"]],
        [(_problem(w["finding"]), Waiver(**w["waiver"])) for w in data["waived"]],
        [SectionScore(s["role"], s["title"], Score(**s["score"])) for s in data["sections"]],
        Score(**data["score"]) if data["score"] else None,
    )


@dataclass
class Manifest:
    path: Path
    entries: dict[str, dict] = field(default_factory=dict)  # output path -> record

    @classmethod
    def load(cls, out: Path, shard: tuple[int, int] | None) -> Manifest:
        name = MANIFEST + (f".shard-{shard[0]}-of-{shard[1]}" if shard else "") + ".json"
        path = out / name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != 1 or not isinstance(data.get("outputs"), dict):
                raise ValueError("unknown manifest format")
            return cls(path, data["outputs"])
        except (OSError, ValueError):  # missing or corrupt: rebuild everything, never skip wrongly
            return cls(path, {})

    def unchanged(self, output: Output, digest: str, today: dt.date, out: Path) -> dict | None:
        """The stored record when the output is built from the same inputs, checked today, and on disk."""
        record = self.entries.get(output.relpath.as_posix())
        if record and record.get("hash") == digest and record.get("checked") == today.isoformat():
            if record.get("blocked") or (out / record["file"]).is_file():
                return record
        return None

    def record(self, output: Output, digest: str, today: dt.date, check: HandoutCheck, file: str | None) -> None:
        self.entries[output.relpath.as_posix()] = {
            "hash": digest,
            "checked": today.isoformat(),
            "clinic": output.clinic.slug,
            "handout": output.handout.meta.id,
            "language": output.handout.meta.language,
            "edition": output.edition,
            "file": file,
            "blocked": check.blocked,
            "check": check_to_json(check),
        }

    def save(self) -> None:
        write_text_atomically(self.path, json.dumps({"version": 1, "outputs": self.entries}, indent=1, sort_keys=True))
