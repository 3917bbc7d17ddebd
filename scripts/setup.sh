#!/usr/bin/env bash
# One-time set-up, run by `make` before anything else: the system libraries WeasyPrint
# needs (Pango, HarfBuzz subsetting, fontconfig), the browser and Node.js the web-edition
# tests use (Debian's chromium, nodejs, npm), then a virtual environment in .venv with the
# exact Python packages in requirements.lock, and axe-core from package-lock.json in
# node_modules/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- system libraries (Debian/Ubuntu package names) -------------------------------
declare -A PACKAGE=(
  [libpango-1.0.so.0]=libpango-1.0-0
  [libpangoft2-1.0.so.0]=libpangoft2-1.0-0
  [libharfbuzz-subset.so.0]=libharfbuzz-subset0
  [libfontconfig.so.1]=libfontconfig1
)
missing=()
for lib in "${!PACKAGE[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${PACKAGE[$lib]}")
done
# The web-edition tests (tests/test_web.py): Debian's Chromium, driven by the Playwright
# release whose bundled Chromium has the same major version (requirements.lock; the tests
# stop with a clear message when they differ), and npm for axe-core.
[ -x /usr/lib/chromium/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# The print tests (tests/test_print.py) run a real CUPS print server on 127.0.0.1: Debian's
# cupsd, the lp/lpstat/lpadmin client (which `build.py print` uses too) and ipptool. Only
# these parts of CUPS: the `cups` metapackage adds Ghostscript, Poppler and the filters,
# which a raw test queue never runs. No avahi: the tests' server has browsing off.
[ -x /usr/sbin/cupsd ] || missing+=(cups-daemon)
command -v lp >/dev/null || missing+=(cups-client)
command -v ipptool >/dev/null || missing+=(cups-ipp-utils)
# The layout tests read each PDF's text as a second reader lays it out (pdftotext), as a
# print shop's preflight would; page images for the docs come from pdftoppm.
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# `build.py publish` uploads with rsync over OpenSSH's ssh; its tests (tests/test_publish.py)
# start their own sshd on 127.0.0.1 with a temporary config. Installing openssh-server must
# never leave a system-wide SSH server running: the service is kept from starting, then disabled.
command -v rsync >/dev/null || missing+=(rsync)
command -v ssh >/dev/null || missing+=(openssh-client)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
# Text drawn in the images a clinic supplies (logos, handout figures) is read by OCR and held
# to the claim rules (clearprint/checks/image_text.py): Debian's Tesseract with its English and
# Spanish models.
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || missing+=(tesseract-ocr-eng)
[ -e /usr/share/tesseract-ocr/5/tessdata/spa.traineddata ] || missing+=(tesseract-ocr-spa)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system libraries: ${missing[*]}"
  SUDO=()
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=(sudo); fi
  if { [ "$(id -u)" = 0 ] || [ ${#SUDO[@]} -gt 0 ]; } && command -v apt-get >/dev/null; then
    # Debian starts a package's service on installation unless /usr/sbin/policy-rc.d exits
    # 101: write one for the duration of the install (only if there is none), then remove it.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\n# written by Clearprint scripts/setup.sh during apt-get install\nexit 101\n' \
        | "${SUDO[@]}" tee "$policy" >/dev/null
      "${SUDO[@]}" chmod 755 "$policy"
      trap '"${SUDO[@]}" rm -f "$policy"' EXIT
    fi
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ -n "$policy" ]; then "${SUDO[@]}" rm -f "$policy"; trap - EXIT; fi
    # No system-wide SSH server left running or enabled by this set-up (the tests run their own).
    if [[ " ${missing[*]} " == *" openssh-server "* ]]; then
      if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        "${SUDO[@]}" systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
      elif command -v service >/dev/null; then
        "${SUDO[@]}" service ssh stop >/dev/null 2>&1 || true
      fi
      if command -v update-rc.d >/dev/null; then "${SUDO[@]}" update-rc.d ssh disable >/dev/null 2>&1 || true; fi
    fi
  else
    echo "Please install these system packages, then run make again: ${missing[*]}" >&2
    exit 1
  fi
fi

# --- Python ------------------------------------------------------------------------
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed; found $("$PYTHON" --version)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .

# --- axe-core, injected into pages by the browser tests (exact version in package-lock.json)
npm ci --ignore-scripts --no-audit --no-fund --silent
touch .venv/.installed
