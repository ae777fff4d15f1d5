"""Section 05's charts: where the money is — the money at stake of each recommendation
that has one, coloured by priority; and the roadmap — one bar per decision from the day
it can start to the day it is due, coloured by owner.

Each returns a matplotlib Figure (``None`` when there is nothing to draw); labels come
from the catalogue, client names pass through `chananalysis.display.formatting.label`.
The section applies the theme and its CJK font (`chananalysis.display.theme.use_theme`).
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from chananalysis.display.charts import bar_figsize
from chananalysis.display.formatting import label
from chananalysis.display.theme import PALETTE
from chananalysis.i18n import t
from chananalysis.sections.recommendations import text

__all__ = ["roadmap_chart"]

_PRIORITY_COLORS = {1: PALETTE[3], 2: PALETTE[1], 3: PALETTE[0]}


#: Each owner role's colour in the roadmap (an owner outside the list takes the grey).
OWNER_COLORS = {
    "sales_director": PALETTE[0],
    "regional_manager": PALETTE[1],
    "channel_manager": PALETTE[2],
    "finance": PALETTE[3],
    "marketing": PALETTE[4],
}
#: The days marked on the roadmap's axis: the horizons a decision can have.
HORIZONS = (30, 90, 180, 365)


def roadmap_chart(
    decisions: pd.DataFrame,
    lang: str,
    names: Mapping[str, str] | None = None,
    *,
    owners: Mapping[str, str] | None = None,
) -> plt.Figure | None:
    """A Gantt-like roadmap: one horizontal bar per decision from the day it can start
    (its dependencies done) to the day it is due, first to start at the top, coloured by
    owner; each labelled with what to do and to what, in the report language.

    Parameters
    ----------
    decisions
        The decisions frame (the decision schema (`chananalysis.methods.recommendations`)).
    lang
        ``"zh"`` or ``"en"``.
    names
        Dealer id → name.
    owners
        Keyword only: owner role code → the client's own title (the legend).

    Returns
    -------
    matplotlib.figure.Figure or None
        ``None`` when there is no decision.

    Notes
    -----
    Start and end as `chananalysis.sections.recommendations.text.schedule`; gridlines at
    30, 90, 180 and 365 days.

    References
    ----------
    docs/method.md §6.5 (a plan); issue 24 point 6 (a Gantt-like chart).

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["a", "b"], "rank": [1, 2],
    ...     "subject_kind": ["channel", "channel"], "subject": ["KA", "KA"],
    ...     "members": [[], []], "action": ["deepen_channel", "enforce_price_floor"],
    ...     "owner": ["sales_director", "channel_manager"], "horizon_days": [365, 30],
    ...     "depends_on": [["b"], []]})
    >>> fig = roadmap_chart(d, "en")
    >>> [float(p.get_width()) for p in fig.axes[0].patches]
    [335.0, 30.0]
    >>> plt.close(fig)
    """
    if decisions.empty:
        return None
    when = text.schedule(decisions)
    order = when.sort_values(["start", "end", "order"]).index[::-1]  # first at the top
    rows = decisions.loc[order]
    starts, ends = when.loc[order, "start"], when.loc[order, "end"]
    labels = [
        label(text._cap(text.step_text(row, lang, names=names, markup=False, brief=True)))
        for _, row in rows.iterrows()
    ]
    colors = [OWNER_COLORS.get(str(o), PALETTE[-1]) for o in rows["owner"]]
    fig, ax = plt.subplots(figsize=bar_figsize(len(rows), per_row=0.35, extra=1.6))
    y = range(len(rows))
    ax.barh(y, (ends - starts).tolist(), left=starts.tolist(), color=colors, height=0.6)
    ax.set_yticks(y, labels, fontsize=8)
    last = max(int(ends.max()), HORIZONS[-1])
    for day in HORIZONS:
        ax.axvline(day, color="#888888", linewidth=0.8, linestyle="--", zorder=0)
    ax.set_xticks([0, *HORIZONS] + ([last] if last > HORIZONS[-1] else []))
    ax.set_xlim(0, last * 1.02)
    ax.grid(axis="x", visible=False)
    ax.set_xlabel(t("rc_axis_days", lang))
    ax.set_title(t("rc_chart_roadmap", lang))
    shown = list(dict.fromkeys(rows["owner"][::-1]))
    ax.legend(
        handles=[
            Patch(
                color=OWNER_COLORS.get(str(o), PALETTE[-1]),
                label=label(text.owner_text(str(o), lang, owners)),
            )
            for o in shown
        ],
        fontsize=8,
        frameon=False,
        loc="upper right",  # the first decisions, at the top, are the short ones
    )
    fig.tight_layout()
    return fig
