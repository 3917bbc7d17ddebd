"""A handout's sections as HTML: Markdown rendered with the clinic's values, the risk table,
the get-help box and the reviewers' waivers in place, and the sources the text cites."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from functools import lru_cache
from pathlib import Path

from markupsafe import escape

from ..content.markup import GET_HELP_MARKER, REL, RISK_MARKER, citations, fill_placeholders, without_citations
from ..models import Output, Section
from ..problems import Problems
from . import sourcemap
from .markdown import to_html
from .sanitise import require_clean
from .sourcemap import relative


@dataclass(frozen=True)
class RenderedSection:
    role: str
    title: str
    html: str
    origin: str
    src: str = ""  # "file:line" of its heading (sourcemap.py); empty on the web edition


def render_section(section: Section, values: dict[str, str], root: Path) -> RenderedSection:
    """The section's Markdown as HTML with its source marks. Made once per section and clinic
    values: a build asks for it for every edition, for the checks, the printed page, the
    located page, the page from Clearprint's own templates and the web page (a section that
    fails raises each time it is asked for)."""
    return _rendered(section, tuple(values.items()), root)


@lru_cache(maxsize=4096)
def _rendered(section: Section, values: tuple[tuple[str, str], ...], root: Path) -> RenderedSection:
    filled = fill_placeholders(
        without_citations(section.body), {**dict(values), "risk_table": RISK_MARKER, "get_help": GET_HELP_MARKER}
    )
    body = to_html(filled, relative(section.file.parent, root))
    refuse_attachments(body, section.file, section.line, root)
    require_clean(body, section.file, section.line, root)
    file = relative(section.file, root)
    body = sourcemap.annotate(body, filled, file, section.line + 1)
    return RenderedSection(section.role, section.title, body, section.origin, sourcemap.src(file, section.line))


def with_risks(section: RenderedSection, output: Output, root: Path) -> RenderedSection:
    """The risk table (risks.py) where the section's Markdown holds its placeholder."""
    from . import risk_table as risks
    from .risk_marks import RiskMarks

    if not risks.PLACEHOLDER.search(section.html):
        return section
    folder = output.handout.file.parent
    data = risks.load_risks(folder, root)
    clinic = output.clinic.settings
    made = (
        ""
        if data is None
        else risks.table(
            data,
            output.handout.meta.language,
            clinic.emergency,
            clinic.colors.primary,
            clinic.colors.text,
            root,
            RiskMarks(folder, root),  # each cell at its line of risks.yaml (the printed page and the web strip it)
        )
    )
    return dataclass_replace(section, html=risks.PLACEHOLDER.sub(lambda _: made, section.html))


def with_get_help(section: RenderedSection, output: Output, root: Path, summary: bool = False) -> RenderedSection:
    """The get-help box (get_help.py) where the section's Markdown holds its placeholder; a
    summary (the trifold, the one-page aftercare sheet) says the least urgent tier in one line."""
    from . import get_help_box as get_help
    from . import risk_table as risks
    from .risk_marks import RiskMarks

    if not get_help.PLACEHOLDER.search(section.html):
        return section
    data = risks.load_risks(output.handout.file.parent, root)
    if data is None:
        raise Problems(root).error(
            output.handout.file.parent / risks.RISKS_FILE,
            None,
            "{{ get_help }} makes the get-help box from the handout's risks: write this file, or the section by hand",
        )
    language, clinic = output.handout.meta.language, output.clinic.settings

    def made(found: re.Match[str]) -> str:
        src = get_help.SRC.search(found["attrs"])
        marks = RiskMarks(output.handout.file.parent, root) if src else None  # each sign at its risks.yaml line
        return get_help.box(data, language, clinic, root, Problems(root), src[0] if src else "", summary, marks)

    return dataclass_replace(section, html=get_help.PLACEHOLDER.sub(made, section.html))


def refuse_attachments(page: str, file: Path, line: int, root: Path) -> None:
    """The content checks refuse `rel=attachment` at its line; this makes sure nothing that
    Markdown produced carries it either, as WeasyPrint would embed the linked file."""
    for match in REL.finditer(page):
        if "attachment" in html.unescape(match[0]).lower():
            raise Problems(root).error(
                file, line, 'attachments are not allowed in handouts; remove rel="attachment" from this section'
            )


def with_waivers(sections: list[RenderedSection], waived: list, t: dict[str, str]) -> list[RenderedSection]:
    """Every waiver in force, small but visible, at the end of "About this leaflet" (or of the
    last section): the reader sees which findings a reviewer accepted, by whom and until when."""
    if not waived or not sections:
        return sections
    items = "".join(
        f"<li>{escape(w.rule)}: “{escape(w.match)}”. {escape(w.reason)} "
        f"({escape(w.reviewer)}, {w.date.isoformat()}; {escape(t.get('waiver_until', 'until'))} {w.expires.isoformat()})</li>"
        for _, w in waived
    )
    note = f'<div class="waivers"><p>{escape(t.get("waivers_title", "Accepted by our reviewers:"))}</p><ul>{items}</ul></div>\n'
    at = next((i for i, s in enumerate(sections) if s.role == "about-this-leaflet"), len(sections) - 1)
    chosen = sections[at]
    sections = list(sections)
    sections[at] = RenderedSection(chosen.role, chosen.title, chosen.html + note, chosen.origin)
    return sections


RISK_TABLE = re.compile(r"\{\{\s*risk_table\s*\}\}")


def cited_sources(output: Output, root: Path) -> list[int]:
    """The numbers of the sources the output's text cites ([2], [1, 3]), and those of the
    risks its risk table draws from risks.yaml: a summary that leaves some text out (the
    trifold) lists only the sources it still cites; a source marked for other countries
    (source_marks.py) is not listed."""
    bodies = [output.handout.intro, *(s.body for s in output.sections)]
    found = set(citations("\n".join(bodies)))
    if any(RISK_TABLE.search(body) for body in bodies):
        from . import risk_table

        data = risk_table.load_risks(output.handout.file.parent, root)
        found.update(n for risk in (data.risks if data else []) for n in risk.sources)
    meta, country = output.handout.meta, output.clinic.settings.country
    return sorted(n for n in found if 1 <= n <= len(meta.sources) and meta.source_for(n, country))
