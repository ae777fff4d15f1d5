"""The shared step: from an engine's per-scan frame to the tables of `Diversion` — where
each diverted scan came from, who receives the fine, incidents, flows, the per-dealer
rates and severity. Plain pandas, the same for every engine, so the engines give
identical tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chananalysis.methods.diversion.result import (
    _AUTH_KEYS,
    _US,
    SEVERITY_LEVELS,
    UNASSIGNED,
    UNAUTHORISED,
    Diversion,
    _category,
    _Core,
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
