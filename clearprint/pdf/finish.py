"""What WeasyPrint 70 leaves out of a PDF/UA file, put in: page furniture as artifacts, /Lang
and /Scope in the tag tree, the reading order of a trifold's panels, and the exact 3 mm bleed
box. Importing this module installs the two drawing patches; `finish` and `finish_bleed` are
the finishers the renderer gives `write_pdf`.
"""

from __future__ import annotations

import pydyf
from weasyprint import draw as weasy_draw
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasy_tags

# --- page furniture as artifacts (PDF/UA) ---------------------------------------------
# WeasyPrint 70 gives running headers and footers marked-content ids that no structure
# element reaches. PDF/UA wants page furniture marked as artifacts, outside the tag tree:
# draw every margin box inside one /Artifact sequence and leave it out of the tree.
# WeasyPrint is pinned (pyproject.toml); tests/test_editions.py checks the result.
_draw_stacking_context = weasy_draw.draw_stacking_context
_build_box_tree = weasy_tags._build_box_tree


def _draw_margin_boxes_as_artifacts(stream, stacking_context):
    if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
        return _draw_stacking_context(stream, stacking_context)
    tags, stream._tags = stream._tags, None  # nothing inside is tagged
    try:
        stream.begin_marked_content("Artifact")
        _draw_stacking_context(stream, stacking_context)
        stream.end_marked_content()
    finally:
        stream._tags = tags


def _tree_without_margin_boxes(box, *args):
    return iter(()) if isinstance(box, boxes.MarginBox) else _completed(box, _build_box_tree(box, *args))


# --- what WeasyPrint 70 leaves out of the tag tree ---------------------------------------
# It reads neither `lang` nor `scope="col"` into the tags, and it builds the tree page by
# page, so the tree follows the sheet, not the reader. While the tree is built, each
# structure element made for an HTML element gets the element's /Lang and a header cell its
# /Scope; an element with `data-reading-order` is noted. Once the tree is complete,
# `_finish_tags` keeps /Lang only where the language changes and puts the noted elements in
# that order (the trifold: cover, inside, flap, back, though the sheet has them elsewhere).
READING_ORDER = "ClearprintReadingOrder"  # a private key, removed before the PDF is written
_SCOPES = {"col": "/Column", "row": "/Row", "colgroup": "/Column", "rowgroup": "/Row"}


def _completed(box, elements):
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    html = getattr(box, "element", None)
    for element in elements:
        if html is not None and box.element_tag not in ("html", "body"):
            if lang := html.get("lang"):
                element["Lang"] = pydyf.String(lang)  # left only where it differs from the parent's
            if element["S"] == "/TH" and box.element_tag == "th":
                element["A"]["Scope"] = _SCOPES.get(html.get("scope", "col"), "/Column")
            if (order := html.get("data-reading-order")) is not None:
                element[READING_ORDER] = int(order)
        yield element


def _finish_tags(pdf) -> None:
    """Keep /Lang only where the language changes; put the structure elements noted with a
    reading order (the trifold's panels) under the document's first part, in that order,
    and drop the containers left empty. The parent tree (content to element) is unchanged:
    only the order the tree is read in."""
    root = pdf.catalog.get("StructTreeRoot")
    if root is None:
        return
    objects = {o.reference: o for o in pdf.objects if isinstance(o, pydyf.Dictionary)}
    document = objects[objects[root]["K"][0]]
    noted = []  # (order, element, its parent, the document's child it was under), outermost only

    def walk(node, top, lang, inside_noted):
        for ref in list(node["K"]):
            child = objects.get(ref) if isinstance(ref, bytes) else None
            if child is None or "S" not in child:
                continue
            if "Lang" in child and child["Lang"].string == lang:
                del child["Lang"]
            order = child.pop(READING_ORDER, None)
            if order is not None and not inside_noted:
                noted.append((order, child, node, top or child))
            walk(
                child,
                top or child,
                child["Lang"].string if "Lang" in child else lang,
                inside_noted or order is not None,
            )

    walk(document, None, getattr(pdf.catalog.get("Lang"), "string", ""), False)
    if not noted:
        return
    # In reading order, where the first of them was: under the part (WeasyPrint makes one
    # per page) that held it, in the place of the branch that led to it.
    first, top = noted[0][1], noted[0][3]
    host = top if top["S"] == "/Part" and top is not first else document
    at = next(i for i, ref in enumerate(host["K"]) if _reaches(objects, ref, first))
    for _, element, parent, _ in noted:
        parent["K"].remove(element.reference)
    ordered = [element for _, element, _, _ in sorted(noted, key=lambda n: n[0])]
    for element in ordered:
        element["P"] = host.reference
    host["K"][at:at] = [element.reference for element in ordered]

    def empty(element) -> bool:  # no content, no annotation, nothing below but empty elements
        kids = [objects.get(k, k) if isinstance(k, bytes) else k for k in element["K"]]
        element["K"] = pydyf.Array(
            k.reference if isinstance(k, pydyf.Dictionary) else k
            for k in kids
            if not (isinstance(k, pydyf.Dictionary) and "S" in k and empty(k))
        )
        return not element["K"]

    document["K"] = pydyf.Array(ref for ref in document["K"] if not empty(objects[ref]))


weasy_draw.draw_stacking_context = _draw_margin_boxes_as_artifacts
weasy_tags._build_box_tree = _tree_without_margin_boxes


BLEED_PT = 3 * 72 / 25.4  # the print-shop bleed: 3 mm


def _exact_bleed_box(document, pdf) -> None:
    """WeasyPrint puts the BleedBox up to 10 pt outside the trim; the print shop wants 3 mm."""
    for number in pdf.pages["Kids"][::3]:  # pydyf lists kids as: number, 0, "R"
        page = pdf.objects[number]
        trim = [float(v) for v in page["TrimBox"]]
        page["BleedBox"] = pydyf.Array([trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT])


def _reaches(objects, ref, target) -> bool:
    """Whether the structure element `ref` is `target` or has it below."""
    node = objects.get(ref) if isinstance(ref, bytes) else None
    if node is None or "S" not in node:
        return False
    return node is target or any(_reaches(objects, kid, target) for kid in node["K"])


def finish(document, pdf) -> None:
    _finish_tags(pdf)


def finish_bleed(document, pdf) -> None:
    _finish_tags(pdf)
    _exact_bleed_box(document, pdf)
