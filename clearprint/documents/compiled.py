"""Compiled templates kept for the life of the process (Jinja's bytecode cache, in memory).

Each build makes its own Jinja environment, so an edited template is always seen; without
this, every build (a `serve` rebuild on each save, a check of each file saved) parsed and
compiled every template again, about half the time of checking a small project. A template
is reused only while its file's name, path and text are the same (Jinja compares a checksum
of the source), and every environment that uses this cache is made by
`documents.templates.environment`, with the same settings, so the compiled code is the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import jinja2

MAX_TEMPLATES = 256  # a project has about twenty; a clinic may add a few of its own


class CompiledTemplates(jinja2.BytecodeCache):
    """The most recently used compiled templates, keyed by name and file (Jinja's key)."""

    def __init__(self, size: int = MAX_TEMPLATES) -> None:
        self._size = size
        self._code: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
            if code is not None:
                self._code.move_to_end(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # checks the source's checksum; a changed file recompiles

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            self._code[bucket.key] = code
            self._code.move_to_end(bucket.key)
            while len(self._code) > self._size:
                self._code.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._code.clear()


COMPILED = CompiledTemplates()
