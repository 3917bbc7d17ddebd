"""Publishing to a folder on this computer (a mounted share, a web server's folder, a
folder synced to a host): compared by SHA-256 with what is there, new files copied into
`.clearprint-incoming/` first and renamed into place once all are there."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .plan import INCOMING, MANIFEST, Plan


class FolderSite:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.incoming = path / INCOMING

    def read_manifest(self) -> bytes | None:
        file = self.path / MANIFEST
        return file.read_bytes() if file.is_file() else None

    def differing(self, site: Path, files: dict[str, str]) -> set[str]:
        return {path for path, digest in files.items() if _digest(self.path / path) != digest}

    def apply(self, site: Path, plan: Plan) -> None:
        """Every new file into the incoming folder (any failure: it is removed, nothing else
        was touched), then renamed into place in the plan's order, old files deleted, the
        manifest last."""
        if self.incoming.is_symlink():
            raise OSError(f"{self.incoming} is a link; remove it, then publish again")
        shutil.rmtree(self.incoming, ignore_errors=True)
        top = self.path.resolve()
        try:
            for path in plan.upload:
                target = self.incoming / path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(site / path, target)
            (self.incoming / MANIFEST).write_bytes(plan.manifest)
            for path in plan.upload:  # before the switch: nothing that would stop a rename midway
                place = self.path / path
                if place.is_symlink() or place.is_dir():
                    raise OSError(f"{place} is a folder or a link, where the site has a file")
                existing = next(p for p in (place.parent, *place.parent.parents) if p.exists() or p.is_symlink())
                if not existing.resolve().is_relative_to(top):
                    raise OSError(f"{existing} leads out of {self.path} through a link")
                if not existing.is_dir() or not os.access(existing, os.W_OK):
                    raise PermissionError(f"cannot write in {existing}")
            for path in plan.upload:
                (self.path / path).parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.incoming / path, self.path / path)
            for path in plan.delete:
                place = self.path / path
                if place.is_file() and not place.is_symlink() and place.parent.resolve().is_relative_to(top):
                    place.unlink()
                _prune(place.parent, self.path)
            os.replace(self.incoming / MANIFEST, self.path / MANIFEST)
        finally:
            shutil.rmtree(self.incoming, ignore_errors=True)


def _digest(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _prune(folder: Path, top: Path) -> None:
    """Remove folders the deletions left empty, up to (not including) the site's folder."""
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
