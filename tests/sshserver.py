"""Real parts for the publish tests: OpenSSH's sshd on 127.0.0.1 with its own temporary
configuration, host key and authorized key (no system SSH server is used or changed), and
a static HTTP server (Python's http.server) serving a folder, as a web host would."""

from __future__ import annotations

import functools
import getpass
import http.server
import os
import shlex
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

SSHD = "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SshServer:
    """`sshd -f <tmp>/sshd_config -D -e` for the current user, on a free port."""

    def __init__(self, folder: Path) -> None:
        missing = [tool for tool in (SSHD, "ssh", "ssh-keygen", "rsync") if not shutil.which(tool)]
        if missing:
            raise RuntimeError(f"{', '.join(missing)} missing: run scripts/setup.sh (it installs OpenSSH and rsync)")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for key in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / key)], check=True)
        shutil.copyfile(folder / "client_key.pub", folder / "authorized_keys")
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
        self.user = getpass.getuser()
        self.log = folder / "sshd.log"
        for _ in range(5):  # another process may take the port between choosing and binding it
            self.port = free_port()
            (folder / "sshd_config").write_text(
                f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
                f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPidFile {folder / 'sshd.pid'}\n"
                "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                "PermitRootLogin prohibit-password\n"
            )
            self.process = subprocess.Popen(
                [SSHD, "-f", str(folder / "sshd_config"), "-D", "-e"],
                stdout=subprocess.DEVNULL,
                stderr=self.log.open("w"),
            )
            if self._ready():
                return
            self.process.kill()
            self.process.wait()
        raise RuntimeError(f"sshd did not start: {self.log.read_text()}")

    def _ready(self) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(4).startswith(b"SSH-"):
                        return True
            except OSError:
                time.sleep(0.05)
        return False

    @property
    def ssh_command(self) -> str:
        """CLEARPRINT_SSH for this server: its key, no known-hosts file, never a prompt."""
        return shlex.join(
            [
                "ssh",
                "-F",
                "/dev/null",
                "-i",
                str(self.folder / "client_key"),
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                f"UserKnownHostsFile={self.folder / 'known_hosts'}",
                "-o",
                "StrictHostKeyChecking=accept-new",
                "-o",
                "BatchMode=yes",
                "-o",
                "LogLevel=ERROR",
            ]
        )

    def url(self, path: Path) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class WebServer:
    """A static web host for `folder`, on 127.0.0.1 and a port the system chooses."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
