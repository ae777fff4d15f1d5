"""Section 05 and the executive summary from one call: the channel verdicts on top of the
textbook's bands, every finding of sections 01–04 and of the seed's adjustment triggers,
and the decisions they lead to (one per subject and action, with owner, horizon, KPI,
effect and what comes first), the findings that need none, and the channel system after
the changes.

`chananalysis.review` passes the other sections' reviews, exactly as the report showed
them; run alone, each is computed with its defaults.

Examples
--------
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> r = review(load_client(resource_dir("data_samples") / "seasoning"))
>>> r.judgement.loc["电商", ["seed_action", "action", "reason"]].tolist()
['exit', 'nurture', 'fast_growth']
>>> d = r.decisions.set_index("decision")
>>> d017 = d.loc["dealer:D017:replace_dealer"]
>>> int(d017["priority"]), d017["kpi"], float(d017["kpi_target"])
(1, 'diversion_rate', 0.02)
>>> set(r.findings["finding"]) == set(r.no_action["finding"]) | {
...     f for fs in r.decisions["findings"] for f in fs}
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from chananalysis.methods.adjustment import COMPLAINT_COLUMNS, adjustment_triggers
from chananalysis.methods.findings import (
    DEFAULT_DEEPEN_UPLIFT,
    DEFAULT_KEEP_OLD_ABOVE,
    DEFAULT_TERMINAL_BELOW,
    channel_findings,
    conflict_review_findings,
    dealer_findings,
    diagnosis_findings,
    lapsed_authorizations,
    rebate_transition,
    trigger_findings,
)
from chananalysis.methods.judgement import (
    DEFAULT_AVOIDABLE_FIXED,
    DEFAULT_GROWTH_MULTIPLE,
    channel_judgement,
    system_after,
)
from chananalysis.methods.recommendations import MODES, recommendations
from chananalysis.sections.conflict import review as conflict_section
from chananalysis.sections.dealers import review as dealers_section
from chananalysis.sections.diagnosis import review as diagnosis_section
from chananalysis.sections.registry import section_of
from chananalysis.sections.scoring import review as scoring_section

if TYPE_CHECKING:
    from chananalysis.intake.read import ClientData

__all__ = ["KEY", "MODES", "RecommendationsReview", "review"]

#: This section's key (`chananalysis.sections.registry`).
KEY = section_of(__name__).key


@dataclass(frozen=True)
class RecommendationsReview:
    """Everything section 05 and the executive summary show.

    Attributes
    ----------
    findings
        Every finding of sections 01–04 and of the seed's triggers
        (`chananalysis.methods.findings`), one row each.
    decisions
        `chananalysis.methods.recommendations.recommendations`: one row per subject and
        action, ranked, with owner, horizon, KPI, effect, exposure and what comes first.
    no_action
        The findings that need no decision, with the reason.
    judgement
        `chananalysis.methods.judgement.channel_judgement`: the textbook rule's action and
        the judged one per channel.
    after
        `chananalysis.methods.judgement.system_after`: the channels kept.
    triggers
        `chananalysis.methods.adjustment.adjustment_triggers`: seed 004's four triggers.
    transition
        `chananalysis.methods.findings.rebate_transition`: what each dealer receives less
        under the marginal ladder and who keeps the old one for a year (``None`` without
        rebate tiers).
    scoring, diagnosis, dealers, conflict
        The other sections' results this builds on (``dealers`` and ``conflict`` are
        ``None`` when their sheets were not given).
    names
        Dealer id → name, for the prose.
    situation
        The company's ``sales``, ``growth`` and ``contribution`` (before product cost),
        for the summary's headline.
    caveats
        The caveats the summary states, most important first (at most two):
        ``contribution_before_product_cost`` (no product cost rate given),
        ``default_weights`` (the channel scores use the default weights), ``thin_data``
        (one period of data).
    owners
        The client's own titles for the owner roles (role code → title), or ``None``.
    growth_multiple
        The nurture rule's multiple of the company's growth.
    """

    findings: pd.DataFrame
    decisions: pd.DataFrame
    no_action: pd.DataFrame
    judgement: pd.DataFrame
    after: pd.DataFrame
    triggers: pd.DataFrame
    transition: pd.DataFrame | None
    scoring: Any
    diagnosis: Any
    dealers: Any
    conflict: Any
    names: dict[str, str]
    situation: dict[str, float]
    caveats: list[str]
    owners: dict[str, str] | None = None
    growth_multiple: float = DEFAULT_GROWTH_MULTIPLE


def _kpis_sales(data: ClientData) -> pd.Series | None:
    k = data.dealer_kpis
    if k is None or "actual_sales" not in k:
        return None
    return k.set_index("dealer")["actual_sales"]


def _complaints(data: ClientData) -> pd.Series | None:
    k = data.dealer_kpis
    cols = [c for c in COMPLAINT_COLUMNS if k is not None and c in k]
    if not cols:
        return None
    return k.set_index("dealer")[cols].apply(pd.to_numeric, errors="coerce").sum(axis=1)


def _complaints_or_outlets(kpis: pd.DataFrame | None) -> pd.DataFrame | None:
    """The KPIs when they hold what the triggers read (a complaint column, or both outlet
    columns)."""
    if kpis is None:
        return None
    half = {"active_outlets", "outlets_in_area"} & set(kpis.columns)
    if len(half) == 1:  # one of the pair says nothing on its own
        kpis = kpis.drop(columns=list(half))
    outlets = {"active_outlets", "outlets_in_area"} <= set(kpis.columns)
    return kpis if outlets or set(COMPLAINT_COLUMNS) & set(kpis.columns) else None


def _situation(judgement: pd.DataFrame, channels: pd.DataFrame) -> dict[str, float]:
    sales = pd.to_numeric(channels["sales"], errors="coerce").sum()
    out = {"sales": float(sales), "contribution": float(judgement["contribution"].sum())}
    growth = judgement["company_growth"].dropna()
    if len(growth):
        out["growth"] = float(growth.iloc[0])
    return out


def _caveats(data: ClientData, sc: Any) -> list[str]:
    """The caveats that matter most, in this order, at most two."""
    out = []
    rate = data.channels.get("product_cost_rate")
    if rate is None or pd.to_numeric(rate, errors="coerce").isna().all():
        out.append("contribution_before_product_cost")
    if (getattr(sc, "weight_info", None) or {}).get("source") == "default":
        out.append("default_weights")
    out.append("thin_data")  # the intake holds one period: levels, never trends
    return out[:2]


def _conflict_findings(data: ClientData, cf: Any) -> pd.DataFrame | None:
    if cf is None:
        return None
    dv, audit, prices = cf.diversion, cf.audit, cf.prices
    lapsed = None
    if audit is not None and len(audit.blind_spots) and data.authorizations is not None:
        scans = data.scans if isinstance(data.scans, pd.DataFrame) else None
        ships = data.shipments if isinstance(data.shipments, pd.DataFrame) else None
        lapsed = lapsed_authorizations(
            audit.blind_spots,
            data.authorizations,
            shipments=ships,
            scans=scans,
            dealers=data.dealers,
        )
    return conflict_review_findings(
        by_dealer=dv.by_dealer if dv is not None else None,
        incidents=dv.incidents if dv is not None else None,
        unknown_codes=dv.unknown_codes if dv is not None else None,
        overlaps=audit.overlaps if audit is not None else None,
        blind_spots=audit.blind_spots if audit is not None else None,
        lapsed=lapsed,
        breaches=prices.breaches if prices is not None else None,
        ladder_checks=prices.ladder_checks if prices is not None else None,
        arbitrage=cf.arbitrage,
        territories=data.territories,
    )


def review(
    data: ClientData,
    *,
    scoring: Any = None,
    diagnosis: Any = None,
    dealers: Any = None,
    conflict: Any = None,
    growth_multiple: float = DEFAULT_GROWTH_MULTIPLE,
    avoidable_fixed: float = DEFAULT_AVOIDABLE_FIXED,
    deepen_uplift: float = DEFAULT_DEEPEN_UPLIFT,
    terminal_below: float = DEFAULT_TERMINAL_BELOW,
    keep_old_above: float = DEFAULT_KEEP_OLD_ABOVE,
    strategy_changed: bool | None = None,
    rules: Mapping | str | os.PathLike | None = None,
    owners: Mapping[str, str] | None = None,
) -> RecommendationsReview:
    """Run section 05 on a client's intake.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    scoring, diagnosis, dealers, conflict
        The other sections' reviews this builds on (`chananalysis.review` passes the
        ones the report showed); each computed with its defaults when not given.
    growth_multiple
        **Decision (docs/method.md §6.4):** a channel in the exit band growing at least this
        many times as fast as the company is nurtured, not exited (2).
    avoidable_fixed
        **Decision (docs/method.md §6.4):** the share of a channel's fixed cost that exiting
        it saves (0.5).
    deepen_uplift
        **Decision:** sales growth assumed from deepening or growing a channel (10 %).
    terminal_below
        **Decision:** terminal coverage below which a territory is a finding (50 %).
    keep_old_above
        **Decision (docs/method.md §6.3):** dealers losing more than this share of their
        rebate under the marginal ladder keep the old ladder for one year (30 %).
    strategy_changed
        Whether the client's marketing strategy changed (seed 004's fourth trigger,
        which no data shows); ``None``: not known.
    rules
        Decision rules: a YAML path or mapping (default
        ``templates/recommendations/decisions.yaml``).
    owners
        The client's own titles for the owner roles, e.g. ``{"regional_manager": "大区经理"}``
        (default: sales director, regional manager, channel manager, finance, marketing).
    """
    sc = scoring if scoring is not None else scoring_section.review(data)
    dg = diagnosis if diagnosis is not None else diagnosis_section.review(data)
    de = dealers if dealers is not None else dealers_section.review(data)
    cf = conflict if conflict is not None else conflict_section.review(data)
    judgement = channel_judgement(
        sc.scores, data.channels, growth_multiple=growth_multiple, avoidable_fixed=avoidable_fixed
    )
    by_dealer = cf.diversion.by_dealer if cf is not None and cf.diversion is not None else None
    audit = cf.audit if cf is not None else None
    triggers = adjustment_triggers(
        channels=data.channels if "target" in data.channels else None,
        kpis=_complaints_or_outlets(data.dealer_kpis),
        county_rate=dg.coverage.county_rate if dg.coverage is not None else None,
        diversion_by_dealer=by_dealer,
        overlaps=len(audit.overlaps) if audit is not None else None,
        blind_spots=len(audit.blind_spots) if audit is not None else None,
        strategy_changed=strategy_changed,
    )
    parts = [
        channel_findings(judgement, sensitivity=sc.sensitivity, deepen_uplift=deepen_uplift),
        trigger_findings(triggers),
    ]
    if de is not None and de.league is not None:
        parts.append(
            dealer_findings(
                league=de.league,
                big_weak=de.big_weak,
                sales=_kpis_sales(data),
                complaints=_complaints(data),
                fit=de.fit,
                low_loyalty=de.low_loyalty,
                loyalty_below=de.loyalty_below,
            )
        )
    parts.append(_conflict_findings(data, cf))
    rb = dg.rebates
    transition = None
    if rb is not None and rb.dealers is not None:
        transition = rebate_transition(rb.dealers, keep_old_above=keep_old_above)
    incidents = cf.diversion.incidents if cf is not None and cf.diversion is not None else None
    parts.append(
        diagnosis_findings(
            risk=dg.health.risk if dg.health is not None else None,
            ratios=dg.health.ratios if dg.health is not None else None,
            stock_by_dealer=dg.stock.by_dealer if dg.stock is not None else None,
            transition=transition,
            near_cliffs=len(rb.near) if rb is not None and rb.near is not None else 0,
            keep_old_above=keep_old_above,
            diversion_by_month=(
                incidents.groupby("month")["units"].sum()
                if incidents is not None and len(incidents)
                else None
            ),
            period_end=data.info.get("period_end"),
            county_gaps=(
                dg.coverage.counties.index[~dg.coverage.counties["covered"].astype(bool)]
                if dg.coverage is not None
                else ()
            ),
            terminal_rates=(
                dg.coverage.by_territory["terminal_rate"] if dg.coverage is not None else None
            ),
            terminal_below=terminal_below,
        )
    )
    findings = pd.concat([p for p in parts if p is not None and len(p)], ignore_index=True)
    decisions, no_action = recommendations(findings, rules=rules)
    names = {}
    if data.dealers is not None and "name" in data.dealers:
        names = dict(zip(data.dealers["dealer"], data.dealers["name"], strict=True))
    return RecommendationsReview(
        findings=findings,
        decisions=decisions,
        no_action=no_action,
        judgement=judgement,
        after=system_after(sc.scores, judgement),
        triggers=triggers,
        transition=transition,
        scoring=sc,
        diagnosis=dg,
        dealers=de,
        conflict=cf,
        names=names,
        situation=_situation(judgement, data.channels),
        caveats=_caveats(data, sc),
        owners=dict(owners) if owners else None,
        growth_multiple=float(growth_multiple),
    )
