"""Section 05 and the executive summary from one call: the channel judgement on top of the
seed's bands, every finding of sections 00–04 as a prioritised recommendation with its
money, the seed's four adjustment triggers checked, and the channel system after the
changes.

In a report the other sections have run in the same kernel: their results are reused
exactly as shown (`chananalysis.sections.results`). Run alone, each is computed with
its defaults.

Examples
--------
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.resources import resource_dir
>>> r = review(load_client(resource_dir("data_samples") / "seasoning"))
>>> r.judgement.loc["电商", ["seed_action", "action", "reason"]].tolist()
['exit', 'nurture', 'fast_growth']
>>> int(r.table["priority"].min()), r.table["mode"].isin(MODES).all()
(1, np.True_)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from chananalysis.methods.adjustment import COMPLAINT_COLUMNS, adjustment_triggers
from chananalysis.methods.judgement import (
    DEFAULT_AVOIDABLE_FIXED,
    DEFAULT_GROWTH_MULTIPLE,
    channel_judgement,
    system_after,
)
from chananalysis.methods.recommendations import (
    DEFAULT_DEEPEN_UPLIFT,
    DEFAULT_PER_KIND,
    DEFAULT_TERMINAL_BELOW,
    MODES,
    channel_findings,
    conflict_rows,
    dealer_findings,
    diagnosis_findings,
    recommendations,
)
from chananalysis.sections.conflict import review as conflict
from chananalysis.sections.dealers import review as dealers
from chananalysis.sections.diagnosis import review as diagnosis
from chananalysis.sections.registry import section_of
from chananalysis.sections.results import keep, latest
from chananalysis.sections.scoring import review as scoring

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
    table
        `chananalysis.methods.recommendations.recommendations`: one row per
        recommendation, prioritised.
    judgement
        `chananalysis.methods.judgement.channel_judgement`: the seed's action and the
        judged one per channel.
    after
        `chananalysis.methods.judgement.system_after`: the channels kept.
    triggers
        `chananalysis.methods.adjustment.adjustment_triggers`: seed 004's four triggers.
    scoring, diagnosis, dealers, conflict
        The other sections' results this builds on (``dealers`` and ``conflict`` are
        ``None`` when their sheets were not given).
    names
        Dealer id → name, for the prose.
    growth_multiple
        The nurture rule's multiple of the company's growth.
    """

    table: pd.DataFrame
    judgement: pd.DataFrame
    after: pd.DataFrame
    triggers: pd.DataFrame
    scoring: Any
    diagnosis: Any
    dealers: Any
    conflict: Any
    names: dict[str, str]
    growth_multiple: float = DEFAULT_GROWTH_MULTIPLE


def _kpis_sales(data: ClientData) -> pd.Series | None:
    k = data.dealer_kpis
    if k is None or "actual_sales" not in k:
        return None
    return k.set_index("dealer")["actual_sales"]


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


def review(
    data: ClientData,
    *,
    growth_multiple: float = DEFAULT_GROWTH_MULTIPLE,
    deepen_uplift: float = DEFAULT_DEEPEN_UPLIFT,
    per_kind: int = DEFAULT_PER_KIND,
    terminal_below: float = DEFAULT_TERMINAL_BELOW,
    strategy_changed: bool | None = None,
    rules: Mapping | str | os.PathLike | None = None,
    avoidable_fixed: float = DEFAULT_AVOIDABLE_FIXED,
) -> RecommendationsReview:
    """Run section 05 on a client's intake.

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    growth_multiple
        **Decision (docs/method.md §6):** a channel in the exit band growing at least this many
        times as fast as the company is nurtured, not exited (2).
    deepen_uplift
        **Decision:** sales growth assumed from deepening a channel, for its money (10 %).
    per_kind
        Conflict findings of one kind that become recommendations (the largest 5).
    terminal_below
        **Decision:** terminal coverage below which a territory is a finding (50 %).
    strategy_changed
        Whether the client's marketing strategy changed (seed 004's fourth trigger,
        which no data shows); ``None``: not known.
    rules
        Priority rules: a YAML path or mapping (default
        ``templates/recommendations/priorities.yaml``).
    avoidable_fixed
        **Decision (docs/method.md §6.4):** the share of a channel's fixed cost that exiting
        it saves (0.5), in the exit economics of `channel_judgement`.
    """
    sc = latest(scoring.KEY, data) or scoring.review(data)
    dg = latest(diagnosis.KEY, data) or diagnosis.review(data)
    de = latest(dealers.KEY, data) or dealers.review(data)
    cf = latest(conflict.KEY, data) or conflict.review(data)
    judgement = channel_judgement(
        sc.scores, data.channels, growth_multiple=growth_multiple, avoidable_fixed=avoidable_fixed
    )
    sales = _kpis_sales(data)
    parts = [channel_findings(judgement, sensitivity=sc.sensitivity, deepen_uplift=deepen_uplift)]
    if de is not None and de.league is not None:
        parts.append(dealer_findings(de.league, big_weak=de.big_weak, sales=sales))
    if cf is not None and len(cf.findings):
        parts.append(conflict_rows(cf.findings, per_kind=per_kind))
    rb = dg.rebates
    saving = None
    if rb is not None and rb.dealers is not None:
        saving = rb.whole_cost - rb.marginal_cost
    parts.append(
        diagnosis_findings(
            risk=dg.health.risk if dg.health is not None else None,
            stock_by_dealer=dg.stock.by_dealer if dg.stock is not None else None,
            rebate_saving=saving,
            near_cliffs=len(rb.near) if rb is not None and rb.near is not None else 0,
            counties=dg.coverage.counties if dg.coverage is not None else None,
            terminals_by_territory=dg.coverage.by_territory if dg.coverage is not None else None,
            terminal_below=terminal_below,
        )
    )
    findings = pd.concat([p for p in parts if len(p)], ignore_index=True)
    table = recommendations(findings, rules=rules)
    by_dealer = None
    if cf is not None and cf.diversion is not None:
        by_dealer = cf.diversion.by_dealer
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
    names = {}
    if data.dealers is not None and "name" in data.dealers:
        names = dict(zip(data.dealers["dealer"], data.dealers["name"], strict=True))
    result = RecommendationsReview(
        table=table,
        judgement=judgement,
        after=system_after(sc.scores, judgement),
        triggers=triggers,
        scoring=sc,
        diagnosis=dg,
        dealers=de,
        conflict=cf,
        names=names,
        growth_multiple=float(growth_multiple),
    )
    return keep(KEY, data, result)
