"""`build.py serve`'s draft page (made the moment a handout is saved, before any PDF) is read
as a build reads the web pages it writes (writers/sites.draft_page, page_findings): a clinic
web template that makes the page other than the checks read it (PageClaims.same_page) makes
no draft, and the located error is shown beside the page at once, as serve shows a build's
errors, before the builds that follow report it.

- through serve itself (clearprint.serve.loop.serve, in this process, its batches of saved
  files given by the test): a page fetched over HTTP after the save and before the first build
  shows the error at the template and not the claim;
- `draft` alone: a template that tells the pages apart only by the PDFs' sizes, which `check`
  does not know (it renders none) but the draft does, is refused by the draft's own reading.
"""

from __future__ import annotations

import datetime as dt
import threading
import urllib.error
import urllib.request
from pathlib import Path

from clearprint.options import Selection
from clearprint.pipeline import BuildOptions, check_only
from clearprint.serve import loop
from conftest import make_project

TODAY = dt.date(2026, 11, 26)
TEMPLATE = "clinics/test-clinic/templates/web/handout.html.j2"
CLAIM = "Fillers are 100% safe, painless"
MEASURES = "{% set probe %}Hello{% endset %}{% if probe|length == 5 %}" + CLAIM + "{% endif %}"
PAGE = "handouts/en/tiny/index.html"
NOT_AS_CHECKED = "this template makes a different page when the checks read it"  # template-not-as-checked  # the test clinic's handout_url: its default


def _project(base: Path, when: str) -> Path:
    """The test clinic with a website and a web template that prints the claim, for the
    published page only, when `when` (a Jinja test) holds."""
    root = make_project(base / "project")
    settings = root / "clinics/test-clinic/clinic.yaml"
    yaml = settings.read_text(encoding="utf-8").replace("handouts: [tiny, second]", "handouts: [tiny]")
    settings.write_text(yaml + "editions: [standard]\nwebsite: https://rt-draft.example\n", encoding="utf-8")
    template = root / TEMPLATE
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "project/web/handout.html.j2" %}\n{% block footer_note %}\n'
        f"{{% if {when} %}}<p>{MEASURES}</p>{{% endif %}}\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    return root


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_shows_the_drafts_located_error_before_the_builds(tmp_path: Path, monkeypatch) -> None:
    root = _project(tmp_path, '"Free parking" in handout.summary')
    source = root / "handouts/tiny/en.md"
    said: list[str] = []
    shown: list[tuple[int, str]] = []  # the page after the save, before the first build
    builds: list[Selection] = []
    real_build = loop._build

    def build(root_, options, selection, *args, **kwargs):
        if said and "Changed: en.md" in said[-1] and not builds:
            shown.append(_get(f"{_address(said)}/{PAGE}"))
        if said and "Changed: en.md" in said[-1]:
            builds.append(selection)
        return real_build(root_, options, selection, *args, **kwargs)

    first: list[tuple[int, str]] = []

    def batches():
        first.append(_get(f"{_address(said)}/{PAGE}"))
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("summary: A small handout", "summary: Free parking. A small handout"))
        yield {(2, str(source))}
        shown.append(_get(f"{_address(said)}/{PAGE}"))  # after the builds

    monkeypatch.setattr(loop, "_build", build)
    options = BuildOptions(root / "out", Selection(("test-clinic",)), today=TODAY, jobs=1)
    done: list[int] = []
    thread = threading.Thread(
        target=lambda: done.append(loop.serve(root, options, lambda r: 0, port=0, batches=batches(), say=said.append))
    )
    thread.start()
    thread.join(600)
    assert done == [0] and not thread.is_alive(), said
    assert first[0][0] == 200 and "A small handout" in first[0][1] and CLAIM not in first[0][1], "built honest"
    assert len(shown) == 2 and builds, said
    for status, page in shown:
        assert CLAIM not in page, "the claim was served"
        panel = page[page.find('<aside id="clearprint-serve"') :]
        assert f"<code>{TEMPLATE}</code>" in panel and NOT_AS_CHECKED in panel, (said, status, panel[-2000:])
    assert "Free parking" not in shown[0][1], "the draft was refused: the last good page is shown"


def _address(said: list[str]) -> str:
    line = next(s for s in said if s.startswith("Serving "))
    return line.split(" at ", 1)[1].split("/ (", 1)[0]


def test_the_draft_reads_the_page_it_serves_with_the_sizes_of_the_pdfs(tmp_path: Path) -> None:
    root = _project(tmp_path, 'pdfs and "KB" in pdfs[0].text')  # `check` makes no PDF: no size
    checked = check_only(root, Selection(("test-clinic",)), TODAY)
    assert not checked.report.errors, [str(p) for p in checked.report.items]
    pdf = root / "out" / checked.checks[0].output.relpath
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7\n" + b"0" * 4000)
    refused: list = []
    assert loop.draft(root, root / "out", "test-clinic", "tiny", "en", TODAY, refused.append) is None
    problems = [str(p) for found in refused for p in found]
    assert any(p.startswith(f"{TEMPLATE}: error template-not-as-checked: ") for p in problems), problems
    pdf.unlink()
    path, page = loop.draft(root, root / "out", "test-clinic", "tiny", "en", TODAY, refused.append)
    assert path == PAGE and CLAIM not in page and "A small handout" in page
