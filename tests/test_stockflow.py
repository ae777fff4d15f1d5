"""Stock-flow reconciliation (docs/method.md §3.4, 进销存): every expected number worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.notes import Notes
from chananalysis.methods.stockflow import stock_reconciliation

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
NAN = np.nan


def inv(*rows: tuple) -> pd.DataFrame:
    """(dealer, sku, period, opening, purchases, sales, closing) -> an inventory sheet."""
    return pd.DataFrame(
        rows, columns=["dealer", "sku", "period", "opening", "purchases", "sales", "closing"]
    )


def test_a_row_that_reconciles_and_one_that_does_not():
    flow = stock_reconciliation(
        inv(
            ("D1", "酱", "2025-03", 100.0, 50.0, 30.0, 120.0),  # 100 + 50 − 30 = 120 = closing
            ("D2", "酱", "2025-03", 100.0, 50.0, 30.0, 110.0),  # 120 vs 110: 10 units missing
        )
    )
    expected = pd.DataFrame(
        {
            "dealer": ["D1", "D2"],
            "sku": ["酱", "酱"],
            "period": ["2025-03", "2025-03"],
            "days": [31, 31],
            "opening": [100.0, 100.0],
            "purchases": [50.0, 50.0],
            "sales": [30.0, 30.0],
            "closing": [120.0, 110.0],
            "expected_closing": [120.0, 120.0],
            "discrepancy": [0.0, 10.0],  # 120 − 120; 120 − 110
            "carried": [NAN, NAN],
            "carry_gap": [NAN, NAN],
            # 120 / (30 / 31) = 124; 110 / (30 / 31) = 113.666…
            "days_of_inventory": [124.0, 110 * 31 / 30],
            "flags": [Notes(), Notes(["mismatch"])],
        }
    )
    expected = expected.astype({"dealer": "str", "sku": "str", "period": "str"})
    assert_frame_equal(flow.rows, expected, check_exact=False, rtol=1e-12)
    assert flow.discrepancies["dealer"].tolist() == ["D2"]
    assert flow.discrepancies.index.equals(pd.RangeIndex(1))


def test_carry_break_between_months():
    flow = stock_reconciliation(
        inv(
            ("D1", "酱", "2025-01", 100.0, 50.0, 30.0, 120.0),  # closes with 120
            ("D1", "酱", "2025-02", 115.0, 0.0, 15.0, 100.0),  # opens with 115: 115 − 120 = −5
            ("D1", "酱", "2025-03", 100.0, 10.0, 10.0, 100.0),  # opens with Feb's 100: fine
        )
    )
    rows = flow.rows
    assert rows["carried"].tolist()[1:] == [120.0, 100.0]
    assert rows["carry_gap"].tolist()[1:] == [-5.0, 0.0]
    assert rows["flags"].map(str).tolist() == ["", "carry_break", ""]
    assert rows["discrepancy"].tolist() == [0.0, 0.0, 0.0]  # each month reconciles alone
    assert flow.by_dealer.loc["D1", "carry_breaks"] == 1


def test_rows_are_sorted_by_period_start_not_by_text_or_input_order():
    # "2025-10" sorts before "2025-9" as text; by date September comes first
    flow = stock_reconciliation(
        inv(
            ("D1", "酱", "2025-10", 80.0, 0.0, 10.0, 70.0),
            ("D1", "酱", "2025-9", 90.0, 0.0, 10.0, 80.0),
        )
    )
    assert flow.rows["period"].tolist() == ["2025-9", "2025-10"]
    assert flow.rows["flags"].map(str).tolist() == ["", ""]  # October opens with September's 80


def test_a_missing_month():
    rows3 = inv(
        ("D1", "酱", "2025-01", 100.0, 0.0, 31.0, 69.0),
        ("D1", "酱", "2025-03", 40.0, 0.0, 31.0, 9.0),  # February is missing
    )
    rows = stock_reconciliation(rows3).rows
    # March cannot be compared with February: carried NaN, flagged as a gap
    assert rows["flags"].map(str).tolist() == ["", "gap_in_periods"]
    assert np.isnan(rows["carried"].iloc[1]) and np.isnan(rows["carry_gap"].iloc[1])
    # compared with January instead: 40 − 69 = −29
    rows = stock_reconciliation(rows3, carry_across_gaps=True).rows
    assert rows["carried"].iloc[1] == 69.0
    assert rows["carry_gap"].iloc[1] == -29.0
    assert rows["flags"].map(str).tolist() == ["", "carry_break; gap_in_periods"]


def test_no_sales_gives_no_days_of_inventory():
    flow = stock_reconciliation(inv(("D1", "酱", "2025-04", 60.0, 0.0, 0.0, 60.0)))
    row = flow.rows.iloc[0]
    assert np.isnan(row["days_of_inventory"])
    assert str(row["flags"]) == "no_sales"
    assert flow.discrepancies.empty  # no_sales alone is no discrepancy
    assert np.isnan(flow.by_dealer.loc["D1", "days_of_inventory"])
    assert str(flow.by_dealer.loc["D1", "notes"]) == "no_sales"


@pytest.mark.parametrize(
    ("period", "days"),
    [
        pytest.param("2024-02", 29, id="feb-2024-leap"),
        pytest.param("2025-02", 28, id="feb-2025"),
        pytest.param("2025-Q1", 90, id="q1-2025: 31 + 28 + 31"),
        pytest.param("2024Q1", 91, id="q1-2024: 31 + 29 + 31"),
        pytest.param("2025-Q4", 92, id="q4: 31 + 30 + 31"),
        pytest.param("2025", 365, id="year-2025"),
        pytest.param("2024", 366, id="year-2024"),
        pytest.param("2025-03-15", 31, id="date-in-march"),
        pytest.param("2024/2/10", 29, id="date-slashes-feb-2024"),
        pytest.param("2025年4月", 30, id="chinese-month"),
        pytest.param(pd.Timestamp("2025-06-01"), 30, id="timestamp-june"),
    ],
)
def test_days_in_the_period(period, days):
    # sales = days: one unit a day, so days_of_inventory = closing = 10
    flow = stock_reconciliation(inv(("D1", "酱", period, 10.0, float(days), float(days), 10.0)))
    assert flow.rows["days"].iloc[0] == days
    assert flow.rows["days_of_inventory"].iloc[0] == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("tolerance", "flags"),
    [
        pytest.param(0, ["mismatch; carry_break"], id="default-exact"),
        # discrepancy 100 + 20.4 − 20 − 100 = 0.4 and carry gap 100 − 99.5 = 0.5
        pytest.param(0.4, ["carry_break"], id="at-the-discrepancy"),
        pytest.param(0.5, [""], id="at-both"),
        pytest.param(1, [""], id="above-both"),
    ],
)
def test_tolerance(tolerance, flags):
    flow = stock_reconciliation(
        inv(
            ("D1", "酱", "2025-01", 90.0, 29.5, 20.0, 99.5),  # 90 + 29.5 − 20 = 99.5: fine
            ("D1", "酱", "2025-02", 100.0, 20.4, 20.0, 100.0),
        ),
        tolerance=tolerance,
    )
    assert flow.rows["flags"].map(str).tolist()[1:] == flags
    assert flow.rows["discrepancy"].iloc[1] == pytest.approx(0.4)
    assert flow.rows["carry_gap"].iloc[1] == pytest.approx(0.5)


def test_negative_stock_is_a_discrepancy():
    # 10 + 0 − 15 = −5 = closing: it reconciles, but stock cannot be negative
    flow = stock_reconciliation(inv(("D1", "酱", "2025-01", 10.0, 0.0, 15.0, -5.0)))
    assert flow.rows["flags"].map(str).tolist() == ["negative_stock"]
    assert len(flow.discrepancies) == 1


def test_negative_sales_give_no_days_of_inventory():
    # a return: 10 + 0 − (−2) = 12
    flow = stock_reconciliation(inv(("D1", "酱", "2025-01", 10.0, 0.0, -2.0, 12.0)))
    assert flow.rows["flags"].map(str).tolist() == ["negative_sales"]
    assert np.isnan(flow.rows["days_of_inventory"].iloc[0])


def test_discrepancies_largest_first():
    flow = stock_reconciliation(
        inv(
            ("D1", "A", "2025-01", 10.0, 0.0, 0.0, 7.0),  # |3| + carry NaN -> 3
            ("D1", "A", "2025-02", 12.0, 0.0, 0.0, 12.0),  # |0| + |12 − 7| -> 5
            ("D2", "A", "2025-01", 10.0, 5.0, 5.0, 11.0),  # |10 − 11| -> 1
            ("D2", "B", "2025-01", 10.0, 5.0, 5.0, 10.0),  # fine
        )
    )
    d = flow.discrepancies
    assert list(zip(d["dealer"], d["period"], strict=True)) == [
        ("D1", "2025-02"),
        ("D1", "2025-01"),
        ("D2", "2025-01"),
    ]
    assert d.index.equals(pd.RangeIndex(3))
    assert list(d.columns) == list(flow.rows.columns)


def test_by_dealer():
    flow = stock_reconciliation(
        inv(
            ("D1", "A", "2025-01", 100.0, 50.0, 62.0, 88.0),  # 100 + 50 − 62 = 88: fine
            ("D1", "A", "2025-02", 88.0, 0.0, 28.0, 50.0),  # 88 − 28 = 60 vs 50: 10 missing
            ("D1", "B", "2025-02", 10.0, 20.0, 14.0, 16.0),  # 10 + 20 − 14 = 16: fine
            ("D2", "A", "2025-01", 5.0, 0.0, 0.0, 5.0),  # sold nothing
        )
    )
    expected = pd.DataFrame(
        {
            "skus": [2, 1],
            "periods": [2, 1],
            "rows": [3, 1],
            "mismatches": [1, 0],
            "carry_breaks": [0, 0],
            "units_unexplained": [10.0, 0.0],
            "sales": [104.0, 0.0],  # 62 + 28 + 14
            "closing_last": [66.0, 5.0],  # February: 50 + 16
            # 66 / (28/28 + 14/28) = 66 / 1.5 = 44; D2 sold nothing
            "days_of_inventory": [44.0, NAN],
            "flagged_share": [1 / 3, 1.0],  # D1: the mismatch; D2: no_sales
            "notes": [Notes(), Notes(["no_sales"])],
        },
        index=pd.Index(["D1", "D2"], name="dealer", dtype="str"),
    )
    assert_frame_equal(flow.by_dealer, expected, check_exact=False, rtol=1e-12)
    # per row: 88 / (62/31) = 44, 50 / (28/28) = 50, 16 / (14/28) = 32
    np.testing.assert_allclose(flow.rows["days_of_inventory"].iloc[:3], [44.0, 50.0, 32.0])


def test_by_dealer_sorted_by_units_unexplained_then_dealer():
    flow = stock_reconciliation(
        inv(
            ("D3", "A", "2025-01", 10.0, 0.0, 1.0, 9.0),
            ("D2", "A", "2025-01", 10.0, 0.0, 1.0, 5.0),  # 9 − 5 = 4 units
            ("D1", "A", "2025-01", 10.0, 0.0, 1.0, 9.0),
        )
    )
    assert flow.by_dealer.index.tolist() == ["D2", "D1", "D3"]


def test_empty_inventory():
    flow = stock_reconciliation(inv())
    assert flow.rows.empty and flow.discrepancies.empty and flow.by_dealer.empty
    assert list(flow.by_dealer.columns) == [
        "skus", "periods", "rows", "mismatches", "carry_breaks", "units_unexplained", "sales",
        "closing_last", "days_of_inventory", "flagged_share", "notes",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("frame", "options", "match"),
    [
        pytest.param(
            inv(("D1", "酱", "2025-13", 1.0, 1.0, 1.0, 1.0)),
            {},
            r"inventory, row 0 \(dealer D1, sku 酱, period 2025-13\), column period: "
            r'"2025-13" is not a period',
            id="month-13",
        ),
        pytest.param(
            inv(("D1", "酱", "三月", 1.0, 1.0, 1.0, 1.0)),
            {},
            r'column period: "三月" is not a period; expected a period: a month',
            id="period-text",
        ),
        pytest.param(
            inv(("D1", "酱", None, 1.0, 1.0, 1.0, 1.0)),
            {},
            r"column period: blank; expected a period",
            id="period-blank",
        ),
        pytest.param(
            inv(("D1", "酱", "2025-01", 1.0, None, 1.0, 1.0)),
            {},
            r"inventory, row 0 .*column purchases: blank; expected a number of units",
            id="blank-purchases",
        ),
        pytest.param(
            inv(("D1", "酱", "2025-01", 1.0, 1.0, "many", 1.0)),
            {},
            r'column sales: "many" is not a number',
            id="text-sales",
        ),
        pytest.param(
            inv(("", "酱", "2025-01", 1.0, 1.0, 1.0, 1.0)),
            {},
            r"column dealer: blank",
            id="blank-dealer",
        ),
        pytest.param(
            inv(("D1", "酱", "2025-01", 1.0, 1.0, 1.0, 1.0)).drop(columns=["closing", "sku"]),
            {},
            r"inventory: column\(s\) sku, closing missing",
            id="missing-columns",
        ),
        pytest.param(
            inv(
                ("D1", "酱", "2025-Q1", 1.0, 1.0, 1.0, 1.0),
                ("D1", "酱", "2025-03", 1.0, 1.0, 1.0, 1.0),
            ),
            {},
            r'inventory, row 1 .*: "2025-03" overlaps period "2025-Q1" of row 0',
            id="month-inside-quarter",
        ),
        pytest.param(
            inv(
                ("D1", "酱", "2025-03", 1.0, 1.0, 1.0, 1.0),
                ("D1", "酱", "2025-03-01", 1.0, 1.0, 1.0, 1.0),
            ),
            {},
            r"overlaps period",
            id="same-month-twice",
        ),
        pytest.param(
            inv(("D1", "酱", "2025-01", 1.0, 1.0, 1.0, 1.0)),
            {"tolerance": -1},
            r"tolerance: expected a number of units ≥ 0; got -1",
            id="negative-tolerance",
        ),
        pytest.param(
            inv(("D1", "酱", "2025-01", 1.0, 1.0, 1.0, 1.0)),
            {"tolerance": "1"},
            r"tolerance: expected a number",
            id="text-tolerance",
        ),
    ],
)
def test_bad_input_is_refused(frame, options, match):
    with pytest.raises(InputDataError, match=match):
        stock_reconciliation(frame, **options)


def test_rows_are_named_by_their_index_label():
    frame = inv(
        ("D1", "酱", "2025-01", 1.0, 1.0, 1.0, 1.0),
        ("D1", "酱", "2025-02", 1.0, 1.0, 1.0, NAN),
    )
    frame.index = [7, 8]
    with pytest.raises(InputDataError, match=r"inventory, row 8 .*column closing: blank"):
        stock_reconciliation(frame)


def test_input_is_not_mutated():
    frame = inv(("D1", "酱", "2025-02", 1.0, 1.0, 1.0, 1.0), ("D1", "酱", "2025-01", 1, 1, 1, 1))
    before = frame.copy()
    stock_reconciliation(frame)
    assert_frame_equal(frame, before)


def _by_hand(inventory: pd.DataFrame) -> tuple[int, int, set[str]]:
    """Mismatches and carry breaks counted with plain Python over the records (the
    samples' periods are all "YYYY-MM", so text order is month order)."""
    mismatches, breaks, dealers = 0, 0, set()
    last_closing: dict[tuple[str, str], float] = {}
    records = sorted(inventory.itertuples(index=False), key=lambda r: (r.dealer, r.sku, r.period))
    for r in records:
        if r.opening + r.purchases - r.sales != r.closing:
            mismatches += 1
            dealers.add(r.dealer)
        key = (r.dealer, r.sku)
        if key in last_closing and last_closing[key] != r.opening:
            breaks += 1
        last_closing[key] = r.closing
    return mismatches, breaks, dealers


@pytest.mark.parametrize(
    ("client", "mismatches", "dealers", "worst"),
    [
        # D017 下饭菜 280g 2025-06…09: 1457 + 616 + 1128 + 1093 = 4294 units unexplained
        pytest.param("seasoning", 6, {"D010", "D017", "D027"}, ("D017", 4294.0), id="seasoning"),
        # D001 育肥浓缩料 2025-05: 49 + 27 − 47 = 29 vs 20 -> 9
        pytest.param("feed", 3, {"D001", "D002", "D016"}, ("D001", 9.0), id="feed"),
        # D001 保湿精华水 2025-05 786 + 2025-09 429 = 1215
        pytest.param("cosmetics", 4, {"D001", "D013", "D018"}, ("D001", 1215.0), id="cosmetics"),
    ],
)
def test_sample_clients(client, mismatches, dealers, worst):
    data = sample_client(client)
    flow = stock_reconciliation(data.inventory)
    assert _by_hand(data.inventory) == (mismatches, 0, dealers)
    assert len(flow.rows) == len(data.inventory)
    assert flow.rows["flags"].map(lambda n: "mismatch" in n.codes).sum() == mismatches
    assert len(flow.discrepancies) == mismatches  # no carry breaks planted
    assert set(flow.discrepancies["dealer"]) == dealers
    assert (flow.by_dealer.index[0], flow.by_dealer["units_unexplained"].iloc[0]) == worst
    assert flow.by_dealer["mismatches"].sum() == mismatches
    assert (flow.rows["days"].isin([28, 30, 31])).all()
