"""Which handouts a clinic may publish on its website.

A web page is public, so a handout is published only when it passes the checks as
waiting-room material of the clinic's country. One that passes only as after-consultation
material (a UK leaflet naming prescription-only brands) is not published, the build says
so, and its PDFs carry no QR code. A handout once published and then withdrawn keeps a
"this leaflet has been withdrawn or replaced" page at its address, because printed
leaflets outlive their handouts.

The site itself is written by writers/sites.py, its pages made by documents/web.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from ..models import Output, Project
from ..problems import Problem, Problems
from . import Checker, CheckResult
from .diacritics import bare


def publishing(
    project: Project,
    checks: list[CheckResult],
    report: Problems,
    today: dt.date,
    known: dict[tuple, Problem | None] | None = None,
    checker: Checker | None = None,
) -> dict[tuple, Problem | None]:
    """For each (clinic, handout, language) of `checks`: None when it may be published (or the
    clinic has no website), else the warning that says why not (also added to `report`);
    such a handout is printed without a QR code and left off the website. `known` holds the
    verdicts of unchanged handouts from the last build, so they are not checked again;
    `checker`, the build's, lends its rule sets."""
    verdicts: dict[tuple, Problem | None] = {}
    for check in checks:
        output = check.output
        key = (output.clinic.slug, *output.handout.key)
        if key in verdicts:
            continue
        if known is not None and key in known:
            verdicts[key] = known[key]
        elif output.handout.meta.review_status == "draft":
            verdicts[key] = _draft(output, report.root)
        elif not output.clinic.settings.website or output.distribution == "waiting-room":
            verdicts[key] = None  # no site; or its own checks are the public ones
        elif output.handout.meta.id in output.clinic.settings.not_on_website:
            verdicts[key] = None  # the clinic's choice, not a finding: left_off() keeps it off the site
        else:
            verdicts[key] = _why_not(project, output, report.root, today, checker)
        if verdicts[key] is not None:
            report.extend([verdicts[key]])
    return verdicts


def on_website(verdicts: Mapping[tuple, Problem | None], output: Output) -> bool:
    """Whether `output`'s handout has a page on its clinic's site (and so a QR code): judged
    fit to publish, and not one the clinic keeps off its website (`not_on_website`)."""
    key = (output.clinic.slug, *output.handout.key)
    return (
        key in verdicts
        and verdicts[key] is None
        and output.handout.meta.id not in output.clinic.settings.not_on_website
    )


def left_off(project: Project) -> set[tuple[str, str, str]]:
    """(clinic, handout, language) of each handout a clinic keeps off its website on purpose
    (`not_on_website` in clinic.yaml): printed without a QR code, with no page, no warning."""
    return {
        (clinic.slug, handout, language)
        for clinic in project.clinics
        for handout in clinic.settings.not_on_website
        for language in clinic.settings.languages
    }


def _draft(output: Output, root: Path) -> Problem:
    handout = output.handout
    return Problem(
        Problems(root).rel(handout.file),
        handout.lines.get(("review_status",)),
        f"{output.label.removesuffix('.' + output.edition)} is a draft: not published on the clinic's website, "
        "and its PDFs have no QR code, until it is approved (`build.py approve`)",
        "warning",
        None,
        "web-not-published",
    )


def _why_not(project: Project, output: Output, root: Path, today: dt.date, checker: Checker | None) -> Problem | None:
    errors = public_errors(project, output, today, checker)
    if not errors:
        return None
    first = errors[0]
    broken = f"breaks '{first.rule}' ({first.message})" if first.rule else f"has an error ({first.message})"
    return Problem(
        first.file,
        first.line,
        f"{output.label.removesuffix('.' + output.edition)} is not published on the clinic's website and its "
        f"PDFs have no QR code: as public material it {broken}; "
        "it stays an after-consultation leaflet (if that is your choice, say so in clinic.yaml: "
        f"`not_on_website: [{output.handout.meta.id}]`)",
        "warning",
        first.col,
        "web-not-published",
    )


def public_errors(project: Project, output: Output, today: dt.date, checker: Checker | None = None) -> list[Problem]:
    """The errors the output's text has when checked as waiting-room material, its list of
    sources included: a web page shows the sources, and a source's title can name a
    prescription-only brand ("BOTOX Cosmetic label")."""
    settings = output.clinic.settings.model_copy(update={"distribution": "waiting-room"})
    public = dataclasses.replace(output, clinic=dataclasses.replace(output.clinic, settings=settings))
    scratch = Problems(project.root)
    checker = checker or Checker(project, scratch, today)
    results = checker.check([public], scratch)
    errors = [f for r in results for f in r.findings if f.severity == "error"]
    rules = checker.rules(public, scratch)
    if rules is None:
        return errors  # the bad rule file is reported with the content checks
    handout = output.handout
    for i, source in enumerate(handout.meta.sources):
        for rule in rules.claims:
            if rule.severity != "error" or rule.distribution != "waiting-room":
                continue  # the public-only rules: brand names and euphemisms of prescription-only medicines
            # the rules are stored bare (diacritics.py): read the title so, quote it as written
            match = next((m for p in rule.patterns if (m := re.search(p, bare(source), re.I))), None)
            if match:
                where = handout.lines.get(("sources", i)) or handout.lines.get(("sources",))
                message = rule.message.format(match=source[match.start() : match.end()])
                errors.append(Problem(scratch.rel(handout.file), where, message, "error", None, rule.id))
                break
    return errors
