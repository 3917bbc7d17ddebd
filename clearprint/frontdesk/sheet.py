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
import difflib
import re
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from ..content import yamlfile
from ..content.markup import citations
from ..editions import EDITIONS, FILLABLE, WEB_EDITION
from ..models import Clinic, Output, Project
from ..options import Selection
from ..problems import ContentError, Problem, Problems, UsageError

if TYPE_CHECKING:
    from ..writers.state import Result

SHEET_ROLES = ("aftercare", "get-help")
MAX_VISIT_BYTES = 20_000  # a visit file is a dozen lines
NOTES_CHARS = 400  # what fits the notes box on a one-page sheet

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class Visit(BaseModel):
    """A visit file: one treatment of one patient. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    patient_name: Text
    date: dt.date
    areas: list[Text] = Field(min_length=1, max_length=8)
    product: Text
    batch: Text
    # Only for a treatment that has a dose (its risks.yaml `dose:`): a peel has none.
    dose: float | None = Field(default=None, gt=0, le=1000)
    dose_unit: Literal["units", "mL"] | None = None
    practitioner: Text
    follow_up: dt.date | None = None
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTES_CHARS)] = ""

    @field_validator("dose", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("not a number")  # "20 units" or "20": the unit is dose_unit
        return value

    @model_validator(mode="after")
    def _dose_with_unit(self) -> Visit:
        if (self.dose is None) != (self.dose_unit is None):
            raise ValueError("dose_unit")
        return self

    @model_validator(mode="after")
    def _follow_up_after_treatment(self) -> Visit:
        if self.follow_up is not None and self.follow_up <= self.date:
            raise ValueError("follow_up")
        return self

    @property
    def dose_text(self) -> str:
        return f"{self.dose:g}"


# One box each on the sheet, in reading order (the grid places them three to a row).
FIELDS = ("patient_name", "date", "areas", "follow_up", "product", "batch", "dose", "practitioner", "notes")


# --- reading a visit file: every message names the field and line, never the value ----------


def _quoted_field(key: object) -> str:
    """A field name to print: the known field it was meant to be, or no name at all (an
    unknown key may be a patient's name typed where the field name should be)."""
    if isinstance(key, str) and key in Visit.model_fields:
        return f"'{key}'"
    close = difflib.get_close_matches(str(key), list(Visit.model_fields), n=1, cutoff=0.75)
    return f"a field that looks like '{close[0]}'" if close else "a field"


def _visit_message(error: dict[str, Any]) -> str:
    loc = error["loc"]
    name = str(loc[0]) if loc else ""
    where = f"'{name}'" + (f" (item {loc[1] + 1})" if len(loc) > 1 and isinstance(loc[1], int) else "")
    kind = error["type"]
    known = ", ".join(Visit.model_fields)
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, list(Visit.model_fields), n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown field (not shown: it may be a patient detail); {hint}the fields of a visit file are: {known}"
    if kind == "missing":
        return f"{where} is missing; add it"
    if not loc:
        if kind == "value_error" and "follow_up" in str(error.get("ctx", {}).get("error", "")):
            return "'follow_up' must be after 'date' (the day of the treatment); check both dates"
        if kind == "value_error" and "dose_unit" in str(error.get("ctx", {}).get("error", "")):
            return "'dose' and 'dose_unit' go together: write both (or neither, for a treatment without a dose)"
        return "a visit file is written as `field: value` lines"
    if name in ("date", "follow_up"):
        return f"{where} must be a real date written as YYYY-MM-DD, e.g. 2026-03-02"
    if name == "dose":
        if kind in ("greater_than", "less_than_equal"):
            return "'dose' must be a number more than 0 (and at most 1000), e.g. 20 or 0.5"
        return "'dose' must be a number, e.g. 20 or 0.5; write the unit in 'dose_unit'"
    if name == "dose_unit":
        return "'dose_unit' must be units or mL"
    if name == "areas" and kind in ("list_type", "too_short", "too_long"):
        return "'areas' must be a list of 1 to 8 areas, e.g. [frown lines, crow's feet]"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"{where} is too long for the sheet: at most {limit} characters; shorten it"
    if kind in ("string_too_short", "too_short"):
        return f"{where} is empty; fill it in"
    if kind == "string_type":
        return f"{where} must be text; put it in quotes"
    return f"{where} is not valid ({kind}); check it"


# Messages of yamlfile.parse that quote nothing the person wrote; every other one is replaced.
_SAFE_PARSE = re.compile(
    r"^(YAML anchors and aliases|YAML tags such as|the settings are nested|"
    r"the settings contain an invisible control character|the YAML is not valid|the file is not UTF-8|U\+[0-9A-F]{4,6} )"
)


def read_limited(path: Path) -> bytes:
    """A visit file's bytes: a regular file only (never a FIFO or /dev/zero, which would hang
    or never end), and at most MAX_VISIT_BYTES + 1 of them."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_VISIT_BYTES + 1)
    finally:
        os.close(fd)


def visit_text(data: bytes, shown: Path, report: Problems) -> str:
    """The text of a visit file's bytes (from a file or standard input): refused when it is
    over MAX_VISIT_BYTES (never cut short) or not UTF-8 (never printed as mojibake)."""
    if len(data) > MAX_VISIT_BYTES:
        raise report.error(shown, None, f"a visit file is a few lines; this one is over {MAX_VISIT_BYTES // 1000} KB")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise report.error(shown, line, "the visit file is not UTF-8 text; save it again as UTF-8") from None


def _read(path: Path | None, report: Problems, text: str | None = None) -> tuple[Any, dict]:
    shown = path if path is not None else Path("/dev/stdin")
    if text is None:
        try:
            data = read_limited(path)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise report.error(path, None, f"cannot read the visit file ({reason.lower()})") from None
        text = visit_text(data, path, report)
    quiet = Problems(report.root)
    try:
        return yamlfile.parse(text, shown, quiet)
    except ContentError as exc:
        problems = []
        for problem in exc.problems:
            message = problem.message
            if message.startswith("the word '"):  # it quotes the word: the patient's name, perhaps
                message = "a word here mixes letters of different scripts (a look-alike letter); retype it"
            elif "appears twice" in message:
                message = "a field appears twice; keep one"
            elif "has no value because YAML reads" in message:
                message = "a field has no value because YAML reads everything after ' #' as a comment; put the value in quotes"
            elif not _SAFE_PARSE.match(message):
                message = "the YAML is not valid here; write `field: value` lines"
            if message.startswith("the YAML is not valid"):  # PyYAML may quote a token it read
                message = "the YAML is not valid here; check quotes, colons and indentation"
            problems.append(report.add(shown, problem.line, message))
        raise ContentError(*problems) from None


def load_visit(path: Path | None, report: Problems, text: str | None = None) -> Visit:
    """A visit file (or, with `path` None, `text` from standard input), validated; raises
    ContentError with every problem, each at its line."""
    shown = path if path is not None else Path("/dev/stdin")
    data, lines = _read(path, report, text)
    if not isinstance(data, dict):
        raise report.error(shown, 1, "a visit file is written as `field: value` lines (see examples/visit.yaml)")
    unnamed = [key for key in data if not isinstance(key, str)]
    if unnamed:
        raise report.error(shown, 1, "every field name must be a word such as patient_name; see examples/visit.yaml")
    try:
        return Visit.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            loc = tuple(error["loc"])
            if not loc and error["type"] == "value_error":
                loc = ("follow_up",)
            line = lines.get(loc) or (lines.get(loc[:1]) if loc else None) or 1
            problems.append(report.add(shown, line, _visit_message(error)))
        date, follow_up = data.get("date"), data.get("follow_up")
        if isinstance(date, dt.date) and isinstance(follow_up, dt.date) and follow_up <= date:
            # pydantic checks the two dates together only when every field is valid: say it now
            message = _visit_message({"loc": (), "type": "value_error", "ctx": {"error": "follow_up"}})
            problems.append(report.add(shown, lines.get(("follow_up",), 1), message))
        raise ContentError(*problems) from None


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
    from ..pipeline import check_project

    wanted = sheet.edition or WEB_EDITION
    editions = (wanted,) if wanted in site.settings.editions else ()
    quiet = Problems(report.root)  # findings elsewhere in the leaflet are the build's to report
    result = check_project(project, quiet, Selection((site.slug,), (sheet.handout,), (lang,), editions), today)
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
    sources = output.handout.meta.sources
    cited = {}
    for section in output.sections:
        numbers = sorted(citations(section.body))
        cited[section.role] = [(n, sources[n - 1]) for n in numbers if 1 <= n <= len(sources)]
    return cited


def dose_unit(root: Path, output: Output) -> str | None:
    """The treatment's dose unit (risks.yaml `dose:`), None for one without a dose."""
    from ..risks import load_risks

    data = load_risks(output.handout.file.parent, root)
    return data.dose if data else "units"


def visit_view(visit: Visit | None, locale: str, t: dict[str, str]) -> dict[str, str]:
    """What each box on the sheet shows: the visit's details as text; empty for a blank form."""
    if visit is None:
        return dict.fromkeys(FIELDS, "")
    from ..documents.html import long_date

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


def html(root: Path, output: Output, visit: Visit | None, sheet: Sheet, verdicts: dict) -> str:
    """The sheet's HTML (or the leaflet's, with the visit's fields), in the clinic's templates;
    `verdicts` say what may be published (a QR code only for a handout the site publishes)."""
    from ..documents.html import HtmlDocuments, render_template

    pages = HtmlDocuments(root, verdicts)
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
            sections=[s for s in context["sections"] if s.role in SHEET_ROLES],
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
    from ..pdf.renderer import DoesNotFit, RefusedURL, Renderer

    root = root.resolve()
    project = load_project(root, report)
    output, result = checked(project, sheet, report, today)
    stopping = [f for f in result.checks[0].findings if f.severity == "error" and _on_sheet(f, output, sheet, report)]
    if stopping:
        report.extend(stopping)
        raise ContentError(*stopping)
    unit = dose_unit(root, output)
    if visit is not None and unit is not None and visit.dose is None:
        raise report.error(
            output.handout.file.parent / "risks.yaml", None,
            f"this treatment has a dose: the visit file needs 'dose' and 'dose_unit' ({unit})",
        )  # fmt: skip
    page = html(root, output, visit, sheet, result.verdicts)
    denied = (root / "out", *_python())
    try:
        data, messages, _ = Renderer(root).render(
            page,
            output.clinic.settings.font,
            stylesheets(root, output, sheet),
            pages=1 if sheet.edition is None else None,
            denied=denied,
            colors=output.clinic.settings.colors,
            forms=sheet.fillable,
            identifier=secrets.token_hex(16).encode(),  # never a hash of the patient's details
        )
    except DoesNotFit:
        raise report.error(
            output.handout.file,
            output.handout.section("aftercare").line if output.handout.section("aftercare") else None,
            "the aftercare sheet does not fit one page: shorten the visit's notes, or the handout's "
            "'aftercare' and 'get-help' sections (a clinic can override them)",
        ) from None
    except RefusedURL as exc:
        raise report.error(output.handout.file, None, f"the aftercare sheet could not be made: {exc}") from None
    for message in messages:
        report.add(output.handout.file, None, f"the renderer said: {message}", "warning")
    return data


def _on_sheet(finding: Problem, output: Output, sheet: Sheet, report: Problems) -> bool:
    """Whether an error stops the sheet: one in the front matter (a review date that has
    passed), one without a line, or one in a section the sheet prints (the whole leaflet
    for --edition). An error in a section the one-page sheet leaves out does not."""
    handout = output.handout
    if finding.line is None or (finding.file == report.rel(handout.file) and finding.line < handout.body_line):
        return True
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


JOB_NAME = "Aftercare sheet"  # the print job's name: never the patient's


def send(root: Path, clinic: str, printer: str | None, data: bytes) -> str:
    """Print the sheet on one of the clinic's printers (clinic.yaml `printers:`), with a generic
    job name, straight from memory (a memfd: no file on disk). Returns the job id.
    Raises UsageError or cups.PrintServerError (plain words)."""
    import os

    from ..content.load import load_clinic
    from . import cups
    from .printing import MEDIA

    report = Problems(root)
    site = load_clinic(root / "clinics" / clinic, report)
    printers = site.settings.printers
    if printer is None:
        printer = "desk" if "desk" in printers else next(iter(printers)) if len(printers) == 1 else None
        if printer is None:
            named = (
                f": --printer {' or --printer '.join(printers)}"
                if printers
                else (f"; clinics/{clinic}/clinic.yaml names none (add `printers: {{desk: <queue>}}`)")
            )
            raise UsageError(f"say which printer{named}")
    if printer not in printers:
        raise UsageError(
            f"no printer '{printer}' in clinics/{clinic}/clinic.yaml (it names: {', '.join(printers) or 'none'})"
        )
    queue = cups.Queue.of(printers[printer])
    options = {
        "media": MEDIA[site.settings.page_size],
        "sides": "one-sided",
        "print-scaling": "none",
        "fit-to-page": "false",
    }
    fd = os.memfd_create("aftercare-sheet", 0)  # inherited by nothing; gone when closed
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        return cups.submit(queue, f"/proc/{os.getpid()}/fd/{fd}", JOB_NAME, 1, options)
    finally:
        os.close(fd)
