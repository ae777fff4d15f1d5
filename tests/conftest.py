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


CLIENTS = ("seasoning", "cosmetics", "feed")


class _Making:
    """The sample reports being made: two at a time in processes of their own, started
    as soon as the tests are collected (`pytest_collection_finish`) so that the tests
    that do not read them run meanwhile."""

    def __init__(self, out: Path) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        import chananalysis as ca

        pdf = _have_browser()
        self.before = {c: _hashes(SAMPLES / c) for c in CLIENTS}
        running = set(multiprocessing.active_children())
        self.pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
        self.runs = {
            (c, lang): self.pool.submit(ca.run_report, SAMPLES / c, out / lang, lang=lang, pdf=pdf)
            for c in CLIENTS
            for lang in ("zh", "en")
        }
        self.again = self.pool.submit(ca.run_report, SAMPLES / "feed", out / "again", lang="en")
        self.workers = set(multiprocessing.active_children()) - running

    def result(self) -> SampleReports:
        made = SampleReports()
        try:
            for key, run in self.runs.items():
                made[key] = run.result()
            made.again = self.again.result()
        finally:
            self.pool.shutdown()
        made.inputs_unchanged = all(_hashes(SAMPLES / c) == self.before[c] for c in CLIENTS)
        return made

    def stop(self) -> None:
        """End the run early (no test read the reports: -x, Ctrl-C)."""
        if not self.again.done():
            for worker in self.workers:
                worker.terminate()
        self.pool.shutdown(wait=False, cancel_futures=True)


_making: list[_Making] = []  # at most one, started once per run


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory):
    """Every sample client's report in both languages, made once for the whole run
    (test_report, test_pdf, test_browser and test_notebooks read the same ones), each
    printed to PDF too when a browser is installed — two at a time, as `chananalysis
    batch --jobs 2` would, in the background from the start of the run (the test files
    that read them run last). Maps (client, lang) -> index.html; ``.inputs_unchanged``
    says whether every input file kept its SHA-256."""
    if not _making:
        _making.append(_Making(tmp_path_factory.mktemp("reports")))
    return _making[0].result()


def _reads_reports(item) -> bool:
    return "sample_reports" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items) -> None:
    """Refuse a test that reads the sample reports without the ``slow`` marker: it would
    put seven reports (kernels, a browser) into `make check`, the fast tier. Then move
    the files that read them to the end, keeping the order within each part, so that
    every other test runs while they are being made."""
    unmarked = [
        item.nodeid
        for item in items
        if _reads_reports(item) and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests that use the sample_reports fixture must be marked slow: " + ", ".join(unmarked)
        )
    late = {item.path for item in items if _reads_reports(item)}
    items[:] = [i for i in items if i.path not in late] + [i for i in items if i.path in late]


def pytest_collection_finish(session) -> None:
    """Start making the sample reports when a test that will run reads them."""
    if session.config.option.collectonly or not any(map(_reads_reports, session.items)):
        return
    factory = session.config._tmp_path_factory  # the tmp_path_factory fixture's own
    _making.append(_Making(factory.mktemp("reports")))


def pytest_sessionfinish(session) -> None:
    if _making:
        _making[0].stop()


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
