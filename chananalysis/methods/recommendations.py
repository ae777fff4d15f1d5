"""From findings to decisions (docs/method.md §6, seeds 001, 004, 003, 000): one row per
subject and action, carrying every finding it rests on, with its owner, horizon, KPI,
effect and exposure, and the decisions that must come first.

Findings (`chananalysis.methods.findings`) about one subject and of one family join
one decision; the strongest finding sets its action. Dealers whose strongest finding is
a routine one (credit limits, a stock audit, a diversion warning …) are pooled into one
decision per action. Rules are data (``templates/recommendations/decisions.yaml``):
the finding kinds, and the rules that read across sections (invest only after the
conflicts of a channel's markets are decided; a diversion peak before the year end is
linked to the rebate ladder).

The function `recommendations` shows one dealer with three problems and a pooled one.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.adjustment import MODES, PRINCIPLES
from chananalysis.methods.findings import FINDING_COLUMNS
from chananalysis.methods.notes import Notes
from chananalysis.resources import parse_yaml

__all__ = [
    "DECISION_COLUMNS",
    "HORIZONS",
    "NO_ACTION_COLUMNS",
    "NO_ACTION_REASONS",
    "OWNERS",
    "load_decision_rules",
    "recommendations",
]

#: Roles that own a decision (the report words them; names configurable).
OWNERS = ("sales_director", "regional_manager", "channel_manager", "finance", "marketing")
#: Horizons a decision may have, in days.
HORIZONS = (30, 90, 180, 365)
#: Why a finding needs no decision.
NO_ACTION_REASONS = ("within_tolerance", "informational", "covered_by")
#: Columns of the decisions (docs/contract.md §1).
DECISION_COLUMNS = [
    "decision",
    "rank",
    "priority",
    "subject_kind",
    "subject",
    "members",
    "action",
    "owner",
    "horizon_days",
    "kpi",
    "kpi_target",
    "effect",
    "effect_basis",
    "exposure",
    "exposure_basis",
    "depends_on",
    "linked",
    "findings",
    "kinds",
    "sections",
    "mode",
    "principle",
    "source",
    "facts",
]
#: Columns of the findings that need no decision.
NO_ACTION_COLUMNS = ["finding", "kind", "subject", "reason", "covered_by"]

_KIND_KEYS = {
    "family",
    "strength",
    "kpi_rank",
    "action",
    "priority",
    "owner",
    "horizon",
    "kpi",
    "target",
    "pool",
    "mode",
    "principle",
    "source",
}
_NO_ACTION_KEYS = {"no_action", "covered_by"}
_LINKS = {
    "invest_after_conflicts": {"invest", "first", "diversion", "source"},
    "rebate_cliff": {"peak", "diversion", "source"},
}


def _default_rules_path() -> Path:
    from chananalysis.resources import resource_dir

    return resource_dir("templates") / "recommendations" / "decisions.yaml"


# --- rules ---------------------------------------------------------------------------------


def _kind_rule(where: str, kind: str, rule: object) -> dict:
    if not isinstance(rule, Mapping):
        raise InputDataError(f"{where}, {kind}: expected a mapping, got {shown(rule)}")
    if "no_action" in rule:
        unknown = set(rule) - _NO_ACTION_KEYS
        if unknown:
            raise InputDataError(f"{where}, {kind}: unknown key(s) {', '.join(sorted(unknown))}")
        if rule["no_action"] not in NO_ACTION_REASONS:
            raise InputDataError(
                f"{where}, {kind}: no_action {shown(rule['no_action'])} is not one of "
                f"{', '.join(NO_ACTION_REASONS)}"
            )
        covered = list(rule.get("covered_by") or [])
        if (rule["no_action"] == "covered_by") != bool(covered):
            raise InputDataError(f"{where}, {kind}: covered_by lists the kinds that answer it")
        return {"no_action": rule["no_action"], "covered_by": [str(k) for k in covered]}
    unknown = set(rule) - _KIND_KEYS
    if unknown:
        raise InputDataError(
            f"{where}, {kind}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"expected {', '.join(sorted(_KIND_KEYS))}"
        )
    missing = sorted(_KIND_KEYS - {"kpi_rank", "pool", "target"} - set(rule))
    if missing:
        raise InputDataError(f"{where}, {kind}: missing {', '.join(missing)}")
    checks = [
        ("priority", rule["priority"] in (1, 2, 3), "1, 2 or 3"),
        ("owner", rule["owner"] in OWNERS, f"one of {', '.join(OWNERS)}"),
        ("horizon", rule["horizon"] in HORIZONS, "30, 90, 180 or 365"),
        ("mode", rule["mode"] in MODES, f"one of {', '.join(MODES)}"),
        ("principle", rule["principle"] in PRINCIPLES, f"one of {', '.join(PRINCIPLES)}"),
        ("strength", isinstance(rule["strength"], int), "an integer"),
    ]
    for key, ok, expected in checks:
        if not ok:
            raise InputDataError(f"{where}, {kind}: {key} {shown(rule[key])} is not {expected}")
    if rule["priority"] == 1 and rule["horizon"] > 90:
        raise InputDataError(
            f"{where}, {kind}: priority 1 means within 90 days; horizon is {rule['horizon']}"
        )
    target = rule.get("target")
    if not (
        target is None
        or target == "members"
        or (isinstance(target, int | float) and not isinstance(target, bool))
        or (isinstance(target, Mapping) and set(target) == {"fact"})
    ):
        raise InputDataError(
            f"{where}, {kind}: target must be a number, {{fact: name}}, members or null; "
            f"got {shown(target)}"
        )
    out = {k: rule.get(k) for k in _KIND_KEYS}
    out["kpi_rank"] = int(rule.get("kpi_rank", rule["strength"]))
    out["pool"] = bool(rule.get("pool", False))
    out["no_action"] = None
    return out


def load_decision_rules(
    *,
    rules: Mapping | str | os.PathLike | None = None,
) -> dict:
    """The rules that turn findings into decisions, read from YAML or given as a mapping.

    Parameters
    ----------
    rules
        ``None`` (the kit's ``templates/recommendations/decisions.yaml``), a path to a
        YAML file of the same shape, or the mapping itself.

    Returns
    -------
    dict
        ``{"kinds": {kind: rule}, "links": {name: rule}}``; a kind's rule has
        ``family, strength, kpi_rank, action, priority, owner, horizon, kpi, target,
        pool, mode, principle, source`` (``no_action`` None), or ``no_action`` (a reason
        of `NO_ACTION_REASONS`) and ``covered_by``.

    Raises
    ------
    InputDataError
        An unreadable file; a rule with an unknown or missing key, a priority outside
        1–3, priority 1 with a horizon over 90 days, an unknown owner, horizon, mode or
        principle; an unknown link.

    References
    ----------
    docs/method.md §6.1 ("rules are data"), §6.3, §6.5; seed 004, 分销渠道调整的方式 (the
    six modes) and 渠道整合 (the two principles).

    Examples
    --------
    >>> r = load_decision_rules()
    >>> r["kinds"]["diversion"]["action"], r["kinds"]["diversion_minor"]["no_action"]
    ('stop_diversion', 'within_tolerance')
    """
    if rules is None or isinstance(rules, str | os.PathLike):
        import yaml

        path = Path(rules) if rules is not None else _default_rules_path()
        try:
            with open(path, encoding="utf-8") as fh:
                raw = parse_yaml(fh) or {}
        except (OSError, yaml.YAMLError) as err:
            raise InputDataError(f"decision rules: cannot read {path} ({err})") from err
        where = str(path)
    else:
        raw, where = rules, "decision rules"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("kinds"), Mapping):
        raise InputDataError(f"{where}: expected a mapping with 'kinds' (and 'links')")
    kinds = {str(k): _kind_rule(where, str(k), v) for k, v in raw["kinds"].items()}
    links = {}
    for name, link in (raw.get("links") or {}).items():
        if name not in _LINKS:
            raise InputDataError(
                f"{where}, links: unknown rule {shown(name)}; known: {', '.join(_LINKS)}"
            )
        if not isinstance(link, Mapping) or set(link) - _LINKS[name]:
            raise InputDataError(
                f"{where}, links, {name}: expected keys {', '.join(sorted(_LINKS[name]))}"
            )
        links[name] = dict(link)
    return {"kinds": kinds, "links": links}


# --- decisions -----------------------------------------------------------------------------


def _fact(facts: object, key: str) -> str | None:
    for k, v in facts if facts is not None else ():
        if k == key:
            return v
    return None


def _target(rule: dict, finding: pd.Series) -> float:
    target = rule["target"]
    if target is None:
        return 1.0  # a milestone: done
    if target == "members":
        return 1.0  # one subject; a pool counts its dealers
    if isinstance(target, Mapping):
        v = _fact(finding["facts"], target["fact"])
        try:
            return float(v) if v is not None else math.nan
        except ValueError:
            return math.nan
    return float(target)


def _sum(values: pd.Series) -> float:
    v = values.dropna()
    return float(v.sum()) if len(v) else math.nan


def _basis(frame: pd.DataFrame, money: str) -> str:
    bases = [b for b, v in zip(frame[f"{money}_basis"], frame[money], strict=True) if pd.notna(v)]
    return bases[0] if bases else ""


def _decision(key: tuple, group: pd.DataFrame, kinds: dict) -> dict:
    subject_kind, subject, _family = key
    group = group.assign(
        _strength=group["kind"].map(lambda k: kinds[k]["strength"]),
        _kpi=group["kind"].map(lambda k: kinds[k]["kpi_rank"]),
    ).sort_values(["_strength", "value"], ascending=[True, False], kind="stable")
    top = kinds[group["kind"].iloc[0]]
    tracked = group.iloc[int(group["_kpi"].to_numpy().argmin())]
    kpi_rule = kinds[tracked["kind"]]
    priority = int(group["kind"].map(lambda k: kinds[k]["priority"]).min())
    horizon = min(top["horizon"], kpi_rule["horizon"])
    if priority == 1:
        horizon = min(horizon, 90)  # priority 1 is within 90 days (docs/method.md §6.5)
    details = [d for d in dict.fromkeys(group["detail"]) if d]
    return {
        "decision": f"{subject_kind}:{subject}:{top['action']}",
        "priority": priority,
        "subject_kind": subject_kind,
        "subject": subject,
        "members": details,
        "action": top["action"],
        "owner": top["owner"],
        "horizon_days": int(horizon),
        "kpi": kpi_rule["kpi"],
        "kpi_target": _target(kpi_rule, tracked),
        "effect": _sum(group["effect"]),
        "effect_basis": _basis(group, "effect"),
        "exposure": _sum(group["exposure"]),
        "exposure_basis": _basis(group, "exposure"),
        "depends_on": [],
        "linked": [],
        "findings": list(group["finding"]),
        "kinds": list(dict.fromkeys(group["kind"])),
        "sections": sorted(set(group["section"])),
        "mode": top["mode"],
        "principle": top["principle"],
        "source": top["source"],
        "facts": Notes(sep="="),
        "_strength": int(group["_strength"].iloc[0]),
        "_family": _family,
    }


def _pooled(decisions: list[dict], kinds: dict) -> list[dict]:
    """Dealers whose strongest finding is a pooled kind → one decision per action."""
    out, pools = [], {}
    for d in decisions:
        rule = kinds[d["kinds"][0]]
        if d["subject_kind"] == "dealer" and rule["pool"]:
            pools.setdefault(d["action"], []).append(d)
        else:
            out.append(d)
    for action, members in pools.items():
        first = members[0]
        pooled = dict(first)
        pooled.update(
            decision=f"dealers:{action}:{action}",
            subject_kind="dealers",
            subject=action,
            members=[m["subject"] for m in members],
            priority=min(m["priority"] for m in members),
            horizon_days=min(m["horizon_days"] for m in members),
            effect=_sum(pd.Series([m["effect"] for m in members], dtype="float64")),
            exposure=_sum(pd.Series([m["exposure"] for m in members], dtype="float64")),
            effect_basis=next((m["effect_basis"] for m in members if m["effect_basis"]), ""),
            exposure_basis=next((m["exposure_basis"] for m in members if m["exposure_basis"]), ""),
            findings=[f for m in members for f in m["findings"]],
            kinds=list(dict.fromkeys(k for m in members for k in m["kinds"])),
            sections=sorted({s for m in members for s in m["sections"]}),
        )
        if kinds[first["kinds"][0]]["target"] == "members":
            pooled["kpi_target"] = float(len(members))
        out.append(pooled)
    return out


def _link_invest(decisions: list[dict], findings: pd.DataFrame, link: dict) -> None:
    """Investment in a channel depends on its price floor and on the dealers diverting into
    the territories where it is dumped."""
    by_id = {d["decision"]: d for d in decisions}
    dumping = findings[findings["kind"] == "dumping"]
    diverting = findings[findings["kind"].isin(link.get("diversion", []))]
    owner_of = {f: d["decision"] for d in decisions for f in d["findings"]}
    for d in decisions:
        if d["subject_kind"] != "channel" or d["action"] not in link.get("invest", []):
            continue
        first = [
            x["decision"]
            for x in decisions
            if x["subject_kind"] == "channel"
            and x["subject"] == d["subject"]
            and x["action"] in link.get("first", [])
        ]
        places = {
            _fact(f, "territory") for f in dumping.loc[dumping["subject"] == d["subject"], "facts"]
        }
        for _, f in diverting.iterrows():
            where = set((_fact(f["facts"], "territories") or "").split("|"))
            if places & where:
                first.append(owner_of[f["finding"]])
        d["depends_on"] = [x for x in dict.fromkeys(first) if x in by_id and x != d["decision"]]


def _link_cliff(decisions: list[dict], findings: pd.DataFrame, link: dict) -> None:
    """A diversion peak before the year end: the ladder's decision and the decisions of
    the dealers diverting in that month name each other."""
    peaks = findings[findings["kind"] == link.get("peak")]
    if peaks.empty:
        return
    month = _fact(peaks["facts"].iloc[0], "peak_month")
    owner_of = {f: d["decision"] for d in decisions for f in d["findings"]}
    ladder = owner_of.get(peaks["finding"].iloc[0])
    diverting = findings[findings["kind"].isin(link.get("diversion", []))]
    hit = [
        owner_of[f["finding"]]
        for _, f in diverting.iterrows()
        if month in (_fact(f["facts"], "months") or "").split("|") and f["finding"] in owner_of
    ]
    hit = list(dict.fromkeys(h for h in hit if h != ladder))
    for d in decisions:
        if d["decision"] == ladder:
            d["linked"] = hit
        elif d["decision"] in hit:
            d["linked"] = [*d["linked"], ladder]
        else:
            continue
        d["facts"] = Notes([*d["facts"], ("peak_month", month)], sep="=")


def _raise_dependencies(decisions: list[dict]) -> None:
    """A decision that must come first is at least as urgent as the one waiting for it."""
    by_id = {d["decision"]: d for d in decisions}
    changed = True
    while changed:
        changed = False
        for d in decisions:
            for dep in d["depends_on"]:
                if by_id[dep]["priority"] > d["priority"]:
                    by_id[dep]["priority"] = d["priority"]
                    changed = True


def recommendations(
    findings: pd.DataFrame,
    *,
    rules: Mapping | str | os.PathLike | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Decisions from the findings of every section: one row per subject and action.

    Parameters
    ----------
    findings
        Rows of `chananalysis.methods.findings.FINDING_COLUMNS` (the collectors' output,
        concatenated; ``finding`` ids unique).
    rules
        Decision rules (see `load_decision_rules`): ``None`` for the kit's YAML, a path,
        or a mapping.

    Returns
    -------
    decisions : pandas.DataFrame
        Columns `DECISION_COLUMNS`, ranked: by priority, then ``effect`` (largest first,
        none last), then ``exposure`` (largest first, none last: exposure is never
        added to effect nor compared with it), then the strength of the decision's
        strongest finding, then subject. ``rank`` numbers that order from 1.
    no_action : pandas.DataFrame
        Columns `NO_ACTION_COLUMNS`: every finding that needs no decision and why. Every
        finding is in exactly one decision's ``findings`` or here.

    Raises
    ------
    InputDataError
        Missing columns; duplicate finding ids; a finding whose kind has no rule; bad
        rules.

    Notes
    -----
    Findings join one decision when they share ``subject_kind``, ``subject`` and the
    family of their kind's rule; the strongest (lowest ``strength``) sets action, owner,
    mode, principle and source; the priority is the most urgent of them; the KPI is that
    of the finding with the lowest ``kpi_rank`` (by default the strongest), the horizon
    the shorter of the strongest's and the KPI's, at most 90 days at priority 1.
    ``effect`` and ``exposure`` are the sums of the findings' (each NaN when none has
    one). A dealer whose strongest finding has ``pool: true`` joins the decision of all
    such dealers (``subject_kind`` ``dealers``, ``members`` the dealers).
    Cross-section rules (``links``): ``invest_after_conflicts`` makes an investment in a
    channel depend on the channel's price-floor decision and on the decisions of the
    dealers diverting into the territories where it is dumped; ``rebate_cliff`` links
    the rebate ladder to the decisions of the dealers diverting in the peak month
    (fact ``peak_month``). A decision that another depends on takes at least its
    priority.

    References
    ----------
    docs/method.md §6.1–6.5; seed 001 六 (exit, deepen, 做大放小, then balance the conflicts
    of the channels kept); seed 004, 第五节 (six adjustment modes, four triggers, two
    integration principles: 妥善处理渠道冲突, 渠道增值); seed 003 (remedies of 窜货 by
    stage); seed 000 (定域、定人、定期).

    Examples
    --------
    >>> from chananalysis.methods.findings import FINDING_COLUMNS
    >>> rows = [("dealer_disqualified", "D017", math.nan, 4.012e6),
    ...         ("diversion", "D017", math.nan, math.nan),
    ...         ("stock_discrepancy", "D017", math.nan, math.nan),
    ...         ("stock_discrepancy", "D027", math.nan, math.nan)]
    >>> f = pd.DataFrame([{"finding": f"{k}:{s}:", "section": "03_dealer_evaluation", "kind": k,
    ...                    "subject_kind": "dealer", "subject": s, "detail": "", "value": 1.0,
    ...                    "effect": e, "effect_basis": "", "exposure": x,
    ...                    "exposure_basis": "dealer_sales" if x == x else "",
    ...                    "facts": Notes(sep="=")} for k, s, e, x in rows])
    >>> decisions, no_action = recommendations(f)
    >>> decisions[["priority", "subject", "action", "horizon_days", "kpi"]]
       priority      subject          action  horizon_days                kpi
    0         1         D017  replace_dealer            90     diversion_rate
    1         2  audit_stock     audit_stock            90  units_unexplained
    >>> decisions.loc[0, "kinds"], decisions.loc[1, "members"]
    (['dealer_disqualified', 'diversion', 'stock_discrepancy'], ['D027'])
    """
    missing = [c for c in FINDING_COLUMNS if c not in findings.columns]
    if missing:
        raise InputDataError(f"findings: missing column(s) {', '.join(missing)}")
    dup = findings["finding"][findings["finding"].duplicated()].unique()
    if len(dup):
        raise InputDataError(f"findings: finding id(s) used twice: {', '.join(map(str, dup))}")
    table = load_decision_rules(rules=rules)
    kinds = table["kinds"]
    unknown = sorted(set(findings["kind"]) - set(kinds))
    if unknown:
        raise InputDataError(
            f"findings: no decision rule for kind(s) {', '.join(unknown)}; add them to the rules"
        )
    quiet = findings["kind"].map(lambda k: kinds[k]["no_action"] is not None).astype(bool)
    acting = findings[~quiet]
    family = acting["kind"].map(lambda k: kinds[k]["family"])
    groups = acting.assign(_family=family).groupby(
        ["subject_kind", "subject", "_family"], sort=False
    )
    decisions = [_decision(key, g.drop(columns="_family"), kinds) for key, g in groups]
    decisions = _pooled(decisions, kinds)
    links = table["links"]
    if "invest_after_conflicts" in links:
        _link_invest(decisions, acting, links["invest_after_conflicts"])
    if "rebate_cliff" in links:
        _link_cliff(decisions, acting, links["rebate_cliff"])
    _raise_dependencies(decisions)
    frame = pd.DataFrame(decisions)
    if frame.empty:
        frame = pd.DataFrame(columns=[*DECISION_COLUMNS, "_strength"])
    frame = frame.assign(
        _effect=pd.to_numeric(frame["effect"]).fillna(-math.inf),
        _exposure=pd.to_numeric(frame["exposure"]).fillna(-math.inf),
    ).sort_values(
        ["priority", "_effect", "_exposure", "_strength", "subject"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    frame["rank"] = range(1, len(frame) + 1)
    out = frame[DECISION_COLUMNS].reset_index(drop=True)
    out = out.astype(
        {"priority": "int64", "horizon_days": "int64", "rank": "int64", "effect": "float64"}
    ).astype({"exposure": "float64", "kpi_target": "float64"})

    # the findings that need no decision, and why
    owner_of_kind: dict[str, str] = {}
    for d in out.itertuples():
        for k in d.kinds:
            owner_of_kind.setdefault(k, d.decision)
    rows = []
    for _, f in findings[quiet].iterrows():
        rule = kinds[f["kind"]]
        reason, by = rule["no_action"], ""
        if reason == "covered_by":
            by = next((owner_of_kind[k] for k in rule["covered_by"] if k in owner_of_kind), "")
            reason = "covered_by" if by else "informational"
        rows.append(
            {
                "finding": f["finding"],
                "kind": f["kind"],
                "subject": f["subject"],
                "reason": reason,
                "covered_by": by,
            }
        )
    return out, pd.DataFrame(rows, columns=NO_ACTION_COLUMNS)
