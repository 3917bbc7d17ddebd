""" "When to get help", made from the signs in a handout's risks (handouts/<id>/risks.yaml) and
the clinic's country (rules/get-help/<country>.yaml), so every sign the risks name has who to
call and how fast, in every edition, the web page and the aftercare sheet.

A get-help section holds `{{ get_help }}` on a line of its own; rendering puts GET_HELP_MARKER
there (content/markup.py) and, after the sanitiser has checked the handout's own HTML, the box
made here takes its place (documents/html.py, with_get_help), as the risk table does. The box
groups the signs by urgency, most urgent first:

    emergency        Call <the emergency number> now (UK: or go to A&E) if you have: ...
    clinic-now       Call us now: <phone> (after hours: <phone>) if you have: ...
                     If you cannot reach us at once, <the country's route>.
    clinic-same-day  Call us the same day if you have: ...  (UK: NHS 111 if you cannot reach us)
    clinic           Tell us at your next visit, or call us if it worries you: ...
                     Report a side effect to <the country's reporting scheme>.

A country's routes come from its own file: a clinic in a country without one, or in a language
the file has no words for, is a located error, never another country's or language's words.
"""

from __future__ import annotations

import functools
import html as _html
import re
from pathlib import Path

from pydantic import Field

from .content import yamlfile
from .content.load import read_text
from .content.markup import GET_HELP_MARKER
from .models import Country, Strict
from .problems import Problems
from .risks import TIERS, RiskFile


def _escape(text: str) -> str:
    return _html.escape(text, quote=False)


ROUTES_FOLDER = ("rules", "get-help")
PLACEHOLDER = re.compile(r"<p\b(?P<attrs>[^>]*)>\s*" + GET_HELP_MARKER + r"\s*</p>")
SRC = re.compile(r'\sdata-src="[^"<>]*"')


class RouteWords(Strict):
    urgent: str = Field(min_length=5)  # when the clinic cannot be reached at once (may hold {emergency})
    report: str = Field(min_length=5)  # where a side effect is reported: "to the FDA's MedWatch program: ..."
    emergency_place: str = ""  # "or go to A&E"
    same_day: str = ""  # when the clinic cannot be reached the same day: "call NHS 111"


class Routes(Strict):
    country: Country
    reference: str = Field(min_length=5)  # where ../shared/reference/ gives each route, or that it does not
    words: dict[str, RouteWords] = Field(min_length=1)  # by language


WORDS = {
    "en": {
        "emergency": "Call {emergency} now{place} if you have:",
        "clinic-now": "Call us now: {phone}",
        "after_hours": "(after hours: {phone})",
        "clinic-same-day": "Call us the same day:",
        "if": "if you have:",
        "clinic": "Tell us at your next visit, or call us if it worries you:",
        "clinic_summary": "Other side effects: tell us at your next visit, or call us.",
        "report": "Report a side effect",
        "emergency_only": "None of the signs above is an emergency. In an emergency, call {emergency}{place}.",
    },
    "es": {
        "emergency": "Llame al {emergency} ahora{place} si tiene:",
        "clinic-now": "Llámenos enseguida: {phone}",
        "after_hours": "(fuera de horario: {phone})",
        "clinic-same-day": "Llámenos el mismo día:",
        "if": "si tiene:",
        "clinic": "Díganoslo en su próxima visita, o llámenos si le preocupa:",
        "clinic_summary": "Otros efectos secundarios: díganoslo en su próxima visita, o llámenos.",
        "report": "Notifique un efecto secundario",
        "emergency_only": "Ninguna de las señales de arriba es una emergencia. En una emergencia, llame al {emergency}{place}.",
    },
}


@functools.lru_cache(maxsize=32)
def _parsed(path: Path, mtime: int, root: Path) -> tuple[Routes, dict]:
    """The routes file and the line of each key (read once, through the guarded reader)."""
    report = Problems(root)
    data, lines = yamlfile.parse(read_text(path, report), path, report)
    return yamlfile.validate(Routes, data or {}, path, lines, report), lines


def routes(root: Path, country: str, language: str, report: Problems) -> RouteWords:
    """The country's routes in the language; a located ContentError when there are none."""
    path = root.joinpath(*ROUTES_FOLDER, f"{country}.yaml")
    if not path.is_file():
        raise report.error(
            path,
            None,
            f"no get-help routes for {country}: write this file (who to call, where to report a side effect)",
        )
    found, lines = _parsed(path, path.stat().st_mtime_ns, root.resolve())
    if found.country != country:
        raise report.error(path, None, f"this file is for {country}: write 'country: {country}'")
    if language not in found.words or language not in WORDS:
        raise report.error(
            path,
            lines.get(("words",)),
            f"no '{language}' words for {country}'s get-help routes: add them under 'words:' (never another language's)",
        )
    return found.words[language]


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


def signs_by_tier(risks: RiskFile, language: str) -> dict[str, list[str]]:
    """Each tier's sign phrases, in the risks' order, each phrase once."""
    tiers: dict[str, list[str]] = {tier: [] for tier in TIERS}
    for risk in risks.risks:
        words = risk.words.get(language) or risk.words["en"]
        given = words.help if words.help is not None else {risk.act: [_phrase(words.signs)]}
        for tier, phrases in given.items():
            for phrase in phrases:
                if phrase not in tiers[tier]:
                    tiers[tier].append(phrase)
    return tiers


def _phrase(signs: str) -> str:
    """A risk's signs sentence as an item of a list: 'A bruise.' -> 'a bruise'."""
    text = signs.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


SHORT_AFTER = 4  # urgent signs a summary lists before it shortens the least urgent tier to a line


def box(
    risks: RiskFile, language: str, clinic, root: Path, report: Problems, src: str = "", summary: bool = False
) -> str:
    """The get-help box's HTML for the clinic (ClinicSettings) in the language; `src` is the
    placeholder's ` data-src="file:line"` (sourcemap.py), which the box keeps. A summary
    edition (the trifold, the aftercare sheet) says the least urgent tier in one line instead of
    listing its signs, when the urgent tiers already list more than SHORT_AFTER signs."""
    route = routes(root, clinic.country, language, report)
    w = WORDS[language]
    emergency = clinic.emergency
    tiers = signs_by_tier(risks, language)

    def items(phrases: list[str]) -> str:
        return "<ul>\n" + "\n".join(f"<li>{_fill(p, emergency)}</li>" for p in phrases) + "\n</ul>"

    parts = [f'<div class="get-help-box"{src}>']
    place = f", {_escape(route.emergency_place)}," if route.emergency_place else ""
    if tiers["emergency"]:
        title = _escape(w["emergency"]).replace("{emergency}", _tel(emergency)).replace("{place}", place)
        parts.append(f'<div class="admonition danger">\n<p class="admonition-title">{title}</p>')
        parts.append(items(tiers["emergency"]))
        parts.append("</div>")
    if tiers["clinic-now"]:
        now = _escape(w["clinic-now"]).replace("{phone}", _tel(clinic.phone))
        after = _escape(w["after_hours"]).replace("{phone}", _tel(clinic.after_hours_phone))
        parts.append(f'<p class="get-help-now"><strong>{now}</strong> {after} {_escape(w["if"])}</p>')
        parts.append(items(tiers["clinic-now"]))
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
    if not tiers["emergency"]:
        # No sign in the risks is an emergency: no red box with nothing in it, only the number, last.
        line = (
            _escape(w["emergency_only"]).replace("{emergency}", _tel(emergency)).replace("{place}", place.rstrip(","))
        )
        parts.append(f'<p class="get-help-emergency-only">{line}</p>')
    parts.append("</div>")
    return "\n".join(parts)
