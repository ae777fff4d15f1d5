"""Arbitrage risk between adjacent territories (docs/method.md §4.4, seed 003 窜货 case 1).

When the same goods cost a dealer less, net of rebates and expense allowances, in one
territory than in its neighbour, shipping them across the border pays as soon as the
difference exceeds the freight. Seed 003's case 1: a 4 % expense allowance in Hebei and
15 % in the neighbouring new market (Xuzhou, Shandong) let managers and dealers move
goods from Xuzhou into Hebei and split the 11 % difference.

Examples
--------
>>> t = pd.DataFrame({"territory": ["河北", "徐州"], "neighbours": ["徐州", ""],
...                   "list_price": [100.0, 100.0], "rebate_rate": [0.02, 0.02],
...                   "expense_allowance_rate": [0.04, 0.15], "freight_per_unit": [2.0, 2.0]})
>>> arbitrage_risk(t)[["source", "destination", "gap", "incentive", "rank"]].round(6)
  source destination   gap  incentive  rank
0     徐州          河北   9.0       True     1
1     河北          徐州 -13.0      False  <NA>
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import numbers, unique_text

__all__ = ["InputDataError", "arbitrage_risk"]

#: Gaps within this of 0 count as 0 (float noise, not a decision).
_EPS = 1e-9
#: Separators accepted between neighbour names (the intake writes ";").
_SEP = re.compile(r"\s*[;；,，、]\s*")
_REQUIRED = ("territory", "neighbours", "list_price", "expense_allowance_rate")
_OPTIONAL_ZERO = ("rebate_rate", "freight_per_unit")
_COLUMNS = [
    "source",
    "destination",
    "net_source",
    "net_destination",
    "freight",
    "gap",
    "incentive",
    "volume",
    "exposure",
    "rank",
]


def _clean(territories: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _REQUIRED if c not in territories.columns]
    if missing:
        raise InputDataError(
            f"territories: column {missing[0]} is missing; expected "
            f"{', '.join(_REQUIRED + _OPTIONAL_ZERO)}"
        )
    t = territories.reset_index(drop=True)
    names = unique_text(
        territories,
        "territories",
        "territory",
        blank="blank",
        repeats="{value} repeats; each territory appears once",
        header="区域",
    )
    out = pd.DataFrame({"territory": names})
    for col in (*_REQUIRED[2:], *_OPTIONAL_ZERO):
        if col not in t.columns:
            out[col] = 0.0
            continue
        out[col] = numbers(territories, "territories", col, keys=("territory",))
    out["neighbours"] = t["neighbours"]
    return out


def _pairs(t: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Ordered adjacent pairs (both directions), and listed neighbours not in the sheet."""
    listed = t[["territory", "neighbours"]].copy()
    listed["neighbours"] = (
        listed["neighbours"]
        .where(listed["neighbours"].notna(), "")
        .astype("str")
        .str.strip()
        .str.split(_SEP)
    )
    edges = listed.explode("neighbours").rename(columns={"neighbours": "other"})
    edges = edges[edges["other"].notna() & edges["other"].ne("")]
    edges = edges[edges["other"] != edges["territory"]]
    known = set(t["territory"])
    unknown = edges[~edges["other"].isin(known)]
    edges = edges[edges["other"].isin(known)]
    both = pd.concat(
        [
            pd.DataFrame({"source": edges["territory"], "destination": edges["other"]}),
            pd.DataFrame({"source": edges["other"], "destination": edges["territory"]}),
        ],
        ignore_index=True,
    ).drop_duplicates(ignore_index=True)
    return both, list(zip(unknown["territory"], unknown["other"], strict=True))


def _volume(volume: pd.Series | Mapping[str, float]) -> pd.Series:
    v = pd.Series(volume) if isinstance(volume, Mapping) else volume
    if not isinstance(v, pd.Series):
        raise InputDataError(
            f"volume: expected a Series of units indexed by territory; got {type(volume).__name__}"
        )
    idx = v.index.astype("str").str.strip()
    if idx.duplicated().any():
        raise InputDataError(
            f'volume: territory "{idx[idx.duplicated()][0]}" repeats; one volume per territory'
        )
    num = pd.to_numeric(v, errors="coerce").astype("float64")
    bad = (v.notna() & num.isna()) | (num < 0)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(f"volume, territory {idx[i]}: {shown(v.iloc[i])} is not a number ≥ 0")
    return pd.Series(num.to_numpy(), index=idx)


def arbitrage_risk(
    territories: pd.DataFrame, *, volume: pd.Series | Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Incentive to ship goods from each territory into each adjacent one.

    Parameters
    ----------
    territories
        The ``territories`` sheet: ``territory``, ``neighbours`` (names separated by
        ``;``), ``list_price``, ``expense_allowance_rate``, and optionally
        ``rebate_rate`` and ``freight_per_unit`` (a column left out counts as 0; a blank
        cell is unknown and leaves that pair's gap NaN).
    volume
        Keyword only: units per territory (a Series indexed by territory, or a mapping),
        e.g. scanned units; used as the destination's volume for the exposure. A
        territory absent from it has unknown volume (NaN).

    Returns
    -------
    pandas.DataFrame
        One row per ordered pair of adjacent territories: ``source``, ``destination``,
        ``net_source`` and ``net_destination`` (net landed price per unit),
        ``freight`` (per unit, the source's ``freight_per_unit``), ``gap`` (gain per
        unit shipped from source into destination), ``incentive`` (gap > 0),
        ``volume`` (the destination's; NaN without ``volume``), ``exposure`` (gap ×
        volume for a pair with an incentive, 0 for one without; NaN when the volume is
        unknown) and ``rank`` (Int64: 1 = the largest exposure, then the largest gap;
        ties share the lower number; <NA> for pairs without an incentive). Sorted by
        rank, then gap (largest first). ``attrs["unknown_neighbours"]`` lists the
        ``(territory, neighbour)`` pairs whose neighbour is not in the sheet (left out).

    Raises
    ------
    InputDataError
        A missing required column, a blank or repeated territory, a rate, price or freight
        that is not a number ≥ 0 (naming the row as the intake shows it); a volume that is
        not a Series or mapping, not a number ≥ 0, or repeats a territory.

    Notes
    -----
    net = list_price × (1 − rebate_rate − expense_allowance_rate), per territory.
    gap(source → destination) = net_destination − net_source − freight_source.
    Goods move from where they are cheap to buy net (the source: high allowances and
    rebates) to where they are dear (the destination): a dealer buying in the source at
    net_source and selling at the destination's price level pockets the difference less
    the freight. Seed 003 case 1: list 100, same rebate 2 %, allowance 15 % in the new
    market (net 83) and 4 % in the old one (net 94), freight 2: shipping FROM the 15 %
    market INTO the 4 % market gains 94 − 83 − 2 = 9 per unit (the seed's 11 % gap less
    freight); the other way loses 83 − 94 − 2 = −13. A gap of exactly 0 (the difference
    equals the freight) is no incentive; gaps within 1e-9 of 0 count as 0 (float noise).

    **Decision (adjacency):** adjacency is symmetric — a pair listed on one side only
    (A lists B, B does not list A) is adjacent both ways, since roads run both ways and
    sheets are filled by hand; a territory listing itself is ignored.

    **Decision (freight):** the freight of a pair is the source's ``freight_per_unit``
    (the intake column is the freight from that territory to its neighbours), paid by
    whoever ships the goods out of it.

    **Decision (exposure):** exposure = max(gap, 0) × destination volume: the
    destination's market is what diverted goods can take, so a large gap into a small
    market ranks below a smaller gap into a large one.

    References
    ----------
    Seed 003, 案例:关于窜货, 案例一 (营销费用考核 4 % in Hebei vs 15 % in the new Shandong
    market, goods moved from Xuzhou to the Hebei dealer, the difference split three
    ways); 窜货原因: 价格体系混乱, 经销商掌握营销费用, 为了多拿促销费和回扣. docs/method.md §4.4.

    Examples
    --------
    Seed case 1, with a third territory listed on one side only; the 15 % market is the
    source of the only incentive, and volume ranks it:

    >>> t = pd.DataFrame({"territory": ["河北", "徐州", "济宁"],
    ...                   "neighbours": ["徐州", "济宁", ""],
    ...                   "list_price": [100.0] * 3, "rebate_rate": [0.02] * 3,
    ...                   "expense_allowance_rate": [0.04, 0.15, 0.15],
    ...                   "freight_per_unit": [2.0] * 3})
    >>> r = arbitrage_risk(t, volume={"河北": 1000, "徐州": 800, "济宁": 500})
    >>> r[["source", "destination", "gap", "exposure", "rank"]].round(6)
      source destination   gap  exposure  rank
    0     徐州          河北   9.0    9000.0     1
    1     徐州          济宁  -2.0       0.0  <NA>
    2     济宁          徐州  -2.0       0.0  <NA>
    3     河北          徐州 -13.0       0.0  <NA>
    """
    t = _clean(territories)
    pairs, unknown = _pairs(t)
    net = t.set_index("territory")
    net_price = net["list_price"] * (1.0 - net["rebate_rate"] - net["expense_allowance_rate"])

    out = pairs.copy()
    out["net_source"] = out["source"].map(net_price).astype("float64")
    out["net_destination"] = out["destination"].map(net_price).astype("float64")
    out["freight"] = out["source"].map(net["freight_per_unit"]).astype("float64")
    out["gap"] = out["net_destination"] - out["net_source"] - out["freight"]
    out["incentive"] = (out["gap"] > _EPS).astype("bool")
    if volume is None:
        out["volume"] = np.nan
    else:
        out["volume"] = out["destination"].map(_volume(volume)).astype("float64")
    out["exposure"] = (
        out["gap"].where(out["incentive"], 0.0).where(out["gap"].notna()) * out["volume"]
    )

    # rank the pairs with an incentive: exposure (unknown last), then gap
    ranked = out[out["incentive"]].sort_values(
        ["exposure", "gap"], ascending=False, na_position="last", kind="stable"
    )
    position = pd.Series(np.arange(1, len(ranked) + 1), index=ranked.index)
    tie = [ranked["exposure"].fillna(-np.inf), ranked["gap"]]
    first = position.groupby(tie, sort=False).transform("min") if len(ranked) else position
    out["rank"] = pd.Series(first, dtype="Int64").reindex(out.index)

    out = out.assign(_r=out["rank"].astype("float64").fillna(np.inf))
    out = out.sort_values(
        ["_r", "gap", "source", "destination"],
        ascending=[True, False, True, True],
        na_position="last",
        kind="stable",
    )
    out = out[_COLUMNS].reset_index(drop=True)
    out["source"] = out["source"].astype("str")
    out["destination"] = out["destination"].astype("str")
    out.attrs["unknown_neighbours"] = unknown
    return out
