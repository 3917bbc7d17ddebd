"""The consent form (issue 21): a new output from the same data as the leaflet, per handout,
clinic and language. What the treatment is and its intended benefit (the leaflet's own
sections), every risk from risks.yaml with the same frequency text as the leaflet's risk
table, an initials box per serious risk, the alternatives (no treatment included), the
leaflet given (title and version), patient, practitioner and interpreter lines.

Fillable and tagged: text fields (initials limited to 4 characters) and checkboxes, which
WeasyPrint 70 makes; signatures are wet-ink lines, as there is no signature field type.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.risks import load_risks, risk_how_often
from ..problems import ContentError, Problems

CONSENT_ROLES = ("what-it-is", "benefits", "alternatives")
INITIALS_MAX = 4


def rows(output, root: Path) -> list[dict]:
    """The form's risks: the leaflet's data, in the leaflet's words and frequencies."""
    data = load_risks(output.handout.file.parent, root)
    if data is None:
        return []
    language = output.handout.meta.language
    return [
        {
            "id": risk.id,
            "name": (risk.words.get(language) or risk.words["en"]).name,
            "how_often": risk_how_often(risk, language, root),
            "serious": risk.severity == "serious",
            "max": INITIALS_MAX,
        }
        for risk in data.risks
    ]


def html(root: Path, output) -> str:
    from ..documents.html import HtmlDocuments
    from ..documents.templates import render_template

    pages = HtmlDocuments(root, {})
    context = pages.context(output, linked=False)
    context.update(
        edition="consent-form",
        qr=None,
        also_available="",
        sections=[s for s in context["sections"] if s.role in CONSENT_ROLES],
        risks=rows(output, root),
    )
    return render_template(pages.environment(output.clinic.folder), "consent.html.j2", context, root)


def make(root: Path, clinic: str, handout: str, language: str | None, report: Problems, today: dt.date) -> bytes:
    """The fillable consent form as PDF bytes; ContentError/UsageError as the sheet's."""
    import secrets

    from ..content.load import load_project
    from ..pdf.renderer import Renderer
    from .sheet import Sheet, checked

    root = root.resolve()
    project = load_project(root, report)
    output, result = checked(project, Sheet(clinic, handout, language), report, today)
    # the build reports the leaflet's findings; errors stop the form too
    errors = [f for c in result.checks for f in c.findings if f.severity == "error"]
    if errors:
        raise ContentError(*errors)
    if output.handout.meta.review_status == "draft":
        raise report.error(
            output.handout.file, None, "a draft handout has no consent form for patients; approve it first"
        )
    page = html(root, output)
    from ..documents.html import HtmlDocuments

    sheets = (*HtmlDocuments(root, {}).stylesheets(output), "styles/consent.css")
    data, messages, _ = Renderer(root).render(
        page,
        output.clinic.settings.font,
        tuple(s for s in sheets if s != f"styles/{output.edition}.css"),
        pages=None,
        denied=(root / "out",),
        colors=output.clinic.settings.colors,
        forms=True,
        identifier=secrets.token_hex(16).encode(),
    )
    for message in messages:
        report.add(output.handout.file, None, f"the renderer said: {message}", "warning")
    return limit_initials(data)


def limit_initials(data: bytes) -> bytes:
    """WeasyPrint 70 drops `maxlength`: each initials field gets its /MaxLen here."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            field = annotation.get_object()
            if "/T" not in field and "/Parent" in field:
                field = field["/Parent"].get_object()  # a widget of its field
            if str(field.get("/T", "")).startswith("initials-"):
                field[NameObject("/MaxLen")] = NumberObject(INITIALS_MAX)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
