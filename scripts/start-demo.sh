#!/usr/bin/env bash
# Install kefu-desktop into .venv, fill the default SQLite database with demo data (once),
# and start the app. Extra arguments go to kefu-desktop (e.g. --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/kefu-desktop "$@" demo --cases 3000 --if-empty
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
  && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No screen found (DISPLAY is not set). Start it from a desktop session, or under a"
  echo "virtual screen: xvfb-run -a .venv/bin/kefu-desktop"
  exit 1
fi
exec .venv/bin/kefu-desktop "$@"
