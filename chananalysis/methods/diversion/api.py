"""Cross-territory selling (窜货) from product codes (METHOD §4.2, seed 003).

Every sellable unit or case carries a code; the factory knows to which dealer it shipped
each code, and the market scans tell where the code was sold. A scan in a territory the
shipping dealer was not authorised for — for that product line, on that day — is
diverted. `detect_diversion` counts the first scan of each code, flags it, and turns the
diverted scans into what a channel manager acts on: rates and a severity per dealer, a
territory flow matrix, incidents (which feed the star scorecard's veto), the evidence
behind each incident, code by code, and the fines owed to the harmed dealers.

The heavy part (first scan per code, the join with the shipments, the comparison with the
authorisations) runs in one of three engines — DuckDB (default, out of core on Parquet
files), plain pandas (the reference) or Dask (on a cluster) — and everything after it is
one shared pandas step, so the engines give identical tables.

Examples
--------
>>> ship = pd.DataFrame({"code": ["A1", "A2", "B1"], "dealer": ["D1", "D1", "D2"],
...                      "product_line": ["酱料"] * 3, "ship_date": ["2025-03-01"] * 3,
...                      "territory": ["郑州", "郑州", "洛阳"]})
>>> scans = pd.DataFrame({"code": ["A1", "A2", "B1", "A1"],
...                       "territory": ["郑州", "洛阳", "洛阳", "开封"],
...                       "scan_date": ["2025-03-20", "2025-03-21", "2025-03-22", "2025-04-01"]})
>>> d = detect_diversion(ship, scans, engine="pandas")
>>> d.scans[["code", "dealer", "territory", "from_territory", "diverted"]]
  code dealer territory from_territory  diverted
0   A1     D1        郑州             郑州     False
1   A2     D1        洛阳             郑州      True
2   B1     D2        洛阳             洛阳     False
>>> d.by_dealer[["scanned_units", "diverted_units", "diversion_rate", "severity"]]
        scanned_units  diverted_units  diversion_rate severity
dealer
D1                  2               1             0.5  dangerous
D2                  1               0             0.0     normal
>>> d.duplicates  # A1's second scan (开封, April) does not count
1
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from chananalysis.errors import DealerDataError
from chananalysis.methods.scorecard_config import show_value

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "ENGINES",
    "SEVERITY_LEVELS",
    "UNASSIGNED",
    "UNAUTHORISED",
    "Diversion",
    "detect_diversion",
    "veto_counts",
]

#: The engines `detect_diversion` runs on; all give identical tables.
ENGINES = ("duckdb", "pandas", "dask")
#: Severity of a dealer's diversion rate, from the lowest band up (METHOD §4.2 Decision).
SEVERITY_LEVELS = ("normal", "watch", "dangerous")
#: "From" territory of a diverted scan whose dealer holds no territory for that line.
UNAUTHORISED = "unauthorised"
#: Fine receiver when nobody holds the destination territory for that line on that day.
UNASSIGNED = "unassigned"

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
_US = "datetime64[us]"
_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)
_AUTH_KEYS = ["dealer", "product_line", "territory"]


@dataclass(frozen=True, eq=False)
class Diversion:
    """What `detect_diversion` found; every table is a new pandas DataFrame.

    Attributes
    ----------
    scans, by_dealer, flows, incidents, evidence, fines, unknown_codes
        The tables described under Returns of `detect_diversion`.
    ties
        Codes whose earliest instant holds scans in two or more territories: the one
        first by territory name counted.
    duplicates
        Scans that did not count: every scan of a code after its first.
    engine
        The engine that ran (``"duckdb"``, ``"pandas"`` or ``"dask"``).
    """

    scans: pd.DataFrame
    by_dealer: pd.DataFrame
    flows: pd.DataFrame
    incidents: pd.DataFrame
    evidence: pd.DataFrame
    fines: pd.DataFrame
    unknown_codes: pd.DataFrame
    ties: int
    duplicates: int
    engine: str


@dataclass(frozen=True, eq=False)
class _Core:
    """What an engine hands to the shared step.

    ``counted``: one row per counted scan of a shipped code, sorted by code: code (str),
    dealer, product_line, territory and ship_territory (categorical; ship_territory only
    when the shipments have a territory column), ship_date, scan_date (datetime64[us]),
    units (int64), diverted (bool). ``unknown``: the ``unknown_codes`` table.
    ``shipped``: units shipped per (dealer, product_line, territory), the territory NaN
    when the shipments have none.
    """

    counted: pd.DataFrame
    unknown: pd.DataFrame
    shipped: pd.DataFrame
    ties: int
    duplicates: int


# --- options -------------------------------------------------------------------------------


def _check_options(engine: str, severity: Sequence[float], fine_per_unit: float, client: Any):
    if not isinstance(engine, str) or engine not in ENGINES:
        raise DealerDataError(
            f"engine must be one of {', '.join(map(repr, ENGINES))}; got {show_value(engine)}"
        )
    try:
        low, high = (float(x) for x in severity)
    except (TypeError, ValueError) as err:
        raise DealerDataError(
            f"severity must be two rates (watch from, dangerous above), e.g. (0.02, 0.05); "
            f"got {severity!r}"
        ) from err
    if not 0 <= low < high <= 1:
        raise DealerDataError(
            f"severity must be (low, high) rates with 0 ≤ low < high ≤ 1; got {severity!r}"
        )
    try:
        fine = float(fine_per_unit)
    except (TypeError, ValueError) as err:
        raise DealerDataError(
            f"fine_per_unit must be a number ≥ 0 (yuan per diverted unit); "
            f"got {show_value(fine_per_unit)}"
        ) from err
    if not (math.isfinite(fine) and fine >= 0):
        raise DealerDataError(
            f"fine_per_unit must be a number ≥ 0 (yuan per diverted unit); got {fine_per_unit!r}"
        )
    if client is not None and engine != "dask":
        raise DealerDataError(
            f'client is used only with engine="dask"; got engine={engine!r} and a client'
        )
    return (low, high), fine


def _is_path(x: Any) -> bool:
    return isinstance(x, str | os.PathLike)


# --- input checks: pandas frames -----------------------------------------------------------


def _where(table: str, df: pd.DataFrame, col: str, pos: int) -> str:
    return f"{table}, row {df.index[pos]!r}, column {col}"


def _text(table: str, df: pd.DataFrame, col: str, required: bool = True) -> pd.Series:
    s = df[col]
    if pd.api.types.is_float_dtype(s) and s.dropna().map(float.is_integer).all():
        s = s.astype("Int64")  # codes read as floats because of a blank: 123.0 -> "123"
    elif not (
        s.dtype == object
        or isinstance(s.dtype, pd.StringDtype | pd.CategoricalDtype)
        or pd.api.types.is_integer_dtype(s)
    ):
        raise DealerDataError(
            f"{table}, column {col}: the column holds {s.dtype} values "
            f"(first {show_value(s.iloc[0]) if len(s) else 'none'}); expected text"
        )
    out = s.astype("str")
    blank = s.isna().to_numpy() | out.str.strip().eq("").to_numpy(dtype=bool, na_value=True)
    if not required:
        return out.where(~blank)
    if blank.any():
        pos = int(np.flatnonzero(blank)[0])
        raise DealerDataError(
            f"{_where(table, df, col, pos)}: blank ({int(blank.sum())} blank cell(s)); "
            f"expected text"
        )
    return out


def _date(table: str, df: pd.DataFrame, col: str) -> pd.Series:
    s = df[col]
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.dt.tz_convert("UTC").dt.tz_localize(None) if s.dt.tz is not None else s
    elif pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise DealerDataError(
            f"{table}, column {col}: the column holds {s.dtype} values "
            f"(first {show_value(s.iloc[0]) if len(s) else 'none'}); expected {_EXPECTED[_DATE]}"
        )
    else:
        out = pd.to_datetime(s, format="ISO8601", errors="coerce")
        retry = out.isna() & s.notna()
        if retry.any():  # other spellings DuckDB also reads (2025/05/03, ...)
            out = out.copy()
            out[retry] = pd.to_datetime(s[retry], format="mixed", errors="coerce")
        bad = (out.isna() & s.notna()).to_numpy()
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise DealerDataError(
                f"{_where(table, df, col, pos)}: {show_value(s.iloc[pos])} is not a date; "
                f"expected {_EXPECTED[_DATE]}"
            )
    blank = out.isna().to_numpy()
    if blank.any():
        pos = int(np.flatnonzero(blank)[0])
        raise DealerDataError(
            f"{_where(table, df, col, pos)}: blank ({int(blank.sum())} blank cell(s)); "
            f"expected {_EXPECTED[_DATE]}"
        )
    return out.astype(_US)


def _count(table: str, df: pd.DataFrame, col: str) -> pd.Series:
    s = df[col]
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num, blank = s.astype("float64"), s.isna()
    else:
        obj = s.astype(object)
        blank = obj.isna() | obj.astype(str).str.strip().eq("")
        is_bool = obj.map(type).eq(bool)
        num = pd.to_numeric(obj.where(~blank & ~is_bool), errors="coerce").astype("float64")
    bad = (num.isna() & ~blank) | (num.notna() & ((num < 1) | (num % 1 != 0)))
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DealerDataError(
            f"{_where(table, df, col, pos)}: {show_value(s.iloc[pos])} is not a whole "
            f"number ≥ 1; expected {_EXPECTED[_COUNT]}"
        )
    return num.fillna(1.0).astype("int64")


def _frame(table: str, df: Any) -> pd.DataFrame:
    """``df`` checked and typed: text as str, dates as datetime64[us], counts as int64."""
    if not isinstance(df, pd.DataFrame):
        raise DealerDataError(
            f"{table}: expected a pandas DataFrame or a path to a Parquet file; "
            f"got {type(df).__name__}"
        )
    spec = _SPECS[table]
    missing = [c for c, _, req in spec if req and c not in df.columns]
    if missing:
        raise DealerDataError(
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
        raise DealerDataError(
            f"shipments, column code: {show_value(code)} is shipped more than once "
            f"({int(dup.sum())} repeated code(s)); expected one row per code"
        )


def _authorizations(auth: Any) -> pd.DataFrame:
    """Authorisations checked, dates as days, and the periods of one (dealer, line,
    territory) merged where they overlap or touch, so a day is covered at most once."""
    if _is_path(auth):
        raise DealerDataError(
            f"authorizations: expected a pandas DataFrame (the sheet is small); got the path "
            f"{str(auth)!r}"
        )
    a = _frame("authorizations", auth)
    a["start"] = a["start"].dt.normalize()
    a["end"] = a["end"].dt.normalize()
    bad = a["end"] < a["start"]
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DealerDataError(
            f"authorizations, row {auth.index[i]!r}: end {a['end'].iloc[i]:%Y-%m-%d} is "
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


# --- input checks: Parquet files, read by DuckDB -------------------------------------------


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _parquet_source(path: str) -> str:
    return f"read_parquet({_sql_text(path)})"


def _check_parquet(con: duckdb.DuckDBPyConnection, table: str, path: str) -> dict[str, str]:
    """Check a Parquet file without loading it: columns, their types, blank cells, values
    that are not dates or numbers, and that no shipment code repeats. Returns column ->
    DuckDB type."""
    import duckdb

    if not Path(path).exists():
        raise DealerDataError(f"{table}: no Parquet file at {path!r}")
    src = _parquet_source(path)
    try:
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
    except duckdb.Error as err:
        raise DealerDataError(f"{table}: {path!r} is not a readable Parquet file ({err})") from err
    spec = _SPECS[table]
    missing = [c for c, _, req in spec if req and c not in types]
    if missing:
        raise DealerDataError(
            f"{table} ({path}): missing column(s) {', '.join(missing)}; required: "
            f"{', '.join(c for c, _, req in spec if req)}; got: {', '.join(types)}"
        )
    # What the file's own statistics settle is not read again: no NULLs counted, a text
    # column whose least value does not start with a space or less, integer quantities
    # whose least value is ≥ 1. The rest is checked in one pass over the file.
    stats = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT path_in_schema, sum(stats_null_count), bool_or(stats_null_count IS NULL), "
            "min(stats_min_value), bool_and(coalesce(min_is_exact, false)), "
            "bool_or(stats_min_value IS NULL) "
            f"FROM parquet_metadata({_sql_text(path)}) GROUP BY ALL"
        ).fetchall()
    }
    checks: list[tuple[str, str, str]] = []  # (column, rule, SQL condition of a bad cell)
    for col, kind, req in spec:
        if col not in types:
            continue
        t, q = types[col].upper(), f'"{col}"'
        texty = t == "VARCHAR"
        ok = (
            texty
            or {
                _TEXT: t in _INTEGER_TYPES,
                _DATE: t == "DATE" or t.startswith("TIMESTAMP"),
                _COUNT: t in _INTEGER_TYPES or t in ("DOUBLE", "FLOAT") or t.startswith("DECIMAL"),
            }[kind]
        )
        if not ok:
            first = con.execute(f"SELECT {q} FROM {src} WHERE {q} IS NOT NULL LIMIT 1").fetchall()
            shown = show_value(first[0][0]) if first else "nothing"
            raise DealerDataError(
                f"{table} ({path}), column {col}: stored as {types[col]} (first value "
                f"{shown}); expected {_EXPECTED[kind]}"
            )
        nulls, nulls_unknown, least, exact, least_unknown = stats.get(
            col, (None, True, None, False, True)
        )
        maybe_null = bool(nulls_unknown or nulls)
        maybe_spaces = texty and (
            least_unknown or not exact or least is None or least == "" or least[0] <= " "
        )
        # blank: missing, or text of spaces only (trim only where it starts with one)
        spaces = f" OR {q} = '' OR (starts_with({q}, ' ') AND trim({q}) = '')"
        blank = f"{q} IS NULL" + (spaces if texty else "")
        if req and (maybe_null or maybe_spaces):
            checks.append((col, "blank", blank))
        if kind == _DATE and texty:
            checks.append((col, "date", f"NOT ({blank}) AND try_cast({q} AS TIMESTAMP) IS NULL"))
        settled = t in _INTEGER_TYPES and exact and not least_unknown and int(least) >= 1
        if kind == _COUNT and not settled:
            num = f"try_cast({q} AS DOUBLE)" if texty else f"CAST({q} AS DOUBLE)"
            bad = f"{num} IS NULL OR {num} < 1 OR {num} <> floor({num})"
            checks.append((col, "count", f"NOT ({blank}) AND ({bad})"))
    # one pass over the file: every check left, and for the shipments the distinct codes
    parts = [f"count(*) FILTER (WHERE {cond})" for _, _, cond in checks]
    parts += ["count(*)", "count(DISTINCT code)"] if table == "shipments" else []
    counts = con.execute(f"SELECT {', '.join(parts)} FROM {src}").fetchall()[0] if parts else ()
    for (col, rule, cond), n in zip(checks, counts[: len(checks)], strict=True):
        if not n:
            continue
        row = con.execute(
            f'SELECT file_row_number, "{col}" FROM read_parquet({_sql_text(path)}, '
            f"file_row_number = true) WHERE {cond} ORDER BY file_row_number LIMIT 1"
        ).fetchall()[0]
        where = f"{table} ({path}), record {row[0] + 1}, column {col}"
        kind = next(k for c, k, _ in spec if c == col)
        if rule == "blank":
            raise DealerDataError(f"{where}: blank ({n} blank cell(s)); expected {_EXPECTED[kind]}")
        what = "a date" if rule == "date" else "a whole number ≥ 1"
        raise DealerDataError(
            f"{where}: {show_value(row[1])} is not {what} ({n} such cell(s)); "
            f"expected {_EXPECTED[kind]}"
        )
    if table == "shipments":
        n, distinct = counts[len(checks) :]
        if n != distinct:
            code = con.execute(
                f"SELECT code FROM {src} GROUP BY code HAVING count(*) > 1 ORDER BY code LIMIT 1"
            ).fetchall()[0][0]
            raise DealerDataError(
                f"shipments ({path}), column code: {show_value(str(code))} is shipped more "
                f"than once ({n - distinct} repeated code(s)); expected one row per code"
            )
    return types


def _read_parquet_frame(table: str, path: str, types: dict[str, str]) -> pd.DataFrame:
    """A checked Parquet file read into pandas (pandas engine) and typed like a frame."""
    cols = [c for c, _, _ in _SPECS[table] if c in types]
    return _frame(table, pd.read_parquet(path, columns=cols))


# --- DuckDB --------------------------------------------------------------------------------


def _default_memory_limit() -> int:
    """A quarter of the machine's memory, at most 1 GiB (DuckDB spills beyond it): with
    the tables returned, 20 M scans then stay within 2 GiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        total = 8 * 2**30
    return int(min(2**30, max(total // 4, 2**28)))


def _size_bytes(text: str) -> int | None:
    """Bytes in a size as DuckDB shows it (``"3.7 GiB"``, ``"953.6 MiB"``), else None."""
    units = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    number, _, unit = str(text).strip().partition(" ")
    try:
        return int(float(number) * units[unit])
    except (KeyError, ValueError):
        return None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextlib.contextmanager
def _duckdb(memory_limit: str | int | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with a memory limit, every core, and a temporary folder of its
    own to spill to (removed afterwards)."""
    import duckdb

    limit = _default_memory_limit() if memory_limit is None else memory_limit
    if isinstance(limit, int | float) and not isinstance(limit, bool):
        limit = f"{int(limit) // 2**20}MiB"
    spill = tempfile.mkdtemp(prefix="chananalysis-duckdb-")
    config = {
        "threads": _cores(),
        "temp_directory": spill,
        "preserve_insertion_order": False,
    }
    try:
        con = duckdb.connect(":memory:", config=config)
        # no progress bar: in a report kernel DuckDB would draw it as a Jupyter widget
        # (and can only switch it off with ipywidgets installed, hence that dependency)
        con.execute("SET enable_progress_bar = false")
        try:
            con.execute(f"SET memory_limit = {_sql_text(str(limit))}")
        except duckdb.Error as err:
            con.close()
            raise DealerDataError(
                f'memory_limit must be a size DuckDB reads, e.g. "4GB"; got {limit!r}'
            ) from err
        with contextlib.suppress(duckdb.Error):  # needs ICU; only TIMESTAMPTZ columns use it
            con.execute("SET TimeZone = 'UTC'")
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def _duck_views(con, ship, scans, types: dict[str, dict[str, str]]) -> bool:
    """Views ``ship`` and ``scans`` with the kit's types, over a Parquet file (cast as it
    is read) or a checked frame (already typed). Returns whether the shipments have a
    territory column."""
    for table, view, data in (("shipments", "ship", ship), ("scans", "scans", scans)):
        if _is_path(data):
            source, present = _parquet_source(str(data)), types[table]
        else:
            source, present = f"_{table}_frame", {c: "" for c in data.columns}
            con.register(source, data)
        cols = []
        for col, kind, req in _SPECS[table]:
            q, texty = f'"{col}"', present.get(col, "").upper() == "VARCHAR"
            # a blank optional cell (only spaces) is missing; required ones were checked
            value = f"CASE WHEN trim({q}) = '' THEN NULL ELSE {q} END" if texty and not req else q
            if col not in present:
                if kind == _COUNT:
                    cols.append("CAST(1 AS BIGINT) AS quantity")
                continue
            if kind == _TEXT:
                cols.append(f"CAST({value} AS VARCHAR) AS {col}")
            elif kind == _DATE:
                cols.append(f"CAST({q} AS TIMESTAMP) AS {col}")
            else:
                num = f"CAST({value} AS DOUBLE)" if texty else q
                cols.append(f"CAST(coalesce(CAST({num} AS BIGINT), 1) AS BIGINT) AS {col}")
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT {', '.join(cols)} FROM {source}")
    return "territory" in (types["shipments"] if _is_path(ship) else ship.columns)


def _dictionary(con, name: str, values: list[str]) -> None:
    """A temp table ``name(v, r)``: each value and its rank in code-point order."""
    con.execute(
        f"CREATE TEMP TABLE {name} AS SELECT unnest(l) AS v, "
        f"CAST(generate_subscripts(l, 1) - 1 AS INTEGER) AS r FROM (SELECT ?::VARCHAR[] AS l)",
        [values],
    )


def _arrow_frame(con, sql: str) -> pd.DataFrame:
    """A query's result through Arrow, freeing the Arrow buffers as pandas takes them."""
    table = con.sql(sql).arrow()
    table = table.read_all() if hasattr(table, "read_all") else table
    return table.to_pandas(self_destruct=True, split_blocks=True)


def _core_duckdb(con, ship, scans, auth: pd.DataFrame | None, types) -> _Core:
    """First scans, join and comparison in DuckDB; only the per-scan result comes back.

    The first scan of a code is found with one hash aggregation: each scan gets the key
    (µs since the earliest scan) × K + (rank of its territory), K the number of
    territories, so min(key) is the earliest scan and, at a tie, the territory first by
    name; max(2·rank − key) is the last territory at that earliest instant (a tie when
    they differ). Text dimensions travel as ranks and come back as pandas categoricals.
    """
    has_terr = _duck_views(con, ship, scans, types)
    terr_col = "territory" if has_terr else "NULL::VARCHAR AS territory"
    shipped = con.execute(
        f"SELECT dealer, product_line, {terr_col}, CAST(sum(quantity) AS BIGINT) AS units "
        "FROM ship GROUP BY ALL"
    ).df()
    dealers = sorted(shipped["dealer"].unique().tolist())
    lines = sorted(shipped["product_line"].unique().tolist())
    territories = {r[0] for r in con.execute("SELECT DISTINCT territory FROM scans").fetchall()}
    territories |= set(shipped["territory"].dropna())
    if auth is not None:
        territories |= set(auth["territory"])
    terr = sorted(territories)
    _dictionary(con, "_terr", terr)
    _dictionary(con, "_dealer", dealers)
    _dictionary(con, "_line", lines)
    lo, hi, n_scans = con.execute(
        "SELECT min(scan_date), max(scan_date), count(*) FROM scans"
    ).fetchall()[0]
    n_terr = max(len(terr), 1)
    if n_scans:
        span = (pd.Timestamp(hi) - pd.Timestamp(lo)) // pd.Timedelta(microseconds=1)
    else:
        lo, span = pd.Timestamp("2000-01-01"), 0
    num = "BIGINT" if (span + 1) * n_terr < 2**62 else "HUGEINT"  # HUGEINT: centuries of scans
    base = f"epoch_us(TIMESTAMP '{pd.Timestamp(lo).isoformat(sep=' ')}')"
    key = f"((CAST(epoch_us(s.scan_date) AS {num}) - {base}) * {n_terr} + t.r)"

    ship_terr = "st.r" if has_terr else "NULL::INTEGER"
    ship_join = "LEFT JOIN _terr st ON st.v = sh.territory" if has_terr else ""
    if auth is not None:
        con.register("_auth_frame", auth)
        con.execute(
            "CREATE TEMP TABLE _auth AS SELECT d.r AS dealer, l.r AS product_line, t.r AS "
            'territory, CAST(a.start AS DATE) AS start_day, CAST(a."end" AS DATE) AS end_day '
            "FROM _auth_frame a JOIN _dealer d ON d.v = a.dealer "
            "JOIN _line l ON l.v = a.product_line JOIN _terr t ON t.v = a.territory"
        )
        flag = "a.dealer IS NULL"
        auth_join = (
            "LEFT JOIN _auth a ON a.dealer = j.dealer AND a.product_line = j.product_line "
            "AND a.territory = j.territory "
            "AND CAST(j.scan_date AS DATE) BETWEEN a.start_day AND a.end_day"
        )
    else:
        flag = "j.ship_territory IS DISTINCT FROM j.territory"
        auth_join = ""
    # the first scan of each code, then its shipment (a hash join); the per-code
    # aggregation of the scans alone is cheaper than one over scans and shipments together
    query = f"""
    WITH agg AS (
        SELECT s.code, min({key}) AS k, max(2 * t.r - {key}) AS kx, count(*) AS n
        FROM scans s JOIN _terr t ON t.v = s.territory
        GROUP BY s.code),
    firsts AS (
        SELECT code, CAST(k % {n_terr} AS INTEGER) AS territory,
               make_timestamp(CAST(k // {n_terr} AS BIGINT) + {base}) AS scan_date,
               k % {n_terr} <> (kx % {n_terr} + {n_terr}) % {n_terr} AS tie,
               CAST(n AS INTEGER) AS n
        FROM agg),
    shipped AS (
        SELECT sh.code, d.r AS dealer, l.r AS product_line, sh.ship_date,
               sh.quantity AS units, {ship_terr} AS ship_territory
        FROM ship sh JOIN _dealer d ON d.v = sh.dealer JOIN _line l ON l.v = sh.product_line
        {ship_join}),
    j AS (
        SELECT f.*, coalesce(sh.dealer, -1) AS dealer, sh.product_line, sh.ship_date,
               sh.units, sh.ship_territory
        FROM firsts f LEFT JOIN shipped sh USING (code))
    SELECT j.code, j.dealer, coalesce(j.product_line, -1) AS product_line, j.ship_date,
           coalesce(j.units, 0) AS units, j.scan_date, j.territory,
           coalesce(j.ship_territory, -1) AS ship_territory, {flag} AS diverted, j.tie, j.n
    FROM j {auth_join}
    """
    # Materialised first, then sorted: sorting the pipeline's output directly took
    # about twice as long (measured at 20 M scans).
    con.execute(f"CREATE TEMP TABLE _first AS {query}")
    # From here on the result is built in pandas, beside DuckDB: DuckDB gets half its
    # memory and spills the rest of the table and of the sort (the peak stays near the
    # limit plus the tables returned).
    limit = _size_bytes(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    if limit:
        con.execute(f"SET memory_limit = '{max(limit // 2 // 2**20, 64)}MiB'")
    ties, duplicates = con.execute(
        "SELECT coalesce(sum(CAST(tie AS INTEGER)), 0), coalesce(sum(n), 0) - count(*) FROM _first"
    ).fetchall()[0]
    cols = "code, dealer, product_line, ship_date, units, scan_date, territory"
    cols += ", ship_territory" if has_terr else ""
    known = _arrow_frame(
        con, f"SELECT {cols}, diverted FROM _first WHERE dealer >= 0 ORDER BY code"
    )
    unknown = _arrow_frame(
        con, "SELECT code, territory, scan_date, n FROM _first WHERE dealer < 0 ORDER BY code"
    )
    con.execute("DROP TABLE _first")
    terr_index = pd.Index(terr, dtype="str")

    def cat(codes: pd.Series, cats: list[str] | pd.Index) -> pd.Categorical:
        """Ranks back to names; the categories those present, as the other engines give."""
        full = pd.Categorical.from_codes(
            codes.to_numpy(dtype="int32"), categories=pd.Index(cats, dtype="str")
        )
        return _category(full)

    def text(col: pd.Series) -> pd.api.extensions.ExtensionArray:
        return col.astype("str").array  # Arrow-backed: no Python strings are made

    counted = pd.DataFrame(
        {
            "code": text(known["code"]),
            "dealer": cat(known["dealer"], dealers),
            "product_line": cat(known["product_line"], lines),
            "ship_date": known["ship_date"].astype(_US).to_numpy(),
            "units": known["units"].astype("int64").to_numpy(),
            "scan_date": known["scan_date"].astype(_US).to_numpy(),
            "territory": cat(known["territory"], terr_index),
            "diverted": known["diverted"].astype(bool).to_numpy(),
        },
        copy=False,  # tens of millions of rows: share the buffers, never copy them
    )
    if has_terr:
        counted["ship_territory"] = cat(known["ship_territory"], terr_index)
    del known
    names = np.asarray(terr, dtype=object)
    unknown_codes = pd.DataFrame(
        {
            "code": text(unknown["code"]),
            "territory": names[unknown["territory"].to_numpy(dtype="int64")],
            "first_scan": unknown["scan_date"].astype(_US).to_numpy(),
            "scans": unknown["n"].astype("int64").to_numpy(),
        }
    )
    return _Core(counted, unknown_codes, shipped, ties, duplicates)


# --- pandas: the reference -----------------------------------------------------------------


def _first_scans(scans: pd.DataFrame) -> pd.DataFrame:
    """One row per code: its first scan (earliest instant; at a tie, the territory first
    by name), how often it was scanned, and whether the tie rule decided."""
    earliest = scans.groupby("code", sort=False)["scan_date"].transform("min")
    at_first = scans[scans["scan_date"].eq(earliest)]
    by_code = at_first.groupby("code", sort=False)
    out = pd.DataFrame(
        {
            "territory": by_code["territory"].min(),
            "scan_date": by_code["scan_date"].first(),
            "tie": by_code["territory"].nunique() > 1,
            "scans": scans.groupby("code", sort=False).size(),
        }
    )
    out.index.name = "code"
    return out.reset_index().astype(
        {"code": "str", "territory": "str", "scan_date": _US, "tie": bool, "scans": "int64"}
    )


def _flag_diverted(known: pd.DataFrame, auth: pd.DataFrame | None) -> pd.Series:
    """True where the scan's territory is not one its dealer held for the line that day
    (without authorisations: where it differs from the shipment's territory)."""
    if auth is None:
        return ~known["territory"].eq(known["ship_territory"]).fillna(False).astype(bool)
    pairs = known[["code", *_AUTH_KEYS]].assign(day=known["scan_date"].dt.normalize())
    pairs = pairs.merge(auth, on=_AUTH_KEYS)
    covered = pairs.loc[pairs["start"].le(pairs["day"]) & pairs["day"].le(pairs["end"]), "code"]
    return ~known["code"].isin(covered)


def _known_and_unknown(
    firsts: pd.DataFrame, ship: pd.DataFrame, auth: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = ["code", "dealer", "product_line", "ship_date", "quantity"]
    if "territory" in ship.columns:
        ship = ship.rename(columns={"territory": "ship_territory"})
        cols.append("ship_territory")
    joined = firsts.merge(ship[cols], on="code", how="left", indicator=True)
    shipped = joined["_merge"].eq("both")
    known = joined[shipped].drop(columns=["_merge", "scans", "tie"])
    known = known.rename(columns={"quantity": "units"})
    known["diverted"] = _flag_diverted(known, auth).to_numpy()
    unknown = joined.loc[~shipped, ["code", "territory", "scan_date", "scans"]]
    unknown = unknown.rename(columns={"scan_date": "first_scan"})
    return known, unknown


def _shipped(ship: pd.DataFrame) -> pd.DataFrame:
    terr = ship["territory"] if "territory" in ship.columns else pd.Series(np.nan, index=ship.index)
    return (
        ship.assign(territory=terr)
        .groupby(["dealer", "product_line", "territory"], dropna=False, sort=False)["quantity"]
        .sum()
        .rename("units")
        .reset_index()
    )


def _counted_frame(known: pd.DataFrame) -> pd.DataFrame:
    """The engines' per-scan frame in the shared shape (sorted by code, categoricals)."""
    cols = ["code", "dealer", "product_line", "ship_date", "units", "scan_date", "territory"]
    cols += ["diverted"] + (["ship_territory"] if "ship_territory" in known.columns else [])
    out = known[cols].sort_values("code", ignore_index=True)
    out = out.astype({"units": "int64", "ship_date": _US, "scan_date": _US, "diverted": bool})
    for col in ("dealer", "product_line", "territory", "ship_territory"):
        if col in out.columns:
            out[col] = _category(out[col])
    return out


def _core_pandas(ship: pd.DataFrame, scans: pd.DataFrame, auth: pd.DataFrame | None) -> _Core:
    firsts = _first_scans(scans)
    known, unknown = _known_and_unknown(firsts, ship, auth)
    return _Core(
        _counted_frame(known),
        unknown.sort_values("code", ignore_index=True),
        _shipped(ship),
        int(firsts["tie"].sum()),
        len(scans) - len(firsts),
    )


# --- Dask ----------------------------------------------------------------------------------


def _core_dask(ship, scans, auth: pd.DataFrame | None, client: Any, types) -> _Core:
    """The pandas reference, partition by partition: scans shuffled by code so each code's
    scans meet in one partition, then a hash join with the shipments. Text stays pandas'
    own ``str`` (Dask would turn it into ``string``, whose missing value differs)."""
    import dask

    with dask.config.set({"dataframe.convert-string": False}):
        return _core_dask_graph(ship, scans, auth, client, types)


def _core_dask_graph(ship, scans, auth: pd.DataFrame | None, client: Any, types) -> _Core:
    import dask
    import dask.dataframe as dd

    def frame(table: str, data: Any) -> dd.DataFrame:
        if _is_path(data):
            cols = [c for c, _, _ in _SPECS[table] if c in types[table]]
            raw = dd.read_parquet(str(data), columns=cols)
            meta = _frame(table, raw._meta)
            return raw.map_partitions(lambda p: _frame(table, p), meta=meta)
        parts = max(1, min(64, len(data) // 250_000))
        return dd.from_pandas(data, npartitions=parts, sort=False)

    d_ship, d_scans = frame("shipments", ship), frame("scans", scans)
    first_meta = _first_scans(d_scans._meta)
    firsts = d_scans.shuffle("code").map_partitions(_first_scans, meta=first_meta)
    cols = ["code", "dealer", "product_line", "ship_date", "quantity"]
    ship_part = d_ship.rename(columns={"territory": "ship_territory"})
    if "ship_territory" in ship_part.columns:
        cols.append("ship_territory")
    joined = firsts.merge(ship_part[cols], on="code", how="left")

    def flag(part: pd.DataFrame) -> pd.DataFrame:
        known = part[part["dealer"].notna()].drop(columns=["scans", "tie"])
        known = known.rename(columns={"quantity": "units"})
        known["units"] = known["units"].astype("int64")
        known["diverted"] = _flag_diverted(known, auth).to_numpy(dtype=bool)
        return known

    known = joined.map_partitions(flag, meta=flag(joined._meta))
    unknown = joined[joined["dealer"].isna()][["code", "territory", "scan_date", "scans"]]
    stats = firsts[["tie", "scans"]].sum()
    count = firsts["code"].count()
    keys = ["dealer", "product_line"] + (["territory"] if "territory" in d_ship.columns else [])
    totals = d_ship.groupby(keys, dropna=False)["quantity"].sum()
    own = None
    if isinstance(client, str):
        from distributed import Client

        client = own = Client(client)
    try:
        kwargs = {"scheduler": client} if client is not None else {}
        known_pd, unknown_pd, stats_pd, count_pd, shipped_pd = dask.compute(
            known, unknown, stats, count, totals, **kwargs
        )
    finally:
        if own is not None:
            own.close()
    unknown_pd = unknown_pd.rename(columns={"scan_date": "first_scan"})
    return _Core(
        _counted_frame(known_pd),
        unknown_pd.astype({"scans": "int64"}).sort_values("code", ignore_index=True),
        _shipped(shipped_pd.rename("quantity").reset_index()),
        int(stats_pd["tie"]),
        int(stats_pd["scans"]) - int(count_pd),
    )


# --- the shared step: per-scan frame -> the tables ------------------------------------------


def _category(s: pd.Series | pd.Categorical) -> pd.Categorical:
    """Categorical whose categories are the values present, in code-point order."""
    s = pd.Series(s)
    if not isinstance(s.dtype, pd.CategoricalDtype):
        cats = sorted(pd.unique(s.dropna().astype("str")))
        return pd.Categorical(s.astype("str"), categories=pd.Index(cats, dtype="str"))
    codes = s.cat.codes.to_numpy()
    names = np.asarray(s.cat.categories.astype("str"), dtype=object)
    used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(names)) > 0)
    order = used[np.argsort(names[used], kind="stable")]  # code-point order of the names
    recode = np.full(len(names) + 1, -1, dtype="int32")  # last slot: a missing value
    recode[order] = np.arange(len(order), dtype="int32")
    return pd.Categorical.from_codes(
        recode[np.where(codes >= 0, codes, len(names))],
        categories=pd.Index(names[order], dtype="str"),
    )


def _holders(
    rows: pd.DataFrame, auth: pd.DataFrame | None, shipped: pd.DataFrame, by: str
) -> pd.DataFrame:
    """(row, territory) pairs: the territories the row's dealer held for its line on its
    day (``by="territory"``); or (row, holder) pairs: the dealers other than the row's own
    who held its destination for its line on its day (``by="dealer"``). Without
    authorisations a dealer holds the territories its shipments of that line went to,
    on any day."""
    if auth is None:
        held = shipped.dropna(subset=["territory"])[_AUTH_KEYS].drop_duplicates()
        held = held.astype("str").assign(start=rows["day"].min(), end=rows["day"].max())
    else:
        held = auth
    if by == "territory":
        pairs = rows[["row", "dealer", "product_line", "day"]].merge(
            held, on=["dealer", "product_line"]
        )
    else:
        pairs = rows[["row", "dealer", "territory", "product_line", "day"]].merge(
            held.rename(columns={"dealer": "holder"}), on=["territory", "product_line"]
        )
        pairs = pairs[pairs["holder"].ne(pairs["dealer"])]
    covered = pairs["start"].le(pairs["day"]) & pairs["day"].le(pairs["end"])
    return pairs.loc[covered, ["row", by if by == "territory" else "holder"]].drop_duplicates()


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


_INCIDENT_DTYPES = {
    "incident": "str",
    "dealer": "str",
    "territory": "str",
    "month": "str",
    "product_lines": "str",
    "units": "int64",
    "scans": "int64",
    "first_scan": _US,
    "last_scan": _US,
    "fine": "float64",
    "receiver": "str",
}
_EVIDENCE_DTYPES = {
    "incident": "str",
    "code": "str",
    "dealer": "str",
    "product_line": "str",
    "ship_date": _US,
    "scan_date": _US,
    "territory": "str",
    "from_territory": "str",
    "units": "int64",
    "fine": "float64",
    "receiver": "str",
}


def _from_territory(div: pd.DataFrame, auth: pd.DataFrame | None, shipped) -> np.ndarray:
    """The territory each diverted scan came from (Decision: with several held, the
    shipment's own territory when it is one of them, else the first by name)."""
    if auth is None:
        came = div["ship_territory"].astype(object)
        return came.where(came.notna(), UNAUTHORISED).to_numpy(dtype=object)
    held = _holders(div, auth, shipped, "territory")
    if "ship_territory" in div.columns:
        own = div["ship_territory"].astype(object).to_numpy()[held["row"].to_numpy()]
        held = held.assign(other=held["territory"].to_numpy() != own)
    else:
        held = held.assign(other=True)
    pick = held.sort_values(["row", "other", "territory"]).drop_duplicates("row")
    out = np.full(len(div), UNAUTHORISED, dtype=object)
    out[pick["row"].to_numpy()] = pick["territory"].to_numpy(dtype=object)
    return out


def _joined(pairs: pd.DataFrame, key: str, value: str) -> pd.Series:
    """``"; "``-joined sorted distinct ``value`` per ``key`` (Python only where several)."""
    pairs = pairs[[key, value]].drop_duplicates().sort_values([key, value])
    first = pairs.drop_duplicates(key).set_index(key)[value].astype(object)
    several = pairs[pairs[key].duplicated(keep=False)]
    if len(several):
        first.update(several.groupby(key)[value].agg("; ".join))
    return first


def _incidents(div: pd.DataFrame, split: pd.DataFrame, fine_per_unit: float) -> pd.DataFrame:
    if not len(div):
        return _empty(_INCIDENT_DTYPES)
    keys = ["dealer", "month", "territory"]
    g = div.groupby(keys, sort=True)
    out = g.agg(
        incident=("incident", "first"),
        units=("units", "sum"),
        scans=("code", "size"),
        first_scan=("scan_date", "min"),
        last_scan=("scan_date", "max"),
    ).reset_index()
    lines = _joined(div, "incident", "product_line")
    receivers = _joined(
        split.assign(incident=div["incident"].to_numpy()[split["row"].to_numpy()]),
        "incident",
        "receiver",
    )
    out["product_lines"] = lines.reindex(out["incident"]).to_numpy()
    out["receiver"] = receivers.reindex(out["incident"]).to_numpy()
    out["fine"] = out["units"].astype("float64") * fine_per_unit
    return out[list(_INCIDENT_DTYPES)].astype(_INCIDENT_DTYPES)


def _flows(div: pd.DataFrame) -> pd.DataFrame:
    if len(div):
        flows = div.pivot_table(
            index="from_territory", columns="territory", values="units", aggfunc="sum", fill_value=0
        )
    else:
        flows = pd.DataFrame(dtype="int64")
    rows = sorted(r for r in flows.index if r != UNAUTHORISED)
    rows += [UNAUTHORISED] if UNAUTHORISED in flows.index else []
    flows = flows.reindex(index=rows, columns=sorted(flows.columns)).astype("int64")
    flows.index = pd.Index(flows.index, dtype="str", name="from")
    flows.columns = pd.Index(flows.columns, dtype="str", name="to")
    return flows


def _by_dealer(
    c: pd.DataFrame,
    shipped: pd.DataFrame,
    incidents: pd.DataFrame,
    fine_per_unit: float,
    severity: tuple[float, float],
) -> pd.DataFrame:
    dealers = pd.Index(sorted(shipped["dealer"].astype("str").unique()), dtype="str", name="dealer")

    def per_dealer(values: pd.Series) -> pd.Series:
        got = values.groupby(c["dealer"], observed=True).sum()
        got.index = got.index.astype("str")
        return got.reindex(dealers, fill_value=0).astype("int64")

    out = pd.DataFrame(
        {
            "shipped_units": shipped.groupby("dealer")["units"].sum().reindex(dealers).fillna(0),
            "scanned_units": per_dealer(c["units"]),
            "diverted_units": per_dealer(c["units"].where(c["diverted"], 0)),
        },
        index=dealers,
    ).astype("int64")
    scanned = out["scanned_units"].astype("float64")
    rate = (out["diverted_units"] / scanned.where(scanned > 0)).astype("float64")
    out["diversion_rate"] = rate
    out["incidents"] = incidents.groupby("dealer").size().reindex(dealers, fill_value=0)
    out["incidents"] = out["incidents"].astype("int64")
    out["fine"] = out["diverted_units"].astype("float64") * fine_per_unit
    low, high = severity
    level = np.select([rate < low, rate <= high, rate > high], list(SEVERITY_LEVELS), "")
    out["severity"] = pd.Series(level, index=dealers, dtype="str").replace("", np.nan)
    return out


def _finish(
    core: _Core,
    auth: pd.DataFrame | None,
    fine_per_unit: float,
    severity: tuple[float, float],
    engine: str,
) -> Diversion:
    """The tables, from the engine's per-scan frame: plain pandas, the same for every
    engine, and over the diverted scans only except for the per-dealer sums."""
    c = core.counted
    is_div = c["diverted"].to_numpy()
    cols = ["code", "dealer", "product_line", "ship_date", "scan_date", "territory", "units"]
    div = c.loc[is_div, cols + (["ship_territory"] if "ship_territory" in c.columns else [])]
    div = div.astype({k: "str" for k in ("dealer", "product_line", "territory")})
    div = div.reset_index(drop=True)
    div = div.assign(row=np.arange(len(div)), day=div["scan_date"].dt.normalize())
    div["from_territory"] = _from_territory(div, auth, core.shipped)

    # receivers: the other dealers who held the destination for that line that day; the
    # fine is split equally among several (Decision), "unassigned" when nobody held it
    recv = _holders(div, auth, core.shipped, "dealer").rename(columns={"holder": "receiver"})
    split = div[["row", "dealer", "units"]].merge(recv, on="row", how="left")
    split["receiver"] = split["receiver"].fillna(UNASSIGNED).astype("str")
    share = split.groupby("row")["row"].transform("size").to_numpy()
    split["units"] = split["units"].astype("float64") / share
    names = _joined(split, "row", "receiver")
    div["receiver"] = names.reindex(div["row"]).to_numpy()
    ym = div["scan_date"].dt.year * 100 + div["scan_date"].dt.month  # few distinct months
    div["month"] = ym.map({m: f"{m // 100:04d}-{m % 100:02d}" for m in ym.unique()})
    div["month"] = div["month"].astype("str")
    div["incident"] = (div["dealer"] + "/" + div["month"] + "/" + div["territory"]).astype("str")
    div["fine"] = div["units"].astype("float64") * fine_per_unit

    fines = split.rename(columns={"dealer": "payer"}).groupby(["payer", "receiver"])["units"].sum()
    fines = fines.reset_index() if len(split) else _empty({"payer": "str", "receiver": "str"})
    fines["units"] = fines.get("units", pd.Series(dtype="float64")).astype("float64")
    fines["amount"] = fines["units"] * fine_per_unit
    fines = fines.astype({"payer": "str", "receiver": "str"})

    incidents = _incidents(div, split, fine_per_unit)
    div = div.sort_values(["dealer", "month", "territory", "scan_date", "code"], ignore_index=True)
    evidence = div[list(_EVIDENCE_DTYPES)].astype(_EVIDENCE_DTYPES)

    # per scan: from = the scan's own territory unless diverted
    came = set(pd.unique(div["from_territory"]))
    cats = pd.Index(sorted(set(c["territory"].cat.categories) | came))
    codes = c["territory"].cat.set_categories(cats.astype("str")).cat.codes.to_numpy().copy()
    if len(div):
        rows = div.sort_values("row")
        codes[np.flatnonzero(is_div)] = cats.get_indexer(rows["from_territory"])
    from_cat = pd.Categorical.from_codes(codes, categories=pd.Index(cats, dtype="str"))
    scans = pd.DataFrame(
        {
            **{k: c[k] for k in ("code", "dealer", "product_line", "ship_date", "units")},
            **{k: c[k] for k in ("scan_date", "territory")},
            "from_territory": _category(from_cat),
            "diverted": c["diverted"],
        },
        copy=False,
    )
    unknown = core.unknown[["code", "territory", "first_scan", "scans"]].astype(
        {"code": "str", "territory": "str", "first_scan": _US, "scans": "int64"}
    )
    return Diversion(
        scans=scans,
        by_dealer=_by_dealer(c, core.shipped, incidents, fine_per_unit, severity),
        flows=_flows(div),
        incidents=incidents,
        evidence=evidence,
        fines=fines,
        unknown_codes=unknown.reset_index(drop=True),
        ties=int(core.ties),
        duplicates=int(core.duplicates),
        engine=engine,
    )


# --- the public functions ------------------------------------------------------------------


def detect_diversion(
    shipments: pd.DataFrame | str | os.PathLike,
    scans: pd.DataFrame | str | os.PathLike,
    *,
    authorizations: pd.DataFrame | None = None,
    fine_per_unit: float = 0.0,
    engine: str = "duckdb",
    severity: tuple[float, float] = (0.02, 0.05),
    client: Any = None,
    memory_limit: str | int | None = None,
) -> Diversion:
    """Find cross-territory selling (窜货) from product-code scans.

    Parameters
    ----------
    shipments
        The ``shipments`` sheet, or the path of a Parquet file holding it: ``code``
        (unique), ``dealer``, ``product_line``, ``ship_date``, optional ``quantity``
        (units in the code; blank or absent → 1) and optional ``territory`` (shipped to).
    scans
        The ``scans`` sheet, or the path of a Parquet file: ``code``, ``territory``,
        ``scan_date`` (a date, or a timestamp when the time is known); further columns
        (``price``, ``channel``) are not read. A Parquet file is read by DuckDB (or Dask)
        directly, never loaded whole into pandas by the ``duckdb`` engine.
    authorizations
        The ``authorizations`` sheet (a DataFrame): ``dealer, territory, product_line,
        start, end``, inclusive days. Without it, the shipments' ``territory`` column
        says where each code belonged.
    fine_per_unit
        Fine per diverted unit (yuan), paid to the harmed dealer; 0 leaves amounts at 0.
    engine
        ``"duckdb"`` (default: embedded, parallel, spills to disk beyond
        ``memory_limit``), ``"pandas"`` (the plain reference) or ``"dask"`` (on the
        cluster of ``client``). All three return identical tables.
    severity
        ``(low, high)`` diversion rates: rate < low → ``normal``; low ≤ rate ≤ high →
        ``watch``; rate > high → ``dangerous`` (Decision: 2 % and 5 %).
    client
        With ``engine="dask"``: a ``distributed.Client`` or a scheduler address; ``None``
        uses Dask's current scheduler (the default client if there is one).
    memory_limit
        With ``engine="duckdb"``: DuckDB's memory limit (``"4GB"`` or bytes); default a
        quarter of the machine's memory, at most 1 GiB — raise it for hundreds of
        millions of scans. DuckDB spills to a temporary folder of its own beyond it
        (under ``TMPDIR``), removed afterwards. The tables returned live in pandas,
        outside this limit. Parquet files are checked with DuckDB whatever the engine.

    Returns
    -------
    Diversion
        A frozen record of new DataFrames (RangeIndex unless said otherwise):

        ``scans``
            One row per counted scan of a shipped code, sorted by ``code``: ``code``,
            ``dealer``, ``product_line``, ``ship_date``, ``units`` (the code's
            quantity), ``scan_date``, ``territory`` (where scanned), ``from_territory``
            (the scan's territory when not diverted; else see Notes), ``diverted``
            (bool). ``dealer``, ``product_line``, ``territory`` and ``from_territory``
            are categoricals (categories: the values present, in code-point order), so
            tens of millions of rows fit in memory.
        ``by_dealer``
            Index ``dealer`` (every dealer shipped to, sorted): ``shipped_units``,
            ``scanned_units``, ``diverted_units``, ``diversion_rate`` (diverted /
            scanned units; NaN with no scans), ``incidents``, ``fine`` (diverted units ×
            fine_per_unit, paid), ``severity`` (``normal``, ``watch``, ``dangerous``;
            NaN with no scans).
        ``flows``
            Diverted units from → to: index ``from`` (territories sorted, then
            ``unauthorised``), columns ``to`` (destination territories, sorted); int64,
            0 where none. Empty when nothing was diverted.
        ``incidents``
            One row per dealer × destination territory × calendar month of the scan with
            diverted units, sorted by dealer, month, territory: ``incident`` (id
            ``dealer/YYYY-MM/territory``), ``dealer``, ``territory``, ``month``
            (``YYYY-MM``), ``product_lines`` (``"; "``-joined), ``units``, ``scans``,
            ``first_scan``, ``last_scan``, ``fine``, ``receiver`` (``"; "``-joined).
        ``evidence``
            Every diverted counted scan, in incident order then by scan date and code:
            ``incident``, ``code``, ``dealer`` (shipped to), ``product_line``,
            ``ship_date``, ``scan_date``, ``territory`` (scanned in),
            ``from_territory``, ``units``, ``fine``, ``receiver``.
        ``fines``
            Sorted by ``payer``, ``receiver``: ``payer`` (the dealer the codes were
            shipped to), ``receiver`` (a dealer, or ``unassigned``), ``units`` (float:
            shared units are split), ``amount`` (units × fine_per_unit).
        ``unknown_codes``
            Codes scanned but never shipped (counterfeit or a data error), sorted:
            ``code``, ``territory`` and ``first_scan`` of the first scan, ``scans``.

        Further fields: ``ties`` (codes whose earliest instant holds scans in two or more
        territories), ``duplicates`` (scans after a code's first, which do not count) and
        ``engine``.

    Raises
    ------
    DealerDataError
        A missing column; a blank cell in a required column; a date that is not a date,
        a quantity that is not a whole number ≥ 1, a text column holding numbers with
        decimals or dates (the message names the table, row or Parquet record, column,
        the value and what was expected); a shipment code given twice; an authorisation
        ending before it starts; neither ``authorizations`` nor a ``territory`` column in
        ``shipments``; an unknown engine, severity bands not ``0 ≤ low < high ≤ 1``, a
        negative fine, a ``client`` without ``engine="dask"``, a memory limit DuckDB
        cannot read.

    Notes
    -----
    First scan (Decision): only the earliest scan of a code counts (by ``scan_date``
    with its time, to the microsecond); scans of one code at the same instant are
    ordered by territory name (code-point order) and the first counts, so the result
    depends neither on row order nor on the engine. ``ties`` counts the codes where
    that rule decided; later scans are ``duplicates``.

    Diverted: the first scan's territory is not one the shipping dealer was authorised
    for, for the code's product line, on the scan's day (start ≤ day ≤ end; times with
    a time zone are taken in UTC). Without
    ``authorizations``: the territory differs from the shipment's ``territory`` (a
    blank shipment territory counts as diverted, from ``unauthorised``). Units of a
    scan = the quantity of its code.

    From territory of a diverted scan (Decision): the territory its dealer held for
    that line on that day; with several, the shipment's own ``territory`` when it is
    one of them, else the first by name; ``unauthorised`` when the dealer held none.

    Fine: diverted units × fine_per_unit, paid by the shipping dealer to the dealer
    who held the destination territory for that line on that day (without
    authorisations: the other dealers whose shipments of that line went there), or
    ``unassigned`` when nobody did. Several holders (Decision): the units and the
    amount are split equally among them.

    Severity (Decision): rate < low normal ("没有窜货的销售是不红火的销售"); low ≤
    rate ≤ high watch — exactly 2 % and exactly 5 % are both ``watch``; rate > high
    dangerous ("大量窜货的销售是很危险的销售"). A dealer with no scanned units has no
    rate and no severity (NaN).

    Incidents: distinct (dealer, destination territory, calendar month of the scan)
    with diverted units; the count per dealer feeds the star scorecard's veto
    (`veto_counts`, METHOD §2.1).

    References
    ----------
    Seed 003, 案例：关于窜货 (cases 1–4) and 何谓窜货: "越区销售"; case 4 fines each
    diverted bag 20 yuan and pays the 1,200 yuan for 60 bags to the harmed dealer.
    METHOD §4.2: the rules, the Decisions on the first scan and the severity bands;
    §2.1: incidents feed the veto.

    Examples
    --------
    Seed 003, case 4: dealer D1 (洞口县高沙片) sold 60 bags in D2's territory (城关片)
    after the 20 yuan-a-bag fine was announced.

    >>> codes = [f"F{i:03d}" for i in range(100)]
    >>> ship = pd.DataFrame({"code": codes, "dealer": ["D1"] * 60 + ["D2"] * 40,
    ...                      "product_line": "饲料", "ship_date": "2025-05-02"})
    >>> scans = pd.DataFrame({"code": codes, "territory": "城关片",
    ...                       "scan_date": pd.date_range("2025-05-06", periods=100, freq="6h")})
    >>> auth = pd.DataFrame({"dealer": ["D1", "D2"], "territory": ["高沙片", "城关片"],
    ...                      "product_line": "饲料", "start": "2025-01-01", "end": "2025-12-31"})
    >>> d = detect_diversion(ship, scans, authorizations=auth, fine_per_unit=20)
    >>> d.fines
      payer receiver  units  amount
    0    D1       D2   60.0  1200.0
    >>> d.incidents[["incident", "units", "scans", "fine", "receiver"]]
               incident  units  scans    fine receiver
    0  D1/2025-05/城关片     60     60  1200.0       D2
    >>> len(d.evidence), d.flows.loc["高沙片", "城关片"]
    (60, np.int64(60))
    >>> d.by_dealer[["diverted_units", "diversion_rate", "severity"]]
            diverted_units  diversion_rate   severity
    dealer
    D1                  60             1.0  dangerous
    D2                   0             0.0     normal
    """
    bands, fine = _check_options(engine, severity, fine_per_unit, client)
    needs_duck = engine == "duckdb" or _is_path(shipments) or _is_path(scans)
    with _duckdb(memory_limit) if needs_duck else contextlib.nullcontext() as con:
        types: dict[str, dict[str, str]] = {"shipments": {}, "scans": {}}
        inputs = {}
        for table, data in (("shipments", shipments), ("scans", scans)):
            if _is_path(data):
                types[table] = _check_parquet(con, table, str(data))
                inputs[table] = str(data)
            else:
                inputs[table] = _frame(table, data)
                if table == "shipments":
                    _unique_codes(inputs[table])
        ship, scan = inputs["shipments"], inputs["scans"]
        has_terr = "territory" in (types["shipments"] if _is_path(ship) else ship.columns)
        if authorizations is None and not has_terr:
            got = types["shipments"] if _is_path(ship) else ship.columns
            raise DealerDataError(
                "authorizations is None and shipments has no territory column: a scan is "
                "diverted when its territory is not one its dealer was authorised for "
                "(METHOD §4.2); give authorizations, or a territory column in shipments "
                f"(shipments has: {', '.join(map(str, got))})"
            )
        auth = None if authorizations is None else _authorizations(authorizations)
        if engine == "duckdb":
            core = _core_duckdb(con, ship, scan, auth, types)
        elif engine == "pandas":
            if _is_path(ship):
                ship = _read_parquet_frame("shipments", ship, types["shipments"])
            if _is_path(scan):
                scan = _read_parquet_frame("scans", scan, types["scans"])
            core = _core_pandas(ship, scan, auth)
        else:
            core = _core_dask(ship, scan, auth, client, types)
    return _finish(core, auth, fine, bands, engine)


def veto_counts(diversion: Diversion) -> pd.Series:
    """Diversion incidents per dealer, for the star scorecard's veto.

    Parameters
    ----------
    diversion
        A result of `detect_diversion`.

    Returns
    -------
    pandas.Series
        Index ``dealer`` (every dealer of ``diversion.by_dealer``), int64 incident
        counts, named ``diversion_incidents``; pass it as ``star_scorecard(kpis,
        veto_counts=...)``.

    Raises
    ------
    DealerDataError
        ``diversion`` is not a `Diversion`.

    Notes
    -----
    count = number of distinct (dealer, destination territory, month) with diverted
    units; the scorecard then applies its veto steps (1 → −5; 2 → −15; ≥ 3 → −15 and
    disqualified).

    References
    ----------
    METHOD §2.1 (否定指标: 窜货、砸价 complaints in the year) and §4.2 (incidents feed
    the veto count); seed 003, 案例四.

    Examples
    --------
    >>> ship = pd.DataFrame({"code": ["a", "b"], "dealer": ["D1", "D2"],
    ...                      "product_line": "饲料", "ship_date": "2025-01-02",
    ...                      "territory": ["东", "西"]})
    >>> scans = pd.DataFrame({"code": ["a", "b"], "territory": ["西", "西"],
    ...                       "scan_date": ["2025-02-01", "2025-02-03"]})
    >>> veto_counts(detect_diversion(ship, scans, engine="pandas")).to_dict()
    {'D1': 1, 'D2': 0}
    """
    if not isinstance(diversion, Diversion):
        raise DealerDataError(
            f"veto_counts: expected the result of detect_diversion; got {type(diversion).__name__}"
        )
    return diversion.by_dealer["incidents"].astype("int64").rename("diversion_incidents")
