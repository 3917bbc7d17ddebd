"""Which declaration of a clinic's own stylesheets drew text faint on paper.

A run of text drawn below 4.5:1 contrast (checks/drawn.py) is reported at the handout line the
text came from. When the clinic's stylesheets (clinics/<slug>/styles/*.css, the PDF editions'
ones; clinic_css.py allows them only opaque colours) hold a `color` declaration with exactly
the run's colour, or a `background` one with exactly what it is drawn on, that declaration is
what the clinic has to change: the error is located there (file, line, column), once for every
text it makes faint. Clearprint's own styles draw no faint text (the samples pass), so a
faint colour a clinic stylesheet also names is that stylesheet's doing.

The same for text drawn too small (`shrinking`: the relative font sizes that made it so) and for
text moved off the page or out of its column (`spacing`: the sideways spacing that applies to
it, blamed when it applies to text of three lines or more, not to one long word).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import tinycss2
import tinycss2.color3

TEXT, BACKGROUND = ("color",), ("background-color", "background")


class Declaration(NamedTuple):
    file: Path
    line: int
    col: int
    shown: str  # e.g. "color: #c8c8c8"


def blame(folder: Path, color: tuple[float, ...], background: tuple[float, ...]) -> Declaration | None:
    """The clinic's declaration (in `folder`/styles/*.css, web.css aside) that sets the faint
    text colour `color`, else the background `background`; None when none does."""
    found = [d for sheet in _sheets(folder) for d in _colours(sheet, *_stamp(sheet))]
    for names, wanted in ((TEXT, color), (BACKGROUND, background)):
        for name, rgb, declaration in found:
            if name in names and _same(rgb, wanted):
                return declaration
    return None


MAX_SHEET_BYTES = 2_000_000  # a longer stylesheet is refused where it is read (clinic_css.py), not read here


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _same(one: tuple[float, ...], other: tuple[float, ...]) -> bool:
    return all(abs(a - b) <= 0.6 / 255 for a, b in zip(one[:3], other[:3], strict=True))


def _sheets(folder: Path) -> list[Path]:
    """The clinic's stylesheets for print: `folder`/styles/*.css but web.css."""
    return sorted(p for p in (folder / "styles").glob("*.css") if p.name != "web.css" and p.is_file())


@lru_cache(maxsize=64)
def _declarations(path: Path, _mtime: int, _size: int) -> tuple:
    """`declarations` of a clinic stylesheet file; none for one too long or unreadable
    (clinic_css.py reports it where it is read)."""
    if _size > MAX_SHEET_BYTES:
        return ()
    try:
        return declarations(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ()


class Declared(NamedTuple):
    media: tuple  # the preludes of the @media rules it is inside, outermost first
    rule: int  # which rule it is in (numbered in order)
    prelude: list  # the rule's selectors, as written
    declaration: object  # tinycss2's Declaration


@lru_cache(maxsize=64)
def declarations(text: str) -> tuple[Declared, ...]:
    """Every declaration of a stylesheet's rules, those inside @media too, in order (also
    checks/web_drawn.py's, which picks those of the screen a finding is about)."""
    found: list[Declared] = []
    rules_seen = [0]

    def walk(rules, media: tuple) -> None:
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None:  # @media: its rules
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                walk(inner, (*media, rule.prelude) if rule.lower_at_keyword == "media" else media)
            elif rule.type == "qualified-rule":
                rules_seen[0] += 1
                for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                    if item.type == "declaration":
                        found.append(Declared(media, rules_seen[0], rule.prelude, item))

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), ())
    return tuple(found)


def _where(path: Path, item) -> Declaration:
    return Declaration(
        path, item.source_line, item.source_column, f"{item.name}: {tinycss2.serialize(item.value).strip()}"[:60]
    )


@lru_cache(maxsize=64)
def _colours(path: Path, _mtime: int, _size: int) -> tuple[tuple[str, tuple[float, ...], Declaration], ...]:
    """(property, sRGB, where) of each colour a stylesheet's declarations set, in order."""
    found = []
    for *_, item in _declarations(path, _mtime, _size):
        if item.lower_name in TEXT + BACKGROUND:
            for token in item.value:
                colour = tinycss2.color3.parse_color(token)
                if isinstance(colour, tuple):  # an RGBA, not 'currentColor'
                    name = "color" if item.lower_name == "color" else "background"
                    found.append((name, tuple(colour[:3]), _where(path, item)))
    return tuple(found)


SHRINKING = ("em", "rem", "%", "ex", "ch")  # relative sizes: below 1 (or 100%) they shrink, and compound
# What a clinic may write that moves text sideways: spacing, and the space between letters and words
SPACING = frozenset(
    {f"{box}{side}" for box in ("margin", "padding") for side in ("", "-left", "-right")}
    | {"letter-spacing", "word-spacing"}
)


def shrinking(folder: Path, page: str, src: str, text: str) -> tuple[Declaration, ...]:
    """The clinic's declarations (styles/*.css, web.css aside) that make text smaller (a relative
    `font-size` below 1, or `smaller`) and apply to the element the run `text` is drawn in (the
    one marked `src` that holds it), an ancestor or a descendant of it: what made the text small
    when it is drawn below the edition's floor ("ul { font-size: 0.75em } li { font-size: 0.75em }",
    6.75 pt in a 12 pt list: round-16 attack, case 24). Empty when none does."""
    return _blamed(folder, page, src, text, "size")


def spacing(folder: Path, page: str, src: str, text: str) -> tuple[Declaration, ...]:
    """The clinic's declarations of sideways spacing (margins, padding, letter and word spacing)
    that apply to the element `text` is drawn in, an ancestor or a descendant of it: what may have
    moved text off the page or out of its column (".get-help-box { padding-left: 900px }": round-17
    attack, case 14). Empty when none does."""
    return _blamed(folder, page, src, text, "spacing")


def _blamed(folder: Path, page: str, src: str, text: str, kind: str) -> tuple[Declaration, ...]:
    rules = tuple(r for sheet in _sheets(folder) for r in _rules(sheet, *_stamp(sheet), kind))
    return _applying(rules, page, src, text[:20]) if rules else ()


@lru_cache(maxsize=256)  # a page's small runs are mostly a few elements' words
def _applying(rules: tuple, page: str, src: str, start: str) -> tuple[Declaration, ...]:
    marked = _tree(page).get(src, [])
    # the element that holds the words; for words a stylesheet draws (a list's bullet), any so marked
    holding = [w for w in marked if start in "".join(w.etree_element.itertext())] or marked
    near = {}
    for wrapper in holding:
        near.update((id(w), w) for w in wrapper.iter_subtree())
        while wrapper is not None:
            near[id(wrapper)] = wrapper
            wrapper = wrapper.parent
    return tuple(
        declaration
        for selectors, declaration in rules
        if any(s.pseudo_element is None and s.test(w) for w in near.values() for s in selectors)
    )


@lru_cache(maxsize=4)  # one page's runs ask about the same page
def _tree(page: str) -> dict[str, list]:
    """The page's elements that carry `data-src`, by its value (as cssselect2 wrappers)."""
    import cssselect2
    import tinyhtml5

    found: dict[str, list] = {}
    for wrapper in cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(page)).iter_subtree():
        if (src := wrapper.etree_element.get("data-src")) is not None:
            found.setdefault(src, []).append(wrapper)
    return found


@lru_cache(maxsize=64)
def _rules(path: Path, _mtime: int, _size: int, kind: str) -> tuple:
    """(compiled selectors, where) of each rule of a stylesheet with a declaration of `kind`:
    "size", a `font-size` that shrinks text; "spacing", one of SPACING."""
    import cssselect2

    found = []
    for _, _, prelude, item in _declarations(path, _mtime, _size):
        if kind == "size" and (item.lower_name != "font-size" or not _smaller(item.value)):
            continue
        if kind == "spacing" and item.lower_name not in SPACING:
            continue
        try:
            selectors = tuple(cssselect2.compile_selector_list(prelude))
        except cssselect2.SelectorError:
            continue  # clinic_css.py refuses it where it is written
        found.append((selectors, _where(path, item)))
    return tuple(found)


def _smaller(value) -> bool:
    for token in value:
        if token.type == "ident" and token.lower_value == "smaller":
            return True
        if token.type == "percentage" and token.value < 100:
            return True
        if token.type == "dimension" and token.lower_unit in SHRINKING and token.value < 1:
            return True
    return False
