"""Shared fixtures: the shipped sample project built once, and small test projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from clearprint.pipeline import Result, build

ROOT = Path(__file__).resolve().parents[1]
TESTDATA = Path(__file__).resolve().parent / "testdata"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """The shipped sample clinics and handouts, built once for the whole session."""
    out = tmp_path_factory.mktemp("sample-out")
    result = build(ROOT, out, html=True)
    assert result.ok, "\n".join(map(str, result.report.errors))
    return result, out


def make_project(dest: Path, *overlays: Path) -> Path:
    """A small project: the real templates and styles, the test base content, then overlays."""
    for folder in ("templates", "styles", "rules"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(TESTDATA / "base", dest, dirs_exist_ok=True)
    for overlay in overlays:
        shutil.copytree(overlay, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def make_too_long_for_a_trifold(page: Path) -> None:
    """Add 90 list items to a test handout's risks: far more than four panels hold."""
    filler = "\n".join(
        f"- Point {i}: keep the treated area clean and dry, and tell us about any change." for i in range(90)
    )
    first = "About 2 in 100 people get a drooping eyelid [1]."
    page.write_text(page.read_text().replace(first, first + "\n\n" + filler))
