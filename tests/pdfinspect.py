"""What is inside a PDF, read with pypdf: tags, fonts, outline, metadata."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def struct_elements(reader: PdfReader):
    """Every structure element (a dictionary with /S) in the tag tree."""
    root = _resolve(reader.trailer["/Root"]).get("/StructTreeRoot")
    stack = [_resolve(root)] if root is not None else []
    while stack:
        node = _resolve(stack.pop())
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                yield node
            if "/K" in node:
                stack.append(node["/K"])


def struct_tags(reader: PdfReader) -> Counter[str]:
    """Count of structure element types (H1, H2, P, L, LI, Figure, ...) in the tag tree."""
    return Counter(str(node["/S"]).lstrip("/") for node in struct_elements(reader))


def figure_alts(reader: PdfReader) -> list[str]:
    return [str(node.get("/Alt", "")) for node in struct_elements(reader) if node.get("/S") == "/Figure"]


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name -> whether the font program is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = _resolve(page.get("/Resources", {}))
        for font in _resolve(resources.get("/Font", {})).values():
            font = _resolve(font)
            descendants = font.get("/DescendantFonts")
            described = _resolve(_resolve(descendants)[0]) if descendants else font
            descriptor = _resolve(described.get("/FontDescriptor", {}))
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    return found


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def marked_content_ids(reader: PdfReader, page: int) -> set[int]:
    import re

    return {int(x) for x in re.findall(rb"/MCID (\d+)", reader.pages[page].get_contents().get_data())}


def struct_mcids(reader: PdfReader) -> set[tuple[int, int]]:
    """(page index, MCID) of every marked-content id the structure tree reaches."""
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    found: set[tuple[int, int]] = set()
    root = _resolve(reader.trailer["/Root"]).get("/StructTreeRoot")
    stack = [(_resolve(root), None)]
    while stack:
        node, page = stack.pop()
        node = _resolve(node)
        if isinstance(node, ArrayObject):
            stack.extend((item, page) for item in node)
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = pages.get(node.raw_get("/Pg").idnum, page)
            if "/K" in node:
                stack.append((node["/K"], page))
        elif isinstance(node, int) and page is not None:
            found.add((page, int(node)))
    return found


def chars(path: Path, page: int) -> list[tuple[str, float, float, float, float, float]]:
    """(char, left, bottom, right, top, font size) in points, for every visible character."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    textpage = pdf[page].get_textpage()
    result = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip():
            left, bottom, right, top = textpage.get_charbox(i)
            size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, i)
            result.append((char, left, bottom, right, top, size))
    return result


def render(path: Path, page: int = 0, dpi: float = 30, grayscale: bool = False):
    """A page as a PIL image (the trimmed page, not the bleed)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    return pdf[page].render(scale=dpi / 72, grayscale=grayscale).to_pil()
