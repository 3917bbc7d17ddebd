"""The HTML given to the renderer, beside each PDF (kind `preview`, `--html`), to open
in a browser: the same document, with its stylesheets linked from the project."""

from __future__ import annotations

import hashlib
import os

from ..files import write_text_atomically
from ..incremental.targets import Target, pdf_path, preview_of
from ..models import Output, Project
from ..options import BuildOptions
from ..pdf.workers import Workers
from ..problems import ContentError
from .state import BuildState


class Previews:
    kind = "preview"
    kinds = ("preview",)
    sharded = True
    with_bleed = True

    def wanted(self, options: BuildOptions) -> bool:
        return options.html

    def plan(self, project: Project, outputs: list[Output], options: BuildOptions) -> list[Target]:
        return [Target(self.kind, preview_of(pdf_path(o, options.bleed)), o.clinic, o) for o in outputs]

    def write(self, state: BuildState, targets: list[Target], workers: Workers) -> None:
        checks = {c.output.label: c for c in state.result.checks}
        for target in targets:
            output = target.output
            check_result = checks.get(output.label)
            if check_result is None or check_result.blocked:
                continue  # not printed, so nothing to preview
            path = state.out / target.path
            base = os.path.relpath(state.root, path.parent).replace(os.sep, "/") + "/"
            digest = hashlib.sha256(f"{state.digests[output.label]}|preview|{base}".encode()).hexdigest()
            if state.unchanged(target, digest):
                continue
            try:
                write_text_atomically(path, state.documents.html(output, base_href=base, check=check_result))
            except ContentError as exc:  # reported with its PDF already
                state.report.extend(exc.problems)
                continue
            state.manifest.record(target, digest, state.today, path)
            state.result.wrote(self.kind, path)
