"""Handouts as addressable sections; shared sections; clinic overrides by search order."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.content.sections import split_sections
from clearprint.documents.html import HtmlDocuments
from clearprint.problems import ContentError, Problems
from conftest import samples


def planned(root: Path):
    report = Problems(root)
    outputs = plan(load_project(root, report), report)
    return outputs, report


def test_sections_have_roles_titles_and_lines(tmp_path: Path) -> None:
    body = "Intro text.\n\n## What are the risks? {#risks}\n\nSome.\n\n## Questions to ask\n\n- One?\n"
    intro, sections = split_sections(body, 10, tmp_path / "x.md", Problems(tmp_path))
    assert intro.strip() == "Intro text."
    assert [(s.role, s.title, s.line) for s in sections] == [
        ("risks", "What are the risks?", 12),
        ("questions-to-ask", "Questions to ask", 16),  # no {#role}: taken from the heading
    ]


def test_headings_inside_code_fences_are_not_sections(tmp_path: Path) -> None:
    body = "## Risks {#risks}\n\n```\n## not a heading {#benefits}\n```\n"
    _, sections = split_sections(body, 1, tmp_path / "x.md", Problems(tmp_path))
    assert [s.role for s in sections] == ["risks"]


def test_unknown_placeholder_is_an_error_at_its_line_and_column(tmp_path: Path) -> None:
    body = "## Get help {#get-help}\n\nCall {{ clinic.fax }} now.\n"
    with pytest.raises(ContentError) as caught:
        split_sections(body, 5, tmp_path / "x.md", Problems(tmp_path))
    assert str(caught.value).startswith("x.md:7:6: error: unknown placeholder '{{ clinic.fax }}'")


def test_placeholders_are_filled_from_clinic_settings(project: Path) -> None:
    outputs, report = planned(project)
    html = HtmlDocuments(project, {}).html(outputs[0])
    assert 'Call us on <a href="tel:0100000000">0100 000 000</a>.' in html
    assert 'Call <a href="tel:999">999</a> now if you have:' in html  # UK default emergency number
    assert "{{" not in html


def test_clinic_section_replaces_one_section_and_adds_another(project: Path) -> None:
    override = project / "clinics/test-clinic/handouts/tiny/en.md"
    override.parent.mkdir(parents=True)
    override.write_text("## What are the risks? {#risks}\n\nOur own wording.\n\n## Parking {#parking}\n\nFree.\n")
    outputs, report = planned(project)
    tiny = next(o for o in outputs if o.handout.meta.id == "tiny")
    roles = [s.role for s in tiny.sections]
    assert roles == ["benefits", "risks", "aftercare", "get-help", "key-points", "parking", "about-this-leaflet"]
    risks = tiny.sections[1]
    assert risks.origin == "clinic" and risks.body.strip() == "Our own wording."
    # The other handout is untouched.
    second = next(o for o in outputs if o.handout.meta.id == "second")
    assert "Our own wording." not in HtmlDocuments(project, {}).html(second)


def test_shared_section_is_written_once_and_a_clinic_copy_comes_first(project: Path) -> None:
    outputs, _ = planned(project)
    assert sorted(o.label for o in outputs) == ["test-clinic/en/second", "test-clinic/en/tiny"]
    assert all(o.sections[-1].role == "about-this-leaflet" and o.sections[-1].origin == "shared" for o in outputs)
    own = project / "clinics/test-clinic/handouts/_shared/about-this-leaflet/en.md"
    own.parent.mkdir(parents=True)
    own.write_text("## About this leaflet {#about-this-leaflet}\n\nWritten by our nurses.\n")
    outputs, _ = planned(project)
    assert len(outputs) == 2 and all(o.sections[-1].origin == "clinic" for o in outputs)
    assert "Written by our nurses." in HtmlDocuments(project, {}).html(outputs[0])


def test_clinic_template_replaces_one_block(project: Path) -> None:
    template = project / "clinics/test-clinic/templates/handout.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/handout.html.j2" %}{% block footer_note %}<p class="x">Free interpreters</p>{% endblock %}'
    )
    outputs, _ = planned(project)
    html = HtmlDocuments(project, {}).html(outputs[0])
    assert '<p class="x">Free interpreters</p>' in html
    assert "<h2>What are the risks?</h2>" in html  # everything else still comes from the project template


def test_missing_translation_is_a_warning_not_an_error(project: Path) -> None:
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text().replace("languages: [en]", "languages: [en, es]"))
    outputs, report = planned(project)
    assert len(outputs) == 2 and not report.errors
    assert [str(p) for p in report.items] == [
        "clinics/test-clinic/clinic.yaml:7: warning: 'tiny' has no 'es' version (handouts/tiny/es.md), so it is not built in that language",
        "clinics/test-clinic/clinic.yaml:7: warning: 'second' has no 'es' version (handouts/second/es.md), so it is not built in that language",
    ]


def test_every_clinic_override_in_the_shipped_project_has_a_base() -> None:
    root = samples()
    for folder in (root / "clinics").glob("*/handouts/*/*.md"):
        hid, lang = folder.parent.name, folder.stem
        base = root / "handouts" / hid / f"{lang}.md"
        assert base.exists() or (root / "handouts" / "_shared" / hid).exists() or hid == "_shared", folder
    for template in (root / "clinics").glob("*/templates/*.j2"):
        assert (root / "templates" / template.name).exists(), template


def test_every_shipped_handout_builds_for_every_clinic_that_lists_it() -> None:
    root = samples()
    outputs, report = planned(root)
    assert not report.errors, report.errors
    assert all("version (handouts/" in p.message for p in report.items), report.items  # only missing translations
    built = {(o.clinic.slug, o.handout.meta.id, o.handout.meta.language) for o in outputs}
    for site in load_project(root, Problems(root)).clinics:
        for hid in site.settings.handouts:
            for lang in site.settings.languages:
                if (root / "handouts" / hid / f"{lang}.md").exists():
                    assert (site.slug, hid, lang) in built
