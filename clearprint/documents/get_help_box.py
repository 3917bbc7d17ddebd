"""The "When to get help" box as HTML (content/get_help.py has its data): the signs of a
handout's risks grouped by urgency, most urgent first, each tier with who to call and how fast
in the clinic's country's words. It takes the place of the `{{ get_help }}` placeholder after the
sanitiser has checked the handout's own HTML (documents/sections.py, with_get_help)."""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

from ..content.get_help import WORDS, routes, signs_by_tier
from ..content.markup import GET_HELP_MARKER
from ..content.risks import RiskFile
from ..problems import Problems
from .keep_whole import in_html
from .risk_marks import RiskMarks

PLACEHOLDER = re.compile(r"<p\b(?P<attrs>[^>]*)>\s*" + GET_HELP_MARKER + r"\s*</p>")
SRC = re.compile(r'\sdata-src="[^"<>]*"')


def _escape(text: str) -> str:
    return _html.escape(text, quote=False)


def _tel(number: str) -> str:
    """A phone number as a `tel:` link; several that all work ('112 / 999') each a link."""
    if "/" in number:
        return " / ".join(_tel(n.strip()) for n in number.split("/"))
    digits = ("+" if number.strip().startswith("+") else "") + re.sub(r"\D", "", number)
    text = _escape(number.strip())
    return f'<a href="tel:{digits}">{text}</a>' if digits.strip("+") else text


def _fill(text: str, emergency: str) -> str:
    """Route or sign text as HTML, the emergency number as a link."""
    parts = _escape(text).split("{emergency}")
    return _tel(emergency).join(parts)


SHORT_AFTER = 4  # urgent signs a summary lists before it shortens the least urgent tier to a line


def box(
    risks: RiskFile,
    language: str,
    clinic,
    root: Path,
    report: Problems,
    src: str = "",
    summary: bool = False,
    marks: RiskMarks | None = None,
) -> str:
    """The get-help box's HTML for the clinic (ClinicSettings) in the language; `src` is the
    placeholder's ` data-src="file:line"` (sourcemap.py), which the box keeps. A summary
    edition (the trifold, the aftercare sheet) says the least urgent tier in one line instead of
    listing its signs, when the urgent tiers already list more than SHORT_AFTER signs. `marks`:
    each sign at its line of risks.yaml (risk_marks.py)."""
    route = routes(root, clinic.country, language, report)
    w = WORDS[language]
    emergency = clinic.emergency
    tiers = signs_by_tier(risks, language)

    def items(phrases: list[str]) -> str:
        at = (lambda p: marks.phrase(risks, language, p)) if marks else (lambda p: "")
        return "<ul>\n" + "\n".join(f"<li{at(p)}>{_fill(p, emergency)}</li>" for p in phrases) + "\n</ul>"

    def then(tier: str) -> str:
        """What to do next after the tier's action, from its risks' `then:` ("Then call us too")."""
        thens = dict.fromkeys(
            said.then
            for r in risks.risks
            if r.act == tier and (said := r.words.get(language)) is not None and said.then
        )
        phones = ""
        # round-22 review: the clinic's numbers inside the red box too, not only below it (a summary,
        # short of room, has them in its next line)
        if thens and tier == "emergency" and not summary:
            phones = " " + _escape(w["then_phones"]).replace("{phone}", _tel(clinic.phone))
            phones = phones.replace("{after_hours}", _tel(clinic.after_hours_phone))
        at = (lambda t: marks.then(risks, language, t)) if marks else (lambda t: "")
        return "".join(
            f'<p class="get-help-then"{at(t)}><strong>{_fill(t, emergency)}</strong>{phones}</p>' for t in thens
        )

    parts = [f'<div class="get-help-box"{src}>']
    place = f", {_escape(route.emergency_place)}," if route.emergency_place else ""
    if tiers["emergency"]:
        title = _escape(w["emergency"]).replace("{emergency}", _tel(emergency)).replace("{place}", place)
        parts.append(f'<div class="admonition danger">\n<p class="admonition-title">{title}</p>')
        parts.append(items(tiers["emergency"]))
        parts.append(then("emergency") + "</div>")
    else:
        # No sign in the risks is an emergency: the number still opens the box, in the same red
        # box, with the general signs that call for it (r9 review: all three reviewers found the
        # peels' emergency line last and unboxed, unlike the other leaflets)
        line = (
            _escape(w["emergency_only"]).replace("{emergency}", _tel(emergency)).replace("{place}", place.rstrip(","))
        )
        parts.append(
            f'<div class="admonition danger get-help-emergency-only">\n<p class="admonition-title">{line}</p>\n</div>'
        )
    if tiers["clinic-now"]:
        now = _escape(w["clinic-now"]).replace("{phone}", _tel(clinic.phone))
        after = _escape(w["after_hours"]).replace("{phone}", _tel(clinic.after_hours_phone))
        parts.append(f'<p class="get-help-now"><strong>{now}</strong> {after} {_escape(w["if"])}</p>')
        parts.append(items(tiers["clinic-now"]))
        if risks.unreachable == "emergency":  # signs that need treatment within hours (risks.py)
            urgent = _escape(w["urgent_emergency"]).replace("{emergency}", _tel(emergency))
            parts.append(f"<p>{urgent.replace('{place}', place.rstrip(','))}</p>")
        else:
            parts.append(f"<p>{_fill(route.urgent, emergency)}</p>")
    if tiers["clinic-same-day"]:
        same = _escape(w["clinic-same-day"])
        parts.append(
            f'<p class="get-help-same-day"><strong>{same}</strong> {_tel(clinic.phone)} {_escape(w["if"])}</p>'
        )
        parts.append(items(tiers["clinic-same-day"]))
        if route.same_day:
            parts.append(f"<p>{_fill(route.same_day, emergency)}</p>")
    urgent = sum(len(tiers[t]) for t in ("emergency", "clinic-now", "clinic-same-day"))
    if tiers["clinic"] and summary and urgent > SHORT_AFTER:
        parts.append(f'<p class="get-help-later"><strong>{_escape(w["clinic_summary"])}</strong></p>')
    elif tiers["clinic"]:
        parts.append(f'<p class="get-help-later"><strong>{_escape(w["clinic"])}</strong></p>')
        parts.append(items(tiers["clinic"]))
    parts.append(
        f'<p class="get-help-report"><strong>{_escape(w["report"])}</strong> {_fill(route.report, emergency)}</p>'
    )
    parts.append("</div>")
    return in_html("\n".join(parts))
