"""Charts of the dealer evaluation (report section 03).

Each takes results of `chananalysis.sections.dealers.review` and returns a matplotlib Figure in our
theme (`charts.use_theme` is applied by the section); labels come from the message
catalogue and the scorecard, client names pass through `formatting.label`.

Examples
--------
>>> from chananalysis.intake.columns import SHEETS
>>> from chananalysis.sections.dealers.review import review_dealers
>>> kpis = SHEETS["dealer_kpis"].examples()
>>> fig = star_chart(review_dealers(kpis, None), "en")
>>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
['disqualified', '★', '★★', '★★★', '★★★★', '★★★★★']
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from chananalysis.display.charts import bar_figsize, integer_axis, page_figsize
from chananalysis.display.formatting import label
from chananalysis.display.money import Money
from chananalysis.display.theme import PALETTE
from chananalysis.i18n import t
from chananalysis.methods.dealers import market_roles
from chananalysis.sections.dealers.review import DealersReview
from chananalysis.sections.dealers.text import dealer_label, field_label, role_label

__all__ = ["census_chart", "fit_chart", "profile_chart", "size_chart", "star_chart"]

_CLASS_COLORS = {"A": PALETTE[0], "B": PALETTE[2], "C": PALETTE[1], "D": PALETTE[5]}
#: One colour per market role, in the intake's order of roles.
_ROLE_PALETTE = (PALETTE[0], PALETTE[2], PALETTE[1])
_WEAK = PALETTE[3]


def _star_groups(review: DealersReview, lang: str) -> list[tuple[int, str]]:
    """(stars, tick label) from disqualified up to the top band."""
    bands = sorted(b.stars for b in review.card.stars)
    return [(0, t("de_disq_short", lang)), *((s, "★" * s) for s in bands)]


def star_chart(review: DealersReview, lang: str) -> plt.Figure:
    """Bars: dealers per star rating, disqualified first (in red)."""
    stars = review.scores["stars"]  # type: ignore[index]
    groups = _star_groups(review, lang)
    counts = [int((stars == s).sum()) for s, _ in groups]
    fig, ax = plt.subplots(figsize=page_figsize(3.4))
    colors = [PALETTE[3]] + [PALETTE[0]] * (len(groups) - 1)
    ax.bar([g for _, g in groups], counts, color=colors)
    for x, v in enumerate(counts):
        ax.text(x, v, f"{v}", ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, max(max(counts) * 1.15, 1))
    ax.set_ylabel(t("de_axis_dealers", lang))
    ax.set_title(t("de_chart_stars", lang))
    integer_axis(ax, "y")  # dealers
    fig.tight_layout()
    return fig


def profile_chart(review: DealersReview, lang: str) -> plt.Figure:
    """Heatmap: average category score of the dealers at each star rating."""
    import seaborn as sns

    s = review.scores
    cats = review.card.categories
    rows, names = [], []
    for stars, name in reversed(_star_groups(review, lang)):
        sel = s[s["stars"] == stars]  # type: ignore[index]
        if len(sel):
            rows.append(sel[[c.key for c in cats]].mean().to_numpy())
            names.append(f"{name} ({len(sel)})")
    grid = pd.DataFrame(rows, index=names, columns=[label(c.name(lang)) for c in cats])
    fig, ax = plt.subplots(figsize=bar_figsize(len(grid), per_row=0.42, extra=1.6))
    sns.heatmap(
        grid,
        annot=True,
        fmt=".0f",
        cmap="Blues",
        vmin=0,
        vmax=100,
        cbar=False,
        linewidths=0.5,
        ax=ax,
        annot_kws={"fontsize": 9},
    )
    ax.set_title(t("de_chart_profile", lang))
    ax.set_xlabel("")
    ax.set_ylabel("")
    plt.setp(ax.get_xticklabels(), rotation=0)
    plt.setp(ax.get_yticklabels(), rotation=0)
    fig.tight_layout()
    return fig


def size_chart(review: DealersReview, lang: str, *, currency: str = "CNY") -> plt.Figure:
    """Scatter: annual sales (log scale) against total score, coloured by class, with the
    star lines; the big-but-weak dealers (`DealersReview.big_weak`) are ringed and named."""
    lg = review.league.dropna(subset=["annual_sales", "total"])  # type: ignore[union-attr]
    lg = lg[lg["annual_sales"] > 0]
    unit = Money(lang, currency).unit(lg["annual_sales"])  # 万元 / CNY m, as the tables
    x = lg["annual_sales"] / unit.divisor
    fig, ax = plt.subplots(figsize=page_figsize(4.4))
    handles = []
    for k, color in _CLASS_COLORS.items():
        sel = (lg["dealer_class"] == k) & ~lg["disqualified"]
        if sel.any():
            ax.scatter(x[sel], lg.loc[sel, "total"], s=28, color=color, alpha=0.85, zorder=3)
            handles.append(
                Line2D(
                    [], [], marker="o", ls="", color=color, label=t("de_legend_class", lang, k=k)
                )
            )
    dq = lg["disqualified"].to_numpy(bool)
    if dq.any():
        ax.scatter(x[dq], lg.loc[dq, "total"], s=46, marker="X", color=PALETTE[3], zorder=4)
        handles.append(
            Line2D([], [], marker="X", ls="", color=PALETTE[3], label=t("de_legend_disq", lang))
        )
    for band in review.card.stars:
        if band.lower is not None:
            ax.axhline(band.lower, color="#999999", lw=0.7, ls=":", zorder=1)
            ax.annotate(
                "★" * band.stars,
                (1.0, band.lower),
                xycoords=("axes fraction", "data"),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color="#777777",
            )
    class_a = review.class_a
    ax.axvline(class_a / unit.divisor, color=PALETTE[0], lw=0.9, ls="--", zorder=1)
    ax.annotate(
        t("de_line_class_a", lang),
        (class_a / unit.divisor, 0.99),
        xycoords=("data", "axes fraction"),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=7,
        color=PALETTE[0],
        va="top",
    )
    bw = review.big_weak
    if bw is not None and len(bw):
        bx, by = bw["annual_sales"] / unit.divisor, bw["total"]
        ax.scatter(bx, by, s=160, facecolors="none", edgecolors=_WEAK, lw=1.4, zorder=5)
        for i, d in enumerate(bw.index):
            name = bw.at[d, "name"] if "name" in bw.columns else None
            text = label(dealer_label(d, name, lang, markdown=False))
            ax.annotate(
                text,
                (bx[d], by[d]),
                xytext=(-8, 12 + 12 * (i % 2)),
                textcoords="offset points",
                ha="right",
                fontsize=8,
                color=_WEAK,
                arrowprops={"arrowstyle": "-", "color": _WEAK, "lw": 0.6},
            )
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: unit.tick(v * unit.divisor)))
    ax.set_xlabel(t("de_axis_sales", lang, unit=unit.name))
    ax.set_ylabel(t("de_axis_total", lang))
    ax.set_title(t("de_chart_size", lang))
    fig.legend(handles=handles, fontsize=8, frameon=False, loc="lower center", ncols=len(handles))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def census_chart(review: DealersReview, lang: str) -> plt.Figure:
    """Horizontal bars: share of dealers missing each census field."""
    bf = review.census.by_field.sort_values("share_missing")  # type: ignore[union-attr]
    fig, ax = plt.subplots(figsize=bar_figsize(len(bf), per_row=0.36, extra=1.2))
    names = [field_label(f, lang) for f in bf.index]
    colors = [PALETTE[3] if v > 0 else PALETTE[7] for v in bf["share_missing"]]
    ax.barh(names, bf["share_missing"], color=colors)
    for y, v in enumerate(bf["share_missing"]):
        ax.text(v, y, f" {v:.0%}", va="center", fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max(bf["share_missing"].max() * 1.2, 0.1))
    ax.set_xlabel(t("de_axis_missing", lang))
    ax.set_title(t("de_chart_census", lang))
    fig.tight_layout()
    return fig


def fit_chart(review: DealersReview, lang: str) -> plt.Figure:
    """Scatter: each dealer's fit to its own market's role against its best fit. On the
    diagonal the own role is the best; above the tolerance band another role fits better
    (named by dealer id)."""
    f = review.fit.dropna(subset=["fit_assigned", "gap"])  # type: ignore[union-attr]
    best = f["fit_assigned"] + f["gap"]
    fig, ax = plt.subplots(figsize=page_figsize(4.4))
    lo = float(min(f["fit_assigned"].min(), best.min(), 100)) - 3 if len(f) else 0
    hi = float(max(f["fit_assigned"].max(), best.max(), 0)) + 3 if len(f) else 100
    line = np.array([lo, hi])
    tol = review.fit_tolerance
    ax.plot(line, line, color="#777777", lw=0.8)
    ax.fill_between(line, line, line + tol, color="#DDDDDD", alpha=0.5, lw=0)
    handles = []
    for role, color in zip(market_roles(), _ROLE_PALETTE, strict=True):
        sel = f["market_role"] == role
        if sel.any():
            ax.scatter(f.loc[sel, "fit_assigned"], best[sel], s=28, color=color, zorder=3)
            handles.append(
                Line2D([], [], marker="o", ls="", color=color, label=role_label(role, lang))
            )
    bad = f[f["mismatch"]]
    for d in bad.index:
        ax.annotate(
            label(d),
            (bad.at[d, "fit_assigned"], best[d]),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=7,
            color=_WEAK,
        )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel(t("de_axis_fit_own", lang))
    ax.set_ylabel(t("de_axis_fit_best", lang))
    ax.set_title(t("de_chart_fit", lang))
    fig.legend(
        handles=handles, fontsize=8, frameon=False, loc="lower center", ncols=len(handles) or 1
    )
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
