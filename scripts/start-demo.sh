#!/usr/bin/env bash
# Install kefu-desktop into .venv, fill a demo database of its own with demo data (once), and
# start the app on it. The demo never touches the office database: KEFU_DB_URL is not used, the
# demo has its own data folder (KEFU_DEMO_DIR, default ~/.local/share/kefu-desktop-demo) with
# its own database file and archive. Extra arguments go to kefu-desktop (e.g. --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
demo_dir="${KEFU_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/kefu-desktop-demo}"
mkdir -p "$demo_dir"
demo_db="$demo_dir/kefu-demo.db"
unset KEFU_DB_URL
.venv/bin/kefu-desktop --data-dir "$demo_dir" "$@" --db "$demo_db" demo --cases 3000 --if-empty
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
  && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No screen found (DISPLAY is not set). Start it from a desktop session, or under a"
  echo "virtual screen: xvfb-run -a bash scripts/start-demo.sh"
  exit 1
fi
exec .venv/bin/kefu-desktop --data-dir "$demo_dir" "$@" --db "$demo_db"
