"""Shared fixtures: write workbooks cell by cell so every Excel row number is known."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

GOOD_CLIENT = [
    ["field", "value"],
    ["client_name", "测试客户"],
    ["industry", "调味品"],
    ["currency", "CNY"],
    ["period", "2025"],
    ["period_start", dt.datetime(2025, 1, 1)],
    ["period_end", dt.datetime(2025, 12, 31)],
    ["consultant", "李顾问"],
]

GOOD_CHANNELS = [
    ["channel", "sales", "sales_prev", "variable_cost_rate", "fixed_cost"],
    ["KA卖场", 1000, 900, 0.2, 100],  # row 2
    ["流通批发", 3000, 2500, 0.1, 200],  # row 3
    ["餐饮", 500, 0, 0.15, 50],  # row 4
]


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An .xlsx with the given sheets, rows written exactly as given (row 1 = header)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    cell = ws.cell(row=r, column=c, value=v)
                    if isinstance(v, str) and v.startswith("="):
                        cell.data_type = "s"
    wb.save(path)
    return path


@pytest.fixture
def book(tmp_path: Path):
    """Write a workbook: ``book(channels=[...], dealers=[...])``; client and channels
    default to a valid minimal pair unless given (``None`` leaves a sheet out)."""

    def make(name: str = "client.xlsx", **sheets: list[list] | None) -> Path:
        content: dict[str, list[list]] = {"client": GOOD_CLIENT, "channels": GOOD_CHANNELS}
        content.update(sheets)
        content = {k: v for k, v in content.items() if v is not None}
        return write_book(tmp_path / name, content)

    return make


def messages(problems, lang: str = "en", level: str | None = None) -> list[str]:
    return [p.message(lang) for p in problems if level is None or p.level == level]


SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


@functools.cache
def _loaded(name: str):
    import chananalysis as ca

    return ca.load_client(SAMPLES / name)


def sample_client(name: str):
    """The sample client ``name`` as ``load_client(SAMPLES / name)`` gives it, read once
    per run (about half a second a client, asked for some fifty times): a deep copy each
    time, so a test that changes it changes no other test's."""
    return copy.deepcopy(_loaded(name))


def _hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (or of the file itself), by path."""
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _have_browser() -> bool:
    """Chromium or Chrome on the PATH, as `chananalysis.report.pdf` looks for them."""
    return bool(shutil.which("chromium") or shutil.which("google-chrome"))


class SampleReports(dict):
    """(client, lang) -> index.html of a sample report; ``again``: feed in English made a
    second time (for the determinism test)."""

    inputs_unchanged = True
    again: Path


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory):
    """Every sample client's report in both languages, made once for the whole run
    (test_report, test_pdf and test_browser read the same ones), each printed to PDF too
    when a browser is installed — two at a time, as `chananalysis batch --jobs 2` would.
    Maps (client, lang) -> index.html; ``.inputs_unchanged`` says whether every input
    file kept its SHA-256."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import chananalysis as ca

    out = tmp_path_factory.mktemp("reports")
    pdf = _have_browser()
    clients = ("seasoning", "cosmetics", "feed")
    before = {c: _hashes(SAMPLES / c) for c in clients}
    made = SampleReports()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = {
            (c, lang): pool.submit(ca.run_report, SAMPLES / c, out / lang, lang=lang, pdf=pdf)
            for c in clients
            for lang in ("zh", "en")
        }
        again = pool.submit(ca.run_report, SAMPLES / "feed", out / "again", lang="en")
        for key, run in runs.items():
            made[key] = run.result()
        made.again = again.result()
    made.inputs_unchanged = all(_hashes(SAMPLES / c) == before[c] for c in clients)
    return made


def pytest_collection_modifyitems(items) -> None:
    """Refuse a test that reads the sample reports without the ``slow`` marker: it would
    put seven reports (kernels, a browser) into `make check`, the fast tier."""
    unmarked = [
        item.nodeid
        for item in items
        if "sample_reports" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests that use the sample_reports fixture must be marked slow: " + ", ".join(unmarked)
        )


def pytest_terminal_summary(terminalreporter) -> None:
    """Say it in the summary when the browser tests could not run (they skip without
    Chromium; CI installs it, so there a missing browser fails test_browser.py)."""
    if not _have_browser():
        terminalreporter.write_sep(
            "!",
            "no Chromium on this machine: the browser and PDF tests were SKIPPED "
            "(apt-get install chromium fonts-noto-cjk, as .ci/run does)",
            yellow=True,
            bold=True,
        )
