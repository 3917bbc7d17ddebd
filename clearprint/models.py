"""Typed models: everything downstream of loading takes these, never raw dicts.

Models that are read from files forbid unknown keys, so a typo such as `colour:`
for `colors:` is an error with a location instead of a silent default.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from babel import localedata
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .content.country_codes import UNRESEARCHED, Country
from .content.source_marks import split as split_source_mark
from .editions import EDITIONS

REQUIRED_ROLES = ("key-points", "benefits", "risks", "aftercare", "get-help")
TRIFOLD_ROLES = ("key-points", "risks", "get-help")  # a trifold summary always carries these
# Roles of the shipped handouts and the editions' layout: a role that nearly matches one of
# these (`{#afercare}`) is a typo, and the section would silently lose its place.
KNOWN_ROLES = (
    *REQUIRED_ROLES,
    "what-it-is",
    "before",
    "alternatives",
    "questions",
    "about-this-leaflet",
    "contact",
)
Distribution = Literal["waiting-room", "after-consultation"]
ReviewStatus = Literal["draft", "awaiting-clinical-review", "approved"]
Paper = Literal["Letter", "A4"]
EditionName = Literal[tuple(EDITIONS)]  # type: ignore[valid-type]  # the names in editions.py's table

# Emergency number and paper size of each country a clinic can be in (content/country_codes.py),
# used when a clinic does not set them.
COUNTRY_DEFAULTS: dict[str, tuple[str, Paper]] = {
    "US": ("911", "Letter"),
    "CA": ("911", "Letter"),
    "UK": ("999", "A4"),  # 112 also works
    "IE": ("112 / 999", "A4"),  # both work, and Irish patients know both
    "AU": ("000", "A4"),
}

# Every number that reaches the emergency services, by country (../shared/reference/
# country-advertising-rules.md, "Emergency numbers"): a clinic may name one or several of them.
EMERGENCY_NUMBERS: dict[str, tuple[str, ...]] = {
    "US": ("911",),
    "CA": ("911",),
    "UK": ("999", "112"),
    "IE": ("112", "999"),
    "AU": ("000",),
}

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_LANG = r"^[a-z]{2}$"
# A CUPS queue on the default print server, or one on another server by its IPP address.
_PRINTER_NAME = r"[a-z0-9]+(?:[_-][a-z0-9]+)*"
# Not starting with '-' (lp and lpstat would read it as an option) and no '%' (an address's
# %-escapes are decoded after this check: '%20' and '%0A' would bring back spaces and newlines).
_QUEUE = r"(?!-)[^\s/#\\'\"%]{1,127}"
_QUEUE_URI = r"ipps?://[A-Za-z0-9.\-]+(?::\d{1,5})?/(?:printers|classes)/" + _QUEUE


def _printer_name(name: str) -> str:
    if not re.fullmatch(_PRINTER_NAME, name):
        raise ValueError(f"{name!r} is not a printer name such as waiting_room or desk (a-z, 0-9, _ and -)")
    return name


def _print_queue(queue: str) -> str:
    if not (re.fullmatch(_QUEUE, queue) or re.fullmatch(_QUEUE_URI, queue)):
        raise ValueError(
            f"{queue!r} is neither a print queue's name (no spaces, '/', '#', '%' or quotes, not starting with '-') "
            "nor its address, such as ipp://print-server:631/printers/desk"
        )
    return queue


PrinterName = Annotated[str, AfterValidator(_printer_name)]
PrintQueue = Annotated[str, AfterValidator(_print_queue)]


class Strict(BaseModel):
    # Numbers a clinic writes are finite: YAML's .nan compares false with every limit, so
    # `grade_error_above: .nan` would pass "only stricter" and switch the check off (attack7 A47).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- handouts -----------------------------------------------------------------------


WAIVER_MONTHS = 12  # a waiver is reviewed again within a year
MAX_REVIEW_YEARS = 3  # next_review at most this long after reviewed


class Waiver(Strict):
    """One finding a named reviewer accepted, with the reason written down, for at most a year:
    `match` is the finding's own words (from the check report), so it waives that finding only."""

    rule: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    match: str = Field(min_length=3)  # words of the finding's message, exactly as reported
    reviewer: str = Field(min_length=2)
    date: dt.date
    expires: dt.date
    reason: str = Field(min_length=30)

    @field_validator("reason")
    @classmethod
    def _sentence(cls, value: str) -> str:
        words = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", value)}
        if len(words) < 5:
            raise ValueError(
                "write the reason as a sentence of at least five different words: why the finding is right to keep"
            )
        return value

    @field_validator("expires")
    @classmethod
    def _within_a_year(cls, expires: dt.date, info: ValidationInfo) -> dt.date:
        # A field validator, not a model one: it runs (and is reported at `expires`' line) in the
        # same run as the waiver's other faults, such as a short reason (A46).
        date = info.data.get("date")
        if date is None:  # the date's own error is reported
            return expires
        if expires <= date:
            raise ValueError("a waiver's expires must be after its date")
        limit = months_after(date, WAIVER_MONTHS)
        if expires > limit:
            raise ValueError(f"a waiver expires at most {WAIVER_MONTHS} months after its date, by {limit}")
        return expires


def months_after(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    target = (day.year + year, month + 1)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(*target, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_review_dates(self: HandoutMeta | LocalMeta) -> None:
    """A sign-off that adds up: an approved text names its review, and next_review follows reviewed
    within MAX_REVIEW_YEARS (a handout's and a clinic's own text alike)."""
    if self.review_status == "approved":
        missing = [name for name in ("reviewed", "next_review", "reviewer") if getattr(self, name) is None]
        if missing:
            raise ValueError(
                f"an approved handout needs {', '.join(missing)}; set them with `build.py approve`, "
                "or set `review_status: draft` until it is reviewed"
            )
    if self.reviewed and self.next_review and self.next_review <= self.reviewed:
        raise ValueError("next_review must be after reviewed")
    if self.reviewed and self.next_review and self.next_review > months_after(self.reviewed, 12 * MAX_REVIEW_YEARS):
        raise ValueError(
            f"next_review may be at most {MAX_REVIEW_YEARS} years after reviewed; medical advice changes, "
            "so review the handout sooner"
        )


def _marked_source(value: str) -> str:
    split_source_mark(value)  # a located error for a bad mark
    return value


class LocalMeta(Strict):
    """The front matter of a clinic's own text of a handout (clinics/<c>/handouts/<id>/<lang>.md):
    its own version and review state, since the clinic's words are reviewed by the clinic."""

    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    reviewed: dt.date | None = None
    next_review: dt.date | None = None
    reviewer: str | None = Field(default=None, min_length=2)
    review_status: ReviewStatus = "approved"

    @field_validator("version", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return getattr(value, "text", str(value)) if isinstance(value, (int, float)) else value

    @model_validator(mode="after")
    def _review_after_reviewed(self) -> LocalMeta:
        _check_review_dates(self)
        return self


class HandoutMeta(Strict):
    """The YAML front matter of one handout file."""

    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=3)
    language: str = Field(pattern=_LANG)
    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    # The last clinical sign-off: required once approved; a draft has none (review.py).
    reviewed: dt.date | None = None
    next_review: dt.date | None = None
    reviewer: str | None = Field(default=None, min_length=2)
    # "[UK IE] NHS. ..." marks a source for some countries (content/source_marks.py); `sources` holds
    # the texts without their marks, `source_countries` the marks.
    sources: list[Annotated[str, AfterValidator(_marked_source)]] = Field(min_length=1)
    summary: str = Field(min_length=10)
    distribution: Distribution = "waiting-room"
    shared: list[str] = []
    translation_of: str | None = Field(default=None, pattern=r"^\d+(\.\d+)*$")
    waivers: list[Waiver] = []
    # The section roles the trifold brochure carries (a summary); None: every section.
    trifold: list[str] | None = Field(default=None, min_length=1)
    # draft -> awaiting-clinical-review -> approved (clearprint/review.py); only an approved
    # handout prints "Checked by", and a draft is never printed for patients or published.
    review_status: ReviewStatus = "approved"
    _marks: tuple[tuple[str, ...], ...] = PrivateAttr(default=())

    @field_validator("version", "translation_of", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        # `version: 2.0` in YAML is a number; people mean the text "2.0" (and "1.10", not 1.1:
        # yamlfile keeps the text of every number it reads, in `.text`).
        return getattr(value, "text", str(value)) if isinstance(value, (int, float)) else value

    @field_validator("review_status", mode="before")
    @classmethod
    def _approved(cls, value: object) -> object:
        return "approved" if value == "reviewed" else value  # the name before issue 21

    @model_validator(mode="after")
    def _review_after_reviewed(self) -> HandoutMeta:
        _check_review_dates(self)
        return self

    @model_validator(mode="after")
    def _unmarked(self) -> HandoutMeta:
        split = [split_source_mark(s) for s in self.sources]
        object.__setattr__(self, "sources", [text for _, text in split])  # frozen: set once, here
        self._marks = tuple(codes for codes, _ in split)
        return self

    def source_countries(self, number: int) -> tuple[str, ...]:
        """The countries source [number] is marked for; () for every country."""
        return self._marks[number - 1] if 0 < number <= len(self._marks) else ()

    def source_for(self, number: int, country: str) -> bool:
        """Whether a clinic in `country` lists source [number]."""
        marks = self.source_countries(number)
        return not marks or country in marks

    @property
    def approved(self) -> bool:
        return self.review_status == "approved"


@dataclass(frozen=True)
class Section:
    """One addressable unit of a handout: a level-2 heading and what follows it."""

    role: str
    title: str
    body: str  # Markdown
    file: Path  # the file a person edits
    line: int  # line of the heading in that file
    origin: Literal["handout", "shared", "clinic"] = "handout"


@dataclass(frozen=True)
class Handout:
    meta: HandoutMeta
    intro: str  # Markdown before the first section
    sections: tuple[Section, ...]
    file: Path
    body_line: int  # line where the Markdown body starts
    lines: dict = field(default_factory=dict, compare=False)  # front-matter key -> line
    # As its file says, when `meta` is the sign-off of the handout with a clinic's own text
    # (content/local_review.py): the review checks read each file's own dates.
    own_meta: HandoutMeta | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.meta.id, self.meta.language)

    def section(self, role: str) -> Section | None:
        return next((s for s in self.sections if s.role == role), None)


# --- clinics ------------------------------------------------------------------------


class Colors(Strict):
    primary: str = "#1f4e79"
    accent: str = "#b3541e"
    text: str = "#1a1a1a"
    background: str = "#ffffff"
    tint: str = "#eef3f8"  # box and table backgrounds

    @field_validator("*")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"{value!r} is not a colour; write it as #RRGGBB, e.g. #1f4e79")
        return value.lower()


class CheckSettings(Strict):
    """Targets for the content checks; the defaults follow NIH and health-literacy guidance."""

    grade_warning_above: float = 8
    grade_error_above: float = 10
    risks_to_benefits_min: float | None = None  # default: the country profile's (a clinic may only raise it)
    review_warning_days: int = Field(default=60, ge=0)

    @model_validator(mode="after")
    def _only_stricter(self) -> CheckSettings:
        """A clinic adds to Clearprint's checks, never weakens them: grade limits may only be
        lower and the review warning earlier (risks_to_benefits_min: checks/balance.py)."""
        defaults = CheckSettings.model_construct()
        for name in ("grade_warning_above", "grade_error_above"):
            if not getattr(self, name) <= getattr(defaults, name):  # written so that anything not a number fails too
                raise ValueError(
                    f"{name} may only be {getattr(defaults, name):g} or lower (stricter), not {getattr(self, name):g}"
                )
        if self.review_warning_days < defaults.review_warning_days:
            raise ValueError(
                f"review_warning_days may only be {defaults.review_warning_days} or more (earlier), not {self.review_warning_days}"
            )
        return self


def _plain(text: str) -> str:
    """Printed as written, on paper and on the web: markup is not read here, so "<b>" or an
    `<img>` would print as those characters (round-22 attack, case 23)."""
    if mark := re.search(r"[<>]", text):
        raise ValueError(f"{text!r} holds '{mark[0]}', which is markup, not text; write it as it should be printed")
    return text


PlainText = Annotated[str, AfterValidator(_plain)]


class ClinicSettings(Strict):
    """`clinics/<slug>/clinic.yaml`."""

    name: PlainText = Field(min_length=2)
    # A shorter form of the name for the running header at the top of every page, when the
    # full name does not fit there on 2 lines (checks/header.py); the full name is printed
    # everywhere else (the trifold's cover and contact details, the logo's description).
    short_name: PlainText | None = Field(default=None, min_length=2)
    sample: bool = False
    logo: str
    colors: Colors = Colors()
    font: Literal["atkinson-hyperlegible"] = "atkinson-hyperlegible"
    address: list[PlainText] = Field(min_length=1)
    phone: str = Field(min_length=3)
    after_hours_phone: str = Field(min_length=3)
    country: Country  # before emergency_number, which is checked against it
    emergency_number: str | None = None
    website: str | None = Field(default=None, pattern=r"^https://\S+$")
    # Where each handout is online, for its QR code: {website}, {id} and {language} are filled in.
    # It may name another host, e.g. a static host for the leaflets when the clinic's own site
    # is on a site builder: "https://leaflets.example.org/{language}/{id}".
    handout_url: str = "{website}/handouts/{language}/{id}"
    # Handouts the clinic prints but deliberately keeps off its website: printed without a
    # QR code, no page, and no warning (a handout of `handouts`, e.g. [botulinum-toxin]).
    not_on_website: list[Annotated[str, Field(pattern=_SLUG)]] = []
    editions: list[EditionName] = Field(default=["standard"], min_length=1)
    paper: Paper | None = None
    languages: list[str] = Field(min_length=1)
    handouts: list[str] = Field(min_length=1)
    distribution: Distribution | None = None  # forces every handout to this distribution
    checks: CheckSettings = CheckSettings()
    # How a clinical sign-off names who approved a handout (`build.py approve`).
    reviewers: Literal["person", "role", "both"] = "role"
    # The clinic's print queues, by the name staff use: `build.py print --printer desk`.
    printers: dict[PrinterName, PrintQueue] = {}

    @field_validator("languages")
    @classmethod
    def _langs(cls, value: list[str]) -> list[str]:
        for lang in value:
            if not re.match(_LANG, lang):
                raise ValueError(f"{lang!r} is not a two-letter language code such as en or es")
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _researched(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        known = ", ".join(COUNTRY_DEFAULTS)
        if value in UNRESEARCHED:
            raise ValueError(
                f"there is no researched profile for {value} ({UNRESEARCHED[value]}) yet, so its advertising rules "
                f"cannot be checked; write rules/profiles/{value}.yaml from its own sources first (as "
                f"rules/profiles/UK.yaml is written). Clinics can be in {known}"
            )
        if value == "GB":
            raise ValueError("write 'UK' for the United Kingdom")
        if value not in COUNTRY_DEFAULTS:
            if value.upper() in COUNTRY_DEFAULTS:
                raise ValueError(f"write the country code in capitals: '{value.upper()}'")
            raise ValueError(f"{value!r} is not a country Clearprint supports; use one of {known}")
        return value

    @field_validator("short_name")
    @classmethod
    def _shorter(cls, value: str | None, info) -> str | None:
        name = info.data.get("name")
        if value is not None and name and len(value.strip()) >= len(name.strip()):
            raise ValueError(f"{value!r} is not shorter than the name {name!r}; give a shorter form, or leave it out")
        return value

    @property
    def header_name(self) -> str:
        """The name the running header prints: `short_name` when the clinic gives one."""
        return self.short_name or self.name

    @field_validator("website")
    @classmethod
    def _site_address(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = urlsplit(value)
        if parts.query or parts.fragment or "?" in value or "#" in value:
            raise ValueError(f"{value!r}: a website address has no '?' or '#'; write it as https://name.example/path")
        if "@" in parts.netloc or not parts.hostname or "." not in parts.hostname:
            raise ValueError(f"{value!r} is not a web address; write it as https://name.example")
        return value

    @field_validator("handout_url")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            value.format(website="https://x", id="x", language="en")
        except (KeyError, IndexError, ValueError):
            raise ValueError("may use only {website}, {id} and {language}, e.g. '{website}/handouts/{id}'") from None
        # The QR code and the address printed under it must be the same page of the web edition:
        # on the clinic's website, or on another host given as https://host/.
        start = r"(\{website\}|https://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?)/"
        if not re.fullmatch(start + r"[\w{}/.\-]*", value) or "{website}" in value[1:]:
            raise ValueError(
                "must start with '{website}/' (or another host's 'https://host/') and hold only letters, digits, "
                "'/', '.', '-' and {id}, {language}"
            )
        # A '.' or '..' segment, or an empty one, names another folder of the site than the page's
        # own (round-8 attack, case 53: '../../tmp/{id}' ended the build with a traceback).
        path = re.sub(start, "", value, count=1)
        if any(segment in ("", ".", "..") for segment in path.rstrip("/").split("/")):
            raise ValueError(f"{value!r}: each part between slashes must be a name, never '.', '..' or empty")
        return value

    @field_validator("emergency_number")
    @classmethod
    def _emergency(cls, value: str | None) -> str | None:
        # One number, or several that all work, separated by ' / ' (Ireland: 112 / 999).
        for number in value.split("/") if value is not None else []:
            cls._phone(number.strip())
        return value

    @field_validator("emergency_number")
    @classmethod
    def _not_the_clinics_own(cls, value: str | None, info) -> str | None:
        # "Call <the clinic> now if you have trouble breathing" sends a patient to the wrong place.
        own = {re.sub(r"\D", "", info.data.get(key) or "") for key in ("phone", "after_hours_phone")} - {""}
        for number in value.split("/") if value is not None else []:
            if re.sub(r"\D", "", number) in own:
                raise ValueError(
                    f"{number.strip()} is the clinic's own phone number; give the emergency service's number "
                    "(or leave emergency_number out for the country's)"
                )
        return value

    @field_validator("emergency_number")
    @classmethod
    def _the_countrys(cls, value: str | None, info) -> str | None:
        # An allowlist per country (../shared/reference/country-advertising-rules.md): a typo
        # ('991') or a helpline ('111') printed as "Call 111 now" in every emergency box sends a
        # patient to the wrong place (round-8 attack, cases 33 and 34).
        country = info.data.get("country")
        allowed = EMERGENCY_NUMBERS.get(country, ())
        for number in value.split("/") if value is not None and allowed else []:
            if re.sub(r"\D", "", number) not in allowed:
                raise ValueError(
                    f"{number.strip()} is not an emergency number in {country}: write "
                    f"{' or '.join(allowed)}, or leave emergency_number out for {COUNTRY_DEFAULTS[country][0]}"
                )
        return value

    @field_validator("phone", "after_hours_phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        # Patients dial what is printed: digits with spaces, dashes, dots, brackets and a leading +.
        if (
            value is not None
            and not re.fullmatch(r"\+?[\d(][\d ().\-]*(?:(?:ext\.?|x)\s*\d+)?", value.strip())
            or (value is not None and sum(c.isdigit() for c in value) < 3)
        ):
            raise ValueError(f"{value!r} is not a phone number; write it with digits, e.g. (555) 555-0142 or 999")
        return value

    def url_for(self, handout_id: str, language: str) -> str | None:
        """The handout's page online, or None when the clinic has no website."""
        if not self.website:
            return None
        return self.handout_url.format(website=self.website.rstrip("/"), id=handout_id, language=language)

    @property
    def site_url(self) -> str | None:
        """The address of the web edition's root (out/<clinic>/site/): the website, or the
        host that handout_url names instead; None when the clinic has no website."""
        if not self.website:
            return None
        if self.handout_url.startswith("{website}/"):
            return self.website.rstrip("/")
        return self.handout_url.split("/", 3)[0] + "//" + self.handout_url.split("/", 3)[2]

    @property
    def emergency(self) -> str:
        return self.emergency_number or COUNTRY_DEFAULTS[self.country][0]

    @property
    def emergency_numbers(self) -> list[str]:
        """Each number patients may call in an emergency ('112 / 999': both)."""
        return [number.strip() for number in self.emergency.split("/")]

    @property
    def page_size(self) -> Paper:
        return self.paper or COUNTRY_DEFAULTS[self.country][1]

    def locale(self, language: str) -> str:
        """Babel locale for dates: English in the UK is en_GB, not en_US; en_IE, en_AU and en_CA
        write dates as people there do. A language Babel has no data for in the clinic's country
        (Spanish in Ireland: es_IE) uses the language alone."""
        region = {"UK": "GB"}.get(self.country, self.country)
        return f"{language}_{region}" if localedata.exists(f"{language}_{region}") else language


@dataclass(frozen=True)
class LocalText:
    """A clinic's own text of one handout in one language: the file, its front matter (None: the
    file has none) with each key's line, and its sections."""

    file: Path
    meta: LocalMeta | None
    lines: dict
    sections: tuple


@dataclass(frozen=True)
class Clinic:
    """A validated clinic and where its folder is."""

    slug: str
    settings: ClinicSettings
    folder: Path
    lines: dict = field(default_factory=dict, compare=False)  # clinic.yaml key -> line
    text: str = field(default="", compare=False, repr=False)  # clinic.yaml as the loader read it (content/read.py)
    # The clinic's own sections (handouts/ in its folder), read when loading:
    shared: dict = field(default_factory=dict, compare=False)  # (role, language) -> Section
    local: dict = field(default_factory=dict, compare=False)  # (handout, language) -> LocalText (its sections)
    broken: frozenset = frozenset()  # (handout, language) whose override file has errors

    @property
    def logo_path(self) -> Path:
        return self.folder / self.settings.logo


# --- print runs ---------------------------------------------------------------------

ColorMode = Literal["color", "monochrome"]


class RestockItem(Strict):
    """How many copies of one handout, language and edition the racks hold."""

    handout: str = Field(pattern=_SLUG)
    language: str = Field(pattern=_LANG)
    edition: EditionName = "standard"
    copies: int = Field(ge=1, le=500)
    color: ColorMode | None = None  # default: the list's


class RestockList(Strict):
    """`clinics/<slug>/print.yaml`: a whole refill, printed by `build.py print --restock`."""

    printer: PrinterName  # one of clinic.yaml's `printers`
    # Where the copies go: after-consultation leaflets are never left in the waiting room.
    rack: Literal["waiting-room", "desk"] = "waiting-room"
    color: ColorMode = "color"
    restock: list[RestockItem] = Field(min_length=1)


# --- the build ----------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """One PDF to make: a clinic's handout in one language and edition."""

    clinic: Clinic
    handout: Handout
    sections: tuple[Section, ...]  # after shared sections and clinic overrides
    edition: EditionName = "standard"
    # Every (language, edition) the clinic builds of this handout, for "also available in".
    siblings: tuple[tuple[str, EditionName], ...] = ()

    @property
    def relpath(self) -> Path:
        suffix = EDITIONS[self.edition].suffix
        return Path(self.clinic.slug, self.handout.meta.language, f"{self.handout.meta.id}{suffix}.pdf")

    @property
    def label(self) -> str:
        return str(self.relpath.with_suffix(""))

    @property
    def distribution(self) -> Distribution:
        return self.clinic.settings.distribution or self.handout.meta.distribution


@dataclass
class Project:
    root: Path
    clinics: list[Clinic] = field(default_factory=list)
    handouts: dict[tuple[str, str], Handout] = field(default_factory=dict)
    shared: dict[tuple[str, str], Section] = field(default_factory=dict)
    files: set[tuple[str, str]] = field(default_factory=set)  # (handout, language) of every handout file, loaded or not
    spellings: dict = field(default_factory=dict)  # (clinic slug, language) -> spelling.Spelling
