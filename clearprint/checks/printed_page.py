"""A page printed with a clinic's own templates, read once more as it is printed.

The handout's checks read its page before the publishing verdicts are known (no QR code),
and a template could print a claim only beside a QR code, or only where it sees that its
words are not marked for the checks. So the printed page (`page`), the same page with its
template words located (`located`) and the same output from Clearprint's own templates
(`plain`) are read again here: claims and other languages' words (page_claims.py), CSS the
templates add (clinic_css.py), stylesheet links and text direction (documents/print_markup.py)
and phone numbers no setting holds (template_numbers.py).

One function for the build (writers/handouts.py, while the workers render the pages before)
and `build.py check` (writers/page_check.py). Run on a rendering worker instead (issue 18), it
took 10% of the main process's CPU off it at 20 clinics with the build's wall time unchanged,
and made the samples' build 11% slower: on 2 cores the workers are as busy as the main
process, so it runs in the main process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..documents import print_markup
from ..models import Clinic
from ..problems import Problem
from . import template_numbers
from .page_claims import PageClaims, added_css_problems


@dataclass(frozen=True)
class PrintedPage:
    root: Path
    label: str  # the output, as messages name it
    page: str  # as printed
    located: str  # with the clinic templates' words marked with their file and line
    plain: str  # the same output from Clearprint's own templates
    clinic: Clinic
    language: str
    distribution: str
    known: frozenset[str]  # what the handout's own checks read (page_claims.known_text)
    handout: Path  # the handout's file, where words with no mark of their own may be written
    template: str  # the edition's template


def problems(printed: PrintedPage, claims: PageClaims, env: jinja2.Environment) -> list[Problem]:
    """Every problem with the printed page, each at the template or file that made it. `claims`
    and `env`: the build's rules and the clinic's template environment, loaded once per build."""
    clinic, root = printed.clinic, printed.root
    found = claims.same_page(printed.page, printed.located, clinic)
    found += claims.findings(
        printed.located, clinic, printed.language, printed.distribution, printed.known, [printed.handout]
    )
    found += added_css_problems(printed.page, printed.plain, clinic, root, "the page")
    found += print_markup.added(
        printed.page, lambda: printed.plain, env, printed.template, clinic.folder, root, printed.label
    )  # a stylesheet link or a text direction
    found += template_numbers.on_printed_page(
        printed.page, printed.plain, clinic.settings, env, printed.template, clinic.folder, root, printed.label
    )  # a phone number no setting holds
    return found
