"""`build.py publish` (issue 22) against real parts: OpenSSH's sshd on 127.0.0.1 with its
own configuration and keys, rsync on both ends, and a static HTTP server serving what was
uploaded, which the verification asks. One small clinic, built once per test that changes it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sshserver import SshServer, WebServer

from clearprint import BuildOptions, build
from clearprint.cli import main
from clearprint.publishing.built import load_built
from clearprint.publishing.verify import expected
from conftest import make_project

CLINIC = "test-clinic"
SITE_MANIFEST = ".clearprint-published.json"


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = SshServer(tmp_path_factory.mktemp("sshd"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The test clinic with a website, built once: (project, out)."""
    folder = tmp_path_factory.mktemp("built")
    project = make_project(folder / "project")
    settings = project / "clinics" / CLINIC / "clinic.yaml"
    settings.write_text(settings.read_text() + "website: https://test.example\n")
    out = folder / "out"
    assert build(project, BuildOptions(out)).ok
    return project, out


@pytest.fixture
def copy(built, tmp_path) -> tuple[Path, Path]:
    """A copy of the built clinic that a test may change (times kept, so it stays current)."""
    project, out = built
    shutil.copytree(project, tmp_path / "project")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "project", tmp_path / "out"


@pytest.fixture
def web(tmp_path):
    """A web host serving tmp_path/www/site at its root."""
    site = tmp_path / "www" / "site"
    site.mkdir(parents=True)
    server = WebServer(site)
    try:
        yield site, server.url
    finally:
        server.stop()


def publish(capsys, project: Path, out: Path, *args: str) -> tuple[int, str, str]:
    code = main(["publish", "--project", str(project), "--out", str(out), "--clinic", CLINIC, *args])
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def listed(stdout: str, verb: str) -> list[str]:
    return [line.split(" ", 3)[3] for line in stdout.splitlines() if line.startswith(f"  {verb} ")]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site_hashes(out: Path) -> dict[str, str]:
    return {k: hashlib.sha256(v).hexdigest() for k, v in tree(out / CLINIC / "site").items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_publish_over_ssh_uploads_what_changed_deletes_only_its_own_files_and_verifies(
    copy, sshd, web, monkeypatch, capsys
) -> None:
    project, out = copy
    site, url = web
    monkeypatch.setenv("CLEARPRINT_SSH", sshd.ssh_command)
    to = ["--to", sshd.url(site), "--verify-at", url]

    code, stdout, err = publish(capsys, project, out, *to)
    assert code == 0, err
    first = site_hashes(out)
    assert sorted(listed(stdout, "upload")) == sorted(first)  # the first publish uploads everything
    assert listed(stdout, "upload")[-1] == "sitemap.xml" and listed(stdout, "upload")[-2].endswith(".html")
    assert f"Verified at {url}: all 2 addresses printed on the leaflets answer with their page." in stdout
    assert tree(site) == {**tree(out / CLINIC / "site"), SITE_MANIFEST: (site / SITE_MANIFEST).read_bytes()}
    manifest = json.loads((site / SITE_MANIFEST).read_text())
    assert manifest["files"] == first and manifest["clinic"] == CLINIC
    # Files the clinic put there by hand: never Clearprint's to touch.
    (site / "robots.txt").write_text("User-agent: *\n")
    (site / "pdf/en/price-list.pdf").write_bytes(b"%PDF-1.4 the clinic's own")

    # One handout changed: only the files whose content changed go up.
    edit(project / "handouts/tiny/en.md", "Lines look softer.", "Lines look softer for a few months.")
    assert build(project, BuildOptions(out)).ok
    second = site_hashes(out)
    changed = sorted(path for path in second if second[path] != first.get(path))
    assert "handouts/en/tiny/index.html" in changed and "pdf/en/tiny.pdf" in changed
    assert "handouts/en/second/index.html" not in changed and not any(p.startswith("assets/") for p in changed)
    code, stdout, err = publish(capsys, project, out, *to)
    assert code == 0, err
    assert sorted(listed(stdout, "upload")) == changed and listed(stdout, "delete") == []
    assert "for a few months" in (site / "handouts/en/tiny/index.html").read_text()

    # A handout taken off the clinic's list: its page stays (a withdrawn notice, since
    # printed codes point there), its PDF goes: deleted because the manifest lists it.
    edit(project / f"clinics/{CLINIC}/clinic.yaml", "handouts: [tiny, second]", "handouts: [tiny]")
    assert build(project, BuildOptions(out)).ok
    code, stdout, err = publish(capsys, project, out, *to)
    assert code == 0, err
    # (the evidence page goes with the PDF: both are the withdrawn handout's own files)
    assert listed(stdout, "delete") == ["handouts/en/second/evidence.html", "pdf/en/second.pdf"]
    assert not (site / "pdf/en/second.pdf").exists()
    assert (site / "robots.txt").read_text() == "User-agent: *\n"
    assert (site / "pdf/en/price-list.pdf").read_bytes() == b"%PDF-1.4 the clinic's own"
    assert "withdrawn" in (site / "handouts/en/second/index.html").read_text().lower()
    # The tiny leaflet's code and the withdrawn page of second both answer.
    assert f"Verified at {url}: all 2 addresses" in stdout
    assert not (site / ".clearprint-incoming").exists()

    # A page missing on the host is named, with the address printed on the leaflet.
    shutil.rmtree(site / "handouts/en/tiny")
    code, stdout, err = publish(capsys, project, out, "--verify-only", "--verify-at", url)
    assert code == 1
    assert (
        "The QR code on tiny (en, standard) points to https://test.example/handouts/en/tiny: the server answered "
        f"404 File not found (asked at {url}/handouts/en/tiny)"
    ) in err
    assert "1 of 2 addresses printed on the leaflets do not work" in stdout
    # ... and the next publish puts it back: compared with what is there, not with the manifest.
    code, stdout, err = publish(capsys, project, out, *to)
    assert code == 0 and listed(stdout, "upload") == [
        "handouts/en/tiny/evidence.html",
        "handouts/en/tiny/index.html",
    ], err


def test_a_dry_run_writes_nothing(copy, sshd, tmp_path, monkeypatch, capsys) -> None:
    project, out = copy
    monkeypatch.setenv("CLEARPRINT_SSH", sshd.ssh_command)
    fresh = tmp_path / "www" / "site"
    code, stdout, _ = publish(capsys, project, out, "--to", sshd.url(fresh), "--dry-run")
    assert code == 0 and sorted(listed(stdout, "upload")) == sorted(site_hashes(out))
    assert "Dry run: nothing was written." in stdout and not (tmp_path / "www").exists()
    assert publish(capsys, project, out, "--to", sshd.url(fresh), "--no-verify")[0] == 0
    with (fresh / "assets/web.css").open("a") as css:
        css.write("/* changed on the server */\n")
    before = {p: (p.is_file() and p.read_bytes(), p.stat().st_mtime_ns) for p in fresh.rglob("*")}
    code, stdout, _ = publish(capsys, project, out, "--to", sshd.url(fresh), "--dry-run")
    assert code == 0 and listed(stdout, "upload") == ["assets/web.css"]
    assert {p: (p.is_file() and p.read_bytes(), p.stat().st_mtime_ns) for p in fresh.rglob("*")} == before


def test_a_connection_lost_during_the_upload_leaves_the_site_as_visitors_saw_it(
    copy, sshd, web, tmp_path, monkeypatch, capsys
) -> None:
    project, out = copy
    site, url = web
    monkeypatch.setenv("CLEARPRINT_SSH", sshd.ssh_command)
    assert publish(capsys, project, out, "--to", sshd.url(site), "--no-verify")[0] == 0
    before = tree(site)
    # An ssh that starts the upload's connection and kills it (rsync's sender side, not its dry run).
    dropping = tmp_path / "dropping-ssh"
    dropping.write_text(
        "#!/bin/sh\n"
        'for a; do case "$a" in --server) server=1;; -*) [ "$server" = 1 ] && flags="$flags$a";; esac; done\n'
        'case "$flags" in ""|*n*) exec ssh "$@";; esac\n'
        'ssh "$@" & pid=$!; kill -9 $pid; wait $pid; echo "Connection to 127.0.0.1 closed." >&2; exit 255\n'
    )
    dropping.chmod(dropping.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("CLEARPRINT_SSH", sshd.ssh_command.replace("ssh", str(dropping), 1))
    edit(project / "handouts/tiny/en.md", "Lines look softer.", "Lines look softer for a while.")
    assert build(project, BuildOptions(out)).ok
    code, stdout, err = publish(capsys, project, out, "--to", sshd.url(site), "--verify-at", url)
    assert code == 1 and err.startswith("Not published: ssh://") and "rsync error" in err, err
    assert "the upload stopped before the switch, so the site there is as it was" in err and "Verified" not in stdout
    assert tree(site) == before  # no page, PDF or manifest changed; nothing left half-way
    # With the connection back, the same publish goes through.
    monkeypatch.setenv("CLEARPRINT_SSH", sshd.ssh_command)
    code, stdout, err = publish(capsys, project, out, "--to", sshd.url(site), "--verify-at", url)
    assert code == 0 and "for a while" in (site / "handouts/en/tiny/index.html").read_text(), err


def test_publish_to_a_folder_switches_only_when_everything_can_be_put_in_place(copy, web, capsys) -> None:
    project, out = copy
    site, url = web
    code, stdout, err = publish(capsys, project, out, "--to", str(site), "--verify-at", url)
    assert code == 0 and "all 2 addresses" in stdout, err
    before = tree(site)
    edit(project / "handouts/second/en.md", "title: A second test handout", "title: A second test handout, revised")
    assert build(project, BuildOptions(out)).ok
    (site / "handouts/en/tiny/index.html").unlink()
    (site / "handouts/en/tiny/index.html").mkdir()  # something in the way of one page
    before["handouts/en/tiny/index.html"] = None
    code, stdout, err = publish(capsys, project, out, "--to", str(site), "--verify-at", url)
    assert code == 1 and "is a folder or a link, where the site has a file" in err
    assert {**tree(site), "handouts/en/tiny/index.html": None} == before
    assert not (site / ".clearprint-incoming").exists()
    (site / "handouts/en/tiny/index.html").rmdir()
    code, stdout, err = publish(capsys, project, out, "--to", str(site), "--verify-at", url)
    assert code == 0 and "A second test handout, revised" in (site / "handouts/en/second/index.html").read_text()


def test_a_file_gone_from_the_site_is_deleted_only_because_the_manifest_lists_it(copy, tmp_path, capsys) -> None:
    project, out = copy
    listed_site, unlisted_site = tmp_path / "listed", tmp_path / "unlisted"
    for site in (listed_site, unlisted_site):
        assert publish(capsys, project, out, "--to", str(site), "--no-verify")[0] == 0
    manifest = json.loads((unlisted_site / SITE_MANIFEST).read_text())
    del manifest["files"]["pdf/en/second.pdf"]  # as if Clearprint had not put it there
    (unlisted_site / SITE_MANIFEST).write_text(json.dumps(manifest))
    edit(project / f"clinics/{CLINIC}/clinic.yaml", "handouts: [tiny, second]", "handouts: [tiny]")
    assert build(project, BuildOptions(out)).ok
    code, stdout, _ = publish(capsys, project, out, "--to", str(listed_site), "--no-verify")
    assert code == 0 and listed(stdout, "delete") == ["handouts/en/second/evidence.html", "pdf/en/second.pdf"]
    assert not (listed_site / "pdf/en/second.pdf").exists()
    code, stdout, _ = publish(capsys, project, out, "--to", str(unlisted_site), "--no-verify")
    assert code == 0 and listed(stdout, "delete") == ["handouts/en/second/evidence.html"]
    assert (unlisted_site / "pdf/en/second.pdf").is_file()
    # A manifest cannot name a file outside the site: it is refused, nothing is deleted.
    (unlisted_site / SITE_MANIFEST).write_text(json.dumps({**manifest, "files": {"../../etc/passwd.html": "x"}}))
    code, _, err = publish(capsys, project, out, "--to", str(unlisted_site), "--no-verify")
    assert code == 1 and "lists '../../etc/passwd.html', which cannot be a file of the site; remove it" in err


def test_publish_to_a_zip_for_a_file_manager(built, tmp_path, capsys) -> None:
    project, out = built
    target = tmp_path / "site.zip"
    code, stdout, err = publish(capsys, project, out, "--to", str(target))
    assert code == 0 and "Once it is unpacked on the host, check the addresses:" in stdout, err
    assert f"publish --clinic {CLINIC} --verify-only" in stdout
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(SITE_MANIFEST))
        page = archive.read("handouts/en/tiny/index.html").decode()
    assert sorted(names) == sorted([*site_hashes(out), SITE_MANIFEST])
    assert manifest["files"] == site_hashes(out) and "A tiny test handout" in page


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("/", "holds the project"),
        ("{project}", "is inside the project"),
        ("{project}/public", "is inside the project"),
        ("{out}", "is inside the build folder out/"),
        ("{out}/test-clinic/site", "is inside the build folder out/"),
        ("{tmp}/a/../b", "without '..'"),
        ("{tmp}/link", "is a symbolic link"),
        ("{tmp}/file.txt", "is a file"),
        ("ssh://me@host.example/etc", "/etc is a system folder itself"),
        ("ssh://me@host.example/srv/../etc/x", "without '.', '..' or '//'"),
        ("ssh://me:secret@host.example/srv/site", "never put a password in the address"),
        ("ssh://me@host.example/srv/site;rm -rf ~", "may hold only letters, digits"),
        ("ssh://-oProxyCommand=x@host.example/srv/site", "write it as ssh://user@host:port/path"),
        ("ftp://host.example/site", "only ssh:// addresses"),
    ],
)
def test_dangerous_destinations_are_refused(built, tmp_path, capsys, to: str, message: str) -> None:
    project, out = built
    (tmp_path / "link").symlink_to(project, target_is_directory=True)
    (tmp_path / "file.txt").write_text("notes")
    before = sorted(tmp_path.rglob("*")), tree(project), tree(out)
    target = to.format(project=project, out=out, tmp=tmp_path)
    code, stdout, err = publish(capsys, project, out, "--to", target)
    assert code == 2 and stdout == "" and message in err, err
    assert re.fullmatch(r"(build\.py|clearprint) publish: error: [^\n]+\n", err)
    assert (sorted(tmp_path.rglob("*")), tree(project), tree(out)) == before


def test_publishing_needs_a_current_build(copy, tmp_path, capsys) -> None:
    project, out = copy
    code, _, err = publish(capsys, project, tmp_path / "no-build", "--to", str(tmp_path / "site"))
    assert code == 2 and f"{CLINIC} has no finished build in" in err and "run `build.py --clinic test-clinic`" in err
    # A file saved again without a change (newer, same content) still has its build.
    later = (out / ".clearprint-manifest.json").stat().st_mtime + 5
    os.utime(project / "handouts/tiny/en.md", (later, later))
    assert publish(capsys, project, out, "--to", str(tmp_path / "site"), "--dry-run")[0] == 0
    edit(project / "handouts/tiny/en.md", "Lines look softer.", "Lines look smoother.")
    os.utime(project / "handouts/tiny/en.md", (later, later))
    code, _, err = publish(capsys, project, out, "--to", str(tmp_path / "site"))
    assert code == 2 and "handouts/tiny/en.md changed after the last build of test-clinic" in err
    assert not (tmp_path / "site").exists()


def test_the_addresses_verified_are_the_ones_the_qr_codes_hold(built) -> None:
    """Cross-check: what verification asks (read from the PDFs' tagged QR code text) is what
    a phone reads from each code, decoded from page 1 rendered at 200 dpi."""
    project, out = built
    wanted, problems = expected(load_built(project, out, CLINIC))
    assert problems == []
    decoded = {}
    for pdf in sorted((out / CLINIC / "en").glob("*.pdf")):
        document = pdfium.PdfDocument(pdf)
        image = document[0].render(scale=200 / 72).to_pil()
        document.close()
        codes = [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
        decoded[f"The QR code on {pdf.stem} (en, standard)"] = codes
    assert {item.what: [item.url] for item in wanted} == decoded
    assert decoded["The QR code on tiny (en, standard)"] == ["https://test.example/handouts/en/tiny"]
    assert {item.text for item in wanted} == {"A tiny test handout", "A second test handout"}


def test_a_link_on_the_destination_never_leads_a_publish_outside_the_site(
    copy, sshd, tmp_path, monkeypatch, capsys
) -> None:
    project, out = copy
    monkeypatch.setenv("CLEARPRINT_SSH", sshd.ssh_command)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name, to in (("folder", None), ("server", sshd.url)):
        site = tmp_path / name / "site"
        site.mkdir(parents=True)
        (site / "pdf").symlink_to(elsewhere, target_is_directory=True)
        code, _, err = publish(capsys, project, out, "--to", to(site) if to else str(site), "--no-verify")
        assert code == 1 and "leads out of" in err and "through a link" in err, err
        assert list(elsewhere.iterdir()) == [] and not (site / ".clearprint-incoming").exists()
        assert sorted(p.name for p in site.iterdir()) == ["pdf"]  # nothing switched in
