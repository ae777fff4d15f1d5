"""Sales and expense performance (docs/method.md §3.3, seed 004): achievement, growth, shares,
expense rates per channel; achievement per territory and per dealer — worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.notes import Notes
from chananalysis.methods.performance import (
    EXPENSE_COLUMNS,
    EXPENSE_GROUPS,
    dealer_achievement,
    sales_performance,
    territory_performance,
)

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
NAN = np.nan

COLUMNS = [
    "sales",
    "target",
    "achievement",
    "gap",
    "sales_prev",
    "growth",
    "share",
    "expense_sales_mgmt",
    "expense_promotion",
    "expense_other",
    "expenses",
    "rate_sales_mgmt",
    "rate_promotion",
    "rate_other",
    "expense_rate",
]


@pytest.fixture(scope="module")
def seasoning():
    return sample_client("seasoning")


@pytest.fixture(scope="module")
def feed():
    return sample_client("feed")


def channels(*rows: tuple) -> pd.DataFrame:
    """(channel, sales, sales_prev, target, mgmt, promotion, other) -> a channels sheet."""
    return pd.DataFrame(
        rows,
        columns=[
            "channel",
            "sales",
            "sales_prev",
            "target",
            "expense_sales_mgmt",
            "expense_promotion",
            "expense_other",
        ],
    )


def test_expense_groups_are_the_seeds_three():
    assert EXPENSE_GROUPS == ("sales_mgmt", "promotion", "other")
    assert EXPENSE_COLUMNS == {
        "sales_mgmt": "expense_sales_mgmt",
        "promotion": "expense_promotion",
        "other": "expense_other",
    }


def test_sales_performance_whole_table_by_hand():
    ch = channels(
        ("A", 800.0, 640.0, 1000.0, 40.0, 80.0, 8.0),
        ("B", 200.0, 250.0, 160.0, 10.0, 30.0, 0.0),
    )
    got = sales_performance(ch)
    expected = pd.DataFrame(
        {
            "sales": [800.0, 200.0, 1000.0],
            "target": [1000.0, 160.0, 1160.0],
            # 800/1000 = 0.8; 200/160 = 1.25; total 1000/1160 = 0.862069
            "achievement": [0.8, 1.25, 1000 / 1160],
            "gap": [-200.0, 40.0, -160.0],
            "sales_prev": [640.0, 250.0, 890.0],
            # (800 − 640)/640 = 0.25; (200 − 250)/250 = −0.2; (1000 − 890)/890 = 0.123596
            "growth": [0.25, -0.2, 110 / 890],
            # 800/1000, 200/1000, 1000/1000
            "share": [0.8, 0.2, 1.0],
            "expense_sales_mgmt": [40.0, 10.0, 50.0],
            "expense_promotion": [80.0, 30.0, 110.0],
            "expense_other": [8.0, 0.0, 8.0],
            # 40 + 80 + 8 = 128; 10 + 30 + 0 = 40; 168
            "expenses": [128.0, 40.0, 168.0],
            # 40/800 = 0.05, 10/200 = 0.05, 50/1000 = 0.05
            "rate_sales_mgmt": [0.05, 0.05, 0.05],
            # 80/800 = 0.1, 30/200 = 0.15, 110/1000 = 0.11
            "rate_promotion": [0.1, 0.15, 0.11],
            # 8/800 = 0.01, 0/200 = 0, 8/1000 = 0.008
            "rate_other": [0.01, 0.0, 0.008],
            # 128/800 = 0.16, 40/200 = 0.2, 168/1000 = 0.168
            "expense_rate": [0.16, 0.2, 0.168],
            "notes": [Notes(), Notes(), Notes()],
        },
        index=pd.Index(["A", "B", "__total__"], name="channel"),
    )
    assert_frame_equal(got, expected, check_index_type=False, rtol=1e-12)


def test_sales_performance_without_total():
    got = sales_performance(channels(("A", 1.0, 1.0, 1.0, 0.0, 0.0, 0.0)), total=False)
    assert got.index.tolist() == ["A"]
    assert got.columns.tolist() == [*COLUMNS, "notes"]


def test_sales_performance_on_the_seasoning_sample(seasoning):
    before = seasoning.channels.copy()
    got = sales_performance(seasoning.channels)
    assert got.index.tolist() == [
        "KA卖场",
        "流通批发",
        "校园特通",
        "餐饮",
        "电商",
        "便利连锁",
        "__total__",
    ]
    # 电商 growth (7.2e6 − 3.9e6) / 3.9e6 = 3.3/3.9 = 0.846154
    assert got.loc["电商", "growth"] == pytest.approx(0.846154, abs=1e-6)
    # KA卖场 achievement 21e6 / 21.84e6 = 0.961538
    assert got.loc["KA卖场", "achievement"] == pytest.approx(0.961538, abs=1e-6)
    # KA卖场 expense rate (2,643,000 + 5,664,000 + 1,133,000) / 21e6 = 9.44/21 = 0.449524
    assert got.loc["KA卖场", "expenses"] == 9_440_000.0
    assert got.loc["KA卖场", "expense_rate"] == pytest.approx(0.449524, abs=1e-6)
    # total sales 21 + 46 + 2.1 + 10.5 + 7.2 + 4.6 = 91.4 M; 流通批发 share 46/91.4 = 0.503282
    assert got.loc["__total__", "sales"] == 91_400_000.0
    assert got.loc["流通批发", "share"] == pytest.approx(0.503282, abs=1e-6)
    # total target 21.84 + 46.44 + 2.04 + 10.53 + 6.24 + 5.36 = 92.45 M → 91.4/92.45 = 0.988643
    assert got.loc["__total__", "achievement"] == pytest.approx(0.988643, abs=1e-6)
    # 便利连锁 spends more than it sells: (1.93 + 2.54 + 0.61) / 4.6 = 5.08/4.6 = 1.104348
    assert got.loc["便利连锁", "expense_rate"] == pytest.approx(1.104348, abs=1e-6)
    assert (got["notes"].map(str) == "").all()
    assert "market_size" not in got.columns
    assert_frame_equal(seasoning.channels, before)  # input untouched


def test_sales_performance_feed_new_channel(feed):
    got = sales_performance(feed.channels)
    # 电商直销: sales_prev 0 → growth NaN, noted; 2.0e6 / 2.8e6 = 0.714286 still computed
    assert np.isnan(got.loc["电商直销", "growth"])
    assert str(got.loc["电商直销", "notes"]) == "new_channel"
    assert got.loc["电商直销", "achievement"] == pytest.approx(0.714286, abs=1e-6)
    # total: (94.0 − 80.8) / 80.8 = 13.2/80.8 = 0.163366 (the new channel's 0 counts)
    assert got.loc["__total__", "sales_prev"] == 80_800_000.0
    assert got.loc["__total__", "growth"] == pytest.approx(0.163366, abs=1e-6)
    assert str(got.loc["__total__", "notes"]) == ""


def test_target_zero_and_missing():
    ch = channels(
        ("A", 100.0, 80.0, 0.0, 1.0, 1.0, 1.0),  # target 0
        ("B", 50.0, 40.0, NAN, 1.0, 1.0, 1.0),  # target blank
        ("C", 50.0, 40.0, 40.0, 1.0, 1.0, 1.0),
    )
    got = sales_performance(ch)
    assert np.isnan(got.loc["A", "achievement"]) and np.isnan(got.loc["B", "achievement"])
    assert got.loc["A", "gap"] == 100.0  # 100 − 0: the gap is still sales − target
    assert np.isnan(got.loc["B", "gap"])
    assert got.loc[["A", "B", "C"], "notes"].map(str).tolist() == ["no_target", "no_target", ""]
    # total target = 0 + 40 = 40 (blank skipped); 200/40 = 5.0, flagged as partial
    assert got.loc["__total__", "target"] == 40.0
    assert got.loc["__total__", "achievement"] == 5.0
    assert str(got.loc["__total__", "notes"]) == "partial_target"


def test_no_target_at_all():
    ch = channels(("A", 100.0, 80.0, NAN, 1.0, 1.0, 1.0), ("B", 50.0, 40.0, NAN, 1.0, 1.0, 1.0))
    got = sales_performance(ch)
    assert got["notes"].map(str).tolist() == ["no_target"] * 3
    assert got["achievement"].isna().all()
    assert (
        sales_performance(ch.drop(columns="target"))["notes"].map(str).tolist() == ["no_target"] * 3
    )


def test_sales_zero_gives_nan_rates_not_inf():
    ch = channels(("A", 0.0, 50.0, 100.0, 10.0, 20.0, 5.0), ("B", 100.0, 0.0, 100.0, 5.0, 5.0, 0.0))
    got = sales_performance(ch)
    a = got.loc["A"]
    assert a[["rate_sales_mgmt", "rate_promotion", "rate_other", "expense_rate"]].isna().all()
    assert a["achievement"] == 0.0  # 0/100
    assert a["growth"] == -1.0  # (0 − 50)/50
    assert a["share"] == 0.0  # 0/100
    assert str(a["notes"]) == "no_sales"
    assert str(got.loc["B", "notes"]) == "new_channel"  # sales_prev 0
    assert not np.isinf(got.drop(columns="notes").to_numpy(dtype=float)).any()


def test_all_sales_zero():
    got = sales_performance(channels(("A", 0.0, 0.0, 0.0, NAN, NAN, NAN)))
    # every denominator 0 or missing: each ratio NaN, each reason noted
    assert str(got.loc["A", "notes"]) == "no_target; new_channel; no_sales; no_expenses"
    assert str(got.loc["__total__", "notes"]) == "no_target; new_channel; no_sales; no_expenses"
    ratios = ["achievement", "growth", "share", "expense_rate"]
    assert got[ratios].isna().all().all()


def test_a_missing_expense_column_and_partly_blank_expenses():
    ch = channels(
        ("A", 1000.0, 900.0, 1000.0, 50.0, 100.0, 999.0),
        ("B", 500.0, 400.0, 500.0, NAN, 25.0, 999.0),
        ("C", 500.0, 400.0, 500.0, NAN, NAN, 999.0),
    ).drop(columns="expense_other")
    got = sales_performance(ch)
    assert got["expense_other"].isna().all() and got["rate_other"].isna().all()
    # A: 50 + 100 = 150, 150/1000 = 0.15; B: 25 (the known one), 25/500 = 0.05; C: nothing
    assert got.loc["A", "expenses"] == 150.0
    assert got.loc["A", "expense_rate"] == 0.15
    assert got.loc["B", "expenses"] == 25.0
    assert got.loc["B", "expense_rate"] == 0.05
    assert np.isnan(got.loc["C", "expenses"]) and np.isnan(got.loc["C", "expense_rate"])
    assert got["notes"].map(str).tolist() == ["", "", "no_expenses", ""]
    # total: 50 mgmt + 125 promotion = 175; 175/2000 = 0.0875
    assert got.loc["__total__", "expenses"] == 175.0
    assert got.loc["__total__", "expense_rate"] == 0.0875


def test_no_expense_columns_at_all():
    ch = pd.DataFrame({"channel": ["A"], "sales": [10.0], "sales_prev": [5.0]})
    got = sales_performance(ch, total=False)
    assert got.columns.tolist() == [*COLUMNS, "notes"]
    assert str(got.loc["A", "notes"]) == "no_target; no_expenses"
    assert got.loc["A", "growth"] == 1.0  # (10 − 5)/5


def test_market_size_when_present():
    ch = channels(
        ("A", 200.0, 100.0, 200.0, 1.0, 1.0, 1.0),
        ("B", 100.0, 100.0, 100.0, 1.0, 1.0, 1.0),
        ("C", 50.0, 100.0, 50.0, 1.0, 1.0, 1.0),
    ).assign(market_size=[1000.0, 0.0, NAN])
    got = sales_performance(ch)
    assert got.columns.tolist() == [*COLUMNS, "market_size", "market_share", "notes"]
    # A: 200/1000 = 0.2; B market 0 and C blank → NaN, noted
    assert got.loc["A", "market_share"] == 0.2
    assert got.loc[["B", "C"], "market_share"].isna().all()
    assert got.loc[["A", "B", "C"], "notes"].map(str).tolist() == [
        "",
        "no_market_size",
        "no_market_size",
    ]
    # total: 350 / (1000 + 0) = 0.35, with sales of channels without a market size in it
    assert got.loc["__total__", "market_share"] == 0.35
    assert str(got.loc["__total__", "notes"]) == "partial_market_size"


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        pytest.param(
            "sales", -5.0, r"row 1 \(channel B\), column sales \(销售额\): -5 is not", id="neg"
        ),
        pytest.param(
            "sales", NAN, r"row 1 \(channel B\), column sales \(销售额\): blank", id="blank"
        ),
        pytest.param(
            "target", "abc", r'column target \(销售目标\): "abc" is not a number', id="txt"
        ),
        pytest.param("expense_other", np.inf, "column expense_other .*inf is not", id="inf"),
        pytest.param("sales_prev", -1.0, "column sales_prev .*-1 is not", id="neg-prev"),
    ],
)
def test_sales_performance_refuses_bad_amounts(column, value, match):
    ch = channels(("A", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0), ("B", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
    ch[column] = ch[column].astype(object)
    ch.loc[1, column] = value
    with pytest.raises(InputDataError, match=match):
        sales_performance(ch)


def test_sales_performance_refuses_bad_tables():
    with pytest.raises(InputDataError, match=r"column\(s\) sales, sales_prev missing"):
        sales_performance(pd.DataFrame({"channel": ["A"]}))
    with pytest.raises(InputDataError, match='"A" repeats'):
        sales_performance(channels(*[("A", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)] * 2))
    total = channels(("__total__", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
    with pytest.raises(InputDataError, match="label of the total row"):
        sales_performance(total)
    assert sales_performance(total, total=False).index.tolist() == ["__total__"]
    with pytest.raises(InputDataError, match="expected a table"):
        sales_performance(None)


def test_sales_performance_accepts_numbers_as_text():
    ch = pd.DataFrame({"channel": ["A"], "sales": ["100"], "sales_prev": [" 80 "]})
    got = sales_performance(ch, total=False)
    assert got.loc["A", "growth"] == 0.25  # (100 − 80)/80


# --- territories and dealers ------------------------------------------------------------


def kpis(*rows: tuple) -> pd.DataFrame:
    """(dealer, actual_sales, contract_sales, sales_last_year) -> a dealer_kpis sheet."""
    return pd.DataFrame(
        rows, columns=["dealer", "actual_sales", "contract_sales", "sales_last_year"]
    )


KPIS = kpis(
    ("D1", 90.0, 100.0, 75.0),
    ("D2", 130.0, 100.0, 125.0),
    ("D3", 40.0, 50.0, 0.0),
    ("D4", 30.0, 20.0, 30.0),
    ("D5", 10.0, 10.0, 10.0),
)
DEALERS = pd.DataFrame(
    {"dealer": ["D1", "D2", "D3", "D4"], "territory": ["郑州", "郑州", "洛阳", None]}
)  # D4 without a territory, D5 not listed at all


def test_territory_performance_by_hand():
    got = territory_performance(KPIS, DEALERS)
    expected = pd.DataFrame(
        {
            "dealers": np.array([1, 2, 2], dtype="int64"),
            # 洛阳 D3: 40; 郑州 D1 + D2: 90 + 130 = 220; unplaced D4 + D5: 30 + 10 = 40
            "actual_sales": [40.0, 220.0, 40.0],
            "contract_sales": [50.0, 200.0, 30.0],
            # 40/50 = 0.8; 220/200 = 1.1; 40/30 = 1.333333
            "achievement": [0.8, 1.1, 40 / 30],
            "sales_last_year": [0.0, 200.0, 40.0],
            # 洛阳 last year 0 → NaN; (220 − 200)/200 = 0.1; (40 − 40)/40 = 0
            "growth": [NAN, 0.1, 0.0],
            # D3 0.8 < 1; D1 0.9 < 1 (D2 1.3 is not); D4 1.5 and D5 1.0 are not
            "below_target": np.array([1, 1, 0], dtype="int64"),
            "notes": [Notes(["new_channel"]), Notes(), Notes()],
        },
        index=pd.Index(["洛阳", "郑州", "__unplaced__"], name="territory"),
    )
    assert_frame_equal(territory_performance(KPIS, DEALERS), expected, check_index_type=False)
    assert got.index[-1] == "__unplaced__"


def test_territory_partial_and_missing_numbers():
    k = kpis(
        ("D1", 90.0, 100.0, 80.0),
        ("D2", NAN, 0.0, 80.0),  # no actual sales, contract 0
        ("D3", NAN, NAN, NAN),  # nothing known
    )
    d = pd.DataFrame({"dealer": ["D1", "D2", "D3"], "territory": ["A", "A", "B"]})
    got = territory_performance(k, d)
    # A: 90 / (100 + 0) = 0.9; growth (90 − 160)/160 = −0.4375; both sums partial
    assert got.loc["A", "achievement"] == 0.9
    assert got.loc["A", "growth"] == -0.4375
    assert got.loc["A", "below_target"] == 1  # D1 0.9; D2 has no achievement
    assert str(got.loc["A", "notes"]) == "partial_target; partial_sales"
    assert got.loc["B", "dealers"] == 1 and got.loc["B", "below_target"] == 0
    assert str(got.loc["B", "notes"]) == "no_sales; no_target; new_channel"
    assert np.isnan(got.loc["B", "actual_sales"]) and np.isnan(got.loc["B", "achievement"])


def test_territory_performance_on_the_seasoning_sample(seasoning):
    got = territory_performance(seasoning.dealer_kpis, seasoning.dealers)
    assert len(got) == 41 and got["dealers"].sum() == 62
    assert "__unplaced__" not in got.index
    z = got.loc["郑州"]
    # D001 + D002 + D003: 8,490,000 + 5,208,000 + 1,212,000 = 14,910,000 against
    # 9,274,000 + 6,089,000 + 1,237,000 = 16,600,000 → 0.898193; all three below target
    assert z["actual_sales"] == 14_910_000.0
    assert z["contract_sales"] == 16_600_000.0
    assert z["achievement"] == pytest.approx(0.898193, abs=1e-6)
    assert z["below_target"] == 3
    # 洛阳 D013 + D014 + D062: 7,003,000 / 6,665,000 = 1.050713; none below target
    assert got.loc["洛阳", "achievement"] == pytest.approx(1.050713, abs=1e-6)
    assert got.loc["洛阳", "below_target"] == 0
    assert (got["notes"].map(str) == "").all()


def test_dealer_achievement_sorted_weakest_first_nan_last():
    k = kpis(
        ("D9", 80.0, 100.0, 80.0),  # 0.8
        ("D1", 40.0, 50.0, 50.0),  # 0.8, ties D9: dealer order
        ("D5", 50.0, 0.0, 40.0),  # no target → NaN, last
        ("D2", 120.0, 100.0, NAN),  # 1.2, no prior year
        ("D3", NAN, 100.0, 90.0),  # no actual sales → NaN, last
    )
    got = dealer_achievement(k, None)
    expected = pd.DataFrame(
        {
            "actual_sales": [40.0, 80.0, 120.0, NAN, 50.0],
            "contract_sales": [50.0, 100.0, 100.0, 100.0, 0.0],
            "achievement": [0.8, 0.8, 1.2, NAN, NAN],
            # 40 − 50, 80 − 100, 120 − 100, blank, 50 − 0
            "gap": [-10.0, -20.0, 20.0, NAN, 50.0],
            "sales_last_year": [50.0, 80.0, NAN, 90.0, 40.0],
            # (40 − 50)/50 = −0.2; 0; no prior year; no sales; (50 − 40)/40 = 0.25
            "growth": [-0.2, 0.0, NAN, NAN, 0.25],
            "notes": [
                Notes(),
                Notes(),
                Notes(["new_channel"]),
                Notes(["no_sales"]),
                Notes(["no_target"]),
            ],
        },
        index=pd.Index(["D1", "D9", "D2", "D3", "D5"], name="dealer"),
    )
    assert_frame_equal(got, expected, check_index_type=False)


def test_dealer_achievement_with_territory():
    got = dealer_achievement(KPIS, DEALERS)
    assert got.columns[0] == "territory"
    # D1 0.9, D3 0.8 → D3 first; D4 has a blank territory, D5 is not in the dealers sheet
    assert got.index.tolist() == ["D3", "D1", "D5", "D2", "D4"]
    assert got.loc["D1", "territory"] == "郑州"
    assert got.loc[["D4", "D5"], "territory"].isna().all()


def test_dealer_achievement_on_the_seasoning_sample(seasoning):
    got = dealer_achievement(seasoning.dealer_kpis, seasoning.dealers)
    # weakest: D054 项城市 443,000 / 613,000 = 0.722675
    assert got.index[0] == "D054"
    assert got.iloc[0]["territory"] == "项城市"
    assert got.iloc[0]["achievement"] == pytest.approx(0.722675, abs=1e-6)
    assert got.loc["D054", "gap"] == -170_000.0
    # D026 济宁 exactly on contract: 487,000 / 487,000 = 1.0
    assert got.loc["D026", "achievement"] == 1.0
    assert len(got) == 62


def test_kpi_functions_refuse_bad_input():
    with pytest.raises(InputDataError, match=r"column\(s\) actual_sales, contract_sales missing"):
        dealer_achievement(pd.DataFrame({"dealer": ["D1"]}), None)
    with pytest.raises(InputDataError, match='"D1" repeats'):
        dealer_achievement(kpis(("D1", 1.0, 1.0, 1.0), ("D1", 1.0, 1.0, 1.0)), None)
    bad = kpis(("D1", 1.0, 1.0, 1.0), ("D2", -3.0, 1.0, 1.0))
    with pytest.raises(InputDataError, match=r"row 1 \(dealer D2\), column actual_sales"):
        territory_performance(bad, DEALERS)
    with pytest.raises(InputDataError, match=r"dealers: column\(s\) territory missing"):
        territory_performance(KPIS, DEALERS.drop(columns="territory"))
    with pytest.raises(InputDataError, match=r"dealers, row 1 .*"):
        territory_performance(KPIS, pd.DataFrame({"dealer": ["D1", None], "territory": "A"}))
    # sales_last_year may be absent: growth NaN, noted
    got = dealer_achievement(KPIS.drop(columns="sales_last_year"), None)
    assert got["growth"].isna().all() and (got["notes"].map(str) == "new_channel").all()
