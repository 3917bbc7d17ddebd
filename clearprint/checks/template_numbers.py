"""Phone numbers a clinic's templates put on a printed page or a web page.

Patients dial what is printed or shown (round-8 attack, case 72: `clinic.phone | replace("5",
"6")` printed (666) 666-0142 on every page with exit 0). A number on a page made with a
clinic's own templates must be one of the clinic's numbers in clinic.yaml, or one that
Clearprint's own output of the same page shows (the country's reporting line in the get-help
box, from rules/get-help/): anything else is an error at the template that printed it.
Numbers typed in handouts are refused where they are written (content/phone_numbers.py).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import jinja2

from ..content.phone_numbers import typed
from ..documents.template_locate import first_line, locate
from ..models import ClinicSettings
from ..problems import Problem, Problems
from .page_text import page_chunks

_INLINE_TAG = re.compile(r"</?(?:a|span|strong|em|b|i|small|abbr|wbr)\b[^>]*>", re.I)
_OTHER_TAG = re.compile(r"<[^>]+>")
_SETTING = re.compile(r"clinic\.(?:after_hours_)?phone\b")
# A phone setting printed through an expression: a filter, a method, a slice or a join
# (`clinic.phone | replace(…)`, `clinic.phone.replace(…)`, `clinic.phone[:-1] ~ …`).
_FILTERED = re.compile(r"clinic\.(?:after_hours_)?phone\s*[|.\[~+]|[~+]\s*clinic\.(?:after_hours_)?phone\b")


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _message(what: str, shown: str) -> str:
    return (
        f"{what}: a clinic template prints the phone number '{shown}', which is not one of the clinic's numbers "
        "in clinic.yaml; print {{ clinic.phone }} and {{ clinic.after_hours_phone }} as they are"
    )


def allowed(settings: ClinicSettings, texts: Iterable[str]) -> set[str]:
    """The digits of the clinic's numbers and of every number in `texts` (what Clearprint made)."""
    known = {_digits(n) for n in (settings.phone, settings.after_hours_phone) if n}
    return known | {_digits(m[0]) for text in texts for m in typed(text)}


def _rough(page: str) -> Counter[str]:
    """The digits of each number in `page` read roughly (inline tags dropped, others a space),
    with how often each is shown."""
    text = " ".join(html.unescape(_OTHER_TAG.sub(" ", _INLINE_TAG.sub("", page))).split())
    return Counter(_digits(m[0]) for m in typed(text))


def _only_known(page: str, plain: str, settings: ClinicSettings) -> bool:
    """Whether every number `page` shows, read roughly, is a setting's or one `plain` shows:
    then the page holds nothing to read closely (a rough reading that differs is read closely)."""
    return set(_rough(page)) <= allowed(settings, ()) | set(_rough(plain))


def _fewer(page: str, plain: str, settings: ClinicSettings, root: Path) -> list[tuple[str, int, int]]:
    """(number, times on `page`, times on `plain`) for each of the clinic's numbers that the
    clinic's page shows fewer times than Clearprint's own page does, when another of them is
    shown more times: printed in its place (round-9 attack, case 61:
    `clinic.phone | replace("0142", "0199")` put the after-hours number beside "Phone" in every
    header; both numbers are the clinic's, but the day number was gone from where it belongs).
    Counted roughly first; a difference is counted again on the page's text as drawn."""
    numbers = [n for n in (settings.phone, settings.after_hours_phone) if n]
    if not _swapped(numbers, _rough(page), _rough(plain)):
        return []
    mine, theirs = _drawn(page, root), _drawn(plain, root)
    if not _swapped(numbers, mine, theirs):
        return []
    return [(n, mine[_digits(n)], theirs[_digits(n)]) for n in numbers if mine[_digits(n)] < theirs[_digits(n)]]


def _swapped(numbers: list[str], mine: Counter[str], theirs: Counter[str]) -> bool:
    """Whether one of the clinic's numbers is shown fewer times and another more times than on
    Clearprint's own page: one printed in the other's place. A number a template leaves out (a
    banner without the phone) is its choice; the required get-help box is checked as drawn."""
    fewer = any(mine[_digits(n)] < theirs[_digits(n)] for n in numbers)
    return fewer and any(mine[_digits(n)] > theirs[_digits(n)] for n in numbers)


def _drawn(page: str, root: Path) -> Counter[str]:
    """The digits of each number in `page`'s text as the checks read it, with how often each is shown."""
    return Counter(_digits(m[0]) for chunk in page_chunks(page, root) for m in typed(chunk.text))


def on_printed_page(
    page: str,
    plain: str,
    settings: ClinicSettings,
    env: jinja2.Environment,
    template: str,
    clinic: Path,
    root: Path,
    what: str,
) -> list[Problem]:
    """An error at the clinic template for each number `page` shows that neither clinic.yaml
    holds nor `plain` (the same page from Clearprint's own templates) shows, and for each of
    the clinic's numbers it shows fewer times than `plain` does (printed in another's place)."""
    report, problems = Problems(root), fewer(page, plain, settings, clinic, root, what)
    if _only_known(page, plain, settings):
        return problems
    known = allowed(settings, (c.text for c in page_chunks(plain, root)))
    for chunk in page_chunks(page, root):
        for match in typed(chunk.text):
            if _digits(match[0]) not in known:
                file, line = locate(env, template, clinic, root, match[0])
                if line is None:  # made from the settings (round-11 attack, case 26): at the expression
                    found, at = _setting_line(clinic)
                    file, line = (found, at) if found is not None else (file, line)
                problems.append(report.add(file, line, _message(what, match[0])))
    return list(dict.fromkeys(problems))


def fewer(
    page: str, plain: str, settings: ClinicSettings, clinic: Path, root: Path, what: str, web: bool = False
) -> list[Problem]:
    """An error at the clinic's templates (its web ones first for `web`) for each of the clinic's
    numbers that `page` shows fewer times than `plain`, the same page from Clearprint's own
    templates, does: another number is printed or shown in its place."""
    report, problems = Problems(root), []
    for number, shown, expected in _fewer(page, plain, settings, root):
        file, line = _setting_line(clinic, web)
        problems.append(report.add(file or clinic / "templates", line, (
            f"{what}: a clinic template prints the clinic's number '{number}' {shown} times where Clearprint's own "
            f"page prints it {expected} times: another number is printed in its place; print {{{{ clinic.phone }}}} "
            "and {{ clinic.after_hours_phone }} as they are"
        )))  # fmt: skip
    return problems


def _setting_line(clinic: Path, web: bool = False) -> tuple[Path | None, int | None]:
    """The first line of the clinic's templates (web ones first for `web`) that passes a phone
    setting through a filter, else that prints one; (None, None) without templates."""
    templates = clinic / "templates"
    files = sorted(templates.rglob("*.j2"), key=lambda f: (("web" in f.relative_to(templates).parts) != web, f))
    if not files:
        return None, None
    file, line = first_line(files, _FILTERED)
    return (file, line) if line is not None else first_line(files, _SETTING)


def on_web_page(
    marked: str, known_text: Iterable[str], settings: ClinicSettings, clinic: Path, root: Path, what: str
) -> list[Problem]:
    """An error, at the template line the page's marks give, for each number the web page
    `marked` (its words located, as the checks read it) shows that neither clinic.yaml holds
    nor the handout's own text (`known_text`, made by Clearprint) gives. A number made from a
    setting by an expression (`clinic.phone | replace(...)`) is marked at the setting: it is
    put at the first line of the clinic's web templates that prints a phone setting instead.
    (`fewer`, given the page from Clearprint's own templates, finds one of the clinic's numbers
    shown in the other's place.)"""
    known = allowed(settings, known_text)
    templates = clinic / "templates"
    report, problems = Problems(root), []
    for chunk in page_chunks(marked, root):
        for match in typed(chunk.text):
            if _digits(match[0]) in known:
                continue
            at = chunk.at(match.start())
            file, line, col = at.file, at.line, at.col
            if templates.is_dir() and not file.resolve().is_relative_to(templates.resolve()):
                found, at_line = _setting_line(clinic, web=True)  # a setting passed through a filter first
                if found is not None:
                    file, line, col = found, at_line, None
            problems.append(report.add(file, line, _message(what, match[0]), col=col))
    return list(dict.fromkeys(problems))
