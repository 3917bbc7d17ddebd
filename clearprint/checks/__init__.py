"""Content checks: claims, jurisdiction profiles, balance, reading level, governance,
evidence and accessibility, run on every output before it is rendered.

Each family of rules is one module with a `check(ctx)` that yields findings. A finding
that the handout's front matter waives (`waivers:` with a rule id and a reason) is kept
aside: it does not stop the build, and it is listed in the report and in the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..editions import EDITIONS
from ..incremental.ocr_cache import WORDS
from ..limits import RenderTimeout, time_limit
from ..models import Output, Project, Waiver
from ..problems import ContentError, Problem, Problems
from . import (
    accessibility,
    addresses,
    balance,
    claims,
    claims_facts,
    claims_model,
    claims_other_languages,
    clinic_strings,
    evidence,
    governance,
    image_register,
    language_of_text,
    list_runs,
    reading,
    risk_prose,
    sign_actions,
    source_countries,
    table_rows,
    variant,
    waiving,
)
from .context import Context
from .halves import in_halves
from .image_text import Cache, ImageText
from .readability import Score
from .rules import RuleSet, load_rules
from .text import waiver_chunks

CHECK_SECONDS = 10  # checking one output takes milliseconds


@dataclass
class CheckResult:
    output: Output
    findings: list[Problem] = field(default_factory=list)  # not waived
    waived: list[tuple[Problem, Waiver]] = field(default_factory=list)
    sections: list[reading.SectionScore] = field(default_factory=list)
    score: Score | None = None

    @property
    def blocked(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def _claims(ctx: Context) -> list[Problem]:
    meta = ctx.output.handout.meta
    try:
        facts = claims_facts.treatment_rules(
            ctx.root, meta.id, ctx.output.clinic.settings.country, ctx.language, ctx.report
        )
    except ContentError:  # reported once, at the treatment file's line
        return [
            ctx.finding(
                ctx.output.handout.file,
                "error",
                "claims-rules-broken",
                "the treatment facts in rules/treatments/ have errors, so this handout's claims cannot be checked",
                "fix the treatment file named above; the handout is not printed until then",
                ctx.output.handout.lines.get(("id",)),
            )  # fmt: skip
        ]
    try:
        model = claims_model.load(ctx.root, ctx.language)
        rules = ctx.rules.claims + facts
        titles = tuple(r for r in rules if r.in_source_titles)  # a source's title names its subject
        distribution = ctx.output.distribution
        found = [
            *claims.find_claims(
                [c for c in ctx.chunks if c.kind != "source"], rules, ctx.language, distribution,
                root=ctx.root, model=model,
            ),
            # the sources are printed: read by the rules, not the model (a citation is not a sentence)
            *claims.find_claims(
                [c for c in ctx.chunks if c.kind == "source"], titles, ctx.language, distribution, root=ctx.root
            ),
            # each waiver's reason, printed with the list of waivers in force
            *claims.find_claims(waiver_chunks(ctx.output.handout), rules, ctx.language, distribution, root=ctx.root),
            # the clinic's website, printed under the QR codes and on the public web pages
            *claims.find_claims(
                addresses.address_chunks(ctx.output), rules, ctx.language, addresses.DISTRIBUTION, root=ctx.root
            ),
            # the addresses its links open, in the PDF and on the web page
            *claims.find_claims(
                addresses.link_chunks(ctx.output, ctx.page) if ctx.page is not None else [], rules, ctx.language,
                addresses.DISTRIBUTION, root=ctx.root,
            ),
        ]  # fmt: skip
    except ContentError as exc:  # no language data, or a broken model file: at that file
        ctx.report.extend(exc.problems)
        return [
            ctx.finding(
                ctx.output.handout.file,
                "error",
                "claims-language-missing",
                f"the claims in this {ctx.language} handout cannot be checked (see the problem above)",
                "add or fix the file named above; the handout is not printed until then",
                ctx.output.handout.lines.get(("language",)) or ctx.output.handout.lines.get(("id",)),
            )  # fmt: skip
        ]
    # each table row read across, its cells joined (table_rows.py): a claim split over cells
    rows = table_rows.page_rows(ctx.page, ctx.root) if ctx.page is not None else table_rows.source_rows(ctx.output)
    across = [
        *claims.find_claims(rows, rules, ctx.language, distribution, root=ctx.root),
        # list items that run on into each other, and a heading with the text under it, read as one text (list_runs.py)
        *claims.find_claims(
            list_runs.runs(ctx.chunks) + list_runs.headed(ctx.chunks), rules, ctx.language, distribution, root=ctx.root
        ),
    ]
    # the clinic's name, address and phones, printed on every page of its public web edition
    public = claims.find_claims(
        clinic_strings.public_chunks(ctx.output), clinic_strings.public_rules(rules), ctx.language,
        addresses.DISTRIBUTION, root=ctx.root,
    )  # fmt: skip
    said = [
        ctx.finding(ctx.written(where, text), rule.severity, rule.id, rule.message.format(match=text), rule.suggestion)
        for rule, text, where in found
    ]
    said += [p for p in dict.fromkeys(
        ctx.finding(ctx.written(where, text), rule.severity, rule.id, rule.message.format(match=text), rule.suggestion)
        for rule, text, where in across
    ) if p not in said]  # fmt: skip
    # claims in another shipped language's words (claims_other_languages.py), but a claim the
    # leaflet's own rules found at the same place (an English testimonial was also "Spanish words
    # in this English leaflet": round-20 attack, case 3)
    own = {(p.file, p.line, p.col, p.rule) for p in said}
    said += [p for p in dict.fromkeys(
        ctx.finding(where, rule.severity, rule.id, f"{name}: {rule.message.format(match=text)}", rule.suggestion)
        for rule, text, where, name in claims_other_languages.find(
            [*(c for c in ctx.chunks if c.kind != "source"), *rows], rules, ctx.language, distribution, ctx.root,
            ctx.report,
        )
    ) if (p.file, p.line, p.col, p.rule) not in own]  # fmt: skip
    return said + [
        ctx.finding(where, rule.severity, rule.id, rule.message.format(match=text), clinic_strings.SUGGESTION)
        for rule, text, where in public
    ]


@dataclass
class _Shared:
    """What the editions of one clinic's handout have in common: all but the edition's own checks."""

    findings: list[Problem]
    sections: list[reading.SectionScore]
    score: Score


def _shared(ctx: Context) -> _Shared:
    found = _claims(ctx)
    for family in (
        balance,
        reading,
        governance,
        evidence,
        source_countries,
        variant,
        risk_prose,
        sign_actions,
        language_of_text,
    ):
        found += family.check(ctx)
    sections = reading.section_scores(ctx)
    return _Shared(found, sections, reading.whole(sections, ctx))


def check_output(ctx: Context, shared: _Shared | None = None) -> CheckResult:
    shared = shared or _shared(ctx)
    result = CheckResult(ctx.output, sections=shared.sections, score=shared.score)
    found = shared.findings + list(accessibility.check(ctx))
    waiving.apply(ctx, found, result)
    return result


def run_checks(
    project: Project, outputs: list[Output], report: Problems, today: dt.date | None = None
) -> list[CheckResult]:
    """Check every output; add unwaived findings to the report."""
    return Checker(project, report, today).check(outputs)


def _key(output: Output) -> tuple[Path, str]:
    """What an output's rule set is loaded for (`Checker.rules`)."""
    return output.clinic.folder, output.handout.meta.language


def _half(outputs: list[Output]) -> int:
    """Where to cut `outputs` in two about equal halves, between two handouts (the editions of
    one handout share their checks: `Checker.shared`)."""
    cuts = [i for i in range(1, len(outputs)) if outputs[i].handout is not outputs[i - 1].handout]
    return min(cuts, key=lambda i: abs(2 * i - len(outputs)), default=0)


class Checker:
    """Checks outputs a few at a time (a build checks each handout just before it is
    rendered), keeping the rule sets and what editions share from one call to the next."""

    def __init__(
        self, project: Project, report: Problems, today: dt.date | None = None, ocr: Cache | None = None
    ) -> None:
        self.project, self.report, self.today = project, report, today or dt.date.today()
        self.english = {hid: h.meta.version for (hid, lang), h in project.handouts.items() if lang == "en"}
        self.rule_sets: dict[tuple[Path, str], RuleSet | None] = {}
        self.slow: set[tuple[Path, str]] = set()  # rule sets that took too long once
        self.shared: dict[tuple, _Shared] = {}
        self.unmade: dict[tuple, list[Problem]] = {}  # why the page of these editions could not be made
        self.processes = 1  # 2 once `check_all` had a copy of this process check half
        from ..documents.html import HtmlDocuments  # here: documents/ asks checks/public.py what is on the site

        # the checks read each output's page as its template makes it, a clinic template's words located
        self.pages = HtmlDocuments(project.root, {}, located=True)
        # the words in the clinic's images, read by OCR; `ocr` keeps them between runs (the
        # build's cache under out/, incremental/ocr_cache.py)
        self.image_text = ImageText(project.root, ocr)
        self.words = ocr.beside(WORDS) if ocr is not None and hasattr(ocr, "beside") else None

    def rules(self, output: Output, report: Problems) -> RuleSet | None:
        """The output's rule set, loaded once per clinic and language; None when a rule file is bad."""
        key = _key(output)
        if key not in self.rule_sets:
            try:
                self.rule_sets[key] = load_rules(
                    self.project.root,
                    output.clinic.folder,
                    output.clinic.settings.country,
                    output.handout.meta.language,
                    report,
                )
            except ContentError:
                self.rule_sets[key] = None
        return self.rule_sets[key]

    def check(self, outputs: list[Output], report: Problems | None = None) -> list[CheckResult]:
        """Check `outputs`; add unwaived findings to the report (or to `report`)."""
        project, today, slow, shared = self.project, self.today, self.slow, self.shared
        report = self.report if report is None else report  # an empty Problems is falsy (__len__)
        self.image_text.prefetch(outputs)  # the images' words, read at once (image_text.py)
        results = []
        for output in outputs:
            key = _key(output)
            rules = self.rules(output, report)
            if rules is None:
                continue  # the bad rule file is reported; nothing is checked against it
            spelling = project.spellings.get((output.clinic.slug, output.handout.meta.language))
            # Editions that print the same sections differ only in accessibility (the trifold
            # summary prints fewer, so it is checked on its own).
            same = (output.clinic.slug, output.handout.key, output.sections, output.distribution)
            page = None
            if same not in shared:  # what the shared checks read
                try:
                    page = self.pages.html(output, linked=False)
                except ContentError as exc:  # its template fails: the checks read its Markdown instead
                    self.unmade[same] = list(exc.problems)
            unmade = self.unmade.get(same)
            ctx = Context(
                output, rules, report, project.root, today, self.english, spelling, page, unmade is None,
                self.words,
            )  # fmt: skip
            try:
                if key in slow:
                    raise RenderTimeout
                with time_limit(CHECK_SECONDS):  # a rule pattern that backtracks must not hang the build
                    if same not in shared:
                        shared[same] = _shared(ctx)
                    result = check_output(ctx, shared[same])
            except RenderTimeout:
                slow.add(key)  # the other outputs with these rules are not checked again for 10 s each
                result = CheckResult(output, findings=[_too_slow(ctx)])
            # (not with rules too slow for this text: the second reading would be as slow)
            if unmade is None and key not in slow and self.pages.own_templates(output.clinic):
                result.findings = self._template_made(output, rules, spelling, result.findings)
            if unmade:  # the page's error is the finding (the checks of what the page adds said nothing)
                result.findings = unmade + result.findings
            result.findings += self.image_text.findings(output, report)  # outside the time limit: OCR has its own
            result.findings += image_register.findings(output, report, self.image_text)  # each image as reviewed
            report.extend(result.findings)
            results.append(result)
        return results

    def check_all(self, outputs: list[Output], fork: bool = False) -> list[CheckResult]:
        """`check`; with `fork`, the later handouts' outputs in a forked copy of this process at
        the same time (halves.py): the same results, added to the report in the same order."""
        self.image_text.prefetch(outputs)  # here: what a copy reads by OCR would be lost with it
        cut = _half(outputs)
        by_label = {o.label: o for o in outputs}

        def work(part: list[Output]) -> tuple[list[tuple[str, CheckResult]], list[Problem]]:
            found = Problems(self.project.root)
            # each result without its output, which the copy would pickle whole with its handout
            return [(r.output.label, replace(r, output=None)) for r in self.check(list(part), found)], found.items

        *halves, forked = in_halves(work, outputs, cut, fork)
        self.processes = max(self.processes, 1 + forked)
        results = []
        for checked, found in halves:
            self.report.extend(found)
            results += [replace(r, output=by_label[label]) for label, r in checked]
        return results

    def _template_made(self, output: Output, rules, spelling, findings: list[Problem]) -> list[Problem]:
        """`findings`, each error at a content file's line that the same checks do not find on
        the page made with Clearprint's own templates put at the clinic's template instead: its
        block changed the handout's text there (`{{ super() | truncate(4000) }}` emptied the
        risks; `replace(" in 100", " in 1,000")` changed every figure). Run only when there is
        such an error, so a clean build pays nothing."""
        templates = (self.project.root / output.clinic.folder / "templates").resolve()
        mine = [
            f
            for f in findings
            if f.severity == "error"
            and not (f.rule or "").startswith("claim-")  # words a block wrote: Context.written puts them there
            and not (self.project.root / f.file).resolve().is_relative_to(templates)
        ]
        if not mine:
            return findings
        try:
            plain_page = self.pages.project_only().html(output, linked=False)
            ctx = Context(
                output, rules, Problems(self.project.root), self.project.root, self.today, self.english, spelling,
                plain_page, True, self.words,
            )  # fmt: skip
            with time_limit(CHECK_SECONDS):
                plain = {(f.rule, f.file, f.line, f.col) for f in check_output(ctx, _shared(ctx)).findings}
        except (ContentError, RenderTimeout):
            return findings
        template = templates / EDITIONS[output.edition].template
        where = self.report.rel(template if template.is_file() else templates)
        return list(dict.fromkeys(
            replace(f, file=where, line=None, col=None, message=f"made by the clinic's template, which changes what "
                    f"{f.file}:{f.line} says (Clearprint's own templates print it as written): {f.message}")
            if f in mine and (f.rule, f.file, f.line, f.col) not in plain else f
            for f in findings
        ))  # fmt: skip


def _too_slow(ctx: Context) -> Problem:
    folder = ctx.report.rel(ctx.output.clinic.folder / "rules")
    return ctx.finding(
        ctx.output.handout.file, "error", "check-too-slow",
        f"checking {ctx.output.label} took longer than {CHECK_SECONDS} s and was stopped: a pattern in the "
        f"rule files (rules/ or {folder}/) takes too long on this text",
        "simplify patterns with nested repeats, such as '(\\w+\\s?)+'; the handout is not printed until then",
        ctx.output.handout.lines.get(("id",)),
    )  # fmt: skip
