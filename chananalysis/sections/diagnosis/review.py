"""Section 01 from one call: channel structure, sales and expense performance, dealers'
financial health, stock flow (进销存), coverage, and the rebate policy with its cliffs.

Each part runs when the intake has its sheets and is ``None`` otherwise; the text says
which were skipped.

Examples
--------
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> r = review(load_client(resource_dir("data_samples") / "seasoning"))
>>> r.width_source, int(r.economy["makers"]), int(r.economy["buyers"])
('authorizations', 10, 27564)
>>> sorted(r.health.risk["risk"].unique())[:2]
['high', 'sound']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.methods.coverage import Coverage, coverage
from chananalysis.methods.financials import FinancialHealth, financial_health
from chananalysis.methods.performance import sales_performance, territory_performance
from chananalysis.methods.portfolio import channel_portfolio
from chananalysis.methods.rebates import (
    DEFAULT_SHORTFALL,
    dealers_near_cliffs,
    rebate_cliffs,
    tiered_rebate,
)
from chananalysis.methods.stockflow import StockFlow, stock_reconciliation
from chananalysis.methods.structure import (
    DEFAULT_SELECTIVE_MAX,
    WIDTH_FITS,
    authorised_on,
    distribution_width,
    transaction_economy,
)
from chananalysis.sections.registry import section_of

if TYPE_CHECKING:
    from chananalysis.intake.read import ClientData

__all__ = ["KEY", "PRODUCT_TYPES", "DiagnosisReview", "RebateReview", "review"]

#: This section's key (`chananalysis.sections.registry`).
KEY = section_of(__name__).key

#: Product type -> the width the seed suits to it (seed 003: 便利品 → 密集分销, 选购品 →
#: 选择性分销, 专业性强 → 独家分销), read off `WIDTH_FITS`.
PRODUCT_TYPES = {product: width for width, products in WIDTH_FITS.items() for product in products}


@dataclass(frozen=True)
class RebateReview:
    """The rebate ladder applied to the dealers' volumes (docs/method.md §5.1).

    Attributes
    ----------
    tiers
        The ``rebate_tiers`` sheet, sorted by threshold.
    cliffs
        `chananalysis.methods.rebates.rebate_cliffs`: jump and break-even discount per
        threshold.
    dealers
        Per dealer: ``volume`` (own-brand sales, ``dealer_kpis.actual_sales``),
        ``whole`` and ``marginal`` rebates; ``None`` without ``dealer_kpis``.
    near
        `chananalysis.methods.rebates.dealers_near_cliffs` of those volumes.
    shortfall
        How far below a threshold a dealer counts as near it.
    """

    tiers: pd.DataFrame
    cliffs: pd.DataFrame
    dealers: pd.DataFrame | None
    near: pd.DataFrame | None
    shortfall: float

    @property
    def whole_cost(self) -> float:
        """Rebates owed under the whole-volume ladder (全额累进), all dealers."""
        return float(self.dealers["whole"].sum()) if self.dealers is not None else float("nan")

    @property
    def marginal_cost(self) -> float:
        """What the same ladder would cost paid marginally (超额累进)."""
        return float(self.dealers["marginal"].sum()) if self.dealers is not None else float("nan")


@dataclass(frozen=True)
class DiagnosisReview:
    """Everything section 01 shows; a part is ``None`` when its sheets were not given.

    Attributes
    ----------
    portfolio
        `chananalysis.methods.portfolio.channel_portfolio` (levels and length per
        channel).
    width
        `chananalysis.methods.structure.distribution_width`: dealers per territory (and
        product line when the width comes from the authorisations).
    width_source
        ``"authorizations"`` (those in force at the end of the period), ``"dealers"``
        (the dealers' territories) or ``None``.
    economy
        `chananalysis.methods.structure.transaction_economy` with ``makers`` and the
        active outlets as buyers; ``None`` without outlet counts.
    dealers_count
        Dealers in the intake (the maker's own contacts through its dealers).
    performance
        `chananalysis.methods.performance.sales_performance` of the channels.
    territories
        `chananalysis.methods.performance.territory_performance`; needs ``dealer_kpis``
        and ``dealers``.
    health
        `chananalysis.methods.financials.financial_health` of ``financials``.
    stock
        `chananalysis.methods.stockflow.stock_reconciliation` of ``inventory``.
    coverage
        `chananalysis.methods.coverage.coverage` (``territories`` given).
    rebates
        `RebateReview` (``rebate_tiers`` given).
    product_type, expected_width, selective_max, makers
        The options applied; ``expected_width`` is the width the seed suits to the
        product type.
    dealer_names
        Dealer id → name (from ``dealers``), for the prose.
    """

    portfolio: pd.DataFrame
    width: pd.DataFrame | None
    width_source: str | None
    economy: pd.Series | None
    dealers_count: int
    performance: pd.DataFrame
    territories: pd.DataFrame | None
    health: FinancialHealth | None
    stock: StockFlow | None
    coverage: Coverage | None
    rebates: RebateReview | None
    product_type: str
    expected_width: str
    selective_max: int
    makers: int
    dealer_names: dict[str, str]


def _width(data: ClientData, selective_max: int) -> tuple[pd.DataFrame | None, str | None]:
    """Width from the authorisations in force on the last day of the period, else from
    the dealers' territories."""
    if data.authorizations is not None and len(data.authorizations):
        day = data.info.get("period_end")
        day = pd.Timestamp(day) if day is not None else data.authorizations["end"].max()
        members = authorised_on(data.authorizations, day)
        if len(members):
            by = ("territory", "product_line")
            return distribution_width(members, by=by, selective_max=selective_max), (
                "authorizations"
            )
    if data.dealers is not None and "territory" in data.dealers:
        width = distribution_width(data.dealers, by=("territory",), selective_max=selective_max)
        return width, "dealers"
    return None, None


def _has(frame: pd.DataFrame | None, *columns: str) -> bool:
    """The sheet was given with these (optional) columns."""
    return frame is not None and all(c in frame.columns for c in columns)


def _rebates(data: ClientData, shortfall: float) -> RebateReview | None:
    if data.rebate_tiers is None or not len(data.rebate_tiers):
        return None
    tiers = data.rebate_tiers.sort_values("threshold", ignore_index=True)
    cliffs = rebate_cliffs(tiers, shortfall=shortfall)
    dealers = near = None
    kpis = data.dealer_kpis
    if _has(kpis, "actual_sales"):
        volume = kpis.set_index("dealer")["actual_sales"].dropna().rename("volume")
        dealers = pd.DataFrame(
            {
                "volume": volume,
                "whole": tiered_rebate(volume, tiers, mode="whole"),
                "marginal": tiered_rebate(volume, tiers, mode="marginal"),
            }
        )
        near = dealers_near_cliffs(volume, tiers, shortfall=shortfall)
    return RebateReview(tiers, cliffs, dealers, near, float(shortfall))


def review(
    data: ClientData,
    *,
    product_type: str = "convenience_goods",
    selective_max: int = DEFAULT_SELECTIVE_MAX,
    makers: int = 10,
    health_rules: Mapping[str, tuple[str, float]] | None = None,
    tolerance: float = 0.0,
    shortfall: float = DEFAULT_SHORTFALL,
) -> DiagnosisReview:
    """Run section 01 on a client's intake.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    product_type
        What the client sells, one of `PRODUCT_TYPES` (**Decision:** convenience goods,
        便利品, for the FMCG makers the kit serves): the seed's guidance on width is
        compared with the client's actual width.
    selective_max
        Most dealers in a territory for selective distribution (docs/method.md §3.1, 5).
    makers
        **Decision:** makers an outlet buys the category from, for the seed's
        transaction-count argument (m makers × n outlets direct against m + n through
        one intermediary); 10.
    health_rules
        Overrides of `chananalysis.methods.financials.HEALTH_RULES` (e.g.
        ``{"ar_days": ("max", 60)}``).
    tolerance
        Units of stock a 进销存 row may miss by before it is a discrepancy (0).
    shortfall
        How far below a rebate threshold (fraction of it) a dealer is tempted to buy up
        to it (10 %).
    """
    if product_type not in PRODUCT_TYPES:
        raise InputDataError(
            f"product_type must be one of {', '.join(PRODUCT_TYPES)}; got {product_type!r}"
        )
    portfolio = channel_portfolio(data.channels)
    width, source = _width(data, selective_max)
    kpis, dealers = data.dealer_kpis, data.dealers
    economy = None
    if _has(kpis, "active_outlets") and kpis["active_outlets"].notna().any():
        economy = transaction_economy(int(makers), int(kpis["active_outlets"].sum()))
    territories = None
    if _has(kpis, "actual_sales", "contract_sales") and dealers is not None:
        territories = territory_performance(kpis, dealers)
    health = None
    if data.financials is not None:
        health = financial_health(data.financials, rules=health_rules)
    stock = None
    if data.inventory is not None:
        stock = stock_reconciliation(data.inventory, tolerance=tolerance)
    cov = None
    if data.territories is not None:
        cov = coverage(
            data.territories,
            dealers=dealers,
            authorizations=data.authorizations,
            kpis=kpis if _has(kpis, "active_outlets", "outlets_in_area") else None,
            on=data.info.get("period_end"),
        )
    result = DiagnosisReview(
        portfolio=portfolio,
        width=width,
        width_source=source,
        economy=economy,
        dealers_count=len(dealers) if dealers is not None else 0,
        performance=sales_performance(data.channels),
        territories=territories,
        health=health,
        stock=stock,
        coverage=cov,
        rebates=_rebates(data, shortfall),
        product_type=product_type,
        expected_width=PRODUCT_TYPES[product_type],
        selective_max=int(selective_max),
        makers=int(makers),
        dealer_names=(
            dict(zip(dealers["dealer"], dealers["name"], strict=True))
            if dealers is not None and "name" in dealers
            else {}
        ),
    )
    return result
