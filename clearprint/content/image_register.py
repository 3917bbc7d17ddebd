"""The image register: every image a handout, a clinic or a template prints is declared, as a
person reviewed it, in `images.yaml` beside it (an allowlist; OCR is only a cross-check).

    images:
      peel-depths.svg:
        sha256: 3f1c...        # the file as reviewed: any change to it needs a new review
        alt: Three layers of skin, each peel reaching one deeper
        words: ""              # every word the image shows, or "" when it shows none
        reviewer: Dr A. Example
        reviewed: 2026-11-02

The file's folder holds its register: `handouts/<id>/images/images.yaml` for a handout's
figures, `clinics/<slug>/images.yaml` for the logo. checks/image_register.py holds each
printed image to its entry; the renderer (pdf/fetcher.py) and the web edition's asset step
(documents/web.py) draw or publish no image whose content the register does not name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from ..models import Strict
from ..problems import ContentError, Problems
from ..safe_io import read_file
from . import yamlfile

NAME = "images.yaml"
MAX_IMAGE_BYTES = 20 * 1024 * 1024 + 1  # pdf/fetcher.py refuses larger images itself


class ImageEntry(Strict):
    """One reviewed image: its content, what it shows, and who looked at it when."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    alt: str = Field(min_length=3)
    words: str  # every word drawn in the image, "" when it shows none
    reviewer: str = Field(min_length=2)
    reviewed: dt.date

    @field_validator("reviewed")
    @classmethod
    def _not_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError(f"the review date {value} is in the future; write the day the image was looked at")
        return value


class Register(Strict):
    """`images.yaml`: the images of its folder, by file name."""

    images: dict[str, ImageEntry] = {}

    @field_validator("images")
    @classmethod
    def _plain_names(cls, value: dict[str, ImageEntry]) -> dict[str, ImageEntry]:
        for name in value:
            if "/" in name or "\\" in name or name.startswith("."):
                raise ValueError(f"'{name}' is not a file name in this folder; register each image beside it")
        return value


@dataclass(frozen=True)
class Declared:
    """An image's entry and where it is written."""

    entry: ImageEntry
    register: Path
    line: int  # the entry's first line
    lines: dict  # key -> line, for `sha256`, `words`


def digest(path: Path) -> str:
    return hashlib.sha256(read_file(path, MAX_IMAGE_BYTES)).hexdigest()


def register_path(image: Path) -> Path:
    return image.parent / NAME


def load(image: Path, root: Path) -> Declared | None:
    """The entry of `image` (None when its register has none or there is no register);
    ContentError, located, when the register itself is broken."""
    path = register_path(image)
    if not path.is_file():
        return None
    register, lines = yamlfile.load(path, Register, root)
    entry = register.images.get(image.name)
    if entry is None:
        return None
    key = ("images", image.name)
    return Declared(
        entry, path, lines.get(key, 1), {k: lines.get((*key, k), lines.get(key, 1)) for k in ImageEntry.model_fields}
    )


def snippet(image: Path, sha256: str, alt: str = "") -> str:
    """The entry to paste under `images:`, with the file's hash filled in."""
    return (
        f"{image.name}: {{sha256: {sha256}, alt: {json.dumps(alt or 'what the image shows')}, "
        'words: "<every word it shows, or empty>", reviewer: <name>, reviewed: <YYYY-MM-DD>}'
    )


def refusal(image: Path, root: Path) -> str | None:
    """Why the renderer or the web edition may not use `image` (a resolved file in the project),
    or None when its content is the one its register declares."""
    try:
        declared = load(image, root)
        sha256 = digest(image)
    except ContentError:
        return f"its image register {Problems(root).rel(register_path(image))} has errors; fix them first"
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    where = Problems(root).rel(register_path(image))
    if declared is None:
        return f"it is not declared in {where}; add: {snippet(image, sha256)}"
    if declared.entry.sha256 != sha256:
        return f"it changed after review (its sha256 is now {sha256}, not the one in {where}); review it again"
    return None


def entry_text(image: Path) -> str:
    """The entry of `image` to paste under `images:` in its register, its hash filled in."""
    return (
        f"  {image.name}:\n"
        f"    sha256: {digest(image)}\n"
        '    alt: "what the image shows"\n'
        '    words: ""  # every word the image shows, as drawn; "" when it shows none\n'
        "    reviewer: your name\n"
        f"    reviewed: {dt.date.today().isoformat()}\n"
    )


def new_register(image: Path, alt: str, reviewer: str, note: str = "") -> str:
    """A register holding one image (new-clinic's logo), as `reviewer` declared it today."""
    return (
        '# The image register: every image this folder prints, as a person reviewed it (README, "Images").\n'
        "# A changed file needs a new review (its sha256 no longer matches); `words:` is every word the\n"
        '# image shows ("" for none). python -m clearprint.content.image_register FILE prints an entry.\n'
        + (f"# {note}\n" if note else "")
        + "images:\n"
        f"  {image.name}:\n"
        f"    sha256: {digest(image)}\n"
        f"    alt: {json.dumps(alt, ensure_ascii=False)}\n"
        '    words: ""\n'
        f"    reviewer: {json.dumps(reviewer, ensure_ascii=False)}\n"
        f"    reviewed: {dt.date.today().isoformat()}\n"
    )


def main(argv: list[str]) -> int:
    """`python -m clearprint.content.image_register IMAGE...`: each image's register entry."""
    if not argv:
        print("usage: python -m clearprint.content.image_register IMAGE...  (prints the entries to paste)")
        return 2
    for name in argv:
        image = Path(name)
        try:
            print(f"# in {register_path(image)}, under `images:`\n{entry_text(image)}")
        except OSError as exc:
            print(f"{name}: cannot be read ({exc.strerror or exc})")
            return 1
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
