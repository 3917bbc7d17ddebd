"""Where a clinic's templates write a piece of text: for an error about something a template put
on the page (CSS, an image URL) that only the rendered page shows, found again in the files."""

from __future__ import annotations

from pathlib import Path


def written_at(folder: Path, needles: list[str]) -> list[tuple[Path, int, int]]:
    """(file, line, 0-based column) of each line of the `*.j2` files under `folder` that holds
    one of `needles` (the first one found on it)."""
    found: list[tuple[Path, int, int]] = []
    if not folder.is_dir() or not needles:
        return found
    for path in sorted(p for p in folder.rglob("*.j2") if p.is_file()):
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            at = next((i for i in (line.find(n) for n in needles) if i >= 0), -1)
            if at >= 0:
                found.append((path, number, at))
    return found
