"""Content checks: claims, jurisdiction profiles, balance, reading level, governance and
accessibility, run on every output before it is rendered.

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
from . import accessibility, balance, claims, governance, reading
from .context import Context
from .readability import Score
from .rules import RuleSet, load_rules

FAMILIES = (balance, reading, governance, accessibility)


@dataclass
class HandoutCheck:
    output: Output
    findings: list[Problem] = field(default_factory=list)  # not waived
    waived: list[tuple[Problem, Waiver]] = field(default_factory=list)
    sections: list[reading.SectionScore] = field(default_factory=list)
    score: Score | None = None

    @property
    def blocked(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def _claims(ctx: Context) -> list[Problem]:
    return [
        ctx.finding(where, rule.severity, rule.id, rule.message.format(match=text), rule.suggestion)
        for rule, text, where in claims.find_claims(ctx.chunks, ctx.rules.claims, ctx.language, ctx.output.distribution)
    ]


def check_output(ctx: Context) -> HandoutCheck:
    result = HandoutCheck(ctx.output)
    found = _claims(ctx)
    for family in FAMILIES:
        found += family.check(ctx)
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
    result.sections = reading.section_scores(ctx)
    result.score = reading.whole(result.sections, ctx.language)
    return result


def run_checks(
    project: Project, outputs: list[Output], report: Problems, today: dt.date | None = None
) -> list[HandoutCheck]:
    """Check every output; add unwaived findings to the report."""
    today = today or dt.date.today()
    english = {hid: h.meta.version for (hid, lang), h in project.handouts.items() if lang == "en"}
    rule_sets: dict[tuple[Path, str], RuleSet | None] = {}
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
        result = check_output(Context(output, rules, report, project.root, today, english))
        report.extend(result.findings)
        results.append(result)
    return results
