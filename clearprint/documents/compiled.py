"""Compiled templates kept for the life of the process (Jinja's bytecode cache, in memory).

Each build makes its own Jinja environment, so an edited template is always seen; without
this, every build (a `serve` rebuild on each save, a check of each file saved) parsed and
compiled every template again, about half the time of checking a small project. A template
is reused only while its name, its text and the environment's kind and settings are the same
(the key holds a hash of each; Jinja compares the text's checksum again), so the compiled code
is the same: a template compiled by the plain sandbox of the check report is never run by the
bounded sandbox of a clinic's templates, whose code counts what a template does.
The same template in another folder (a copy of the project, each clinic's copy of a shared
template) is compiled once: its code is given the file it was read from, which is where Jinja
finds a template's file (`Template.filename`, tracebacks) and so where errors point.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from types import CodeType

import jinja2

# What a Jinja environment compiles a template with, besides its class, code generator and
# extensions: its syntax and whitespace options (Jinja's own lexer cache is keyed by these),
# autoescaping (constant text is escaped as it is compiled) and the final filter.
_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "finalize",
    "is_async",
)
MAX_TEMPLATES = 256  # a project has about twenty; a clinic may add a few of its own


class CompiledTemplates(jinja2.BytecodeCache):
    """The most recently used compiled templates, keyed by environment, name and text."""

    def __init__(self, size: int = MAX_TEMPLATES) -> None:
        self._size = size
        self._code: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str):
        kind = (type(environment), environment.code_generator_class, sorted(environment.extensions))
        kind += tuple(getattr(environment, setting) for setting in _SETTINGS)
        key = hashlib.sha256(f"{kind!r}\0{name}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        if bucket.code is not None and bucket.code.co_filename != (filename or "<template>"):
            bucket.code = _refiled(bucket.code, filename or "<template>")
        return bucket

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


def _refiled(code: CodeType, filename: str) -> CodeType:
    """`code` (and the functions compiled inside it) as if compiled from `filename`."""
    consts = tuple(_refiled(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
