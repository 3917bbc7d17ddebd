"""What an SVG file (a drawing in a handout, a clinic's logo.svg) may contain, for the PDF and
the public web edition alike: shapes, paths, groups, gradients and a title, nothing else.

Parsed with lxml's parser set to read no DTD, resolve no entities and fetch nothing. A file
with a DOCTYPE or entities, a script, a `<style>` element or attribute, an event handler
(`onload`), `foreignObject`, an image, text (drawings carry no words: they are shared by every
language), or a reference to anything outside the file (`href` not starting with '#',
`url()` not of the form `url(#id)`) is refused with what was found: never cleaned silently.
"""

from __future__ import annotations

import re

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset(
    "svg g path rect circle ellipse line polyline polygon title desc defs linearGradient radialGradient stop "
    "clipPath mask symbol use metadata".split()
)
ATTRIBUTES = frozenset(
    "id class d x y x1 y1 x2 y2 cx cy r rx ry fx fy width height points viewBox version preserveAspectRatio "
    "transform fill fill-rule fill-opacity stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit "
    "stroke-dasharray stroke-dashoffset stroke-opacity opacity clip-path clip-rule mask offset stop-color "
    "stop-opacity gradientUnits gradientTransform spreadMethod clipPathUnits maskUnits maskContentUnits role "
    "aria-label aria-hidden focusable vector-effect shape-rendering href baseProfile".split()
)
LOCAL_URL = re.compile(r"url\(\s*#[\w.-]+\s*\)")
MAX_BYTES = 2 * 2**20


def _parser():
    from lxml import etree  # imported when an SVG is read: most builds read none

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=False,
    )  # fmt: skip


def refusal(data: bytes) -> str | None:
    """Why an SVG file may not be used, or None when it is a plain drawing."""
    if len(data) > MAX_BYTES:
        return f"the SVG is {len(data) // 1024} KB; a drawing is at most {MAX_BYTES // 2**20} MB"
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data, re.I):
        return "the SVG has a DOCTYPE or entities, which are not allowed; export it again as plain SVG"
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return f"the SVG cannot be read ({exc.msg}); export it again"
    if root.getroottree().docinfo.doctype:
        return "the SVG has a DOCTYPE, which is not allowed; export it again as plain SVG"
    # A processing instruction before or after the root element (`<?xml-stylesheet href=...?>`,
    # round-8 attack, case 41) is outside root.iter(): the prolog and the end are looked at too.
    for node in (*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings()):
        if isinstance(node, etree._ProcessingInstruction):
            return f"the SVG holds a processing instruction on line {node.sourceline}; remove it"
        if not isinstance(node.tag, str):
            continue
        namespace, _, name = node.tag.rpartition("}")
        namespace = namespace.lstrip("{")
        where = f"<{name}> on line {node.sourceline}"
        if namespace != SVG or name not in ELEMENTS:
            if name in ("text", "tspan", "textPath"):
                return f"the SVG has text ({where}); keep words out of drawings and put them in the caption"
            return f"the SVG has {where}, which a drawing may not contain (only shapes, paths, groups and gradients)"
        if name not in ("title", "desc", "metadata") and (node.text or "").strip():
            return f"the SVG has text in {where}; keep words out of drawings"
        for key, value in node.attrib.items():
            attr_ns, _, attr = key.rpartition("}")
            attr_ns = attr_ns.lstrip("{")
            if attr_ns not in ("", XLINK) or attr not in ATTRIBUTES:
                return f"the SVG has the attribute '{attr}' on {where}, which is not allowed (scripts, styles and events never are)"
            if attr == "href" and not value.startswith("#"):
                return f"the SVG links to '{value[:60]}' on {where}; a drawing may refer only to its own parts (#id)"
            if "url(" in value.replace(" ", "").lower() and not LOCAL_URL.fullmatch(value.strip()):
                return f"the SVG refers to '{value[:60]}' on {where}; only url(#id) of its own parts is allowed"
    return None
