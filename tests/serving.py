"""`build.py serve` as a terminal runs it, for the tests that start one: in its own process
group, its output collected. A server that does not stop in time is made to print where each
of its threads is (faulthandler, on SIGABRT) before it is killed, so the failure says why."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT

STOP_SECONDS = 30


class Server:
    def __init__(self, project: Path, *args: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, str(ROOT / "build.py"), "serve", "--project", str(project), *args]
        env = {**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
            env=env,
            # Ctrl-C reaches it as from a terminal, also when the tests run as a background job
            # (which starts with SIGINT ignored, and Python then never turns it into KeyboardInterrupt)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def address(self, seconds: float = 60) -> tuple[str, int]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if match := re.search(r"^Serving .* at http://([^/:]+):(\d+)/", self.output, re.M):
                return match[1], int(match[2])
            assert self.process.poll() is None, f"serve ended with {self.process.returncode}:\n{self.output}"
            time.sleep(0.05)
        raise AssertionError(f"serve printed no address in {seconds} s:\n{self.output}")

    def stop(self, sig: signal.Signals = signal.SIGINT, group: bool = True) -> int:
        if self.process.poll() is None:
            if group:
                os.killpg(self.process.pid, sig)  # Ctrl-C in a terminal signals the whole group
            else:
                self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
            time.sleep(2)
            self.kill()
            raise AssertionError(f"serve did not stop within {STOP_SECONDS} s of {sig.name}:\n{self.output}") from None

    def left(self, seconds: float = 5) -> list[int]:
        """Processes of the server's group still running after `seconds` (the workers, the fork server)."""
        deadline = time.monotonic() + seconds
        while True:
            alive = [pid for pid in _group(self.process.pid) if pid != self.process.pid]
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.1)

    def kill(self) -> None:
        if self.process.poll() is None or _group(self.process.pid):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)


def _group(pgid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found
