"""Icon arrays in the standard edition (styles/standard.css): a row of arrays may go on in the
next column, each array whole, and a treated group stays beside its comparison group.

Round-22 review: in the Spanish botulinum toxin leaflet the three arrays, kept whole as one
block, moved to the second column and left two-fifths of the first one blank."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

# (clinic, language): the treated group's and the comparison group's captions, and the risks
# section's heading, which the samples' arrays follow in the same column.
LEAFLETS = {
    ("sample-us-maple-grove", "es"): (
        "33 de cada 100 personas tratadas",
        "29 de cada 100 personas que",
        "¿Cuáles son los riesgos?",
    ),
    ("sample-us-maple-grove", "en"): ("33 out of 100 people", "29 out of 100 people", "What are the risks?"),
    ("sample-uk-riverside", "en"): ("33 out of 100 people", "29 out of 100 people", "What are the risks?"),
}


def found(pdf: pdfium.PdfDocument, words: str) -> tuple[int, float, float, float]:
    """(page, left, top, page width) of the first place `words` are drawn."""
    for number in range(len(pdf)):
        textpage = pdf[number].get_textpage()
        hit = textpage.search(words).get_next()
        if hit:
            left, _, _, top = textpage.get_charbox(hit[0])
            return number, left, top, pdf[number].get_size()[0]
    raise AssertionError(f"{words!r} is not drawn")


@pytest.mark.parametrize(("clinic", "language"), sorted(LEAFLETS))
def test_the_treated_group_stays_beside_its_comparison_group_in_the_column_of_their_section(
    sample, clinic: str, language: str
) -> None:
    treated, comparison, heading = LEAFLETS[clinic, language]
    pdf = pdfium.PdfDocument(Path(sample[1]) / clinic / language / "botulinum-toxin.pdf")
    page, left, top, width = found(pdf, treated)
    other_page, other_left, other_top, _ = found(pdf, comparison)
    assert (other_page, round(other_top)) == (page, round(top)), "the two groups are not side by side"
    assert other_left > left
    heading_page, heading_left, _, _ = found(pdf, heading)
    # the first row of arrays has room under the section's opening in its column: the arrays do
    # not jump to the next column as one block, leaving the rest of this one blank
    assert heading_page == page and (heading_left < width / 2) == (left < width / 2)
