"""What the last builds said about the served clinic (`Preview`), and what the panel beside
one handout page shows (`PagePanel`): the build loop writes it, the HTTP threads read it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from pathlib import Path

from ..checks import CheckResult
from ..documents import web
from ..editions import WEB_EDITION
from ..options import Selection
from ..problems import Problem
from ..writers.state import Result


@dataclasses.dataclass
class PagePanel:
    """What the panel beside one handout page says."""

    handout: str
    language: str
    findings: list[Problem]
    sections: list = dataclasses.field(default_factory=list)  # reading.SectionScore
    settings: object = None  # the clinic's CheckSettings, for the grade limits
    next_review: dt.date | None = None
    failed: list[str] = dataclasses.field(default_factory=list)  # outputs the renderer could not make

    @property
    def blocked(self) -> bool:
        return bool(self.failed) or any(p.severity == "error" for p in self.findings)


class Preview:
    """The served clinic and what the last builds said about it. The build loop writes it,
    the HTTP threads read it; `version` counts the builds that changed what a page shows."""

    def __init__(self, root: Path, out: Path, slug: str, today: dt.date | None) -> None:
        self.root, self.out, self.slug, self.today = root, out, slug, today
        self.site = out / slug / "site"
        self.version = 0
        self.changed = threading.Condition()
        self.stopping = False
        self.checks: dict[str, CheckResult] = {}  # output label -> its latest check (this clinic)
        self.failed: set[str] = set()  # output labels the last build could not render
        self.problems: list[Problem] = []
        self.elsewhere: set[Problem] = set()  # findings of the other clinics' outputs only
        self.crash = ""  # a bug in the last build, shown until a build succeeds
        self.pages: dict[str, tuple[str, str]] = {}  # site file -> (handout, language)
        self.drafts: dict[str, str] = {}  # site file -> its page made from a saved handout (see `draft`)
        self.home = ""  # the site file `/` leads to
        self._shown = ""

    # --- written by the build loop ---------------------------------------------------------

    def record(self, result: Result | None, selection: Selection, crash: str = "") -> None:
        """Take in a build's result; a partial one (a handout's edition) replaces only what it built."""
        with self.changed:
            self.crash = crash
            if result is not None:
                mine = [c for c in result.checks if c.output.clinic.slug == self.slug]
                ours = {f for c in mine for f in c.findings}
                theirs = {f for c in result.checks if c.output.clinic.slug != self.slug for f in c.findings}
                others = {o.clinic.slug for o in result.planned} - {self.slug}
                theirs |= {p for p in result.report.items if p.message.startswith(tuple(f"{o}/" for o in others))}
                planned = {o.label for o in result.planned}
                if selection.handouts:
                    files = {f"handouts/{h}/{lang}.md" for h in selection.handouts for lang in selection.languages}
                    self.checks.update((c.output.label, c) for c in mine)
                    self.problems = [p for p in self.problems if p.file not in files]
                    self.problems += [p for p in result.report.items if p.file in files]
                    self.elsewhere = (self.elsewhere | theirs) - ours
                else:
                    # The clinic's build wrote its site: a draft goes, unless its handout now
                    # fails (then the draft is the last good version the person saw).
                    failing = {f"handouts/{hid}/{lang}.md" for hid, lang in self._failing(result)}
                    self.drafts = {p: h for p, h in self.drafts.items() if self._source(p) in failing}
                    self.checks = {c.output.label: c for c in mine}
                    self.problems = list(result.report.items)
                    self.elsewhere = theirs - ours
                self.failed = (self.failed - planned) | {o.label for o in result.failed}
                if mine:
                    self.know(mine[0].output.clinic.settings)
                wrote = [p for p in (*result.written, *result.web) if p.is_relative_to(self.out / self.slug)]
            else:
                wrote = []
            said = [(c.output.label, c.findings, [s.score for s in c.sections]) for c in self.checks.values()]
            shown = hashlib.sha256(repr((said, sorted(self.failed), self.problems, crash)).encode()).hexdigest()
            if wrote or shown != self._shown:  # reload the open pages only when they change
                self._shown = shown
                self.version += 1
                self.changed.notify_all()

    def _failing(self, result: Result) -> set[tuple[str, str]]:
        """(handout, language) of this clinic's handouts that the build could not make."""
        found = {c.output.handout.key for c in result.checks if c.output.clinic.slug == self.slug and c.blocked}
        found |= {o.handout.key for o in result.failed if o.clinic.slug == self.slug}
        errors = {p.file for p in result.report.errors}
        return found | {key for key in self.pages.values() if f"handouts/{key[0]}/{key[1]}.md" in errors}

    def _source(self, page: str) -> str:
        hid, lang = self.pages.get(page, ("", ""))
        return f"handouts/{hid}/{lang}.md"

    def know(self, settings) -> None:
        """Where each handout of the clinic has its page, even one that does not load now."""
        if not settings.website:
            return
        with self.changed:
            self.home = web.index_path(settings, settings.languages[0])
            for hid in settings.handouts:
                for lang in settings.languages:
                    try:
                        self.pages[web.page_path(settings.url_for(hid, lang) or "", settings.site_url)] = (hid, lang)
                    except ValueError:
                        pass  # reported by the build

    def show_draft(self, page: str, html: str) -> None:
        with self.changed:
            self.drafts[page] = html
            self.version += 1
            self.changed.notify_all()

    def refuse_draft(self, problems: list[Problem]) -> None:
        """A saved handout's draft page was not made (serve/loop.draft): its errors are shown
        beside the page at once, as a build's are, until the builds that follow report theirs."""
        with self.changed:
            self.problems = list(dict.fromkeys([*self.problems, *problems]))
            self.version += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    # --- read by the HTTP threads --------------------------------------------------------

    def wait(self, after: int, seconds: float) -> int:
        """The build number, as soon as it is not `after` (or after `seconds`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != after or self.stopping, timeout=seconds)
            return self.version

    def panel(self, page: str | None) -> tuple[PagePanel | None, list[Problem], int]:
        """(the handout page's panel or None, the other errors of the build, the build number)."""
        with self.changed:
            version, failed = self.version, set(self.failed)
            problems = [p for p in self.problems if p not in self.elsewhere]
            checks = list(self.checks.values())
            crash = self.crash
            key = self.pages.get(page) if page else None
        shown: set[Problem] = set()
        item = None
        if key:
            hid, lang = key
            mine = [c for c in checks if (c.output.handout.meta.id, c.output.handout.meta.language) == key]
            source = f"handouts/{hid}/{lang}.md"
            findings: list[Problem] = []
            for found in [f for c in mine for f in c.findings] + [p for p in problems if p.file == source]:
                if found not in findings:
                    findings.append(found)
            findings.sort(key=lambda p: (p.severity != "error", p.file, p.line or 0))
            shown.update(findings)
            first = next((c for c in mine if c.output.edition == WEB_EDITION), mine[0] if mine else None)
            item = PagePanel(
                hid, lang, findings, failed=sorted(c.output.label for c in mine if c.output.label in failed)
            )
            if first is not None:
                item.sections = first.sections
                item.settings = first.output.clinic.settings.checks
                item.next_review = first.output.handout.meta.next_review
        others = [
            p
            for p in problems
            if p.severity == "error"
            and p not in shown
            and not p.file.startswith("handouts/")  # another handout's: shown on its own page
            and not (p.file.startswith("clinics/") and not p.file.startswith(f"clinics/{self.slug}/"))
        ]
        if crash:
            others.insert(0, Problem("(build)", None, crash))
        return item, others, version
