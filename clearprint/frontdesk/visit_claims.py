"""Every field of a visit file that the aftercare sheet prints, held to what its kind allows.

The sheet prints each field in large bold type in its box: a patient reads them all as the
clinic's word, so "Painless treatment, 100% safe, no side effects expected" is refused in any
of them as it is in a handout. An allowlist by kind (KINDS): free text (names, areas, product,
notes) is read by the claim rules; the batch number is held to the pattern of a lot number;
dates and the dose are typed by the model (visit.py). Like every message about a visit file,
a finding names the field and its line, never the words (they are a patient's details); the
sheet is not made.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..checks import claims
from ..checks.rules import load_rules
from ..checks.text import Chunk, Position
from ..models import Output
from ..problems import ContentError, Problem, Problems
from . import visit_contradictions
from .visit import Visit

# What each printed field is (visit.FIELDS, one box each on the sheet): every one has a kind.
KINDS = {
    "patient_name": "text",
    "date": "date",
    "areas": "text",
    "follow_up": "date",
    "product": "text",
    "batch": "lot",
    "dose": "number",
    "practitioner": "text",
    "notes": "text",
}
CHECKED = tuple(name for name, kind in KINDS.items() if kind == "text")  # read by the claim rules
# A batch or lot number as printed on a product's label (C1234A5, LOT12345678, 16851-1,
# TA12A-40100): letters and digits, one separator at a time, at least one digit, and no more
# than three letters in a row: a number, never words.
LOT = re.compile(r"(?=[^\n]*\d)[A-Za-z0-9]+(?:[-./ ][A-Za-z0-9]+)*")
LOT_LETTERS = re.compile(r"[A-Za-z]{4}")
LOT_CHARS = 30
DISTRIBUTION = "after-consultation"  # a sheet is handed over after the treatment


def _chunks(visit: Visit, file: Path) -> list[Chunk]:
    chunks = []
    for name in CHECKED:
        value = getattr(visit, name)
        items = value if isinstance(value, list) else [value]
        for index, text in enumerate(items):
            line = visit._lines.get((name, index)) or visit._lines.get((name,)) or 1
            if text:
                chunks.append(Chunk(name, "text", text, [Position(file, line, 1)] * len(text)))
    return chunks


def lot_problems(visit: Visit, file: Path, report: Problems) -> list[Problem]:
    """The batch number, when it is not one (LOT), at its line (its value not shown)."""
    from ..content.phone_numbers import typed

    batch = visit.batch
    line = visit._lines.get(("batch",)) or 1
    # "0800 123 4567" is a lot number to LOT, and a number to dial to a patient (round 19, case 21)
    if any(typed(batch)):
        message = (
            "'batch' is written like a phone number, in groups of digits (not shown here): patients dial what is "
            "printed; write the lot number as the label gives it, without spaces between groups of digits"
        )
        return [report.add(file, line, message, rule="visit-batch")]
    if LOT.fullmatch(batch) and not LOT_LETTERS.search(batch) and len(batch) <= LOT_CHARS:
        return []
    message = (
        "'batch' must be the batch or lot number as printed on the product's label (not shown here): letters "
        f"and digits with at least one digit, at most three letters in a row and {LOT_CHARS} characters, "
        "separated by at most one '-', '/', '.' or space, e.g. C1234A5"
    )
    return [report.add(file, line, message, rule="visit-batch")]


def claim_problems(root: Path, visit: Visit, output: Output, report: Problems) -> list[Problem]:
    """Each printed field its kind refuses: a batch that is not a lot number, and each claim
    in the visit's printed text, at its field's line (its words not shown)."""
    file = visit._file or Path("/dev/stdin")
    lots = lot_problems(visit, file, report)
    settings = output.clinic.settings
    language = output.handout.meta.language
    try:
        rules = load_rules(root, output.clinic.folder, settings.country, language, Problems(root))
    except ContentError:
        return lots  # a broken rule file stops the handout's own check, reported there
    found: dict[tuple[str, int, Path], list[str]] = {}
    chunks = _chunks(visit, file)
    for rule, _, where in claims.find_claims(chunks, rules.claims, language, DISTRIBUTION, root=root):
        field = next((c.role for c in chunks if c.positions[0] == where), None) or "notes"
        ids = found.setdefault((field, where.line, where.file), [])
        if rule.id not in ids:
            ids.append(rule.id)
    return (
        lots
        + [
            report.add(
                path,
                line,
                f"'{field}' says what the checks refuse in anything a patient reads ({', '.join(ids)}; the words are "
                "not shown, as they are the visit's); reword it: say what the patient may feel and what to watch "
                "for, not that the treatment is painless, safe, permanent or guaranteed",
                rule=ids[0],
            )  # fmt: skip
            for (field, line, path), ids in found.items()
        ]
        + _numbers_and_language(chunks, output, language, report)
        + visit_contradictions.problems(root, output, chunks, report)
    )


def _numbers_and_language(chunks: list[Chunk], output: Output, language: str, report: Problems) -> list[Problem]:
    """A phone number that is not one of the clinic's, an emergency number typed instead of the
    country's, or a sentence not in the sheet's language, in a printed field (round-9 attack,
    cases 70 and 13: "call 119", a nurse's own number, French notes on an English sheet); at
    the field's line, its words not shown."""
    from ..checks import language_of_text
    from ..checks.drawn import char_name
    from ..checks.template_numbers import allowed
    from ..content import emergency_numbers
    from ..content.phone_numbers import spelt, typed
    from ..fonts import font
    from ..pdf.shipped_fonts import codepoints

    face = font(output.clinic.settings.font)
    glyphs = frozenset().union(*(codepoints(folder) for folder in face.folders))
    known = allowed(output.clinic.settings, ())
    words_known = language_of_text.known_words(report.root, language)
    calls = emergency_numbers.calling(report.root, report)  # every language's digit words
    problems = []
    for chunk in chunks:
        where = chunk.positions[0]
        field = chunk.role
        numbers = [re.sub(r"\D", "", m[0]) for m in typed(chunk.text)] + [d for _, d in spelt(chunk.text, calls)]
        if any(number not in known for number in numbers):
            problems.append(report.add(
                where.file, where.line,
                f"'{field}' holds a phone number that is not one of the clinic's in clinic.yaml (not shown here): "
                "patients dial what is printed; leave it out, the sheet prints the clinic's numbers",
                rule="visit-phone-number",
            ))  # fmt: skip
        if emergency_numbers.check(chunk.text, 1, where.file, Problems(report.root)):
            problems.append(report.add(
                where.file, where.line,
                f"'{field}' types a number to call in an emergency (not shown here); leave it out: the sheet prints "
                "the emergency number of the clinic's country",
                rule="visit-phone-number",
            ))  # fmt: skip
        missing = next((c for c in chunk.text if not c.isspace() and ord(c) not in glyphs), None)
        if missing is not None:  # drawn from no font (round-11 attack, case 35: "call ٩١١"): said here, at its line
            problems.append(report.add(
                where.file, where.line,
                f"'{field}' holds the character {char_name(missing)}, which the font {face.family} lacks, so it "
                "cannot be printed; write it with characters the font has, or in words",
                rule="drawn-missing-glyph",
            ))  # fmt: skip
        for _, _, _, words in language_of_text.read([chunk], output.clinic.settings, short=True):
            share, strange = language_of_text.judged(words, language, words_known)
            if (share is not None and language_of_text.foreign(share)) or (field == "notes" and strange):
                # names, areas and products may be any words; notes are sentences
                problems.append(report.add(
                    where.file, where.line,
                    f"'{field}' holds words that are not in the sheet's language ({language}; not shown here): "
                    "write it in that language, which the checks read",
                    rule="text-other-language",
                ))  # fmt: skip
                break
    return problems
