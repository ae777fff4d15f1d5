"""Price-ladder audit — 价格体系, 级差价格 (docs/method.md §4.3, seed 003).

A product's ladder runs ex-factory (出厂价) ≤ level-1 (一批价) ≤ level-2 (二批价) ≤ retail
(零售价), each step with a minimum margin. Two things break it: a ladder whose steps are
too thin (structural conflict risk: a member can only earn by selling out of its
territory or its level) and prices observed in the market below the ladder price of
their level (price dumping, 砸价).

Examples
--------
>>> ladder = pd.DataFrame({"product": ["酱"] * 3, "level": ["factory", "level1", "retail"],
...                        "price": [8.0, 9.0, 12.0], "min_margin": [0.0, 0.1, 0.2]})
>>> price_ladder_audit(ladder, None, levels=("factory", "level1", "retail")).ladder_checks[
...     ["level", "below_level", "margin", "flag"]]
    level below_level    margin              flag
0  level1     factory  0.111111
1  retail      level1  0.250000
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import numbers, text, where
from chananalysis.methods.notes import notes_column

__all__ = ["LEVELS", "InputDataError", "PriceAudit", "price_ladder_audit"]

#: Ladder levels from the bottom (ex-factory) to the top (retail), as in the intake enum.
LEVELS = ("factory", "level1", "level2", "retail")
#: Prices and margins within this of a limit count as on it (float noise, not a decision).
_EPS = 1e-9

_BREACH_COLUMNS = [
    "product",
    "territory",
    "channel",
    "level",
    "date",
    "price",
    "floor",
    "gap",
    "gap_pct",
]
_SUMMARY_COLUMNS = ["observations", "breaches", "share", "worst_gap", "worst_gap_pct"]


@dataclass(frozen=True)
class PriceAudit:
    """What the price-ladder audit found.

    Attributes
    ----------
    ladder_checks
        One row per product and step (every ladder level but the product's lowest):
        ``product, level, price``; ``below_level`` and ``price_below`` (the nearest level
        below that the product's ladder has); ``margin`` = (price − price_below) / price;
        ``min_margin`` (of ``level``); ``not_ascending`` (price < price_below);
        ``below_min`` (margin < min_margin); ``structural_risk`` (either);
        ``flag``: a `chananalysis.methods.notes.Notes` of codes — ``not_ascending``,
        ``margin_below_min``, ``level_missing`` (the step skips a level of ``levels`` the
        ladder lacks) — empty when none (``str()`` joins them by ``"; "``).
    breaches
        Observations below the ladder price of their level (price dumping, 砸价):
        ``product, territory, channel, level, date, price``, ``floor`` (the ladder price
        of that product and level), ``gap`` = price − floor (< 0) and ``gap_pct`` =
        gap / floor × 100 (percent). Worst (lowest ``gap_pct``) first.
    by_product, by_territory, by_channel
        Index ``product`` / ``territory`` / ``channel``: ``observations`` (with a ladder
        price to compare), ``breaches``, ``share`` = breaches / observations,
        ``worst_gap`` and ``worst_gap_pct`` (the lowest ``gap`` and the lowest ``gap_pct``
        among the breaches, each on its own — they may come from different observations;
        NaN when none). Most breaches first, then the highest share. A blank channel is
        its own group (NaN).
    unmatched
        Observations with no ladder price for their product and level (not checked):
        ``product, territory, channel, level, date, price``.
    """

    ladder_checks: pd.DataFrame
    breaches: pd.DataFrame
    by_product: pd.DataFrame
    by_territory: pd.DataFrame
    by_channel: pd.DataFrame
    unmatched: pd.DataFrame


def _levels(levels: Sequence[str]) -> tuple[str, ...]:
    out = tuple(levels) if not isinstance(levels, str) else (levels,)
    if len(out) < 2 or len(set(out)) != len(out) or not all(isinstance(x, str) and x for x in out):
        raise InputDataError(
            f"levels: expected two or more distinct level names from the bottom of the "
            f"ladder to the top, e.g. {LEVELS}; got {levels!r}"
        )
    return out


def _need(frame: pd.DataFrame, sheet: str, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputDataError(f"{sheet}: column {missing[0]} is missing; expected {', '.join(cols)}")


_WHO = ("product", "level")


def _prices(frame: pd.DataFrame, sheet: str, col: str, *, positive: bool) -> pd.Series:
    rule = "a number > 0" if positive else "a number ≥ 0"
    num = numbers(
        frame,
        sheet,
        col,
        above=positive,
        required=True,
        rule=rule,
        blank="{value} is not {rule}",
        keys=_WHO,
    )
    return pd.Series(num)


def _check_levels(frame: pd.DataFrame, sheet: str, levels: tuple[str, ...]) -> pd.Series:
    lvl = text(frame, sheet, "level")
    bad = ~lvl.isin(levels)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"{where(frame, sheet, 'level', i, keys=_WHO)}: {shown(frame['level'].iloc[i])} "
            f"is not a ladder level; expected one of {', '.join(levels)}"
        )
    return lvl


def _clean_ladder(ladder: pd.DataFrame, levels: tuple[str, ...]) -> pd.DataFrame:
    _need(ladder, "price_ladder", ["product", "level", "price"])
    lad = ladder.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "product": text(ladder, "price_ladder", "product"),
            "level": _check_levels(ladder, "price_ladder", levels),
            "price": _prices(ladder, "price_ladder", "price", positive=True),
        }
    )
    if "min_margin" in lad.columns:
        mm = pd.to_numeric(lad["min_margin"], errors="coerce").astype("float64").fillna(0.0)
        bad = (mm < 0) | (mm >= 1)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputDataError(
                f"{where(ladder, 'price_ladder', 'min_margin', i, keys=_WHO)}: "
                f"{shown(lad['min_margin'].iloc[i])} is not a fraction in [0, 1) "
                f"(a margin on the selling price, 0.08 = 8 %)"
            )
        out["min_margin"] = mm
    else:
        out["min_margin"] = 0.0
    dup = out.duplicated(["product", "level"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise InputDataError(
            f"{where(ladder, 'price_ladder', None, i, keys=_WHO)}: product and level repeat; "
            f"a ladder has one price per product and level"
        )
    return out


def _checks(lad: pd.DataFrame, levels: tuple[str, ...]) -> pd.DataFrame:
    rank = {lvl: i for i, lvl in enumerate(levels)}
    order = {p: i for i, p in enumerate(pd.unique(lad["product"]))}
    f = lad.assign(_r=lad["level"].map(rank), _p=lad["product"].map(order))
    f = f.sort_values(["_p", "_r"], kind="stable").reset_index(drop=True)
    g = f.groupby("_p", sort=False)
    f["below_level"] = g["level"].shift()
    f["price_below"] = g["price"].shift()
    f["_rb"] = g["_r"].shift()
    f = f[f["below_level"].notna()].reset_index(drop=True)
    margin = (f["price"] - f["price_below"]) / f["price"]
    not_asc = f["price"] < f["price_below"] - _EPS
    below = margin < f["min_margin"] - _EPS
    skipped = f["_r"] - f["_rb"] > 1
    flag = notes_column(
        len(f),
        [
            (not_asc.to_numpy(), "not_ascending"),
            (below.to_numpy(), "margin_below_min"),
            (skipped.to_numpy(), "level_missing"),
        ],
    )
    return pd.DataFrame(
        {
            "product": f["product"].astype("str"),
            "level": f["level"].astype("str"),
            "price": f["price"].astype("float64"),
            "below_level": f["below_level"].astype("str"),
            "price_below": f["price_below"].astype("float64"),
            "margin": margin.astype("float64"),
            "min_margin": f["min_margin"].astype("float64"),
            "not_ascending": not_asc.astype("bool"),
            "below_min": below.astype("bool"),
            "structural_risk": (not_asc | below).astype("bool"),
            "flag": pd.Series(flag, index=f.index, dtype=object),
        }
    )


def _clean_observations(obs: pd.DataFrame, levels: tuple[str, ...]) -> pd.DataFrame:
    _need(obs, "price_observations", ["product", "territory", "level", "price"])
    o = obs.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "product": text(obs, "price_observations", "product"),
            "territory": text(obs, "price_observations", "territory"),
            "channel": (
                text(obs, "price_observations", "channel")
                if "channel" in o.columns
                else pd.Series(np.nan, index=o.index, dtype="str")
            ),
            "level": _check_levels(obs, "price_observations", levels),
            "date": (
                pd.to_datetime(o["date"], errors="coerce").astype("datetime64[us]")
                if "date" in o.columns
                else pd.Series(pd.NaT, index=o.index, dtype="datetime64[us]")
            ),
            "price": _prices(obs, "price_observations", "price", positive=False),
        }
    )
    return out


def _summary(checked: pd.DataFrame, key: str) -> pd.DataFrame:
    b = checked.assign(
        _b=checked["breach"].astype("int64"),
        _g=checked["gap"].where(checked["breach"]),
        _gp=checked["gap_pct"].where(checked["breach"]),
    )
    out = b.groupby(key, dropna=False, sort=True).agg(
        observations=("price", "size"),
        breaches=("_b", "sum"),
        worst_gap=("_g", "min"),
        worst_gap_pct=("_gp", "min"),
    )
    out["observations"] = out["observations"].astype("int64")
    out["breaches"] = out["breaches"].astype("int64")
    out["share"] = (out["breaches"] / out["observations"]).astype("float64")
    out = out[_SUMMARY_COLUMNS]
    out = out.sort_values(["breaches", "share"], ascending=False, kind="stable")
    out.index = out.index.astype("str")
    out.index.name = key
    return out


def price_ladder_audit(
    ladder: pd.DataFrame,
    observations: pd.DataFrame | None,
    *,
    levels: Sequence[str] = LEVELS,
) -> PriceAudit:
    """Check each product's price ladder and find prices dumped below it.

    Parameters
    ----------
    ladder
        The ``price_ladder`` sheet: ``product, level, price, min_margin`` (one row per
        product and level; ``min_margin`` of a level is its minimum margin over the level
        below, blank = 0; the lowest level's is ignored).
    observations
        The ``price_observations`` sheet: ``product, territory, channel, level, price,
        date`` (``channel`` and ``date`` may be absent). ``None``: the ladder alone is
        checked and the tables of breaches are empty.
    levels
        Keyword only: the ladder's level keys from the bottom to the top (default
        ``("factory", "level1", "level2", "retail")``, docs/method.md §4.3).

    Returns
    -------
    PriceAudit
        ``ladder_checks`` (``product, level, price, below_level, price_below, margin,
        min_margin, not_ascending, below_min, structural_risk, flag``), ``breaches``
        (``product, territory, channel, level, date, price, floor, gap, gap_pct``),
        ``by_product`` / ``by_territory`` / ``by_channel`` (``observations, breaches,
        share, worst_gap, worst_gap_pct``) and ``unmatched``; see the class.

    Raises
    ------
    InputDataError
        A missing column; ``levels`` not two or more distinct names; a level not in
        ``levels``; a ladder price that is not a number > 0; an observed price that is
        not a number ≥ 0; a ``min_margin`` outside [0, 1); a product and level listed
        twice in the ladder. Messages name the sheet and the row as the intake shows it.

    Notes
    -----
    Ladder step from level b (below) to level l: margin = (price_l − price_b) / price_l,
    the gross margin on the selling price (毛利率) the intake column asks for
    ("相对上一级的最低毛利率"). not_ascending: price_l < price_b; below_min: margin <
    min_margin_l. Exactly at the minimum passes.

    Observation at level l: floor = ladder price of its product at level l; breach
    (砸价) when price < floor; gap = price − floor; gap_pct = gap / floor × 100. Exactly
    at the floor is not a breach, one fen (0.01) below is.

    **Decision (margin):** the margin is taken on the selling price of the level, not as
    a mark-up on the price below ((price_l − price_b) / price_b, 加价率): the intake
    defines min_margin as a 毛利率. For the same prices the mark-up is the larger number,
    so a ladder that passes here passes a mark-up test with the same minimums.

    **Decision (floor):** "the floor of their level" (docs/method.md §4.3) is the ladder price
    of that same level: a level-2 wholesaler selling below 二批价, or a shop selling below
    零售价, breaks the 级差价格 system, whatever margin it still keeps over its own buying
    price. Comparisons allow 1e-9 for float noise.

    References
    ----------
    Seed 003, 窜货原因(厂家): 价格体系混乱; 如何避免恶性窜货: 实行级差价格体系 (Wahaha);
    窜货的危害: 产品价格下降. Seed 002 §2.1 veto: 窜货、砸价. docs/method.md §4.3.

    Examples
    --------
    Retail exactly at the ladder's 12.00 passes; 11.99 (one fen below) is dumping:

    >>> ladder = pd.DataFrame({"product": ["酱"] * 2, "level": ["level2", "retail"],
    ...                        "price": [10.0, 12.0], "min_margin": [0.0, 0.15]})
    >>> obs = pd.DataFrame({"product": ["酱", "酱"], "territory": ["郑州", "开封"],
    ...                     "channel": ["KA", "KA"], "level": ["retail", "retail"],
    ...                     "price": [12.0, 11.99],
    ...                     "date": pd.to_datetime(["2025-05-01", "2025-05-02"])})
    >>> audit = price_ladder_audit(ladder, obs)
    >>> audit.breaches[["territory", "price", "floor"]]
      territory  price  floor
    0        开封  11.99   12.0
    >>> audit.ladder_checks[["level", "margin", "min_margin", "flag"]]  # 2/12 ≥ 0.15
        level    margin  min_margin flag
    0  retail  0.166667        0.15
    """
    lv = _levels(levels)
    lad = _clean_ladder(ladder, lv)
    checks = _checks(lad, lv)

    if observations is None:
        obs = _clean_observations(
            pd.DataFrame(columns=["product", "territory", "channel", "level", "price", "date"]),
            lv,
        )
    else:
        obs = _clean_observations(observations, lv)
    floors = lad.set_index(["product", "level"])["price"].rename("floor")
    checked = obs.join(floors, on=["product", "level"])
    matched = checked["floor"].notna()
    unmatched = checked.loc[~matched, obs.columns].reset_index(drop=True)
    checked = checked[matched].reset_index(drop=True)
    checked["gap"] = checked["price"] - checked["floor"]
    checked["gap_pct"] = checked["gap"] / checked["floor"] * 100.0
    checked["breach"] = checked["price"] < checked["floor"] - _EPS

    breaches = (
        checked[checked["breach"]]
        .sort_values(["gap_pct", "date", "product", "territory"], kind="stable")
        .reset_index(drop=True)[_BREACH_COLUMNS]
    )
    return PriceAudit(
        ladder_checks=checks,
        breaches=breaches,
        by_product=_summary(checked, "product"),
        by_territory=_summary(checked, "territory"),
        by_channel=_summary(checked, "channel"),
        unmatched=unmatched,
    )
