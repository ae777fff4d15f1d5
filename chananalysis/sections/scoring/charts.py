"""Section 02's charts: factor heatmap, composite index against the bands, growth against
profit, and how often each action holds under redrawn weights.

Each takes a result table of `chananalysis.methods.scoring` or
`chananalysis.methods.sensitivity` and returns a matplotlib Figure; labels come from the
message catalogue, channel names pass through `chananalysis.display.formatting.label`.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import PercentFormatter

from chananalysis.display.charts import bar_figsize, page_figsize
from chananalysis.display.formatting import label
from chananalysis.display.theme import PALETTE, tick_labels
from chananalysis.i18n import t

__all__ = ["composite_chart", "factor_chart", "growth_profit_chart", "sensitivity_chart"]


_ACTION_COLORS = {"deepen": PALETTE[2], "optimize": PALETTE[0], "exit": PALETTE[3]}


def _wrap(label: str) -> str:
    """A header on at most a few short lines: a parenthesis on a line of its own (so
    Chinese, which has no spaces, wraps too), English at about 18 characters."""
    label = label.replace("（", "\n（").replace(" (", "\n(")
    return "\n".join(textwrap.fill(part, 18) for part in label.split("\n"))


def factor_chart(scores: pd.DataFrame, lang: str) -> plt.Figure:
    """The four factor indices (W, X, Y, Z) per channel, 100 = average, centred at 100."""
    data = scores[["W", "X", "Y", "Z"]].copy()
    data.index = tick_labels(data.index)
    data.columns = [t(f"cs_col_{c}", lang) for c in data.columns]
    fig, ax = plt.subplots(figsize=bar_figsize(len(data), per_row=0.5, extra=1.6))
    span = max(float((data - 100).abs().max().max()), 1.0)
    sns.heatmap(
        data,
        annot=True,
        fmt=".0f",
        cmap="RdYlGn",
        center=100,
        vmin=100 - span,
        vmax=100 + span,
        linewidths=0.5,
        cbar_kws={"shrink": 0.8},
        ax=ax,
    )
    ax.set_title(t("cs_chart_factors", lang))
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    # long English names wrap on two lines, level, instead of standing on end
    ax.set_xticklabels([_wrap(c) for c in data.columns], rotation=0)
    fig.tight_layout()
    return fig


def composite_chart(scores: pd.DataFrame, bands: tuple[float, float], lang: str) -> plt.Figure:
    """Composite I per channel, coloured by action, with the two band edges drawn."""
    s = scores.sort_values("I")
    fig, ax = plt.subplots(figsize=bar_figsize(len(s), extra=1.5))
    ax.barh(tick_labels(s.index), s["I"], color=[_ACTION_COLORS[a] for a in s["action"]])
    for y, v in enumerate(s["I"]):
        ax.text(v, y, f" {v:.1f}", va="center", fontsize=9)
    low, high = bands
    for x, key in ((low, "cs_band_exit"), (high, "cs_band_deepen")):
        ax.axvline(x, color="#444444", ls="--", lw=1)
        ax.text(x, len(s) - 0.45, " " + t(key, lang, x=x), fontsize=8, va="bottom")
    ax.set_ylim(-0.6, len(s) + 0.15)  # the band labels inside the frame, clear of the title
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in _ACTION_COLORS.values()]
    ax.legend(
        handles,
        [t(f"cs_action_{a}", lang) for a in _ACTION_COLORS],
        fontsize=8,
        frameon=False,
        loc="lower right",
    )
    ax.set_xlim(0, max(float(s["I"].max()) * 1.15, high * 1.1))
    ax.set_title(t("cs_chart_composite", lang))
    ax.set_xlabel(t("cs_col_I", lang))
    fig.tight_layout()
    return fig


def growth_profit_chart(scores: pd.DataFrame, lang: str) -> plt.Figure:
    """Growth index Y against profitability X, bubbles sized by sales, 100 lines drawn."""
    fig, ax = plt.subplots(figsize=page_figsize(4.6))
    size = 2500 * scores["sales"] / scores["sales"].max()
    ax.scatter(
        scores["X"],
        scores["Y"],
        s=size.clip(lower=40),
        alpha=0.55,
        color=[_ACTION_COLORS[a] for a in scores["action"]],
        edgecolor="white",
    )
    for name, row in scores.iterrows():
        ax.annotate(label(name), (row["X"], row["Y"]), fontsize=9, ha="center", va="center")
    ax.axvline(100, color="#888888", lw=0.8)
    ax.axhline(100, color="#888888", lw=0.8)
    ax.set_xlabel(t("cs_col_X", lang))
    ax.set_ylabel(t("cs_col_Y", lang))
    ax.set_title(t("cs_chart_bubble", lang))
    ax.margins(0.18)
    fig.tight_layout()
    return fig


def sensitivity_chart(sens: pd.DataFrame, lang: str) -> plt.Figure:
    """Stacked probability of each action under weight draws; fragile channels marked."""
    s = sens.iloc[::-1]
    names = [label(n) + (" *" if f else "") for n, f in zip(s.index, s["fragile"], strict=True)]
    fig, ax = plt.subplots(figsize=bar_figsize(len(s), extra=1.6))
    left = pd.Series(0.0, index=s.index)
    for act in ("exit", "optimize", "deepen"):
        ax.barh(
            names,
            s[f"p_{act}"],
            left=left,
            color=_ACTION_COLORS[act],
            label=t(f"cs_action_{act}", lang),
        )
        left = left + s[f"p_{act}"]
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1)
    ax.set_title(t("cs_chart_sensitivity", lang))
    ax.legend(fontsize=8, frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    if s["fragile"].any():
        fig.text(0.01, 0.01, t("cs_fragile_mark", lang), fontsize=8)
    fig.tight_layout()
    return fig
