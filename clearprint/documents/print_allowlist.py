"""The markup a clinic template may add to a printed page (a handout edition or the catalogue):
an allowlist, as for the web edition (web_markup.py) and the handouts' own HTML (sanitise.py).

A printed page's styles are the stylesheets Clearprint gives the renderer (the clinic's
`styles/*.css` among them, held to their allowlist and read by the checks), so a `<style>`
element or a `style` attribute a template adds is an error that says where the rules go,
before anything is laid out (attack 7, A30: a `<style>` in a template block made the body text
white and was found only by the drawn-contrast check, with no line). A script or an event
handler runs nowhere on paper and is refused as on the web. Any other element or attribute
outside the web templates' list is refused too; `data-*` attributes are allowed (they are
never drawn, and CSS may not read them: checks/clinic_css.py). Only what a page holds beyond
the same output made from Clearprint's own templates counts (print_markup.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from .web_markup import ELEMENTS, GLOBAL, SVG_ELEMENTS

RULE = "template-markup"
# The printed page's own elements beyond the web templates' (its running header, figures, the
# QR code's image and the icon arrays' SVG come from Clearprint and are not counted).
# `rel` is WeasyPrint's: a stylesheet or an attachment is print_markup.py's error (the renderer refuses an
# attachment too, whatever made it: pdf/renderer.py).
PRINT_ELEMENTS = {
    tag: names - {"http-equiv"} | ({"rel"} if tag in ("a", "link") else set()) for tag, names in ELEMENTS.items()
}
CLINIC = "clinics/<clinic>"  # print_markup.py names the clinic's folder
STYLES = f"the clinic's stylesheet ({CLINIC}/styles/*.css, where every rule is checked)"

Found = tuple[tuple[str, ...], str | tuple[str, ...], str, str]  # as print_markup.Found


def refused(tag: str, namespace: str, attributes: dict[str, str]) -> Iterator[Found]:
    """(key, needles in the template, rule, what is wrong) for the element `tag` and each of
    its attributes that the allowlist does not hold."""
    allowed = SVG_ELEMENTS if namespace == "svg" else PRINT_ELEMENTS
    if tag == "style":
        yield (
            ("element", tag),
            "<style",
            RULE,
            f"a <style> element: a printed page is styled only by {STYLES}; move the rules there and remove the element",
        )
        return
    if tag == "script":
        yield (("element", tag), "<script", RULE, "a <script> element: a printed page runs nothing; remove it")
        return
    if tag not in allowed:
        yield (
            ("element", tag),
            f"<{tag}",
            RULE,
            f"a <{tag}> element, which Clearprint's templates never use; remove it, or use the elements of "
            "Clearprint's own templates",
        )
        return
    names = allowed[tag] | (GLOBAL if allowed is PRINT_ELEMENTS else frozenset())
    for qualified, value in attributes.items():
        name = qualified.rsplit("}", 1)[-1]
        if name in names or qualified in names or name.startswith("data-") or name == "dir":  # dir: print_markup
            continue
        shown = f'{name}="{value[:40]}"'
        needles = (f'{name}="{value}"', f"{name}='{value}'", f"{name}=")
        if name == "style":
            yield (
                ("attribute", tag, name, value),
                needles,
                RULE,
                f"a {shown} attribute on <{tag}>: put the rule in {STYLES}, under a class, and remove the attribute",
            )
        elif name.lower().startswith("on"):
            yield (
                ("attribute", tag, name, value),
                needles,
                RULE,
                f"an event handler {shown} on <{tag}>: a printed page runs nothing; remove it",
            )
        else:
            yield (
                ("attribute", tag, name, value),
                needles,
                RULE,
                f"the attribute {shown} on <{tag}>, which Clearprint's templates never use; remove it",
            )
