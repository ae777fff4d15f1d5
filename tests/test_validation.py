"""Every kind of intake problem gives the right message: sheet, Excel row, column, value.

Each case writes a workbook cell by cell (tests/conftest.py), so the expected row numbers
and values below are literals read off the rows as written, not recomputed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import GOOD_CHANNELS, messages

import chananalysis as ca
from chananalysis.intake.parse import MAX_PER_RULE

HEAD = GOOD_CHANNELS[0]

CASES = [
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, 900, 0.2, 100], ["流通", None, 2500, 0.1, 200]]},
        "error",
        "channels (渠道), row 3, column sales (销售额): is blank; a value is required",
        id="blank-required",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", "abc", 900, 0.2, 100], ["流通", 3000, 2500, 0.1, 200]]},
        "error",
        "channels (渠道), row 2, column sales (销售额): “abc” is not a number; "
        "expected a number ≥ 0",
        id="text-in-number",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, "#DIV/0!", 0.2, 100], ["流通", 3000, 2500, 0.1, 200]]},
        "error",
        "channels (渠道), row 2, column sales_prev (上期销售额): “#DIV/0!” is an Excel error "
        "value, not a number ≥ 0: fix the formula in the workbook",
        id="excel-div0",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, 900, 0.2, 100], ["流通", 3000, 2500, "#N/A", 200]]},
        "error",
        "channels (渠道), row 3, column variable_cost_rate (变动费用率): “#N/A” is an Excel "
        "error value, not a fraction such as 0.12: fix the formula in the workbook",
        id="excel-na",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, 900, 0.2, -100], ["流通", 3000, 2500, 0.1, 200]]},
        "error",
        "channels (渠道), row 2, column fixed_cost (固定费用): -100 is negative; "
        "expected a number ≥ 0",
        id="negative-amount",
    ),
    pytest.param(
        {
            "channels": [
                [*HEAD, "levels"],
                ["KA", 1000, 900, 0.2, 100, -1],
                ["流通", 3000, 2500, 0.1, 200, 2],
            ]
        },
        "error",
        "channels (渠道), row 2, column levels (渠道层级数): -1 is negative; expected a number ≥ 0",
        id="negative-count",
    ),
    pytest.param(
        {
            "channels": [
                [*HEAD, "levels"],
                ["KA", 1000, 900, 0.2, 100, 1.5],
                ["流通", 3000, 2500, 0.1, 200, 2],
            ]
        },
        "error",
        "channels (渠道), row 2, column levels (渠道层级数): 1.5 is not a whole number; "
        "expected a count",
        id="fractional-count",
    ),
    pytest.param(
        {
            "channels": [
                HEAD,
                ["KA", 1000, 900, 0.2, 100],
                ["流通", 3000, 2500, 0.1, 200],
                ["KA", 10, 9, 0.1, 1],
            ]
        },
        "error",
        "channels (渠道), row 4, column channel (渠道): “KA” repeats row 2; channel must be unique",
        id="duplicate-channel",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, 900, 0.2, 100]]},
        "error",
        "channels (渠道): only 1 channel given; scoring compares channels, at least 2 are needed",
        id="one-channel",
    ),
    pytest.param(
        {
            "channels": [
                ["channel", "sales", "sales_prev", "fixed_cost"],
                ["KA", 1000, 900, 100],
                ["流通", 3000, 2500, 200],
            ]
        },
        "error",
        "channels (渠道), column variable_cost_rate (变动费用率): required column is missing",
        id="missing-column",
    ),
    pytest.param(
        {"channels": None},
        "error",
        "channels (渠道): required sheet is missing",
        id="missing-sheet",
    ),
    pytest.param(
        {
            "dealers": [
                ["dealer", "name", "annual_sales"],
                ["D1", "甲", 100],
                ["D2", "乙", 200],
                ["D1", "丙", 300],
            ]
        },
        "error",
        "dealers (经销商), row 4, column dealer (经销商编号): “D1” repeats row 2; dealer must "
        "be unique",
        id="duplicate-dealer",
    ),
    pytest.param(
        {
            "shipments": [
                ["code", "dealer", "product_line", "ship_date"],
                ["C1", "D1", "酱", dt.datetime(2025, 1, 2)],
                ["C2", "D1", "酱", dt.datetime(2025, 1, 2)],
                ["C1", "D1", "酱", dt.datetime(2025, 1, 3)],
            ]
        },
        "error",
        "shipments (发货记录), row 4, column code (产品编码): “C1” repeats row 2; code must be "
        "unique",
        id="duplicate-code",
    ),
    pytest.param(
        {
            "authorizations": [
                ["dealer", "territory", "product_line", "start", "end"],
                ["D1", "郑州", "酱", dt.datetime(2025, 7, 1), dt.datetime(2025, 6, 30)],
            ]
        },
        "error",
        "authorizations (区域授权), row 2, column end (结束日期): end 2025-06-30 is before "
        "start 2025-07-01",
        id="end-before-start",
    ),
    pytest.param(
        {
            "authorizations": [
                ["dealer", "territory", "product_line", "start", "end"],
                ["D1", "郑州", "酱", "2025-02-30", "2025-12-31"],
            ]
        },
        "error",
        "authorizations (区域授权), row 2, column start (开始日期): “2025-02-30” is not a date; "
        "expected an Excel date or YYYY-MM-DD",
        id="bad-date",
    ),
    pytest.param(
        {
            "channel_importance": [
                ["channel", "A", "B", "C", "D"],
                ["KA卖场", "dominant", "high", "一般", "无关"],
            ]
        },
        "error",
        "channel_importance (渠道重要性), row 2, column B (B类经销商): “high” is not a known "
        "value; expected one of dominant (主导) / important (重要) / general (一般) / "
        "minor (次要) / none (无关)",
        id="bad-importance",
    ),
    pytest.param(
        {
            "price_ladder": [
                ["product", "level", "price"],
                ["酱", "factory", 7],
                ["酱", "level3", 9],
            ]
        },
        "error",
        "price_ladder (价格体系), row 3, column level (价格级别): “level3” is not a known value; "
        "expected one of factory (出厂价) / level1 (一批价) / level2 (二批价) / retail (零售价)",
        id="bad-ladder-level",
    ),
    pytest.param(
        {"dealers": [["dealer", "name", "annual_sales", "market_role"], ["D1", "甲", 100, "core"]]},
        "error",
        "dealers (经销商), row 2, column market_role (市场角色): “core” is not a known value; "
        "expected one of base (基地市场) / development (发展市场) / potential (潜力市场)",
        id="bad-market-role",
    ),
    pytest.param(
        {"rebate_tiers": [["threshold", "rate"], [0, 0], [3_000_000, 0.02], [1_000_000, 0.01]]},
        "error",
        "rebate_tiers (返利阶梯), row 4, column threshold (门槛): threshold 1000000 is not "
        "above the previous threshold 3000000; tiers must ascend",
        id="tiers-not-ascending",
    ),
    pytest.param(
        {"rebate_tiers": [["threshold", "rate"], [100, 0], [3_000_000, 0.02]]},
        "error",
        "rebate_tiers (返利阶梯), row 2, column threshold (门槛): the first threshold is 100; "
        "tiers must start at 0",
        id="tiers-not-from-zero",
    ),
    pytest.param(
        {"dealers": [["dealer", "name", "annual_sales", "loyalty"], ["D1", "甲", 100, 120]]},
        "error",
        "dealers (经销商), row 2, column loyalty (忠诚度): 120 is outside 0–100",
        id="score-out-of-range",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, 900, 35, 100], ["流通", 3000, 2500, 0.1, 200]]},
        "warning",
        "channels (渠道), row 2, column variable_cost_rate (变动费用率): 35 looks like a "
        "percentage; rates are fractions (35% = 0.35)",
        id="rate-as-percent",
    ),
    pytest.param(
        {"channels": [HEAD, ["KA", 1000, 900, 1.2, 100], ["流通", 3000, 2500, 0.1, 200]]},
        "warning",
        "channels (渠道), row 2, column variable_cost_rate (变动费用率): 1.2 means variable "
        "costs at or above sales; check it",
        id="rate-above-one",
    ),
    pytest.param(
        {"Sheet1": [["x"], [1]]},
        "warning",
        "unknown sheet “Sheet1” was ignored; known sheets: client, channels, channel_importance,"
        " dealers, dealer_channel_sales, dealer_kpis, financials, authorizations, territories, "
        "shipments, scans, price_ladder, price_observations, inventory, rebate_tiers",
        id="unknown-sheet",
    ),
    pytest.param(
        {"client": [["field", "value"], ["client_name", "测试客户"]]},
        "warning",
        "client (客户信息): optional field not given: industry (行业), currency (币种), "
        "period (分析期间), period_start (期间开始), period_end (期间结束), consultant (顾问)",
        id="optional-missing",
    ),
    pytest.param(
        {
            "channels": [
                [*HEAD, "备注"],
                ["KA", 1000, 900, 0.2, 100, "x"],
                ["流通", 3000, 2500, 0.1, 200, "y"],
            ]
        },
        "warning",
        "channels (渠道): unknown column “备注” was ignored",
        id="unknown-column",
    ),
    pytest.param(
        {
            "dealer_channel_sales": [
                ["dealer", "channel", "sales"],
                ["D1", "KA卖场", 10],
                ["D1", "直播", 5],
            ],
            "dealers": [["dealer", "name", "annual_sales"], ["D1", "甲", 100]],
        },
        "warning",
        "dealer_channel_sales (经销商渠道销售), row 3, column channel (渠道): “直播” is not in "
        "sheet channels (渠道)",
        id="unknown-channel-ref",
    ),
    pytest.param(
        {"dealer_kpis": [["dealer", "internal_systems"], ["D1", "maybe"]]},
        "error",
        "dealer_kpis (经销商考核), row 2, column internal_systems (内部管理制度): “maybe” is not "
        "yes/no; expected yes/no, 是/否, 1/0 or true/false",
        id="bad-bool",
    ),
    pytest.param(
        {
            "channel_importance": [
                ["channel", "A", "B", "C", "D"],
                ["KA卖场", "dominant", "#N/A", "一般", "无关"],
            ]
        },
        "error",
        "channel_importance (渠道重要性), row 2, column B (B类经销商): “#N/A” is an Excel error "
        "value, not dominant (主导) / important (重要) / general (一般) / minor (次要) / "
        "none (无关): fix the formula in the workbook",
        id="excel-error-in-list",
    ),
    pytest.param(
        {
            "channels": [
                [*HEAD, "levels"],
                ["KA", 1000, 900, 0.2, 100, "inf"],
                ["流通", 3000, 2500, 0.1, 200, 2],
            ]
        },
        "error",
        # pandas reads "inf" as a number; a count cannot be infinite (it crashed before)
        "channels (渠道), row 2, column levels (渠道层级数): “inf” is not a number; "
        "expected a whole number ≥ 0",
        id="infinite-count",
    ),
]


@pytest.mark.parametrize(("sheets", "level", "expected"), CASES)
def test_problem_message(book, sheets, level, expected):
    problems = ca.validate_client(book(**sheets))
    assert expected in messages(problems, "en", level)


def test_errors_stop_loading_with_every_problem(book):
    # Five different problems in three sheets: all are reported, in one pass.
    path = book(
        channels=[
            HEAD,
            ["KA", "abc", 900, 0.2, 100],
            ["流通", 3000, None, 0.1, -5],
            ["KA", 10, 9, 0.1, 1],
        ],
        dealers=[["dealer", "name", "annual_sales"], ["D1", "甲", "#REF!"]],
        rebate_tiers=[["threshold", "rate"], [5, 0]],
    )
    with pytest.raises(ca.IntakeError) as err:
        ca.load_client(path, lang="en")
    got = messages(err.value.errors)
    assert got == [
        "channels (渠道), row 2, column sales (销售额): “abc” is not a number; "
        "expected a number ≥ 0",
        "channels (渠道), row 3, column sales_prev (上期销售额): is blank; a value is required",
        "channels (渠道), row 3, column fixed_cost (固定费用): -5 is negative; "
        "expected a number ≥ 0",
        "channels (渠道), row 4, column channel (渠道): “KA” repeats row 2; channel must be unique",
        "dealers (经销商), row 2, column annual_sales (年销售额): “#REF!” is an Excel error "
        "value, not a number ≥ 0: fix the formula in the workbook",
        "rebate_tiers (返利阶梯), row 2, column threshold (门槛): the first threshold is 5; "
        "tiers must start at 0",
    ]
    assert str(err.value).startswith("The intake has 6 errors:\n- channels (渠道), row 2")
    assert isinstance(err.value, ValueError)


def test_messages_in_chinese(book):
    path = book(channels=[HEAD, ["KA", "abc", 900, 0.2, 100], ["流通", 3000, 2500, 0.1, 200]])
    assert messages(ca.validate_client(path), "zh") == [
        "工作表 channels (渠道)，第 2 行，列 sales (销售额)：“abc”不是数字；应为≥ 0 的数"
    ]


def test_rows_are_excel_rows_after_blank_lines(book):
    path = book(
        channels=[
            HEAD,
            ["KA", 1000, 900, 0.2, 100],
            [None] * 5,
            [None] * 5,
            ["流通", "x", 2500, 0.1, 200],
        ]
    )
    assert messages(ca.validate_client(path)) == [
        "channels (渠道), row 5, column sales (销售额): “x” is not a number; expected a number ≥ 0"
    ]


def test_many_bad_rows_are_capped(book):
    rows = [HEAD] + [[f"C{i}", "n/a", 1, 0.1, 1] for i in range(MAX_PER_RULE + 10)]
    got = messages(ca.validate_client(book(channels=rows)))
    assert len(got) == MAX_PER_RULE + 1
    assert got[-1] == (
        "channels (渠道), column sales (销售额): … and 10 more rows with the same problem"
    )


def test_chinese_headers_and_values_are_read(book):
    path = book(
        channels=[
            ["渠道", "销售额", "上期销售额", "变动费用率", "固定费用(元)"],
            ["KA", "1,200", 1000, "20%", 100],
            ["流通", 3000, 2500, 0.1, 200],
        ],
        channel_importance=[
            ["渠道", "A类经销商", "B类经销商", "C类经销商", "D类经销商"],
            ["KA", "主导", "重要分销渠道", "general", "无关"],
            ["流通", "次要", "一般", "重要", "主导"],
        ],
        dealer_kpis=[
            ["经销商编号", "内部管理制度", "销售信息管理", "仓库面积达标", "每月培训"],
            ["D1", "是", "yes", 1, True],
            ["D2", "否", "No", 0, "FALSE"],
        ],
    )
    data = ca.load_client(path)
    assert data.channels["sales"].tolist() == [1200.0, 3000.0]
    assert data.channels["variable_cost_rate"].tolist() == [0.2, 0.1]
    assert data.channels["fixed_cost"].tolist() == [100.0, 200.0]
    assert data.channel_importance.loc[0, ["A", "B", "C", "D"]].tolist() == [
        "dominant",
        "important",
        "general",
        "none",
    ]
    kpis = data.dealer_kpis
    assert kpis["internal_systems"].tolist() == [True, False]
    assert kpis["sales_information"].tolist() == [True, False]
    assert kpis["warehouse_area"].tolist() == [True, False]
    assert kpis["monthly_training"].tolist() == [True, False]


def test_dates_from_cells_iso_text_and_slashes(book):
    path = book(
        authorizations=[
            ["dealer", "territory", "product_line", "start", "end"],
            ["D1", "郑州", "酱", dt.datetime(2025, 1, 1), "2025-06-30"],
            ["D2", "洛阳", "酱", "2025/7/1", "2025年12月31日"],
        ]
    )
    auth = ca.load_client(path).authorizations
    assert auth["start"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-01", "2025-07-01"]
    assert auth["end"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-30", "2025-12-31"]


def test_numeric_dealer_ids_become_text(book):
    path = book(dealers=[["dealer", "name", "annual_sales"], [1001, "甲", 5], [1002, "乙", 7]])
    assert ca.load_client(path).dealers["dealer"].tolist() == ["1001", "1002"]


@pytest.mark.parametrize(
    "suffix,content,expected",
    [
        pytest.param(
            ".xlsx",
            b"this is not a workbook",
            "cannot be read as an Excel workbook",
            id="text-renamed-xlsx",
        ),
        pytest.param(
            ".xls",
            b"\xd0\xcf\x11\xe0 old binary",
            "is in the old .xls format: open it in Excel and save it as .xlsx",
            id="old-xls",
        ),
        pytest.param(
            ".txt", b"hello", "is neither an .xlsx workbook nor a client folder", id="not-excel"
        ),
    ],
)
def test_unreadable_files(tmp_path, suffix, content, expected):
    path = tmp_path / f"client{suffix}"
    path.write_bytes(content)
    got = messages(ca.validate_client(path))
    assert len(got) == 1 and expected in got[0] and str(path) in got[0]


def test_missing_path_and_empty_folder(tmp_path):
    missing = tmp_path / "nope"
    assert messages(ca.validate_client(missing)) == [f"{missing} does not exist"]
    assert messages(ca.validate_client(tmp_path)) == [
        f"{tmp_path} holds neither client.xlsx nor any <sheet>.csv / <sheet>.parquet file"
    ]


def test_sheet_given_twice_in_folder(book, tmp_path):
    book()  # client.xlsx with client + channels
    (tmp_path / "channels.csv").write_text(
        "channel,sales,sales_prev,variable_cost_rate,fixed_cost\nA,1,1,0.1,1\nB,2,2,0.1,1\n",
        encoding="utf-8",
    )
    assert messages(ca.validate_client(tmp_path)) == [
        "channels (渠道): the sheet is given twice: in client.xlsx and in channels.csv"
    ]


def test_client_without_optional_sheets_loads(book):
    data = ca.load_client(book())
    assert data.sheets() == ["client", "channels"]
    assert data.dealers is None
    assert data.info["client_name"] == "测试客户"
    assert data.channels["sales_prev"].tolist() == [900.0, 2500.0, 0.0]


def test_empty_required_sheet(book):
    assert "channels (渠道): has no data rows; at least one is required" in messages(
        ca.validate_client(book(channels=[GOOD_CHANNELS[0]]))
    )


def test_sheet_without_known_headers(book):
    got = messages(ca.validate_client(book(channels=[["a", "b"], [1, 2], [3, 4]])))
    assert got[0] == (
        "channels (渠道): row 1 holds no known column header; expected headers "
        "such as channel (渠道), sales (销售额), sales_prev (上期销售额), "
        "variable_cost_rate (变动费用率), fixed_cost (固定费用)"
    )


def test_column_given_in_both_languages(book):
    rows = [[*GOOD_CHANNELS[0], "销售额"], ["KA", 1, 1, 0.1, 1, 2], ["流通", 1, 1, 0.1, 1, 2]]
    assert messages(ca.validate_client(book(channels=rows))) == [
        "channels (渠道), column sales (销售额): the column is given twice (“sales” and “销售额”)"
    ]


def test_corrupt_parquet_is_reported_not_raised(book, tmp_path):
    book()
    (tmp_path / "scans.parquet").write_bytes(b"PAR1 this is not parquet")
    got = messages(ca.validate_client(tmp_path))
    assert got == [f"{tmp_path / 'scans.parquet'} cannot be read (ArrowInvalid)"]


# Text cells of a scans table as a CSV gives them, with every kind of trouble in it.
MIXED = {
    "code": ["C1", " C2 ", "", None, "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12"],
    "territory": [
        *("郑州", "郑州 ", "  ", "开封", None, "郑州"),
        *("开封", "郑州", "开封", "郑州", "开封", "郑州"),
    ],
    "scan_date": [
        *("2025-03-01", "2025/3/2", "soon", None, "2025-03-01", "45000"),
        *(" ", "2025年3月4日", "#N/A", "2025-02-30", "soon", "2025-03-01"),
    ],
    "price": [
        "8.5",
        "-1",
        "abc",
        "1,000",
        None,
        "8.5",
        "12%",
        " 7 ",
        "#DIV/0!",
        "inf",
        "abc",
        "8.5",
    ],
}


@pytest.mark.parametrize("coded", [False, True], ids=["cell-by-cell", "distinct-values"])
def test_each_distinct_value_parsed_once_gives_every_cell_its_problem(coded):
    """A categorical column (a Parquet dictionary, or long repetitive CSV text) is parsed
    one distinct value at a time; problems and typed values land on every row holding
    the value, in row order, exactly as parsing cell by cell."""
    import numpy as np
    import pandas as pd
    from pandas.testing import assert_frame_equal

    from chananalysis.intake.parse import parse_sheet

    raw = pd.DataFrame(MIXED, index=range(2, 14), dtype="string")  # rows 2-13, as in Excel
    frame, problems = parse_sheet("scans", raw.astype("category") if coded else raw)
    where = "scans (扫码记录), row"
    assert messages(problems) == [
        f"{where} 4, column code (产品编码): is blank; a value is required",
        f"{where} 5, column code (产品编码): is blank; a value is required",
        f"{where} 4, column territory (区域): is blank; a value is required",
        f"{where} 6, column territory (区域): is blank; a value is required",
        f"{where} 10, column scan_date (扫码日期): “#N/A” is an Excel error value, not a date: "
        "fix the formula in the workbook",
        f"{where} 5, column scan_date (扫码日期): is blank; a value is required",
        f"{where} 8, column scan_date (扫码日期): is blank; a value is required",
        f"{where} 4, column scan_date (扫码日期): “soon” is not a date; expected an Excel date "
        "or YYYY-MM-DD",
        f"{where} 11, column scan_date (扫码日期): “2025-02-30” is not a date; expected an Excel "
        "date or YYYY-MM-DD",
        f"{where} 12, column scan_date (扫码日期): “soon” is not a date; expected an Excel date "
        "or YYYY-MM-DD",
        f"{where} 10, column price (售价): “#DIV/0!” is an Excel error value, not a number ≥ 0: "
        "fix the formula in the workbook",
        f"{where} 4, column price (售价): “abc” is not a number; expected a number ≥ 0",
        f"{where} 11, column price (售价): “inf” is not a number; expected a number ≥ 0",
        f"{where} 12, column price (售价): “abc” is not a number; expected a number ≥ 0",
        f"{where} 3, column price (售价): -1 is negative; expected a number ≥ 0",
    ]
    nan, day = np.nan, pd.Timestamp
    expected = pd.DataFrame(
        {
            "code": [*("C1", "C2", nan, nan, "C5", "C6"), *("C7", "C8", "C9", "C10", "C11", "C12")],
            "territory": [*("郑州", "郑州", nan, "开封", nan, "郑州"), *(["开封", "郑州"] * 3)],
            "scan_date": [
                *(day("2025-03-01"), day("2025-03-02"), None, None, day("2025-03-01")),
                day("2023-03-15"),  # Excel serial 45000
                *(None, day("2025-03-04"), None, None, None, day("2025-03-01")),
            ],
            # an amount written "12%" is read as 12 (only rates take a percent sign)
            "price": [8.5, -1.0, nan, 1000.0, nan, 8.5, 12.0, 7.0, nan, nan, nan, 8.5],
        },
        index=range(2, 14),
    ).astype({"code": "str", "territory": "str", "scan_date": "datetime64[us]"})
    assert_frame_equal(frame, expected)
