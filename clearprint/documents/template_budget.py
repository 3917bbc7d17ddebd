"""What one template render may spend, so a clinic template fails in about a second, naming its
file and line, instead of keeping the build busy: loops of `range(100000)` inside each other,
a string repeated 10^10 times or a macro that calls itself are all refused or stopped.

- `range` makes at most MAX_RANGE numbers, and every number any `range` of the render gives
  counts against MAX_STEPS (nested loops multiply: 10^4 x 10^4 stops after 10^6 steps);
- the sandbox refuses huge repeats and widths (html.Sandbox), the output is capped and the
  render has a time limit checked while it runs (html.render_template);
- where a render stopped is read from the template's own frames (`stopped_at`), so the error
  names the clinic's template and its line, not the project template it extends.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

import jinja2.sandbox

MAX_RANGE = 10_000  # no template of Clearprint uses range at all
MAX_STEPS = 1_000_000  # numbers given by every `range` of one render together

_spent: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("template_steps", default=None)


class TooMuchWork(jinja2.sandbox.SecurityError):
    """The render used up its MAX_STEPS."""


class BudgetedRange:
    """A range whose numbers are counted against the render's MAX_STEPS as a loop takes them."""

    def __init__(self, numbers: range) -> None:
        self._numbers = numbers

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, index):
        return self._numbers[index]

    def __contains__(self, value) -> bool:
        return value in self._numbers

    def __iter__(self) -> Iterator[int]:
        spent = _spent.get()
        for number in self._numbers:
            if spent is not None:
                spent[0] += 1
                if spent[0] > MAX_STEPS:
                    raise TooMuchWork(
                        f"the template's loops ran more than {MAX_STEPS:,} times; look for loops inside loops"
                    )
            yield number


def budgeted_range(*args: int) -> BudgetedRange:
    """Jinja's `range`, with at most MAX_RANGE numbers, each counted as a loop takes it."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise jinja2.sandbox.SecurityError(f"a range of more than {MAX_RANGE:,} numbers is not allowed in templates")
    return BudgetedRange(numbers)


@contextmanager
def budget() -> Iterator[None]:
    """One render's MAX_STEPS."""
    token = _spent.set([0])
    try:
        yield
    finally:
        _spent.reset(token)


def stopped_at(tb: TracebackType | None = None, generator=None) -> tuple[str, int] | None:
    """(template file, line) where a render stopped: the innermost frame of a compiled template,
    from an exception's traceback or a paused render's generators (Jinja's `generate`)."""
    frames: list[tuple[FrameType, int]] = []
    while tb is not None:
        frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    while generator is not None:
        frame = getattr(generator, "gi_frame", None)
        if frame is not None:
            frames.append((frame, frame.f_lineno))
        generator = getattr(generator, "gi_yieldfrom", None)
    for frame, line in reversed(frames):
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            return template.filename, template.get_corresponding_lineno(line)
        if frame.f_code.co_filename.endswith(".j2"):  # a frame Jinja rewrote: the template's own line
            return frame.f_code.co_filename, line
    return None


_STOPPED: dict[tuple, object] = {}  # (template, its files as they are) -> the error it stopped with


def fingerprint(env: jinja2.Environment, name: str) -> tuple:
    """A template name and every template file the environment may load, as they are now (path,
    size, time of change): a render stopped by its limits fails at once while this is the same,
    in this build and the next (the checks and the renderer each render the page)."""
    loader = env.loader
    folders = [f for each in getattr(loader, "loaders", [loader]) for f in getattr(each, "searchpath", [])]
    files = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.j2")):
            try:
                info = path.stat()
            except OSError:
                continue
            files.append((str(path), info.st_size, info.st_mtime_ns))
    return (id(type(env)), name, tuple(files))


def any_stopped() -> bool:
    """Whether a render was stopped by its limits (only then is a fingerprint needed before a render)."""
    return bool(_STOPPED)


def stopped_before(key: tuple):
    return _STOPPED.get(key)


def remember(key: tuple, error) -> None:
    if len(_STOPPED) > 64:
        _STOPPED.clear()
    _STOPPED[key] = error
