"""The words of a visit file that the aftercare sheet prints, read by the claim rules.

The sheet prints the visit's notes in large bold type, and its areas and product in their
boxes: a patient reads them as the clinic's word, so "Painless treatment, 100% safe, no side
effects expected" is refused there as it is in a handout. Like every message about a visit
file, the finding names the field and its line, never the words (they are a patient's
details); the sheet is not made.
"""

from __future__ import annotations

from pathlib import Path

from ..checks import claims
from ..checks.rules import load_rules
from ..checks.text import Chunk, Position
from ..models import Output
from ..problems import ContentError, Problem, Problems
from .visit import Visit

CHECKED = ("notes", "areas", "product")  # free text a patient reads as advice; names and numbers are not claims
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


def claim_problems(root: Path, visit: Visit, output: Output, report: Problems) -> list[Problem]:
    """Each claim in the visit's printed text, at its field's line (its words not shown)."""
    file = visit._file or Path("/dev/stdin")
    settings = output.clinic.settings
    language = output.handout.meta.language
    try:
        rules = load_rules(root, output.clinic.folder, settings.country, language, Problems(root))
    except ContentError:
        return []  # a broken rule file stops the handout's own check, reported there
    found: dict[tuple[str, int, Path], list[str]] = {}
    chunks = _chunks(visit, file)
    for rule, _, where in claims.find_claims(chunks, rules.claims, language, DISTRIBUTION, root=root):
        field = next((c.role for c in chunks if c.positions[0] == where), None) or "notes"
        ids = found.setdefault((field, where.line, where.file), [])
        if rule.id not in ids:
            ids.append(rule.id)
    return [
        report.add(
            path,
            line,
            f"'{field}' says what the checks refuse in anything a patient reads ({', '.join(ids)}; the words are "
            "not shown, as they are the visit's); reword it: say what the patient may feel and what to watch for, "
            "not that the treatment is painless, safe, permanent or guaranteed",
            rule=ids[0],
        )  # fmt: skip
        for (field, line, path), ids in found.items()
    ]
