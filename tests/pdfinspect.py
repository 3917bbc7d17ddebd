"""What is inside a PDF, read with pypdf: tags, fonts, outline, metadata."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def struct_tags(reader: PdfReader) -> Counter[str]:
    """Count of structure element types (H1, H2, P, L, LI, Figure, ...) in the tag tree."""
    counts: Counter[str] = Counter()
    root = _resolve(reader.trailer["/Root"]).get("/StructTreeRoot")
    stack = [_resolve(root)] if root is not None else []
    while stack:
        node = _resolve(stack.pop())
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                counts[str(node["/S"]).lstrip("/")] += 1
            if "/K" in node:
                stack.append(node["/K"])
    return counts


def figure_alts(reader: PdfReader) -> list[str]:
    alts = []
    root = _resolve(reader.trailer["/Root"]).get("/StructTreeRoot")
    stack = [_resolve(root)] if root is not None else []
    while stack:
        node = _resolve(stack.pop())
        if isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                stack.append(node["/K"])
    return alts


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
