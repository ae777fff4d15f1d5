"""The Dask engine: the pandas reference partition by partition, on a cluster."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chananalysis.methods.diversion.checks import _SPECS, _frame, _is_path
from chananalysis.methods.diversion.pandas_engine import (
    _counted_frame,
    _first_scans,
    _flag_diverted,
    _shipped,
)
from chananalysis.methods.diversion.result import _Core


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
