"""Section 05's tables: what each shows, and the number format (kind) of each column.

The report shows each under its name in `KINDS` (``S.table(tables.after_table(r),
"system_after", tables.KINDS["system_after"])``) and saves it for ``tables.xlsx``. The
tables made of words (the recommendations, the triggers, the summary's channels) are
built with the prose, in `chananalysis.sections.recommendations.text`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from chananalysis.display.money import Money
from chananalysis.i18n import aside, t
from chananalysis.sections.recommendations import text

if TYPE_CHECKING:
    from chananalysis.sections.recommendations.review import RecommendationsReview

__all__ = [
    "KINDS",
    "after_table",
    "decisions_table",
    "judgement_table",
    "no_action_table",
    "roadmap_table",
    "transition_table",
]

#: Each shown table's name -> the kind of each column (`chananalysis.display.formatting`).
KINDS: dict[str, dict[str, str]] = {
    "channel_judgement": {
        "growth": "pct_signed",
        "achievement": "pct",
        "contribution": "money",
        "exit_effect": "money",
    },
    "triggers": {},
    "decisions": {"effect": "money", "exposure": "money"},
    "roadmap": {"start": "int", "end": "int"},
    "no_action": {},
    "rebate_transition": {
        "whole": "money",
        "marginal": "money",
        "loss": "money",
        "loss_share": "pct",
    },
    "system_after": {
        "sales": "money",
        "share_before": "pct",
        "share_after": "pct",
        "contribution": "money",
        "contribution_share_after": "pct",
    },
}


def judgement_table(r: RecommendationsReview) -> pd.DataFrame:
    """Per channel: the textbook rule (the seed's band) beside the judged action, why,
    growth, target achievement (left out when no channel has a target), contribution and
    the effect of exiting on the company's contribution."""
    cols = [
        "seed_action",
        "action",
        "reason",
        "growth",
        "achievement",
        "contribution",
        "exit_effect",
    ]
    if r.judgement["achievement"].isna().all():
        cols.remove("achievement")
    out = r.judgement[cols].copy()
    out.index.name = "channel"
    return out


def after_table(r: RecommendationsReview) -> pd.DataFrame:
    """The channels kept: action, sales, shares before and after."""
    out = r.after.copy()
    out.index.name = "channel"
    return out


# --- decisions (issue 24): the plan ---------------------------------------------------------
# Cells are plain text: `chananalysis.display.formatting.style_table` escapes every cell, and
# ``tables.xlsx`` keeps the words as they are.


def decisions_table(
    decisions: pd.DataFrame,
    findings: pd.DataFrame,
    lang: str,
    *,
    currency: str = "CNY",
    names: Mapping[str, str] | None = None,
    owners: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The plan: one row per decision, in rank order, every code in words.

    Parameters
    ----------
    decisions
        The decisions frame (the decision schema (`chananalysis.methods.recommendations`)), ranked.
    findings
        The findings frame: each decision's evidence.
    lang
        ``"zh"`` or ``"en"``.
    currency
        Keyword only: the client's currency (money in the evidence and the targets).
    names
        Keyword only: dealer id → name.
    owners
        Keyword only: owner role code → the client's own title.

    Returns
    -------
    pandas.DataFrame
        RangeIndex; columns ``priority``, ``subject``, ``what`` (the action), ``evidence``
        (its findings' phrases, then what the effect and the exposure are), ``owner``,
        ``when`` (the deadline), ``kpi`` (KPI and target), ``effect`` (yuan a year, NaN
        not estimated), ``exposure`` (yuan at risk, NaN none; never in the effect),
        ``after`` (the decisions that must come first, or empty).

    References
    ----------
    docs/method.md §6.2 (effect and exposure), §6.5 (a plan); issue 24 point 6.

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["territory:信阳:renew_authorization"], "rank": [1],
    ...     "priority": [1], "subject_kind": ["territory"], "subject": ["信阳"],
    ...     "members": [[]], "action": ["renew_authorization"], "owner": ["regional_manager"],
    ...     "horizon_days": [30], "kpi": ["authorization_renewed"],
    ...     "kpi_target": [float("nan")], "effect": [float("nan")], "effect_basis": [""],
    ...     "exposure": [float("nan")], "exposure_basis": [""], "depends_on": [[]],
    ...     "findings": [[]], "kinds": [[]]})
    >>> decisions_table(d, pd.DataFrame(), "zh").iloc[0].tolist()[:7]
    ['立即行动', '信阳', '与原经销商续签授权合同', '无', '区域经理', '30 天内', '授权合同续签']
    """
    names = names or {}
    money = Money(lang, currency)
    ranked = text._ranked(decisions)
    rows = []
    for _, d in ranked.iterrows():
        bases = []
        if str(d.get("effect_basis") or "") and not math.isnan(text._num(d.get("effect"))):
            bases.append(t(f"rc_eb_{d['effect_basis']}", lang))
        if str(d.get("exposure_basis") or "") and not math.isnan(text._num(d.get("exposure"))):
            bases.append(
                t("rc_line_exposure_basis", lang, basis=t(f"rc_xb_{d['exposure_basis']}", lang))
            )
        after = text._ids(d.get("depends_on"))
        evidence = text._cap(
            text._evidence(d, findings, lang, money, names, str)
            if len(findings)
            else t("none_word", lang)
        )
        rows.append(
            {
                "priority": text._cap(t(f"rc_priority_{int(d['priority'])}", lang)),
                "subject": text.subject_text(d, lang, names=names, markup=False),
                "what": text._cap(t(text.do_key(d), lang)),
                "evidence": aside(evidence, text.join_clauses(bases, lang), lang)
                if bases
                else evidence,
                "owner": text.owner_text(str(d["owner"]), lang, owners),
                "when": text._cap(text.horizon_text(d["horizon_days"], lang)),
                "kpi": text._cap(
                    text.kpi_text(str(d["kpi"]), d["kpi_target"], lang, currency=currency)
                ),
                "effect": text._num(d.get("effect")),
                "exposure": text._num(d.get("exposure")),
                "after": text._cap(text._refs(after, lang, decisions, names, False))
                if after
                else "",
            }
        )
    columns = ["priority", "subject", "what", "evidence", "owner", "when", "kpi", "effect"]
    return pd.DataFrame(rows, columns=[*columns, "exposure", "after"])


def roadmap_table(
    decisions: pd.DataFrame,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
    owners: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The roadmap: the decisions in three waves (30 days, 90 days, the rest of the year),
    each with the day it can start (its dependencies done) and the day it is due.

    Parameters
    ----------
    decisions
        The decisions frame (``horizon_days``, ``depends_on``, ``rank`` …).
    lang
        ``"zh"`` or ``"en"``.
    names
        Keyword only: dealer id → name.
    owners
        Keyword only: owner role code → the client's own title.

    Returns
    -------
    pandas.DataFrame
        RangeIndex, by wave, then start, then plan order; columns ``wave``, ``subject``,
        ``what`` (the action in short), ``owner``, ``start`` and ``end`` (days from today).

    Notes
    -----
    Start, end and wave as `chananalysis.sections.recommendations.text.schedule`: start =
    the latest end of its dependencies; the 180-day decisions fall in the year's wave.

    References
    ----------
    docs/method.md §6.5; issue 24 point 6 (a 30 / 90 / 365-day roadmap).

    Examples
    --------
    >>> d = pd.DataFrame({"decision": ["a", "b"], "rank": [1, 2],
    ...     "subject_kind": ["channel", "channel"], "subject": ["KA", "KA"],
    ...     "members": [[], []], "action": ["deepen_channel", "enforce_price_floor"],
    ...     "owner": ["sales_director", "channel_manager"], "horizon_days": [365, 30],
    ...     "depends_on": [["b"], []]})
    >>> roadmap_table(d, "en")[["wave", "what", "start", "end"]].values.tolist()
    [['Within 30 days', 'Enforce the price floor', 0, 30],
     ['Day 91 to a year', 'Invest more', 30, 365]]
    """
    names = names or {}
    when = text.schedule(decisions)
    out = pd.DataFrame(
        {
            "wave": [t(f"rc_wave_{w}", lang) for w in when["wave"]],
            "subject": [
                text.subject_text(d, lang, names=names, markup=False)
                for _, d in decisions.iterrows()
            ],
            "what": [text._cap(t(f"rc_act_{a}", lang)) for a in decisions["action"]],
            "owner": [text.owner_text(str(o), lang, owners) for o in decisions["owner"]],
            "start": when["start"].to_numpy(),
            "end": when["end"].to_numpy(),
        }
    )
    order = when.reset_index(drop=True)[["wave", "start", "order"]]
    return out.loc[order.sort_values(["wave", "start", "order"]).index].reset_index(drop=True)


def no_action_table(
    no_action: pd.DataFrame,
    lang: str,
    *,
    findings: pd.DataFrame | None = None,
    decisions: pd.DataFrame | None = None,
    currency: str = "CNY",
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The findings that need no action, and why (within tolerance, for information, or
    covered by a decision, named).

    Parameters
    ----------
    no_action
        The no_action frame (``finding``, ``kind``, ``subject``, ``reason``, ``covered_by``).
    lang
        ``"zh"`` or ``"en"``.
    findings
        Keyword only: the findings frame, for each finding's numbers and subject kind
        (without it a finding is worded from its kind alone, its numbers shown as "–").
    decisions
        Keyword only: the decisions frame, to name a covering decision (else named from
        its id).
    currency
        Keyword only: the client's currency.
    names
        Keyword only: dealer id → name.

    Returns
    -------
    pandas.DataFrame
        RangeIndex; columns ``subject``, ``finding`` (its phrase), ``reason``.

    References
    ----------
    docs/method.md §6.1: every finding ends in exactly one decision or in no_action, with its
    reason.

    Examples
    --------
    >>> na = pd.DataFrame({"finding": ["reach_control"], "kind": ["reach_control"],
    ...     "subject": [""], "reason": ["covered_by"],
    ...     "covered_by": ["dealers:warn_diversion:warn_diversion"]})
    >>> no_action_table(na, "zh").iloc[0].tolist()
    ['公司', '渠道的辐射力与控制力不足', '已由“警告窜货（经销商组）”处理']
    """
    names = names or {}
    money = Money(lang, currency)
    known = findings.set_index("finding") if findings is not None and len(findings) else None
    rows = []
    for _, n in no_action.iterrows():
        f: dict[str, object] = {"kind": n["kind"], "subject": n["subject"], "facts": None}
        if known is not None and n["finding"] in known.index:
            f = {**known.loc[n["finding"]].to_dict(), "finding": n["finding"]}
        kind = str(f.get("subject_kind") or "")
        if not kind:  # without the findings: a dealer by its name, else a name or the company
            subject = str(n["subject"] or "")
            kind = "dealer" if subject in names else "channel" if subject else "company"
        subject = text.subject_text(
            {"subject_kind": kind, "subject": n["subject"], "members": []},
            lang,
            names=names,
            markup=False,
        )
        reason = str(n["reason"])
        if reason == "covered_by":
            ref = text.step_text(
                text._lookup(str(n["covered_by"]), decisions), lang, names=names, markup=False
            )
            why = t("rc_na_covered_by", lang, decision=ref)
        else:
            why = t(f"rc_na_{reason}", lang)
        rows.append(
            {
                "subject": subject,
                "finding": text._cap(text._phrase(f, lang, money, names, str)),
                "reason": text._cap(why),
            }
        )
    return pd.DataFrame(rows, columns=["subject", "finding", "reason"])


def transition_table(r: RecommendationsReview, *, top: int | None = None) -> pd.DataFrame:
    """Who receives how much less when the rebate becomes marginal, largest loss first, and
    who keeps the old ladder for a year (docs/method.md §6.3).

    Parameters
    ----------
    r
        Section 05's review (its ``transition``).
    top
        Keyword only: the dealers shown (all when ``None``).

    Returns
    -------
    pandas.DataFrame
        RangeIndex; ``dealer`` (id and name), ``whole``, ``marginal``, ``loss``,
        ``loss_share``, ``keeps_old`` (bool: the dealer keeps the old ladder a year;
        the report writes 是/否).

    References
    ----------
    Seed 004, 返利; docs/method.md §5.1, §6.3.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from chananalysis.methods.findings import rebate_transition
    >>> tr = rebate_transition(pd.DataFrame({"whole": [297150.0], "marginal": [167150.0]},
    ...                                     index=pd.Index(["D001"], name="dealer")))
    >>> transition_table(SimpleNamespace(transition=tr, names={"D001": "佳美"})).round(3)
        dealer     whole  marginal      loss  loss_share keeps_old
    0  D001 佳美  297150.0  167150.0  130000.0       0.437       True
    """
    tr = r.transition
    shown = tr[tr["loss"] > 0]
    if top is not None:
        shown = shown.head(top)
    names = r.names or {}
    out = pd.DataFrame(
        {
            "dealer": [text._dealer(d, names, str) for d in shown.index],
            "whole": shown["whole"].to_numpy(),
            "marginal": shown["marginal"].to_numpy(),
            "loss": shown["loss"].to_numpy(),
            "loss_share": shown["loss_share"].to_numpy(),
            "keeps_old": shown["keeps_old"].astype(bool).to_numpy(),
        }
    )
    return out
