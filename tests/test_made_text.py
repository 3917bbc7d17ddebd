"""Words a clinic template makes at render time are located at the line that makes them
(documents/template_text.py marks each `{{ expression }}` in the text with its line and
column; checks/page_text.py and checks/made_text.py read the marks), red-team round 6
T12/T13: `{{ "sselniap" | reverse }}`, `join`, `%`, and words split by a soft hyphen."""

from __future__ import annotations

from pathlib import Path

import jinja2

from clearprint.checks.made_text import made_at
from clearprint.checks.page_claims import unmarked
from clearprint.checks.page_text import page_chunks
from clearprint.documents import template_text
from clearprint.documents.sandbox import Sandbox

NAME = "clinics/c/templates/handout.html.j2"
SOURCE = (
    "<body>\n"
    "<h1>{{ title }}</h1>\n"
    '<p>{{ "sselniap" | reverse | capitalize }} treatment, {{ ["guaran", "teed"] | join }} results.</p>\n'
    '<p>Our peels are pain{{ "\\u00ad" }}less.</p>\n'
    '<p class="{{ cls }}">Plain {{- "words" -}} here</p>\n'
    "</body>\n"
)


def render(source: str) -> str:
    env = Sandbox(loader=jinja2.DictLoader({"t": source}), autoescape=True)
    return env.get_template("t").render(title="Chemical peels", cls="note")


def test_an_expression_in_the_text_is_marked_with_its_line_and_column_and_nothing_else_changes() -> None:
    located = template_text.located(SOURCE, NAME)
    assert f'<cp-src data-src="{NAME}:3" data-made="4">{{{{ "sselniap"' in located
    assert f'<cp-src data-src="{NAME}:3" data-made="55">{{{{ ["guaran"' in located
    assert 'class="{{ cls }}"' in located  # an attribute's expression is not wrapped
    # the page the checks read is, without its marks, the page that is printed: whitespace control too
    assert unmarked(render(located)) == render(SOURCE)
    assert "Plainwordshere" in render(SOURCE)


def test_the_words_an_expression_makes_are_at_its_line_and_column(tmp_path: Path) -> None:
    (tmp_path / NAME).parent.mkdir(parents=True)
    (tmp_path / NAME).write_text(SOURCE, encoding="utf-8")
    page = render(template_text.located(SOURCE, NAME))
    chunks = {c.text: c for c in page_chunks(page, tmp_path)}
    painless = chunks["Painless"]
    assert (painless.positions[0].file, painless.positions[0].line, painless.positions[0].col) == (
        tmp_path / NAME,
        3,
        4,
    )
    assert chunks["guaranteed"].positions[0].line == 3 and chunks["guaranteed"].positions[0].col == 55
    assert chunks["Chemical peels"].kind == "title"  # an expression's words keep their block's kind
    # words split by a soft hyphen the template prints: the line whose marks hold them
    assert made_at(page, "painless.", tmp_path, (tmp_path / NAME, 4, 18)) == (tmp_path / NAME, 4, 18)
    assert made_at(page, "Painless treatment", tmp_path) == (tmp_path / NAME, 3, 4)
    assert made_at(page, "nowhere on the page", tmp_path) is None


def test_words_on_two_template_lines_are_not_placed_at_either_unless_the_finding_names_one(tmp_path: Path) -> None:
    source = "<p>{{ 'safe' }}</p>\n<p>{{ 'safe' }}</p>\n"
    page = render(template_text.located(source, NAME))
    assert made_at(page, "safe", tmp_path) is None
    assert made_at(page, "safe", tmp_path, (tmp_path / NAME, 2, 1)) == (tmp_path / NAME, 2, 4)
