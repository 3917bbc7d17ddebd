"""The web pages' style check as the workers run it (checks/web_drawn_pages.py, pdf/workers.Call):
a page is called clean only when web_drawn.findings would find nothing on it, and a page that
needs a file the worker was not given is left to the main process."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks import web_drawn
from clearprint.checks.web_drawn import WebPage
from clearprint.checks.web_drawn_pages import FUNCTION, Shipped, Withheld, clean
from clearprint.pdf.workers import Call, Workers

PAGE = (
    "<!doctype html><html><head><link rel='stylesheet' href='{href}'></head>"
    "<body><p class='note'>Call us any time about your treatment.</p></body></html>"
)
FILES = {
    "assets/web.css": b"body { font-size: 20px; color: #111; background: #fff }",
    "assets/faint.css": b"body { font-size: 20px } .note { color: #eee }",
    "handout.pdf": b"%PDF-1.7 not a stylesheet",
}


def test_shipped_gives_stylesheets_and_withholds_the_rest() -> None:
    shipped = Shipped(FILES)
    assert set(shipped) == set(FILES) and "handout.pdf" in shipped and "other.css" not in shipped
    assert shipped["assets/web.css"] == FILES["assets/web.css"]
    with pytest.raises(Withheld):
        shipped["handout.pdf"]
    with pytest.raises(KeyError):
        shipped["other.css"]


@pytest.mark.parametrize(
    ("href", "expected"),
    [("../assets/web.css", True), ("../assets/faint.css", False), ("../handout.pdf", None)],
)
def test_clean_agrees_with_findings(tmp_path: Path, href: str, expected: bool | None) -> None:
    page = WebPage("en/index.html", PAGE.format(href=href))
    said = clean(tmp_path, None, Shipped(FILES), page)  # type: ignore[arg-type]
    assert said is expected
    if said is not None:

        class Site:
            folder = tmp_path / "clinics" / "x"

        found = web_drawn.findings(tmp_path, Site(), FILES, [page])  # type: ignore[arg-type]
        assert (not found) is said
        assert not web_drawn.findings(tmp_path, Site(), FILES, [page], frozenset({page.path}))  # type: ignore[arg-type]


def test_a_call_runs_its_function_and_reports_a_failure(tmp_path: Path) -> None:
    page = WebPage("en/index.html", PAGE.format(href="../assets/faint.css"))
    with Workers(tmp_path, 1) as workers:
        done = list(
            workers.render(
                [Call("a", FUNCTION, (tmp_path, None, Shipped(FILES), page)), Call("b", "os.path:join", (1,))]
            )
        )
    assert [(d.key, d.error, d.value) for d in done][0] == ("a", None, False)
    assert done[1].error == "crash" and "TypeError" in done[1].detail
