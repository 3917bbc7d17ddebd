"""Talking to a CUPS print server with its own commands (`lp`, `lpstat`), in plain words.

A queue is named in clinic.yaml either by its name on the default print server (the one
`lpstat -e` lists: CUPS_SERVER or /etc/cups/client.conf) or by its IPP address,
`ipp://host:port/printers/<queue>`. What the server says is turned into sentences a clinic
manager can act on: the queue does not exist (and which do), the printer is stopped or
offline, a job is held. The commands run in the C locale, so their words can be read.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

TIMEOUT = 30  # seconds for one command: a print server that does not answer is an error, not a hang


class PrintServerError(Exception):
    """What the print server said, or why it could not be asked, in plain words."""


@dataclass(frozen=True)
class Queue:
    name: str  # the queue's name on its server
    server: str | None = None  # host:port; None: the default print server
    encrypted: bool = False  # ipps://

    @classmethod
    def of(cls, value: str) -> Queue:
        """A queue from clinic.yaml: a name, or an ipp:// or ipps:// address."""
        if "://" not in value:
            return cls(value)
        parts = urlsplit(value)
        return cls(
            unquote(parts.path.rsplit("/", 1)[1]), f"{parts.hostname}:{parts.port or 631}", parts.scheme == "ipps"
        )

    @property
    def where(self) -> str:
        return f"the print server at {self.server}" if self.server else "the default print server"

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "LANGUAGE": ""}
        if self.server:
            env["CUPS_SERVER"] = self.server
        if self.encrypted:
            env["CUPS_ENCRYPTION"] = "Required"
        try:
            return subprocess.run(
                arguments, capture_output=True, text=True, env=env, timeout=TIMEOUT, stdin=subprocess.DEVNULL
            )
        except FileNotFoundError:
            raise PrintServerError(
                f"the '{arguments[0]}' command is not installed; install the CUPS client (on Debian or Ubuntu: "
                "apt-get install cups-client)"
            ) from None
        except subprocess.TimeoutExpired:
            raise PrintServerError(f"{self.where} did not answer within {TIMEOUT} s; is it running?") from None


@dataclass(frozen=True)
class PrinterState:
    enabled: bool  # false: stopped ("disabled" in CUPS' words)
    accepting: bool
    message: str  # why, as the server or whoever stopped it put it
    reasons: tuple[str, ...]  # printer-state-reasons, e.g. offline-report, media-empty

    @property
    def offline(self) -> bool:
        return any(r.startswith("offline") for r in self.reasons)


def queues(queue: Queue) -> list[str]:
    """Every queue on the queue's print server."""
    running = queue.run("lpstat", "-r")
    if "scheduler is running" not in running.stdout:
        raise PrintServerError(
            f"cannot reach {queue.where}: {_said(running) or 'the scheduler is not running'}; check that CUPS runs there"
        )
    listed = queue.run("lpstat", "-e")
    if listed.returncode != 0:
        raise PrintServerError(f"{queue.where} did not list its queues: {_said(listed)}")
    return sorted(listed.stdout.split())


def state(queue: Queue) -> PrinterState:
    printer = queue.run("lpstat", "-l", "-p", queue.name)
    accepting = queue.run("lpstat", "-a", queue.name)
    if printer.returncode != 0 or accepting.returncode != 0:
        raise PrintServerError(f"{queue.where} said: {_said(printer) or _said(accepting)}")
    lines = printer.stdout.splitlines()
    first = lines[0] if lines else ""
    detail = []  # the state message comes before the long listing's "Form mounted:"
    for line in lines[1:]:
        if line.strip().startswith("Form mounted:"):
            break
        detail.append(line)
    alerts = next((line.split(":", 1)[1].split() for line in lines if line.strip().startswith("Alerts:")), [])
    refusal = accepting.stdout.splitlines()[1:]
    return PrinterState(
        enabled=" disabled since " not in first,
        accepting=" not accepting " not in accepting.stdout,
        message="; ".join(dict.fromkeys(line.strip() for line in detail + refusal if line.strip())),  # each once
        reasons=tuple(r for r in alerts if r != "none"),
    )


def submit(queue: Queue, file: str, title: str, copies: int, options: dict[str, str]) -> str:
    """Send one PDF as one job; returns its job id (`<queue>-<number>`)."""
    arguments = ["lp", "-d", queue.name, "-n", str(copies), "-t", title]
    for name, value in options.items():
        arguments += ["-o", f"{name}={value}"]
    sent = queue.run(*arguments, "--", file)
    match = re.search(r"request id is (\S+)", sent.stdout)
    if sent.returncode != 0 or not match:
        raise PrintServerError(f"{queue.where} refused the job: {_said(sent)}")
    return match[1]


def held(queue: Queue, jobs: list[str]) -> dict[str, str]:
    """Those of `jobs` that the server holds (they print only once released), with its reasons."""
    listed = queue.run("lpstat", "-l", "-o", queue.name)
    found: dict[str, str] = {}
    current = None
    for line in listed.stdout.splitlines():
        if line and not line[0].isspace():
            current = line.split()[0]
        elif current in jobs and line.strip().startswith("Alerts:"):
            reasons = line.split(":", 1)[1].split()
            if any("hold" in r or "held" in r for r in reasons):
                found[current] = " ".join(reasons)
    return found


def _said(process: subprocess.CompletedProcess[str]) -> str:
    text = " ".join((process.stderr or process.stdout).split())
    return re.sub(r"^\w+: (Error - )?", "", text).rstrip(".")
