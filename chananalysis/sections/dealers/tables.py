"""Section 03's tables, as shown and as saved for ``tables.xlsx``, and the headers and
number formats of their columns (every table of the section shares them).

The report shows each with ``S.table(table, name, tables.table_kinds(r.card),
labels=tables.column_labels(r.card, lang), values=tables.formatters(table, lang))``.
The words in them (stars, roles, fields, reasons, notes) come from
`chananalysis.sections.dealers.text`; dealer names stay raw here
(`chananalysis.display.formatting.style_table` escapes every cell).

Examples
--------
>>> from chananalysis.intake.columns import SHEETS
>>> from chananalysis.sections.dealers.review import review_dealers
>>> r = review_dealers(SHEETS["dealer_kpis"].examples(), SHEETS["dealers"].examples())
>>> league_table(r)["rank"].tolist(), league_table(r)["total"].round(1).tolist()
([1, 2, 3], [92.4, 85.0, 38.7])
>>> table_kinds(r.card)["total"], column_labels(r.card, "en")["total"]
('number', 'Total')
"""

from __future__ import annotations

import pandas as pd

from chananalysis.i18n import join_items, t
from chananalysis.methods.dealers import dealer_columns
from chananalysis.methods.scorecard_config import Scorecard
from chananalysis.sections.dealers.review import DealersReview
from chananalysis.sections.dealers.text import (
    category_labels,
    field_label,
    note_text,
    principle_rows,
    reason_text,
    role_label,
    stars_label,
)

__all__ = [
    "KINDS",
    "big_weak_table",
    "census_dealer_table",
    "census_field_table",
    "column_labels",
    "disqualified_table",
    "fit_table",
    "formatters",
    "indicator_table",
    "league_table",
    "principles_table",
    "scorecard_table",
    "table_kinds",
]


#: Columns whose headers `column_labels` names explicitly (``de_col_<column>``); any other
#: column's header `style_table` finds itself, under the section's prefix.
#: Columns whose header is the catalogue's ``de_col_<column>`` (`column_labels`).
_GENERIC = (
    "dealer",
    "provisional",
    "incomplete",
    "name",
    "annual_sales",
    "market_role",
    "rank",
    "bonus",
    "penalty",
    "total",
    "reason",
    "field",
    "filled",
    "missing",
    "share_missing",
    "share",
    "missing_fields",
    "gap",
    "indicator",
    "category",
    "mean",
    "min",
    "max",
    "zero_share",
    "unscored",
    "principle",
    "seed",
    "evidence",
)


#: The number format (kind) of each numeric column the section's tables share; the
#: scorecard's categories are numbers too (`table_kinds`).
KINDS = {
    "annual_sales": "money",
    "bonus": "number",
    "penalty": "number",
    "total": "number",
    "rank": "int",
    "veto_count": "int",
    "filled": "int",
    "missing": "int",
    "share_missing": "pct",
    "share": "pct",
    "fit_base": "number",
    "fit_development": "number",
    "fit_potential": "number",
    "gap": "number",
    "mean": "number",
    "min": "number",
    "max": "number",
    "zero_share": "pct",
    "unscored": "int",
}


def column_labels(card: Scorecard, lang: str) -> dict[str, str]:
    """Headers for every table of the section: scorecard names for categories and
    indicators, the catalogue for the rest."""
    return {**{c: t(f"de_col_{c}", lang) for c in _GENERIC}, **category_labels(card, lang)}


def table_kinds(card: Scorecard) -> dict[str, str]:
    """Number format of every numeric column the section shows (`formatting.style_table`)."""
    return {**KINDS, **{c.key: "number" for c in card.categories}}


def formatters(df: pd.DataFrame, lang: str) -> dict:
    """Display translations for the coded columns of ``df`` (stars, roles, flags)."""
    fns = {
        "stars": lambda v: stars_label(v, lang),
        "market_role": lambda v: role_label(v, lang),
        "best_role": lambda v: role_label(v, lang),
    }
    return {c: fn for c, fn in fns.items() if c in df.columns}


def league_table(review: DealersReview) -> pd.DataFrame:
    """The league table as shown: rank, who, size, category profile, total and stars."""
    lg = review.league
    cols = [
        "rank",
        "name",
        "dealer_class",
        "annual_sales",
        *(c.key for c in review.card.categories),
        "bonus",
        "penalty",
        "total",
        "stars",
        *(["provisional"] if lg["provisional"].any() else []),  # type: ignore[index]
    ]
    return lg[[c for c in cols if c in lg.columns]]  # type: ignore[index]


def big_weak_table(review: DealersReview) -> pd.DataFrame:
    """The big-but-weak dealers as shown."""
    bw = review.big_weak
    cols = [
        "name",
        "annual_sales",
        *(c.key for c in review.card.categories),
        "penalty",
        "total",
        "stars",
    ]
    return bw[[c for c in cols if c in bw.columns]]  # type: ignore[index]


def fit_table(review: DealersReview) -> pd.DataFrame:
    """Market-role fit as shown: mismatches first, largest gap first."""
    f = review.fit
    order = (
        f.assign(_m=f["mismatch"].astype(int))
        .sort_values(  # type: ignore[union-attr]
            ["_m", "gap"], ascending=False, kind="stable"
        )
        .index
    )
    cols = [
        "name",
        "market_role",
        "fit_base",
        "fit_development",
        "fit_potential",
        "best_role",
        "gap",
        "mismatch",
    ]
    return f.loc[order, [c for c in cols if c in f.columns]]  # type: ignore[union-attr]


def disqualified_table(review: DealersReview, lang: str) -> pd.DataFrame:
    """Disqualified dealers and why, in the report language.

    Returns
    -------
    pandas.DataFrame
        Index ``dealer``; ``name`` (when known), ``veto_count, penalty, total, reason``.
    """
    d = review.disqualified
    card = review.card
    cols = [
        c for c in ("name", "veto_count", "penalty", "total") if d is not None and c in d.columns
    ]
    if d is None or card.veto is None:
        return pd.DataFrame(columns=cols)
    out = d[cols].copy()
    out["reason"] = [
        reason_text(r, n, card, lang) for r, n in zip(d["reason"], d["veto_count"], strict=True)
    ]
    return out


def scorecard_table(review: DealersReview, lang: str) -> pd.DataFrame:
    """The full scorecard as saved for ``tables.xlsx``: every indicator, category and
    result column, with the ``reason`` and ``note`` codes in the report language."""
    s = review.scores
    if s is None:
        return pd.DataFrame()
    out = s.copy()
    out["reason"] = [
        reason_text(r, n, review.card, lang)
        for r, n in zip(s["reason"], s["veto_count"], strict=True)
    ]
    out["note"] = [note_text(n, review.card, lang) for n in s["note"]]
    return out


def census_field_table(review: DealersReview, lang: str) -> pd.DataFrame:
    """Census completeness per field, fields in words, most often missing first."""
    c = review.census
    bf = c.by_field.sort_values("share_missing", ascending=False, kind="stable")  # type: ignore
    out = bf[["filled", "missing", "share_missing"]].copy()
    out.index = pd.Index([field_label(f, lang) for f in bf.index], name="field")
    return out


def census_dealer_table(review: DealersReview, lang: str) -> pd.DataFrame:
    """Dealers with a gap in their census record, fewest fields filled first."""
    c = review.census
    bd = c.by_dealer  # type: ignore[union-attr]
    gaps = bd[bd["filled"] < len(dealer_columns("census"))].sort_values("filled", kind="stable")
    out = pd.DataFrame(index=gaps.index)
    lg = review.league
    if lg is not None and "name" in lg.columns:
        out["name"] = lg["name"].reindex(gaps.index)
    out["share"] = gaps["share"]
    out["missing_fields"] = [
        join_items((field_label(f, lang) for f in str(m).split(", ")), lang)
        for m in gaps["missing"]
    ]
    return out


def indicator_table(review: DealersReview, lang: str) -> pd.DataFrame:
    """`indicator_summary` with indicator and category names in the report language."""
    ind = review.indicators
    names = category_labels(review.card, lang)
    out = ind.copy()  # type: ignore[union-attr]
    out["category"] = [names[c] for c in out["category"]]
    out.index = pd.Index([names[k] for k in out.index], name="indicator")
    return out


def principles_table(review: DealersReview, lang: str) -> pd.DataFrame:
    """The seed's selection principles beside what this client's data shows.

    Returns
    -------
    pandas.DataFrame
        Index ``principle``; ``seed`` (what seed 002 says) and ``evidence`` (this client),
        plain text (for `formatting.style_table` or tables.xlsx).
    """
    rows = principle_rows(review, lang, markdown=False)
    return pd.DataFrame(
        {"seed": [t(f"{k}_seed", lang) for k, _ in rows], "evidence": [ev for _, ev in rows]},
        index=pd.Index([t(k, lang) for k, _ in rows], name="principle"),
    )
