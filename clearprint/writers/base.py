"""What a writer is: one kind of file a build writes into out/, planned, checked for
change and recorded in the manifest the same way as every other kind.

A new output format is a module in this folder with one `Writer` and a line in
`writers/__init__.WRITERS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..incremental.targets import Target
    from ..models import Output, Project
    from ..options import BuildOptions
    from ..pdf.workers import Workers
    from .state import BuildState


class Writer(Protocol):
    kind: str  # the manifest kind of the targets it plans, e.g. "pdf", "site"
    kinds: tuple[str, ...]  # every manifest kind it records (a site also records its "web" files)
    sharded: bool  # built by --shard builds (the others need the whole build)
    with_bleed: bool  # planned by --bleed builds

    def wanted(self, options: BuildOptions) -> bool:
        """Whether a build with these options writes this kind at all."""
        ...

    def plan(self, project: Project, outputs: list[Output], options: BuildOptions) -> list[Target]:
        """Every file of this kind the build writes."""
        ...

    def write(self, state: BuildState, targets: list[Target], workers: Workers) -> None:
        """Write what changed (`state.unchanged` says what did not) and record it in the manifest."""
        ...


def whole_clinics(options: BuildOptions) -> bool:
    """Whether the build makes clinics whole: no handout, language or edition picked out,
    no shard and no print-shop (--bleed) files. Only such a build writes what lists a whole
    clinic (its catalogue, its site)."""
    selection = options.selection
    return not (selection.handouts or selection.languages or selection.editions or options.shard or options.bleed)
