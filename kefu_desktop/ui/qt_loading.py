"""PySide6 loaded for a desk without its scan of every module's source."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import kefu_desktop

DOES_NOT_USE_PYSIDE = -1
MAY_USE_PYSIDE = 0
"""The marks PySide6 keeps per module: ignore it, or no `__feature__` switch chosen."""


def load_qt() -> None:
    """Load PySide6 and give it the marks it would otherwise find by reading source files.

    PySide6 lets a module switch on `from __feature__ import ...` (snake_case names and the
    like). To know which modules might, it reads the whole source file of every module the
    first time an import statement names it after PySide6 has loaded, looking for the text
    "PySide6": about 0.1 ms a module (1.5 ms for peewee), 13 ms over a desk's start. No module
    here uses the switch. The modules loaded so far (the store, the login, the standard
    library) get the mark PySide6 gives a module that does not use it, and this program's
    own modules that load later the mark of one that may use it without a switch. Anything
    else is still read as before. Where the sources are not files (the Windows bundle), there
    is nothing to mark and PySide6 has nothing to read."""
    import PySide6.QtCore  # noqa: F401

    feature = sys.modules.get("shibokensupport.feature")
    marks = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(marks, dict):
        return  # another PySide6: it keeps its own ways
    for name in list(sys.modules):
        marks.setdefault(name, DOES_NOT_USE_PYSIDE)
    for name in own_module_names():
        marks.setdefault(name, MAY_USE_PYSIDE)


def own_module_names() -> Iterator[str]:
    """The dotted names of this program's modules, from its source files."""
    root = os.path.dirname(os.path.abspath(kefu_desktop.__file__))
    parent = os.path.dirname(root)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        package = os.path.relpath(folder, parent).replace(os.sep, ".")
        for file in files:
            if file == "__init__.py":
                yield package
            elif file.endswith(".py"):
                yield f"{package}.{file[:-3]}"
