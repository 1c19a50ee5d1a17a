#!/usr/bin/env bash
# Save a PNG of every window for every role, on fresh demo data, as seen on a 1366×768 laptop
# (the 40 px taskbar left out). Usage: bash scripts/screenshots.sh [FOLDER]  (default: screenshots)
# The list printed at the end marks any window that does not fit or hides a key column.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
bash scripts/bootstrap.sh
config="$(mktemp --suffix=.json)"
trap 'rm -f "$config"' EXIT
cat >"$config" <<'JSON'
{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 728,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
JSON
QT_QPA_PLATFORM="offscreen:configfile=$config" .venv/bin/python -m kefu_desktop.ui.tour --out "$out"
echo "Saved to $out/"
