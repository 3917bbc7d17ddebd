"""What an SVG drawing or logo may hold (content/svg_policy.py): processing instructions
anywhere in the file are refused, the prolog and the end included."""

from __future__ import annotations

from clearprint.content.svg_policy import refusal

DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="1" height="1"/></svg>'


def test_a_stylesheet_instruction_before_the_drawing_is_refused_at_its_line() -> None:
    """Round-8 attack, case 41: a logo opening with <?xml-stylesheet href="evil.xsl"?> was
    published unchanged, so a browser opening it would fetch and apply the stylesheet."""
    evil = b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="evil.xsl"?>\n' + DRAWING
    assert refusal(evil) == "the SVG holds a processing instruction on line 2; remove it"
    assert refusal(DRAWING + b"\n<?evil x?>") == "the SVG holds a processing instruction on line 2; remove it"
    assert refusal(b'<?xml version="1.0" encoding="UTF-8"?>\n' + DRAWING) is None
