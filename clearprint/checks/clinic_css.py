"""What a clinic stylesheet may do: restyle, never hide, move or shrink.

A clinic's `styles/*.css` (PDF editions) and `styles/web.css` (its web pages) are read with a
real CSS parser (tinycss2, a WeasyPrint dependency), so a declaration split over lines,
comments inside it, escapes (`dis\\play`) or `@import` cannot slip past. Every declaration's
property must be on an allowlist: colours, the shipped fonts, spacing, borders, text
alignment and decoration, page breaks, and font sizes no smaller than the edition allows.
Nothing that positions, hides, clips, transforms or inserts text (display, visibility,
position, transform, overflow, opacity, clip-path, content...), no at-rule but `@media`,
and no `url()`. No quoted text but a font's name (a list marker `"..."` is drawn as words no
check reads), no decoration but an underline (struck-through risks read as withdrawn), and
line spacing (`line-height`, the project's `--line`) of at least 1.2. Selectors and `@media`
queries only of what the checks model (clinic_css_scope.py). Each refusal names the file,
line and column.
"""

from __future__ import annotations

from collections.abc import Iterator

import tinycss2

from .clinic_css_scope import media_refusals, selector_refusals, width_refusals
from .css_refusal import Refusal

UNITS = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "pc": 12.0, "in": 72.0, "q": 72 / 101.6}
SPACING = {f"{box}{side}" for box in ("margin", "padding") for side in ("", "-top", "-right", "-bottom", "-left")}
BORDERS = {
    f"border{side}{part}"
    for side in ("", "-top", "-right", "-bottom", "-left")
    for part in ("", "-color", "-style", "-width")
} | {"border-radius", "border-collapse"}
COLOURS = {"color", "background-color", "background", "text-decoration-color", "outline-color"}
TEXT = {
    "font-family", "font-size", "font-weight", "font-style", "line-height", "letter-spacing", "word-spacing",
    "text-align", "text-decoration", "text-decoration-line", "text-decoration-style", "text-transform",
    "list-style-type", "list-style-position", "list-style", "font-variant", "font-variant-numeric",
}  # fmt: skip
BREAKS = {"break-before", "break-after", "break-inside", "page-break-before", "page-break-after",
          "page-break-inside", "widows", "orphans"}  # fmt: skip
PROPERTIES = SPACING | BORDERS | COLOURS | TEXT | BREAKS
# The project's custom properties a clinic may set, and what kind of value each holds.
CUSTOM = {
    "--brand-primary": "colour", "--brand-accent": "colour", "--brand-text": "colour",
    "--brand-background": "colour", "--brand-tint": "colour", "--brand-primary-text": "colour",
    "--brand-on-primary": "colour", "--danger": "colour", "--danger-tint": "colour", "--focus": "colour",
    "--focus-text": "colour", "--muted": "colour", "--body-size": "size", "--line": "number",
}  # fmt: skip
HIDING = {"display", "visibility", "opacity", "content", "position", "transform", "overflow", "clip", "clip-path",
          "font-size-adjust", "z-index", "filter", "mask", "text-indent", "height", "max-height", "width",
          "max-width", "top", "left", "right", "bottom", "float", "columns", "column-count"}  # fmt: skip
COLOUR_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla"}
SMALL_KEYWORDS = {"xx-small", "x-small", "small", "smaller"}
GENERIC_FAMILIES = {"sans-serif", "serif", "system-ui", "inherit", "initial"}
# What a list marker may be: the usual bullets and numbers, never a string (which a printer
# and a browser draw as words no check reads) or a counter style of the clinic's own.
LIST_STYLES = {
    "none", "disc", "circle", "square", "decimal", "decimal-leading-zero", "lower-roman", "upper-roman",
    "lower-alpha", "upper-alpha", "lower-latin", "upper-latin", "lower-greek", "inside", "outside",
    "inherit", "initial",
}  # fmt: skip
DECORATIONS = {"none", "underline", "inherit", "initial"}  # no line-through, overline or blink: risks struck out
LINE_FLOOR = 1.2  # the smallest line spacing (unitless, em, or x the rule's own font size); the samples use 1.25+
KEYWORDS = {"inherit", "initial", "unset"}


def check(text: str, min_pt: float, families: set[str]) -> list[Refusal]:
    """Every refusal in a clinic stylesheet; `min_pt` is the smallest font size it may set
    (0 for none), `families` the font families Clearprint ships."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    found = list(_rules(rules, min_pt, set(families)))
    return found + list(width_refusals(list(_media_blocks(rules, ()))))


def _media_blocks(rules, outer: tuple) -> Iterator[tuple[tuple, object]]:
    """Each `@media` block whose queries (and its enclosing ones') are allowed, with them."""
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            if not any(True for _ in media_refusals(rule.prelude)):
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                yield ((*outer, rule.prelude), rule)
                yield from _media_blocks(inner, (*outer, rule.prelude))


def _rules(rules, min_pt: float, families: set[str]) -> Iterator[Refusal]:
    for rule in rules:
        if rule.type == "error":
            yield Refusal(rule.source_line, rule.source_column, "clinic-css", f"the CSS cannot be read: {rule.message}",
                          "check the braces and semicolons")  # fmt: skip
        elif rule.type == "at-rule":
            if rule.lower_at_keyword == "media" and rule.content is not None:
                yield from media_refusals(rule.prelude)
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                yield from _rules(inner, min_pt, families)
            else:
                yield Refusal(rule.source_line, rule.source_column, "clinic-css",
                              f"'@{rule.at_keyword}' is not allowed in a clinic stylesheet",
                              "write plain rules (selector { property: value }); only @media is allowed")  # fmt: skip
        elif rule.type == "qualified-rule":
            yield from selector_refusals(rule.prelude)
            yield from _declarations(rule.content, min_pt, families)
            yield from _contrast_of(rule.content)
            yield from _compounding(rule)


def _compounding(rule) -> Iterator[Refusal]:
    """A font-size below 1em or 100% on a selector with `*` shrinks each nested element again
    (round-9 attack, case 26: `* { font-size: 0.8em }` passed as 0.8em and drew the leaflet at
    3 pt, refused only as thousands of drawn-size errors naming no stylesheet)."""
    if not any(t.type == "literal" and t.value == "*" for t in rule.prelude):
        return
    selector = tinycss2.serialize(rule.prelude).strip()
    for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration" or item.lower_name != "font-size":
            continue
        for token in _tokens(item.value):
            shrinks = (token.type == "dimension" and token.lower_unit == "em" and token.value < 1) or (
                token.type == "percentage" and token.value < 100
            )
            if shrinks:
                shown = f"{token.representation}{'%' if token.type == 'percentage' else token.unit}"
                yield Refusal(item.source_line, item.source_column, "access-body-size",
                              f"font-size {shown} on '{selector}' shrinks every nested element again "
                              f"({shown} of {shown} of ...), far below what can be read",
                              "use rem or pt, which do not compound, or a selector for the elements meant")  # fmt: skip


def _declarations(content, min_pt: float, families: set[str]) -> Iterator[Refusal]:
    items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    font_pt = _absolute_size(items)
    for item in items:
        if item.type == "error":
            yield Refusal(item.source_line, item.source_column, "clinic-css", f"the CSS cannot be read: {item.message}",
                          "check the braces and semicolons")  # fmt: skip
            continue
        if item.type == "qualified-rule":  # nested rules: checked the same way
            yield from selector_refusals(item.prelude, nested=True)
            yield from _declarations(item.content, min_pt, families)
            continue
        if item.type == "at-rule":
            yield Refusal(item.source_line, item.source_column, "clinic-css",
                          f"'@{item.at_keyword}' is not allowed in a clinic stylesheet", "remove it")  # fmt: skip
            continue
        if item.type != "declaration":
            continue
        yield from _declaration(item, min_pt, families, font_pt)


def _tokens(values) -> Iterator:
    for token in values:
        yield token
        if token.type == "function":
            yield from _tokens(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _tokens(token.content)


def _declaration(decl, min_pt: float, families: set[str], font_pt: float | None = None) -> Iterator[Refusal]:
    name = decl.lower_name
    where = (decl.source_line, decl.source_column)
    shown = f"{name}: {tinycss2.serialize(decl.value).strip()}"[:60]
    allowed = name.startswith("--") or name in PROPERTIES  # any other property is refused below
    if allowed and name != "font-family" and any(token.type == "string" for token in _tokens(decl.value)):
        yield Refusal(*where, "clinic-css-text", f"'{shown}' draws words on the page that no check reads",
                      "remove the quoted text; every word a patient reads is written in the handout")  # fmt: skip
        return
    if name.startswith("--"):
        kind = CUSTOM.get(name)
        if kind is None:
            yield Refusal(*where, "clinic-css", f"the custom property '{name}' is not one a clinic may set",
                          f"use one of {', '.join(sorted(CUSTOM))}")  # fmt: skip
            return
        if kind == "size":
            yield from _sizes(decl, min_pt, where)
        yield from _custom_kind(decl, kind, where, shown)
        yield from _values(decl, where, shown, colour=kind == "colour")
        return
    if name not in PROPERTIES:
        hiding = name in HIDING or name.startswith(("mask", "clip", "transform", "animation", "transition"))
        yield Refusal(
            *where,
            "access-hidden-text" if hiding else "clinic-css",
            f"'{shown}' in a clinic stylesheet could hide, move or overlap what a patient must read"
            if hiding
            else f"the property '{name}' is not allowed in a clinic stylesheet",
            "remove it; a clinic changes colours, fonts, spacing and borders only",
        )
        return
    if name in ("list-style-type", "list-style", "text-decoration", "text-decoration-line"):
        yield from _keywords(decl, where, shown)
    if name == "line-height":
        yield from _line_height(decl, where, shown, font_pt)
    if name == "font-size":
        yield from _sizes(decl, min_pt, where)
    if name == "font-family":
        for token in decl.value:
            family = token.value if token.type in ("string", "ident") else None
            if family and family.lower() not in {f.lower() for f in families} | GENERIC_FAMILIES:
                yield Refusal(*where, "clinic-css", f"the font '{family}' is not one Clearprint ships",
                              f"use {', '.join(sorted(families))}")  # fmt: skip
    yield from _values(decl, where, shown, colour=name in COLOURS)


def _values(decl, where: tuple[int, int], shown: str, colour: bool) -> Iterator[Refusal]:
    for token in _tokens(decl.value):
        if token.type == "url" or (token.type == "function" and token.lower_name not in COLOUR_FUNCTIONS | {"var"}):
            what = "url()" if token.type == "url" else f"{token.name}()"
            yield Refusal(*where, "clinic-css", f"'{what}' is not allowed in a clinic stylesheet ({shown})",
                          "write the value itself: a colour, a length or a keyword")  # fmt: skip
        elif token.type == "function" and token.lower_name in ("rgba", "hsla", "rgb", "hsl") and _translucent(token):
            yield Refusal(*where, "access-hidden-text", f"'{shown}' is a see-through colour, which can hide text",
                          "use an opaque colour")  # fmt: skip
        elif (
            token.type == "hash"
            and colour
            and len(token.value) in (4, 8)
            and token.value[-1 if len(token.value) == 4 else -2 :].lower() not in ("f", "ff")
        ):
            yield Refusal(*where, "access-hidden-text", f"'{shown}' is a see-through colour, which can hide text",
                          "use an opaque colour (#rgb or #rrggbb)")  # fmt: skip
        elif token.type == "ident" and token.lower_value == "transparent" and decl.lower_name == "color":
            yield Refusal(*where, "access-hidden-text", f"'{shown}' makes text invisible", "use an opaque colour")
        elif decl.lower_name in ("letter-spacing", "word-spacing") and _too_wide(token):
            yield Refusal(*where, "access-hidden-text", f"'{shown}' pulls words apart or off the page",
                          "use at most 0.3em")  # fmt: skip
        elif (
            token.type == "dimension"
            and token.value < 0
            and decl.lower_name in SPACING | {"letter-spacing", "word-spacing"}
        ):
            yield Refusal(*where, "access-hidden-text", f"'{shown}': a negative value can lay text over other text",
                          "use zero or more")  # fmt: skip


def _keywords(decl, where: tuple[int, int], shown: str) -> Iterator[Refusal]:
    """A list marker from the usual bullets and numbers; a text decoration that only underlines
    (a line through the risks reads as if they were withdrawn)."""
    marker = decl.lower_name.startswith("list-style")
    allowed = LIST_STYLES if marker else DECORATIONS
    for token in decl.value:
        if token.type in ("whitespace", "comment") or (token.type == "ident" and token.lower_value in allowed):
            continue
        if not marker and (token.type == "hash" or (token.type == "function" and token.lower_name in COLOUR_FUNCTIONS)):
            continue  # the underline's colour
        if marker:
            yield Refusal(*where, "clinic-css", f"'{shown}' is not a list marker a clinic may use",
                          "use one of disc, circle, square, decimal, lower-alpha, upper-alpha, lower-roman, none")  # fmt: skip
        else:
            yield Refusal(*where, "clinic-css-decoration",
                          f"'{shown}' draws lines over text (a line through the risks reads as if they were withdrawn)",
                          "use text-decoration: underline or none, and text-decoration-color for its colour")  # fmt: skip
        return


def _absolute_size(items) -> float | None:
    """The font size (pt) a rule sets as one absolute length, if it does."""
    for item in items:
        if item.type == "declaration" and item.lower_name == "font-size":
            values = [t for t in item.value if t.type not in ("whitespace", "comment")]
            if len(values) == 1 and values[0].type == "dimension" and values[0].lower_unit in UNITS:
                return values[0].value * UNITS[values[0].lower_unit]
    return None


def _line_height(decl, where: tuple[int, int], shown: str, font_pt: float | None) -> Iterator[Refusal]:
    """At least LINE_FLOOR times the font size: unitless, a percentage or em; a length only
    in a rule that sets its own font size as a length, so the two can be compared."""
    for token in _tokens(decl.value):
        if token.type in ("whitespace", "comment") or (
            token.type == "ident" and token.lower_value in {"normal"} | KEYWORDS
        ):
            continue
        if token.type == "function":
            return  # var(--line), held to the same floor where it is set; any other function is refused
        ratio = None
        if token.type == "number":
            ratio = token.value
        elif token.type == "percentage":
            ratio = token.value / 100
        elif token.type == "dimension" and token.lower_unit in ("em", "rem"):
            ratio = token.value
        elif token.type == "dimension" and token.lower_unit in UNITS and font_pt:
            ratio = token.value * UNITS[token.lower_unit] / font_pt
        elif token.type == "dimension" and token.lower_unit in UNITS:
            yield Refusal(*where, "access-hidden-text",
                          f"'{shown}': a line spacing given as a length can lay lines of a larger font over each other",
                          f"write it as a number ({LINE_FLOOR:g} or more), or set the rule's font-size in pt beside it")  # fmt: skip
            return
        if ratio is None or ratio < LINE_FLOOR - 1e-9:
            yield Refusal(*where, "access-hidden-text", f"'{shown}' lays lines of text over each other",
                          f"use {LINE_FLOOR:g} or more")  # fmt: skip
            return


def _custom_kind(decl, kind: str, where: tuple[int, int], shown: str) -> Iterator[Refusal]:
    """A custom property holds a value of its kind: --line a line spacing of at least
    LINE_FLOOR (base.css uses `line-height: var(--line)`), --body-size a length, colours a colour."""
    values = [t for t in decl.value if t.type not in ("whitespace", "comment")]
    if len(values) == 1 and values[0].type == "ident" and values[0].lower_value in KEYWORDS:
        return
    if kind == "number":
        if len(values) != 1 or values[0].type != "number" or values[0].value < LINE_FLOOR - 1e-9:
            yield Refusal(*where, "access-hidden-text", f"'{shown}' lays lines of text over each other",
                          f"set {decl.lower_name} to a number, {LINE_FLOOR:g} or more")  # fmt: skip
        return
    fits = {
        "size": lambda t: t.type in ("dimension", "percentage") or (t.type == "number" and t.value == 0),
        "colour": lambda t: t.type in ("hash", "ident") or (t.type == "function" and t.lower_name in COLOUR_FUNCTIONS),
    }[kind]
    if len(values) == 1 and values[0].type == "function" and values[0].lower_name == "var":
        return  # another of these properties
    if len(values) != 1 or not fits(values[0]):
        what = "a length" if kind == "size" else "a colour"
        yield Refusal(*where, "clinic-css", f"'{shown}' is not {what}", f"set {decl.lower_name} to {what}")  # fmt: skip


def _too_wide(token) -> bool:
    if token.type == "dimension" and token.lower_unit in ("em", "rem"):
        return token.value > 0.3
    if token.type == "dimension":
        return token.lower_unit not in UNITS or token.value * UNITS[token.lower_unit] > 4
    return token.type in ("number", "percentage") and token.value != 0


def _contrast_of(content) -> Iterator[Refusal]:
    """A rule that sets both its text and background colour (as #hex) to a pair below 4.5:1."""
    from .accessibility import contrast

    colours: dict[str, tuple] = {}
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.lower_name in ("color", "background-color", "background"):
            hashes = [t for t in item.value if t.type == "hash" and len(t.value) in (3, 6)]
            if len(hashes) == 1:
                kind = "text" if item.lower_name == "color" else "background"
                colours[kind] = (f"#{hashes[0].value}", item.source_line, item.source_column)
    if "text" in colours and "background" in colours:
        ratio = contrast(colours["text"][0], colours["background"][0])
        if ratio < 4.5:
            yield Refusal(colours["text"][1], colours["text"][2], "access-hidden-text",
                          f"text {colours['text'][0]} on {colours['background'][0]} has contrast {ratio:.2f}:1, below 4.5:1",
                          "choose colours further apart")  # fmt: skip


def _translucent(function) -> bool:
    numbers = [t for t in function.arguments if t.type in ("number", "percentage")]
    if len(numbers) < 4:
        slash = any(t.type == "literal" and t.value == "/" for t in function.arguments)
        if not slash:
            return False
    alpha = numbers[-1]
    return (alpha.value / 100 if alpha.type == "percentage" else alpha.value) < 1


def _sizes(decl, min_pt: float, where: tuple[int, int]) -> Iterator[Refusal]:
    for token in _tokens(decl.value):
        size = None
        if token.type == "dimension" and token.lower_unit in UNITS:
            size = token.value * UNITS[token.lower_unit]
            shown = f"{token.representation}{token.unit}"
            small = min_pt and size < min_pt
            limit = f"{min_pt:g}pt"
        elif token.type == "dimension" and token.lower_unit in ("em", "rem", "ex", "ch", "vw", "vh"):
            shown = f"{token.representation}{token.unit}"
            small = token.lower_unit not in ("em", "rem") or token.value < 0.75
            limit = "0.75em"
        elif token.type == "percentage":
            shown = f"{token.representation}%"
            small = token.value < 75
            limit = "75%"
        elif token.type == "number":
            shown = token.representation
            small = token.value == 0
            limit = f"{min_pt:g}pt"
        elif token.type == "ident" and token.lower_value in SMALL_KEYWORDS:
            shown, small, limit = token.value, True, f"{min_pt:g}pt"
        else:
            continue
        if small:
            yield Refusal(*where, "access-body-size", f"font-size {shown} is too small to read",
                          f"use at least {limit}")  # fmt: skip
