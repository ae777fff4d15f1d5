"""Rebates — tiered (梯级返利), their cliffs, and the composite rebate (综合返利)
(docs/method.md §5.1–5.2, seeds 004 and 003).

A tiered rebate pays a rate that rises with the dealer's volume. Paid on the whole volume
(全额累进) the ladder has cliffs: one yuan short of a threshold costs the whole step of the
rate on all the volume, so a dealer just below it gains by buying up to it and dumping the
extra goods across territories (窜货). Paid slice by slice (超额累进) it has no cliff. The
composite rebate pays for the process (price discipline, market order, promotion support)
as well as the volume.

Examples
--------
>>> tiers = [(0, 0.0), (1e6, 0.01), (3e6, 0.02), (5e6, 0.03)]
>>> tiered_rebate(4e6, tiers), tiered_rebate(4e6, tiers, mode="marginal")
(80000.0, 40000.0)
>>> rebate_cliffs(tiers)[["threshold", "jump", "breakeven_discount"]]
   threshold     jump  breakeven_discount
0  1000000.0  10000.0                0.10
1  3000000.0  30000.0                0.11
2  5000000.0  50000.0                0.12
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import number_option, row_name, where

__all__ = [
    "COMPOSITE_CRITERIA",
    "DEFAULT_SHORTFALL",
    "MODES",
    "InputDataError",
    "Tiers",
    "composite_rebate",
    "dealers_near_cliffs",
    "rebate_cliffs",
    "tiered_rebate",
]

#: Rebate modes: ``whole`` (全额累进, the rate reached on all volume) and ``marginal``
#: (超额累进, each slice at its own rate).
MODES = ("whole", "marginal")
#: **Decision** (beyond the seed): a dealer within 10 % of the next threshold is near the
#: cliff; also the shortfall at which the break-even dumping discount is worked.
DEFAULT_SHORTFALL = 0.10
#: Criteria of the composite rebate, seed 004: 销量、价格体系、市场秩序、推广支持.
COMPOSITE_CRITERIA = ("volume", "price_discipline", "market_order", "promotion_support")
#: Weights summing to 1 within this pass (float noise, not a decision).
_WEIGHT_TOL = 1e-9
#: A gap within this of the shortfall limit counts as on it (float noise, not a decision).
_EPS = 1e-9

_CLIFF_COLUMNS = ["threshold", "rate_below", "rate", "jump", "breakeven_discount"]
_NEAR_COLUMNS = [
    "volume",
    "threshold",
    "gap",
    "gap_share",
    "rebate",
    "rebate_at_threshold",
    "gain",
    "breakeven_discount",
]

#: Tiers as the functions take them: (threshold, rate) pairs or the rebate_tiers sheet.
Tiers = Sequence[tuple[float, float]] | pd.DataFrame


# --- validation -------------------------------------------------------------------------


def _tiers(tiers: Tiers) -> tuple[np.ndarray, np.ndarray]:
    """(thresholds, rates) sorted by threshold, validated."""
    if isinstance(tiers, pd.DataFrame):
        table = "rebate_tiers"
        missing = [c for c in ("threshold", "rate") if c not in tiers.columns]
        if missing:
            raise InputDataError(
                f"rebate_tiers: column(s) {', '.join(missing)} missing; "
                f"expected columns threshold, rate"
            )
        frame = tiers[["threshold", "rate"]]
    elif isinstance(tiers, Sequence) and not isinstance(tiers, (str, bytes)):
        table = "tiers"
        rows = []
        for i, pair in enumerate(tiers):
            if not isinstance(pair, Sequence) or isinstance(pair, (str, bytes)) or len(pair) != 2:
                raise InputDataError(
                    f"tiers, item {i}: {shown(pair)} is not a (threshold, rate) pair"
                )
            rows.append(tuple(pair))
        frame = pd.DataFrame(rows, columns=["threshold", "rate"], dtype="object")
    else:
        raise InputDataError(
            f"tiers: expected a list of (threshold, rate) pairs or a DataFrame with columns "
            f"threshold, rate; got {type(tiers).__name__}"
        )
    if len(frame) == 0:
        raise InputDataError(f"{table}: no tiers; expected at least the tier (0, rate)")
    where = "item" if table == "tiers" else "row"
    values = {}
    for col, rule, ok in (
        ("threshold", "a number ≥ 0 (a volume)", lambda v: v >= 0),
        ("rate", "a rate in [0, 1] (0.02 = 2 %)", lambda v: 0 <= v <= 1),
    ):
        raw = frame[col]
        num = pd.to_numeric(raw, errors="coerce").astype("float64")
        is_bool = raw.map(lambda x: isinstance(x, (bool, np.bool_))).to_numpy(dtype=bool)
        bad = is_bool | ~np.array([math.isfinite(x) and ok(x) for x in num], dtype=bool)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputDataError(
                f"{table}, {where} {frame.index[i]}, column {col}: {shown(raw.iloc[i])} "
                f"is not {rule}"
            )
        values[col] = num.to_numpy()
    order = np.argsort(values["threshold"], kind="stable")
    thresholds, rates = values["threshold"][order], values["rate"][order]
    labels = frame.index[order]
    dup = np.flatnonzero(np.diff(thresholds) <= 0)
    if dup.size:
        k = int(dup[0])
        raise InputDataError(
            f"{table}, {where}s {labels[k]} and {labels[k + 1]}, column threshold: "
            f"{shown(thresholds[k])} repeats; thresholds must be unique"
        )
    if thresholds[0] != 0:
        raise InputDataError(
            f"{table}, {where} {labels[0]}, column threshold: the lowest threshold is "
            f"{shown(thresholds[0])}; expected 0 (the first tier starts at volume 0)"
        )
    return thresholds, rates


def _mode(mode: object) -> str:
    if not isinstance(mode, str) or mode not in MODES:
        raise InputDataError(f'mode: {shown(mode)} is not one of "whole", "marginal"')
    return mode


def _volume_series(volume: pd.Series, name: str) -> pd.Series:
    """A float64 copy of ``volume``; a value that is not a finite number ≥ 0 is refused."""
    if pd.api.types.is_bool_dtype(volume.dtype):
        raise InputDataError(f"{name}: true/false values are not volumes; expected numbers ≥ 0")
    num = pd.to_numeric(volume, errors="coerce").astype("float64")
    arr = num.to_numpy()
    bad = ~np.isfinite(arr) | (np.nan_to_num(arr, nan=-1.0) < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputDataError(
            f"{name}, {row_name(volume, i)}: {shown(volume.iloc[i])} is not a volume (a number ≥ 0)"
        )
    return num


def _whole(v: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    k = np.searchsorted(thresholds, v, side="right") - 1
    return rates[k] * v


def _marginal(v: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    k = np.searchsorted(thresholds, v, side="right") - 1
    slices = rates[:-1] * np.diff(thresholds)  # rebate of each full tier
    before = np.concatenate([[0.0], np.cumsum(slices)])  # rebate at each threshold
    return before[k] + rates[k] * (v - thresholds[k])


# --- tiered rebate ------------------------------------------------------------------------


def tiered_rebate(
    volume: float | pd.Series, tiers: Tiers, *, mode: str = "whole"
) -> float | pd.Series:
    """Rebate on a volume under a tiered ladder (梯级返利), whole or marginal (docs/method.md §5.1).

    Parameters
    ----------
    volume
        A dealer's volume (sales or purchases in the period, e.g. ``dealer_kpis
        .actual_sales``): a number, or a Series of them (one per dealer).
    tiers
        ``(threshold, rate)`` pairs, or a DataFrame with columns ``threshold, rate`` (the
        ``rebate_tiers`` sheet). Any order; thresholds unique, the lowest 0; rates in
        [0, 1], not necessarily rising.
    mode
        Keyword only: ``"whole"`` (全额累进, default) or ``"marginal"`` (超额累进).

    Returns
    -------
    float or pandas.Series
        The rebate: a float for a number; for a Series, a Series with the same index,
        dtype float64, named ``rebate``.

    Raises
    ------
    InputDataError
        No tiers; a pair that is not two values; a threshold that is not a number ≥ 0 or
        repeats; a lowest threshold other than 0; a rate outside [0, 1]; a volume that is
        negative, blank or not a number (the row is named by its index label); a mode
        other than ``"whole"`` or ``"marginal"``.

    Notes
    -----
    Tiers sorted by threshold T₀ = 0 < T₁ < … with rates r₀, r₁, …; tier k is reached
    when volume V ≥ Tₖ (exactly at a threshold reaches it). With k the highest tier
    reached:

    - whole: rebate = rₖ · V.
    - marginal: rebate = Σᵢ₍ᵢ<ₖ₎ rᵢ · (Tᵢ₊₁ − Tᵢ) + rₖ · (V − Tₖ).

    **Decision:** the first threshold must be 0 (docs/method.md §5.1: "first threshold 0"), so
    every volume ≥ 0 falls in a tier; a ladder that pays nothing below its first real
    threshold says so with the pair (0, 0). Volume 0 earns 0 in either mode.

    References
    ----------
    Seed 004, 第三节 (一)返利: 1.销售额现金返利; 专题: 关于返利 — 梯级返利 (刺激销量最大化);
    docs/method.md §5.1.

    Examples
    --------
    docs/method.md's example: 2 % on all of 4,000,000 in whole mode; 1 % of 2,000,000 plus 2 % of
    1,000,000 in marginal mode.

    >>> tiers = [(0, 0.0), (1e6, 0.01), (3e6, 0.02), (5e6, 0.03)]
    >>> tiered_rebate(4_000_000, tiers)
    80000.0
    >>> tiered_rebate(4_000_000, tiers, mode="marginal")
    40000.0
    >>> tiered_rebate(pd.Series([500_000.0, 3_000_000.0], index=["D1", "D2"]), tiers)
    D1        0.0
    D2    60000.0
    Name: rebate, dtype: float64
    """
    thresholds, rates = _tiers(tiers)
    how = _whole if _mode(mode) == "whole" else _marginal
    if isinstance(volume, pd.Series):
        v = _volume_series(volume, "volume")
        out = how(v.to_numpy(), thresholds, rates) if len(v) else np.array([], "float64")
        return pd.Series(out, index=volume.index, dtype="float64", name="rebate")
    x = number_option(volume, "volume", "a volume (a number ≥ 0)", lambda v: v >= 0)
    return float(how(np.array([x]), thresholds, rates)[0])


# --- cliffs -----------------------------------------------------------------------------


def rebate_cliffs(tiers: Tiers, *, shortfall: float = DEFAULT_SHORTFALL) -> pd.DataFrame:
    """The cliff at each threshold of a whole-volume ladder and the dumping it pays for
    (docs/method.md §5.1, cliff analysis).

    Parameters
    ----------
    tiers
        ``(threshold, rate)`` pairs or the ``rebate_tiers`` sheet, as for `tiered_rebate`.
    shortfall
        Keyword only: how far below the threshold the dealer stands, as a fraction of the
        threshold, in (0, 1); default 0.10.

    Returns
    -------
    pandas.DataFrame
        One row per threshold > 0, ascending, RangeIndex; columns ``threshold``,
        ``rate_below`` (the rate of the tier below), ``rate``, ``jump`` (the rebate at the
        threshold minus the rebate just below it, whole mode) and ``breakeven_discount``
        (a fraction of the extra purchase), all float64. Empty (with these columns) for a
        ladder of the single tier (0, r).

    Raises
    ------
    InputDataError
        Bad tiers (see `tiered_rebate`); ``shortfall`` not a number in (0, 1).

    Notes
    -----
    At threshold T with rate r over the rate r_b below it, whole mode:
    jump = T · (r − r_b), 0 or negative when the rate does not rise.

    A dealer at V = T · (1 − s), s = ``shortfall``, who buys the extra x = T − V = s · T to
    reach T and sells that extra elsewhere at a discount d (a fraction of its purchase
    value) gains T · r − V · r_b − d · x. It pays while
    d ≤ (T · r − V · r_b) / x = r_b + (r − r_b) / s = ``breakeven_discount``.
    With r_b = 1 %, r = 2 %, s = 10 %: 0.01 + 0.01 / 0.1 = 11 % — the dealer can dump the
    extra at 11 % below cost, far under the price ladder, and still come out ahead. That is
    where a whole-volume ladder creates 窜货 pressure, the seed's 年终奖金评核体系不完善
    (manufacturer) and 为了多拿促销费和回扣 (dealer). A marginal ladder has no cliff: the
    extra earns only r, so it pays to dump at most at d ≤ r.

    **Decision:** ``shortfall`` 10 % (docs/method.md gives no figure): how far below a threshold
    a dealer still reaches for it within a rebate period.

    References
    ----------
    Seed 003, 窜货原因(厂家): 年终奖金评核体系不完善; 窜货原因(经销商): 为了多拿促销费和回扣.
    Seed 004, 专题: 关于返利 — 梯级返利, 力度: 太大! 太小! 多大合适?; docs/method.md §5.1 (cliff
    analysis, beyond the seed).

    Examples
    --------
    At 3,000,000 the rate goes from 1 % to 2 %: jump 3,000,000 × 0.01 = 30,000; at 10 %
    short the break-even discount is 0.01 + 0.01 / 0.1 = 0.11; at 20 % short,
    0.01 + 0.01 / 0.2 = 0.06.

    >>> tiers = [(0, 0.0), (1e6, 0.01), (3e6, 0.02)]
    >>> rebate_cliffs(tiers)
       threshold  rate_below  rate     jump  breakeven_discount
    0  1000000.0        0.00  0.01  10000.0                0.10
    1  3000000.0        0.01  0.02  30000.0                0.11
    >>> rebate_cliffs(tiers, shortfall=0.2)["breakeven_discount"].round(6).tolist()
    [0.05, 0.06]
    """
    thresholds, rates = _tiers(tiers)
    s = number_option(
        shortfall, "shortfall", "a fraction in (0, 1) (0.10 = 10 %)", lambda v: 0 < v < 1
    )
    t, r, rb = thresholds[1:], rates[1:], rates[:-1]
    return pd.DataFrame(
        {
            "threshold": t,
            "rate_below": rb,
            "rate": r,
            "jump": t * (r - rb),
            "breakeven_discount": rb + (r - rb) / s,
        },
        columns=_CLIFF_COLUMNS,
        dtype="float64",
    )


def dealers_near_cliffs(
    volumes: pd.Series, tiers: Tiers, *, shortfall: float = DEFAULT_SHORTFALL
) -> pd.DataFrame:
    """Dealers just below their next threshold of a whole-volume ladder: who is tempted to
    buy up and dump (docs/method.md §5.1, cliff analysis).

    Parameters
    ----------
    volumes
        Each dealer's volume in the rebate period (e.g. ``dealer_kpis.actual_sales``
        indexed by dealer); index = the dealers.
    tiers
        ``(threshold, rate)`` pairs or the ``rebate_tiers`` sheet, as for `tiered_rebate`.
    shortfall
        Keyword only: a dealer is near when its gap to the next threshold T is at most
        ``shortfall`` · T; in (0, 1), default 0.10.

    Returns
    -------
    pandas.DataFrame
        Index = ``volumes``' index, named ``dealer``, only the dealers near a threshold;
        float64 columns ``volume``, ``threshold`` (the next threshold T), ``gap``
        (T − volume), ``gap_share`` (gap / T), ``rebate`` (whole-mode rebate now),
        ``rebate_at_threshold`` (whole-mode rebate at T), ``gain`` (rebate_at_threshold −
        rebate) and ``breakeven_discount`` (gain / gap). Largest gain first, ties in index
        order. Empty (same columns) when no dealer is near.

    Raises
    ------
    InputDataError
        ``volumes`` not a Series or a volume negative, blank or not a number (the row is
        named by its index label); bad tiers (see `tiered_rebate`); ``shortfall`` not a
        number in (0, 1).

    Notes
    -----
    Next threshold T = the lowest threshold above the volume V (none above the top tier);
    near when 0 < T − V ≤ s · T (on the limit counts, within 1e-9 for float noise).
    gain = r_T · T − r_V · V (whole mode; the cliff exists only there) and
    breakeven_discount = gain / gap: the largest discount on the extra purchase at which
    buying up to T and dumping the extra still pays. When the rate does not rise at T the
    dealer is still listed, with gain ≤ 0 (last).

    **Decision:** ``shortfall`` 10 %, as in `rebate_cliffs`.

    References
    ----------
    Seed 003, 窜货原因(厂家): 年终奖金评核体系不完善; 窜货原因(经销商): 为了多拿促销费和回扣.
    Seed 004, 专题: 关于返利 — 梯级返利; docs/method.md §5.1.

    Examples
    --------
    D1 is 100,000 below 3,000,000 (≤ 300,000): now 0.01 × 2,900,000 = 29,000, at the
    threshold 0.02 × 3,000,000 = 60,000, gain 31,000, break-even 31,000 / 100,000 = 0.31.
    D2 is 50,000 below 1,000,000 (≤ 100,000): gain 0.01 × 1,000,000 − 0 = 10,000, 0.2.
    D3 (2,000,000) is 1,000,000 short: not near.

    >>> v = pd.Series([2_900_000.0, 950_000.0, 2_000_000.0], index=["D1", "D2", "D3"])
    >>> near = dealers_near_cliffs(v, [(0, 0.0), (1e6, 0.01), (3e6, 0.02)])
    >>> near[["threshold", "gap", "gain", "breakeven_discount"]]
            threshold       gap     gain  breakeven_discount
    dealer
    D1      3000000.0  100000.0  31000.0                0.31
    D2      1000000.0   50000.0  10000.0                0.20
    """
    if not isinstance(volumes, pd.Series):
        raise InputDataError(
            f"volumes: expected a pandas Series of volumes indexed by dealer; "
            f"got {type(volumes).__name__}"
        )
    thresholds, rates = _tiers(tiers)
    s = number_option(
        shortfall, "shortfall", "a fraction in (0, 1) (0.10 = 10 %)", lambda x: 0 < x < 1
    )
    v = _volume_series(volumes, "volumes").to_numpy()
    nxt = np.searchsorted(thresholds, v, side="right")  # position of the next threshold
    has_next = nxt < len(thresholds)
    t = np.where(has_next, thresholds[np.minimum(nxt, len(thresholds) - 1)], np.nan)
    gap = t - v
    near = has_next & (gap > 0) & (gap <= s * np.nan_to_num(t) + _EPS)
    v, t, gap = v[near], t[near], gap[near]
    idx = volumes.index[near]
    rebate = _whole(v, thresholds, rates) if len(v) else np.array([], "float64")
    at_t = _whole(t, thresholds, rates) if len(t) else np.array([], "float64")
    gain = at_t - rebate
    out = pd.DataFrame(
        {
            "volume": v,
            "threshold": t,
            "gap": gap,
            "gap_share": gap / t if len(t) else t,
            "rebate": rebate,
            "rebate_at_threshold": at_t,
            "gain": gain,
            "breakeven_discount": gain / gap if len(gap) else gap,
        },
        index=idx,
        columns=_NEAR_COLUMNS,
        dtype="float64",
    )
    out.index.name = "dealer"
    try:
        out = out.sort_index(kind="stable")
    except TypeError:  # labels that do not compare (mixed types): keep the given order
        pass
    return out.sort_values("gain", ascending=False, kind="stable")


# --- composite rebate ---------------------------------------------------------------------


def _weights(weights: Mapping[str, float] | None) -> np.ndarray:
    if weights is None:
        return np.full(len(COMPOSITE_CRITERIA), 1.0 / len(COMPOSITE_CRITERIA))
    if not isinstance(weights, Mapping):
        raise InputDataError(
            f"weights: expected a mapping criterion -> weight over "
            f"{', '.join(COMPOSITE_CRITERIA)}; got {type(weights).__name__}"
        )
    unknown = [k for k in weights if k not in COMPOSITE_CRITERIA]
    if unknown:
        raise InputDataError(
            f"weights: {shown(unknown[0])} is not a criterion; expected "
            f"{', '.join(COMPOSITE_CRITERIA)}"
        )
    missing = [c for c in COMPOSITE_CRITERIA if c not in weights]
    if missing:
        raise InputDataError(
            f"weights: no weight for {', '.join(missing)}; give all of "
            f"{', '.join(COMPOSITE_CRITERIA)} (0 to leave one out)"
        )
    w = np.array(
        [
            number_option(weights[c], f"weights, {c}", "a weight ≥ 0", lambda x: x >= 0)
            for c in COMPOSITE_CRITERIA
        ]
    )
    if abs(w.sum() - 1.0) > _WEIGHT_TOL:
        raise InputDataError(f"weights: they sum to {shown(w.sum())}; expected 1")
    return w


def composite_rebate(
    volume: pd.Series,
    scores: pd.DataFrame,
    *,
    base_rate: float,
    weights: Mapping[str, float] | None = None,
) -> pd.Series:
    """Composite rebate (综合返利): the volume rebate scaled by how the dealer worked
    (docs/method.md §5.2).

    Parameters
    ----------
    volume
        Each dealer's volume in the period; index = the dealers.
    scores
        One row per dealer of ``volume`` (same index labels, any order; further rows are
        refused), with columns ``volume``, ``price_discipline``, ``market_order``,
        ``promotion_support`` (`COMPOSITE_CRITERIA`): scores 0–100; further columns are
        ignored.
    base_rate
        Keyword only: the rebate rate paid at full marks on every criterion, in [0, 1].
    weights
        Keyword only: criterion -> weight, all four criteria, each ≥ 0, summing to 1
        (within 1e-9). Default None: 0.25 each.

    Returns
    -------
    pandas.Series
        Index = ``volume``'s index; float64, named ``composite_rebate``.

    Raises
    ------
    InputDataError
        ``volume`` not a Series, a volume negative, blank or not a number; ``scores`` not a
        DataFrame, a criterion column missing (all missing ones listed), a dealer of
        ``volume`` without a row in ``scores`` or the reverse, a repeated dealer, a score
        blank or outside 0–100 (dealer and criterion named); ``base_rate`` outside
        [0, 1]; weights not over the four criteria, negative or not summing to 1.

    Notes
    -----
    rebate = volume × base_rate × Σⱼ wⱼ · scoreⱼ / 100 over j in volume, price discipline
    (价格体系), market order (市场秩序) and promotion support (推广支持): a dealer who sells
    but breaks the price ladder or the territory loses part of the rebate — the seed's
    process-oriented (过程导向) condition rather than the result-only (结果导向) single
    volume. The composite is linear in volume: it has no threshold and so no cliff.

    **Decision:** equal weights, 0.25 each (the seed lists the criteria without weights).

    References
    ----------
    Seed 004, 第三节 (一)返利: 3.综合返利; 专题: 关于返利 — 条件: 单一销量(回款) 结果导向?
    综合指标(分解) 过程导向? (销量、价格体系、市场秩序、推广支持); docs/method.md §5.2.

    Examples
    --------
    Scores 80, 60, 100, 40, equal weights: mean 70, so 1,000,000 × 0.02 × 0.70 = 14,000;
    D2 with full marks gets the whole 2 %: 500,000 × 0.02 = 10,000.

    >>> vol = pd.Series([1_000_000.0, 500_000.0], index=["D1", "D2"])
    >>> sc = pd.DataFrame({"volume": [80, 100], "price_discipline": [60, 100],
    ...                    "market_order": [100, 100], "promotion_support": [40, 100]},
    ...                   index=["D1", "D2"])
    >>> composite_rebate(vol, sc, base_rate=0.02).round(6)
    D1    14000.0
    D2    10000.0
    Name: composite_rebate, dtype: float64
    """
    if not isinstance(volume, pd.Series):
        raise InputDataError(
            f"volume: expected a pandas Series of volumes indexed by dealer; "
            f"got {type(volume).__name__}"
        )
    if not isinstance(scores, pd.DataFrame):
        raise InputDataError(
            f"scores: expected a DataFrame with columns {', '.join(COMPOSITE_CRITERIA)}; "
            f"got {type(scores).__name__}"
        )
    rate = number_option(
        base_rate, "base_rate", "a rate in [0, 1] (0.02 = 2 %)", lambda x: 0 <= x <= 1
    )
    w = _weights(weights)
    v = _volume_series(volume, "volume")
    missing = [c for c in COMPOSITE_CRITERIA if c not in scores.columns]
    if missing:
        raise InputDataError(
            f"scores: column(s) {', '.join(missing)} missing; expected "
            f"{', '.join(COMPOSITE_CRITERIA)}"
        )
    for name, table in (("volume", volume), ("scores", scores)):
        if not table.index.is_unique:
            i = int(np.flatnonzero(table.index.duplicated())[0])
            raise InputDataError(
                f"{name}, {row_name(table, i)}: the dealer repeats; one row per dealer is expected"
            )
    lacking = volume.index.difference(scores.index, sort=False)
    if len(lacking):
        raise InputDataError(
            f"scores: no row for dealer {lacking[0]}; expected one row per dealer of volume"
        )
    extra = scores.index.difference(volume.index, sort=False)
    if len(extra):
        raise InputDataError(
            f"scores, {row_name(scores, scores.index.get_loc(extra[0]))}: the dealer has no "
            f"volume; expected the same dealers as volume"
        )
    sc = scores.loc[volume.index, list(COMPOSITE_CRITERIA)]
    total = np.zeros(len(sc))
    for j, c in enumerate(COMPOSITE_CRITERIA):
        raw = sc[c]
        if pd.api.types.is_bool_dtype(raw.dtype):
            num = pd.Series(np.nan, index=raw.index)
        else:
            num = pd.to_numeric(raw, errors="coerce").astype("float64")
        arr = num.to_numpy()
        bad = ~np.isfinite(arr) | (np.nan_to_num(arr, nan=-1.0) < 0) | (arr > 100)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputDataError(
                f"{where(sc, 'scores', c, i)}: {shown(raw.iloc[i])} is not a score in 0–100"
            )
        total = total + w[j] * arr
    out = v.to_numpy() * rate * total / 100.0
    return pd.Series(out, index=volume.index, dtype="float64", name="composite_rebate")
