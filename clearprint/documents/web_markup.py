"""Every page of the web edition, held to an allowlist after templating, and its
Content-Security-Policy set by the writer, never by a template.

A clinic's templates are data, never code: whatever a clinic's `templates/web/*.html.j2`
makes (even a whole `web/base.html.j2` of its own), the page may hold only the elements and
attributes Clearprint's own web templates make, and the HTML the handouts' Markdown makes
(sanitise.py). The page is parsed as a browser parses it (tinyhtml5, the HTML5 parser
WeasyPrint uses), so what is checked is what the patient's browser builds. Anything else
(a script, a `<meta http-equiv>` but the page's own policy, an event handler, `<base>`,
`<iframe>`, `<form>`, a `<link>` to anything but the site's stylesheets and icon, `<bdo>` or a
`dir` attribute: the project's languages are written left to right) is an error naming the
clinic template that made it, at the first line of it that shows it.

The Content-Security-Policy (web.CSP) is put into each page here, as the first thing in its
`<head>` after the character set: a clinic template that leaves it out (or any other `<meta>`)
cannot take it away. Checkers' pages (`located`) may also hold the source marks of
template_text.py and sourcemap.py; they are never published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import tinyhtml5
from markupsafe import escape

from ..content.markup import SHOWN_SYNTAX
from ..problems import ContentError, Problem, Problems
from . import html5_speed, web_locate
from .sanitise import ATTRIBUTES as CONTENT_ATTRIBUTES
from .sanitise import TAGS as CONTENT_TAGS
from .template_locate import locate
from .template_text import TAG as SOURCE_TAG

html5_speed.install()  # the parser's own cache of expressions made to work (html5_speed.py)

HTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
XMLNS = "{http://www.w3.org/2000/xmlns/}xmlns"

IDS = {  # the message ids (docs/messages.yaml), by what they are about
    "markup": ("web-page-markup", "markup Clearprint's web templates never make"),
    "direction": ("template-text-direction", "a text direction"),
    "syntax": ("web-template-syntax", "template syntax shown as text"),
}
RULE = IDS["markup"][0]
SYNTAX_RULE = IDS["syntax"][0]
# (what to look for in the templates, rule, what is wrong)
Refused = tuple[web_locate.Needle | tuple[web_locate.Needle, ...], str, str]
DIRECTION_RULE = IDS["direction"][0]

# The elements Clearprint's web templates (templates/web/, _macros.html.j2) make, with the
# attributes each may carry beyond GLOBAL; the content's own (sanitise.py) are added below.
ELEMENTS: dict[str, frozenset[str]] = {
    "html": frozenset({"dir"}),  # dir: only the language's own direction, ltr (checked below)
    "head": frozenset(),
    "meta": frozenset({"charset", "name", "content", "http-equiv"}),  # values checked below
    "title": frozenset(),
    "link": frozenset({"rel", "href", "hreflang"}),  # values checked below
    "body": frozenset(),
    "header": frozenset(),
    "nav": frozenset(),
    "main": frozenset({"tabindex"}),
    "footer": frozenset(),
    "section": frozenset(),
    "address": frozenset(),
    "dl": frozenset(),
    "dt": frozenset(),
    "dd": frozenset(),
    "a": frozenset({"href", "hreflang", "type", "aria-current"}),
    "img": frozenset({"src", "alt", "title"}),
    "li": frozenset({"value"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"scope", "colspan"}),  # colspan: the risk table's group rows (risk_table.py)
    "em": frozenset(),
    "wbr": frozenset(),
}
for _tag in CONTENT_TAGS:
    ELEMENTS[_tag] = ELEMENTS.get(_tag, frozenset()) | frozenset(CONTENT_ATTRIBUTES.get(_tag, ()))
GLOBAL = frozenset({"class", "id", "lang", "aria-label", "aria-labelledby"})
# The risk tables' icon arrays (risk_table.icon_array): inline SVG of paths, with a title.
SVG_ELEMENTS: dict[str, frozenset[str]] = {
    "svg": frozenset({"role", "aria-label", "viewBox", XMLNS}),
    "g": frozenset({"fill", "stroke", "stroke-width"}),
    "path": frozenset({"d"}),
    "title": frozenset(),
}
META_NAMES = frozenset({"viewport", "description", "generator", "robots"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
DIRECTION = "ltr"  # every language Clearprint has is written left to right
START = re.compile(r"\A\s*<!DOCTYPE html>\s*<html\b[^>]*>\s*<head>", re.IGNORECASE)
CHARSET = '\n<meta charset="utf-8">\n'
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def csp_meta(csp: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">'


def finished(
    page: str,
    env: jinja2.Environment,
    template: str,
    context: dict[str, Any],
    root: Path,
    *,
    clinic_folder: Path,
    csp: str,
    located: bool = False,
) -> str:
    """The web page `template` made from `context`, held to the allowlist, with the
    Content-Security-Policy `csp` put at the top of its head. Raises a ContentError naming
    the clinic template (file and line) for each thing the allowlist refuses."""
    found = list(refusals(page, _links(context), csp, located))
    if not START.match(page) and not located:  # a checker's page may mark the doctype as template text
        found.append(
            (
                "<head",
                RULE,
                "does not start with <!DOCTYPE html>, <html> and <head>, so its Content-Security-Policy could not "
                "come first; keep the beginning of Clearprint's web/base.html.j2",
            )
        )
    if found:
        raise ContentError(*_located(found, env, template, context.get("path", ""), root, clinic_folder))
    return with_csp(page, csp) if START.match(page) else page


def with_csp(page: str, csp: str) -> str:
    """`page` with the policy's <meta> first in its head (after `<meta charset>` when that comes first)."""
    start = START.match(page)
    if start is None:
        raise ValueError("a web page without <!DOCTYPE html><html><head> at its start")
    at = start.end()
    if page.startswith(CHARSET, at):
        at += len(CHARSET)
    else:
        at = page.find(">", start.end() - 1) + 1
        page, at = page[:at] + "\n" + page[at:], at + 1
    tag = csp_meta(csp) + "\n"
    if page.startswith(tag, at):  # a clinic's copy of the skeleton as it was, with the same policy
        return page
    return page[:at] + tag + page[at:]


def _links(context: dict[str, Any]) -> dict[str, set[str]]:
    """What each kind of <link> may point at on this page: its stylesheets, its icon (the
    logo), its own address and its addresses in the other languages."""
    languages = context.get("languages") or []
    return {
        "stylesheet": {
            s
            for s in (context.get("stylesheet"), context.get("clinic_stylesheet"), context.get("brand_stylesheet"))
            if s
        },
        "icon": {context["logo"]} if context.get("logo") else set(),
        "canonical": {context["url"]} if context.get("url") else set(),
        "alternate": {link.url for link in languages if getattr(link, "url", "")},
    }


def refusals(page: str, links: dict[str, set[str]], csp: str, located: bool = False) -> Iterator[Refused]:
    """(what to look for in the templates, rule, what is wrong) for each thing on the page
    outside the allowlist, once each."""
    seen: set[str] = set()
    for found in _refusals(page, links, csp, located):
        if found[2] not in seen:
            seen.add(found[2])
            yield found


def _refusals(page: str, links: dict[str, set[str]], csp: str, located: bool) -> Iterator[Refused]:
    for syntax in SHOWN_SYNTAX.finditer(page):
        yield (
            syntax[0],
            SYNTAX_RULE,
            f"shows '{syntax[0][:60]}' as text, which no reader should see: a placeholder or template tag left "
            "unfilled (remove the braces from the template; if no clinic template prints them, report it as a bug)",
        )
    tree = tinyhtml5.parse(page)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            yield "<!--", RULE, "holds an HTML comment, which no web page of Clearprint's has; remove it"
            continue
        if element.tag.startswith(HTML):
            tag, allowed = element.tag[len(HTML) :], ELEMENTS
        elif element.tag.startswith(SVG):
            tag, allowed = element.tag[len(SVG) :], SVG_ELEMENTS
        else:
            tag, allowed = element.tag.rsplit("}", 1)[-1], {}
        if located and tag == SOURCE_TAG:
            continue
        if tag in ("bdo", "bdi"):
            yield web_locate.element(tag, element.attrib), DIRECTION_RULE, _direction(f"a <{tag}> element")
            continue
        if tag not in allowed:
            yield (
                web_locate.element(tag, element.attrib),
                RULE,
                f"holds a <{tag}> element, which Clearprint's web pages never use (a clinic template may use only the "
                "elements and attributes of Clearprint's own web templates); remove it",
            )
            continue
        names = allowed[tag] | (GLOBAL if allowed is ELEMENTS else frozenset())
        for name, value in element.attrib.items():
            if located and name == "data-src":
                continue
            if name == "dir":
                if tag != "html" or value.strip().lower() != DIRECTION:
                    yield (
                        web_locate.attribute("dir", value),
                        DIRECTION_RULE,
                        _direction(f'dir="{value[:20]}" on <{tag}>'),
                    )
                continue
            if name not in names:
                shown = name.rsplit("}", 1)[-1]
                yield (
                    web_locate.attribute(shown, value),
                    RULE,
                    f'has the attribute {shown}="{value[:40]}" on <{tag}>, which Clearprint\'s web pages never use '
                    "(no event handler, style or other attribute a clinic template adds); remove it",
                )
                continue
            yield from _value(tag, name, value)
            if "url(" in value.lower() and allowed is SVG_ELEMENTS:
                yield name, RULE, f'has {name}="{value[:40]}" on <{tag}>: a drawing on a web page links to nothing'
        if tag == "meta":
            yield from _meta(element.attrib, csp)
        elif tag == "link":
            yield from _link(element.attrib, links)


def _direction(what: str) -> str:
    return (
        f"has {what}: text direction is set by the language, and Clearprint's languages are written left to "
        "right, so words drawn in another order than the checks read them are refused; remove it"
    )


def _value(tag: str, name: str, value: str) -> Iterator[Refused]:
    """An address is a file of the site (relative), or a web, mail or phone link for <a>."""
    if name not in ("href", "src"):
        return
    cleaned = _INVISIBLE.sub("", value)
    scheme = _SCHEME.match(cleaned)
    relative = scheme is None and not cleaned.startswith(("//", "\\\\", "/\\", "\\/"))
    if tag == "a" and (relative or (scheme and scheme[1].lower() in LINK_SCHEMES)):
        return
    if tag in ("img", "link") and (relative or (tag == "link" and scheme and scheme[1].lower() in ("http", "https"))):
        return
    yield (
        (value, f"{name}="),
        RULE,
        f'has {name}="{value[:60]}" on <{tag}>: a page links only to files of the site, or to web, mail and phone '
        "addresses; remove it",
    )


def _meta(attributes: dict[str, str], csp: str) -> Iterator[Refused]:
    equiv = attributes.get("http-equiv")
    if equiv is not None:
        if equiv.strip().lower() != "content-security-policy" or attributes.get("content") != csp:
            yield (
                (f'http-equiv="{equiv}"', f"http-equiv='{equiv}'", "http-equiv"),
                RULE,
                f'has <meta http-equiv="{equiv[:40]}">: Clearprint sets the page\'s only http-equiv, its '
                "Content-Security-Policy, itself; remove it",
            )
        return
    if "charset" in attributes:
        if attributes["charset"].strip().lower() != "utf-8" or len(attributes) > 1:
            yield "charset", RULE, 'has a <meta charset> other than <meta charset="utf-8">; write that instead'
        return
    name = attributes.get("name", "")
    if name.strip().lower() not in META_NAMES or set(attributes) != {"name", "content"}:
        yield (
            web_locate.element("meta", attributes),
            RULE,
            f'has <meta name="{name[:40]}">: a web page\'s <meta> may be only a name ({", ".join(sorted(META_NAMES))}) '
            "with its content; remove it",
        )


def _link(attributes: dict[str, str], links: dict[str, set[str]]) -> Iterator[Refused]:
    rel = " ".join(attributes.get("rel", "").lower().split())
    href = attributes.get("href", "")
    if rel in links and href in links[rel]:
        return
    yield (
        (href, *web_locate.element("link", attributes)),
        RULE,
        f'has <link rel="{rel[:30]}" href="{href[:60]}">: a page links only to the site\'s own stylesheets and icon, '
        "its own address and its other languages; remove it",
    )


def _located(
    found: list[Refused], env: jinja2.Environment, template: str, path: str, root: Path, clinic: Path
) -> list[Problem]:
    """Each refusal at the clinic template (and line) that shows it first (template_locate.py)."""
    report = Problems(root)
    problems = []
    for needle, rule, what in found:
        file, line = locate(env, template, clinic, root, needle)
        col = web_locate.column(file, line, needle)
        problems.append(report.add(file, line, f"the web page {path or template} {what}", col=col, rule=rule))
    return problems
