"""The whole build: load project -> plan outputs -> render HTML -> write PDFs.

All content is loaded and every HTML page rendered before the first PDF is written,
so a mistake anywhere is reported with the others and a bad handout never stops the
good ones.
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .load import load_project
from .models import Output
from .plan import Selection, plan
from .problems import ContentError, Problems
from .render import Pages


@dataclass
class Result:
    report: Problems
    planned: list[Output] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.report.errors


def write_text_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def render_pages(outputs: list[Output], pages: Pages, report: Problems) -> list[tuple[Output, str]]:
    rendered = []
    for output in outputs:
        try:
            rendered.append((output, pages.html(output)))
        except ContentError as exc:
            report.extend(exc.problems)
    return rendered


def build(root: Path, out: Path, selection: Selection | None = None, html: bool = False) -> Result:
    start = time.perf_counter()
    root = root.resolve()
    report = Problems(root)
    result = Result(report)
    project = load_project(root, report)
    result.planned = plan(project, report, selection or Selection())
    pages = Pages(root)
    rendered = render_pages(result.planned, pages, report)

    from .pdf import RefusedURL, Renderer  # WeasyPrint is imported only when PDFs are written

    renderer = Renderer(root)
    for output, page in rendered:
        target = out / output.relpath
        if html:
            base = os.path.relpath(root, target.parent).replace(os.sep, "/") + "/"
            write_text_atomically(target.with_suffix(".html"), pages.html(output, base_href=base))
        try:
            messages = renderer.write(page, output.clinic.settings.font, target)
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
    result.seconds = time.perf_counter() - start
    return result
