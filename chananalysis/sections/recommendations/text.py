"""Section 05's prose, display tables and the executive summary, in the report language.

Every sentence comes from this section's ``messages.yaml`` and is chosen by what the
numbers say; names pass through `chananalysis.report.formatting.esc`; the codes of
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

from chananalysis.i18n import join_items, join_sentences, notes_text, t
from chananalysis.methods.notes import Notes
from chananalysis.report.formatting import esc, fmt_amount, fmt_pct, names_list
from chananalysis.report.money import Money

if TYPE_CHECKING:
    from chananalysis.sections.recommendations.review import IntegrationReview

__all__ = [
    "action_text",
    "after_table",
    "after_text",
    "basis_text",
    "channel_table",
    "finding_text",
    "judgement_table",
    "judgement_text",
    "recommendation_table",
    "section_title",
    "shown_table",
    "summary_markdown",
    "table_text",
    "top_decisions",
    "triggers_table",
    "triggers_text",
]

#: Decisions the executive summary lists, at most.
TOP = 5
SECTION = "05_integration_recommendations"
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
    """A section's title (``04_conflict_review`` → 冲突审查)."""
    return t(f"sec_{key}", lang)


def _subject(row: pd.Series, names: dict[str, str], lang: str) -> str:
    parts = [p for p in str(row["subject"]).split("|") if p]
    if row["kind"] in _DEALER_KINDS:
        parts = [f"{p} {names[p]}" if names.get(p) else p for p in parts]
    shown = [esc(p) for p in parts]
    if len(shown) > 6:
        return join_items(shown[:6], lang) + t("rc_more", lang, n=len(shown) - 6)
    return join_items(shown, lang)


#: Findings whose ``value`` is money (a channel's contribution, or loss when negative).
MONEY_KINDS = frozenset(
    {"channel_exit", "channel_exit_costly", "channel_nurture", "channel_deepen", "channel_optimize"}
)


def finding_text(
    row: pd.Series, lang: str, names: dict[str, str] | None = None, *, currency: str = "CNY"
) -> str:
    """One recommendation's finding, with its numbers (money in the reader's units,
    `chananalysis.report.money.Money`).

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


def recommendation_table(r: IntegrationReview, lang: str, *, currency: str = "CNY") -> pd.DataFrame:
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


def shown_table(full: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns the report shows of `recommendation_table` (all go to
    ``tables.xlsx``): mode and principle in one column; area and seed left out."""
    out = full[["priority", "finding", "recommendation", "amount", "basis", "section"]].copy()
    out.insert(
        5,
        "mode_principle",
        [f"{m} · {p}" for m, p in zip(full["mode"], full["principle"], strict=True)],
    )
    return out


def table_text(r: IntegrationReview, lang: str) -> str:
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


def judgement_text(r: IntegrationReview, lang: str, *, currency: str = "CNY") -> str:
    """The rule applied, the channels nurtured instead of exited, the costly exits."""
    money = Money(lang, esc(currency))
    j = r.judgement
    h = float(j["company_growth"].iloc[0]) if len(j) else math.nan
    parts = [t("rc_judgement_intro", lang, m=f"{r.growth_multiple:g}", h=fmt_pct(h, signed=True))]
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
    costly = j[(j["action"] == "exit") & (j["exit_loss"] > 0)]
    if len(costly):
        items = [
            t("rc_costly_item", lang, name=esc(n), amount=money(v))
            for n, v in costly["exit_loss"].items()
        ]
        parts.append(t("rc_costly_exits", lang, items=join_items(items, lang)))
    return join_sentences(parts, lang) + "\n\n" + t("rc_contribution_note", lang)


def judgement_table(r: IntegrationReview) -> pd.DataFrame:
    """Per channel: the seed's band, the judged action, why, growth, contribution."""
    cols = ["seed_action", "action", "reason", "growth", "contribution", "exit_loss", "flag"]
    out = r.judgement[cols].copy()
    out.index.name = "channel"
    return out


# --- triggers and the system after ---------------------------------------------------------


def triggers_text(r: IntegrationReview, lang: str) -> str:
    """Which of the seed's four triggers this client meets."""
    met = [t(f"rc_trigger_{k}", lang) for k in r.triggers.index[r.triggers["status"] == "met"]]
    what = t("rc_triggers_met", lang, names=join_items(met, lang)) if met else None
    return t("rc_triggers_intro", lang, met=what or t("rc_triggers_none", lang))


def triggers_table(r: IntegrationReview, lang: str) -> pd.DataFrame:
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


def after_text(r: IntegrationReview, lang: str) -> str:
    """The channels kept, their share of sales and contribution; those exited."""
    a = r.after
    dropped = a.attrs.get("dropped") or []
    if not dropped:
        return t("rc_after_none", lang)
    kept_c = float(a.attrs.get("contribution_kept", math.nan))
    dropped_c = float(a.attrs.get("contribution_dropped", 0.0))
    total_c = kept_c + dropped_c
    return t(
        "rc_after_line",
        lang,
        kept=len(a),
        share=fmt_pct(a.attrs.get("sales_kept_share")),
        cshare=fmt_pct(kept_c / total_c) if total_c else "–",
        dropped=names_list(dropped, lang),
    )


def after_table(r: IntegrationReview) -> pd.DataFrame:
    """The channels kept: action, sales, shares before and after."""
    out = r.after.copy()
    out.index.name = "channel"
    return out


# --- executive summary ---------------------------------------------------------------------


def top_decisions(r: IntegrationReview, *, n: int = TOP) -> pd.DataFrame:
    """The decisions the summary lists: by priority and money, one per kind first, one
    per subject (a dealer both disqualified and big but weak is named once)."""
    tb = r.table
    first = tb.drop_duplicates("kind")
    ordered = pd.concat([first, tb.drop(first.index)])
    chosen = ordered.drop_duplicates("subject").head(n)  # one decision per channel or dealer
    return chosen.sort_values(["priority"], kind="stable")


def summary_markdown(r: IntegrationReview, lang: str, *, client: str, currency: str) -> str:
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


def channel_table(r: IntegrationReview, lang: str, *, currency: str = "CNY") -> pd.DataFrame:
    """Channel → action → reason, for the summary."""
    money = Money(lang, currency)  # a table cell: written as text, escaped when shown
    j = r.judgement
    reasons = []
    for _, row in j.iterrows():
        bits = [t("rc_col_growth", lang) + " " + fmt_pct(row["growth"], signed=True)]
        bits.append(t("rc_col_contribution", lang) + " " + money(row["contribution"]))
        if row["reason"]:
            bits.insert(0, t(f"rc_reason_{row['reason']}", lang))
        if row["flag"]:
            bits.append(t(f"rc_flag_{row['flag']}", lang))
        reasons.append(join_items(bits, lang))
    return pd.DataFrame(
        {
            "action": [t(f"rc_action_word_{a}", lang) for a in j["action"]],
            "seed_action": [t(f"rc_action_word_{a}", lang) for a in j["seed_action"]],
            "reason": reasons,
        },
        index=pd.Index(j.index, name="channel"),
    )
