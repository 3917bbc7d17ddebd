"""Reading what a clinic wrote: text files within their size limit, never a FIFO or a device,
never from outside the project, whatever a link points to. Every refusal is a located problem."""

from __future__ import annotations

import errno
from pathlib import Path

from ..problems import ContentError, Problems
from ..safe_io import NotRegular, TooLarge, read_file

# A Markdown file larger than this is refused unread: Python-Markdown would take minutes on it
# (markdown_checks.py limits what a file of honest size holds).
MAX_MARKDOWN_BYTES = 200 * 1024  # the longest sample handout is about 12 KB


def read_text(path: Path, report: Problems, limit: int | None = None) -> str:
    """A clinic's text file (settings, rules, Markdown), at most `limit` bytes (by default
    limits.MAX_SETTINGS_BYTES); a FIFO, device or folder is refused unread, never waited on."""
    from ..limits import MAX_SETTINGS_BYTES  # read at each call, so a test may lower it

    limit = MAX_SETTINGS_BYTES if limit is None else limit
    try:
        data = read_file(path, limit)
    except OSError as exc:
        raise report.error(path, None, unreadable(exc, smaller="keep only what it needs, or split it")) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise report.error(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}); save it again as UTF-8 in your editor",
        ) from None


def read_markdown(path: Path, report: Problems) -> str:
    """A Markdown file from inside the project, refused unread if it is too large."""
    refuse_outside(path, report)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise report.error(path, None, unreadable(exc)) from None
    if size > MAX_MARKDOWN_BYTES:
        raise report.error(
            path,
            None,
            f"the file is {-(-size // 1024)} KB, more than the limit of {MAX_MARKDOWN_BYTES // 1024} KB "
            "for a Markdown file; split it into shorter handouts or sections",
        )
    return read_text(path, report, MAX_MARKDOWN_BYTES)


def refuse_outside(path: Path, report: Problems) -> None:
    """Clinic files are read only from inside the project, whatever a link points to."""
    root = report.root.resolve()
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
        raise report.error(path, None, f"cannot follow this link ({reason(exc)}); replace it with the files") from None
    if not target.is_relative_to(root):
        raise report.error(
            path,
            None,
            f"this is a link to {target}, outside the project; copy what it points to into the project instead",
        )


def unreadable(exc: OSError, what: str = "file", smaller: str = "") -> str:
    """Why a file a clinic wrote was not read, in words a practice manager can act on: safe_io's
    refusals (over its size limit, a FIFO or device, a folder) and the system's errors alike.
    `what` names the file ("template", "image"); `smaller` says how to bring one over its limit
    under it. Every reader of a clinic's files says it this way; the caller says where."""
    if isinstance(exc, TooLarge):
        return f"the {what} is {exc.strerror}" + (f"; {smaller}" if smaller else "")
    if isinstance(exc, NotRegular) and exc.errno == errno.EISDIR:
        return f"cannot read this {what} (is a directory); rename or remove the folder"
    if isinstance(exc, NotRegular):
        return f"not a regular file (a FIFO, device or socket); delete it and save the {what} there again"
    return f"cannot read this {what} ({reason(exc)}); check that it exists and may be read"


def reason(exc: Exception) -> str:
    return (exc.strerror or str(exc)).lower() if isinstance(exc, OSError) else str(exc).lower()


# What the build reads from a clinic's folder; each must stay inside the project.
CLINIC_PARTS = ("clinic.yaml", "handouts", "templates", "styles", "rules")


def refuse_links_out(folder: Path, report: Problems) -> None:
    """A clinic folder, or anything in it, that is a link to outside the project is refused:
    templates, stylesheets and sections would otherwise bring any file into a PDF."""
    refuse_outside(folder, report)
    problems = []
    for part in (folder / name for name in CLINIC_PARTS):
        links = [p for p in part.rglob("*") if p.is_symlink()] if part.is_dir() and not part.is_symlink() else []
        for path in [part, *links]:
            try:
                refuse_outside(path, report)
            except ContentError as exc:
                problems += exc.problems
    if problems:
        raise ContentError(*problems)
