"""Stock-flow reconciliation — 进销存 (docs/method.md §3.4, seed 000).

A dealer's 进销存 report (opening stock, purchases, sales, closing stock per SKU and
period) should reconcile: opening + purchases − sales = closing, and each period should
open with the stock the previous one closed with. Rows that do not are the first thing
to ask the dealer about; days of inventory (库存天数) says how long the closing stock
lasts at the period's selling rate.

Examples
--------
>>> inv = pd.DataFrame({"dealer": ["D1"], "sku": ["酱"], "period": ["2025-04"],
...                     "opening": [100.0], "purchases": [50.0], "sales": [30.0],
...                     "closing": [110.0]})
>>> stock_reconciliation(inv).rows[["days", "expected_closing", "discrepancy", "flags"]]
   days  expected_closing  discrepancy     flags
0    30             120.0         10.0  mismatch
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import numbers, row_name, text, where
from chananalysis.methods.notes import notes_column

__all__ = ["InputDataError", "StockFlow", "stock_reconciliation"]

#: Differences within this of the tolerance count as on it (float noise, not a decision).
_EPS = 1e-9
_KEYS = ("dealer", "sku", "period")
_NUMBERS = ("opening", "purchases", "sales", "closing")
_ROW_COLUMNS = [
    "dealer",
    "sku",
    "period",
    "days",
    "opening",
    "purchases",
    "sales",
    "closing",
    "expected_closing",
    "discrepancy",
    "carried",
    "carry_gap",
    "days_of_inventory",
    "flags",
]
_DEALER_COLUMNS = [
    "skus",
    "periods",
    "rows",
    "mismatches",
    "carry_breaks",
    "units_unexplained",
    "sales",
    "closing_last",
    "days_of_inventory",
    "flagged_share",
    "notes",
]
#: Flag codes in the order they are joined.
_CODES = (
    "mismatch",
    "carry_break",
    "negative_stock",
    "no_sales",
    "negative_sales",
    "gap_in_periods",
)

_YEAR = re.compile(r"(\d{4})\s*年?")
_QUARTER = re.compile(r"(\d{4})\s*(?:年\s*)?[-/.]?\s*(?:[Qq]\s*([1-4])|第?([1-4一二三四])季度?)")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月?|(\d{2}))")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}
_PERIOD_RULE = (
    'a period: a month "2025-03", a quarter "2025-Q1", a year "2025" or a date '
    '"2025-03-01" (its month)'
)


@dataclass(frozen=True)
class StockFlow:
    """What the 进销存 reconciliation found.

    Attributes
    ----------
    rows
        One row per input row, sorted by dealer, SKU and period start (RangeIndex):
        ``dealer, sku, period`` (as given), ``days`` (calendar days in the period),
        ``opening, purchases, sales, closing``, ``expected_closing`` = opening +
        purchases − sales, ``discrepancy`` = expected_closing − closing (should be 0),
        ``carried`` (the closing stock of the same dealer × SKU in the period just
        before; NaN for the first and after a missing period), ``carry_gap`` = opening −
        carried, ``days_of_inventory`` = closing / (sales / days) (NaN when sales ≤ 0),
        ``flags``: a `Notes` of codes — ``mismatch``, ``carry_break``,
        ``negative_stock``, ``no_sales``, ``negative_sales``, ``gap_in_periods`` —
        empty when none.
    discrepancies
        The rows flagged ``mismatch``, ``carry_break`` or ``negative_stock`` (same
        columns), largest abs(discrepancy) + abs(carry_gap) first, RangeIndex.
    by_dealer
        Index ``dealer``: ``skus``, ``periods`` (distinct periods), ``rows``,
        ``mismatches``, ``carry_breaks``, ``units_unexplained`` (Σ abs(discrepancy)),
        ``sales`` (Σ), ``closing_last`` (Σ closing of the dealer's last period),
        ``days_of_inventory`` (closing_last over the last period's daily sales; NaN when
        it sold nothing), ``flagged_share`` (rows with any flag / rows) and ``notes``
        (``no_sales`` when days_of_inventory is NaN for want of sales, else empty).
        Largest units_unexplained first, then by dealer.
    """

    rows: pd.DataFrame
    discrepancies: pd.DataFrame
    by_dealer: pd.DataFrame


def _place(frame: pd.DataFrame, col: str, pos: int) -> str:
    """``inventory, row <n> (dealer …, sku …, period …), column <col>``."""
    return where(frame, "inventory", col, pos, keys=_KEYS)


def _month(year: int, month: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    if not 1 <= month <= 12:
        return None
    start = pd.Timestamp(year, month, 1)
    return start, start + pd.offsets.MonthEnd(1)


def _span(value: object) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day of a period value, or None when it cannot be read."""
    if isinstance(value, dt.date | np.datetime64):  # a date (pd.Timestamp is one): its month
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else _month(ts.year, ts.month)
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        if math.isfinite(value) and float(value).is_integer() and 1000 <= value <= 9999:
            value = str(int(value))  # a year read as a number
        else:
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if m := _YEAR.fullmatch(text):
        start = pd.Timestamp(int(m[1]), 1, 1)
        return start, pd.Timestamp(int(m[1]), 12, 31)
    if m := _QUARTER.fullmatch(text):
        q = int(m[2]) if m[2] else _CN_DIGIT.get(m[3]) or int(m[3])
        start = pd.Timestamp(int(m[1]), 3 * q - 2, 1)
        return start, start + pd.offsets.QuarterEnd(1)
    if m := _MONTH.fullmatch(text):
        return _month(int(m[1]), int(m[2] or m[3] or m[4]))
    if m := _DATE.fullmatch(text):
        try:
            ts = pd.Timestamp(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:  # 2025-02-30
            return None
        return _month(ts.year, ts.month)
    return None


def _label(value: object) -> str:
    """The period as text: a string stripped, a date as YYYY-MM-DD, a year as digits."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.date | np.datetime64):
        return f"{pd.Timestamp(value):%Y-%m-%d}"
    if isinstance(value, int | float | np.integer | np.floating):
        return str(int(value))
    return str(value)


def _clean(inventory: pd.DataFrame) -> pd.DataFrame:
    """Typed copy with ``start``, ``end`` and ``days`` of each period; refuses bad rows."""
    if not isinstance(inventory, pd.DataFrame):
        raise InputDataError(
            f"inventory: expected a DataFrame (the inventory sheet); got {type(inventory).__name__}"
        )
    need = (*_KEYS, *_NUMBERS)
    missing = [c for c in need if c not in inventory.columns]
    if missing:
        raise InputDataError(
            f"inventory: column(s) {', '.join(missing)} missing; expected {', '.join(need)}"
        )
    inv = inventory
    out = pd.DataFrame(index=pd.RangeIndex(len(inv)))
    for col in ("dealer", "sku"):
        blank = f"blank; every row names its {col}"
        out[col] = text(inv, "inventory", col, required=True, blank=blank, keys=_KEYS).to_numpy()
    raw_period = inv["period"].reset_index(drop=True)
    spans: dict[object, tuple[pd.Timestamp, pd.Timestamp] | None] = {}
    starts, ends = [], []
    for i, v in enumerate(raw_period):
        blank = v is None or (isinstance(v, str) and not v.strip())
        blank = blank or (not isinstance(v, str) and bool(pd.isna(v)))
        if blank:
            raise InputDataError(f"{_place(inv, 'period', i)}: blank; expected {_PERIOD_RULE}")
        key = v if isinstance(v, str) else repr(v)
        if key not in spans:
            spans[key] = _span(v)
        span = spans[key]
        if span is None:
            raise InputDataError(
                f"{_place(inv, 'period', i)}: {shown(v)} is not a period; expected {_PERIOD_RULE}"
            )
        starts.append(span[0])
        ends.append(span[1])
    out["period"] = [_label(v) for v in raw_period]
    out["start"] = pd.Series(starts, dtype="datetime64[us]")
    out["end"] = pd.Series(ends, dtype="datetime64[us]")
    out["days"] = ((out["end"] - out["start"]).dt.days + 1).astype("int64")
    for col in _NUMBERS:
        out[col] = numbers(
            inv,
            "inventory",
            col,
            low=None,
            required=True,
            rule="a number of units",
            bad="{value} is not a number; expected {rule}",
            keys=_KEYS,
        )
    out["_pos"] = np.arange(len(out))
    return out


def stock_reconciliation(
    inventory: pd.DataFrame,
    *,
    tolerance: float = 0.0,
    carry_across_gaps: bool = False,
) -> StockFlow:
    """Reconcile each dealer's 进销存 report: flows, carry-over and days of inventory.

    Parameters
    ----------
    inventory
        The ``inventory`` sheet: ``dealer, sku, period, opening, purchases, sales,
        closing`` (units), one row per dealer × SKU × period. ``period`` is a month
        ("2025-03", "2025/3", "2025年3月"), a quarter ("2025-Q1", "2025Q1"), a year
        ("2025") or a date ("2025-03-01", read as its month).
    tolerance
        Keyword only: units a discrepancy or a carry gap may be off before it is
        flagged (≥ 0; default 0).
    carry_across_gaps
        Keyword only: when a period is missing, compare the opening stock with the
        closing stock of the last period present (``True``) instead of leaving
        ``carried`` NaN (default ``False``).

    Returns
    -------
    StockFlow
        ``rows`` (``dealer, sku, period, days, opening, purchases, sales, closing,
        expected_closing, discrepancy, carried, carry_gap, days_of_inventory, flags``),
        ``discrepancies`` (the same columns) and ``by_dealer`` (index ``dealer``:
        ``skus, periods, rows, mismatches, carry_breaks, units_unexplained, sales,
        closing_last, days_of_inventory, flagged_share, notes``); see the class.

    Raises
    ------
    InputDataError
        A missing column; a blank dealer or SKU; a period that is not a month, quarter,
        year or date; a blank or non-numeric opening, purchases, sales or closing; two
        rows of one dealer × SKU whose periods overlap (the same period twice, or a
        month inside a quarter); a ``tolerance`` that is not a number ≥ 0. Messages name
        the row as Excel shows it when ``inventory`` came from `load_client`, else by
        its index label.

    Notes
    -----
    Per row: expected_closing = opening + purchases − sales; discrepancy =
    expected_closing − closing (docs/method.md: opening + purchases − sales − closing, 0 when
    the report reconciles; > 0: stock went missing, < 0: stock appeared from nowhere).
    carry_gap = opening − closing of the period just before (same dealer × SKU).
    days_of_inventory = closing / (sales / days), days = calendar days of the period
    (a month 28–31, a quarter 90–92, a year 365/366).

    Flags: ``mismatch`` abs(discrepancy) > tolerance; ``carry_break`` abs(carry_gap) >
    tolerance; ``negative_stock`` opening < 0 or closing < 0; ``no_sales`` sales = 0
    and ``negative_sales`` sales < 0 (days_of_inventory NaN for both);
    ``gap_in_periods`` the period does not start the day after the previous one of the
    same dealer × SKU ended (one or more periods missing in between).

    By dealer, the last period is the one that ends latest among the dealer's rows;
    closing_last = Σ closing of its rows (one per SKU reported in it) and
    days_of_inventory = closing_last / Σ (sales / days) over those rows.

    **Decision (tolerance = 0):** the seed asks for a 进销存 that reconciles, so by
    default any unit off is flagged (1e-9 is allowed for float noise). Pass e.g.
    ``tolerance=0.5`` when the dealer's report rounds.

    **Decision (missing periods):** across a missing period the previous closing is not
    known, so ``carried`` and ``carry_gap`` are NaN and the row is flagged
    ``gap_in_periods`` rather than ``carry_break``; ``carry_across_gaps=True`` compares
    with the last period present instead.

    References
    ----------
    Seed 000 (渠道联盟, 鸿兴食品 case): "强化过程管理 … 进行系统拜访与进销存管理";
    "制定进销存报表 … 将市场工作标准化、可视化". docs/method.md §3.4.

    Examples
    --------
    March reconciles (100 + 50 − 30 = 120) but April opens with 118, not 120; April
    also sold nothing:

    >>> inv = pd.DataFrame({"dealer": ["D1", "D1"], "sku": ["酱", "酱"],
    ...                     "period": ["2025-03", "2025-04"], "opening": [100.0, 118.0],
    ...                     "purchases": [50.0, 0.0], "sales": [30.0, 0.0],
    ...                     "closing": [120.0, 118.0]})
    >>> flow = stock_reconciliation(inv)
    >>> flow.rows[["period", "days", "carried", "carry_gap", "days_of_inventory", "flags"]]
        period  days  carried  carry_gap  days_of_inventory                  flags
    0  2025-03    31      NaN        NaN              124.0
    1  2025-04    30    120.0       -2.0                NaN  carry_break; no_sales

    (120 / (30 / 31) = 124 days.) The same with a tolerance of 2 units:

    >>> stock_reconciliation(inv, tolerance=2).rows["flags"].map(str).tolist()
    ['', 'no_sales']
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float | np.number):
        raise InputDataError(f"tolerance: expected a number of units ≥ 0; got {tolerance!r}")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise InputDataError(f"tolerance: expected a number of units ≥ 0; got {shown(tolerance)}")
    tol = float(tolerance) + _EPS

    inv = _clean(inventory)
    f = inv.sort_values(["dealer", "sku", "start", "end", "_pos"], kind="stable")
    f = f.reset_index(drop=True)
    grp = f.groupby(["dealer", "sku"], sort=False)
    prev_end = grp["end"].shift()
    prev_closing = grp["closing"].shift()
    overlap = (f["start"] <= prev_end).to_numpy(dtype=bool, na_value=False)
    if overlap.any():
        i = int(np.flatnonzero(overlap)[0])
        first, second = int(f["_pos"].iloc[i - 1]), int(f["_pos"].iloc[i])
        raise InputDataError(
            f"{_place(inventory, 'period', second)}: {shown(f['period'].iloc[i])} "
            f"overlaps period {shown(f['period'].iloc[i - 1])} of "
            f"{row_name(inventory, first)} for the same dealer and SKU; "
            f"expected one row per dealer, SKU and period"
        )
    gap = (f["start"] > prev_end + pd.Timedelta(days=1)).to_numpy(dtype=bool, na_value=False)
    carried = prev_closing if carry_across_gaps else prev_closing.where(~gap)

    expected = f["opening"] + f["purchases"] - f["sales"]
    discrepancy = expected - f["closing"]
    carry_gap = f["opening"] - carried
    rate = f["sales"] / f["days"]
    doi = f["closing"] / rate.where(rate > 0)

    marks = {
        "mismatch": discrepancy.abs().to_numpy() > tol,
        "carry_break": (carry_gap.abs() > tol).to_numpy(dtype=bool, na_value=False),
        "negative_stock": ((f["opening"] < 0) | (f["closing"] < 0)).to_numpy(),
        "no_sales": (f["sales"] == 0).to_numpy(),
        "negative_sales": (f["sales"] < 0).to_numpy(),
        "gap_in_periods": gap,
    }
    flags = notes_column(len(f), [(marks[code], code) for code in _CODES])
    rows = pd.DataFrame(
        {
            "dealer": f["dealer"].astype("str"),
            "sku": f["sku"].astype("str"),
            "period": f["period"].astype("str"),
            "days": f["days"].astype("int64"),
            "opening": f["opening"].astype("float64"),
            "purchases": f["purchases"].astype("float64"),
            "sales": f["sales"].astype("float64"),
            "closing": f["closing"].astype("float64"),
            "expected_closing": expected.astype("float64"),
            "discrepancy": discrepancy.astype("float64"),
            "carried": carried.astype("float64"),
            "carry_gap": carry_gap.astype("float64"),
            "days_of_inventory": doi.astype("float64"),
            "flags": pd.Series(flags, index=f.index, dtype=object),
        }
    )[_ROW_COLUMNS]

    bad = marks["mismatch"] | marks["carry_break"] | marks["negative_stock"]
    size = (rows["discrepancy"].abs() + rows["carry_gap"].abs().fillna(0.0))[bad]
    discrepancies = rows[bad].iloc[np.argsort(-size.to_numpy(), kind="stable")]
    discrepancies = discrepancies.reset_index(drop=True)

    # per dealer
    work = f[["dealer", "sku", "start", "end", "days", "sales", "closing"]].assign(
        _abs=discrepancy.abs(),
        _mis=marks["mismatch"].astype("int64"),
        _cb=marks["carry_break"].astype("int64"),
        _flag=rows["flags"].map(bool).astype("int64"),
        _daily=f["sales"] / f["days"],
    )
    g = work.groupby("dealer", sort=True)
    by = pd.DataFrame(
        {
            "skus": g["sku"].nunique(),
            "periods": work.drop_duplicates(["dealer", "start", "end"]).groupby("dealer").size(),
            "rows": g.size(),
            "mismatches": g["_mis"].sum(),
            "carry_breaks": g["_cb"].sum(),
            "units_unexplained": g["_abs"].sum(),
            "sales": g["sales"].sum(),
        }
    )
    last = work[work["end"] == work.groupby("dealer")["end"].transform("max")]
    gl = last.groupby("dealer", sort=True)
    by["closing_last"] = gl["closing"].sum()
    daily = gl["_daily"].sum()
    by["days_of_inventory"] = by["closing_last"] / daily.where(daily > 0)
    by["flagged_share"] = g["_flag"].sum() / by["rows"]
    no_sales = ~(daily.reindex(by.index) > 0).to_numpy()
    by["notes"] = pd.Series(notes_column(len(by), [(no_sales, "no_sales")]), index=by.index)
    by = by.astype(
        {
            "skus": "int64",
            "periods": "int64",
            "rows": "int64",
            "mismatches": "int64",
            "carry_breaks": "int64",
            "units_unexplained": "float64",
            "sales": "float64",
            "closing_last": "float64",
            "days_of_inventory": "float64",
            "flagged_share": "float64",
            "notes": object,
        }
    )[_DEALER_COLUMNS]
    by = by.sort_values("units_unexplained", ascending=False, kind="stable")
    by.index = pd.Index(by.index.astype("str"), name="dealer")

    return StockFlow(rows=rows, discrepancies=discrepancies, by_dealer=by)
