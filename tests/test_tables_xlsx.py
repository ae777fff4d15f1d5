"""tables.xlsx as a consultant forwards it: report order, names and headers in the report
language, a contents sheet with links, number formats, frozen and filtered headers,
fitted widths, client text as text. Tables are saved through a real `Section`."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import sample_client

from chananalysis.i18n import has
from chananalysis.intake.read import load_client
from chananalysis.intake.write import write_intake_template
from chananalysis.report.run import report_notebooks_dir, section_keys
from chananalysis.report.section import Section
from chananalysis.report.tables import sheet_title, table_title, write_tables
from chananalysis.sections.registry import section

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load_client(write_intake_template(tmp_path_factory.mktemp("t") / "t.xlsx"))


def _section(key: str, data, tables: Path, lang: str) -> Section:
    return Section(key, data, lang, tables / key, display=False)


PORTFOLIO = pd.DataFrame(
    {"sales": [46_000_000.0, 1_234.5], "share": [0.9738, 0.0262], "growth": [0.07, -0.5]},
    index=pd.Index(["流通批发", "KA"], name="channel"),
)


def _report(data, tables: Path, lang: str) -> None:
    """Three sections saved out of order in time, and within 02 against the alphabet."""
    cs = _section("02_channel_scoring", data, tables, lang)
    cs.table(
        PORTFOLIO[["share"]].rename(columns={"share": "p_exit"}), "sensitivity", {"p_exit": "pct"}
    )
    cs.save(PORTFOLIO[["sales"]], "factors")
    ov = _section("00_overview", data, tables, lang)
    ov.table(PORTFOLIO, "portfolio", {"sales": "amount", "share": "pct", "growth": "pct_signed"})
    cf = _section("04_conflict_review", data, tables, lang)
    evidence = pd.DataFrame({"dealer": ["D003", "D003"], "units": [12, 3]})
    cf.save(evidence, "evidence_D003")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            ["目录", "00 渠道组合", "02 权重敏感性", "02 四项因素指数", "04 窜货证据（D003）"],
        ),
        (
            "en",
            [
                "Contents",
                "00 Channel portfolio",
                "02 Weight sensitivity",
                "02 Factor indices",
                "04 Evidence (D003)",
            ],
        ),
    ],
)
def test_sheets_follow_the_report_and_are_named_in_its_language(data, tmp_path, lang, expected):
    _report(data, tmp_path / "_tables", lang)
    names = write_tables(tmp_path / "_tables", tmp_path / "t.xlsx", lang=lang)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    # section order (00 saved after 02), then call order within 02 (sensitivity first,
    # though "factors" sorts first); the contents sheet first
    assert book.sheetnames == expected
    assert names == expected[1:]


def test_contents_sheet_lists_and_links_every_table(data, tmp_path):
    _report(data, tmp_path / "_tables", "zh")
    write_tables(tmp_path / "_tables", tmp_path / "t.xlsx", lang="zh")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["目录"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows == [
        ("章节", "表格", "行数", "工作表"),
        ("渠道组合概览", "渠道组合", 2, "00 渠道组合"),
        ("渠道评分（8S 四因素模型）", "权重敏感性", 2, "02 权重敏感性"),
        ("渠道评分（8S 四因素模型）", "四项因素指数", 2, "02 四项因素指数"),
        ("渠道冲突审查", "窜货证据（D003）", 2, "04 窜货证据（D003）"),
    ]
    links = [c.hyperlink.location for c in ws["D"][1:]]
    assert links == [
        "'00 渠道组合'!A1",
        "'02 权重敏感性'!A1",
        "'02 四项因素指数'!A1",
        "'04 窜货证据（D003）'!A1",
    ]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D5"


@pytest.mark.parametrize(
    ("lang", "header"),
    [
        ("zh", ("渠道", "销售额", "销售占比", "增长率")),
        ("en", ("Channel", "Sales", "Share of sales", "Growth")),
    ],
)
def test_headers_are_the_reports_with_the_row_labels(data, tmp_path, lang, header):
    _report(data, tmp_path / "_tables", lang)
    write_tables(tmp_path / "_tables", tmp_path / "t.xlsx", lang=lang)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert rows[0] == header
    assert rows[1] == ("流通批发", 46_000_000, 0.9738, 0.07)  # numbers stay numbers


def test_explicit_labels_win_and_alike_headers_keep_their_keys(data, tmp_path):
    S = _section("00_overview", data, tmp_path, "en")
    df = pd.DataFrame({"sales": [1.0], "sales_prev": [2.0], "x": [3.0]})
    S.table(df, "portfolio", {}, labels={"sales": "Net sales", "x": "Net sales"})
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["00 Channel portfolio"]
    # the report's unnamed RangeIndex is not a column; two "Net sales" keep their keys
    assert [c.value for c in ws[1]] == ["Net sales (sales)", "Prior sales", "Net sales (x)"]


def test_a_saved_table_takes_the_sections_labels_and_kinds(data, tmp_path):
    S = _section("03_dealer_evaluation", data, tmp_path, "en")
    S.table(pd.DataFrame({"total": [91.5]}), "league", {"total": "number"}, labels={"kpi": "KPI"})
    S.save(pd.DataFrame({"kpi": [0.5], "total": [88.25]}), "scorecard")
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["03 Star scorecard"]
    assert [c.value for c in ws[1]] == ["KPI", "Total"]
    # kpi has no kind: 0.5 has decimals -> #,##0.00; total takes the section's "number"
    assert [c.number_format for c in ws[2]] == ["#,##0.00", "#,##0.0"]


def test_number_formats_from_the_kinds(data, tmp_path):
    S = _section("01_channel_diagnosis", data, tmp_path, "en")
    df = pd.DataFrame(
        {
            "a": [1_234_567.891],
            "b": [12.345],
            "c": [0.123],
            "d": [-0.05],
            "e": [85.25],
            "f": [7],
            "g": [pd.Timestamp("2025-03-31")],
            "h": ["text"],
        }
    )
    kinds = {
        "a": "amount",
        "b": "amount2",
        "c": "pct",
        "d": "pct_signed",
        "e": "number",
        "f": "int",
        "g": "date",
        "h": "text",
    }
    S.table(df, "performance", kinds)
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="en")
    row = openpyxl.load_workbook(tmp_path / "t.xlsx")["01 Sales and expenses"][2]
    assert [c.number_format for c in row] == [
        "#,##0",
        "#,##0.00",
        "0.0%",
        "0.0%",
        "#,##0.0",
        "#,##0",
        "yyyy-mm-dd",
        "General",
    ]
    assert row[0].value == 1_234_567.891  # the format rounds, the value stays whole
    assert row[6].value == pd.Timestamp("2025-03-31").to_pydatetime()


@pytest.mark.parametrize(
    ("lang", "currency", "header"),
    [("zh", "CNY", "销售额（元）"), ("en", "CNY", "Sales (CNY)"), ("zh", "USD", "销售额（USD）")],
)
def test_money_keeps_full_amounts_and_names_the_currency(data, tmp_path, lang, currency, header):
    # the report shows 4,600.0 under 销售额（万元）; the workbook is for calculating on
    S = _section("00_overview", data, tmp_path, lang)
    S.currency = currency
    S.table(PORTFOLIO[["sales"]], "portfolio", {"sales": "money"})
    write_tables(tmp_path, tmp_path / "t.xlsx", lang=lang)
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[1]
    assert ws["B1"].value == header
    assert (ws["B2"].value, ws["B2"].number_format) == (46_000_000, "#,##0")


def test_number_formats_inferred_for_a_saved_table(data, tmp_path):
    S = _section("01_channel_diagnosis", data, tmp_path, "en")
    df = pd.DataFrame(
        {
            "expense_rate": [0.12, float("nan")],
            "variable_share": [0.5, 0.25],
            "achievement": [1.05, 0.9],
            "growth": [0.1, -0.2],
            "margin": [0.3, 0.2],
            "ratio": [1.5, 2.0],  # has decimals -> 2 places
            "fine": [3000.0, 150.0],  # whole -> none
            "units": [12, 3],
            "day": pd.to_datetime(["2025-01-02", "2025-02-03"]),
            "flag": [True, False],
            "who": ["甲", "乙"],
        }
    )
    S.save(df, "ratio_flags")
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["01 Ratio warnings"]
    assert [c.number_format for c in ws[2]] == [
        *["0.0%"] * 5,
        "#,##0.00",
        "#,##0",
        "#,##0",
        "yyyy-mm-dd",
        "General",
        "General",
    ]
    assert ws["A3"].value is None  # NaN -> an empty cell
    assert ws["J2"].value == "Yes" and ws["K2"].value == "甲"  # a yes/no is text


def test_points_named_like_a_fraction_are_not_percentages(data, tmp_path):
    S = _section("03_dealer_evaluation", data, tmp_path, "en")
    # the scorecard's indicators: 123.3 means 123.3 %, beyond the ±10 of a fraction
    S.save(pd.DataFrame({"task_achievement": [72.25, 123.5], "growth": [10.0, -2.5]}), "x")
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["03 x"]
    assert [c.number_format for c in ws[2]] == ["#,##0.00", "0.0%"]  # 10.0 is still 1000 %


def test_frozen_header_filter_style_and_widths(data, tmp_path):
    S = _section("04_conflict_review", data, tmp_path, "zh")
    df = pd.DataFrame(
        {
            "name": ["华东商贸有限公司", "x"],  # 8 wide characters = 16
            "note": ["长" * 100, ""],  # 200 wide: capped
            "v": [5, 6],  # header v: 1 + 3 (filter button) = 4 -> 6, the minimum
            "amount": [1_234_567.0, 1.0],  # "1,234,567" = 9
        }
    )
    S.table(df, "fines", {"amount": "amount"})
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="zh")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["04 窜货罚款"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    # name: max(4 + 3, 16) + 2 = 18; note: 60 (cap); v: 6 (minimum); amount: header
    # 金额 = 4 + 3 = 7 < 9 -> 9 + 2 = 11
    assert widths == [18, 60, 6, 11]
    head = ws["A1"]
    assert head.font.b and head.fill.fgColor.rgb.endswith("DDEBF7")


def test_client_text_stays_text(data, tmp_path):
    S = _section("00_overview", data, tmp_path, "zh")
    evil = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "#N/A", "-1", "@SUM(A1)", "a\x07b"]
    S.table(
        pd.DataFrame({"sales": range(6)}, index=pd.Index(evil, name="channel")),
        "portfolio",
        {"sales": "amount"},
    )
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="zh")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["00 渠道组合"]
    cells = [(c.value, c.data_type) for c in ws["A"][1:]]
    # a control character XML cannot hold is dropped
    assert cells == [(v.replace("\x07", ""), "s") for v in evil]


def test_saving_again_keeps_the_place_and_slugs_that_clash_get_a_number(data, tmp_path):
    S = _section("04_conflict_review", data, tmp_path, "zh")
    S.save(pd.DataFrame({"units": [1]}), "ladder")
    S.save(pd.DataFrame({"units": [2]}), "evidence_华东")
    S.save(pd.DataFrame({"units": [3]}), "evidence_华南")  # slugged alike: evidence__
    S.save(pd.DataFrame({"units": [4]}), "ladder")  # a cell run twice
    manifest = json.loads((tmp_path / "04_conflict_review" / "_manifest.json").read_text())
    assert [(e["file"], e["name"]) for e in manifest["tables"]] == [
        ("04_ladder.parquet", "ladder"),
        ("04_evidence__.parquet", "evidence_华东"),
        ("04_evidence___2.parquet", "evidence_华南"),
    ]
    names = write_tables(tmp_path, tmp_path / "t.xlsx", lang="zh")
    assert names == ["04 级差价格", "04 窜货证据（华东）", "04 窜货证据（华南）"]
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book["04 级差价格"]["A2"].value == 4
    assert book["04 窜货证据（华南）"]["A2"].value == 3


def test_a_table_without_a_title_key_or_manifest_falls_back_to_its_name(data, tmp_path):
    S = _section("02_channel_scoring", data, tmp_path, "en")
    S.save(pd.DataFrame({"x": [1]}), "mystery")
    pd.DataFrame({"y": [2]}).to_parquet(tmp_path / "02_channel_scoring" / "02_by_hand.parquet")
    names = write_tables(tmp_path, tmp_path / "t.xlsx", lang="en")
    assert names == ["02 mystery", "02 by_hand"]  # unlisted files follow, by name


def test_an_unreadable_manifest_is_started_afresh(data, tmp_path):
    (tmp_path / "00_overview").mkdir()
    (tmp_path / "00_overview" / "_manifest.json").write_text("{not json", encoding="utf-8")
    S = _section("00_overview", data, tmp_path, "en")
    S.save(pd.DataFrame({"x": [1]}), "costs")
    assert write_tables(tmp_path, tmp_path / "t.xlsx", lang="en") == ["00 Costs and contribution"]


def test_no_tables_gives_a_contents_sheet_that_says_so(tmp_path):
    assert write_tables(tmp_path / "none", tmp_path / "t.xlsx", lang="en") == []
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["Contents"]
    assert book["Contents"]["A2"].value == "(no result tables)"
    with pytest.raises(ValueError, match="lang must be one of"):
        write_tables(tmp_path, tmp_path / "t.xlsx", lang="fr")


def test_sheet_names_follow_excels_rules():
    taken: set[str] = set()
    assert sheet_title("Sales/target: [all]?*\\", 1, taken) == "01 Sales-target- -all----"
    long = sheet_title("Dealers whose stock flow does not balance", 1, taken)
    assert long == "01 Dealers whose stock flow doe" and len(long) == 31
    again = sheet_title("Dealers whose stock flow does not balance", 1, taken)
    # 27 characters ("01 Dealers whose stock flow") + " (2)" = 31
    assert again == "01 Dealers whose stock flow (2)" and len(again) == 31
    assert sheet_title("DEALERS WHOSE STOCK FLOW DOES NOT", 1, taken).endswith("(3)")
    assert sheet_title("'quoted'", None, taken) == "quoted"


def test_table_title_with_a_dynamic_suffix():
    assert table_title("evidence_D_01", "zh", prefix="cf") == "窜货证据（D_01）"
    assert table_title("performance_full", "en", prefix="dg") == "Sales and expenses (all)"
    assert table_title("unknown_thing", "en", prefix="dg") == "unknown_thing"


def _saved_names(key: str) -> list[tuple[str, bool]]:
    """(name, dynamic) of every S.table / S.save call in a report notebook."""
    nb = nbformat.read(report_notebooks_dir() / f"{key}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("table", "save")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "S"
            ):
                arg = node.args[1]
                if isinstance(arg, ast.Constant):
                    found.append((arg.value, False))
                else:  # f"evidence_{dealer}": the key is the stem's
                    assert isinstance(arg, ast.JoinedStr), ast.dump(arg)
                    found.append((arg.values[0].value.rstrip("_"), True))
    return found


def test_every_table_the_report_saves_has_a_title_in_the_catalogue():
    missing, seen = [], 0
    for key in section_keys():
        for name, _dynamic in _saved_names(key):
            seen += 1
            if not has(f"{section(key).prefix}_table_{name}"):
                missing.append(f"{key}: {name}")
    assert missing == []
    assert seen >= 54  # 3 + 19 + 4 + 9 + 13 + 6 calls in sections 00-05 at writing


def test_the_sample_clients_portfolio_sheet(tmp_path):
    from chananalysis.sections.overview import review

    data = sample_client("seasoning")
    r = review.review(data)
    S = _section("00_overview", data, tmp_path, "zh")
    S.table(r.portfolio[["sales", "sales_prev", "share", "growth"]], "portfolio", {})
    write_tables(tmp_path, tmp_path / "t.xlsx", lang="zh")
    rows = list(openpyxl.load_workbook(tmp_path / "t.xlsx")["00 渠道组合"].values)
    assert rows[0] == ("渠道", "销售额", "上期销售额", "销售占比", "增长率")
    # 流通批发 46,000,000 of 91,400,000 = 50.3 %; 43,000,000 the year before
    row = next(r for r in rows if r[0] == "流通批发")
    assert row[1:3] == (46_000_000, 43_000_000) and round(row[3], 3) == 0.503
    assert len(rows) == 7  # header + six channels
    # no kinds: the share and growth columns are fractions by their names
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["00 渠道组合"]
    assert [c.number_format for c in ws[2]] == ["General", "#,##0", "#,##0", "0.0%", "0.0%"]


def test_sheet_title_rejects_nothing_excel_forbids():
    taken: set[str] = set()
    for title in ["a[b]", "c:d", "e*f", "g?h", "i/j", "k\\l"]:
        assert not re.search(r"[\[\]:*?/\\]", sheet_title(title, 0, taken))


def test_every_table_title_makes_a_sheet_name_unchanged():
    """Titles fit "NN " + 28 characters and hold nothing Excel forbids (nor a quote, which
    links would have to double), so no sheet name is cut or has a character replaced."""
    from chananalysis.i18n import catalogue

    titles = {k: v for k, v in catalogue().items() if re.match(r"[a-z]+_table_", k)}
    assert len(titles) >= 54
    bad = [
        (k, lang, text)
        for k, v in titles.items()
        for lang, text in v.items()
        if len(text) > 28 or re.search(r"[\[\]:*?/\\']", text)
    ]
    assert bad == []


# --- yes/no and whole numbers: written one way (issue 25) ---------------------------------

FLAGS = pd.DataFrame(
    {"covered": [True, False], "n": [3, 0]}, index=pd.Index(["兰考", "信阳"], name="territory")
)


@pytest.mark.parametrize(("lang", "yes", "no"), [("zh", "是", "否"), ("en", "Yes", "No")])
def test_a_yes_no_column_reads_yes_or_no_as_text(data, tmp_path, lang, yes, no):
    S = _section("01_channel_diagnosis", data, tmp_path / "_tables", lang)
    S.table(FLAGS, "coverage", {"n": "int"})  # shown: the report's own call
    S.save(FLAGS, "counties")  # saved only, no kinds
    write_tables(tmp_path / "_tables", tmp_path / "t.xlsx", lang=lang)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    for ws in book.worksheets[1:]:
        cells = [r[1] for r in ws.iter_rows(min_row=2)]
        assert [c.value for c in cells] == [yes, no]
        assert {c.data_type for c in cells} == {"s"}  # text, never a formula or a bool


def test_no_cell_of_any_sheet_is_a_boolean_or_true_false(data, tmp_path):
    """Every way a table holds a yes/no: a bool column, a nullable boolean one with a gap,
    NumPy booleans and None in an object column, a list of them."""
    tables = tmp_path / "_tables"
    frame = pd.DataFrame(
        {
            "fragile": [True, False, True],
            "keeps_old": pd.array([True, None, False], dtype="boolean"),
            "mixed": np.array([np.True_, None, np.False_], dtype=object),
            "listed": [[True, False], [], [False]],
        },
        index=pd.Index(["a", "b", "c"], name="pair"),
    )
    S = _section("02_channel_scoring", data, tables, "zh")
    S.table(frame, "sensitivity", {})
    S.save(frame, "factors")
    write_tables(tables, tmp_path / "t.xlsx", lang="zh")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [v for v in values if isinstance(v, bool)]
    assert not [v for v in values if str(v) in {"TRUE", "FALSE", "True", "False"}]
    rows = list(book["02 权重敏感性"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("a", "是", "是", "是", "是、否")
    assert rows[1] == ("b", "否", None, None, None)


def test_ranks_and_counts_are_written_as_integers(data, tmp_path):
    """A rank column that a missing value made float is 1, 2, empty — not 1.0, 2.0; a
    statistic of ranks is 2 when whole and 2.5 between two ranks."""
    tables = tmp_path / "_tables"
    frame = pd.DataFrame(
        {
            "rank": [1.0, 2.0, np.nan],
            "incidents": [3.0, np.nan, 12.0],
            "rank_median": [2.0, 2.5, 1.0],
        }
    )
    S = _section("02_channel_scoring", data, tables, "en")
    S.table(frame, "scores", {"rank": "int", "incidents": "int", "rank_median": "rank"})
    write_tables(tables, tmp_path / "t.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["02 Composite index"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == [(1, 3, 2), (2, None, 2.5), (None, 12, 1)]
    assert all(type(v) is int for r in rows for v in r[:2] if v is not None)
    assert [c.number_format for c in ws[2]] == ["#,##0", "#,##0", "General"]


def yes_no_problems(workbook: Path) -> list[tuple[str, str, object]]:
    """(sheet, cell, value) of every cell that is a Python bool or reads TRUE/FALSE."""
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(workbook, read_only=True)
    words = {"TRUE", "FALSE", "True", "False"}
    return [
        (ws.title, f"{get_column_letter(j)}{i}", v)
        for ws in book.worksheets
        for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
        for j, v in enumerate(row, start=1)
        if isinstance(v, bool) or (isinstance(v, str) and v in words)
    ]


@pytest.mark.slow
def test_no_sample_workbook_writes_true_or_false(sample_reports):
    """Every sample report's tables.xlsx, in both languages: yes/no cells are 是/否 or
    Yes/No text, never Excel booleans or the words TRUE/FALSE."""
    for (client, lang), index in sample_reports.items():
        problems = yes_no_problems(Path(index).parent / "tables.xlsx")
        assert problems == [], (client, lang, problems[:5])
