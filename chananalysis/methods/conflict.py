"""Channel conflicts typed, with their causes and the remedies by stage (docs/method.md §4.5).

Every finding of the conflict review — a diverting dealer, an authorisation overlap or
blind spot, price dumping, a ladder with too thin a margin, an arbitrage incentive between
neighbouring territories — becomes one row: its conflict type (seed 004: horizontal,
vertical or between channels), the causes the seed names for it, and the remedies for
each stage (prevention, mitigation, resolution). `anti_diversion_measures` then picks the
measures of seed 003's Wahaha case that answer this client's findings.

Everything here is codes: the report's text words them from its catalogue.

Examples
--------
>>> overlaps = pd.DataFrame({"territory": ["郑州"], "product_line": ["酱料"],
...                          "days": [31], "dealers": ["D001;D004"]})
>>> f = conflict_findings(overlaps=overlaps)
>>> f[["kind", "type", "subject", "causes", "prevention"]].to_dict("records")
[{'kind': 'overlap', 'type': 'horizontal', 'subject': '郑州 · 酱料', \
'causes': Notes([('roles', '')]), 'prevention': Notes([('design', ''), ('roles', '')])}]
>>> anti_diversion_measures(f)["measure"].tolist()  # a tie: in the seed's order
['joint_sales', 'stable_dealers']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from chananalysis.methods.notes import Notes

__all__ = [
    "CAUSES",
    "KINDS",
    "MEASURES",
    "REMEDIES",
    "TYPES",
    "ConflictRule",
    "anti_diversion_measures",
    "conflict_findings",
]

#: Conflict types of seed 004 (第三节 二(二)): same level in different territories,
#: different levels of one channel, between channels.
TYPES = ("horizontal", "vertical", "multi_channel")
#: Causes of seed 004 (二(三)): internal — information, perception and goal differences;
#: external — scarce resources, unclear roles, expectation errors, a changed environment.
CAUSES = ("information", "perception", "goals", "resources", "roles", "expectations", "environment")
#: Remedies by stage, seed 004 (二(四)): 前期防范, 中期降低, 后期处理.
REMEDIES = {
    "prevention": ("design", "roles", "power"),
    "mitigation": ("joint_goals", "staff_exchange", "help_weak"),
    "resolution": ("mediation", "legal", "restructure", "exit"),
}
#: Seed 003, how Wahaha controls diversion (娃哈哈是如何解决窜货的).
MEASURES = (
    "joint_sales",
    "price_tiers",
    "stable_dealers",
    "incentives",
    "region_packaging",
    "sales_training",
    "anti_diversion_unit",
)


@dataclass(frozen=True)
class ConflictRule:
    """How one kind of finding is typed and answered (codes of `TYPES`, `CAUSES`,
    `REMEDIES` and `MEASURES`)."""

    type: str
    causes: tuple[str, ...]
    prevention: tuple[str, ...]
    mitigation: tuple[str, ...]
    resolution: tuple[str, ...]
    measures: tuple[str, ...]


#: **Decision** (the seeds name types, causes and remedies, not which fits which finding):
#: each kind of finding of docs/method.md §4.1–4.4 and its typing. Dumping is typed per level in
#: `conflict_findings`: below a wholesale floor it is vertical (it undercuts the levels of
#: one channel), below the retail floor it is between channels (one channel's shelf price
#: undercuts another's).
KINDS: dict[str, ConflictRule] = {
    "diversion": ConflictRule(
        "horizontal",
        ("goals", "resources"),
        ("roles", "power"),
        ("joint_goals",),
        ("mediation", "exit"),
        ("anti_diversion_unit", "region_packaging", "price_tiers", "incentives"),
    ),
    "overlap": ConflictRule(
        "horizontal",
        ("roles",),
        ("design", "roles"),
        ("joint_goals",),
        ("restructure",),
        ("stable_dealers", "joint_sales"),
    ),
    "blind_spot": ConflictRule(
        "horizontal",
        ("roles",),
        ("design",),
        ("help_weak",),
        ("restructure",),
        ("stable_dealers",),
    ),
    "dumping": ConflictRule(
        "vertical",
        ("goals", "resources"),
        ("power",),
        ("joint_goals", "staff_exchange"),
        ("mediation", "legal"),
        ("price_tiers", "anti_diversion_unit"),
    ),
    "ladder_margin": ConflictRule(
        "vertical",
        ("goals", "expectations"),
        ("design",),
        ("joint_goals",),
        ("restructure",),
        ("price_tiers", "joint_sales"),
    ),
    "arbitrage": ConflictRule(
        "horizontal",
        ("environment", "goals"),
        ("design", "roles"),
        ("joint_goals",),
        ("restructure",),
        ("price_tiers", "incentives", "region_packaging"),
    ),
}

_COLUMNS = [
    "kind",
    "type",
    "subject",
    "level",
    "units",
    "amount",
    "days",
    "causes",
    "prevention",
    "mitigation",
    "resolution",
    "measures",
]


def _rows(
    kind: str,
    subjects: pd.Series,
    *,
    units=None,
    amount=None,
    days=None,
    type_: pd.Series | None = None,
    level: pd.Series | None = None,
) -> pd.DataFrame:
    rule = KINDS[kind]
    n = len(subjects)

    def col(values) -> list:
        return [float("nan")] * n if values is None else list(values)

    return pd.DataFrame(
        {
            "kind": [kind] * n,
            "type": list(type_) if type_ is not None else [rule.type] * n,
            "subject": list(subjects),
            "level": list(level) if level is not None else [None] * n,
            "units": col(units),
            "amount": col(amount),
            "days": col(days),
            "causes": [Notes(rule.causes)] * n,
            "prevention": [Notes(rule.prevention)] * n,
            "mitigation": [Notes(rule.mitigation)] * n,
            "resolution": [Notes(rule.resolution)] * n,
            "measures": [Notes(rule.measures)] * n,
        }
    )


def conflict_findings(
    *,
    by_dealer: pd.DataFrame | None = None,
    overlaps: pd.DataFrame | None = None,
    blind_spots: pd.DataFrame | None = None,
    breaches: pd.DataFrame | None = None,
    ladder_checks: pd.DataFrame | None = None,
    arbitrage: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every conflict finding as one row: its type, causes and remedies by stage.

    Parameters
    ----------
    by_dealer
        `chananalysis.detect_diversion`'s ``by_dealer``: each dealer with diverted units
        (``diverted_units`` > 0) is a finding; ``fine`` is its amount.
    overlaps, blind_spots
        `chananalysis.methods.authorization.authorization_audit`'s tables (territory,
        product_line, days; overlaps also ``dealers``).
    breaches
        `chananalysis.methods.pricing.price_ladder_audit`'s ``breaches`` (product, level,
        territory, channel): one finding per product × level × territory × channel.
    ladder_checks
        Its ``ladder_checks``: each step flagged ``below_min`` (or ``not_ascending``).
    arbitrage
        `chananalysis.methods.arbitrage.arbitrage_risk`: each pair with ``incentive``.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (``diversion``, ``overlap``, ``blind_spot``, ``dumping``,
        ``ladder_margin``, ``arbitrage``), ``type`` (one of `TYPES`), ``subject`` (who or
        where: a dealer, ``territory · line``, ``product · territory · channel``, a product,
        ``source → destination``), ``level`` (the price level of a dumping or ladder
        finding, a code of the ladder; None otherwise), ``units``, ``amount`` (fine, or
        exposure of an
        arbitrage pair, in money), ``days`` (of an overlap or blind spot), ``causes``,
        ``prevention``, ``mitigation``, ``resolution``, ``measures`` — each a
        `chananalysis.methods.notes.Notes` of codes (see `CAUSES`, `REMEDIES`,
        `MEASURES`; ``str()`` joins them by ``"; "``). NaN where a number does not
        apply. Ordered by kind as listed, then by size.

    Notes
    -----
    Typing (**Decision**, `KINDS`): diversion, overlaps, blind spots and arbitrage between
    territories are horizontal (members of one level in different territories); a margin
    below the ladder's minimum is vertical; dumping below a wholesale level's floor
    (``level1``, ``level2``) is vertical, below the retail floor between channels.

    References
    ----------
    Seed 004, 第三节 二(二)–(四): the three conflict types, their internal and external
    causes, the remedies by stage. Seed 003, 窜货 cases and 娃哈哈是如何解决窜货的.

    Examples
    --------
    >>> by_dealer = pd.DataFrame({"diverted_units": [60, 0], "fine": [1200.0, 0.0]},
    ...                          index=pd.Index(["D001", "D002"], name="dealer"))
    >>> conflict_findings(by_dealer=by_dealer)[["kind", "type", "subject", "units", "amount"]]
            kind        type subject  units  amount
    0  diversion  horizontal    D001     60  1200.0
    """
    parts = []
    if by_dealer is not None and len(by_dealer):
        d = by_dealer[by_dealer["diverted_units"] > 0].sort_values(
            "diverted_units", ascending=False, kind="stable"
        )
        fine = d["fine"] if "fine" in d.columns else None
        parts.append(
            _rows(
                "diversion", d.index.to_series().astype(str), units=d["diverted_units"], amount=fine
            )
        )
    for kind, table in (("overlap", overlaps), ("blind_spot", blind_spots)):
        if table is not None and len(table):
            t = table.sort_values("days", ascending=False, kind="stable")
            subject = t["territory"].astype(str) + " · " + t["product_line"].astype(str)
            parts.append(_rows(kind, subject, days=t["days"]))
    if breaches is not None and len(breaches):
        keys = ["product", "level", "territory", "channel"]
        g = breaches.groupby(keys, sort=True).size().rename("units").reset_index()
        g = g.sort_values("units", ascending=False, kind="stable")
        subject = g[["product", "territory", "channel"]].astype(str).agg(" · ".join, axis=1)
        type_ = g["level"].map(lambda lv: "multi_channel" if lv == "retail" else "vertical")
        parts.append(_rows("dumping", subject, units=g["units"], type_=type_, level=g["level"]))
    if ladder_checks is not None and len(ladder_checks):
        flagged = (
            ladder_checks[ladder_checks[["below_min", "not_ascending"]].any(axis=1)]
            if ("not_ascending" in ladder_checks.columns)
            else ladder_checks[ladder_checks["below_min"]]
        )
        parts.append(_rows("ladder_margin", flagged["product"].astype(str), level=flagged["level"]))
    if arbitrage is not None and len(arbitrage):
        a = arbitrage[arbitrage["incentive"]]
        sort_by = "exposure" if "exposure" in a.columns and a["exposure"].notna().any() else "gap"
        a = a.sort_values(sort_by, ascending=False, kind="stable")
        subject = a["source"].astype(str) + " → " + a["destination"].astype(str)
        amount = a["exposure"] if "exposure" in a.columns else None
        parts.append(_rows("arbitrage", subject, amount=amount))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="float64" if c in ("units", "amount", "days") else "str")
                for c in _COLUMNS
            }
        )
    return pd.concat(parts, ignore_index=True)[_COLUMNS]


def anti_diversion_measures(findings: pd.DataFrame) -> pd.DataFrame:
    """The measures of seed 003's Wahaha case that answer a client's findings.

    Parameters
    ----------
    findings
        `conflict_findings`.

    Returns
    -------
    pandas.DataFrame
        One row per measure that at least one finding calls for, in the seed's order of
        importance for this client: ``measure`` (code of `MEASURES`), ``findings`` (how many
        findings call for it) and ``kinds`` (which kinds, a
        `chananalysis.methods.notes.Notes` of codes in `KINDS` order). Most-called first;
        ties in the seed's order.

    References
    ----------
    Seed 003, 娃哈哈是如何解决窜货的: 双赢的联销体制, 级差价格体系, 稳固的经销制度,
    全面激励措施, 包装区域差别化, 营销队伍的培养, 反窜货机构与严明的奖惩制度.

    Examples
    --------
    >>> f = pd.DataFrame({"kind": ["arbitrage", "dumping"],
    ...                   "measures": [Notes(["price_tiers", "incentives"]),
    ...                                Notes(["price_tiers"])]})
    >>> anti_diversion_measures(f)
           measure  findings              kinds
    0  price_tiers         2  dumping; arbitrage
    1   incentives         1          arbitrage
    """
    rows = []
    for m in MEASURES:
        hits = findings[findings["measures"].map(lambda ms, m=m: m in ms.codes)]
        if len(hits):
            kinds = [k for k in KINDS if k in set(hits["kind"])]
            rows.append({"measure": m, "findings": len(hits), "kinds": Notes(kinds)})
    out = pd.DataFrame(rows, columns=["measure", "findings", "kinds"])
    order = {m: i for i, m in enumerate(MEASURES)}
    out["_o"] = out["measure"].map(order)
    out = out.sort_values(["findings", "_o"], ascending=[False, True], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)
