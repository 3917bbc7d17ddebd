"""Balance: required sections present and not empty, 3 to 5 key points, risks as visible
as benefits, an emergency action in the get-help section."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import REQUIRED_ROLES
from ..problems import Problem
from .context import Context
from .text import words

# An emergency number on its own, never a group inside a longer phone number ("0100 000 000").
EMERGENCY = re.compile(
    r"\{\{\s*clinic\.emergency_number\s*\}\}|(?<!\d[ .-])(?<!\d)(?:911|999|112|000|111)(?![ .-]?\d)"
    r"|\bemergenc(?:y|ia)\b|\bA&E\b|\burgencias\b",
    re.I,
)


def check(ctx: Context) -> Iterator[Problem]:
    output = ctx.output
    counts = {role: 0 for role in REQUIRED_ROLES}
    for chunk in ctx.chunks:
        if chunk.role in counts and chunk.kind != "heading":
            counts[chunk.role] += len(words(chunk.text))
    for section in output.sections:
        if section.role in counts and counts[section.role] == 0:
            yield ctx.finding(
                section.file,
                "error",
                "balance-empty-section",
                f"the '{section.role}' section is empty",
                "write it, or the handout cannot be printed",
                section.line,
            )
    key_points = next((s for s in output.sections if s.role == "key-points"), None)
    items = [c for c in ctx.chunks if c.role == "key-points" and c.indent == 0]
    if key_points and counts["key-points"] and not 3 <= len(items) <= 5:
        yield ctx.finding(
            key_points.file,
            "error",
            "balance-key-points",
            f"the key points section has {len(items)} list items; it needs 3 to 5",
            "list what it does, how long it lasts, the main risks and when to call, one short point each",
            key_points.line,
        )
    clinic_min, profile_min = (
        output.clinic.settings.checks.risks_to_benefits_min,
        ctx.rules.balance.risks_to_benefits_min,
    )
    if clinic_min is not None and clinic_min < profile_min:
        yield ctx.finding(
            output.clinic.folder / "clinic.yaml",
            "error",
            "clinic-threshold-weaker",
            f"checks.risks_to_benefits_min is {clinic_min:g}, below the {profile_min:g} of the {output.clinic.settings.country} profile",
            f"a clinic may only make it stricter: remove it or set it to {profile_min:g} or more",
            output.clinic.lines.get(("checks", "risks_to_benefits_min")),
        )
    ratio_min = max(clinic_min or 0, profile_min)
    benefits, risks = counts["benefits"], counts["risks"]
    if benefits and risks / benefits < ratio_min:
        section = next(s for s in output.sections if s.role == "risks")
        yield ctx.finding(
            section.file,
            "error",
            "balance-risks-shorter",
            f"the risks section has {risks} words, {risks / benefits:.2f} x the {benefits} words of the benefits (minimum {ratio_min:g})",
            "give the risks at least as much room as the benefits",
            section.line,
        )
    get_help = next((s for s in output.sections if s.role == "get-help"), None)
    # What the page says (a comment or hidden text says nothing), with the clinic's own number.
    if ctx.page is not None:
        said = " ".join(c.text for c in ctx.chunks if c.role == "get-help")
    else:  # no page (its template fails, reported with the PDF): the Markdown
        said = get_help.body if get_help else ""
    number = output.clinic.settings.emergency
    # The page's get-help box says it; a page that cannot be made has its own error instead.
    if (
        get_help
        and ctx.page_available
        and not (EMERGENCY.search(said) or re.search(rf"(?<!\d){re.escape(number)}(?!\d)", said))
    ):
        yield ctx.finding(
            get_help.file,
            "error",
            "balance-no-emergency-action",
            "the get-help section does not say what to do in an emergency",
            "add a box such as '!!! danger \"Call {{ clinic.emergency_number }} now if you have:\"'",
            get_help.line,
        )
