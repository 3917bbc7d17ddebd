"""How big the values a clinic template makes may be, and how much one render may make in all.

A template can only make a big value by an operation: `+`, `*`, `**`, `%`, `~`, a filter, a
method, a slice, a captured block or a macro. Each of them is measured *before* it runs, from
its inputs (`'x' * n` is `len('x') * n`, a join the sum of its parts, a replace the number of
matches times the growth), and refused when the result would be over its limit:

- MAX_CHARS: one text (or the printed form of a list) of at most a million characters;
- MAX_ITEMS: one list of at most a million items;
- MAX_INT_BITS: one whole number of at most 4096 bits (10**1233), as `**` and `*` on numbers
  would otherwise keep a core busy for hours inside one operation no time limit can stop;
- MAX_BUILT: everything the render makes together, at most 20 million characters, so a template
  cannot keep ten thousand texts of a million characters under different names either.

A render of the samples makes at most 0.13 million characters in all (measured: 153 renders).
The memory ceiling (template_memory.py) backs this up for anything not counted here.
"""

from __future__ import annotations

import contextvars
import re
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import jinja2.exceptions
import jinja2.sandbox
from jinja2.utils import Namespace

MAX_CHARS = 1_000_000
MAX_ITEMS = 1_000_000
MAX_INT_BITS = 4096
MAX_BUILT = 20_000_000

_built: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("template_built", default=None)


class TemplateLimit(jinja2.sandbox.SecurityError):
    """An operation a template may not do, with the whole message (what, and what to do)."""


def too_long(what: str) -> TemplateLimit:
    return TemplateLimit(
        f"{what} would be more than {MAX_CHARS:,} characters long; templates may not build "
        "texts this long: print the parts instead, or make them shorter"
    )


@contextmanager
def accounting() -> Iterator[None]:
    """One render's MAX_BUILT."""
    token = _built.set([0])
    try:
        yield
    finally:
        _built.reset(token)


def charge(size: int) -> None:
    """Count `size` characters against the render's MAX_BUILT."""
    built = _built.get()
    if built is None:
        return
    built[0] += size
    if built[0] > MAX_BUILT:
        raise TemplateLimit(
            f"the template builds more than {MAX_BUILT:,} characters in all; templates may not "
            "build this much: look for a loop that joins or repeats text"
        )


_CONTAINERS = (list, tuple, set, frozenset, dict)


def printed(value, limit: int = MAX_CHARS) -> int:
    """About how many characters `str(value)` has, counted without making it (an object of
    Clearprint's is asked for its text); counting stops as soon as it is over `limit`, so a list
    holding one list a million times is not walked through, and a namespace holding itself
    counts as too long. Texts inside a list count ten times (repr escapes a character into up
    to ten)."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, (*_CONTAINERS, Namespace)):
        return _scalar(value, str)
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, Namespace):  # printed as <Namespace {...}>
            item = item._Namespace__attrs  # type: ignore[attr-defined]
        if isinstance(item, str):
            total += 10 * len(item) + 2
        elif isinstance(item, _CONTAINERS):
            total += 2 + 2 * len(item)
            stack.extend(item.items() if isinstance(item, Mapping) else item)
        else:
            total += _scalar(item, repr)
    return total


def _scalar(value, text) -> int:
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2  # decimal digits, rounded up
    if isinstance(value, float):
        return 24
    try:  # an object of Clearprint's or Jinja's: its text is bounded by the files it came from
        return len(text(value))
    except jinja2.exceptions.UndefinedError:
        raise  # what printing it would say
    except Exception:  # noqa: BLE001 (printing it fails as well: it makes nothing)
        return 64


def items(value) -> int:
    return len(value) if isinstance(value, _CONTAINERS) else 0


def check_text(size: int, what: str) -> None:
    if size > MAX_CHARS:
        raise too_long(what)
    charge(size)


def check_items(count: int, what: str) -> None:
    if count > MAX_ITEMS:
        raise TemplateLimit(f"{what} would have more than {MAX_ITEMS:,} items; templates may not build lists this long")
    charge(count)


def check_int(bits: int, what: str) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimit(f"{what} would be a number over 10**1233; templates may not compute numbers this big")


def check_result(value, what: str):
    """A value an operation made (that cannot grow more than a few times its inputs): counted."""
    if isinstance(value, str):
        check_text(len(value), what)
    elif isinstance(value, _CONTAINERS):
        check_items(len(value), what)
    elif isinstance(value, int) and not isinstance(value, bool):
        check_int(value.bit_length(), what)
    return value


def percent_size(template: str, args) -> int:
    """An upper bound on `template % args`: each `%` field prints at most the largest argument,
    or its width or precision (each at most MAX_WIDTH; a width taken from the arguments, `%*d`,
    is refused)."""
    specs = _PERCENT.findall(template)
    if any("*" in spec for spec in specs) or any(
        int(n) > MAX_WIDTH for spec in specs for n in re.findall(r"\d+", spec)
    ):
        raise TemplateLimit(f"a width over {MAX_WIDTH} is not allowed in templates")
    values = args.values() if isinstance(args, Mapping) else args if isinstance(args, tuple) else (args,)
    widest = max((printed(v) for v in values), default=0)
    return len(template) + len(specs) * max(widest, MAX_WIDTH)


MAX_WIDTH = 10_000  # Sandbox.MAX_WIDTH: no printed line is wider
_PERCENT = re.compile(r"%(?:\([^)]*\))?([-+ #0*]*[\d*]*(?:\.[\d*]*)?)")


def format_size(template: str, args, kwargs) -> int:
    """An upper bound on `template.format(*args, **kwargs)` (widths as for percent_size; a
    width taken from the arguments, `{:{w}}`, is refused)."""
    try:
        specs = [spec or "" for _, _, spec, _ in string.Formatter().parse(template)]
    except ValueError:
        specs = []  # str.format will say what is wrong with it
    if any("{" in spec for spec in specs) or any(
        int(n) > MAX_WIDTH for spec in specs for n in re.findall(r"\d+", spec)
    ):
        raise TemplateLimit(f"a width over {MAX_WIDTH} is not allowed in templates")
    values = list(args) + list(kwargs.values())
    widest = max((printed(v) for v in values), default=0)
    return len(template) + template.count("{") * max(widest, MAX_WIDTH)


def join_size(parts, separator: str) -> tuple[list, int]:
    """The parts of a join as a list, and the join's length (stopping once over MAX_CHARS)."""
    parts = list(parts)
    check_items(len(parts), "the list to join")
    total = max(len(parts) - 1, 0) * len(separator)
    for part in parts:
        if total > MAX_CHARS:
            break
        total += printed(part, MAX_CHARS - total)
    return parts, total


def replace_size(text: str, old: str, new: str, count: int | None = None) -> int:
    """The length of `text.replace(old, new, count)`, without making it."""
    matches = len(text) + 1 if old == "" else text.count(old)
    if count is not None and count >= 0:
        matches = min(matches, count)
    return len(text) + matches * (len(new) - len(old))
