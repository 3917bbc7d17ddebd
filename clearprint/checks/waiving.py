"""Accountable waivers: a waiver sets aside one finding, named by its own words (`match`), for
a named reviewer, from a date until an expiry at most 12 months later (models.Waiver).

A waiver that has expired, is dated in the future, matches no finding or matches more than
one is reported and waives nothing. Findings that put public material at risk cannot be
waived in waiting-room material: brand names of prescription-only medicines (the rules of
a country profile that apply only to waiting-room material) and hidden text.
"""

from __future__ import annotations

from ..problems import Problem
from .context import Context

# Rules that can never be waived in waiting-room (public) material, besides the claim rules
# that apply only to waiting-room material (brand names): text hidden from the patient.
UNWAIVABLE_PUBLIC = ("hidden-text", "access-hidden-text")


def unwaivable(ctx: Context) -> set[str]:
    if ctx.output.distribution != "waiting-room":
        return set()
    public_only = {rule.id for rule in ctx.rules.claims if rule.distribution == "waiting-room"}
    return public_only | {rule for rule in UNWAIVABLE_PUBLIC}


def apply(ctx: Context, found: list[Problem], result) -> None:
    """Sort `found` into `result.findings` and `result.waived`, reporting every waiver that does
    not waive exactly one finding."""
    handout = ctx.output.handout
    waivers = handout.meta.waivers
    refused = unwaivable(ctx)
    findings = sorted(set(found), key=lambda p: (p.file, p.line or 0, p.col or 0, p.rule or ""))
    covers: dict[int, list[Problem]] = {}
    problems: list[Problem] = []
    for i, waiver in enumerate(waivers):
        line = handout.lines.get(("waivers", i))

        def say(severity: str, rule: str, message: str, advice: str) -> None:
            problems.append(ctx.finding(handout.file, severity, rule, message, advice, line))  # noqa: B023

        if waiver.expires < ctx.today:
            say("warning", "waiver-expired", f"the waiver for '{waiver.rule}' expired on {waiver.expires}",
                "have the finding reviewed again: fix the text or renew the waiver with a new date")  # fmt: skip
            continue
        if waiver.date > ctx.today:
            say("error", "waiver-future", f"the waiver for '{waiver.rule}' is dated {waiver.date}, in the future",
                "date it the day the reviewer accepted the finding")  # fmt: skip
            continue
        if waiver.rule in refused:
            say("error", "waiver-not-allowed",
                f"'{waiver.rule}' cannot be waived in waiting-room or public material",
                "change the text, or make the handout after-consultation material")  # fmt: skip
            continue
        matched = [f for f in findings if f.rule == waiver.rule and waiver.match in f.message]
        if len(matched) > 1:
            say("error", "waiver-too-broad",
                f"the waiver for '{waiver.rule}' matches {len(matched)} findings; a waiver names one finding",
                "make `match` the exact words of one finding, and write one waiver per finding")  # fmt: skip
            continue
        if not matched:
            say("warning", "waiver-unused", f"the waiver for '{waiver.rule}' matches no finding",
                "remove it, so that waivers stay meaningful")  # fmt: skip
            continue
        covers[i] = matched
    waived = {id(f): i for i, matched in covers.items() for f in matched}
    for finding in findings:
        if id(finding) in waived:
            result.waived.append((finding, waivers[waived[id(finding)]]))
        else:
            result.findings.append(finding)
    result.findings += problems
