"""What OCR read in each image (checks/image_text.py), kept under out/ by the image's hash, so
a build reads an image again only when its content changes. One small text file per image;
a damaged or missing one is read again. The language check's word shares are kept the same
way beside it (WORDS), by the hash of the sentences they are for (checks/language_of_text.py)."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

FOLDER = ".clearprint-ocr"
WORDS = ".clearprint-words"
KEY = re.compile(r"[0-9a-f]{64}")


class OcrCache:
    def __init__(self, out: Path, folder: str = FOLDER) -> None:
        self.folder = out / folder

    def beside(self, folder: str) -> OcrCache:
        """The same kind of store (one that only reads stays so) in another folder of out/."""
        other = copy.copy(self)
        other.folder = self.folder.parent / folder
        return other

    def get(self, key: str) -> str | None:
        if not KEY.fullmatch(key):
            return None
        try:
            return (self.folder / f"{key}.txt").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, text: str) -> None:
        if not KEY.fullmatch(key):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f"{key}.{os.getpid()}.tmp"
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.folder / f"{key}.txt")
        except OSError:
            pass  # read again next time


class ReadingsOnly(OcrCache):
    """The build's readings under `out`, read but never added to: for the commands that must
    not write there (the aftercare sheet, review, approve) yet need not read again with OCR an
    image the last build read."""

    def put(self, key: str, text: str) -> None:
        pass
