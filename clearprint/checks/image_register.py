"""Every image an output prints is in its register, as reviewed (content/image_register.py).

An allowlist, not a hunt for words: an image is printed only when `images.yaml` beside it
names its exact content (sha256), what it shows (`alt`), every word it shows (`words`, ""
for none), and who reviewed it when. The declared words are held to the claim rules at the
register's line, as words on the page are. OCR is a cross-check only: letters Tesseract is
sure of (confidence 50 or more, runs of 3 or more letters or digits) in an image declared with
no words, or that its declared words do not account for, are an error at the register's line.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from ..content import image_register
from ..content.phone_numbers import typed
from ..models import Output
from ..problems import ContentError, Problem, Problems
from . import claims
from .image_text import ImageText, Unreadable, images
from .template_numbers import allowed
from .text import Chunk, Position

MIN_CONFIDENCE = 50.0  # Tesseract's confidence in a word; the shipped drawings' shapes read below 50
MIN_RUN = 3  # letters or digits in a row that count as text
LIKENESS = 0.6  # difflib ratio at which an OCR token is taken as a misreading of a declared word
_RUN = re.compile(r"[^\W_]+")


def findings(output: Output, report: Problems, reader: ImageText) -> list[Problem]:
    """The register's problems for each image `output` prints, at the line to fix."""
    problems: dict[Problem, None] = {}
    for image, where in images(output):
        for problem in _image(output, image, where, report, reader):
            problems[problem] = None
    return list(problems)


def _image(output: Output, image: Path, where: Position, report: Problems, reader: ImageText) -> list[Problem]:
    name = report.rel(image)
    try:
        sha256 = image_register.digest(image)
        declared = image_register.load(image, reader.root)
    except ContentError as exc:  # the register file itself: its own located problems
        return list(exc.problems)
    except OSError:
        return []  # image_text.py says the image cannot be read
    register = image_register.register_path(image)
    if declared is None:
        return [
            Problem(
                report.rel(where.file),
                where.line,
                f"the image '{name}' is not in the image register {report.rel(register)}: every image that is printed"
                f" is declared as a person reviewed it; look at it, then add under `images:` there:"
                f" {image_register.snippet(image, sha256)} (`python -m clearprint.content.image_register {name}`"
                " prints it as lines)",
                "error",
                where.col,
                "image-undeclared",
            )  # fmt: skip
        ]
    entry, at = declared.entry, declared.lines
    if entry.sha256 != sha256:
        return [
            Problem(
                report.rel(register),
                at["sha256"],
                f"the image '{name}' has changed since {entry.reviewer} reviewed it on {entry.reviewed} (its sha256 is"
                f" now {sha256}): look at it again, then write the new sha256, the words it shows, your name and"
                " today's date in its entry",
                "error",
                None,
                "image-changed",
            )  # fmt: skip
        ]
    found = _claims(output, name, entry.words, Position(register, at["words"], 1), reader, report)
    found += _numbers(output, name, entry.words, Position(register, at["words"], 1), report)
    found += _languages(output, name, entry.words, Position(register, at["words"], 1), report)
    try:
        readings = reader.readings(image)
    except (Unreadable, OSError):
        return found  # image_text.py: image-text-unread
    seen = [
        run for word, sure in readings if sure >= MIN_CONFIDENCE for run in _RUN.findall(word) if len(run) >= MIN_RUN
    ]
    if not entry.words.strip():
        if seen:
            found.append(
                Problem(
                    report.rel(register),
                    at["words"],
                    f"OCR reads '{' '.join(seen)[:80]}' in the image '{name}', which is declared with no words: this"
                    " image appears to show text; declare it under words: (every word it shows) or remove it",
                    "error",
                    None,
                    "image-words-undeclared",
                )  # fmt: skip
            )
        return found
    unaccounted = [run for run in seen if not accounted(run, entry.words)]
    if unaccounted:
        found.append(
            Problem(
                report.rel(register),
                at["words"],
                f"OCR reads '{' '.join(unaccounted)[:80]}' in the image '{name}', which its declared words do not"
                " account for: write every word the image shows under words:, as drawn, or replace the image",
                "error",
                None,
                "image-words-mismatch",
            )  # fmt: skip
        )
    return found


def accounted(token: str, words: str) -> bool:
    """Whether an OCR token is one of the declared words, allowing for misread letters and for
    words OCR ran together or split; a token with a digit must be part of the declared words as
    it is ("990" is not "999": a phone number or a figure with one digit changed)."""
    token = token.casefold()
    declared = [run.casefold() for run in _RUN.findall(words)]
    if token in "".join(declared):
        return True
    if any(c.isdigit() for c in token):  # a figure or a phone number is read exactly: one digit changes it
        return False
    candidates = declared + [a + b for a, b in zip(declared, declared[1:], strict=False)]
    return any(SequenceMatcher(None, token, word).ratio() >= LIKENESS for word in candidates)


def _claims(output: Output, name: str, words: str, at: Position, reader: ImageText, report: Problems) -> list[Problem]:
    """The declared words read by the claim rules, as the patient reads them on the page."""
    if not words.strip():
        return []
    chunk = Chunk(None, "text", words, [at] * len(words))
    found: dict[Problem, None] = {}
    for language in dict.fromkeys(output.clinic.settings.languages):  # an image's words may be in any
        rules = reader._rules(output, language)
        for rule, match, _ in claims.find_claims([chunk], rules, language, output.distribution, root=reader.root):
            message = (
                f"the image '{name}' is declared to show the words '{match}': {rule.message.format(match=match)} "
                f"({rule.suggestion}; words drawn in an image are read as the patient reads them)"
            )
            found[Problem(report.rel(at.file), at.line, message, rule.severity, None, rule.id)] = None
    return list(found)


def _numbers(output: Output, name: str, words: str, at: Position, report: Problems) -> list[Problem]:
    """A phone number an image is declared to show must be one of the clinic's (clinic.yaml):
    patients dial what is printed, and a number in pixels is checked against nothing else."""
    settings = output.clinic.settings
    known = allowed(settings, ())
    return [
        Problem(
            report.rel(at.file),
            at.line,
            f"the image '{name}' is declared to show the phone number '{match[0]}', which is not one of the clinic's"
            " numbers in clinic.yaml: use an image without a phone number, and print {{ clinic.phone }} as text",
            "error",
            None,
            "image-phone-number",
        )
        for match in typed(words)
        if re.sub(r"\D", "", match[0]) not in known
    ]


def _languages(output: Output, name: str, words: str, at: Position, report: Problems) -> list[Problem]:
    """Each word an image is declared to show must be a word of one of the clinic's languages
    (round-9 attack, case 20: a picture saying "SANS DOULEUR", declared honestly, was printed in
    an English leaflet): no claim rule reads another language."""
    from .language_of_text import known_words, unknown

    settings = output.clinic.settings
    languages = list(dict.fromkeys(settings.languages))
    names = {w.lower() for n in (settings.name, settings.short_name or "") for w in _RUN.findall(n)}
    # words in capitals ("SANS DOULEUR") are read as words; a capitalised one as a name, as in
    # text; the clinic's own name is a name
    read = " ".join(w.lower() if w.isupper() else w for w in words.split() if w.strip(".,:;!?").lower() not in names)
    strange = set(unknown(read, languages[0], known_words(report.root, languages[0])))
    for language in languages[1:]:
        strange &= set(unknown(read, language, known_words(report.root, language)))
    return [
        Problem(
            report.rel(at.file),
            at.line,
            f"the image '{name}' is declared to show '{word}', which is not a word of the clinic's languages "
            f"({', '.join(languages)}) that Clearprint knows, so no check can read it: use an image whose words are in "
            "the leaflet's language",
            "error",
            None,
            "text-unknown-word",
        )
        for word in sorted(strange)
    ]
