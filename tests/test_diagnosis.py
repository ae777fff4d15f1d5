"""Section 01 (channel diagnosis and incentives): its review on the sample clients and on
hand-made intakes, its prose in both languages, and its parameters in a real report run."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import sample_client

import chananalysis as ca
from chananalysis.errors import InputDataError
from chananalysis.methods.financials import RATIOS
from chananalysis.methods.notes import Notes
from chananalysis.sections.diagnosis import review as diagnosis
from chananalysis.sections.diagnosis import tables, text

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
_LATIN = re.compile(r"[A-Za-z]{3,}|_")


@pytest.fixture(scope="module")
def seasoning():
    return sample_client("seasoning")


@pytest.fixture(scope="module")
def seasoning_review(seasoning):
    return diagnosis.review(seasoning)


def _rebate_by_loop(volume: float, tiers: list[tuple[float, float]], whole: bool) -> float:
    """The rebate worked tier by tier, independently of `tiered_rebate`."""
    if whole:
        rate = 0.0
        for threshold, r in tiers:
            if volume >= threshold:
                rate = r
        return volume * rate
    total = 0.0
    for i, (threshold, r) in enumerate(tiers):
        upper = tiers[i + 1][0] if i + 1 < len(tiers) else float("inf")
        total += max(0.0, min(volume, upper) - threshold) * r
    return total


# --- the review on the samples -----------------------------------------------------------


def test_seasoning_structure_is_exclusive_as_the_alliance_model(seasoning_review):
    r = seasoning_review
    assert r.width_source == "authorizations"
    # 42 territories, 41 held at year end (兰考 never, 信阳 until 09-30), 3 lines mostly:
    # every pair held by one dealer
    assert set(r.width["width"]) == {"exclusive"}
    assert r.expected_width == "intensive"
    # 62 dealers; 27,564 active outlets; 10 makers: 275,640 direct against 27,574
    assert r.dealers_count == 62
    assert (int(r.economy["direct"]), int(r.economy["intermediated"])) == (275_640, 27_574)


def test_seasoning_coverage_names_the_two_blind_spots(seasoning_review):
    counties = seasoning_review.coverage.counties
    assert counties.index[~counties["covered"]].tolist() == ["兰考", "信阳"]
    assert seasoning_review.coverage.county_rate == pytest.approx(40 / 42)


def test_rebate_costs_match_a_tier_by_tier_loop(seasoning, seasoning_review):
    tiers = list(seasoning.rebate_tiers[["threshold", "rate"]].itertuples(index=False))
    volumes = seasoning.dealer_kpis["actual_sales"]
    whole = sum(_rebate_by_loop(v, tiers, True) for v in volumes)
    marginal = sum(_rebate_by_loop(v, tiers, False) for v in volumes)
    rb = seasoning_review.rebates
    assert rb.whole_cost == pytest.approx(whole) and rb.marginal_cost == pytest.approx(marginal)
    assert rb.whole_cost == pytest.approx(1_204_140) and rb.marginal_cost == pytest.approx(574_140)
    # D007 sells 4,708,000: 292,000 short of 5,000,000 (5.84 %, within 10 %);
    # at 5 M: 150,000, now 4,708,000 × 2 % = 94,160 → gain 55,840
    assert rb.near.loc["D007", ["gap", "gain"]].tolist() == pytest.approx([292_000, 55_840])


def test_hand_made_rebates_whole_against_marginal(seasoning):
    tiers = pd.DataFrame({"threshold": [0.0, 1e6, 3e6], "rate": [0.0, 0.01, 0.02]})
    kpis = pd.DataFrame({"dealer": ["A", "B", "C"], "actual_sales": [999_999.0, 1e6, 4e6]})
    data = dataclasses.replace(seasoning, rebate_tiers=tiers, dealer_kpis=kpis)
    rb = diagnosis.review(data).rebates
    # whole: A 0; B 1e6 × 1 % = 10,000; C 4e6 × 2 % = 80,000 → 90,000
    # marginal: A 0; B 0; C 2e6 × 1 % + 1e6 × 2 % = 40,000 → 40,000
    assert (rb.whole_cost, rb.marginal_cost) == pytest.approx((90_000, 40_000))
    # A is 1 yuan short of 1 M: buying 1 more yuan earns 10,000
    assert rb.near.loc["A", "gain"] == pytest.approx(10_000)
    # the cliffs: at 1 M +10,000; at 3 M +30,000 (break-even 1 % + 1 %/10 % = 11 %)
    assert rb.cliffs["jump"].tolist() == pytest.approx([10_000, 30_000])
    assert rb.cliffs["breakeven_discount"].tolist() == pytest.approx([0.10, 0.11])


def test_parts_are_none_when_their_sheets_are_missing(seasoning):
    bare = dataclasses.replace(
        seasoning,
        dealers=None,
        dealer_kpis=None,
        financials=None,
        authorizations=None,
        territories=None,
        inventory=None,
        rebate_tiers=None,
    )
    r = diagnosis.review(bare)
    assert (r.width, r.economy, r.territories, r.health, r.stock, r.coverage, r.rebates) == (
        (None,) * 7
    )
    assert "cannot be judged" in text.structure_text(r, "en")
    assert len(r.performance) == 7  # six channels and the total


def test_a_product_type_the_width_suits(seasoning):
    r = diagnosis.review(seasoning, product_type="specialty")
    assert r.expected_width == "exclusive"
    assert "as suggested" in text.structure_text(r, "en")
    with pytest.raises(InputDataError, match="product_type must be one of"):
        diagnosis.review(seasoning, product_type="cars")


# --- prose ---------------------------------------------------------------------------------


def _codes() -> list[str | tuple[str, str]]:
    notes: list = [(k, ratio) for k in ("no_denominator", "missing") for ratio in RATIOS]
    notes += [("negative_equity", "debt_to_equity"), ("negative_equity", "roe"), *RATIOS]
    flags = ["mismatch", "carry_break", "negative_stock", "negative_sales", "gap_in_periods"]
    other = ["no_target", "new_channel", "no_sales", "no_expenses", "no_universe"]
    other += ["no_active", "active_exceeds_universe", "no_market_size", "partial_target"]
    other += ["partial_market_size", "partial_sales"]
    return notes + flags + other


@pytest.mark.parametrize("code", _codes(), ids=str)
def test_every_code_is_worded_in_chinese(code):
    zh = text.coded(Notes([code]), "zh")
    assert zh and not _LATIN.search(zh), zh
    assert (code if isinstance(code, str) else code[1]) not in text.coded(Notes([code]), "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_prose_on_each_sample_names_its_numbers(lang):
    # whole-volume against marginal rebates: 1,204,140 / 574,140 yuan (seasoning),
    # 902,200 / 592,200 (feed), 451,360 whole (cosmetics), in the reader's units
    money = {
        "zh": [["120 万元", "57.4 万元"], ["90.2 万元", "59.2 万元"], ["45.1 万元"]],
        "en": [["CNY 1.2 m", "CNY 574 k"], ["CNY 902 k", "CNY 592 k"], ["CNY 451 k"]],
    }[lang]
    for client, facts in {
        "seasoning": ["95.2%", "兰考", *money[0], "D017"],
        "feed": ["100.0%", *money[1], "电商直销"],
        "cosmetics": ["60.6%", *money[2], "石家庄 40.1%"],
    }.items():
        r = diagnosis.review(sample_client(client))
        prose = "\n".join(
            [
                text.structure_text(r, lang),
                text.performance_text(r, lang, currency="CNY"),
                text.health_text(r, lang, rules={"current_ratio": ("min", 1.0)}),
                text.stock_text(r, lang),
                text.coverage_text(r, lang),
                text.rebate_text(r, lang, currency="CNY"),
            ]
        )
        missing = [f for f in facts if f not in prose]
        assert missing == [], (client, missing)


def test_client_names_are_escaped_in_the_prose(seasoning):
    top = diagnosis.review(seasoning).health.risk.index[0]
    dealers = seasoning.dealers.copy()
    dealers.loc[dealers["dealer"] == top, "name"] = "[官网](http://x.cn) <b>x</b>"
    r = diagnosis.review(dataclasses.replace(seasoning, dealers=dealers))
    prose = text.health_text(r, "zh", rules={})
    assert "<b>" not in prose and "](http" not in prose
    assert "&lt;b&gt;" in prose


# --- the section in a report ---------------------------------------------------------------


@pytest.mark.slow
def test_section_parameters_reach_the_report(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text(
        "01_channel_diagnosis:\n"
        "  product_type: specialty\n"
        "  health_rules: {ar_days: [max, 30]}\n"
        "  shortfall: 0.2\n"
        "  top: 3\n",
        encoding="utf-8",
    )
    index = ca.run_report(
        SAMPLES / "feed",
        tmp_path / "out",
        lang="en",
        params=params,
        sections=["01_channel_diagnosis"],
    )
    html = index.read_text(encoding="utf-8")
    assert "suits exclusive distribution to specialty products" in html
    assert "receivable days above 30" in html
    assert "A dealer 20% short of a threshold" in html
    run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
    assert run["params"]["01_channel_diagnosis"]["health_rules"] == {"ar_days": ["max", 30]}
    book = openpyxl.load_workbook(index.parent / "tables.xlsx", read_only=True)
    names = book.sheetnames
    assert {
        "01 Channel map",
        "01 Sales and expenses",
        "01 Financial ratios by dealer",
        "01 Stock flow records",
    } <= set(names)
    risk = list(book["01 Dealers at credit risk"].iter_rows(values_only=True))
    assert len(risk) == 1 + 3  # top 3 shown


def test_market_share_where_market_size_is_given(tmp_path):
    # the template's channels: 流通批发 30,000,000 of 150,000,000 = 20.0 %; in all
    # 50,000,000 of 300,000,000 = 16.7 %
    data = ca.load_client(ca.write_intake_template(tmp_path / "t.xlsx", lang="en"))
    r = diagnosis.review(data)
    assert r.performance.loc["流通批发", "market_share"] == pytest.approx(0.2)
    prose = text.performance_text(r, "en", currency="CNY")
    assert "Market share: **16.7%** of a market of CNY 300 m" in prose
    assert "market_share" in tables.performance_table(r)
