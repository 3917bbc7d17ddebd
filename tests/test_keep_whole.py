"""Phone numbers and frequencies never break across lines (issue 21, round-3 review: "1-800-" /
"FDA-1088" in the trifolds, "1 / de cada 41 000" in a large-print risk table)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clearprint.documents.keep_whole import in_html
from conftest import pdf_text


def test_figures_and_hyphenated_numbers_get_a_nowrap_span_and_tags_are_left_alone() -> None:
    made = in_html('<p>MedWatch: 1-800-FDA-1088. About 1 in\n41,000 <a href="tel:911">911</a> 1 de cada 6\u00a0400</p>')
    assert '<span class="nowrap">1-800-FDA-1088</span>' in made
    assert '<span class="nowrap">1 in\n41,000</span>' in made
    assert '<span class="nowrap">1 de cada 6\u00a0400</span>' in made
    assert '<a href="tel:911">911</a>' in made  # an attribute is never rewritten


def test_a_plain_space_between_thousands_is_kept_whole_too() -> None:
    """risks.yaml and the Spanish Markdown write "41 000" with an ordinary space (round 4: the
    large print broke "1 de cada 41 / 000" and "entre 1 de cada 10 / 000 y")."""
    made = in_html("con aguja; 1 de cada 41 000 con cánula; entre 1 de cada 10 000 y 1 de cada 100; 12 000 casos")
    assert '<span class="nowrap">1 de cada 41 000</span> con' in made
    assert '<span class="nowrap">1 de cada 10 000</span> y <span class="nowrap">1 de cada 100</span>' in made
    assert '<span class="nowrap">12 000</span> casos' in made
    assert in_html("en 2015 y 2018") == "en 2015 y 2018"
    assert in_html("Phone 01632 960 318") == "Phone 01632 960 318"  # not a thousands separator


@pytest.mark.parametrize(
    "pdf",
    [
        "sample-us-maple-grove/en/botulinum-toxin.trifold.pdf",
        "sample-us-maple-grove/es/botulinum-toxin.trifold.pdf",
        "sample-us-maple-grove/es/chemical-peels.trifold.pdf",
        "sample-us-maple-grove/es/dermal-fillers.trifold.pdf",
        "sample-us-maple-grove/en/dermal-fillers.large-print.pdf",
        "sample-us-maple-grove/es/dermal-fillers.large-print.pdf",
    ],
)
def test_no_printed_line_ends_inside_a_phone_number_or_a_frequency(sample, pdf: str) -> None:
    text = pdf_text(Path(sample[1]) / pdf)
    assert "1-800-FDA-1088" in text
    broken = re.compile(
        r"1-800-\n|\b\d+ (?:in|de cada)\n\d|\b\d+\n(?:de cada|in) \d"
        r"|\b(?:in|de cada) \d{1,3}\n\d{3}(?!\d)"  # "1 de cada 41" / "000 con cánula"
    )
    assert not broken.findall(text)
