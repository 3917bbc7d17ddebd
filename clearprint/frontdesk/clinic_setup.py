"""The answers of `build.py new-clinic`, each checked on its own, so that a prompt can refuse
one and ask again with the reason (clinic_file.py writes the folder from them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from ..checks.accessibility import MIN_CONTRAST
from ..colours import contrast, readable
from ..content.country import passages
from ..content.country_codes import UNRESEARCHED, Country
from ..content.images import is_image
from ..content.load import CLINIC_SLUG
from ..models import COUNTRY_DEFAULTS, ClinicSettings, Colors, Paper
from ..problems import Problems

COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "UK": "United Kingdom", "IE": "Ireland", "AU": "Australia"}
# Where a leaflet naming a prescription-only medicine may be handed out (see rules/profiles/).
AFTER_CONSULTATION = {"UK", "IE"}
MAX_SLUG = 40
MAX_LOGO_BYTES = 5_000_000


class Refused(ValueError):
    """An answer that cannot be used; the message says why and what to give instead."""


@dataclass
class Answers:
    name: str
    slug: str
    country: str
    paper: str
    languages: list[str]
    phone: str
    after_hours: str
    emergency: str
    website: str | None
    primary: str
    accent: str
    logo: Path | None
    handouts: list[str] = field(default_factory=list)
    address: list[str] = field(default_factory=list)


# --- one answer at a time ----------------------------------------------------------


def name(text: str) -> str:
    text = " ".join(text.split())
    if len(text) < 2:
        raise Refused("give the clinic's name as patients see it, e.g. Harbour Skin Clinic")
    return text


def address(text: str) -> list[str]:
    lines = [" ".join(part.split()) for part in text.split(";") if part.strip()]
    if not lines:
        raise Refused("give the clinic's address, its lines separated by ';', e.g. 4 Quay Street; Galway H91 X2Y3")
    return lines


def suggested_slug(clinic_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", clinic_name.lower()).strip("-")[:MAX_SLUG].strip("-") or "our-clinic"


def slug(text: str, root: Path) -> str:
    text = text.strip()
    if not CLINIC_SLUG.match(text) or len(text) > MAX_SLUG:
        raise Refused(
            f"'{text}' is not a safe folder name: use lower-case letters, digits and single '-', "
            f"at most {MAX_SLUG} characters, e.g. '{suggested_slug(text)}'"
        )
    taken = {p.name.lower() for p in (root / "clinics").iterdir()} if (root / "clinics").is_dir() else set()
    if text in taken:
        raise Refused(f"clinics/{text}/ already exists; choose another short name (or edit that clinic's clinic.yaml)")
    return text


def country(text: str) -> str:
    code = text.strip().upper()
    code = {"GB": "UK"}.get(code, code)
    if code in get_args(Country):
        return code
    for known, full in COUNTRY_NAMES.items():
        if text.strip().lower() == full.lower():
            return known
    choices = ", ".join(f"{c} ({n})" for c, n in COUNTRY_NAMES.items())
    if code in UNRESEARCHED:
        raise Refused(f"there is no researched profile for {UNRESEARCHED[code]} yet; Clearprint supports {choices}")
    raise Refused(f"'{text.strip()}' is not a country Clearprint supports; give one of {choices}")


def paper(text: str) -> str:
    for size in get_args(Paper):
        if text.strip().lower() == size.lower():
            return size
    raise Refused(f"'{text.strip()}' is not a paper size; give {' or '.join(get_args(Paper))}")


def available_languages(root: Path) -> list[str]:
    """The languages some shipped handout is written in."""
    return sorted({p.stem for p in (root / "handouts").glob("*/*.md") if not p.parent.name.startswith("_")})


def languages(text: str, root: Path) -> list[str]:
    chosen = list(dict.fromkeys(code.strip().lower() for code in re.split(r"[,\s]+", text) if code.strip()))
    known = available_languages(root)
    if not chosen:
        raise Refused(f"give at least one language, e.g. {known[0] if known else 'en'}")
    for code in chosen:
        if code not in known:
            raise Refused(f"there are no handouts in '{code}' yet; choose from {', '.join(known)} (comma-separated)")
    return chosen


def missing_version(root: Path, handout: str, langs: list[str], code: str) -> str | None:
    """Where the handout has a country passage without a version for `code` ('file:line'), or
    None: a clinic there could not print it until someone writes that version."""
    for lang in langs:
        path = root / "handouts" / handout / f"{lang}.md"
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        found, _ = passages(lines, 1, path, Problems(root))
        for passage in found:
            if not any(code in block.countries for block in passage):
                return f"handouts/{handout}/{lang}.md:{passage[0].start + 1}"
    return None


def available_handouts(root: Path, langs: list[str], code: str | None = None) -> list[str]:
    """The handouts written in every chosen language (and, given a country, with its version
    of every country passage)."""
    folders = sorted(p for p in (root / "handouts").iterdir() if p.is_dir() and not p.name.startswith("_"))
    written = [p.name for p in folders if all((p / f"{lang}.md").is_file() for lang in langs)]
    return [h for h in written if code is None or missing_version(root, h, langs, code) is None]


def handouts(text: str, root: Path, langs: list[str], code: str | None = None) -> list[str]:
    known = available_handouts(root, langs)
    chosen = list(dict.fromkeys(h.strip() for h in re.split(r"[,\s]+", text) if h.strip()))
    for hid in chosen:
        if hid not in known:
            raise Refused(f"no handout '{hid}' in {', '.join(langs)}; choose from {', '.join(known)}")
        if code and (where := missing_version(root, hid, langs, code)):
            raise Refused(
                f"'{hid}' has a passage with no {COUNTRY_NAMES[code]} version yet ({where}), so it cannot be "
                f'printed for a clinic there; write one first (see the guide\'s "Write a new leaflet"), or leave it out'
            )
    if not chosen:
        raise Refused(f"choose at least one handout from {', '.join(known)}")
    return chosen


def phone(text: str, what: str = "phone number") -> str:
    text = " ".join(text.split())
    try:
        ClinicSettings._phone(text)
    except ValueError:
        raise Refused(f"'{text}' is not a {what}; write it with digits as patients dial it, e.g. 01 555 0142") from None
    return text


def emergency(text: str) -> str:
    """One emergency number, or several that all work separated by ' / ' (112 / 999)."""
    text = " / ".join(" ".join(part.split()) for part in text.split("/"))
    try:
        ClinicSettings._emergency(text)
    except ValueError:
        raise Refused(f"'{text}' is not an emergency number; write it with digits, e.g. 999, or 112 / 999") from None
    return text


def website(text: str) -> str | None:
    text = text.strip()
    if not text or text.lower() in {"none", "no", "-"}:
        return None
    if not re.fullmatch(r"https://[A-Za-z0-9.\-]+(?::\d{1,5})?(?:/[\w./\-~%]*)?", text):
        raise Refused(
            f"'{text}' is not a web address starting with https://, e.g. https://harbour-skin.ie "
            "(leave it empty if the leaflets should carry no web address)"
        )
    return text.rstrip("/")


def colour(text: str, what: str) -> str:
    """A colour for text on white paper: refused below WCAG AA, with a darker one suggested."""
    value = text.strip().lower()
    if re.fullmatch(r"[0-9a-f]{6}|[0-9a-f]{3}", value):
        value = "#" + value
    try:
        Colors._hex(value)
    except ValueError:
        raise Refused(f"'{text.strip()}' is not a colour; write it as #RRGGBB, e.g. #1f4e79") from None
    ratio = contrast(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise Refused(
            f"{value} on white has contrast {ratio:.2f}:1, below {MIN_CONTRAST}:1: patients could not read "
            f"{what} in it; try {readable(value, '#ffffff')} (the same colour, darker)"
        )
    return value


def logo(text: str) -> Path | None:
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_file():
        raise Refused(f"no file '{text}'; give the path of the logo, a PNG, JPEG or SVG image")
    if path.stat().st_size > MAX_LOGO_BYTES:
        raise Refused(f"'{text}' is larger than {MAX_LOGO_BYTES // 1_000_000} MB; give a smaller image")
    try:
        image = is_image(path)
    except OSError as exc:
        raise Refused(f"'{text}' cannot be read ({exc.strerror or exc})") from None
    if not image:
        raise Refused(f"'{text}' is not a PNG, JPEG or SVG image")
    return path


def default_emergency(code: str) -> str:
    return COUNTRY_DEFAULTS[code][0]


def default_paper(code: str) -> str:
    return COUNTRY_DEFAULTS[code][1]
