"""Turn raw intake sheets into typed DataFrames and collect every problem in one pass.

Pure: raw frames in (values as read from Excel, CSV or Parquet; index = the row number
as Excel shows it), typed frames and a list of `Problem` out. The rules come from the
column table in `chananalysis.intake.columns`; reading files is `chananalysis.intake.read`'s job.

Examples
--------
>>> raw = pd.DataFrame({"渠道": ["KA", "流通"], "sales": [10, "abc"]}, index=[2, 3])
>>> frame, problems = parse_sheet("channels", raw)
>>> for p in problems:
...     print(p.level, p.message("en"))
error channels (渠道), column sales_prev (上期销售额): required column is missing
error channels (渠道), column variable_cost_rate (变动费用率): required column is missing
error channels (渠道), column fixed_cost (固定费用): required column is missing
error channels (渠道), row 3, column sales (销售额): “abc” is not a number; expected a number ≥ 0
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.utils import get_column_letter

from chananalysis.intake.columns import ENUMS, SHEETS, Column, Sheet
from chananalysis.intake.problems import Problem

__all__ = [
    "BOOLEAN_WORDS",
    "MAX_PER_RULE",
    "blank_cells",
    "cross_check",
    "parse_bools",
    "parse_client_fields",
    "parse_sheet",
]

#: Rows reported one by one for a rule in a column; the rest are counted in one line.
MAX_PER_RULE = 20

EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#BUSY!",
    }
)

_TRUE = ("yes", "y", "true", "1", "1.0", "是", "有", "√")
_FALSE = ("no", "n", "false", "0", "0.0", "否", "无", "×")
#: Every spelling of yes/no the intake accepts (case-folded), and its value.
BOOLEAN_WORDS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_LIST_SEP = re.compile(r"\s*[;；,，、]\s*")
_UNIT_SUFFIX = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def _norm_header(h: object) -> str:
    """Header as matched: trimmed, full-width forms made ASCII (NFKC), case-folded, a
    trailing unit in brackets removed."""
    s = "" if h is None else unicodedata.normalize("NFKC", str(h)).strip()
    return _UNIT_SUFFIX.sub("", s).strip().casefold()


#: Amounts, counts, rates and scores at or above this size are refused: no client's
#: channel sells a thousand trillion yuan, and beyond 2**53 a float no longer holds every
#: whole number (a 1e300 "sales" once printed a 300-digit total in the report).
MAX_NUMBER = 1e15

# Full-width forms (U+FF01-U+FF5E) and the ideographic space, typed with a Chinese input
# method: NFKC maps each to its ASCII twin. In a key or a name only the letters and
# digits are made ASCII (full-width brackets and commas are ordinary Chinese text); in a
# number, date, yes/no or list value every full-width form is.
_FW_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_FW_ANY = re.compile("[！-～]")  # (a cell with only an ideographic space is just blank)
_FW_TABLE = {c: unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000]}
_FW_ALNUM_TABLE = {c: v for c, v in _FW_TABLE.items() if v.isalnum()}


@dataclass
class _Collector:
    """Problems of one sheet, at most MAX_PER_RULE rows per (column, rule)."""

    sheet: str
    record: bool = False
    problems: list[Problem] = field(default_factory=list)

    def add(self, level, code, *, column=None, row=None, value=None, **params) -> None:
        self.problems.append(
            Problem(
                level,
                code,
                self.sheet,
                None if row is None else int(row),
                column,
                value,
                params,
                self.record,
            )
        )

    def rows(
        self,
        level: str,
        code: str,
        column: str | None,
        values: pd.Series,
        params: Callable[[int, object], dict] | None = None,
        *,
        total: int | None = None,
        **fixed,
    ) -> None:
        """One problem per offending row of ``values`` (index = row), capped.

        ``total`` is the number of offending rows when ``values`` holds only the first.
        """
        total = len(values) if total is None else total
        if not total:
            return
        for row, val in values.iloc[:MAX_PER_RULE].items():
            extra = params(row, val) if params else {}
            self.add(level, code, column=column, row=row, value=_show(val), **fixed, **extra)
        if total > MAX_PER_RULE:
            self.add(level, "more_rows", column=column, n=total - MAX_PER_RULE)


@dataclass
class _Recorder:
    """Stands in for a `_Collector` while the distinct values of a column are parsed:
    keeps every ``rows`` call whole, to be spread over the rows holding those values."""

    calls: list[tuple] = field(default_factory=list)

    def rows(self, level, code, column, values, params=None, **fixed) -> None:
        # kept even when empty: "blank" also covers the missing cells, which have no value
        self.calls.append((level, code, column, values, params, fixed))


def _show(v: object) -> object:
    """A value as the user typed it: whole floats without '.0' (below `MAX_NUMBER`; a
    1e300 stays 1e+300, not 301 digits), dates as YYYY-MM-DD."""
    if isinstance(v, float) and v.is_integer():
        return int(v) if abs(v) < MAX_NUMBER else f"{v:.15g}"
    if isinstance(v, (pd.Timestamp, dt.datetime)) and not pd.isna(v):
        return v.strftime("%Y-%m-%d")
    return v


def blank_cells(s: pd.Series) -> pd.Series:
    """True where a cell is empty: missing, or text that is only spaces."""
    if s.dtype == object or isinstance(s.dtype, pd.StringDtype):
        return s.isna() | s.astype(str).str.strip().eq("")
    return s.isna()


def _arrow(s: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow strings behind ``s`` (CSV cells, Parquet text), or None."""
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        return s.array.__arrow_array__()
    return None


def _tidy_cells(arr: pa.ChunkedArray) -> np.ndarray:
    """True where a text cell is certainly neither blank nor in need of stripping.

    Read from Arrow's offsets and bytes without making a string: the cell is not empty
    and its first and last bytes are printable ASCII other than a space. Any whitespace
    character, ASCII or not, begins and ends with a byte outside that range (a UTF-8
    multi-byte character starts at 0xC2 or above and ends at 0x80-0xBF). Codes such as
    ``FSG25000001`` pass; Chinese text and missing cells do not.
    """
    if arr.type not in (pa.string(), pa.large_string()):
        return np.zeros(len(arr), dtype=bool)
    width = np.int64 if arr.type == pa.large_string() else np.int32
    parts = []
    for chunk in arr.chunks:
        _, offsets, data = chunk.buffers()
        if not len(chunk) or data is None or not data.size:
            parts.append(np.zeros(len(chunk), dtype=bool))
            continue
        off = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        text = np.frombuffer(data, dtype=np.uint8)
        start, end = off[:-1], off[1:]
        first = text.take(start, mode="clip")  # an empty cell reads a neighbour's byte …
        last = text.take(end - 1, mode="clip")
        first -= 0x21  # printable ASCII but space, 0x21-0x7E, becomes 0x00-0x5D
        last -= 0x21
        tidy = (first < 0x5E) & (last < 0x5E)
        tidy &= end > start  # … and is ruled out here
        parts.append(tidy)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _text_bytes(s: pd.Series) -> int:
    """Bytes of text in an Arrow text column, summed from its offsets (no string read)."""
    arr = s.array.__arrow_array__()
    if arr.type not in (pa.string(), pa.large_string()):
        return pc.sum(pc.binary_length(arr)).as_py() or 0
    width = np.int64 if arr.type == pa.large_string() else np.int32
    total = 0
    for chunk in arr.chunks:
        if len(chunk):
            offsets = np.frombuffer(chunk.buffers()[1], dtype=width)
            total += int(offsets[chunk.offset + len(chunk)] - offsets[chunk.offset])
    return total


def _arrow_texts(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Blank cells and stripped text (blanks missing) of an Arrow text column.

    Only the cells `_tidy_cells` cannot vouch for are stripped; when none changes the
    column is returned as it is, so a 20-million-row code column is neither copied
    nor turned into Python strings.
    """
    maybe = ~_tidy_cells(s.array.__arrow_array__())
    check = s[maybe] if maybe.sum() <= len(s) // 4 else s
    stripped = check.str.strip()
    empty = check.isna().to_numpy(dtype=bool) | stripped.eq("").to_numpy(dtype=bool, na_value=False)
    blank = np.zeros(len(s), dtype=bool)
    if check is s:
        blank = empty
    else:
        blank[maybe] = empty
    out = s.astype("str")
    moved = _text_bytes(stripped) != _text_bytes(check)  # stripping only ever removes
    if moved or (empty & check.notna().to_numpy(dtype=bool)).any():
        fixed = stripped.astype("str").where(~empty)
        if check is s:
            out = fixed
        else:
            out = out.copy()
            out.loc[check.index] = fixed
    return pd.Series(blank, index=s.index), out


def _masked(s: pd.Series, mask: pd.Series) -> pd.Series:
    """``s[mask]``, without building anything when no cell is selected (the usual case)."""
    return s[mask] if mask.any() else s.iloc[:0]


def _is_excel_error(s: pd.Series) -> pd.Series | None:
    """True where a cell holds an Excel error value (``#N/A`` …); None when none can
    (typed columns) or none does."""
    if s.dtype != object and not isinstance(s.dtype, pd.StringDtype):
        return None
    arr = _arrow(s)
    if arr is not None and arr.type in (pa.string(), pa.large_string()):
        if not _arrow_has_byte(arr, b"#"):  # (20 M codes: no Python string made)
            return None
        found = pc.match_substring(arr, "#").to_numpy(zero_copy_only=False)
        maybe = np.asarray(pd.array(found, dtype="boolean").fillna(False), dtype=bool)
    else:
        if "#" not in _joined_text(s):  # (an error value is always text)
            return None
        maybe = s.astype(str).str.contains("#", regex=False).to_numpy(dtype=bool, na_value=False)
    if not maybe.any():  # every error value holds a "#": test only those cells in full
        return None
    txt = s[maybe].astype(str).str.strip().str.upper()
    out = pd.Series(False, index=s.index)
    out[maybe] = txt.isin(EXCEL_ERRORS).to_numpy(dtype=bool)
    return out if out.any() else None


def _arrow_has_byte(arr: pa.ChunkedArray, byte: bytes) -> bool:
    """Whether any text of ``arr`` holds ``byte``, read off Arrow's data buffers in
    16 MB slices (memchr; no string made, no big temporary). A full-width form is
    EF BC xx or EF BD xx in UTF-8, an Excel error value holds a "#": text without the
    byte holds neither."""
    step = 1 << 24
    for chunk in arr.chunks:
        bufs = chunk.buffers()
        if len(bufs) < 3 or bufs[2] is None:
            continue
        view = memoryview(bufs[2])
        for i in range(0, len(view), step):
            if bytes(view[i : i + step]).find(byte) >= 0:
                return True
    return False


def _joined_text(s: pd.Series) -> str:
    """Every text cell of an object column joined by NULs: one string to search for a
    character (a million cells in a twentieth of a second), before looking cell by cell."""
    return "\0".join([v for v in s.to_numpy(dtype=object) if type(v) is str])


def _fullwidth(s: pd.Series, kind: str) -> tuple[pd.Series, pd.Series]:
    """``s`` with full-width letters and digits made ASCII (every full-width form, in a
    number, date, yes/no or enumeration), and the raw cells that were changed."""
    none = s.iloc[:0]
    if s.dtype != object and not isinstance(s.dtype, pd.StringDtype):
        return s, none
    pattern = _FW_ALNUM if kind in ("text", "list") else _FW_ANY
    arr = _arrow(s)
    if arr is not None and arr.type in (pa.string(), pa.large_string()):
        if not _arrow_has_byte(arr, b"\xef"):
            return s, none
        found = pc.match_substring_regex(arr, pattern.pattern)
        hit = found.to_numpy(zero_copy_only=False)
        hit = np.asarray(pd.array(hit, dtype="boolean").fillna(False), dtype=bool)
    else:
        if not pattern.search(_joined_text(s)):  # one search over all text: the usual case
            return s, none
        hit = s.map(lambda v: isinstance(v, str) and pattern.search(v) is not None)
        hit = hit.to_numpy(dtype=bool)
    if not hit.any():
        return s, none
    fixed = s.copy()
    fixed[hit] = s[hit].map(lambda v: _fullwidth_fixed(v, kind))
    return fixed, s[hit]


def _fullwidth_fixed(v: object, kind: str) -> object:
    """``v`` as `_fullwidth` reads it."""
    if not isinstance(v, str):
        return v
    return v.translate(_FW_ALNUM_TABLE if kind in ("text", "list") else _FW_TABLE)


# --- parsers: raw Series -> (typed Series, Series of offending raw values per rule) ------


def _numbers(s: pd.Series, blank: pd.Series, *, percent: bool = False):
    """Numbers of ``s``, the cells that are no number, and the cells too large to be meant
    (at or beyond `MAX_NUMBER`, or a number such as 1e400 that overflows to infinity)."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num = s.astype("float64")  # a typed column (Parquet): nothing to parse
    else:
        if isinstance(s.dtype, pd.StringDtype):  # text from a CSV: no bools to rule out
            num = pd.to_numeric(s, errors="coerce")
        else:
            obj = s.astype(object)
            # Python ints beyond int64 (openpyxl gives 10**30 as it is) as floats
            obj = obj.map(lambda v: float(v) if type(v) is int and abs(v) >= 2**63 else v)
            num = pd.to_numeric(obj.where(~obj.map(type).eq(bool)), errors="coerce")
        bad = ~blank & num.isna()
        if bad.any():  # second chance: thousands separators, spaces, a percent sign
            txt = s[bad].astype(object).astype(str).str.strip()
            txt = txt.str.replace(r"[,\s，]", "", regex=True)
            pct = txt.str.endswith(("%", "％")) if percent else pd.Series(False, index=txt.index)
            val = pd.to_numeric(txt.str.rstrip("%％"), errors="coerce")
            val = val.where(~pct, val / 100)
            num = num.astype("float64")
            num.loc[val.index] = val
        num = num.astype("float64")
    values = num.to_numpy(dtype="float64", na_value=np.nan)
    infinite = np.isinf(values)
    with np.errstate(invalid="ignore"):
        huge = ~infinite & (np.abs(values) >= MAX_NUMBER)
    if infinite.any():  # 1e400 overflowed: too large; "inf" itself is no number anyone means
        digits = s[infinite].astype(object).astype(str).str.contains(r"\d", regex=True)
        huge[np.flatnonzero(infinite)[digits.to_numpy(dtype=bool)]] = True
    if infinite.any() or huge.any():
        num = num.where(~(infinite | huge))
    too_large = pd.Series(huge, index=s.index)
    return num, _masked(s, ~blank & num.isna() & ~too_large), _masked(s, too_large)


def _dates(s: pd.Series, blank: pd.Series):
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.dt.tz_localize(None) if s.dt.tz is not None else s  # typed: nothing to parse
        return out, _masked(s, ~blank & s.isna())
    # fast path: Excel date cells and ISO text; the slower spellings only for the rest
    first = s if isinstance(s.dtype, pd.StringDtype) else s.astype(object)
    skip = blank
    inferred = pd.api.types.infer_dtype(first, skipna=True)
    if inferred not in ("string", "datetime", "date", "empty"):  # numbers (20250301, a
        # serial) are no ISO text: they are read below, as serials or digits
        skip = blank | first.map(
            lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
        ).astype(bool)
    out = pd.to_datetime(first.where(~skip), format="ISO8601", errors="coerce")
    rest = ~blank & out.isna()
    if rest.any():
        r = s[rest].astype(object)
        num = pd.to_numeric(r.where(~r.map(type).eq(bool)), errors="coerce")
        serial = num.between(20_000, 80_000)  # an Excel date serial written as a number
        txt = (
            r.astype(str)
            .str.strip()
            .str.replace(r"[/.]", "-", regex=True)
            .str.replace(r"(\d)\s*[年月]\s*", r"\1-", regex=True)
            .str.replace("日", "", regex=False)
        )
        fixed = pd.to_datetime(txt.where(~serial), format="ISO8601", errors="coerce")
        if serial.any():
            fixed = fixed.astype(out.dtype)
            fixed[serial] = pd.to_datetime(num[serial], unit="D", origin="1899-12-30")
        out = out.copy()
        out[rest] = fixed.astype(out.dtype)
    return out, s[~blank & out.isna()]


def parse_bools(s: pd.Series, blank: pd.Series):
    """yes/no cells as a nullable boolean Series, and the cells that are neither."""
    if pd.api.types.is_bool_dtype(s):
        return s.astype("boolean"), s.iloc[:0]
    key = s.astype(object).astype(str).str.strip().str.casefold()
    out = key.map(BOOLEAN_WORDS).astype("boolean")
    out[blank] = pd.NA
    return out, s[~blank & out.isna()]


def _enums(s: pd.Series, blank: pd.Series, enum: str):
    lookup = ENUMS[enum].lookup()
    out = s.astype(object).astype(str).str.strip().str.casefold().map(lookup)
    out = out.where(~blank).astype("str")
    return out, s[~blank & out.isna()]


def _texts(s: pd.Series, blank: pd.Series):
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) != "string":
        s = s.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else v)
    elif pd.api.types.is_float_dtype(s.dtype):  # ids typed as float (an int column with gaps)
        whole = (s == np.floor(s)) & (s.abs() < 2**63)
        txt = s.astype("str")
        txt[whole] = s[whole].astype("int64").astype("str")
        s = txt
    out = s.astype("str").str.strip()
    return out.where(~blank), s.iloc[:0]


#: Below this many rows a text column of numbers or dates is parsed cell by cell (in C);
#: above it, if a sample repeats itself, each distinct value is parsed once.
_DISTINCT_MIN_ROWS = 50_000
_DISTINCT_SAMPLE = 10_000


def _parse_column(col: Column, s: pd.Series, c: _Collector) -> pd.Series:
    """Typed Series for one column; every offending cell recorded in ``c``."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return _parse_distinct(col, s, c)
    if col.kind not in ("text", "list"):
        encoded = _encode_repetitive(s)
        if encoded is not None:
            return _parse_distinct(col, encoded, c, na=s.dtype.na_value)
    return _parse_cells(col, s, c)


def _encode_repetitive(s: pd.Series) -> pd.Series | None:
    """``s`` as a categorical when it is long Arrow text that repeats (dates, prices,
    yes/no), so each distinct value is parsed once; None otherwise."""
    arr = _arrow(s)
    if arr is None or len(arr) < _DISTINCT_MIN_ROWS or arr.null_count == len(arr):
        return None
    step = len(arr) // _DISTINCT_SAMPLE
    sample = arr.take(pa.array(np.arange(0, step * _DISTINCT_SAMPLE, step)))
    if pc.count_distinct(sample).as_py() > _DISTINCT_SAMPLE // 10:
        return None
    coded = pc.dictionary_encode(arr).to_pandas()  # one dictionary for all chunks
    values = pd.Index(coded.cat.categories, dtype=s.dtype)
    return pd.Series(
        pd.Categorical.from_codes(coded.cat.codes.to_numpy(), values), index=s.index, copy=False
    )


def _parse_distinct(col: Column, s: pd.Series, c: _Collector, na: object = np.nan) -> pd.Series:
    """Parse a categorical column's distinct values once, then spread the typed values
    and every problem over the rows that hold them (problems in row order, as always).

    ``na`` is the raw value a missing cell showed before encoding.
    """
    codes = s.cat.codes.to_numpy()
    values = s.cat.categories
    present = pc.unique(pa.array(codes)).to_numpy()
    has_null = bool((present < 0).any())
    used = np.zeros(len(values), dtype=bool)
    used[present[present >= 0]] = True
    if not used.any():  # no value at all: parse the missing cells as they are
        return _parse_cells(col, s.astype(values.dtype), c)
    if not used.all():  # values no row holds (a pandas categorical's spares) are not data
        remap = np.full(len(values) + 1, -1, dtype=codes.dtype)
        remap[np.flatnonzero(used)] = np.arange(used.sum())
        codes, values = remap[codes], values[used]
    rec = _Recorder()
    typed = _parse_cells(col, pd.Series(values, copy=False), rec)
    out = pd.Series(_take(typed, codes, has_null), index=s.index, copy=False)
    for level, code, column, found, params, fixed in rec.calls:
        hit = np.zeros(len(values) + 1, dtype=bool)  # the last slot: a missing cell (-1)
        hit[found.index.to_numpy()] = True
        hit[-1] = code == "blank" and has_null
        if not hit.any():
            continue
        rows = np.flatnonzero(hit[codes])
        if not rows.size:
            continue
        first = codes[rows[:MAX_PER_RULE]]
        shown = iter(found.loc[first[first >= 0]].tolist())
        vals = [next(shown) if k >= 0 else na for k in first]
        where = s.index[rows[:MAX_PER_RULE]]
        c.rows(
            level,
            code,
            column,
            pd.Series(vals, index=where, dtype=object),
            params,
            total=rows.size,
            **fixed,
        )
    return out


def _take(typed: pd.Series, codes: np.ndarray, has_null: bool):
    """``typed``'s values at positions ``codes`` (-1: missing), as an array.

    Text is taken in slices of 128 Ki rows: one Arrow take of 20 M strings regrows its
    buffer over and over and takes four times as long.
    """
    if isinstance(typed.dtype, np.dtype) and typed.dtype.kind in "fM":  # numbers, dates
        out = typed.to_numpy().take(codes)
        if has_null:
            out[codes < 0] = typed.dtype.type("NaT") if typed.dtype.kind == "M" else np.nan
        return out
    arr = _arrow(typed)
    if arr is None:
        return typed.array.take(codes, allow_fill=has_null)
    values = arr.combine_chunks()
    step = 1 << 17
    parts = []
    for i in range(0, len(codes), step):
        at = codes[i : i + step]
        parts.append(values.take(pa.array(at, mask=at < 0) if has_null else pa.array(at)))
    return pd.arrays.ArrowStringArray(pa.chunked_array(parts, type=values.type), dtype=typed.dtype)


def _parse_cells(col: Column, s: pd.Series, c: _Collector) -> pd.Series:
    """`_parse_column` cell by cell (vectorised)."""
    kind = col.kind
    text = None
    s, wide = _fullwidth(s, kind)
    c.rows(
        "warning",
        "fullwidth",
        col.key,
        wide,
        params=lambda _, v: {"read_as": _fullwidth_fixed(v, kind)},
    )
    if kind in ("text", "list") and _arrow(s) is not None:
        blank, text = _arrow_texts(s)  # blanks and stripped text in one go
    else:
        blank = blank_cells(s)
    err = _is_excel_error(s)
    if err is not None:
        # an enumeration names its values (the catalogue has no "expect_enum" phrase)
        what = (
            {"expected": ENUMS[col.enum].describe()}
            if kind == "enum"
            else {"expected_key": f"expect_{kind}"}
        )
        c.rows("error", "excel_error", col.key, s[err], **what)
    if col.required:
        c.rows("error", "blank", col.key, _masked(s, blank))
    s_ok = s if err is None else s.where(~err)
    blank = blank if err is None else blank | err

    if kind in ("amount", "signed", "count", "rate", "score"):
        out, bad, large = _numbers(s_ok, blank, percent=kind == "rate")
        c.rows("error", "not_number", col.key, bad, expected_key=f"expect_{kind}")
        c.rows("error", "too_large", col.key, large, limit="10¹⁵")
        if kind != "signed":
            c.rows("error", "negative", col.key, _masked(out, out < 0))
        if kind == "count":
            frac = _masked(out, (out >= 0) & (out != np.floor(out)))
            c.rows("error", "not_whole", col.key, frac)
            out = out.where(out == np.floor(out)).astype("Int64") if frac.empty else out
        elif kind == "score":
            c.rows("error", "out_of_range", col.key, _masked(out, out > 100), low=0, high=100)
        elif kind == "rate":
            high = _masked(out, out >= 1)
            if col.key == "variable_cost_rate":
                c.rows("warning", "rate_ge_one", col.key, high[high <= 1.5])
                high = high[high > 1.5]
            else:
                high = high[high > 1]
            c.rows(
                "warning",
                "rate_percent",
                col.key,
                high,
                params=lambda _, v: {"fraction": f"{v / 100:g}"},
            )
        return out
    if kind == "date":
        out, bad = _dates(s_ok, blank)
        c.rows("error", "bad_date", col.key, bad)
        return out
    if kind == "bool":
        out, bad = parse_bools(s_ok, blank)
        c.rows("error", "bad_bool", col.key, bad)
        return out
    if kind == "enum":
        out, bad = _enums(s_ok, blank, col.enum)
        c.rows("error", "bad_enum", col.key, bad, expected=ENUMS[col.enum].describe())
        return out
    out = _texts(s, blank)[0] if text is None else text
    if err is not None:  # an error value is no name
        out = out.where(~err)
    if kind == "list":
        out = out.str.split(_LIST_SEP).map(
            lambda parts: ";".join(p for p in parts if p) if isinstance(parts, list) else parts
        )
    return out


def _header_lookup(sheet: Sheet) -> dict[str, str]:
    """Every accepted spelling of a header (normalised) -> column key."""
    lookup: dict[str, str] = {}
    for col in sheet.columns:
        lookup[_norm_header(col.key)] = col.key
        lookup[_norm_header(col.zh)] = col.key
    return lookup


def _is_blank_header(h: object) -> bool:
    return h is None or (isinstance(h, float) and np.isnan(h)) or str(h).strip() == ""


#: How many rows below row 1 are searched for the header row when row 1 holds none (a
#: merged title such as "2025 渠道数据" across A1:E1, or grouped headings above the headers).
HEADER_SEARCH_ROWS = 10


def _find_header(sheet: Sheet, raw: pd.DataFrame, c: _Collector) -> pd.DataFrame:
    """``raw`` with its header taken from the row that holds the column headers.

    Row 1 is the header unless it names fewer than two known columns and one of the next
    `HEADER_SEARCH_ROWS` rows names more (at least two): then that row is the header, a
    blank cell of it takes a known header written above it (a heading merged down over
    two rows), the rows above are dropped and a warning says so. Row numbers stay those
    Excel shows.
    """
    lookup = _header_lookup(sheet)

    def hits(values) -> int:
        return len({lookup[k] for v in values if (k := _norm_header(v)) in lookup})

    first = hits(raw.columns)
    if first >= 2 or raw.empty:
        return raw
    head = raw.iloc[:HEADER_SEARCH_ROWS]
    best, best_hits = None, max(first, 1)
    for pos in range(len(head)):
        n = hits(head.iloc[pos].tolist())
        if n > best_hits:
            best, best_hits = pos, n
    if best is None:
        return raw
    above = [list(raw.columns)] + [head.iloc[p].tolist() for p in range(best)]
    header = []
    for j, h in enumerate(head.iloc[best].tolist()):
        if _is_blank_header(h):
            over = [r[j] for r in above if _norm_header(r[j]) in lookup]
            h = over[-1] if over else None
        header.append(h)
    row = int(raw.index[best])
    out = raw.iloc[best + 1 :].copy()
    out.columns = header
    c.add("warning", "header_row", row=row, above="1" if row == 2 else f"1–{row - 1}")
    return out


def _resolve_headers(sheet: Sheet, raw: pd.DataFrame, c: _Collector) -> dict[str, int]:
    """Map column key -> position of its raw column; report unknown, unlabelled, doubled
    and missing columns. Positions, not labels: two blank headers are two columns."""
    lookup = _header_lookup(sheet)
    found: dict[str, int] = {}
    unknown: list[str] = []
    unlabelled: list[tuple[int, int, object]] = []
    for pos, h in enumerate(raw.columns):
        if _is_blank_header(h):
            filled = ~blank_cells(raw.iloc[:, pos])
            if filled.any():
                row = filled.idxmax()
                unlabelled.append((pos, row, raw.iloc[:, pos][row]))
            continue
        key = lookup.get(_norm_header(h))
        if key is None:
            unknown.append(str(h))
        elif key in found:
            first = str(raw.columns[found[key]])
            c.add("error", "column_twice", column=key, value=first, other=str(h))
        else:
            found[key] = pos
    if not found and len(raw.columns):  # the header row is not ours at all: say only that
        examples = ", ".join(col.label() for col in sheet.columns if col.required)
        c.add("error", "no_header", expected=examples)
        return found
    for name in unknown:
        c.add("warning", "column_unknown", value=name)
    for pos, row, value in unlabelled:
        c.add(
            "warning",
            "column_unlabelled",
            value=_show(value),
            letter=get_column_letter(pos + 1),
            first=int(row),
        )
    for col in sheet.columns:
        if col.required and col.key not in found:
            c.add("error", "column_missing", column=col.key)
    missing = [col.label() for col in sheet.columns if col.recommended and col.key not in found]
    if missing:
        c.add("warning", "optional_missing", what=", ".join(missing))
    return found


def parse_sheet(
    key: str, raw: pd.DataFrame, *, record: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed frame of one table sheet and every problem in it.

    Parameters
    ----------
    key
        Sheet key from `chananalysis.intake.columns.SHEETS` (not ``client``).
    raw
        Values as read, headers as found (English keys or Chinese headers), index = row
        number as Excel shows it (or record number when ``record``). A categorical
        column (a Parquet dictionary) has each distinct value parsed once, as has a long
        Arrow text column of numbers, dates or yes/no that repeats itself (a CSV's);
        the problems still name every row. When row 1 holds no header but one of the
        next rows does (a title above the table), that row is the header, with a warning.
    record
        Rows are counted as records (Parquet), not Excel rows.

    Returns
    -------
    frame
        One column per known column found, in the table's order, typed by kind; index is
        ``raw``'s (row numbers) without the rows above the header.
    problems
        Errors and warnings of this sheet.
    """
    sheet = SHEETS[key]
    c = _Collector(key, record)
    if not record:
        raw = _find_header(sheet, raw, c)
    found = _resolve_headers(sheet, raw, c)
    cols = {
        col.key: _parse_column(col, raw.iloc[:, found[col.key]], c)
        for col in sheet.columns
        if col.key in found
    }
    frame = pd.DataFrame(cols, index=raw.index, copy=False)  # columns as parsed, not copied
    if frame.empty and sheet.required and (found or not len(raw.columns)):
        c.add("error", "sheet_empty")  # (not when no header was found: that is said)
    _check_unique(sheet, frame, c)
    _SHEET_CHECKS.get(key, lambda f, c: None)(frame, c)
    return frame, c.problems


def _check_unique(sheet: Sheet, frame: pd.DataFrame, c: _Collector) -> None:
    keys = [k for k in sheet.unique if k in frame.columns]
    if not keys or len(keys) < len(sheet.unique) or frame.empty:
        return
    sub = frame[keys].dropna()
    dup = sub.duplicated(keep="first")
    if not dup.any():
        return
    first_row = (
        sub.reset_index()
        .groupby(keys, sort=False, dropna=True)
        .agg(first=(sub.index.name or "index", "first"))
    )
    dups = sub[dup]
    names = "+".join(keys)
    firsts = first_row.loc[
        [tuple(r) if len(keys) > 1 else r[0] for r in dups.itertuples(index=False)], "first"
    ].to_numpy()
    shown = dups.astype(str).agg(" / ".join, axis=1)
    for (row, val), first in list(zip(shown.items(), firsts, strict=True))[:MAX_PER_RULE]:
        c.add("error", "duplicate", column=keys[0], row=row, value=val, first=int(first), key=names)
    if len(dups) > MAX_PER_RULE:
        c.add("error", "more_rows", column=keys[0], n=len(dups) - MAX_PER_RULE)


def _check_channels(frame: pd.DataFrame, c: _Collector) -> None:
    if "channel" in frame and 0 < frame["channel"].nunique() < 2:
        c.add("error", "too_few_channels", n=int(frame["channel"].nunique()))
    if "product_cost_rate" in frame and "variable_cost_rate" in frame:
        # product cost and variable costs together at or above sales: every sale loses
        # money before fixed costs (a rate already warned as a percentage is left alone)
        pcr, vcr = frame["product_cost_rate"], frame["variable_cost_rate"]
        both = (pcr <= 1) & (vcr <= 1.5) & (pcr + vcr >= 1)
        c.rows(
            "warning",
            "costs_ge_sales",
            "product_cost_rate",
            pcr[both],
            params=lambda row, _: {"variable": _show(vcr[row])},
        )


def _check_periods(start: str, end: str) -> Callable[[pd.DataFrame, _Collector], None]:
    def check(frame: pd.DataFrame, c: _Collector) -> None:
        if start in frame and end in frame:
            bad = frame[frame[end] < frame[start]]
            c.rows(
                "error",
                "end_before_start",
                end,
                bad[end],
                params=lambda row, _: {"start": _show(frame.at[row, start])},
            )

    return check


def _check_tiers(frame: pd.DataFrame, c: _Collector) -> None:
    if "threshold" not in frame or frame["threshold"].isna().all():
        return
    thr = frame["threshold"].dropna()
    if thr.iloc[0] != 0:
        c.add(
            "error",
            "tiers_not_zero",
            column="threshold",
            row=thr.index[0],
            value=_show(thr.iloc[0]),
        )
    prev = thr.shift()
    for row in thr.index[(thr <= prev).to_numpy()]:
        c.add(
            "error",
            "tiers_not_ascending",
            column="threshold",
            row=row,
            value=_show(thr[row]),
            previous=_show(prev[row]),
        )


_SHEET_CHECKS: dict[str, Callable[[pd.DataFrame, _Collector], None]] = {
    "channels": _check_channels,
    "authorizations": _check_periods("start", "end"),
    "rebate_tiers": _check_tiers,
}


def parse_client_fields(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed ``field, value`` frame of the ``client`` sheet and its problems.

    ``raw`` has two columns (``field``/``字段`` and ``value``/``值``, or simply the first
    two columns); each row is one field, named by key or Chinese label.
    """
    sheet = SHEETS["client"]
    c = _Collector("client")
    if raw.shape[1] < 2:
        c.add("error", "no_header", expected="field (字段), value (值)")
        return pd.DataFrame(columns=["field", "value"]), c.problems
    names, values = raw.iloc[:, 0], raw.iloc[:, 1]
    lookup = _header_lookup(sheet)
    rows: dict[str, tuple[int, object]] = {}
    for row, name in names.items():
        if _norm_header(name) in ("field", "字段", ""):
            continue
        key = lookup.get(_norm_header(name))
        if key is None:
            c.add("warning", "column_unknown", row=row, value=str(name))
        elif key in rows:
            c.add(
                "error",
                "duplicate",
                column=key,
                row=row,
                value=str(name),
                first=rows[key][0],
                key="field",
            )
        else:
            rows[key] = (row, values[row])
    out: list[tuple[str, object]] = []
    missing: list[str] = []
    for col in sheet.columns:
        if col.key not in rows:
            if col.required:
                c.add("error", "column_missing", column=col.key)
            else:
                missing.append(col.label())
            continue
        row, val = rows[col.key]
        typed = _parse_column(col, pd.Series([val], index=[row], dtype=object), c)
        v = typed.iloc[0]
        out.append((col.key, None if pd.isna(v) else v))
    if missing:
        c.add("warning", "optional_missing", what=", ".join(missing))
    frame = pd.DataFrame(out, columns=["field", "value"])
    info = dict(out)
    if (
        info.get("period_start")
        and info.get("period_end")
        and (info["period_end"] < info["period_start"])
    ):
        c.add(
            "error",
            "end_before_start",
            column="period_end",
            row=rows["period_end"][0],
            value=_show(info["period_end"]),
            start=_show(info["period_start"]),
        )
    return frame, c.problems


# Cross-sheet references: (sheet, column) must be found in (sheet, column).
_REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("channel_importance", "channel", "channels", "channel"),
    ("dealer_channel_sales", "channel", "channels", "channel"),
    ("dealer_channel_sales", "dealer", "dealers", "dealer"),
    ("dealer_kpis", "dealer", "dealers", "dealer"),
    ("financials", "dealer", "dealers", "dealer"),
    ("authorizations", "dealer", "dealers", "dealer"),
    ("shipments", "dealer", "dealers", "dealer"),
    ("inventory", "dealer", "dealers", "dealer"),
    ("authorizations", "territory", "territories", "territory"),
    ("price_observations", "product", "price_ladder", "product"),
)


def cross_check(frames: dict[str, pd.DataFrame], records: Iterable[str] = ()) -> list[Problem]:
    """Warnings for names that point to nothing (a dealer id missing from ``dealers`` …).

    ``frames`` maps sheet key to typed frame (index = row numbers); ``records`` names the
    sheets whose rows are records (Parquet).
    """
    records = set(records)
    problems: list[Problem] = []
    for sheet, col, other, other_col in _REFERENCES:
        if sheet not in frames or other not in frames:
            continue
        left, right = frames[sheet], frames[other]
        if col not in left or other_col not in right:
            continue
        vals = left[col].dropna()
        unknown = vals[~vals.isin(set(right[other_col].dropna()))]
        c = _Collector(sheet, sheet in records)
        c.rows("warning", "unknown_ref", col, unknown, other=SHEETS[other].label())
        problems += c.problems
    return problems
