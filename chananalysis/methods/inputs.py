"""Checks the methods share on what they are given: a table, its columns, blank cells,
text, numbers and dates in a column, numeric options.

Every check exists here once and every method uses it; each failure is a
`chananalysis.errors.InputDataError` whose message names the table or option, the row,
the column, the value and what was expected — never a bare ``KeyError``.

One argument order throughout: ``(frame, table, column, …)``, then keyword-only options.
``table`` is the name messages use (``"financials"``); the wording a module needs
(``rule``, ``blank``, ``bad`` …) is a keyword, so each module's messages keep their words
while the row, column and value are always written the same way by `where`:

    ``<table>, row <n> (<key> <value>, …), column <column> (<header>)``

Rows are named by `row_name`: as Excel shows them (header = row 1) when the frame came
from `chananalysis.load_client` (see `chananalysis.intake.rows`), else by index label.

Examples
--------
>>> need_columns(pd.DataFrame({"dealer": ["D1"]}), "financials", ["dealer"])
>>> number_option(0.1, "shortfall", "a fraction in (0, 1)", lambda v: 0 < v < 1)
0.1
>>> frame = pd.DataFrame({"dealer": ["D1", "D2"], "sales": [5, "abc"]})
>>> numbers(frame, "kpis", "sales", keys=("dealer",))
Traceback (most recent call last):
...
chananalysis.errors.InputDataError: kpis, row 1 (dealer D2), column sales: "abc" is not a number ≥ 0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.intake.parse import blank_cells as _blank_series
from chananalysis.intake.rows import file_row

__all__ = [
    "as_table",
    "blank_cells",
    "dates",
    "is_number",
    "need_columns",
    "number_option",
    "numbers",
    "row_name",
    "text",
    "unique_text",
    "where",
]

_DT = "datetime64[us]"


def as_table(data: object, table: str) -> pd.DataFrame:
    """``data`` itself when it is a DataFrame, else a `InputDataError` naming ``table``.

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
    docs/contract.md §1: every method takes pandas tables.

    Examples
    --------
    >>> as_table([1, 2], "channels")
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: channels: expected a table (pandas DataFrame); got [1, 2]
    """
    if not isinstance(data, pd.DataFrame):
        raise InputDataError(f"{table}: expected a table (pandas DataFrame); got {shown(data)}")
    return data


def need_columns(frame: pd.DataFrame, table: str, cols: Sequence[str]) -> None:
    """Raise a `InputDataError` listing the columns of ``cols`` that ``frame`` lacks.

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
    docs/contract.md §3: the intake's sheets and their key columns.

    Examples
    --------
    >>> need_columns(pd.DataFrame({"dealer": ["D1"]}), "inventory", ["dealer", "sku"])
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: inventory: column(s) sku missing; expected dealer, sku
    """
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputDataError(
            f"{table}: column(s) {', '.join(missing)} missing; expected {', '.join(cols)}"
        )


def blank_cells(s: pd.Series) -> np.ndarray:
    """True where a cell is missing or text that is only spaces.

    The intake's rule (`chananalysis.intake.parse.blank_cells`), by position: the one
    test of a blank cell in the kit.

    Parameters
    ----------
    s
        A column.

    Returns
    -------
    numpy.ndarray
        Booleans, one per cell, in order.

    References
    ----------
    docs/contract.md §3: a blank cell is an unknown value.

    Examples
    --------
    >>> blank_cells(pd.Series(["郑州", " ", None])).tolist()
    [False, True, True]
    """
    return _blank_series(s).to_numpy(dtype=bool)


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
    docs/contract.md §1: options are plain numbers.

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
    `InputDataError` saying ``name: <value> is not <rule>``.

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
    docs/method.md, introduction: every default is a parameter a consultant can override — and a
    wrong override is named.

    Examples
    --------
    >>> number_option(-1, "royalty_rate", "a rate in [0, 1)", lambda v: 0 <= v < 1)
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: royalty_rate: -1 is not a rate in [0, 1)
    """
    if not is_number(value) or not math.isfinite(float(value)) or not ok(float(value)):
        raise InputDataError(f"{name}: {shown(value)} is not {rule}")
    return float(value)


# --- naming a cell ------------------------------------------------------------------------


def row_name(frame: pd.DataFrame | pd.Series, pos: int) -> str:
    """``row 7`` — the row at position ``pos`` as a message names it.

    As Excel shows it (header = row 1; ``record 7`` for a Parquet file) when the frame
    came from `chananalysis.load_client`; else by its index label, after the index's name
    when it has one (a table keyed by channel: ``channel KA``), else after ``row``
    (``row 3``, ``row D1``).

    Parameters
    ----------
    frame
        The table (or column) as the method was given it.
    pos
        The row's position (0 = first row).

    Returns
    -------
    str
        ``"row <n>"`` or ``"record <n>"``.

    References
    ----------
    docs/contract.md §3: messages name the row as Excel shows it.

    Examples
    --------
    >>> row_name(pd.DataFrame({"x": [1, 2]}, index=[4, 9]), 1)
    'row 9'
    >>> row_name(pd.DataFrame({"x": [1]}, index=["D1"]), 0)
    'row D1'
    >>> row_name(pd.DataFrame({"x": [1]}, index=pd.Index(["KA"], name="channel")), 0)
    'channel KA'
    >>> from chananalysis.intake.rows import tag_rows
    >>> loaded = pd.DataFrame({"x": [1, 2]})
    >>> tag_rows(loaded, [2, 4])  # as load_client does: a blank Excel row 3 was dropped
    >>> row_name(loaded, 1)
    'row 4'
    """
    label = frame.index[pos]
    found = file_row(frame, label)
    if found is not None:
        return f"{found[0]} {found[1]}"
    if isinstance(label, np.generic):
        label = label.item()
    name = frame.index.name
    return f"{name} {label}" if isinstance(name, str) and name else f"row {label}"


def where(
    frame: pd.DataFrame,
    table: str,
    column: str | None,
    pos: int,
    *,
    keys: Sequence[str] = (),
    header: str | None = None,
    quoted: bool = False,
) -> str:
    """``financials, row 7 (dealer D1), column sales (销售额)`` — where a value is.

    Parameters
    ----------
    frame
        The table as the method was given it.
    table
        Its name for the message.
    column
        The column, or ``None`` to name the row only.
    pos
        The row's position.
    keys
        Keyword only: columns whose values identify the row to a reader, shown in
        brackets after the row (those ``frame`` lacks are left out).
    header
        Keyword only: the column's Chinese header, shown in brackets after it.
    quoted
        Keyword only: show the key values as `chananalysis.errors.shown` does (text in
        quotes) and leave out blank ones; else as they are.

    Returns
    -------
    str
        The place, without a trailing colon.

    References
    ----------
    docs/contract.md §3: a message names the sheet, the row, the column and its header.

    Examples
    --------
    >>> frame = pd.DataFrame({"dealer": ["D1"], "start": ["someday"]})
    >>> where(frame, "authorizations", "start", 0, keys=("dealer",), header="开始日期")
    'authorizations, row 0 (dealer D1), column start (开始日期)'
    >>> where(frame, "financials", None, 0, keys=("dealer",), quoted=True)
    'financials, row 0 (dealer "D1")'
    """
    text = f"{table}, {row_name(frame, pos)}"
    present = [k for k in keys if k in frame.columns]
    if present:
        if quoted:
            parts = []
            for k in present:
                v = frame[k].iloc[pos]
                if not blank_cells(pd.Series([v], dtype=object))[0]:
                    parts.append(f"{k} {shown(str(v).strip())}")
        else:
            parts = [f"{k} {frame[k].iloc[pos]}" for k in present]
        if parts:
            text += f" ({', '.join(parts)})"
    if column is not None:
        text += f", column {column}" + (f" ({header})" if header else "")
    return text


# --- reading a column ---------------------------------------------------------------------


def _first(mask: np.ndarray | pd.Series) -> int | None:
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    return int(hits[0]) if len(hits) else None


def text(
    frame: pd.DataFrame,
    table: str,
    column: str,
    *,
    required: bool = False,
    strip: bool = True,
    blank: str = "blank; expected text",
    keys: Sequence[str] = (),
    header: str | None = None,
    quoted: bool = False,
) -> pd.Series:
    """A column as stripped text, blanks missing — or refused when ``required``.

    Parameters
    ----------
    frame
        The table.
    table
        Its name for the message.
    column
        The column (it must exist; see `need_columns`).
    required
        Keyword only: refuse a blank cell.
    strip
        Keyword only: strip the text; ``False`` keeps each cell as given (product codes
        compared with the same codes read elsewhere), and a cell of a category or number
        column counts blank by its text too.
    blank
        Keyword only: what the message says after the place when a required cell is
        blank (``{value}`` is replaced by the cell as `shown` writes it, ``{count}`` by
        the number of blank cells).
    keys, header, quoted
        Keyword only: as for `where`.

    Returns
    -------
    pandas.Series
        dtype ``str``, index 0 … n-1 (positions), NaN where blank.

    References
    ----------
    docs/contract.md §3: text is trimmed; a blank cell is an unknown value.

    Examples
    --------
    >>> frame = pd.DataFrame({"territory": [" 郑州 ", None]})
    >>> text(frame, "dealers", "territory").tolist()
    ['郑州', nan]
    >>> text(frame, "dealers", "territory", strip=False).tolist()  # as given
    [' 郑州 ', nan]
    >>> text(frame, "dealers", "territory", required=True, blank="blank; name it")
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: dealers, row 1, column territory: blank; name it
    """
    raw = frame[column]
    as_text = None if strip else raw.astype("str")
    empty = blank_cells(raw if strip else as_text)
    if required and (i := _first(empty)) is not None:
        place = where(frame, table, column, i, keys=keys, header=header, quoted=quoted)
        said = blank.format(value=shown(raw.iloc[i]), count=int(empty.sum()))
        raise InputDataError(f"{place}: {said}")
    if as_text is not None:  # kept as given: Arrow text stays Arrow, no Python strings
        return as_text.where(~empty).reset_index(drop=True)
    stripped = raw.astype("str").str.strip().to_numpy(dtype=object)
    return pd.Series(np.where(empty, None, stripped), dtype="str")


def unique_text(
    frame: pd.DataFrame,
    table: str,
    column: str,
    *,
    blank: str = "blank; expected text",
    repeats: str = "{value} repeats; each {column} must appear once",
    keys: Sequence[str] = (),
    header: str | None = None,
    quoted: bool = False,
) -> pd.Series:
    """A key column (dealer ids, channel names …) as stripped text: none blank, none twice.

    Parameters
    ----------
    frame
        The table.
    table
        Its name for the message.
    column
        The key column.
    blank
        Keyword only: what the message says of a blank cell (``{value}``: the cell).
    repeats
        Keyword only: what it says of a repeat; ``{value}`` is the text, ``{column}`` the
        column and ``{first}`` the row where it first appears (``row 3``).
    keys, header, quoted
        Keyword only: as for `where`.

    Returns
    -------
    pandas.Series
        dtype ``str``, index 0 … n-1 (positions).

    References
    ----------
    docs/contract.md §3: each dealer appears once.

    Examples
    --------
    >>> unique_text(pd.DataFrame({"dealer": ["D1", " D1"]}), "f", "dealer", repeats="{first}")
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: f, row 1, column dealer: row 0
    """
    out = text(
        frame, table, column, required=True, blank=blank, keys=keys, header=header, quoted=quoted
    )
    dup = out.duplicated().to_numpy()
    if (i := _first(dup)) is not None:
        first = _first((out == out.iloc[i]).to_numpy())
        place = where(frame, table, column, i, keys=keys, header=header, quoted=quoted)
        said = repeats.format(
            value=shown(out.iloc[i]), column=column, first=row_name(frame, first or 0)
        )
        raise InputDataError(f"{place}: {said}")
    return out


def numbers(
    frame: pd.DataFrame,
    table: str,
    column: str,
    *,
    low: float | None = 0.0,
    high: float | None = None,
    above: bool = False,
    whole: bool = False,
    required: bool = False,
    rule: str = "a number ≥ 0",
    bad: str = "{value} is not {rule}",
    out_of_range: str | None = None,
    infinite: str | None = None,
    blank: str = "blank; expected {rule}",
    keys: Sequence[str] = (),
    header: str | None = None,
    quoted: bool = False,
) -> np.ndarray:
    """A column of numbers as float64, NaN where blank; a value that is not a number in
    range is refused, naming its place, the value and ``rule``.

    Parameters
    ----------
    frame
        The table.
    table
        Its name for the message.
    column
        The column (it must exist).
    low, high
        Keyword only: the bounds (``None``: none); ``low`` is included unless ``above``.
    above
        Keyword only: the number must be greater than ``low``.
    whole
        Keyword only: the number must be a whole number (a count).
    required
        Keyword only: refuse a blank cell.
    rule
        Keyword only: what the number must be, in words, for the messages.
    bad
        Keyword only: the message after the place for a value that is not a number
        (``{value}``: the cell as `shown` writes it; ``{rule}``: ``rule``). True and
        False are not numbers.
    out_of_range
        Keyword only: the same for a number out of range or not whole (default ``bad``).
    infinite
        Keyword only: the same for ±inf (default ``bad``).
    blank
        Keyword only: the same for a blank cell when ``required``.
    keys, header, quoted
        Keyword only: as for `where`.

    Returns
    -------
    numpy.ndarray
        float64, one per row, NaN where blank.

    References
    ----------
    docs/contract.md §3: numbers are plain numbers; a blank cell is an unknown value.

    Examples
    --------
    >>> frame = pd.DataFrame({"channel": ["KA", "流通"], "sales": [5, None]})
    >>> numbers(frame, "channels", "sales").tolist()
    [5.0, nan]
    >>> numbers(frame, "channels", "sales", required=True, rule="sales")
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: channels, row 1, column sales: blank; expected sales
    """
    raw = frame[column]
    empty = blank_cells(raw)
    if pd.api.types.is_bool_dtype(raw.dtype):
        num = np.full(len(raw), np.nan)
        not_number = ~empty
    else:
        flag = (
            np.zeros(len(raw), dtype=bool)  # a column of numbers holds no True or False
            if pd.api.types.is_numeric_dtype(raw.dtype)
            else np.fromiter((isinstance(v, bool | np.bool_) for v in raw), bool, len(raw))
        )
        num = pd.to_numeric(raw.where(~empty), errors="coerce")
        num = pd.Series(num).astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        not_number = ~empty & (np.isnan(num) | flag)
        num = np.where(flag, np.nan, num)
    known = np.where(np.isnan(num), 0.0, num)
    inf = np.isinf(known)
    known = np.where(inf, 0.0, known)
    outside = np.zeros(len(raw), dtype=bool)
    if low is not None:
        outside |= (known <= low) if above else (known < low)
    if high is not None:
        outside |= known > high
    if whole:
        outside |= known != np.floor(known)
    outside &= ~np.isnan(num) & ~inf
    missing = empty & required
    problems = [
        (missing, blank),
        (not_number, bad),
        (inf & ~not_number, infinite or bad),
        (outside, out_of_range or bad),
    ]
    firsts = [(i, said) for mask, said in problems if (i := _first(mask)) is not None]
    if firsts:
        i, said = min(firsts, key=lambda p: p[0])
        place = where(frame, table, column, i, keys=keys, header=header, quoted=quoted)
        raise InputDataError(f"{place}: {said.format(value=shown(raw.iloc[i]), rule=rule)}")
    return num


def dates(
    frame: pd.DataFrame,
    table: str,
    column: str,
    *,
    time: bool = False,
    required: bool = False,
    bad: str = "{value} is not a date",
    blank: str = "blank; expected a date",
    keys: Sequence[str] = (),
    header: str | None = None,
    quoted: bool = False,
) -> pd.Series:
    """A column of dates as ``datetime64[us]``, NaT where blank; a cell that is not a date
    is refused. Times are dropped (midnight) unless ``time``.

    Parameters
    ----------
    frame
        The table.
    table
        Its name for the message.
    column
        The column (it must exist).
    time
        Keyword only: keep each cell's time of day (a scan's time orders the scans of one
        product code); by default dates are taken at midnight.
    required
        Keyword only: refuse a blank cell.
    bad
        Keyword only: the message after the place for a cell that is not a date
        (``{value}``: the cell as `shown` writes it). Numbers and True/False are not
        dates.
    blank
        Keyword only: the same for a blank cell when ``required`` (``{value}``: the
        cell; ``{count}``: the number of blank cells).
    keys, header, quoted
        Keyword only: as for `where`.

    Returns
    -------
    pandas.Series
        ``datetime64[us]``, index 0 … n-1 (positions); a time with a time zone is
        taken in UTC.

    Notes
    -----
    Text is read as ISO 8601 (``2025-05-03``, ``2025-05-03 14:30:05``, ``…T…+08:00``)
    and, failing that, in the other spellings pandas reads (``2025/05/03``).

    References
    ----------
    docs/contract.md §3: dates as Excel dates or ISO text; a scan's time, when known, orders
    the scans of one product code.

    Examples
    --------
    >>> frame = pd.DataFrame({"scan_date": ["2025-05-03 14:30:05", "2025/05/04", None]})
    >>> dates(frame, "scans", "scan_date").tolist()
    [Timestamp('2025-05-03 00:00:00'), Timestamp('2025-05-04 00:00:00'), NaT]
    >>> dates(frame, "scans", "scan_date", time=True).tolist()
    [Timestamp('2025-05-03 14:30:05'), Timestamp('2025-05-04 00:00:00'), NaT]
    >>> dates(frame, "scans", "scan_date", required=True, blank="blank ({count} cell)")
    Traceback (most recent call last):
    ...
    chananalysis.errors.InputDataError: scans, row 2, column scan_date: blank (1 cell)
    """
    raw = frame[column]
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        got = raw.dt.tz_convert("UTC").dt.tz_localize(None) if raw.dt.tz is not None else raw
        empty = got.isna().to_numpy(dtype=bool)
        not_date = np.zeros(len(raw), dtype=bool)
    else:
        empty = blank_cells(raw)
        if pd.api.types.is_numeric_dtype(raw.dtype) or pd.api.types.is_bool_dtype(raw.dtype):
            got = pd.Series(pd.NaT, index=raw.index, dtype=_DT)
        else:
            cells = raw.where(~empty)
            got = pd.to_datetime(cells, format="ISO8601", errors="coerce")
            retry = got.isna().to_numpy(dtype=bool) & ~empty
            if retry.any():  # other spellings (2025/05/03, …)
                got = got.copy()
                got[retry] = pd.to_datetime(cells[retry], format="mixed", errors="coerce")
        not_date = ~empty & got.isna().to_numpy(dtype=bool)
    missing = empty & required
    problems = ((missing, blank), (not_date, bad))
    firsts = [(i, said) for m, said in problems if (i := _first(m)) is not None]
    if firsts:
        i, said = min(firsts, key=lambda p: p[0])
        place = where(frame, table, column, i, keys=keys, header=header, quoted=quoted)
        value = shown(raw.iloc[i])
        raise InputDataError(f"{place}: {said.format(value=value, count=int(missing.sum()))}")
    out = got.astype(_DT).reset_index(drop=True)
    return out if time else out.dt.normalize()
