"""The risk table and its icon arrays as HTML, made from a handout's risks as data
(content/risks.py): what a risks section's `{{ risk_table }}` placeholder becomes."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from ..content.markup import RISK_MARKER
from ..content.risk_words import FREQUENCY_WORDS, RiskText
from ..content.risks import (
    RISKS_FILE,
    TIERS,
    Risk,
    RiskFile,
    action,
    counted,
    figure,
    frequency_word,
    language_words,
    load_risks,
    word,
)
from .keep_whole import in_html
from .risk_marks import RiskMarks

__all__ = ["PLACEHOLDER", "RISKS_FILE", "icon_array", "load_risks", "signs_and_action", "table"]

# Where a handout's risks section puts the table: `{{ risk_table }}` (content/markup.py), which
# rendering turns into a paragraph holding only RISK_MARKER.
PLACEHOLDER = re.compile(r"<p\b[^>]*>\s*" + RISK_MARKER + r"\s*</p>")


def signs_and_action(risk: Risk, language: str, emergency: str, root: Path | None = None) -> str:
    """The table's 'Signs and what to do' cell as HTML: the signs and the risk's action, or,
    when its signs call for different speeds (`help` with more than one tier: trouble
    breathing is an emergency, double vision a call to the clinic), each tier's signs with
    its own action, so the table never says 'call 911' for a sign that needs a call to us."""
    words = risk.words.get(language) or risk.words["en"]
    given = words.help or {}
    if risk.act in TIERS and (len(given) > 1 or (given and risk.act not in given)):
        lines = []
        for tier in sorted(TIERS, key=lambda t: t != risk.act):  # the risk's own signs first
            if given.get(tier):
                said = "; ".join(given[tier]).replace("{emergency}", emergency)
                said = said[:1].upper() + said[1:]
                act = language_words(language, root)[tier].format(emergency=emergency)
                then = f" {html.escape(words.then)}" if words.then and tier == risk.act else ""
                lines.append(f"{html.escape(said)}: <strong>{html.escape(act)}</strong>{then}")
        return "<br>\n".join(lines)
    signs = words.signs.replace("{emergency}", emergency)
    then = f" {html.escape(words.then)}" if words.then else ""
    return f"{html.escape(signs)} <strong>{html.escape(action(risk, language, emergency, root))}</strong>{then}"


def icon_array(
    count: float,
    name: str,
    language: str,
    primary: str,
    text: str,
    who: str = "",
    group: bool = False,
    root: Path | None = None,
    src: str = "",
) -> str:
    """100 people as a 10 x 10 vector grid, the first `count` filled in the clinic's colour and
    outlined in its text colour (legible in greyscale: filled vs hollow), with alt text.
    `group`: a comparison group, not people treated ("29 out of 100 people given a dummy injection")."""
    w = language_words(language, root)
    filled = round(count)
    # Four paths (heads, then bodies over them, for the filled and the hollow people), not 300
    # elements: each SVG element costs WeasyPrint a style computation and a drawing call, and
    # the arrays were a third of a leaflet's rendering time. The drawing is the same.
    heads: dict[bool, list[str]] = {True: [], False: []}
    bodies: dict[bool, list[str]] = {True: [], False: []}
    for i in range(100):
        x, y = 4 + (i % 10) * 10, 4 + (i // 10) * 12
        heads[i < filled].append(f"M{x + 1} {y + 2}a2 2 0 1 0 4 0a2 2 0 1 0-4 0z")
        bodies[i < filled].append(f"M{x} {y + 10}v-3.5a3 3 0 0 1 6 0v3.5z")
    shapes = [
        f'<g fill="{fill}" stroke="{text}" stroke-width="0.8"><path d="{"".join(heads[key])}"/>'
        f'<path d="{"".join(bodies[key])}"/></g>'
        for key, fill in ((True, primary), (False, "#ffffff"))
        if heads[key]
    ]
    caption = w["caption_group" if group else "caption"].format(count=filled) + (f" {who}" if who else "")
    alt = html.escape(w["alt_group" if group else "alt"].format(count=filled, name=name, who=f" {who}" if who else ""))
    return (
        f'<figure class="icon-array"><svg role="img" aria-label="{alt}" viewBox="0 0 104 124" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{alt}</title>{"".join(shapes)}</svg>'
        f"<figcaption{src}><strong>{html.escape(name)}</strong>: {in_html(html.escape(caption))}.</figcaption>"
        "</figure>"
    )


def _none(*_field: str) -> str:
    return ""


def how_often_cell(risk: Risk, language: str, root: Path | None = None) -> str:
    """The 'How often' cell: the figure on its base, who it was counted in, the frequency word,
    a comparison group and a base other than people, each on its own line."""
    words = risk.words.get(language) or risk.words["en"]
    named = frequency_word(risk.frequency, language, words.form if language in risk.words else "", root)
    if isinstance(risk.frequency, str):
        return html.escape(named[:1].upper() + named[1:])
    lines = [figure(risk.frequency, language, root) + (f" {words.who}" if words.who else "")]
    lines += [f"({named})"] if named else []
    lines += [words.against] if words.against else []
    if counted(risk, language, root):  # a sentence of its own: the line before it ends with a full stop
        lines[-1] += "" if lines[-1].endswith((".", "!", "?")) else "."
        lines += [counted(risk, language, root)]
    first = html.escape(lines[0][:1].upper() + lines[0][1:])
    rest = [f'<span class="how-often-note">{html.escape(line)}</span>' for line in lines[1:]]
    return "<br>\n".join([first, *rest])  # a line break a page's text reads as a space


def table(
    risks: RiskFile,
    language: str,
    emergency: str,
    primary: str,
    text: str,
    root: Path | None = None,
    marks: RiskMarks | None = None,
) -> str:
    """The risk table (and the icon arrays) a risks section's placeholder becomes: a row per
    risk headed by its name alone, how often and the signs in cells of their own, the less
    serious and the serious risks in groups of their own (PEMAT item 19, r5 review: a heading
    packed with name, severity, figure and frequency word in nested brackets). `marks`: each
    cell's file and line in risks.yaml (risk_marks.py)."""
    w = language_words(language, root)
    groups: dict[str, list[str]] = {"side-effect": [], "serious": []}
    arrays = []
    for index, risk in enumerate(risks.risks):
        words = risk.words.get(language) or risk.words["en"]
        at = functools.partial(marks.attr, index, language if language in risk.words else "en") if marks else _none
        signs_at = at("help") if words.help and risk.act in TIERS else at("signs")
        groups[risk.severity].append(
            f'<tr class="risk-{risk.severity}">\n<th scope="row"{at("name")}>{html.escape(words.name)}</th>\n'
            f'<td class="how-often"{at("who" if words.who else "name")}>{how_often_cell(risk, language, root)}</td>\n'
            f"<td{signs_at}>{signs_and_action(risk, language, emergency, root)}</td>\n</tr>"
        )
        if risk.icon_array and not isinstance(risk.frequency, str):
            treated = words.treated or words.who
            arrays.append(
                icon_array(
                    risk.frequency.count, words.name, language, primary, text, treated, root=root, src=at("name")
                )
            )
            if risk.compare is not None:
                arrays.append(
                    icon_array(
                        risk.compare,
                        words.name,
                        language,
                        primary,
                        text,
                        words.compare,
                        group=True,
                        root=root,
                        src=at("compare"),
                    )
                )
    head = (
        f'<tr>\n<th scope="col">{w["risk_name"]}</th>\n<th scope="col">{w["how_often"]}</th>\n'
        f'<th scope="col">{w["what_to_do"]}</th>\n</tr>'
    )
    figure_ = f'<div class="icon-arrays">\n{chr(10).join(arrays)}\n</div>\n' if arrays else ""
    bodies: list[tuple[str, str]] = []
    for severity, rows in groups.items():
        if rows:
            label = w[f"group_{severity}"]
            # "1 in 41,000" and hyphenated words kept whole on their lines (keep_whole.py).
            rows_html = in_html(chr(10).join(rows))
            group = f'<tr class="risk-group"><th colspan="3" scope="colgroup">{label}</th></tr>'
            bodies.append((group, f"<tbody>\n{rows_html}\n</tbody>"))
    # A table per group, each with its header row and its group's name in <thead>, which
    # WeasyPrint repeats at the top of each column or page a table runs on to: r10 review (PEMAT
    # item 19), one table of 11 rows ran over three areas of two pages, two short ones read as
    # simple tables; r15 review, the rows a large-print table ran on to lost their group's name.
    tables = [
        f'<table class="risk-table">\n<thead>\n{head}\n{group}\n</thead>\n{body}\n</table>' for group, body in bodies
    ]
    return figure_ + "\n".join(tables) + _key(risks, w)


def _key(risks: RiskFile, w: RiskText) -> str:
    """What each frequency word the table uses means ('Common means 1 to 10 in 100 people.'),
    in the EU convention's order (round-25 review: "(common)" for 2 in 100 beside "(uncommon)"
    for 25 in 10,000 read as a contradiction). A figure on another base or an upper bound has no
    word (content/risks.frequency_word), so it adds none here."""
    used = set()
    for risk in risks.risks:
        f = risk.frequency
        if not isinstance(f, str) and f.base == "people" and not f.below:
            used |= {word(f.count / f.per), word(f.rate)}
    said = [
        w["key"].format(word=(named := w.word(k))[:1].upper() + named[1:], count=w[f"key_{k}"])
        for k in FREQUENCY_WORDS
        if k in used
    ]
    return f'\n<p class="frequency-key">{in_html(html.escape(" ".join(said)))}</p>' if said else ""
