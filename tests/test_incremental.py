"""Incremental builds, stale outputs, the manifest, shards and watch mode."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest
from registered import declare

from clearprint import watch as watch_module
from clearprint.content.load import load_project
from clearprint.content.plan import plan
from clearprint.fonts import font
from clearprint.incremental import digests as incremental
from clearprint.options import Selection
from clearprint.pdf.workers import Workers
from clearprint.pipeline import BuildOptions, build
from clearprint.problems import Problems
from clearprint.watch import watch
from clearprint.writers import state
from conftest import make_too_long_for_a_trifold, samples


def rebuilt(project: Path, out: Path, **options) -> list[str]:
    result = build(project, BuildOptions(out, **options))
    assert result.ok, [str(p) for p in result.report.errors]
    return sorted(p.relative_to(out).as_posix() for p in result.written)


@pytest.fixture
def built(built_project) -> tuple[Path, Path]:
    """The small project and its out/, copied from the module's one build (conftest)."""
    return built_project


def test_a_copy_of_a_built_project_and_its_out_folder_builds_nothing(built) -> None:
    """What lets every test here start from a copy of one build: the manifest names files
    relative to out/ and hashes content, not paths or times."""
    project, out = built
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = build(project, BuildOptions(out))
    assert result.ok and result.written == [] and len(result.skipped) == 2
    assert result.removed == [] and result.web == []
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_unchanged_outputs_are_skipped_and_force_rebuilds(built) -> None:
    project, out = built
    files_before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    result = build(project, BuildOptions(out))
    assert result.written == [] and len(result.skipped) == 2
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == files_before  # manifest and reports too
    assert rebuilt(project, out, force=True) == ["test-clinic/en/second.pdf", "test-clinic/en/tiny.pdf"]
    catalogue = out / "test-clinic/catalogue.pdf"
    assert catalogue.stat().st_mtime_ns != files_before[catalogue]  # --force rebuilds every PDF


def _append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text() if path.exists() else "") + text)


# Each kind of input, and which outputs its change must rebuild.
CHANGES = {
    "handout": (lambda p: _append(p / "handouts/tiny/en.md", "\nOne more line.\n"), ["tiny"]),
    "shared section": (
        lambda p: _append(p / "handouts/_shared/about-this-leaflet/en.md", "More.\n"),
        ["second", "tiny"],
    ),
    "clinic section override": (
        lambda p: _append(p / "clinics/test-clinic/handouts/second/en.md", "## Parking {#parking}\n\nFree parking.\n"),
        ["second"],
    ),
    "project template": (lambda p: _append(p / "templates/handout.html.j2", "{# a comment #}\n"), ["second", "tiny"]),
    "clinic template": (
        lambda p: _append(
            p / "clinics/test-clinic/templates/handout.html.j2",
            '{% extends "project/handout.html.j2" %}{% block footer_note %}<p>Hi</p>{% endblock %}',
        ),
        ["second", "tiny"],
    ),
    "style": (lambda p: _append(p / "styles/standard.css", "\nh2 { letter-spacing: 0.1pt; }\n"), ["second", "tiny"]),
    "clinic style": (
        lambda p: _append(p / "clinics/test-clinic/styles/brand.css", "h1 { color: #000; }\n"),
        ["second", "tiny"],
    ),
    "clinic settings": (
        lambda p: _append(p / "clinics/test-clinic/clinic.yaml", "website: https://test.example\n"),
        ["second", "tiny"],
    ),
    "logo": (
        lambda p: (
            _append(p / "clinics/test-clinic/logo.svg", "<!-- new logo -->\n"),
            declare(p / "clinics/test-clinic/logo.svg"),
        ),
        ["second", "tiny"],
    ),
    "image register": (
        lambda p: declare(p / "clinics/test-clinic/logo.svg", alt="The test clinic's mark, described again"),
        ["second", "tiny"],
    ),
    "labels": (lambda p: _append(p / "templates/messages/en.yaml", "unused_label: x\n"), ["second", "tiny"]),
    "rules": (lambda p: _append(p / "rules/jargon.en.yaml", "bilateral: on both sides\n"), ["second", "tiny"]),
}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_a_change_rebuilds_exactly_the_outputs_it_affects(built, kind: str) -> None:
    project, out = built
    change, expected = CHANGES[kind]
    change(project)
    assert rebuilt(project, out) == [f"test-clinic/en/{name}.pdf" for name in expected]
    assert rebuilt(project, out) == []  # and then it is up to date


def test_an_image_in_a_handout_is_an_input(built) -> None:
    project, out = built
    image = project / "handouts/tiny/face.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')
    declare(image)
    _append(project / "handouts/tiny/en.md", "\n![A face](face.svg)\n")
    assert rebuilt(project, out) == ["test-clinic/en/tiny.pdf"]
    image.write_text(image.read_text().replace('width="4" height="4"/>', 'width="3" height="3"/>'))
    declare(image)  # reviewed again
    assert rebuilt(project, out) == ["test-clinic/en/tiny.pdf"]


def test_package_renderer_and_font_versions_are_inputs(built, monkeypatch, tmp_path: Path) -> None:
    project, out = built
    monkeypatch.setattr(incremental, "__version__", "99.0")
    assert len(rebuilt(project, out)) == 2
    monkeypatch.setattr(state, "weasyprint_version", lambda: "71.0")
    assert len(rebuilt(project, out)) == 2
    fonts = tmp_path / "fonts"
    shutil.copytree(font("atkinson-hyperlegible").folder, fonts)
    with open(fonts / "AtkinsonHyperlegible-Regular.ttf", "ab") as stream:
        stream.write(b"\0")
    real = font("atkinson-hyperlegible")
    monkeypatch.setattr(state, "font", lambda name: type(real)(real.family, fonts))
    assert len(rebuilt(project, out)) == 2
    zeros = tmp_path / "zeros"  # the font the plain "0" is drawn from is an input too
    shutil.copytree(real.zero_folder, zeros)
    with open(next(zeros.glob("*.ttf")), "ab") as stream:
        stream.write(b"\0")
    monkeypatch.setattr(state, "font", lambda name: type(real)(real.family, fonts, real.zero_family, zeros))
    assert len(rebuilt(project, out)) == 2


def test_deleting_a_handout_or_an_edition_removes_its_outputs(built) -> None:
    project, out = built
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, large-print]\n")
    # The settings changed, and every page now says "also available in large print": all four.
    assert rebuilt(project, out) == [
        "test-clinic/en/second.large-print.pdf",
        "test-clinic/en/second.pdf",
        "test-clinic/en/tiny.large-print.pdf",
        "test-clinic/en/tiny.pdf",
    ]
    settings.write_text(settings.read_text().replace("editions: [standard, large-print]", "editions: [large-print]"))
    result = build(project, BuildOptions(out))
    assert sorted(p.name for p in result.removed) == ["second.pdf", "tiny.pdf"]
    shutil.rmtree(project / "handouts/second")
    settings.write_text(settings.read_text().replace("handouts: [tiny, second]", "handouts: [tiny]"))
    result = build(project, BuildOptions(out))
    assert [p.name for p in result.removed] == ["second.large-print.pdf"]
    assert sorted(p.name for p in (out / "test-clinic/en").iterdir()) == ["tiny.large-print.pdf"]


def test_a_bad_input_never_removes_a_good_pdf(built) -> None:
    project, out = built
    (project / "handouts/tiny/en.md").write_text("---\ntitle: [broken\n---\n")
    result = build(project, BuildOptions(out))
    assert result.report.errors and result.removed == []
    assert (out / "test-clinic/en/tiny.pdf").is_file()


@pytest.mark.parametrize("damage", ["missing", "not json", "wrong shape", "file gone"])
def test_a_corrupt_or_missing_manifest_means_a_full_rebuild(built, damage: str) -> None:
    project, out = built
    manifest = out / ".clearprint-manifest.json"
    if damage == "missing":
        manifest.unlink()
    elif damage == "not json":
        manifest.write_text('{"version": 1, "outputs": {"test-cli')
    elif damage == "wrong shape":
        manifest.write_text('{"version": 1, "outputs": []}')
    else:
        (out / "test-clinic/en/tiny.pdf").unlink()  # the manifest says built, the file is gone
    expected = (
        ["test-clinic/en/tiny.pdf"]
        if damage == "file gone"
        else ["test-clinic/en/second.pdf", "test-clinic/en/tiny.pdf"]
    )
    assert rebuilt(project, out) == expected


def test_shards_cover_every_output_exactly_once() -> None:
    report = Problems(samples())
    outputs = plan(load_project(samples(), report), report, Selection())
    for count in (1, 2, 3, 7):
        shares = Counter()
        for output in outputs:
            shares[output.relpath] += 1
            assert 0 <= incremental.shard_of(output, count) < count
        owners = {o.relpath: incremental.shard_of(o, count) for o in outputs}
        assert len(owners) == len(outputs) and all(n == 1 for n in shares.values())
        assert set(owners.values()) == set(range(count))  # every shard gets a share of the samples
    # The same output lands in the same shard on every run and machine (a stable hash of the
    # path, not Python's salted hash()): pinned to the values sha256 gives.
    assert [incremental.shard_of("a/en/b.pdf", n) for n in (2, 3, 4, 7)] == [1, 0, 1, 1]
    assert [incremental.shard_of("a/es/b.pdf", n) for n in (2, 3, 4, 7)] == [1, 2, 3, 2]
    assert [incremental.shard_of("c/en/d.trifold.pdf", n) for n in (2, 3, 4, 7)] == [0, 1, 2, 1]


def test_parallel_build_uses_workers_and_one_failure_does_not_stop_the_others(project: Path, tmp_path: Path) -> None:
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "editions: [standard, large-print, trifold]\n")
    page = project / "handouts/second/en.md"
    make_too_long_for_a_trifold(page)
    result = build(project, BuildOptions(tmp_path / "out", jobs=2))
    assert [str(p).split(": does not fit")[0].replace(f":{p.line}:", ":") for p in result.report.errors] == [
        "handouts/second/en.md: error layout-trifold-overflow: test-clinic/en/second.trifold"
    ]
    assert len(result.written) == 5 and len(result.failed) == 1
    assert 0 < result.peak_mb < 400


def test_watch_rebuilds_what_a_saved_file_affects(built, capsys) -> None:
    project, out = built
    summaries = []

    def batches():
        _append(project / "handouts/second/en.md", "\nSaved again.\n")
        yield {(2, str(project / "handouts/second/en.md"))}
        (project / "handouts/second/en.md").write_text("---\ntitle: [broken\n---\n")  # an error: keep watching
        yield {(2, str(project / "handouts/second/en.md"))}
        _append(project / "handouts/tiny/en.md", "\nAnd this.\n")
        yield {(2, str(project / "handouts/tiny/en.md"))}

    def summary(result) -> int:
        summaries.append((sorted(p.name for p in result.written), len(result.report.errors)))
        return 0 if result.ok else 1

    status = watch(project, BuildOptions(out, jobs=1), summary, batches=batches())
    assert summaries == [([], 0), (["second.pdf"], 0), ([], 1), (["tiny.pdf"], 1)]
    assert status == 1
    assert "Changed: en.md" in capsys.readouterr().err


def test_a_file_saved_while_the_first_build_runs_is_built_again(built) -> None:
    """The operating system's file events are watched from before the first build: a save made
    while it runs is the first change (it was lost when the watch started after that build)."""
    import _thread

    project, out = built
    written = []

    def summary(result) -> int:
        written.append(sorted(p.name for p in result.written))
        if len(written) == 1:  # the first build is done, the watch loop not yet entered
            _append(project / "handouts/second/en.md", "\nSaved while the first build ran.\n")
            return 0
        raise KeyboardInterrupt  # the rebuild came: stop, as Ctrl-C does

    stop = threading.Timer(60, _thread.interrupt_main)  # no rebuild within a minute: stop and fail
    stop.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            watch(project, BuildOptions(out, jobs=1), summary)
    finally:
        stop.cancel()
    assert written == [[], ["second.pdf"]]


def test_watch_keeps_its_rendering_processes_between_rebuilds(built, monkeypatch) -> None:
    project, out = built
    sessions = []

    class Recording(Workers):
        def __enter__(self):
            sessions.append(self)
            return super().__enter__()

    monkeypatch.setattr(watch_module, "Workers", Recording)
    shared = project / "handouts/_shared/about-this-leaflet/en.md"

    def batches():
        for n in range(2):
            _append(shared, f"More, {n}.\n")
            yield {(2, str(shared))}

    written = []
    watch(
        project,
        BuildOptions(out, jobs=2),
        lambda r: written.append(sorted(p.name for p in r.written)) or 0,
        batches=batches(),
    )
    assert written == [[], ["second.pdf", "tiny.pdf"], ["second.pdf", "tiny.pdf"]]
    assert sessions[0].started == 2  # two workers started once, used by both rebuilds
