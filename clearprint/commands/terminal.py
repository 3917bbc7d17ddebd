"""What every command shares on the terminal: exit codes, the progress bar, counts, the
build's summary line, and the types of command-line values."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


def prog() -> str:
    return "build.py" if Path(sys.argv[0]).name == "build.py" else "clearprint"


def status(result, strict: bool) -> int:
    if not result.ok or (strict and result.report.items):
        return EXIT_CONTENT
    return EXIT_OK


def summary(result, root: Path, out: Path, strict: bool = False) -> int:
    """Print a build's problems and its one-line summary; its exit code."""
    for problem in result.report.items:
        print(problem, file=sys.stderr)
    blocked = sum(c.blocked for c in result.checks if c.output not in result.failed)
    rendered = len(result.written) + len(result.failed)
    per_pdf = f", {result.render_seconds / rendered:.2f} s per PDF" if rendered else ""
    print(
        f"{len(result.written)} built, {len(result.skipped)} unchanged, {len(result.failed)} failed"
        + (f", {blocked} held back by content errors" if blocked else "")
        + (
            f", {len(result.removed)} stale {'file' if len(result.removed) == 1 else 'files'} removed"
            if result.removed
            else ""
        )
        + f" (of {count(len(result.planned), 'PDF')} in {show(out, root)}/)"
        + (f"; {count(len(result.catalogues), 'catalogue')} written" if result.catalogues else "")
        + f" in {result.seconds:.1f} s{per_pdf}; {counts(result.report)}"
        + (" (--strict: warnings count as errors)." if strict and result.report.items and result.ok else ".")
    )
    return status(result, strict)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def counts(report) -> str:
    errors = len(report.errors)
    return f"{count(errors, 'error')}, {count(len(report.items) - errors, 'warning')}"


def show(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


class Progress:
    """A progress bar on a terminal; plain lines when the output is a file or a pipe."""

    def __init__(self) -> None:
        self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __call__(self, done: int, total: int, label: str) -> None:
        if not sys.stderr.isatty():
            print(f"[{done}/{total}] {label}", file=sys.stderr)
            return
        if self.bar is not None and done == 1:  # the next build of watch mode
            self.bar.close()
            self.bar = None
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="pdf", file=sys.stderr, leave=False)
        self.bar.set_postfix_str(label[-40:])
        self.bar.update(1)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes, such as 2")
    return int(text)


def shard(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"{text!r} is not a shard such as 1/4 (K from 1 to N)")
    return int(k), int(n)


def copies(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 500:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of copies from 1 to 500")
    return int(text)


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written as YYYY-MM-DD") from None
