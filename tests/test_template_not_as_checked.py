"""A clinic template cannot print one page for the checks and another for the patient
(checks/page_claims.py `same_page`, checks/printed_page.py): the page the checks
read, without its source marks, must be the page printed or published, and a clinic with
templates of its own has its printed page read again once the publishing verdicts (the QR
code) are known. Each case is a clinic of its own, built once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from clearprint.pipeline import BuildOptions, build
from conftest import make_project, pdf_text

TODAY = dt.date(2026, 11, 26)
# A `{% set %}` block holds the source marks on the checks' page only: 5 characters on the printed one.
MEASURES = "{% set probe %}Hello{% endset %}{% if probe|length == 5 %}100% safe, painless{% endif %}"
CASES = {
    # clinic slug: (template path under the clinic's templates/, template text, where the error is)
    "measures-print": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}' + MEASURES + "{{ super() }}{% endblock %}\n",
        "template-not-as-checked",
    ),
    "measures-web": (
        "web/handout.html.j2",
        '{% extends "project/web/handout.html.j2" %}\n{% block footer_note %}<p>' + MEASURES + "</p>{% endblock %}\n",
        "template-not-as-checked",
    ),
    "measures-catalogue": (
        "catalogue.html.j2",
        '<!DOCTYPE html>\n<html lang="{{ lang_tag }}">\n<head><meta charset="utf-8"><title>{{ clinic.name }}</title></head>\n'
        "<body>\n<h1>{{ t.catalogue_title }}</h1>\n<p>" + MEASURES + "</p>\n"
        "<ul>{% for row in rows %}<li>{{ row.title }}</li>{% endfor %}</ul>\n</body>\n</html>\n",
        "template-not-as-checked",
    ),
    # The checks read the page before the verdicts are known: no QR code on it.
    "beside-qr": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}{% if qr %}<p>100% safe, painless</p>'
        "{% endif %}{{ super() }}{% endblock %}\n",
        "claim-absolute-safety",
    ),
    # From an independent attack on the checks above (stop 25): text that only looks like a mark,
    # CSS that prints text, and text inside <noscript>, which WeasyPrint prints.
    "looks-like-a-mark": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}{% set probe %}Hello{% endset %}<p>Our promise'
        '{% if probe|length == 5 %} data-src="100% safe, painless"{% endif %}</p>{{ super() }}{% endblock %}\n',
        "template-not-as-checked",
    ),
    "css-attr": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block head_extra %}<style>.a::before { content: attr(data-w); }'
        '</style>{% endblock %}\n{% block content %}<p class="a" data-w="100% safe, painless"></p>{{ super() }}'
        "{% endblock %}\n",
        "template-css-text",
    ),
    "css-escape": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block head_extra %}<style>.e::before { content: '
        '"100\\25  s\\61 fe, pain\\6c ess"; }</style>{% endblock %}\n{% block content %}<p class="e"></p>'
        "{{ super() }}{% endblock %}\n",
        "template-css-text",
    ),
    "css-quotes": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block head_extra %}<style>.q { quotes: "100% safe, painless " "x"; }'
        ' .q::before { content: open-quote; }</style>{% endblock %}\n{% block content %}<p class="q">Welcome</p>'
        "{{ super() }}{% endblock %}\n",
        "template-css-text",
    ),
    "noscript": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}<noscript><p>100% safe, painless</p></noscript>'
        "{{ super() }}{% endblock %}\n",
        "claim-absolute-safety",
    ),
    "web-attributes": (
        "web/handout.html.j2",
        '{% extends "project/web/handout.html.j2" %}\n{% block meta %}{{ super() }}<meta property="og:description" '
        'content="100% safe, painless fillers">{% endblock %}\n{% block footer_note %}<p aria-label=\'100% safe, '
        "painless'>Contact</p>{% endblock %}\n",
        "web-page-markup",  # refused by the web pages' allowlist (documents/web_markup.py)
    ),
    # From a second independent attack (stop 25): list markers and form values draw words too.
    "list-marker": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block page_style %}{{ super() }}\n.f { list-style-type: '
        '"This is painless. "; list-style-position: inside; }{% endblock %}\n{% block content %}<ul class="f"><li>Ask '
        "us.</li></ul>{{ super() }}{% endblock %}\n",
        "template-css-text",
    ),
    "counter-style": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block page_style %}{{ super() }}\n@counter-style cp { system: '
        'cyclic; symbols: "This is painless. "; suffix: ""; }\n.f { list-style: cp inside; }{% endblock %}\n'
        '{% block content %}<ul class="f"><li>Ask us.</li></ul>{{ super() }}{% endblock %}\n',
        "template-css-text",
    ),
    "input-value": (
        "web/handout.html.j2",
        '{% extends "project/web/handout.html.j2" %}\n{% block content %}{{ super() }}<p><input value="This is '
        'painless."></p>{% endblock %}\n',
        "web-page-markup",  # refused by the web pages' allowlist (documents/web_markup.py)
    ),
    # From a third independent attack (stop 25): a frame's own page and HTML inside an SVG.
    "iframe-srcdoc": (
        "web/handout.html.j2",
        '{% extends "project/web/handout.html.j2" %}\n{% block content %}{{ super() }}<iframe title="Note" '
        'srcdoc="&lt;p&gt;Fillers are 100&amp;#37; safe, painless&lt;/p&gt;"></iframe>{% endblock %}\n',
        "web-page-markup",  # refused by the web pages' allowlist (documents/web_markup.py)
    ),
    "svg-foreign-object": (
        "web/handout.html.j2",
        '{% extends "project/web/handout.html.j2" %}\n{% block content %}{{ super() }}<svg width="400" height="40" '
        'aria-hidden="true"><foreignObject width="400" height="40"><p xmlns="http://www.w3.org/1999/xhtml">This is '
        "100% safe, painless</p></foreignObject></svg>{% endblock %}\n",
        "web-page-markup",  # refused by the web pages' allowlist (documents/web_markup.py)
    ),
    # CSS a template adds that moves or joins words on paper (third attack): the stylesheets' allowlist.
    "flex-order": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}{{ super() }}<div style="display:flex"><span '
        'style="order:2">less for most people.</span><span style="order:1">Treatment is pain</span></div>'
        "{% endblock %}\n",
        "access-hidden-text",
    ),
    "negative-spacing": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}{{ super() }}<p>Treatment is <span '
        'style="word-spacing:-0.4em">pa inless</span> for most people.</p>{% endblock %}\n',  # 'pain less' is a claim itself
        "access-hidden-text",
    ),
    "counter-start": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}{{ super() }}<style>.c{counter-reset:c 100}'
        '.c .n::before{content:counter(c)}</style><p class="c">Fillers are <span class="n"></span>% safe.</p>'
        "{% endblock %}\n",
        "claim-fragment",  # "% safe." is read as it stands; the counter is refused too when nothing else is
    ),
    # Two clinic settings joined by a template: each is harmless alone, the page reads '100% safe'.
    "joined-settings": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}<p>Find us: {{ clinic.address|join(" ") }}less '
        "fillers.</p>{{ super() }}{% endblock %}\n",
        "claim-absolute-safety",
    ),
    # An honest template may use `{% set %}` blocks: nothing to report, everything written.
    "honest": (
        "handout.html.j2",
        '{% extends "project/handout.html.j2" %}\n{% block content %}{% set note %}Ask us{% endset %}'
        "<p>{{ note }} about parking.</p>{{ super() }}{% endblock %}\n",
        None,
    ),
}


ADDRESSES = {"joined-settings": 'address: ["14 Example Row, 100%", "safe and pain"]'}
WHERE = {  # the finding's place, when not the template's file
    "joined-settings": "clinic.yaml:3:",
    "flex-order": "templates:",  # CSS a template adds: the clinic's templates
    "negative-spacing": "templates:",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("not-as-checked")
    root = make_project(base / "project")
    model = root / "clinics" / "test-clinic"
    for slug, (name, text, _) in CASES.items():
        clinic = root / "clinics" / slug
        shutil.copytree(model, clinic)
        settings = clinic / "clinic.yaml"
        yaml = settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]")
        yaml = yaml.replace(
            "address: [1 Test Street, Testville]", ADDRESSES.get(slug, "address: [1 Test Street, Testville]")
        )
        settings.write_text(yaml + "website: https://rt.example\n")
        (clinic / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (clinic / "templates" / name).write_text(text)
    out = base / "out"
    result = build(root, BuildOptions(out, today=TODAY))
    return out, [str(p) for p in result.report.items]


# Cases whose drawn words are not words of the language ("pa inless", "s\\61 fe"): the word
# check (checks/language_of_text.py) refuses them at the same template before the page is drawn.
WORDS = {"css-escape": ("text-unknown-word",), "negative-spacing": ("text-unknown-word",)}


def _written(out: Path, slug: str) -> str:
    text = []
    for path in (out / slug).rglob("*"):
        if path.suffix == ".pdf":
            text.append(pdf_text(path))
        elif path.suffix in (".html", ".xml", ".css") and path.name != "check-report.html":  # it quotes findings
            text.append(path.read_text(encoding="utf-8"))
    return "\n".join(text)


@pytest.mark.parametrize("slug", [s for s, case in CASES.items() if case[2]])
def test_a_template_that_prints_what_no_check_read_is_an_error_and_prints_nothing(built, slug: str) -> None:
    out, problems = built
    name, _, rule = CASES[slug]
    where = f"clinics/{slug}/" + WHERE.get(slug, f"templates/{name}:")
    words = f"clinics/{slug}/templates/{name}:"  # the word check, at the template's line
    mine = [
        p
        for p in problems
        if (p.startswith(where) and f" error {rule}: " in p)
        or any(p.startswith(words) and f" error {r}: " in p for r in WORDS.get(slug, ()))
    ]
    assert mine, [p for p in problems if slug in p]
    written = _written(out, slug)
    assert "100% safe" not in written and "painless" not in written.lower() and "100\\25" not in written


def test_an_honest_template_with_a_set_block_builds(built) -> None:
    out, problems = built
    assert not [p for p in problems if "clinics/honest/" in p and " error " in p], problems
    assert "Ask us about parking." in pdf_text(out / "honest" / "en" / "tiny.pdf")
