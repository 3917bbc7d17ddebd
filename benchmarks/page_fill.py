"""How full each page (or trifold panel) of every sample output is (checks/page_fill.py).

Renders every sample output in this process and prints, per output: its pages, the fill of
each page or panel (from the top of the content area to the lowest thing drawn), the
smallest fill among pages other than the last, and the page-fill warnings, if any.

    .venv/bin/python benchmarks/page_fill.py [--clinic SLUG] [--edition NAME]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from clearprint.checks import run_checks
from clearprint.checks.page_fill import areas, findings
from clearprint.checks.public import publishing
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.documents.html import HtmlDocuments
from clearprint.editions import EDITIONS
from clearprint.pdf.overflow import DoesNotFit
from clearprint.pdf.renderer import Renderer
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clinic", action="append", help="only this clinic (repeatable)")
    parser.add_argument("--edition", action="append", help="only this edition (repeatable)")
    args = parser.parse_args()
    report = Problems(ROOT)
    project = load_project(ROOT, report)
    outputs = plan(project, report)
    outputs = [
        o
        for o in outputs
        if (not args.clinic or o.clinic.slug in args.clinic) and (not args.edition or o.edition in args.edition)
    ]
    checks = run_checks(project, outputs, report)  # as a build: the checks' reading level, and
    verdicts = publishing(project, checks, report, dt.date.today())  # a QR code only where it publishes
    pages = HtmlDocuments(ROOT, verdicts)
    renderer = Renderer(ROOT)
    warnings = 0
    for check in checks:
        output = check.output
        html = pages.html(output, check=check, linked=False)
        try:
            renderer.render(
                html,
                output.clinic.settings.font,
                pages.stylesheets(output),
                EDITIONS[output.edition].pages,
                inspect=True,
            )
        except DoesNotFit as exc:
            print(f"{output.label:55} does not fit: {exc}")
            warnings += 1
            continue
        drawn = renderer.drawn
        found = areas(output, drawn)
        figures = " ".join(f"{a.fill * 100:.0f}" for a in found)
        inner = [a.fill for a in found if not a.last]
        least = f"{min(inner) * 100:.0f}%" if inner else "-"
        print(f"{output.label:55} {drawn.pages} pages  min {least:>4}  [{figures}]")
        for problem in findings(output, drawn, ROOT, output.label):
            warnings += 1
            print(f"    {problem}")
    print(f"{len(outputs)} outputs, {warnings} page-fill warnings")


if __name__ == "__main__":
    main()
