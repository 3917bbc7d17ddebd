"""Each clinic's front-desk catalogue (kind `catalogue`): out/<clinic>/catalogue.pdf, every
handout file the clinic has built, rendered on the workers after the handouts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from ..checks import drawn_claims
from ..checks.drawn import findings as drawn_findings
from ..checks.page_claims import PageClaims
from ..documents.html import CATALOGUE_STYLESHEETS, HtmlDocuments
from ..incremental.targets import Target, pdf_path
from ..models import Clinic, Output, Project
from ..options import BuildOptions
from ..pdf.workers import Job, Workers
from ..problems import ContentError
from .base import whole_clinics
from .state import BuildState


class Catalogues:
    kind = "catalogue"
    kinds = ("catalogue",)
    sharded = False
    with_bleed = False

    def wanted(self, options: BuildOptions) -> bool:
        return not (options.shard or options.bleed)

    def plan(self, project: Project, outputs: list[Output], options: BuildOptions) -> list[Target]:
        if not whole_clinics(options):  # a partial build would list a partial catalogue
            return []
        built = {o.clinic.slug for o in outputs}
        return [Target(self.kind, f"{c.slug}/catalogue.pdf", c) for c in project.clinics if c.slug in built]

    def write(self, state: BuildState, targets: list[Target], workers: Workers) -> None:
        """Re-rendered only when what it lists (the outputs' input hashes, their files) or the day
        changes. A clinic whose handouts did not all build keeps its last catalogue: a failed
        handout must not vanish from the front desk's list."""
        built: dict[str, list[Output]] = {}
        for check_result in state.result.checks:
            record = state.manifest.entries.get(pdf_path(check_result.output, state.bleed))
            if record and record.get("file"):
                built.setdefault(check_result.output.clinic.slug, []).append(check_result.output)
        by_path: dict[str, tuple[Target, str, list[Output]]] = {}
        claims = PageClaims(state.root, state.report)  # its words pass the claim rules before it is rendered

        def jobs() -> Iterator[Job]:  # each made while the workers render the ones before
            for target in targets:
                clinic = target.clinic
                outputs = built.get(clinic.slug, [])
                if not outputs or len(outputs) < expected_outputs(clinic, state.project):
                    continue
                files = {o.label: pdf_path(o, False).split("/", 1)[1] for o in outputs}
                listed = [f"{o.label}:{state.digests.get(o.label)}:{files[o.label]}" for o in outputs]
                fixed = state.hasher.fixed.hexdigest() if state.hasher else ""
                digest = hashlib.sha256("\n".join([state.today.isoformat(), fixed, *listed]).encode()).hexdigest()
                if state.unchanged(target, digest):
                    continue
                try:
                    page = catalogue_page(state.documents, claims, clinic, outputs, files, state.today)
                except ContentError as exc:
                    state.report.extend(exc.problems)
                    continue
                path = state.out / target.path
                job = Job(
                    target.path,
                    page,
                    CATALOGUE_STYLESHEETS,
                    clinic.settings.font,
                    path,
                    denied=state.denied,
                    inspect=True,
                )
                by_path[target.path] = (target, digest, outputs)
                yield job

        for done in workers.render(jobs()):
            target, digest, listed_outputs = by_path[done.key]
            if done.error:
                state.report.add(done.target, None, f"catalogue: {done.detail}")
                continue
            if done.drawn is not None and (
                drawn := drawn_findings(None, done.drawn, state.root, "catalogue", "catalogue")
                + _drawn_claims(done.drawn, target.clinic, listed_outputs, claims)
            ):
                state.report.extend(drawn)
                done.target.unlink(missing_ok=True)
                state.manifest.entries.pop(target.path, None)
                continue
            state.manifest.record(target, digest, state.today, done.target)
            state.result.wrote(self.kind, done.target)


def catalogue_page(
    documents: HtmlDocuments,
    claims: PageClaims,
    clinic: Clinic,
    outputs: list[Output],
    files: dict[str, str],
    today: dt.date,
) -> str:
    """The catalogue's HTML for the renderer, once its words pass the claim rules and the page
    the checks read is the page printed (`build.py check` calls this too): ContentError with
    the findings when one is an error."""
    page = documents.catalogue(clinic, outputs, files, today, linked=False)
    located = documents.for_checks().catalogue(clinic, outputs, files, today, False)
    found = claims.same_page(page, located, clinic)
    found += claims.findings(located, clinic, clinic.settings.languages[0], *_read_as(outputs))
    found += _template_additions(documents, clinic, outputs, files, page, today)
    claims.passed(found)
    return page


def _template_additions(
    pages: HtmlDocuments, clinic: Clinic, outputs: list[Output], files: dict, page: str, today: dt.date
) -> list:
    """What a clinic's own catalogue template adds to the page beyond Clearprint's: CSS held to
    the clinic stylesheets' allowlist (as writers/handouts._added_css), and no stylesheet link
    or text direction (documents/print_markup.py)."""
    if not pages.own_templates(clinic):
        return []
    from ..checks.page_claims import added_css_problems
    from ..documents import print_markup

    plain = pages.project_only().catalogue(clinic, outputs, files, today, False)
    env, folder = pages.environment(clinic.folder), clinic.folder
    found = added_css_problems(page, plain, clinic, pages.root, "the catalogue")
    return found + print_markup.added(
        page, lambda: plain, env, "catalogue.html.j2", folder, pages.root, "the catalogue"
    )


def _drawn_claims(drawn, clinic: Clinic, outputs: list[Output], claims: PageClaims) -> list:
    """The claim rules on words the catalogue's stylesheets drew (checks/drawn_claims.py), each an error."""
    own = clinic.folder / "templates" / "catalogue.html.j2"
    template = own if own.is_file() else claims.root / "templates" / "catalogue.html.j2"
    found = drawn_claims.findings(
        drawn, clinic, clinic.settings.languages[0], _read_as(outputs)[0], claims, template, "catalogue"
    )
    return [p for p in found if p.severity == "error"]


def _read_as(outputs: list[Output]) -> tuple[str, list[str]]:
    """(distribution, what the handouts' own checks read) of a catalogue: it lies on the front
    desk, so it is waiting-room material unless the clinic's leaflets are all handed out after
    a consultation; the titles it lists were checked with their handouts."""
    public = any(o.distribution == "waiting-room" for o in outputs)
    return ("waiting-room" if public else "after-consultation"), [o.handout.meta.title for o in outputs]


def expected_outputs(clinic: Clinic, project: Project) -> int:
    """How many PDFs a clinic's catalogue (and site) lists when every handout it names has built."""
    languages = clinic.settings.languages
    return sum(
        len(clinic.settings.editions)
        for hid in clinic.settings.handouts
        for lang in languages
        if (hid, lang) in project.files
    )
