"""``report.pdf``: the report's ``index.html`` printed by a headless Chromium or Chrome.

The browser is the one the reader's own would be: the report's print CSS (A4, running
header, page numbers, no split charts, repeated table headers) is what it honours, so
the PDF is the HTML as printed, not a second rendering.

Examples
--------
>>> sorted(BROWSERS)[:2]
['chrome', 'chromium']
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from chananalysis.errors import ChananalysisError

__all__ = ["BROWSERS", "find_browser", "print_pdf"]

#: Command names tried in order; ``CHANANALYSIS_BROWSER`` (a path or a name) goes first.
BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
)
_MAC = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


def find_browser() -> str:
    """The path of a Chromium-family browser on this machine.

    Raises
    ------
    ChananalysisError
        None found: the message says what to install (Debian/Ubuntu ``chromium``, or
        Google Chrome) and how to point at one (``CHANANALYSIS_BROWSER``).
    """
    wanted = os.environ.get("CHANANALYSIS_BROWSER")
    for name in ([wanted] if wanted else []) + list(BROWSERS) + list(_MAC):
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found:
            return found
    raise ChananalysisError(
        "--pdf needs a headless Chromium or Google Chrome, and none was found: install "
        "Debian/Ubuntu's `chromium` package (apt install chromium) or Google Chrome, or set "
        "CHANANALYSIS_BROWSER to the browser's path"
    )


def print_pdf(html: Path, pdf: Path, *, browser: str | None = None, timeout: float = 180) -> Path:
    """Print ``html`` to ``pdf`` with a headless browser (A4 and margins from the page's
    print CSS; the browser's own header and footer off: the CSS has ours).

    Raises
    ------
    ChananalysisError
        No browser; the browser failed or wrote no PDF within ``timeout`` seconds (its
        last output is in the message).
    """
    exe = browser or find_browser()
    pdf = Path(pdf)
    with tempfile.TemporaryDirectory(prefix="chananalysis-print-") as profile:
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",  # root in containers and CI; the page is our own file
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--virtual-time-budget=20000",  # let fonts and images settle before printing
            f"--print-to-pdf={pdf}",
            Path(html).resolve().as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            raise ChananalysisError(f"printing the PDF took over {timeout:.0f} s ({exe})") from err
    if done.returncode or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-3:]
        raise ChananalysisError(
            f"{exe} could not print {html.name} to PDF (exit {done.returncode}): {' / '.join(tail)}"
        )
    return pdf
