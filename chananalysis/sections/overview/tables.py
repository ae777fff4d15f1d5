"""Section 00's tables: what each shows, and the number format (kind) of each column.

The report shows each under its name in `KINDS` (``S.table(tables.portfolio_table(r),
"portfolio", tables.KINDS["portfolio"])``) and saves it for ``tables.xlsx``.

Examples
--------
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> from chananalysis.sections.overview.review import review
>>> r = review(load_client(resource_dir("data_samples") / "seasoning"))
>>> list(portfolio_table(r).columns)
['sales', 'sales_prev', 'share', 'growth']
>>> set(costs_table(r).columns) <= set(KINDS["costs"])
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from chananalysis.sections.overview.review import OverviewReview

__all__ = ["KINDS", "costs_table", "length_table", "portfolio_table"]

#: Each shown table's name -> the kind of each column (`chananalysis.display.formatting`).
KINDS: dict[str, dict[str, str]] = {
    "portfolio": {"sales": "money", "sales_prev": "money", "share": "pct", "growth": "pct_signed"},
    "costs": {
        "variable_cost": "money",
        "fixed_cost": "money",
        "profit": "money",
        "margin": "pct",
        "variable_share": "pct",
        "product_cost": "money",
        "profit_after_product_cost": "money",
        "net_margin": "pct",
    },
    "length": {"levels": "int", "length": "text"},
}


def portfolio_table(r: OverviewReview) -> pd.DataFrame:
    """Per channel: sales, prior sales, share of sales and growth."""
    return r.portfolio[["sales", "sales_prev", "share", "growth"]]


def costs_table(r: OverviewReview) -> pd.DataFrame:
    """Per channel: variable and fixed costs, contribution, margin and the variable share;
    after product cost too when the intake gave ``product_cost_rate``."""
    costs = ["variable_cost", "fixed_cost", "profit", "margin", "variable_share"]
    if "profit_after_product_cost" in r.portfolio:
        costs += ["product_cost", "profit_after_product_cost", "net_margin"]
    return r.portfolio[costs]


def length_table(r: OverviewReview) -> pd.DataFrame:
    """Per channel: intermediary levels and the length they make (a code)."""
    return r.portfolio[["levels", "length"]]
