"""Targets: every file a build writes, planned in one list before anything is written.

A target is a path under the output folder, the kind of file it is (which decides its
writer) and what it is made from. The manifest records every kind the same way, so
skipping what has not changed, removing what is no longer built and sharding work alike
for handout PDFs, their HTML previews, catalogues and check reports.

    kind        path                                   writer
    pdf         <clinic>/<lang>/<id>[.<edition>][.bleed].pdf   the renderer, on the workers
    preview     the same with .html (--html)           the HTML given to the renderer
    catalogue   <clinic>/catalogue.pdf                 the renderer, after the handouts
    report      <clinic>/check-report.html             the check report
    site        <clinic>/site/sitemap.xml              the web edition (publish.py, web.py); each
    web         <clinic>/site/...                      file it writes is recorded as a `web` target
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from .models import Clinic, Output, Project
from .plan import Selection

Kind = Literal["pdf", "preview", "catalogue", "report", "site", "web"]
SHARDED: tuple[Kind, ...] = ("pdf", "preview")  # the others need the whole build: the final step writes them


@dataclass(frozen=True)
class Target:
    kind: Kind
    path: str  # under the output folder, with '/'; also the target's key in the manifest
    clinic: Clinic
    output: Output | None = None  # the handout output a pdf or preview is made from
    page: tuple[str, str] = ("", "")  # (handout, language) of a web page without an output

    @property
    def handout(self) -> str:
        return self.output.handout.meta.id if self.output else self.page[0]

    @property
    def language(self) -> str:
        return self.output.handout.meta.language if self.output else self.page[1]

    @property
    def edition(self) -> str:
        return self.output.edition if self.output else self.kind


def pdf_path(output: Output, bleed: bool) -> str:
    return (output.relpath.with_suffix(".bleed.pdf") if bleed else output.relpath).as_posix()


def preview_of(path: str) -> str:
    return str(PurePosixPath(path).with_suffix(".html"))


def plan_targets(
    project: Project, outputs: list[Output], selection: Selection, bleed: bool = False, html: bool = False
) -> list[Target]:
    """Every file this build writes, in the order they are written."""
    targets = []
    for output in outputs:
        path = pdf_path(output, bleed)
        targets.append(Target("pdf", path, output.clinic, output))
        if html:
            targets.append(Target("preview", preview_of(path), output.clinic, output))
    built = {o.clinic.slug for o in outputs}
    whole = not (selection.handouts or selection.languages or selection.editions)
    for site in project.clinics:
        if site.slug in built:
            targets.append(Target("report", f"{site.slug}/check-report.html", site))
            if whole and not bleed:  # a partial build would list a partial catalogue
                targets.append(Target("catalogue", f"{site.slug}/catalogue.pdf", site))
                if site.settings.website:
                    targets.append(Target("site", f"{site.slug}/site/sitemap.xml", site))
    return targets
