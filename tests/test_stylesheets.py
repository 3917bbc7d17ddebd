"""The renderer keeps the project's stylesheets parsed between documents, in their cascade
order, and parses one again as soon as its text changes (watch mode reuses the renderer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.pdf.fetcher import RefusedURL
from clearprint.pdf.renderer import Renderer
from pdfinspect import text

FONT = "atkinson-hyperlegible"
PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>T</title>{style}</head><body><h1>Title</h1><p>Body</p></body></html>"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles/a.css").write_text('p::after { content: " from-a" } h1::after { content: " sheet" }')
    (tmp_path / "styles/b.css").write_text('p::after { content: " from-b" }')
    return tmp_path


def render(renderer: Renderer, out: Path, sheets: tuple[str, ...], style: str = "") -> str:
    target = out / "out.pdf"
    renderer.write(PAGE.format(style=style), FONT, target, sheets)
    return " ".join(text(target).split())


def test_later_stylesheets_and_the_documents_own_style_win(project: Path) -> None:
    renderer = Renderer(project)
    assert "Body from-b" in render(renderer, project, ("styles/a.css", "styles/b.css"))
    assert "Body from-a" in render(renderer, project, ("styles/b.css", "styles/a.css"))
    own = '<style>h1::after { content: " document" }</style>'
    assert "Title document" in render(renderer, project, ("styles/a.css",), own)


def test_an_edited_stylesheet_is_parsed_again(project: Path) -> None:
    renderer = Renderer(project)
    assert "Body from-a" in render(renderer, project, ("styles/a.css",))
    (project / "styles/a.css").write_text('p::after { content: " edited" }')
    assert "Body edited" in render(renderer, project, ("styles/a.css",))


def test_a_missing_or_remote_stylesheet_is_refused(project: Path) -> None:
    renderer = Renderer(project)
    with pytest.raises(RefusedURL, match="could not read the stylesheet 'styles/gone.css'"):
        render(renderer, project, ("styles/gone.css",))
    (project / "styles/remote.css").write_text('@import url("https://fonts.example.com/brand.css");')
    with pytest.raises(RefusedURL, match="on the network"):
        render(renderer, project, ("styles/remote.css",))
    assert not list(project.glob("*.pdf")) and not list(project.glob(".*.tmp"))
