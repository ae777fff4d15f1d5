"""The channel portfolio at a glance: sales mix, growth, cost structure and length.

Pure functions over the ``channels`` sheet; the overview section of the report shows
their tables and charts and reads its narrative from `overview_findings`.

The column ``profit`` is the seed's Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ): the channel's **contribution
before product cost** (渠道贡献，未扣产品成本), because the seed's costs are channel costs
only (docs/method.md §1.1). The name stays ``profit`` for the code; reports label it
"contribution". When the intake gives ``product_cost_rate`` (产品成本率) the portfolio
also carries the profit after product cost.

Examples
--------
>>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [600.0, 400.0],
...                    "sales_prev": [500.0, 0.0], "variable_cost_rate": [0.2, 0.1],
...                    "fixed_cost": [100.0, 50.0]})
>>> channel_portfolio(ch)[["share", "growth", "profit", "margin"]].round(4)
         share  growth  profit  margin
channel
KA         0.6     0.2   380.0  0.6333
流通         0.4     NaN   310.0  0.7750
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["OverviewFindings", "channel_length", "channel_portfolio", "overview_findings"]


def channel_length(levels: pd.Series) -> pd.Series:
    """Channel length class from the number of intermediary levels (docs/method.md §3.1).

    Parameters
    ----------
    levels
        Number of intermediary levels between maker and consumer per channel (the
        ``levels`` column of ``channels``).

    Returns
    -------
    pandas.Series
        ``direct``, ``short`` or ``long``, same index as ``levels``; NaN where the levels
        are missing or not a number.

    Notes
    -----
    0 → ``direct`` (直接渠道), 1 → ``short`` (短渠道), ≥ 2 → ``long`` (长渠道).

    References
    ----------
    Seed 003 (textbook ch. 7), 分销渠道的类型: 直接渠道 (无中间商参与), 长渠道 (两个或两个
    以上的中间环节), 短渠道 (没有中间环节或只经过一个中间环节); the kit calls zero
    intermediaries direct, one short.

    Examples
    --------
    >>> channel_length(pd.Series([0, 1, 3, None], dtype="Int64")).tolist()
    ['direct', 'short', 'long', nan]
    """
    lv = pd.to_numeric(levels, errors="coerce").astype("float64")
    out = np.select([lv == 0, lv == 1, lv >= 2], ["direct", "short", "long"], default="")
    return pd.Series(out, index=levels.index, dtype="str").replace("", np.nan)


def channel_portfolio(channels: pd.DataFrame) -> pd.DataFrame:
    """One row per channel: mix, growth, costs, contribution and margin.

    Parameters
    ----------
    channels
        The ``channels`` sheet (``channel, sales, sales_prev, variable_cost_rate,
        fixed_cost``, optional ``levels`` and ``product_cost_rate``).

    Returns
    -------
    pandas.DataFrame
        Index ``channel``; columns ``sales, sales_prev, share`` (of total sales),
        ``growth`` (sales / sales_prev − 1; NaN for a new channel with no prior sales),
        ``variable_cost`` (B·A), ``fixed_cost`` (C), ``profit`` (D = A − (B·A + C), the
        channel contribution before product cost), ``margin`` (D / A; NaN when A = 0),
        ``variable_share`` (variable / total cost; NaN when there is no cost), ``levels``
        and ``length`` (direct/short/long, NaN when levels are not given). Only when
        ``channels`` has a ``product_cost_rate`` column (P), three more at the end:
        ``product_cost`` (P·A), ``profit_after_product_cost`` (A·(1 − P) − (B·A + C))
        and ``net_margin`` (that / A; NaN when A = 0); a channel with a blank rate has NaN
        in all three.

    Notes
    -----
    Contribution follows the 8S model: Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ); shareᵢ = Aᵢ / ΣA;
    growthᵢ = Aᵢ / sales_prevᵢ − 1; marginᵢ = Dᵢ / Aᵢ; variable_shareᵢ = Bᵢ·Aᵢ / (Bᵢ·Aᵢ + Cᵢ).
    With a product cost rate Pᵢ: product_costᵢ = Pᵢ·Aᵢ; profit_after_product_costᵢ =
    Aᵢ·(1 − Pᵢ) − (Bᵢ·Aᵢ + Cᵢ) = Dᵢ − Pᵢ·Aᵢ; net_marginᵢ = that / Aᵢ.

    References
    ----------
    Seed 001, section 三: Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ); seed 003 (textbook ch. 7), 分销渠道的类型
    (channel length, see `channel_length`); docs/method.md §1.1 (contribution before product cost,
    the optional product_cost_rate); docs/contract.md §3.

    Examples
    --------
    KA: 600 − (0.2·600 + 100) = 380, margin 380 / 600; 流通 is new (no prior sales).

    >>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [600.0, 400.0],
    ...                    "sales_prev": [500.0, 0.0], "variable_cost_rate": [0.2, 0.1],
    ...                    "fixed_cost": [100.0, 50.0]})
    >>> channel_portfolio(ch)[["share", "growth", "variable_cost", "profit", "margin"]].round(4)
             share  growth  variable_cost  profit  margin
    channel
    KA         0.6     0.2          120.0   380.0  0.6333
    流通         0.4     NaN           40.0   310.0  0.7750

    With product cost rates 0.5 and 0.6: KA 600·0.5 − 220 = 80, 流通 400·0.4 − 90 = 70.

    >>> p = channel_portfolio(ch.assign(product_cost_rate=[0.5, 0.6]))
    >>> p[["product_cost", "profit_after_product_cost", "net_margin"]].round(4)
             product_cost  profit_after_product_cost  net_margin
    channel
    KA              300.0                       80.0      0.1333
    流通              240.0                       70.0      0.1750
    """
    ch = channels.set_index("channel")
    sales, prev = ch["sales"].astype(float), ch["sales_prev"].astype(float)
    total = sales.sum()
    variable = ch["variable_cost_rate"].astype(float) * sales
    fixed = ch["fixed_cost"].astype(float)
    profit = sales - (variable + fixed)
    cost = variable + fixed
    levels = ch["levels"] if "levels" in ch else pd.Series(pd.NA, index=ch.index, dtype="Int64")
    out = pd.DataFrame(
        {
            "sales": sales,
            "sales_prev": prev,
            "share": sales / total if total else np.nan,
            "growth": (sales / prev.where(prev > 0)) - 1,
            "variable_cost": variable,
            "fixed_cost": fixed,
            "profit": profit,
            "margin": profit / sales.where(sales > 0),
            "variable_share": variable / cost.where(cost > 0),
            "levels": levels.astype("Int64"),
            "length": channel_length(levels),
        }
    )
    if "product_cost_rate" in ch:
        product = pd.to_numeric(ch["product_cost_rate"], errors="coerce").astype(float) * sales
        after = profit - product
        out["product_cost"] = product
        out["profit_after_product_cost"] = after
        out["net_margin"] = after / sales.where(sales > 0)
    out.index.name = "channel"
    return out


@dataclass(frozen=True)
class OverviewFindings:
    """The numbers the overview narrative is written from."""

    n_channels: int
    total_sales: float
    total_prev: float
    company_growth: float  # NaN when there were no prior sales at all
    top_channel: str
    top_share: float
    fastest: str | None  # fastest-growing channel with prior sales
    fastest_growth: float
    declining: tuple[tuple[str, float], ...]  # (channel, growth), steepest fall first
    new_channels: tuple[str, ...]
    loss_making: tuple[str, ...]
    total_profit: float  # total contribution ΣD, before product cost
    top2_share: float
    # Σ profit after product cost: None without product_cost_rate, NaN when some channel
    # lacks its rate (those channels are listed in product_cost_missing)
    total_profit_after_product_cost: float | None = None
    product_cost_missing: tuple[str, ...] = ()


def overview_findings(portfolio: pd.DataFrame) -> OverviewFindings:
    """Summarise a `channel_portfolio` into the facts the narrative states.

    Parameters
    ----------
    portfolio
        The result of `channel_portfolio` (at least one channel).

    Returns
    -------
    OverviewFindings
        ``n_channels``, ``total_sales``, ``total_prev``, ``company_growth`` (NaN with no
        prior sales), ``top_channel`` and ``top_share`` (largest share), ``fastest`` and
        ``fastest_growth`` (fastest-growing channel with prior sales; ``None`` / NaN when
        none has), ``declining`` (``(channel, growth)`` pairs with growth < 0, steepest
        fall first), ``new_channels`` (no prior sales), ``loss_making`` (contribution
        D < 0), ``total_profit`` (ΣD, the contribution before product cost),
        ``top2_share`` (share of the two largest channels), and, when the portfolio has
        ``profit_after_product_cost``, ``total_profit_after_product_cost`` (its sum;
        NaN when a channel's rate is blank) and ``product_cost_missing`` (those channels);
        otherwise ``None`` and ``()``.

    Notes
    -----
    Company growth H = ΣA / Σsales_prev − 1 (undefined when Σsales_prev = 0).

    References
    ----------
    Seed 001, section 四: each channel's growth Hi against the company's growth H.

    Examples
    --------
    >>> ch = pd.DataFrame({"channel": ["KA", "流通", "电商"], "sales": [600.0, 300.0, 100.0],
    ...                    "sales_prev": [500.0, 400.0, 0.0],
    ...                    "variable_cost_rate": [0.2, 0.1, 0.3], "fixed_cost": [100.0, 50, 90]})
    >>> f = overview_findings(channel_portfolio(ch))
    >>> (f.top_channel, f.fastest, f.declining, f.new_channels, f.loss_making)
    ('KA', 'KA', (('流通', -0.25),), ('电商',), ('电商',))
    >>> round(f.company_growth, 4)
    0.1111
    """
    p = portfolio
    total, prev = float(p["sales"].sum()), float(p["sales_prev"].sum())
    after, missing = None, ()
    if "profit_after_product_cost" in p:
        gap = p["profit_after_product_cost"].isna()
        missing = tuple(str(c) for c in p.index[gap])
        after = float("nan") if gap.any() else float(p["profit_after_product_cost"].sum())
    grown = p["growth"].dropna()
    order = p["share"].sort_values(ascending=False)
    return OverviewFindings(
        n_channels=len(p),
        total_sales=total,
        total_prev=prev,
        company_growth=total / prev - 1 if prev > 0 else float("nan"),
        top_channel=str(order.index[0]),
        top_share=float(order.iloc[0]),
        fastest=str(grown.idxmax()) if len(grown) else None,
        fastest_growth=float(grown.max()) if len(grown) else float("nan"),
        declining=tuple((str(c), float(g)) for c, g in grown[grown < 0].sort_values().items()),
        new_channels=tuple(str(c) for c in p.index[p["sales_prev"] <= 0]),
        loss_making=tuple(str(c) for c in p.index[p["profit"] < 0]),
        total_profit=float(p["profit"].sum()),
        top2_share=float(order.iloc[:2].sum()),
        total_profit_after_product_cost=after,
        product_cost_missing=missing,
    )
