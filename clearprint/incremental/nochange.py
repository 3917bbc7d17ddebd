"""A build that would change nothing, recognised before anything heavy is imported.

Every complete build (all clinics, no --shard or --bleed) that ends without an error
leaves a snapshot in the manifest: a hash of every input file (content, templates, styles,
rules, clinic folders), of Clearprint's own code and of the renderer's and font's versions,
taken before the build read anything, with the day it checked and what it reported. Any
other build removes it: it may have rebuilt outputs from inputs that are later put back as
they were, and the snapshot would then call those outputs unchanged.

The next `build.py` compares: same inputs, same day and every file in out/ as it was
written means there is nothing to do, and the command prints the same report without
importing pydantic, Jinja2, Markdown or WeasyPrint. Anything else, or any doubt
(an unreadable file, a damaged manifest), and the full build runs as usual.

Only the standard library here: this module is what a no-op build imports.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from ..safe_io import read_regular
from ..version import __version__
from .manifest import MANIFEST, valid_manifest

INPUTS = ("handouts", "clinics", "templates", "styles", "rules")
PACKAGES = ("weasyprint", "fontpkg-atkinson-hyperlegible", "jinja2", "markdown", "pyyaml", "pydantic")


def inputs_digest(root: Path) -> str | None:
    """Everything a build's result depends on, as one hash; None if a file cannot be read."""
    digest = hashlib.sha256(__version__.encode())
    for package in PACKAGES:
        digest.update(f"|{package}={metadata.version(package)}".encode())
    code = Path(__file__).parent.parent  # the whole clearprint package
    folders = [(root / name, name) for name in INPUTS] + [(code, "clearprint")]
    try:
        for folder, name in folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(f"\n{name}/{path.relative_to(folder).as_posix()}:".encode())
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def options_key(html: bool) -> str:
    return f"html={html}"


def snapshot(inputs: str, options: str, day: str, planned: int, problems: list[tuple[str, str]]) -> dict:
    """What the manifest keeps for the next build to compare with."""
    return {"inputs": inputs, "options": options, "day": day, "planned": planned, "problems": sorted(problems)}


def unchanged(root: Path, out: Path, options: str, day: str) -> dict | None:
    """The last build's snapshot, if building again now would change nothing; else None."""
    try:
        data = json.loads(read_regular(out / f"{MANIFEST}.json").decode("utf-8"))
        taken = data["snapshot"]
        entries = valid_manifest(data)
        if entries is None or taken["options"] != options or taken["day"] != day:
            return None
        for key, record in entries.items():
            if record["file"] != key:
                return None  # not written (held back): only a build can say why
            if hashlib.sha256(read_regular(out / key)).hexdigest() != record["sha256"]:
                return None  # changed, damaged or gone: the build will see to it
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if taken.get("inputs") != inputs_digest(root):
        return None
    return taken
