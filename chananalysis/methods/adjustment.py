"""Channel adjustment triggers — 分销渠道调整的时机 (docs/method.md §6, seed 004 三、渠道调整).

Seed 004 names six ways to adjust a channel system (调整方式, `MODES`), four moments that
call for it (调整时机, `TRIGGERS`) and two principles any integration must follow (整合原则,
`PRINCIPLES`). `adjustment_triggers` checks the four moments against what a client's
data show — complaints, achievement of target, terminal and county coverage, diversion,
authorisation gaps — and says for each whether it is met, with its numbers, the modes
the seed's logic suggests and the principle that governs the change. Evidence leaves as
machine-readable codes; the report words them.

Examples
--------
>>> t = adjustment_triggers(strategy_changed=True)
>>> t.loc["strategy", ["status", "evidence", "modes"]].map(str).tolist()
['met', 'strategy_changed=yes', 'rebuild; structure']
>>> t["status"].tolist()
['unknown', 'unknown', 'unknown', 'met']
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import (
    as_table,
    blank_cells,
    is_number,
    need_columns,
    numbers,
    unique_text,
    where,
)
from chananalysis.methods.notes import Notes

__all__ = [
    "COMPLAINT_COLUMNS",
    "MODES",
    "PRINCIPLES",
    "TRIGGERS",
    "TRIGGER_MODES",
    "TRIGGER_PRINCIPLES",
    "TRIGGER_RULES",
    "InputDataError",
    "adjustment_triggers",
    "evidence_pairs",
]

#: The six adjustment modes of seed 004 (分销渠道调整的方式), in the seed's order:
#: 调整分销渠道结构, 调整渠道中的代理方式, 调整渠道政策, 调整渠道成员关系,
#: 调整区域市场的渠道结构, 重组和更新整个渠道体系.
MODES = ("structure", "agency", "policy", "member_relations", "regional", "rebuild")
#: The four adjustment triggers of seed 004 (分销渠道调整的时机), in the seed's order:
#: 消费者对渠道服务产出的不满意有上升趋势, 企业的分销渠道没有被充分利用,
#: 企业渠道的辐射力与控制力不足, 企业的营销战略改变对渠道提出了新的要求.
TRIGGERS = ("dissatisfaction", "underused", "reach_control", "strategy")
#: The two integration principles of seed 004 (渠道整合): 妥善处理渠道冲突的原则, 渠道增值原则.
PRINCIPLES = ("handle_conflict", "add_value")

#: Thresholds of the triggers (Decisions, docs/method.md §6; override any through ``rules=``).
#: ``complaints_per_dealer`` and ``hq_share`` are "exceeds" limits, the others "below".
TRIGGER_RULES: dict[str, float] = {
    "complaints_per_dealer": 2.0,
    "hq_share": 0.10,
    "achievement_below": 0.90,
    "terminal_coverage_below": 0.60,
    "county_coverage_below": 0.95,
}
#: Modes the seed's logic suggests for each trigger, most direct first.
TRIGGER_MODES: dict[str, tuple[str, ...]] = {
    "dissatisfaction": ("member_relations", "policy"),
    "underused": ("structure", "policy"),
    "reach_control": ("regional", "structure"),
    "strategy": ("rebuild", "structure"),
}
#: The integration principle that governs each trigger's adjustment.
TRIGGER_PRINCIPLES: dict[str, str] = {
    "dissatisfaction": "add_value",
    "underused": "add_value",
    "reach_control": "handle_conflict",
    "strategy": "add_value",
}
#: Columns of ``dealer_kpis`` counted as customer dissatisfaction (counts per dealer for
#: the year): complaints at office, branch and head-office level, late deliveries and
#: late exchanges (star scorecard, docs/method.md §2.1).
COMPLAINT_COLUMNS = (
    "complaints_office",
    "complaints_branch",
    "complaints_hq",
    "late_deliveries",
    "late_exchanges",
)

_OUTLET_COLUMNS = ("active_outlets", "outlets_in_area")
_SEVERITIES = ("normal", "watch", "dangerous")  # diversion.SEVERITY_LEVELS
_COLUMNS = ["status", "evidence", "basis", "modes", "principle"]
#: Values within this of a threshold count as on it (float noise, not a decision).
_EPS = 1e-9

# rule -> (what it must be, the test)
_RULE_CHECKS = {
    "complaints_per_dealer": ("a number ≥ 0", lambda v: v >= 0),
    "hq_share": ("a share in [0, 1]", lambda v: 0 <= v <= 1),
    "achievement_below": ("a number > 0 (0.9 = 90 % of target)", lambda v: v > 0),
    "terminal_coverage_below": ("a share in [0, 1]", lambda v: 0 <= v <= 1),
    "county_coverage_below": ("a share in [0, 1]", lambda v: 0 <= v <= 1),
}


def _num(x: float) -> str:
    """A number as evidence shows it: at most three decimals, no trailing zeros."""
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _rules(rules: Mapping[str, object] | None) -> dict[str, float]:
    out = dict(TRIGGER_RULES)
    if rules is None:
        return out
    if not isinstance(rules, Mapping):
        raise InputDataError(
            f"rules: expected a mapping of rule names to numbers, e.g. "
            f"{{'achievement_below': 0.95}}; got {shown(rules)}"
        )
    for key, value in rules.items():
        if key not in TRIGGER_RULES:
            raise InputDataError(
                f"rules: {shown(key)} is not a rule; expected one of {', '.join(TRIGGER_RULES)}"
            )
        what, ok = _RULE_CHECKS[key]
        if not is_number(value) or not math.isfinite(float(value)) or not ok(float(value)):
            raise InputDataError(f"rules, {key}: {shown(value)} is not {what}")
        out[key] = float(value)
    return out


def _who(frame: pd.DataFrame, col: str) -> tuple[str, ...]:
    """The column naming a row in messages: its dealer, else its channel."""
    return next(((k,) for k in ("dealer", "channel") if k in frame.columns and k != col), ())


def _non_negative(frame: pd.DataFrame, table: str, col: str) -> np.ndarray:
    """A column of numbers ≥ 0 as floats; blanks NaN, anything else refused."""
    return numbers(frame, table, col, keys=_who(frame, col))


def _dissatisfaction(kpis: pd.DataFrame | None, r: dict[str, float]) -> tuple[str, list[str]]:
    if kpis is None:
        return "unknown", ["no_input"]
    present = [c for c in COMPLAINT_COLUMNS if c in kpis.columns]
    notes: list[str] = []
    measures: list[tuple[str, float, bool]] = []  # (code, value, fired)
    if present:
        values = np.column_stack([_non_negative(kpis, "dealer_kpis", c) for c in present])
        known = ~np.isnan(values).all(axis=1)
        if known.any():
            per_dealer = float(np.nansum(values[known])) / int(known.sum())
            fired = per_dealer > r["complaints_per_dealer"] + _EPS
            measures.append(("complaints_per_dealer", per_dealer, fired))
    if not measures:
        notes.append("no_data:complaints_per_dealer")
    hq = _non_negative(kpis, "dealer_kpis", "complaints_hq") if "complaints_hq" in present else None
    if hq is not None and (~np.isnan(hq)).any():
        given = hq[~np.isnan(hq)]
        share = float((given > 0).sum()) / len(given)
        measures.append(("hq_share", share, share > r["hq_share"] + _EPS))
    else:
        notes.append("no_data:hq_share")
    return _verdict(measures, notes)


def _verdict(measures: list[tuple[str, float | str, bool]], notes: list[str]) -> tuple[str, list]:
    """Status and evidence: met → the measures that fired; not met → every measure."""

    def item(code: str, value: float | str) -> str:
        return f"{code}={value if isinstance(value, str) else _num(value)}"

    if not measures:
        return "unknown", notes
    fired = [item(c, v) for c, v, f in measures if f]
    if fired:
        return "met", fired + notes
    return "not_met", [item(c, v) for c, v, _ in measures] + notes


def _channels(channels: pd.DataFrame, r: dict[str, float]) -> tuple[list, list[str]]:
    t = as_table(channels, "channels")
    need_columns(t, "channels", ["channel", "sales", "target"])
    names = unique_text(
        t,
        "channels",
        "channel",
        blank="blank; expected a name",
        repeats="{value} repeats; expected one row per channel",
        keys=_who(t, "channel"),
    ).to_numpy(dtype=object)
    sales = _non_negative(t, "channels", "sales")
    target = _non_negative(t, "channels", "target")
    no_target = np.isnan(target) | (target == 0)
    no_sales = np.isnan(sales) & ~no_target
    ach = sales / np.where(no_target, np.nan, target)
    notes = []
    if no_target.any():
        notes.append("no_target=" + ",".join(names[no_target]))
    if no_sales.any():
        notes.append("no_sales=" + ",".join(names[no_sales]))
    known = ~np.isnan(ach)
    if not known.any():
        return [], notes
    order = np.argsort(np.where(known, ach, np.inf), kind="stable")
    below = [i for i in order if known[i] and ach[i] < r["achievement_below"] - _EPS]
    if below:
        text = ",".join(f"{names[i]}:{_num(ach[i])}" for i in below)
        return [("below_target", text, True)], notes
    low = int(order[0])
    return [("lowest_achievement", f"{names[low]}:{_num(ach[low])}", False)], notes


def _terminals(kpis: pd.DataFrame, r: dict[str, float]) -> tuple[list, list[str]]:
    if not any(c in kpis.columns for c in _OUTLET_COLUMNS):
        return [], []
    need_columns(kpis, "dealer_kpis", list(_OUTLET_COLUMNS))
    active = _non_negative(kpis, "dealer_kpis", "active_outlets")
    universe = _non_negative(kpis, "dealer_kpis", "outlets_in_area")
    known = ~np.isnan(active) & ~np.isnan(universe) & (np.nan_to_num(universe) > 0)
    den = float(universe[known].sum())
    if den <= 0:
        return [], ["no_denominator:terminal_coverage"]
    rate = float(active[known].sum()) / den
    return [("terminal_coverage", rate, rate < r["terminal_coverage_below"] - _EPS)], []


def _underused(
    channels: pd.DataFrame | None, kpis: pd.DataFrame | None, r: dict[str, float]
) -> tuple[str, list[str]]:
    if channels is None and (kpis is None or not any(c in kpis for c in _OUTLET_COLUMNS)):
        return "unknown", ["no_input"]
    measures: list = []
    notes: list[str] = []
    if channels is not None:
        m, n = _channels(channels, r)
        measures += m
        notes += n
    if kpis is not None:
        m, n = _terminals(kpis, r)
        measures += m
        notes += n
    return _verdict(measures, notes)


def _dangerous(by_dealer: pd.DataFrame) -> tuple[list, list[str]]:
    t = as_table(by_dealer, "diversion_by_dealer")
    need_columns(t, "diversion_by_dealer", ["severity"])
    raw = t["severity"]
    blank = blank_cells(raw)
    text = raw.astype("str").str.strip().to_numpy(dtype=object)
    bad = ~blank & ~np.isin(text, _SEVERITIES)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputDataError(
            f"{where(t, 'diversion_by_dealer', 'severity', i, keys=_who(t, 'severity'))}: "
            f"{shown(raw.iloc[i])} is not a severity; expected one of "
            f"{', '.join(_SEVERITIES)} or blank"
        )
    if blank.all():
        return [], ["no_data:diversion"]
    ids = t["dealer"] if "dealer" in t.columns else pd.Series(t.index, index=t.index)
    hit = text == "dangerous"
    if hit.any():
        return [("dangerous_dealers", ",".join(str(d) for d in ids[hit]), True)], []
    return [("dangerous_dealers", "none", False)], []


def _reach_control(
    county_rate: float | None,
    by_dealer: pd.DataFrame | None,
    overlaps: int | None,
    blind_spots: int | None,
    r: dict[str, float],
) -> tuple[str, list[str]]:
    if county_rate is None and by_dealer is None and overlaps is None and blind_spots is None:
        return "unknown", ["no_input"]
    measures: list = []
    notes: list[str] = []
    if county_rate is not None:
        if not is_number(county_rate) or not (
            math.isnan(float(county_rate)) or 0 <= float(county_rate) <= 1
        ):
            raise InputDataError(
                f"county_rate: {shown(county_rate)} is not a share in [0, 1] "
                f"(counties covered / counties in scope)"
            )
        rate = float(county_rate)
        if math.isnan(rate):
            notes.append("no_data:county_coverage")
        else:
            fired = rate < r["county_coverage_below"] - _EPS
            measures.append(("county_coverage", rate, fired))
    if by_dealer is not None:
        m, n = _dangerous(by_dealer)
        measures += m
        notes += n
    for name, value in (("overlaps", overlaps), ("blind_spots", blind_spots)):
        if value is None:
            continue
        if not is_number(value) or not math.isfinite(float(value)) or float(value) < 0:
            raise InputDataError(f"{name}: {shown(value)} is not a count ≥ 0")
        if not float(value).is_integer():
            raise InputDataError(f"{name}: {shown(value)} is not a whole number")
        count = int(value)
        measures.append((name, str(count), count > 0))
    return _verdict(measures, notes)


def _strategy(strategy_changed: bool | None) -> tuple[str, list[str]]:
    if strategy_changed is None:
        return "unknown", ["ask_client"]
    if not isinstance(strategy_changed, bool | np.bool_):
        raise InputDataError(
            f"strategy_changed: {shown(strategy_changed)} is not True, False or None "
            f"(None: not asked yet)"
        )
    if strategy_changed:
        return "met", ["strategy_changed=yes"]
    return "not_met", ["strategy_changed=no"]


def adjustment_triggers(
    *,
    channels: pd.DataFrame | None = None,
    kpis: pd.DataFrame | None = None,
    county_rate: float | None = None,
    diversion_by_dealer: pd.DataFrame | None = None,
    overlaps: int | None = None,
    blind_spots: int | None = None,
    strategy_changed: bool | None = None,
    rules: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Check seed 004's four channel-adjustment triggers (调整时机) against a client.

    Every argument is keyword-only: none is required (each feeds one or two triggers, and
    a trigger with no input is ``unknown``), so no table is "the data" of the call. This
    is the one exception to the kit's rule that the data are positional.

    Parameters
    ----------
    channels
        The ``channels`` sheet: ``channel, sales, target`` (one row per channel). For
        ``underused``: achievement of target = sales / target.
    kpis
        The ``dealer_kpis`` sheet (one row per dealer). The complaint columns present of
        `COMPLAINT_COLUMNS` (``complaints_office, complaints_branch, complaints_hq,
        late_deliveries, late_exchanges``, counts for the year) feed ``dissatisfaction``;
        ``active_outlets, outlets_in_area`` (both, when either is there) feed
        ``underused`` (terminal coverage).
    county_rate
        County coverage (县级市场分销覆盖率), counties covered / counties in scope, as
        ``coverage(...).county_rate`` gives it (a share in [0, 1]; NaN: could not be
        measured). For ``reach_control``.
    diversion_by_dealer
        ``detect_diversion(...).by_dealer``: column ``severity`` (``normal``, ``watch``,
        ``dangerous`` or blank); the dealer is the ``dealer`` column when there is one,
        else the index. For ``reach_control``.
    overlaps, blind_spots
        Counts of authorisation overlaps and blind spots (e.g. the rows of
        ``authorization_audit(...).overlaps`` and ``.blind_spots``). For
        ``reach_control``. None: not checked (a 0 is a check that found none).
    strategy_changed
        Whether the client's marketing strategy has changed (new target segment, new
        category, a move online …): the data cannot tell, so ask. None: not asked.
    rules
        Overrides of `TRIGGER_RULES` by name, e.g. ``{"achievement_below": 0.95}``; the
        others keep their defaults.

    Returns
    -------
    pandas.DataFrame
        One row per trigger in `TRIGGERS` order, index ``trigger``
        (``dissatisfaction, underused, reach_control, strategy``); columns (text, but
        ``modes``):

        - ``status``: ``met``, ``not_met`` or ``unknown`` (no input for it, or none
          usable).
        - ``evidence``: items joined by ``"; "``, each ``code=value`` or a bare note
          code. When met, the conditions that fired; when not met, every condition
          checked, to show the margin. Codes: ``complaints_per_dealer=3.839``,
          ``hq_share=0.016``; ``below_target=便利连锁:0.858,KA卖场:0.962`` (channels below
          the rule, lowest first) or, when none, ``lowest_achievement=KA卖场:0.962``;
          ``terminal_coverage=0.695``; ``county_coverage=0.952``;
          ``dangerous_dealers=D017,D015,D055`` (or ``none``); ``overlaps=2``,
          ``blind_spots=0``; ``strategy_changed=yes|no``. Notes: ``no_input`` (nothing
          given for the trigger), ``ask_client`` (strategy not asked),
          ``no_data:complaints_per_dealer``, ``no_data:hq_share``,
          ``no_data:county_coverage``, ``no_data:diversion`` (nothing usable given),
          ``no_target=<channels>`` (target blank or 0: achievement NaN),
          ``no_sales=<channels>``, ``no_denominator:terminal_coverage``. Numbers have at
          most three decimals.
        - ``basis``: ``level_not_trend`` for ``dissatisfaction``, empty otherwise.
        - ``modes``: the `MODES` suggested for the trigger (`TRIGGER_MODES`), a
          `chananalysis.methods.notes.Notes` of codes (``str()`` joins them by ``"; "``).
        - ``principle``: ``handle_conflict`` for ``reach_control``, ``add_value``
          otherwise (`TRIGGER_PRINCIPLES`).

    Raises
    ------
    InputDataError
        A table that is not a DataFrame or lacks its columns (``channels``: channel,
        sales, target; ``kpis``: one of ``active_outlets, outlets_in_area`` without the
        other; ``diversion_by_dealer``: severity); a count, sales or target that is not a
        number ≥ 0 (message: table, row label, column, value); a blank or repeated
        channel; a severity not in normal/watch/dangerous; ``county_rate`` not in
        [0, 1]; ``overlaps``/``blind_spots`` not whole numbers ≥ 0; ``strategy_changed``
        not a bool or None; ``rules`` with an unknown name or a value out of range.

    Notes
    -----
    The conditions ("exceeds" is >, "below" is <: a value on its threshold does not
    fire; comparisons allow 1e-9 for float noise). A trigger is met when any of its
    conditions fires, not met when at least one was checked and none fired, unknown when
    none could be checked.

    - dissatisfaction (消费者对渠道服务产出的不满意有上升趋势): complaints per dealer =
      Σ complaint counts / dealers with any complaint count given > ``complaints_per_dealer``;
      or share of dealers with ``complaints_hq`` > 0 (among those with it given) >
      ``hq_share``.
    - underused (企业的分销渠道没有被充分利用): any channel with sales / target <
      ``achievement_below``; or terminal coverage = Σ active_outlets / Σ outlets_in_area
      (over dealers with both given and outlets_in_area > 0, as `coverage` does) <
      ``terminal_coverage_below``.
    - reach_control (企业渠道的辐射力与控制力不足): ``county_rate`` <
      ``county_coverage_below``; or any dealer of severity ``dangerous``; or overlaps > 0;
      or blind spots > 0.
    - strategy (企业的营销战略改变对渠道提出了新的要求): ``strategy_changed`` is True.

    **Decision (a level, not a trend):** the seed's trigger is *rising* dissatisfaction,
    but the intake holds one year of complaints, so the test is on their level; ``basis``
    says ``level_not_trend`` so the report says so. Default limits: more than 2.0
    complaints per dealer a year (any of the five counts), or more than 10 % of dealers
    with a complaint that reached head office (``complaints_per_dealer=2.0``,
    ``hq_share=0.10``). A dealer with some counts blank counts the ones given.

    **Decision (under-used):** a channel reaching less than 90 % of its target, or a
    network serving less than 60 % of the outlets in its dealers' areas
    (``achievement_below=0.90``, ``terminal_coverage_below=0.60``).

    **Decision (reach and control):** county coverage under 95 %
    (``county_coverage_below=0.95``) — reach; one dealer whose diversion is
    ``dangerous``, or any authorisation overlap or blind spot — control (定域、定人、定期
    broken, seed 000).

    **Decision (strategy):** data cannot show a change of marketing strategy; the
    trigger is ``unknown`` (``ask_client``) until the consultant passes the answer.

    **Decision (modes and principles):** the seed lists modes, triggers and principles
    without linking them. Dissatisfaction → member relations, policy (service and terms
    of the members who face the customer); under-used → structure, policy (cut or merge
    the weak channel, or change what drives it); reach/control → regional structure,
    structure (fill or re-cut territories); strategy → rebuild, structure. Reach and
    control problems are conflicts between members (窜货, overlapping territories), so
    they fall under 妥善处理渠道冲突; the others under 渠道增值 (a change must add value).

    References
    ----------
    Seed 004, 三、渠道调整: (一)分销渠道调整的方式 1–6, (二)分销渠道调整的时机 1–4,
    (三)渠道整合: 妥善处理渠道冲突的原则, 渠道增值原则. Seed 000: 县级市场分销覆盖率,
    定域、定人、定期. docs/method.md §6 (adjustment triggers), §3.3–3.4, §4.1–4.2.

    Examples
    --------
    Two channels: 80 / 100 = 0.8 is below 0.9, 95 / 100 = 0.95 is not. Two dealers with
    3 + 2 and 1 + 0 complaints (office + head office): 6 / 2 = 3 per dealer > 2; one of
    the two has a head-office complaint: 1 / 2 = 0.5 > 0.10. County coverage 0.96 is not
    below 0.95, but one overlap is a breach of control. With the limits raised to 3 and
    0.5, nothing exceeds them (on a limit is not over it):

    >>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [80.0, 95.0],
    ...                    "target": [100.0, 100.0]})
    >>> kpis = pd.DataFrame({"dealer": ["D1", "D2"], "complaints_office": [3, 1],
    ...                      "complaints_hq": [2, 0]})
    >>> t = adjustment_triggers(channels=ch, kpis=kpis, county_rate=0.96, overlaps=1,
    ...                         blind_spots=0)
    >>> t[["status", "evidence"]]
                      status                               evidence
    trigger
    dissatisfaction      met  complaints_per_dealer=3; hq_share=0.5
    underused            met                    below_target=KA:0.8
    reach_control        met                             overlaps=1
    strategy         unknown                             ask_client
    >>> adjustment_triggers(kpis=kpis, rules={"complaints_per_dealer": 3.0,
    ...                     "hq_share": 0.5}).loc["dissatisfaction", ["status", "evidence"]]
    status                                    not_met
    evidence    complaints_per_dealer=3; hq_share=0.5
    Name: dissatisfaction, dtype: str
    """
    r = _rules(rules)
    if kpis is not None:
        as_table(kpis, "dealer_kpis")
        if not any(c in kpis.columns for c in (*COMPLAINT_COLUMNS, *_OUTLET_COLUMNS)):
            raise InputDataError(
                f"dealer_kpis: none of the columns {', '.join(COMPLAINT_COLUMNS)}, "
                f"{', '.join(_OUTLET_COLUMNS)}; expected the complaint counts or the outlets"
            )
    found = {
        "dissatisfaction": _dissatisfaction(kpis, r),
        "underused": _underused(channels, kpis, r),
        "reach_control": _reach_control(county_rate, diversion_by_dealer, overlaps, blind_spots, r),
        "strategy": _strategy(strategy_changed),
    }
    out = pd.DataFrame(
        {
            "status": [found[t][0] for t in TRIGGERS],
            "evidence": ["; ".join(found[t][1]) for t in TRIGGERS],
            "basis": ["level_not_trend" if t == "dissatisfaction" else "" for t in TRIGGERS],
            "modes": [""] * len(TRIGGERS),
            "principle": [TRIGGER_PRINCIPLES[t] for t in TRIGGERS],
        },
        index=pd.Index(list(TRIGGERS), dtype="str", name="trigger"),
        dtype="str",
    )
    out["modes"] = pd.Series([Notes(TRIGGER_MODES[t]) for t in TRIGGERS], index=out.index)
    return out[_COLUMNS]


def evidence_pairs(evidence: object) -> list[tuple[str, str]]:
    """A trigger's ``evidence`` (`adjustment_triggers`) read back as ``(code, value)``
    pairs: ``code=value`` items and ``code:value`` or bare notes alike, in order.

    Parameters
    ----------
    evidence
        One cell of the ``evidence`` column (``"; "``-joined), or None/NaN.

    Returns
    -------
    list of (str, str)
        ``value`` ``""`` for a bare note.

    References
    ----------
    Seed 004, 第五节 三、渠道调整 (the triggers whose evidence this is).

    Examples
    --------
    >>> evidence_pairs("complaints_per_dealer=3.839; no_data:hq_share")
    [('complaints_per_dealer', '3.839'), ('no_data', 'hq_share')]
    >>> evidence_pairs("ask_client"), evidence_pairs(None)
    ([('ask_client', '')], [])
    """
    if evidence is None or (isinstance(evidence, float) and evidence != evidence):
        return []
    out = []
    for part in str(evidence).split("; "):
        code, sep, value = part.partition("=")
        if not sep:
            code, _, value = part.partition(":")
        if code.strip():
            out.append((code.strip(), value.strip()))
    return out
