"""The claim rules on the pages Clearprint makes for a whole clinic: every page of the web
edition and the front-desk catalogue, read as they are written, a clinic's own templates
included (`clinics/<slug>/templates/web/*.html.j2`, `catalogue.html.j2`).

The writers render each page once more with a clinic template's words located
(documents/template_text.py) and hand it here before anything is written; an error keeps
the whole site or catalogue from being written. Read once per page:

- text written in a handout (its blocks, title, summary and sources carry `data-src` into
  its Markdown) was checked with that handout, with its waivers, and is not read again;
- a handout's title, summary and section titles where a page repeats them without a mark
  (an index's list, a catalogue row, the contents list) are blanked in the text read, for
  the same reason, keeping every other word's place;
- everything else is read: a clinic template's words (at its line and column), the labels
  and values the templates print, the page's title and description, and strings in its
  stylesheet's `content:`. Words a template makes in an expression (`{{ "100% safe" }}`),
  which carry no line, are looked for in the page's template and the clinic's templates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from ..models import Clinic
from ..problems import ContentError, Problem, Problems
from . import claims
from .page_text import page_chunks
from .rules import RuleSet, load_rules
from .text import Chunk, Position

HEAD_TEXT = re.compile(
    r"<title\b[^>]*>(?P<title>.*?)</title>|<meta\s+name=\"description\"\s+content=\"(?P<description>[^\"]*)\"",
    re.DOTALL | re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
BODY_SRC = re.compile(r"<body\b[^>]*data-src=\"([^\"]*)\"")


class PageClaims:
    """Checks pages of one build, the rule set of each clinic and language loaded once."""

    def __init__(self, root: Path, report: Problems | None = None) -> None:
        self.root = root
        self.report = report if report is not None else Problems(root)  # the build's: warnings go there
        self.rule_sets: dict[tuple[Path, str], RuleSet | None] = {}

    def rules(self, clinic: Clinic, language: str) -> RuleSet | None:
        """None when a rule file is bad (reported with the handouts' checks, which then print nothing)."""
        key = (clinic.folder, language)
        if key not in self.rule_sets:
            try:
                self.rule_sets[key] = load_rules(
                    self.root, clinic.folder, clinic.settings.country, language, Problems(self.root)
                )
            except ContentError:
                self.rule_sets[key] = None
        return self.rule_sets[key]

    def findings(
        self, page: str, clinic: Clinic, language: str, distribution: str, known: Iterable[str] = ()
    ) -> list[Problem]:
        """The claims on `page` (HTML rendered with located template words), as located problems."""
        template = _template(page, self.root)
        rules = self.rules(clinic, language)
        if rules is None:
            return [
                Problem(
                    self.report.rel(template or clinic.folder / "clinic.yaml"), None,
                    f"this page cannot be checked: the claim rules for '{language}' have errors (see above); "
                    "fix them, the page is not written until then",
                )  # fmt: skip
            ]
        blanks = sorted({" ".join(k.split()) for k in known if len(k.strip()) >= 3}, key=len, reverse=True)
        chunks = [_blanked(c, blanks) for c in page_chunks(page, self.root) if _unchecked(c, self.root)]
        chunks += [_blanked(c, blanks) for c in _head_chunks(page, template or self.root)]
        found = claims.find_claims([c for c in chunks if c.text.strip()], rules.claims, language, distribution, root=self.root)
        problems = {}
        for rule, text, where in found:
            file, line, col = self._place(where, text, template, clinic)
            message = f"{rule.message.format(match=text)} ({rule.suggestion})"
            problem = Problem(self.report.rel(file), line, message, rule.severity, col, rule.id)
            problems[problem] = None
        return list(problems)

    def passed(self, found: list[Problem]) -> None:
        """Raise ContentError with every finding when one is an error (the page is not written);
        else add the warnings to the report."""
        if any(p.severity == "error" for p in found):
            raise ContentError(*found)
        self.report.extend(found)

    def _place(
        self, where: Position, text: str, template: Path | None, clinic: Clinic
    ) -> tuple[Path, int | None, int | None]:
        """Where words that carry no line of their own (1:1 in a template) were written: the first
        place they are in the page's template or another of the clinic's templates, else the file."""
        if not (where.file.suffix == ".j2" and where.line == 1 and where.col == 1):
            return where.file, where.line, where.col
        candidates = [where.file, *(template and [template] or []), *sorted((clinic.folder / "templates").rglob("*.j2"))]
        for path in dict.fromkeys(candidates):
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            at = source.lower().find(text.lower())
            if at >= 0:
                line = source.count("\n", 0, at) + 1
                return path, line, at - (source.rfind("\n", 0, at) + 1) + 1
        return where.file, None, None


def _template(page: str, root: Path) -> Path | None:
    found = BODY_SRC.search(page)
    return root / html.unescape(found[1]) if found else None


def _unchecked(chunk: Chunk, root: Path) -> bool:
    """Not text a handout's own checks read: words of a template, or of no file at all."""
    file = getattr(chunk.positions, "file", None) or chunk.at(0).file
    return file.suffix == ".j2" or file in (root, root.resolve())


def _blanked(chunk: Chunk, known: list[str]) -> Chunk:
    """The chunk with each handout string it repeats blanked out (every other character keeps its place)."""
    text = chunk.text
    for words in known:
        if words in text:
            text = text.replace(words, " " * len(words))
    if text is chunk.text:
        return chunk
    return Chunk(chunk.role, chunk.kind, text, chunk.positions, chunk.indent)


def _head_chunks(page: str, template: Path) -> list[Chunk]:
    """The page's title (a browser's tab, a search result) and description, at its template."""
    chunks = []
    for match in HEAD_TEXT.finditer(page):
        value = match["title"] if match["title"] is not None else match["description"]
        text = " ".join(html.unescape(TAG.sub(" ", value)).split())
        if text:
            chunks.append(Chunk(None, "heading", text, [Position(template, 1, 1)] * len(text)))
    return chunks
