"""Phone numbers a clinic's templates put on a printed page or a web page.

Patients dial what is printed or shown (round-8 attack, case 72: `clinic.phone | replace("5",
"6")` printed (666) 666-0142 on every page with exit 0). A number on a page made with a
clinic's own templates must be one of the clinic's numbers in clinic.yaml, or one that
Clearprint's own output of the same page shows (the country's reporting line in the get-help
box, from rules/get-help/): anything else is an error at the template that printed it.
Each of the clinic's numbers must also follow its own label, never only the other's (round-13
attack, case 40: "Phone" before the after-hours number and "After hours" before the day one,
each number shown as often as on Clearprint's page). Numbers typed in handouts are refused
where they are written (content/phone_numbers.py).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2

from ..content.phone_numbers import typed
from ..documents.labels import load_messages
from ..documents.template_locate import first_line, locate
from ..models import ClinicSettings
from ..problems import ContentError, Problem, Problems
from .page_text import page_chunks
from .text import Chunk

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


# Each number setting, and the key of the label Clearprint prints before it (templates/messages/):
# the emergency number's label before one of the clinic's numbers is wrong too (round-14 attack,
# case 23: "Emergency: {{ clinic.after_hours_phone }}").
_LABELS = {"phone": "phone", "after_hours_phone": "after_hours", "emergency": "emergency"}
LABEL_REACH = 60  # characters before a number read for its label


def _labels(root: Path) -> dict[str, set[str]]:
    """The words that label each phone setting, in every language of the templates' labels."""
    found: dict[str, set[str]] = {setting: set() for setting in _LABELS}
    for path in sorted((root / "templates" / "messages").glob("*.yaml")):
        try:
            messages = load_messages(root, path.stem)
        except ContentError:
            continue  # reported where the labels are used
        for setting, key in _LABELS.items():
            if label := messages.get(key, "").strip().casefold():
                found[setting].add(label)
    return found


def mislabelled(chunks: Iterable[Chunk], settings: ClinicSettings, root: Path) -> Iterator[tuple[re.Match, str]]:
    """(number, label) for each of the clinic's numbers shown after the label of another of its
    numbers and not after its own: 'Phone' before the after-hours number. The label is read in
    the text since the number before it (at most LABEL_REACH characters)."""
    labels = _labels(root)
    numbers = {setting: _digits(getattr(settings, setting) or "") for setting in _LABELS}
    for chunk in chunks:
        previous = 0
        for match in typed(chunk.text):
            window = chunk.text[max(previous, match.start() - LABEL_REACH) : match.start()].casefold()
            previous = match.end()
            own = {setting for setting, digits in numbers.items() if digits and digits == _digits(match[0])}
            if not own or any(label in window for setting in own for label in labels[setting]):
                continue
            other = next(
                (label for s, words in labels.items() if s not in own for label in words if label in window), None
            )
            if other is not None:
                yield match, other


def _mislabels(
    page: list[Chunk], plain: list[Chunk], settings: ClinicSettings, clinic: Path, root: Path, what: str, web: bool
) -> list[Problem]:
    """An error at the clinic's templates for each of its numbers `page` (a page's chunks) shows
    after another's label more often than `plain`, the same page from Clearprint's own templates,
    does (so words of the handout, on both, are never the template's doing)."""
    theirs = Counter((label, _digits(m[0])) for m, label in mislabelled(plain, settings, root))
    report, problems = Problems(root), []
    for match, label in mislabelled(page, settings, root):
        if theirs[(label, _digits(match[0]))] > 0:
            theirs[(label, _digits(match[0]))] -= 1
            continue
        file, line = _number_line(clinic, match[0], settings, web)
        problems.append(report.add(file or clinic / "templates", line, _mislabel_message(what, match[0], label)))
    return problems


def _after_the_emergency_label(
    page: list[Chunk], plain: list[Chunk], settings: ClinicSettings, clinic: Path, root: Path, what: str, web: bool
) -> list[Problem]:
    """An error at the clinic's templates for each number `page` (a page's chunks) shows right after the emergency
    label that is not the emergency number, more often than `plain` (Clearprint's own templates)
    does: "Emergency {{ clinic.emergency_number ~ '1' }}" printed "Emergency 9111" on every page
    (round-23 attack, case 17); emergency numbers are too short for `typed` to read."""
    labels = sorted(_labels(root)["emergency"], key=len, reverse=True)
    if not labels:
        return []
    after = re.compile(rf"(?:{'|'.join(map(re.escape, labels))})\W{{0,6}}?(?P<n>\d(?:[\d \u00a0-]*\d)?)", re.I)
    right = {_digits(n) for n in settings.emergency_numbers}

    def shown(chunks: list[Chunk]) -> Counter:
        return Counter(
            _digits(m["n"]) for chunk in chunks for m in after.finditer(chunk.text) if _digits(m["n"]) not in right
        )

    theirs, report, problems = shown(plain), Problems(root), []
    for digits, times in shown(page).items():
        if times > theirs[digits]:
            files = _template_files(clinic, web)
            file, line = first_line(files, re.compile(r"clinic\.emergency_number\b")) if files else (None, None)
            problems.append(report.add(file or clinic / "templates", line, (
                f"{what}: a clinic template shows '{digits}' after the emergency label, but the emergency number is "
                f"{settings.emergency}: patients would call the wrong number; print {{{{ clinic.emergency_number }}}} "
                "as it is"
            )))  # fmt: skip
    return problems


def _mislabel_message(what: str, number: str, label: str) -> str:
    return (
        f"{what}: a clinic template shows the clinic's number '{number}' after the label '{label}', which names "
        "another of its numbers: patients would call the wrong one; print {{ t.phone }} before "
        "{{ clinic.phone }} and {{ t.after_hours }} before {{ clinic.after_hours_phone }}"
    )


def _number_line(
    clinic: Path, number: str, settings: ClinicSettings, web: bool = False
) -> tuple[Path | None, int | None]:
    """The first line of the clinic's templates (web ones first for `web`) that prints the
    setting holding `number`; else the first that prints any phone setting."""
    files = _template_files(clinic, web)
    for setting in _LABELS:
        if files and _digits(getattr(settings, setting) or "") == _digits(number):
            file, line = first_line(files, re.compile(rf"clinic\.{setting}\b"))
            if line is not None:
                return file, line
    return _setting_line(clinic, web)


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
                # the number as printed, else its longest group of digits as the template writes it
                # ("({% for d in [5,5,5] %}{{ d }}{% endfor %}) 555-0100": round-23 attack, case 18)
                groups = sorted(set(re.findall(r"\d{4,}", match[0])), key=len, reverse=True)
                file, line = locate(env, template, clinic, root, (match[0], *groups))
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
    templates, does: another number is printed or shown in its place; and for each shown after
    another's label more often than there (_mislabels)."""
    chunks = page_chunks(page, root), page_chunks(plain, root)  # read once for both
    report, problems = Problems(root), _mislabels(*chunks, settings, clinic, root, what, web)
    problems += _after_the_emergency_label(*chunks, settings, clinic, root, what, web)
    for number, shown, expected in _fewer(page, plain, settings, root):
        file, line = _setting_line(clinic, web)
        problems.append(report.add(file or clinic / "templates", line, (
            f"{what}: a clinic template prints the clinic's number '{number}' {shown} times where Clearprint's own "
            f"page prints it {expected} times: another number is printed in its place; print {{{{ clinic.phone }}}} "
            "and {{ clinic.after_hours_phone }} as they are"
        )))  # fmt: skip
    return problems


def _template_files(clinic: Path, web: bool) -> list[Path]:
    """The clinic's templates, its web ones first for `web` (else its printed ones first)."""
    templates = clinic / "templates"
    return sorted(templates.rglob("*.j2"), key=lambda f: (("web" in f.relative_to(templates).parts) != web, f))


def _setting_line(clinic: Path, web: bool = False) -> tuple[Path | None, int | None]:
    """The first line of the clinic's templates (web ones first for `web`) that passes a phone
    setting through a filter, else that prints one; (None, None) without templates."""
    files = _template_files(clinic, web)
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
