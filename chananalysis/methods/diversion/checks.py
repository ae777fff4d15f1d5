"""The options of `detect_diversion` and its input given as pandas frames, checked.

A frame comes back typed the one way every engine reads it: text as ``str``, dates as
``datetime64[us]``, counts as ``int64``; a bad cell raises `InputDataError` naming the
table, the row, the column, the value and what was expected. The cells are read by the
kit's shared checks (`chananalysis.methods.inputs`); what is diversion's own is which
storage types a column may have (codes may be integers, dates are never numbers), that a
shipment code is unique and that authorisations are merged by period.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.methods.diversion.result import _AUTH_KEYS, ENGINES
from chananalysis.methods.inputs import dates, numbers, text, where
from chananalysis.methods.scorecard_config import show_value

_TEXT, _DATE, _COUNT = "text", "date", "count"
#: table -> (column, kind, required); the order is the order of the columns read.
_SPECS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "shipments": (
        ("code", _TEXT, True),
        ("dealer", _TEXT, True),
        ("product_line", _TEXT, True),
        ("ship_date", _DATE, True),
        ("quantity", _COUNT, False),
        ("territory", _TEXT, False),
    ),
    "scans": (
        ("code", _TEXT, True),
        ("territory", _TEXT, True),
        ("scan_date", _DATE, True),
    ),
    "authorizations": (
        ("dealer", _TEXT, True),
        ("territory", _TEXT, True),
        ("product_line", _TEXT, True),
        ("start", _DATE, True),
        ("end", _DATE, True),
    ),
}
_EXPECTED = {
    _TEXT: "text",
    _DATE: "a date or timestamp (YYYY-MM-DD[ HH:MM:SS])",
    _COUNT: "a whole number ≥ 1 (blank = 1)",
}


# --- options --------------------------------------------------------------------------------------


def _check_options(engine: str, severity: Sequence[float], fine_per_unit: float, client: Any):
    if not isinstance(engine, str) or engine not in ENGINES:
        raise InputDataError(
            f"engine must be one of {', '.join(map(repr, ENGINES))}; got {show_value(engine)}"
        )
    try:
        low, high = (float(x) for x in severity)
    except (TypeError, ValueError) as err:
        raise InputDataError(
            f"severity must be two rates (watch from, dangerous above), e.g. (0.02, 0.05); "
            f"got {severity!r}"
        ) from err
    if not 0 <= low < high <= 1:
        raise InputDataError(
            f"severity must be (low, high) rates with 0 ≤ low < high ≤ 1; got {severity!r}"
        )
    try:
        fine = float(fine_per_unit)
    except (TypeError, ValueError) as err:
        raise InputDataError(
            f"fine_per_unit must be a number ≥ 0 (yuan per diverted unit); "
            f"got {show_value(fine_per_unit)}"
        ) from err
    if not (math.isfinite(fine) and fine >= 0):
        raise InputDataError(
            f"fine_per_unit must be a number ≥ 0 (yuan per diverted unit); got {fine_per_unit!r}"
        )
    if client is not None and engine != "dask":
        raise InputDataError(
            f'client is used only with engine="dask"; got engine={engine!r} and a client'
        )
    return (low, high), fine


def _is_path(x: Any) -> bool:
    return isinstance(x, str | os.PathLike)


# --- input checks: pandas frames ------------------------------------------------------------------


def _stored_as(table: str, df: pd.DataFrame, col: str, kind: str) -> NoReturn:
    s = df[col]
    raise InputDataError(
        f"{table}, column {col}: the column holds {s.dtype} values "
        f"(first {show_value(s.iloc[0]) if len(s) else 'none'}); expected {_EXPECTED[kind]}"
    )


def _text(table: str, df: pd.DataFrame, col: str, required: bool = True) -> pd.Series:
    s = df[col]
    if pd.api.types.is_float_dtype(s) and s.dropna().map(float.is_integer).all():
        df = df.assign(**{col: s.astype("Int64")})  # codes read as floats: 123.0 -> "123"
    elif not (
        s.dtype == object
        or isinstance(s.dtype, pd.StringDtype | pd.CategoricalDtype)
        or pd.api.types.is_integer_dtype(s)
    ):
        _stored_as(table, df, col, _TEXT)
    # as given, not stripped: the DuckDB engine compares the codes as they are
    blank = "blank ({count} blank cell(s)); expected text"
    return text(df, table, col, required=required, strip=False, blank=blank)


def _date(table: str, df: pd.DataFrame, col: str) -> pd.Series:
    s = df[col]
    if not pd.api.types.is_datetime64_any_dtype(s) and (
        pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
    ):
        _stored_as(table, df, col, _DATE)
    expected = _EXPECTED[_DATE]
    return dates(
        df,
        table,
        col,
        time=True,
        required=True,
        bad=f"{{value}} is not a date; expected {expected}",
        blank=f"blank ({{count}} blank cell(s)); expected {expected}",
    )


def _count(table: str, df: pd.DataFrame, col: str) -> pd.Series:
    num = numbers(
        df,
        table,
        col,
        low=1,
        whole=True,
        rule=_EXPECTED[_COUNT],
        bad="{value} is not a whole number ≥ 1; expected {rule}",
    )
    return pd.Series(np.where(np.isnan(num), 1.0, num).astype("int64"))


def _frame(table: str, df: Any) -> pd.DataFrame:
    """``df`` checked and typed: text as str, dates as datetime64[us], counts as int64."""
    if not isinstance(df, pd.DataFrame):
        raise InputDataError(
            f"{table}: expected a pandas DataFrame or a path to a Parquet file; "
            f"got {type(df).__name__}"
        )
    spec = _SPECS[table]
    missing = [c for c, _, req in spec if req and c not in df.columns]
    if missing:
        raise InputDataError(
            f"{table}: missing column(s) {', '.join(missing)}; required: "
            f"{', '.join(c for c, _, req in spec if req)}; got: "
            f"{', '.join(map(str, df.columns)) or 'no columns'}"
        )
    out = {}
    for col, kind, req in spec:
        if col in df.columns:
            if kind == _TEXT:
                got = _text(table, df, col, req)
            else:
                got = {_DATE: _date, _COUNT: _count}[kind](table, df, col)
            out[col] = got.array  # no Python strings made from Arrow text
        elif kind == _COUNT:
            out[col] = np.ones(len(df), dtype="int64")
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _unique_codes(ship: pd.DataFrame) -> None:
    dup = ship["code"].duplicated()
    if dup.any():
        code = ship["code"][dup].iloc[0]
        raise InputDataError(
            f"shipments, column code: {show_value(code)} is shipped more than once "
            f"({int(dup.sum())} repeated code(s)); expected one row per code"
        )


def _authorizations(auth: Any) -> pd.DataFrame:
    """Authorisations checked, dates as days, and the periods of one (dealer, line,
    territory) merged where they overlap or touch, so a day is covered at most once."""
    if _is_path(auth):
        raise InputDataError(
            f"authorizations: expected a pandas DataFrame (the sheet is small); got the path "
            f"{str(auth)!r}"
        )
    a = _frame("authorizations", auth)
    a["start"] = a["start"].dt.normalize()
    a["end"] = a["end"].dt.normalize()
    bad = a["end"] < a["start"]
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"{where(auth, 'authorizations', None, i)}: end {a['end'].iloc[i]:%Y-%m-%d} is "
            f"before start {a['start'].iloc[i]:%Y-%m-%d}; expected start ≤ end"
        )
    a = a.sort_values([*_AUTH_KEYS, "start", "end"], ignore_index=True)
    reach = a.groupby(_AUTH_KEYS, sort=False)["end"].cummax()
    before = reach.groupby([a[k] for k in _AUTH_KEYS], sort=False).shift()
    new = before.isna() | (a["start"] > before + pd.Timedelta(days=1))
    block = new.cumsum()
    merged = a.groupby(block, sort=False).agg(
        dealer=("dealer", "first"),
        product_line=("product_line", "first"),
        territory=("territory", "first"),
        start=("start", "min"),
        end=("end", "max"),
    )
    return merged.reset_index(drop=True)
