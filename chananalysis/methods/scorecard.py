"""The star-dealer scorecard (星级经销商评估体系, seed 002 Table 1-1; docs/method.md §2.1).

The scorecard is data: ``templates/scorecards/star_dealer.yaml`` lists the categories
and their weights, each indicator's rule, the bonus items with their caps, the veto
steps and the star bands. `load_scorecard` reads such a file (or a dict) into frozen
dataclasses and refuses anything inconsistent, naming the key path; `star_scorecard`
applies it to the ``dealer_kpis`` sheet, one vectorised pass per indicator.

Examples
--------
The worked example of docs/method.md §2.1 (one dealer):

>>> kpis = pd.DataFrame({
...     "dealer": ["D001"], "actual_sales": [112.0], "contract_sales": [100.0],
...     "sales_last_year": [112 / 1.05], "key_sku_sales": [48.0], "key_sku_target": [100.0],
...     "new_outlets": [65], "new_outlet_target": [100], "channel_sales": [108.0],
...     "channel_sales_last_year": [100.0], "active_outlets": [72], "outlets_in_area": [100],
...     "compliant_stores": [55], "audited_stores": [100], "skus_on_shelf": [49],
...     "benchmark_skus": [100], "activity_execution": [90.0], "new_product_launch": [80.0],
...     "late_deliveries": [3], "late_exchanges": [0], "complaints_office": [1],
...     "complaints_branch": [1], "complaints_hq": [0], "posm_failures": [2],
...     "instore_failures": [0], "outstore_failures": [5], "internal_systems": [True],
...     "sales_information": [True], "warehouse_area": [True], "staff_count": [True],
...     "vehicle_count": [False], "monthly_training": [True], "computer_setup": [True],
...     "self_activities": [2], "branch_activities": [1], "national_activities": [0],
...     "branch_experience": [0], "national_experience": [1], "diversion_complaints": [1]})
>>> from chananalysis.methods.scorecard_config import CATEGORY_KEYS
>>> card = star_scorecard(kpis)
>>> card.loc["D001", list(CATEGORY_KEYS)].round(4).tolist()
[69.25, 33.75, 85.0, 88.0, 95.3333, 85.7143]
>>> card.loc["D001", ["bonus", "penalty"]].tolist()
[21.0, 5.0]
>>> print(f'{card.loc["D001", "total"]:.4f}', card.loc["D001", "stars"])
85.0173 4
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.intake.parse import parse_bools
from chananalysis.methods.inputs import blank_cells, numbers, where
from chananalysis.methods.notes import notes_column
from chananalysis.methods.scorecard_config import (
    EPS,
    RESULT_COLUMNS,
    Indicator,
    Scorecard,
    load_scorecard,
    show_value,
)

__all__ = ["RESULT_COLUMNS", "star_scorecard"]


# --- scoring ----------------------------------------------------------------------------


def _numeric(kpis: pd.DataFrame, col: str) -> np.ndarray:
    """A column as float64 (NaN for blanks); an absent column is all NaN."""
    if col not in kpis.columns:
        return np.full(len(kpis), np.nan)
    return numbers(
        kpis,
        "dealer_kpis",
        col,
        bad="{value} is not a number",
        out_of_range="{value} is negative; expected {rule}",
        keys=("dealer",),
    )


def _boolean(kpis: pd.DataFrame, col: str) -> np.ndarray:
    """A yes/no column as 1.0 / 0.0 / NaN, read as the intake reads it (booleans, 1/0,
    yes/no, 是/否, …; blank → NaN)."""
    if col not in kpis.columns:
        return np.full(len(kpis), np.nan)
    s = kpis[col]
    blank = blank_cells(s)
    got, bad = parse_bools(s, blank)
    if len(bad):
        i = int(np.flatnonzero(~blank & got.isna().to_numpy())[0])
        raise InputDataError(
            f"{where(kpis, 'dealer_kpis', col, i, keys=('dealer',))}: "
            f"{show_value(bad.iloc[0])} is not yes/no"
        )
    return got.to_numpy(dtype="float64", na_value=np.nan)


def _value(ind: Indicator, kpis: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The indicator's value in points before its rule, and a mask of zero denominators."""
    if ind.column is not None:
        return _numeric(kpis, ind.column), np.zeros(len(kpis), bool)
    num, den = _numeric(kpis, ind.numerator), _numeric(kpis, ind.denominator)  # type: ignore
    zero = den == 0
    safe = np.where(zero, np.nan, den)
    top = num - den if ind.change else num
    return 100.0 * top / safe, zero


def _score(ind: Indicator, kpis: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(score, zero-denominator mask) of one indicator, vectorised over dealers."""
    if ind.rule == "binary":
        return ind.points * _boolean(kpis, ind.column), np.zeros(len(kpis), bool)  # type: ignore
    if ind.rule == "deduction":
        cut = sum(p * _whole(kpis, c) for c, p in ind.deduct)
        return np.maximum(ind.start - cut, 0.0), np.zeros(len(kpis), bool)
    x, zero = _value(ind, kpis)
    if ind.rule == "threshold":
        x = np.where(x >= ind.threshold - EPS, x, np.where(np.isnan(x), np.nan, 0.0))
    elif ind.rule == "step":
        out = np.where(np.isnan(x), np.nan, 0.0)
        for step in ind.steps:
            reached = x >= step.lower - EPS
            out = np.where(reached, x if step.score is None else step.score, out)
        x = out
    if ind.cap is not None:
        x = np.minimum(x, ind.cap)
    return np.maximum(x, 0.0), zero  # NaN stays NaN; no indicator score is negative


def _whole(kpis: pd.DataFrame, col: str) -> np.ndarray:
    """A count column (complaints, failures, activities) as float64, NaN for blanks;
    a count that is not a whole number is refused (1.5 complaints is not one)."""
    v = _numeric(kpis, col)
    frac = ~np.isnan(v) & (np.abs(v - np.round(v)) > EPS)
    if frac.any():
        i = int(np.flatnonzero(frac)[0])
        raise InputDataError(
            f"{where(kpis, 'dealer_kpis', col, i, keys=('dealer',))}: "
            f"{v[i]:g} is not a whole number; expected a count (0, 1, 2, …)"
        )
    return v


def _counts_or_zero(kpis: pd.DataFrame, col: str) -> np.ndarray:
    return np.nan_to_num(_whole(kpis, col), nan=0.0)


def _veto_counts(
    kpis: pd.DataFrame, col: str, override: pd.Series | None
) -> tuple[np.ndarray, np.ndarray]:
    """Complaint counts per dealer and a mask of dealers whose count was blank."""
    if override is None:
        raw = _whole(kpis, col)
        return np.nan_to_num(raw, nan=0.0), np.isnan(raw)
    if not isinstance(override, pd.Series):
        raise InputDataError(
            f"veto_counts: expected a pandas Series indexed by dealer; got "
            f"{type(override).__name__}"
        )
    if not override.index.is_unique:
        dup = override.index[override.index.duplicated()][0]
        raise InputDataError(f"veto_counts: dealer {dup} is given more than once")
    v = pd.to_numeric(override, errors="coerce")
    bad = v.isna() | (v < 0) | (v != np.floor(v))
    if bad.any():
        d = bad.index[bad.to_numpy()][0]
        raise InputDataError(
            f"veto_counts, dealer {d}: {show_value(override[d])} is not a whole number ≥ 0"
        )
    keys = kpis["dealer"].astype(str)
    v.index = v.index.astype(str)
    got = v.reindex(keys).to_numpy(dtype="float64")
    return np.nan_to_num(got, nan=0.0), np.zeros(len(kpis), bool)


def star_scorecard(
    kpis: pd.DataFrame,
    *,
    config: str | os.PathLike | Mapping | Scorecard | None = None,
    veto_counts: pd.Series | None = None,
    unscored: str = "average",
) -> pd.DataFrame:
    """Score every dealer on the star-dealer scorecard.

    Parameters
    ----------
    kpis
        The ``dealer_kpis`` sheet: ``dealer`` (unique) and the raw inputs the scorecard's
        indicators read. A column the scorecard needs but the frame lacks counts as blank
        for every dealer.
    config
        Keyword only: a YAML path, a dict, a loaded `Scorecard`, or ``None`` for the
        bundled ``templates/scorecards/star_dealer.yaml`` (docs/contract.md §1:
        ``star_scorecard(kpis, *, config=None)``).
    veto_counts
        Keyword only: complaint counts per dealer (a Series indexed by dealer id, e.g.
        the conflict review's diversion incidents per dealer) used *instead of* the
        veto column of ``kpis`` (``diversion_complaints``). A dealer absent from the Series
        has 0 complaints; dealers not in ``kpis`` are ignored. ``None``: use the column.
    unscored
        Keyword only (**Decision**, docs/method.md §2.1 "Incomplete data"): what an indicator that
        cannot be scored (a zero or blank denominator, a blank input) counts for.
        ``"average"`` (default): it is left out and its category averages the others;
        the dealer is ``incomplete`` and its stars ``provisional``, since a missing
        target must never silently raise a dealer's stars. ``"zero"``: it scores 0; the
        dealer is still ``incomplete``, its stars are final.

    Returns
    -------
    pandas.DataFrame
        One row per dealer, index ``dealer``, in the input's order; columns: one per
        indicator (its score in points, NaN when not scored), one per category (the mean
        of its scored indicators), then ``bonus`` (capped items added up), ``penalty``
        (veto), ``total`` (Σ weight × category / 100 + bonus − penalty), ``stars``
        (Int64: 0 when disqualified, else the star band of the total; <NA> when the total
        is NaN), ``disqualified`` (bool), ``incomplete`` (bool: an indicator could not
        be scored), ``provisional`` (bool: the stars stand on fewer indicators than the
        scorecard has, with ``unscored="average"``), ``veto_count`` (complaints counted),
        ``reason`` (the code ``veto`` when a dealer is disqualified, NaN otherwise; the
        number is ``veto_count``) and ``note`` (a `chananalysis.methods.notes.Notes` of
        ``(code, value)`` pairs, NaN when there is nothing to say:
        ``("not_scored_zero", <indicator>)`` — its denominator is 0,
        ``("not_scored_blank", <indicator>)`` — an input is blank,
        ``("veto_blank", <column>)`` — no complaint count given, so no penalty; ``str()``
        writes them ``not_scored_zero:<indicator>; …``). Codes, not words: the report
        renders them in its language.

    Raises
    ------
    ScorecardConfigError
        The configuration is inconsistent (see `load_scorecard`).
    InputDataError
        ``kpis`` has no ``dealer`` column or repeats a dealer, a needed column holds a
        negative or non-numeric value, a count (a deduction, bonus or veto column) is
        not a whole number, or ``veto_counts`` is not whole numbers ≥ 0.
    ValueError
        ``unscored`` is neither ``"average"`` nor ``"zero"``.

    Notes
    -----
    Rules (docs/method.md §2.1): ``ratio`` = 100 × numerator / denominator ("actual"), or
    100 × (numerator − denominator) / denominator for growth (``change``); ``threshold``
    scores 0 below the threshold; ``step`` scores the step reached; ``deduction`` =
    100 − points × cases; ``binary`` yes → 100, no → 0. No indicator score is below 0.
    Bonus items are capped separately. The veto penalty is the last penalty step reached;
    from ``disqualify_at`` complaints on the dealer is disqualified (0 stars) but its
    total is still computed and shown.

    Zero denominators (Decision): an indicator with a denominator of 0 — a target of 0,
    no sales last year — cannot be expressed as a percentage; it is NaN (never ±inf) and
    named in ``note``, as is an indicator with a blank input. A category averages the
    indicators it could score; if it could score none, the total is NaN and ``stars`` is
    <NA> (a disqualified dealer still gets 0). Blank bonus counts add nothing; a blank
    veto count means no complaint on record (noted).

    Boundaries: thresholds, steps and star bands are inclusive at their lower edge
    (exactly 50 % passes the 50 % threshold; a total of exactly 90 earns 5 stars), with a
    tolerance of 1e-9 points for floating-point noise.

    References
    ----------
    Seed 002, section 二(二) and Table 1-1 (星级经销商评估体系).

    Examples
    --------
    >>> k = pd.DataFrame({"dealer": ["A", "B"], "key_sku_sales": [50.0, 4999.0],
    ...                   "key_sku_target": [100.0, 10_000.0]})
    >>> star_scorecard(k)["key_sku_achievement"].tolist()
    [50.0, 0.0]
    >>> k = pd.DataFrame({"dealer": ["A"], "actual_sales": [5.0], "contract_sales": [0.0]})
    >>> star_scorecard(k).loc["A", ["task_achievement", "total"]].tolist()
    [nan, nan]
    """
    if unscored not in ("average", "zero"):
        raise ValueError(f'unscored: expected "average" or "zero"; got {unscored!r}')
    card = load_scorecard(config)
    if "dealer" not in kpis.columns:
        raise InputDataError(
            "dealer_kpis: column dealer is missing; one row per dealer is expected"
        )
    dealers = kpis["dealer"]
    if dealers.isna().any():
        raise InputDataError("dealer_kpis, column dealer: a dealer id is blank")
    if not dealers.is_unique:
        dup = dealers[dealers.duplicated()].iloc[0]
        raise InputDataError(
            f"dealer_kpis, column dealer: {show_value(dup)} repeats; each dealer must appear once"
        )
    n = len(kpis)
    cols: dict[str, np.ndarray] = {}
    notes: list[tuple[np.ndarray, tuple[str, str]]] = []
    incomplete = np.zeros(n, bool)
    for ind in card.indicators:
        score, zero = _score(ind, kpis)
        missing = np.isnan(score)
        cols[ind.key] = np.where(missing, 0.0, score) if unscored == "zero" else score
        if missing.any():
            incomplete |= missing
            notes.append((missing & zero, ("not_scored_zero", ind.key)))
            notes.append((missing & ~zero, ("not_scored_blank", ind.key)))
    weighted = np.zeros(n)
    for cat in card.categories:
        block = np.column_stack([cols[i.key] for i in cat.indicators])
        scored = (~np.isnan(block)).sum(axis=1)
        mean = np.where(scored > 0, np.nansum(block, axis=1) / np.maximum(scored, 1), np.nan)
        cols[cat.key] = mean
        weighted = weighted + cat.weight * mean / 100.0
    bonus = np.zeros(n)
    for b in card.bonuses:
        item = sum(p * _counts_or_zero(kpis, c) for c, p in b.points)
        bonus = bonus + (np.minimum(item, b.cap) if b.cap is not None else item)
    if card.veto is not None:
        count, blank = _veto_counts(kpis, card.veto.column, veto_counts)
        penalty = np.zeros(n)
        for step in card.veto.penalties:
            penalty = np.where(count >= step.complaints, step.penalty, penalty)
        dq_at = card.veto.disqualify_at
        disq = count >= dq_at if dq_at is not None else np.zeros(n, bool)
        reason = np.where(disq, "veto", "")
        if blank.any():
            notes.append((blank, ("veto_blank", card.veto.column)))
    else:
        count, penalty = np.zeros(n), np.zeros(n)
        disq, reason = np.zeros(n, bool), np.full(n, "")
    total = weighted + bonus - penalty
    stars = np.zeros(n)
    for band in card.stars:
        lo = -np.inf if band.lower is None else band.lower - EPS
        hi = np.inf if band.upper is None else band.upper - EPS
        stars = np.where((total >= lo) & (total < hi), band.stars, stars)
    stars = np.where(disq, 0, stars)
    star_col = pd.array(stars.astype("int64"), dtype="Int64")
    star_col[np.isnan(total) & ~disq] = pd.NA
    note = [x if x else np.nan for x in notes_column(n, notes)]
    out = pd.DataFrame(cols, index=pd.Index(dealers.to_numpy(), name="dealer"))
    out["bonus"] = bonus
    out["penalty"] = penalty
    out["total"] = total
    out["stars"] = star_col
    out["disqualified"] = disq.astype(bool)
    out["incomplete"] = incomplete
    out["provisional"] = incomplete & ~disq & ~np.isnan(total) & (unscored == "average")
    out["veto_count"] = count.astype("int64")
    out["reason"] = pd.Series(reason, index=out.index, dtype="str").replace("", np.nan)
    out["note"] = pd.Series(note, index=out.index, dtype=object)
    return out
