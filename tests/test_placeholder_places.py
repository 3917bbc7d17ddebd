"""A clinic value that a handout's placeholder fills in (`{{ clinic.address }}` in the
Markdown) is found where the placeholder is written, and the finding names the clinic.yaml
line the value was set on, on the same line (checks/filled_values.py, page_text._align);
words the Markdown writes itself around it keep their own line and column. And the checks
of the clinic's printed settings read clinic.yaml as the loader read it (`Clinic.text`),
never the file again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clearprint.content.load import load_project
from clearprint.options import Selection
from clearprint.pipeline import check_only, check_project
from clearprint.problems import Problems
from conftest import make_project

TODAY = dt.date(2026, 11, 26)
SETTINGS = "clinics/test-clinic/clinic.yaml"
HANDOUT = "handouts/tiny/en.md"
SHARED = "handouts/_shared/about-this-leaflet/en.md"


def _project(tmp_path: Path, address: str, extra: str = "") -> Path:
    root = make_project(tmp_path / "project")
    settings = root / SETTINGS
    yaml = settings.read_text(encoding="utf-8").replace("address: [1 Test Street, Testville]", address)
    settings.write_text(yaml.replace("handouts: [tiny, second]", "handouts: [tiny]") + extra, encoding="utf-8")
    return root


def _line_of(root: Path, path: str, text: str) -> tuple[int, int]:
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if text in line)
    return number, lines[number - 1].index(text) + 1


def test_a_claim_a_placeholder_fills_in_names_the_markdown_line_and_the_clinic_yaml_line(tmp_path: Path) -> None:
    root = _project(tmp_path, "address:\n  - 1 Test Street\n  - 100% safe Botox Bar\nwebsite: https://rt.example")
    source = root / HANDOUT
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            "Call us the same day if an eyelid droops.", "Call us the same day.\n\nFind us: {{ clinic.address }}."
        ),
        encoding="utf-8",
    )
    found = [str(p) for p in check_only(root, today=TODAY).report.items]
    line, col = _line_of(root, HANDOUT, "{{ clinic.address }}")
    value = _line_of(root, SETTINGS, "100% safe Botox Bar")[0]
    note = f"(the words come from {{{{ clinic.address }}}}, set at {SETTINGS}:{value})"
    for rule in ("claim-absolute-safety", "uk-pom-brand-name"):
        mine = [p for p in found if p.startswith(f"{HANDOUT}:{line}:{col}: error {rule}: ")]
        assert mine and mine[0].endswith(note), found
        shared = _line_of(root, SHARED, "{{ clinic.address }}")  # the shared section prints it too
        assert [p for p in found if p.startswith(f"{SHARED}:{shared[0]}:{shared[1]}: error {rule}: ") and note in p]
    assert len([p for p in found if " error " in p]) == 4, found


def test_words_around_a_placeholder_keep_their_own_place(tmp_path: Path) -> None:
    root = _project(tmp_path, "address: [1 Test Street, Testville]")
    source = root / HANDOUT
    text = source.read_text(encoding="utf-8")
    written = "Call us on {{ clinic.phone }} or find us at {{ clinic.address }}; the visit is painless."
    source.write_text(text.replace("Call us the same day if an eyelid droops.", written), encoding="utf-8")
    found = [str(p) for p in check_only(root, today=TODAY).report.items]
    line, col = _line_of(root, HANDOUT, "painless")
    mine = [p for p in found if p.startswith(f"{HANDOUT}:{line}:{col}: error claim-painless: ")]
    assert mine and "the words come from" not in mine[0], found


def test_a_clinic_name_filled_in_names_its_own_line(tmp_path: Path) -> None:
    root = _project(tmp_path, "address: [1 Test Street, Testville]")
    settings = root / SETTINGS
    settings.write_text(settings.read_text(encoding="utf-8").replace("name: Test Clinic", "name: Botox Bar"), "utf-8")
    found = [str(p) for p in check_only(root, today=TODAY).report.items]
    line, col = _line_of(root, SHARED, "{{ clinic.name }}")
    note = f"(the words come from {{{{ clinic.name }}}}, set at {SETTINGS}:1)"
    assert [p for p in found if p.startswith(f"{SHARED}:{line}:{col}: error uk-pom-brand-name: ") and p.endswith(note)]


def test_the_printed_settings_are_read_as_the_loader_read_clinic_yaml(tmp_path: Path) -> None:
    root = _project(tmp_path, "address: [1 Test Street, Testville]", "website: https://painless-clinic.example\n")
    settings = root / SETTINGS
    line, col = _line_of(root, SETTINGS, "painless-clinic")
    settings.write_bytes(b"\xef\xbb\xbf" + settings.read_bytes())  # a BOM: the loader leaves it out
    report = Problems(root)
    project = load_project(root, report)
    settings.unlink()  # read once, by the loader: the checks never open it again
    found = [str(p) for p in check_project(project, report, Selection(), TODAY).report.items]
    assert [p for p in found if p.startswith(f"{SETTINGS}:{line}:{col}: error claim-painless: ")], found
