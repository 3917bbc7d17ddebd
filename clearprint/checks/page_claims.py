"""The claim rules on the pages Clearprint makes for a whole clinic: every page of the web
edition and the front-desk catalogue, read as they are written, a clinic's own templates
included (`clinics/<slug>/templates/web/*.html.j2`, `catalogue.html.j2`).

The writers render each page once more with a clinic template's words located
(documents/template_text.py) and hand it here before anything is written; an error keeps
the whole site or catalogue from being written. Each page is read once:

- what a handout's own checks read (its blocks, title, summary, section titles and sources,
  made by Clearprint from its Markdown, not taken from the page, whose marks a template could
  forge) is known: a block of the page that is one of them is not read again (it was checked
  with its handout, with its waivers), and where a page repeats one inside other words (an
  index's list, a catalogue row) it is blanked, every other word keeping its place;
- everything else is read: a clinic template's words (at its line and column), the labels and
  values the templates print, the page's title and description, `aria-label` and `title`
  attributes, SVG text and strings in a stylesheet's `content:`. Words a template makes in
  an expression (`{{ "100% safe" }}`) or an attribute carry no line: they are looked for in
  the page's template and the clinic's templates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..content import emergency_numbers
from ..content.phone_numbers import typed
from ..documents.template_places import written_at
from ..models import Clinic
from ..problems import ContentError, Problem, Problems
from . import claims, claims_other_languages, language_of_text
from .made_text import made_at
from .page_text import page_chunks, source_line
from .rules import RuleSet, load_rules
from .table_rows import page_rows
from .text import Chunk, Position

OTHER_TEXT = re.compile(  # words a browser shows or reads aloud that page_text.py leaves out
    r"<title\b[^>]*>(?P<title>.*?)</title>"
    r"|<meta\b[^>]*?\scontent=(?:\"(?P<description>[^\"]*)\"|'(?P<description2>[^']*)')"
    r"|\s(?:aria-label|aria-description|title|placeholder|value)=(?:\"(?P<attribute>[^\"]*)\"|'(?P<attribute2>[^']*)'|(?P<attribute3>[^\s\"'>]+))"
    r"|<(?P<tag>text|tspan|textPath|foreignObject)\b[^>]*>(?P<svg>.*?)</(?P=tag)>"
    r"|\ssrcdoc=(?:\"(?P<srcdoc>[^\"]*)\"|'(?P<srcdoc2>[^']*)')",  # a frame's own page, escaped once more
    re.DOTALL | re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
MARK_TAG = re.compile(r"</?cp-src\b[^>]*>")  # documents/template_text.py, clinic_values.py
START_TAG = re.compile(r"<[A-Za-z][\w-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
MARK_ATTRIBUTE = re.compile(r'\s+data-(?:alt-)?src="[^"]*"')  # documents/sourcemap.py, clinic_values.py
# What a page's CSS may put on the page (`content:` in @page margin boxes, the footer): quoted
# strings with only the escapes css_string makes, and counters. `attr()`, `quotes`, hex
# escapes and the like print text no check reads, so they are refused.
CSS_DECLARATION = re.compile(
    r"(?<![\w-])(content|quotes)\s*:\s*((?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^;}\"'])*)", re.I
)
CSS_ALLOWED = re.compile(
    r'^(?:\s+|"(?:[^"\\]|\\["\\]|\\a )*"|counters?\(\s*[\w-]+(?:\s*,\s*"[^"\\]*")?\s*\)|normal|none)*$', re.I
)
# Any other declaration that holds a quoted string (`list-style-type: "..."`, `string-set`), and
# `@counter-style` (its `symbols`), draws words no check reads: only `content` (above) and
# `font-family` may hold a string.
CSS_STRING_DECLARATION = re.compile(r"(?<![\w-])([\w-]+)\s*:\s*[^;{}]*[\"']", re.I)
STRING_PROPERTIES = frozenset({"content", "quotes", "font-family"})
STYLE_TEXT = re.compile(r"<style\b[^>]*>(.*?)</style>|\sstyle=(?:\"([^\"]*)\"|'([^']*)')", re.S | re.I)
BODY_SRC = re.compile(r"<body\b[^>]*data-src=\"([^\"]*)\"")
RULE_LANGUAGE, RULE_WORD = "text-other-language", "text-unknown-word"  # checks/language_of_text.py


def _emergency_numbers(chunks: list[Chunk], clinic: Clinic, root: Path, report: Problems) -> list[tuple[Position, str]]:
    """(place, words) of each short number (3 to 6 digits, typed or spelt out) a page tells
    patients to call ("call 919", "ring triple nine": content/emergency_numbers.py) that is not
    an emergency number of the clinic's country (round-10 attack, case 23: a template joined
    "9" ~ "1" ~ "9" into "In an emergency call 919"). Longer numbers: template_numbers.py."""
    words = emergency_numbers.calling(root, report)
    allowed = {re.sub(r"\D", "", n) for n in clinic.settings.emergency_numbers}
    allowed |= emergency_numbers.NUMBERS.get(clinic.settings.country, set())
    found = []
    for chunk in chunks:
        phones = [range(m.start(), m.end()) for m in typed(chunk.text)]  # whole phone numbers: template_numbers.py
        for call in words.call_any.finditer(chunk.text):
            for number in words.number_any.finditer(call["numbers"]):
                at, digits = call.start("numbers") + number.start(), words.digits(number[0])
                if not 3 <= len(digits) <= 6 or any(at in phone for phone in phones):
                    continue  # "call one of us", "call 24 hours a day"; the start of "Phone 01632 960 000"
                if digits not in allowed:
                    found.append((chunk.at(at), number[0]))
        for call in words.call_said.finditer(chunk.text):  # "call nine eleven" for a UK clinic
            meant = words.said(call["numbers"])
            if meant & emergency_numbers.CALLED and not meant & allowed:
                found.append((chunk.at(call.start("numbers")), call["numbers"].strip()))
    return found


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
        self,
        page: str,
        clinic: Clinic,
        language: str,
        distribution: str,
        known: Iterable[str] = (),
        sources: Iterable[Path] = (),
    ) -> list[Problem]:
        """The claims on `page` (HTML rendered with located template words), as located problems.
        `sources`: the files the page's content comes from (a handout's), where words a template
        prints with no mark of their own (the PDF's "Waivers" metadata) may be written."""
        sources = tuple(sources)
        template = _template(page, self.root)
        rules = self.rules(clinic, language)
        if rules is None:
            return [
                Problem(
                    self.report.rel(template or clinic.folder / "clinic.yaml"),
                    None,
                    f"this page cannot be checked: the claim rules for '{language}' have errors (see above); "
                    "fix them, the page is not written until then",
                )  # fmt: skip
            ]
        whole = {" ".join(k.split()) for k in known}
        blanks = sorted((k for k in whole if len(k) >= 3), key=len, reverse=True)
        chunks = [
            c
            for c in [
                *page_chunks(page, self.root, joined=True),
                *page_rows(page, self.root),
                *_other_chunks(page, template),
            ]
            if c.text not in whole
        ]
        chunks = [b for c in chunks if (b := _blanked(c, blanks)).text.strip()]
        found = claims.find_claims(chunks, rules.claims, language, distribution, root=self.root)
        # another shipped language's claims in this page's words ("painless" in a Spanish page's
        # metadata: round-11 attack, case 15), as the handouts' own text is read (claims_other_languages.py)
        found = [
            *found,
            *((rule, text, where) for rule, text, where, _ in claims_other_languages.find(
                chunks, rules.claims, language, distribution, self.root, self.report
            )),
        ]  # fmt: skip
        problems = {
            Problem(
                self.report.rel(template or clinic.folder / "templates"),
                None,
                f"the page's CSS prints text no check can read ('{value[:60]}'); in `content:` use plain quoted "
                "text and counter(page) only, and no `quotes:`",
                "error",
                None,
                "template-css-text",
            ): None
            for value in css_problems(page)
        }
        known = language_of_text.known_words(self.root, language)
        templates, in_templates = clinic.folder.resolve() / "templates", {}
        for chunk, offset, sentence, words in language_of_text.read(chunks, clinic.settings, short=True):
            where = chunk.at(offset)  # a clinic template's own words, where it wrote them (Clearprint's are
            # in the language; the page's title and metadata, placed at the template's 1:1, are its own)
            if where.file not in in_templates:
                in_templates[where.file] = where.file.resolve().is_relative_to(templates)
            if not (in_templates[where.file] and _holds(where, sentence)):
                continue
            share, strange = language_of_text.judged(words, language, known)
            if share is not None and language_of_text.foreign(share):
                wrong = [(sentence.strip()[:40], RULE_LANGUAGE, language_of_text.message(sentence, language, share))]
            else:
                wrong = [(word, RULE_WORD, language_of_text.unknown_message(word, language)) for word in strange]
            for needle, rule, (what, do) in wrong:
                file, line, col = self._place(where, needle, template, clinic, page, sources)
                problems[Problem(self.report.rel(file), line, f"{what} ({do})", "error", col, rule)] = None
        for where, number in _emergency_numbers(chunks, clinic, self.root, self.report):
            file, line, col = self._place(where, number, template, clinic, page, sources)
            message = (
                f"the page calls '{number}' a number to call, which is not an emergency number of {clinic.settings.country} "
                "(a template made it); print {{ clinic.emergency_number }} as it is"
            )
            problems[Problem(self.report.rel(file), line, message, "error", col, "template-emergency-number")] = None
        for rule, text, where in found:
            file, line, col = self._place(where, text, template, clinic, page, sources)
            message = f"{rule.message.format(match=text)} ({rule.suggestion})"
            if line is None and file.suffix == ".j2":
                message += f"; made at render time by {self.report.rel(file)}, at no line that can be told"
            problem = Problem(self.report.rel(file), line, message, rule.severity, col, rule.id)
            problems[problem] = None
        return list(problems)

    def same_page(self, published: str, located: str, clinic: Clinic) -> list[Problem]:
        """An error when the page the checks read (`located`) is not, without its marks, the
        page that is printed or published: a template that measures or compares its own output
        (the length of a `{% set %}` block) could tell them apart and print a claim only where
        no check reads it. The same template always makes the same page, so this never fires
        on a template that does not look at itself."""
        if unmarked(located) == unmarked(published):
            return []
        template = _template(located, self.root) or clinic.folder / "templates"
        return [
            Problem(
                self.report.rel(template),
                None,
                "this template makes a different page when the checks read it than when it is printed or "
                "published (it measures or compares its own output, such as the length of a `{% set %}` "
                "block); make it print the same words every time",
                "error",
                None,
                "template-not-as-checked",
            )
        ]

    def passed(self, found: list[Problem]) -> None:
        """Raise ContentError with every finding when one is an error (the page is not written);
        else add the warnings to the report."""
        if any(p.severity == "error" for p in found):
            raise ContentError(*found)
        self.report.extend(found)

    def _place(
        self,
        where: Position,
        text: str,
        template: Path | None,
        clinic: Clinic,
        page: str = "",
        sources: tuple[Path, ...] = (),
    ) -> tuple[Path, int | None, int | None]:
        """Where words that carry no line of their own (1:1 in a template), or a mark that does not
        hold them (a template can write `data-src` itself), were written: the first place they are
        in the page's template or another of the clinic's templates, then in `sources`, else the template.
        Words made at render time are at the template line whose marks hold them (made_text.py)."""
        if not (where.file.suffix == ".j2" and where.line == 1 and where.col == 1) and _holds(where, text):
            return where.file, where.line, where.col
        if made := made_at(page, text, self.root, (where.file, where.line, where.col)):  # made_text.py
            return made
        candidates = [
            where.file,
            *(template and [template] or []),
            *sorted((clinic.folder / "templates").rglob("*.j2")),
            *sources,
        ]
        for path in dict.fromkeys(candidates):
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            at = source.lower().find(text.lower())
            if at >= 0:
                line = source.count("\n", 0, at) + 1
                return path, line, at - (source.rfind("\n", 0, at) + 1) + 1
        return template or where.file, None, None


def unmarked(page: str) -> str:
    """The page without the marks that say where its words came from: `cp-src` tags and the
    mark attributes inside start tags (text that merely looks like one stays, so a page that
    prints it differs from the checked one)."""
    page = MARK_TAG.sub("", page)
    return START_TAG.sub(lambda m: MARK_ATTRIBUTE.sub("", m[0]), page)


def css_problems(page: str) -> list[str]:
    """What the page's CSS (`<style>` elements and `style` attributes) would draw as words that
    no check reads: a `content:` beyond plain strings and counters, `quotes:`, a quoted string
    in any other property but `font-family`, and `@counter-style`."""
    found = []
    for block in STYLE_TEXT.finditer(page):
        css = html.unescape(next(g for g in block.groups() if g is not None))
        if "@counter-style" in css.lower():
            found.append("@counter-style")
        for declaration in CSS_STRING_DECLARATION.finditer(css):
            if declaration[1].lower() not in STRING_PROPERTIES:  # a custom property too: `var()` could carry it
                found.append(declaration[0].strip())
        for name, value in CSS_DECLARATION.findall(css):
            if name.lower() == "quotes" and value.strip().lower() not in ("none", "auto"):
                found.append(f"{name}: {value.strip()}")
            elif name.lower() == "content" and not CSS_ALLOWED.match(value.strip()):
                found.append(f"{name}: {value.strip()}")
    return found


def added_css_problems(page: str, plain: str, clinic: Clinic, root: Path, what: str) -> list[Problem]:
    """The CSS a clinic's templates add to `page` beyond `plain` (added_css), held to the clinic
    stylesheets' allowlist (checks/clinic_css.py), each problem at the clinic's templates folder;
    `what`: the page, as the message names it ("the page", "the catalogue")."""
    from ..fonts import font
    from .clinic_css import check as css_check

    folder = clinic.folder / "templates"
    problems = []
    for css in added_css(page, plain):
        for r in css_check(css, 0, {font(clinic.settings.font).family}):
            file, line, col = _css_source(folder, css, r.line, r.col) or (folder, None, None)
            problems.append(Problem(file.relative_to(root).as_posix(), line,
                                    f"{r.message} (in CSS a clinic template adds to {what}; {r.advice})", "error",
                                    col, r.rule))  # fmt: skip
    return problems


def _css_source(folder: Path, css: str, line: int, col: int) -> tuple[Path, int, int] | None:
    """Where in the clinic's templates the CSS line `line` of `css` is written (file, line,
    column of `col`), when that line's text is written in exactly one place; None when it is
    not (made at render time, or too short to tell apart)."""
    lines = css.split("\n")
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    if line == 1 and text.startswith("x{"):  # a style attribute, checked as `x{...}`
        text, col = text[2:], col - 2
    needle = text.strip()
    start = text.index(needle) if needle else 0
    if len(needle) < 8:
        return None
    found = [(path, number, at + max(col - 1 - start, 0) + 1) for path, number, at in written_at(folder, [needle])]
    return found[0] if len(found) == 1 else None


def added_css(page: str, plain: str) -> list[str]:
    """The CSS (`<style>` elements and `style` attributes, each as a stylesheet) that `page`
    holds beyond `plain`, the same output made from Clearprint's own templates alone: a block
    a template extends with `{{ super() }}` leaves only what it added."""

    def sheets(html_page: str) -> list[str]:
        found = []
        for block in STYLE_TEXT.finditer(html_page):
            css = html.unescape(next(g for g in block.groups() if g is not None))
            found.append(css if block[1] is not None else "x{" + css + "}")
        return found

    theirs = sheets(plain)
    added = []
    for css in sheets(page):
        if css in theirs:
            theirs.remove(css)
            continue
        for known in sorted(theirs, key=len, reverse=True):
            if known and known.strip("x{}") and known in css:
                css = css.replace(known, "", 1)
        if css.strip():
            added.append(css)
    return added


def _holds(where: Position, text: str) -> bool:
    """Whether the line `where` names starts some of `text` (folded text may differ: its first word suffices)."""
    line = source_line(where.file, where.line)
    first = (text.split() or [""])[0].lower()
    return line is not None and first in line.lower()


def _template(page: str, root: Path) -> Path | None:
    found = BODY_SRC.search(page)
    return root / html.unescape(found[1]) if found else None


def _blanked(chunk: Chunk, known: list[str]) -> Chunk:
    """The chunk with each handout string it repeats blanked out (every other character keeps its place)."""
    text = chunk.text
    for words in known:
        if words in text:
            text = text.replace(words, " " * len(words))
    if text is chunk.text:
        return chunk
    return Chunk(chunk.role, chunk.kind, text, chunk.positions, chunk.indent)


def _other_chunks(page: str, template: Path | None) -> list[Chunk]:
    """The page's title (a browser's tab, a search result) and description, `aria-label` and
    `title` attributes and SVG text, each at the page's template."""
    body = page.find("<body")
    chunks = []
    for match in OTHER_TEXT.finditer(page):
        attribute = next(
            (v for v in (match["attribute"], match["attribute2"], match["attribute3"]) if v is not None), None
        )
        if attribute is not None and match.start() < body:
            continue  # a <link title>: not shown
        framed = match["srcdoc"] if match["srcdoc"] is not None else match["srcdoc2"]
        if framed is not None:  # `&lt;p&gt;100&amp;#37; safe`: the frame's HTML, then its text
            framed = html.unescape(framed)
        value = next(
            v
            for v in (match["title"], match["description"], match["description2"], attribute, match["svg"], framed)
            if v is not None
        )
        text = " ".join(html.unescape(TAG.sub(" ", value)).split())
        if text:
            chunks.append(Chunk(None, "heading", text, [Position(template or Path("."), 1, 1)] * len(text)))
    return chunks


def known_text(pieces: Iterable[str], strings: Iterable[str], root: Path) -> set[str]:
    """What a handout's own checks read, as the page shows it: the text of each block of its
    HTML `pieces` (intro, sections, made by Clearprint) and `strings` (title, summary, ...)."""
    found = {" ".join(s.split()) for s in strings}
    for piece in pieces:
        found.update(_block_texts(piece, root))
    return found


@lru_cache(maxsize=4096)  # a handout's sections are the same in each of its editions and pages
def _block_texts(piece: str, root: Path) -> tuple[str, ...]:
    return tuple(c.text for c in page_chunks(piece, root))
