"""The whole build: load project -> plan outputs -> check content -> render HTML -> write PDFs.

All content is loaded, checked and every HTML page rendered before the first PDF is
written, so a mistake anywhere is reported with the others and a bad handout never
stops the good ones. Checks run on planned outputs (not raw files) because what a
patient reads depends on the clinic: its section overrides, country rules and colours.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .checks import HandoutCheck, run_checks
from .checks.report import html_reports
from .files import write_text_atomically
from .load import load_project
from .models import Output
from .plan import Selection, plan
from .problems import ContentError, Problems
from .render import Pages


@dataclass
class Result:
    report: Problems
    planned: list[Output] = field(default_factory=list)
    checks: list[HandoutCheck] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.report.errors


def render_pages(checks: list[HandoutCheck], pages: Pages, report: Problems) -> list[tuple[HandoutCheck, str]]:
    """HTML for every output whose content passed its checks."""
    rendered = []
    for check in checks:
        if check.blocked:
            continue
        try:
            rendered.append((check, pages.html(check.output, check=check)))
        except ContentError as exc:
            report.extend(exc.problems)
    return rendered


def check(root: Path, selection: Selection | None = None, today: dt.date | None = None) -> Result:
    """Load, plan and check: everything but rendering."""
    start = time.perf_counter()
    root = root.resolve()
    report = Problems(root)
    result = Result(report)
    project = load_project(root, report)
    result.planned = plan(project, report, selection or Selection())
    result.checks = run_checks(project, result.planned, report, today)
    result.seconds = time.perf_counter() - start
    return result


def build(
    root: Path,
    out: Path,
    selection: Selection | None = None,
    html: bool = False,
    today: dt.date | None = None,
    bleed: bool = False,
) -> Result:
    start = time.perf_counter()
    result = check(root, selection, today)
    root, report = root.resolve(), result.report
    pages = Pages(root, bleed=bleed)
    rendered = render_pages(result.checks, pages, report)
    html_reports(result.checks, root, out)

    from .pdf import DoesNotFit, RefusedURL, Renderer  # WeasyPrint is imported only when PDFs are written

    renderer = Renderer(root)
    built = []
    for check_result, page in rendered:
        output = check_result.output
        target = out / output.relpath
        if bleed:
            target = target.with_suffix(".bleed.pdf")
        if html:
            base = os.path.relpath(root, target.parent).replace(os.sep, "/") + "/"
            write_text_atomically(target.with_suffix(".html"), pages.html(output, base_href=base, check=check_result))
        try:
            fit = 2 if output.edition == "trifold" else None
            messages = renderer.write(page, output.clinic.settings.font, target, pages=fit, bleed=bleed)
        except DoesNotFit as exc:
            report.add(
                output.handout.file,
                None,
                f"{output.label}: does not fit the trifold brochure: {exc}; shorten the handout or build it without the trifold edition",
                rule="layout-trifold-overflow",
            )
            continue
        except RefusedURL as exc:
            report.add(output.handout.file, None, f"{output.label}: {exc}")
            continue
        except Exception as exc:  # a bug, not a user's mistake: show it, but build the others
            traceback.print_exc()
            report.add(
                output.handout.file,
                None,
                f"{output.label}: the renderer failed ({type(exc).__name__}); please report this bug",
            )
            continue
        for message in messages:
            report.add(output.handout.file, None, f"{output.label}: the renderer said: {message}", "warning")
        result.written.append(target)
        built.append((output, target))
    if not bleed:
        write_catalogues(built, selection or Selection(), pages, renderer, out, today or dt.date.today(), report)
    result.seconds = time.perf_counter() - start
    return result


def write_catalogues(
    built, selection: Selection, pages: Pages, renderer, out: Path, today: dt.date, report: Problems
) -> None:
    """out/<clinic>/catalogue.pdf: exactly what this build wrote, for each clinic built whole."""
    if selection.handouts or selection.languages or selection.editions:
        return  # a partial build would list a partial catalogue
    by_clinic: dict[str, list] = {}
    for output, target in built:
        by_clinic.setdefault(output.clinic.slug, []).append((output, target))
    for items in by_clinic.values():
        site = items[0][0].clinic
        files = {o.label: t.relative_to(out / site.slug).as_posix() for o, t in items}
        try:
            html = pages.catalogue(site, [o for o, _ in items], files, today)
            renderer.write(html, site.settings.font, out / site.slug / "catalogue.pdf")
        except ContentError as exc:
            report.extend(exc.problems)
