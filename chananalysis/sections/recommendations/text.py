"""Section 05's prose, the tables made of words and the executive summary, in the report
language (the other tables are in `.tables`).

Every sentence comes from this section's ``messages.yaml`` and is chosen by what the
numbers say; names pass through `chananalysis.display.formatting.esc`; the codes of
`chananalysis.methods.recommendations` (kinds, actions, modes, principles, bases) are
worded from the catalogue.

Examples
--------
>>> basis_text("uplift:0.10", "zh")
'假设销售额增长 10%，按该渠道贡献率增加的贡献'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.display.formatting import esc, fmt_amount, fmt_pct, names_list
from chananalysis.display.money import Money, Unit
from chananalysis.i18n import join_items, join_sentences, listing, notes_text, t
from chananalysis.methods.notes import Notes
from chananalysis.sections import registry

if TYPE_CHECKING:
    from chananalysis.sections.recommendations.review import RecommendationsReview

__all__ = [
    "action_text",
    "after_text",
    "basis_text",
    "channel_table",
    "exit_economics",
    "finding_text",
    "judgement_text",
    "recommendation_table",
    "section_title",
    "summary_text",
    "table_text",
    "top_decisions",
    "triggers_table",
    "triggers_text",
]

#: Decisions the executive summary lists, at most.
TOP = 5
SECTION = registry.section_of(__name__).key
_DEALER_KINDS = {
    "dealer_disqualified",
    "dealer_big_weak",
    "dealer_stars",
    "diversion",
    "credit_risk",
    "stock_discrepancy",
}


def _facts(facts: object) -> dict[str, str]:
    """The facts of a recommendation (`chananalysis.methods.notes.Notes`) as a dict."""
    return dict(facts) if isinstance(facts, Notes) else {}


def _num(v: object) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def action_text(code: str, lang: str) -> str:
    """An action code (``exit_channel`` …) in words."""
    return t(f"rc_action_{code}", lang)


def basis_text(code: object, lang: str) -> str:
    """The assumption behind a recommendation's money (``""`` for none)."""
    if not isinstance(code, str) or not code:
        return ""
    head, _, arg = code.partition(":")
    if head == "uplift":
        return t("rc_basis_uplift", lang, pct=fmt_pct(_num(arg), 0))
    return t(f"rc_basis_{head}", lang)


def section_title(key: str, lang: str) -> str:
    """A section's title (``04_conflict_review`` → 冲突审查), from the registry."""
    return registry.section(key).title(lang)


def _subject(row: pd.Series, names: dict[str, str], lang: str) -> str:
    parts = [p for p in str(row["subject"]).split("|") if p]
    if row["kind"] in _DEALER_KINDS:
        parts = [f"{p} {names[p]}" if names.get(p) else p for p in parts]
    return listing([esc(p) for p in parts], lang) if parts else ""


#: Findings whose ``value`` is money (a channel's contribution, or loss when negative).
MONEY_KINDS = frozenset(
    {"channel_exit", "channel_exit_costly", "channel_nurture", "channel_deepen", "channel_optimize"}
)


def finding_text(
    row: pd.Series, lang: str, names: dict[str, str] | None = None, *, currency: str = "CNY"
) -> str:
    """One recommendation's finding, with its numbers (money in the reader's units,
    `chananalysis.display.money.Money`).

    Examples
    --------
    >>> row = pd.Series({"kind": "diversion", "subject": "D017", "value": 63264.0,
    ...                  "amount": 1265280.0,
    ...                  "facts": Notes([("type", "horizontal"), ("more", 16)], sep="=")})
    >>> finding_text(row, "en", {"D017": "商丘万通"})
    'D017 商丘万通 diverted 63,264 units (and 16 more)'
    >>> row = pd.Series({"kind": "channel_exit", "subject": "团购", "value": -1_234_567.0,
    ...                  "amount": None, "facts": Notes([("growth", -0.1)], sep="=")})
    >>> finding_text(row, "zh")
    '团购 扣除渠道费用后亏损 123 万元，增长 -10.0%'
    """
    f = _facts(row.get("facts"))
    kind, value = row["kind"], _num(row["value"])
    subject = _subject(row, names or {}, lang)
    growth = fmt_pct(_num(f.get("growth")), signed=True)
    amount = Money(lang, esc(currency)) if kind in MONEY_KINDS else fmt_amount
    values = {
        "subject": subject,
        "value": amount(value),
        "growth": growth,
        "loss": amount(-value),
        "n": f.get("n", ""),
        "near": f.get("near", "0"),
        "total": f"{_num(f.get('total')):.1f}",
        "stars": f.get("stars", ""),
        "veto": f.get("veto_count", ""),
        "mismatches": f.get("mismatches", ""),
        "below": fmt_pct(_num(f.get("below")), 0),
        "action": t(f"rc_action_word_{f.get('action')}", lang) if f.get("action") else "",
        "p": fmt_pct(value, 0),
        "flagged": join_items(
            (t(f"dg_ratio_{x}", lang) for x in f.get("flagged", "").split("|") if x), lang
        ),
    }
    if kind == "channel_nurture":
        why = "rc_why_new" if f.get("reason") == "new_channel" else "rc_why_fast"
        values["why"] = t(why, lang, growth=growth)
    if kind == "terminal_gap":
        values["value"] = fmt_pct(value)
    text = t(f"rc_find_{kind}", lang, **values)
    more = int(_num(f.get("more")) or 0) if f.get("more") else 0
    return text + (t("rc_more", lang, n=more) if more else "")


def recommendation_table(
    r: RecommendationsReview, lang: str, *, currency: str = "CNY"
) -> pd.DataFrame:
    """The recommendations as the report shows them and ``tables.xlsx`` keeps them:
    every code in words."""
    tb = r.table
    return pd.DataFrame(
        {
            "priority": [t(f"rc_priority_{p}", lang) for p in tb["priority"]],
            "area": [t(f"rc_area_{a}", lang) for a in tb["area"]],
            "finding": [
                finding_text(row, lang, r.names, currency=currency) for _, row in tb.iterrows()
            ],
            "recommendation": [action_text(a, lang) for a in tb["action"]],
            "amount": tb["amount"],
            "basis": [basis_text(b, lang) for b in tb["basis"]],
            "mode": [t(f"rc_mode_{m}", lang) for m in tb["mode"]],
            "principle": [t(f"rc_principle_{p}", lang) for p in tb["principle"]],
            "section": [section_title(s, lang) for s in tb["section"]],
            "seed": tb["seed"],
        }
    )


def table_text(r: RecommendationsReview, lang: str) -> str:
    """How many recommendations, by priority."""
    counts = r.table["priority"].value_counts()
    return t(
        "rc_table_intro",
        lang,
        n=len(r.table),
        p1=int(counts.get(1, 0)),
        p2=int(counts.get(2, 0)),
        p3=int(counts.get(3, 0)),
    )


# --- channel judgement ---------------------------------------------------------------------


def _signed(x: float, places: int) -> str:
    """``x`` with its sign written out (``+48``, ``−137``; 0 has none), for a formula."""
    body = f"{abs(x):,.{places}f}"
    if not body.strip("0.,"):
        return body
    return ("−" if x < 0 else "+") + body


def exit_economics(
    name: str,
    row: pd.Series,
    lang: str,
    *,
    share: float,
    currency: str = "CNY",
    unit: Unit | None = None,
) -> str:
    """One sentence: what exiting the channel would save and lose, as one formula,
    effect on the company's contribution = −own result − (1 − share) · fixed cost.

    ``row`` is the channel's row of `chananalysis.methods.judgement.channel_judgement`
    (``exit_effect``, ``fixed_cost``, ``contribution``); the own result is read back from
    the effect (−effect − (1 − share)·fixed), so the sentence shows the number the table
    shows. All three figures are in one unit — ``unit`` (the judgement table's column
    unit, so the effect reads as in the table) or else the one that suits them — rounded
    as shown; the result is the difference of the rounded terms, so the formula adds up
    as printed.

    Examples
    --------
    >>> row = pd.Series({"exit_effect": -1_370_000.0, "fixed_cost": 3_700_000.0,
    ...                  "contribution": -480_000.0})
    >>> zh = exit_economics("便利连锁", row, "zh", share=0.5, currency="CNY")
    >>> print(*zh.split("= "), sep="\\n")
    退出便利连锁可省下其变动费用和一半的固定费用，但会失去其销售：对公司贡献的影响（万元）
    +48（止住的亏损）− 185（省不下的固定费用）
    −137，因此先削减成本，而不是退出。
    """
    money = Money(lang, esc(currency))
    kept = (1.0 - share) * float(row["fixed_cost"])
    effect = float(row["exit_effect"])
    own = -effect - kept  # the channel's own result on the exit basis
    unit = unit or money.unit([own, kept, effect])
    places = unit.decimals
    first, cost = (round(v / unit.divisor, places) for v in (-own, kept))
    if all(float(v).is_integer() for v in (first, cost)):
        places = 0
    pc = "profit_after_product_cost" in row.index and not math.isclose(
        own, float(row["contribution"]), rel_tol=1e-9, abs_tol=1e-6
    )
    label = ("rc_exit_first_loss" if own < 0 else "rc_exit_first_gain") + ("_pc" if pc else "")
    if share == 0.5:
        share_text = t("rc_exit_share_half", lang)
    elif share == 1.0:
        share_text = t("rc_exit_share_all", lang)
    else:
        share_text = t("rc_exit_share_pct", lang, pct=fmt_pct(share, 0))
    return t(
        "rc_exit_economics",
        lang,
        name=esc(name),
        share=share_text,
        label=money.header(t("rc_exit_effect_label", lang), unit),
        first=_signed(first, places),
        first_label=t(label, lang),
        cost=f"{cost:,.{places}f}",
        effect=_signed(round(first - cost, places), places),
        then=t("rc_exit_then_cut" if effect < 0 else "rc_exit_then_exit", lang),
    )


def judgement_text(r: RecommendationsReview, lang: str, *, currency: str = "CNY") -> str:
    """The textbook rule and the judgement on top of it: the channels nurtured, those
    kept and grown, and the exit economics of each channel still in the exit band, one
    sentence each (`exit_economics`)."""
    j = r.judgement
    first = j.iloc[0] if len(j) else pd.Series(dtype="float64")
    h = float(first.get("company_growth", math.nan))
    company_ach = float(first.get("company_achievement", math.nan))
    targets = not math.isnan(company_ach)
    m = float(j.attrs.get("growth_multiple", getattr(r, "growth_multiple", 2.0)))
    ach = t("rc_company_achievement", lang, pct=fmt_pct(company_ach)) if targets else ""
    parts = [t("rc_judgement_intro", lang, m=f"{m:g}", h=fmt_pct(h, signed=True), ach=ach)]
    also = t("rc_keep_also_target", lang) if targets else ""
    if j.attrs.get("keep_healthy", True):
        parts.append(t("rc_judgement_keep_rule", lang, also=also))
    nurtured = []
    for name, row in j[j["action"] == "nurture"].iterrows():
        if row["reason"] == "new_channel":
            nurtured.append(t("rc_nurture_new", lang, name=esc(name)))
        else:
            nurtured.append(
                t("rc_nurture_fast", lang, name=esc(name), g=fmt_pct(row["growth"], signed=True))
            )
    if nurtured:
        parts.append(t("rc_nurtured", lang, items=join_items(nurtured, lang)))
    kept = []
    for name, row in j[j["action"] == "keep_and_grow"].iterrows():
        a = float(row.get("achievement", math.nan))
        kept.append(
            t(
                "rc_keep_item",
                lang,
                name=esc(name),
                seed=t(f"rc_action_word_{row['seed_action']}", lang),
                g=fmt_pct(row["growth"], signed=True),
                ach=t("rc_keep_item_ach", lang, pct=fmt_pct(a)) if not math.isnan(a) else "",
            )
        )
    if kept:
        parts.append(t("rc_kept", lang, items=join_items(kept, lang)))
    share = float(j.attrs.get("avoidable_fixed", 0.5))
    unit = Money(lang, esc(currency)).unit(j["exit_effect"])  # the table column's unit
    for name, row in j[j["action"].isin(["exit", "cut_cost_before_exit"])].iterrows():
        parts.append(exit_economics(name, row, lang, share=share, currency=currency, unit=unit))
    return join_sentences(parts, lang) + "\n\n" + t("rc_contribution_note", lang)


# --- triggers and the system after ---------------------------------------------------------


def triggers_text(r: RecommendationsReview, lang: str) -> str:
    """Which of the seed's four triggers this client meets."""
    met = [t(f"rc_trigger_{k}", lang) for k in r.triggers.index[r.triggers["status"] == "met"]]
    what = t("rc_triggers_met", lang, names=join_items(met, lang)) if met else None
    return t("rc_triggers_intro", lang, met=what or t("rc_triggers_none", lang))


def triggers_table(r: RecommendationsReview, lang: str) -> pd.DataFrame:
    """The four triggers, their status, evidence and the modes they call for, worded."""
    tr = r.triggers
    return pd.DataFrame(
        {
            "trigger": [t(f"rc_trigger_{k}", lang) for k in tr.index],
            "status": [t(f"rc_status_{s}", lang) for s in tr["status"]],
            "evidence": [
                esc(e) + (f" ({t('rc_basis_' + b, lang)})" if b else "")
                for e, b in zip(tr["evidence"].fillna(""), tr["basis"].fillna(""), strict=True)
            ],
            "modes": [
                notes_text(ms, lang, lambda m, _, lang: t(f"rc_mode_{m}", lang))
                for ms in tr["modes"]
            ],
        }
    )


def after_text(r: RecommendationsReview, lang: str) -> str:
    """The channels kept, their share of sales and contribution; those exited (only the
    channels whose verdict is exit); those kept while their costs are cut."""
    a = r.after
    dropped = a.attrs.get("dropped") or []
    cut = [str(c) for c in a.index[a["action"] == "cut_cost_before_exit"]]
    tail = t("rc_after_cut", lang, names=names_list(cut, lang)) if cut else ""
    if not dropped:
        return join_sentences([p for p in (t("rc_after_none", lang), tail) if p], lang)
    kept_c = float(a.attrs.get("contribution_kept", math.nan))
    dropped_c = float(a.attrs.get("contribution_dropped", 0.0))
    total_c = kept_c + dropped_c
    line = t(
        "rc_after_line",
        lang,
        kept=len(a),
        share=fmt_pct(a.attrs.get("sales_kept_share")),
        cshare=fmt_pct(kept_c / total_c) if total_c else "–",
        dropped=names_list(dropped, lang),
    )
    return join_sentences([p for p in (line, tail) if p], lang)


# --- executive summary ---------------------------------------------------------------------


def top_decisions(r: RecommendationsReview, *, n: int = TOP) -> pd.DataFrame:
    """The decisions the summary lists: by priority and money, one per kind first, one
    per subject (a dealer both disqualified and big but weak is named once)."""
    tb = r.table
    first = tb.drop_duplicates("kind")
    ordered = pd.concat([first, tb.drop(first.index)])
    chosen = ordered.drop_duplicates("subject").head(n)  # one decision per channel or dealer
    return chosen.sort_values(["priority"], kind="stable")


def summary_text(
    r: RecommendationsReview, lang: str, *, currency: str = "CNY", client: str = ""
) -> str:
    """The executive summary: what was reviewed, the decisions that matter most with
    their figures and the sections that prove them."""
    tb = r.table
    n_dealers = len(r.names)
    intro = t(
        "rc_summary_intro",
        lang,
        client=esc(client),
        channels=len(r.judgement),
        dealers=t("rc_summary_dealers", lang, n=n_dealers) if n_dealers else "",
        n=len(tb),
        now=int((tb["priority"] == 1).sum()),
        section=f"[{esc(section_title(SECTION, lang))}](#sec-{SECTION})",
    )
    lines = [intro, ""]
    top = top_decisions(r)
    if top.empty:
        lines.append(t("rc_summary_none", lang))
    for i, (_, row) in enumerate(top.iterrows(), start=1):
        money = ""
        if pd.notna(row["amount"]):
            money = t("rc_summary_money", lang, amount=Money(lang, esc(currency))(row["amount"]))
        link = f"[{esc(section_title(row['section'], lang))}](#sec-{row['section']})"
        lines.append(
            f"{i}. "
            + t(
                "rc_summary_item",
                lang,
                action=action_text(row["action"], lang),
                finding=finding_text(row, lang, r.names, currency=currency),
                money=money,
                link=t("rc_summary_link", lang, title=link),
            )
        )
    lines += ["", t("rc_summary_channels", lang)]
    return "\n".join(lines)


def channel_table(r: RecommendationsReview, lang: str, *, currency: str = "CNY") -> pd.DataFrame:
    """Channel → action → reason, for the summary."""
    money = Money(lang, currency)  # a table cell: written as text, escaped when shown
    j = r.judgement
    reasons = []
    for _, row in j.iterrows():
        bits = [t("rc_col_growth", lang) + " " + fmt_pct(row["growth"], signed=True)]
        bits.append(t("rc_col_contribution", lang) + " " + money(row["contribution"]))
        if row["reason"]:
            bits.insert(0, t(f"rc_reason_{row['reason']}", lang))
        reasons.append(join_items(bits, lang))
    return pd.DataFrame(
        {
            "action": [t(f"rc_action_word_{a}", lang) for a in j["action"]],
            "seed_action": [t(f"rc_action_word_{a}", lang) for a in j["seed_action"]],
            "reason": reasons,
        },
        index=pd.Index(j.index, name="channel"),
    )
