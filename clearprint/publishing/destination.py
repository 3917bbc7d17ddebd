"""Where `--to` publishes: a folder, a .zip file for a host's file manager, or
ssh://user@host[:port]/path. Each is checked before anything is read or written, and what
could harm the project or the computer is refused with one line: a destination inside the
project or out/ (or holding them), the file system's root or a home folder itself, a
symbolic link, a `..`, or a server path outside the allowed characters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..problems import UsageError

# Server names, users and paths as an allowlist: they end up in ssh and rsync arguments.
_USER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_REMOTE_PATH = re.compile(r"/?[A-Za-z0-9_][A-Za-z0-9._/-]*")


@dataclass(frozen=True)
class Folder:
    path: Path  # absolute, resolved

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class ZipFile:
    path: Path  # absolute; the file may not exist yet

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class Server:
    user: str
    host: str
    port: int
    path: str  # absolute, or relative to the user's home folder on the server

    def __str__(self) -> str:
        return f"ssh://{self.user}@{self.host}:{self.port}{'' if self.path.startswith('/') else '/~/'}{self.path}"


Destination = Folder | ZipFile | Server


def destination(text: str, root: Path, out: Path) -> Destination:
    """The destination `--to` names, or UsageError saying why it is refused."""
    if not text or "\0" in text or "\n" in text:
        raise UsageError("--to needs a folder, a .zip file or ssh://user@host:port/path")
    if text.startswith("ssh://"):
        return _server(text)
    if "://" in text:
        raise UsageError(f"--to {text}: only ssh:// addresses, folders and .zip files can be published to")
    raw = Path(text).expanduser()
    if ".." in raw.parts:
        raise UsageError(f"--to {text}: write the destination without '..'")
    absolute = Path.cwd() / raw if not raw.is_absolute() else raw
    if absolute.is_symlink():
        raise UsageError(f"--to {text} is a symbolic link; give the folder it points to, if that is meant")
    resolved = absolute.resolve()
    for name, place in (("the project", root.resolve()), ("the build folder out/", out.resolve())):
        if resolved == place or resolved.is_relative_to(place):
            raise UsageError(f"--to {text} is inside {name} ({place}); publish to a folder of its own")
        if place.is_relative_to(resolved):
            raise UsageError(f"--to {text} holds {name} ({place}); publish to a folder of its own")
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve() or len(resolved.parts) < 3:
        raise UsageError(f"--to {text} is a system or home folder itself; publish to a folder of its own inside it")
    if resolved.suffix.lower() == ".zip":
        if resolved.is_dir():
            raise UsageError(f"--to {text} is a folder, not a .zip file")
        if not resolved.parent.is_dir():
            raise UsageError(f"--to {text}: the folder {resolved.parent} does not exist")
        return ZipFile(resolved)
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"--to {text} is a file; give a folder, or a name ending in .zip")
    if not resolved.parent.is_dir():
        raise UsageError(f"--to {text}: the folder {resolved.parent} does not exist")
    return Folder(resolved)


def _server(text: str) -> Server:
    parts = urlsplit(text)
    try:
        port = parts.port or 22
    except ValueError:
        raise UsageError(f"--to {text}: the port must be a number from 1 to 65535") from None
    user, host = parts.username or "", parts.hostname or ""
    if parts.password is not None:
        raise UsageError(f"--to {text}: never put a password in the address; use an SSH key")
    if not _USER.fullmatch(user) or not _HOST.fullmatch(host):
        raise UsageError(f"--to {text}: write it as ssh://user@host:port/path (letters, digits, '.', '-', '_')")
    if parts.query or parts.fragment:
        raise UsageError(f"--to {text}: an ssh:// address has no '?' or '#'")
    path = parts.path
    if path.startswith("/~/"):  # ssh://user@host/~/public_html: in the user's home folder
        path = path[3:]
    if not _REMOTE_PATH.fullmatch(path):
        raise UsageError(f"--to {text}: the server folder may hold only letters, digits, '.', '-', '_' and '/'")
    segments = [s for s in PurePosixPath(path).parts if s != "/"]
    if any(s in (".", "..") for s in segments) or "//" in path:
        raise UsageError(f"--to {text}: write the server folder without '.', '..' or '//'")
    if path.startswith("/") and len(segments) < 2:
        raise UsageError(f"--to {text}: {path} is a system folder itself; publish to a folder inside it")
    return Server(user, host, port, path.rstrip("/"))
