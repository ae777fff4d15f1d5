"""Section 00's charts: the sales mix, growth on the prior period, and how each channel's
sales split into costs and profit.

Each takes `chananalysis.methods.portfolio.channel_portfolio`'s table and returns a
matplotlib Figure; labels come from the message catalogue.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import PercentFormatter

from chananalysis.display.charts import bar_figsize, page_figsize
from chananalysis.display.formatting import label
from chananalysis.display.money import Money
from chananalysis.display.theme import PALETTE, tick_labels
from chananalysis.i18n import join_items, t

__all__ = ["cost_structure_chart", "growth_chart", "sales_mix_chart"]


def sales_mix_chart(portfolio: pd.DataFrame, lang: str) -> plt.Figure:
    """Horizontal bars: each channel's share of sales, largest first."""
    p = portfolio.sort_values("share")
    fig, ax = plt.subplots(figsize=bar_figsize(len(p), extra=1.2))
    ax.barh(tick_labels(p.index), p["share"], color=PALETTE[0])
    for y, v in enumerate(p["share"]):
        ax.text(v, y, f" {v:.1%}", va="center", fontsize=9)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max(p["share"].max() * 1.18, 0.05))
    ax.set_title(t("ov_chart_mix", lang))
    ax.set_xlabel(t("col_share", lang))
    ax.set_ylabel("")
    fig.tight_layout()
    return fig


def growth_chart(portfolio: pd.DataFrame, company_growth: float, lang: str) -> plt.Figure:
    """Bars of each channel's growth against the prior period, with the company's line;
    new channels (no prior sales) are listed, not drawn."""
    p = portfolio.dropna(subset=["growth"]).sort_values("growth")
    fig, ax = plt.subplots(figsize=bar_figsize(len(p), min_rows=1))
    colors = [PALETTE[2] if g >= 0 else PALETTE[3] for g in p["growth"]]
    ax.barh(tick_labels(p.index), p["growth"], color=colors)
    if pd.notna(company_growth):
        ax.axvline(
            company_growth,
            color=PALETTE[1],
            ls="--",
            lw=1.2,
            label=t("ov_company_growth", lang, g=company_growth),
        )
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.axvline(0, color="#444444", lw=0.8)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(t("ov_chart_growth", lang))
    ax.set_xlabel(t("col_growth", lang))
    new = portfolio.index[portfolio["growth"].isna()]
    if len(new):
        fig.text(
            0.01,
            0.01,
            t("ov_new_channels_note", lang, names=join_items((label(n) for n in new), lang)),
            fontsize=8,
        )
    fig.tight_layout(rect=(0, 0.04 if len(new) else 0, 1, 1))
    return fig


def cost_structure_chart(
    portfolio: pd.DataFrame, lang: str, *, currency: str = "CNY"
) -> plt.Figure:
    """Stacked bars per channel: variable cost, fixed cost and profit make up sales
    (a loss shows as a negative bar)."""
    p = portfolio.sort_values("sales", ascending=False)
    names = tick_labels(p.index)
    fig, ax = plt.subplots(figsize=page_figsize(3.8))
    ax.bar(names, p["variable_cost"], color=PALETTE[1], label=t("ov_col_variable_cost", lang))
    ax.bar(
        names,
        p["fixed_cost"],
        bottom=p["variable_cost"],
        color=PALETTE[5],
        label=t("ov_col_fixed_cost", lang),
    )
    profit = p["profit"]
    gain = profit.clip(lower=0)
    ax.bar(
        names,
        gain,
        bottom=p["variable_cost"] + p["fixed_cost"],
        color=PALETTE[2],
        label=t("col_profit", lang),
    )
    loss = (-profit).clip(lower=0)
    if (loss > 0).any():  # the part of the costs that sales do not cover, hatched on top
        ax.bar(
            names,
            loss,
            bottom=p["sales"],
            color="none",
            edgecolor=PALETTE[3],
            hatch="///",
            lw=1.0,
            label=t("ov_loss_label", lang),
        )
        ax.bar(names, [0] * len(names), bottom=p["sales"], color="none")
        for x, (s_, l_) in enumerate(zip(p["sales"], loss, strict=True)):
            if l_ > 0:
                ax.hlines(s_, x - 0.4, x + 0.4, color="#222222", lw=1.2)
    money = Money(lang, currency)
    ax.set_ylabel(money.header(t("ov_axis_amount", lang), money.axis(ax.yaxis, [ax.get_ylim()[1]])))
    ax.set_title(t("ov_chart_costs", lang))
    ax.legend(fontsize=8, frameon=False, ncols=3, loc="upper right")
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    fig.tight_layout()
    return fig
