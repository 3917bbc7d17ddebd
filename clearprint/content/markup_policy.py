"""What a handout's Markdown may contain: the Markdown the README documents, and nothing else
that becomes HTML.

Raw HTML (blocks and inline tags), HTML comments, processing instructions and declarations,
numeric character references and attribute lists (`{: style=... }`, `{.class}`, `{onclick=...}`)
are refused at their line and column, with what to write instead. The one attribute list a
handout writes is a section's role at the end of its `## ` heading (`## Risks {#risks}`).
An HTML comment is refused too: the patient never sees it, so text in it could satisfy a
check ("emergency") or hide a word ("painless <!-- not -->" reads "painless").

The HTML Markdown makes is then checked again by `sanitise.require_clean` when rendering.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..problems import Problem, Problems
from . import hygiene
from .markup import ATTR_ADDRESS, CODE_SPAN, FENCE, PLACEHOLDER

COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A tag as Markdown passes it through: `<name` or `</name` followed by a space, '/', '>' or the end
# of the line; also `<!DOCTYPE`, `<![CDATA[` and `<?php`. `<https://x>` and `<a@b.c>` are links.
TAG = re.compile(r"(?<!\\)<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|(?<!\\)<[!?][A-Za-z\[]", re.M)
# What Python-Markdown's attr_list reads: `{: ...}`, `{#id}`, `{.class}`, `{key=value}`.
# `<javascript:alert(1)>`: Markdown links only http(s), ftp and e-mail addresses in <...>; any other
# scheme is passed through as a tag.
SCHEME_TAG = re.compile(r"(?<!\\)<(?!(?:https?|ftp)://|mailto:)[A-Za-z][A-Za-z0-9+.-]*:")
BOX = re.compile(r"^[ \t]*!!![ \t]*(?P<kind>[^\s\"]*)", re.M)
BOXES = ("danger", "note", "tip", "warning")
ATTR_LIST = re.compile(r"\{:?[ \t]*(?:[#.][^}\s]|[^}\s=]+[ \t]*=)[^}\n]*\}")
ROLE_AT_END = re.compile(r"^##(?!#).*?(?P<attr>\{#[^}\s]*\})\s*$")
# `[text](https://x "title")`: a link's title is a tooltip, shown only on the web, read by no check
# (an image's title is its printed caption, and stays). `![` starts an image.
# The address stops at a '[' (as a Markdown link's does), so a line of "[a](" repeated is read
# in one pass, not once per bracket to the end of the line.
# A '"' needs no space before it: an address never holds one, and Python-Markdown reads
# `(https://x"title")` as a title too (round-13 attack, case 29).
LINK_TITLE = re.compile(r"(?<![\\!])\[[^\]\n]*\]\(\s*(?:<[^>\n]*>|[^\s)\[\"]+)(?:\s+[\"'(]|\")")
CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

INSTEAD = {
    "br": "end the line with a backslash or start a new paragraph",
    "b": "write **bold**",
    "strong": "write **bold**",
    "i": "write *text* for emphasis",
    "em": "write *text* for emphasis",
    "a": "write a link as [text](https://...)",
    "img": "write an image as ![what it shows](file.png)",
    "p": "leave a blank line between paragraphs",
    "ul": "write a list with '- ' at the start of each line",
    "ol": "write a list with '1. ' at the start of each line",
    "li": "write a list with '- ' at the start of each line",
    "table": "write a Markdown table with '|'",
    "div": 'use a box (!!! note "Title") or a section',
    "details": "write the text out; everything is printed",
    "style": "a clinic styles its handouts in clinics/<slug>/styles/",
    "span": "write the text as it is",
}


def _masked(body: str) -> str:
    """The body with fenced code blocks, code spans and placeholders blanked out (same length)."""
    out, in_fence = [], False
    for line in body.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
            out.append(" " * len(line))
            continue
        if in_fence:
            out.append(" " * len(line))
            continue
        blank = lambda match: " " * len(match[0])  # noqa: E731 (keeps columns)
        out.append(CODE_SPAN.sub(blank, PLACEHOLDER.sub(blank, line)))
    return "\n".join(out)


def _at(body: str, offset: int, first_line: int) -> tuple[int, int]:
    start = body.rfind("\n", 0, offset) + 1
    return first_line + body.count("\n", 0, offset), offset - start + 1


def check(body: str, first_line: int, path: Path, report: Problems) -> list[Problem]:
    """Every piece of HTML, comment, character reference or attribute list in `body` (Markdown
    starting on `first_line` of `path`), as problems at their line and column."""
    text = _masked(body)
    found: list[Problem] = []

    def add(offset: int, message: str) -> None:
        line, col = _at(text, offset, first_line)
        found.append(report.add(path, line, message, col=col))

    comments = []
    for match in COMMENT.finditer(text):
        comments.append(match.span())
        inside = " ".join(match[0][4:].removesuffix("-->").split())
        shown = f" ('{inside[:40]}')" if inside else ""
        add(
            match.start(),
            f"an HTML comment{shown} is never printed, so the checks cannot trust what it says; delete it "
            "(write notes for reviewers in the review record, or after '#' on a ::: country line)",
        )
    in_comment = lambda offset: any(a <= offset < b for a, b in comments)  # noqa: E731
    for match in TAG.finditer(text):
        if in_comment(match.start()):
            continue
        name = (match["name"] or "").lower()
        shown = f"<{match['close'] or ''}{name}>" if name else match[0]
        advice = INSTEAD.get(name, "write it in Markdown (see the README: Adding a handout)")
        add(match.start(), f"raw HTML '{shown}' is not allowed in a handout; {advice}")
    for match in SCHEME_TAG.finditer(text):
        if not in_comment(match.start()):
            add(match.start(), f"'{match[0]}...>' is not a link Markdown makes; write links as [text](https://...)")
    for match in BOX.finditer(text):
        if match["kind"].lower() not in BOXES and not in_comment(match.start()):
            add(
                match.start("kind") if match["kind"] else match.start(),
                f"'!!! {match['kind']}' is not a box a handout may use; write !!! danger, !!! warning, !!! note or !!! tip",
            )
    for match in ATTR_LIST.finditer(text):
        if in_comment(match.start()):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        role = ROLE_AT_END.match(line)
        if role and line_start + role.start("attr") == match.start():
            continue  # `## Risks {#risks}`: the section's role
        if ATTR_ADDRESS.search(match[0]):
            continue  # `{: href=...}`: refused by markdown_checks._attachments, with its own advice
        add(
            match.start(),
            f"the attribute list '{match[0][:60]}' is not allowed: a handout cannot set HTML ids, classes, styles "
            "or attributes; remove it (a section's role goes at the end of its '## ' heading, e.g. {#risks})",
        )
    for match in LINK_TITLE.finditer(text):
        if not in_comment(match.start()):
            add(
                match.start(),
                "a link may not have a title (the words in quotes after its address): a title is shown only as a "
                "tooltip on the web page; put the words in the link's text or the sentence, as [text](https://...)",
            )
    for match in CHARREF.finditer(text):
        if in_comment(match.start()):
            continue
        char = html.unescape(match[0])
        if match[0].startswith("&#"):
            add(match.start(), f"the character reference '{match[0]}' is not allowed; type the character itself")
        elif char != match[0] and any(hygiene.check_value(c) for c in char):
            why = hygiene.check_value(char)
            add(match.start(), f"'{match[0]}': {why}; delete it")
    return found
