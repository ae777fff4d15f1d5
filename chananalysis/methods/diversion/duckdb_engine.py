"""The DuckDB engine (the default): first scans, the join with the shipments and the
comparison with the authorisations, in an embedded database that spills to disk beyond
its memory limit; only the per-scan result comes back to pandas."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.methods.diversion.checks import _COUNT, _DATE, _SPECS, _TEXT, _is_path
from chananalysis.methods.diversion.parquet import _parquet_source, _sql_text
from chananalysis.methods.diversion.result import _US, _category, _Core

if TYPE_CHECKING:
    import duckdb


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
            raise InputDataError(
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
