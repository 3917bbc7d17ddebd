"""The words a clinic's settings print on every page of its public web edition, read as
public material whatever its leaflets' distribution.

A UK clinic that hands its leaflets out after a consultation may name a prescription-only
medicine in them; its web edition is public, and prints the clinic's name, each line of its
address and its phone numbers on every page. So when the clinic has a `website`, these
values are read by the rules that apply to public (waiting-room) material only, such as the
UK's rule against naming prescription-only brands: "Botox Bar London" is an error at its
line and column in clinic.yaml. The website itself is read by checks/addresses.py; a
waiting-room leaflet's own checks read every value as it is printed (checks/page_text.py).
"""

from __future__ import annotations

from ..models import Output
from .addresses import DISTRIBUTION, settings_lines, value_positions
from .text import Chunk

# The clinic.yaml keys the web pages print on every page (each `address` line is one too).
PRINTED = ("name", "short_name", "phone", "after_hours_phone", "emergency_number")
SUGGESTION = (
    "the clinic's settings are printed on every page of its public web edition: write this one without it, "
    "or remove `website:` from clinic.yaml if the clinic publishes no web edition"
)


def public_chunks(output: Output) -> list[Chunk]:
    """The values the clinic's web pages print (none without a website, or for a leaflet that
    is itself public material, whose own checks read them), located in clinic.yaml."""
    settings = output.clinic.settings
    lines = settings_lines(output)
    if lines is None or output.distribution == DISTRIBUTION:
        return []
    values = [((key,), getattr(settings, key)) for key in PRINTED]
    values += [(("address", i), line) for i, line in enumerate(settings.address)]
    chunks = []
    for key, value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        positions = value_positions(output, lines, key, value)
        if positions is not None:
            chunks.append(Chunk(None, "text", value, positions))
    return chunks


def public_rules(rules: tuple) -> tuple:
    """The rules that apply to public material only (brand names of prescription-only medicines)."""
    return tuple(r for r in rules if r.distribution == DISTRIBUTION)
