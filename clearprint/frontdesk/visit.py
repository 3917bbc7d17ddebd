"""A visit file: who, when, where, what, how much, by whom, when to come back; read into a
typed model whose every error names the field and line, never the value (`_visit_message`
writes each message here instead of taking it from pydantic or PyYAML, which quote what they
read): a visit file holds a patient's details."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .. import languages
from ..content import yamlfile
from ..problems import ContentError, Problems

MAX_VISIT_BYTES = 20_000  # a visit file is a dozen lines
DOSE_DECIMALS = 3  # 0.025 mL at most: a finer dose is no dose a syringe or vial shows
NOTES_CHARS = 400  # what fits the notes box on a one-page sheet


def notes_dose(root: Path) -> re.Pattern[str] | None:
    """A number followed by a dose's unit in any shipped language (rules/languages/*.yaml
    `dose_units`): a dose written in a visit's notes. The sheet prints the dose from 'dose' and
    'dose_unit', so the notes could say another ("You had 4 units" beside a dose of 44; round-14
    attack, case 38)."""
    words: set[str] = set()
    numbers: set[str] = set()  # a dose in words: "twenty more units" (round-20 attack, case 16)
    for code in languages.available(root):
        try:
            data = languages.load(root, code)
        except ContentError:
            continue  # a broken language file is reported where that language is used
        words.update(w.lower() for w in data.dose_units)
        numbers.update(languages.number_words(data))
    if not words:
        return None
    units = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    # after a number in words, a unit of two letters or more: "siete u ocho días" is seven or eight
    longer = "|".join(map(re.escape, sorted((w for w in words if len(w) > 1), key=len, reverse=True)))
    spelt = "|".join(map(re.escape, sorted(numbers, key=len, reverse=True)))
    digits = rf"\d+(?:[.,]\d+)?\s*(?:[^\W\d_]+\s+)?(?:{units})\b"  # one word may come between: "20 more units"
    return re.compile(rf"{digits}|\b(?:{spelt})\s+(?:[^\W\d_]+\s+)?(?:{longer})\b" if spelt else digits, re.I)


def notes_date(root: Path) -> re.Pattern[str]:
    """A date written in a visit's notes: the sheet prints the treatment's and the check's from
    'date' and 'follow_up', so the notes could give another ("Your check is on March 5" above
    "Your next check March 16": round-16 attack, case 34). Months by name in every shipped
    language (Babel's names, full and short), or a date in digits."""
    from babel.dates import get_month_names

    names: set[str] = set()
    for code in languages.available(root):
        for width in ("wide", "abbreviated"):
            try:
                names.update(n.lower().rstrip(".") for n in get_month_names(width, locale=code).values())
            except (ValueError, LookupError):
                continue  # a language Babel does not know: its digits are still read
    months = "|".join(map(re.escape, sorted((n for n in names if len(n) >= 3), key=len, reverse=True)))
    named = rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:{months})\b|\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    digits = r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    return re.compile(rf"{named}|{digits}" if months else digits, re.IGNORECASE)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class Visit(BaseModel):
    """A visit file: one treatment of one patient. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    patient_name: Text
    date: dt.date
    areas: list[Text] = Field(min_length=1, max_length=8)
    product: Text
    batch: Text
    # Only for a treatment that has a dose (its risks.yaml `dose:`): a peel has none.
    dose: float | None = Field(default=None, gt=0, le=1000)
    dose_unit: Literal["units", "mL"] | None = None
    # Who checked a dose above the most the product's label gives for one visit (risks.yaml
    # `dose_most`); not printed.
    dose_confirmed_by: Text | None = None
    practitioner: Text
    follow_up: dt.date | None = None
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTES_CHARS)] = ""
    _file: Path | None = PrivateAttr(default=None)  # where it was read (None: standard input)
    _lines: dict = PrivateAttr(default_factory=dict)  # field -> line, for messages about a value

    @field_validator("dose", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("not a number")  # "20 units" or "20": the unit is dose_unit
        if round(value, DOSE_DECIMALS) != value:  # 0.0000001 was printed "1e-07" (round-12 attack, case 34)
            raise ValueError("decimals")
        return value

    @field_validator("notes")
    @classmethod
    def _no_dose(cls, value: str, info: ValidationInfo) -> str:
        pattern = (info.context or {}).get("notes_dose")
        if pattern is not None and pattern.search(value):
            raise ValueError("notes-dose")
        pattern = (info.context or {}).get("notes_date")
        if pattern is not None and pattern.search(value):
            raise ValueError("notes-date")
        return value

    @field_validator("areas")
    @classmethod
    def _no_dose_in_areas(cls, value: list[str], info: ValidationInfo) -> list[str]:
        """ "frown lines x 40 units" beside a dose of 20 printed two doses on one sheet (round-25 attack, case 12)."""
        pattern = (info.context or {}).get("notes_dose")
        if pattern is not None and any(pattern.search(area) for area in value):
            raise ValueError("areas-dose")
        return value

    @model_validator(mode="after")
    def _dose_with_unit(self) -> Visit:
        if (self.dose is None) != (self.dose_unit is None):
            raise ValueError("dose_unit")
        return self

    @model_validator(mode="after")
    def _follow_up_after_treatment(self) -> Visit:
        if self.follow_up is not None and self.follow_up <= self.date:
            raise ValueError("follow_up")
        return self

    @property
    def dose_text(self) -> str:
        """The dose as written, without trailing zeros and never in exponent form: 0.5, 20, 0.025."""
        return f"{self.dose:.{DOSE_DECIMALS}f}".rstrip("0").rstrip(".")


# One box each on the sheet, in reading order (the grid places them three to a row).
FIELDS = ("patient_name", "date", "areas", "follow_up", "product", "batch", "dose", "practitioner", "notes")


# --- reading a visit file: every message names the field and line, never the value ----------


def _quoted_field(key: object) -> str:
    """A field name to print: the known field it was meant to be, or no name at all (an
    unknown key may be a patient's name typed where the field name should be)."""
    if isinstance(key, str) and key in Visit.model_fields:
        return f"'{key}'"
    close = difflib.get_close_matches(str(key), list(Visit.model_fields), n=1, cutoff=0.75)
    return f"a field that looks like '{close[0]}'" if close else "a field"


def _visit_message(error: dict[str, Any]) -> str:
    loc = error["loc"]
    name = str(loc[0]) if loc else ""
    where = f"'{name}'" + (f" (item {loc[1] + 1})" if len(loc) > 1 and isinstance(loc[1], int) else "")
    kind = error["type"]
    known = ", ".join(Visit.model_fields)
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, list(Visit.model_fields), n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown field (not shown: it may be a patient detail); {hint}the fields of a visit file are: {known}"
    if kind == "missing":
        return f"{where} is missing; add it"
    if not loc:
        if kind == "value_error" and "follow_up" in str(error.get("ctx", {}).get("error", "")):
            return "'follow_up' must be after 'date' (the day of the treatment); check both dates"
        if kind == "value_error" and "dose_unit" in str(error.get("ctx", {}).get("error", "")):
            return "'dose' and 'dose_unit' go together: write both (or neither, for a treatment without a dose)"
        return "a visit file is written as `field: value` lines"
    if name in ("date", "follow_up"):
        return f"{where} must be a real date written as YYYY-MM-DD, e.g. 2026-03-02"
    if name == "dose":
        if kind == "value_error" and "decimals" in str(error.get("ctx", {}).get("error", "")):
            return f"'dose' has more than {DOSE_DECIMALS} decimal places; write it as the syringe or vial shows it, e.g. 0.5"
        if kind in ("greater_than", "less_than_equal"):
            return "'dose' must be a number more than 0 (and at most 1000), e.g. 20 or 0.5"
        return "'dose' must be a number, e.g. 20 or 0.5; write the unit in 'dose_unit'"
    if name == "dose_unit":
        return "'dose_unit' must be units or mL"
    if name == "areas" and kind == "value_error" and "areas-dose" in str(error.get("ctx", {}).get("error", "")):
        return (
            "'areas' gives a dose (a number and a unit); the sheet prints the dose from 'dose' and 'dose_unit', "
            "so write it there only and take it out of the areas"
        )
    if name == "notes" and kind == "value_error" and "notes-dose" in str(error.get("ctx", {}).get("error", "")):
        return (
            "'notes' gives a dose (a number and a unit); the sheet prints the dose from 'dose' and 'dose_unit', "
            "so write it there only and take it out of the notes"
        )
    if name == "notes" and kind == "value_error" and "notes-date" in str(error.get("ctx", {}).get("error", "")):
        return (
            "'notes' gives a date; the sheet prints the treatment's and the check's dates from 'date' and "
            "'follow_up', so write them there only and take the date out of the notes"
        )
    if name == "areas" and kind in ("list_type", "too_short", "too_long"):
        return "'areas' must be a list of 1 to 8 areas, e.g. [frown lines, crow's feet]"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"{where} is too long for the sheet: at most {limit} characters; shorten it"
    if kind in ("string_too_short", "too_short"):
        return f"{where} is empty; fill it in"
    if kind == "string_type":
        return f"{where} must be text; put it in quotes"
    return f"{where} is not valid ({kind}); check it"


# Messages of yamlfile.parse that quote nothing the person wrote; every other one is replaced.
_SAFE_PARSE = re.compile(
    r"^(YAML anchors and aliases|YAML tags such as|the settings are nested|"
    r"the settings contain an invisible control character|the YAML is not valid|the file is not UTF-8|U\+[0-9A-F]{4,6} )"
)


def read_limited(path: Path) -> bytes:
    """A visit file's bytes: a regular file only (never a FIFO or /dev/zero, which would hang
    or never end), and at most MAX_VISIT_BYTES + 1 of them."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_VISIT_BYTES + 1)
    finally:
        os.close(fd)


def visit_text(data: bytes, shown: Path, report: Problems) -> str:
    """The text of a visit file's bytes (from a file or standard input): refused when it is
    over MAX_VISIT_BYTES (never cut short) or not UTF-8 (never printed as mojibake)."""
    if len(data) > MAX_VISIT_BYTES:
        raise report.error(shown, None, f"a visit file is a few lines; this one is over {MAX_VISIT_BYTES // 1000} KB")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise report.error(shown, line, "the visit file is not UTF-8 text; save it again as UTF-8") from None


def _read(path: Path | None, report: Problems, text: str | None = None) -> tuple[Any, dict]:
    shown = path if path is not None else Path("/dev/stdin")
    if text is None:
        try:
            data = read_limited(path)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise report.error(path, None, f"cannot read the visit file ({reason.lower()})") from None
        text = visit_text(data, path, report)
    quiet = Problems(report.root)
    try:
        return yamlfile.parse(text, shown, quiet)
    except ContentError as exc:
        problems = []
        for problem in exc.problems:
            message = problem.message
            if message.startswith("the word '"):  # it quotes the word: the patient's name, perhaps
                message = "a word here mixes letters of different scripts (a look-alike letter); retype it"
            elif "appears twice" in message:
                message = "a field appears twice; keep one"
            elif "has no value because YAML reads" in message:
                message = "a field has no value because YAML reads everything after ' #' as a comment; put the value in quotes"
            elif not _SAFE_PARSE.match(message):
                message = "the YAML is not valid here; write `field: value` lines"
            if message.startswith("the YAML is not valid"):  # PyYAML may quote a token it read
                message = "the YAML is not valid here; check quotes, colons and indentation"
            problems.append(report.add(shown, problem.line, message))
        raise ContentError(*problems) from None


def load_visit(path: Path | None, report: Problems, text: str | None = None) -> Visit:
    """A visit file (or, with `path` None, `text` from standard input), validated; raises
    ContentError with every problem, each at its line."""
    shown = path if path is not None else Path("/dev/stdin")
    data, lines = _read(path, report, text)
    if not isinstance(data, dict):
        raise report.error(shown, 1, "a visit file is written as `field: value` lines (see examples/visit.yaml)")
    unnamed = [key for key in data if not isinstance(key, str)]
    if unnamed:
        raise report.error(shown, 1, "every field name must be a word such as patient_name; see examples/visit.yaml")
    try:
        context = {"notes_dose": notes_dose(report.root), "notes_date": notes_date(report.root)}
        visit = Visit.model_validate(data, context=context)
        visit._file, visit._lines = shown, lines
        return visit
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            loc = tuple(error["loc"])
            if not loc and error["type"] == "value_error":
                loc = ("follow_up",)
            line = lines.get(loc) or (lines.get(loc[:1]) if loc else None) or 1
            problems.append(report.add(shown, line, _visit_message(error)))
        date, follow_up = data.get("date"), data.get("follow_up")
        if isinstance(date, dt.date) and isinstance(follow_up, dt.date) and follow_up <= date:
            # pydantic checks the two dates together only when every field is valid: say it now
            message = _visit_message({"loc": (), "type": "value_error", "ctx": {"error": "follow_up"}})
            problems.append(report.add(shown, lines.get(("follow_up",), 1), message))
        raise ContentError(*problems) from None
