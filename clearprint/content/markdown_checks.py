"""What a handout's Markdown may point to and how much work it may give Python-Markdown: images
are local files inside the project, links go to web pages, e-mail or phone numbers, placeholders
are known ones, no attachments, no template code, no nesting or brackets past the limits.
(What markup it may contain at all: markup_policy.py.)"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import Problem, Problems
from .images import IMAGE_FILES, image_refusal
from .markup import (
    ATTR_ADDRESS,
    BROKEN,
    CODE_SPAN,
    CONTAINER,
    FENCE,
    IMAGE,
    LINK,
    PLACEHOLDER,
    PLACEHOLDERS,
    REL,
    SINGLE_BRACES,
    TEMPLATE_SYNTAX,
)

# Limits a clinic will never meet in honest use; past them Python-Markdown takes minutes or
# recurses too deeply, so the file is refused before it is parsed (its size: read.MAX_MARKDOWN_BYTES).
MAX_NESTING = 6  # lists and quotes inside each other
# Python-Markdown reads from each '[' to its ']' (or the end of the paragraph), so work grows
# with the square of unclosed or deeply nested brackets: 20,000 '[' took 44 s. This budget of
# characters read is about 0.5 s; the sample handouts use about 1,000.
MAX_BRACKET_WORK = 2_000_000


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


def _links(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """A printed handout links only to web pages and e-mail: never to a file on the machine that
    built it, nor to code (`javascript:`); phone links are made by Clearprint from clinic.yaml."""
    found = []
    for match in LINK.finditer(body):
        group = next(g for g in ("href", "ref", "raw") if match[g] is not None)
        href = html.unescape(match[group]).strip()
        scheme = urlsplit(href).scheme.lower()
        if scheme == "tel":  # round-9 attack, case 72: [(555) 555-0142](tel:+15555550100) dialled another number
            line, col = _position(body, match.start(group), first_line)
            message = (
                "a 'tel:' link is typed here, and it could dial another number than the one it shows; write "
                "{{ clinic.phone }} or {{ clinic.after_hours_phone }} without a link: Clearprint makes each a link "
                "that dials the number clinic.yaml holds"
            )
            found.append(report.add(path, line, message, col=col))
            continue
        if scheme in ("https", "http", "mailto") or href.startswith("#"):
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
