"""Section 05's prose, the tables made of words and the executive summary, in the report
language (the other tables are in `.tables`).

Every sentence comes from this section's ``messages.yaml`` and is chosen by what the
numbers say; names pass through `chananalysis.display.formatting.esc`; the codes of
`chananalysis.methods.recommendations` (kinds, actions, modes, principles, bases) are
worded from the catalogue.

Examples
--------
>>> horizon_text(30, "zh"), horizon_text(365, "en")
('30 天内', 'within 365 days')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.display.formatting import esc, fmt_pct, names_list
from chananalysis.display.money import Money, Unit
from chananalysis.i18n import (
    aside,
    count_text,
    has,
    join_clauses,
    join_items,
    join_sentences,
    listing,
    notes_text,
    t,
)
from chananalysis.methods.adjustment import evidence_pairs
from chananalysis.methods.notes import Notes
from chananalysis.sections import registry

if TYPE_CHECKING:
    from chananalysis.sections.recommendations.review import RecommendationsReview

__all__ = [
    "CAVEATS",
    "after_text",
    "decision_line",
    "exit_economics",
    "finding_phrase",
    "first_steps",
    "horizon_text",
    "judgement_text",
    "kpi_text",
    "no_action_text",
    "owner_text",
    "plan_order",
    "plan_text",
    "roadmap_text",
    "schedule",
    "step_text",
    "subject_text",
    "summary_text",
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


#: Evidence items of `chananalysis.methods.adjustment.adjustment_triggers` whose value is a
#: share (shown as a percentage), a count, or a list of names (``a,b`` or ``ch:x,ch:x``).
_EVIDENCE_SHARE = frozenset({"hq_share", "terminal_coverage", "county_coverage"})
_EVIDENCE_COUNT = frozenset({"overlaps", "blind_spots"})


def trigger_evidence(evidence: object, lang: str) -> str:
    """A trigger's evidence in words: each ``code=value`` item and each note of
    `chananalysis.methods.adjustment.adjustment_triggers` through the catalogue
    (``rc_ev_<code>``), numbers formatted, names escaped; never the codes themselves.

    References
    ----------
    Seed 004, 第五节 三、渠道调整 (the four triggers); docs/method.md §6.

    Examples
    --------
    >>> trigger_evidence("complaints_per_dealer=3.839", "zh")
    '平均每家经销商投诉 3.8 次'
    >>> trigger_evidence("below_target=便利连锁:0.858,KA卖场:0.962", "en")
    'below 90% of target: 便利连锁 85.8%, KA卖场 96.2%'
    >>> trigger_evidence("dangerous_dealers=D015,D017; overlaps=1; blind_spots=6", "zh")
    '窜货严重的经销商：D015、D017；授权重叠 1 处；授权空白 6 处'
    >>> trigger_evidence("ask_client", "en")
    'to be confirmed with the client'
    """
    items = []
    for code, value in evidence_pairs(evidence):
        key = f"rc_ev_{code}"
        if not has(key):  # a code the catalogue lacks: shown, not dropped
            items.append(esc(f"{code}={value}" if value else code))
            continue
        if code in _EVIDENCE_SHARE:
            items.append(t(key, lang, value=_pct(value)))
        elif code in _EVIDENCE_COUNT:
            items.append(t(key, lang, value=value))
        elif code == "complaints_per_dealer":
            items.append(t(key, lang, value=f"{_num(value):.1f}"))
        elif code in ("below_target", "lowest_achievement"):
            pairs = [p.rpartition(":") for p in value.split(",") if p]
            shown = [f"{esc(n)} {_pct(x)}" for n, _, x in pairs]
            items.append(t(key, lang, value=join_items(shown, lang)))
        elif code in ("dangerous_dealers", "no_target", "no_sales"):
            names = [esc(n) for n in value.split(",") if n and n != "none"]
            items.append(
                t(key, lang, value=join_items(names, lang) if names else t("none_word", lang))
            )
        elif code in ("no_data", "no_denominator"):
            what = f"rc_evname_{value}"
            items.append(t(key, lang, value=t(what, lang) if has(what) else esc(value)))
        elif code == "strategy_changed":
            items.append(t(key, lang, value=t(f"rc_ev_{value}", lang)))
        else:
            items.append(t(key, lang, value=esc(value)))
    return join_clauses(items, lang)


def triggers_table(r: RecommendationsReview, lang: str) -> pd.DataFrame:
    """The four triggers, their status, evidence and the modes they call for, worded."""
    tr = r.triggers
    return pd.DataFrame(
        {
            "trigger": [t(f"rc_trigger_{k}", lang) for k in tr.index],
            "status": [t(f"rc_status_{s}", lang) for s in tr["status"]],
            "evidence": [
                trigger_evidence(e, lang) + (f" ({t('rc_basis_' + b, lang)})" if b else "")
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


# --- decisions (issue 24): wording ---------------------------------------------------------
#
# The frames are those of `chananalysis.methods.recommendations` (findings, decisions,
# no_action: docs/method.md §6). Running text (``decision_line``, ``summary_text``) escapes client
# names with `esc`; table cells (``chananalysis.sections.recommendations.tables``) take them
# as they are, since `chananalysis.display.formatting.style_table` escapes every cell.

#: KPIs whose target is a fraction, an amount of money, or a count (and its unit); the
#: others are milestones (done or not, no target).
_KPI_FRACTION = frozenset(
    {"diversion_rate", "terminal_rate", "channel_growth", "channel_achievement"}
)
_KPI_MONEY = frozenset(
    {"receivables", "channel_contribution", "fixed_cost_removed", "net_price_gap"}
)
_KPI_COUNT = {
    "units_unexplained": "",  # the unit is in the KPI's wording
    "price_breaches": "",
    "overlap_days": "day",
    "codes_traced": "code",
    "roles_matched": "dealer",
    "stars_rewarded": "dealer",
    "dealer_stars": "star",
    "loyalty_rating": "point",
}
#: Subject kinds that are one of their kind (no name): worded by ``rc_sk_<kind>``.
_SINGLE = frozenset({"rebate_ladder", "codes", "company"})
#: Finding kinds whose many findings in one decision are summed up in one phrase (the
#: largest named), rather than listed.
_MANY = frozenset({"arbitrage", "dumping"})
#: How many findings of one kind a decision's evidence names before counting the rest.
EVIDENCE_LIMIT = 3


def _q(markup: bool):
    """The escaping of client text: `esc` in running text (Markdown), none in a cell."""
    return esc if markup else str


def _cap(text: str) -> str:
    """The first letter upper case (a sentence or a cell in English; Chinese unchanged)."""
    return text[:1].upper() + text[1:]


def _pct(v: object, *, signed: bool = False) -> str:
    """A fraction as a percentage with one decimal, ``.0`` dropped (0.02 → 2%)."""
    text = fmt_pct(_num(v), 1, signed=signed)
    return text[:-3] + "%" if text.endswith(".0%") else text


def _how_many(value: object) -> float:
    """A fact that is a count or a "|"-joined list: the count."""
    v = _num(value)
    if not math.isnan(v):
        return v
    items = [x for x in str(value or "").split("|") if x]
    return float(len(items)) if items else math.nan


def _dealer(code: object, names: Mapping[str, str], q) -> str:
    """A dealer as the report names it: id and name (``D017 商丘万通``)."""
    code = str(code)
    name = names.get(code)
    return f"{q(code)} {q(name)}" if name else q(code)


def subject_text(
    row: Mapping[str, object] | pd.Series,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
    markup: bool = True,
    brief: bool = False,
) -> str:
    """What a decision (or a finding) is about, in words: a channel, a dealer's id and
    name, a group of dealers, a territory, a price list, the rebate ladder ….

    Parameters
    ----------
    row
        A row with ``subject_kind`` and ``subject`` (and ``members`` for a group of dealers).
    lang
        ``"zh"`` or ``"en"``.
    names
        Keyword only: dealer id → name.
    markup
        Keyword only: escape client names for Markdown (running text); ``False`` for a
        table cell (the table escapes it).
    brief
        Keyword only: a group of dealers by its count alone (a chart's label).

    Returns
    -------
    str

    References
    ----------
    the decision schema of `chananalysis.methods.recommendations` (issue 24): the subject kinds.

    Examples
    --------
    >>> subject_text({"subject_kind": "dealer", "subject": "D017"}, "zh", names={"D017": "万通"})
    'D017 万通'
    >>> subject_text({"subject_kind": "price_list", "subject": "河南"}, "en")
    '河南 price list'
    >>> subject_text({"subject_kind": "rebate_ladder", "subject": ""}, "zh")
    '返利阶梯'
    """
    q, names = _q(markup), names or {}
    kind, subject = str(row["subject_kind"]), str(row["subject"] or "")
    if kind == "dealer":
        return _dealer(subject, names, q)
    if kind == "dealers" and row.get("members") is not None and len(row["members"]):
        members = [str(m) for m in row["members"]]
        if brief:
            return count_text(len(members), "dealer", lang)
        # a group names its dealers by id (their names are in the plan's evidence); the
        # count is already said, so a long list ends in 等 / "…", not in a second count
        shown = join_items([q(m) for m in members[:EVIDENCE_LIMIT]], lang)
        if len(members) > EVIDENCE_LIMIT:
            shown = t("rc_subject_more", lang, items=shown)
        return t(
            "rc_subject_dealers", lang, n=count_text(len(members), "dealer", lang), names=shown
        )
    if kind in ("price_list", "price_ladder") and subject:
        return t(f"rc_subject_{kind}", lang, name=q(subject))
    if kind in _SINGLE or kind == "dealers" or not subject:  # a pool's subject is a code
        return t(f"rc_sk_{kind}", lang)
    return q(subject)


def do_key(row: Mapping[str, object] | pd.Series) -> str:
    """The catalogue key of what a decision asks: its action's, or, for a dealer to
    replace who diverts, the order of the steps (stop the diversion with the evidence and
    the fine first, then disqualify or replace).

    Examples
    --------
    >>> do_key({"action": "replace_dealer", "kinds": ["dealer_disqualified", "diversion"]})
    'rc_do_replace_dealer_diverting'
    >>> do_key({"action": "deepen_channel", "kinds": ["channel_deepen"]})
    'rc_do_deepen_channel'
    """
    kinds = row.get("kinds")
    kinds = list(kinds) if kinds is not None and not isinstance(kinds, str) else []
    if row["action"] == "replace_dealer" and "diversion" in kinds:
        return "rc_do_replace_dealer_diverting"
    return f"rc_do_{row['action']}"


def owner_text(role: str, lang: str, owners: Mapping[str, str] | None = None) -> str:
    """An owner role in words, or the client's own title for it from ``owners``
    (role code → title; the title is the client's text, escaped by the caller).

    Examples
    --------
    >>> owner_text("regional_manager", "zh"), owner_text("finance", "en")
    ('区域经理', 'Finance')
    >>> owner_text("finance", "zh", {"finance": "财务总监"})
    '财务总监'
    """
    if owners and role in owners:
        return str(owners[role])
    return t(f"rc_owner_{role}", lang)


def horizon_text(days: object, lang: str) -> str:
    """A horizon in days as a deadline: ``30 天内``, ``within 30 days``.

    Examples
    --------
    >>> horizon_text(30, "zh"), horizon_text(90, "en")
    ('30 天内', 'within 90 days')
    """
    return t("rc_within", lang, days=int(_num(days)))


def kpi_text(kpi: str, target: object, lang: str, *, currency: str = "CNY") -> str:
    """A KPI with its target formatted by its unit: a fraction as a percentage, money in
    the reader's units (`chananalysis.display.money.Money`), a count with its unit; a
    milestone has no target.

    Examples
    --------
    >>> kpi_text("diversion_rate", 0.02, "zh"), kpi_text("channel_growth", 0.10, "en")
    ('窜货率低于 2%', 'channel growth at least 10%')
    >>> kpi_text("receivables", 500_000, "zh"), kpi_text("codes_traced", 60, "en")
    ('应收账款不超过 50 万元', '60 codes traced')
    >>> kpi_text("authorization_renewed", float("nan"), "zh")
    '授权合同续签'
    """
    v = _num(target)
    if math.isnan(v):
        target_text = "–"
    elif kpi in _KPI_FRACTION:
        target_text = _pct(v)
    elif kpi in _KPI_MONEY:
        target_text = Money(lang, currency)(v)
    elif _KPI_COUNT.get(kpi):
        target_text = count_text(v, _KPI_COUNT[kpi], lang)
    else:
        target_text = f"{v:,.0f}" if kpi in _KPI_COUNT else f"{v:g}"
    return t(f"rc_kpi_{kpi}", lang, target=target_text)


def _phrase(row: Mapping[str, object], lang: str, money: Money, names, q) -> str:
    """One finding in words, from its kind and facts (see `finding_phrase`)."""
    f = _facts(row.get("facts"))
    kind = str(row["kind"])

    def m(key: str) -> str:
        return money(_num(f.get(key)))

    def pct(key: str, *, signed: bool = False) -> str:
        return _pct(f.get(key), signed=signed)

    def words(prefix: str, code: object, fallback: str) -> str:
        return t(f"{prefix}{code}", lang) if has(f"{prefix}{code}") else t(fallback, lang)

    if kind == "channel_exit":
        effect = _num(f.get("exit_effect"))
        signed = ("+" if effect > 0 else "") + money(effect)
        return t("rc_fp_channel_exit", lang, contribution=m("contribution"), exit_effect=signed)
    if kind == "channel_cut_cost":
        return t(
            "rc_fp_channel_cut_cost",
            lang,
            contribution=m("contribution"),
            fixed_cost=m("fixed_cost"),
            loss=money(abs(_num(f.get("exit_effect")))),
        )
    if kind == "channel_nurture":
        if f.get("reason") == "new_channel":
            return t("rc_fp_channel_nurture_new", lang)
        return t(
            "rc_fp_channel_nurture_fast",
            lang,
            growth=pct("growth", signed=True),
            company_growth=pct("company_growth", signed=True),
        )
    if kind == "channel_keep":
        achievement = ""
        if not math.isnan(_num(f.get("achievement"))):
            achievement = t(
                "rc_fp_achievement",
                lang,
                achievement=pct("achievement"),
                company=pct("company_achievement"),
            )
        return t(
            "rc_fp_channel_keep",
            lang,
            growth=pct("growth", signed=True),
            company_growth=pct("company_growth", signed=True),
            achievement=achievement,
            contribution=m("contribution"),
        )
    if kind in ("channel_deepen", "channel_optimize"):
        return t(
            f"rc_fp_{kind}", lang, growth=pct("growth", signed=True), contribution=m("contribution")
        )
    if kind == "fragile_action":
        verdict = words("rc_verdict_", f.get("action"), "rc_verdict_other")
        return t("rc_fp_fragile_action", lang, verdict=verdict, p=pct("p_action"))
    if kind == "channel_below_target":
        return t("rc_fp_channel_below_target", lang, achievement=pct("achievement"))
    if kind == "dumping":
        return t(
            "rc_fp_dumping",
            lang,
            product=q(f.get("product", "")),
            territory=q(f.get("territory", "")),
            price=m("price"),
            floor=m("floor"),
            gap=pct("gap_pct"),
        )
    if kind == "dealer_disqualified":
        n = _num(f.get("veto_count"))
        complaints = count_text(n, "complaint", lang)
        n_text = f"{n:,.0f}" if not math.isnan(n) else "–"
        return t("rc_fp_dealer_disqualified", lang, complaints=complaints, n=n_text)
    if kind in ("diversion", "diversion_watch", "diversion_minor"):
        text = t("rc_fp_diversion", lang, rate=pct("diversion_rate"))
        markets = _how_many(f.get("territories"))
        return aside(text, count_text(markets, "market", lang), lang) if markets else text
    if kind == "credit_risk":
        parts = []
        if not math.isnan(_num(f.get("debt_to_equity"))):
            parts.append(t("rc_fp_credit_risk_de", lang, value=f"{_num(f['debt_to_equity']):.2f}"))
        if not math.isnan(_num(f.get("accounts_receivable"))):
            parts.append(t("rc_fp_credit_risk_ar", lang, value=m("accounts_receivable")))
        return join_items(parts, lang) if parts else t("rc_fp_credit_risk", lang)
    if kind == "dealer_big_weak":
        return t(
            "rc_fp_dealer_big_weak",
            lang,
            stars=count_text(f.get("stars"), "star", lang),
            total=count_text(f.get("total"), "point", lang),
        )
    if kind == "stock_discrepancy":
        units = count_text(f.get("units_unexplained", row.get("value")), "unit", lang)
        return t("rc_fp_stock_discrepancy", lang, units=units)
    if kind == "role_mismatch":
        role, best = f.get("market_role"), f.get("best_role")
        if has(f"de_role_{role}") and has(f"de_role_{best}"):
            return t(
                "rc_fp_role_mismatch",
                lang,
                role=t(f"de_role_{role}", lang),
                best=t(f"de_role_{best}", lang),
            )
        return t("rc_fp_role_other", lang)
    if kind == "low_loyalty":
        return t("rc_fp_low_loyalty", lang, loyalty=count_text(f.get("loyalty"), "point", lang))
    if kind == "dealer_stars":
        return t("rc_fp_dealer_stars", lang, total=count_text(f.get("total"), "point", lang))
    if kind == "lapsed_authorization" and not _num(f.get("units_after")) > 0:
        return t(
            "rc_fp_lapsed_authorization_active",
            lang,
            dealer=_dealer(f.get("dealer", ""), names, q),
            end=q(f.get("end", "")),
            last=q(f.get("last_activity", "")[:10]),
        )
    if kind == "lapsed_authorization":
        return t(
            "rc_fp_lapsed_authorization",
            lang,
            dealer=_dealer(f.get("dealer", ""), names, q),
            end=q(f.get("end", "")),
            units=count_text(f.get("units_after"), "unit", lang),
        )
    if kind in ("blind_spot", "overlap"):
        line = f.get("product_line", "")
        dealers = [d for d in f.get("dealers", "").split("|") if d]
        return t(
            f"rc_fp_{kind}",
            lang,
            line=t("rc_fp_line", lang, line=q(line)) if line else "",
            days=count_text(f.get("days"), "day", lang),
            dealers=join_items((_dealer(d, names, q) for d in dealers), lang),
        )
    if kind == "terminal_gap":
        return t(
            "rc_fp_terminal_gap",
            lang,
            rate=_pct(f.get("terminal_rate", row.get("value"))),
            below=pct("below"),
        )
    if kind == "arbitrage":
        return t(
            "rc_fp_arbitrage",
            lang,
            source=q(f.get("source", "")),
            destination=q(f.get("destination", "")),
            net_source=m("net_source"),
            net_destination=m("net_destination"),
            gap=m("gap"),
        )
    if kind == "ladder_margin":
        return t("rc_fp_ladder_margin", lang, product=q(f.get("product", "")))
    if kind == "rebate_cliffs":
        text = t(
            "rc_fp_rebate_cliffs",
            lang,
            whole=m("whole"),
            marginal=m("marginal"),
            saving=m("saving"),
            near=count_text(f.get("near"), "dealer", lang),
        )
        if _num(f.get("losers_over")) > 0:
            text += t(
                "rc_fp_rebate_losers",
                lang,
                losers=count_text(f.get("losers_over"), "dealer", lang),
                share=pct("transition_share"),
            )
        if _num(f.get("year_one_saving")) > 0:
            text += t("rc_fp_rebate_year_one", lang, saving=m("year_one_saving"))
        return text
    if kind == "unknown_codes":
        return t(
            "rc_fp_unknown_codes",
            lang,
            codes=count_text(f.get("codes", row.get("value")), "code", lang),
            territories=count_text(_how_many(f.get("territories")), "territory", lang),
        )
    if kind == "complaints_level":
        x = _num(f.get("complaints_per_dealer"))
        return t("rc_fp_complaints_level", lang, x="–" if math.isnan(x) else f"{x:.1f}")
    if kind == "diversion_peak":
        return t(
            "rc_fp_diversion_peak",
            lang,
            month=q(f.get("peak_month", "")),
            units=count_text(f.get("units"), "unit", lang),
            share=pct("share"),
        )
    if kind in ("strategy_unknown", "strategy_changed", "reach_control", "county_gap"):
        return t(f"rc_fp_{kind}", lang)
    if kind in ("underused", "trigger_unknown"):
        return t(f"rc_fp_{kind}", lang)
    if kind == "trigger_not_met":
        trigger = words("rc_trigger_", f.get("trigger"), "rc_verdict_other")
        return t("rc_fp_trigger_not_met", lang, trigger=trigger)
    key = str(row.get("section") or "")
    where = registry.section(key).title(lang) if key in registry.section_keys() else ""
    return t("rc_fp_other", lang, section=where or t("sec_05_integration_recommendations", lang))


def finding_phrase(
    finding_row: Mapping[str, object] | pd.Series,
    lang: str,
    *,
    currency: str = "CNY",
    names: Mapping[str, str] | None = None,
    markup: bool = True,
) -> str:
    """One finding in words, from its kind and its facts: the numbers behind a decision
    (``窜货率 26.1%（4 个市场）``). The subject is not named: the decision names it.

    Parameters
    ----------
    finding_row
        A row of the findings frame (``kind``, ``facts``, ``value``, ``section``); the
        facts keys per kind are those of the decision schema
        (`chananalysis.methods.recommendations`).
    lang
        ``"zh"`` or ``"en"``.
    currency
        Keyword only: the client's currency (money in the reader's units).
    names
        Keyword only: dealer id → name, for the dealers a finding names.
    markup
        Keyword only: escape client text for Markdown (``False`` in a table cell).

    Returns
    -------
    str
        A phrase without a final stop; a kind without wording of its own points to its
        section.

    References
    ----------
    docs/method.md §6.1 (findings and decisions); the decision schema
    (`chananalysis.methods.recommendations`): finding kinds and their facts.

    Examples
    --------
    >>> row = {"kind": "diversion", "facts": Notes([("diversion_rate", 0.261),
    ...        ("territories", "菏泽|曹县|单县|成武")], sep="=")}
    >>> finding_phrase(row, "zh"), finding_phrase(row, "en")
    ('窜货率 26.1%（4 个市场）', '26.1% of its units diverted (4 markets)')
    >>> finding_phrase({"kind": "stock_discrepancy",
    ...                 "facts": Notes([("units_unexplained", 4294)], sep="=")}, "zh")
    '进销存差 4,294 件'
    >>> finding_phrase({"kind": "credit_risk",
    ...                 "facts": Notes([("debt_to_equity", 4.03)], sep="=")}, "en")
    'debt to equity 4.03'
    """
    q = _q(markup)
    return _phrase(finding_row, lang, Money(lang, q(currency)), names or {}, q)


def _evidence(
    decision_row: Mapping[str, object],
    findings: pd.DataFrame,
    lang: str,
    money: Money,
    names: Mapping[str, str],
    q,
) -> str:
    """A decision's findings in words: grouped by kind (its ``kinds`` order first), the
    many findings of one kind summed up (arbitrage pairs, dumping) or listed, a finding
    about another subject than the decision's (a dealer of a group) named."""
    ids = [str(i) for i in (decision_row.get("findings") or [])]
    rows = findings[findings["finding"].isin(ids)] if len(findings) else findings
    if rows.empty:
        return t("none_word", lang)
    order = [str(k) for k in (decision_row.get("kinds") or [])]
    kinds = order + [k for k in dict.fromkeys(rows["kind"]) if k not in order]
    parts = []
    for kind in kinds:
        group = rows[rows["kind"] == kind]
        if group.empty:
            continue
        if kind in _MANY and len(group) > EVIDENCE_LIMIT:
            parts.append(_many(group, kind, lang, money, q))
            continue
        for _, f in group.iterrows():
            text = _phrase(f, lang, money, names, q)
            if str(f["subject"] or "") not in ("", str(decision_row.get("subject") or "")):
                who = subject_text(f, lang, names=names, markup=q is esc)
                text = t("rc_fp_of", lang, subject=who, phrase=text)
            parts.append(text)
    if len(parts) > EVIDENCE_LIMIT * 2 + 1:  # a long list: the first, then how many more
        shown = join_clauses(parts[: EVIDENCE_LIMIT * 2], lang)
        return t(
            "list_more", lang, items=shown, n=len(parts) - EVIDENCE_LIMIT * 2, total=len(parts)
        )
    return join_clauses(parts, lang)


def _many(group: pd.DataFrame, kind: str, lang: str, money: Money, q) -> str:
    """Many findings of one kind in one phrase: how many, the largest named."""
    facts = [_facts(f) for f in group["facts"]]
    key = "gap" if kind == "arbitrage" else "gap_pct"
    top = max(facts, key=lambda f: _num(f.get(key)) if not math.isnan(_num(f.get(key))) else -1)
    if kind == "arbitrage":
        return t(
            "rc_fp_arbitrage_many",
            lang,
            count=count_text(len(group), "pair", lang),
            gap=money(_num(top.get("gap"))),
            source=q(top.get("source", "")),
            destination=q(top.get("destination", "")),
        )
    return t(
        "rc_fp_dumping_many",
        lang,
        count=count_text(len(group), "sale", lang),
        gap=_pct(top.get("gap_pct")),
        product=q(top.get("product", "")),
        territory=q(top.get("territory", "")),
    )


def _lookup(decision_id: str, decisions: pd.DataFrame | None) -> dict[str, object]:
    """The decision with this id, or what its id says (``kind:subject:action``)."""
    if decisions is not None and len(decisions):
        hit = decisions[decisions["decision"] == decision_id]
        if len(hit):
            return hit.iloc[0].to_dict()
    kind, _, rest = str(decision_id).partition(":")
    subject, _, action = rest.rpartition(":")
    return {"subject_kind": kind, "subject": subject, "action": action, "members": []}


def step_text(
    decision_row: Mapping[str, object] | pd.Series,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
    markup: bool = True,
    brief: bool = False,
) -> str:
    """A decision in short: what to do and to what (``续签授权（信阳）``); ``brief``
    names a group of dealers by its count (`subject_text`).

    Examples
    --------
    >>> row = {"subject_kind": "territory", "subject": "信阳", "action": "renew_authorization"}
    >>> step_text(row, "zh"), step_text(row, "en")
    ('续签授权（信阳）', 'renew the authorisation (信阳)')
    """
    subject = subject_text(decision_row, lang, names=names, markup=markup, brief=brief)
    return t("rc_step", lang, act=t(f"rc_act_{decision_row['action']}", lang), subject=subject)


def _refs(ids, lang, decisions, names, markup) -> str:
    return listing(
        [step_text(_lookup(i, decisions), lang, names=names, markup=markup) for i in ids], lang
    )


def _money_clause(row: Mapping[str, object], lang: str, money: Money, *, short: bool) -> str:
    """The effect (or that it is not estimated) and, beside it, the exposure at risk."""
    effect, exposure = _num(row.get("effect")), _num(row.get("exposure"))
    parts = []
    if math.isnan(effect):
        parts.append(t("rc_sum_no_effect" if short else "rc_line_no_effect", lang))
    elif short:
        parts.append(t("rc_sum_effect", lang, amount=money(effect)))
    else:
        basis = str(row.get("effect_basis") or "")
        parts.append(
            t("rc_line_effect", lang, amount=money(effect), basis=t(f"rc_eb_{basis}", lang))
            if basis
            else money(effect)
        )
    if not math.isnan(exposure):
        if short:
            parts.append(t("rc_sum_exposure", lang, amount=money(exposure)))
        else:
            basis = str(row.get("exposure_basis") or "")
            parts.append(
                t(
                    "rc_line_exposure",
                    lang,
                    amount=money(exposure),
                    basis=t(f"rc_xb_{basis}", lang) if basis else "",
                )
            )
    return join_clauses(parts, lang)


def _ids(cell: object) -> list[str]:
    """A list cell (``depends_on``, ``linked``, ``findings``) as a list of str."""
    if cell is None or isinstance(cell, float | str):
        return [cell] if isinstance(cell, str) and cell else []
    return [str(x) for x in cell]


def decision_line(
    decision_row: Mapping[str, object] | pd.Series,
    findings: pd.DataFrame,
    lang: str,
    *,
    currency: str = "CNY",
    names: Mapping[str, str] | None = None,
    owners: Mapping[str, str] | None = None,
    decisions: pd.DataFrame | None = None,
) -> str:
    """One decision in one Markdown line: its subject, what to do, why (its findings),
    who, by when, the KPI and its target, the effect (or that it is not estimated) and,
    beside it, the exposure at risk (never added to the effect); the decisions it is
    linked to; the decisions that must come first.

    Parameters
    ----------
    decision_row
        A row of the decisions frame (the decision schema (`chananalysis.methods.recommendations`)).
    findings
        The findings frame (its ``finding`` ids are those of ``decision_row["findings"]``).
    lang
        ``"zh"`` or ``"en"``.
    currency
        Keyword only: the client's currency.
    names
        Keyword only: dealer id → name (client text, escaped here).
    owners
        Keyword only: owner role code → the client's own title (escaped here).
    decisions
        Keyword only: the decisions frame, to name the decisions this one depends on or
        is linked to; without it they are named from their ids.

    Returns
    -------
    str
        Markdown; client names escaped.

    References
    ----------
    docs/method.md §6.2 (effect and exposure), §6.3 (rules across sections), §6.5 (a plan).

    Examples
    --------
    >>> row = {"subject_kind": "territory", "subject": "信阳", "action": "renew_authorization",
    ...        "owner": "regional_manager", "horizon_days": 30, "kpi": "authorization_renewed",
    ...        "kpi_target": float("nan"), "effect": float("nan"), "exposure": float("nan"),
    ...        "findings": ["county_gap:信阳"], "kinds": ["county_gap"], "depends_on": [],
    ...        "linked": [], "facts": Notes([], sep="=")}
    >>> f = pd.DataFrame({"finding": ["county_gap:信阳"], "kind": ["county_gap"],
    ...                   "subject_kind": ["territory"], "subject": ["信阳"],
    ...                   "facts": [Notes([], sep="=")], "section": [""]})
    >>> for part in decision_line(row, f, "zh").split("。")[:4]:
    ...     print(part)
    **信阳**：与原经销商续签授权合同
    依据：期末无有效的联盟经销商
    区域经理负责，30 天内；目标：授权合同续签
    效果未估算
    >>> en = decision_line(row, f, "en", owners={"regional_manager": "Area head"})
    >>> print(en.replace(". ", ".\\n"))
    **信阳**: renew the last dealer's authorisation.
    Why: no active alliance member at the end of the period.
    Owner: Area head, within 30 days; target: authorisation renewed.
    Effect not estimated.
    """
    names = names or {}
    money = Money(lang, esc(currency))
    extra = ""
    linked = _ids(decision_row.get("linked"))
    if linked:
        items = _refs(linked, lang, decisions, names, True)
        month = _facts(decision_row.get("facts")).get("peak_month")
        extra += (
            t("rc_line_linked_peak", lang, month=esc(month), items=items)
            if month
            else t("rc_line_linked", lang, items=items)
        )
    after = _ids(decision_row.get("depends_on"))
    if after:
        extra += t("rc_line_after", lang, items=_refs(after, lang, decisions, names, True))
    return t(
        "rc_line",
        lang,
        subject=subject_text(decision_row, lang, names=names),
        do=t(do_key(decision_row), lang),
        why=_evidence(decision_row, findings, lang, money, names, esc),
        owner=esc(owner_text(str(decision_row["owner"]), lang, owners)),
        when=horizon_text(decision_row["horizon_days"], lang),
        kpi=kpi_text(
            str(decision_row["kpi"]), decision_row["kpi_target"], lang, currency=esc(currency)
        ),
        money=_money_clause(decision_row, lang, money, short=False),
        extra=extra,
    )


# --- the plan's order ----------------------------------------------------------------------


def _ranked(decisions: pd.DataFrame) -> pd.DataFrame:
    return decisions.sort_values("rank", kind="stable") if "rank" in decisions else decisions


def plan_order(decisions: pd.DataFrame) -> list[int]:
    """The positions of ``decisions`` in the order they are done: by rank, except that a
    decision never comes before one it depends on.

    Parameters
    ----------
    decisions
        The decisions frame (``decision``, ``rank``, ``depends_on``).

    Returns
    -------
    list of int
        Positions (``iloc``) in ``decisions``.

    Notes
    -----
    Repeatedly take the best-ranked decision whose dependencies (those in the frame) are
    all taken; a cycle (which the rules should never make) is broken by taking the
    best-ranked decision left.

    References
    ----------
    docs/method.md §6.5 (``depends_on``), §6.6 (the first steps in order).

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["a", "b", "c"], "rank": [1, 2, 3],
    ...                   "depends_on": [["c"], [], []]})
    >>> plan_order(d)
    [1, 2, 0]
    """
    ranked = _ranked(decisions)
    pos = {
        d: decisions.index.get_loc(i) for i, d in zip(ranked.index, ranked["decision"], strict=True)
    }
    deps = {
        d: [x for x in _ids(cell) if x in pos and x != d]
        for d, cell in zip(ranked["decision"], ranked["depends_on"], strict=True)
    }
    left, done = list(pos), []
    while left:
        taken = set(done)
        ready = [d for d in left if all(x in taken for x in deps[d])]
        pick = ready[0] if ready else left[0]
        done.append(pick)
        left.remove(pick)
    return [pos[d] for d in done]


def first_steps(decisions: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The first ``n`` decisions to act on, in order: by rank, never before a decision
    they depend on (`plan_order`).

    Parameters
    ----------
    decisions
        The decisions frame.
    n
        How many steps.

    Returns
    -------
    pandas.DataFrame
        Rows of ``decisions``, in the order of the steps.

    References
    ----------
    docs/method.md §6.6: the first three steps in order, respecting ``depends_on``.

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["invest", "fix", "renew"], "rank": [1, 3, 2],
    ...                   "depends_on": [["fix"], [], []]})
    >>> first_steps(d)["decision"].tolist()
    ['renew', 'fix', 'invest']
    """
    return decisions.iloc[plan_order(decisions)[:n]]


def schedule(decisions: pd.DataFrame) -> pd.DataFrame:
    """When each decision starts and ends, in days from today.

    Parameters
    ----------
    decisions
        The decisions frame (``decision``, ``rank``, ``horizon_days``, ``depends_on``).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``decisions``: ``start`` and ``end`` (int days), ``wave`` (30, 90 or
        365), ``order`` (the position in `plan_order`).

    Notes
    -----
    start = the latest end of the decisions it depends on (0 with none); end = its
    horizon (a deadline counted from today), or start + horizon when a dependency ends
    on or after that deadline. The wave is the end's: ≤ 30 days, ≤ 90 days, else the
    rest of the year — **Decision:** the 180-day decisions go into the year's wave (the
    issue's roadmap has three waves: 30, 90, 365), and so does a decision pushed past
    day 365 by its dependencies.

    References
    ----------
    docs/method.md §6.5 (horizon and ``depends_on``); issue 24 point 6 (30 / 90 / 365 roadmap).

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["invest", "fix", "renew"], "rank": [1, 3, 2],
    ...                   "horizon_days": [365, 90, 30], "depends_on": [["fix"], [], ["fix"]]})
    >>> schedule(d)[["start", "end", "wave"]].values.tolist()
    [[90, 365, 365], [0, 90, 90], [90, 120, 365]]
    """
    out = pd.DataFrame(index=decisions.index, columns=["start", "end", "wave", "order"])
    end: dict[str, int] = {}
    for k, p in enumerate(plan_order(decisions)):
        row = decisions.iloc[p]
        start = max((end[x] for x in _ids(row["depends_on"]) if x in end), default=0)
        h = int(_num(row["horizon_days"]))
        stop = h if h > start else start + h
        end[str(row["decision"])] = stop
        wave = 30 if stop <= 30 else 90 if stop <= 90 else 365
        out.iloc[p] = [start, stop, wave, k]
    return out.astype(int)


# --- the executive summary -----------------------------------------------------------------

#: The caveats the summary can end with (``rc_caveat_<code>``).
CAVEATS = ("contribution_before_product_cost", "default_weights", "thin_data")


def _situation(situation: Mapping[str, object], client: str, lang: str, money: Money) -> str:
    items = []
    if not math.isnan(_num(situation.get("sales"))):
        items.append(t("rc_sum_sales", lang, amount=money(_num(situation["sales"]))))
    if not math.isnan(_num(situation.get("growth"))):
        items.append(t("rc_sum_growth", lang, pct=_pct(situation["growth"], signed=True)))
    if not math.isnan(_num(situation.get("contribution"))):
        amount = money(_num(situation["contribution"]))
        items.append(t("rc_sum_contribution", lang, amount=amount))
    who = t("rc_sum_client", lang, client=esc(client)) if client else t("rc_sum_no_client", lang)
    if not items:
        return (
            t("rc_sum_review", lang, client=esc(client))
            if client
            else t("rc_sum_review_none", lang)
        )
    return t("rc_sum_situation", lang, client=who, items=join_items(items, lang))


def summary_text(
    decisions: pd.DataFrame,
    lang: str,
    *,
    currency: str = "CNY",
    client: str = "",
    situation: Mapping[str, object] | None = None,
    owners: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    caveat: str | Sequence[str] = (),
) -> str:
    """The executive summary a general manager reads in two minutes: a headline
    (situation → what is at stake → what to do), at most five decisions (one line each:
    owner, deadline, effect), the total effect and what it leaves out, the first three
    steps in order, the key caveat, and where the rest is.

    Parameters
    ----------
    decisions
        The decisions frame (the decision schema (`chananalysis.methods.recommendations`)), ranked.
    lang
        ``"zh"`` or ``"en"``.
    currency
        Keyword only: the client's currency (money in 万元 / millions).
    client
        Keyword only: the client's name (escaped here).
    situation
        Keyword only: what the headline says of the company, each key optional, a
        missing or NaN one left out: ``sales`` (this period's sales, yuan), ``growth``
        (sales growth on the last period, a fraction), ``contribution`` (the channels'
        total contribution, yuan).
    owners
        Keyword only: owner role code → the client's own title.
    names
        Keyword only: dealer id → name.
    caveat
        Keyword only: the key caveat's code, or several: ``contribution_before_product_cost``
        (effects are contribution before product cost), ``default_weights`` (the 8S
        weights are the textbook's), ``thin_data`` (one period only).

    Returns
    -------
    str
        Markdown.

    Notes
    -----
    total = the sum of ``effect`` over the decisions that have one; decisions without an
    estimate are counted and left out, exposure is never added, investment costs are not
    netted (an uplift is before its cost).

    References
    ----------
    docs/method.md §6.6 (executive summary), §6.2 (one money basis).

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["t:信阳:renew_authorization"], "rank": [1],
    ...     "priority": [1], "subject_kind": ["territory"], "subject": ["信阳"],
    ...     "members": [[]], "action": ["renew_authorization"], "owner": ["regional_manager"],
    ...     "horizon_days": [30], "effect": [200_000.0], "exposure": [float("nan")],
    ...     "depends_on": [[]]})
    >>> text = summary_text(d, "zh", client="某食品",
    ...                     situation={"sales": 91_400_000, "growth": 0.082})
    >>> for block in text.split("\\n\\n"):
    ...     print(block.replace("；", "；\\n"))
    **某食品本期销售 9,140 万元、增长 +8.2%；
    共 1 项决定，其中 1 项可估算，每年合计影响贡献约 20 万元；
    最要紧的是续签授权（信阳）。**
    1. **续签授权（信阳）**：区域经理，30 天内；
    每年 20 万元
    **合计**：每年约 20 万元，为 1 项决定之和（按贡献计）。风险敞口（余额、销售额）不计入；
    投入成本未扣除。
    **先做**：续签授权（信阳）。
    全部依据和路线图见“[渠道整合建议](#sec-05_integration_recommendations)”。
    """
    names = names or {}
    money = Money(lang, esc(currency))
    situation_text = _situation(situation or {}, client, lang, money)
    link = f"[{esc(registry.section(SECTION).title(lang))}](#sec-{SECTION})"
    ranked = _ranked(decisions)
    caveats = [caveat] if isinstance(caveat, str) else list(caveat)
    tail = (
        [
            t(
                "rc_sum_caveat",
                lang,
                text=join_sentences([t(f"rc_caveat_{c}", lang) for c in caveats], lang),
            )
        ]
        if caveats
        else []
    )
    if ranked.empty:
        head = t("rc_sum_headline_empty", lang, situation=situation_text)
        return "\n\n".join([head, *tail])
    effects = pd.to_numeric(ranked["effect"], errors="coerce")
    estimated = effects.notna()
    total = float(effects[estimated].sum())
    top = listing([step_text(r, lang, names=names) for _, r in ranked.head(3).iterrows()], lang)
    head = t(
        "rc_sum_headline" if estimated.any() else "rc_sum_headline_none",
        lang,
        situation=situation_text,
        n=count_text(len(ranked), "decision", lang),
        k=int(estimated.sum()),
        total=money(total),
        top=top,
    )
    items = [
        t(
            "rc_sum_item",
            lang,
            i=i,
            step=_cap(step_text(row, lang, names=names)),
            owner=esc(owner_text(str(row["owner"]), lang, owners)),
            when=horizon_text(row["horizon_days"], lang),
            money=_money_clause(row, lang, money, short=True),
        )
        for i, (_, row) in enumerate(ranked.head(TOP).iterrows(), start=1)
    ]
    blocks = [head, "\n".join(items)]
    if estimated.any():
        missing = int((~estimated).sum())
        excluded = (
            t("rc_sum_excluded", lang, m=count_text(missing, "decision", lang))
            if missing
            else t("rc_sum_excluded_exposure", lang)
        )
        blocks.append(
            t(
                "rc_sum_total",
                lang,
                total=money(total),
                k=count_text(int(estimated.sum()), "decision", lang),
                excluded=excluded,
            )
        )
    steps = [step_text(r, lang, names=names) for _, r in first_steps(decisions).iterrows()]
    blocks.append(t("rc_sum_steps", lang, steps=t("rc_sum_then", lang).join(steps)))
    blocks += tail
    rest = len(ranked) - min(len(ranked), TOP)
    blocks.append(
        t("rc_sum_more", lang, n=count_text(rest, "decision", lang), section=link)
        if rest
        else t("rc_sum_all", lang, section=link)
    )
    return "\n\n".join(blocks)


def plan_text(decisions: pd.DataFrame, lang: str) -> str:
    """The plan's lead-in: how many decisions, by priority, and how to read the money.

    Examples
    --------
    >>> plan_text(pd.DataFrame({"priority": [1, 1, 2]}), "en").split(":")[0]
    '3 decisions'
    """
    counts = decisions["priority"].value_counts()
    return t(
        "rc_plan_intro",
        lang,
        n=count_text(len(decisions), "decision", lang),
        p1=f"{int(counts.get(1, 0))}",
        p2=f"{int(counts.get(2, 0))}",
        p3=f"{int(counts.get(3, 0))}",
    )


def roadmap_text(lang: str) -> str:
    """How the roadmap is read: when a decision starts and ends.

    Examples
    --------
    >>> roadmap_text("zh")[:6]
    '每项决定从它'
    """
    return t("rc_roadmap_intro", lang)


def no_action_text(no_action: pd.DataFrame, lang: str) -> str:
    """The no-action table's lead-in.

    Examples
    --------
    >>> no_action_text(pd.DataFrame({"finding": ["a"]}), "en")[:50]
    'No action of its own is needed for 1 finding (with'
    """
    return t("rc_no_action_intro", lang, n=count_text(len(no_action), "finding", lang))


def transition_text(r: RecommendationsReview, lang: str, *, currency: str = "CNY") -> str:
    """What the switch to marginal rebates takes from the dealers, and the transition:
    how many lose more than the share, what the company saves in the first year and from
    the second (docs/method.md §6.3).

    References
    ----------
    Seed 004, 返利; docs/method.md §6.3.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from chananalysis.methods.findings import rebate_transition
    >>> tr = rebate_transition(pd.DataFrame(
    ...     {"whole": [297150.0, 100000.0], "marginal": [167150.0, 75000.0]},
    ...     index=pd.Index(["D001", "D002"], name="dealer")))
    >>> print(transition_text(SimpleNamespace(transition=tr, names={}), "en"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Paying the same ladder on the margin pays the dealers CNY 155 k a year less
    (CNY 397 k → CNY 242 k, -39.0%); 2 dealers receive less, the most D001 (CNY 130 k,
    43.7%). Transition: dealers losing more than 30% (1 dealer) keep the old ladder for one
    year, so the first year saves CNY 25 k and the full CNY 155 k from the second year.
    """
    tr = r.transition
    money = Money(lang, currency)
    whole, marginal = float(tr["whole"].sum()), float(tr["marginal"].sum())
    loss = whole - marginal
    losers = tr[tr["loss"] > 0]
    top = losers.index[0]
    kept = int(tr["keeps_old"].sum())
    return t(
        "rc_transition_text",
        lang,
        loss=money(loss),
        whole=money(whole),
        marginal=money(marginal),
        pct=fmt_pct(-loss / whole if whole else math.nan, signed=True),
        n=count_text(len(losers), "dealer", lang),
        top=_dealer(top, r.names or {}, esc),
        top_loss=money(float(losers["loss"].iloc[0])),
        top_pct=fmt_pct(float(losers["loss_share"].iloc[0])),
        kept=count_text(kept, "dealer", lang),
        limit=f"{tr.attrs['keep_old_above'] * 100:g}%",
        year_one=money(float(tr["saving_year_one"].sum())),
    )
