"""tinyhtml5 (the HTML parser WeasyPrint uses, and the markup checks with it) keeps a cache
of the regular expressions its tokenizer scans text with, but stores each one under the
compiled expression instead of the characters it was asked for, so every lookup misses and
the expression is built again: about half of a page's parse time (2.1.0). `install()` gives
the cache a `__missing__` that builds the same expression, once per set of characters, and
keeps it under the key the tokenizer looks up. The expressions, and so every parse, are the
same as before."""

from __future__ import annotations

import re

from tinyhtml5 import inputstream


class _Expressions(dict):
    def __missing__(self, key: tuple) -> re.Pattern[str]:
        characters, opposite = key
        regex = "".join([f"\\x{ord(character):02x}" for character in characters])  # as chars_until makes it
        if not opposite:
            regex = f"^{regex}"
        compiled = self[key] = re.compile(f"[{regex}]+")
        return compiled


def install() -> None:
    """Called by the modules that parse pages (print_markup, web_markup) when imported;
    harmless when repeated."""
    if not isinstance(inputstream.characters_until_regex, _Expressions):
        inputstream.characters_until_regex = _Expressions()
