"""Can every page of a clinic's web edition have an address of its own? Checked when
clinic.yaml is read, so a QR code never leads two leaflets to one page.

`handout_url` fills in {id} and {language}: without {id}, every handout of a clinic that
has more than one would print the same address; without {language}, every language of a
clinic that has more than one. `not_on_website` may name only handouts the clinic builds.
"""

from __future__ import annotations

from ..models import ClinicSettings

Loc = tuple[str | int, ...]


def address_problems(settings: ClinicSettings) -> list[tuple[Loc, str]]:
    """(where in clinic.yaml, what is wrong) for each address two pages would share."""
    found: list[tuple[Loc, str]] = []
    url = settings.handout_url
    if settings.website and "{id}" not in url and len(settings.handouts) > 1:
        found.append(
            (
                ("handout_url",),
                f"'handout_url': {url!r} has no {{id}}, so all {len(settings.handouts)} handouts would share one "
                "address and one QR code; put {id} in it, e.g. '{website}/handouts/{language}/{id}'",
            )
        )
    if settings.website and "{language}" not in url and len(settings.languages) > 1:
        found.append(
            (
                ("handout_url",),
                f"'handout_url': {url!r} has no {{language}}, so the {' and '.join(settings.languages)} pages of a "
                "handout would share one address; put {language} in it, e.g. '{website}/handouts/{language}/{id}'",
            )
        )
    for i, handout in enumerate(settings.not_on_website):
        if handout not in settings.handouts:
            found.append(
                (
                    ("not_on_website", i),
                    f"'not_on_website': {handout!r} is not one of this clinic's handouts "
                    f"({', '.join(settings.handouts)}); remove it or add it to handouts",
                )
            )
    return found
