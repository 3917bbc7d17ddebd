"""The HTML made from a clinic's Markdown, held to an allowlist before any template sees it.

`markup_policy` refuses what a handout may not write at its line; this is the second line
of defence, on the HTML itself: it is passed through a maintained allowlist sanitiser
(nh3, the bindings of the Ammonia crate), and any change the sanitiser would make is an
error at the section's line, never a silent clean-up. The parts Clearprint draws itself
(QR codes, drawings) are added by the templates afterwards, so the allowlist holds only
what Markdown makes from the syntax the README documents.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path

import nh3

from ..problems import Problems

TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li strong em a img figure figcaption table thead tbody tr th td "
    "blockquote code pre hr br span div".split()
)
ATTRIBUTES = {
    "a": {"href"},  # a link's title is a tooltip only the web shows: not Markdown a handout writes
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
# Classes Clearprint's own Markdown extensions and boxes give (markdown.py, styles/base.css).
CLASSES = {
    "div": {"admonition", "danger", "note", "tip", "warning"},
    "p": {"admonition-title"},
    "span": {"nowrap"},
    "ul": {"checklist", "paragraphs"},
    "ol": {"checklist", "paragraphs"},
    "li": {"check"},
    "th": {"align-left", "align-right", "align-center"},
    "td": {"align-left", "align-right", "align-center"},
}
SCHEMES = {"https", "http", "mailto", "tel"}


class _Inventory(HTMLParser):
    """Every tag, attribute and URL scheme in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: dict[str, set[str]] = {}
        self.schemes: set[str] = set()
        self.comments = 0
        self.items: list[tuple[str, str, str]] = []  # (tag, attribute, value) in order

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.items.append((tag, "", ""))
        for key, value in attrs:
            self.attributes.setdefault(tag, set()).add(key)
            self.items.append((tag, key, value or ""))
            if key in ("href", "src") and value and ":" in value.split("/", 1)[0]:
                self.schemes.add(value.split(":", 1)[0].lower())

    handle_startendtag = handle_starttag

    def handle_comment(self, data) -> None:
        self.comments += 1
        self.items.append(("<!--", "", data))


def _inventory(page: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(page)
    parser.close()
    return parser


def canonical(page: str) -> str:
    """The HTML as the sanitiser writes it, keeping everything in it (so only spelling differs)."""
    found = _inventory(page)
    return nh3.clean(
        page,
        tags=found.tags,
        clean_content_tags=set(),
        attributes={tag: set(names) for tag, names in found.attributes.items()},
        url_schemes=found.schemes | SCHEMES,
        strip_comments=False,
        link_rel=None,
        generic_attribute_prefixes=None,
    )


def sanitised(page: str) -> str:
    """The HTML as the allowlist sanitiser leaves it."""
    return nh3.clean(
        page,
        tags=set(TAGS),
        # "*": the attributes every element may have; Ammonia's default keeps `title` and `lang`
        attributes={"*": set(), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(SCHEMES),
        strip_comments=True,
        link_rel=None,
    )


@functools.lru_cache(maxsize=1024)
def difference(page: str) -> str | None:
    """What the sanitiser would change in `page`, in words, or None when it passes unchanged."""
    before = canonical(page)
    after = sanitised(page)
    if before == after:
        return None
    kept = {(tag, key, value) for tag, key, value in _inventory(after).items}
    for tag, key, value in _inventory(before).items:
        if tag == "<!--":
            return "an HTML comment"
        if (tag, key, value) not in kept:
            if not key:
                return f"a <{tag}> element"
            return f'the attribute {key}="{value[:40]}" on <{tag}>'
    return "HTML the sanitiser rewrites"


def require_clean(page: str, file: Path, line: int, root: Path) -> None:
    """Raise a located ContentError if the sanitiser would change `page` (HTML of a section)."""
    what = difference(page)
    if what:
        raise Problems(root).error(
            file,
            line,
            f"this section makes {what}, which a handout may not contain; write it with the Markdown the "
            "README describes (headings, lists, tables, **bold**, images, boxes)",
        )
