"""The screens a web page is checked on, and its stylesheets as each of them applies them.

WeasyPrint evaluates media *types* only: an `@media (min-width: 40em)` rule is dropped
whatever the screen, while a browser applies it on a wide one. So before WeasyPrint computes
a web page's styles (web_styles.py), each stylesheet is flattened for one screen (`Device`):
the `@media` rules that hold on it are unwrapped, the others removed (Media Queries 4: media
types, `not`/`only`/`and`/`or`, `min-`/`max-` and range features for width, height,
orientation, the user's colour scheme and the usual preferences; a feature a browser does
not know is false, as in a browser). `@font-face` rules are left out: fonts do not change
a computed style, and loading them is most of the cost.

A page is checked on every screen of DEVICES whose rules differ in what can hide or shrink
text (`signature`): for the shipped stylesheets, whose `@media` rules only lay out, that is
one cascade per page.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

import tinycss2

EM = 16.0  # px: a browser's default font size, which `em` in a media query is


@dataclass(frozen=True)
class Device:
    name: str
    width: float  # px, the viewport
    height: float
    dark: bool = False  # prefers-color-scheme: dark
    touch: bool = False  # a phone: coarse pointer, no hover


DEVICES = (
    Device("a 1280 px screen", 1280, 900),
    Device("a 375 px phone", 375, 812, touch=True),
    Device("a 1280 px screen in dark mode", 1280, 900, dark=True),
    Device("a 375 px phone in dark mode", 375, 812, dark=True, touch=True),
)
# Declarations that can hide, fade or shrink text: screens whose applying @media rules differ
# only in others (layout: grid, padding, columns) give the same verdicts.
RELEVANT = {"color", "background", "background-color", "background-image", "font", "font-size", "opacity",
            "visibility", "all", "content", "filter", "-webkit-text-fill-color"}  # fmt: skip


def _tokens(tokens) -> list:
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _length(token) -> float | None:
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type != "dimension":
        return None
    unit = token.lower_unit
    scale = {"px": 1.0, "em": EM, "rem": EM, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
    return token.value * scale[unit] if unit in scale else None


def _feature(name: str, value, device: Device) -> bool | None:
    """One `(name: value)` or `(name)`; None when a browser would not know it."""
    prefix, _, base = name.partition("-") if name.startswith(("min-", "max-")) else ("", "", name)
    if base in ("width", "height", "device-width", "device-height"):
        actual = device.width if base.endswith("width") else device.height
        if value is None:
            return actual > 0
        wanted = _length(value)
        if wanted is None:
            return None
        return actual >= wanted if prefix == "min" else actual <= wanted if prefix == "max" else actual == wanted
    word = value.lower_value if value is not None and value.type == "ident" else None
    if value is not None and word is None and base not in ("color", "monochrome", "resolution", "aspect-ratio"):
        return None
    known = {
        "orientation": "portrait" if device.height > device.width else "landscape",
        "prefers-color-scheme": "dark" if device.dark else "light",
        "prefers-reduced-motion": "no-preference",
        "prefers-reduced-transparency": "no-preference",
        "prefers-contrast": "no-preference",
        "forced-colors": "none",
        "inverted-colors": "none",
        "hover": "none" if device.touch else "hover",
        "any-hover": "none" if device.touch else "hover",
        "pointer": "coarse" if device.touch else "fine",
        "any-pointer": "coarse" if device.touch else "fine",
        "scripting": "none",  # the pages' Content-Security-Policy runs no script
        "display-mode": "browser",
        "update": "fast",
        "color-gamut": "srgb",
        "dynamic-range": "standard",
    }
    if base in known and not prefix:
        off = {"none", "no-preference"}
        return known[base] not in off if value is None else word == known[base]
    if base == "color":
        return True if value is None else (value.type == "number" and 8 >= value.value if prefix != "max" else True)
    if base == "monochrome":
        return value is not None and value.type == "number" and value.value == 0 and prefix != "min"
    return None


_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def _range(tokens, device: Device) -> bool | None:
    """`(width >= 600px)`, `(400px < width <= 700px)`."""
    parts, ops, i = [], [], 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "literal" and t.value in "<>=":
            op = t.value
            if i + 1 < len(tokens) and tokens[i + 1].type == "literal" and tokens[i + 1].value == "=":
                op, i = op + "=", i + 1
            ops.append(op)
        else:
            parts.append(t)
        i += 1
    names = [p for p in parts if p.type == "ident"]
    if len(names) != 1 or len(ops) != len(parts) - 1 or not ops or any(o not in _OPS for o in ops):
        return None
    base = names[0].lower_value
    if base not in ("width", "height"):
        return None
    actual = device.width if base == "width" else device.height
    result = True
    for (left, right), op in zip(zip(parts, parts[1:], strict=False), ops, strict=False):
        if left.type == "ident":
            value, op = _length(right), op
        else:
            value, op = _length(left), _FLIP[op]
        if value is None:
            return None
        result = result and _OPS[op](actual, value)
    return result


def _in_parens(block, device: Device) -> bool | None:
    inner = _tokens(block.content)
    if any(t.type == "() block" for t in inner) or (
        inner and inner[0].type == "ident" and inner[0].lower_value == "not"
    ):
        return _condition(inner, device)
    colon = next((i for i, t in enumerate(inner) if t.type == "literal" and t.value == ":"), None)
    if colon is not None:
        if colon != 1 or inner[0].type != "ident" or len(inner) != 3:
            return None
        return _feature(inner[0].lower_value, inner[2], device)
    if len(inner) == 1 and inner[0].type == "ident":
        return _feature(inner[0].lower_value, None, device)
    return _range(inner, device)


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


def _condition(tokens, device: Device) -> bool | None:
    """`not (a)`, `(a) and (b) and ...`, `(a) or (b)`; unknown (None) as Media Queries 4 has it."""
    if tokens and tokens[0].type == "ident" and tokens[0].lower_value == "not":
        rest = tokens[1:]
        return _not(_in_parens(rest[0], device)) if len(rest) == 1 and rest[0].type == "() block" else None
    values, joins = [], set()
    for i, token in enumerate(tokens):
        if i % 2 == 0:
            if token.type != "() block":
                return None
            values.append(_in_parens(token, device))
        elif token.type == "ident" and token.lower_value in ("and", "or"):
            joins.add(token.lower_value)
        else:
            return None
    if not values or len(joins) > 1 or len(tokens) % 2 == 0:
        return None
    if joins == {"or"}:
        return True if True in values else None if None in values else False
    return False if False in values else None if None in values else True


def _query(tokens, device: Device) -> bool:
    tokens = _tokens(tokens)
    if not tokens:
        return True
    negate = False
    if tokens[0].type == "ident" and tokens[0].lower_value in ("not", "only") and len(tokens) > 1:
        if tokens[1].type == "ident":  # `not screen`, `only screen`: a media type follows
            negate, tokens = tokens[0].lower_value == "not", tokens[1:]
    if tokens[0].type == "ident" and tokens[0].lower_value not in ("not",):
        kind = tokens[0].lower_value in ("all", "screen")
        rest = tokens[1:]
        if rest:
            if not (rest[0].type == "ident" and rest[0].lower_value == "and"):
                return False
            kind = kind and _condition(rest[1:], device) is True
        return kind != negate
    return _condition(tokens, device) is True


def applies(prelude, device: Device) -> bool:
    """Whether an `@media` prelude (tinycss2 tokens) or a `media` attribute holds on `device`."""
    if isinstance(prelude, str):
        prelude = tinycss2.parse_component_value_list(prelude)
    queries, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            queries.append(current)
            current = []
        else:
            current.append(token)
    queries.append(current)
    if len(queries) == 1 and not _tokens(queries[0]):
        return True
    return any(_query(q, device) for q in queries if _tokens(q))


def _relevant(content) -> str:
    """The declarations of a rule's block that can hide, fade or shrink text, as text."""
    kept = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = tinycss2.serialize(item.value).strip().lower()
            name = item.lower_name
            if name in RELEVANT or name.startswith("--") or (name == "display" and value in ("none", "contents")):
                kept.append(f"{name}:{value}")
        elif item.type == "qualified-rule":
            kept.append(tinycss2.serialize(item.prelude) + "{" + _relevant(item.content) + "}")
    return ";".join(kept)


PSEUDO_ELEMENTS = {"before", "after", "first-line", "first-letter", "marker", "placeholder", "selection", "backdrop"}


def _elements_only(prelude) -> str:
    """A rule's selectors without those for pseudo-elements (`::before`): they never change the
    style of an element, and WeasyPrint computes a style for each one they match."""
    parts, current = [], []
    for token in [*prelude, None]:
        if token is None or (token.type == "literal" and token.value == ","):
            parts.append(current)
            current = []
        else:
            current.append(token)
    kept = []
    for part in parts:
        pseudo = any(
            a.type == "literal"
            and a.value == ":"
            and b.type == "ident"
            and (
                b.lower_value in PSEUDO_ELEMENTS
                or (i > 0 and part[i - 1].type == "literal" and part[i - 1].value == ":")
            )
            for i, (a, b) in enumerate(zip(part, part[1:], strict=False))
        )
        if not pseudo:
            kept.append(tinycss2.serialize(part).strip())
    return ", ".join(k for k in kept if k)


@functools.lru_cache(maxsize=64)  # a site's few stylesheets, on each screen, for every page
def flatten(text: str, device: Device) -> tuple[str, str]:
    """(the stylesheet as `device` applies it, what its applying `@media` rules say that can
    hide or shrink text): `@media` unwrapped where it holds, removed where not; `@font-face` removed."""
    out, signature = [], []

    def walk(rules, conditional: bool) -> None:
        for rule in rules:
            if rule.type == "at-rule" and rule.lower_at_keyword == "media":
                if rule.content is not None and applies(rule.prelude, device):
                    inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                    walk(inner, True)
            elif rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
                continue
            elif rule.type == "qualified-rule":
                if selectors := _elements_only(rule.prelude):
                    out.append(selectors + "{" + tinycss2.serialize(rule.content) + "}")
                if conditional and rule.type == "qualified-rule" and (relevant := _relevant(rule.content)):
                    signature.append(tinycss2.serialize(rule.prelude).strip() + "{" + relevant + "}")
            else:
                out.append(tinycss2.serialize([rule]))

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), False)
    return "\n".join(out), "\n".join(signature)
