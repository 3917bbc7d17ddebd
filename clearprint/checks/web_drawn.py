"""The web edition checked as a browser shows it: every page of out/<clinic>/site/.

For each page (handout, evidence, index, withdrawn) the styles a browser computes for its
text come from pdf/web_styles.py (WeasyPrint's cascade on the published page and the
stylesheets it links, on each screen of web_media.DEVICES that makes a difference). Refused,
each as a located error:

- text that is not shown (`display: none` on it or an ancestor, `visibility: hidden`);
- text under 4.5:1 contrast against what it is drawn on (its colour, faded by the opacity of
  it and its ancestors, over their backgrounds composited over the white page);
- text under the web edition's floor, WEB_FLOOR_PX: 18 px, the smallest size the shipped
  pages use (styles/web.css: dates, captions, the sample notice and the evidence lists are
  1.125rem, body text 1.25rem = 20 px);
- on a handout's page, a risks, get-help or key-points section with no readable text under
  its heading, and the clinic's emergency number not readable.

Where a problem goes away without the clinic's web stylesheet (clinics/<slug>/styles/web.css,
published as assets/clinic.css), it is located at the declaration there that sets the losing
value on the text or an ancestor (file:line:col), else at that stylesheet; otherwise at the
handout or template line the text came from (its `data-src`, on the page the checks read),
and the page and element are named. One finding per place and rule, with a count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..documents.clinic_templates import template_names
from ..documents.sourcemap import parse as parse_src
from ..documents.template_locate import first_line
from ..models import Clinic, Output
from ..pdf.web_media import Device, applies
from ..pdf.web_styles import Styled, Text, elements, local, page_styles
from ..pdf.web_styles import parse as parse_page
from ..problems import Problem
from .accessibility import MIN_CONTRAST
from .drawn import REQUIRED_DRAWN, _contrast
from .drawn_blame import declarations

WEB_FLOOR_PX = 18.0  # the web edition's smallest text: styles/web.css's 1.125rem, as the samples use it
CLINIC_SHEET = "assets/clinic.css"  # documents/web.py: the clinic's styles/web.css, as published
SHOWN = 6  # words quoted
DIGITS = re.compile(r"\D")
# What can set a losing value, by rule: looked for in the clinic's rules matching the text or an ancestor.
BLAME = {
    "web-contrast": ("color", "background", "background-color", "opacity", "--"),
    "web-text-size": ("font-size", "font", "--body-size"),
    "web-hidden-text": ("display", "visibility", "opacity", "color", "font-size", "font", "--"),
}


@dataclass
class WebPage:
    """One page of a site: its path, the page as published, the page as the checks read it
    (with `data-src` marks; None if not made) and, for a handout's page, its output."""

    path: str
    page: str
    marked: str | None = None
    output: Output | None = None


@dataclass
class _Finding:
    rule: str
    text: Text
    page: str
    detail: str
    devices: tuple[Device, ...]


@dataclass
class _Place:
    file: str
    line: int | None
    col: int | None
    rule: str
    first: _Finding
    declaration: str = ""
    texts: int = 0
    pages: set[str] = field(default_factory=set)


def contrast(text: Text) -> float:
    return _contrast((*text.color[:3], text.color[3] * text.opacity), text.background)


def hex_colour(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb[:3])


def verdicts(text: Text) -> list[tuple[str, str]]:
    """(rule, what is wrong) for one text; none when it is readable."""
    found = []
    if not text.shown:
        found.append(("web-hidden-text", "is not shown (display: none or visibility: hidden)"))
        return found
    ratio = contrast(text)
    if ratio < MIN_CONTRAST:
        alpha = text.color[3] * text.opacity
        faded = f" at {alpha:.0%} opacity" if alpha < 1 else ""
        found.append(
            (
                "web-contrast",
                f"is shown {hex_colour(text.color)}{faded} on {hex_colour(text.background)}, "
                f"contrast {ratio:.2f}:1, below {MIN_CONTRAST}:1",
            )
        )
    if text.size < WEB_FLOOR_PX - 0.01:
        found.append(("web-text-size", f"is {text.size:.3g} px, below the web edition's {WEB_FLOOR_PX:g} px"))
    return found


def readable(text: Text) -> bool:
    return not verdicts(text)


def findings(
    root: Path, site: Clinic, files: Mapping[str, bytes], pages: list[WebPage], clean: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every problem with how the pages show their text, located (see the module's note).
    `clean`: the paths of pages already known to have none (web_drawn_pages.py, on a worker)."""
    root = root.resolve()
    places: dict[tuple, _Place] = {}
    sheet_file = site.folder / "styles" / "web.css"
    sheet = _rel(sheet_file, root) if CLINIC_SHEET in files else None
    for web in pages:
        if web.path in clean:
            continue
        styled = page_styles(web.page, web.path, files)
        found = [
            _Finding(rule, t, web.path, what, s.devices) for s in styled for t in s.texts for rule, what in verdicts(t)
        ]
        required = _required(web, styled, root, site) if web.output is not None else []
        if not found and not required:
            continue
        blamed = _clinic_blame(web, files, found, styled) if sheet else set()
        marks = _marks(parse_page(web.marked, web.path).etree_element) if web.marked else {}
        body_src = marks.get("", "")
        for f in found:
            if id(f) in blamed:
                line, col, declaration = _declaration(files[CLINIC_SHEET], styled, f)
                key = (sheet, line, col, f.rule)
                place = places.setdefault(key, _Place(sheet, line, col, f.rule, f, declaration))
            else:
                file, line = parse_src(marks.get(f.text.path) or body_src) if marks else (None, None)
                file = file or f"{_rel(site.folder, root)}/(web page {web.path})"
                key = (file, line, None, f.rule)
                place = places.setdefault(key, _Place(file, line, None, f.rule, f))
            place.texts += 1
            place.pages.add(f.page)
        for problem in required:
            places.setdefault((problem.file, problem.line, problem.col, problem.message), problem)  # type: ignore[arg-type]
    return sorted(
        (_problem(p) if isinstance(p, _Place) else p for p in places.values()),
        key=lambda p: (p.file, p.line or 0, p.col or 0, p.rule or "", p.message),
    )


def _rel(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


ADVICE = {
    "web-contrast": "choose colours with contrast of at least 4.5:1, text against what it is drawn on",
    "web-text-size": f"make the text at least {WEB_FLOOR_PX:g} px (1.125rem); a percentage or em of a parent's size compounds",
    "web-hidden-text": "remove what hides it: what a patient cannot see may not be published",
}


def _problem(place: _Place) -> Problem:
    f = place.first
    words = " ".join(f.text.words.split()[:SHOWN]) + (" ..." if len(f.text.words.split()) > SHOWN else "")
    inside = next((n for n in f.text.classes if n.startswith("#")), "")
    element = f"<{f.text.tag}>" + (f" in {inside}" if inside else "")
    screens = "" if len(f.devices) > 1 else f" on {f.devices[0].name}"
    more = ""
    if place.texts > 1:
        more = f"; {place.texts} texts like it on {len(place.pages)} page{'s' if len(place.pages) > 1 else ''}"
    by = f" (set by '{place.declaration}')" if place.declaration else ""
    return Problem(
        place.file,
        place.line,
        f"web page {f.page}: '{words}' ({element}) {f.detail}{screens}{by}{more} ({ADVICE[place.rule]})",
        "error",
        place.col,
        place.rule,
    )


def _required(web: WebPage, styled: list[Styled], root: Path, site: Clinic) -> list[Problem]:
    """On a handout's page: the risks, get-help and key-points sections with readable text
    under their headings, and the emergency number readable, on every screen."""
    output = web.output
    assert output is not None
    problems = []
    roles = {s.role: s for s in output.sections}
    template = _web_template(site)
    for group in styled:
        screens = "" if len(styled) == 1 else f" on {group.devices[0].name}"
        for role in REQUIRED_DRAWN:
            section = roles.get(role)
            if section is None:
                continue  # a missing section is the balance check's finding
            inside = [t for t in group.texts if f"#{role}" in t.classes and t.tag != "h2"]
            if not any(readable(t) for t in inside):
                file, line = section.file, section.line
                shown = (f"is not shown readably{screens} (shown, at least {WEB_FLOOR_PX:g} px, contrast "
                         f"{MIN_CONTRAST}:1) (remove what hides it or makes it small or faint)")  # fmt: skip
                if not inside and template:  # not on the page at all: the clinic's web template left it out
                    file, line, shown = template, None, f"is not on the page{screens} ({LEFT_OUT})"
                problems.append(
                    Problem(
                        _rel(file, root),
                        line,
                        f"web page {web.path}: the '{role}' section {shown}",
                        "error",
                        None,
                        "web-required-hidden",
                    )  # fmt: skip
                )
        if "get-help" not in roles:
            continue
        numbers = [DIGITS.sub("", n) for n in site.settings.emergency_numbers]
        drawn = "".join(DIGITS.sub("", t.words) + "|" for t in group.texts if readable(t))
        if not all(re.search(rf"(?<![0-9]){n}(?![0-9])", drawn) for n in numbers if n):
            file, line = site.folder / "clinic.yaml", site.lines.get(("emergency_number",))
            fix = "say it in the get-help section ({{ clinic.emergency_number }}) and remove what hides it"
            if template is not None:  # the clinic's web template left it out, or prints it where it is hidden
                file, line = first_line([template], _EMERGENCY)
                fix = LEFT_OUT if line is None else fix
            problems.append(
                Problem(
                    _rel(file, root),
                    line,
                    f"web page {web.path}: the emergency number {site.settings.emergency} is not shown readably{screens} "
                    f"({fix})",
                    "error",
                    None,
                    "web-emergency-missing",
                )  # fmt: skip
            )
    return problems


_EMERGENCY = re.compile(r"clinic\.emergency")
LEFT_OUT = (
    'the clinic\'s web template leaves it out: start it with {% extends "project/web/handout.html.j2" %} and '
    "change only the blocks it needs, keeping the sections"
)


def _web_template(site: Clinic) -> Path | None:
    """The clinic's own web template that makes a handout's page (its web/handout.html.j2, else
    the first of its web templates), or None when Clearprint's own make it."""
    names = sorted(n for n in template_names(site.folder) if n.startswith("web/"))
    name = "web/handout.html.j2" if "web/handout.html.j2" in names else next(iter(names), None)
    return site.folder / "templates" / name if name else None


def _clinic_blame(web: WebPage, files: Mapping[str, bytes], found: list[_Finding], styled: list[Styled]) -> set[int]:
    """The findings (by id) that go away without the clinic's web stylesheet."""
    devices = tuple(d for s in styled for d in s.devices)
    without = page_styles(web.page, web.path, files, devices, without=CLINIC_SHEET)
    good: dict[tuple[str, str], set[str]] = {}  # (device, path) -> rules it breaks without the sheet
    for group in without:
        for text in group.texts:
            rules = {rule for rule, _ in verdicts(text)}
            for device in group.devices:
                good[(device.name, text.path)] = rules
    blamed = set()
    for f in found:
        if all(f.rule not in good.get((d.name, f.text.path), {f.rule}) for d in f.devices):
            blamed.add(id(f))
    return blamed


def _marks(root) -> dict[str, str]:
    """path (as web_styles numbers the published page's elements) -> where the element's own
    text came from, on the page the checks read: its `cp-src` marks are not in the published
    page, so they are left out of the numbering."""
    found: dict[str, str] = {}

    def flat(element) -> Iterator:
        for child in elements(element):
            if local(child.tag) == "cp-src":
                yield from flat(child)
            else:
                yield child

    def walk(element, path: str, src: str) -> None:
        src = element.get("data-src") or src
        own = next(
            (c.get("data-src") for c in elements(element) if local(c.tag) == "cp-src" and c.get("data-src")), None
        )
        found[path] = own or src
        for i, child in enumerate(flat(element)):
            walk(child, f"{path}/{local(child.tag)}[{i}]", src)

    walk(root, f"{local(root.tag)}[0]", "")
    body = next((c for c in elements(root) if local(c.tag) == "body"), None)
    if body is not None and body.get("data-src"):  # first: the page's template, for text with no mark of its own
        found = {"": body.get("data-src"), **found}
    return found


def _declaration(data: bytes, styled: list[Styled], finding: _Finding) -> tuple[int | None, int | None, str]:
    """(line, col, the declaration) in the clinic's web stylesheet that sets what `finding`
    is about on its text or the nearest ancestor: the last, by specificity and order, of the
    rules that match it on the finding's screen."""
    import cssselect2
    import tinycss2

    device = finding.devices[0]
    names = BLAME[finding.rule]
    by_rule: dict[int, tuple[list, list]] = {}  # the declarations the finding is about, by rule
    for media, number, prelude, declaration in declarations(data.decode("utf-8", "replace")):
        if declaration.lower_name.startswith(names) and all(applies(m, device) for m in media):
            by_rule.setdefault(number, (prelude, []))[1].append(declaration)
    rules = []
    for prelude, found in by_rule.values():
        try:
            selectors = cssselect2.compile_selector_list(prelude)
        except cssselect2.SelectorError:
            continue
        for name in names:  # the first kind of value the finding is about that the rule sets
            if chosen := [d for d in found if d.lower_name.startswith(name)]:
                rules.append((selectors, chosen[-1]))
                break
    tree = next(s.root for s in styled if device in s.devices)
    wrappers = {w.etree_element: w for w in cssselect2.ElementWrapper.from_html_root(tree).iter_subtree()}
    wrapper = wrappers.get(finding.text.element)
    while wrapper is not None:
        best = None
        for order, (selectors, declaration) in enumerate(rules):
            for selector in selectors:
                if selector.pseudo_element is None and selector.test(wrapper):
                    key = (selector.specificity, order)
                    if best is None or key >= best[0]:
                        best = (key, declaration)
        if best is not None:
            d = best[1]
            return d.source_line, d.source_column, f"{d.name}: {tinycss2.serialize(d.value).strip()}"[:60]
        wrapper = wrapper.parent
    return None, None, ""
