"""Country-specific passages: a clinic prints the version written for its own country.

Text that is true in some countries only (an approval, a law, brand names) is marked in
the Markdown, one block per version:

    ::: country US
    In the US, it is approved for adults ...
    :::
    ::: country UK IE   # a note for reviewers (e.g. the source) may follow a '#'
    ...
    :::

A second kind of block holds detail that only the full leaflet prints (standard, large
print, web page), not the trifold summary brochure:

    ::: leaflet
    The longer explanation ...
    :::

and a third the short version only the trifold prints, where the full leaflet says the same
in its risk table or at more length (so the full leaflet does not say it twice):

    ::: trifold
    The short list ...
    :::

Blocks with only blank lines between them are one passage. For a clinic in country X the
block that names X is kept; every other line of the passage, markers included, becomes an
empty line, so every line number in a finding is still the line in the file a person
edits. A passage with no version for X is an error naming it: a clinic never gets another
country's text. A clinic's section override replaces the whole section, blocks and all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..editions import is_summary
from ..models import Clinic, Handout, Section
from ..problems import ContentError, Problem, Problems
from .country_codes import COUNTRIES, unknown
from .markup import FENCE

MARKER = re.compile(r"^\s*:::(?P<rest>.*)$")
OPENING = re.compile(r"^country(?:\s+(?P<codes>[^#]*?))?\s*(?:#.*)?$")
LEAFLET = re.compile(r"^(?P<kind>leaflet|trifold)\s*(?:#.*)?$")
SYNTAX = "'::: country US' (or several codes: '::: country UK IE'), the text, then a line ':::'"
BLOCKS = (
    f"{SYNTAX}, or '::: leaflet' for text the trifold summary leaves out"
    " ('::: trifold' for text only the trifold prints)"
)


@dataclass(frozen=True)
class Block:
    countries: tuple[str, ...]
    start: int  # index of the opening marker among the body's lines
    end: int  # index of the closing marker


def _codes(text: str, path: Path, number: int, report: Problems) -> tuple[tuple[str, ...], list[Problem]]:
    codes, problems = [], []
    for code in text.replace(",", " ").split():
        if code in COUNTRIES:
            codes.append(code)
            continue
        why = unknown(code, remove="this version")
        problems.append(report.add(path, number, f"unknown country '{code}' in '::: country'; {why}"))
    if not codes and not problems:
        problems.append(report.add(path, number, f"'::: country' names no country; write {SYNTAX}"))
    return tuple(codes), problems


def passages(
    lines: list[str], first_line: int, path: Path, report: Problems
) -> tuple[list[list[Block]], list[Problem]]:
    """The passages (lists of consecutive blocks) in Markdown lines, and any malformed marker."""
    found: list[list[Block]] = []
    problems: list[Problem] = []
    opened: tuple[int, tuple[str, ...] | None] | None = None  # (index, countries or None: leaflet) of the open block
    kind = "leaflet"  # the open edition block's kind: leaflet or trifold
    joins = False  # the next block belongs to the last passage: only blank lines since it closed
    in_fence = False
    for index, line in enumerate(lines):
        number = first_line + index
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        marker = None if in_fence else MARKER.match(line)
        if marker is None:
            if line.strip() and opened is None:
                joins = False
            continue
        rest = marker["rest"].strip()
        if not rest:  # a closing marker
            if opened is None:
                problems.append(
                    report.add(path, number, f"':::' closes no block; remove it, or open the block with {BLOCKS}")
                )
                continue
            start, countries = opened
            if countries is None:  # a leaflet block: not part of a country passage
                opened, joins = None, False
                continue
            block = Block(countries, start, index)
            if joins and found:
                for other in found[-1]:
                    for twice in sorted(set(countries) & set(other.countries)):
                        problems.append(
                            report.add(
                                path,
                                first_line + start,
                                f"this passage already has a {twice} version (line {first_line + other.start}); keep one",
                            )
                        )
                found[-1].append(block)
            else:
                found.append([block])
            opened, joins = None, True
            continue
        opening = OPENING.match(rest)
        leaflet = LEAFLET.match(rest)
        if opening is None and leaflet is None:
            problems.append(report.add(path, number, f"unknown block '::: {rest}'; write {BLOCKS}"))
            continue
        if opened is not None:
            problems.append(
                report.add(
                    path,
                    number,
                    f"a block cannot hold another: close the block of line {first_line + opened[0]} with ':::' first",
                )
            )
            continue
        if leaflet:
            opened = (index, None)
            kind = leaflet["kind"]
            continue
        countries, bad = _codes(opening["codes"] or "", path, number, report)
        problems += bad
        opened = (index, countries)
    if opened is not None:
        kind = kind if opened[1] is None else "country"
        problems.append(
            report.add(
                path,
                first_line + opened[0],
                f"this '::: {kind}' block is not closed; add a line ':::' after its text (a block ends before the next '## ' heading)",
            )
        )
    return found, problems


def _listed(codes: list[str]) -> str:
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]


def _override_hint(section: Section, site: Clinic, handout: Handout, report: Problems) -> str:
    lang = handout.meta.language
    if section.origin == "handout":
        path = site.folder / "handouts" / handout.meta.id / f"{lang}.md"
        return f" (or override the '{section.role}' section in {report.rel(path)})"
    if section.origin == "shared":
        return f" (or override the section in {report.rel(site.folder / 'handouts' / '_shared' / section.role / f'{lang}.md')})"
    return ""


def choose(section: Section, site: Clinic, handout: Handout, report: Problems) -> tuple[Section, list[Problem]]:
    """The section as the clinic's country prints it, and the problems that stop it."""
    lines = section.body.split("\n")
    first_line = section.line + 1  # the body starts on the line after the heading
    found, problems = passages(lines, first_line, section.file, report)
    if problems or not found:
        return section, problems
    country = site.settings.country
    for passage in found:
        kept = next((block for block in passage if country in block.countries), None)
        if kept is None:
            written = list(dict.fromkeys(code for block in passage for code in block.countries))
            problems.append(
                report.add(
                    section.file,
                    first_line + passage[0].start,
                    f"this passage is written for {_listed(written)} only; add a '::: country {country}' version"
                    + _override_hint(section, site, handout, report),
                )
            )
        for block in passage:
            for index in range(block.start, block.end + 1):
                if block is not kept or index in (block.start, block.end):
                    lines[index] = ""
    return replace(section, body="\n".join(lines).rstrip()), problems


def for_clinic(sections: tuple[Section, ...], site: Clinic, handout: Handout, report: Problems) -> tuple[Section, ...]:
    """Every section with the clinic's country's version of each passage; raises ContentError
    after reporting every passage that has none, and every malformed marker."""
    problems: list[Problem] = []
    markers = [i for i, line in enumerate(handout.intro.split("\n")) if MARKER.match(line)]
    if markers:
        problems.append(
            report.add(
                handout.file,
                handout.body_line + markers[0],
                "'::: country' and '::: leaflet' blocks go inside a section: the text before the first '## ' heading is printed in every version",
            )
        )
    chosen = []
    for section in sections:
        section, found = choose(section, site, handout, report)
        chosen.append(section)
        problems += found
    if problems:
        raise ContentError(*problems)
    return tuple(chosen)


def for_edition(sections: tuple[Section, ...], edition: str) -> tuple[Section, ...]:
    """The sections as an edition prints them: the trifold summary leaves out `::: leaflet`
    blocks (an edition with `summary` in editions.py), every other edition keeps their text;
    every other edition leaves out `::: trifold` blocks. Markers become empty lines, so line
    numbers stay those of the file (the blocks were checked by `for_clinic`)."""
    return tuple(_leaflet(section, drop=is_summary(edition)) for section in sections)


def _leaflet(section: Section, drop: bool) -> Section:
    """`drop`: the summary edition (leaves out leaflet blocks); otherwise trifold blocks go."""
    lines = section.body.split("\n")
    inside = in_fence = False
    gone = False  # the open block is one this edition leaves out
    for index, line in enumerate(lines):
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
        marker = None if in_fence else MARKER.match(line)
        rest = marker["rest"].strip() if marker else None
        block = LEAFLET.match(rest) if rest else None
        if rest is not None and (block or (inside and not rest)):
            inside = bool(rest)
            gone = bool(block) and (block["kind"] == "leaflet") == drop
            lines[index] = ""
        elif inside and gone:
            lines[index] = ""
    body = "\n".join(lines).rstrip()
    return section if body == section.body else replace(section, body=body)
