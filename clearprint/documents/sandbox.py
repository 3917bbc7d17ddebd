"""What a clinic's template may do: read only real template files, no file paths, no
underscored attributes, no huge strings, lists or widths."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path, PurePath

import jinja2
import jinja2.filters
import jinja2.sandbox

from . import template_text
from .sourcemap import relative
from .template_source import template_source


class TemplateFiles(jinja2.FileSystemLoader):
    """Templates from one folder, and only real template files in it: a name that leads to a
    hidden file, out of the folder (through '..' or a link) or to anything but a `.j2` file is
    not found, so `{% include %}` can never print a project file or /etc/passwd."""

    def __init__(self, folder: Path, located_under: Path | None = None) -> None:
        super().__init__(folder)
        self.located_under = located_under  # the project root: mark the template's own words (template_text.py)

    def get_source(self, environment, template):
        folder = Path(self.searchpath[0]).resolve()
        path = (folder / template).resolve()
        parts = Path(template).parts
        if not path.is_relative_to(folder) or path.suffix != ".j2" or any(p.startswith(".") for p in parts):
            raise jinja2.TemplateNotFound(template)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        source, filename, uptodate = template_source(Path(self.searchpath[0]) / template)
        source = template_text.without_comments(source)  # an HTML comment reaches no output
        if self.located_under is not None:
            source = template_text.located(source, relative(Path(filename), self.located_under))
        return source, filename, uptodate


class Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, also without file paths (their methods read and write files), and
    without the ways to make a huge string or list (`'x' * 10**9`, `lipsum`): a template
    renders text from data, within RENDER_SECONDS."""

    intercepted_binops = frozenset(["*", "**"])
    MAX_ITEMS = 1_000_000

    PATH_PARTS = frozenset(["name", "stem", "suffix", "parent"])  # read-only; no method of a path

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, PurePath) and attr not in self.PATH_PARTS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    MAX_WIDTH = 10_000  # `center`, `ljust`, `format` widths: no printed line is wider

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str) and name in (
            "center",
            "ljust",
            "rjust",
            "zfill",
            "expandtabs",
        ):
            if any(isinstance(a, int) and a > __self.MAX_WIDTH for a in args):
                raise jinja2.sandbox.SecurityError(f"a width over {__self.MAX_WIDTH} is not allowed in templates")
        return super().call(__context, __obj, *args, **kwargs)

    def format_string(self, s, args, kwargs, format_func=None):
        for _, _, spec, _ in string.Formatter().parse(s):
            if spec and any(int(w) > self.MAX_WIDTH for w in re.findall(r"\d+", spec)):
                raise jinja2.sandbox.SecurityError(f"a width over {self.MAX_WIDTH} is not allowed in templates")
        return super().format_string(s, args, kwargs, format_func)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and right > 64:
            raise jinja2.sandbox.SecurityError("a power this large is not allowed in templates")
        if operator == "*":
            for sized, count in ((left, right), (right, left)):
                if (
                    isinstance(sized, (str, list, tuple))
                    and isinstance(count, int)
                    and len(sized) * count > self.MAX_ITEMS
                ):
                    raise jinja2.sandbox.SecurityError("a repeated text or list this long is not allowed in templates")
        return super().call_binop(context, operator, left, right)


def _narrow(filter_, name: str):
    """A Jinja filter with its width argument capped at Sandbox.MAX_WIDTH."""

    def narrowed(value, *args, **kwargs):
        width = kwargs.get(name, args[0] if args else 0)
        if isinstance(width, int) and width > Sandbox.MAX_WIDTH:
            raise jinja2.sandbox.SecurityError(f"a width over {Sandbox.MAX_WIDTH} is not allowed in templates")
        return filter_(value, *args, **kwargs)

    return narrowed


def _checked_format(value, *args, **kwargs):
    """`"%10000000s" | format(x)`: printf widths capped at Sandbox.MAX_WIDTH."""
    if any(int(w) > Sandbox.MAX_WIDTH for w in re.findall(r"%[-+ #0]*(\d+)", str(value))) or "%*" in str(value):
        raise jinja2.sandbox.SecurityError(f"a width over {Sandbox.MAX_WIDTH} is not allowed in templates")
    return jinja2.filters.do_format(value, *args, **kwargs)
