"""Property-based tests: generated front matter, clinic settings, section markup and Markdown
bodies thrown at the loader, the checks and the command line (issue 10, "Property-based tests").

Whatever a clinic writes, Clearprint answers with located problems or PDFs, never a traceback:

- no exception escapes `check()` or `main()`, and nothing on the terminal says "Traceback";
- every problem reads `file:line[:col]: error|warning[ rule]: message`, on one line, naming a
  file inside the project and a line that exists in it;
- the exit code is 0, 1 or 2, and 0 only when every PDF the clinic lists was written;
- no file outside `out/` is written, changed or removed.

Each example gets the small test project as new (`make_project`), put back at the same path
for every example by tests/scratch.py, so the rules and templates Clearprint parses once per
unchanged file are not parsed again each time. The examples are derandomized (the same ones
on every run, in CI too) and bounded, and no example database is written, so the tree stays
clean. Rendering is slow (about 0.3 s a
PDF), so only a few examples go through a whole build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from clearprint_run import in_process
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from scratch import scratch_project
from strategies import (
    CLINIC,
    FRONT,
    any_text,
    clinic_settings,
    control_text,
    dump,
    entry,
    front_matter,
    hand_quoted,
    handout,
    handout_bytes,
    markdown_body,
    sections_file,
    values,
)

from clearprint.pipeline import check_only
from conftest import TODAY

LOCATED = re.compile(
    r"(?P<file>[^:\n]+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<severity>error|warning)(?: [a-z0-9-]+)?: \S.*"
)
PROGRESS = re.compile(r"\[\d+/\d+\] \S.*")


def fuzz(max_examples: int, shrink: bool = True):
    """Bounded, the same examples on every run, no example database. Tests that render
    PDFs do not shrink a failure (hundreds of builds): the check() tests shrink theirs."""
    return settings(
        max_examples=max_examples,
        phases=[p for p in Phase if shrink or p is not Phase.shrink],
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# --- one example ----------------------------------------------------------------------


def fresh_project():
    """The small test project as new, at the same path for every example (tests/scratch.py):
    what Clearprint parses once per unchanged file is not parsed again for each example."""
    return scratch_project()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file around the project but those in out/: size and modification time."""
    files = {}
    for path in sorted(root.parent.rglob("*")):
        if path.is_file() and not path.is_relative_to(root / "out"):
            stat = path.stat()
            files[path.relative_to(root.parent).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return files


def assert_located(text: str, root: Path) -> None:
    """`text` is one problem as printed: a place inside the project, a severity, a message."""
    assert "\n" not in text and "\r" not in text, f"a problem on more than one line: {text!r}"
    match = LOCATED.fullmatch(text)
    assert match, f"not a located problem: {text!r}"
    file = root / match["file"]
    assert not Path(match["file"]).is_absolute() and ".." not in Path(match["file"]).parts, text
    assert file.exists() or file.is_symlink(), f"names no file in the project: {text!r}"
    if match["line"] is not None and file.is_file():
        lines = file.read_bytes().count(b"\n") + 1
        assert 1 <= int(match["line"]) <= lines, f"line {match['line']} of a {lines}-line file: {text!r}"


def assert_checked(root: Path, listed: tuple[str, ...] = ("tiny", "second")):
    """check() reports every problem it finds at a place in the project, and writes nothing;
    a handout the clinic lists is either planned or named by an error, never left out silently."""
    before = snapshot(root)
    result = check_only(root, today=TODAY)
    for problem in result.report.items:
        assert_located(str(problem), root)
    assert snapshot(root) == before
    planned = {o.handout.meta.id for o in result.planned}
    for hid in listed:
        if hid not in planned:
            assert result.report.errors, f"{hid} was left out without an error: {result.report.items}"
    return result


# --- the loader and the checks --------------------------------------------------------


@fuzz(150)
@given(front=front_matter)
def test_any_front_matter_gives_located_problems_never_a_traceback(front: str) -> None:
    with fresh_project() as root:
        write(root / "handouts/tiny/en.md", handout(front))
        assert_checked(root)


@fuzz(120)
@given(clinic=clinic_settings)
def test_any_clinic_settings_give_located_problems_never_a_traceback(clinic: str) -> None:
    with fresh_project() as root:
        write(root / "clinics/test-clinic/clinic.yaml", clinic)
        result = assert_checked(root, listed=())
        if not result.planned:
            assert any(p.file.startswith("clinics/test-clinic/") for p in result.report.errors), result.report.items


@fuzz(150)
@given(body=markdown_body())
def test_any_markdown_body_gives_located_problems_never_a_traceback(body: str) -> None:
    with fresh_project() as root:
        write(root / "handouts/tiny/en.md", handout(body=body))
        assert_checked(root)


@fuzz(60)
@given(
    override=sections_file("## After your treatment {#aftercare}"),
    shared=sections_file("## About this leaflet {#about-this-leaflet}"),
)
def test_any_section_file_gives_located_problems_never_a_traceback(override: str, shared: str) -> None:
    with fresh_project() as root:
        write(root / "clinics/test-clinic/handouts/tiny/en.md", override)
        write(root / "handouts/_shared/about-this-leaflet/en.md", shared)
        assert_checked(root)


@fuzz(100)
@given(data=handout_bytes())
def test_any_handout_file_gives_located_problems_never_a_traceback(data: bytes) -> None:
    with fresh_project() as root:
        (root / "handouts/tiny/en.md").write_bytes(data)
        assert_checked(root)


@fuzz(100)
@given(data=handout_bytes(), override=st.none() | sections_file("## After your treatment {#aftercare}"))
def test_every_problem_has_a_line_number(data: bytes, override: str | None) -> None:
    with fresh_project() as root:
        (root / "handouts/tiny/en.md").write_bytes(data)
        if override is not None:
            write(root / "clinics/test-clinic/handouts/tiny/en.md", override)
        for problem in check_only(root, today=TODAY).report.items:
            assert problem.line is not None, f"a problem with no line number: {problem}"


# Line numbers are where the mistake is, counted as an editor counts them (by "\n"),
# whatever the values around it hold (quoted line separators, long or nested values).
def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


@fuzz(100)
@given(
    key=st.sampled_from(list(FRONT)),
    value=values | any_text | control_text | hand_quoted,
    where=st.integers(0, len(FRONT)),
)
def test_an_unknown_front_matter_key_is_reported_on_its_own_line(key: str, value, where: int) -> None:
    front = [entry(k, value if k == key else v) for k, v in FRONT.items()]
    front[where:where] = ["reveiwed_by: Dr Smith\n"]
    text = handout("".join(front))
    with fresh_project() as root:
        write(root / "handouts/tiny/en.md", text)
        result = assert_checked(root)
        typo = [p for p in result.report.errors if "'reveiwed_by'" in p.message]
        assert typo, result.report.items
        assert typo[0].line == line_of(text, "reveiwed_by:"), (typo[0], text)


@fuzz(60)
@given(
    key=st.sampled_from(["name", "phone", "address"]),
    value=any_text | control_text | hand_quoted,
    where=st.integers(0, len(CLINIC)),
)
def test_an_unknown_clinic_setting_is_reported_on_its_own_line(key: str, value, where: int) -> None:
    lines = [entry(k, value if k == key else v) for k, v in CLINIC.items()]
    lines[where:where] = ["telephone: 0100 000 001\n"]
    text = "".join(lines)
    with fresh_project() as root:
        write(root / "clinics/test-clinic/clinic.yaml", text)
        result = assert_checked(root, listed=())
        typo = [p for p in result.report.errors if "'telephone'" in p.message]
        assert typo, result.report.items
        assert typo[0].line == line_of(text, "telephone:"), (typo[0], text)


@fuzz(60)
@given(key=st.sampled_from(list(FRONT)), where=st.integers(0, len(FRONT)), value=any_text | control_text | hand_quoted)
def test_a_duplicate_front_matter_key_names_both_lines(key: str, where: int, value) -> None:
    front = [dump({k: v}, True) for k, v in FRONT.items()]
    front[where:where] = [entry(key, value)]
    text = handout("".join(front))
    with fresh_project() as root:
        write(root / "handouts/tiny/en.md", text)
        result = assert_checked(root)
        twice = [p for p in result.report.errors if "appears twice" in p.message]
        assert twice, result.report.items
        lines = [n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(f"{key}:")]
        assert len(lines) == 2 and twice[0].line == lines[1], (twice[0], lines, text)
        assert f"first on line {lines[0]}" in twice[0].message, (twice[0], lines)


# Files where they should not be: folders where files belong, links (inside, outside,
# dangling), stray files and oddly named folders.
def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)


def _folder_instead(path: str):
    def change(root: Path) -> None:
        _clear(root / path)
        (root / path).mkdir()

    return change


def _link(path: str, to: str):
    def change(root: Path) -> None:
        _clear(root / path)
        (root / path).symlink_to(to if to.startswith("/") else root / to)

    return change


def _copy(source: str, dest: str):
    def change(root: Path) -> None:
        if (root / source).is_dir():
            shutil.copytree(root / source, root / dest, dirs_exist_ok=True, symlinks=True)
        elif (root / source).exists():
            (root / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / source, root / dest)

    return change


LAYOUT_CHANGES = {
    "handout is a folder": _folder_instead("handouts/tiny/en.md"),
    "clinic.yaml is a folder": _folder_instead("clinics/test-clinic/clinic.yaml"),
    "logo is a folder": _folder_instead("clinics/test-clinic/logo.svg"),
    "shared section is a folder": _folder_instead("handouts/_shared/about-this-leaflet/en.md"),
    "override is a folder": _folder_instead("clinics/test-clinic/handouts/tiny/en.md"),
    "clinic folder without clinic.yaml": _folder_instead("clinics/empty-clinic"),
    "handout links outside": _link("handouts/tiny/en.md", "/etc/hostname"),
    "logo links outside": _link("clinics/test-clinic/logo.svg", "/etc/hostname"),
    "clinic folder links outside": _link("clinics/linked", "/tmp"),
    "dangling link to a handout": _link("handouts/third/en.md", "/nonexistent/en.md"),
    "handout links to another": _link("handouts/third/en.md", "handouts/second/en.md"),
    "handouts folder links to itself": _link("handouts/loop", "handouts"),
    "stray Markdown in handouts/": _copy("handouts/tiny/en.md", "handouts/tiny.md"),
    "upper-case language file": _copy("handouts/tiny/en.md", "handouts/tiny/EN.md"),
    "region in language file": _copy("handouts/tiny/en.md", "handouts/tiny/en-GB.md"),
    "handout folder with a space": _copy("handouts/tiny", "handouts/my handout"),
    "clinic folder with a space": _copy("clinics/test-clinic", "clinics/My Clinic"),
    "hidden clinic folder": _copy("clinics/test-clinic", "clinics/.backup"),
    "clinic copied without a logo": _copy("clinics/test-clinic/clinic.yaml", "clinics/copy/clinic.yaml"),
}


@fuzz(60)
@given(changes=st.lists(st.sampled_from(sorted(LAYOUT_CHANGES)), min_size=1, max_size=3, unique=True))
def test_files_in_odd_places_give_located_problems_never_a_traceback(changes: list[str]) -> None:
    with fresh_project() as root:
        for change in changes:
            LAYOUT_CHANGES[change](root)
        assert_checked(root, listed=())


def test_a_dangling_link_inside_the_project_is_reported_at_the_link() -> None:
    with fresh_project() as root:
        _link("handouts/third/en.md", "handouts/third/missing.md")(root)
        result = assert_checked(root, listed=())
        assert [p.file for p in result.report.errors] == ["handouts/third/en.md"], result.report.items


# --- the command line -----------------------------------------------------------------


def assert_command_line(root: Path, argv: list[str]) -> tuple[int, str, str]:
    before = snapshot(root)
    code, out, err = in_process(*[*argv, "--project", str(root), "--out", str(root / "out"), "--today", str(TODAY)])
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err, out + err
    assert snapshot(root) == before, "a file outside out/ was written, changed or removed"
    return code, out, err


@fuzz(30, shrink=False)
@given(front=front_matter, clinic=clinic_settings, body=markdown_body())
def test_check_command_exits_0_1_or_2_and_writes_only_in_out(front: str, clinic: str, body: str) -> None:
    with fresh_project() as root:
        write(root / "handouts/tiny/en.md", handout(front, body))
        write(root / "clinics/test-clinic/clinic.yaml", clinic)
        code, out, err = assert_command_line(root, ["check"])
        for line in out.splitlines():
            if line.startswith("  ") and not line.startswith("  waived: "):
                assert_located(line.strip(), root)
        if code == 1:
            assert " error" in out, out


@fuzz(16, shrink=False)
@given(front=front_matter, body=markdown_body(), clinic=st.none() | clinic_settings)
def test_build_gives_pdfs_or_located_errors_and_writes_only_in_out(front: str, body: str, clinic: str | None) -> None:
    with fresh_project() as root:
        write(root / "handouts/tiny/en.md", handout(front, body))
        if clinic is not None:
            write(root / "clinics/test-clinic/clinic.yaml", clinic)
        code, out, err = assert_command_line(root, ["--jobs", "1"])
        for line in err.splitlines():
            if not PROGRESS.fullmatch(line):
                assert_located(line, root)
        if code == 0 and clinic is None:  # nothing left out silently
            assert (root / "out/test-clinic/en/tiny.pdf").is_file() and (
                root / "out/test-clinic/en/second.pdf"
            ).is_file()
        else:
            assert code == 1 and ": error" in err, (code, err)
        assert not list((root / "out").rglob("*.tmp"))
