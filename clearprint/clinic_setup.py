"""A new clinic's folder, written from a few answers (`build.py new-clinic`).

Every answer is checked here, one at a time, so that a prompt can refuse it and ask
again; the written clinic.yaml carries a comment for each setting and is read back with
the project's own loader before its folder appears in clinics/, so this never leaves an
invalid clinic behind. Nothing is copied from a sample clinic.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from .checks.accessibility import MIN_CONTRAST, contrast
from .country import passages
from .load import CLINIC_SLUG, is_image, load_clinic
from .models import COUNTRY_DEFAULTS, UNRESEARCHED, ClinicSettings, Colors, Country, Paper
from .problems import ContentError, Problems
from .web import readable

COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "UK": "United Kingdom", "IE": "Ireland", "AU": "Australia"}
# Where a leaflet naming a prescription-only medicine may be handed out (see rules/profiles/).
AFTER_CONSULTATION = {"UK", "IE"}
MAX_SLUG = 40
LOGO_TYPES = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg"}
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


# --- the folder --------------------------------------------------------------------


def _q(value: str) -> str:
    """A YAML string: JSON's double-quoted form is valid YAML and escapes everything."""
    return json.dumps(value, ensure_ascii=False)


def _logo_file(answers: Answers) -> str:
    if answers.logo is None:
        return "logo.svg"
    head = answers.logo.read_bytes()[:4]
    suffix = next((s for magic, s in LOGO_TYPES.items() if head.startswith(magic)), ".svg")
    return f"logo{suffix}"


def placeholder_logo(answers: Answers) -> str:
    """A plain square with the clinic's initials, until the clinic gives its own logo."""
    initials = "".join(word[0] for word in re.findall(r"[^\W\d_]+", answers.name)[:2]).upper() or "C"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">\n'
        f"  <title>{html.escape(answers.name)}</title>\n"
        f'  <rect x="4" y="4" width="112" height="112" rx="18" fill="{answers.primary}"/>\n'
        f'  <text x="60" y="76" font-family="sans-serif" font-size="44" font-weight="bold" fill="#ffffff" '
        f'text-anchor="middle">{html.escape(initials)}</text>\n'
        "</svg>\n"
    )


def clinic_yaml(answers: Answers) -> str:
    """clinic.yaml with a comment that explains each setting."""
    a = answers
    emergency_default = default_emergency(a.country)
    paper_default = default_paper(a.country)
    lines = [
        f"# {a.name}: settings for the leaflets. Written by `build.py new-clinic`; edit freely,",
        "# then run `build.py --clinic " + a.slug + '` (the guide\'s "Add your clinic" page explains each setting).',
        "",
        "# The clinic's name, as printed at the top of every leaflet.",
        f"name: {_q(a.name)}",
        "# The logo printed beside the name: a PNG, JPEG or SVG file in this folder.",
        f"logo: {_logo_file(a)}",
        "# Brand colours as #RRGGBB. `primary` (headings, the clinic's name) and `text` must be readable",
        "# on the white page: the checks refuse contrast below 4.5:1. `tint` is the light fill of boxes.",
        "colors:",
        f"  primary: {_q(a.primary)}",
        f"  accent: {_q(a.accent)}",
        f"  text: {_q('#1a1a1a')}",
        f"  background: {_q('#ffffff')}",
        f"  tint: {_q('#eef3f8')}",
        "# The clinic's address, one line per item, printed on every leaflet.",
        "address:",
        *[f"  - {_q(line)}" for line in a.address],
        "# Phone numbers printed on every leaflet, as patients dial them.",
        f"phone: {_q(a.phone)}",
        f"after_hours_phone: {_q(a.after_hours)}",
        f"# The emergency number the leaflets tell patients to call; the default in {a.country} is {emergency_default}.",
        (
            f"emergency_number: {_q(a.emergency)}"
            if a.emergency != emergency_default
            else f"# emergency_number: {_q(emergency_default)}"
        ),
        "# The country decides the advertising rules the checks apply (rules/profiles/" + a.country + ".yaml).",
        f"country: {a.country}",
        f"# Paper size: A4 or Letter; the default in {a.country} is {paper_default}.",
        (f"paper: {a.paper}" if a.paper != paper_default else f"# paper: {paper_default}"),
        "# The languages of the leaflets, as two-letter codes; the first is the clinic's main one.",
        f"languages: [{', '.join(a.languages)}]",
        "# The leaflets the clinic hands out: folder names in handouts/.",
        "handouts:",
        *[f"  - {hid}" for hid in a.handouts],
        "# The versions printed of each leaflet: standard, large-print (for readers with low vision)",
        "# and trifold (a folded summary brochure).",
        "editions: [standard, large-print, trifold]",
    ]
    if a.website:
        lines += [
            "# The clinic's website. Each leaflet then carries a QR code and the address of its page in the",
            "# web edition (out/" + a.slug + "/site/), which must be published there: see the guide's",
            '# "Publish the web edition" page. Remove this line and the leaflets carry no web address.',
            f"website: {_q(a.website)}",
        ]
    else:
        lines += [
            "# The clinic's website: with one, each leaflet carries a QR code to its page in the web edition,",
            '# which must then be published there (see the guide\'s "Publish the web edition" page).',
            "# website: https://www.example.org",
        ]
    if a.country in AFTER_CONSULTATION:
        lines += [
            f"# In {COUNTRY_NAMES[a.country]} prescription-only medicines (botulinum toxin) may not be advertised",
            "# to the public: every leaflet is handed out after a consultation, never left in the waiting room.",
            "distribution: after-consultation",
        ]
    else:
        lines += [
            "# Where the leaflets are handed out: each handout says (waiting-room or after-consultation);",
            "# set this to make every leaflet one or the other.",
            "# distribution: after-consultation",
        ]
    lines += [
        "# The clinic's printers for `build.py print --printer NAME`: a name staff use, then the print",
        "# queue's name on the print server (`lpstat -e` lists them). For example:",
        "# printers:",
        "#   desk: front-desk-printer",
        "",
    ]
    return "\n".join(lines)


def write(root: Path, answers: Answers) -> Path:
    """Write clinics/<slug>/ and return it; read back with the loader first, so that an
    invalid clinic is never left in clinics/ (ContentError with the loader's problems)."""
    clinics = root / "clinics"
    slug(answers.slug, root)  # still free
    staging = Path(tempfile.mkdtemp(prefix=f".new-{answers.slug}-", dir=clinics))
    try:
        (staging / "clinic.yaml").write_text(clinic_yaml(answers), encoding="utf-8")
        logo_name = _logo_file(answers)
        if answers.logo is None:
            (staging / logo_name).write_text(placeholder_logo(answers), encoding="utf-8")
        else:
            shutil.copyfile(answers.logo, staging / logo_name)
        load_clinic(staging, Problems(root))  # raises ContentError, with file and line
        staging.chmod(0o755)
        final = clinics / answers.slug
        staging.rename(final)  # fails if it appeared meanwhile: nothing is overwritten
        return final
    except (ContentError, OSError):
        shutil.rmtree(staging, ignore_errors=True)
        raise
