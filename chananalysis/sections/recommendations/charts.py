"""Section 05's chart: where the money is — the money at stake of each recommendation
that has one, coloured by priority.

Takes `chananalysis.sections.recommendations.review.RecommendationsReview` and returns a
matplotlib Figure (``None`` when no recommendation carries money).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from chananalysis.display.charts import bar_figsize
from chananalysis.display.formatting import label
from chananalysis.display.money import Money
from chananalysis.display.theme import PALETTE
from chananalysis.i18n import t

__all__ = ["money_chart"]

_PRIORITY_COLORS = {1: PALETTE[3], 2: PALETTE[1], 3: PALETTE[0]}


def money_chart(
    table: pd.DataFrame, lang: str, *, top: int = 12, currency: str = "CNY"
) -> plt.Figure | None:
    """Horizontal bars, largest first: money at stake per recommendation (at most
    ``top``), each labelled with its subject and area; ``None`` when no recommendation
    puts money at stake."""
    m = table.dropna(subset=["amount"])
    m = m[m["amount"] > 0].sort_values("amount", ascending=False).head(top).iloc[::-1]
    if m.empty:
        return None
    names = []
    for _, row in m.iterrows():
        subject = str(row["subject"]).split("|")[0] or t(f"rc_subject_{row['kind']}", lang)
        names.append(label(f"{subject[:24]} · {t('rc_area_' + row['area'], lang)}"))
    fig, ax = plt.subplots(figsize=bar_figsize(len(m), per_row=0.4))
    ax.barh(range(len(m)), m["amount"], color=[_PRIORITY_COLORS[p] for p in m["priority"]])
    ax.set_yticks(range(len(m)), names, fontsize=8)
    money = Money(lang, currency)
    unit = money.axis(ax.xaxis, m["amount"])
    for y, v in enumerate(m["amount"]):
        ax.text(v, y, " " + unit.tick(v), va="center", fontsize=8)
    ax.set_xlim(0, float(m["amount"].max()) * 1.15)
    ax.set_xlabel(money.header(t("rc_axis_amount", lang), unit))
    ax.set_title(t("rc_chart_money", lang))
    shown = sorted(set(m["priority"]))
    ax.legend(
        handles=[
            Patch(color=_PRIORITY_COLORS[p], label=t(f"rc_priority_{p}", lang)) for p in shown
        ],
        fontsize=8,
        frameon=False,
        loc="lower right",
    )
    fig.tight_layout()
    return fig
