"""Reading client folders (CSV in three encodings, Parquet), the template round trip,
and the promise that input files are never modified."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import messages
from pandas.testing import assert_frame_equal

import chananalysis as ca
from chananalysis.intake.columns import KINDS, label

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


BIG = pytest.mark.slow  # openpyxl takes seconds on these sample workbooks


@pytest.mark.parametrize(
    "source",
    [
        "seasoning",
        pytest.param("cosmetics", marks=BIG),
        pytest.param("feed", marks=BIG),
        "template-zh",
        "template-en",
    ],
)
def test_fast_reader_gives_exactly_what_openpyxl_gives(tmp_path, source):
    """python-calamine reads the workbooks; openpyxl is the reference it must equal."""
    from chananalysis.intake import read as intake

    if source.startswith("template"):
        path = ca.write_intake_template(tmp_path / "t.xlsx", lang=source[-2:])
    else:
        path = SAMPLES / source / "client.xlsx"
    assert not intake._has_error_cells(path)
    fast, reference = intake._read_xlsx_calamine(path), intake._read_xlsx_openpyxl(path, [])
    assert list(fast) == list(reference)
    assert _cells(fast) == _cells(reference)


def test_workbook_with_error_cells_is_read_by_openpyxl(book):
    """calamine turns #DIV/0! into a blank; such a workbook must keep its error values."""
    from chananalysis.intake import read as intake

    path = book(channels=[["channel", "sales"], ["KA", "#DIV/0!"], ["流通", 5]])
    assert intake._has_error_cells(path)
    frame = intake._read_xlsx(path, [])["channels"].frame
    assert frame.loc[2, "sales"] == "#DIV/0!" and frame.loc[3, "sales"] == 5


# --- big tables: Parquet typed or text, dictionary or plain; CSV by Arrow or pandas ------


def _scans(tmp_path: Path, book, scans: pd.DataFrame, how: str) -> Path:
    """A client folder whose scans are ``scans`` written as ``how``: Parquet with its text
    stored as a dictionary (pandas' default) or plain, or CSV."""
    folder = _folder(tmp_path, book, **{"channels.csv": CSV_TEXT.replace("abc", "1").encode()})
    if how == "csv":
        scans.to_csv(folder / "scans.csv", index=False)
    else:
        scans.to_parquet(folder / "scans.parquet", use_dictionary=how == "parquet-dictionary")
    return folder


WRONG_TYPES = pd.DataFrame(
    {
        "code": [1001.0, 1002.0, np.nan, 1004.0, 1005.0],  # ids typed as float, one missing
        "territory": ["郑州", " 菏泽", "开封", "  ", None],
        "scan_date": ["2025-03-01", "2025-13-01", "2025/03/03", "soon", "2025-03-05"],  # text
        "price": [8.5, -1.0, 9.0, 7.25, np.nan],
    }
)


@pytest.mark.parametrize("how", ["parquet-dictionary", "parquet-plain"])
def test_parquet_with_wrong_types_names_every_record(tmp_path, book, how):
    folder = _scans(tmp_path, book, WRONG_TYPES, how)
    assert messages(ca.validate_client(folder), level="error") == [
        "scans (扫码记录), record 3, column code (产品编码): is blank; a value is required",
        "scans (扫码记录), record 4, column territory (区域): is blank; a value is required",
        "scans (扫码记录), record 5, column territory (区域): is blank; a value is required",
        "scans (扫码记录), record 2, column scan_date (扫码日期): “2025-13-01” is not a date; "
        "expected an Excel date or YYYY-MM-DD",
        "scans (扫码记录), record 4, column scan_date (扫码日期): “soon” is not a date; "
        "expected an Excel date or YYYY-MM-DD",
        "scans (扫码记录), record 2, column price (售价): -1 is negative; expected a number ≥ 0",
    ]
    fixed = WRONG_TYPES.iloc[[0, 1, 2]].assign(
        code=[1001.0, 1002.0, 1003.5],
        scan_date=["2025-03-01", "2025-03-02", "2025/03/03"],
        price=[8.5, 1.0, 9.0],
    )
    got = ca.load_client(_scans(tmp_path, book, fixed, how)).scans
    # whole float ids read as the number a person typed (like an Excel cell), not "1001.0"
    assert got["code"].tolist() == ["1001", "1002", "1003.5"]
    assert got["territory"].tolist() == ["郑州", "菏泽", "开封"]
    assert got["scan_date"].tolist() == [pd.Timestamp(f"2025-03-0{d}") for d in (1, 2, 3)]


TYPED = pd.DataFrame(
    {
        "code": ["C1", "C2", "C3"],
        "territory": ["郑州", "菏泽", "开封"],
        # microseconds: the unit pandas gives dates parsed from text (a timestamp[ms]
        # column keeps its own unit, as pd.read_parquet keeps it)
        "scan_date": pd.to_datetime(["2025-03-01", "2025-03-02", "2025-12-31"]).astype(
            "datetime64[us]"
        ),
        "price": [8.5, 7.0, 9.25],
    }
)
TEXT = TYPED.assign(
    scan_date=["2025-03-01", "2025-03-02", "2025-12-31"], price=["8.5", "7", "9.25"]
)


@pytest.mark.parametrize(
    ("scans", "how"),
    [
        pytest.param(TYPED, "parquet-dictionary", id="typed-parquet"),
        pytest.param(TYPED, "parquet-plain", id="typed-plain"),
        pytest.param(TEXT, "parquet-dictionary", id="text-parquet"),
        pytest.param(TEXT, "parquet-plain", id="text-plain"),
        pytest.param(TEXT, "csv", id="csv"),
    ],
)
def test_typed_parquet_gives_the_frame_of_its_text_version(tmp_path, book, scans, how):
    got = ca.load_client(_scans(tmp_path, book, scans, how)).scans
    expected = pd.DataFrame(
        {
            "code": pd.Series(["C1", "C2", "C3"], dtype="str"),
            "territory": pd.Series(["郑州", "菏泽", "开封"], dtype="str"),
            "scan_date": pd.Series(
                pd.to_datetime(["2025-03-01", "2025-03-02", "2025-12-31"]), dtype="datetime64[us]"
            ),
            "price": [8.5, 7.0, 9.25],
        }
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("how", ["parquet-dictionary", "parquet-plain", "csv"])
def test_big_scan_table_is_checked_value_by_value_and_record_by_record(tmp_path, book, how):
    """50,000 scans: text read as a dictionary (each distinct value checked once) or as
    plain text, in a CSV or Parquet, give the same problems on the same records."""
    n = 50_000
    rng = np.random.default_rng(3)
    scans = pd.DataFrame(
        {
            "code": [f"FSG{i:08d}" for i in range(n)],
            "territory": np.array(["郑州", "洛阳", "开封"])[rng.integers(0, 3, n)],
            "scan_date": pd.Series(pd.date_range("2025-01-01", periods=365))
            .dt.strftime("%Y-%m-%d")[rng.integers(0, 365, n)]
            .to_numpy(),
            "price": rng.integers(5, 15, n).astype(float),
        }
    )
    scans.loc[999::1000, "scan_date"] = "soon"  # records 1,000, 2,000 … 50,000
    scans.loc[[6, 7], "code"] = ["FSG7\u3000", "\u00a0"]  # an ideographic space; only a space
    scans.loc[[9], "territory"] = " 开封"
    folder = _scans(tmp_path, book, scans, how)
    unit = "row" if how == "csv" else "record"
    first = 1 if how != "csv" else 2  # a CSV row counts its header
    got = messages(ca.validate_client(folder), level="error")
    assert got[0] == (
        f"scans (扫码记录), {unit} {7 + first}, column code (产品编码): is blank; "
        "a value is required"
    )
    assert got[1] == (
        f"scans (扫码记录), {unit} {999 + first:,}, column scan_date (扫码日期): “soon” is not a "
        "date; expected an Excel date or YYYY-MM-DD"
    )
    assert got[20] == (
        f"scans (扫码记录), {unit} {19_999 + first:,}, column scan_date (扫码日期): “soon” is not "
        "a date; expected an Excel date or YYYY-MM-DD"
    )
    assert got[21:] == [
        "scans (扫码记录), column scan_date (扫码日期): … and 30 more rows with the same problem"
    ]
    scans.loc[999::1000, "scan_date"] = "2025-06-30"
    scans.loc[7, "code"] = "FSG7"
    data = ca.load_client(_scans(tmp_path, book, scans, how)).scans
    assert data["code"].iloc[[5, 6, 7]].tolist() == ["FSG00000005", "FSG7", "FSG7"]
    assert data["territory"].iloc[9] == "开封"
    assert (data["scan_date"].iloc[999::1000] == pd.Timestamp("2025-06-30")).all()
    assert data["scan_date"].isna().sum() == 0 and len(data) == n


@pytest.mark.parametrize(
    ("content", "encoding", "arrow"),
    [
        pytest.param(b"a,b\n1,2\n\n\n3,4\n\n", "utf-8", True, id="blank-lines"),
        pytest.param(b"a,b\r\n1,2\r\n\r\n3,4\r\n", "utf-8", True, id="crlf"),
        pytest.param(b'a,b\n"x\ny",2\n"",3\n,4\n', "utf-8", True, id="quoted-newline-empty"),
        pytest.param(b'a,b\nx"y,2\n"p""q", 3 \n', "utf-8", True, id="quotes-spaces"),
        pytest.param(b"a,b\n,\nNA,null\n", "utf-8", True, id="commas-only-na-words"),
        pytest.param("\ufeff渠道,销售额\n郑州,1\n".encode(), "utf-8-sig", True, id="bom"),
        pytest.param("渠道,销售额\n郑州,1\n".encode("gb18030"), "gb18030", True, id="gb18030"),
        pytest.param(b"a,b\n1,2\n", "utf-8", True, id="plain"),
        pytest.param(b"a,b\n", "utf-8", True, id="header-only"),
        # pandas reads these its own way (pads a short line, renames headers): pandas reads
        pytest.param(b"a,b,c\n1,2\n", "utf-8", False, id="short-line"),
        pytest.param(b"a,b\n  \n1,2\n", "utf-8", False, id="space-line"),
        pytest.param(b"a,a\n1,2\n", "utf-8", False, id="same-header-twice"),
        pytest.param(b"a,,b\n1,2,3\n", "utf-8", False, id="empty-header"),
    ],
)
def test_fast_csv_reader_gives_exactly_what_pandas_gives(tmp_path, content, encoding, arrow):
    """Arrow reads a CSV's cells; pandas (every cell as text) is the reference."""
    from chananalysis.intake import read as intake

    path = tmp_path / "t.csv"
    path.write_bytes(content)
    fast = intake._read_csv_arrow(path, encoding)
    assert (fast is not None) == arrow
    if arrow:
        reference = pd.read_csv(
            path,
            dtype="string",
            keep_default_na=False,
            na_values=[""],
            encoding=encoding,
            skip_blank_lines=False,
        )
        assert_frame_equal(fast, reference)
    raw = intake._read_csv(path, [])
    assert raw is not None and raw.frame.notna().any(axis=1).all()  # blank lines dropped


def test_fast_csv_reader_leaves_other_encodings_to_the_next_try(tmp_path):
    from chananalysis.intake import read as intake

    path = tmp_path / "t.csv"
    path.write_bytes(("a,b\n" + "x,1\n" * 1000 + "郑州,2\n").encode("gb18030"))
    with pytest.raises(UnicodeError):  # not UTF-8, though its first 1,000 lines are
        intake._read_csv_arrow(path, "utf-8")
    assert intake._read_csv(path, []).frame["a"].iloc[-1] == "郑州"


# --- the column table (intake/columns.yaml) ---------------------------------------------
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_COLUMNS = [pytest.param(c, id=f"{s.key}.{c.key}") for s in ca.SHEETS.values() for c in s.columns]
#: What YAML must hand over for each kind's examples (a date left unquoted would be a date).
_EXAMPLE_TYPES = {
    "text": str,
    "date": str,
    "bool": str,
    "enum": str,
    "list": str,
    "count": int,
    "score": int,
    "amount": (int, float),
    "signed": (int, float),
    "rate": float,
}


@pytest.mark.parametrize("column", _COLUMNS)
def test_every_column_is_described_in_both_languages(column):
    assert column.en_doc.strip() and not _CJK.search(column.en_doc), column.en_doc
    assert column.zh_doc.strip() and _CJK.search(column.zh_doc), column.zh_doc
    assert _CJK.search(column.zh), column.zh
    en_unit, zh_unit = column.unit
    assert bool(en_unit) == bool(zh_unit) and not _CJK.search(en_unit)
    assert column.kind in KINDS
    assert all(isinstance(v, _EXAMPLE_TYPES[column.kind]) for v in column.examples)
    assert not any(isinstance(v, bool) for v in column.examples)


def test_every_kind_and_sheet_is_described_in_both_languages():
    for en, zh in KINDS.values():
        assert en and not _CJK.search(en) and _CJK.search(zh)
    for sheet in ca.SHEETS.values():
        assert sheet.en_doc.strip() and _CJK.search(sheet.zh_doc) and _CJK.search(sheet.zh)
        assert {len(c.examples) for c in sheet.columns} == {
            1 if sheet.layout == "fields" else sheet.n_examples
        }


def test_financials_are_described_in_english():
    """They were once described by their Chinese header in the English template too."""
    fin = ca.SHEETS["financials"]
    assert fin.column("current_assets").en_doc.startswith("Current assets at the end")
    assert fin.column("net_profit").en_doc == "Net profit of the period; negative for a loss"


def test_label_names_a_sheet_or_column_as_every_message_does():
    assert label("dealer_kpis") == "dealer_kpis (经销商考核)"
    assert label("dealer_kpis", "contract_sales") == "contract_sales (合同销售额)"
    assert label("dealer_kpis", "colour") == "colour"  # a column the table does not know
    assert label("sales_by_month", "month") == "month"
    assert ca.SHEETS["scans"].has("price") and not ca.SHEETS["scans"].has("colour")


def _table(**columns) -> dict:
    return {
        "units": {"yuan": ["CNY", "元"]},
        "enums": {"role": {"base": ["基地"]}},
        "sheets": {"s": {"zh": "表", "en_doc": "A sheet", "zh_doc": "一张表", "columns": columns}},
    }


_GOOD = {"zh": "销售额", "kind": "amount", "en_doc": "Sales", "zh_doc": "销售额"}


@pytest.mark.parametrize(
    ("column", "match"),
    [
        pytest.param({**_GOOD, "colour": "red"}, "sheets.s.c: unknown key.*colour", id="unknown"),
        pytest.param({**_GOOD, "kind": "money"}, "kind 'money' is not one of", id="kind"),
        pytest.param({**_GOOD, "unit": "usd"}, "unit 'usd' is not one of yuan", id="unit"),
        pytest.param({**_GOOD, "kind": "enum"}, "an enum column names one", id="enum-none"),
        pytest.param({**_GOOD, "enum": "role"}, "an enum column names one", id="enum-extra"),
        pytest.param({"zh": "销售额", "kind": "amount"}, "sheets.s.c: .*en_doc", id="no-doc"),
    ],
)
def test_the_column_table_refuses_what_it_does_not_know(column, match):
    from chananalysis.intake import columns

    assert columns._build(_table(c=_GOOD))[1]["s"].column("c").unit == ("", "")
    with pytest.raises(ValueError, match=match):
        columns._build(_table(c=column))


def test_importing_any_module_reads_no_table():
    """The table is read on first use of SHEETS or ENUMS, not when a module is imported:
    every module of the kit is imported and the table is still unread."""
    code = (
        "import importlib, pkgutil, chananalysis, chananalysis.intake.columns as c\n"
        "names = [m.name for m in pkgutil.walk_packages(chananalysis.__path__, 'chananalysis.')\n"
        "         if not m.name.startswith('chananalysis._') and '__main__' not in m.name]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(len(names), c._table.cache_info().currsize, len(c.SHEETS), "
        "c._table.cache_info().currsize)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules, before, sheets, after = run.stdout.split()
    assert int(modules) > 50
    assert [before, sheets, after] == ["0", str(len(ca.SHEETS)), "1"]
