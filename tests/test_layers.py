"""The package's layers, as rules a change cannot quietly break.

Imports (read from the source; imports under `if TYPE_CHECKING:` are for type checkers only
and do not count):
- only pdf/ imports WeasyPrint;
- content/ (what a clinic writes, read and composed) imports no renderer: no Jinja, no
  Markdown renderer, no WeasyPrint, not even through another Clearprint module;
- incremental/ (what must be rebuilt) imports no check, no Jinja and no pydantic, not even
  through another Clearprint module: the no-op build imports it and must stay fast;
- nothing below the pipeline imports the faces: serve/, frontdesk/, commands/, cli.

Places: the package's root holds only the ground every layer stands on, the pipeline and the
CLI (an allowlist); what reads a clinic's files goes in content/, what makes HTML in documents/.

Writes: a real build, in this process, under an audit hook that sees every file opened for
writing, renamed, removed or made in out/: each one comes from a writer (writers/) or from
incremental/ (the manifest, the lock, stale files).
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "clearprint"
FACES = ("clearprint.serve", "clearprint.frontdesk", "clearprint.commands", "clearprint.cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _runtime_nodes(tree: ast.AST, functions: bool = True):
    """Every node but those under `if TYPE_CHECKING:` (and, without `functions`, those inside
    a function: what importing the module runs)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for other in node.orelse:
                yield other
                yield from _runtime_nodes(other, functions)
            continue
        if not functions and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        yield node
        yield from _runtime_nodes(node, functions)


def imports(name: str, functions: bool = True) -> set[str]:
    """The absolute names of every module `name` imports at run time (also inside its functions,
    unless `functions` is False)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8")), functions):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package, one level up per extra dot
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            found |= {f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in MODULES}
    return found


def closure(names: set[str]) -> set[str]:
    """These Clearprint modules and every Clearprint module they import, however indirectly."""
    seen, done, todo = set(), set(), [(name, True) for name in names]
    while todo:
        name, functions = todo.pop()
        if (name, functions) in done or (name, True) in done or name not in MODULES:
            continue
        seen.add(name)
        done.add((name, functions))
        todo += [(i, True) for i in imports(name, functions) if i.startswith("clearprint")]
        parent = name.rpartition(".")[0]
        if parent in MODULES:  # importing a module runs its package's __init__ (not its functions)
            todo.append((parent, False))
    return seen


def third_party(names: set[str]) -> dict[str, set[str]]:
    return {n: {i.split(".")[0] for i in imports(n) if not i.startswith("clearprint")} for n in names}


def under(folder: str) -> set[str]:
    return {n for n in MODULES if n == f"clearprint.{folder}" or n.startswith(f"clearprint.{folder}.")}


def test_the_layer_rules_see_the_package() -> None:
    """The rules below would pass on an empty folder: make sure each one has modules to judge."""
    for folder in ("pdf", "content", "incremental", "writers", "serve", "frontdesk", "commands", "documents"):
        assert len(under(folder)) >= 2, folder
    assert "weasyprint" in third_party({"clearprint.pdf.renderer"})["clearprint.pdf.renderer"]
    assert "clearprint.checks" in closure({"clearprint.pipeline"})


def test_only_pdf_imports_weasyprint() -> None:
    importers = {n for n, packages in third_party(set(MODULES)).items() if "weasyprint" in packages}
    assert importers and importers <= under("pdf"), importers - under("pdf")


def test_content_imports_no_renderer() -> None:
    reached = closure(under("content"))
    renderers = {"jinja2", "markdown", "weasyprint"}
    offenders = {n: p & renderers for n, p in third_party(reached).items() if p & renderers}
    assert not offenders, offenders
    assert not reached & (under("documents") | under("pdf"))


def test_incremental_imports_no_checks_jinja_or_pydantic() -> None:
    reached = closure(under("incremental"))
    assert not reached & under("checks"), reached & under("checks")
    offenders = {n: p & {"jinja2", "pydantic"} for n, p in third_party(reached).items() if p & {"jinja2", "pydantic"}}
    assert not offenders, offenders


def test_nothing_below_the_pipeline_imports_the_faces() -> None:
    below = {n for n in MODULES if not n.startswith(FACES) and n != "clearprint.watch"}
    offenders = {n: {i for i in imports(n) if i.startswith(FACES)} for n in below}
    assert not {n: i for n, i in offenders.items() if i}
    assert imports("clearprint.cli") & set(FACES + ("clearprint.commands.build",))  # the rule can see a face import


# The modules the package's root may hold: the ground (models, problems, options, limits, safe_io,
# files, fonts, colours, editions, languages, version, message_catalogue), the pipeline, the CLI and
# its watcher, and review (the review packs, read by commands and frontdesk alike).
ROOT_MODULES = {
    "__init__", "cli", "colours", "editions", "files", "fonts", "languages", "limits", "message_catalogue",
    "models", "options", "pipeline", "problems", "review", "safe_io", "version", "watch",
}  # fmt: skip


def test_the_root_holds_only_the_ground_the_pipeline_and_the_cli() -> None:
    at_root = {path.stem for path in PACKAGE.glob("*.py")}
    assert {"models", "pipeline", "cli"} <= at_root  # the rule sees the root
    strangers = {name for name in at_root - ROOT_MODULES if not name.startswith("pipeline")}  # pipeline_*.py: its parts
    assert not strangers, f"put these in their layer's folder (content/, documents/, ...): {sorted(strangers)}"


# --- only writers write into out/ --------------------------------------------------------------

_WATCHED: dict = {"out": None, "seen": []}
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _writer() -> str:
    """The innermost Clearprint module on the stack that is allowed to write into out/, else
    the innermost Clearprint module."""
    frame, first = sys._getframe(2), None
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(("clearprint.writers.", "clearprint.incremental.")):
            return name
        if first is None and name.startswith("clearprint."):
            first = name
        frame = frame.f_back
    return first or "(not Clearprint)"


def _audit(event: str, args: tuple, watched: dict = _WATCHED) -> None:
    # `watched` is bound here: the hook also runs at interpreter exit, after this module's
    # globals are cleared ("Exception ignored in audit hook" after the pass line).
    out = watched["out"]
    if out is None:
        return
    if event == "open":
        path, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE
        )
        paths = [path] if writes else []
    elif event in ("os.rename", "os.replace"):
        paths = [args[1]]
    elif event in ("os.remove", "os.mkdir", "os.rmdir"):
        paths = [args[0]]
    else:
        return
    for path in paths:
        if isinstance(path, (str, bytes, os.PathLike)) and not isinstance(path, int):
            text = os.fsdecode(path)
            if os.path.abspath(text).startswith(out):
                watched["seen"].append((event, os.path.relpath(text, out), _writer()))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it does nothing unless a test sets "out"


def test_only_writers_and_incremental_write_into_out(project: Path, tmp_path: Path) -> None:
    from clearprint.options import BuildOptions
    from clearprint.pipeline import build

    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "website: https://test.example\n")  # so a site is written too
    out = tmp_path / "out"
    _WATCHED["out"] = str(out) + os.sep
    try:
        result = build(project, BuildOptions(out, html=True, jobs=1))
        settings.write_text(
            settings.read_text().replace("[tiny, second]", "[tiny]")
        )  # the next build removes its files
        later = build(project, BuildOptions(out, html=True, jobs=1))
    finally:
        _WATCHED["out"] = None
    assert result.ok and later.ok and later.removed, (result.report.items, later.report.items)
    seen = _WATCHED["seen"]
    kinds = {path.split("/")[-1].rsplit(".", 1)[-1] for _, path, _ in seen}
    assert {"pdf", "html", "xml", "json", "lock"} <= kinds, kinds  # PDFs, previews, site, manifest, lock
    assert any(event == "os.remove" for event, _, _ in seen)
    strangers = [
        (event, path, who)
        for event, path, who in seen
        if not who.startswith(("clearprint.writers.", "clearprint.incremental."))
    ]
    assert not strangers, strangers
