""" "When to get help" as data: the signs in a handout's risks (handouts/<id>/risks.yaml) by how
fast to act, and the clinic's country's routes (rules/get-help/<country>.yaml), so every sign the
risks name has who to call and how fast, in every edition, the web page and the aftercare sheet.

A get-help section holds `{{ get_help }}` on a line of its own; rendering puts GET_HELP_MARKER
there (content/markup.py) and, after the sanitiser has checked the handout's own HTML, the box
(documents/get_help_box.py) takes its place (documents/sections.py, with_get_help), as the risk table
does. The box groups the signs by urgency, most urgent first:

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

from pathlib import Path

from pydantic import Field

from ..models import Strict
from ..problems import Problems
from . import yamlfile
from .country_codes import Country
from .risks import TIERS, RiskFile

ROUTES_FOLDER = ("rules", "get-help")


class RouteWords(Strict):
    urgent: str = Field(min_length=5)  # when the clinic cannot be reached at once (may hold {emergency})
    report: str = Field(min_length=5)  # where a side effect is reported: "to the FDA's MedWatch program: ..."
    emergency_place: str = ""  # "or go to A&E"
    same_day: str = ""  # when the clinic cannot be reached the same day: "call NHS 111"


class Routes(Strict):
    country: Country
    reference: str = Field(min_length=5)  # where ../shared/reference/ gives each route, or that it does not
    words: dict[str, RouteWords] = Field(min_length=1)  # by language


# The box's own words (documents/get_help_box.py), by language: a language without them is a
# located error at the routes file, as one without routes is.
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
        # r8 review (UK peels): "In an emergency, call 999" named no sign that calls for it
        "emergency_only": "In an emergency, such as trouble breathing or fainting, call {emergency} now{place}.",
        "urgent_emergency": "If you cannot reach us at once, call {emergency}{place}.",
        # after a `then:` in the emergency box ("Then call us too"): the numbers in the box itself
        "then_phones": "Call {phone} (after hours: {after_hours}).",
    },
    "es": {
        "emergency": "Llame al {emergency} ahora{place} si tiene:",
        "clinic-now": "Llámenos enseguida: {phone}",
        "after_hours": "(fuera de horario: {phone})",
        "clinic-same-day": "Llámenos el mismo día:",
        "if": "si tiene:",
        "clinic": "Díganoslo en su próxima visita, o llámenos si le preocupa:",
        "clinic_summary": "Otros efectos secundarios: díganoslo en su próxima visita, o llámenos.",
        "report": "Notifique efectos secundarios",
        "emergency_only": "En una emergencia, como si le cuesta respirar o se desmaya, llame al {emergency} ahora{place}.",
        "urgent_emergency": "Si no nos localiza enseguida, llame al {emergency}{place}.",
        "then_phones": "Llame al {phone} (fuera de horario: {after_hours}).",
    },
}


def routes(root: Path, country: str, language: str, report: Problems) -> RouteWords:
    """The country's routes in the language; a located ContentError when there are none."""
    path = root.joinpath(*ROUTES_FOLDER, f"{country}.yaml")
    if not path.is_file():
        raise report.error(
            path,
            None,
            f"no get-help routes for {country}: write this file (who to call, where to report a side effect)",
        )
    found, lines = yamlfile.load(path, Routes, root.resolve())
    if found.country != country:
        raise report.error(path, None, f"this file is for {country}: write 'country: {country}'")
    if language not in found.words or language not in WORDS:
        raise report.error(
            path,
            lines.get(("words",)),
            f"no '{language}' words for {country}'s get-help routes: add them under 'words:' (never another language's)",
        )
    return found.words[language]


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
    """A risk's signs sentence as an item of a list: 'A bruise.' -> 'a bruise', 'Red skin.' ->
    'red skin'; a first word in capitals ('HIV', 'UV') is kept (round-23 review: 'A lump...' and
    'A bruise...' kept their capital in lower-case lists, as only the second letter was looked at)."""
    text = signs.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    lower = first[1:].islower() if len(first) > 1 else first not in ("I", "")
    return text[:1].lower() + text[1:] if lower else text
