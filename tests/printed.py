"""Rendering a workbook the way it prints, through LibreOffice headless (for checks and figures).

The tests and the print benchmark count the pages a workbook
prints to, and compare with the same workbook without its print setup.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_PRINT_SETUP = (
    re.compile(rb"<pageSetup[^>]*/>"),
    re.compile(rb"<headerFooter[^>]*>.*?</headerFooter>", re.DOTALL),
    re.compile(rb"<rowBreaks[^>]*>.*?</rowBreaks>", re.DOTALL),
    re.compile(rb"<pageSetUpPr[^>]*/>"),
    re.compile(rb"<pageMargins[^>]*/>"),
)
_PRINT_TITLES = re.compile(rb"<definedName[^>]*_xlnm\.Print_Titles[^>]*>[^<]*</definedName>")


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(pdf: Path) -> int:
    """How many pages a PDF file has (LibreOffice writes one page object per page)."""
    return len(_PAGE.findall(pdf.read_bytes()))


def render_pdf(workbook: Path, out_dir: Path, timeout: float = 600) -> Path:
    """Print `workbook` to a PDF in `out_dir` with LibreOffice headless; the PDF's path."""
    command = soffice()
    if command is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    done = subprocess.run(
        [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out_dir), str(workbook)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    pdf = out_dir / f"{workbook.stem}.pdf"
    if done.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not print {workbook}: {done.stderr.strip()}")
    return pdf


def without_print_setup(workbook: Path, target: Path) -> Path:
    """A copy of `workbook` with its page setup, headers, breaks and print titles removed:
    the workbook as it printed before it had any (a baseline for the page count)."""
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                for pattern in _PRINT_SETUP:
                    data = pattern.sub(b"", data)
            elif item.filename == "xl/workbook.xml":
                data = _PRINT_TITLES.sub(b"", data)
            copy.writestr(item, data)
    return target
