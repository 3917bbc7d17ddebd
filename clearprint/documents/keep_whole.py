"""What a line must never break inside: a hyphenated word or number ("flare-ups",
"1-800-FDA-1088") and a frequency ("1 in 41,000", "1 de cada 6 400"), each kept in a
`<span class="nowrap">` (styles/base.css). The handout's own Markdown gets the spans as it is
rendered (documents/markdown.py); the HTML Clearprint adds after the sanitiser (the risk table, the
get-help box) gets them here."""

from __future__ import annotations

import re

HYPHENATED = r"\w+(?:-\w+)+"
# "1 in 41,000", "3 in 100", "1 de cada 6 400" (any space between the
# words, which the Markdown may wrap; a comma or any space between thousands): a reader who meets "1 in" at a line's end and "41,000" on the next misreads it.
THOUSANDS = r"\d{1,3}(?:(?:,|\s)\d{3}(?!\d))"
# A range too: "2 a 3 de cada 100" (r7 review: "Unas 2 a / 3 de cada 100" read as two numbers),
# and "1 and 100 in 10,000", "1 y 100 de cada 10 000" (r8 review: "entre 1 y / 100" broke).
FIGURE = rf"(?:\d+\s+(?:to|and|a|y)\s+)?\d+\s+(?:in|de\s+cada|out\s+of)\s+(?:{THOUSANDS}+|\d+)"
# Any other number with a space between its thousands ("41 000 con cánula", "10 000 y"):
# the Markdown and risks.yaml may hold a plain space there, where a line may break. Not a
# group of a phone number ("01632 960 318": a number before it), which .phone keeps whole.
# Only a number that starts a word (after a space, the start or an opening bracket or quote):
# "+44 (0)100 000-000" is a phone number, and Python-Markdown holds an escaped ")" as a
# placeholder character there while the spans are made.
SPACED_NUMBER = r"(?<![^\s(\[«¡¿\"'])(?<!\d\s)\d{1,3}(?:\s\d{3}(?!\d))+(?!-\d)"
KEEP_WHOLE = re.compile(f"{FIGURE}|{SPACED_NUMBER}|{HYPHENATED}")
_TEXT = re.compile(r"(?:(?<=>)|^)[^<>]+")  # text between tags, at the start or at the end


def in_html(fragment: str) -> str:
    """Clearprint's own HTML (escaped text, no <svg>, no <script>) with every run that must not
    break in a nowrap span; tags and attributes are left as they are."""
    return _TEXT.sub(lambda m: KEEP_WHOLE.sub(lambda w: f'<span class="nowrap">{w[0]}</span>', m[0]), fragment)
