"""``report.pdf``: printed by the real headless Chromium, read back page by page."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pypdf
import pytest

import chananalysis as ca
from chananalysis.errors import ChananalysisError
from chananalysis.report.pdf import find_browser

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
ARTEFACTS = Path(__file__).resolve().parent.parent / "build" / "pdf"

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and shutil.which("google-chrome") is None,
    reason="needs Chromium or Chrome (.ci/run installs Debian's chromium)",
)


@pytest.fixture(scope="module")
def printed(sample_reports):
    """The seasoning report in Chinese, printed (conftest.py makes it once per run)."""
    return sample_reports["seasoning", "zh"].parent


def _blank(page) -> bool:
    resources = page.get("/Resources") or {}
    return not (page.extract_text() or "").strip() and not resources.get("/XObject")


def test_report_pdf_is_printed_beside_index_html(printed):
    assert (printed / "report.pdf").stat().st_size > 100_000
    run = json.loads((printed / "run.json").read_text(encoding="utf-8"))
    assert run["pdf"] is True and run["timings"]["pdf"] > 0
    ARTEFACTS.mkdir(parents=True, exist_ok=True)  # for a person to look at after the run
    shutil.copy(printed / "report.pdf", ARTEFACTS / "seasoning_zh.pdf")


def test_pdf_has_no_blank_page_and_numbers_its_pages(printed):
    reader = pypdf.PdfReader(printed / "report.pdf")
    n = len(reader.pages)
    assert 20 < n < 120
    assert [i + 1 for i, p in enumerate(reader.pages) if _blank(p)] == []
    # NFKC: the PDF's text layer spells some CJK characters as their radical forms
    texts = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]
    # page numbers "k / n" in every footer; the running header from page 2 on
    assert all(re.search(rf"\b{k} / {n}\b", text) for k, text in enumerate(texts, 1))
    assert all("豫香园" in text and "渠道分析报告" in text for text in texts[1:])
    assert all("保密" in text for text in texts[1:])
    # the executive summary opens the report, right after the contents
    first = next(i for i, text in enumerate(texts) if "执行摘要" in text and "本报告对" in text)
    assert first <= 4


def test_a_missing_browser_is_named_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser anywhere on the PATH
    monkeypatch.setenv("CHANANALYSIS_BROWSER", str(tmp_path / "no-such-browser"))
    with pytest.raises(ChananalysisError, match="apt install chromium"):
        find_browser()
    with pytest.raises(ChananalysisError, match="apt install chromium"):
        ca.run_report(SAMPLES / "feed", tmp_path / "out", lang="en", pdf=True)
    assert not (tmp_path / "out").exists()


def test_wide_tables_keep_their_last_column(printed):
    # the 15-column dealer league table: wherever its header is printed, so is 星级
    reader = pypdf.PdfReader(printed / "report.pdf")
    pages = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]
    league = [t for t in pages if "销售成" in t and "渠道建" in t and "扣" in t]  # headers wrap
    assert league, "the league table is printed"
    assert all("星级" in t and "★" in t for t in league)
