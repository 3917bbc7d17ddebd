"""What reading the text in the samples' images costs (checks/image_text.py, issue 19 round 4).

Runs the image-text check on every sample output: with an empty cache (a first build: every
image drawn and read by Tesseract, at once), with the cache a first build leaves under out/
(a rebuild after a handout's text changed: nothing read again), in one process that already
read them, and image by image with an empty cache (as `build.py check` reads them). Prints, for each, the CPU time of the OCR processes (the renderer's SVG
step, pdftoppm and tesseract), this process's own CPU time and the wall time.

    .venv/bin/python benchmarks/ocr_cost.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from clearprint.checks.image_text import ImageText, images
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.incremental.ocr_cache import OcrCache
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


def run(text: ImageText, outputs, report: Problems, prefetch: bool) -> tuple[float, float, float, int]:
    before, wall = os.times(), time.perf_counter()
    if prefetch:
        text.prefetch(outputs)  # as a build does: every image no reading is kept for, at once
    found = sum(len(text.findings(o, report)) for o in outputs)
    after = os.times()
    children = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    own = (after.user - before.user) + (after.system - before.system)
    return children, own, time.perf_counter() - wall, found


def main() -> None:
    report = Problems(ROOT)
    outputs = plan(load_project(ROOT, report), report)
    distinct = {image for o in outputs for image, _ in images(o)}
    print(f"outputs: {len(outputs)}; distinct images: {len(distinct)}")
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as other:
        cache = OcrCache(Path(out))
        first = ImageText(ROOT, cache)
        runs = (
            ("first build (no cache)", first, True),
            ("rebuild (cache under out/)", ImageText(ROOT, cache), True),
            ("same process (in memory)", first, True),
            ("check, image by image", ImageText(ROOT, OcrCache(Path(other))), False),
        )
        for name, text, prefetch in runs:
            children, own, wall, found = run(text, outputs, report, prefetch)
            print(f"{name:28} OCR processes {children:6.2f} s CPU, this process {own:5.2f} s CPU, "
                  f"{wall:6.2f} s wall, {found} findings")  # fmt: skip


if __name__ == "__main__":
    main()
