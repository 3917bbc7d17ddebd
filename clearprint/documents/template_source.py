"""A template file's text, read the way everything a clinic writes is read: without blocking
on a FIFO and within a size limit (limits.MAX_TEMPLATE_BYTES), so a 30 MB template (which kept
Jinja compiling for minutes) or a FIFO (which waited for ever) is a located error at once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2

from ..content.read import unreadable
from ..safe_io import read_file


class TemplateFileError(jinja2.TemplateError):
    """A template file that is refused unread (too large, a FIFO or device): `filename` names it."""

    def __init__(self, message: str, filename: str) -> None:
        super().__init__(message)
        self.filename = filename


def template_source(path: Path) -> tuple[str, str, Callable[[], bool]]:
    """(text, file name, up-to-date test) of a template file, as Jinja's loader gives them, read
    without blocking and within limits.MAX_TEMPLATE_BYTES: a 30 MB template would keep Jinja
    compiling for minutes, and a FIFO would wait for ever."""
    from ..limits import MAX_TEMPLATE_BYTES  # read at each call, so a test may lower it

    try:
        data = read_file(path, MAX_TEMPLATE_BYTES)
        mtime = os.path.getmtime(path)
    except OSError as exc:
        smaller = "a template holds markup, not content: move the text into the handouts"
        raise TemplateFileError(unreadable(exc, "template", smaller), str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateFileError(
            f"line {line} of the template is not UTF-8 text; save it again as UTF-8", str(path)
        ) from None

    def uptodate() -> bool:
        try:
            return os.path.getmtime(path) == mtime
        except OSError:
            return False

    return text, os.path.normpath(path), uptodate
