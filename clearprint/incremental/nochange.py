"""A build that would change nothing, recognised before anything heavy is imported.

Every complete build (all clinics, no --shard, --bleed or --force) that ends without an
error leaves a snapshot in the manifest: a hash of every input file (content, templates,
styles, rules, clinic folders), of Clearprint's own code and of the renderer's and font's
versions, taken before the build read anything, with the day it checked and what it
reported. The next `build.py` compares: same inputs, same day and every file in out/ as
it was written means there is nothing to do, and the command prints the same report
without importing pydantic, Jinja2, Markdown or WeasyPrint. Anything else, or any doubt
(an unreadable file, a damaged manifest), and the full build runs as usual.

Only the standard library here: this module is what a no-op build imports.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path, PurePosixPath

from ..safe_io import read_regular
from ..version import __version__

MANIFEST = ".clearprint-manifest"  # + ".json", or ".shard-K-of-N.json"
INPUTS = ("handouts", "clinics", "templates", "styles", "rules")
PACKAGES = ("weasyprint", "fontpkg-atkinson-hyperlegible", "jinja2", "markdown", "pyyaml", "pydantic")


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
