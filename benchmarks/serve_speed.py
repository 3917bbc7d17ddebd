"""How soon `build.py serve` shows a saved handout: its web page and its standard PDF.

Copies the sample clinics and handouts into a temporary folder, starts `build.py serve`
there (port 0, every core, the default clinic: the first with a website), waits for its
first build, then saves one handout a few times, each a small edit, and measures from the
moment the file is written until

  - the served page contains the edited text (what the open page reloads to: its script
    is told of the new build at once, by a long poll);
  - the served standard PDF (/pdf/<lang>/<id>.pdf, the file the build just wrote) changes;
  - serve says the whole rebuild is done (every clinic, edition, catalogue and site).

Prints each run and the medians. Issue 11 asks for under 0.5 s and 1.5 s for the first two.

    .venv/bin/python benchmarks/serve_speed.py [--runs 5] [--handout dermal-fillers]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLL = 0.01  # seconds between two looks at the server


def copy_samples(dest: Path) -> Path:
    for folder in ("handouts", "templates", "styles", "rules"):
        shutil.copytree(ROOT / folder, dest / folder)
    for settings in sorted((ROOT / "clinics").glob("*/clinic.yaml")):
        if re.search(r"(?m)^sample:\s*true\s*$", settings.read_text(encoding="utf-8")):
            shutil.copytree(settings.parent, dest / "clinics" / settings.parent.name)
    return dest


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def site_part(html: bytes) -> bytes:
    """The page as the build wrote it: without what `serve` adds (the panel names the sections too)."""
    return html.split(b'<div id="clearprint-alert"')[0].split(b'<aside id="clearprint-serve"')[0]


class Serve:
    def __init__(self, project: Path, jobs: int) -> None:
        command = [sys.executable, str(ROOT / "build.py"), "serve", "--project", str(project), "--port", "0"]
        self.process = subprocess.Popen(
            [*command, "--jobs", str(jobs)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self.rebuilt = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("Rebuilt in"):
                self.rebuilt.set()

    def base(self, seconds: float = 300) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in self.lines:
                if match := re.match(r"Serving (\S+)'s web edition at (http://127\.0\.0\.1:\d+/)", line):
                    self.clinic = match[1]
                    return match[2]
            if self.process.poll() is not None:
                raise SystemExit("serve stopped:\n" + "".join(self.lines))
            time.sleep(0.05)
        raise SystemExit("serve printed no address")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


def one_save(serve: Serve, base: str, source: Path, page: str, pdf: str, token: str) -> tuple[float, float, float]:
    """Save the handout with `token` in the heading of its benefits section (one no sample
    clinic replaces with its own), and time what the server shows."""
    before = hashlib.sha256(get(base + pdf)).digest()
    text = source.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^(## [^\n{]*?)( bench-run\d+)? (\{#benefits\})", rf"\1 {token} \3", text, count=1)
    assert edited != text
    serve.rebuilt.clear()
    start = time.perf_counter()
    source.write_text(edited, encoding="utf-8")
    page_seconds = pdf_seconds = None
    while page_seconds is None or pdf_seconds is None:
        now = time.perf_counter() - start
        if now > 60:
            raise SystemExit(f"nothing changed in 60 s:\n{''.join(serve.lines[-20:])}")
        if page_seconds is None and token.encode() in site_part(get(base + page)):
            page_seconds = time.perf_counter() - start
        if pdf_seconds is None and hashlib.sha256(get(base + pdf)).digest() != before:
            pdf_seconds = time.perf_counter() - start
        time.sleep(POLL)
    serve.rebuilt.wait(120)
    done = time.perf_counter() - start
    time.sleep(1.0)  # let the workers settle before the next save
    return page_seconds, pdf_seconds, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--handout", default="dermal-fillers")
    parser.add_argument("--language", default="en")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="clearprint-serve-bench-") as folder:
        project = copy_samples(Path(folder) / "project")
        source = project / "handouts" / args.handout / f"{args.language}.md"
        started = time.perf_counter()
        serve = Serve(project, args.jobs)
        try:
            base = serve.base()
            print(f"serve: first build and start in {time.perf_counter() - started:.1f} s; serving {serve.clinic}")
            page = f"handouts/{args.language}/{args.handout}/"
            pdf = f"pdf/{args.language}/{args.handout}.pdf"
            get(base + page)  # the page exists: the handout is published by this clinic
            results = []
            for run in range(1, args.runs + 1):
                figures = one_save(serve, base, source, page, pdf, f"bench-run{run}")
                results.append(figures)
                print(
                    f"  save {run}: page {figures[0]:.2f} s, standard PDF {figures[1]:.2f} s, all done {figures[2]:.2f} s"
                )
            page_median, pdf_median, done_median = (statistics.median(column) for column in zip(*results, strict=True))
            print(
                f"Saving handouts/{args.handout}/{args.language}.md while `serve` runs ({args.jobs} processes), medians of {args.runs}:"
            )
            print(f"  web page updated    {page_median:.2f} s (target < 0.5 s)")
            print(f"  standard PDF        {pdf_median:.2f} s (target < 1.5 s)")
            print(f"  whole rebuild done  {done_median:.2f} s")
        finally:
            code = serve.stop()
            if code != 130:
                print(f"serve ended with {code}:\n{''.join(serve.lines[-20:])}", file=sys.stderr)


if __name__ == "__main__":
    main()
