"""Section 01's charts: expense structure and achievement by channel, dealers' solvency,
days of inventory, terminal coverage, and the rebate ladder with its cliffs.

Each takes a part of `chananalysis.sections.diagnosis.review.DiagnosisReview` and returns
a matplotlib Figure (or ``None`` when there is nothing to draw); labels come from the
catalogue, names pass through `chananalysis.display.theme.tick_labels`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from chananalysis.display.charts import bar_figsize, page_figsize
from chananalysis.display.formatting import label
from chananalysis.display.money import Money
from chananalysis.display.theme import PALETTE, tick_labels
from chananalysis.i18n import t
from chananalysis.methods.rebates import tiered_rebate

__all__ = ["coverage_chart", "expenses_chart", "health_chart", "rebate_chart", "stock_chart"]

_RISK_COLORS = {"high": PALETTE[3], "watch": PALETTE[1], "sound": PALETTE[2], "unknown": "#999999"}
_GROUPS = (("rate_sales_mgmt", 0), ("rate_promotion", 1), ("rate_other", 7))


def expenses_chart(performance: pd.DataFrame, lang: str) -> plt.Figure | None:
    """Left: each channel's expense rate split into the seed's three groups; right: its
    achievement of target against the 100 % line; ``None`` when the client gave neither
    expenses nor targets."""
    p = performance.drop(index="__total__", errors="ignore")
    if p["expense_rate"].isna().all() and p["achievement"].isna().all():
        return None
    p = p.sort_values("sales")
    names = tick_labels(p.index)
    fig, (ax, ax2) = plt.subplots(
        1, 2, figsize=bar_figsize(len(p), extra=1.6), sharey=True, width_ratios=(3, 2)
    )
    left = np.zeros(len(p))
    for col, color in _GROUPS:
        values = p[col].fillna(0).to_numpy()
        ax.barh(names, values, left=left, color=PALETTE[color], label=t(f"dg_col_{col}", lang))
        left += values
    for y, v in enumerate(p["expense_rate"]):
        if pd.notna(v):
            ax.text(v, y, f" {v:.1%}", va="center", fontsize=8)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max(float(np.nanmax(left)) * 1.25, 0.05))
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    ax.set_xlabel(t("dg_col_expense_rate", lang))
    ach = p["achievement"]
    colors = [PALETTE[2] if a >= 1 else PALETTE[3] for a in ach.fillna(0)]
    ax2.barh(names, ach.fillna(0), color=colors)
    ax2.axvline(1.0, color="#444444", lw=0.9, ls="--")
    for y, v in enumerate(ach):
        if pd.notna(v):
            ax2.text(v, y, f" {v:.0%}", va="center", fontsize=8)
    ax2.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax2.set_xlim(0, max(float(ach.max(skipna=True) or 1) * 1.25, 1.2))
    ax2.set_xlabel(t("dg_legend_achievement", lang))
    fig.suptitle(t("dg_chart_expenses", lang), fontsize=11)
    fig.tight_layout()
    return fig


def health_chart(ratios: pd.DataFrame, risk: pd.DataFrame, rules: dict, lang: str) -> plt.Figure:
    """Each dealer at (current ratio, debt to equity), coloured by risk, with the risk
    limits as lines; the dealers at high risk named. Values beyond the frame are drawn
    at its edge."""
    df = ratios[["current_ratio", "debt_to_equity"]].join(risk["risk"])
    df = df.dropna(subset=["current_ratio"])
    x_max = max(3.0, float(df["current_ratio"].quantile(0.95)) * 1.1) if len(df) else 3.0
    y_max = max(3.0, float(df["debt_to_equity"].quantile(0.95)) * 1.1) if len(df) else 3.0
    x = df["current_ratio"].clip(upper=x_max)
    y = df["debt_to_equity"].fillna(y_max).clip(upper=y_max)  # negative equity: at the top
    fig, ax = plt.subplots(figsize=page_figsize(4.2))
    for level, color in _RISK_COLORS.items():
        mine = df["risk"] == level
        if mine.any():
            ax.scatter(x[mine], y[mine], s=36, color=color, label=t(f"dg_risk_{level}", lang))
    cr, de = rules.get("current_ratio"), rules.get("debt_to_equity")
    if cr:
        ax.axvline(cr[1], color="#444444", lw=0.9, ls="--")
    if de:
        ax.axhline(de[1], color="#444444", lw=0.9, ls="--", label=t("dg_legend_limit", lang))
    for dealer in df.index[df["risk"] == "high"][:12]:
        ax.annotate(
            label(dealer),
            (x[dealer], y[dealer]),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    ax.set_xlim(0, x_max * 1.05)
    ax.set_ylim(0, y_max * 1.08)
    ax.set_xlabel(t("dg_ratio_current_ratio", lang))
    ax.set_ylabel(t("dg_ratio_debt_to_equity", lang))
    ax.set_title(t("dg_chart_health", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    fig.tight_layout()
    return fig


def stock_chart(by_dealer: pd.DataFrame, lang: str, *, top: int = 15) -> plt.Figure | None:
    """Days of inventory per dealer (highest first, at most ``top``); dealers whose stock
    flow does not reconcile in red; ``None`` when no dealer's days can be computed."""
    d = by_dealer.dropna(subset=["days_of_inventory"])
    if d.empty:
        return None
    d = d.sort_values("days_of_inventory", ascending=False).head(top).iloc[::-1]
    bad = (d["mismatches"] + d["carry_breaks"]) > 0
    colors = [PALETTE[3] if b else PALETTE[0] for b in bad]
    fig, ax = plt.subplots(figsize=bar_figsize(len(d), per_row=0.32))
    ax.barh(tick_labels(d.index), d["days_of_inventory"], color=colors)
    for yv, v in enumerate(d["days_of_inventory"]):
        ax.text(v, yv, f" {v:,.0f}", va="center", fontsize=8)
    if bad.any():
        patch = Patch(color=PALETTE[3], label=t("dg_legend_mismatch", lang))
        ax.legend(handles=[patch], fontsize=8, frameon=False, loc="lower right")
    ax.set_xlabel(t("dg_axis_days", lang))
    ax.set_title(t("dg_chart_stock", lang))
    fig.tight_layout()
    return fig


def coverage_chart(by_territory: pd.DataFrame, lang: str, *, top: int = 20) -> plt.Figure | None:
    """Terminal coverage per territory, lowest at the top (at most ``top``); ``None``
    when no territory's coverage is known."""
    d = by_territory.dropna(subset=["terminal_rate"])
    if d.empty:
        return None
    d = d.sort_values("terminal_rate").head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=bar_figsize(len(d), per_row=0.32))
    median = float(d["terminal_rate"].median())
    colors = [PALETTE[3] if v < median else PALETTE[0] for v in d["terminal_rate"]]
    ax.barh(tick_labels(d.index), d["terminal_rate"], color=colors)
    for yv, v in enumerate(d["terminal_rate"]):
        ax.text(v, yv, f" {v:.0%}", va="center", fontsize=8)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max(1.0, float(d["terminal_rate"].max()) * 1.12))
    ax.set_title(t("dg_chart_coverage", lang))
    fig.tight_layout()
    return fig


def rebate_chart(
    tiers: pd.DataFrame, volumes: pd.Series | None, lang: str, *, currency: str = "CNY"
) -> plt.Figure:
    """The rebate against volume, whole-volume (with its steps, the cliffs) and marginal,
    with each dealer's volume on the whole-volume line."""
    top = float(tiers["threshold"].max()) * 1.3
    if volumes is not None and len(volumes):
        top = max(top, float(volumes.max()) * 1.05)
    grid = pd.Series(
        np.unique(
            np.concatenate(
                [
                    np.linspace(0, top, 600),
                    tiers["threshold"].to_numpy(dtype=float),
                    np.maximum(tiers["threshold"].to_numpy(dtype=float) - top / 2000, 0),
                ]
            )
        )
    )
    whole = tiered_rebate(grid, tiers, mode="whole")
    marginal = tiered_rebate(grid, tiers, mode="marginal")
    fig, ax = plt.subplots(figsize=page_figsize(3.8))
    ax.plot(grid, whole, color=PALETTE[3], lw=1.6, label=t("dg_legend_whole", lang))
    ax.plot(grid, marginal, color=PALETTE[0], lw=1.6, label=t("dg_legend_marginal", lang))
    if volumes is not None and len(volumes):
        ax.scatter(
            volumes,
            tiered_rebate(volumes, tiers, mode="whole"),
            s=14,
            color=PALETTE[1],
            zorder=3,
            label=t("dg_legend_dealers", lang),
        )
    for th in tiers["threshold"]:
        if th > 0:
            ax.axvline(th, color="#BBBBBB", lw=0.7, ls=":")
    money = Money(lang, currency)  # both axes in the reader's units (万元, CNY m)
    ax.set_xlabel(money.header(t("dg_axis_volume", lang), money.axis(ax.xaxis, grid)))
    rebates = ax.get_ylim()[1]
    ax.set_ylabel(money.header(t("dg_axis_rebate", lang), money.axis(ax.yaxis, [rebates])))
    ax.set_title(t("dg_chart_rebate", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    fig.tight_layout()
    return fig
