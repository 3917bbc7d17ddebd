"""One patient's aftercare sheet: a visit file + a handout's aftercare and get-help sections.

`build.py sheet botulinum-toxin --clinic <slug> --visit visit.yaml --out sheet.pdf` reads the
visit (who, when, where, what, how much, by whom, when to come back), composes the handout as
the clinic prints it (its overrides, country passages and spelling), checks it as the build
does, and renders one page. The same template, with empty form fields instead of the visit's
details, makes a fillable sheet (`--fillable`); with `--edition`, the whole standard or
large-print leaflet gets the same fields.

Patient details are never kept: the PDF is made in memory and goes only where the person
asked (a file they name, standard output, a printer); nothing is written to the output
folder, the manifest or a report; the PDF's title and metadata are the handout's, never the
patient's; and a mistake in a visit file is reported by field and line, never by its value
(`VisitError` messages are written here, not taken from pydantic or PyYAML, which quote
what they read).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.markup import citations
from ..editions import EDITIONS, FILLABLE, WEB_EDITION
from ..models import Clinic, Output, Project
from ..options import Selection
from ..problems import ContentError, Problem, Problems, UsageError
from . import sheet_drawn, visit_claims
from .visit import FIELDS, Visit

if TYPE_CHECKING:
    from ..writers.state import Result

SHEET_ROLES = ("aftercare", "get-help")
# The one-page sheet tries the leaflet's order first, then when to get help first. Beside the
# aftercare, a get-help section a few lines longer than a column has no column left to run on
# into (the UK fillers sheet ran onto a second page with its left column a quarter empty);
# put first, its tail (the same-day signs, reporting a side effect) runs on into the right
# column, above the aftercare.
SHEET_ORDERS = (SHEET_ROLES, ("get-help", "aftercare"))
# --- the sheet ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """What to make: one handout of one clinic in one language, as the one-page sheet
    (`edition` None) or as a whole standard or large-print leaflet with the visit's fields."""

    clinic: str
    handout: str
    language: str | None = None  # default: the clinic's first language
    edition: str | None = None
    fillable: bool = False


def choose(project: Project, sheet: Sheet, report: Problems) -> tuple[Clinic, str]:
    """The clinic and language of a sheet; UsageError when the clinic does not print it."""
    site = next((s for s in project.clinics if s.slug == sheet.clinic), None)
    if site is None:
        raise ContentError(*report.errors)  # clinic.yaml has errors, reported when it was loaded
    settings = site.settings
    if sheet.handout not in settings.handouts:
        raise UsageError(
            f"clinic '{sheet.clinic}' does not print '{sheet.handout}' (it prints: {', '.join(settings.handouts)})"
        )
    lang = sheet.language or settings.languages[0]
    if lang not in settings.languages:
        raise UsageError(
            f"clinic '{sheet.clinic}' does not print in '{lang}' (it prints in: {', '.join(settings.languages)})"
        )
    if (sheet.handout, lang) not in project.handouts:
        if (sheet.handout, lang) in project.files:
            raise ContentError(*report.errors)  # the handout has errors, reported when it was loaded
        raise UsageError(f"'{sheet.handout}' has no '{lang}' version (handouts/{sheet.handout}/{lang}.md)")
    if sheet.edition and sheet.edition not in FILLABLE:
        raise UsageError(
            f"--edition {sheet.edition}: a sheet is made as the one-page sheet or a standard or large-print leaflet"
        )
    if sheet.edition and sheet.edition not in settings.editions:
        raise UsageError(f"clinic '{sheet.clinic}' does not print the {sheet.edition} edition")
    return site, lang


def checked(project: Project, sheet: Sheet, report: Problems, today: dt.date | None) -> tuple[Output, Result]:
    """The output a sheet is made from, checked as the build checks it (pipeline.check_project),
    with the build's publishing verdicts and the languages the build prints: the same output the
    build plans for that edition (or, for the one-page sheet, the web page's edition, else the
    first full edition the clinic prints). UsageError when the clinic does not print it."""
    site, lang = choose(project, sheet, report)
    from ..incremental.ocr_cache import ReadingsOnly
    from ..pipeline import check_project

    wanted = sheet.edition or WEB_EDITION
    editions = (wanted,) if wanted in site.settings.editions else ()
    quiet = Problems(report.root)  # findings elsewhere in the leaflet are the build's to report
    chosen = Selection((site.slug,), (sheet.handout,), (lang,), editions)
    # the images as the last build read them (out/ is read, never written, by a sheet)
    result = check_project(project, quiet, chosen, today, ReadingsOnly(project.root / "out"))
    full = [c for c in result.checks if not EDITIONS[c.output.edition].summary]
    if not full:
        report.extend(quiet.items)
        raise ContentError(*report.errors)
    output = full[0].output
    if output.edition != wanted:  # the one-page sheet of a clinic that prints no standard edition
        output = replace(output, edition=wanted)
    result.checks = [replace(full[0], output=output)] if output is not full[0].output else full[:1]
    return output, result


def cited_sources(output: Output) -> dict[str, list[tuple[int, str]]]:
    """For each section, (number, source) of the sources it cites, numbered as in the leaflet:
    printed under the section, as the sheet has no room for the leaflet's whole list."""
    meta, country = output.handout.meta, output.clinic.settings.country
    sources = meta.sources
    cited = {}
    for section in output.sections:
        numbers = sorted(citations(section.body))
        cited[section.role] = [
            (n, sources[n - 1]) for n in numbers if 1 <= n <= len(sources) and meta.source_for(n, country)
        ]
    return cited


def dose_unit(root: Path, output: Output) -> str | None:
    """The treatment's dose unit (risks.yaml `dose:`), None for one without a dose."""
    from ..content.risks import load_risks

    data = load_risks(output.handout.file.parent, root)
    return data.dose if data else "units"


def _above_label(root: Path, output: Output, visit: Visit) -> str | None:
    """Why the visit's dose is refused: more than its product's label gives for one visit
    (risks.yaml `dose_most`), and no one has confirmed it; None when it is not."""
    from ..content.risks import load_risks

    data = load_risks(output.handout.file.parent, root)
    if data is None or visit.dose is None or visit.dose_confirmed_by:
        return None
    for most in data.dose_most:
        if most.names(visit.product) and visit.dose > most.most:
            sources = output.handout.meta.sources
            label = f": {sources[most.source - 1].rstrip('.')}" if most.source <= len(sources) else ""
            return (
                f"'dose' is {visit.dose_text} {data.dose}, more than the {most.most:g} {data.dose} the label of "
                f"{most.product} gives for one visit (source [{most.source}]{label}); check the dose, and if it is "
                "right, add `dose_confirmed_by: <your name>`"
            )
    return None


def visit_view(visit: Visit | None, locale: str, t: dict[str, str]) -> dict[str, str]:
    """What each box on the sheet shows: the visit's details as text; empty for a blank form."""
    if visit is None:
        return dict.fromkeys(FIELDS, "")
    from ..documents.labels import long_date

    return {
        "patient_name": visit.patient_name,
        "date": long_date(visit.date, locale),
        "areas": ", ".join(visit.areas),
        "product": visit.product,
        "batch": visit.batch,
        "dose": f"{visit.dose_text} {t['sheet_unit_' + visit.dose_unit.lower()]}" if visit.dose_unit else "",
        "practitioner": visit.practitioner,
        "follow_up": long_date(visit.follow_up, locale) if visit.follow_up else t["sheet_not_booked"],
        "notes": visit.notes,
    }


def html(
    root: Path, output: Output, visit: Visit | None, sheet: Sheet, verdicts: dict, order: tuple[str, ...] = SHEET_ROLES
) -> str:
    """The sheet's HTML (or the leaflet's, with the visit's fields), in the clinic's templates;
    `verdicts` say what may be published (a QR code only for a handout the site publishes);
    `order`: the one-page sheet's sections, in this order."""
    from ..documents.html import HtmlDocuments
    from ..documents.templates import render_template

    pages = HtmlDocuments(root, verdicts)
    pages.get_help_summary = sheet.edition is None  # the one-page sheet: least urgent signs in one line
    context = pages.context(output, linked=False)
    context.update(
        visit=visit_view(visit, context["locale"], context["t"]),
        fields=tuple(f for f in FIELDS if f != "dose" or dose_unit(root, output) is not None),
        fillable=sheet.fillable,
        cited=cited_sources(output),
    )
    if sheet.edition is None:
        context.update(
            edition="aftercare-sheet",
            qr=None,
            also_available="",
            sections=sorted((s for s in context["sections"] if s.role in order), key=lambda s: order.index(s.role)),
        )
        name = "sheet.html.j2"
    else:
        name = "handout-fillable.html.j2"
    return render_template(pages.environment(output.clinic.folder), name, context, root)


def stylesheets(root: Path, output: Output, sheet: Sheet) -> tuple[str, ...]:
    from ..documents.html import HtmlDocuments

    sheets = list(HtmlDocuments(root, {}).stylesheets(output))
    if sheet.edition is None:
        sheets.remove(f"styles/{output.edition}.css")  # the sheet's layout is its own
    clinic = [s for s in sheets if s.startswith("clinics/")]
    return (*[s for s in sheets if s not in clinic], "styles/sheet.css", *clinic)


def make(root: Path, sheet: Sheet, visit: Visit | None, report: Problems, today: dt.date | None = None) -> bytes:
    """The PDF, in memory. Raises ContentError (the problems are in `report`) or UsageError.

    The handout is checked as the build checks it: a sheet is never made from text the build
    would refuse, nor from a handout whose review date has passed."""
    from ..content.load import load_project
    from ..pdf.fetcher import RefusedURL
    from ..pdf.overflow import DoesNotFit
    from ..pdf.renderer import Renderer

    root = root.resolve()
    project = load_project(root, report)
    output, result = checked(project, sheet, report, today)
    stopping = [f for f in result.checks[0].findings if f.severity == "error" and _on_sheet(f, output, sheet, report)]
    if stopping:
        report.extend(stopping)
        raise ContentError(*stopping)
    if visit is not None and (said := visit_claims.claim_problems(root, visit, output, report)):
        raise ContentError(*said)  # the visit's notes are printed: held to the claim rules
    unit = dose_unit(root, output)
    if visit is not None and unit is not None and visit.dose is None:
        raise report.error(
            output.handout.file.parent / "risks.yaml", None,
            f"this treatment has a dose: the visit file needs 'dose' and 'dose_unit' ({unit})",
        )  # fmt: skip
    if visit is not None and unit is not None and visit.dose_unit is not None and visit.dose_unit != unit:
        raise report.error(  # round-9 attack, case 68: "44 mL" of botulinum toxin, which is dosed in units
            visit._file or Path("/dev/stdin"), visit._lines.get(("dose_unit",)),
            f"'dose_unit' is {visit.dose_unit}, but this treatment is dosed in {unit} (its risks.yaml `dose:`); "
            f"write the dose in {unit}",
        )  # fmt: skip
    if visit is not None and (too_much := _above_label(root, output, visit)):
        raise report.error(visit._file or Path("/dev/stdin"), visit._lines.get(("dose",)), too_much)
    denied = (root / "out", *_python())
    renderer = Renderer(root)
    refused: list[DoesNotFit] = []  # an order that does not fit; the first says by how much
    try:
        for order in SHEET_ORDERS if sheet.edition is None else SHEET_ORDERS[:1]:
            try:
                page = html(root, output, visit, sheet, result.verdicts, order)
                data, messages, _ = renderer.render(
                    page,
                    output.clinic.settings.font,
                    stylesheets(root, output, sheet),
                    pages=1 if sheet.edition is None else None,
                    denied=denied,
                    colors=output.clinic.settings.colors,
                    forms=sheet.fillable,
                    identifier=secrets.token_hex(16).encode(),  # never a hash of the patient's details
                    inspect=True,  # what it drew, for the build's drawn checks (sheet_drawn.py)
                )
                break
            except DoesNotFit as exc:
                refused.append(exc)
        else:
            over = refused[0].over
            said = f"it runs over by {over[0]} lines (about {over[1]:.0f} mm of text)" if over else str(refused[0])
            raise report.error(
                output.handout.file,
                output.handout.section("aftercare").line if output.handout.section("aftercare") else None,
                f"the aftercare sheet does not fit one page ({said}): shorten the visit's notes, or the handout's "
                "'aftercare' and 'get-help' sections (a clinic can override them)",
            )
    except RefusedURL as exc:
        raise report.error(output.handout.file, None, f"the aftercare sheet could not be made: {exc}") from None
    printed = SHEET_ROLES if sheet.edition is None else None
    if renderer.drawn is not None and (drawn := sheet_drawn.problems(root, output, renderer.drawn, printed, page)):
        report.extend(drawn)
        raise ContentError(*drawn)  # what the sheet must show is not drawn readably: as a build refuses it
    for message in messages:
        report.add(output.handout.file, None, f"the renderer said: {message}", "warning")
    return data


def _on_sheet(finding: Problem, output: Output, sheet: Sheet, report: Problems) -> bool:
    """Whether an error stops the sheet: one in the front matter (a review date that has
    passed), one without a line, one in clinic.yaml, or one in a section the sheet prints (the whole leaflet
    for --edition). An error in a section the one-page sheet leaves out does not."""
    handout = output.handout
    if finding.line is None or (finding.file == report.rel(handout.file) and finding.line < handout.body_line):
        return True
    if finding.file == report.rel(output.clinic.folder / "clinic.yaml"):
        return True  # the clinic's settings and logo are printed on the sheet too (its words in the logo, read by OCR)
    printed = [s for s in output.sections if sheet.edition or s.role in SHEET_ROLES]
    return any(
        finding.file == report.rel(s.file) and s.line <= finding.line <= s.line + s.body.count("\n") + 1
        for s in printed
    )


def _python() -> tuple[Path, ...]:
    import sys

    return (Path(sys.prefix).resolve(),)


# --- where a sheet goes -------------------------------------------------------------------


def refuse_destination(path: Path, root: Path, patient: bool = True) -> str | None:
    """Why a sheet may not be written to `path`, or None. Never into a folder a build writes
    (out/, or any with a manifest) or the project's content folders; a sheet with a patient's
    details (`patient`) never anywhere inside the project (.git and .venv included): it would
    be one `git add .` from being shared."""
    path = path.resolve()
    if path.suffix.lower() != ".pdf":
        return f"{path.name}: name the sheet's file with .pdf at the end"
    root = root.resolve()
    kept = [root / name for name in ("out", "clinics", "handouts", "templates", "styles", "rules", "examples")]
    if any(path.is_relative_to(folder) for folder in kept):
        return f"{path} is inside the project's {path.relative_to(root).parts[0]}/ folder; aftercare sheets are never kept there"
    if patient and path.is_relative_to(root):
        return f"{path} is inside the handout project ({root}); aftercare sheets with a patient's details are never kept there"
    if any((folder / ".clearprint-manifest.json").exists() for folder in path.parents):
        return f"{path} is inside a folder Clearprint builds handouts into; aftercare sheets are never kept there"
    if not path.parent.is_dir():
        return f"{path.parent} is not a folder; create it first"
    return None


def save(path: Path, data: bytes) -> None:
    """Write the sheet readable by its owner only, whole or not at all."""
    from ..safe_io import save_private

    save_private(path, data)
