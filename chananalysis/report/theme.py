"""Our seaborn theme, the bundled CJK font, and the report's charts.

`use_theme` is called by each section (never at import): it registers Noto Sans CJK SC
— shipped inside the ``mplfonts`` wheel, so no root and no system font is needed — and
sets our palette. Charts take result tables and return a matplotlib Figure; labels come
from the message catalogue, client names pass through `formatting.label`.

Examples
--------
>>> use_theme()
'Noto Sans CJK SC'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter, PercentFormatter

from chananalysis.report.formatting import label
from chananalysis.i18n import join_items, t

__all__ = [
    "PALETTE",
    "composite_chart",
    "cost_structure_chart",
    "factor_heatmap",
    "font_path",
    "growth_chart",
    "growth_profit_chart",
    "sales_mix_chart",
    "sensitivity_chart",
    "use_theme",
]

#: Ours: a deep blue for the main series, then warm and green accents; colour-blind safe
#: order for the first four.
PALETTE = ["#1F4E79", "#E07B39", "#3A9E6F", "#C44E52", "#8172B3", "#937860", "#5DA5DA",
           "#B8B8B8"]
FONT_NAME = "Noto Sans CJK SC"


@cache
def font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font (SIL Open Font License)."""
    return Path(str(resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"))


def use_theme() -> str:
    """Register the CJK font and apply our seaborn theme; returns the font family name."""
    path = font_path()
    if FONT_NAME not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    sns.set_theme(
        style="whitegrid", palette=PALETTE, font=FONT_NAME,
        rc={
            "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
            "axes.unicode_minus": False,  # the CJK font has no U+2212 minus sign
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "figure.figsize": (7.5, 3.6),
            "axes.titlesize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
        },
    )
    return FONT_NAME


def _names(index: pd.Index) -> list[str]:
    return [label(v) for v in index]


def sales_mix_chart(portfolio: pd.DataFrame, lang: str) -> plt.Figure:
    """Horizontal bars: each channel's share of sales, largest first."""
    p = portfolio.sort_values("share")
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(p) + 1.2))
    ax.barh(_names(p.index), p["share"], color=PALETTE[0])
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
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * max(len(p), 1) + 1.4))
    colors = [PALETTE[2] if g >= 0 else PALETTE[3] for g in p["growth"]]
    ax.barh(_names(p.index), p["growth"], color=colors)
    if pd.notna(company_growth):
        ax.axvline(company_growth, color=PALETTE[1], ls="--", lw=1.2,
                   label=t("ov_company_growth", lang, g=company_growth))
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.axvline(0, color="#444444", lw=0.8)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(t("ov_chart_growth", lang))
    ax.set_xlabel(t("col_growth", lang))
    new = portfolio.index[portfolio["growth"].isna()]
    if len(new):
        fig.text(0.01, 0.01, t("ov_new_channels_note", lang,
                               names=join_items((label(n) for n in new), lang)), fontsize=8)
    fig.tight_layout(rect=(0, 0.04 if len(new) else 0, 1, 1))
    return fig


def cost_structure_chart(portfolio: pd.DataFrame, lang: str) -> plt.Figure:
    """Stacked bars per channel: variable cost, fixed cost and profit make up sales
    (a loss shows as a negative bar)."""
    p = portfolio.sort_values("sales", ascending=False)
    names = _names(p.index)
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    ax.bar(names, p["variable_cost"], color=PALETTE[1], label=t("col_variable_cost", lang))
    ax.bar(names, p["fixed_cost"], bottom=p["variable_cost"], color=PALETTE[5],
           label=t("col_fixed_cost", lang))
    profit = p["profit"]
    gain = profit.clip(lower=0)
    ax.bar(names, gain, bottom=p["variable_cost"] + p["fixed_cost"], color=PALETTE[2],
           label=t("col_profit", lang))
    loss = (-profit).clip(lower=0)
    if (loss > 0).any():  # the part of the costs that sales do not cover, hatched on top
        ax.bar(names, loss, bottom=p["sales"], color="none", edgecolor=PALETTE[3],
               hatch="///", lw=1.0, label=t("ov_loss_label", lang))
        ax.bar(names, [0] * len(names), bottom=p["sales"], color="none")
        for x, (s_, l_) in enumerate(zip(p["sales"], loss, strict=True)):
            if l_ > 0:
                ax.hlines(s_, x - 0.4, x + 0.4, color="#222222", lw=1.2)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e4:,.0f}"))
    ax.set_ylabel(t("ov_axis_10k", lang))
    ax.set_title(t("ov_chart_costs", lang))
    ax.legend(fontsize=8, frameon=False, ncols=3, loc="upper right")
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    fig.tight_layout()
    return fig


_ACTION_COLORS = {"deepen": PALETTE[2], "optimize": PALETTE[0], "exit": PALETTE[3]}


def factor_heatmap(scores: pd.DataFrame, lang: str) -> plt.Figure:
    """The four factor indices (W, X, Y, Z) per channel, 100 = average, centred at 100."""
    data = scores[["W", "X", "Y", "Z"]].copy()
    data.index = _names(data.index)
    data.columns = [t(f"col_{c}", lang) for c in data.columns]
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(data) + 1.6))
    span = max(float((data - 100).abs().max().max()), 1.0)
    sns.heatmap(data, annot=True, fmt=".0f", cmap="RdYlGn", center=100, vmin=100 - span,
                vmax=100 + span, linewidths=0.5, cbar_kws={"shrink": 0.8}, ax=ax)
    ax.set_title(t("cs_chart_factors", lang))
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    fig.tight_layout()
    return fig


def composite_chart(scores: pd.DataFrame, bands: tuple[float, float], lang: str) -> plt.Figure:
    """Composite I per channel, coloured by action, with the two band edges drawn."""
    s = scores.sort_values("I")
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(s) + 1.5))
    ax.barh(_names(s.index), s["I"], color=[_ACTION_COLORS[a] for a in s["action"]])
    for y, v in enumerate(s["I"]):
        ax.text(v, y, f" {v:.1f}", va="center", fontsize=9)
    low, high = bands
    for x, key in ((low, "cs_band_exit"), (high, "cs_band_deepen")):
        ax.axvline(x, color="#444444", ls="--", lw=1)
        ax.text(x, len(s) - 0.4, " " + t(key, lang, x=x), fontsize=8, va="bottom")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in _ACTION_COLORS.values()]
    ax.legend(handles, [t(f"action_{a}", lang) for a in _ACTION_COLORS], fontsize=8,
              frameon=False, loc="lower right")
    ax.set_xlim(0, max(float(s["I"].max()) * 1.15, high * 1.1))
    ax.set_title(t("cs_chart_composite", lang))
    ax.set_xlabel(t("col_I", lang))
    fig.tight_layout()
    return fig


def growth_profit_chart(scores: pd.DataFrame, lang: str) -> plt.Figure:
    """Growth index Y against profitability X, bubbles sized by sales, 100 lines drawn."""
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    size = 2500 * scores["sales"] / scores["sales"].max()
    ax.scatter(scores["X"], scores["Y"], s=size.clip(lower=40), alpha=0.55,
               color=[_ACTION_COLORS[a] for a in scores["action"]], edgecolor="white")
    for name, row in scores.iterrows():
        ax.annotate(label(name), (row["X"], row["Y"]), fontsize=9, ha="center", va="center")
    ax.axvline(100, color="#888888", lw=0.8)
    ax.axhline(100, color="#888888", lw=0.8)
    ax.set_xlabel(t("col_X", lang))
    ax.set_ylabel(t("col_Y", lang))
    ax.set_title(t("cs_chart_bubble", lang))
    ax.margins(0.18)
    fig.tight_layout()
    return fig


def sensitivity_chart(sens: pd.DataFrame, lang: str) -> plt.Figure:
    """Stacked probability of each action under weight draws; fragile channels marked."""
    s = sens.iloc[::-1]
    names = [label(n) + (" *" if f else "") for n, f in zip(s.index, s["fragile"], strict=True)]
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(s) + 1.6))
    left = pd.Series(0.0, index=s.index)
    for act in ("exit", "optimize", "deepen"):
        ax.barh(names, s[f"p_{act}"], left=left, color=_ACTION_COLORS[act],
                label=t(f"action_{act}", lang))
        left = left + s[f"p_{act}"]
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1)
    ax.set_title(t("cs_chart_sensitivity", lang))
    ax.legend(fontsize=8, frameon=False, ncols=3, loc="upper center",
              bbox_to_anchor=(0.5, -0.12))
    if s["fragile"].any():
        fig.text(0.01, 0.01, t("cs_fragile_mark", lang), fontsize=8)
    fig.tight_layout()
    return fig
