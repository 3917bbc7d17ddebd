"""A real CUPS print server for the print tests: Debian's cupsd, started from a private
configuration in a temporary folder, listening on 127.0.0.1 only.

No browsing, no DNS-SD or multicast, no web interface, no authentication (nothing but this
machine can reach it). Queues are raw queues to file:///dev/null (`FileDevice Yes`): a raw
queue does not filter what it prints, so the spooled document, kept by `PreserveJobFiles Yes`
in the private spool folder as d<job>-001, is exactly what Clearprint sent. The tests read
back with IPP Get-Job-Attributes (`ipptool`) the options each job arrived with.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

CUPSD = shutil.which("cupsd") or "/usr/sbin/cupsd"
START_TIMEOUT = 15  # seconds for cupsd to answer
COMMAND_TIMEOUT = 20  # seconds for one lpadmin, lp or ipptool

CUPSD_CONF = """\
Listen 127.0.0.1:{port}
Browsing Off
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
PreserveJobFiles Yes
PreserveJobHistory Yes
MaxJobs 0
LogLevel warn
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order allow,deny
    Allow 127.0.0.1
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
Printcap {root}/printcap
FileDevice Yes
"""

GET_JOB_ATTRIBUTES = """\
{
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id $job_id
  ATTR name requesting-user-name clearprint-tests
  ATTR keyword requested-attributes all
  STATUS successful-ok
}
"""


class PrintServer:
    """cupsd on 127.0.0.1:<a free port>; `stop()` ends it and deletes its folder."""

    def __init__(self) -> None:
        if not Path(CUPSD).is_file():
            raise RuntimeError("cupsd is not installed: run ./scripts/setup.sh (it installs Debian's cups-daemon)")
        for command in ("lp", "lpadmin", "ipptool"):
            if not shutil.which(command):
                raise RuntimeError(f"'{command}' is not installed: run ./scripts/setup.sh")
        self.root = Path(tempfile.mkdtemp(prefix="clearprint-cups-"))
        self.process: subprocess.Popen | None = None
        for _attempt in range(3):  # a free port can be taken between finding it and listening on it
            self.port = _free_port()
            if self._start():
                return
        log = (self.root / "log" / "error_log").read_text(errors="replace") if self.log_exists else ""
        self.stop()
        raise RuntimeError(f"cupsd did not start on 127.0.0.1 within {START_TIMEOUT} s:\n{log}")

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_exists(self) -> bool:
        return (self.root / "log" / "error_log").is_file()

    def _start(self) -> bool:
        for folder in ("spool", "tmp", "cache", "state", "log"):
            (self.root / folder).mkdir(exist_ok=True)
        (self.root / "cupsd.conf").write_text(CUPSD_CONF.format(port=self.port))
        (self.root / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=self.root))
        (self.root / "get-job-attributes.test").write_text(GET_JOB_ATTRIBUTES)
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(self.root / "cupsd.conf"), "-s", str(self.root / "cups-files.conf")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "log" / "cupsd.out").open("ab"),
            start_new_session=True,  # its own process group: stopped with everything it started
            preexec_fn=_die_with_parent,  # and never outlives a test run that was killed
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if "scheduler is running" in self.run("lpstat", "-r").stdout:
                return True
            time.sleep(0.05)
        self._end()
        return False

    def run(self, *arguments: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "CUPS_SERVER": self.host}
        done = subprocess.run(
            arguments, capture_output=True, text=True, env=env, timeout=COMMAND_TIMEOUT, stdin=subprocess.DEVNULL
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments)}: {done.stderr or done.stdout}")
        return done

    def add_queue(self, name: str, *options: str) -> None:
        """A raw queue (no PPD, no filter) that prints to /dev/null, enabled and accepting jobs."""
        self.run("lpadmin", "-h", self.host, "-p", name, "-v", "file:///dev/null", "-E", *options, check=True)

    def uri(self, queue: str) -> str:
        return f"ipp://{self.host}/printers/{queue}"

    def job_ids(self) -> list[int]:
        """Every job the server has had, completed or not."""
        listed = self.run("lpstat", "-W", "all", "-o", check=True).stdout
        return sorted(int(m[1]) for m in re.finditer(r"^\S+-(\d+)\s", listed, re.MULTILINE))

    def job_attributes(self, queue: str, job_id: int) -> dict[str, str]:
        """What arrived, as IPP Get-Job-Attributes answers: attribute name -> value as text."""
        done = self.run(
            "ipptool", "-T", str(COMMAND_TIMEOUT), "-t", "-v", "-d", f"job_id={job_id}",
            self.uri(queue), str(self.root / "get-job-attributes.test"), check=True,
        )  # fmt: skip
        found = re.findall(r"^\s+([\w-]+) \([^)]*\) = (.*)$", done.stdout, re.MULTILINE)
        return dict(found)

    def spooled(self, job_id: int) -> bytes:
        """The document of a job as the server keeps it (PreserveJobFiles Yes)."""
        return (self.root / "spool" / f"d{job_id:05d}-001").read_bytes()

    def _end(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        self._end()
        shutil.rmtree(self.root, ignore_errors=True)


def _die_with_parent() -> None:
    """In the child, before cupsd starts: SIGTERM it when the test process ends, however it ends."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
