"""Shared fixtures: the shipped sample project built once, and small test projects.

The tests read the shipped sample clinics and the handouts they list, never whatever
else a clinic has put in clinics/ or handouts/: a clinic's own content is checked by
`build.py check`, and adding a clinic or a handout must not change what `make test`
tests (tests/test_new_clinic.py proves it). Tests that need the shipped samples use
`samples()`, a copy of the project with only them in it.
"""

from __future__ import annotations

import atexit
import datetime as dt
import fcntl
import functools
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from _pytest.nodeid import NodeId
from hypothesis import __version__ as hypothesis_version
from hypothesis.configuration import set_hypothesis_home_dir

from clearprint import Selection
from clearprint.incremental.ocr_cache import FOLDER as OCR_FOLDER
from clearprint.pipeline import BuildOptions, Result, build, check_only
from pdfinspect import text as pdf_text_of

ROOT = Path(__file__).resolve().parents[1]
TESTDATA = Path(__file__).resolve().parent / "testdata"
# The clinics the project ships (each says `sample: true`). A new sample is added here,
# with its golden files; any other folder in clinics/ is a clinic's own and never tested.
SAMPLE_CLINICS = ("sample-uk-riverside", "sample-us-maple-grove")
PROJECT_FOLDERS = ("templates", "styles", "rules")  # Clearprint's own, shared by every clinic
# The one day every test builds and checks on: the samples' review dates are checked against
# a fixed day, so the suite gives the same answers next year.
TODAY = dt.date(2026, 11, 26)

# Hypothesis writes caches (character tables, constants) to .hypothesis/ in the working
# directory even with database=None: keep them outside the tree, so tests leave it as they
# found it, in the user's cache folder, so that the UTF-8 table (1.4 s for each process
# that draws `characters(codec="utf-8")`) is made once, not by every worker of every run.
# Hypothesis writes its tables atomically; nothing else is kept there (no example database).
_HYPOTHESIS_HOME = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "clearprint-tests"
    / f"hypothesis-{hypothesis_version}"
)
set_hypothesis_home_dir(_HYPOTHESIS_HOME)


def copy_samples(dest: Path, source: Path = ROOT) -> Path:
    """Copy Clearprint's templates, styles and rules, the shipped sample clinics, the
    handouts they list and the shared sections those handouts use into `dest`."""
    for folder in PROJECT_FOLDERS:
        shutil.copytree(source / folder, dest / folder)
    (dest / "handouts").mkdir(parents=True)
    handouts: set[str] = set()
    for slug in SAMPLE_CLINICS:
        settings = yaml.safe_load((source / "clinics" / slug / "clinic.yaml").read_text(encoding="utf-8"))
        assert settings.get("sample") is True, f"clinics/{slug} is listed as a shipped sample but lacks `sample: true`"
        shutil.copytree(source / "clinics" / slug, dest / "clinics" / slug)
        handouts.update(settings["handouts"])
    shared: set[str] = set()
    for hid in sorted(handouts):
        if (source / "handouts" / hid).is_dir():
            shutil.copytree(source / "handouts" / hid, dest / "handouts" / hid)
        for page in (source / "handouts" / hid).glob("*.md"):
            front = page.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---")
            shared.update((yaml.safe_load(front) or {}).get("shared", []))
    for role in sorted(shared):
        if (source / "handouts" / "_shared" / role).is_dir():
            shutil.copytree(source / "handouts" / "_shared" / role, dest / "handouts" / "_shared" / role)
    return dest


# One folder for the whole run, shared by every pytest process of it: made by the first
# process (the xdist controller, or pytest itself without -n), whose environment the xdist
# workers inherit; removed when that process ends. It holds the copy of the samples and
# their one build, each made by whichever process needs it first (the others wait for it).
SHARED = "CLEARPRINT_TESTS_SHARED"


def shared() -> Path:
    if not os.environ.get(SHARED):
        folder = tempfile.mkdtemp(prefix="clearprint-tests-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ[SHARED] = folder
    return Path(os.environ[SHARED])


def pytest_configure(config: pytest.Config) -> None:
    shared()  # before xdist starts its workers, so that they inherit it


@pytest.hookimpl(tryfirst=True)  # before xdist's worker reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests of a module that share a module-scoped fixture (a build, a browser) run on
    one xdist worker (`--dist loadgroup`, in pyproject.toml), so the fixture is made once per
    run, not once per worker that happens to get one of them."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or not any(defs[-1].scope == "module" for defs in info.name2fixturedefs.values() if defs):
            continue
        group = item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
        if getattr(config.option, "loadgroup", False) and hasattr(item, "_id"):
            # What xdist does with the mark, done here: xdist 3.8 appends "@group" to
            # `item._nodeid`, which pytest 9.2 no longer reads (a node's id is `item._id`),
            # so its `loadgroup` would quietly spread a group over both workers.
            item._id = NodeId.parse(f"{item.nodeid}@{group}")


@contextmanager
def only_one_process(name: str) -> Iterator[None]:
    """Hold `name` in the shared folder: one process of the run at a time."""
    with open(shared() / f"{name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@functools.cache
def samples() -> Path:
    """The shipped samples, copied once per run (also when tests are collected) and shared by
    the run's processes: tests never change it (they change a copy)."""
    project = shared() / "samples" / "project"
    with only_one_process("samples"):
        if not (shared() / "samples" / "copied").exists():
            shutil.rmtree(project.parent, ignore_errors=True)
            copy_samples(project)
            (shared() / "samples" / "copied").touch()
    return project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample() -> tuple[Result, Path]:
    """The shipped sample clinics and handouts, built once for the whole run (by the first
    xdist worker that needs it; the others read its Result), on two worker processes as
    `make` builds them, with the HTML given to the renderer; its out/<clinic>/site/ is what
    the browser tests open. Never changed: tests change a copy (`built_samples`)."""
    out, saved = shared() / "sample-out", shared() / "sample-result.pickle"
    with only_one_process("sample"):
        if saved.exists():
            result = pickle.loads(saved.read_bytes())
        else:
            shutil.rmtree(out, ignore_errors=True)  # a build that failed in another process
            result = build(samples(), BuildOptions(out, html=True, jobs=2, today=TODAY))
            assert result.ok, "\n".join(map(str, result.report.errors))
            saved.write_bytes(pickle.dumps(result))
    return result, out


def copy_sample_build(sample: tuple[Result, Path], project: Path, out: Path) -> tuple[Path, Path]:
    """A copy of the shipped samples at `project` and of the session's build of them
    (`sample`) at `out`: the manifest's paths are relative and its digests content-based, so
    a build of the copy with `today=TODAY` renders nothing until the test changes something."""
    shutil.copytree(samples(), project)
    shutil.copytree(sample[1], out)
    return project, out


def with_ocr_readings(sample: tuple[Result, Path], out: Path) -> Path:
    """`out` holding the OCR readings of the samples' images from the session build (their
    cache, incremental/ocr_cache.py), as a clinic's out/ keeps them from its last build: a test
    of something else in a new process does not read every image again."""
    shutil.copytree(sample[1] / OCR_FOLDER, out / OCR_FOLDER, dirs_exist_ok=True)
    return out


@pytest.fixture
def built_samples(sample: tuple[Result, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped samples and of their session build (project, out), for a test
    that changes them (`copy_sample_build`)."""
    return copy_sample_build(sample, tmp_path / "project", tmp_path / "out")


def make_project(dest: Path, *overlays: Path) -> Path:
    """A small project: the real templates and styles, the test base content, then overlays."""
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(TESTDATA / "base", dest, dirs_exist_ok=True)
    for overlay in overlays:
        shutil.copytree(overlay, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def pdf_text(path: Path) -> str:
    return pdf_text_of(path)


def make_too_long_for_a_trifold(page: Path) -> None:
    """Add 90 list items to a test handout's risks: far more than four panels hold."""
    filler = "\n".join(
        f"- Point {i}: keep the treated area clean and dry, and tell us about any change." for i in range(90)
    )
    first = "About 2 in 100 people get a drooping eyelid [1]."
    page.write_text(page.read_text().replace(first, first + "\n\n" + filler))


# --- the small test project (tests/testdata/base) ---------------------------------------

TINY = "test-clinic/en/tiny.pdf"
SECOND = "test-clinic/en/second.pdf"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pdfs(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in files(out).items() if name.endswith(".pdf")}


def add_to_risks(project: Path, text: str, handout: str = "tiny") -> None:
    page = project / "handouts" / handout / "en.md"
    first = "About 2 in 100 people get a drooping eyelid [1]."
    source = page.read_text()
    assert first in source or handout != "tiny"
    page.write_text(source.replace(first, first + "\n\n" + text) if first in source else source + "\n" + text + "\n")


def add_leaflet_sentences(folder: Path, sentences) -> dict[str, int]:
    """Each `(language, sentence, ...)` of `sentences` appended to `folder`/<language>.md, one
    sentence a paragraph, in one `::: leaflet` block per language (the trifold leaves it out);
    the line of each sentence."""
    lines = {}
    for language in dict.fromkeys(case[0] for case in sentences):
        page = folder / f"{language}.md"
        text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n::: leaflet\n"
        for lang, sentence, *_ in sentences:
            if lang == language:
                lines[sentence] = text.count("\n") + 1
                text += sentence + "\n\n"
        page.write_text(text.rstrip("\n") + "\n:::\n", encoding="utf-8")
    return lines


def assert_sentence_errors(errors, folder: str, sentences, lines: dict[str, int]) -> None:
    """Each `(language, sentence, expected)` of `sentences` gives exactly the `(column, rule)`
    errors `expected` at its line (`lines`, from add_leaflet_sentences) of `folder`/<language>.md."""
    for language, sentence, expected in sentences:
        mine = f"{folder}/{language}.md"
        found = sorted((p.col, p.rule) for p in errors if p.file == mine and p.line == lines[sentence])
        assert found == expected, (sentence, [str(p) for p in errors if p.file == mine])


def check_sentences(tmp_path: Path, clinic: str, sentences: dict[str, list]) -> tuple[list, dict[str, dict[str, int]]]:
    """A copy of the samples with each handout folder's `(language, sentence, expected)` added
    (add_leaflet_sentences: {"handouts/x": [...]}), checked in `clinic`'s standard edition, and
    each sentence's errors asserted (assert_sentence_errors); (the errors, each folder's lines)."""
    project = tmp_path / "project"
    shutil.copytree(samples(), project)
    lines = {folder: add_leaflet_sentences(project / folder, each) for folder, each in sentences.items()}
    chosen = Selection((clinic,), tuple(Path(folder).name for folder in sentences), editions=("standard",))
    errors = check_only(project, chosen, today=TODAY).report.errors
    for folder, each in sentences.items():
        assert_sentence_errors(errors, folder, each, lines[folder])
    return errors, lines


def settings(project: Path, extra: str) -> None:
    path = project / "clinics/test-clinic/clinic.yaml"
    path.write_text(path.read_text() + extra)


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small test project and its out/, built once per module (never changed: tests take
    a copy with `built_project`)."""
    base = tmp_path_factory.mktemp("tiny-build")
    root = make_project(base / "project")
    out = base / "out"
    result = build(root, BuildOptions(out))
    assert result.ok, [str(p) for p in result.report.errors]
    assert sorted(p.relative_to(out).as_posix() for p in result.written) == [SECOND, TINY]
    return root, out


@pytest.fixture
def built_project(tiny_build: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the module's built small project and of its out/ (project, out): the
    manifest's paths are relative and its digests content-based, so building the copy again
    renders nothing (test_incremental proves it)."""
    root, out = tiny_build
    return shutil.copytree(root, tmp_path / "project"), shutil.copytree(out, tmp_path / "out")
