"""Section 04's charts: authorisation issues by territory and month, the diversion flow
matrix, the dealers who divert most, incidents by month, arbitrage gaps and dumping.

Each takes a part of `chananalysis.sections.conflict.review.ConflictReview` and returns a
matplotlib Figure, or ``None`` when there is nothing to draw (``S.figure`` then shows
nothing); labels come from the catalogue, names pass through
`chananalysis.display.theme.tick_labels`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from chananalysis.display.charts import bar_figsize, integer_axis, page_figsize
from chananalysis.display.theme import PALETTE, tick_labels
from chananalysis.i18n import t

__all__ = [
    "arbitrage_chart",
    "authorization_chart",
    "dealers_chart",
    "dumping_chart",
    "flows_chart",
    "months_chart",
]

_SEVERITY_COLORS = {"normal": PALETTE[2], "watch": PALETTE[1], "dangerous": PALETTE[3]}


def authorization_chart(by_month: pd.DataFrame, lang: str) -> plt.Figure | None:
    """Heat map territory × month: overlap days in red, blind-spot days in blue; only the
    territories with an issue. ``None`` when there is none."""
    m = by_month.assign(value=by_month["overlap_days"] - by_month["blind_days"])
    bad = m.groupby("territory")["value"].apply(lambda v: (v != 0).any())
    m = m[m["territory"].isin(bad[bad].index)]
    if m.empty:
        return None
    grid = m.pivot_table(index="territory", columns="month", values="value", aggfunc="sum")
    grid.columns = [pd.Timestamp(c).strftime("%Y-%m") for c in grid.columns]
    limit = max(float(np.nanmax(np.abs(grid.to_numpy()))), 1.0)
    fig, ax = plt.subplots(figsize=bar_figsize(len(grid), per_row=0.42, extra=1.6))
    im = ax.imshow(grid.to_numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_yticks(range(len(grid)), tick_labels(grid.index))
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=45, ha="right", fontsize=8)
    for (i, j), v in np.ndenumerate(grid.to_numpy()):
        if v:
            ax.text(j, i, f"{abs(v):.0f}", ha="center", va="center", fontsize=7)
    ax.grid(False)
    bar = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    integer_axis(bar.ax, "y")  # days
    ax.set_title(t("cf_chart_auth", lang), fontsize=10)
    fig.tight_layout()
    return fig


def _word(name: object, lang: str) -> str:
    if name == "unauthorised":
        return t("cf_unauthorised", lang)
    return str(name)


def flows_chart(flows: pd.DataFrame, lang: str, *, top: int = 12) -> plt.Figure | None:
    """The from → to matrix of diverted units, the busiest rows and columns; ``None``
    when no unit was diverted."""
    f = flows.fillna(0)
    if f.to_numpy().sum() == 0:
        return None
    rows = f.sum(axis=1).sort_values(ascending=False).head(top).index
    cols = f.sum(axis=0).sort_values(ascending=False).head(top).index
    g = f.loc[rows, cols]
    g = g.loc[g.sum(axis=1) > 0, g.sum(axis=0) > 0]
    fig, ax = plt.subplots(figsize=bar_figsize(len(g), per_row=0.42, extra=2.0))
    ax.imshow(g.to_numpy(), cmap="Reds", aspect="auto")
    ax.set_yticks(range(len(g)), tick_labels(pd.Index([_word(x, lang) for x in g.index])))
    ax.set_xticks(
        range(len(g.columns)),
        tick_labels(pd.Index([_word(x, lang) for x in g.columns])),
        rotation=45,
        ha="right",
        fontsize=8,
    )
    peak = g.to_numpy().max()
    for (i, j), v in np.ndenumerate(g.to_numpy()):
        if v:
            color = "white" if v > peak * 0.6 else "black"
            ax.text(j, i, f"{v:,.0f}", ha="center", va="center", fontsize=7, color=color)
    ax.grid(False)
    ax.set_title(t("cf_chart_flows", lang), fontsize=10)
    fig.tight_layout()
    return fig


def dealers_chart(
    by_dealer: pd.DataFrame, severity: tuple[float, float], lang: str, *, top: int = 15
) -> plt.Figure | None:
    """Horizontal bars: the diversion rate of the dealers who divert most, coloured by
    severity, with the two band lines; ``None`` when no dealer diverted."""
    d = by_dealer[by_dealer["diverted_units"] > 0]
    if d.empty:
        return None
    d = d.sort_values("diversion_rate", ascending=False, kind="stable").head(top)[::-1]
    fig, ax = plt.subplots(figsize=bar_figsize(len(d), per_row=0.36, extra=1.3))
    colors = [_SEVERITY_COLORS.get(s, PALETTE[0]) for s in d["severity"]]
    ax.barh(tick_labels(d.index), d["diversion_rate"], color=colors)
    for y, v in enumerate(d["diversion_rate"]):
        ax.text(v, y, f" {v:.1%}", va="center", fontsize=8)
    for x, key in zip(severity, ("cf_severity_watch", "cf_severity_dangerous"), strict=True):
        ax.axvline(x, color="grey", linestyle="--", linewidth=1)
        ax.text(x, len(d) - 0.4, f" {t(key, lang)} {x:.0%}", fontsize=8, color="grey")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max(float(d["diversion_rate"].max()) * 1.2, severity[1] * 1.3))
    ax.set_title(t("cf_chart_dealers", lang))
    fig.tight_layout()
    return fig


def months_chart(incidents: pd.DataFrame, lang: str) -> plt.Figure | None:
    """Bars of diverted units per month, with the number of incidents above each;
    ``None`` when there is no incident."""
    if incidents.empty:
        return None
    by = incidents.groupby("month", sort=True).agg(
        units=("units", "sum"), incidents=("incident", "size")
    )
    labels = [pd.Timestamp(m).strftime("%Y-%m") for m in by.index]
    fig, ax = plt.subplots(figsize=page_figsize(3.2))
    ax.bar(labels, by["units"], color=PALETTE[3])
    for x, (u, n) in enumerate(zip(by["units"], by["incidents"], strict=True)):
        ax.text(x, u, f"{n}", ha="center", va="bottom", fontsize=8)
    ax.set_ylabel(t("cf_axis_units", lang))
    integer_axis(ax, "y")
    ax.tick_params(axis="x", rotation=45, labelsize=8)
    ax.set_title(t("cf_chart_months", lang))
    fig.tight_layout()
    return fig


def arbitrage_chart(arbitrage: pd.DataFrame, lang: str, *, top: int = 12) -> plt.Figure | None:
    """Horizontal bars: the per-unit gap of the pairs with an incentive, largest first;
    ``None`` when no pair has one."""
    a = arbitrage[arbitrage["incentive"]]
    if a.empty:
        return None
    a = a.sort_values("gap", ascending=False, kind="stable").head(top)[::-1]
    names = pd.Index([f"{s} → {d}" for s, d in zip(a["source"], a["destination"], strict=True)])
    fig, ax = plt.subplots(figsize=bar_figsize(len(a), per_row=0.36, extra=1.3))
    ax.barh(tick_labels(names), a["gap"], color=PALETTE[1])
    for y, v in enumerate(a["gap"]):
        ax.text(v, y, f" {v:,.2f}", va="center", fontsize=8)
    ax.set_xlim(0, float(a["gap"].max()) * 1.2)
    ax.set_title(t("cf_chart_arbitrage", lang))
    fig.tight_layout()
    return fig


def dumping_chart(breaches: pd.DataFrame, lang: str, *, top: int = 12) -> plt.Figure | None:
    """Horizontal bars: observations below the floor by territory and channel; ``None``
    when no price is below its floor."""
    if breaches.empty:
        return None
    g = breaches.groupby(["territory", "channel"]).size().sort_values(ascending=False)
    g = g.head(top)[::-1]
    names = pd.Index([f"{a} · {b}" for a, b in g.index])
    fig, ax = plt.subplots(figsize=bar_figsize(len(g), per_row=0.36, extra=1.3))
    ax.barh(tick_labels(names), g.to_numpy(), color=PALETTE[3])
    for y, v in enumerate(g.to_numpy()):
        ax.text(v, y, f" {v}", va="center", fontsize=8)
    integer_axis(ax, "x")  # observations below the floor
    ax.set_title(t("cf_chart_dumping", lang))
    fig.tight_layout()
    return fig
