"""Channel structure (docs/method.md §3.1, seed 003): length, width, authorisations in force on a
day and the transaction economy, worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal, assert_series_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.structure import (
    LENGTH_FITS,
    LENGTHS,
    WIDTH_FITS,
    WIDTHS,
    authorised_on,
    distribution_width,
    transaction_economy,
)

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


@pytest.fixture(scope="module")
def seasoning():
    return sample_client("seasoning")


@pytest.fixture(scope="module")
def feed():
    return sample_client("feed")


# --- distribution_width -----------------------------------------------------------------


def members(groups: dict[str, int]) -> pd.DataFrame:
    """{territory: number of dealers} -> a dealers sheet with dealer ids T-1, T-2, …"""
    rows = [(f"{t}-{i}", t) for t, n in groups.items() for i in range(1, n + 1)]
    return pd.DataFrame(rows, columns=["dealer", "territory"])


def test_width_with_1_2_5_and_6_dealers():
    got = distribution_width(members({"A": 1, "B": 2, "C": 5, "D": 6}))
    expected = pd.DataFrame(
        {
            "dealers": np.array([1, 2, 5, 6], dtype="int64"),
            # 1 → exclusive; 2 and 5 (= selective_max) → selective; 6 > 5 → intensive
            "width": pd.array(["exclusive", "selective", "selective", "intensive"], dtype="str"),
            "members": pd.array(
                [
                    "A-1",
                    "B-1; B-2",
                    "C-1; C-2; C-3; C-4; C-5",
                    "D-1; D-2; D-3; D-4; D-5; D-6",
                ],
                dtype="str",
            ),
        },
        index=pd.Index(["A", "B", "C", "D"], name="territory"),
    )
    assert_frame_equal(got, expected, check_index_type=False)
    assert got.attrs["unplaced"] == 0


def test_width_selective_max_3_override():
    got = distribution_width(members({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}), selective_max=3)
    # 2 and 3 selective (≤ 3); 4 and 5 intensive (> 3)
    assert got["width"].tolist() == [
        "exclusive",
        "selective",
        "selective",
        "intensive",
        "intensive",
    ]


def test_width_blank_territory_is_left_out_and_counted():
    m = pd.DataFrame(
        {"dealer": ["D1", "D2", "D3", "D4"], "territory": ["郑州", None, "  ", " 郑州 "]}
    )
    got = distribution_width(m)
    # D2 (missing) and D3 (spaces) have no territory; " 郑州 " trims to 郑州
    assert got.index.tolist() == ["郑州"]
    assert got.loc["郑州", "dealers"] == 2
    assert got.loc["郑州", "members"] == "D1; D4"
    assert got.attrs["unplaced"] == 2


def test_width_counts_a_dealer_once_and_groups_by_two_columns():
    m = pd.DataFrame(
        {
            "dealer": ["D1", "D1", "D2", "D3", "D1"],
            "territory": ["郑州", "郑州", "郑州", "洛阳", "郑州"],
            "product_line": ["酱料", "酱料", "酱料", "酱料", "餐调"],
        }
    )
    by_territory = distribution_width(m)
    # 郑州: D1 (three rows) and D2 → 2 distinct dealers
    assert by_territory.loc["郑州", "dealers"] == 2
    both = distribution_width(m, by=("territory", "product_line"))
    assert both.index.names == ["territory", "product_line"]
    assert both["dealers"].to_dict() == {
        ("洛阳", "酱料"): 1,
        ("郑州", "酱料"): 2,
        ("郑州", "餐调"): 1,
    }
    assert distribution_width(m, by="territory").equals(by_territory)


def test_width_of_no_members_is_an_empty_table():
    got = distribution_width(pd.DataFrame({"dealer": ["D1"], "territory": [None]}))
    assert got.empty
    assert got.columns.tolist() == ["dealers", "width", "members"]
    assert got.attrs["unplaced"] == 1


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(1, id="one"),
        pytest.param(0, id="zero"),
        pytest.param(2.5, id="float"),
        pytest.param(True, id="bool"),
        pytest.param("5", id="text"),
    ],
)
def test_width_refuses_bad_selective_max(value):
    with pytest.raises(InputDataError, match="selective_max: expected a whole number ≥ 2"):
        distribution_width(members({"A": 1}), selective_max=value)


def test_width_refuses_missing_columns_bad_by_and_blank_dealer():
    with pytest.raises(InputDataError, match=r"column\(s\) dealer, product_line missing"):
        distribution_width(pd.DataFrame({"territory": ["A"]}), by=("territory", "product_line"))
    for by in [(), ("dealer",), ("territory", "territory"), 3]:
        with pytest.raises(InputDataError, match="by: expected one or more"):
            distribution_width(members({"A": 1}), by=by)
    with pytest.raises(InputDataError, match=r"members, row 5, column dealer .*blank"):
        distribution_width(pd.DataFrame({"dealer": [None], "territory": ["A"]}, index=[5]))


def test_width_on_the_seasoning_dealers(seasoning):
    got = distribution_width(seasoning.dealers)
    # dealers sheet: 郑州 D001–D003; 洛阳 D013, D014 and D062; 永城 only D037
    assert got.loc["郑州", "members"] == "D001; D002; D003"
    assert got.loc["洛阳", ["dealers", "width"]].tolist() == [3, "selective"]
    assert got.loc["永城", "width"] == "exclusive"
    assert len(got) == 41 and got["dealers"].sum() == 62
    assert got.attrs["unplaced"] == 0


# --- authorised_on ----------------------------------------------------------------------

AUTH = pd.DataFrame(
    {
        "dealer": ["D1", "D2", "D3"],
        "territory": ["郑州", "郑州", "洛阳"],
        "product_line": ["酱料", "酱料", "酱料"],
        "start": pd.to_datetime(["2025-01-01", "2025-04-01", "2025-03-01"]),
        "end": pd.to_datetime(["2025-12-31", "2025-06-30", None]),
    },
    index=[10, 11, 12],
)


@pytest.mark.parametrize(
    ("day", "dealers"),
    [
        pytest.param("2024-12-31", [], id="day-before-every-start"),
        pytest.param("2025-01-01", ["D1"], id="first-day-inclusive"),
        pytest.param("2025-03-31", ["D1", "D3"], id="blank-end-is-open"),
        pytest.param("2025-04-01", ["D1", "D2", "D3"], id="start-day-inclusive"),
        pytest.param(pd.Timestamp("2025-06-30 18:00"), ["D1", "D2", "D3"], id="end-day-late"),
        pytest.param("2025-07-01", ["D1", "D3"], id="day-after-end"),
        pytest.param("2026-01-01", ["D3"], id="after-the-year"),
    ],
)
def test_authorised_on_boundaries(day, dealers):
    got = authorised_on(AUTH, day)
    assert got["dealer"].tolist() == dealers
    assert got.columns.tolist() == AUTH.columns.tolist()


def test_authorised_on_keeps_rows_and_labels_and_leaves_the_input_alone():
    before = AUTH.copy()
    got = authorised_on(AUTH, "2025-05-01")
    assert got.index.tolist() == [10, 11, 12]
    assert_frame_equal(got, AUTH)
    assert_frame_equal(AUTH, before)


def test_authorised_on_refuses_bad_day_and_dates():
    with pytest.raises(InputDataError, match='day: "soon" is not a date'):
        authorised_on(AUTH, "soon")
    with pytest.raises(InputDataError, match="day: None is not a date"):
        authorised_on(AUTH, None)
    bad = AUTH.astype({"start": object})
    bad.loc[11, "start"] = "someday"
    with pytest.raises(InputDataError, match=r'row 11 \(dealer D2\), column start: "someday"'):
        authorised_on(bad, "2025-05-01")
    backwards = AUTH.copy()
    backwards.loc[10, "end"] = pd.Timestamp("2024-12-01")
    with pytest.raises(InputDataError, match=r"row 10 \(dealer D1\): end 2024-12-01 is before"):
        authorised_on(backwards, "2025-05-01")
    no_start = AUTH.copy()
    no_start.loc[12, "start"] = pd.NaT
    with pytest.raises(InputDataError, match=r"row 12 \(dealer D3\), column start: blank"):
        authorised_on(no_start, "2025-05-01")
    with pytest.raises(InputDataError, match=r"column\(s\) end missing"):
        authorised_on(AUTH.drop(columns="end"), "2025-05-01")


def test_authorised_on_the_seasoning_sample_feeds_width(seasoning):
    a = seasoning.authorizations
    # 郑州 酱料: D001 all year and D002 from 2025-04-01 to 2025-06-30 → two holders in May
    may = distribution_width(authorised_on(a, "2025-05-01"), by=("territory", "product_line"))
    assert may.loc[("郑州", "酱料"), ["dealers", "width", "members"]].tolist() == [
        2,
        "selective",
        "D001; D002",
    ]
    # 洛阳 下饭菜 passes from D013 (to 2025-06-30) to D062 (from 2025-07-01)
    june = authorised_on(a, "2025-06-30")
    july = authorised_on(a, "2025-07-01")
    pick = (june["territory"] == "洛阳") & (june["product_line"] == "下饭菜")
    assert june.loc[pick, "dealer"].tolist() == ["D013"]
    pick = (july["territory"] == "洛阳") & (july["product_line"] == "下饭菜")
    assert july.loc[pick, "dealer"].tolist() == ["D062"]
    # on 2025-10-01, of the 125 rows: D041's three 信阳 lines ended 2025-09-30, D002's
    # 郑州 酱料 and D013's 洛阳 下饭菜 ended 2025-06-30 → 125 − 3 − 1 − 1 = 120 in force
    assert len(a) == 125
    assert len(authorised_on(a, "2025-10-01")) == 120


# --- transaction_economy ----------------------------------------------------------------

INDEX = ["makers", "buyers", "direct", "intermediated", "saved", "saved_share"]


@pytest.mark.parametrize(
    ("m", "n", "values"),
    [
        # 3 × 10 = 30 direct, 3 + 10 = 13 via one intermediary, 17 saved, 17/30 = 0.566667
        pytest.param(3, 10, [3, 10, 30, 13, 17, 17 / 30], id="3x10"),
        # one maker: 1 × 10 = 10 direct, 1 + 10 = 11 via: the intermediary costs one contact
        pytest.param(1, 10, [1, 10, 10, 11, -1, -0.1], id="1x10-worse"),
        pytest.param(1, 1, [1, 1, 1, 2, -1, -1.0], id="1x1-worse"),
        # 2 × 2 = 4 = 2 + 2: nothing saved
        pytest.param(2, 2, [2, 2, 4, 4, 0, 0.0], id="2x2-even"),
        # 5 × 100 = 500, 105 via, 395 saved, 395/500 = 0.79
        pytest.param(5, 100, [5, 100, 500, 105, 395, 0.79], id="5x100"),
    ],
)
def test_transaction_economy(m, n, values):
    expected = pd.Series(values, index=INDEX, dtype="float64")
    assert_series_equal(transaction_economy(m, n), expected, rtol=1e-12)


def test_transaction_economy_accepts_numpy_ints():
    assert transaction_economy(np.int64(3), np.int32(10))["saved"] == 17.0


@pytest.mark.parametrize(
    ("m", "n", "match"),
    [
        pytest.param(0, 10, "makers: expected a whole number ≥ 1; got 0", id="zero-makers"),
        pytest.param(3, -2, "buyers: expected a whole number ≥ 1; got -2", id="negative"),
        pytest.param(3.0, 10, "makers: .*got 3", id="float"),
        pytest.param(3, "10", 'buyers: .*got "10"', id="text"),
        pytest.param(True, 10, "makers: .*got True", id="bool"),
    ],
)
def test_transaction_economy_refuses(m, n, match):
    with pytest.raises(InputDataError, match=match):
        transaction_economy(m, n)


# --- the seed's guidance as data ---------------------------------------------------------


def test_fits_cover_every_length_and_width():
    assert set(WIDTH_FITS) == set(WIDTHS) and set(LENGTH_FITS) == set(LENGTHS)
    assert WIDTH_FITS["intensive"] == ("convenience_goods",)  # 消费品中的便利品
    assert WIDTH_FITS["selective"] == ("shopping_goods", "durables")  # 选购品、大件耐用消费品
    assert WIDTH_FITS["exclusive"] == ("specialty", "small_batch")  # 钢琴、新特效药、精密仪器
    assert LENGTH_FITS["long"] == ("volume_wide", "long_shelf_life")
    assert LENGTH_FITS["short"] == ("industrial", "perishable", "service_heavy")
    assert LENGTH_FITS["direct"] == ("industrial", "direct_selling")
    assert LENGTHS == ("direct", "short", "long")
    assert WIDTHS == ("exclusive", "selective", "intensive")
