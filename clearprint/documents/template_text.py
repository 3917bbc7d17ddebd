"""A clinic template's own words: never hidden in comments, and located when checked.

- An HTML comment in a template (`<!-- 100% safe -->`) is removed when the template is read,
  as Jinja's own `{# #}` comments are: it reaches no PDF, no preview and no web page (its
  line breaks stay, so every line number still points into the file).
- For the checks, the text a clinic's template writes itself (a tagline in the running
  header, a label) is wrapped in `<cp-src data-src="template:line">`, so a finding in it
  points at the template's file and line (checks/page_text.py reads the mark). Only the
  checker's pages are made so; the pages that are printed and published are not.

Words a `{{ expression }}` in the text makes are wrapped the same way, with `data-made`
naming its column (made_here): checks/made_text.py locates a finding in them at that line.

Text in attribute values, inside `<style>`, `<script>` or `<title>`, and in blocks that
hold CSS or metadata is not wrapped: wrapping would change what it means.
"""

from __future__ import annotations

import html
import re

TAG = "cp-src"
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
BLOCK = re.compile(r"\{%-?\s*(block\s+(?P<name>\w+)|endblock\b)")
HTML_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][\w-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<!--.*?-->|<![A-Za-z][^>]*>", re.DOTALL
)
OPEN_TAG = re.compile(r"<[A-Za-z][\w-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*(?:\"[^\"]*|'[^']*)?$")  # `<img alt="` + {{ x }}
RAW = frozenset({"style", "script", "title", "textarea", "head"})
NOT_TEXT = frozenset({"page_style", "head_extra", "title", "meta", "page_kind"})  # CSS, metadata, attribute values
WORDS = re.compile(r"[^\W_]")


def _blank(match: re.Match[str]) -> str:
    return "\n" * match[0].count("\n")


def without_comments(source: str) -> str:
    """`source` with its HTML comments removed (outside `{{ }}`, `{% %}` and `{# #}`), line breaks kept."""
    out, start = [], 0
    for match in JINJA.finditer(source):
        out.append(COMMENT.sub(_blank, source[start : match.start()]))
        out.append(match[0])
        start = match.end()
    out.append(COMMENT.sub(_blank, source[start:]))
    return "".join(out)


def located(source: str, name: str) -> str:
    """`source` with each run of its own words wrapped in a `cp-src` element naming `name` and the line."""
    out: list[str] = []
    blocks: list[str] = []  # the Jinja blocks open here
    raw: list[str] = []  # raw-text elements open here (<style>, <title>)
    inside_tag = False  # a start tag's attributes run across a Jinja expression: `<img alt="{{ x }}">`
    start = 0
    for match in JINJA.finditer(source):
        inside_tag = _text(source[start : match.start()], source, start, name, blocks, raw, inside_tag, out)
        if match[0].startswith("{{") and not (inside_tag or raw or any(b in NOT_TEXT for b in blocks)):
            out.append(made_here(match[0], source, match.start(), name))
        else:
            out.append(match[0])
        block = BLOCK.match(match[0])
        if block:
            if block["name"]:
                blocks.append(block["name"])
            elif blocks:
                blocks.pop()
        start = match.end()
    _text(source[start:], source, start, name, blocks, raw, inside_tag, out)
    return "".join(out)


def made_here(expression: str, source: str, offset: int, name: str) -> str:
    """`expression` (`{{ ... }}` in text) inside a `cp-src` mark with `data-made`: words it makes
    at render time (`{{ "sselniap" | reverse }}`) are at its line and column. Whitespace control
    (`{{-`, `-}}`) still trims the text outside the mark, as it did without it."""
    line = source.count("\n", 0, offset) + 1
    col = offset - (source.rfind("\n", 0, offset) + 1) + 1
    before = '{{- "" }}' if expression.startswith("{{-") else ""
    after = '{{ "" -}}' if expression.endswith("-}}") else ""
    inner = "{{" + expression[3 if before else 2 : -3 if after else -2] + "}}"
    mark = html.escape(f"{name}:{line}")
    return f'{before}<{TAG} data-src="{mark}" data-made="{col}">{inner}</{TAG}>{after}'


def _text(
    part: str, source: str, offset: int, name: str, blocks: list[str], raw: list[str], inside_tag: bool, out: list[str]
) -> bool:
    """Append `part` (template text between Jinja constructs) to `out`, its words wrapped; return
    whether it ends inside a start tag."""
    at = 0
    if inside_tag:
        end = part.find(">")
        if end < 0:
            out.append(part)
            return True
        out.append(part[: end + 1])
        at = end + 1
    for match in HTML_TAG.finditer(part, at):
        _words(part[at : match.start()], source, offset + at, name, blocks, raw, out)
        out.append(match[0])
        if match["name"]:
            tag = match["name"].lower()
            if tag in RAW:
                if match["close"]:
                    if raw and raw[-1] == tag:
                        raw.pop()
                else:
                    raw.append(tag)
        at = match.end()
    rest = part[at:]
    open_tag = OPEN_TAG.search(rest)
    if open_tag:
        _words(rest[: open_tag.start()], source, offset + at, name, blocks, raw, out)
        out.append(rest[open_tag.start() :])
        return True
    _words(rest, source, offset + at, name, blocks, raw, out)
    return False


def _words(text: str, source: str, offset: int, name: str, blocks: list[str], raw: list[str], out: list[str]) -> None:
    if raw or any(b in NOT_TEXT for b in blocks) or not WORDS.search(html.unescape(text)) or "{" in text:
        out.append(text)
        return
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    line = source.count("\n", 0, offset + lead) + 1
    mark = html.escape(f"{name}:{line}")
    out.append(f'{text[:lead]}<{TAG} data-src="{mark}">{text[lead:trail]}</{TAG}>{text[trail:]}')
