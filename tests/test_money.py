"""Money in the reader's units (issue 15): 万元 / 亿元 in Chinese, k / m / bn in English;
every expected string below is worked by hand from the rules in
`chananalysis.display.money`."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chananalysis.display.formatting import style_table
from chananalysis.display.money import Money

ZH, EN = Money("zh"), Money("en")


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (91_400_000, "9,140 万元", "CNY 91.4 m"),  # the two examples
        (125_000_000, "1.25 亿元", "CNY 125 m"),
        (1_000_000_000, "10 亿元", "CNY 1 bn"),
        (100_000_000, "1 亿元", "CNY 100 m"),  # exactly at 亿
        (99_999_999, "1 亿元", "CNY 100 m"),  # 9,999.9999 万 rounds up to the next unit
        (10_000, "1 万元", "CNY 10 k"),  # exactly at 万 / at English k
        (9_999, "9,999 元", "CNY 9,999"),
        (46_000, "4.6 万元", "CNY 46 k"),  # trailing zeros dropped in text
        (1_204_140, "120 万元", "CNY 1.2 m"),
        (574_140, "57.4 万元", "CNY 574 k"),
        (999_999, "100 万元", "CNY 1 m"),
        (1_200, "1,200 元", "CNY 1,200"),  # the seed's case 4 stays in yuan
        (12.5, "12.50 元", "CNY 12.50"),
        (0, "0 元", "CNY 0"),
        (-3_456_789, "-346 万元", "CNY -3.46 m"),  # a loss keeps its sign
        (-0.001, "0.00 元", "CNY 0.00"),  # no "-0"
    ],
)
def test_one_amount_in_running_text(amount, zh, en):
    assert (ZH(amount), EN(amount)) == (zh, en)


@pytest.mark.parametrize("missing", [None, math.nan, float("nan"), pd.NA, "x"])
def test_a_missing_amount_is_a_dash(missing):
    assert ZH(missing) == EN(missing) == ZH.price(missing) == "–"


def test_prices_stay_in_the_currency_itself():
    assert (ZH.price(20), EN.price(20), ZH.price(2.5), EN.price(13_480)) == (
        "20 元",
        "CNY 20",
        "2.50 元",
        "CNY 13,480",
    )


@pytest.mark.parametrize(
    ("currency", "zh", "en"),
    [
        ("CNY", "9,140 万元", "CNY 91.4 m"),
        ("RMB", "9,140 万元", "RMB 91.4 m"),
        ("人民币", "9,140 万元", "CNY 91.4 m"),  # a Chinese name: its code in English
        ("元", "9,140 万元", "CNY 91.4 m"),
        ("USD", "9,140 万 USD", "USD 91.4 m"),  # any other code stays as given
    ],
)
def test_the_clients_currency(currency, zh, en):
    assert (Money("zh", currency)(91_400_000), Money("en", currency)(91_400_000)) == (zh, en)


@pytest.mark.parametrize(
    ("values", "zh", "en"),
    [
        # the largest amount decides: 万元 from 100,000; CNY k from 10,000, CNY m from 10 m
        ([91_400_000, 3_456], ("万元", ["9,140.0", "0.3"]), ("CNY m", ["91.40", "0.00"])),
        ([100_000, 5], ("万元", ["10.0", "0.0"]), ("CNY k", ["100.0", "0.0"])),
        ([99_999, 5], ("元", ["99,999", "5"]), ("CNY k", ["100.0", "0.0"])),
        ([10_000_000], ("万元", ["1,000.0"]), ("CNY m", ["10.00"])),
        ([9_999, -12], ("元", ["9,999", "-12"]), ("CNY", ["9,999", "-12"])),
        ([-2_000_000, math.nan], ("万元", ["-200.0", "–"]), ("CNY k", ["-2,000.0", "–"])),
        ([], ("元", []), ("CNY", [])),
    ],
)
def test_one_unit_per_column(values, zh, en):
    for money, (name, shown) in ((ZH, zh), (EN, en)):
        unit = money.unit(values)
        assert (unit.name, [unit.number(v) for v in values]) == (name, shown)


def test_never_yi_in_a_column_so_small_rows_keep_their_figures():
    assert ZH.unit([5_000_000_000, 12_345]).name == "万元"


def test_axis_ticks_and_labels():
    unit = ZH.unit([91_400_000])
    assert [unit.tick(v) for v in (0, 2_500_000, 40_000_000, -1e4)] == ["0", "250", "4,000", "-1"]
    assert ZH.header("金额", unit) == "金额（万元）"
    assert EN.header("Amount", EN.unit([91_400_000])) == "Amount (CNY m)"
    assert ZH.header("销售额") == "销售额（元）"  # no unit given: the currency itself


def test_a_report_table_shows_one_unit_per_money_column():
    df = pd.DataFrame(
        {"sales": [46_000_000.0, 1_234.5], "units": [46_000_000, 12]},
        index=pd.Index(["流通批发", "KA"], name="channel"),
    )
    for lang, header, cells in (
        ("zh", "销售额（万元）", ["4,600.0", "0.1"]),
        ("en", "Sales (CNY m)", ["46.00", "0.00"]),
    ):
        shown = style_table(df, {"sales": "money", "units": "amount"}, lang).data
        assert shown[header].tolist() == cells
        assert shown.iloc[:, 2].tolist() == ["46,000,000", "12"]  # units are not money


def test_a_long_tables_part_keeps_the_unit_of_all_its_rows():
    df = pd.DataFrame({"sales": [46_000_000.0, 1_234.5]})
    part = df.tail(1)
    unit = ZH.unit(df["sales"])
    shown = style_table(part, {"sales": "money"}, "zh", units={"sales": unit}).data
    assert shown["销售额（万元）"].tolist() == ["0.1"]
    # on its own the same row would be in yuan
    assert style_table(part, {"sales": "money"}, "zh").data["销售额（元）"].tolist() == ["1,234"]
