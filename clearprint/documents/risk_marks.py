"""Where the words made from a handout's risks as data were written: ` data-src="file:line"`
(sourcemap.py) for the risk table's cells, its icon arrays' captions and the get-help box's
signs, pointing to `handouts/<id>/risks.yaml` and the line of the field (a risk's `name`,
`signs`, `who`, `help`), so a claim in the data is reported where its words are, not where the
Markdown's `{{ risk_table }}` or `{{ get_help }}` placeholder stands (attack 7, A72)."""

from __future__ import annotations

import html
from pathlib import Path

from ..content import yamlfile
from ..content.risks import RISKS_FILE, RiskFile
from .sourcemap import relative, src


class RiskMarks:
    """The ` data-src` attribute of each field of a handout folder's risks.yaml ('' when unknown)."""

    def __init__(self, folder: Path, root: Path) -> None:
        path = folder / RISKS_FILE
        self.file = relative(path, root)
        try:
            self.lines = dict(yamlfile.load(path, RiskFile, root)[1])  # cached: parsed once per file version
        except Exception:  # the file was read (and refused, if bad) by load_risks already
            self.lines = {}

    def line(self, index: int, language: str, *field: str | int) -> int | None:
        """The line of a risk's field in `language` (its words' line, else the risk's)."""
        loc: tuple = ("risks", index, "words", language, *field)
        while len(loc) > 2 and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc)

    def attr(self, index: int, language: str, *field: str | int) -> str:
        line = self.line(index, language, *field)
        return f' data-src="{html.escape(src(self.file, line))}"' if line else ""

    def then(self, risks: RiskFile, language: str, then: str) -> str:
        """The attribute of the first risk whose `then` is `then` (get-help box)."""
        for i, risk in enumerate(risks.risks):
            words = risk.words.get(language)
            if words is not None and words.then == then:
                return self.attr(i, language, "then")
        return ""

    def phrase(self, risks: RiskFile, language: str, phrase: str) -> str:
        """The attribute of the first risk whose `help` (or `signs`) says `phrase` (get-help box)."""
        for i, risk in enumerate(risks.risks):
            words = risk.words.get(language)
            if words is None:
                continue
            for tier, phrases in (words.help or {}).items():
                if phrase in phrases:
                    return self.attr(i, language, "help", tier, phrases.index(phrase))
            if words.help is None and phrase.lower().rstrip(".") in words.signs.lower():
                return self.attr(i, language, "signs")
        return ""
