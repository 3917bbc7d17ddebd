"""Command line: the commands' parsers, usage checks, signals, exit codes. Each command is a
module in commands/ (its options, what it refuses, what it does); `build.py` with no command
is `build`. 0 built, 1 content errors, 2 bad usage."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from .commands import approve, build, check, consent, evidence, new_clinic, publish, review, serve, sheet, terminal
from .commands import print as print_command
from .commands.options import groups, output_folder, outside_out
from .commands.terminal import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE
from .problems import UsageError

COMMANDS = {
    "build": build,
    "check": check,
    "serve": serve,
    "print": print_command,
    "sheet": sheet,
    "new-clinic": new_clinic,
    "publish": publish,
    "review": review,
    "approve": approve,
    "evidence": evidence,
    "consent": consent,
}
# Commands that read their own HANDOUT (and --clinic, --language, --out): the build's
# selection and output folder checks do not apply; each command's usage() checks its own.
OWN_ARGUMENTS = ("sheet", "review", "approve", "evidence", "consent")
# An option given without the command it belongs to: what to say instead of argparse's
# "unrecognized arguments".
ELSEWHERE = {
    "--format": "--format json works with `check` only (build prints a summary; use `check --format json` in CI)",
}
REFUSED_BY_PRINT = ("--watch", "--bleed", "--html", "--shard")


class Terminated(SystemExit):
    """SIGTERM: stop the way Ctrl-C does (workers stopped, no half-written file). A SystemExit,
    so that nothing on the way (the renderer's own error handling) mistakes it for a failure."""


_terminated = False


def _terminate(signum, frame) -> None:
    global _terminated
    _terminated = True  # watchfiles turns any exception from a signal handler into KeyboardInterrupt
    raise Terminated


def parser(project: Path) -> argparse.ArgumentParser:
    """`build.py [build options] [COMMAND [its options]]`: the main parser reads the build's
    options (no command means `build`); each command's parser shows its own options only."""
    main_groups, command_groups = groups(project, suppress=False), groups(project, suppress=True)
    p = argparse.ArgumentParser(
        prog=terminal.prog(),
        description="Build print-ready patient handout PDFs from Markdown, clinic settings and templates.",
        epilog="`build.py COMMAND --help` shows a command's options.",
        parents=[main_groups[name] for name in build.PARENTS],
        exit_on_error=False,  # main() says which command an option belongs to
    )
    commands = p.add_subparsers(dest="command", metavar="COMMAND", title="commands (default: build)")
    for module in COMMANDS.values():
        module.add(commands, command_groups)
    p.set_defaults(command="build")  # after add_subparsers, whose own default is None
    return p


def main(argv: list[str] | None = None, project: Path | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args, extra = parser(project or Path.cwd()).parse_known_args(argv)
    except argparse.ArgumentError as exc:  # e.g. `--printer desk` without `print`: 'desk' is no command
        command = next((a for a in argv if a in COMMANDS), "build")
        print(f"{terminal.prog()}: error: {_elsewhere(command, argv, known=True) or exc}", file=sys.stderr)
        return EXIT_USAGE
    root: Path = args.project.resolve()
    usage = _elsewhere(args.command, extra) or _usage_problem(root, args) or COMMANDS[args.command].usage(args, root)
    if usage:
        command = "" if args.command == "build" else f" {args.command}"
        print(f"{terminal.prog()}{command}: error: {usage}", file=sys.stderr)
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return COMMANDS[args.command].run(args, root)
    except UsageError as exc:
        print(f"{terminal.prog()}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        if _terminated:
            print("Stopped (terminated); nothing half-written was left.", file=sys.stderr)
            return EXIT_TERMINATED
        print("Stopped (Ctrl-C); nothing half-written was left.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("Stopped (terminated); nothing half-written was left.", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:  # `check --format json | head`: the reader stopped reading; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's flush at exit must not raise again
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)


def _elsewhere(command: str, extra: list[str], known: bool = False) -> str | None:
    """What to say about arguments the command does not take: the command they belong to.
    `known`: `extra` is the whole command line; skip the options the main parser takes."""
    if not extra:
        return None
    mine = _options(None) if known else set()
    option = next((a.split("=", 1)[0] for a in extra if a.startswith("--") and a.split("=", 1)[0] not in mine), None)
    if option is None:
        return f"unrecognized arguments: {' '.join(extra)}"
    if command == "print" and option in REFUSED_BY_PRINT:
        return "print sends the plain PDFs once: --watch, --bleed, --html and --shard do not go with it"
    if option in ELSEWHERE:
        return ELSEWHERE[option]
    owners = [name for name, module in COMMANDS.items() if option in _options(module)]
    if owners:
        return f"{option} works with {' and '.join(f'`{name}`' for name in owners)} only"
    return f"unrecognized arguments: {' '.join(extra)}"


def _options(module) -> set[str]:
    """The options a command's parser takes (the main parser's, for None)."""
    if module is None:
        return {s for action in parser(Path("."))._actions for s in action.option_strings}
    probe = argparse.ArgumentParser(add_help=False).add_subparsers()
    module.add(probe, groups(Path("."), suppress=True))
    (command,) = probe.choices.values()
    return {s for action in command._actions for s in action.option_strings}


def _usage_problem(root: Path, args: argparse.Namespace) -> str | None:
    """What no command takes: a folder that is not a project, an output folder inside its
    inputs, a clinic or handout that does not exist."""
    for folder in ("clinics", "handouts", "templates", "styles"):
        if not (root / folder).is_dir():
            return f"{root} is not a handout project: it has no {folder}/ folder (use --project)"
    if args.command in OWN_ARGUMENTS:
        return None  # e.g. sheet's --out is a file (commands/sheet.py checks it), its --clinic one name
    out = output_folder(args, root)
    inputs = [root / name for name in ("clinics", "handouts", "templates", "styles", "rules")]
    if out == root or root.is_relative_to(out) or any(out.is_relative_to(folder) for folder in inputs):
        return f"--out {out} would mix the PDFs with the project's own files; use a folder of its own, such as out/"
    if problem := outside_out(out, root):
        return problem
    # Names are compared with the folders' names, never used as paths: `--clinic t/../t` matches nothing.
    clinics = sorted(p.parent.name for p in (root / "clinics").glob("*/clinic.yaml"))
    for slug in args.clinic:
        if slug not in clinics:
            return f"no clinic '{slug}' in clinics/ (known: {', '.join(clinics)})"
    handouts = sorted(p.name for p in (root / "handouts").iterdir() if p.is_dir() and not p.name.startswith("_"))
    for hid in args.handout:
        if hid not in handouts:
            return f"no handout '{hid}' in handouts/ (known: {', '.join(handouts)})"
    return None


if __name__ == "__main__":
    sys.exit(main())
