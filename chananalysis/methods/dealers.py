"""The dealer base: classes by size, census completeness, fit to market roles and
channel specialisation (seed 002 §一, §二(一); docs/method.md §1.2, §2.2, §2.3).

`dealer_classes` is the one of `chananalysis.methods.scoring` (docs/method.md §1.2 defines it once
for the 8S model and the dealer evaluation alike); it is re-exported here.

Examples
--------
>>> d = pd.DataFrame({"dealer": ["D1", "D2"], "market_role": ["base", "potential"],
...                   "terminal_service": [90.0, 40.0], "terminal_resources": [50.0, 90.0],
...                   "terminal_expansion": [50.0, 80.0], "loyalty": [80.0, 60.0]})
>>> market_fit(d)[["fit_base", "fit_development", "fit_potential", "best_role"]].round(4)
        fit_base  fit_development  fit_potential  best_role
dealer
D1          80.0             65.0           54.0       base
D2          53.0             69.0           81.0  potential
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.intake.columns import ENUMS, SHEETS
from chananalysis.methods.inputs import blank_cells
from chananalysis.methods.scoring import dealer_classes

__all__ = [
    "DEFAULT_FIT_WEIGHTS",
    "FIT_TOLERANCE",
    "SPECIALISED_SHARE",
    "CensusCompleteness",
    "InputDataError",
    "census_completeness",
    "channel_specialisation",
    "dealer_classes",
    "dealer_columns",
    "market_fit",
    "market_roles",
]


@cache
def dealer_columns(group: str) -> tuple[str, ...]:
    """The columns of the ``dealers`` sheet in one group, in sheet order: ``"census"``
    (the census fields) or ``"capability"`` (the 0–100 capability ratings); read from the
    intake's column table on first use, never at import.

    Parameters
    ----------
    group
        ``"census"`` or ``"capability"``.

    Returns
    -------
    tuple of str
        The column keys.

    References
    ----------
    Seed 002 (the dealer census, 盘整, and choosing dealers by capability);
    docs/method.md §2.3; docs/contract.md §3 (the ``dealers`` sheet).

    Examples
    --------
    >>> dealer_columns("census")[:2]
    ('annual_sales', 'channel_resources')
    """
    return tuple(c.key for c in SHEETS["dealers"].columns if c.group == group)


@cache
def market_roles() -> tuple[str, ...]:
    """The market roles a dealer may have (``base``, ``development``, ``potential``).

    Returns
    -------
    tuple of str
        The role keys, in the intake's order.

    References
    ----------
    Seed 002 (基地市场, 发展市场, 潜力市场); docs/method.md §2.3.

    Examples
    --------
    >>> market_roles()
    ('base', 'development', 'potential')
    """
    return tuple(ENUMS["market_role"].keys)


#: **Decision** (docs/method.md §2.3): what each market role needs of its dealer.
DEFAULT_FIT_WEIGHTS: dict[str, dict[str, float]] = {
    "base": {
        "terminal_service": 0.6,
        "terminal_resources": 0.1,
        "terminal_expansion": 0.1,
        "loyalty": 0.2,
    },
    "development": {
        "terminal_service": 0.3,
        "terminal_resources": 0.3,
        "terminal_expansion": 0.3,
        "loyalty": 0.1,
    },
    "potential": {
        "terminal_service": 0.1,
        "terminal_resources": 0.5,
        "terminal_expansion": 0.4,
        "loyalty": 0.0,
    },
}
#: **Decision** (not in the seed): a dealer whose largest channel carries at least this
#: share of its sales is channel-specialised (渠道专属化) — the "dominant" share of §1.2.
SPECIALISED_SHARE = 0.5
#: **Decision** (not in the seed): a dealer fits its market's role unless another role fits
#: it by more than this many points (ratings are judged; small gaps are noise).
FIT_TOLERANCE = 5.0
_EPS = 1e-9


def _need_dealer(frame: pd.DataFrame, sheet: str) -> pd.Index:
    if "dealer" not in frame.columns:
        raise InputDataError(f"{sheet}: column dealer is missing; one row per dealer is expected")
    ids = frame["dealer"]
    if not ids.is_unique:
        raise InputDataError(
            f'{sheet}, column dealer: "{ids[ids.duplicated()].iloc[0]}" '
            f"repeats; each dealer must appear once"
        )
    return pd.Index(ids.to_numpy(), name="dealer")


# --- census -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CensusCompleteness:
    """How complete the dealer census (经销商盘整) is.

    Attributes
    ----------
    by_dealer
        Index ``dealer``; one bool column per census field (filled or not), then
        ``filled`` (fields filled), ``share`` (filled / fields) and ``missing`` (the
        missing field keys joined by ", ", NaN when none is missing).
    by_field
        Index ``field`` (census fields in sheet order); ``filled`` and ``missing`` (dealer
        counts), ``share_filled`` and ``share_missing`` (of all dealers).
    """

    by_dealer: pd.DataFrame
    by_field: pd.DataFrame

    @property
    def overall(self) -> float:
        """Share of all census cells (dealers × fields) filled; NaN with no dealer."""
        n = self.by_field["filled"].sum() + self.by_field["missing"].sum()
        return float(self.by_field["filled"].sum() / n) if n else float("nan")


def _filled(s: pd.Series) -> np.ndarray:
    return ~blank_cells(s)


def census_completeness(dealers: pd.DataFrame) -> CensusCompleteness:
    """Share of the census fields filled per dealer and per field (docs/method.md §2.2).

    Parameters
    ----------
    dealers
        The ``dealers`` sheet. A census field absent from the frame counts as missing for
        every dealer; 0 (e.g. no vehicles) is a value, a blank is not.

    Returns
    -------
    CensusCompleteness
        ``by_dealer`` and ``by_field`` (see the class).

    Raises
    ------
    InputDataError
        No ``dealer`` column, or a dealer repeats.

    Notes
    -----
    share = fields filled / number of census fields, per dealer; share_filled = dealers
    with the field filled / dealers, per field. A cell is filled when it is not blank.
    Fields: channel resources, capital, sales, market development ability, maintenance
    ability, growth potential, staffing, warehousing and logistics — the intake columns
    with ``group="census"`` (`CENSUS_FIELDS`; warehousing and logistics are two columns,
    ``warehouse_m2`` and ``vehicles``).

    References
    ----------
    Seed 002, section 二(一) 经销商盘整.

    Examples
    --------
    >>> d = pd.DataFrame({"dealer": ["D1", "D2"], "annual_sales": [5e6, 2e6],
    ...                   "warehouse_m2": [800.0, None]})
    >>> c = census_completeness(d)
    >>> c.by_field.loc[["annual_sales", "warehouse_m2", "vehicles"], "share_missing"].tolist()
    [0.0, 0.5, 1.0]
    >>> c.by_dealer["filled"].tolist()
    [2, 1]
    """
    index = _need_dealer(dealers, "dealers")
    n = len(dealers)
    filled = {
        f: (_filled(dealers[f]) if f in dealers.columns else np.zeros(n, bool))
        for f in dealer_columns("census")
    }
    by_dealer = pd.DataFrame(filled, index=index)
    count = by_dealer[list(dealer_columns("census"))].sum(axis=1).astype("int64")
    missing_text = np.full(n, "", dtype=object)
    for f in dealer_columns("census"):
        gap = ~filled[f]
        sep = np.where(gap & (missing_text != ""), ", ", "")
        missing_text = missing_text + sep + np.where(gap, f, "")
    by_dealer["filled"] = count
    by_dealer["share"] = count / len(dealer_columns("census"))
    by_dealer["missing"] = pd.Series(missing_text, index=index, dtype="str").replace("", np.nan)
    got = np.array([filled[f].sum() for f in dealer_columns("census")], dtype="int64")
    by_field = pd.DataFrame(
        {"filled": got, "missing": n - got}, index=pd.Index(dealer_columns("census"), name="field")
    )
    by_field["share_filled"] = got / n if n else np.nan
    by_field["share_missing"] = (n - got) / n if n else np.nan
    return CensusCompleteness(by_dealer, by_field)


# --- market-role fit --------------------------------------------------------------------


def _fit_weights(weights: Mapping[str, Mapping[str, float]] | None) -> dict[str, dict]:
    out = {r: dict(w) for r, w in DEFAULT_FIT_WEIGHTS.items()}
    if weights is None:
        return out
    if not isinstance(weights, Mapping):
        raise InputDataError(
            f"weights: expected a mapping role -> {{capability: weight}}; "
            f"got {type(weights).__name__}"
        )
    for role, w in weights.items():
        if role not in market_roles():
            raise InputDataError(
                f'weights: unknown market role "{role}"; '
                f"expected one of {', '.join(market_roles())}"
            )
        if not isinstance(w, Mapping):
            raise InputDataError(f"weights.{role}: expected a mapping capability -> weight")
        unknown = [k for k in w if k not in dealer_columns("capability")]
        if unknown:
            raise InputDataError(
                f'weights.{role}: unknown capability "{unknown[0]}"; '
                f"expected {', '.join(dealer_columns('capability'))}"
            )
        absent = [k for k in dealer_columns("capability") if k not in w]
        if absent:
            raise InputDataError(
                f"weights.{role}: capability {absent[0]} is missing; give "
                f"a weight (0 allowed) for each of "
                f"{', '.join(dealer_columns('capability'))}"
            )
        vals = {}
        for k in dealer_columns("capability"):
            v = w[k]
            if isinstance(v, bool) or not isinstance(v, int | float) or not v >= 0:
                raise InputDataError(f"weights.{role}.{k}: expected a number ≥ 0; got {v!r}")
            vals[k] = float(v)
        total = sum(vals.values())
        if abs(total - 1.0) > _EPS:
            raise InputDataError(f"weights.{role}: weights must sum to 1; they sum to {total:g}")
        out[role] = vals
    return out


def market_fit(
    dealers: pd.DataFrame,
    *,
    weights: Mapping[str, Mapping[str, float]] | None = None,
    tolerance: float = FIT_TOLERANCE,
) -> pd.DataFrame:
    """How well each dealer fits each market role, and whether its own market's role is
    its best fit (docs/method.md §2.3).

    Parameters
    ----------
    dealers
        The ``dealers`` sheet: ``dealer``, the capability ratings ``terminal_service,
        terminal_resources, terminal_expansion, loyalty`` (0–100) and ``market_role``
        (``base/development/potential`` or 基地/发展/潜力; optional).
    weights
        Keyword only: ``{role: {capability: weight}}`` replacing the Decision weights of
        the roles given (each role names all four capabilities, weights ≥ 0 summing to 1);
        roles not given keep `DEFAULT_FIT_WEIGHTS`.
    tolerance
        Keyword only: points by which another role must fit better before the dealer
        counts as mismatched (Decision: 5).

    Returns
    -------
    pandas.DataFrame
        Index ``dealer``; ``fit_base, fit_development, fit_potential`` (Σ weight ×
        rating, 0–100; NaN when a rating with a weight above 0 is blank),
        ``market_role`` (assigned, NaN when not given), ``best_role`` (highest fit; on a
        tie the assigned role, else the first of base, development, potential),
        ``fit_assigned``, ``gap`` (best fit − assigned fit) and ``mismatch`` (True when
        both roles are known, differ, and ``gap`` exceeds ``tolerance``).

    Raises
    ------
    InputDataError
        No ``dealer`` column or a repeated dealer; a rating column missing; a market role
        not recognised; weights that are not as described.

    Notes
    -----
    fit_r = Σ_c w_rc × rating_c for each role r and capability c (a capability with
    weight 0 is not read); best_role = argmax_r fit_r; gap = max_r fit_r − fit_assigned.

    References
    ----------
    Seed 002, section 一(四) 区域定位决定经销商匹配类型.

    Examples
    --------
    >>> d = pd.DataFrame({"dealer": ["D1"], "market_role": ["潜力市场"],
    ...                   "terminal_service": [90.0], "terminal_resources": [50.0],
    ...                   "terminal_expansion": [50.0], "loyalty": [80.0]})
    >>> f = market_fit(d).loc["D1"]
    >>> f["market_role"], f["best_role"], round(float(f["gap"]), 4), bool(f["mismatch"])
    ('potential', 'base', 26.0, True)
    """
    index = _need_dealer(dealers, "dealers")
    w = _fit_weights(weights)
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or not (tolerance >= 0)
    ):
        raise InputDataError(f"tolerance: expected a number of points ≥ 0; got {tolerance!r}")
    absent = [c for c in dealer_columns("capability") if c not in dealers.columns]
    if absent:
        raise InputDataError(
            f"dealers: capability column {absent[0]} is missing; market "
            f"fit needs {', '.join(dealer_columns('capability'))}"
        )
    ratings = {
        c: pd.to_numeric(dealers[c], errors="coerce").astype("float64").to_numpy()
        for c in dealer_columns("capability")
    }
    fits = {}
    for role in market_roles():
        acc = np.zeros(len(dealers))
        for c in dealer_columns("capability"):
            if w[role][c] > 0:
                acc = acc + w[role][c] * ratings[c]
        fits[role] = acc
    out = pd.DataFrame({f"fit_{r}": fits[r] for r in market_roles()}, index=index)
    if "market_role" in dealers.columns:
        lookup = ENUMS["market_role"].lookup()
        raw = dealers["market_role"]
        keys = [None if pd.isna(v) else lookup.get(str(v).strip().casefold(), "?") for v in raw]
        if "?" in keys:
            bad = raw.iloc[keys.index("?")]
            raise InputDataError(
                f'dealers, column market_role: "{bad}" is not a market '
                f"role; expected one of {ENUMS['market_role'].describe()}"
            )
        assigned = np.array([np.nan if k is None else k for k in keys], dtype=object)
    else:
        assigned = np.full(len(dealers), np.nan, dtype=object)
    table = np.column_stack([fits[r] for r in market_roles()])
    complete = ~np.isnan(table).any(axis=1)
    best_val = np.where(complete, np.max(np.where(complete[:, None], table, 0.0), axis=1), np.nan)
    first = np.array(market_roles(), dtype=object)[
        np.argmax(np.where(complete[:, None], table, 0.0) >= best_val[:, None] - _EPS, axis=1)
    ]
    fit_assigned = np.full(len(dealers), np.nan)
    for i, r in enumerate(market_roles()):
        fit_assigned = np.where(assigned == r, table[:, i], fit_assigned)
    assigned_ties = (assigned != None) & (fit_assigned >= best_val - _EPS)  # noqa: E711
    best = np.where(~complete, np.nan, np.where(assigned_ties, assigned, first))
    out["market_role"] = pd.Series(assigned, index=index, dtype="str")
    out["best_role"] = pd.Series(best, index=index, dtype="str")
    out["fit_assigned"] = fit_assigned
    out["gap"] = best_val - fit_assigned
    out["mismatch"] = (
        out["market_role"].notna()
        & out["best_role"].notna()
        & (out["market_role"] != out["best_role"])
        & (out["gap"] > tolerance + _EPS)
    ).astype(bool)
    return out


# --- channel specialisation -----------------------------------------------------------------


def channel_specialisation(
    dealer_channel_sales: pd.DataFrame, *, share: float = SPECIALISED_SHARE
) -> pd.DataFrame:
    """How far each dealer concentrates on one channel (seed 002 渠道专属化).

    Parameters
    ----------
    dealer_channel_sales
        The ``dealer_channel_sales`` sheet: ``dealer, channel, sales``.
    share
        Keyword only: main-channel share from which a dealer counts as specialised
        (Decision: 0.5, the "dominant" share of docs/method.md §1.2).

    Returns
    -------
    pandas.DataFrame
        Index ``dealer`` (sorted); ``main_channel`` (largest sales; first by name on a
        tie), ``main_share`` (its share of the dealer's sales; NaN when they total 0),
        ``channels`` (channels with sales > 0) and ``specialised`` (main_share ≥ share).

    Raises
    ------
    InputDataError
        ``share`` outside (0, 1], or a column ``dealer``, ``channel`` or ``sales`` missing.

    Notes
    -----
    main_share = max_c sales(dealer, c) / Σ_c sales(dealer, c); specialised when
    main_share ≥ share (Decision: 0.5). Blank or non-numeric sales count as 0.

    References
    ----------
    Seed 002, section 一(三) 渠道专属化 (术业有专攻: a KA dealer is lost in pharmacies).

    Examples
    --------
    >>> s = pd.DataFrame({"dealer": ["D1", "D1", "D2", "D2", "D2"],
    ...                   "channel": ["KA", "药店", "KA", "药店", "母婴"],
    ...                   "sales": [80.0, 20.0, 40.0, 30.0, 30.0]})
    >>> channel_specialisation(s)
           main_channel  main_share  channels  specialised
    dealer
    D1               KA         0.8         2         True
    D2               KA         0.4         3        False
    """
    if not 0 < share <= 1:
        raise InputDataError(f"share: expected a fraction in (0, 1]; got {share!r}")
    missing = [c for c in ("dealer", "channel", "sales") if c not in dealer_channel_sales]
    if missing:
        raise InputDataError(f"dealer_channel_sales: column {missing[0]} is missing")
    s = dealer_channel_sales[["dealer", "channel", "sales"]].copy()
    s["sales"] = pd.to_numeric(s["sales"], errors="coerce").fillna(0.0).astype("float64")
    s = s.groupby(["dealer", "channel"], as_index=False)["sales"].sum()
    s = s.sort_values(["dealer", "sales", "channel"], ascending=[True, False, True])
    total = s.groupby("dealer")["sales"].sum()
    top = s.groupby("dealer").head(1).set_index("dealer")
    out = pd.DataFrame(index=pd.Index(total.index, name="dealer"))
    out["main_channel"] = top["channel"].where(total > 0)
    out["main_share"] = (top["sales"] / total.where(total > 0)).astype("float64")
    out["channels"] = (
        s[s["sales"] > 0].groupby("dealer").size().reindex(out.index, fill_value=0).astype("int64")
    )
    out["specialised"] = (out["main_share"] >= share - _EPS).fillna(False).astype(bool)
    return out
