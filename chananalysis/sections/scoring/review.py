"""Section 02 from one call: the weights (given, from AHP or the default), the 8S scores
with judged or derived dealer structure, and their sensitivity to the weights.

Examples
--------
The seasoning sample client, with the weights a client agreed:

>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> data = load_client(resource_dir("data_samples") / "seasoning")
>>> r = review(data, weights={"sales": 40, "profit": 30, "growth": 20, "structure": 10},
...            draws=200)
>>> r.weight_info["source"], r.scores["action"].tolist()
('given', ['deepen', 'deepen', 'exit', 'optimize', 'exit', 'exit'])
>>> r.sensitivity.columns[:4].tolist()
['action', 'p_deepen', 'p_optimize', 'p_exit']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from chananalysis.methods.ahp import choose_weights
from chananalysis.methods.scoring import DEFAULT_BANDS, DEFAULT_CLASS_THRESHOLDS, channel_scores
from chananalysis.methods.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    FRAGILE_BELOW,
    weight_sensitivity,
)
from chananalysis.sections.registry import section_of

if TYPE_CHECKING:
    from chananalysis.intake.read import ClientData

__all__ = ["KEY", "ScoringReview", "review"]

#: This section's key (`chananalysis.sections.registry`).
KEY = section_of(__name__).key


@dataclass(frozen=True)
class ScoringReview:
    """Everything section 02 shows.

    Attributes
    ----------
    weights
        The four weights used (``sales, profit, growth, structure``, summing to 100).
    weight_info
        Where they came from: ``source`` (``default``, ``given`` or ``ahp``) and, for AHP,
        ``cr`` and ``participant_cr``.
    scores
        `chananalysis.channel_scores`: W, X, Y, Z, I, rank, action, note.
    sensitivity
        `chananalysis.weight_sensitivity` around ``weights``.
    options
        The options applied (bands, growth method, draws, concentration, fragile line),
        for the prose.
    """

    weights: pd.Series
    weight_info: dict[str, Any]
    scores: pd.DataFrame
    sensitivity: pd.DataFrame
    options: dict[str, Any] = field(default_factory=dict)


def review(
    data: ClientData,
    *,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    ahp: Any = None,
    bands: Sequence[float] = DEFAULT_BANDS,
    growth_method: str = "factor",
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
    fragile_below: float = FRAGILE_BELOW,
    class_thresholds: Sequence[float] = DEFAULT_CLASS_THRESHOLDS,
    class_weights: Mapping[str, float] | None = None,
    level_points: Mapping[str, float] | None = None,
    share_levels: Sequence[tuple[float, str]] | None = None,
) -> ScoringReview:
    """Run section 02 on a client's intake.

    The dealer structure Z uses the judged levels of ``channel_importance`` where given,
    else levels derived from ``dealers`` and ``dealer_channel_sales``, else none.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    weights, ahp
        The four weights, or an AHP matrix (or one per participant) to derive them
        from; neither: the default weights (see `chananalysis.methods.ahp.choose_weights`).
    bands, growth_method
        As for `chananalysis.channel_scores`.
    draws, concentration, seed, fragile_below
        As for `chananalysis.weight_sensitivity`.
    class_thresholds, class_weights, level_points, share_levels
        The dealer-structure options of `chananalysis.channel_scores` (``thresholds`` there).
    """
    q, info = choose_weights(weights=weights, ahp=ahp)
    model = dict(
        weights=q.to_dict(),
        importance=data.channel_importance,
        bands=tuple(bands),
        growth_method=growth_method,
        dealers=data.dealers,
        dealer_channel_sales=data.dealer_channel_sales,
        thresholds=tuple(class_thresholds),
        class_weights=class_weights,
        level_points=level_points,
        share_levels=share_levels,
    )
    scores = channel_scores(data.channels, **model)
    sens = weight_sensitivity(
        data.channels,
        draws=draws,
        concentration=concentration,
        seed=seed,
        fragile_below=fragile_below,
        **model,
    )
    options = dict(
        bands=tuple(bands),
        growth_method=growth_method,
        draws=draws,
        concentration=concentration,
        fragile_below=fragile_below,
    )
    return ScoringReview(q, info, scores, sens, options)
