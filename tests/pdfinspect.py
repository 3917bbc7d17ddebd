"""What is inside a PDF, read with pypdf: tags, fonts, outline, metadata."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
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
    """The text of every page, read by pdfium: the words pypdf's extract_text gives, in a
    twentieth of its time (the suite reads hundreds of PDFs)."""
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document)
    finally:
        document.close()


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


# --- tagged content, read with pikepdf and pdfium (tests/test_print_layout.py) ---------------


def char_sizes(path: Path) -> list[tuple[int, str, float]]:
    """(page, char, font size in points as printed) of every visible character, page
    furniture included: the size set in the text times the scale of its matrix."""
    import ctypes

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    found = []
    for number in range(len(pdf)):
        textpage = pdf[number].get_textpage()
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if char.strip():
                matrix = pdfium.raw.FS_MATRIX()
                pdfium.raw.FPDFText_GetMatrix(textpage.raw, i, ctypes.byref(matrix))
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                found.append((number, char, pdfium.raw.FPDFText_GetFontSize(textpage.raw, i) * scale))
    return found


class Item:
    """A piece of marked content: its text, font size (pt) and box (pt, from the top left)."""

    def __init__(self, text: str, size: float, left: float, top: float, right: float, bottom: float) -> None:
        self.text, self.size, self.left, self.top, self.right, self.bottom = text, size, left, top, right, bottom


def marked_content(path: Path) -> tuple[dict[tuple[int, int], list[Item]], list[tuple[float, float]]]:
    """(page, MCID) -> the text objects drawn in that marked content, and each page's size."""
    import ctypes

    import pypdfium2 as pdfium

    raw = pdfium.raw
    pdf = pdfium.PdfDocument(path)
    found: dict[tuple[int, int], list[Item]] = {}
    sizes = []
    for number in range(len(pdf)):
        page = pdf[number]
        width, height = page.get_size()
        sizes.append((width, height))
        textpage = page.get_textpage()
        for i in range(raw.FPDFPage_CountObjects(page.raw)):
            obj = raw.FPDFPage_GetObject(page.raw, i)
            if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
                continue
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
            if mcid < 0:
                continue
            length = raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * (length // 2 + 1))()
            raw.FPDFTextObj_GetText(obj, textpage.raw, buffer, length)
            text = bytes(buffer)[: max(length - 2, 0)].decode("utf-16-le", errors="replace")
            size = ctypes.c_float()
            raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
            matrix = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
            item = Item(text, size.value * scale, left.value, height - top.value, right.value, height - bottom.value)
            found.setdefault((number, mcid), []).append(item)
    return found, sizes


class Element:
    """A structure element in reading order: its type, language, attributes, the elements
    below it and the marked content it holds directly."""

    def __init__(self, role: str, lang: str | None, attributes: dict, page: int | None) -> None:
        self.role, self.lang, self.attributes, self.page = role, lang, attributes, page
        self.children: list[Element] = []
        self.content: list[tuple[int, int]] = []  # (page, MCID)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def mcids(self) -> list[tuple[int, int]]:
        return [key for element in self.walk() for key in element.content]

    def items(self, content: dict[tuple[int, int], list[Item]]) -> list[Item]:
        return [item for key in self.mcids() for item in content.get(key, [])]

    def text(self, content: dict[tuple[int, int], list[Item]]) -> str:
        return " ".join(" ".join(item.text for item in self.items(content)).split())


def structure(path: Path) -> Element:
    """The tag tree read with pikepdf, in the order a screen reader reads it."""
    import pikepdf

    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

    def build(node, page) -> Element:
        if "/Pg" in node:
            page = pages.get(node.Pg.objgen, page)
        attributes = {}
        if "/A" in node and isinstance(node.A, pikepdf.Dictionary):
            attributes = {str(k): str(v) for k, v in node.A.items()}
        element = Element(str(node.get("/S", "")), str(node.Lang) if "/Lang" in node else None, attributes, page)
        if "/Alt" in node:
            element.attributes["/Alt"] = str(node.Alt)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int):
                element.content.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                element.children.append(build(kid, page))
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                kid_page = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                element.content.append((kid_page, int(kid.MCID)))
        return element

    return build(pdf.Root.StructTreeRoot, None)
