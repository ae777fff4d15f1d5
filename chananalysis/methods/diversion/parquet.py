"""Shipments and scans given as Parquet files: checked by DuckDB without loading them,
and read into pandas for the engines that need a frame."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.methods.diversion.checks import _COUNT, _DATE, _EXPECTED, _SPECS, _TEXT, _frame
from chananalysis.methods.scorecard_config import show_value

if TYPE_CHECKING:
    import duckdb

_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)


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
        raise InputDataError(f"{table}: no Parquet file at {path!r}")
    src = _parquet_source(path)
    try:
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
    except duckdb.Error as err:
        raise InputDataError(f"{table}: {path!r} is not a readable Parquet file ({err})") from err
    spec = _SPECS[table]
    missing = [c for c, _, req in spec if req and c not in types]
    if missing:
        raise InputDataError(
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
            raise InputDataError(
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
            raise InputDataError(f"{where}: blank ({n} blank cell(s)); expected {_EXPECTED[kind]}")
        what = "a date" if rule == "date" else "a whole number ≥ 1"
        raise InputDataError(
            f"{where}: {show_value(row[1])} is not {what} ({n} such cell(s)); "
            f"expected {_EXPECTED[kind]}"
        )
    if table == "shipments":
        n, distinct = counts[len(checks) :]
        if n != distinct:
            code = con.execute(
                f"SELECT code FROM {src} GROUP BY code HAVING count(*) > 1 ORDER BY code LIMIT 1"
            ).fetchall()[0][0]
            raise InputDataError(
                f"shipments ({path}), column code: {show_value(str(code))} is shipped more "
                f"than once ({n - distinct} repeated code(s)); expected one row per code"
            )
    return types


def _read_parquet_frame(table: str, path: str, types: dict[str, str]) -> pd.DataFrame:
    """A checked Parquet file read into pandas (pandas engine) and typed like a frame."""
    cols = [c for c, _, _ in _SPECS[table] if c in types]
    return _frame(table, pd.read_parquet(path, columns=cols))
