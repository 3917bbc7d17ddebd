"""Content checks: claims, jurisdiction profiles, balance, reading level, governance,
evidence and accessibility, run on every output before it is rendered.

Each family of rules is one module with a `check(ctx)` that yields findings. A finding
that the handout's front matter waives (`waivers:` with a rule id and a reason) is kept
aside: it does not stop the build, and it is listed in the report and in the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Output, Project, Waiver
from ..problems import ContentError, Problem, Problems
from ..workers import RenderTimeout, time_limit
from . import accessibility, balance, claims, claims_facts, evidence, governance, reading, risk_prose, variant
from .context import Context
from .readability import Score
from .rules import RuleSet, load_rules

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
    return [
        ctx.finding(where, rule.severity, rule.id, rule.message.format(match=text), rule.suggestion)
        for rule, text, where in claims.find_claims(
            ctx.chunks, ctx.rules.claims + facts, ctx.language, ctx.output.distribution
        )
    ]


@dataclass
class _Shared:
    """What the editions of one clinic's handout have in common: all but the edition's own checks."""

    findings: list[Problem]
    sections: list[reading.SectionScore]
    score: Score


def _shared(ctx: Context) -> _Shared:
    found = _claims(ctx)
    for family in (balance, reading, governance, evidence, variant, risk_prose):
        found += family.check(ctx)
    sections = reading.section_scores(ctx)
    return _Shared(found, sections, reading.whole(sections, ctx.language))


def check_output(ctx: Context, shared: _Shared | None = None) -> CheckResult:
    shared = shared or _shared(ctx)
    result = CheckResult(ctx.output, sections=shared.sections, score=shared.score)
    found = shared.findings + list(accessibility.check(ctx))
    waivers = ctx.output.handout.meta.waivers
    used: set[int] = set()
    for finding in sorted(set(found), key=lambda p: (p.file, p.line or 0, p.col or 0, p.rule or "")):
        index = next(
            (
                i
                for i, w in enumerate(waivers)
                if w.rule == finding.rule and (w.match is None or w.match in finding.message)
            ),
            None,
        )
        if index is None:
            result.findings.append(finding)
        else:
            used.add(index)
            result.waived.append((finding, waivers[index]))
    for i, waiver in enumerate(waivers):
        if i not in used:
            result.findings.append(
                ctx.finding(
                    ctx.output.handout.file,
                    "warning",
                    "waiver-unused",
                    f"the waiver for '{waiver.rule}' matches no finding",
                    "remove it, so that waivers stay meaningful",
                    ctx.output.handout.lines.get(("waivers", i)),
                )  # fmt: skip
            )
    return result


def run_checks(
    project: Project, outputs: list[Output], report: Problems, today: dt.date | None = None
) -> list[CheckResult]:
    """Check every output; add unwaived findings to the report."""
    today = today or dt.date.today()
    english = {hid: h.meta.version for (hid, lang), h in project.handouts.items() if lang == "en"}
    rule_sets: dict[tuple[Path, str], RuleSet | None] = {}
    slow: set[tuple[Path, str]] = set()  # rule sets that took too long once
    shared: dict[tuple[str, tuple[str, str]], _Shared] = {}
    results = []
    for output in outputs:
        key = (output.clinic.folder, output.handout.meta.language)
        if key not in rule_sets:
            try:
                rule_sets[key] = load_rules(
                    project.root,
                    output.clinic.folder,
                    output.clinic.settings.country,
                    output.handout.meta.language,
                    report,
                )
            except ContentError:
                rule_sets[key] = None
        rules = rule_sets[key]
        if rules is None:
            continue  # the bad rule file is reported; nothing is checked against it
        spelling = project.spellings.get((output.clinic.slug, output.handout.meta.language))
        ctx = Context(output, rules, report, project.root, today, english, spelling)
        # Editions that print the same sections differ only in accessibility (the trifold
        # summary prints fewer, so it is checked on its own).
        same = (output.clinic.slug, output.handout.key, output.sections)
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
        report.extend(result.findings)
        results.append(result)
    return results


def _too_slow(ctx: Context) -> Problem:
    folder = ctx.report.rel(ctx.output.clinic.folder / "rules")
    return ctx.finding(
        ctx.output.handout.file, "error", "check-too-slow",
        f"checking {ctx.output.label} took longer than {CHECK_SECONDS} s and was stopped: a pattern in the "
        f"rule files (rules/ or {folder}/) takes too long on this text",
        "simplify patterns with nested repeats, such as '(\\w+\\s?)+'; the handout is not printed until then",
        ctx.output.handout.lines.get(("id",)),
    )  # fmt: skip
