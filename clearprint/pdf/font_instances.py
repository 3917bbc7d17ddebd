"""WeasyPrint turns each variable font it embeds into a static one with fontTools' instancer,
for every PDF, after subsetting it (`Font.clean`, WeasyPrint 70): about 11 ms a font, a
sixth of a small handout's render, and the same work again for every PDF that uses the
same glyphs at the same weight (the editions of a handout, each rebuild in watch mode and
serve, the catalogue after the handouts).

`install()` gives WeasyPrint an instancer that keeps, per process, the bytes each instance
saves to, by the subset font's bytes, its tables (the font of a collection), the axis values and options, and the
SOURCE_DATE_EPOCH that fontTools stamps into the saved font (the renderer always sets it,
renderer.py); a later PDF with the same font gets the same bytes without instancing again.
Without SOURCE_DATE_EPOCH fontTools stamps the current time, so nothing is kept. The PDFs
are byte for byte the same as before (tests/test_font_instances.py)."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections import OrderedDict

from weasyprint.pdf import fonts as weasyprint_fonts

MAX_INSTANCES = 64  # fonts of a few tens of kB each; a handout uses two or three


class _Saved:
    """What WeasyPrint does with an instance: `save` it to a file; here, the kept bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def save(self, file) -> None:
        if hasattr(file, "write"):
            file.write(self.data)
        else:
            with open(file, "wb") as handle:
                handle.write(self.data)


class _Instances:
    def __init__(self, instantiate, size: int = MAX_INSTANCES) -> None:
        self.instantiate = instantiate  # fontTools' instantiateVariableFont
        self.size = size
        self.kept: OrderedDict[tuple, bytes] = OrderedDict()
        self.made = 0  # instances made by fontTools (tests read it)
        self._lock = threading.Lock()

    def __call__(self, varfont, axis_limits, *args, **options):
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        source = getattr(getattr(varfont, "reader", None), "file", None)
        if epoch is None or args or not isinstance(source, io.BytesIO) or not isinstance(axis_limits, dict):
            self.made += 1
            return self.instantiate(varfont, axis_limits, *args, **options)
        key = (
            hashlib.sha256(source.getvalue()).digest(),
            tuple((str(tag), entry.offset, entry.length) for tag, entry in varfont.reader.tables.items()),
            tuple(sorted(axis_limits.items())),
            tuple(sorted(options.items())),
            epoch,
        )
        with self._lock:
            data = self.kept.get(key)
            if data is not None:
                self.kept.move_to_end(key)
                return _Saved(data)
        self.made += 1
        instance = self.instantiate(varfont, axis_limits, **options)
        saved = io.BytesIO()
        instance.save(saved)
        data = saved.getvalue()
        with self._lock:
            self.kept[key] = data
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        return _Saved(data)


def install() -> _Instances:
    """Called by the renderer when imported; harmless when repeated. Returns the instancer."""
    current = weasyprint_fonts.instantiateVariableFont
    if not isinstance(current, _Instances):
        current = weasyprint_fonts.instantiateVariableFont = _Instances(current)
    return current
