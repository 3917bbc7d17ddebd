"""What checking the web edition as a browser shows it costs (checks/web_drawn.py).

    .venv/bin/python benchmarks/web_drawn_cost.py [--rounds N] [--no-build]

Builds the project's clinics into a temporary folder twice in one run, once with the web
check switched off and once with it (each from scratch, on two processes, in alternating
order over --rounds), and prints the wall time of each; then, on the built sites, the CPU
time of the check per web page (median and slowest, after one warm-up page).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import clearprint  # noqa: E402
from clearprint.checks.web_drawn import WebPage, findings  # noqa: E402
from clearprint.writers import sites  # noqa: E402


def _build(out: Path, checked: bool) -> float:
    real = sites.web_drawn.findings
    if not checked:
        sites.web_drawn.findings = lambda *a, **k: []  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        result = clearprint.build(ROOT, clearprint.BuildOptions(out, jobs=2))
        assert result.ok, "\n".join(map(str, result.report.errors))
        return time.perf_counter() - start
    finally:
        sites.web_drawn.findings = real  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-build", action="store_true", help="only the per-page cost, on one build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        times: dict[bool, list[float]] = {False: [], True: []}
        out = Path(folder) / "out"
        if args.no_build:
            _build(out, True)
        else:
            for i in range(args.rounds):
                for checked in (False, True) if i % 2 == 0 else (True, False):
                    out = Path(folder) / f"out-{i}-{checked}"
                    times[checked].append(_build(out, checked))
            before, after = min(times[False]), min(times[True])
            print(f"sample build: {before:.1f} s without the web check, {after:.1f} s with it "
                  f"({(after - before) / before:+.1%}; best of {args.rounds})")  # fmt: skip
        costs = []
        for site in sorted(out.glob("*/site")):
            files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
            clinic = _clinic(site.parent.name)
            pages = [WebPage(p, d.decode()) for p, d in sorted(files.items()) if p.endswith(".html")]
            findings(ROOT, clinic, files, pages[:1])  # warm: stylesheets parsed, fonts configured
            for page in pages:
                start = time.process_time()
                assert findings(ROOT, clinic, files, [page]) == []
                costs.append(time.process_time() - start)
        print(
            f"web check: {len(costs)} pages, median {1000 * statistics.median(costs):.0f} ms CPU per page, "
            f"slowest {1000 * max(costs):.0f} ms, total {sum(costs):.2f} s"
        )


def _clinic(slug: str):
    from clearprint.content.load import load_project
    from clearprint.problems import Problems

    project = load_project(ROOT, Problems(ROOT))
    return next(c for c in project.clinics if c.slug == slug)


if __name__ == "__main__":
    main()
