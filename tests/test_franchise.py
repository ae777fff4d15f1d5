"""Franchise economics (METHOD §5.3): fees, profit and payback, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.franchise import franchise_economics

COLUMNS = [
    "turnover", "initial_fee", "royalty", "ad_levy", "annual_fees", "operating_profit",
    "franchisee_profit", "franchisee_cost_year1", "franchisor_income_year1",
    "franchisor_income_term", "payback_months", "pays_back", "note",
]  # fmt: skip


def row(**values) -> pd.DataFrame:
    return pd.DataFrame(
        {c: [values[c]] for c in COLUMNS},
        index=pd.RangeIndex(1),
    ).astype({c: "float64" for c in COLUMNS[:11]} | {"pays_back": "bool", "note": "str"})


def test_an_outlet_that_pays_back():
    out = franchise_economics(1_000_000, initial_fee=50_000, operating_margin=0.15)
    expected = row(
        turnover=1_000_000.0,
        initial_fee=50_000.0,
        royalty=40_000.0,  # 4 % × 1,000,000 (default)
        ad_levy=20_000.0,  # 2 % × 1,000,000 (default)
        annual_fees=60_000.0,  # 40,000 + 20,000
        operating_profit=150_000.0,  # 15 % × 1,000,000
        franchisee_profit=90_000.0,  # 150,000 − 60,000
        franchisee_cost_year1=110_000.0,  # 50,000 + 60,000
        franchisor_income_year1=110_000.0,
        franchisor_income_term=350_000.0,  # 50,000 + 5 × 60,000
        payback_months=50_000 / 7_500,  # 90,000 / 12 = 7,500 a month → 6.67 months
        pays_back=True,
        note="",
    )
    assert_frame_equal(out, expected, rtol=1e-12)
    assert out.loc[0, "payback_months"] == pytest.approx(6.6667, abs=1e-4)


def test_an_outlet_that_never_pays_back():
    out = franchise_economics(1_000_000, initial_fee=50_000, operating_margin=0.05)
    # 5 % × 1,000,000 = 50,000 − 60,000 fees = −10,000
    assert out.loc[0, "operating_profit"] == pytest.approx(50_000.0)
    assert out.loc[0, "franchisee_profit"] == pytest.approx(-10_000.0)
    assert np.isnan(out.loc[0, "payback_months"])
    assert not out.loc[0, "pays_back"]
    assert out.loc[0, "note"] == "never_pays_back"
    # the franchisor is paid all the same: 50,000 + 60,000 in year 1
    assert out.loc[0, "franchisor_income_year1"] == pytest.approx(110_000.0)


@pytest.mark.parametrize(
    ("initial_fee", "payback", "pays_back", "note"),
    [
        # profit 0.18 × 1e6 − 60,000 = 120,000 → 10,000 a month
        pytest.param(600_000, 60.0, True, "", id="exactly-at-the-term"),  # 600,000 / 10,000
        pytest.param(610_000, 61.0, False, "beyond_term", id="a-month-beyond"),
        pytest.param(0, 0.0, True, "", id="no-initial-fee"),
    ],
)
def test_payback_against_the_term(initial_fee, payback, pays_back, note):
    out = franchise_economics(1_000_000, initial_fee=initial_fee, operating_margin=0.18)
    assert out.loc[0, "franchisee_profit"] == pytest.approx(120_000.0)
    assert out.loc[0, "payback_months"] == pytest.approx(payback, rel=1e-12)
    assert out.loc[0, "pays_back"] == pays_back
    assert out.loc[0, "note"] == note


def test_a_series_of_outlets_with_own_rates_and_term():
    shops = pd.Series([2_000_000.0, 0.0], index=pd.Index(["旗舰店", "新店"], name="outlet"))
    out = franchise_economics(
        shops,
        initial_fee=80_000,
        royalty_rate=0.05,
        ad_levy_rate=0.01,
        operating_margin=0.10,
        term_years=3,
    )
    assert out.index.equals(shops.index)
    # 旗舰店: royalty 5 % × 2e6 = 100,000, levy 20,000, fees 120,000; profit 200,000 −
    # 120,000 = 80,000 → 6,666.67 a month → 80,000 / 6,666.67 = 12 months ≤ 36
    # term income 80,000 + 3 × 120,000 = 440,000
    # 新店: no turnover, no fees, no profit: never pays back; income = the fee alone
    expected = pd.DataFrame(
        {
            "annual_fees": [120_000.0, 0.0],
            "franchisee_profit": [80_000.0, 0.0],
            "franchisee_cost_year1": [200_000.0, 80_000.0],
            "franchisor_income_term": [440_000.0, 80_000.0],
            "payback_months": [12.0, np.nan],
        },
        index=shops.index,
    )
    assert_frame_equal(out[expected.columns], expected, rtol=1e-12)
    assert_series_equal(
        out["note"], pd.Series(["", "never_pays_back"], index=shops.index, name="note", dtype="str")
    )
    assert out["pays_back"].tolist() == [True, False]


def test_columns_and_types():
    out = franchise_economics(500_000, initial_fee=10_000, operating_margin=0.2)
    assert list(out.columns) == COLUMNS
    assert (out.dtypes.iloc[:11] == "float64").all()
    assert out["pays_back"].dtype == "bool"
    assert out.index.tolist() == [0]


def test_turnover_is_not_mutated():
    shops = pd.Series([1e6, 2e6], index=["a", "b"])
    before = shops.copy()
    franchise_economics(shops, initial_fee=1.0, operating_margin=0.1)
    assert_series_equal(shops, before)


@pytest.mark.parametrize(
    ("turnover", "options", "match"),
    [
        pytest.param(-1.0, {}, r"turnover: -1 is not a turnover", id="negative-turnover"),
        pytest.param(
            pd.Series([1e6, np.nan], index=["s1", "s2"]),
            {},
            r"turnover, row s2: nan is not a turnover",
            id="blank-in-series",
        ),
        pytest.param(
            pd.Series([1e6, -5.0], index=["s1", "s2"]),
            {},
            r"turnover, row s2: -5 is not a turnover",
            id="negative-in-series",
        ),
        pytest.param("1e6", {}, r'turnover: "1e6" is not a turnover', id="text-turnover"),
        pytest.param(1e6, {"initial_fee": -1}, r"initial_fee: -1 is not a fee", id="neg-fee"),
        pytest.param(1e6, {"royalty_rate": 1.0}, r"royalty_rate: 1 is not a rate", id="royalty-1"),
        pytest.param(
            1e6, {"ad_levy_rate": -0.01}, r"ad_levy_rate: -0.01 is not a rate", id="levy-neg"
        ),
        pytest.param(
            1e6, {"operating_margin": -1.0}, r"operating_margin: -1 is not a margin", id="m-1"
        ),
        pytest.param(
            1e6, {"operating_margin": 1.5}, r"operating_margin: 1.5 is not a margin", id="m-1.5"
        ),
        pytest.param(1e6, {"term_years": 0}, r"term_years: 0 is not a term", id="term-0"),
        pytest.param(1e6, {"initial_fee": None}, r"initial_fee: None is not a fee", id="fee-none"),
    ],
)
def test_bad_input_is_refused(turnover, options, match):
    kwargs = {"initial_fee": 50_000, "operating_margin": 0.15, **options}
    with pytest.raises(InputDataError, match=match):
        franchise_economics(turnover, **kwargs)


def test_options_are_required_by_name():
    with pytest.raises(TypeError):
        franchise_economics(1e6, 50_000, 0.04)  # type: ignore[misc]
    with pytest.raises(TypeError):
        franchise_economics(1e6, initial_fee=50_000)  # type: ignore[call-arg]
