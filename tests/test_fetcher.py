"""The renderer reads only files inside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.pdf.fetcher import ProjectFetcher, RefusedURL


@pytest.fixture
def fetcher(tmp_path: Path) -> ProjectFetcher:
    (tmp_path / "inside.css").write_text("p { color: red }")
    return ProjectFetcher([tmp_path])


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://example.com/a.png", "on the network"),
        ("https://example.com/a.css", "on the network"),
        ("file:///etc/passwd", "outside the project"),
        ("ftp://example.com/a.png", "'ftp:'"),
        ("data:text/css,p{}", "'data:'"),
    ],
)
def test_refuses_everything_but_project_files(fetcher: ProjectFetcher, url: str, why: str) -> None:
    with pytest.raises(RefusedURL, match=why):
        fetcher.fetch(url)


def test_refuses_a_path_that_climbs_out(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    with pytest.raises(RefusedURL, match="outside the project"):
        fetcher.fetch((tmp_path / "..").as_uri() + "/../etc/hosts")


def test_reads_a_file_inside_the_project(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    response = fetcher.fetch((tmp_path / "inside.css").as_uri())
    assert response.read() == b"p { color: red }"
