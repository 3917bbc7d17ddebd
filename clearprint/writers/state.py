"""The state of one build: what it found, what it hashed, what the checks said, what it
wrote. The writers read it and add what they write; none of them is kept here."""

from __future__ import annotations

import datetime as dt
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import Checker, CheckResult
from ..checks.public import publishing
from ..checks.stored import check_from_json
from ..documents.html import HtmlDocuments
from ..fonts import font
from ..incremental import nochange
from ..incremental.digests import Hasher, weasyprint_version
from ..incremental.manifest import Manifest
from ..incremental.ocr_cache import OcrCache
from ..incremental.targets import PRINTED, Target
from ..models import Output, Project
from ..options import BuildOptions, Selection
from ..problems import Problem, Problems


@dataclass
class Result:
    report: Problems
    planned: list[Output] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    written_by_kind: dict[str, list[Path]] = field(default_factory=dict)  # what each writer wrote
    skipped: list[Output] = field(default_factory=list)
    failed: list[Output] = field(default_factory=list)  # checked, but no PDF could be made
    removed: list[Path] = field(default_factory=list)
    verdicts: dict[tuple, Problem | None] = field(default_factory=dict)  # may it be published (checks/public.py)
    seconds_by_kind: dict[str, float] = field(default_factory=dict)  # time each writer took
    seconds: float = 0.0
    render_seconds: float = 0.0
    peak_mb: float = 0.0  # largest resident memory of a rendering process
    kept: list[str] = field(default_factory=list)  # `check`: outputs the last build checked, not checked again
    processes: int = 1  # `check`: 2 when a copy of the process checked half the outputs (checks/halves.py)

    @property
    def ok(self) -> bool:
        return not self.report.errors

    def wrote(self, kind: str, path: Path) -> None:
        self.written_by_kind.setdefault(kind, []).append(path)

    @property
    def web_seconds(self) -> float:  # time spent on the web edition
        return self.seconds_by_kind.get("site", 0.0)

    @property
    def written(self) -> list[Path]:
        """Handout PDFs written."""
        return self.written_by_kind.setdefault("pdf", [])

    @property
    def catalogues(self) -> list[Path]:
        return self.written_by_kind.setdefault("catalogue", [])

    @property
    def previews(self) -> list[Path]:  # --html
        return self.written_by_kind.setdefault("preview", [])

    @property
    def web(self) -> list[Path]:  # files of the web edition
        return self.written_by_kind.setdefault("web", [])


@dataclass
class BuildState:
    """What every writer shares: the manifest, the day, the report, each output's input
    hash, today's check results and publishing verdicts, and the HTML documents made
    with those verdicts."""

    root: Path
    out: Path
    today: dt.date
    bleed: bool
    force: bool
    manifest: Manifest
    progress: Callable[[int, int, str], None] | None = None
    report: Problems = field(init=False)
    result: Result = field(init=False)
    complete: bool = False  # all clinics, no --shard or --bleed: leaves a no-op snapshot (any other build drops it)
    inputs: str | None = None  # hash of every input, taken before anything was read
    merged: list[Path] = field(default_factory=list)  # shard manifests taken in
    digests: dict[str, str] = field(default_factory=dict)  # output label -> hash of its inputs
    hasher: Hasher | None = None
    kept: dict[str, CheckResult] = field(default_factory=dict)  # unchanged outputs: today's check results
    fresh: list[CheckResult] = field(default_factory=list)  # changed outputs: their new check results
    targets: dict[str, Target] = field(default_factory=dict)  # output label -> its pdf target
    records: dict[str, dict] = field(default_factory=dict)  # unchanged outputs: their manifest records
    project: Project | None = None  # what was loaded
    documents: HtmlDocuments | None = None  # sees each publishing verdict as it is made
    changed: list[Output] = field(default_factory=list)  # outputs to check and write again
    checked_count: int = 0  # changed outputs checked so far
    _fresh: dict[str, CheckResult] = field(default_factory=dict)
    _groups: deque = field(default_factory=deque)
    _finished: bool = False
    _checker: Checker | None = None
    _known: dict[tuple, Problem | None] = field(default_factory=dict)  # unchanged handouts' verdicts
    _failed_at: int = 0

    def __post_init__(self) -> None:
        self.report = Problems(self.root)
        self.result = Result(self.report)

    @classmethod
    def open(cls, root: Path, out: Path, options: BuildOptions, progress=None) -> BuildState:
        """Leftovers of a killed build gone, the manifest (and shards' manifests) read."""
        complete = options.selection == Selection() and not (
            options.shard or options.bleed
        )  # --force too: it builds all
        inputs = nochange.inputs_digest(root) if complete else None  # before anything is read
        today = options.today or dt.date.today()
        state = cls(root, out, today, options.bleed, options.force, Manifest.load(out, options.shard), progress)
        state.complete, state.inputs = complete, inputs
        state.merged = [] if options.shard else state.manifest.merge_shards()
        return state

    @property
    def verdicts(self) -> dict[tuple, Problem | None]:
        return self.result.verdicts

    @property
    def denied(self) -> tuple[Path, ...]:
        """What the renderer never reads, even inside the project: the output folder and
        the Python environment (hidden folders such as .git and .venv are refused anyway)."""
        return (self.out, Path(sys.prefix).resolve())

    def unchanged(self, target: Target, digest: str) -> dict | None:
        """The target's record, when it need not be written again."""
        if self.force:
            return None
        return self.manifest.unchanged(target.path, digest, self.today, self.out, self.hasher)

    def find_changed(self, targets: list[Target]) -> list[Output]:
        """Hash every planned output; the changed ones, and today's check results for the rest."""
        printed = [t for t in targets if t.kind == PRINTED]
        planned = self.result.planned = [t.output for t in printed]
        self.hasher = Hasher(
            self.root, font(planned[0].clinic.settings.font).folders if planned else (self.root,), weasyprint_version()
        )
        self.targets = {t.output.label: t for t in printed}
        self.digests = {o.label: self.hasher.output(o, self.bleed) for o in planned}
        changed = []
        for target in printed:
            output = target.output
            record = self.unchanged(target, self.digests[output.label])
            try:
                kept = check_from_json(output, record["check"]) if record else None
            except (KeyError, TypeError, ValueError):  # a damaged record: check and build again
                kept = None
            if kept is None:
                changed.append(output)
            else:
                self.kept[output.label] = kept
                self.records[output.label] = record
                self.report.extend(kept.findings)
        return changed

    def known_verdicts(self) -> dict[tuple, Problem | None]:
        """Whether unchanged handouts may be published, as the last build found."""
        known = {}
        for label, record in self.records.items():
            if "public" not in record:
                continue  # recorded before the web edition: check it
            public = record["public"]
            output = self.kept[label].output
            try:
                known[(output.clinic.slug, *output.handout.key)] = Problem(**public) if public else None
            except TypeError:  # a damaged record: check it again
                continue
        return known

    def check(self, project: Project, changed: list[Output]) -> None:
        """Get ready to check the changed outputs handout by handout (`checked`), so the first
        PDFs render while the rest are checked, and make the documents, which see each
        handout's publishing verdict as soon as it is known."""
        self.project, self.changed = project, changed
        self._checker = Checker(project, self.report, self.today, OcrCache(self.out))  # OCR read once per image
        self._known = self.known_verdicts()
        self._failed_at = len(self.result.failed)
        groups: dict[tuple, list[Output]] = {}  # one clinic's handout in one language: one verdict
        for output in changed:
            groups.setdefault((output.clinic.slug, *output.handout.key), []).append(output)
        # The images no reading is kept for, read on threads while this process checks and the
        # workers render: the first handout's first (its checks wait for them), the rest beside them.
        for outputs in (next(iter(groups.values()), []), changed):
            self._checker.image_text.prefetch(outputs, background=True)
        self._groups = deque(groups.values())
        self.result.verdicts = {}
        self.documents = HtmlDocuments(self.root, self.result.verdicts, bleed=self.bleed)

    def checked(self) -> Iterator[CheckResult]:
        """The changed outputs' new check results, one handout at a time, each yielded once
        its handout's publishing verdict is in `verdicts` (so its document can be made)."""
        while self._groups:
            group = self._groups.popleft()
            results = self._checker.check(group)
            self.checked_count += len(group)
            self._fresh.update((c.output.label, c) for c in results)
            scratch = Problems(self.root)  # the warnings go to the report in check order, in finish_checks
            self.result.verdicts.update(
                publishing(self.project, results, scratch, self.today, self._known, self._checker)
            )
            yield from results

    def finish_checks(self) -> None:
        """Check what is left, and record every result and verdict as one check of all would."""
        if self._finished:
            return
        for _ in self.checked():
            pass
        if self._checker is not None:
            self._checker.image_text.finish()  # a reading no check waited for (a bad rule file)
        self._finished = True
        planned, changed, fresh = self.result.planned, self.changed, self._fresh
        known = self.kept | fresh
        self.result.checks = [known[o.label] for o in planned if o.label in known]
        # Unchanged, and printed: an unchanged output held back by its checks is counted as held back.
        self.result.skipped = [o for o in planned if o.label in self.kept and not self.kept[o.label].blocked]
        self.result.failed[self._failed_at : self._failed_at] = [o for o in changed if o.label not in fresh]
        self.fresh = [fresh[o.label] for o in changed if o.label in fresh]
        verdicts = publishing(self.project, self.result.checks, self.report, self.today, self._known | self.verdicts)
        self.result.verdicts.clear()  # in check order, as the documents hold it
        self.result.verdicts.update(verdicts)

    def close(self, options: BuildOptions, planned: int) -> Result:
        """Leave what a complete build saw and said for the next no-op build; save the manifest."""
        if self.complete:  # a complete build leaves what it saw and said, for the next no-op build
            problems = [(p.severity, str(p)) for p in self.report.items]
            good = self.inputs and not self.report.errors
            snapshot = nochange.snapshot(
                self.inputs, nochange.options_key(options.html), self.today.isoformat(), planned, problems
            )
            self.manifest.snapshot = snapshot if good else None
        else:  # a partial build may have rebuilt outputs from inputs since put back: the last
            # complete build's snapshot would then say "nothing changed" over them
            self.manifest.snapshot = None
        self.manifest.save()
        for path in self.merged:
            path.unlink(missing_ok=True)
        return self.result
