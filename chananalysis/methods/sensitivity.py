"""How robust are the 8S decisions to the weights? (docs/method.md §1.5, beyond the seed)

Weight vectors are drawn from a Dirichlet distribution centred on Q; each draw
recomputes every channel's composite I in one matrix product (no loop per draw).

Examples
--------
>>> ch = pd.DataFrame({"channel": ["KA", "流通", "餐饮"], "sales": [300.0, 600.0, 300.0],
...                    "sales_prev": [250.0, 600.0, 350.0],
...                    "variable_cost_rate": [0.2, 0.1, 0.1], "fixed_cost": [40.0, 60.0, 70.0]})
>>> s = weight_sensitivity(ch, draws=1000, seed=1)
>>> s[["action", "p_deepen", "p_optimize", "p_exit", "rank_median", "fragile"]]
           action  p_deepen  p_optimize  p_exit  rank_median  fragile
channel
KA       optimize     0.000       1.000   0.000          2.0    False
流通         deepen     0.999       0.001   0.000          1.0    False
餐饮       optimize     0.000       0.974   0.026          3.0    False
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from chananalysis.methods.scoring import (
    BAND_EPS,
    DEFAULT_BANDS,
    FACTORS,
    ScoringError,
    channel_scores,
    resolve_weights,
)

__all__ = [
    "DEFAULT_CONCENTRATION",
    "DEFAULT_DRAWS",
    "FRAGILE_BELOW",
    "composite_draws",
    "weight_sensitivity",
]

#: **Decision:** a channel's action is fragile when the weights' draws keep it less than
#: 80 % of the time.
FRAGILE_BELOW = 0.80
#: Weight draws of the sensitivity analysis.
DEFAULT_DRAWS = 2000
#: Dirichlet concentration of the draws: larger means smaller weight changes.
DEFAULT_CONCENTRATION = 100


def composite_draws(
    factors: np.ndarray, q: np.ndarray, *, draws: int, concentration: float, seed: int
) -> np.ndarray:
    """Composite I of every channel under ``draws`` Dirichlet weight vectors.

    Parameters
    ----------
    factors
        n×4 array: the W, X, Y, Z index of each channel.
    q
        The 4 weights Q (summing to 100), the centre of the draws.
    draws
        Keyword only: number of weight vectors drawn.
    concentration
        Keyword only: Dirichlet concentration κ (larger: draws closer to Q).
    seed
        Keyword only: seed of a local ``numpy.random.default_rng``.

    Returns
    -------
    numpy.ndarray
        draws×n: row d holds every channel's composite I under the d-th weight vector.

    Notes
    -----
    w⁽ᵈ⁾ ~ Dirichlet(κ·Qₖ/100) over the factors with Qₖ > 0 (a factor with weight 0 stays
    at 0 in every draw); I⁽ᵈ⁾ᵢ = Σₖ w⁽ᵈ⁾ₖ·Fᵢₖ, which is seed 001's composite with the
    drawn weights (Σw = 1 in place of ΣQ/100 = 1). One matrix product, no loop per draw.

    References
    ----------
    Beyond the seeds: docs/method.md §1.5. The composite Ii = Wi×Q1 + Xi×Q2 + Yi×Q3 + Zi×Q4 is
    seed 001, section 六.

    Examples
    --------
    All the weight on sales: every draw is (1, 0, 0, 0), so I = W in every draw.

    >>> f = np.array([[50.0, 80.0, 100.0, 100.0], [150.0, 120.0, 100.0, 100.0]])
    >>> composite_draws(f, np.array([100.0, 0, 0, 0]), draws=2, concentration=100, seed=0)
    array([[ 50., 150.],
           [ 50., 150.]])
    """
    rng = np.random.default_rng(seed)
    active = q > 0
    alpha = concentration * q[active] / 100.0
    w = np.zeros((draws, len(q)))
    w[:, active] = rng.dirichlet(alpha, size=draws)
    return w @ factors.T


def weight_sensitivity(
    channels: pd.DataFrame,
    *,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    importance: pd.DataFrame | None = None,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
    bands: tuple[float, float] = DEFAULT_BANDS,
    fragile_below: float = FRAGILE_BELOW,
    **scoring: object,
) -> pd.DataFrame:
    """Action probabilities and rank intervals of each channel under weight uncertainty.

    Parameters
    ----------
    channels
        The ``channels`` sheet, as for `chananalysis.methods.scoring.channel_scores`.
    weights, importance, bands
        Keyword only, as for `chananalysis.methods.scoring.channel_scores`: Q is the
        centre of the draws (further keyword arguments of it, e.g. ``growth_method`` or
        ``dealers``, pass through ``scoring``).
    draws
        Number of weight vectors drawn.
    concentration
        Dirichlet concentration κ: the draws are Dirichlet(κ·Q/100); larger κ means
        smaller changes around Q (κ = 100 moves a 25 % weight by about ±4 points).
    seed
        Seed of the generator: the same seed gives the same result.
    fragile_below
        The base action is called fragile when its probability is below this.

    Returns
    -------
    pandas.DataFrame
        Index ``channel``; ``action`` (at the weights themselves), ``p_deepen,
        p_optimize, p_exit`` (summing to 1), ``rank_median, rank_p05, rank_p95``
        (rank 1 = best, ties share the lower number; the median and the 5th and 95th
        percentiles over the draws), ``p_action`` (the probability of ``action``) and
        ``fragile`` (``p_action`` < ``fragile_below``).

    Raises
    ------
    ScoringError
        ``draws`` < 1, ``concentration`` ≤ 0, or anything `channel_scores` refuses.

    Notes
    -----
    Draws w⁽ᵈ⁾ ~ Dirichlet(κ·Q/100) (see `composite_draws`); the factors W, X, Y, Z stay
    those of `channel_scores`. p_deepen = share of draws with I ≥ high, p_exit = share
    with I < low, p_optimize = 1 − p_deepen − p_exit; ranks per draw as in
    `channel_scores`.

    References
    ----------
    Beyond the seeds: docs/method.md §1.5. The composite and the deepen / 做大放小 / exit rules it
    tests are seed 001, section 六.

    Examples
    --------
    With weight only on sales and profit, which both put KA at 50 and 流通 at 150,
    every draw gives the same I: the actions are certain.

    >>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [100.0, 300.0],
    ...                    "sales_prev": [100.0, 300.0], "variable_cost_rate": [0.0, 0.0],
    ...                    "fixed_cost": [0.0, 0.0]})
    >>> s = weight_sensitivity(ch, weights=[50, 50, 0, 0], draws=100)
    >>> s[["action", "p_deepen", "p_exit", "rank_median", "fragile"]]
             action  p_deepen  p_exit  rank_median  fragile
    channel
    KA         exit       0.0     1.0          2.0    False
    流通       deepen       1.0     0.0          1.0    False
    """
    if draws < 1:
        raise ScoringError(f"draws must be ≥ 1; got {draws}")
    if concentration <= 0:
        raise ScoringError(f"concentration must be > 0; got {concentration}")
    q = resolve_weights(weights)
    base = channel_scores(
        channels, weights=q.to_dict(), importance=importance, bands=bands, **scoring
    )
    factors = base[["W", "X", "Y", "Z"]].to_numpy(dtype="float64")
    comp = composite_draws(
        factors, q[list(FACTORS)].to_numpy(), draws=draws, concentration=concentration, seed=seed
    )
    low, high = (float(b) for b in bands)
    p_deepen = (comp >= high - BAND_EPS).mean(axis=0)
    p_exit = (comp < low - BAND_EPS).mean(axis=0)
    from scipy.stats import rankdata  # scipy.stats takes 0.5 s to import: only when used

    ranks = rankdata(-comp, method="min", axis=1)
    out = pd.DataFrame(
        {
            "action": base["action"],
            "p_deepen": p_deepen,
            "p_optimize": 1.0 - p_deepen - p_exit,
            "p_exit": p_exit,
            "rank_median": np.median(ranks, axis=0),
            "rank_p05": np.percentile(ranks, 5, axis=0),
            "rank_p95": np.percentile(ranks, 95, axis=0),
        },
        index=base.index,
    )
    pick = {"deepen": "p_deepen", "optimize": "p_optimize", "exit": "p_exit"}
    out["p_action"] = [out.at[c, pick[a]] for c, a in out["action"].items()]
    out["fragile"] = out["p_action"] < fragile_below
    return out
