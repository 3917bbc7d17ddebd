"""The copies of an image OCR reads again when it reads no text in the image as it is.

Tesseract reads lines of upright letters. A claim set sideways or upside down (attack6 I04),
or drawn as separate dots (a dot-matrix sign, I05), reads as nothing, though a patient reads
it at a glance. So an image in which the upright reading finds no text is read again turned a
quarter, a half and three quarters, with its dark dots grown until they touch (a minimum
filter: dark pixels spread over white), and with faint grey made black. What any copy reads
is kept with the image's reading (image_text.py caches it by the image's hash), so each image
is read this way once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

MIN_CONFIDENCE = 50.0  # as checks/image_register.py: a word Tesseract is sure of
MIN_RUN = 3  # letters or digits in a row that count as text
STRONG_RUN, STRONG_CONFIDENCE = 5, 80.0  # one word alone that a variant's reading counts as text
_RUN = re.compile(r"[^\W_]+")


# Pillow is imported when an image is read, not with the checks: a check whose readings are all
# kept under out/ (incremental/ocr_cache.py) reads no image.
def _turn(degrees: int) -> Callable:
    def turn(image):
        from PIL import Image

        return image.transpose(
            {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}[degrees]
        )

    return turn


def _grow(times: int) -> Callable:
    def grow(image):
        from PIL import ImageFilter

        for _ in range(times):  # a 5 x 5 minimum twice is a 9 x 9 one, at a fifth of its cost
            image = image.filter(ImageFilter.MinFilter(5))
        return image

    return grow


FAINT = 235  # grey lighter than this is paper; darker, ink (light grey text on white: 205)


def _faint(image):
    """Every grey darker than paper made black, then grown a little: light grey words, which
    Tesseract reads as nothing, though a patient reads them ("NO PAIN GUARANTEED" in grey 205,
    tilted 7 degrees: round-20 attack, case 9)."""
    from PIL import ImageFilter

    return image.point(lambda v: 0 if v < FAINT else 255).filter(ImageFilter.MinFilter(3))


VARIANTS: list[tuple[str, Callable]] = [
    ("turn90", _turn(90)),
    ("turn180", _turn(180)),
    ("turn270", _turn(270)),
    ("grow5", _grow(1)),
    ("grow9", _grow(2)),
    ("faint", _faint),
]


def has_text(readings: list[tuple[str, float]]) -> bool:
    """Whether a reading holds a word OCR is sure of: a run of MIN_RUN letters or digits."""
    return any(len(run) >= MIN_RUN for word, sure in readings if sure >= MIN_CONFIDENCE for run in _RUN.findall(word))


def counts(readings: list[tuple[str, float]]) -> bool:
    """Whether a variant's reading is text, not the noise a turned or grown drawing reads as
    (the shipped drawings read as 'log', 'CAT', 'aod'): two sure runs of MIN_RUN letters or
    digits, or one of STRONG_RUN Tesseract is very sure of."""
    runs = [
        (run, sure) for word, sure in readings if sure >= MIN_CONFIDENCE for run in _RUN.findall(word)
        if len(run) >= MIN_RUN
    ]  # fmt: skip
    return len(runs) >= 2 or any(len(run) >= STRONG_RUN and sure >= STRONG_CONFIDENCE for run, sure in runs)


def paths(bitmap: Path, folder: Path) -> list[Path]:
    """Where `write` puts each variant of `bitmap`, in VARIANTS order."""
    return [folder / f"{bitmap.stem}-{name}.png" for name, _ in VARIANTS]


def write(bitmap: Path, folder: Path) -> list[Path]:
    """Each variant of the flattened `bitmap` as a PNG in `folder`, in VARIANTS order."""
    from PIL import Image

    made = paths(bitmap, folder)
    with Image.open(bitmap) as opened:
        image = opened.convert("L")
    for (_, make), target in zip(VARIANTS, made, strict=True):
        make(image).save(target, compress_level=1)  # read once, at once: speed over size
    return made


def main(argv: list[str]) -> int:
    """FOLDER BITMAP.png [BITMAP.png ...]: the variants of each bitmap, written in FOLDER, in
    a process of their own (image_text.py runs it with its time and memory limit), so the
    dilation's CPU time is not the build's main process's."""
    folder = Path(argv[0])
    for bitmap in argv[1:]:
        write(Path(bitmap), folder)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
