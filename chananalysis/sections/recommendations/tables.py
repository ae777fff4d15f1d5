"""Section 05's tables: what each shows, and the number format (kind) of each column.

The report shows each under its name in `KINDS` (``S.table(tables.after_table(r),
"system_after", tables.KINDS["system_after"])``) and saves it for ``tables.xlsx``. The
tables made of words (the recommendations, the triggers, the summary's channels) are
built with the prose, in `chananalysis.sections.recommendations.text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from chananalysis.sections.recommendations.review import RecommendationsReview

__all__ = ["KINDS", "after_table", "judgement_table", "shown_table"]

#: Each shown table's name -> the kind of each column (`chananalysis.display.formatting`).
KINDS: dict[str, dict[str, str]] = {
    "summary_channels": {},
    "channel_judgement": {
        "growth": "pct_signed",
        "achievement": "pct",
        "contribution": "money",
        "exit_effect": "money",
    },
    "recommendations": {"amount": "money"},
    "triggers": {},
    "system_after": {
        "sales": "money",
        "share_before": "pct",
        "share_after": "pct",
        "contribution": "money",
        "contribution_share_after": "pct",
    },
}


def shown_table(full: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns the report shows of `recommendation_table` (all go to
    ``tables.xlsx``): mode and principle in one column; area and seed left out."""
    out = full[["priority", "finding", "recommendation", "amount", "basis", "section"]].copy()
    out.insert(
        5,
        "mode_principle",
        [f"{m} · {p}" for m, p in zip(full["mode"], full["principle"], strict=True)],
    )
    return out


def judgement_table(r: RecommendationsReview) -> pd.DataFrame:
    """Per channel: the textbook rule (the seed's band) beside the judged action, why,
    growth, target achievement (left out when no channel has a target), contribution and
    the effect of exiting on the company's contribution."""
    cols = [
        "seed_action",
        "action",
        "reason",
        "growth",
        "achievement",
        "contribution",
        "exit_effect",
    ]
    if r.judgement["achievement"].isna().all():
        cols.remove("achievement")
    out = r.judgement[cols].copy()
    out.index.name = "channel"
    return out


def after_table(r: RecommendationsReview) -> pd.DataFrame:
    """The channels kept: action, sales, shares before and after."""
    out = r.after.copy()
    out.index.name = "channel"
    return out
