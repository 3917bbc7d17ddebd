"""Markdown to HTML: a handout's text with its images' paths from the project root, figures
with captions, checklists, long lists that may break between items and hyphenated words
kept whole."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from .keep_whole import KEEP_WHOLE

# A list item longer than this is a paragraph, not a line of a short list: a list of such
# items may break between them (never inside one), where a short list is kept whole.
PARAGRAPH_ITEM_WORDS = 25


class _ProjectPaths(Treeprocessor):
    """Image paths relative to the project root; an image alone in its paragraph with a
    title (`![alt](images/x.svg "Caption")`) as a figure with that caption; a list of
    paragraph-long items marked as such; `- [ ]` list items as checklist items."""

    def __init__(self, md: markdown.Markdown, folder: str) -> None:
        super().__init__(md)
        self.folder = folder

    def run(self, root: ET.Element) -> None:
        for img in root.iter("img"):
            img.set("src", f"{self.folder}/{img.get('src')}".lstrip("/"))
        for p in root.iter("p"):
            img = p[0] if len(p) == 1 else None
            if img is None or img.tag != "img" or not img.get("title") or (p.text or "").strip():
                continue
            if (img.tail or "").strip():
                continue
            p.tag, img.tail = "figure", None
            caption = ET.SubElement(p, "figcaption")
            caption.text = img.attrib.pop("title")
        for element in list(root.iter()):
            if element.tag not in ("code", "pre"):
                _keep_hyphenated_words_whole(element)
        for listing in [e for e in root.iter() if e.tag in ("ul", "ol")]:
            items = [li for li in listing if li.tag == "li"]
            if any(len("".join(li.itertext()).split()) > PARAGRAPH_ITEM_WORDS for li in items):
                listing.set("class", "paragraphs")  # may split between its items (styles/base.css)
        for cell in [e for e in root.iter() if e.tag in ("th", "td") and e.get("style")]:
            # `|:--|--:|` columns: the tables extension writes style="text-align: ..."; a class instead
            align = re.fullmatch(r"text-align: (left|right|center);", cell.attrib.pop("style"))
            if align:
                cell.set("class", f"align-{align[1]}")
        for li in root.iter("li"):
            holder = li[0] if len(li) and li[0].tag == "p" and not (li.text or "").strip() else li
            text = holder.text or ""
            if text.startswith("[ ] "):
                holder.text = text[4:]
                li.set("class", "check")
                parent = next((p for p in root.iter() if li in list(p)), None)
                if parent is not None:
                    parent.set("class", "checklist")


HYPHENATED = KEEP_WHOLE  # hyphenated words and "1 in 41,000" (keep_whole.py)


def _keep_hyphenated_words_whole(element: ET.Element) -> None:
    """ "flare-ups" in a span that never breaks: a line broken after a word's own hyphen
    reads badly, and WeasyPrint 70 gives that hyphen no text (a screen reader and a copy
    read "flare\x02 ups")."""

    def spans(text: str) -> tuple[str, list[ET.Element]]:
        made, start, head = [], 0, None
        for match in HYPHENATED.finditer(text):
            span = ET.Element("span", {"class": "nowrap"})
            span.text = match[0]
            if head is None:
                head = text[: match.start()]
            else:
                made[-1].tail = text[start : match.start()]
            made.append(span)
            start = match.end()
        if made:
            made[-1].tail = text[start:]
        return (text if head is None else head), made

    if element.text and HYPHENATED.search(element.text):
        element.text, made = spans(element.text)
        for i, span in enumerate(made):
            element.insert(i, span)
    for child in list(element):
        if child.tail and HYPHENATED.search(child.tail) and child.get("class") != "nowrap":
            child.tail, made = spans(child.tail)
            at = list(element).index(child) + 1
            for i, span in enumerate(made):
                element.insert(at + i, span)


def whole_words(text: str) -> Markup:
    """Plain text (a source's title) as HTML with its hyphenated words kept whole, as in
    the Markdown (`_keep_hyphenated_words_whole`)."""
    escaped = str(escape(text))
    return Markup(HYPHENATED.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', escaped))


class _ProjectPathsExtension(Extension):
    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_ProjectPaths(md, self.folder), "clearprint-local", 5)


@functools.lru_cache(maxsize=512)  # the editions of a handout share their Markdown: convert it once
def to_html(text: str, folder: str) -> str:
    md = markdown.Markdown(
        extensions=["tables", "admonition", "attr_list", "sane_lists", _ProjectPathsExtension(folder)],
        output_format="html",
    )
    return md.convert(text)
