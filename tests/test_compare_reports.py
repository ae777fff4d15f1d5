"""benchmarks/compare_reports.py: two report folders compared cell for cell, on tiny
hand-made workbooks."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import openpyxl
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "compare_reports.py"
_spec = importlib.util.spec_from_file_location("compare_reports", SCRIPT)
compare_reports = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_reports)


def _tables(folder: Path, share: float = 0.25, fmt: str = "0.0%") -> Path:
    """A report folder whose tables.xlsx has a contents sheet and one table."""
    folder.mkdir(parents=True)
    wb = openpyxl.Workbook()
    contents = wb.active
    contents.title = "目录"
    contents["A1"] = "表"
    contents["A2"] = "渠道"
    contents["A2"].hyperlink = "#'01 渠道'!A1"
    ws = wb.create_sheet("01 渠道")
    ws.append(["渠道", "销售额", "占比"])
    ws.append(["KA卖场", 1000, share])
    ws.append(["流通批发", 3000, 0.75])
    for row in (2, 3):
        ws.cell(row, 2).number_format = "#,##0"
        ws.cell(row, 3).number_format = fmt
    wb.save(folder / "tables.xlsx")
    return folder


def test_identical_reports_exit_0(tmp_path, capsys):
    a, b = _tables(tmp_path / "a"), _tables(tmp_path / "b")
    assert compare_reports.main([str(a), str(b)]) == 0
    assert capsys.readouterr().out == "identical: 1 workbook(s), every sheet and cell\n"


def test_one_changed_cell_exits_1_naming_sheet_cell_and_both_values(tmp_path, capsys):
    a, b = _tables(tmp_path / "a"), _tables(tmp_path / "b", share=0.26)
    assert compare_reports.main([str(a), str(b)]) == 1
    assert capsys.readouterr().out.splitlines()[:3] == [
        "tables.xlsx:",
        '  sheet "01 渠道": 1 difference(s)',
        "    C2 value: 0.25 != 0.26",
    ]


def test_number_formats_sheet_order_and_a_number_against_text(tmp_path):
    a = _tables(tmp_path / "a")
    b = _tables(tmp_path / "b", fmt="0.00%")
    assert compare_reports.compare(a, b) == [
        "tables.xlsx:",
        '  sheet "01 渠道": 2 difference(s)',
        "    C2 number format: '0.0%' != '0.00%'",
        "    C3 number format: '0.0%' != '0.00%'",
    ]
    wb = openpyxl.load_workbook(b / "tables.xlsx")
    wb.move_sheet("01 渠道", offset=-1)
    wb["01 渠道"]["B2"] = "1000"
    wb.save(b / "tables.xlsx")
    shutil.copy(a / "tables.xlsx", b / "tables.xlsx.bak")  # not a report's workbook name
    got = compare_reports.compare(a, b)
    assert got[:2] == [
        "tables.xlsx:",
        '  sheet order differs from shared sheet 1 on: "目录" != "01 渠道"',
    ]
    assert "    B2 value: 1000 != '1000'" in got


def test_folders_of_reports_are_matched_by_relative_path(tmp_path, capsys):
    for side in ("a", "b"):
        for client in ("feed", "seasoning"):
            _tables(tmp_path / side / client / "zh")
    _tables(tmp_path / "a" / "feed" / "en")
    _tables(tmp_path / "b" / "cosmetics" / "en")
    limit_sheet = openpyxl.load_workbook(tmp_path / "b" / "seasoning" / "zh" / "tables.xlsx")
    for row in range(5, 20):
        limit_sheet["目录"].cell(row, 1, row)
    limit_sheet.save(tmp_path / "b" / "seasoning" / "zh" / "tables.xlsx")
    assert compare_reports.main([str(tmp_path / "a"), str(tmp_path / "b"), "--limit", "2"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"cosmetics/en/tables.xlsx: only in {tmp_path / 'b'}",
        f"feed/en/tables.xlsx: only in {tmp_path / 'a'}",
        "seasoning/zh/tables.xlsx:",
        '  sheet "目录": 15 difference(s)',
        "    A5 value: (empty) != 5",
        "    A6 value: (empty) != 6",
        "    ... and 13 more",
        f"differences found in {tmp_path / 'a'} and {tmp_path / 'b'} (4 workbook(s) compared)",
    ]


def test_a_folder_without_tables_is_named(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert compare_reports.main([str(_tables(tmp_path / "a")), str(tmp_path / "empty")]) == 2
    assert capsys.readouterr().err == f"error: no tables.xlsx in {tmp_path / 'empty'}\n"


def test_sheets_in_one_workbook_only():
    assert compare_reports.sheet_name_differences(
        ["目录", "A", "B", "C"], ["目录", "C", "D", "B"]
    ) == [
        "sheets only in the first: ['A']",
        "sheets only in the second: ['D']",
        'sheet order differs from shared sheet 2 on: "B" != "C"',
    ]


@pytest.mark.parametrize("value", [float("nan"), "text"])
def test_same_values_are_the_same(value):
    assert compare_reports._same(value, value)
