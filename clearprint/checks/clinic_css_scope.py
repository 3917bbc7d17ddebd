"""Where a clinic stylesheet's rules may apply: only to what the checks see.

The PDF checks read the drawn pages, and the web check (checks/web_drawn.py) computes every
text's style with WeasyPrint's cascade on a few screens (pdf/web_media.DEVICES). A rule that
applies only where neither looks cannot be checked, so a clinic's selectors and `@media`
rules are held to what those model (an allowlist; anything else is refused, located):

- Selectors: element names, `*`, classes, ids, attribute tests (`[lang="es"]`), the
  combinators (space, `>`, `+`, `~`), `&` in a nested rule, and the structural pseudo-classes
  WeasyPrint matches as a browser does (PSEUDO_CLASSES, FUNCTIONS). No pseudo-element
  (`::first-line`, `::marker`, `::selection`...: a browser paints them, no check reads
  them), no state of the user's (`:hover`, `:focus`, `:visited`, `:link`: the checks never
  see a page hovered or a link followed, and a browser hides `:visited` colours from scripts).
- `@media`: the media types `screen` and `all` (not `print`: printing a web page is not
  checked; the printed leaflet is the PDF edition), `min-width`/`max-width` or one width
  comparison in px, em or rem, and `prefers-color-scheme` (light or dark), joined by `and`,
  `or`, `not`, `only`. Not resolution, height, orientation, hover, pointer or any other
  feature: the checks look at a few screens, not every phone.
- The width tests of one stylesheet together may split screens only into the narrow ones
  and the wide ones the web check visits (a 375 px phone, a 1280 px screen): no band of
  widths between them (`(min-width: 700px) and (max-width: 1100px)`, or two breakpoints)
  that has rules of its own, and nothing only narrower or wider than both.

Each refusal is located at the selector's or query's token (the width test at its `@media` rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tinycss2

from .css_refusal import Refusal

AN_PLUS_B = re.compile(r"odd|even|[+-]?\d*n(\s*[+-]\s*\d+)?|[+-]?\d+")
PSEUDO_CLASSES = {"root", "first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type"}
FUNCTIONS = {"nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type", "not", "lang"}
STATES = {"hover", "focus", "focus-visible", "focus-within", "active", "visited", "link", "any-link", "target",
          "checked", "local-link", "target-within", "user-invalid", "autofill"}  # fmt: skip
COMBINATORS = {">", "+", "~"}
ATTRIBUTE_OPERATORS = {"=", "~=", "|=", "^=", "$=", "*="}
SELECTOR_ADVICE = (
    "select with element names, .classes, #ids, [attributes], the combinators (space > + ~) and "
    "structural pseudo-classes (:root, :first-child, :last-child, :nth-child(odd), :not(...), :lang(es)...)"
)
MEDIA_TYPES = {"screen", "all"}
WIDTH_FEATURES = {"min-width", "max-width"}
SCHEMES = {"light", "dark"}
LENGTH_UNITS = {"px", "em", "rem"}
MEDIA_ADVICE = (
    "test only screen or all, (min-width: ...)/(max-width: ...) in px, em or rem, or (prefers-color-scheme: light|dark)"
)
NARROW, WIDE = 375.0, 1280.0  # the web check's phone and screen (pdf/web_media.DEVICES)


def _shown(tokens) -> str:
    return " ".join(tinycss2.serialize(tokens).split())[:60]


def selector_refusals(prelude, nested: bool = False) -> Iterator[Refusal]:
    """Every refusal in a rule's selector list (tinycss2 tokens)."""
    tokens = list(prelude)
    for i, token in enumerate(tokens):
        where = (token.source_line, token.source_column)
        before = tokens[i - 1] if i else None
        if token.type in ("whitespace", "comment", "ident", "hash"):
            continue
        if token.type == "literal" and token.value == ":":
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if before is not None and before.type == "literal" and before.value == ":":
                continue  # the second colon of `::`, reported at the first
            if after is not None and after.type == "literal" and after.value == ":":
                name = tokens[i + 2].value if i + 2 < len(tokens) and tokens[i + 2].type == "ident" else ""
                yield Refusal(*where, "clinic-css-selector",
                       f"the pseudo-element '::{name}' is drawn by a browser where no check reads it",
                       f"style the element itself; {SELECTOR_ADVICE}")  # fmt: skip
                continue
            yield from _pseudo_class(after, where, nested)
            continue
        if token.type == "literal" and (
            token.value in {".", ",", "*"} | COMBINATORS or (token.value == "&" and nested)
        ):
            continue
        if token.type == "function" and before is not None and before.type == "literal" and before.value == ":":
            continue  # checked with its colon
        if token.type == "[] block":
            if not _attribute(token):
                yield Refusal(*where, "clinic-css-selector", f"the attribute test '{_shown([token])}' is not one a clinic may use",
                       "write [name], [name=value] or [name~=value]")  # fmt: skip
            continue
        yield Refusal(*where, "clinic-css-selector", f"'{_shown([token])}' is not allowed in a clinic stylesheet's selector",
               SELECTOR_ADVICE)  # fmt: skip


def _pseudo_class(token, where: tuple[int, int], nested: bool) -> Iterator[Refusal]:
    if token is not None and token.type == "ident" and token.lower_value in PSEUDO_CLASSES:
        return
    if token is not None and token.type == "function" and token.lower_name in FUNCTIONS:
        if token.lower_name == "not":
            yield from selector_refusals(token.arguments, nested)
        elif token.lower_name == "lang":
            if [t.type for t in token.arguments if t.type not in ("whitespace", "comment")] not in (
                ["ident"],
                ["string"],
            ):
                yield Refusal(*where, "clinic-css-selector", f"':{_shown([token])}' is not a language test",
                       "write :lang(es)")  # fmt: skip
        elif not _an_plus_b(token.arguments):
            yield Refusal(*where, "clinic-css-selector", f"':{_shown([token])}' is not a plain position",
                   f"write :{token.name}(2n+1), odd or even, without 'of'")  # fmt: skip
        return
    name = getattr(token, "lower_value", None) or getattr(token, "lower_name", None) or ""
    shown = f":{token.value if token.type == 'ident' else _shown([token])}" if token is not None else ":"
    if name in ("first-line", "first-letter", "before", "after", "marker", "selection"):
        message = f"the pseudo-element '{shown}' is drawn by a browser where no check reads it"
    elif name in STATES:
        message = f"'{shown}' styles a page as a patient hovers, focuses or follows a link, which no check sees"
    else:
        message = f"the pseudo-class '{shown}' is not one the checks model"
    yield Refusal(*where, "clinic-css-selector", message, f"style the element itself; {SELECTOR_ADVICE}")


def _attribute(block) -> bool:
    """[name], [name op value] with an optional i/s flag."""
    parts = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if not parts or parts[0].type != "ident":
        return False
    rest = parts[1:]
    if not rest:
        return True
    op = ""
    while rest and rest[0].type == "literal" and len(op) < 2:
        op, rest = op + rest[0].value, rest[1:]
    if op not in ATTRIBUTE_OPERATORS or not rest or rest[0].type not in ("ident", "string"):
        return False
    flag = rest[1:]
    return not flag or (len(flag) == 1 and flag[0].type == "ident" and flag[0].lower_value in ("i", "s"))


def _an_plus_b(arguments) -> bool:
    """odd, even, 3, 2n+1, -n + 3 (no `of S`)."""
    written = "".join(tinycss2.serialize([t]) for t in arguments if t.type != "comment")
    return bool(AN_PLUS_B.fullmatch(written.strip().lower()))


def media_refusals(prelude) -> Iterator[Refusal]:
    """Every refusal in an `@media` prelude (tinycss2 tokens)."""
    queries: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            queries.append([])
        elif token.type not in ("whitespace", "comment"):
            queries[-1].append(token)
    for query in queries:
        yield from _query(query)


def _query(tokens: list) -> Iterator[Refusal]:
    if not tokens:
        return
    i = 0
    if tokens[0].type == "ident" and tokens[0].lower_value in ("only", "not") and len(tokens) > 1:
        i = 1 if tokens[1].type == "ident" else 0
    if tokens[i].type == "ident" and tokens[i].lower_value != "not":
        word = tokens[i].lower_value
        if word not in MEDIA_TYPES:
            advice = ("remove it: printing a web page is not checked (the printed leaflet is the PDF edition), and "
                      "the PDF editions are print already" if word == "print" else MEDIA_ADVICE)  # fmt: skip
            yield Refusal(tokens[i].source_line, tokens[i].source_column, "clinic-css-media",
                   f"'@media {word}' applies where no check looks", advice)  # fmt: skip
            return
        rest = tokens[i + 1 :]
        if rest and not (rest[0].type == "ident" and rest[0].lower_value == "and"):
            yield _bad(rest[0])
            return
        tokens = rest[1:]
        if not tokens:
            return
    if tokens[0].type == "ident" and tokens[0].lower_value == "not":
        tokens = tokens[1:]
    for j, token in enumerate(tokens):
        if j % 2:
            if not (token.type == "ident" and token.lower_value in ("and", "or")):
                yield _bad(token)
                return
        elif token.type != "() block" or not _feature(token):
            yield _bad(token)
            return
    if not tokens or len(tokens) % 2 == 0:
        yield _bad(tokens[-1] if tokens else None)


def _bad(token) -> Refusal:
    line, col = (token.source_line, token.source_column) if token is not None else (0, 0)
    shown = _shown([token]) if token is not None else "(nothing)"
    return Refusal(
        line, col, "clinic-css-media", f"'@media ... {shown}' tests what the checks do not model", MEDIA_ADVICE
    )


def _length(token) -> bool:
    return (token.type == "dimension" and token.lower_unit in LENGTH_UNITS) or (
        token.type == "number" and token.value == 0
    )


def _feature(block) -> bool:
    inner = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if len(inner) == 3 and inner[0].type == "ident" and inner[1].type == "literal" and inner[1].value == ":":
        name, value = inner[0].lower_value, inner[2]
        if name in WIDTH_FEATURES:
            return _length(value)
        return name == "prefers-color-scheme" and value.type == "ident" and value.lower_value in SCHEMES
    ops = [t for t in inner if t.type == "literal"]
    words = [t for t in inner if t.type != "literal"]
    op = "".join(t.value for t in ops)
    if op not in ("<", "<=", ">", ">=") or len(words) != 2 or inner[1 : 1 + len(ops)] != ops:
        return False
    names = [t for t in words if t.type == "ident"]
    lengths = [t for t in words if _length(t)]
    return len(names) == 1 and names[0].lower_value == "width" and len(lengths) == 1


def width_refusals(blocks: list[tuple[tuple, object]]) -> Iterator[Refusal]:
    """`blocks`: each `@media` block whose prelude passed media_refusals, as (its preludes from
    the outermost in, the at-rule); a refusal where the stylesheet's width tests make a screen
    whose rules are neither the phone's nor the wide screen's."""
    from ..pdf.web_media import Device, applies

    widths: set[float] = set()
    for preludes, _ in blocks:
        for prelude in preludes:
            widths |= set(_thresholds(prelude))
    if not widths:
        return
    ordered = sorted(widths | {NARROW, WIDE})
    points = {ordered[0] - 1, ordered[-1] + 1, *ordered}
    points |= {(a + b) / 2 for a, b in zip(ordered, ordered[1:], strict=False)}
    for dark in (False, True):

        def state(width: float, dark: bool = dark) -> tuple[bool, ...]:
            device = Device("", width, 800, dark=dark)
            return tuple(all(applies(p, device) for p in preludes) for preludes, _ in blocks)

        visited = {state(NARROW), state(WIDE)}
        for width in sorted(points):
            found = state(width)
            if found in visited:
                continue
            narrow, wide = state(NARROW), state(WIDE)
            differing = [(a == b, r) for (_, r), on, a, b in zip(blocks, found, narrow, wide, strict=True) if on != a]
            rule = max(differing, key=lambda d: d[0])[1]  # one that applies on neither screen, else the first
            yield Refusal(rule.source_line, rule.source_column, "clinic-css-media",
                   f"on a {width:g} px screen this stylesheet's width tests apply rules that the web check, which "
                   f"looks at a {NARROW:g} px phone and a {WIDE:g} px screen, never sees",
                   f"use one breakpoint for the whole stylesheet, between {NARROW:g} and {WIDE:g} px: write the "
                   "narrow screens' rules without @media and the wide ones' in e.g. @media (min-width: 40em)")  # fmt: skip
            return


def _thresholds(prelude) -> Iterator[float]:
    from ..pdf.web_media import _length as px

    for token in prelude:
        if token.type == "() block":
            for t in token.content:
                if _length(t) and (value := px(t)) is not None:
                    yield value
