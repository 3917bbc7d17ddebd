"""The filters, tests and global names a template may use: a named list, each filter measured
(template_sizes.py). A filter or test not on the list is a located error when the template is
read; a global not on the list (`lipsum`) is an undefined name.

Left out on purpose: `tojson`, `pprint`, `xmlattr` and `urlize` (markup a clinic template has no
need of), `random` (a build would no longer print the same twice) and `lipsum`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import jinja2

from . import template_sizes as sizes

# Filters whose result is a text at most a few times its input (escaping, case, trimming):
# their input is measured as printed (a list becomes its text) and their result counted.
TEXT_FILTERS = frozenset(
    """capitalize center css_string e escape filesizeformat forceescape long_date lower safe
    string striptags title trim truncate upper urlencode whole_words wordcount""".split()
)
# Filters whose result is at most their input (an item of it, its length, a reordering):
# counted when they make a list.
LIST_FILTERS = frozenset(
    """abs attr count d default dictsort first float groupby int items last length list map max min
    reject rejectattr reverse round select selectattr sort unique""".split()
)
# Filters that can grow without limit, each measured before it runs (below).
MEASURED_FILTERS = frozenset(["batch", "format", "indent", "join", "replace", "slice", "sum", "wordwrap"])
FILTERS = TEXT_FILTERS | LIST_FILTERS | MEASURED_FILTERS

TESTS = frozenset(
    """defined undefined none boolean true false integer float number string mapping iterable
    sequence sameas escaped in lower upper odd even divisibleby eq equalto == ne != lt < le <= gt >
    ge >= lessthan greaterthan""".split()
)
GLOBALS = frozenset(["range", "dict", "namespace", "cycler", "joiner"])


def restrict(env: jinja2.Environment) -> None:
    """Keep only the listed filters, tests and globals of `env`, each filter measured."""
    env.filters = {name: _measured(name, env.filters[name]) for name in sorted(FILTERS) if name in env.filters}
    env.tests = {name: test for name, test in env.tests.items() if name in TESTS}
    env.globals = {name: value for name, value in env.globals.items() if name in GLOBALS}


_UNKNOWN = re.compile(r"No (filter|test) named '([^']+)'")


def not_available(message: str) -> str | None:
    """The error for Jinja's "No filter named 'x'", naming what may be used instead."""
    found = _UNKNOWN.search(message)
    if found is None:
        return None
    kind, name = found[1], found[2]
    allowed = sorted(FILTERS if kind == "filter" else (t for t in TESTS if t.isidentifier()))
    return f"the {kind} '{name}' is not available in templates; use one of: {', '.join(allowed)}"


def _measured(name: str, filter_: Callable) -> Callable:
    skip = 1 if getattr(filter_, "jinja_pass_arg", None) is not None else 0  # eval context or environment
    before = _BEFORE.get(name)
    text = name in TEXT_FILTERS
    what = f"the result of the filter '{name}'"

    @functools.wraps(filter_)
    def measured(*args, **kwargs):
        if len(args) > skip:
            value, rest = args[skip], args[skip + 1 :]
            if text and not isinstance(value, str) and sizes.printed(value) > sizes.MAX_CHARS:
                raise sizes.too_long(f"the text the filter '{name}' makes of a list")
            if before is not None:
                value, rest, kwargs = before(args[:skip], value, rest, kwargs)
            args = (*args[:skip], value, *rest)
        return sizes.check_result(filter_(*args, **kwargs), what)

    return measured


def _arg(rest: tuple, kwargs: dict, index: int, name: str, default=None):
    return rest[index] if len(rest) > index else kwargs.get(name, default)


def _join(context, value, rest, kwargs):
    """`join`: its parts taken (an attribute of each, if asked), measured, then joined."""
    separator = _arg(rest, kwargs, 0, "d", "")
    attribute = _arg(rest, kwargs, 1, "attribute")
    if value is None or isinstance(value, (int, float)) or not context:
        return value, rest, kwargs
    parts = list(value)
    if attribute is not None:
        getter = jinja2.filters.make_attrgetter(context[0].environment, attribute)
        parts = [getter(part) for part in parts]
    _, total = sizes.join_size(parts, str(separator))
    if total > sizes.MAX_CHARS:
        raise sizes.too_long("the text the filter 'join' makes")
    return parts, (separator,), {}


def _replace(context, value, rest, kwargs):
    old, new = _arg(rest, kwargs, 0, "old", ""), _arg(rest, kwargs, 1, "new", "")
    count = _arg(rest, kwargs, 2, "count")
    text = value if isinstance(value, str) else str(value)
    size = sizes.replace_size(text, str(old), str(new), count if isinstance(count, int) else None)
    sizes.check_text(size, "the text the filter 'replace' makes")
    return value, rest, kwargs


def _indent(context, value, rest, kwargs):
    width = _arg(rest, kwargs, 0, "width", 4)
    pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    text = str(value)
    sizes.check_text(len(text) + (text.count("\n") + 1) * max(pad, 0), "the text the filter 'indent' makes")
    return value, rest, kwargs


def _wordwrap(context, value, rest, kwargs):
    width = _arg(rest, kwargs, 0, "width", 79)
    wrap = _arg(rest, kwargs, 2, "wrapstring") or "\n"
    text = str(value)
    lines = len(text) // max(width if isinstance(width, int) else 1, 1) + text.count("\n") + 1
    sizes.check_text(len(text) + lines * len(str(wrap)), "the text the filter 'wordwrap' makes")
    return value, rest, kwargs


def _format(context, value, rest, kwargs):
    template = str(value)
    sizes.check_text(sizes.percent_size(template, kwargs or tuple(rest)), "the text the filter 'format' makes")
    return value, rest, kwargs


def _batch(context, value, rest, kwargs):
    count = _arg(rest, kwargs, 0, "linecount", 1)
    if isinstance(count, int):
        sizes.check_items(count, "a batch")
    return value, rest, kwargs


def _slice(context, value, rest, kwargs):
    count = _arg(rest, kwargs, 0, "slices", 1)
    if isinstance(count, int):
        sizes.check_items(count, "the slices")
    return value, rest, kwargs


def _sum(context, value, rest, kwargs):
    start = _arg(rest, kwargs, 1, "start", 0)
    if not isinstance(start, (int, float)):
        raise sizes.TemplateLimit("the filter 'sum' adds numbers only in templates; use 'join' for texts")
    return value, rest, kwargs


_BEFORE = {
    "batch": _batch,
    "format": _format,
    "indent": _indent,
    "join": _join,
    "replace": _replace,
    "slice": _slice,
    "sum": _sum,
    "wordwrap": _wordwrap,
}
