"""Checks the methods share on what they are given: a table, its columns, blank cells,
numeric options.

Every failure is a `chananalysis.errors.DealerDataError` whose message names the table
or option, the value and what was expected — never a bare ``KeyError``.

Examples
--------
>>> need_columns(pd.DataFrame({"dealer": ["D1"]}), "financials", ["dealer"])
>>> number_option(0.1, "shortfall", "a fraction in (0, 1)", lambda v: 0 < v < 1)
0.1
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from chananalysis.errors import DealerDataError, shown

__all__ = ["as_table", "blank_cells", "is_number", "need_columns", "number_option"]


def as_table(data: object, table: str) -> pd.DataFrame:
    """``data`` itself when it is a DataFrame, else a `DealerDataError` naming ``table``.

    Parameters
    ----------
    data
        What the caller passed as a table.
    table
        The table's name for the message (``"channels"``).

    Returns
    -------
    pandas.DataFrame
        ``data``, unchanged.

    References
    ----------
    CONTRACT §1: every method takes pandas tables.

    Examples
    --------
    >>> as_table([1, 2], "channels")
    Traceback (most recent call last):
    ...
    chananalysis.errors.DealerDataError: channels: expected a table (pandas DataFrame); got [1, 2]
    """
    if not isinstance(data, pd.DataFrame):
        raise DealerDataError(f"{table}: expected a table (pandas DataFrame); got {shown(data)}")
    return data


def need_columns(frame: pd.DataFrame, table: str, cols: Sequence[str]) -> None:
    """Raise a `DealerDataError` listing the columns of ``cols`` that ``frame`` lacks.

    Parameters
    ----------
    frame
        The table.
    table
        Its name for the message.
    cols
        The columns it must have.

    Returns
    -------
    None
        Nothing, when every column is there.

    References
    ----------
    CONTRACT §3: the intake's sheets and their key columns.

    Examples
    --------
    >>> need_columns(pd.DataFrame({"dealer": ["D1"]}), "inventory", ["dealer", "sku"])
    Traceback (most recent call last):
    ...
    chananalysis.errors.DealerDataError: inventory: column(s) sku missing; expected dealer, sku
    """
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise DealerDataError(
            f"{table}: column(s) {', '.join(missing)} missing; expected {', '.join(cols)}"
        )


def blank_cells(s: pd.Series) -> np.ndarray:
    """True where a cell is missing or text that is only spaces.

    Parameters
    ----------
    s
        A column.

    Returns
    -------
    numpy.ndarray
        Booleans, one per cell.

    References
    ----------
    CONTRACT §3: a blank cell is an unknown value.

    Examples
    --------
    >>> blank_cells(pd.Series(["郑州", " ", None])).tolist()
    [False, True, True]
    """
    text = s.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
    return s.isna().to_numpy(dtype=bool) | text


def is_number(x: object) -> bool:
    """A real number (Python or NumPy), not a bool.

    Parameters
    ----------
    x
        Any value.

    Returns
    -------
    bool
        Whether ``x`` is an int or float of Python or NumPy, and not a bool.

    References
    ----------
    CONTRACT §1: options are plain numbers.

    Examples
    --------
    >>> is_number(3), is_number(True), is_number("3")
    (True, False, False)
    """
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(
        x, bool | np.bool_
    )


def number_option(value: object, name: str, rule: str, ok: Callable[[float], bool]) -> float:
    """A numeric keyword option as a float, checked finite and by ``ok``; else a
    `DealerDataError` saying ``name: <value> is not <rule>``.

    Parameters
    ----------
    value
        The option as passed.
    name
        The option's name for the message.
    rule
        What it must be, in words (``"a rate in [0, 1)"``).
    ok
        The test on the float value.

    Returns
    -------
    float
        ``value`` as a float.

    References
    ----------
    METHOD, preamble: every default is a parameter a consultant can override — and a
    wrong override is named.

    Examples
    --------
    >>> number_option(-1, "royalty_rate", "a rate in [0, 1)", lambda v: 0 <= v < 1)
    Traceback (most recent call last):
    ...
    chananalysis.errors.DealerDataError: royalty_rate: -1 is not a rate in [0, 1)
    """
    if not is_number(value) or not math.isfinite(float(value)) or not ok(float(value)):
        raise DealerDataError(f"{name}: {shown(value)} is not {rule}")
    return float(value)
