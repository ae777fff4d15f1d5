"""Section 01's prose and display tables, in the report language.

Every sentence comes from this section's ``messages.yaml``; dealer, channel and
territory names pass through `chananalysis.report.formatting.esc`; the methods' codes
(lengths, widths, risk levels, ratio notes, stock flags) are worded from the catalogue.

Examples
--------
>>> from chananalysis.methods.notes import Notes
>>> coded(Notes([("no_denominator", "ar_days"), "new_channel"]), "en")
'receivable days: zero or missing denominator, new channel (no prior sales)'
>>> coded(Notes(["mismatch", "carry_break"]), "zh")
'进销存不平、期初与上期期末不符'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.i18n import aside, join_items, join_sentences, notes_text, t
from chananalysis.report.formatting import esc, fmt_amount, fmt_pct, names_list
from chananalysis.report.money import Money

if TYPE_CHECKING:
    from chananalysis.sections.diagnosis.review import DiagnosisReview

__all__ = [
    "TOTAL",
    "channel_map",
    "cliffs_table",
    "coded",
    "coverage_table",
    "coverage_text",
    "dealer_name",
    "health_text",
    "near_table",
    "performance_table",
    "performance_text",
    "rebate_text",
    "risk_table",
    "stock_table",
    "stock_text",
    "structure_text",
    "territory_table",
    "width_counts",
    "word",
    "worded",
    "worded_label",
]

#: Row label of the totals in `chananalysis.methods.performance.sales_performance`.
TOTAL = "__total__"
#: How many names a sentence lists.
MAX_NAMES = 5
_WIDTHS = ("exclusive", "selective", "intensive")
#: code prefix -> catalogue key of its words; codes "<code>:<ratio>" name the ratio too
_CODE_KEYS = {
    "no_denominator": "dg_note_no_denominator",
    "missing": "dg_note_missing",
    "negative_equity": "dg_note_negative_equity",
}
#: columns whose cells are codes, and the catalogue prefix that words them
_CODE_COLUMNS = {
    "length": "ov_length_",
    "width": "dg_width_",
    "risk": "dg_risk_",
    "source": "dg_source_",
    "ratio": "dg_ratio_",
}


def word(code: object, prefix: str, lang: str) -> str:
    """One code in words (``prefix`` + code from the catalogue); ``–`` for none.

    Examples
    --------
    >>> word("intensive", "dg_width_", "zh"), word(None, "dg_width_", "en")
    ('密集分销', '–')
    """
    return t(f"{prefix}{code}", lang) if isinstance(code, str) and code else "–"


def coded(codes: object, lang: str) -> str:
    """The notes, flags or flagged ratios of the diagnosis methods (a
    `chananalysis.methods.notes.Notes`) in words; ``""`` for none."""
    return notes_text(codes, lang, _code_word)


def _code_word(head: str, ratio: str, lang: str) -> str:
    if head in _CODE_KEYS:
        return t(_CODE_KEYS[head], lang, ratio=word(ratio, "dg_ratio_", lang))
    if head in _FLAGS:
        return t(f"dg_flag_{head}", lang)
    if head == "no_sales" and not ratio:
        return t("dg_note_no_sales", lang)
    if f"dg_note_{head}" in _NOTE_KEYS:
        return t(f"dg_note_{head}", lang)
    return word(f"{head}:{ratio}" if ratio else head, "dg_ratio_", lang)  # a flagged ratio


_FLAGS = ("mismatch", "carry_break", "negative_stock", "negative_sales", "gap_in_periods")
_NOTE_KEYS = {
    f"dg_note_{k}"
    for k in (
        "no_target",
        "new_channel",
        "no_expenses",
        "no_universe",
        "no_active",
        "active_exceeds_universe",
        "no_market_size",
        "partial_target",
        "partial_market_size",
        "partial_sales",
    )
}


def worded(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A result table as saved for ``tables.xlsx``: its codes in the report language, the
    totals row and unplaced dealers named."""
    out = table.copy()
    for col, prefix in _CODE_COLUMNS.items():
        if col in out.columns:
            out[col] = [word(v, prefix, lang) if isinstance(v, str) else v for v in out[col]]
    for col in ("notes", "flags", "flagged"):
        if col in out.columns:
            out[col] = [coded(v, lang) for v in out[col]]
    if "direction" in out.columns:
        out["direction"] = [_direction(v, lang) for v in out["direction"]]
    if out.index.name in ("channel", "territory"):
        out.index = out.index.map(lambda v: worded_label(v, lang)).rename(out.index.name)
    return out


def _direction(v: object, lang: str) -> object:
    words = {"min": "≥", "max": "≤", "negative_equity": t("dg_negative_equity", lang)}
    return words.get(v, v) if isinstance(v, str) else v


def worded_label(v: object, lang: str) -> object:
    """A row label in words: the totals row and the dealers without a territory."""
    if v == TOTAL:
        return t("dg_total", lang)
    if v == "__unplaced__":
        return t("dg_unplaced", lang)
    return v


def dealer_name(r: DiagnosisReview, dealer: object) -> str:
    """A dealer's id with its name from the dealers sheet, escaped (``D018 洛阳丰源``)."""
    name = r.dealer_names.get(dealer)
    return esc(f"{dealer} {name}" if isinstance(name, str) and name else dealer)


def _names(items: list[str], lang: str) -> str:
    """Items already escaped or worded, at most `MAX_NAMES`."""
    return join_items(items[:MAX_NAMES], lang) if items else t("none_word", lang)


# --- structure -----------------------------------------------------------------------------


def structure_text(r: DiagnosisReview, lang: str) -> str:
    """Length, width, the seed's guidance against the client's pattern, and the
    transaction count."""
    paras = []
    p = r.portfolio
    if p["length"].notna().any():
        groups = {
            k: names_list([n for n, v in p["length"].items() if v == k], lang)
            for k in ("direct", "short", "long")
        }
        paras.append(
            join_sentences([t("dg_length_line", lang, **groups), t("dg_length_fit", lang)], lang)
        )
    else:
        paras.append(t("dg_length_unknown", lang))
    if r.width is None:
        paras.append(t("dg_width_none", lang))
    else:
        counts = r.width["width"].value_counts()
        pairs = r.width.index.nlevels > 1
        paras.append(
            t(
                "dg_width_line",
                lang,
                source=t(f"dg_source_{r.width_source}", lang),
                by_line=t("dg_width_by_line", lang) if pairs else "",
                n=len(r.width),
                unit=t("dg_width_unit_pairs" if pairs else "dg_width_unit_territories", lang),
                smax=r.selective_max,
                **{w: int(counts.get(w, 0)) for w in _WIDTHS},
            )
        )
        actual = str(counts.idxmax())
        fit = "dg_fit_match" if actual == r.expected_width else "dg_fit_mismatch"
        paras.append(
            t(
                fit,
                lang,
                product=t(f"dg_product_{r.product_type}", lang),
                expected=t(f"dg_width_{r.expected_width}", lang),
                actual=t(f"dg_width_{actual}", lang),
                share=fmt_pct(counts.max() / len(r.width)),
            )
        )
    if r.economy is not None and r.dealers_count:
        e = r.economy
        paras.append(
            t(
                "dg_economy",
                lang,
                dealers=f"{r.dealers_count:,d}",
                buyers=f"{int(e['buyers']):,d}",
                makers=f"{int(e['makers']):,d}",
                direct=f"{int(e['direct']):,d}",
                via=f"{int(e['intermediated']):,d}",
                saved_share=fmt_pct(e["saved_share"]),
            )
        )
    return "\n\n".join(paras)


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
    counts = r.width["width"].value_counts().reindex(list(_WIDTHS), fill_value=0)
    out = pd.DataFrame({"pairs": counts.astype("int64"), "share": counts / counts.sum()})
    out.index.name = "width"
    return out


# --- performance ---------------------------------------------------------------------------


def performance_text(r: DiagnosisReview, lang: str, *, currency: str) -> str:
    """Achievement against target, the expense structure, and the territories behind."""
    perf = r.performance
    rows = perf.drop(index=TOTAL, errors="ignore")
    total = perf.loc[TOTAL] if TOTAL in perf.index else None
    money = Money(lang, esc(currency))
    paras = []
    if total is not None and pd.notna(total.get("achievement")):
        first = t(
            "dg_achievement_total",
            lang,
            achievement=fmt_pct(total["achievement"]),
            sales=money(total["sales"]),
            target=money(total["target"]),
        )
        below = rows[rows["achievement"] < 1].sort_values("achievement")
        if len(below):
            items = [aside(esc(n), fmt_pct(a), lang) for n, a in below["achievement"].items()]
            rest = t("dg_below_target", lang, names=_names(items, lang))
        else:
            rest = t("dg_all_on_target", lang)
        paras.append(join_sentences([first, rest], lang))
    else:
        paras.append(t("dg_no_target", lang))
    if "market_share" in perf and total is not None and pd.notna(total.get("market_share")):
        shares = rows["market_share"].dropna().sort_values(ascending=False)
        items = [aside(esc(n), fmt_pct(v), lang) for n, v in shares.items()]
        paras.append(
            t(
                "dg_market_share",
                lang,
                share=fmt_pct(total["market_share"]),
                size=money(total["market_size"]),
                items=_names(items, lang),
            )
        )
    if total is not None and pd.notna(total.get("expenses")):
        first = t(
            "dg_expense_total",
            lang,
            expenses=money(total["expenses"]),
            rate=fmt_pct(total["expense_rate"]),
            mgmt=fmt_pct(total["rate_sales_mgmt"]),
            promo=fmt_pct(total["rate_promotion"]),
            other=fmt_pct(total["rate_other"]),
        )
        top = rows["expense_rate"].dropna()
        parts = [first]
        if len(top):
            name = top.idxmax()
            parts.append(
                t(
                    "dg_expense_top",
                    lang,
                    name=esc(name),
                    rate=fmt_pct(top.max()),
                    promo=fmt_pct(rows.loc[name, "rate_promotion"]),
                )
            )
        paras.append(join_sentences(parts, lang))
    else:
        paras.append(t("dg_no_expenses", lang))
    if r.territories is not None and len(r.territories):
        tp = r.territories.drop(index="__unplaced__", errors="ignore")
        below = tp[tp["achievement"] < 1].sort_values("achievement")
        if len(below):
            items = [
                f"{esc(n)} {fmt_pct(a)}" for n, a in below["achievement"].head(MAX_NAMES).items()
            ]
            paras.append(
                t(
                    "dg_territory_line",
                    lang,
                    n=len(tp),
                    below=len(below),
                    names=_names(items, lang),
                )
            )
        else:
            paras.append(t("dg_territory_all_met", lang, n=len(tp)))
    return "\n\n".join(paras)


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


# --- financial health ----------------------------------------------------------------------


def _ratio_value(ratio: str, v: object) -> str:
    if not isinstance(v, int | float) or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if ratio in ("net_margin", "roa", "roe", "sales_profit_margin"):
        return fmt_pct(v)
    if ratio == "ar_days":
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def _rules_text(rules: dict, lang: str) -> str:
    items = []
    for ratio, (direction, limit) in rules.items():
        items.append(
            t(
                f"dg_rule_{direction}",
                lang,
                ratio=word(ratio, "dg_ratio_", lang),
                limit=_ratio_value(ratio, float(limit)),
            )
        )
    items.append(t("dg_negative_equity", lang))
    return join_items(items, lang)


def health_text(r: DiagnosisReview, lang: str, *, rules: dict) -> str:
    """How many dealers are at risk, and the most at risk with their numbers."""
    h = r.health
    risk = h.risk
    counts = risk["risk"].value_counts()
    unknown = int(counts.get("unknown", 0))
    first = t(
        "dg_health_line",
        lang,
        n=len(risk),
        high=int(counts.get("high", 0)),
        watch=int(counts.get("watch", 0)),
        sound=int(counts.get("sound", 0)),
        unknown=t("dg_health_unknown", lang, n=unknown) if unknown else "",
        rules=_rules_text(rules, lang),
    )
    flagged = h.flags
    at_risk = risk[risk["risk"] == "high"].head(MAX_NAMES)
    if at_risk.empty:
        at_risk = risk[risk["risk"] == "watch"].head(MAX_NAMES)
    if at_risk.empty:
        return join_sentences([first, t("dg_health_none", lang)], lang)
    items = []
    for dealer in at_risk.index:
        mine = flagged[flagged["dealer"] == dealer]
        values = []
        for _, f in mine.iterrows():
            if f["direction"] == "negative_equity":
                values.append(t("dg_negative_equity", lang))
            else:
                values.append(
                    t(
                        "dg_flag_value",
                        lang,
                        ratio=word(f["ratio"], "dg_ratio_", lang),
                        value=_ratio_value(f["ratio"], float(f["value"])),
                    )
                )
        items.append(
            t("dg_health_item", lang, name=dealer_name(r, dealer), flags=join_items(values, lang))
        )
    parts = [first, t("dg_health_top", lang, items=join_items(items, lang))]
    n_notes = int(h.ratios["notes"].map(bool).sum())
    if n_notes:
        n = sum(len(list(v)) for v in h.ratios["notes"])
        parts.append(t("dg_notes_line", lang, n=n))
    return join_sentences(parts, lang)


def risk_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """The dealers not sound, most at risk first, with the ratios that matter for
    credit."""
    risk = r.health.risk
    shown = risk[risk["risk"] != "sound"]
    cols = ["risk", *(c for c in risk.columns if c != "risk")]  # the level first
    return shown[cols].head(top)


# --- stock flow ----------------------------------------------------------------------------


def stock_text(r: DiagnosisReview, lang: str) -> str:
    """Rows that do not reconcile, the dealers behind them, days of inventory."""
    s = r.stock
    rows = s.rows
    facts = {
        "rows": f"{len(rows):,d}",
        "dealers": rows["dealer"].nunique(),
        "skus": rows["sku"].nunique(),
        "periods": rows["period"].nunique(),
    }
    bd = s.by_dealer
    mismatches, breaks = int(bd["mismatches"].sum()), int(bd["carry_breaks"].sum())
    paras = []
    if mismatches or breaks:
        first = t(
            "dg_stock_line",
            lang,
            mismatches=mismatches,
            units=fmt_amount(bd["units_unexplained"].sum()),
            **facts,
        )
        worst = bd[bd["units_unexplained"] > 0].head(MAX_NAMES)
        items = [
            f"{dealer_name(r, d)} {fmt_amount(u)}" for d, u in worst["units_unexplained"].items()
        ]
        parts = [first]
        if breaks:
            parts.append(t("dg_stock_breaks", lang, breaks=breaks))
        if items:
            parts.append(t("dg_stock_worst", lang, names=_names(items, lang)))
        paras.append(join_sentences(parts, lang))
    else:
        paras.append(t("dg_stock_clean", lang, **facts))
    days = bd["days_of_inventory"].dropna()
    if len(days):
        high = days.sort_values(ascending=False).head(3)
        items = [
            f"{dealer_name(r, d)} {t('dg_days', lang, n=f'{v:,.0f}')}" for d, v in high.items()
        ]
        paras.append(
            t("dg_stock_days", lang, median=f"{days.median():,.0f}", names=_names(items, lang))
        )
    return "\n\n".join(paras)


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


# --- coverage ------------------------------------------------------------------------------


def coverage_text(r: DiagnosisReview, lang: str) -> str:
    """County coverage with the gaps named, terminal coverage with the weakest areas."""
    c = r.coverage
    counties = c.counties
    paras = []
    if len(counties):
        source = counties["source"].iloc[0]
        first = t(
            "dg_county_line",
            lang,
            scope=len(counties),
            covered=int(counties["covered"].sum()),
            rate=fmt_pct(c.county_rate),
            source=t(f"dg_source_{source}", lang),
        )
        parts = [first]
        gaps = [esc(n) for n in counties.index[~counties["covered"].astype(bool)]]
        if gaps:
            parts.append(t("dg_county_gaps", lang, names=join_items(gaps, lang)))
        outside = counties.attrs.get("outside_scope") or []
        if outside:
            parts.append(t("dg_outside_scope", lang, names=names_list(outside, lang)))
        paras.append(join_sentences(parts, lang))
    bt = c.by_territory
    if len(c.terminals) and not math.isnan(c.terminal_rate):
        low = bt["terminal_rate"].dropna().sort_values().head(3)
        items = [f"{esc(n)} {fmt_pct(v)}" for n, v in low.items()]
        tm = c.terminals.dropna(subset=["active_outlets", "outlets_in_area"])
        tm = tm[tm["outlets_in_area"] > 0]
        paras.append(
            t(
                "dg_terminal_line",
                lang,
                active=f"{tm['active_outlets'].sum():,.0f}",
                universe=f"{tm['outlets_in_area'].sum():,.0f}",
                rate=fmt_pct(c.terminal_rate),
                names=_names(items, lang),
            )
        )
    else:
        paras.append(t("dg_no_terminals", lang))
    return "\n\n".join(paras)


def coverage_table(r: DiagnosisReview, *, top: int = 15) -> pd.DataFrame:
    """Territories by terminal coverage, lowest first (uncovered ones on top)."""
    bt = r.coverage.by_territory.copy()
    bt = bt.sort_values(["covered", "terminal_rate"], na_position="first")
    cols = ["covered", "members", "active_outlets", "outlets_in_area", "terminal_rate"]
    return bt[cols].head(top)


# --- rebates -------------------------------------------------------------------------------


def rebate_text(r: DiagnosisReview, lang: str, *, currency: str) -> str:
    """The ladder, its cliffs, the dealers standing at one, and what whole-volume
    payment costs against marginal."""
    rb = r.rebates
    money = Money(lang, esc(currency))
    tiers = [
        t("dg_tier", lang, threshold=money(th), rate=fmt_pct(rate, 2))
        for th, rate in zip(rb.tiers["threshold"], rb.tiers["rate"], strict=True)
    ]
    paras = [t("dg_ladder_line", lang, n=len(tiers), tiers=join_items(tiers, lang))]
    rising = rb.cliffs[rb.cliffs["jump"] > 0]
    if len(rising):
        items = [
            t(
                "dg_cliff_item",
                lang,
                threshold=money(c.threshold),
                jump=money(c.jump),
                discount=fmt_pct(c.breakeven_discount),
            )
            for c in rising.itertuples()
        ]
        paras.append(
            t(
                "dg_cliff_line",
                lang,
                items=join_items(items, lang),
                shortfall=fmt_pct(rb.shortfall, 0),
            )
        )
    if rb.dealers is None:
        paras.append(t("dg_no_volumes", lang))
        return "\n\n".join(paras)
    near = rb.near
    if near is not None and len(near):
        items = [
            t(
                "dg_near_item",
                lang,
                name=dealer_name(r, d),
                gap=money(row.gap),
                gain=money(row.gain),
            )
            for d, row in near.head(MAX_NAMES).iterrows()
        ]
        paras.append(
            t(
                "dg_near_line",
                lang,
                n=len(near),
                shortfall=fmt_pct(rb.shortfall, 0),
                items=_names(items, lang),
            )
        )
    else:
        paras.append(t("dg_near_none", lang, shortfall=fmt_pct(rb.shortfall, 0)))
    paras.append(
        t(
            "dg_cost_line",
            lang,
            whole=money(rb.whole_cost),
            marginal=money(rb.marginal_cost),
            saving=money(rb.whole_cost - rb.marginal_cost),
        )
    )
    return "\n\n".join(paras)


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
