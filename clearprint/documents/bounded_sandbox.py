"""The sandbox clinic templates render in, with every way to make a big value measured first
(template_sizes.py): operators, `~`, methods of texts, lists and mappings (a named list; any other
is refused), slices, captured blocks, macros, imports and what `{{ }}` prints. Macros and
recursive loops go at most MAX_NESTING deep.

Each refusal is a TemplateLimit, reported as `template:line: error: <what>; <what to do>`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import types

import jinja2
import jinja2.compiler
import jinja2.runtime
from jinja2.compiler import optimizeconst

from . import template_sizes as sizes
from .sandbox import Sandbox

MAX_NESTING = 20  # macros calling macros, or a recursive loop; Clearprint's own go 3 deep

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("template_depth", default=0)

# The methods a template may call on the values it can make. Others (`encode`, `translate`,
# `maketrans`, `copy`, ...) are refused; the mutating ones the sandbox refuses already.
TEXT_METHODS = frozenset(
    """capitalize casefold center count endswith expandtabs find format format_map index isalnum
    isalpha isdecimal isdigit islower isnumeric isspace istitle isupper join ljust lower lstrip
    partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split
    splitlines startswith strip striptags swapcase title unescape upper zfill""".split()
)
LIST_METHODS = frozenset(["count", "index"])
MAPPING_METHODS = frozenset(["get", "items", "keys", "values"])
METHODS: dict[type, frozenset[str]] = {
    str: TEXT_METHODS,
    list: LIST_METHODS,
    tuple: LIST_METHODS,
    dict: MAPPING_METHODS,
    int: frozenset(),
    float: frozenset(),
}


def _kind(value) -> type | None:
    for kind in METHODS:
        if isinstance(value, kind) and not isinstance(value, bool):
            return kind
    return None


class BoundedBuffer(list):
    """What a macro, a captured `{% set %}` block, `{% filter %}` or an import writes: counted
    as it is written, and at most MAX_CHARS."""

    size = 0

    def append(self, part) -> None:
        self._count(len(part))
        super().append(part)

    def extend(self, parts) -> None:
        parts = tuple(parts)
        self._count(sum(len(p) for p in parts))
        super().extend(parts)

    def _count(self, size: int) -> None:
        self.size += size
        if self.size > sizes.MAX_CHARS:
            raise sizes.too_long("the text this block or macro writes")
        sizes.charge(size)


class BoundedCodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code, with `~` and the buffers of blocks and macros measured."""

    def buffer(self, frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.new_buffer()")

    @optimizeconst
    def visit_Concat(self, node, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.checked_join({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedTemplate(jinja2.Template):
    """An imported template's body is written into a BoundedBuffer."""

    def make_module(self, vars=None, shared=False, locals=None):  # noqa: A002 (Jinja's names)
        context = self.new_context(vars, shared, locals)
        body = BoundedBuffer()
        for part in self.root_render_func(context):
            body.append(part)
        return jinja2.environment.TemplateModule(self, context, body)


class BoundedSandbox(Sandbox):
    """Sandbox (sandbox.py) with every operation that makes a value measured before it runs."""

    code_generator_class = BoundedCodeGenerator
    template_class = BoundedTemplate
    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("finalize", _printable)
        super().__init__(*args, **kwargs)

    @staticmethod
    def new_buffer() -> BoundedBuffer:
        return BoundedBuffer()

    @staticmethod
    def concat(parts) -> str:
        if isinstance(parts, BoundedBuffer):
            sizes.charge(parts.size)
            return "".join(parts)
        counted, size, limit = [], 0, sizes.MAX_CHARS
        for part in parts:  # a block's parts, as its generator makes them: measured one by one
            size += len(part)
            if size > limit:
                raise sizes.too_long("the text this block writes")
            counted.append(part)
        sizes.charge(size)
        return "".join(counted)

    @staticmethod
    def checked_join(join, parts):
        total = 0
        for part in parts:
            total += sizes.printed(part, sizes.MAX_CHARS - total)
            if total > sizes.MAX_CHARS:
                raise sizes.too_long("the text joined with '~'")
        sizes.charge(total)
        return join(parts)

    def call_binop(self, context, operator, left, right):
        what = f"the result of '{operator}'"
        if operator == "+" and isinstance(left, str) and isinstance(right, str):
            sizes.check_text(len(left) + len(right), "the text joined with '+'")
        elif operator == "+" and isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
            sizes.check_items(len(left) + len(right), "the list joined with '+'")
        elif operator == "*" and _is_int(left) and _is_int(right):
            sizes.check_int(left.bit_length() + right.bit_length(), what)
        elif operator == "**" and _is_int(left) and _is_int(right) and right > 0:
            sizes.check_int(max(left.bit_length() - 1, 1) * right, what)
        elif operator == "%" and isinstance(left, str):
            sizes.check_text(sizes.percent_size(left, right), "the text made with '%'")
        result = super().call_binop(context, operator, left, right)  # '*' of texts and lists: Sandbox
        return sizes.check_result(result, what)

    def getitem(self, obj, argument):
        value = super().getitem(obj, argument)
        if isinstance(argument, slice):
            sizes.check_result(value, "the slice")
        return value

    def wrap_str_format(self, value):
        sandboxed = super().wrap_str_format(value)
        if sandboxed is None:
            return None
        template = value.__self__

        def checked(*args, **kwargs):
            values = (args[0], {}) if value.__name__ == "format_map" and args else (args, kwargs)
            sizes.check_text(sizes.format_size(template, *_as_args(values)), "the text made with 'format'")
            return sandboxed(*args, **kwargs)

        checked.__name__ = value.__name__
        return checked

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        owner = getattr(__obj, "__self__", None)
        kind = _kind(owner) if isinstance(__obj, (types.BuiltinMethodType, types.MethodType)) else None
        if kind is not None:
            name = __obj.__name__
            if name not in METHODS[kind]:
                raise sizes.TemplateLimit(
                    f"the method '{name}' of a {kind.__name__} is not available in templates; "
                    "use a filter instead, or remove it"
                )
            _before_method(owner, name, args, kwargs)
            result = super().call(__context, __obj, *args, **kwargs)
            return sizes.check_result(result, f"the result of '.{name}()'")
        if isinstance(__obj, (jinja2.runtime.Macro, jinja2.runtime.LoopContext)):
            depth = _depth.get() + 1
            if depth > MAX_NESTING:
                raise sizes.TemplateLimit(
                    f"the template calls a macro inside itself (or a recursive loop) more than "
                    f"{MAX_NESTING} deep; remove the call or nest less"
                )
            token = _depth.set(depth)
            try:
                return super().call(__context, __obj, *args, **kwargs)
            finally:
                _depth.reset(token)
        return sizes.check_result(super().call(__context, __obj, *args, **kwargs), "the result of the call")


def _as_args(values):
    args, kwargs = values
    if isinstance(args, dict):
        return (), args
    return args, kwargs


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _before_method(text, name: str, args, kwargs) -> None:
    """A method of a text that can grow it without limit, measured before it runs (`center`,
    `ljust`, `rjust` and `zfill` have their width capped by Sandbox.call)."""
    if name == "join" and args:
        parts, total = sizes.join_size(args[0], text)
        if total > sizes.MAX_CHARS:
            raise sizes.too_long("the text made with '.join()'")
    elif name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else None
        sizes.check_text(sizes.replace_size(text, args[0], args[1], count), "the text made with '.replace()'")
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(tab, int):
            sizes.check_text(len(text) + text.count("\t") * max(tab, 0), "the text made with '.expandtabs()'")


def _printable(value):
    """What `{{ value }}` may print: text, a number or a date. None ("None" on the page: round-23
    attack, case 17) and anything else (`{{ clinic }}` printed the settings' Python form,
    printers and all; a list its brackets and quotes) are template errors at their line."""
    if isinstance(value, str | int | float | dt.date | jinja2.Undefined):
        return value
    if value is None:
        raise jinja2.TemplateRuntimeError(
            "the template prints a value that is not set (it would print 'None'); print it inside {% if ... %}"
        )
    raise jinja2.TemplateRuntimeError(
        f"the template prints a whole {type(value).__name__} (its Python form, not text); "
        "print one of its values, e.g. {{ clinic.name }}, or join a list's: {{ clinic.address | join(', ') }}"
    )
