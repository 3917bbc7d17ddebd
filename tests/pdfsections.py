"""The text a reader gets from a PDF, section by section, in the order of its tag tree: for
comparing the web edition's text with the PDF's (tests/test_web.py)."""

from __future__ import annotations

import ctypes
import re
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def normalise(text: str) -> str:
    """Whitespace as one space; a word broken after its own hyphen at the end of a PDF line
    ("skin-" / "lightening") joined again."""
    return re.sub(r"(?<=\w-) (?=\w)", "", re.sub(r"\s+", " ", text).strip())


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


Piece = tuple[str, tuple[float, float, float, float]]  # text, (left, bottom, right, top)


def marked_text(pdf_path: Path) -> dict[tuple[int, int], list[Piece]]:
    """(page index, MCID) -> the text objects drawn in that marked-content sequence (pdfium)."""
    texts: dict[tuple[int, int], list[Piece]] = defaultdict(list)
    pdf = pdfium.PdfDocument(pdf_path)
    for index, page in enumerate(pdf):
        textpage = page.get_textpage()
        for obj in page.get_objects(max_depth=8):
            if obj.type != pdfium_raw.FPDF_PAGEOBJ_TEXT:
                continue
            mcid = pdfium_raw.FPDFPageObj_GetMarkedContentID(obj.raw)
            size = pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * (size // 2 + 1))()
            pdfium_raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
            text = bytes(buffer).decode("utf-16-le").rstrip("\x00")
            texts[(index, mcid)].append((text, tuple(obj.get_bounds())))
    pdf.close()
    return texts


def join(pieces: list[Piece]) -> str:
    """Text objects as a reader sees them: a space between lines, nothing between objects on
    the same line (WeasyPrint draws the spaces of a line inside its text objects, so a link
    or a bold word next to a bracket is not split from it)."""
    out, previous = "", None
    for text, (left, bottom, right, top) in pieces:
        if previous is not None:
            overlap = min(top, previous[3]) - max(bottom, previous[1])
            same_line = overlap > 0.5 * min(top - bottom, previous[3] - previous[1]) and left >= previous[2] - 1
            out += "" if same_line else " "
        out += text
        previous = (left, bottom, right, top)
    return out


def pdf_sections(pdf_path: Path) -> dict[str, str]:
    """Section title -> text, in the order of the PDF's tag tree: each /Sect that holds no
    other /Sect is a section, or its continuation in the next column or page when it does
    not start with an /H2 (WeasyPrint splits a section where the column breaks)."""
    reader = PdfReader(pdf_path)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    texts = marked_text(pdf_path)

    def content(node, page) -> list[Piece]:
        """The text of every piece of marked content under node, in order; list labels
        (/Lbl: bullets and numbers, drawn by the stylesheet in both editions) left out."""
        node = _resolve(node)
        found = []
        if isinstance(node, ArrayObject):
            for item in node:
                found += content(item, page)
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = pages.get(node.raw_get("/Pg").idnum, page)
            if "/MCID" in node and "/S" not in node:
                found += texts.get((page, int(node["/MCID"])), [])
            elif "/K" in node and node.get("/S") != "/Lbl":
                found += content(node["/K"], page)
        elif isinstance(node, int) and page is not None:
            found += texts.get((page, int(node)), [])
        return found

    def leaf_sects(node, page=None):
        node = _resolve(node)
        if isinstance(node, ArrayObject):
            for item in node:
                yield from leaf_sects(item, page)
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = pages.get(node.raw_get("/Pg").idnum, page)
            kids = node.get("/K")
            if node.get("/S") == "/Sect" and not any(True for _ in leaf_sects(kids, page) if kids is not None):
                yield node, page
            elif kids is not None:
                yield from leaf_sects(kids, page)

    sections: dict[str, str] = {}
    title = None
    root = _resolve(reader.trailer["/Root"])["/StructTreeRoot"]
    for sect, page in leaf_sects(root):
        kids = [
            _resolve(k)
            for k in (_resolve(sect["/K"]) if isinstance(_resolve(sect["/K"]), ArrayObject) else [sect["/K"]])
        ]
        first = kids[0] if kids else None
        if isinstance(first, DictionaryObject) and first.get("/S") == "/H2":
            title = normalise(join(content(first, page)))
            sections[title] = ""
        if title is not None:
            sections[title] += " " + join(content(sect, page))
    return {name: normalise(text) for name, text in sections.items()}
