"""Integration recommendations (docs/method.md §6, seeds 001 and 004): every finding of the other
sections, with its numbers and its money, mapped to an action, one of seed 004's six
adjustment modes and one of its two integration principles, and prioritised by rules
that are data (``templates/recommendations/priorities.yaml``).

Findings come from small collectors, one per area (`channel_findings`,
`dealer_findings`, `conflict_rows`, `diagnosis_findings`), each returning rows of
`FINDING_COLUMNS`; `recommendations` ranks them. ``facts`` holds the numbers and names
each finding states, as ``(key, value)`` pairs (a `chananalysis.methods.notes.Notes`
whose ``str()`` is ``key=value; …``), so the report can word it in either language.

Examples
--------
>>> f = pd.DataFrame({"area": ["channels", "conflict"], "kind": ["channel_exit", "diversion"],
...                   "subject": ["便利连锁", "D017"], "value": [-480_000.0, 63_264.0],
...                   "amount": [480_000.0, 1_265_280.0], "basis": ["loss_stopped", "fines"],
...                   "facts": [Notes(sep="="), Notes(sep="=")]})
>>> recommendations(f)[["priority", "kind", "subject", "action", "mode"]]
   priority          kind subject                   action       mode
0         1     diversion    D017  fine_and_stop_diversion     policy
1         1  channel_exit    便利连锁             exit_channel  structure
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.adjustment import MODES, PRINCIPLES
from chananalysis.methods.notes import Notes
from chananalysis.resources import parse_yaml

__all__ = [
    "DEFAULT_DEEPEN_UPLIFT",
    "DEFAULT_PER_KIND",
    "DEFAULT_TERMINAL_BELOW",
    "FINDING_COLUMNS",
    "MODES",
    "PRINCIPLES",
    "channel_findings",
    "conflict_rows",
    "dealer_findings",
    "diagnosis_findings",
    "load_priority_rules",
    "recommendations",
]

#: Columns of every collector's rows.
FINDING_COLUMNS = ["area", "kind", "subject", "value", "amount", "basis", "facts"]
#: Sales growth assumed from deepening a channel (for its money at stake).
DEFAULT_DEEPEN_UPLIFT = 0.10
#: Conflict findings of one kind that become recommendations (the largest).
DEFAULT_PER_KIND = 5
#: Terminal coverage below which a territory is a finding.
DEFAULT_TERMINAL_BELOW = 0.5
_RULE_KEYS = {"priority", "escalate", "action", "mode", "principle", "section", "seed"}
_OUT = [
    "priority",
    "area",
    "kind",
    "subject",
    "value",
    "amount",
    "basis",
    "action",
    "mode",
    "principle",
    "section",
    "seed",
    "facts",
]


def _default_rules_path() -> Path:
    from chananalysis.resources import resource_dir

    return resource_dir("templates") / "recommendations" / "priorities.yaml"


def _facts(**values: object) -> Notes:
    """``(key, value)`` pairs for the wording (``str()``: ``key=value; …``); floats kept
    exact, lists joined by ``|``, None and NaN left out."""
    out = []
    for k, v in values.items():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if isinstance(v, list | tuple):
            v = "|".join(str(x) for x in v)
        out.append((k, f"{v}"))
    return Notes(out, sep="=")


def _rows(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return frame.astype({"value": "float64", "amount": "float64"})


# --- rules ---------------------------------------------------------------------------------


def load_priority_rules(
    *,
    rules: Mapping | str | os.PathLike | None = None,
) -> dict[str, dict]:
    """The priority rules: a mapping kind → rule, read from YAML or given as a mapping.

    Parameters
    ----------
    rules
        ``None`` (the kit's ``templates/recommendations/priorities.yaml``), a path to a
        YAML file of the same shape, or the mapping itself.

    Returns
    -------
    dict
        kind → {``priority`` (1–3), ``escalate`` ({``amount_over``: number} or None),
        ``action``, ``mode`` (one of `MODES`), ``principle`` (one of `PRINCIPLES`),
        ``section``, ``seed``}.

    Raises
    ------
    InputDataError
        An unreadable file; a rule with an unknown key, a priority outside 1–3, an
        unknown mode or principle, or a missing action.

    References
    ----------
    docs/method.md §6: "priority rules are data (YAML)"; seed 004, 分销渠道调整的方式 (the six
    modes) and 渠道整合 (the two principles).

    Examples
    --------
    >>> rules = load_priority_rules()
    >>> rules["diversion"]["mode"], rules["channel_exit"]["priority"]
    ('policy', 1)
    """
    if rules is None or isinstance(rules, str | os.PathLike):
        import yaml

        path = Path(rules) if rules is not None else _default_rules_path()
        try:
            with open(path, encoding="utf-8") as fh:
                raw = parse_yaml(fh) or {}
        except (OSError, yaml.YAMLError) as err:
            raise InputDataError(f"priority rules: cannot read {path} ({err})") from err
        where = str(path)
    else:
        raw, where = rules, "priority rules"
    if not isinstance(raw, Mapping):
        raise InputDataError(f"{where}: expected a mapping kind -> rule")
    out = {}
    for kind, rule in raw.items():
        if not isinstance(rule, Mapping):
            raise InputDataError(f"{where}, {kind}: expected a mapping, got {shown(rule)}")
        unknown = set(rule) - _RULE_KEYS
        if unknown:
            raise InputDataError(
                f"{where}, {kind}: unknown key(s) {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(_RULE_KEYS))}"
            )
        priority = rule.get("priority")
        if priority not in (1, 2, 3):
            raise InputDataError(f"{where}, {kind}: priority {shown(priority)} is not 1, 2 or 3")
        if rule.get("mode") not in MODES:
            raise InputDataError(
                f"{where}, {kind}: mode {shown(rule.get('mode'))} is not one of {', '.join(MODES)}"
            )
        if rule.get("principle") not in PRINCIPLES:
            raise InputDataError(
                f"{where}, {kind}: principle {shown(rule.get('principle'))} is not one of "
                f"{', '.join(PRINCIPLES)}"
            )
        if not isinstance(rule.get("action"), str) or not rule["action"]:
            raise InputDataError(f"{where}, {kind}: no action")
        escalate = rule.get("escalate")
        if escalate is not None and not (
            isinstance(escalate, Mapping)
            and set(escalate) == {"amount_over"}
            and isinstance(escalate["amount_over"], int | float)
        ):
            raise InputDataError(
                f"{where}, {kind}: escalate must be {{amount_over: number}}; got {shown(escalate)}"
            )
        out[str(kind)] = {
            "priority": int(priority),
            "escalate": dict(escalate) if escalate else None,
            "action": rule["action"],
            "mode": rule["mode"],
            "principle": rule["principle"],
            "section": str(rule.get("section", "")),
            "seed": str(rule.get("seed", "")),
        }
    return out


# --- collectors ----------------------------------------------------------------------------


def channel_findings(
    judgement: pd.DataFrame,
    *,
    sensitivity: pd.DataFrame | None = None,
    deepen_uplift: float = DEFAULT_DEEPEN_UPLIFT,
) -> pd.DataFrame:
    """Findings of the channel judgement: exits, costly exits, channels to nurture, to
    deepen and to optimise, and actions that are fragile under the weights.

    Parameters
    ----------
    judgement
        `chananalysis.methods.judgement.channel_judgement` (index channel: ``action``,
        ``reason``, ``growth``, ``contribution``, ``fixed_cost``, ``exit_loss``).
    sensitivity
        `chananalysis.weight_sensitivity` (``p_action``, ``fragile``), optional.
    deepen_uplift
        **Decision:** the sales growth assumed from deepening a channel (10 %), for the
        contribution it would add at the channel's own contribution margin.

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`. Money: an exit stops a loss (−contribution, basis
        ``loss_stopped``) or, when the channel still contributes, would lose that
        contribution (``contribution_lost``, kind ``channel_exit_costly``); nurturing
        protects the contribution (``contribution_protected``); deepening adds
        ``deepen_uplift`` × (contribution + fixed cost) (``uplift``).

    References
    ----------
    Seed 001, 六 (the exit, 做大放小 and 做深做透 rules); docs/method.md §6 (培育观察, the flag on
    exits that lose contribution).

    Examples
    --------
    >>> j = pd.DataFrame({"action": ["exit", "deepen"], "reason": ["", ""],
    ...                   "growth": [-0.1, 0.07], "contribution": [-480_000.0, 38_300_000.0],
    ...                   "fixed_cost": [3_700_000.0, 3_100_000.0],
    ...                   "exit_loss": [0.0, 0.0]},
    ...                  index=pd.Index(["便利连锁", "流通批发"], name="channel"))
    >>> channel_findings(j)[["kind", "subject", "amount", "basis"]]
                kind subject     amount          basis
    0   channel_exit    便利连锁   480000.0   loss_stopped
    1  channel_deepen    流通批发  4140000.0  uplift:0.10
    """
    rows = []
    for channel, j in judgement.iterrows():
        d, action = float(j["contribution"]), j["action"]
        facts = dict(contribution=d, growth=j.get("growth"), reason=j.get("reason") or None)
        if action == "exit" and d <= 0:
            rows.append(dict(kind="channel_exit", value=d, amount=-d, basis="loss_stopped"))
        elif action == "exit":
            rows.append(
                dict(kind="channel_exit_costly", value=d, amount=d, basis="contribution_lost")
            )
        elif action == "nurture":
            rows.append(
                dict(
                    kind="channel_nurture",
                    value=d,
                    amount=d if d > 0 else math.nan,
                    basis="contribution_protected" if d > 0 else "",
                )
            )
        elif action == "deepen":
            gain = deepen_uplift * (d + float(j["fixed_cost"]))
            rows.append(
                dict(
                    kind="channel_deepen", value=d, amount=gain, basis=f"uplift:{deepen_uplift:.2f}"
                )
            )
        else:
            rows.append(dict(kind="channel_optimize", value=d, amount=math.nan, basis=""))
        rows[-1].update(area="channels", subject=str(channel), facts=_facts(**facts))
    if sensitivity is not None and "fragile" in sensitivity:
        for channel, s in sensitivity[sensitivity["fragile"].astype(bool)].iterrows():
            rows.append(
                dict(
                    area="channels",
                    kind="fragile_action",
                    subject=str(channel),
                    value=float(s["p_action"]),
                    amount=math.nan,
                    basis="",
                    facts=_facts(action=s["action"], p_action=float(s["p_action"])),
                )
            )
    return _rows(rows)


def dealer_findings(
    league: pd.DataFrame,
    *,
    big_weak: pd.DataFrame | None = None,
    sales: pd.Series | None = None,
) -> pd.DataFrame:
    """Findings of the star-dealer scorecard: disqualified dealers, big-but-weak dealers
    (those not already disqualified), and the five-star dealers to reward (one row).

    Parameters
    ----------
    league
        The scorecard league (index dealer: ``total``, ``stars``, ``disqualified``,
        ``veto_count``).
    big_weak
        The big-but-weak dealers (same columns), optional.
    sales
        Each dealer's sales of the client's products (``dealer_kpis.actual_sales``): the
        money at stake when a dealer must be replaced or improved (basis
        ``dealer_sales``).

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`.

    References
    ----------
    Seed 002, Table 1-1 (否定指标: disqualified), 一(一) 大未必美, 二(二) 星级经销商.

    Examples
    --------
    >>> league = pd.DataFrame({"total": [112.1, 66.7], "stars": [5, 0],
    ...                        "disqualified": [False, True], "veto_count": [0, 4]},
    ...                       index=pd.Index(["D052", "D017"], name="dealer"))
    >>> dealer_findings(league, sales=pd.Series({"D052": 1.4e6, "D017": 8.5e6}))[
    ...     ["kind", "subject", "amount"]]
                      kind subject     amount
    0  dealer_disqualified    D017  8500000.0
    1         dealer_stars    D052        NaN
    """
    sales = sales if sales is not None else pd.Series(dtype="float64")
    rows = []
    groups = [("dealer_disqualified", league[league["disqualified"].astype(bool)], "veto_count")]
    if big_weak is not None:  # a disqualified dealer's recommendation already covers it
        weak = big_weak[~big_weak.index.isin(groups[0][1].index)]
        groups.append(("dealer_big_weak", weak, "stars"))
    for kind, frame, extra in groups:
        for dealer, r in frame.iterrows():
            rows.append(
                dict(
                    kind=kind,
                    subject=str(dealer),
                    value=float(r["total"]),
                    amount=float(sales.get(dealer, math.nan)),
                    facts=_facts(total=float(r["total"]), **{extra: int(r[extra])}),
                )
            )
    stars = league[(league["stars"] == 5) & ~league["disqualified"].astype(bool)]
    if len(stars):
        rows.append(
            dict(
                kind="dealer_stars",
                subject="|".join(map(str, stars.index)),
                value=float(len(stars)),
                amount=math.nan,  # a reward, not money at stake
                facts=_facts(n=len(stars)),
            )
        )
    for r in rows:
        r.update(area="dealers", basis="dealer_sales" if not math.isnan(r["amount"]) else "")
    return _rows(rows)


def conflict_rows(findings: pd.DataFrame, *, per_kind: int = DEFAULT_PER_KIND) -> pd.DataFrame:
    """Findings of the conflict review (`chananalysis.methods.conflict.conflict_findings`),
    at most ``per_kind`` of each kind (the largest), the rest counted in the last one's
    facts (``more=n``).

    Parameters
    ----------
    findings
        The conflict review's findings: ``kind``, ``type``, ``subject``, ``level``,
        ``units``, ``amount``, ``days``.
    per_kind
        How many findings of one kind become recommendations (5).

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`; money: the fines of a diversion (``fines``), the
        exposure of an arbitrage pair (``gap_times_volume``).

    References
    ----------
    Seed 003 (窜货 cases, 级差价格), seed 000 (定域、定人、定期), seed 004 (conflict types).

    Examples
    --------
    >>> f = pd.DataFrame({"kind": ["overlap"], "type": ["horizontal"], "subject": ["郑州 · 酱料"],
    ...                   "level": [None], "units": [None], "amount": [None], "days": [91.0]})
    >>> conflict_rows(f)[["kind", "subject", "value"]]
          kind  subject  value
    0  overlap  郑州 · 酱料   91.0
    """
    basis = {"diversion": "fines", "arbitrage": "gap_times_volume"}
    rows = []
    for kind, group in findings.groupby("kind", sort=False):
        value_col = "days" if kind in ("overlap", "blind_spot") else "units"
        order = group.assign(
            _money=pd.to_numeric(group["amount"], errors="coerce").fillna(0),
            _value=pd.to_numeric(group[value_col], errors="coerce").fillna(0),
        ).sort_values(["_money", "_value"], ascending=False, kind="stable")
        kept = order.head(per_kind)
        for i, (_, f) in enumerate(kept.iterrows()):
            amount = pd.to_numeric(pd.Series([f["amount"]]), errors="coerce").iloc[0]
            money = float(amount) if pd.notna(amount) and amount > 0 else math.nan
            more = len(order) - len(kept) if i == len(kept) - 1 else 0
            rows.append(
                dict(
                    area="conflict",
                    kind=str(kind),
                    subject=str(f["subject"]),
                    value=float(pd.to_numeric(pd.Series([f[value_col]]), errors="coerce").iloc[0]),
                    amount=money,
                    basis=basis.get(kind, "") if not math.isnan(money) else "",
                    facts=_facts(type=f["type"], level=f["level"] or None, more=more or None),
                )
            )
    return _rows(rows)


def diagnosis_findings(
    *,
    risk: pd.DataFrame | None = None,
    stock_by_dealer: pd.DataFrame | None = None,
    rebate_saving: float | None = None,
    near_cliffs: int = 0,
    counties: pd.DataFrame | None = None,
    terminals_by_territory: pd.DataFrame | None = None,
    terminal_below: float = DEFAULT_TERMINAL_BELOW,
) -> pd.DataFrame:
    """Findings of the diagnosis: dealers at high credit risk, stock that does not
    reconcile, the rebate ladder's cliffs, territories nobody covers, territories whose
    terminal coverage is low. Every input is optional (keyword-only for that reason).

    Parameters
    ----------
    risk
        `chananalysis.methods.financials.financial_health` ``risk`` (index dealer:
        ``risk``, ``flags``, ``flagged``, ``accounts_receivable``).
    stock_by_dealer
        `chananalysis.methods.stockflow.stock_reconciliation` ``by_dealer``.
    rebate_saving
        Whole-volume rebates minus the same ladder paid marginally, this period.
    near_cliffs
        Dealers standing just below a rebate threshold.
    counties
        `chananalysis.methods.coverage.coverage` ``counties`` (``covered``).
    terminals_by_territory
        Its ``by_territory`` (``terminal_rate``).
    terminal_below
        **Decision:** terminal coverage below which a territory is a finding (50 %).

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`; money: receivables of a high-risk dealer
        (``receivables``), the rebate saving (``whole_minus_marginal``).

    References
    ----------
    Seed 004, 五 (financial evaluation), 返利; seed 003, 控制风险原则; seed 000 (进销存,
    county and terminal coverage).

    Examples
    --------
    >>> risk = pd.DataFrame({"risk": ["high", "sound"], "flags": [3, 0],
    ...                      "flagged": [Notes(["current_ratio", "debt_to_equity", "roe"]),
    ...                                  Notes()],
    ...                      "accounts_receivable": [238_300.0, 50_000.0]},
    ...                     index=pd.Index(["D018", "D001"], name="dealer"))
    >>> diagnosis_findings(risk=risk, rebate_saving=630_000.0)[["kind", "subject", "amount"]]
              kind subject    amount
    0  credit_risk    D018  238300.0
    1  rebate_cliffs           630000.0
    """
    rows = []
    if risk is not None:
        for dealer, r in risk[risk["risk"] == "high"].iterrows():
            ar = float(r["accounts_receivable"])
            rows.append(
                dict(
                    kind="credit_risk",
                    subject=str(dealer),
                    value=float(r["flags"]),
                    amount=ar if not math.isnan(ar) else math.nan,
                    basis="receivables" if not math.isnan(ar) else "",
                    facts=_facts(flagged="|".join(r["flagged"].codes)),
                )
            )
    if stock_by_dealer is not None:
        bad = stock_by_dealer[stock_by_dealer["units_unexplained"] > 0]
        for dealer, r in bad.iterrows():
            rows.append(
                dict(
                    kind="stock_discrepancy",
                    subject=str(dealer),
                    value=float(r["units_unexplained"]),
                    amount=math.nan,
                    basis="",
                    facts=_facts(mismatches=int(r["mismatches"])),
                )
            )
    if rebate_saving is not None and rebate_saving > 0:
        rows.append(
            dict(
                kind="rebate_cliffs",
                subject="",
                value=float(near_cliffs),
                amount=float(rebate_saving),
                basis="whole_minus_marginal",
                facts=_facts(near=int(near_cliffs)),
            )
        )
    if counties is not None:
        for territory in counties.index[~counties["covered"].astype(bool)]:
            rows.append(
                dict(
                    kind="county_gap",
                    subject=str(territory),
                    value=math.nan,
                    amount=math.nan,
                    basis="",
                    facts=Notes(sep="="),
                )
            )
    if terminals_by_territory is not None:
        rates = terminals_by_territory["terminal_rate"].dropna()
        low = rates[rates < terminal_below].sort_values()
        if len(low):
            rows.append(
                dict(
                    kind="terminal_gap",
                    subject="|".join(map(str, low.index)),
                    value=float(low.iloc[0]),
                    amount=math.nan,
                    basis="",
                    facts=_facts(n=len(low), below=terminal_below),
                )
            )
    for r in rows:
        r["area"] = (
            "stock"
            if r["kind"] == "stock_discrepancy"
            else ("finance" if r["kind"] in ("credit_risk", "rebate_cliffs") else "coverage")
        )
    return _rows(rows)


# --- ranking -------------------------------------------------------------------------------


def recommendations(
    findings: pd.DataFrame,
    *,
    rules: Mapping | str | os.PathLike | None = None,
) -> pd.DataFrame:
    """One prioritised table of recommendations from the findings of every section.

    Parameters
    ----------
    findings
        Rows of `FINDING_COLUMNS` (the collectors' output, concatenated).
    rules
        Priority rules (see `load_priority_rules`): ``None`` for the kit's YAML, a path,
        or a mapping.

    Returns
    -------
    pandas.DataFrame
        RangeIndex, columns ``priority`` (1 act now, 2 this year, 3 watch), ``area``,
        ``kind``, ``subject``, ``value``, ``amount`` (money at stake; NaN when the
        finding has no money), ``basis`` (the assumption behind the amount), ``action``,
        ``mode``, ``principle``, ``section``, ``seed``, ``facts``. Sorted by priority,
        then amount (largest first, none last), then the rules' order of kinds, then the
        size of the finding (``|value|``, largest first), then subject.

    Raises
    ------
    InputDataError
        A finding whose kind has no rule; missing columns; bad rules.

    Notes
    -----
    Priority = the rule's ``priority``, one step higher (never above 1) when the rule
    has ``escalate: {amount_over: N}`` and the amount exceeds N.

    References
    ----------
    docs/method.md §6; seed 001 (exit, deepen, 做大放小; then balance the conflicts between the
    channels kept); seed 004 (six adjustment modes, four triggers, two principles).

    Examples
    --------
    A diversion fined 1,265,280 escalates from priority 2 (over 100,000):

    >>> f = pd.DataFrame({"area": ["conflict"], "kind": ["diversion"], "subject": ["D017"],
    ...                   "value": [63_264.0], "amount": [1_265_280.0], "basis": ["fines"],
    ...                   "facts": [Notes(sep="=")]})
    >>> recommendations(f)[["priority", "action", "principle"]]
       priority                   action        principle
    0         1  fine_and_stop_diversion  handle_conflict
    """
    missing = [c for c in FINDING_COLUMNS if c not in findings.columns]
    if missing:
        raise InputDataError(f"findings: missing column(s) {', '.join(missing)}")
    table = load_priority_rules(rules=rules)
    unknown = sorted(set(findings["kind"]) - set(table))
    if unknown:
        raise InputDataError(
            f"findings: no priority rule for kind(s) {', '.join(unknown)}; add them to the rules"
        )
    order = {k: i for i, k in enumerate(table)}
    out = findings[FINDING_COLUMNS].copy().reset_index(drop=True)
    rule = out["kind"].map(table)
    base = rule.map(lambda r: r["priority"])
    over = [
        r["escalate"] is not None and pd.notna(a) and a > r["escalate"]["amount_over"]
        for r, a in zip(rule, out["amount"], strict=True)
    ]
    out["priority"] = (base - pd.Series(over, dtype="int64")).clip(lower=1).astype("int64")
    for key in ("action", "mode", "principle", "section", "seed"):
        out[key] = rule.map(lambda r, key=key: r[key])
    out["_order"] = out["kind"].map(order)
    out["_money"] = out["amount"].fillna(-1.0)
    out["_value"] = out["value"].abs().fillna(-1.0)
    out = out.sort_values(
        ["priority", "_money", "_order", "_value", "subject"],
        ascending=[True, False, True, False, True],
        kind="stable",
    )
    return out[_OUT].reset_index(drop=True)
