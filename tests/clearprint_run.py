"""Running Clearprint's command line from a test: in this process (fast; `main` with its
output captured) or in a fresh process (when the process boundary is what is tested:
signals, imports, files left behind, a real printer). Both return (exit code, stdout, stderr)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from clearprint.cli import main

ROOT = Path(__file__).resolve().parents[1]


def in_process(*arguments: str | Path, stdin: bytes | None = None, binary: bool = False):
    """`build.py ARGUMENTS` through `clearprint.cli.main`, with `stdin` as its standard input
    and its standard output and error captured (as bytes with `binary`, e.g. a PDF on stdout)."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    previous = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main([str(a) for a in arguments])
            except SystemExit as exc:  # argparse's usage errors and --help, as the process would exit
                code = exc.code if isinstance(exc.code, int) else 2
            stdout.flush()
            stderr.flush()
    finally:
        sys.stdin = previous
    return code, *_decoded(out.getvalue(), err.getvalue(), binary)


def sheet(project: Path, *arguments: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    """`build.py sheet ARGUMENTS` in this process: (exit code, standard output, standard error)."""
    code, out, err = in_process("sheet", *arguments, "--project", project, stdin=stdin, binary=True)
    return code, out, err.decode("utf-8")


def subprocess_run(
    *arguments: str | Path,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    python: tuple[str, ...] = (),
    timeout: float = 300,
    binary: bool = False,
):
    """`build.py ARGUMENTS` in a fresh Python process (`python`: options for the interpreter,
    e.g. ("-X", "importtime")), as a clinic runs it; stdout and stderr as text, or as bytes
    with `binary`."""
    done = subprocess.run(
        [sys.executable, *python, str(ROOT / "build.py"), *map(str, arguments)],
        capture_output=True,
        env=env if env is not None else dict(os.environ),
        input=stdin,
        timeout=timeout,
    )
    return done.returncode, *_decoded(done.stdout, done.stderr, binary)


def _decoded(out: bytes, err: bytes, binary: bool) -> tuple[str, str] | tuple[bytes, bytes]:
    if binary:
        return out, err
    return out.decode("utf-8", errors="replace"), err.decode("utf-8", errors="replace")
