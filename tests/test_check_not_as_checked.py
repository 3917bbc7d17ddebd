"""`build.py check` finds what a build finds when a clinic template prints one page for the
checks and another for the patient (PageClaims.same_page), and what the build reads again on
the printed page of a clinic with templates of its own (checks/printed_page.py): the same
error, with the same message id, at the same file, through the same functions
(writers/page_check.py). Every case of tests/test_template_not_as_checked.py (each a clinic
of its own) is checked in one in-process `check_only`; one case is also built, and its
error is the build's, word for word."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_template_not_as_checked import ADDRESSES, CASES, WHERE, WORDS

from clearprint.pipeline import BuildOptions, build, check_only
from conftest import make_project

TODAY = dt.date(2026, 11, 26)
FAILING = [slug for slug, case in CASES.items() if case[2]]


def _project(base: Path, slugs: list[str]) -> Path:
    """A project whose clinics are the cases named (the test clinic's copies, `tiny` only)."""
    root = make_project(base / "project")
    model = root / "clinics" / "test-clinic"
    for slug in slugs:
        name, text, _ = CASES[slug]
        clinic = root / "clinics" / slug
        shutil.copytree(model, clinic)
        settings = clinic / "clinic.yaml"
        yaml = settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]")
        yaml = yaml.replace(
            "address: [1 Test Street, Testville]", ADDRESSES.get(slug, "address: [1 Test Street, Testville]")
        )
        settings.write_text(yaml + "website: https://rt.example\n")
        (clinic / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (clinic / "templates" / name).write_text(text)
    shutil.rmtree(model)
    return root


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = _project(tmp_path_factory.mktemp("check-not-as-checked"), list(CASES))
    return [str(p) for p in check_only(root, today=TODAY).report.items]


@pytest.mark.parametrize("slug", FAILING)
def test_check_finds_what_the_build_finds_on_a_clinic_templates_page(checked: list[str], slug: str) -> None:
    name, _, rule = CASES[slug]
    where = f"clinics/{slug}/" + WHERE.get(slug, f"templates/{name}:")
    words = f"clinics/{slug}/templates/{name}:"  # the word check, at the template's line
    mine = [
        p
        for p in checked
        if (p.startswith(where) and f" error {rule}: " in p)
        or any(p.startswith(words) and f" error {r}: " in p for r in WORDS.get(slug, ()))
    ]
    assert mine, [p for p in checked if f"clinics/{slug}/" in p]


def test_an_honest_template_with_a_set_block_passes_check(checked: list[str]) -> None:
    assert not [p for p in checked if "clinics/honest/" in p and " error " in p], checked


@pytest.mark.parametrize("slug", ["measures-print", "measures-web", "measures-catalogue"])
def test_check_reports_the_builds_error_word_for_word(tmp_path: Path, checked: list[str], slug: str) -> None:
    root = _project(tmp_path, [slug])
    out = tmp_path / "out"
    result = build(root, BuildOptions(out, today=TODAY, jobs=1))
    built = [str(p) for p in result.report.items if " error template-not-as-checked: " in str(p)]
    assert built, [str(p) for p in result.report.items]
    assert set(built) <= set(checked), (built, [p for p in checked if slug in p])
