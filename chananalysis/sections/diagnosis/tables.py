"""Section 01's tables: what each shows, and the number format (kind) of each column.

The report shows each under its name in `KINDS` (``S.table(tables.channel_map(r),
"channel_map", tables.KINDS["channel_map"])``) and saves it for ``tables.xlsx``; the
words of their code columns come from `chananalysis.sections.diagnosis.text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.methods.structure import WIDTHS
from chananalysis.sections.diagnosis.text import TOTAL

if TYPE_CHECKING:
    from chananalysis.sections.diagnosis.review import DiagnosisReview

__all__ = [
    "KINDS",
    "channel_map",
    "cliffs_table",
    "coverage_table",
    "near_table",
    "performance_table",
    "risk_table",
    "stock_table",
    "territory_table",
    "width_counts",
]

#: Each shown table's name -> the kind of each column (`chananalysis.display.formatting`).
KINDS: dict[str, dict[str, str]] = {
    "channel_map": {"levels": "int", "share": "pct", "achievement": "pct", "expense_rate": "pct"},
    "width": {"pairs": "int", "share": "pct"},
    "performance": {
        "sales": "money",
        "target": "money",
        "achievement": "pct",
        "rate_sales_mgmt": "pct",
        "rate_promotion": "pct",
        "rate_other": "pct",
        "expense_rate": "pct",
        "market_share": "pct",
    },
    "territories": {
        "dealers": "int",
        "actual_sales": "money",
        "contract_sales": "money",
        "achievement": "pct",
        "below_target": "int",
    },
    "credit_risk": {
        "flags": "int",
        "current_ratio": "amount2",
        "debt_to_equity": "amount2",
        "ar_days": "amount",
        "accounts_receivable": "money",
        "net_assets": "money",
        "net_sales": "money",
    },
    "stock_discrepancies": {
        "opening": "amount",
        "purchases": "amount",
        "sales": "amount",
        "closing": "amount",
        "discrepancy": "amount",
        "carry_gap": "amount",
    },
    "coverage": {"active_outlets": "amount", "outlets_in_area": "amount", "terminal_rate": "pct"},
    "rebate_cliffs": {
        "threshold": "money",
        "rate_below": "pct",
        "tier_rate": "pct",
        "jump": "money",
        "breakeven_discount": "pct",
    },
    "near_cliffs": {
        "volume": "money",
        "threshold": "money",
        "gap_to_threshold": "money",
        "rebate": "money",
        "rebate_at_threshold": "money",
        "gain": "money",
        "breakeven_discount": "pct",
    },
}


def channel_map(r: DiagnosisReview) -> pd.DataFrame:
    """Per channel: levels, length, share of sales, achievement and expense rate."""
    perf = r.performance.drop(index=TOTAL, errors="ignore")
    out = r.portfolio[["levels", "length", "share"]].join(
        perf[["achievement", "expense_rate"]], how="left"
    )
    out.index.name = "channel"
    return out


def width_counts(r: DiagnosisReview) -> pd.DataFrame:
    """How many territories (or territory × line pairs) are exclusive, selective,
    intensive."""
    counts = r.width["width"].value_counts().reindex(list(WIDTHS), fill_value=0)
    out = pd.DataFrame({"pairs": counts.astype("int64"), "share": counts / counts.sum()})
    out.index.name = "width"
    return out


def performance_table(r: DiagnosisReview) -> pd.DataFrame:
    """Per channel and in total: sales, target, achievement, the three expense rates."""
    cols = [
        "sales",
        "target",
        "achievement",
        "rate_sales_mgmt",
        "rate_promotion",
        "rate_other",
        "expense_rate",
    ]
    if "market_share" in r.performance:
        cols.append("market_share")
    out = r.performance[cols].copy()
    out.index.name = "channel"
    return out


def territory_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """The territories furthest below contract first."""
    cols = ["dealers", "actual_sales", "contract_sales", "achievement", "below_target"]
    return r.territories.sort_values("achievement")[cols].head(top)


def risk_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """The dealers not sound, most at risk first, with the ratios that matter for
    credit."""
    risk = r.health.risk
    shown = risk[risk["risk"] != "sound"]
    cols = ["risk", *(c for c in risk.columns if c != "risk")]  # the level first
    return shown[cols].head(top)


def stock_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """The rows that do not reconcile, largest first."""
    cols = [
        "dealer",
        "sku",
        "period",
        "opening",
        "purchases",
        "sales",
        "closing",
        "discrepancy",
        "carry_gap",
        "flags",
    ]
    return r.stock.discrepancies[cols].head(top)


def coverage_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """Territories by terminal coverage, lowest first (uncovered ones on top)."""
    bt = r.coverage.by_territory.copy()
    bt = bt.sort_values(["covered", "terminal_rate"], na_position="first")
    cols = ["covered", "members", "active_outlets", "outlets_in_area", "terminal_rate"]
    return bt[cols].head(top)


def cliffs_table(r: DiagnosisReview) -> pd.DataFrame:
    """Per threshold: rate below and at it, the jump, the break-even dumping discount."""
    out = r.rebates.cliffs.set_index("threshold")
    return out.rename(columns={"rate": "tier_rate"})


def near_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """The dealers just below a threshold, largest gain first."""
    near = r.rebates.near
    cols = ["volume", "threshold", "gap", "rebate", "rebate_at_threshold", "gain"]
    out = near[[*cols, "breakeven_discount"]].head(top)
    return out.rename(columns={"gap": "gap_to_threshold"})
