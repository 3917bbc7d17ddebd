"""The rest of the hostile trial (issue 19, item 8): files that are not what they seem, and
templates that make too much. Each is a located error or a fix, never a traceback or a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clearprint.documents.templates import environment, render_template
from clearprint.pipeline import BuildOptions, build, check_only, remove_leftovers
from clearprint.problems import ContentError, UsageError
from clearprint.safe_io import read_regular, save_private
from conftest import make_project


def test_a_fifo_where_the_lock_goes_is_refused_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / ".clearprint.lock")
    with pytest.raises(UsageError, match="must be a regular file; delete it"):
        build(root, BuildOptions(out, jobs=1))


def test_a_fifo_where_the_manifest_or_a_site_file_goes_is_replaced_not_read(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "website: https://clinic.example\n")
    out = tmp_path / "out"
    (out / "test-clinic/site").mkdir(parents=True)
    os.mkfifo(out / ".clearprint-manifest.json")
    os.mkfifo(out / "test-clinic/site/sitemap.xml")
    result = build(root, BuildOptions(out, jobs=1))
    assert result.ok, [str(p) for p in result.report.errors]
    assert (out / "test-clinic/site/sitemap.xml").is_file() and (out / ".clearprint-manifest.json").is_file()
    with pytest.raises(OSError):
        os.mkfifo(tmp_path / "pipe")
        read_regular(tmp_path / "pipe")


def test_the_sheet_is_saved_through_its_folder_never_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(OSError):  # the folder was swapped for a link after the check
        save_private(tmp_path / "link" / "sheet.pdf", b"%PDF")
    assert not list(real.iterdir())
    (real / "sheet.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    save_private(real / "sheet.pdf", b"%PDF")  # a link at the name itself is replaced, not followed
    assert not (tmp_path / "elsewhere.pdf").exists() and (real / "sheet.pdf").read_bytes() == b"%PDF"
    assert oct((real / "sheet.pdf").stat().st_mode & 0o777) == "0o600"
    with pytest.raises(OSError):  # no folder at all (as a full disk or a permission error would): an OSError
        save_private(tmp_path / "missing" / "sheet.pdf", b"%PDF")


def test_stale_temporary_files_are_removed_only_beside_files_a_build_writes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "c/en").mkdir(parents=True)
    mine = out / "c/en/.tiny.pdf.4242.tmp"
    theirs = out / "c/en/.notes.pdf.4242.tmp"  # same shape, but no build writes c/en/notes.pdf
    other = out / "c/my-notes.tmp"
    for path in (mine, theirs, other):
        path.write_text("x")
    remove_leftovers(out, {"c/en/tiny.pdf"})
    assert not mine.exists() and theirs.exists() and other.exists()


def test_a_file_name_that_is_not_utf8_is_a_located_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    with open(os.fsencode(root / "handouts/tiny") + b"/\xff.md", "wb") as handle:
        handle.write(b"---\n")
    errors = [str(p) for p in check_only(root).report.errors]
    assert any(e.startswith("handouts/tiny/") and "not UTF-8 text; rename it" in e for e in errors), errors


@pytest.mark.parametrize(
    "template",
    [
        '{{ "x" | center(100000000) }}',
        '{{ "%100000000s" | format("x") }}',
        '{{ "{:>100000000}".format("x") }}',
        '{{ "x".ljust(100000000) }}',
        '{% for i in range(100000) %}{{ "x" * 999999 }}{% endfor %}',
    ],
)
def test_a_template_cannot_make_hundreds_of_megabytes(tmp_path: Path, template: str) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "clinics/test-clinic/templates"
    folder.mkdir(parents=True)
    (folder / "big.html.j2").write_text(template)
    with pytest.raises(ContentError) as raised:
        render_template(environment(root, root / "clinics/test-clinic"), "big.html.j2", {}, root)
    message = str(raised.value.problems[0])
    from clearprint.documents.templates import MAX_OUTPUT_CHARS

    capped = f"more than {MAX_OUTPUT_CHARS // 1_000_000} million characters"
    assert "width over 10000" in message or capped in message or "a range of more than 10,000" in message
