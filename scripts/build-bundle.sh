#!/usr/bin/env bash
# Build the one-folder desk program from build.spec (PyInstaller) into dist/kefu-desktop, print
# its size and run the bundled program's self-test offscreen: a module, Qt plugin or resource the
# bundle lacks fails here. Usage: scripts/build-bundle.sh   (the report: dist/selftest-report.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh build

started=$SECONDS
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
bundle=dist/kefu-desktop
echo "Built $bundle in $((SECONDS - started)) s: $(du -sm "$bundle" | cut -f1) MB," \
  "$(find "$bundle" -type f | wc -l) files"

# Run it as a desk would: from outside the checkout, without the project's virtual environment.
report="$PWD/dist/selftest-report.txt"
(cd /tmp && env -u PYTHONPATH -u VIRTUAL_ENV -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen \
  "$OLDPWD/$bundle/kefu-desktop" selftest --report "$report")
