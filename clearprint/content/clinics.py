"""Reading a clinic's folder into a Clinic: clinic.yaml checked against the model and the
project (languages, logo), the clinic's own texts of handouts and its shared sections."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..languages import available as available_languages
from ..languages import missing as missing_languages
from ..models import Clinic, ClinicSettings
from ..problems import ContentError, Problems
from . import names, phone_numbers, yamlfile
from .addresses import address_problems
from .handouts import load_local_text, load_shared
from .images import IMAGE_FILES, image_file_refusal, is_image
from .names import badly_named
from .read import read_text, reason, refuse_links_out


def load_clinic(folder: Path, report: Problems) -> Clinic:
    refuse_links_out(folder, report)
    path = folder / "clinic.yaml"
    if not path.is_file():
        raise report.error(folder, None, "clinic folder has no clinic.yaml; copy one from a sample clinic")
    text = read_text(path, report)
    data, lines = yamlfile.parse(text, path, report, defer=True)
    settings = yamlfile.validate(ClinicSettings, data, path, lines, report)
    if clashes := [report.add(path, lines.get(loc, lines.get(loc[:1])), m) for loc, m in address_problems(settings)]:
        raise ContentError(*clashes)
    if typed_numbers := phone_numbers.in_settings(settings, lines, text, path, report):
        raise ContentError(*typed_numbers)
    root = folder.parent.parent  # a language is its data file, rules/languages/<language>.yaml: never English instead
    if unknown := [
        report.add(
            path,
            lines.get(("languages", i), lines.get(("languages",))),
            f"no language data for '{code}' (Clearprint has: {', '.join(available_languages(root)) or 'none'}); "
            f"remove it from languages: or add rules/languages/{code}.yaml with the parts of en.yaml",
        )
        for i, code in missing_languages(root, settings.languages)
    ]:
        raise ContentError(*unknown)
    site = Clinic(folder.name, settings, folder, lines, text)
    logo = site.logo_path
    line = lines.get(("logo",))
    if not logo.resolve().is_relative_to(folder.resolve()):
        raise report.error(path, line, f"logo '{settings.logo}' must be inside the clinic folder {folder.name}/")
    if not logo.exists():
        raise report.error(path, line, f"logo file '{settings.logo}' not found in clinics/{folder.name}/")
    if logo.suffix.lower() in IMAGE_FILES and (why := image_file_refusal(logo)):
        raise report.error(path, line, f"logo '{settings.logo}': {why}")
    try:
        image = is_image(logo)
    except OSError as exc:
        raise report.error(path, line, f"logo '{settings.logo}' cannot be read ({reason(exc)})") from None
    if not image:
        raise report.error(path, line, f"logo '{settings.logo}' is not a PNG, JPEG or SVG image")
    local, broken = {}, set()
    left_out = names.odd_names(folder / "handouts", report) if (folder / "handouts").is_dir() else set()
    for override in sorted((folder / "handouts").glob("*/*.md")):
        if override in left_out or override.parent.name.startswith("_") or badly_named(override, report.root, report):
            continue
        key = (override.parent.name, override.stem)
        try:
            local[key] = load_local_text(override, report)
        except ContentError:
            broken.add(key)
    shared = load_shared(folder / "handouts" / "_shared", report, "clinic", left_out)
    return dataclasses.replace(site, shared=shared, local=local, broken=frozenset(broken))
