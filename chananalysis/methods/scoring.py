"""The 8S four-factor channel scoring model (docs/method.md §1.1–1.3, seed 001).

Four relative indices compare each sub-channel with the average of all (100 = average):
sales capability W, profitability X, growth Y and dealer structure Z. Their weighted
mean I decides the action: deepen (做深做透), optimize (做大放小) or exit (清理退出).

Examples
--------
>>> ch = pd.DataFrame({"channel": ["KA", "流通", "餐饮"], "sales": [300.0, 600.0, 300.0],
...                    "sales_prev": [250.0, 600.0, 350.0],
...                    "variable_cost_rate": [0.2, 0.1, 0.1], "fixed_cost": [40.0, 60.0, 70.0]})
>>> channel_scores(ch)[["W", "X", "Y", "Z", "I", "rank", "action"]].round(2)
             W       X       Y      Z       I  rank    action
channel
KA        75.0   68.18  120.00  100.0   90.80     2  optimize
流通       150.0  163.64  100.00  100.0  128.41     1    deepen
餐饮        75.0   68.18   85.71  100.0   82.22     3  optimize
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from chananalysis.errors import ScoringError
from chananalysis.methods.notes import Notes

__all__ = [
    "CLASS_WEIGHTS",
    "DEFAULT_BANDS",
    "DEFAULT_CLASS_THRESHOLDS",
    "DEFAULT_WEIGHTS",
    "FACTORS",
    "LEVEL_POINTS",
    "ScoringError",
    "channel_scores",
    "dealer_classes",
    "derived_levels",
    "relative_index",
    "resolve_weights",
]

#: Factor keys in the order of the seed's Q1..Q4.
FACTORS = ("sales", "profit", "growth", "structure")
DEFAULT_WEIGHTS = {"sales": 25.0, "profit": 25.0, "growth": 25.0, "structure": 25.0}
#: Points of each importance level (docs/method.md §1.2).
LEVEL_POINTS = {"dominant": 100.0, "important": 80.0, "general": 60.0, "minor": 30.0, "none": 0.0}
#: **Decision:** large dealers carry the channel.
CLASS_WEIGHTS = {"A": 0.4, "B": 0.3, "C": 0.2, "D": 0.1}
#: Composites within this of a band edge count as on it (float noise, not a decision).
BAND_EPS = 1e-9
#: **Decision:** share of a class's sales -> derived level (≥ 0.50, ≥ 0.25, ≥ 0.10, > 0).
SHARE_LEVELS = ((0.50, "dominant"), (0.25, "important"), (0.10, "general"))
#: Annual sales from which a dealer is class A, B and C (below the last: D).
DEFAULT_CLASS_THRESHOLDS = (10e6, 3e6, 1e6)
#: Composite index I below the first band is exit, from the second deepen.
DEFAULT_BANDS = (80, 120)


def relative_index(values: pd.Series) -> tuple[pd.Series, bool]:
    """Relative index, 100 = the mean of all channels; and whether it is signed-safe.

    Parameters
    ----------
    values
        One value per channel (sales, profit or raw structure score).

    Returns
    -------
    index : pandas.Series
        The relative index of each value, same index as ``values`` (100 = average).
    signed : bool
        True when some value is negative and the signed-safe form was used.

    Notes
    -----
    All values ≥ 0: rᵢ = vᵢ / mean(v) × 100 (the seed's form). Some negative (Decision):
    rᵢ = 100 + 100 · (vᵢ − mean v) / mean|v|, which equals the seed's form when all are
    ≥ 0, stays monotone and never divides by a mean near 0. All zero: every rᵢ = 100.

    References
    ----------
    Seed 001, section 二: wi = Ai / [(A1 + A2 + … + Ai)/i] × 100, and section 三:
    Xi = Di / [(D1 + D2 + … + Di)/i] × 100. The signed-safe form is docs/method.md §1.1's Decision.

    Examples
    --------
    >>> relative_index(pd.Series([50.0, 150.0]))[0].tolist()
    [50.0, 150.0]
    >>> relative_index(pd.Series([-100.0, 300.0]))
    (0     0.0
    1   200.0
    dtype: float64, True)
    """
    v = values.astype("float64")
    if (v >= 0).all():
        mean = v.mean()
        if mean == 0:
            return pd.Series(100.0, index=v.index), False
        return v / mean * 100.0, False
    scale = v.abs().mean()
    return 100.0 + 100.0 * (v - v.mean()) / scale, True


def dealer_classes(
    annual_sales: pd.Series, *, thresholds: Sequence[float] = DEFAULT_CLASS_THRESHOLDS
) -> pd.Series:
    """Dealer class A/B/C/D by annual sales (docs/method.md §1.2); a threshold belongs to the
    class above it (exactly 10,000,000 is A).

    Parameters
    ----------
    annual_sales
        Annual sales of each dealer (the ``annual_sales`` column of ``dealers``).
    thresholds
        Keyword only: the lowest annual sales of classes A, B and C, descending
        (Decision: 10,000,000, 3,000,000 and 1,000,000).

    Returns
    -------
    pandas.Series
        ``A``, ``B``, ``C`` or ``D`` per dealer, same index as ``annual_sales``; NaN where
        the sales are blank or not a number.

    Raises
    ------
    ScoringError
        Thresholds that do not descend (A > B > C).

    Notes
    -----
    class = A if sales ≥ t_A, else B if sales ≥ t_B, else C if sales ≥ t_C, else D.

    References
    ----------
    Seed 001, section 五: dealers divided into four classes by annual sales (按年度销售规模…
    合理划分为四类; the seed's table of limits is missing, so the thresholds are docs/method.md
    §1.2's Decision); seed 002, section 二(二): 分类分级.

    Examples
    --------
    >>> dealer_classes(pd.Series([10e6, 9_999_999.0, 3e6, 1e6, 999_999.0])).tolist()
    ['A', 'B', 'B', 'C', 'D']
    """
    a, b, c = (float(x) for x in thresholds)
    if not a > b > c:
        raise ScoringError(f"thresholds must descend (A > B > C); got {tuple(thresholds)}")
    s = pd.to_numeric(annual_sales, errors="coerce").astype("float64")
    out = np.select([s >= a, s >= b, s >= c, s.notna()], ["A", "B", "C", "D"], default="")
    return pd.Series(out, index=annual_sales.index, dtype="str").replace("", np.nan)


def derived_levels(
    dealers: pd.DataFrame,
    dealer_channel_sales: pd.DataFrame,
    *,
    thresholds: Sequence[float] = DEFAULT_CLASS_THRESHOLDS,
    share_levels: Sequence[tuple[float, str]] | None = None,
) -> pd.DataFrame:
    """Importance level of each channel for each dealer class, from sales shares.

    Parameters
    ----------
    dealers
        The ``dealers`` sheet: ``dealer`` and ``annual_sales`` (for the class).
    dealer_channel_sales
        The ``dealer_channel_sales`` sheet: ``dealer, channel, sales``.
    thresholds
        Keyword only: dealer class thresholds, as for `dealer_classes`.
    share_levels
        Keyword only: the descending ``(share, level)`` pairs above ``minor``, replacing
        the Decision ``((0.50, "dominant"), (0.25, "important"), (0.10, "general"))``.

    Returns
    -------
    pandas.DataFrame
        Index ``channel`` (every channel of ``dealer_channel_sales``, sorted); columns
        ``A, B, C, D`` holding level keys (``dominant``, ``important``, ``general``,
        ``minor``, ``none``).

    Raises
    ------
    ScoringError
        Thresholds that do not descend; ``share_levels`` whose shares are not in (0, 1]
        and descending, or whose levels are not ``dominant``, ``important``, ``general``.

    Notes
    -----
    sᵢₖ = sales of channel i by class-k dealers / all sales of class-k dealers;
    Lᵢₖ = dominant if sᵢₖ ≥ 0.50, important if ≥ 0.25, general if ≥ 0.10, minor if > 0,
    else none. A class with no dealers (or no sales) gives ``none`` for every channel.

    References
    ----------
    Seed 001, section 五: the importance of each sub-channel to each class of dealers
    (主导、重要、一般、次要、无关分销渠道). Deriving it from sales shares is docs/method.md §1.2's
    Decision.

    Examples
    --------
    >>> dealers = pd.DataFrame({"dealer": ["d1"], "annual_sales": [2e7]})
    >>> dcs = pd.DataFrame({"dealer": ["d1", "d1"], "channel": ["KA", "流通"],
    ...                     "sales": [60.0, 40.0]})
    >>> derived_levels(dealers, dcs)["A"].tolist()  # KA 60 % of class A's sales, 流通 40 %
    ['dominant', 'important']
    >>> derived_levels(dealers, dcs, share_levels=[(0.6, "dominant")])["A"].tolist()
    ['dominant', 'minor']
    """
    cls = dealer_classes(dealers.set_index("dealer")["annual_sales"], thresholds=thresholds)
    dcs = dealer_channel_sales.assign(cls=dealer_channel_sales["dealer"].map(cls))
    sales = dcs.pivot_table(
        index="channel", columns="cls", values="sales", aggfunc="sum", fill_value=0.0
    ).reindex(columns=list("ABCD"), fill_value=0.0)
    totals = sales.sum(axis=0)
    share = sales.div(totals.where(totals > 0), axis=1).fillna(0.0)
    steps = _share_levels(SHARE_LEVELS if share_levels is None else share_levels)
    conds = [share >= t for t, _ in steps] + [share > 0]
    picks = [lvl for _, lvl in steps] + ["minor"]
    levels = np.select([c.to_numpy() for c in conds], picks, default="none")
    return pd.DataFrame(levels, index=share.index, columns=list("ABCD"))


def _share_levels(steps: Sequence[tuple[float, str]]) -> list[tuple[float, str]]:
    """``(share, level)`` pairs checked: shares in (0, 1] strictly descending, known levels."""
    out = [(float(s), str(lvl)) for s, lvl in steps]
    known = set(LEVEL_POINTS) - {"minor", "none"}
    shares = [s for s, _ in out]
    if (
        any(lvl not in known for _, lvl in out)
        or not all(0 < s <= 1 for s in shares)
        or any(a <= b for a, b in itertools.pairwise(shares))
    ):
        raise ScoringError(
            f"share_levels must be (share, level) pairs with shares in (0, 1] "
            f"descending and levels among {', '.join(sorted(known))}; "
            f"got {steps!r}"
        )
    return out


def resolve_weights(weights: Mapping[str, float] | Sequence[float] | None) -> pd.Series:
    """Weights as a Series over `FACTORS`, each ≥ 0, summing to exactly 100.

    Parameters
    ----------
    weights
        ``{sales, profit, growth, structure}``, 4 numbers in that order, or ``None`` for
        the default (25 each).

    Returns
    -------
    pandas.Series
        Index ``sales, profit, growth, structure``; float weights summing to 100.

    Raises
    ------
    ScoringError
        Keys other than the four factors, not 4 numbers, a weight negative or not finite,
        or a sum other than 100 (never rescaled).

    Notes
    -----
    Q₁ + Q₂ + Q₃ + Q₄ = 100, each Qₖ ≥ 0 (tolerance 1e-9).

    References
    ----------
    Seed 001, section 六: Qi为要素权重, Q1+Q2+Q3+Q4=100.

    Examples
    --------
    >>> resolve_weights([40, 30, 20, 10]).tolist()
    [40.0, 30.0, 20.0, 10.0]
    >>> resolve_weights([40, 30, 20, 9])
    Traceback (most recent call last):
    ...
    chananalysis.errors.ScoringError: weights must sum to 100 (seed: Q1+Q2+Q3+Q4=100); ...
    """
    if weights is None:
        return pd.Series(DEFAULT_WEIGHTS, dtype="float64")
    if isinstance(weights, Mapping):
        keys = set(weights)
        if keys != set(FACTORS):
            raise ScoringError(
                f"weights need exactly the keys {', '.join(FACTORS)}; "
                f"got {', '.join(sorted(map(str, keys)))}"
            )
        w = pd.Series({k: float(weights[k]) for k in FACTORS})
    else:
        vals = list(weights)
        if len(vals) != 4:
            raise ScoringError(f"weights need 4 numbers ({', '.join(FACTORS)}); got {len(vals)}")
        w = pd.Series([float(v) for v in vals], index=list(FACTORS))
    if (w < 0).any() or not np.isfinite(w).all():
        raise ScoringError(f"weights must be numbers ≥ 0; got {w.to_dict()}")
    if abs(w.sum() - 100.0) > 1e-9:
        raise ScoringError(
            f"weights must sum to 100 (seed: Q1+Q2+Q3+Q4=100); they sum to {w.sum():g}"
        )
    return w


def _structure(
    channels: pd.Index,
    importance: pd.DataFrame | None,
    derived: pd.DataFrame | None,
    class_weights: Mapping[str, float],
    level_points: Mapping[str, float],
) -> tuple[pd.Series, pd.Series]:
    """Raw structure score z (0–100) per channel and the source of its levels."""
    source = pd.Series("structure_none", index=channels, dtype="str")
    if importance is None and derived is None:
        return pd.Series(np.nan, index=channels), source
    levels = pd.DataFrame(np.nan, index=channels, columns=list("ABCD"), dtype=object)
    if derived is not None:
        d = derived.reindex(channels)
        has = d.notna().all(axis=1)
        levels.loc[has] = d.loc[has].to_numpy()
        source[has] = "levels_derived"
        levels.loc[~has] = "none"  # a channel no dealer sells through
        source[~has] = "levels_derived"
    if importance is not None:
        j = importance.set_index("channel")[list("ABCD")].reindex(channels)
        has = j.notna().all(axis=1)
        levels.loc[has] = j.loc[has].to_numpy()  # a judged level overrides a derived one
        source[has] = "levels_judged"
        if derived is None:
            levels.loc[~has] = "none"
            source[~has] = "levels_missing"
    unknown = set(pd.unique(levels.to_numpy().ravel())) - set(level_points)
    if unknown:
        raise ScoringError(
            f"unknown importance level(s): {', '.join(map(str, unknown))}; "
            f"known: {', '.join(level_points)}"
        )
    points = levels.apply(lambda col: col.map(level_points)).astype("float64")
    z = sum(points[k] * float(class_weights[k]) for k in "ABCD")
    return z, source


def _growth(sales: pd.Series, prev: pd.Series, method: str) -> tuple[pd.Series, pd.Series, float]:
    new = prev <= 0
    h = (sales / prev.where(~new)) - 1.0
    total_prev = prev.sum()
    company = sales.sum() / total_prev - 1.0 if total_prev > 0 else np.nan
    if method == "factor":
        y = (1.0 + h) / (1.0 + company) * 100.0 if np.isfinite(company) else h * np.nan
    elif method == "ratio":
        if not np.isfinite(company) or company == 0:
            raise ScoringError(
                'growth_method="ratio" divides by company growth, which is 0 '
                'here; use growth_method="factor"'
            )
        y = h / company * 100.0
    else:
        raise ScoringError(f'growth_method must be "factor" or "ratio"; got "{method}"')
    return h, y.where(~new, 100.0).fillna(100.0), company


def channel_scores(
    channels: pd.DataFrame,
    *,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    importance: pd.DataFrame | None = None,
    bands: tuple[float, float] = DEFAULT_BANDS,
    growth_method: str = "factor",
    dealers: pd.DataFrame | None = None,
    dealer_channel_sales: pd.DataFrame | None = None,
    class_weights: Mapping[str, float] | None = None,
    level_points: Mapping[str, float] | None = None,
    thresholds: Sequence[float] = DEFAULT_CLASS_THRESHOLDS,
    share_levels: Sequence[tuple[float, str]] | None = None,
) -> pd.DataFrame:
    """Score every channel with the 8S four-factor model and decide its action.

    Parameters
    ----------
    channels
        The ``channels`` sheet: ``channel, sales, sales_prev, variable_cost_rate,
        fixed_cost`` (n ≥ 2 rows).
    weights
        Q = ``{sales, profit, growth, structure}`` or a 4-sequence, each ≥ 0, summing to
        100 (default 25 each). Anything else is refused, never rescaled.
    importance
        The ``channel_importance`` sheet (judged levels per dealer class A–D).
    bands
        ``(low, high)``: I ≥ high → ``deepen``; low ≤ I < high → ``optimize``; below
        → ``exit``.
    growth_method
        ``"factor"`` (default): Y = (1 + Hᵢ)/(1 + H) × 100; ``"ratio"``: Hᵢ/H × 100.
    dealers, dealer_channel_sales
        To derive levels from sales shares when not judged (both needed).
    class_weights
        Weight of each dealer class in Z (default A 0.4, B 0.3, C 0.2, D 0.1).
    level_points
        Points per level (default dominant 100, important 80, general 60, minor 30,
        none 0).
    thresholds
        Dealer class thresholds for derived levels.
    share_levels
        Sales shares for derived levels (see `derived_levels`).

    Returns
    -------
    pandas.DataFrame
        Index ``channel`` (input order); columns ``sales`` (A), ``profit`` (D),
        ``growth`` (Hᵢ; NaN for a new channel), ``W, X, Y, Z, I``, ``rank`` (1 = highest
        I, ties share the lower number), ``action`` (``deepen``/``optimize``/``exit``)
        and ``note``: a `chananalysis.methods.notes.Notes` of codes, not words —
        ``new_channel``; ``("signed_safe", "W")`` / ``"X"`` / ``"Z"`` (that factor used the
        signed-safe index); and where the dealer structure came from, one of
        ``levels_judged``, ``levels_derived``, ``levels_missing`` (judged, with channels
        absent from ``importance`` taken as ``none``) or ``structure_none`` (not assessed).
        The report renders them in its language; ``str()`` of a cell gives the codes
        as ``new_channel; signed_safe:X``.

    Raises
    ------
    ScoringError
        Weights not summing to 100 or negative, bands not ascending, fewer than two
        channels, unknown growth method or importance level.

    Notes
    -----
    Wᵢ = Aᵢ/mean(A)×100; Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ), Xᵢ = Dᵢ/mean(D)×100 (signed-safe when
    some D < 0, see `relative_index`); Zᵢ = relative index of Σₖ wₖ·p(Lᵢₖ);
    Iᵢ = (Wᵢ·Q₁ + Xᵢ·Q₂ + Yᵢ·Q₃ + Zᵢ·Q₄)/100.

    References
    ----------
    Seed 001, sections 二 to 六: W (section 二), Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ) and X (section 三),
    growth (section 四), dealer structure (section 五), Q1+Q2+Q3+Q4=100, the composite
    and the exit / deepen / 做大放小 rules (section 六); docs/method.md §1 for the misprints fixed
    and the Decisions.

    Examples
    --------
    Sales and profit put KA at half the average and 流通 at 1.5 times it; both grew as
    the company did (Y = 100) and the dealer structure was not assessed (Z = 100):

    >>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [100.0, 300.0],
    ...                    "sales_prev": [100.0, 300.0], "variable_cost_rate": [0.0, 0.0],
    ...                    "fixed_cost": [0.0, 0.0]})
    >>> channel_scores(ch)[["W", "X", "Y", "Z", "I", "rank", "action"]]
                 W      X      Y      Z      I  rank  action
    channel
    KA        50.0   50.0  100.0  100.0   75.0     2    exit
    流通       150.0  150.0  100.0  100.0  125.0     1  deepen
    >>> channel_scores(ch, weights=[50, 50, 0, 0])["I"].tolist()  # (50·50 + 50·50)/100
    [50.0, 150.0]
    """
    if len(channels) < 2:
        raise ScoringError(f"scoring compares channels: at least 2 are needed; got {len(channels)}")
    low, high = (float(b) for b in bands)
    if not low < high:
        raise ScoringError(f"bands must be (low, high) with low < high; got {tuple(bands)}")
    q = resolve_weights(weights)
    ch = channels.set_index("channel")
    a = ch["sales"].astype("float64")
    prev = ch["sales_prev"].astype("float64")
    d = a - (ch["variable_cost_rate"].astype("float64") * a + ch["fixed_cost"].astype("float64"))
    h, y, company = _growth(a, prev, growth_method)
    w_idx, w_signed = relative_index(a)
    x_idx, x_signed = relative_index(d)

    derived = None
    if dealers is not None and dealer_channel_sales is not None:
        derived = derived_levels(
            dealers, dealer_channel_sales, thresholds=thresholds, share_levels=share_levels
        )
    z_raw, source = _structure(
        ch.index, importance, derived, class_weights or CLASS_WEIGHTS, level_points or LEVEL_POINTS
    )
    if z_raw.isna().all():
        z_idx, z_signed = pd.Series(100.0, index=ch.index), False
    else:
        z_idx, z_signed = relative_index(z_raw)

    i = (
        w_idx * q["sales"] + x_idx * q["profit"] + y * q["growth"] + z_idx * q["structure"]
    ) / 100.0
    rank = i.rank(method="min", ascending=False).astype("int64")
    action = np.select(
        [i >= high - BAND_EPS, i >= low - BAND_EPS], ["deepen", "optimize"], default="exit"
    )

    notes = pd.Series([[] for _ in range(len(ch))], index=ch.index)
    for c in ch.index[prev <= 0]:
        notes[c].append("new_channel")
    for name, signed in (("W", w_signed), ("X", x_signed), ("Z", z_signed)):
        if signed:
            for c in ch.index:
                notes[c].append(("signed_safe", name))
    for c in ch.index:
        notes[c].append(source[c])
    out = pd.DataFrame(
        {
            "sales": a,
            "profit": d,
            "growth": h,
            "W": w_idx,
            "X": x_idx,
            "Y": y,
            "Z": z_idx,
            "I": i,
            "rank": rank,
            "action": pd.Series(action, index=ch.index, dtype="str"),
            "note": pd.Series([Notes(n) for n in notes], index=ch.index, dtype=object),
        }
    )
    out.index.name = "channel"
    out.attrs["company_growth"] = float(company)  # H, for the report's method note
    return out
