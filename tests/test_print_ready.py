"""`build.py print --dry-run` asks the print server about each printer it would use (issue 22,
item 5): against a real cupsd (tests/printserver.py) with a ready queue, a missing one, one
that rejects jobs (`cupsreject`) and a stopped one (`cupsdisable`). `--offline` asks nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.cli import main
from conftest import make_project
from printserver import PrintServer


@pytest.fixture(scope="module")
def server():
    cups = PrintServer()
    try:
        for queue in ("frontdesk", "rejecting", "stopped"):
            cups.add_queue(queue)
        cups.run("cupsreject", "-r", "Toner being replaced", "rejecting", check=True)
        cups.run("cupsdisable", "-r", "Paper jam in tray 1", "stopped", check=True)
        yield cups
    finally:
        cups.stop()


@pytest.fixture(scope="module")
def built(tmp_path_factory, server) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("print-ready")
    project = make_project(folder / "project")
    settings = project / "clinics/test-clinic/clinic.yaml"
    queues = {"desk": "frontdesk", "rejecting": "rejecting", "stopped": "stopped", "gone": "no-such-queue"}
    settings.write_text(
        settings.read_text()
        + "printers:\n"
        + "".join(f"  {name}: ipp://127.0.0.1:{server.port}/printers/{queue}\n" for name, queue in queues.items())
    )
    out = folder / "out"
    assert main(["--project", str(project), "--out", str(out), "--handout", "tiny"]) == 0
    return project, out


def dry_run(built: tuple[Path, Path], *arguments: str) -> int:
    project, out = built
    return main(["print", "--project", str(project), "--out", str(out), "--handout", "tiny", "--dry-run", *arguments])


def test_a_ready_printer_is_said_to_be_ready(built, server, capsys) -> None:
    before = server.job_ids()
    assert dry_run(built, "--printer", "desk") == 0
    said = capsys.readouterr().out.splitlines()
    assert (
        f"  printer 'desk' (frontdesk on the print server at 127.0.0.1:{server.port}): "
        "ready (it exists, accepts jobs and is not stopped)"
    ) in said
    assert server.job_ids() == before  # asking sends nothing


@pytest.mark.parametrize(
    ("printer", "expected"),
    [
        ("gone", "printer 'gone' (no-such-queue on {where}): there is no such print queue; the server has: "
         "frontdesk, rejecting, stopped. Correct `printers: {{gone: ...}}` in clinic.yaml"),
        ("rejecting", "printer 'rejecting' (rejecting on {where}) is not accepting jobs: Toner being replaced. "
         "Ask whoever looks after it (`cupsaccept rejecting`)"),
        ("stopped", "printer 'stopped' (stopped on {where}) is stopped: Paper jam in tray 1. "
         "Start it again (at the printer, or `cupsenable stopped`)"),
    ],
)  # fmt: skip
def test_a_printer_that_could_not_print_is_an_error_in_the_dry_run(built, server, capsys, printer, expected) -> None:
    assert dry_run(built, "--printer", printer) == 1
    said = capsys.readouterr()
    where = f"the print server at 127.0.0.1:{server.port}"
    assert f"error: {expected.format(where=where)}" in said.err
    assert "would send 1 x test-clinic/en/tiny.pdf" in said.out  # the jobs are still listed


def test_without_a_printer_each_printer_of_the_clinic_is_asked(built, capsys) -> None:
    assert dry_run(built, "--edition", "standard") == 1
    said = capsys.readouterr()
    assert "printer 'desk' (frontdesk on" in said.out and "ready" in said.out
    for problem in ("'gone' (no-such-queue on", "'rejecting' (rejecting on", "'stopped' (stopped on"):
        assert problem in said.err
    assert said.err.count("error: printer '") == 3


def test_offline_asks_nothing(tmp_path, built, capsys) -> None:
    project, out = built
    elsewhere = make_project(tmp_path / "project")
    settings = elsewhere / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text() + "printers:\n  desk: ipp://127.0.0.1:1/printers/frontdesk\n")
    argv = ["print", "--project", str(elsewhere), "--out", str(tmp_path / "out"), "--handout", "tiny"]
    assert main([*argv, "--edition", "standard", "--dry-run"]) == 1  # nobody answers on port 1
    assert "cannot reach the print server at 127.0.0.1:1" in capsys.readouterr().err
    assert main([*argv, "--edition", "standard", "--dry-run", "--offline"]) == 0
    said = capsys.readouterr()
    assert "ready" not in said.out and "error" not in said.err and "would send 1 x" in said.out
    assert main([*argv, "--offline"]) == 2
    assert "--offline works with `print --dry-run` only" in capsys.readouterr().err


def test_a_dry_run_for_a_clinic_without_printers_says_printing_needs_one(tmp_path, capsys) -> None:
    project = make_project(tmp_path / "project")
    argv = ["print", "--project", str(project), "--out", str(tmp_path / "out"), "--handout", "tiny"]
    assert main([*argv, "--edition", "standard", "--dry-run"]) == 0  # a warning: the jobs are listed
    said = capsys.readouterr()
    assert "clinics/test-clinic/clinic.yaml: warning: no printer is named here, so printing would stop" in said.err
    assert "would send 1 x test-clinic/en/tiny.pdf" in said.out
