"""`build.py new-clinic`: add a clinic by answering questions (on a terminal) or with options
(for scripts), then build its first PDFs. 0 done, 1 the first build found content errors,
2 bad usage or a refused answer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..problems import ContentError

if TYPE_CHECKING:  # imported when the command runs: a no-op build imports nothing heavy (incremental/nochange.py)
    from ..frontdesk import clinic_setup as setup

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class Stop(Exception):
    """Stop without writing anything; the message says why."""


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
    p.add_argument("--logo", help="a PNG, JPEG or SVG file (default: the clinic's initials in a square)")
    p.add_argument("--yes", action="store_true", help="ask nothing: take the defaults for every answer not given")
    p.add_argument("--no-build", action="store_true", help="write the clinic's folder only; build nothing")
    p.add_argument("--out", type=Path, default=None, help="output folder of the first build (default: out/)")


class Prompter:
    """Questions on a terminal (or any pair of streams, in tests): each answer is checked at
    once, and a refused one is asked again with the reason."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout

    def ask(self, question: str, default: str | None, check: Callable[[str], Any]) -> Any:
        while True:
            shown = f" [{default}]" if default else ""
            self.stdout.write(f"{question}{shown}: ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                raise Stop(f"no answer to '{question}': nothing was written")
            text = line.strip() or (default or "")
            from ..frontdesk import clinic_setup as setup

            try:
                return check(text)
            except setup.Refused as exc:
                self.stdout.write(f"  {exc}\n")

    def confirm(self, question: str) -> bool:
        self.stdout.write(f"{question} [Y/n]: ")
        self.stdout.flush()
        line = self.stdin.readline()
        return bool(line) and line.strip().lower() in {"", "y", "yes"}


def _gather(args: argparse.Namespace, root: Path, prompter: Prompter | None, out: TextIO) -> setup.Answers:
    from ..frontdesk import clinic_setup as setup

    missing: list[str] = []

    def answer(option: str, question: str, default: str | None, check: Callable[[str], Any]) -> Any:
        given = getattr(args, option.replace("-", "_"))
        if given is not None:
            try:
                return check(given)
            except setup.Refused as exc:
                raise Stop(f"--{option}: {exc}") from None
        if prompter is not None:
            return prompter.ask(question, default, check)
        if default is None:
            missing.append(f"--{option}")
            return None
        return check(default)

    name = answer("name", "Clinic name", None, setup.name)
    slug = answer(
        "slug", "Short name for its folder", setup.suggested_slug(name) if name else None, lambda t: setup.slug(t, root)
    )
    country = answer("country", "Country (US, CA, UK, IE or AU)", None, setup.country)
    if missing:  # the rest depends on the country
        raise Stop(f"give {', '.join(missing)} (or run it on a terminal to be asked)")
    paper = answer("paper", "Paper size (A4 or Letter)", setup.default_paper(country), setup.paper)
    langs = answer(
        "languages", "Languages (two-letter codes, comma-separated)", "en", lambda t: setup.languages(t, root)
    )
    everything = ", ".join(setup.available_handouts(root, langs, country))
    if args.handouts is None:
        for hid in sorted(set(setup.available_handouts(root, langs)) - set(everything.split(", "))):
            where = setup.missing_version(root, hid, langs, country)
            print(f"  {hid} is left out: it has no {setup.COUNTRY_NAMES[country]} version of {where} yet", file=out)
    chosen = answer("handouts", "Handouts", everything or None, lambda t: setup.handouts(t, root, langs, country))
    address = answer("address", "Address (lines separated by ';')", None, setup.address)
    phone = answer("phone", "Clinic phone number", None, setup.phone)
    after = answer("after-hours", "Out-of-hours phone number", None, lambda t: setup.phone(t, "phone number"))
    emergency = answer("emergency", "Emergency number", setup.default_emergency(country), setup.emergency)
    website = answer("website", "Website (https://..., or empty for none)", "", setup.website)
    primary = answer("primary-colour", "Main brand colour (#RRGGBB)", "#1f4e79", lambda t: setup.colour(t, "headings"))
    accent = answer(
        "accent-colour", "Second brand colour (#RRGGBB)", "#b3541e", lambda t: setup.colour(t, "highlights")
    )
    logo = answer("logo", "Logo file (PNG, JPEG or SVG; empty for the initials)", "", setup.logo)
    if missing:
        raise Stop(f"give {', '.join(missing)} (or run it on a terminal to be asked)")
    return setup.Answers(
        name, slug, country, paper, langs, phone, after, emergency, website, primary, accent, logo, chosen, address
    )


def run(
    args: argparse.Namespace, root: Path | None = None, prompter: Prompter | None = None, stdout: TextIO | None = None
) -> int:
    from ..frontdesk import clinic_file
    from ..frontdesk import clinic_setup as setup

    out = stdout or sys.stdout
    root = (root or args.project).resolve()
    if not (root / "clinics").is_dir() or not (root / "handouts").is_dir():
        print(f"new-clinic: error: {root} is not a handout project (use --project)", file=sys.stderr)
        return EXIT_USAGE
    if prompter is None and not args.yes and sys.stdin.isatty():
        prompter = Prompter(sys.stdin, out)
    try:
        answers = _gather(args, root, prompter, out)
        if prompter is not None and not args.yes:
            print(f"\nThis writes clinics/{answers.slug}/clinic.yaml for {answers.name}.", file=out)
            if not prompter.confirm("Write it" + ("" if args.no_build else " and build the first PDFs")):
                raise Stop("nothing was written")
        folder = clinic_file.write(root, answers)
    except Stop as exc:
        print(f"new-clinic: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except setup.Refused as exc:
        print(f"new-clinic: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:  # a bug: the answers were each checked
        print(f"new-clinic: error: the written settings did not load, nothing was kept: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Wrote {folder.relative_to(root)}/clinic.yaml (each setting is explained in it).", file=out)
    if args.no_build:
        print(f"Build its PDFs with: build.py --clinic {answers.slug}", file=out)
        return EXIT_OK
    from ..cli import main as build_main

    where = (args.out or root / "out").resolve()
    argv = ["build", "--project", str(root), "--clinic", answers.slug, "--out", str(where)]
    status = build_main(argv)
    folder = where / answers.slug
    pdfs = sorted(p for p in folder.rglob("*.pdf") if p.relative_to(folder).parts[0] != "site")
    print(f"{len(pdfs)} PDFs for {answers.name} are in {where / answers.slug}/", file=out)
    for pdf in pdfs[:3]:
        print(f"  {pdf.relative_to(where)}", file=out)
    if len(pdfs) > 3:
        print(f"  ... and {len(pdfs) - 3} more", file=out)
    if status != EXIT_OK:
        print(
            f"The first build found problems (listed above); fix them, then run build.py --clinic {answers.slug}",
            file=out,
        )
    print(
        f"Next: preview them with `build.py serve --clinic {answers.slug}`; check them with `build.py check`.", file=out
    )
    return status
