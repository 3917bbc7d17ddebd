"""A clinic's printers by name (clinic.yaml `printers:`), the job options every print
shares, and one aftercare sheet sent from memory (print runs are in frontdesk/printing.py)."""

from __future__ import annotations

import os
from pathlib import Path

from ..content.clinics import load_clinic
from ..models import Clinic
from ..problems import Problems, UsageError
from . import cups

MEDIA = {"Letter": "na_letter_8.5x11in", "A4": "iso_a4_210x297mm"}  # PWG names, as IPP has them


def no_printer(name: str, site: Clinic) -> str:
    names = ", ".join(site.settings.printers)
    return f"no printer '{name}' in clinics/{site.slug}/clinic.yaml " + (
        f"(it names: {names})"
        if names
        else "(it names none: add `printers: {desk: <queue>}`; `lpstat -e` lists the queues)"
    )


def queue_of(site: Clinic, printer: str | None, dry_run: bool, report: Problems) -> cups.Queue | None:
    printers = site.settings.printers
    if printer is None:
        if dry_run:
            if not printers:  # said now, not on print day
                report.add(
                    site.folder / "clinic.yaml",
                    None,
                    "no printer is named here, so printing would stop: add `printers: {desk: <queue>}` with the "
                    "print queue's name (`lpstat -e` lists the queues) or its address",
                    "warning",
                )
            return None
        if printers:
            raise UsageError(f"say which printer: --printer {' or --printer '.join(printers)}")
        raise report.error(
            site.folder / "clinic.yaml",
            None,
            "no printer is named here; add `printers: {desk: <queue>}` with the print queue's name "
            "(`lpstat -e` lists the queues) or its address (ipp://print-server:631/printers/desk)",
        )
    if printer not in printers:
        raise UsageError(no_printer(printer, site))
    return cups.Queue.of(printers[printer])


JOB_NAME = "Aftercare sheet"  # the print job's name: never the patient's


def send_sheet(root: Path, clinic: str, printer: str | None, data: bytes) -> str:
    """Print the sheet on one of the clinic's printers (clinic.yaml `printers:`), with a generic
    job name, straight from memory (a memfd: no file on disk). Returns the job id.
    Raises UsageError or cups.PrintServerError (plain words)."""
    report = Problems(root)
    site = load_clinic(root / "clinics" / clinic, report)
    printers = site.settings.printers
    if printer is None:
        printer = "desk" if "desk" in printers else next(iter(printers)) if len(printers) == 1 else None
        if printer is None:
            named = (
                f": --printer {' or --printer '.join(printers)}"
                if printers
                else (f"; clinics/{clinic}/clinic.yaml names none (add `printers: {{desk: <queue>}}`)")
            )
            raise UsageError(f"say which printer{named}")
    if printer not in printers:
        raise UsageError(
            f"no printer '{printer}' in clinics/{clinic}/clinic.yaml (it names: {', '.join(printers) or 'none'})"
        )
    queue = cups.Queue.of(printers[printer])
    options = {
        "media": MEDIA[site.settings.page_size],
        "sides": "one-sided",
        "print-scaling": "none",
        "fit-to-page": "false",
    }
    fd = os.memfd_create("aftercare-sheet", 0)  # inherited by nothing; gone when closed
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        return cups.submit(queue, f"/proc/{os.getpid()}/fd/{fd}", JOB_NAME, 1, options)
    finally:
        os.close(fd)
