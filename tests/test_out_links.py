"""A link inside the output folder is refused before anything is written (incremental/lock.py).

Round-8 attack, case 55: folder links planted at out/<clinic>/site and out/<clinic>/es (or
committed with a clinic's files) had the build write the whole web site and the Spanish PDFs
wherever they pointed, with exit 0."""

from __future__ import annotations

from pathlib import Path

from clearprint_run import in_process


def test_a_folder_link_inside_out_is_refused_and_nothing_is_written_where_it_points(
    project: Path, tmp_path: Path
) -> None:
    clinic = next(p.name for p in (project / "clinics").iterdir() if p.is_dir())
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / clinic).mkdir(parents=True)
    elsewhere.mkdir()
    (out / clinic / "site").symlink_to(elsewhere, target_is_directory=True)
    code, _, err = in_process("--project", project, "--out", out)
    assert code == 2, err
    assert f"{out / clinic / 'site'} -> {elsewhere}" in err and "remove the link" in err
    assert list(elsewhere.iterdir()) == []
    assert not list(out.rglob("*.pdf"))


def test_the_output_folder_itself_may_be_a_link(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "disk" / "out"
    real.mkdir(parents=True)
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    code, _, err = in_process("--project", project, "--out", tmp_path / "out")
    assert code == 0, err
    assert list(real.rglob("*.pdf"))
