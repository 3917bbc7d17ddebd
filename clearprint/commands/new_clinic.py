"""`build.py new-clinic`: its options; the questions and the clinic folder it writes are in
frontdesk/new_clinic.py, imported only when it runs (a no-op build stays fast)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

PARENTS = ("project",)


def add(commands, parents: dict[str, argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "new-clinic",
        parents=[parents[name] for name in PARENTS],
        help="add a clinic: answer a few questions, get its settings file and first PDFs",
        description="Add a clinic: answer a few questions (or give every answer as an option), "
        "get clinics/<slug>/clinic.yaml with each setting explained, and its first PDFs.",
    )
    add_arguments(p)


def usage(args: argparse.Namespace, root: Path) -> str | None:
    return None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="the clinic's name, as printed on the leaflets")
    p.add_argument("--slug", help="the clinic's folder name in clinics/ (default: from the name), e.g. harbour-skin")
    p.add_argument("--country", help="US, CA, UK, IE or AU: sets the advertising rules and the defaults below")
    p.add_argument("--paper", help="A4 or Letter (default: the country's)")
    p.add_argument("--languages", help="comma-separated language codes (default: en)")
    p.add_argument("--handouts", help="comma-separated handouts to list (default: all in those languages)")
    p.add_argument("--address", help="the clinic's address, its lines separated by ';'")
    p.add_argument("--phone", help="the clinic's phone number")
    p.add_argument("--after-hours", help="the number patients call out of hours")
    p.add_argument("--emergency", help="the emergency number (default: the country's, e.g. 999 in the UK)")
    p.add_argument("--website", help="https://... (default: none; with one, each leaflet gets a QR code)")
    p.add_argument("--primary-colour", help="headings and the clinic's name, #RRGGBB readable on white")
    p.add_argument("--accent-colour", help="rules and highlights, #RRGGBB readable on white")
    p.add_argument("--logo", help="a PNG, JPEG or SVG file (default: a plain mark in the clinic's colour)")
    p.add_argument("--yes", action="store_true", help="ask nothing: take the defaults for every answer not given")
    p.add_argument("--no-build", action="store_true", help="write the clinic's folder only; build nothing")
    p.add_argument("--out", type=Path, default=None, help="output folder of the first build (default: out/)")


def run(args: argparse.Namespace, root: Path | None = None, prompter=None, stdout: TextIO | None = None) -> int:
    from ..frontdesk.new_clinic import run as new_clinic

    return new_clinic(args, root, prompter, stdout)
