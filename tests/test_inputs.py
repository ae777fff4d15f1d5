"""The input checks every method shares (methods/inputs.py) and the row numbers the intake
hands out with each sheet (intake/rows.py): a refused value is named by the row as Excel
shows it when the sheet came from `load_client`, else by index label."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import chananalysis as ca
from chananalysis.errors import ChananalysisError, DealerDataError, InputDataError
from chananalysis.intake.rows import file_row, tag_rows
from chananalysis.methods.inputs import (
    blank_cells,
    dates,
    numbers,
    row_name,
    text,
    unique_text,
    where,
)


def loaded(frame: pd.DataFrame, rows: list[int] | None = None) -> pd.DataFrame:
    """``frame`` as load_client hands it out: tagged with its Excel rows."""
    tag_rows(frame, rows if rows is not None else range(2, len(frame) + 2))
    return frame


def test_input_data_error_is_a_value_error_and_dealer_data_error_its_alias():
    assert issubclass(InputDataError, ChananalysisError)
    assert issubclass(InputDataError, ValueError)
    assert DealerDataError is InputDataError
    assert ca.InputDataError is InputDataError
    with pytest.raises(DealerDataError):  # old `except DealerDataError` still catches
        numbers(pd.DataFrame({"x": ["a"]}), "t", "x")


@pytest.mark.parametrize(
    ("frame", "pos", "name"),
    [
        pytest.param(pd.DataFrame({"x": [1, 2]}), 1, "row 1", id="range-index"),
        pytest.param(pd.DataFrame({"x": [1, 2]}, index=[7, 9]), 1, "row 9", id="int-label"),
        pytest.param(pd.DataFrame({"x": [1]}, index=["b"]), 0, "row b", id="text-label"),
        pytest.param(
            pd.DataFrame({"x": [1]}, index=pd.Index(["KA"], name="channel")),
            0,
            "channel KA",
            id="named-index",
        ),
        # header = row 1, first data row = row 2; a dropped blank row 4 leaves a gap
        pytest.param(loaded(pd.DataFrame({"x": [1, 2, 3]}), [2, 3, 5]), 2, "row 5", id="excel"),
        pytest.param(loaded(pd.DataFrame({"x": [1, 2, 3]}), [2, 3, 5]), 0, "row 2", id="excel-2"),
    ],
)
def test_row_name(frame, pos, name):
    assert row_name(frame, pos) == name


def test_filtered_intake_frame_keeps_its_excel_rows():
    frame = loaded(pd.DataFrame({"x": [1, 2, 3, 4]}), [2, 3, 5, 6])
    kept = frame[frame["x"] > 2]  # labels 2, 3 -> Excel rows 5, 6
    assert [row_name(kept, i) for i in range(2)] == ["row 5", "row 6"]
    assert file_row(kept, 9) is None  # a label the sheet never had
    assert file_row(kept.set_index("x"), 3) == ("row", 6)  # same rule: labels are ints


def test_parquet_rows_are_records():
    frame = pd.DataFrame({"x": [1, 2]})
    tag_rows(frame, [1, 2], record=True)
    assert row_name(frame, 1) == "record 2"


def test_a_method_names_the_excel_row_of_a_loaded_sheet(book):
    from chananalysis.methods.performance import sales_performance

    head = ["channel", "sales", "sales_prev", "variable_cost_rate", "fixed_cost"]
    rows = [head, ["KA", 1000, 900, 0.2, 100], [None] * 5, ["__total__", 10, 9, 0.1, 1]]
    data = ca.load_client(book(channels=rows))  # the blank row 3 is dropped
    assert data.channels.index.tolist() == [0, 1]
    with pytest.raises(InputDataError, match=r"^channels, row 4 \(channel __total__\), column"):
        sales_performance(data.channels)


def test_where():
    frame = pd.DataFrame({"dealer": ["D1", None], "sales": [1, 2]})
    assert where(frame, "kpis", "sales", 0, keys=("dealer", "absent")) == (
        "kpis, row 0 (dealer D1), column sales"
    )
    assert where(frame, "kpis", None, 1, keys=("dealer",), quoted=True) == "kpis, row 1"
    assert where(frame, "kpis", "sales", 0, header="销售额") == "kpis, row 0, column sales (销售额)"


def test_blank_cells_is_the_intakes_rule():
    s = pd.Series(["a", " ", "", None, np.nan, 0], dtype=object)
    assert blank_cells(s).tolist() == [False, True, True, True, True, False]
    assert blank_cells(pd.Series([1.0, np.nan])).tolist() == [False, True]


def test_text():
    frame = pd.DataFrame({"t": [" a ", "  ", None, 12]})
    got = text(frame, "s", "t")
    assert got.tolist()[0] == "a" and got.isna().tolist() == [False, True, True, False]
    assert got.iloc[3] == "12"
    with pytest.raises(InputDataError, match=r"^s, row 1, column t: blank; name it$"):
        text(frame, "s", "t", required=True, blank="blank; name it")


def test_text_as_given_keeps_the_cells_and_counts_the_blanks():
    frame = pd.DataFrame({"t": [" a ", "  ", None, 12]})
    got = text(frame, "s", "t", strip=False)
    assert got.tolist()[0] == " a " and got.isna().tolist() == [False, True, True, False]
    with pytest.raises(InputDataError, match=r"^s, row 1, column t: blank \(2 cells\)$"):
        text(frame, "s", "t", required=True, strip=False, blank="blank ({count} cells)")
    spaces = pd.DataFrame({"t": pd.Categorical(["a", " "])})  # a category of spaces: blank
    assert text(spaces, "s", "t", strip=False).isna().tolist() == [False, True]


def test_unique_text_names_the_first_row():
    frame = loaded(pd.DataFrame({"d": ["D1", "D2", "D1 "]}))
    with pytest.raises(InputDataError, match=r'^s, row 4, column d: "D1" repeats row 2$'):
        unique_text(frame, "s", "d", repeats="{value} repeats {first}")


@pytest.mark.parametrize(
    ("values", "options", "message"),
    [
        pytest.param(["x"], {}, '"x" is not a number ≥ 0', id="text"),
        pytest.param([True], {}, "True is not a number ≥ 0", id="bool-is-not-a-number"),
        pytest.param([-1], {}, "-1 is not a number ≥ 0", id="negative"),
        pytest.param([np.inf], {"infinite": "{value} is infinite"}, "inf is infinite", id="inf"),
        pytest.param([0], {"above": True, "rule": "a number > 0"}, "0 is not a number > 0", id=">"),
        pytest.param([1.5], {"whole": True}, "1.5 is not a number ≥ 0", id="whole"),
        pytest.param([2], {"high": 1.0, "out_of_range": "{value} > 1"}, "2 > 1", id="high"),
        pytest.param([None], {"required": True}, "blank; expected a number ≥ 0", id="blank"),
    ],
)
def test_numbers_refuses(values, options, message):
    frame = pd.DataFrame({"v": pd.Series(values, dtype=object)})
    with pytest.raises(InputDataError, match=rf"^t, row 0, column v: {message}$"):
        numbers(frame, "t", "v", **options)


def test_numbers_reads_blanks_as_nan_and_names_the_first_bad_row():
    frame = pd.DataFrame({"v": [1, " ", "2.5", None]})
    assert numbers(frame, "t", "v").tolist()[::2] == [1.0, 2.5]
    assert np.isnan(numbers(frame, "t", "v")[[1, 3]]).all()
    bad = pd.DataFrame({"v": [1, -1, "x"]})
    with pytest.raises(InputDataError, match=r"row 1, column v: -1"):
        numbers(bad, "t", "v")


def test_dates():
    frame = loaded(pd.DataFrame({"d": ["2025-01-31 10:00", None, "someday"]}))
    assert dates(frame.iloc[:2], "a", "d").tolist()[0] == pd.Timestamp("2025-01-31")
    assert dates(frame.iloc[:2], "a", "d").dtype == "datetime64[us]"
    with pytest.raises(InputDataError, match=r'^a, row 4, column d: "someday" is not a date$'):
        dates(frame, "a", "d")
    with pytest.raises(InputDataError, match=r"^a, row 3, column d: blank; expected a date$"):
        dates(frame.iloc[:2], "a", "d", required=True)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(
            ["2025-05-03 14:30:05.123456", "2025-05-04"],
            ["2025-05-03 14:30:05.123456", "2025-05-04"],
            id="iso-time-kept",
        ),
        pytest.param(["2025/05/03 08:00"], ["2025-05-03 08:00"], id="other-spelling"),
        pytest.param(
            pd.to_datetime(["2025-05-03 08:00"]).tz_localize("Asia/Shanghai"),
            ["2025-05-03 00:00"],
            id="time-zone-in-utc",
        ),
        pytest.param([None, " "], [None, None], id="blanks-nat"),
    ],
)
def test_dates_keep_the_time_when_asked(values, expected):
    got = dates(pd.DataFrame({"d": values}), "scans", "d", time=True)
    assert got.dtype == "datetime64[us]"
    assert got.tolist() == [pd.Timestamp(v) if v else pd.NaT for v in expected]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param(
            ["2025-01-01", "31.02.2025"], 'row 1, column d: "31.02.2025" is not a date', id="bad"
        ),
        pytest.param([5, 6], "row 0, column d: 5 is not a date", id="numbers-are-not-dates"),
        pytest.param(["2025-01-01", None, ""], r"row 1, column d: blank \(2\)", id="blank"),
        pytest.param([None, "zz"], r"row 0, column d: blank \(1\)", id="first-row-first"),
    ],
)
def test_dates_refuse(values, message):
    frame = pd.DataFrame({"d": values})
    with pytest.raises(InputDataError, match=rf"^s, {message}$"):
        dates(frame, "s", "d", time=True, required=True, blank="blank ({count})")
