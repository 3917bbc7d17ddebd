"""What every family of checks looks at for one output, and how it reports a finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..content.spelling import Spelling
from ..models import Output
from ..problems import Problem, Problems, Severity
from .filled_values import FilledPosition, filled_values
from .image_text import Cache
from .normalise import fold_text
from .page_text import page_chunks
from .rules import RuleSet
from .text import Chunk, Position, output_chunks


@dataclass
class Context:
    output: Output
    rules: RuleSet
    report: Problems  # for paths relative to the project
    root: Path
    today: dt.date
    english_versions: dict[str, str]  # handout id -> version of its English source
    spelling: Spelling | None = None  # the language's spelling rules for this clinic
    page: str | None = None  # the output's HTML, after templates; None: read the Markdown
    # False when the output's page could not be made (its template fails; that error is the
    # finding): a check about what the page adds to the Markdown (the get-help box made from
    # the risks) must then say nothing, since the Markdown alone lacks it.
    page_available: bool = True
    # what earlier runs worked out, kept under out/ (beside the OCR readings: incremental/ocr_cache.py)
    cache: Cache | None = None

    @cached_property
    def chunks(self) -> list[Chunk]:
        """What the patient reads: every string of the output's page (page_text.py), or of its
        Markdown when the page could not be made (its template's error is reported with the PDF)."""
        if self.page is not None:
            return page_chunks(self.page, self.root, filled=filled_values(self.output.clinic, self.root))
        return output_chunks(self.output)

    @cached_property
    def source_chunks(self) -> list[Chunk]:
        """The output's Markdown as chunks, citation markers and all: the page leaves the
        markers out (the patient's text has no [2]; the evidence sheet lists the sources), so
        the checks of citations read the Markdown."""
        return output_chunks(self.output)

    @cached_property
    def _markdown_words(self) -> dict[Path, str]:
        """Each Markdown file's text as the Markdown chunks give it, folded (normalise.py)."""
        words: dict[Path, list[str]] = {}
        for chunk in self.source_chunks:
            if chunk.positions:
                words.setdefault(chunk.positions[0].file, []).append(chunk.text)
        return {file: " ".join(fold_text(" ".join(texts)).lower().split()) for file, texts in words.items()}

    def written(self, where: Position, text: str) -> Position:
        """Where words found at a Markdown line were written: there, unless that Markdown file
        holds no such words and one of the clinic's templates does (a block that replaces words
        of the content, `{{ super() | replace(...) }}`): then at that template line. Never a guess:
        words in neither stay where the page put them."""
        if not isinstance(where, Position) or where.file.suffix != ".md":
            return where
        folded = " ".join(fold_text(text).lower().split())
        if folded in self._markdown_words.get(where.file, folded):
            return where
        for path in sorted((self.output.clinic.folder / "templates").rglob("*.j2")):
            try:
                source = path.read_text(encoding="utf-8").lower()
            except (OSError, UnicodeDecodeError):
                continue
            if (at := source.find(text.lower())) >= 0:
                return Position(path, source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1) + 1)
        return where

    @property
    def language(self) -> str:
        return self.output.handout.meta.language

    def finding(
        self,
        where: Position | Path,
        severity: Severity,
        rule: str,
        message: str,
        suggestion: str,
        line: int | None = None,
    ) -> Problem:
        if isinstance(where, Position):
            path, line, col = where.file, where.line, where.col
        else:
            path, col = where, None
        note = f" ({where.note()})" if isinstance(where, FilledPosition) else ""
        return Problem(self.report.rel(path), line, f"{message} ({suggestion}){note}", severity, col, rule)
