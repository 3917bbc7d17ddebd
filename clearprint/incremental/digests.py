"""Incremental builds: what each output depends on, the manifest of what was built, shards.

An output's hash covers every file it is made from (its Markdown and shared sections,
its risks.yaml, the clinic's overrides, settings, logo and images, templates, labels, styles, rules and
fonts), plus the edition, bleed, the other languages and editions it mentions, the versions
of Clearprint and WeasyPrint, and Clearprint's own code (every .py file of the package: the
words a box or table is made of live there too, e.g. content/get_help.WORDS). Of the get-help routes
(rules/get-help/<country>.yaml) only the clinic's country's file counts; every other rule
file (the sign words of rules/signs.<lang>.yaml among them) counts for every output. The
manifest records, for each output written, that hash and its check results. A missing or
unreadable manifest means a full rebuild.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.markup import IMAGE
from ..safe_io import read_file
from ..version import __version__
from .manifest import (  # noqa: F401 (re-exported)
    MANIFEST,
    MANIFEST_VERSION,
    Manifest,
    file_digest,
    manifest_name,
    output_file,
    valid_manifest,
)

if TYPE_CHECKING:
    from ..models import Output

PACKAGE = Path(__file__).resolve().parents[1]  # clearprint/: its code is an input of every output
GET_HELP = Path("get-help")  # under rules/: one file per country (content/get_help.py)


def weasyprint_version() -> str:
    return version("weasyprint")


def shard_of(output: Output | str, count: int) -> int:
    """0 .. count-1, the same on every machine: a stable hash of the output's path."""
    path = output if isinstance(output, str) else output.relpath.as_posix()
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % count


class Hasher:
    """Hashes each file once per build."""

    def __init__(self, root: Path, font_folders: tuple[Path, ...], renderer_version: str) -> None:
        self.root = root
        self._files: dict[Path, str] = {}
        self._trees: dict[Path, str] = {}
        self.fixed = hashlib.sha256(f"{__version__}|{renderer_version}".encode())
        self.fixed.update(self.tree(PACKAGE, "**/*.py").encode())
        for folder in font_folders:  # the font and the font its plain zero comes from
            for path in sorted(folder.glob("*.ttf")):
                self.fixed.update(self.file(path).encode())

    def file(self, path: Path) -> str:
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(read_file(path)).hexdigest()  # never waits on a FIFO
            except (OSError, RuntimeError):  # missing, a folder, unreadable: the checks say why
                self._files[path] = "missing"
        return self._files[path]

    def tree(self, folder: Path, pattern: str = "**/*", skip: Path | None = None) -> str:
        """Every file under a folder (templates, styles, rules), names included; none under
        `skip`, a folder inside it."""
        key = folder / pattern / str(skip)
        if key not in self._trees:
            digest = hashlib.sha256()
            found = (p for p in folder.glob(pattern) if p.is_file())
            for path in sorted(p for p in found if skip is None or not p.relative_to(folder).is_relative_to(skip)):
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
            self.file(output.handout.file.parent / "risks.yaml"),  # its risk table, if it has one
            self.file(site.folder / "clinic.yaml"),
            self.file(site.logo_path),
            self.file(site.logo_path.parent / "images.yaml"),  # its register entry (content/image_register.py)
            self.tree(root / "templates"),
            self.tree(root / "styles"),
            self.tree(root / "rules", skip=GET_HELP),
            self.file(root / "rules" / GET_HELP / f"{site.settings.country}.yaml"),  # who to call (content/get_help.py)
            self.tree(site.folder / "templates"),
            self.tree(site.folder / "styles"),
            self.tree(site.folder / "rules"),
        ]
        for section in output.sections:
            parts.append(self.file(section.file))
        # each image and its register entry (content/image_register.py), the intro's too
        for body, file in [(output.handout.intro, output.handout.file), *((s.body, s.file) for s in output.sections)]:
            for match in IMAGE.finditer(body):
                parts.append(self.file(file.parent / match["src"]))
                parts.append(self.file((file.parent / match["src"]).parent / "images.yaml"))
        digest.update("\n".join(parts).encode())
        return digest.hexdigest()
