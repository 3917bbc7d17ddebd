"""A clinic web template's refused markup is reported at the exact line and column it is
written on (A34), as a print template's is (template-markup): not at the first line that
shows the tag's or attribute's name, which was often the line its `{% block %}` starts on."""

from __future__ import annotations

import datetime as dt

import pytest

from clearprint.pipeline import check_only
from conftest import make_project

TODAY = dt.date(2026, 11, 26)
FILE = "clinics/test-clinic/templates/web/handout.html.j2"
TEMPLATE = """{% extends "project/web/handout.html.j2" %}

{% block meta %}<meta name="description" content="About fillers">
<link rel="canonical" href="{{ url }}">


<meta name="refresh-note" content="Call us">
{% endblock %}
{% block footer_note %}<p class="note">Ask us about hidden costs and dir changes.</p>
<p class="note">Open daily.</p>
<p class="note" hidden>Small print.</p>
<p class="note" DIR = rtl>Call us.</p>
{% endblock %}
"""


@pytest.fixture(scope="module")
def errors(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = make_project(tmp_path_factory.mktemp("web-lines") / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "website: https://clinic.example\n")
    (root / FILE).parent.mkdir(parents=True, exist_ok=True)
    (root / FILE).write_text(TEMPLATE)
    return [str(p) for p in check_only(root, today=TODAY).report.errors if p.file == FILE]


def test_a_second_meta_in_the_block_is_at_its_own_line_not_the_blocks(errors) -> None:
    where = (
        f'{FILE}:7:1: error web-page-markup: the web page handouts/en/tiny/index.html has <meta name="refresh-note">'
    )
    assert [e for e in errors if e.startswith(where)], errors


def test_an_attribute_is_at_the_tag_that_carries_it_not_at_a_word_in_the_text(errors) -> None:
    for where in (
        f'{FILE}:11:17: error web-page-markup: the web page handouts/en/tiny/index.html has the attribute hidden=""',
        f'{FILE}:12:17: error template-text-direction: the web page handouts/en/tiny/index.html has dir="rtl" on <p>',
    ):
        assert [e for e in errors if e.startswith(where)], (where, errors)
    assert len(errors) == 3, errors  # every one in the same run, nothing else
