"""`build.py print`, against a real CUPS print server (tests/printserver.py): what arrives
at the server (IPP job attributes, the spooled document byte for byte), what is refused,
and what the print server's problems look like to a clinic manager."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clearprint.cli import main
from conftest import make_project, make_too_long_for_a_trifold
from printserver import PrintServer

SIDES = {"": "two-sided-long-edge", ".large-print": "two-sided-long-edge", ".trifold": "two-sided-short-edge"}


@pytest.fixture(scope="module")
def server():
    cups = PrintServer()
    try:
        cups.add_queue("frontdesk")
        cups.add_queue("holding", "-o", "job-hold-until-default=indefinite")
        cups.add_queue("stopped")
        cups.run("cupsdisable", "-r", "Out of paper in tray 2", "stopped", check=True)
        yield cups
    finally:
        cups.stop()


def clinic(dest: Path, server: PrintServer | None, extra: str = "") -> Path:
    """The test project, its clinic building every edition and naming the server's queues."""
    project = make_project(dest)
    settings = project / "clinics/test-clinic/clinic.yaml"
    port = server.port if server else 1
    settings.write_text(
        settings.read_text()
        + "editions: [standard, large-print, trifold]\n"
        + "printers:\n"
        + f"  desk: ipp://127.0.0.1:{port}/printers/frontdesk\n"
        + f"  held: ipp://127.0.0.1:{port}/printers/holding\n"
        + f"  gone: ipp://127.0.0.1:{port}/printers/no-such-queue\n"
        + f"  stopped: ipp://127.0.0.1:{port}/printers/stopped\n"
        + extra
    )
    return project


@pytest.fixture(scope="module")
def a4(tmp_path_factory, server) -> tuple[Path, Path]:
    """A UK clinic (A4) and its output folder, built once."""
    folder = tmp_path_factory.mktemp("print-a4")
    project, out = clinic(folder / "project", server), folder / "out"
    assert main(["--project", str(project), "--out", str(out), "--handout", "tiny"]) == 0
    return project, out


def run(project: Path, out: Path, *arguments: str) -> int:
    return main(["print", "--project", str(project), "--out", str(out), "--jobs", "1", *arguments])


def new_jobs(server: PrintServer, before: list[int]) -> list[int]:
    return [job for job in server.job_ids() if job not in before]


def test_each_edition_arrives_with_its_options_and_the_built_pdf_byte_for_byte(a4, server, capsys) -> None:
    project, out = a4
    before = server.job_ids()
    assert run(project, out, "--handout", "tiny", "--printer", "desk", "--copies", "2") == 0
    said = capsys.readouterr().out
    assert "3 jobs sent to printer 'desk' (frontdesk on the print server at 127.0.0.1:" in said
    jobs = new_jobs(server, before)
    assert len(jobs) == 3
    arrived = {}
    for job in jobs:
        attributes = server.job_attributes("frontdesk", job)
        arrived[attributes["document-name-supplied"]] = attributes
        pdf = out / "test-clinic/en" / attributes["document-name-supplied"]
        assert server.spooled(job) == pdf.read_bytes(), f"job {job}: the spooled document is not the built PDF"
    assert sorted(arrived) == ["tiny.large-print.pdf", "tiny.pdf", "tiny.trifold.pdf"]
    for suffix, sides in SIDES.items():
        attributes = arrived[f"tiny{suffix}.pdf"]
        assert attributes["media"] == "iso_a4_210x297mm"
        assert attributes["sides"] == sides
        assert attributes["copies"] == "2"
        assert attributes["print-scaling"] == "none"
        assert attributes["fit-to-page"] == "false"
        assert attributes["print-color-mode"] == "color"
        assert attributes["job-name"].startswith("A tiny test handout (en, ")
        assert attributes["job-state"] == "completed"


def test_restock_list_prints_the_refill_on_letter(tmp_path, server, capsys) -> None:
    project = clinic(tmp_path / "project", server, "paper: Letter\n")
    (project / "clinics/test-clinic/print.yaml").write_text(
        "printer: desk\n"
        "restock:\n"
        "  - {handout: tiny, language: en, edition: standard, copies: 12}\n"
        "  - {handout: second, language: en, edition: trifold, copies: 30, color: monochrome}\n"
    )
    before = server.job_ids()
    assert run(project, tmp_path / "out", "--restock") == 0
    said = capsys.readouterr().out
    jobs = new_jobs(server, before)
    assert len(jobs) == 2, said
    arrived = {a["document-name-supplied"]: a for a in (server.job_attributes("frontdesk", job) for job in jobs)}
    standard, trifold = arrived["tiny.pdf"], arrived["second.trifold.pdf"]
    assert (standard["media"], standard["sides"], standard["copies"], standard["print-color-mode"]) == (
        "na_letter_8.5x11in",
        "two-sided-long-edge",
        "12",
        "color",
    )
    assert (trifold["media"], trifold["sides"], trifold["copies"], trifold["print-color-mode"]) == (
        "na_letter_8.5x11in",
        "two-sided-short-edge",
        "30",
        "monochrome",
    )
    for job in jobs:  # the same bytes as the PDF the build wrote
        name = server.job_attributes("frontdesk", job)["document-name-supplied"]
        assert server.spooled(job) == (tmp_path / "out/test-clinic/en" / name).read_bytes()
    assert "2 jobs sent to printer 'desk'" in said and "of Letter." in said


def test_dry_run_lists_jobs_with_options_and_pages_and_sends_nothing(a4, server, capsys) -> None:
    project, out = a4
    before = server.job_ids()
    assert run(project, out, "--handout", "tiny", "--edition", "trifold", "--printer", "desk", "--dry-run") == 0
    said = capsys.readouterr().out
    assert new_jobs(server, before) == []
    assert (
        "  would send 1 x test-clinic/en/tiny.trifold.pdf (2 pages, 1 sheet): media=iso_a4_210x297mm "
        "sides=two-sided-short-edge print-scaling=none fit-to-page=false print-color-mode=color collate=true"
    ) in said.splitlines()
    assert "Dry run for printer 'desk'" in said and "nothing was sent" in said
    assert "1 job to send to printer 'desk'" in said


def test_an_overdue_handout_is_refused_with_the_reason(a4, server, capsys) -> None:
    project, out = a4
    before = server.job_ids()
    code = run(project, out, "--handout", "tiny", "--edition", "standard", "--printer", "desk", "--today", "2029-02-01")
    err = capsys.readouterr().err
    assert code == 1
    assert new_jobs(server, before) == []
    assert (
        "handouts/tiny/en.md:7: error: not printed: test-clinic/en/tiny: its review was due on 2028-12-31; "
        "have it reviewed, then update reviewed, next_review and version"
    ) in err.splitlines()


def test_a_handout_whose_last_build_failed_is_refused(tmp_path, server, capsys) -> None:
    project, out = clinic(tmp_path / "project", server), tmp_path / "out"
    assert main(["--project", str(project), "--out", str(out), "--handout", "tiny", "--edition", "trifold"]) == 0
    make_too_long_for_a_trifold(project / "handouts/tiny/en.md")  # the last good PDF stays in out/
    before = server.job_ids()
    assert run(project, out, "--handout", "tiny", "--edition", "trifold", "--printer", "desk") == 1
    err = capsys.readouterr().err
    assert new_jobs(server, before) == []
    assert (out / "test-clinic/en/tiny.trifold.pdf").is_file()
    assert (
        "not printed: test-clinic/en/tiny.trifold: its last build failed (see above), so its PDF is out of date" in err
    )


def test_an_unknown_queue_is_named_with_the_queues_there_are(a4, server, capsys) -> None:
    project, out = a4
    assert run(project, out, "--handout", "tiny", "--printer", "gone") == 1
    err = capsys.readouterr().err
    assert (
        f"error: printer 'gone' (no-such-queue on the print server at 127.0.0.1:{server.port}): there is no such "
        "print queue; the server has: frontdesk, holding, stopped. Correct `printers: {gone: ...}` in clinic.yaml"
    ) in err


def test_a_stopped_printer_is_reported_and_nothing_is_sent(a4, server, capsys) -> None:
    project, out = a4
    before = server.job_ids()
    assert run(project, out, "--handout", "tiny", "--printer", "stopped") == 1
    err = capsys.readouterr().err
    assert new_jobs(server, before) == []
    assert "error: printer 'stopped' (stopped on the print server at 127.0.0.1:" in err
    assert "is stopped: Out of paper in tray 2. Nothing was sent; start it again" in err


def test_a_held_job_is_reported(a4, server, capsys) -> None:
    project, out = a4
    before = server.job_ids()
    assert run(project, out, "--handout", "tiny", "--edition", "standard", "--printer", "held") == 1
    err = capsys.readouterr().err
    (job,) = new_jobs(server, before)
    assert server.job_attributes("holding", job)["job-state"] == "pending-held"
    assert f"error: job holding-{job} is held by the print server (job-hold-until-specified)" in err


def test_an_unreachable_print_server_is_said_in_plain_words(a4, capsys) -> None:
    project, out = a4
    unreachable = clinic(out.parent / "unreachable", None)
    shutil.copytree(out, out.parent / "unreachable-out")
    assert run(unreachable, out.parent / "unreachable-out", "--handout", "tiny", "--printer", "desk") == 1
    assert "cannot reach the print server at 127.0.0.1:1" in capsys.readouterr().err


def test_printers_are_never_guessed(a4, capsys) -> None:
    project, out = a4
    assert run(project, out, "--printer", "lobby") == 2
    assert (
        "error: no printer 'lobby' in clinics/test-clinic/clinic.yaml (it names: desk, held, gone, stopped)"
        in capsys.readouterr().err
    )
    assert run(project, out, "--handout", "tiny") == 2
    assert "say which printer: --printer desk or --printer held or" in capsys.readouterr().err
    assert main(["--project", str(project), "--out", str(out), "--printer", "desk"]) == 2
    assert "--printer works with `print` and `sheet` only" in capsys.readouterr().err
    assert run(project, out, "--printer", "desk", "--bleed") == 2
    assert "--watch, --bleed, --html and --shard do not go with it" in capsys.readouterr().err


def test_restock_and_printer_mistakes_are_located(tmp_path, capsys) -> None:
    project = clinic(tmp_path / "project", None)
    (project / "clinics/test-clinic/print.yaml").write_text(
        "printer: lobby\n"
        "restock:\n"
        "  - {handout: tiny, language: en, edition: standard, copies: 2}\n"
        "  - {handout: tiny, language: es, edition: standard, copies: 2}\n"
        "  - {handout: tiny, language: en, edition: standard, copies: 5}\n"
    )
    assert run(project, tmp_path / "out", "--restock") == 1
    assert capsys.readouterr().err.splitlines() == [
        "clinics/test-clinic/print.yaml:1: error: 'printer': no printer 'lobby' in clinics/test-clinic/clinic.yaml "
        "(it names: desk, held, gone, stopped)",
        "clinics/test-clinic/print.yaml:4: error: 'restock.1.language': clinic.yaml does not build language 'es' "
        "(it builds: en)",
        "clinics/test-clinic/print.yaml:5: error: tiny/en/standard is listed twice (first on line 3); keep one and "
        "add up the copies",
    ]
    (project / "clinics/test-clinic/print.yaml").write_text(
        "printer: desk\nrestock:\n  - {handout: tiny, language: en, copys: 2}\n"
    )
    assert run(project, tmp_path / "out", "--restock") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "clinics/test-clinic/print.yaml:3: error: 'restock.0.copies' is missing; add it"
    assert err[1].startswith("clinics/test-clinic/print.yaml:3: error: unknown setting 'restock.0.copys'")
    assert not (tmp_path / "out").exists()  # nothing is built while the list has mistakes
    settings = project / "clinics/test-clinic/clinic.yaml"
    settings.write_text(settings.read_text().replace("/printers/stopped", "/printers/has space"))
    assert run(project, tmp_path / "out", "--printer", "desk") == 1
    assert "clinics/test-clinic/clinic.yaml:14: error: 'printers.stopped': 'ipp://127.0.0.1:1/printers/has space'" in (
        capsys.readouterr().err
    )


def test_a_queue_on_the_default_print_server_is_named_by_its_name(tmp_path, server, monkeypatch, capsys) -> None:
    project = clinic(tmp_path / "project", server, "  local: frontdesk\n")
    monkeypatch.setenv("CUPS_SERVER", server.host)  # the default server, as client.conf would name it
    before = server.job_ids()
    assert run(project, tmp_path / "out", "--handout", "tiny", "--edition", "standard", "--printer", "local") == 0
    assert "1 job sent to printer 'local' (frontdesk on the default print server)" in capsys.readouterr().out
    (job,) = new_jobs(server, before)
    assert server.spooled(job) == (tmp_path / "out/test-clinic/en/tiny.pdf").read_bytes()


def test_after_consultation_leaflets_never_restock_the_waiting_room(tmp_path, capsys) -> None:
    project = clinic(tmp_path / "project", None, "distribution: after-consultation\n")
    restock = project / "clinics/test-clinic/print.yaml"
    restock.write_text("printer: desk\nrestock:\n  - {handout: tiny, language: en, copies: 10}\n")
    assert run(project, tmp_path / "out", "--restock", "--dry-run") == 1
    said = capsys.readouterr()
    assert (
        "clinics/test-clinic/print.yaml:3: error: not printed: test-clinic/en/tiny is after-consultation material, "
        "handed out after a consultation and never left in the waiting room; print it for the desk (a restock list "
        "with `rack: desk`, or --printer)"
    ) in said.err.splitlines()
    restock.write_text("printer: desk\nrack: desk\nrestock:\n  - {handout: tiny, language: en, copies: 10}\n")
    assert run(project, tmp_path / "out", "--restock", "--dry-run", "--offline") == 0
    assert "  would send 10 x test-clinic/en/tiny.pdf (" in capsys.readouterr().out
