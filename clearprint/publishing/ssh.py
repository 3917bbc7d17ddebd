"""Publishing to a server over SSH: rsync (on both ends) compares by checksum and carries
the files, ssh runs the switch. The ssh command is `ssh`, or what CLEARPRINT_SSH says (for a
key or options: `ssh -i ~/.ssh/clinic -o BatchMode=yes`); it is also rsync's `-e`.

New and changed files go to `<path>/.clearprint-incoming/`; only once every one has
arrived does one short script on the server check that nothing is in the way, rename
them into place in the plan's order, delete what the plan deletes and put the manifest
last. A dropped connection during the upload leaves the site as it was."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from .destination import Server
from .plan import INCOMING, MANIFEST, Plan

TIMEOUT = 600  # seconds for one ssh or rsync call


class PublishError(Exception):
    """The destination could not be read or written; the message says what happened."""


class ServerSite:
    """One SSH connection for the whole publish (a master that ssh and rsync share; closed by
    `close()`), so a publish logs in once."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.login = f"{server.user}@{server.host}"
        self.where = str(server)
        self._folder = tempfile.TemporaryDirectory(prefix="clearprint-ssh-")
        control = ["-o", f"ControlPath={self._folder.name}/master"]
        self.ssh = [*shlex.split(os.environ.get("CLEARPRINT_SSH", "ssh")), "-p", str(server.port), *control]
        self._run([*self.ssh, "-o", "ControlMaster=yes", "-o", "ControlPersist=no", "-f", "-N", self.login])
        self.ssh += ["-o", "ControlMaster=no"]

    def close(self) -> None:
        subprocess.run([*self.ssh, "-O", "exit", self.login], capture_output=True, timeout=30)
        self._folder.cleanup()

    def _remote(self, script: str, data: bytes | None = None) -> bytes:
        command = [*self.ssh, self.login, "sh -c " + shlex.quote(script)]
        return self._run(command, data)

    def _run(self, command: list[str], data: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(command, input=data, capture_output=True, timeout=TIMEOUT)
        except FileNotFoundError:
            raise PublishError(
                f"{command[0]} is not installed on this computer (scripts/setup.sh installs it)"
            ) from None
        except subprocess.TimeoutExpired:
            raise PublishError(f"{self.where} did not answer within {TIMEOUT} s") from None
        if done.returncode != 0:
            said = done.stderr.decode(errors="replace").strip().splitlines()
            raise PublishError(f"{self.where}: {said[-1] if said else f'exit status {done.returncode}'}")
        return done.stdout

    def _path(self, name: str = "") -> str:
        return shlex.quote(self.server.path + ("/" + name if name else ""))

    def read_manifest(self) -> bytes | None:
        file = self._path(MANIFEST)
        text = self._remote(f"if [ -f {file} ]; then cat -- {file}; fi")
        return text or None

    def _rsync(self, *args: str) -> bytes:
        rsh = shlex.join(self.ssh)
        return self._run(["rsync", "--protect-args", "-e", rsh, *args])

    def differing(self, site: Path, files: dict[str, str]) -> set[str]:
        """The site's files whose content on the server differs or is missing: rsync's own
        comparison by checksum, in a dry run."""
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
            listing.write("\n".join(sorted(files)) + "\n")
            listing.flush()
            lines = self._rsync(
                "--dry-run",
                "--checksum",
                "--out-format=%i %n",
                f"--files-from={listing.name}",
                f"{site}/",
                f"{self.login}:{self.server.path}/",
            )
        changed = set()
        for line in lines.decode(errors="replace").splitlines():
            flags, _, name = line.partition(" ")
            if flags[1:2] == "f" and name in files:
                changed.add(name)
        return changed

    def apply(self, site: Path, plan: Plan) -> None:
        incoming = self._path(INCOMING)
        self._remote(f"rm -rf -- {incoming} && mkdir -p -- {incoming}")
        try:
            self._upload(site, plan)
            self._remote(_switch(self.server.path, plan))
        finally:
            try:
                self._remote(f"rm -rf -- {incoming}")
            except PublishError:
                pass  # the next publish starts by removing it

    def _upload(self, site: Path, plan: Plan) -> None:
        try:
            if plan.upload:
                with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
                    listing.write("\n".join(plan.upload) + "\n")
                    listing.flush()
                    self._rsync(
                        f"--files-from={listing.name}", f"{site}/", f"{self.login}:{self.server.path}/{INCOMING}/"
                    )
            self._remote(f"cat > {self._path(INCOMING + '/' + MANIFEST)}", plan.manifest)
        except PublishError as exc:
            raise PublishError(f"{exc}; the upload stopped before the switch, so the site there is as it was") from None


def _switch(path: str, plan: Plan) -> str:
    """The script the server runs: check, rename into place, delete, manifest last."""
    q = shlex.quote
    files = " ".join(q(p) for p in plan.upload)
    gone = " ".join(q(p) for p in plan.delete)
    lines = ["set -e", f"cd -- {q(path)}", f"in={INCOMING}", "top=$(pwd -P)"]
    if files:
        lines += [
            f"for f in {files}; do",
            '  [ -f "$in/$f" ] || { echo "$f did not arrive; nothing was changed" >&2; exit 3; }',
            '  if [ -d "$f" ] || [ -L "$f" ]; then echo "$f is a folder or a link; nothing was changed" >&2; exit 3; fi',
            '  d=$(dirname -- "$f"); e=$d',
            '  while [ ! -e "$e" ] && [ ! -L "$e" ]; do e=$(dirname -- "$e"); done',
            '  case "$(cd -- "$e" && pwd -P)/" in "$top"/*) ;; *) echo "$e leads out of the site through a link;'
            ' nothing was changed" >&2; exit 3;; esac',
            '  [ -d "$e" ] && [ -w "$e" ] || { echo "cannot write in $e; nothing was changed" >&2; exit 3; }',
            "done",
            f'for f in {files}; do mkdir -p -- "$(dirname -- "$f")"; mv -f -- "$in/$f" "$f"; done',
        ]
    if gone:
        lines += [
            f"for f in {gone}; do",
            '  case "$(cd -- "$(dirname -- "$f")" 2>/dev/null && pwd -P)/" in "$top"/*) ;; *) continue;; esac',
            '  if [ -f "$f" ] && [ ! -L "$f" ]; then rm -f -- "$f"; fi',
            '  rmdir -p -- "$(dirname -- "$f")" 2>/dev/null || true',
            "done",
        ]
    lines.append(f'mv -f -- "$in/{MANIFEST}" {MANIFEST}')
    return "\n".join(lines) + "\n"
