"""A new clinic's folder on disk (`build.py new-clinic`): clinic.yaml with a comment that
explains each setting, and a logo. It is read back with the project's own loader before the
folder appears in clinics/, so this never leaves an invalid clinic behind. Nothing is copied
from a sample clinic."""

from __future__ import annotations

import html
import json
import shutil
import tempfile
from pathlib import Path

from ..content import image_register
from ..content.clinics import load_clinic
from ..problems import ContentError, Problems
from .clinic_setup import AFTER_CONSULTATION, COUNTRY_NAMES, Answers, default_emergency, default_paper, slug

LOGO_TYPES = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg"}


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
    """A plain mark in the clinic's colour, until the clinic gives its own logo: no words, since
    text in a drawing is never checked (content/svg_policy.py refuses it)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">\n'
        f"  <title>{html.escape(answers.name)}</title>\n"
        f'  <rect x="4" y="4" width="112" height="112" rx="18" fill="{answers.primary}"/>\n'
        '  <circle cx="60" cy="60" r="30" fill="none" stroke="#ffffff" stroke-width="10"/>\n'
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


def _logo_register(logo: Path, answers: Answers) -> str:
    """The clinic's image register, declaring its logo (content/image_register.py): the plain mark
    shows no words; a logo the clinic gave is declared as it was given, and the first build's OCR
    cross-check says if it shows words to write under `words:` (usually the clinic's name)."""
    if answers.logo is None:
        return image_register.new_register(logo, f"{answers.name}'s mark", "Clearprint new-clinic (a plain mark)")
    note = "Check: if the logo shows words (such as the clinic's name), write them all under words:."
    return image_register.new_register(logo, f"{answers.name}'s logo", "given at new-clinic set-up", note)


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
        (staging / image_register.NAME).write_text(_logo_register(staging / logo_name, answers), encoding="utf-8")
        load_clinic(staging, Problems(root))  # raises ContentError, with file and line
        staging.chmod(0o755)
        final = clinics / answers.slug
        staging.rename(final)  # fails if it appeared meanwhile: nothing is overwritten
        return final
    except (ContentError, OSError):
        shutil.rmtree(staging, ignore_errors=True)
        raise
