"""What recording the drawn text costs (issue 19: the drawn checks within 10% of a build).

Renders every sample output in this process twice over, with and without the walk of the
page boxes (clearprint/drawn.py), and prints the CPU time of each, the walk's own time, and
the ratios. With --sizes, also prints the smallest drawn size of each kind of text per
edition: the floors in clearprint/checks/drawn.py are what the samples meet.

    .venv/bin/python benchmarks/drawn_cost.py [--repeat N] [--sizes]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from clearprint.checks.drawn import findings
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.pdf.renderer import Renderer
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts (default 3)")
    parser.add_argument("--sizes", action="store_true", help="print the smallest size of each kind of text")
    args = parser.parse_args()
    report = Problems(ROOT)
    outputs = plan(load_project(ROOT, report), report)
    pages = HtmlDocuments(ROOT, {})
    jobs = [(o, pages.html(o, linked=False), pages.stylesheets(o)) for o in outputs]
    renderer = Renderer(ROOT)
    for output, page, sheets in jobs[:2]:  # warm: fonts and stylesheets parsed
        renderer.render(page, output.clinic.settings.font, sheets, inspect=True)
    plain = walked = walk = checks = float("inf")
    smallest: dict[tuple[str, str], float] = defaultdict(lambda: 99.0)
    for _ in range(args.repeat):
        for inspect in (False, True):
            start, walking, checking = time.process_time(), 0.0, 0.0
            for output, page, sheets in jobs:
                renderer.render(page, output.clinic.settings.font, sheets, inspect=inspect)
                if inspect:
                    drawn = renderer.drawn
                    walking += drawn.seconds
                    t = time.process_time()
                    problems = findings(output, drawn, ROOT, output.label)
                    checking += time.process_time() - t
                    assert not problems, problems
                    for run in drawn.runs:
                        key = (output.edition, run.kind)
                        smallest[key] = min(smallest[key], run.size)
            spent = time.process_time() - start
            if inspect:
                walked, walk, checks = min(walked, spent), min(walk, walking), min(checks, checking)
            else:
                plain = min(plain, spent)
    print(f"outputs rendered:                 {len(jobs)}")
    print(f"render without the walk (CPU):    {plain:.2f} s")
    print(f"render with the walk (CPU):       {walked:.2f} s  ({(walked / plain - 1) * 100:+.1f}%, noisy)")
    print(f"the walk itself (CPU):            {walk:.3f} s  ({walk / plain * 100:.1f}% of rendering)")
    print(f"the drawn checks (CPU):           {checks:.3f} s  ({checks / plain * 100:.1f}% of rendering)")
    if args.sizes:
        for (edition, kind), size in sorted(smallest.items()):
            print(f"  smallest {kind} text in {edition}: {size:g} pt")


if __name__ == "__main__":
    main()
