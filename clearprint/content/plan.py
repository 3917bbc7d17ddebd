"""Plan the outputs: clinics x handouts x languages x editions, each with its final sections.

A clinic's sections replace the handout's section of the same role or are added after
the handout's own sections; shared sections come last, the clinic's copy first.
"""

from __future__ import annotations

from dataclasses import replace

from ..editions import is_summary
from ..models import REQUIRED_ROLES, TRIFOLD_ROLES, Clinic, Handout, Output, Project, Section
from ..options import Selection
from ..problems import ContentError, Problems
from . import country
from .local_review import signed
from .spelling import VARIANTS, convert


def compose(site: Clinic, handout: Handout, project: Project, report: Problems) -> tuple[Section, ...]:
    if handout.key in site.broken:
        raise ContentError()  # the clinic's override file has errors, reported when it was read
    sections = list(handout.sections)
    local = site.local.get(handout.key)
    for override in local.sections if local else ():
        index = next((i for i, s in enumerate(sections) if s.role == override.role), None)
        if index is None:
            sections.append(override)
        else:
            sections[index] = override
    lang = handout.meta.language
    for i, role in enumerate(handout.meta.shared):
        shared = site.shared.get((role, lang)) or project.shared.get((role, lang))
        line = handout.lines.get(("shared", i))
        if shared is None:
            raise report.error(
                handout.file, line, f"shared section '{role}' not found; add handouts/_shared/{role}/{lang}.md"
            )
        if any(s.role == role for s in sections):
            raise report.error(
                handout.file,
                line,
                f"shared section '{role}' has the same role as a section of this handout; remove one",
            )
        sections.append(shared)
    missing = [role for role in REQUIRED_ROLES if not any(s.role == role for s in sections)]
    problems = [
        report.add(
            handout.file,
            handout.body_line,  # where the sections begin: the new one goes among them
            f"missing required section '{role}'; add a heading such as '## ... {{#{role}}}'",
        )
        for role in missing
    ]
    if handout.meta.trifold is not None:
        roles = [s.role for s in sections]
        line = handout.lines.get(("trifold",))
        for role in [r for r in handout.meta.trifold if r not in roles]:
            problems.append(report.add(handout.file, line, f"trifold: '{role}' is not a section of this handout"))
        for role in [r for r in TRIFOLD_ROLES if r not in handout.meta.trifold]:
            problems.append(
                report.add(handout.file, line, f"trifold: the summary brochure must carry the '{role}' section; add it")
            )
    try:  # passages written for some countries only: keep the clinic's country's version
        chosen = country.for_clinic(tuple(sections), site, handout, report)
    except ContentError as exc:
        problems += exc.problems
    if problems:
        raise ContentError(*problems)
    return chosen


def unmatched(project: Project, selection: Selection) -> str | None:
    """Why the selection matches nothing the clinics build, naming what exists; None if it matches."""
    sites = [s for s in project.clinics if not selection.clinics or s.slug in selection.clinics]
    if not sites:
        return None  # the clinics asked for exist (the CLI checked) but failed to load: reported already
    where = "the clinics chosen" if selection.clinics else "any clinic"
    for name, wanted, available in (
        ("handout", selection.handouts, {h for s in sites for h in s.settings.handouts}),
        ("language", selection.languages, {lang for s in sites for lang in s.settings.languages}),
        ("edition", selection.editions, {e for s in sites for e in s.settings.editions}),
    ):
        for value in wanted:
            if value not in available:
                return f"no {name} '{value}' is built by {where} (they build: {', '.join(sorted(available))})"
    return None


def failed_to_load(project: Project) -> set[tuple[str, str]]:
    """(handout, language) of every handout file that is there but could not be loaded."""
    return project.files - set(project.handouts)


def plan(project: Project, report: Problems, selection: Selection | None = None) -> list[Output]:
    selection = selection or Selection()
    outputs: list[Output] = []
    failed = failed_to_load(project)
    known_ids = {hid for hid, _ in project.files}
    for site in project.clinics:
        clinic_file = site.folder / "clinic.yaml"
        for i, hid in enumerate(site.settings.handouts):
            if hid not in known_ids:
                report.add(clinic_file, site.lines.get(("handouts", i)), f"no handout with id '{hid}' in handouts/")
                continue
            composed: dict[str, tuple[Handout, tuple[Section, ...], list]] = {}
            for lang in site.settings.languages:
                editions = [e for e in site.settings.editions if selection.wants(site.slug, hid, lang, e)]
                handout = project.handouts.get((hid, lang))
                if handout is None:
                    if editions and (hid, lang) not in project.files:
                        report.add(
                            clinic_file,
                            site.lines.get(("languages",)),
                            f"'{hid}' has no '{lang}' version (handouts/{hid}/{lang}.md), so it is not built in that language",
                            "warning",
                        )
                    continue  # a file that failed to load has reported its problem already
                try:  # languages not asked for are composed too, quietly: "also available in" names them
                    sections = compose(site, handout, project, report if editions else Problems(report.root))
                except ContentError:
                    continue
                composed[lang] = (*in_variant(signed(handout, site), sections, site, project), editions)
            broken = [lang for lang in site.settings.languages if (hid, lang) in failed]
            # Every other language says "also available in ..." only for a version that is printed.
            siblings = tuple((lang, edition) for lang in composed for edition in site.settings.editions)
            for handout, sections, editions in composed.values():
                if broken and editions:  # that line would change: leave its PDFs as they are until the fix
                    report.add(
                        handout.file,
                        None,
                        f"not rebuilt for {site.slug} while handouts/{hid}/{broken[0]}.md has errors (fix them first)",
                        "warning",
                    )
                    continue
                outputs += [
                    Output(site, handout, for_edition(handout, sections, edition), edition, siblings)
                    for edition in editions
                ]
    return outputs


def in_variant(
    handout: Handout, sections: tuple[Section, ...], site: Clinic, project: Project
) -> tuple[Handout, tuple[Section, ...]]:
    """The handout as the clinic's readers spell its language (content/spelling.py): US spelling for a
    US clinic, British for the others."""
    rules = project.spellings.get((site.slug, handout.meta.language))
    if rules is None:
        return handout, sections
    variant = VARIANTS[site.settings.country]

    def spelt(text: str) -> str:
        return convert(text, rules, variant)

    meta = handout.meta.model_copy(update={"title": spelt(handout.meta.title), "summary": spelt(handout.meta.summary)})
    converted = tuple(replace(s, title=spelt(s.title), body=spelt(s.body)) for s in sections)
    return replace(handout, meta=meta, intro=spelt(handout.intro)), converted


def for_edition(handout: Handout, sections: tuple[Section, ...], edition: str) -> tuple[Section, ...]:
    """The sections an edition prints: a summary edition (the trifold) carries only the roles listed in
    the handout's `trifold:` and leaves out `::: leaflet` blocks."""
    sections = country.for_edition(sections, edition)
    if is_summary(edition) and handout.meta.trifold is not None:
        sections = tuple(s for s in sections if s.role in handout.meta.trifold)
    return sections
