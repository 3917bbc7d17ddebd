"""Each clinic's check report for the clinical reviewer (kind `report`):
out/<clinic>/check-report.html, written by builds and by `build.py check` alike, under the
output folder's lock and recorded in the manifest."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from jinja2 import StrictUndefined

from ..checks import CheckResult
from ..checks.report import READING_AGE_COUNTRIES, Handout, by_handout, level, over_limit
from ..documents.compiled import COMPILED
from ..documents.sandbox import Sandbox, TemplateFiles
from ..files import write_text_atomically
from ..incremental.targets import Target
from ..models import Output, Project
from ..options import BuildOptions
from ..pdf.workers import Workers
from .state import BuildState


class Reports:
    kind = "report"
    kinds = ("report",)
    sharded = False
    with_bleed = True

    def wanted(self, options: BuildOptions) -> bool:
        return not options.shard

    def plan(self, project: Project, outputs: list[Output], options: BuildOptions) -> list[Target]:
        built = {o.clinic.slug for o in outputs}
        return [Target(self.kind, f"{c.slug}/check-report.html", c) for c in project.clinics if c.slug in built]

    def write(self, state: BuildState, targets: list[Target], workers: Workers | None = None) -> None:
        pages = report_pages(state.result.checks, state.root)
        for target in targets:
            page = pages.get(target.clinic.slug)
            if page is None:
                continue
            digest = hashlib.sha256(page.encode()).hexdigest()
            if state.unchanged(target, digest):
                continue
            path = state.out / target.path
            write_text_atomically(path, page)
            state.manifest.record(target, digest, state.today, path)
            state.result.wrote(self.kind, path)


def report_pages(results: list[CheckResult], root: Path) -> dict[str, str]:
    """One readable report per clinic, by clinic slug: the page of out/<clinic>/check-report.html."""
    env = Sandbox(
        loader=TemplateFiles(root / "templates"), autoescape=True, undefined=StrictUndefined, bytecode_cache=COMPILED
    )
    template = env.get_template("check-report.html.j2")
    by_clinic: dict[str, list[Handout]] = defaultdict(list)
    for item in by_handout(results):
        by_clinic[item.output.clinic.slug].append(item)
    return {
        slug: template.render(
            clinic=items[0].output.clinic.settings,
            results=items,
            level=level,
            over_limit=over_limit,
            reading_age=items[0].output.clinic.settings.country in READING_AGE_COUNTRIES,
        )
        for slug, items in sorted(by_clinic.items())
    }
