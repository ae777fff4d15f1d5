"""Section 02's tables: what each shows, and the number format (kind) of each column.

The report shows each under its name in `KINDS` (``S.table(tables.scores_table(r),
"scores", tables.KINDS["scores"])``) and saves it for ``tables.xlsx``.

Examples
--------
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> from chananalysis.sections.scoring.review import review
>>> r = review(load_client(resource_dir("data_samples") / "seasoning"), draws=50)
>>> list(weights_table(r).columns), weights_table(r).index.name
(['weight'], 'factor')
>>> set(factors_table(r).columns) <= set(KINDS["factors"])
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from chananalysis.sections.scoring.review import ScoringReview

__all__ = ["KINDS", "factors_table", "scores_table", "sensitivity_table", "weights_table"]

#: Each shown table's name -> the kind of each column (`chananalysis.display.formatting`).
KINDS: dict[str, dict[str, str]] = {
    "weights": {"weight": "number"},
    "factors": {
        "sales": "money",
        "profit": "money",
        "growth": "pct_signed",
        "W": "number",
        "X": "number",
        "Y": "number",
        "Z": "number",
    },
    "scores": {"I": "number", "rank": "int", "action": "text", "note": "text"},
    "sensitivity": {
        "p_deepen": "pct",
        "p_optimize": "pct",
        "p_exit": "pct",
        "rank_median": "rank",
        "rank_p05": "rank",
        "rank_p95": "rank",
        "fragile": "text",
    },
}


def weights_table(r: ScoringReview) -> pd.DataFrame:
    """The weight of each factor, one row per factor (its key as the row label)."""
    return r.weights.rename_axis("factor").to_frame("weight")


def factors_table(r: ScoringReview) -> pd.DataFrame:
    """Per channel: sales, profit and growth, and the four factor indices W, X, Y, Z."""
    return r.scores[["sales", "profit", "growth", "W", "X", "Y", "Z"]]


def scores_table(r: ScoringReview) -> pd.DataFrame:
    """Per channel: the composite index I, its rank, the action and the model's note."""
    return r.scores[["I", "rank", "action", "note"]]


def sensitivity_table(r: ScoringReview) -> pd.DataFrame:
    """Per channel: how often each action comes out of the weight draws, the rank's
    median and 90 % range, and whether the action is fragile."""
    cols = ["p_deepen", "p_optimize", "p_exit", "rank_median", "rank_p05", "rank_p95", "fragile"]
    return r.sensitivity[cols]
