"""The Markdown a clinic writes: every pattern Clearprint looks for in it, and the values
its placeholders (`{{ clinic.phone }}`) stand for. Loading, checking and rendering all
read Markdown through these, so they always agree on what a heading or an image is."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import ClinicSettings, Colors

HEADING = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*(?:\{#(?P<role>[^}\s]*)\})?\s*$")
FENCE = re.compile(r"^(```|~~~)")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")  # [2], [1, 3]: numbers in the handout's `sources:`
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[^}]*?)\s*\}\}")
ROLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Template syntax left over once the placeholders are taken out: a brace too few or too many.
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}")
# Template syntax a reader would see on a finished page or PDF (`{{ clinic.emergency_number }}`
# left unfilled): refused there by documents/web_markup.py and checks/drawn.py.
SHOWN_SYNTAX = re.compile(r"\{\{.{0,60}?(?:\}\}|$)|\{%.{0,60}?(?:%\}|$)", re.M)
CODE_SPAN = re.compile(r"(`+).+?\1")
BROKEN = re.compile(r"\{*[{%][^{}%\n]*[}%]*\}?|[^{}%\n]*[}%]\}")
# `{ clinic.phone }`: a placeholder with one brace each side, printed as it is.
SINGLE_BRACES = re.compile(r"(?<!\{)\{\s*(?P<name>clinic\.\w+)\s*\}(?!\})")
# Where a link goes: `[text](href)`, `[ref]: href`, `<a href="...">` (images are checked apart).
LINK = re.compile(
    r"""(?<!!)\[[^\]\n]*\]\(\s*<?(?P<href>[^)\s>]+)|^\s{0,3}\[[^\]\n]+\]:\s*<?(?P<ref>[^\s>]+)|<a\b[^>\n]*?\bhref\s*=\s*["']?(?P<raw>[^"'\s>]+)""",
    re.IGNORECASE | re.MULTILINE,
)
# `rel=attachment` (raw HTML or an attribute list) makes WeasyPrint embed the linked file in the PDF.
REL = re.compile(r"""\brel\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>}]+))""", re.IGNORECASE)
# `{: src=... }` after an image or link would replace the address that was checked.
ATTR_ADDRESS = re.compile(r"\{[^}\n]*?\b(?P<name>href|src)\s*=", re.IGNORECASE)
# A list item or quote marker at the start of a line, after any earlier ones: `- > 1. text`.
CONTAINER = re.compile(r"[ \t]*(?:(?P<quote>>)|(?P<item>[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
# What content may say about the clinic; each comes from clinic.yaml.
PLACEHOLDERS = (
    "clinic.name",
    "clinic.phone",
    "clinic.after_hours_phone",
    "clinic.emergency_number",
    "clinic.website",
    "clinic.address",
    "risk_table",
    "get_help",
)
# `{{ risk_table }}`, on a line of its own in a risks section: where the risk table and icon
# arrays drawn from handouts/<id>/risks.yaml go (documents/risk_table.py). Clearprint draws them,
# so they are added to the page after the sanitiser has checked the handout's own HTML
# (documents/sections.py, with_risks), as QR codes are. Anywhere else (text the checks read, the
# aftercare sheet) the placeholder stands for nothing. Rendering puts this word in its place,
# which Markdown makes a paragraph of its own, and then the table in place of that paragraph.
RISK_MARKER = "CLEARPRINTRISKTABLE"
# `{{ get_help }}`, on a line of its own in a get-help section: the box of who to call and how
# fast, made from the risks' signs and the country's routes (documents/get_help_box.py), the same way.
GET_HELP_MARKER = "CLEARPRINTGETHELP"


def citations(text: str) -> set[int]:
    """The source numbers a text cites: [2], [1, 3]."""
    return {int(n) for match in CITATION.finditer(text) for n in re.split(r"\s*,\s*", match[1])}


# A citation as it sits in a sentence: the space before it goes too ("lasts [2]." -> "lasts.").
_CITED_IN_TEXT = re.compile(r"[ \t]*\n?[ \t]*" + CITATION.pattern)


def without_citations(text: str) -> str:
    """The patient's text without its citation markers: the Markdown keeps them (the evidence
    check needs a source for every figure), the evidence sheet lists them, the page does not."""
    return _CITED_IN_TEXT.sub("", text)


def placeholder_values(clinic: ClinicSettings) -> dict[str, str]:
    """What each placeholder stands for, from clinic.yaml."""
    return {
        "clinic.name": clinic.name,
        "clinic.phone": clinic.phone,
        "clinic.after_hours_phone": clinic.after_hours_phone,
        "clinic.emergency_number": clinic.emergency,
        "clinic.website": clinic.website or "",
        "clinic.address": ", ".join(clinic.address),
        "risk_table": "",
        "get_help": "",  # `{{ get_help }}`: the get-help box made from the risks (documents/get_help_box.py), as risk_table
    }


# Placeholders whose value is a phone number: each becomes a `tel:` link the build makes.
PHONE_PLACEHOLDERS = ("clinic.phone", "clinic.after_hours_phone", "clinic.emergency_number")
# Python-Markdown's escapable characters (with the tables extension's '|'), but for '>':
# a backslash before each makes it literal text, so a setting never becomes emphasis or a
# link; '<', '>' and '&' become HTML entities instead, which Markdown leaves alone.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_markdown(value: str) -> str:
    """A clinic setting as literal text in Markdown: on one line, no Markdown, no HTML."""
    one_line = re.sub(r"\s+", " ", value).strip()  # a newline could start a heading or a list
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", one_line))


def phone_link(value: str) -> str:
    """`[(555) 555-0142](tel:5555550142)`: the number as written, dialled as digits. Several
    numbers that all work ('112 / 999') are each a link of their own."""
    if "/" in value:
        return " / ".join(phone_link(number.strip()) for number in value.split("/"))
    digits = ("+" if value.strip().startswith("+") else "") + re.sub(r"\D", "", value)
    text = escape_markdown(value)
    return f"[{text}](tel:{digits})" if digits.strip("+") else text


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """`{{ clinic.phone }}` -> the clinic's phone; names were checked when loading."""

    def value(match: re.Match[str]) -> str:
        name = match["name"]
        return phone_link(values[name]) if name in PHONE_PLACEHOLDERS else escape_markdown(values[name])

    return PLACEHOLDER.sub(value, text)


# A drawing made for the project is in the clinic's colours: it is drawn with these
# reserved colours, which the renderer and the web edition replace.
RESERVED_COLOURS = {"#000001": "text", "#000002": "primary", "#000003": "tint"}  # ink, highlight, light fill
_RESERVED = re.compile(rb"#00000[123](?![0-9a-fA-F])")


def clinic_svg(data: bytes, colors: Colors) -> bytes:
    """An SVG drawing with the reserved colours replaced by the clinic's."""
    values = {key.encode(): getattr(colors, name).encode() for key, name in RESERVED_COLOURS.items()}
    return _RESERVED.sub(lambda m: values[m[0]], data)
