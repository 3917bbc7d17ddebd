"""Read Markdown handouts, shared sections and clinic settings into models, with file:line.

Nothing here renders anything. Every mistake becomes a problem naming the file and
line; a file with a mistake is left out and the others are still loaded.
"""

from __future__ import annotations

import dataclasses
import difflib
import errno
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from ..languages import available as available_languages
from ..languages import missing as missing_languages
from ..models import KNOWN_ROLES, Clinic, ClinicSettings, Handout, HandoutMeta, LocalMeta, LocalText, Project, Section
from ..problems import ContentError, Problem, Problems
from ..safe_io import NotRegular, TooLarge, open_file, read_file
from . import emergency_numbers, hygiene, markup_policy, names, raster, svg_policy, yamlfile
from .addresses import address_problems
from .markup import (
    ATTR_ADDRESS,
    BROKEN,
    CODE_SPAN,
    CONTAINER,
    FENCE,
    HEADING,
    IMAGE,
    LINK,
    PLACEHOLDER,
    PLACEHOLDERS,
    REL,
    ROLE,
    SINGLE_BRACES,
    TEMPLATE_SYNTAX,
)
from .spelling import Spelling, SpellingFile, merged

# Limits a clinic will never meet in honest use; past them Python-Markdown takes minutes or
# recurses too deeply, so the file is refused before it is parsed.
MAX_MARKDOWN_BYTES = 200 * 1024  # the longest sample handout is about 12 KB
MAX_NESTING = 6  # lists and quotes inside each other
# Python-Markdown reads from each '[' to its ']' (or the end of the paragraph), so work grows
# with the square of unclosed or deeply nested brackets: 20,000 '[' took 44 s. This budget of
# characters read is about 0.5 s; the sample handouts use about 1,000.
MAX_BRACKET_WORK = 2_000_000
NOT_REGULAR = "not a regular file (a FIFO, device or socket); delete it and save the file there again"


def read_text(path: Path, report: Problems, limit: int | None = None) -> str:
    """A clinic's text file (settings, rules, Markdown), at most `limit` bytes (by default
    limits.MAX_SETTINGS_BYTES); a FIFO, device or folder is refused unread, never waited on."""
    from ..limits import MAX_SETTINGS_BYTES  # read at each call, so a test may lower it

    limit = MAX_SETTINGS_BYTES if limit is None else limit
    try:
        data = read_file(path, limit)
    except TooLarge as exc:
        raise report.error(path, None, f"the file is {exc.strerror}; keep only what it needs, or split it") from None
    except NotRegular as exc:
        if exc.errno == errno.EISDIR:
            raise report.error(
                path, None, "cannot read this file (is a directory); rename or remove the folder"
            ) from None
        raise report.error(path, None, NOT_REGULAR) from None
    except OSError as exc:
        raise report.error(
            path, None, f"cannot read this file ({_reason(exc)}); check that it exists and may be read"
        ) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise report.error(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}); save it again as UTF-8 in your editor",
        ) from None


def read_markdown(path: Path, report: Problems) -> str:
    """A Markdown file from inside the project, refused unread if it is too large."""
    refuse_outside(path, report)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise report.error(
            path, None, f"cannot read this file ({_reason(exc)}); check that it exists and may be read"
        ) from None
    if size > MAX_MARKDOWN_BYTES:
        raise report.error(
            path,
            None,
            f"the file is {-(-size // 1024)} KB, more than the limit of {MAX_MARKDOWN_BYTES // 1024} KB "
            "for a Markdown file; split it into shorter handouts or sections",
        )
    return read_text(path, report, MAX_MARKDOWN_BYTES)


def refuse_outside(path: Path, report: Problems) -> None:
    """Clinic files are read only from inside the project, whatever a link points to."""
    root = report.root.resolve()
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
        raise report.error(path, None, f"cannot follow this link ({_reason(exc)}); replace it with the files") from None
    if not target.is_relative_to(root):
        raise report.error(
            path,
            None,
            f"this is a link to {target}, outside the project; copy what it points to into the project instead",
        )


def _reason(exc: Exception) -> str:
    return (exc.strerror or str(exc)).lower() if isinstance(exc, OSError) else str(exc).lower()


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
            near = _misspelt_role(match["role"])
            if near:
                col = line.rfind("{#") + 1
                errors.append(
                    report.add(path, number, f"unknown section role '{role}'; did you mean {{#{near}}}?", col=col)
                )
            elif not ROLE.match(role):
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
    errors += hygiene.scan(body, path, report, first_line)
    errors += markup_policy.check(body, first_line, path, report)
    errors += emergency_numbers.check(body, first_line, path, report)
    errors += check_markdown(body, first_line, path, report)
    if errors:
        raise ContentError(*errors)
    return "\n".join(intro).rstrip(), result


def _misspelt_role(role: str | None) -> str | None:
    """The known role an explicit `{#role}` is a near miss of ('afercare' for 'aftercare')."""
    if role is None or role in KNOWN_ROLES:
        return None
    near = difflib.get_close_matches(role, KNOWN_ROLES, n=1, cutoff=0.8)
    return near[0] if near else None


def check_markdown(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Images must be local files inside the project; placeholders must be known; no
    attachments, no template syntax and no nesting deeper than MAX_NESTING."""
    root = report.root.resolve()
    found = [
        *_attachments(body, first_line, path, report),
        *_nesting(body, first_line, path, report),
        *_brackets(body, first_line, path, report),
    ]
    if not found:  # links are looked for only in Markdown that can be read
        found += _links(body, first_line, path, report)
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            found += _template_syntax(line, number, path, report)
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
            try:
                target = (path.parent / src).resolve()
            except (OSError, RuntimeError):  # RuntimeError: a loop of links
                found.append(report.add(path, number, f"image '{src}' is a link that cannot be followed", col=col))
                continue
            if not target.is_relative_to(root):
                found.append(
                    report.add(
                        path,
                        number,
                        f"image '{src}' is outside the project; copy it into the handout's folder",
                        col=col,
                    )
                )
            elif not target.exists():
                found.append(report.add(path, number, f"image '{src}' not found next to {path.name}", col=col))
            elif why := image_refusal(target, root):
                found.append(report.add(path, number, f"image '{src}': {why}", col=col))
        for match in PLACEHOLDER.finditer(line):
            if match["name"] not in PLACEHOLDERS:
                known = ", ".join(f"{{{{ {p} }}}}" for p in PLACEHOLDERS)
                found.append(
                    report.add(
                        path, number, f"unknown placeholder '{match[0]}'; use one of {known}", col=match.start() + 1
                    )
                )
    return found


def image_refusal(target: Path, root: Path) -> str | None:
    """Why a (resolved, existing) file may not be shown as an image in a handout or on its web
    page, or None: the renderer's rules (pdf.ProjectFetcher), which web.assets applies too."""
    relative = target.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return "hidden files and folders are never shown; move the image next to the handout"
    if target.suffix.lower() not in IMAGE_FILES:
        return "only PNG, JPEG, GIF, WebP and SVG images can be shown"
    if relative.parts[0] not in ("handouts", "clinics"):
        return "images are kept in the handout's folder (or the clinic's handouts/ folder); move it there"
    return _image_file_refusal(target)


def _image_file_refusal(target: Path) -> str | None:
    """Why an image file's content may not be shown: a FIFO or device, too large, too many
    pixels (raster.py, from the header), an SVG the policy refuses (svg_policy.py)."""
    try:
        if target.suffix.lower() == ".svg":
            return svg_policy.refusal(read_file(target, svg_policy.MAX_BYTES + 1))
        return raster.refusal(target)
    except TooLarge as exc:
        return f"the file is {exc.strerror}"
    except NotRegular as exc:
        return "this is a folder, not an image" if exc.errno == errno.EISDIR else NOT_REGULAR
    except OSError as exc:
        return f"cannot be read ({_reason(exc)})"


def _template_syntax(line: str, number: int, path: Path, report: Problems) -> list[Problem]:
    """`{{ clinic.phone }` would print as it is: what is left once the placeholders are out."""
    blank = lambda match: " " * len(match[0])  # noqa: E731 (keeps columns)
    rest = CODE_SPAN.sub(blank, PLACEHOLDER.sub(blank, line))
    single = SINGLE_BRACES.search(rest)
    if single:  # `{ clinic.phone }`: one brace each side is no placeholder at all
        name = single["name"] if single["name"] in PLACEHOLDERS else "clinic.phone"
        message = f"'{single[0]}' would be printed as it is; write it as {{{{ {name} }}}}"
        return [report.add(path, number, message, col=single.start() + 1)]
    match = TEMPLATE_SYNTAX.search(rest)
    if not match:
        return []
    # Show the whole broken placeholder, from its opening brace (if any) to its closing one.
    start = match.start() if match[0][0] == "{" else rest.rfind("{", 0, match.start())
    token = BROKEN.match(rest, start if start >= 0 else match.start())
    shown = token[0].strip() if token else match[0]
    col = (token.start() if token else match.start()) + 1
    name = re.search(r"clinic\.\w+", shown)
    example = f"{{{{ {name[0] if name and name[0] in PLACEHOLDERS else 'clinic.phone'} }}}}"
    if "%" in shown:
        message = f"'{shown}' is template code, which a handout cannot use; remove it (placeholders such as {example} are fine)"
    else:
        message = f"'{shown}' is not a complete placeholder and would be printed as it is; write it as {example}"
    return [report.add(path, number, message, col=col)]


def _position(body: str, offset: int, first_line: int) -> tuple[int, int]:
    """(line, column) of a character of `body`, which starts on `first_line`."""
    start = body.rfind("\n", 0, offset) + 1
    return first_line + body.count("\n", 0, offset), offset - start + 1


IMAGE_FILES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


def _links(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """A printed handout links only to web pages, e-mail and phone numbers: never to a file on
    the machine that built it, nor to code (`javascript:`)."""
    found = []
    for match in LINK.finditer(body):
        group = next(g for g in ("href", "ref", "raw") if match[g] is not None)
        href = html.unescape(match[group]).strip()
        scheme = urlsplit(href).scheme.lower()
        if scheme in ("https", "http", "mailto", "tel") or href.startswith("#"):
            continue
        if group == "ref" and not scheme and Path(href).suffix.lower() in IMAGE_FILES:
            continue  # `[pic]: drawing.png`, for a reference-style image `![alt][pic]`
        line, col = _position(body, match.start(group), first_line)
        what = f"'{scheme}:' links" if scheme else "links to files"
        message = f"{what} do not work on paper or in a PDF; link to a web page (https://...), or remove the link"
        found.append(report.add(path, line, message, col=col))
    return found


def _attachments(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    found = []
    for match in REL.finditer(body):
        value = html.unescape(match["dq"] or match["sq"] or match["bare"] or "")
        if "attachment" in value.lower().split():
            line, col = _position(body, match.start(), first_line)
            message = 'attachments are not allowed in handouts; remove rel="attachment" and link to the file instead'
            found.append(report.add(path, line, message, col=col))
    for match in ATTR_ADDRESS.finditer(body):
        line, col = _position(body, match.start("name"), first_line)
        message = (
            f"'{match['name']}' cannot be set in {{...}}; write links as [text](address) and images as ![text](file)"
        )
        found.append(report.add(path, line, message, col=col))
    return found


def _brackets(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Refuse the file if Python-Markdown would read more than MAX_BRACKET_WORK characters
    looking for closing brackets; named at the paragraph that costs most."""
    work, worst = 0, (0, 0)
    for paragraph in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", body):
        cost = _reading(paragraph[0], "[", "]") + _reading(paragraph[0], "(", ")")
        work += cost
        worst = max(worst, (cost, paragraph.start() + len(paragraph[0]) - len(paragraph[0].lstrip("\n"))))
    if work <= MAX_BRACKET_WORK:
        return []
    line, _ = _position(body, worst[1], first_line)
    message = (
        "too many brackets without their closing bracket, or inside each other, for Markdown to read; "
        "check the '[', ']', '(' and ')' in this paragraph"
    )
    return [report.add(path, line, message)]


def _reading(text: str, opening: str, closing: str) -> int:
    """Characters read from each opening bracket to its closing one, or to the end."""
    cost, open_at = 0, []
    for offset, char in enumerate(text):
        if char == opening:
            open_at.append(offset)
        elif char == closing and open_at:
            cost += offset - open_at.pop()
    return cost + sum(len(text) - start for start in open_at)


def _nesting(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Lists and quotes nested more than MAX_NESTING deep, counted before Python-Markdown
    sees them (it recurses once per level). A list level is a list marker further in than the
    one before; a quote level is each '>'."""
    indents: list[int] = []  # columns of the list markers that enclose this line
    for number, raw in enumerate(body.split("\n"), start=first_line):
        line = raw.expandtabs(4)
        if not line.strip():
            continue
        quotes, items, pos, first_marker = 0, 0, 0, None
        while match := CONTAINER.match(line, pos):
            if match["item"]:
                items += 1
                first_marker = match.start("item") if first_marker is None else first_marker
            else:
                quotes += 1
            pos = match.end()
        indent = len(line) - len(line.lstrip())
        if first_marker is not None:
            while indents and indents[-1] >= first_marker:
                indents.pop()
            indents.append(first_marker)
            # The larger of the levels a person sees and those Python-Markdown makes (4 columns each).
            depth = max(len(indents) - 1, first_marker // 4) + items + quotes
        else:
            if indent == 0:
                indents = []  # a paragraph at the margin ends every list
            depth = indent // 4 + quotes  # indented blocks and quotes inside list items
        if depth > MAX_NESTING:
            return [
                report.add(
                    path,
                    number,
                    f"lists or quotes are nested {depth} deep here; at most {MAX_NESTING} levels are allowed, "
                    "so make the list flatter",
                )
            ]
    return []


# --- handouts ---------------------------------------------------------------------


def split_front_matter(text: str, path: Path, report: Problems) -> tuple[str, str, int]:
    """Return (yaml text, Markdown body, line where the body starts)."""
    if not text.strip():
        raise report.error(path, 1, "the handout is empty; it needs front matter and sections")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise report.error(path, 1, "the handout must start with front matter: a line '---', the settings, then '---'")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise report.error(path, 1, "the front matter is not closed; add a line '---' after the settings")


def load_handout(path: Path, report: Problems) -> Handout:
    text = read_markdown(path, report)
    front, body, body_line = split_front_matter(text, path, report)
    data, lines = yamlfile.parse(front, path, report, first_line=2, defer=True)
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
    """A file of sections only (shared section): no front matter."""
    return _sections_only(read_markdown(path, report), 1, path, report, origin)


def load_local_text(path: Path, report: Problems) -> LocalText:
    """A clinic's own text of a handout: its sections, and its version and review state from its
    front matter (none: it has not been reviewed as the clinic's text, content/local_review.py)."""
    text = read_markdown(path, report)
    if text.split("\n", 1)[0].strip() != "---":
        return LocalText(path, None, {}, tuple(_sections_only(text, 1, path, report, "clinic")))
    front, body, body_line = split_front_matter(text, path, report)
    data, lines = yamlfile.parse(front, path, report, first_line=2, defer=True)
    meta = yamlfile.validate(LocalMeta, data, path, lines, report, first_line=2)
    return LocalText(path, meta, lines, tuple(_sections_only(body, body_line, path, report, "clinic")))


def _sections_only(text: str, first_line: int, path: Path, report: Problems, origin: str) -> list[Section]:
    intro, sections = split_sections(text, first_line, path, report, origin)
    if not sections:
        raise report.error(
            path, 1, "no section found; start the file with a heading such as '## Contact us {#contact}'"
        )
    if intro.strip():
        raise report.error(path, 1, "text before the first '## ' heading would be lost; move it under a heading")
    return sections


def load_shared(
    folder: Path, report: Problems, origin: str, left_out: set[Path] = frozenset()
) -> dict[tuple[str, str], Section]:
    """`<folder>/<role>/<lang>.md`, one section each, its role the folder name (but those in
    `left_out`: badly named, reported by names.odd_names)."""
    shared: dict[tuple[str, str], Section] = {}
    for path in sorted(folder.glob("*/*.md")):
        if path in left_out or badly_named(path, report.root, report):
            continue
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
    with open_file(path) as handle:
        head = handle.read(512)
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return True
    if path.suffix.lower() == ".svg":
        try:
            return ET.parse(path).getroot().tag.rsplit("}", 1)[-1] == "svg"
        except ET.ParseError:
            return False
    return False


# What the build reads from a clinic's folder; each must stay inside the project.
CLINIC_PARTS = ("clinic.yaml", "handouts", "templates", "styles", "rules")


def refuse_links_out(folder: Path, report: Problems) -> None:
    """A clinic folder, or anything in it, that is a link to outside the project is refused:
    templates, stylesheets and sections would otherwise bring any file into a PDF."""
    refuse_outside(folder, report)
    problems = []
    for part in (folder / name for name in CLINIC_PARTS):
        links = [p for p in part.rglob("*") if p.is_symlink()] if part.is_dir() and not part.is_symlink() else []
        for path in [part, *links]:
            try:
                refuse_outside(path, report)
            except ContentError as exc:
                problems += exc.problems
    if problems:
        raise ContentError(*problems)


def load_clinic(folder: Path, report: Problems) -> Clinic:
    refuse_links_out(folder, report)
    path = folder / "clinic.yaml"
    if not path.is_file():
        raise report.error(folder, None, "clinic folder has no clinic.yaml; copy one from a sample clinic")
    data, lines = yamlfile.parse(read_text(path, report), path, report, defer=True)
    settings = yamlfile.validate(ClinicSettings, data, path, lines, report)
    if clashes := [report.add(path, lines.get(loc, lines.get(loc[:1])), m) for loc, m in address_problems(settings)]:
        raise ContentError(*clashes)
    root = folder.parent.parent  # a language is its data file, rules/languages/<language>.yaml: never English instead
    if unknown := [
        report.add(
            path,
            lines.get(("languages", i), lines.get(("languages",))),
            f"no language data for '{code}' (Clearprint has: {', '.join(available_languages(root)) or 'none'}); "
            f"remove it from languages: or add rules/languages/{code}.yaml with the parts of en.yaml",
        )
        for i, code in missing_languages(root, settings.languages)
    ]:
        raise ContentError(*unknown)
    site = Clinic(folder.name, settings, folder, lines)
    logo = site.logo_path
    line = lines.get(("logo",))
    if not logo.resolve().is_relative_to(folder.resolve()):
        raise report.error(path, line, f"logo '{settings.logo}' must be inside the clinic folder {folder.name}/")
    if not logo.exists():
        raise report.error(path, line, f"logo file '{settings.logo}' not found in clinics/{folder.name}/")
    if logo.suffix.lower() in IMAGE_FILES and (why := _image_file_refusal(logo)):
        raise report.error(path, line, f"logo '{settings.logo}': {why}")
    try:
        image = is_image(logo)
    except OSError as exc:
        raise report.error(path, line, f"logo '{settings.logo}' cannot be read ({_reason(exc)})") from None
    if not image:
        raise report.error(path, line, f"logo '{settings.logo}' is not a PNG, JPEG or SVG image")
    overrides, local, broken = {}, {}, set()
    left_out = names.odd_names(folder / "handouts", report) if (folder / "handouts").is_dir() else set()
    for override in sorted((folder / "handouts").glob("*/*.md")):
        if override in left_out or override.parent.name.startswith("_") or badly_named(override, report.root, report):
            continue
        key = (override.parent.name, override.stem)
        try:
            local[key] = load_local_text(override, report)
        except ContentError:
            broken.add(key)
            continue
        overrides[key] = list(local[key].sections)
    shared = load_shared(folder / "handouts" / "_shared", report, "clinic", left_out)
    return dataclasses.replace(site, shared=shared, overrides=overrides, local=local, broken=frozenset(broken))


# --- the whole project ------------------------------------------------------------


def badly_named(path: Path, root: Path, report: Problems) -> bool:
    """A file or folder name that is not UTF-8 text (Python keeps its bytes as surrogates): it
    cannot be a handout's id or language, nor be printed; reported once and left out."""
    relative = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not any("\udc80" <= c <= "\udcff" for c in relative):
        return False
    shown = relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    report.add(
        root / shown, None, "this file or folder name is not UTF-8 text; rename it with plain letters, digits and '-'"
    )
    return True


CLINIC_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_project(root: Path, report: Problems) -> Project:
    project = Project(root)
    try:
        folders = sorted(p for p in (root / "clinics").iterdir() if p.is_dir())
    except OSError as exc:
        report.add(root / "clinics", None, f"cannot read the clinics folder ({_reason(exc)})")
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
