"""A practice manager's path, end to end (issue 22): add an Irish clinic with a website
(`new-clinic`), name its printer as the guide says, preview it (`serve`), ask the print
server whether the printer is ready (`print --dry-run`), publish the web edition over SSH
and check every address its QR codes print (`publish --verify-at`), then find a page gone
from the host (`publish --verify-only`).

Every step is `build.py` in its own process, as a manager runs it from a terminal, against
real parts on this machine: a cupsd (tests/printserver.py), OpenSSH's sshd and a static web
server serving what was uploaded (tests/sshserver.py). Nothing leaves 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from serving import Server
from sshserver import SshServer, WebServer

from conftest import ROOT, copy_samples, with_ocr_readings
from printserver import PrintServer

SLUG = "harbour-skin-clinic"
WEBSITE = "https://harbour-skin.example"
QUEUE = "front-desk-printer"  # the print queue's name on the clinic's (default) print server
TITLE = "Chemical peels"  # an IE handout of the samples that is on the website


@pytest.fixture
def servers(tmp_path):
    """The clinic's print server (one ready queue), its web host's SSH server, and a web
    server serving the folder uploaded to."""
    cups = PrintServer()
    sshd = web = None
    try:
        cups.add_queue(QUEUE)
        sshd = SshServer(tmp_path / "sshd")
        site = tmp_path / "www" / "site"
        site.mkdir(parents=True)
        web = WebServer(site)
        yield cups, sshd, site, web.url
    finally:
        for server in (web, sshd, cups):
            if server is not None:
                server.stop()


def run(project: Path, env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`build.py ARGS --project PROJECT` in its own process, its output collected."""
    command = [sys.executable, str(ROOT / "build.py"), *args, "--project", str(project)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.status == 200, url
        return answer.read().decode("utf-8")


def test_a_practice_manager_adds_an_irish_clinic_previews_prints_publishes_and_verifies(
    sample, tmp_path, servers
) -> None:
    cups, sshd, site, web = servers
    project = copy_samples(tmp_path / "project")
    out = with_ocr_readings(sample, tmp_path / "out")  # the project was built before: its images were read
    # The clinic's computer: its default print server is the cupsd (as /etc/cups/client.conf
    # would say), and its SSH key for the web host is given as the guide's publish page says.
    env = {**os.environ, "CUPS_SERVER": cups.host, "CLEARPRINT_SSH": sshd.ssh_command}

    # 1. Add the clinic with options (as the guide's "For scripts"). `--no-build`: adding the
    # printer changes clinic.yaml, which makes every PDF again, so the preview builds them once
    # (the first build new-clinic makes is tested in tests/test_new_clinic_command.py).
    done = run(
        project, env, "new-clinic", "--name", "Harbour Skin Clinic", "--country", "IE",
        "--address", "4 Quay Street; Galway H91 X2Y3", "--phone", "091 555 0142", "--after-hours", "091 555 0199",
        "--website", WEBSITE, "--primary-colour", "#1b5e7a", "--yes", "--no-build",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Wrote clinics/{SLUG}/clinic.yaml" in done.stdout
    settings = project / "clinics" / SLUG / "clinic.yaml"
    written = settings.read_text(encoding="utf-8")
    assert "country: IE" in written and f'website: "{WEBSITE}"' in written and "# printers:" in written

    # 2. Name the front-desk printer, as the guide's "Print and restock" page says.
    # The shipped botulinum toxin text has an Irish version now (issue 21) and passes as public
    # material; this clinic keeps it off its website, its choice (`not_on_website`).
    settings.write_text(written + f"printers:\n  desk: {QUEUE}\nnot_on_website: [botulinum-toxin]\n", encoding="utf-8")

    # 3. Preview the web edition: its index lists the leaflet, whose page answers.
    preview = Server(project, "--clinic", SLUG, "--out", str(out), "--port", "0", env=env)
    try:
        host, port = preview.address()
        address = f"http://{host}:{port}"
        index = fetch(address + "/")  # the preview sends / on to the clinic's index
        assert f'<a href="chemical-peels/">{TITLE}' in index
        assert "botulinum-toxin" not in index  # kept off the website (not_on_website)
        page = fetch(address + "/handouts/en/chemical-peels/")
        assert f"<h1>{TITLE}</h1>" in page
        assert "Harbour Skin Clinic" in page and "091 555 0142" in page
        assert '<a href="tel:112">112</a> / <a href="tel:999">999</a>' in page  # Irish emergency numbers
    finally:
        assert preview.stop() in (0, 130, -signal.SIGINT), preview.output

    assert (out / SLUG / "en" / "chemical-peels.pdf").is_file()

    # 4. Before print day: the dry run asks the print server and lists the jobs, sending nothing.
    before = cups.job_ids()
    done = run(project, env, "print", "--clinic", SLUG, "--printer", "desk", "--handout", "chemical-peels",
               "--dry-run", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        f"  printer 'desk' ({QUEUE} on the default print server): ready (it exists, accepts jobs and is not stopped)"
    ) in done.stdout.splitlines()
    assert f"  would send 1 x {SLUG}/en/chemical-peels.pdf" in done.stdout
    assert f"would send 1 x {SLUG}/en/chemical-peels.trifold.pdf" in done.stdout
    assert "3 jobs to send to printer 'desk'" in done.stdout
    assert cups.job_ids() == before

    # 5. Publish over SSH, then ask the web host for every address the QR codes print.
    done = run(project, env, "publish", "--clinic", SLUG, "--out", str(out), "--to", sshd.url(site),
               "--verify-at", web)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Published {SLUG} to" not in done.stderr
    assert "Published: " in done.stdout and " uploaded, 0 deleted, 0 unchanged." in done.stdout
    # The standard, large-print and trifold leaflets of chemical peels and dermal fillers (which
    # has an Irish version since issue 21) each print their page's address.
    said = f"Verified at {web}: all 6 addresses printed on the leaflets answer with their page."
    assert said in done.stdout.splitlines(), done.stdout
    assert TITLE in fetch(web + "/handouts/en/chemical-peels/")
    # The botulinum toxin leaflet is kept off the website: not on the host.
    assert not (site / "handouts/en/botulinum-toxin").exists()

    # 6. A page lost on the host: the check names the address printed on the leaflets.
    shutil.rmtree(site / "handouts/en/chemical-peels")
    done = run(project, env, "publish", "--clinic", SLUG, "--out", str(out), "--verify-only", "--verify-at", web)
    assert done.returncode == 1, done.stdout + done.stderr
    for edition in ("standard", "large print", "trifold"):
        assert (
            f"The QR code on chemical-peels (en, {edition}) points to {WEBSITE}/handouts/en/chemical-peels: "
            f"the server answered 404 File not found (asked at {web}/handouts/en/chemical-peels)"
        ) in done.stderr
    assert f"3 of 6 addresses printed on the leaflets do not work (asked at {web})." in done.stdout
