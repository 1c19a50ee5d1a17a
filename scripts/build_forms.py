"""Compile forms/*.ui into kefu_desktop/ui/generated/ui_<name>.py with pyside6-uic.

Run after editing a form: `python scripts/build_forms.py`. `--check` exits 1 when a generated
module is missing or out of date (the test suite runs it).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
GENERATED = ROOT / "kefu_desktop" / "ui" / "generated"


def uic_command() -> list[str]:
    """pyside6-uic next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("pyside6-uic")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise SystemExit("pyside6-uic not found: install PySide6 into this environment")


def prune_unused_imports(source: str) -> str:
    """Drop the names pyside6-uic imports but the form never uses.

    uic imports a fixed list of classes; PySide6 sets each one up on first import, which costs
    start-up time for every class the form does not need.
    """
    tree = ast.parse(source)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    lines = source.splitlines()
    for node in reversed(tree.body):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        names = [alias.name for alias in node.names if alias.name in used]
        start, end = node.lineno - 1, (node.end_lineno or node.lineno)
        lines[start:end] = [f"from {node.module} import {', '.join(names)}"] if names else []
    return "\n".join(lines)


def compile_form(form: Path) -> str:
    """The Python source pyside6-uic makes of `form`, without unused imports."""
    output = subprocess.run(
        [*uic_command(), "-g", "python", str(form)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    ).stdout
    lines = [line for line in output.splitlines() if not line.startswith("## Created by: Qt")]
    return prune_unused_imports("\n".join(lines)).rstrip() + "\n"


def target_for(form: Path) -> Path:
    return GENERATED / f"ui_{form.stem}.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale modules")
    args = parser.parse_args()
    GENERATED.mkdir(parents=True, exist_ok=True)
    init = GENERATED / "__init__.py"
    if not init.exists():
        init.write_text('"""Modules generated from forms/*.ui by scripts/build_forms.py."""\n')
    stale = []
    for form in sorted(FORMS.glob("*.ui")):
        source = compile_form(form)
        target = target_for(form)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != source:
            stale.append(target.relative_to(ROOT))
            if not args.check:
                target.write_text(source, encoding="utf-8")
    if args.check and stale:
        print("out of date (run python scripts/build_forms.py):", *stale, sep="\n  ")
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
