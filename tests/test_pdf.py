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

pytestmark = [
    pytest.mark.slow,  # the sample reports, printed by a browser
    pytest.mark.skipif(
        shutil.which("chromium") is None and shutil.which("google-chrome") is None,
        reason="needs Chromium or Chrome (.ci/run installs Debian's chromium)",
    ),
]


CASES = [(c, lang) for c in ("seasoning", "cosmetics", "feed") for lang in ("zh", "en")]
#: Words every page but the title page carries in its running header, per language.
HEADER = {"zh": ("渠道分析报告", "保密"), "en": ("Channel analysis report", "Confidential")}
SUMMARY = {"zh": ("执行摘要", "项决定"), "en": ("Executive summary", "decisions")}
CLIENTS = {"seasoning": "豫香园", "cosmetics": "清澜", "feed": "丰牧"}


@pytest.fixture(scope="module", params=CASES, ids=lambda c: "-".join(c))
def printed(request, sample_reports):
    """One sample report, printed (conftest.py makes them once per run): its folder and
    the NFKC text of each page (the PDF's text layer spells some CJK characters as
    their radical forms)."""
    folder = sample_reports[request.param].parent
    reader = pypdf.PdfReader(folder / "report.pdf")
    texts = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]
    return request.param, folder, reader, texts


def _has_image(page) -> bool:
    return bool((page.get("/Resources") or {}).get("/XObject"))


def test_report_pdf_is_printed_beside_index_html(printed):
    (client, lang), folder, _, _ = printed
    assert (folder / "report.pdf").stat().st_size > 100_000
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["pdf"] is True and run["timings"]["pdf"] > 0
    ARTEFACTS.mkdir(parents=True, exist_ok=True)  # for a person to look at after the run
    shutil.copy(folder / "report.pdf", ARTEFACTS / f"{client}_{lang}.pdf")


def test_pdf_has_no_blank_page_and_numbers_its_pages(printed):
    (client, lang), _, reader, texts = printed
    n = len(texts)
    assert 20 < n < 120
    blank = [
        k
        for k, (p, text) in enumerate(zip(reader.pages, texts, strict=True), 1)
        if not text.strip() and not _has_image(p)
    ]
    assert blank == []
    # page numbers "k / n" in every footer; the running header from page 2 on
    assert all(re.search(rf"\b{k} / {n}\b", text) for k, text in enumerate(texts, 1))
    assert all(all(w in text for w in HEADER[lang]) for text in texts[1:])
    assert all(CLIENTS[client] in text for text in texts[1:]), "the client in the header"
    # the contents fit one page; the executive summary follows them
    first = next(i for i, text in enumerate(texts, 1) if all(w in text for w in SUMMARY[lang]))
    assert first == 3, first


def test_no_page_is_a_stranded_heading(printed):
    # a page with three lines or fewer under its running header and no chart is a
    # stranded heading or a tail (the contents once spilled three lines onto page 3)
    _, _, reader, texts = printed
    short = [
        k
        for k, (page, text) in enumerate(zip(reader.pages, texts, strict=True), 1)
        if k > 1
        and len(text.strip().splitlines()) < 6  # header, page number, three lines
        and not _has_image(page)  # and no chart
    ]
    assert short == []


def test_first_page_rendered_for_a_person_to_look_at(printed):
    import pypdfium2

    (client, lang), folder, _, _ = printed
    pdf = pypdfium2.PdfDocument(folder / "report.pdf")
    try:
        image = pdf[0].render(scale=100 / 72).to_pil().convert("L")  # 100 dpi
    finally:
        pdf.close()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    image.save(ARTEFACTS / f"{client}_{lang}_page1.png")
    width, height = image.size  # A4 at 100 dpi, give or take a pixel of rounding
    assert abs(width - 827) <= 1 and abs(height - 1169) <= 1, image.size
    inked = sum(image.histogram()[:128])  # dark pixels
    assert inked > 2_000, "the title page shows the client and the report's title"


def test_a_missing_browser_is_named_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser anywhere on the PATH
    monkeypatch.setenv("CHANANALYSIS_BROWSER", str(tmp_path / "no-such-browser"))
    with pytest.raises(ChananalysisError, match="apt install chromium"):
        find_browser()
    with pytest.raises(ChananalysisError, match="apt install chromium"):
        ca.run_report(SAMPLES / "feed", tmp_path / "out", lang="en", pdf=True)
    assert not (tmp_path / "out").exists()


#: Words of the 15-column dealer league table's header (printed headers wrap) and of its
#: last column.
LEAGUE = {"zh": (("排名", "销售成", "扣分"), "星级"), "en": (("Rank", "Bonus", "Penalty"), "Stars")}


def test_wide_tables_keep_their_last_column(printed):
    # wherever the league table's header is printed, so is its last column and its stars;
    # tests/test_browser.py checks every table of every report against the printed width
    (_, lang), _, _, texts = printed
    first, last = LEAGUE[lang]
    league = [t for t in texts if all(w in t for w in first)]
    assert league, "the league table is printed"
    assert all(last in t and ("★" in t or "disqualified" in t or "取消资格" in t) for t in league)
