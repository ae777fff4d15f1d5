"""Section 04's tables: what each shows, and the number format (kind) of each column.

The report shows each under its name in `KINDS` (``S.table(tables.dealer_table(r),
"diverting_dealers", tables.KINDS["diverting_dealers"])``) and saves it for
``tables.xlsx``. The tables made of words (findings, measures) are built with the prose,
in `chananalysis.sections.conflict.text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.i18n import t

if TYPE_CHECKING:
    from chananalysis.sections.conflict.review import ConflictReview

__all__ = [
    "KINDS",
    "arbitrage_table",
    "breach_table",
    "dealer_table",
    "evidence_by_dealer",
    "fines_table",
    "ladder_table",
]

#: Each shown table's name -> the kind of each column (`chananalysis.display.formatting`).
KINDS: dict[str, dict[str, str]] = {
    "overlaps": {"start": "date", "end": "date", "days": "int", "n_dealers": "int"},
    "blind_spots": {"start": "date", "end": "date", "days": "int"},
    "diverting_dealers": {
        "shipped_units": "int",
        "scanned_units": "int",
        "diverted_units": "int",
        "diversion_rate": "pct",
        "incidents": "int",
        "fine": "money",
    },
    "fines": {"units": "int", "amount": "money"},
    "dumping": {"breaches": "int", "worst_gap_pct": "number"},
    "arbitrage": {
        "net_source": "amount2",
        "net_destination": "amount2",
        "freight": "amount2",
        "gap": "amount2",
        "volume": "int",
        "exposure": "money",
        "rank": "int",
    },
    "findings": {},
    "measures": {"findings": "int"},
}


def dealer_table(r: ConflictReview, *, top: int = 15) -> pd.DataFrame:
    """The dealers with diverted units, most first (at most ``top``)."""
    s = r.diversion.by_dealer
    cols = ["shipped_units", "scanned_units", "diverted_units", "diversion_rate", "incidents"]
    cols += ["fine"] if r.fine_per_unit > 0 else []
    out = s[s["diverted_units"] > 0].sort_values(
        ["diverted_units", "diversion_rate"], ascending=False, kind="stable"
    )
    return out[[*cols, "severity"]].head(top)


def fines_table(r: ConflictReview) -> pd.DataFrame:
    """Who pays whom: payer, receiver, units, amount — largest first."""
    return r.diversion.fines.sort_values("amount", ascending=False, kind="stable")


def breach_table(r: ConflictReview) -> pd.DataFrame:
    """Dumping by territory, channel and level: observations below the floor and the
    worst gap."""
    b = r.prices.breaches
    g = b.groupby(["territory", "channel", "level"], sort=True).agg(
        breaches=("price", "size"), worst_gap_pct=("gap_pct", "min")
    )
    return g.sort_values("breaches", ascending=False, kind="stable").reset_index()


def ladder_table(r: ConflictReview, lang: str) -> pd.DataFrame:
    """Each product's ladder step by step, levels in words, with its margin against the
    minimum and whether it is a structural conflict risk."""
    c = r.prices.ladder_checks
    cols = ["product", "level", "price", "price_below", "margin", "min_margin", "structural_risk"]
    out = c[cols].copy()
    out["level"] = [t(f"cf_level_{v}", lang) for v in out["level"]]
    return out


def arbitrage_table(r: ConflictReview, *, top: int = 15) -> pd.DataFrame:
    """The pairs with an incentive, highest exposure first."""
    a = r.arbitrage[r.arbitrage["incentive"]].sort_values("rank", kind="stable")
    return a.drop(columns="incentive").head(top)


def evidence_by_dealer(r: ConflictReview) -> list[tuple[str, pd.DataFrame]]:
    """The evidence of each diverting dealer's incidents, one table per dealer (a sheet
    of tables.xlsx each): what a channel manager hands the dealer with the fine."""
    ev = r.diversion.evidence
    if ev.empty:
        return []
    return [
        (str(d), g.reset_index(drop=True))
        for d, g in ev.groupby("dealer", sort=True, observed=True)
    ]
