"""Print the SHA-256 of every file a build wrote, one `path hash` line each, sorted.

Used to prove that a restructuring changed no output byte:

    rm -rf out && .venv/bin/python build.py --html && .venv/bin/python benchmarks/output_hashes.py > after.txt
    diff before.txt after.txt

The manifest (out/.clearprint-manifest*.json), the lock and the caches (out/.clearprint-ocr/,
out/.clearprint-words/) are left out: they are the build's own bookkeeping, not output, and
their internal layout may change between versions.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SKIP_PREFIXES = (".clearprint",)


def hashes(out: Path) -> list[tuple[str, str]]:
    rows = []
    for path in sorted(out.rglob("*")):
        if not path.is_file() or any(part.startswith(SKIP_PREFIXES) for part in path.relative_to(out).parts):
            continue
        rows.append((path.relative_to(out).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()))
    return rows


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "out")
    if not out.is_dir():
        print(f"{out}: no such folder; build first (.venv/bin/python build.py --html)", file=sys.stderr)
        return 2
    for name, digest in hashes(out):
        print(f"{name} {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
