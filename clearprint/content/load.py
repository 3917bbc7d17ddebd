"""Read the whole project into models, with file:line: every clinic (clinics.py), every handout
(handouts.py), the shared sections and the spelling rules.

Nothing here renders anything. Every mistake becomes a problem naming the file and
line; a file with a mistake is left out and the others are still loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..models import Clinic, Project
from ..problems import ContentError, Problems
from . import names, yamlfile
from .clinics import load_clinic
from .handouts import load_handout, load_shared
from .names import badly_named
from .read import read_text, reason
from .spelling import Spelling, SpellingFile, merged

CLINIC_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_project(root: Path, report: Problems) -> Project:
    project = Project(root)
    try:
        folders = sorted(p for p in (root / "clinics").iterdir() if p.is_dir())
    except OSError as exc:
        report.add(root / "clinics", None, f"cannot read the clinics folder ({reason(exc)})")
        folders = []
    for folder in folders:
        if folder.name.startswith("."):
            continue  # hidden: an editor's or a backup tool's folder, not a clinic
        if not CLINIC_SLUG.match(folder.name):
            suggestion = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or "our-clinic"
            report.add(
                folder,
                None,
                f"a clinic folder's name is used in file names and web addresses: use lower-case letters, "
                f"digits and '-', e.g. rename it to '{suggestion}'",
            )
            continue
        try:
            project.clinics.append(load_clinic(folder, report))
        except ContentError:
            pass
    for path in sorted((root / "handouts").glob("*.md")):
        report.add(
            path,
            None,
            f"a handout goes in its own folder: move it to handouts/{path.stem}/en.md (one file per language)",
            "warning",
        )
    left_out = names.odd_names(root / "handouts", report)
    for path in sorted((root / "handouts").glob("*/*.md")):
        if path in left_out or path.parent.name.startswith("_") or badly_named(path, root, report):
            continue
        project.files.add((path.parent.name, path.stem))
        try:
            handout = load_handout(path, report)
        except ContentError:
            continue
        project.handouts[handout.key] = handout
    project.shared = load_shared(root / "handouts" / "_shared", report, "shared", left_out)
    project.spellings = load_spellings(root, project.clinics, report)
    return project


def load_spellings(root: Path, clinics: list[Clinic], report: Problems) -> dict[tuple[str, str], Spelling]:
    """(clinic, language) -> its spelling rules: rules/spelling.<lang>.yaml, then the clinic's own."""
    files: dict[Path, SpellingFile | None] = {}

    def read(path: Path) -> SpellingFile | None:
        if path not in files:
            files[path] = None
            if path.is_file():
                try:
                    data, lines = yamlfile.parse(read_text(path, report), path, report)
                    files[path] = yamlfile.validate(SpellingFile, data or {}, path, lines, report)
                except ContentError:
                    pass  # reported; the handouts are printed as written
        return files[path]

    found = {}
    for site in clinics:
        for lang in site.settings.languages:
            chosen = [read(folder / "rules" / f"spelling.{lang}.yaml") for folder in (root, site.folder)]
            if spelling := merged([f for f in chosen if f is not None]):
                found[(site.slug, lang)] = spelling
    return found
