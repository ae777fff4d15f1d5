"""Reading client folders (CSV in three encodings, Parquet), the template round trip,
and the promise that input files are never modified."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest
from conftest import messages

import chananalysis as ca

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"

CSV_TEXT = (
    "渠道,销售额,上期销售额,变动费用率,固定费用\n"
    "KA卖场,1200,1000,0.2,100\n"
    "流通批发,3000,2500,0.1,200\n"
    "\n"
    "餐饮,abc,0,0.15,50\n"
)


def _folder(tmp_path: Path, book, **files: bytes) -> Path:
    book(channels=None)  # client.xlsx with the client sheet only
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected(tmp_path, book, encoding):
    folder = _folder(tmp_path, book, **{"channels.csv": CSV_TEXT.encode(encoding)})
    # the Chinese headers and names survive, and the bad cell is found on its Excel row
    # (header 1, KA 2, 流通 3, blank 4, 餐饮 5)
    assert messages(ca.validate_client(folder)) == [
        "channels (渠道), row 5, column sales (销售额): “abc” is not a number; "
        "expected a number ≥ 0"
    ]
    good = CSV_TEXT.replace("abc", "800").encode(encoding)
    (folder / "channels.csv").write_bytes(good)
    data = ca.load_client(folder)
    assert data.channels["channel"].tolist() == ["KA卖场", "流通批发", "餐饮"]
    assert data.channels["sales"].tolist() == [1200.0, 3000.0, 800.0]
    assert data.files["channels"] == folder / "channels.csv"


def test_csv_that_is_neither_utf8_nor_gb18030(tmp_path, book):
    folder = _folder(tmp_path, book, **{"channels.csv": b"channel,sales\n\x80\xff\xfe,1\n"})
    assert messages(ca.validate_client(folder), level="error") == [
        f"{folder / 'channels.csv'} is neither UTF-8 nor GB18030 text: save it again as CSV UTF-8",
        "channels (渠道): required sheet is missing",
    ]


def test_csv_named_by_chinese_sheet_name(tmp_path, book):
    folder = _folder(tmp_path, book, **{"渠道.csv": CSV_TEXT.replace("abc", "1").encode()})
    assert len(ca.load_client(folder).channels) == 3


def test_parquet_sheet(tmp_path, book):
    folder = _folder(tmp_path, book, **{"channels.csv": CSV_TEXT.replace("abc", "1").encode()})
    scans = pd.DataFrame(
        {
            "code": ["C1", "C2", "C3"],
            "territory": ["郑州", "菏泽", None],
            "scan_date": pd.to_datetime(["2025-03-01", "2025-03-02", "2025-03-03"]),
            "price": [8.5, -1.0, 9.0],
        }
    )
    scans.to_parquet(folder / "scans.parquet")
    assert messages(ca.validate_client(folder)) == [
        "scans (扫码记录), record 3, column territory (区域): is blank; a value is required",
        "scans (扫码记录), record 2, column price (售价): -1 is negative; expected a number ≥ 0",
    ]
    scans.assign(territory=["郑州", "菏泽", "开封"], price=[8.5, 7.0, 9.0]).to_parquet(
        folder / "scans.parquet"
    )
    got = ca.load_client(folder).scans
    assert got["territory"].tolist() == ["郑州", "菏泽", "开封"]
    assert str(got["scan_date"].dtype).startswith("datetime64")


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_inputs_are_never_modified(tmp_path, book):
    folder = _folder(tmp_path, book, **{"channels.csv": CSV_TEXT.encode("gb18030")})
    pd.DataFrame(
        {"code": ["C1"], "territory": ["郑州"], "scan_date": [dt.datetime(2025, 1, 2)]}
    ).to_parquet(folder / "scans.parquet")
    before = _digest(folder)
    ca.validate_client(folder)
    with pytest.raises(ca.IntakeError):
        ca.load_client(folder)
    assert _digest(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)  # nothing written


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_round_trip(tmp_path, lang):
    path = ca.write_intake_template(tmp_path / f"intake_{lang}.xlsx", lang=lang)
    assert ca.validate_client(path) == []
    data = ca.load_client(path)
    assert data.sheets() == list(ca.SHEETS)  # an example on every sheet
    # the example rows come back typed, exactly as in the column table
    assert data.channels[["channel", "sales", "variable_cost_rate"]].values.tolist() == [
        ["KA卖场", 12_000_000.0, 0.18],
        ["流通批发", 30_000_000.0, 0.08],
        ["餐饮", 8_000_000.0, 0.12],
    ]
    assert data.channel_importance["A"].tolist() == ["dominant", "important", "minor"]
    assert data.dealers["market_role"].tolist() == ["base", "development", "potential"]
    assert data.dealer_kpis["vehicle_count"].tolist() == [False, True, False]
    assert data.financials["net_profit"].tolist() == [600_000.0, -50_000.0, 30_000.0]
    assert data.authorizations["end"].dt.strftime("%Y-%m-%d").tolist() == ["2025-12-31"] * 3
    assert data.rebate_tiers["threshold"].tolist() == [0.0, 1_000_000.0, 3_000_000.0]
    assert data.info["consultant"] == "王顾问"


def test_template_headers_follow_language(tmp_path):
    import openpyxl

    zh = openpyxl.load_workbook(ca.write_intake_template(tmp_path / "zh.xlsx", lang="zh"))
    en = openpyxl.load_workbook(ca.write_intake_template(tmp_path / "en.xlsx", lang="en"))
    assert zh.sheetnames[:3] == ["说明", "客户信息", "渠道"]
    assert en.sheetnames[:3] == ["instructions", "client", "channels"]
    assert [c.value for c in zh["渠道"][1]][:5] == [
        "渠道",
        "销售额",
        "上期销售额",
        "变动费用率",
        "固定费用",
    ]
    assert [c.value for c in en["channel_importance"][2]] == [
        "KA卖场",
        "dominant",
        "important",
        "general",
        "minor",
    ]
    assert [c.value for c in zh["渠道重要性"][2]] == ["KA卖场", "主导", "重要", "一般", "次要"]
    # the instructions sheet explains every column with its unit
    rows = [[c.value for c in r] for r in en["instructions"].iter_rows()]
    sales = next(r for r in rows if r[1] == "sales")
    assert sales[2:6] == ["销售额", "yes", "number ≥ 0", "CNY"]
    documented = {r[1] for r in rows if r[1]}
    assert all(c.key in documented for s in ca.SHEETS.values() for c in s.columns)


def _minimal(client_name: str, channels: list[str]) -> dict[str, pd.DataFrame]:
    """A client sheet and two channels, as frames for ``write_intake``."""
    return {
        "client": pd.DataFrame({"field": ["client_name"], "value": [client_name]}),
        "channels": pd.DataFrame(
            {
                "channel": channels,
                "sales": [1.0, 2.0],
                "sales_prev": [1.0, 2.0],
                "variable_cost_rate": [0.1, 0.1],
                "fixed_cost": [0.0, 0.0],
            }
        ),
    }


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    frames = _minimal('=HYPERLINK("x")', ["=1+1", "@SUM(A1)"])
    folder = ca.write_intake(tmp_path / "c", frames, lang="en")
    import openpyxl

    ws = openpyxl.load_workbook(folder / "client.xlsx")["channels"]
    assert [(c.value, c.data_type) for c in ws["A"][1:]] == [("=1+1", "s"), ("@SUM(A1)", "s")]
    assert ca.load_client(folder).channels["channel"].tolist() == ["=1+1", "@SUM(A1)"]


def test_write_intake_external_sheets(tmp_path):
    frames = {
        **_minimal("甲", ["A", "B"]),
        "scans": pd.DataFrame(
            {"code": ["C1"], "territory": ["郑州"], "scan_date": [pd.Timestamp("2025-01-02")]}
        ),
    }
    folder = ca.write_intake(tmp_path / "c", frames, lang="zh", external={"scans": "csv"})
    assert (folder / "scans.csv").read_bytes().startswith("\ufeff产品编码,区域,扫码日期".encode())
    assert ca.load_client(folder).scans["scan_date"].tolist() == [pd.Timestamp("2025-01-02")]


def _cells(raw: dict) -> dict:
    """Every sheet's header, Excel row numbers and cells with their Python types."""
    return {
        name: (
            list(r.frame.columns),
            list(r.frame.index),
            [[(type(v).__name__, v) for v in row] for row in r.frame.itertuples(index=False)],
        )
        for name, r in raw.items()
    }


@pytest.mark.parametrize("source", ["seasoning", "cosmetics", "feed", "template-zh", "template-en"])
def test_fast_reader_gives_exactly_what_openpyxl_gives(tmp_path, source):
    """python-calamine reads the workbooks; openpyxl is the reference it must equal."""
    from chananalysis.intake import read as intake

    if source.startswith("template"):
        path = ca.write_intake_template(tmp_path / "t.xlsx", lang=source[-2:])
    else:
        path = SAMPLES / source / "client.xlsx"
    assert not intake._has_error_cells(path)
    fast = intake._read_xlsx_calamine(path)
    assert list(fast) == list(intake._read_xlsx_openpyxl(path, []))
    assert _cells(fast) == _cells(intake._read_xlsx_openpyxl(path, []))


def test_workbook_with_error_cells_is_read_by_openpyxl(book):
    """calamine turns #DIV/0! into a blank; such a workbook must keep its error values."""
    from chananalysis.intake import read as intake

    path = book(channels=[["channel", "sales"], ["KA", "#DIV/0!"], ["流通", 5]])
    assert intake._has_error_cells(path)
    frame = intake._read_xlsx(path, [])["channels"].frame
    assert frame.loc[2, "sales"] == "#DIV/0!" and frame.loc[3, "sales"] == 5
