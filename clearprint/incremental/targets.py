"""Targets: every file a build writes, planned in one list before anything is written.

A target is a path under the output folder, the kind of file it is (which decides its
writer) and what it is made from. The manifest records every kind the same way, so
skipping what has not changed, removing what is no longer built and sharding work alike
for handout PDFs, their HTML previews, catalogues and check reports.

    kind        path                                   writer (writers/)
    pdf         <clinic>/<lang>/<id>[.<edition>][.bleed].pdf   handouts.py, on the workers
    preview     the same with .html (--html)           previews.py: the HTML given to the renderer
    report      <clinic>/check-report.html             reports.py: the check report
    catalogue   <clinic>/catalogue.pdf                 catalogues.py, after the handouts
    site        <clinic>/site/sitemap.xml              sites.py: the web edition; each
    web         <clinic>/site/...                      file it writes is recorded as a `web` target
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .digests import shard_of

if TYPE_CHECKING:
    from ..models import Clinic, Output, Project
    from ..options import BuildOptions

PRINTED = "pdf"  # the kind of a handout's printed file: its check results are recorded with it


@dataclass(frozen=True)
class Target:
    kind: str  # a writer's kind (writers/), or "web" for a file of a site
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


def plan_targets(project: Project, outputs: list[Output], options: BuildOptions, writers: Sequence) -> list[Target]:
    """Every file this build writes: each writer plans its own kind; a shard build keeps
    only its share of the kinds that shard builds write."""
    targets = [t for writer in writers if writer.wanted(options) for t in writer.plan(project, outputs, options)]
    if options.shard:
        k, n = options.shard
        sharded = {w.kind for w in writers if w.sharded}
        targets = [t for t in targets if t.kind in sharded and shard_of(t.output, n) == k - 1]
    return targets
