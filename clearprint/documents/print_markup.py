"""What a clinic template may not add to a printed page (a handout edition or the front-desk
catalogue): a stylesheet, an attachment (`rel="attachment"`, which WeasyPrint embeds in the
PDF; the renderer refuses one whatever made it, but only this names the template and line),
or a text direction.

The stylesheets of a printed page are the ones Clearprint gives the renderer (the project's,
the edition's and the clinic's `styles/*.css`, each held to its allowlist): the page itself
links none, so a `<link>` a clinic template adds (to a sheet in its templates/ folder, which
no check reads) is an error naming the template, and the renderer's fetcher serves no other
`.css` file whatever asks for it (pdf/fetcher.py). A `<style>` a template adds is held to the
clinic stylesheets' allowlist, which has no `@import` and no `url()` (checks/clinic_css.py).

Text direction is the language's: Clearprint's languages are written left to right, so
`<bdo>`, `<bdi>` and `dir` (which draw words in another order than the checks read them)
are refused too.

Only what the page holds beyond the same output made from Clearprint's own templates counts,
and the page is parsed as the renderer parses it (tinyhtml5, WeasyPrint's HTML parser).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
import tinyhtml5

from ..problems import Problem, Problems
from . import html5_speed, print_allowlist
from .template_locate import locate

IDS = {  # the message ids (docs/messages.yaml), by what they are about
    "stylesheet": ("template-stylesheet", "a stylesheet a template links"),
    "direction": ("template-text-direction", "a text direction"),
}
STYLESHEET_RULE, DIRECTION_RULE = IDS["stylesheet"][0], IDS["direction"][0]
html5_speed.install()  # the parser's own cache of expressions made to work (html5_speed.py)

Found = tuple[tuple[str, ...], str | tuple[str, ...], str, str]  # (what it is, needles in the template, rule, message)


def _found(page: str) -> list[Found]:
    return list(_found_in(page))


@lru_cache(maxsize=64)  # the same page is asked about more than once (an edition's page and another's plain one)
def _found_in(page: str) -> tuple[Found, ...]:
    found: list[Found] = []
    for element in tinyhtml5.parse(page).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1]
        namespace = "svg" if element.tag.startswith("{http://www.w3.org/2000/svg}") else "html"
        found += print_allowlist.refused(tag, namespace, dict(element.attrib))  # styles, scripts, handlers
        if tag == "link" and "stylesheet" in element.get("rel", "").lower().split():  # what WeasyPrint loads
            rel, href = element.get("rel", ""), element.get("href", "")
            found.append(
                (
                    ("link", rel, href),
                    (href, "<link"),
                    STYLESHEET_RULE,
                    f'a <link rel="{rel[:30]}" href="{href[:60]}">: a printed page uses only the stylesheets '
                    "Clearprint gives it; put the rules in the clinic's styles/ folder, where they are checked",
                )
            )
        elif tag in ("a", "link") and "attachment" in element.get("rel", "").lower().split():  # WeasyPrint embeds it
            rel, href = element.get("rel", ""), element.get("href", "")
            found.append(
                (
                    (tag, rel, href),
                    (rel, href, f"<{tag}"),
                    print_allowlist.RULE,
                    f'a <{tag} rel="{rel[:30]}" href="{href[:60]}">, which attaches a file to the PDF: a handout '
                    'attaches no files; remove it, or link to the file without rel="attachment"',
                )
            )
        elif tag in ("bdo", "bdi"):
            found.append(((tag,), f"<{tag}", DIRECTION_RULE, f"a <{tag}> element{_DIRECTION}"))
        for name, value in element.attrib.items():
            if name == "dir":
                found.append(
                    (("dir", tag, value), "dir=", DIRECTION_RULE, f'dir="{value[:20]}" on <{tag}>{_DIRECTION}')
                )
    return tuple(found)


_DIRECTION = (
    ": text direction is set by the language, and Clearprint's languages are written left to right, so words "
    "drawn in another order than the checks read them are refused; remove it"
)


def added(
    page: str, plain: Callable[[], str], env: jinja2.Environment, template: str, clinic: Path, root: Path, what: str
) -> list[Problem]:
    """An error, at the clinic template and line that shows it, for each stylesheet link or
    text direction `page` holds beyond `plain()` (the same output from Clearprint's own
    templates, made only when `page` holds any). `what` names the output."""
    found = _found(page)
    if not found:
        return []
    theirs = Counter(key for key, *_ in _found(plain()))
    report = Problems(root)
    problems = []
    for key, needle, rule, message in found:
        if theirs[key] > 0:
            theirs[key] -= 1
            continue
        file, line = locate(env, template, clinic, root, needle)
        col = _column(file, line, needle)
        message = message.replace(print_allowlist.CLINIC, report.rel(clinic))  # where its stylesheets are
        problems.append(report.add(file, line, f"{what}: a clinic template adds {message}", col=col, rule=rule))
    return list(dict.fromkeys(problems))


def _column(file: Path, line: int | None, needle: str | tuple[str, ...]) -> int | None:
    """The column (from 1) where `needle` (the first of several that the line shows) is written
    on `line` of `file`, case aside; None when the line does not show it as written."""
    if line is None:
        return None
    try:
        text = file.read_text(encoding="utf-8").split("\n")[line - 1].lower()
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    for each in (needle,) if isinstance(needle, str) else needle:
        if each and (at := text.find(each.lower())) >= 0:
            return at + 1
    return None
