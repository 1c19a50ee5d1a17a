#!/usr/bin/env bash
# Prepare this checkout to run kefu-desktop: Qt's system libraries and a Chinese font
# (Debian/Ubuntu, via apt-get), then a virtual environment in .venv with the project installed.
# Usage: scripts/bootstrap.sh [EXTRAS]   e.g. scripts/bootstrap.sh test,postgresql
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"
packages=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
  fonts-noto-cjk
)
# The storage-fault tests make small ext4 filesystems on loop devices (mkfs.ext4, e2fsck).
[[ "$extras" == *test* ]] && packages+=(e2fsprogs)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [[ ",$extras," == *",test,"* ]] && command -v dpkg-query >/dev/null 2>&1 \
  && ! dpkg-query -W -f='${Status}' libreoffice-calc-nogui 2>/dev/null | grep -q "install ok installed"; then
  # The tests open an exported workbook in LibreOffice, headless (about 200 MB without GUI).
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing LibreOffice Calc (headless) for the tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui >/dev/null
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "kefu-desktop needs Python 3.11 or newer; $("$python" --version) found." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
target="."
[ -n "$extras" ] && target=".[$extras]"
.venv/bin/python -m pip install -q -e "$target" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import kefu_desktop, PySide6, peewee" \
  || { echo "Installing kefu-desktop into .venv failed; see the messages above." >&2; exit 1; }
