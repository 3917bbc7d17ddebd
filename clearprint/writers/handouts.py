"""Handout PDFs (kind `pdf`): the HTML of each changed output that passed its checks,
rendered on the workers; each written file recorded with its check results and whether
it may be published."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

from ..checks import CheckResult, drawn_claims, drawn_required, printed_page
from ..checks.drawn import findings as drawn_findings
from ..checks.page_claims import PageClaims, known_text
from ..checks.page_fill import findings as page_fill_findings
from ..checks.stored import check_to_json
from ..documents.html import HtmlDocuments
from ..editions import EDITIONS
from ..incremental.targets import PRINTED, Target, pdf_path
from ..models import Output, Project
from ..options import BuildOptions
from ..pdf.refused_source import template_source
from ..pdf.workers import Done, Job, Workers
from ..problems import ContentError, Problem
from . import overflow_blame
from .state import BuildState


class Handouts:
    kind = PRINTED
    claims: PageClaims
    made: dict[str, list[tuple[str, str, str]]]  # per output: what Clearprint made for a clinic template (document)
    kinds = (PRINTED,)
    sharded = True
    with_bleed = True

    def wanted(self, options: BuildOptions) -> bool:
        return True

    def plan(self, project: Project, outputs: list[Output], options: BuildOptions) -> list[Target]:
        return [Target(self.kind, pdf_path(o, options.bleed), o.clinic, o) for o in outputs]

    def write(self, state: BuildState, targets: list[Target], workers: Workers) -> None:
        by_key: dict[str, CheckResult] = {}
        self.made = {}

        pages: dict[str, str] = {}  # each job's page until it is drawn: what drew text small (checks/drawn_blame.py)

        def jobs() -> Iterator[Job]:  # made one by one, while the workers render the ones before
            for check_result, job in self.jobs(state):
                by_key[job.key] = check_result
                pages[job.key] = job.html
                yield job

        result = state.result
        # The claim rules, for the pages of clinic templates and what stylesheets draw: each
        # clinic's and language's loaded once per build, shared with the checks that loaded them.
        rules = self.claims = PageClaims(state.root, state.report)
        if state._checker is not None:
            rules.rule_sets = state._checker.rule_sets
        start = time.perf_counter()
        for count, done in enumerate(workers.render(jobs()), start=1):
            check_result = by_key[done.key]
            output = check_result.output
            page = pages.pop(done.key, None)  # a failed job's too: the dict holds only pages still rendering
            result.peak_mb = max(result.peak_mb, done.peak_mb)
            if state.progress:  # outputs not checked yet are counted as if they will render
                total = len(state.changed) - state.checked_count + len(by_key)
                state.progress(count, total, done.key if not done.error else f"{done.key} FAILED")
            if done.error:
                failed(state, output, done)
                continue
            if done.drawn is not None and (
                drawn := drawn_findings(output, done.drawn, state.root, output.label, page=page)
            ):
                not_as_drawn(state, output, done, drawn)
                continue
            if done.drawn is not None and (drawn := self.as_made(state, output, done, rules)):
                if errors := [p for p in drawn if p.severity == "error"]:
                    not_as_drawn(state, output, done, errors)
                    continue
                state.report.extend(drawn)
            if done.drawn is not None and (thin := page_fill_findings(output, done.drawn, state.root, output.label)):
                check_result.findings.extend(thin)  # warnings, kept with the check: an unchanged PDF reports them again
                state.report.extend(thin)
            for message in done.messages:
                state.report.add(output.handout.file, None, f"{output.label}: the renderer said: {message}", "warning")
            reads = {name: state.hasher.file(state.root / name) for name in done.reads}
            digest = state.digests[output.label]
            verdict = state.verdicts.get((output.clinic.slug, *output.handout.key))
            state.manifest.record(
                state.targets[output.label],
                digest,
                state.today,
                done.target,
                check_to_json(check_result),
                reads,
                verdict.as_dict() if verdict else None,
            )
            result.wrote(self.kind, done.target)
        state.finish_checks()
        result.render_seconds = time.perf_counter() - start

    def as_made(self, state: BuildState, output: Output, done: Done, rules: PageClaims) -> list[Problem]:
        """The claim rules on words the page's stylesheets drew (checks/drawn_claims.py), and
        what Clearprint made for a clinic template drawn whole (checks/drawn_required.py)."""
        assert done.drawn is not None
        meta = output.handout.meta
        found = drawn_claims.findings(
            done.drawn, output.clinic, meta.language, output.distribution, rules, output.handout.file, output.label
        )
        if made := self.made.pop(output.label, None):
            found += drawn_required.findings(output, made, done.drawn, state.root, output.label)
        return found

    def jobs(self, state: BuildState) -> Iterator[tuple[CheckResult, Job]]:
        """A rendering job for each changed output that passed its checks, each made as soon
        as its handout is checked."""
        pages = state.documents
        for check_result in state.checked():
            output = check_result.output
            target = state.targets[output.label]
            if check_result.blocked:
                state.manifest.record(
                    target, state.digests[output.label], state.today, check=check_to_json(check_result), blocked=True
                )
                continue
            try:
                page = document(pages, check_result, self.claims, self.made.setdefault(output.label, []))
            except ContentError as exc:
                state.report.extend(exc.problems)
                state.result.failed.append(output)
                continue
            job = Job(
                output.label,
                page,
                pages.stylesheets(output),
                output.clinic.settings.font,
                state.out / target.path,
                EDITIONS[output.edition].pages,
                state.bleed,
                state.denied,
                output.clinic.settings.colors,
                inspect=True,
            )
            yield check_result, job


def not_as_drawn(state: BuildState, output: Output, done: Done, problems: list[Problem]) -> None:
    """The page does not show what the checks require (checks/drawn.py): reported at the
    lines the text came from; the PDF is removed and forgotten, so no build keeps it."""
    state.report.extend(problems)
    state.result.failed.append(output)
    done.target.unlink(missing_ok=True)
    state.manifest.entries.pop(state.targets[output.label].path, None)


def document(
    pages: HtmlDocuments,
    check_result: CheckResult,
    claims: PageClaims | None = None,
    made: list[tuple[str, str, str]] | None = None,
) -> str:
    """The HTML given to the renderer for an output that passed its checks (`printed`). With
    `claims`, a page made with a clinic's own templates is read once more as it is printed
    (checks/printed_page.py): a located ContentError then. `made`: as `printed`'s."""
    if claims is None:
        return pages.html(check_result.output, check=check_result, linked=False)
    page, page_check = printed(pages, check_result, made)
    if page_check is not None:
        found = printed_page.problems(page_check, claims, pages.environment(check_result.output.clinic.folder))
        if errors := [p for p in found if p.severity == "error"]:
            raise ContentError(*errors)  # its warnings were reported with its checks
    return page


def printed(
    pages: HtmlDocuments, check_result: CheckResult, made: list[tuple[str, str, str]] | None = None
) -> tuple[str, printed_page.PrintedPage | None]:
    """The HTML given to the renderer for an output that passed its checks: its reading level
    from the checks, a QR code only when the publishing verdicts let the site publish it, the
    stylesheets left out (the renderer is given them parsed); and, for a clinic with templates
    of its own, what its page is read for once more (checks/printed_page.py), else None.
    `made` is given the (role, src, HTML) of what Clearprint made for such a template (intro,
    sections), each to be drawn whole (checks/drawn_required.py)."""
    output = check_result.output
    page = pages.html(output, check=check_result, linked=False)
    if not pages.own_templates(output.clinic):
        return page, None  # Clearprint's own templates print nothing the checks did not read
    located = pages.for_checks().html(output, check=check_result, linked=False)
    context = pages.context(output, check=check_result)
    if made is not None:
        made += [("intro", "", context["intro"]), *((s.role, s.src, s.html) for s in context["sections"])]
    meta = output.handout.meta
    strings = [meta.title, meta.summary, *meta.sources, *(s.title for s in context["sections"])]
    known = known_text([context["intro"], *(s.html for s in context["sections"])], strings, pages.root)
    plain = pages.project_only().html(output, check=check_result, linked=False)
    return page, printed_page.PrintedPage(
        pages.root, output.label, page, located, plain, output.clinic, meta.language, output.distribution,
        frozenset(known), output.handout.file, EDITIONS[output.edition].template,
    )  # fmt: skip


def failed(state: BuildState, output: Output, done: Done) -> None:
    state.result.failed.append(output)
    where = state.root / done.where if done.where else output.handout.file
    line = None
    if done.error == "refused" and not done.where and done.url:  # a URL a clinic template put on the page
        found = template_source(output.clinic.folder, done.url)
        where, line = found or (where, None)
    if done.error == "overflow":
        path, line, section = overflow_blame.blame(output, *(done.overflow_at or (None, "")), done.detail)
        state.report.add(
            path, line, overflow_blame.message(output.label, done.detail, section, line), rule="layout-trifold-overflow"
        )
    elif done.error in ("refused", "timeout", "died", "system"):
        state.report.add(where, line, f"{output.label}: {done.detail}")
    else:  # a bug, not a user's mistake: show it, but build the others
        print(done.detail, file=sys.stderr)
        state.report.add(where, None, f"{output.label}: the renderer failed; please report this bug")
