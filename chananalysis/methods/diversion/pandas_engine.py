"""The pandas engine, the reference the other two are compared with: first scans, the join
with the shipments and the comparison with the authorisations in plain pandas. The Dask
engine runs the same functions partition by partition."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chananalysis.methods.diversion.result import _AUTH_KEYS, _US, _category, _Core


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
