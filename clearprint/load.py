"""Read Markdown handouts, shared sections and clinic settings into models, with file:line.

Nothing here renders anything. Every mistake becomes a problem naming the file and
line; a file with a mistake is left out and the others are still loaded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from . import yamlfile
from .models import Clinic, ClinicSite, Handout, HandoutMeta, Project, Section
from .problems import ContentError, Problems

HEADING = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*(?:\{#(?P<role>[^}\s]*)\})?\s*$")
FENCE = re.compile(r"^(```|~~~)")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[^}]*?)\s*\}\}")
ROLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What content may say about the clinic; each comes from clinic.yaml.
PLACEHOLDERS = (
    "clinic.name",
    "clinic.phone",
    "clinic.after_hours_phone",
    "clinic.emergency_number",
    "clinic.website",
    "clinic.address",
)


def read_text(path: Path, report: Problems) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise report.error(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}); save it again as UTF-8 in your editor",
        ) from None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# --- Markdown ---------------------------------------------------------------------


def split_sections(
    body: str, first_line: int, path: Path, report: Problems, origin: str = "handout"
) -> tuple[str, list[Section]]:
    """Split Markdown at level-2 headings into (intro, sections), checking roles and images."""
    intro: list[str] = []
    sections: list[tuple[str, str, int, list[str]]] = []
    seen: dict[str, int] = {}
    errors: list = []
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            title = match["title"]
            role = match["role"] if match["role"] is not None else slugify(title)
            if not ROLE.match(role):
                errors.append(
                    report.add(
                        path,
                        number,
                        f"section role '{role}' must be lower-case words joined by '-', e.g. {{#get-help}}",
                    )
                )
            if not title:
                errors.append(report.add(path, number, "section heading has no text; write it after '## '"))
            if role in seen:
                errors.append(
                    report.add(
                        path,
                        number,
                        f"section '{role}' appears twice (first on line {seen[role]}); merge them or give one another role",
                    )
                )
            seen[role] = number
            sections.append((role, title, number, []))
        elif sections:
            sections[-1][3].append(line)
        else:
            intro.append(line)
    result = [
        # The body keeps its leading blank lines: its first line is the line after the heading.
        Section(role, title, "\n".join(lines).rstrip(), path, line, origin)  # type: ignore[arg-type]
        for role, title, line, lines in sections
    ]
    errors += check_markdown(body, first_line, path, report)
    if errors:
        raise ContentError(*errors)
    return "\n".join(intro).rstrip(), result


def check_markdown(body: str, first_line: int, path: Path, report: Problems) -> list:
    """Images must be local files inside the project; placeholders must be known."""
    root = report.root.resolve()
    found = []
    for number, line in enumerate(body.split("\n"), start=first_line):
        for match in IMAGE.finditer(line):
            src, col = match["src"], match.start() + 1
            scheme = urlsplit(src).scheme.lower()
            if scheme and len(scheme) > 1:
                found.append(
                    report.add(
                        path,
                        number,
                        f"remote image '{src}' is not allowed; save the image in the project and link it by file name",
                        col=col,
                    )
                )
                continue
            target = (path.parent / src).resolve()
            if not target.is_relative_to(root):
                found.append(
                    report.add(
                        path,
                        number,
                        f"image '{src}' is outside the project; copy it into the handout's folder",
                        col=col,
                    )
                )
            elif not target.is_file():
                found.append(report.add(path, number, f"image '{src}' not found next to {path.name}", col=col))
        for match in PLACEHOLDER.finditer(line):
            if match["name"] not in PLACEHOLDERS:
                known = ", ".join(f"{{{{ {p} }}}}" for p in PLACEHOLDERS)
                found.append(
                    report.add(
                        path, number, f"unknown placeholder '{match[0]}'; use one of {known}", col=match.start() + 1
                    )
                )
    return found


# --- handouts ---------------------------------------------------------------------


def split_front_matter(text: str, path: Path, report: Problems) -> tuple[str, str, int]:
    """Return (yaml text, Markdown body, line where the body starts)."""
    if not text.strip():
        raise report.error(path, None, "the handout is empty; it needs front matter and sections")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise report.error(path, 1, "the handout must start with front matter: a line '---', the settings, then '---'")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise report.error(path, 1, "the front matter is not closed; add a line '---' after the settings")


def load_handout(path: Path, report: Problems) -> Handout:
    text = read_text(path, report)
    front, body, body_line = split_front_matter(text, path, report)
    data, lines = yamlfile.parse(front, path, report, first_line=2)
    meta = yamlfile.validate(HandoutMeta, data, path, lines, report, first_line=2)
    if meta.id != path.parent.name:
        raise report.error(
            path, lines.get(("id",), 2), f"id '{meta.id}' must match the folder name '{path.parent.name}'"
        )
    if meta.language != path.stem:
        raise report.error(
            path, lines.get(("language",), 2), f"language '{meta.language}' must match the file name '{path.name}'"
        )
    if not body.strip():
        raise report.error(path, body_line, "the handout is empty: it has front matter but no sections")
    intro, sections = split_sections(body, body_line, path, report)
    return Handout(meta, intro, tuple(sections), path, body_line, lines)


def load_sections_file(path: Path, report: Problems, origin: str) -> list[Section]:
    """A file of sections only (shared section, clinic override): no front matter."""
    text = read_text(path, report)
    intro, sections = split_sections(text, 1, path, report, origin)
    if not sections:
        raise report.error(
            path, 1, "no section found; start the file with a heading such as '## Contact us {#contact}'"
        )
    if intro.strip():
        raise report.error(path, 1, "text before the first '## ' heading would be lost; move it under a heading")
    return sections


def load_shared(folder: Path, report: Problems, origin: str) -> dict[tuple[str, str], Section]:
    """`<folder>/<role>/<lang>.md`, one section each, its role the folder name."""
    shared: dict[tuple[str, str], Section] = {}
    for path in sorted(folder.glob("*/*.md")):
        try:
            sections = load_sections_file(path, report, origin)
        except ContentError:
            continue
        role = path.parent.name
        if len(sections) != 1 or sections[0].role != role:
            report.add(
                path,
                sections[0].line,
                f"a shared section file holds one section with role '{role}' (the folder name), e.g. '## Title {{#{role}}}'",
            )
            continue
        shared[(role, path.stem)] = sections[0]
    return shared


# --- clinics ----------------------------------------------------------------------


def is_image(path: Path) -> bool:
    head = path.read_bytes()[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return True
    if path.suffix.lower() == ".svg":
        try:
            return ET.parse(path).getroot().tag.rsplit("}", 1)[-1] == "svg"
        except ET.ParseError:
            return False
    return False


def load_clinic(folder: Path, report: Problems) -> ClinicSite:
    path = folder / "clinic.yaml"
    if not path.is_file():
        raise report.error(folder, None, "clinic folder has no clinic.yaml; copy one from a sample clinic")
    data, lines = yamlfile.parse(read_text(path, report), path, report)
    settings = yamlfile.validate(Clinic, data, path, lines, report)
    site = ClinicSite(folder.name, settings, folder, lines)
    logo = site.logo_path
    line = lines.get(("logo",))
    if not logo.resolve().is_relative_to(folder.resolve()):
        raise report.error(path, line, f"logo '{settings.logo}' must be inside the clinic folder {folder.name}/")
    if not logo.is_file():
        raise report.error(path, line, f"logo file '{settings.logo}' not found in clinics/{folder.name}/")
    if not is_image(logo):
        raise report.error(path, line, f"logo '{settings.logo}' is not a PNG, JPEG or SVG image")
    return site


# --- the whole project ------------------------------------------------------------


def load_project(root: Path, report: Problems) -> Project:
    project = Project(root)
    for folder in sorted(p for p in (root / "clinics").iterdir() if p.is_dir()):
        try:
            project.clinics.append(load_clinic(folder, report))
        except ContentError:
            pass
    for path in sorted((root / "handouts").glob("*/*.md")):
        if path.parent.name.startswith("_"):
            continue
        try:
            handout = load_handout(path, report)
        except ContentError:
            continue
        project.handouts[handout.key] = handout
    project.shared = load_shared(root / "handouts" / "_shared", report, "shared")
    return project


def clinic_overrides(site: ClinicSite, handout: Handout, report: Problems) -> list[Section]:
    """Sections a clinic replaces or adds for one handout in one language."""
    path = site.folder / "handouts" / handout.meta.id / f"{handout.meta.language}.md"
    return load_sections_file(path, report, "clinic") if path.is_file() else []
