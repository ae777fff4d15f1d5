"""Findings: every observation of sections 00–04 that may call for a decision, one row
each, with its numbers, in one shape (docs/method.md §6.1).

A finding names the subject the client would decide about (``subject_kind`` and
``subject``: a channel, a dealer, a territory, a price list …) and the specific item
it observed (``detail``: an arbitrage pair, a product in a territory …), its money
split in two (``effect``: annual contribution effect; ``exposure``: a balance or sales at
risk, never added to effect) and ``facts``: the numbers the wording needs, as
``(key, value)`` pairs. `chananalysis.methods.recommendations.recommendations` joins
findings into decisions.

One collector per area, each keyword-only (every input is optional), each returning
rows of `FINDING_COLUMNS`: `channel_findings`, `dealer_findings`, `conflict_review_findings`,
`diagnosis_findings`, `trigger_findings`.

Examples
--------
>>> f = diagnosis_findings(county_gaps=["兰考"])
>>> f[["finding", "kind", "subject_kind", "subject"]]
             finding        kind subject_kind subject
0  county_gap:兰考:  county_gap    territory      兰考
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from chananalysis.methods.adjustment import evidence_pairs
from chananalysis.methods.notes import Notes

__all__ = [
    "DEFAULT_ACHIEVEMENT_BELOW",
    "DEFAULT_DEEPEN_UPLIFT",
    "DEFAULT_KEEP_OLD_ABOVE",
    "DEFAULT_TERMINAL_BELOW",
    "FINDING_COLUMNS",
    "channel_findings",
    "conflict_review_findings",
    "dealer_findings",
    "diagnosis_findings",
    "lapsed_authorizations",
    "rebate_transition",
    "trigger_findings",
]

#: Columns of every collector's rows (docs/method.md §6.1).
FINDING_COLUMNS = [
    "finding",
    "section",
    "kind",
    "subject_kind",
    "subject",
    "detail",
    "value",
    "effect",
    "effect_basis",
    "exposure",
    "exposure_basis",
    "facts",
]
#: **Decision:** sales growth assumed from deepening or growing a channel (10 %).
DEFAULT_DEEPEN_UPLIFT = 0.10
#: **Decision:** terminal coverage below which a territory is a finding (50 %).
DEFAULT_TERMINAL_BELOW = 0.5
#: **Decision:** a channel below this share of its target is under-used (seed 004's
#: trigger, as `chananalysis.methods.adjustment.adjustment_triggers` tests it).
DEFAULT_ACHIEVEMENT_BELOW = 0.90
#: **Decision (docs/method.md §6.3):** dealers who would lose more than this share of
#: their rebate under the marginal ladder keep the old ladder for one year.
DEFAULT_KEEP_OLD_ABOVE = 0.30

_SECTIONS = {
    "channels": "02_channel_scoring",
    "dealers": "03_dealer_evaluation",
    "conflict": "04_conflict_review",
    "diagnosis": "01_channel_diagnosis",
    "triggers": "05_integration_recommendations",
}


def _value(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, list | tuple | np.ndarray | pd.Index):
        return "|".join(str(x) for x in v)
    if isinstance(v, np.generic):
        v = v.item()
    return f"{v}"


def _facts(**values: object) -> Notes:
    """``(key, value)`` pairs for the wording; floats kept exact, lists joined by ``|``,
    None and NaN left out."""
    out = [(k, s) for k, v in values.items() if (s := _value(v)) is not None]
    return Notes(out, sep="=")


def _row(
    area: str,
    kind: str,
    subject_kind: str,
    subject: object,
    *,
    detail: object = "",
    value: float = math.nan,
    effect: float = math.nan,
    effect_basis: str = "",
    exposure: float = math.nan,
    exposure_basis: str = "",
    facts: Notes | None = None,
) -> dict:
    subject, detail = str(subject), str(detail)
    effect = float(effect) if effect is not None else math.nan
    exposure = float(exposure) if exposure is not None else math.nan
    return {
        "finding": f"{kind}:{subject}:{detail}",
        "section": _SECTIONS[area],
        "kind": kind,
        "subject_kind": subject_kind,
        "subject": subject,
        "detail": detail,
        "value": float(value) if value is not None else math.nan,
        "effect": effect,
        "effect_basis": effect_basis if not math.isnan(effect) else "",
        "exposure": exposure,
        "exposure_basis": exposure_basis if not math.isnan(exposure) else "",
        "facts": facts if facts is not None else Notes(sep="="),
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return frame.astype({"value": "float64", "effect": "float64", "exposure": "float64"})


def _num(v: object) -> float:
    try:
        out = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


# --- channels ------------------------------------------------------------------------------


def channel_findings(
    judgement: pd.DataFrame,
    *,
    sensitivity: pd.DataFrame | None = None,
    deepen_uplift: float = DEFAULT_DEEPEN_UPLIFT,
    achievement_below: float = DEFAULT_ACHIEVEMENT_BELOW,
) -> pd.DataFrame:
    """Findings of the channel verdicts: one per channel, plus fragile verdicts and
    channels under their target.

    Parameters
    ----------
    judgement
        `chananalysis.methods.judgement.channel_judgement` (index channel: ``action``,
        ``seed_action``, ``reason``, ``growth``, ``company_growth``, ``contribution``,
        ``fixed_cost``, ``exit_effect``, optional ``achievement``,
        ``company_achievement``; ``attrs["avoidable_fixed"]``).
    sensitivity
        `chananalysis.weight_sensitivity` (``action``, ``p_action``, ``fragile``).
    deepen_uplift
        **Decision:** the sales growth assumed from deepening or growing a channel (10 %).
    achievement_below
        **Decision:** sales / target below which a channel is under its target (90 %).

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`. Effects (docs/method.md §6.2, §6.4): deepen and keep
        and grow add ``deepen_uplift`` × sales × (1 − variable cost rate) =
        ``deepen_uplift`` × (contribution + fixed cost) (``uplift``: net of variable
        costs, before any fixed investment, which the intake does not give); an exit
        whose effect is ≥ 0 stops that loss (``loss_stopped``); a channel where exit
        would lose money (``cut_cost_before_exit``) stops its loss by cutting cost:
        min(−contribution, avoidable fixed cost) when the contribution is negative.
        A nurtured channel's contribution is its exposure (``contribution``).

    References
    ----------
    Seed 001, 六 (exit, 做大放小, 做深做透); seed 004, 第五节 渠道整合 (渠道增值原则);
    docs/method.md §6.4.

    Examples
    --------
    The worked example of docs/method.md §6.4: contribution −480,000, fixed cost 3,700,000,
    half of it avoidable: exit changes the company's contribution by
    +480,000 − 1,850,000 = −1,370,000, so cost is cut first, which stops the 480,000 loss.

    >>> j = pd.DataFrame({"action": ["cut_cost_before_exit", "deepen"],
    ...                   "seed_action": ["exit", "deepen"], "reason": ["exit_loses", ""],
    ...                   "growth": [-0.1, 0.07], "company_growth": [0.09, 0.09],
    ...                   "contribution": [-480_000.0, 38_300_000.0],
    ...                   "fixed_cost": [3_700_000.0, 3_100_000.0],
    ...                   "exit_effect": [-1_370_000.0, -39_850_000.0]},
    ...                  index=pd.Index(["便利连锁", "流通批发"], name="channel"))
    >>> channel_findings(j)[["kind", "subject", "effect", "effect_basis"]]
                   kind subject     effect  effect_basis
    0  channel_cut_cost    便利连锁   480000.0  loss_stopped
    1    channel_deepen    流通批发  4140000.0        uplift
    """
    avoidable = float(judgement.attrs.get("avoidable_fixed", 0.5))
    rows = []
    kinds = {
        "exit": "channel_exit",
        "cut_cost_before_exit": "channel_cut_cost",
        "nurture": "channel_nurture",
        "keep_and_grow": "channel_keep",
        "deepen": "channel_deepen",
        "optimize": "channel_optimize",
    }
    for channel, j in judgement.iterrows():
        action = str(j["action"])
        kind = kinds.get(action, "channel_optimize")
        d, c = float(j["contribution"]), float(j["fixed_cost"])
        growth, company = _num(j.get("growth")), _num(j.get("company_growth"))
        exit_effect = _num(j.get("exit_effect"))
        money: dict = {}
        if kind == "channel_exit":
            money = dict(effect=max(exit_effect, 0.0), effect_basis="loss_stopped")
            facts = _facts(
                contribution=d,
                fixed_cost=c,
                avoidable_fixed=avoidable,
                avoidable_cost=avoidable * c,
                exit_effect=exit_effect,
            )
        elif kind == "channel_cut_cost":
            if d < 0:
                money = dict(effect=min(-d, avoidable * c), effect_basis="loss_stopped")
            else:
                money = dict(exposure=d, exposure_basis="contribution")
            facts = _facts(
                contribution=d, fixed_cost=c, avoidable_fixed=avoidable, exit_effect=exit_effect
            )
        elif kind == "channel_nurture":
            if d > 0:
                money = dict(exposure=d, exposure_basis="contribution")
            facts = _facts(
                growth=growth, company_growth=company, reason=j.get("reason"), contribution=d
            )
        elif kind in ("channel_keep", "channel_deepen"):
            money = dict(effect=deepen_uplift * (d + c), effect_basis="uplift")
            if kind == "channel_keep":
                facts = _facts(
                    growth=growth,
                    company_growth=company,
                    achievement=_num(j.get("achievement")),
                    company_achievement=_num(j.get("company_achievement")),
                    contribution=d,
                    seed_action=j.get("seed_action"),
                    uplift=deepen_uplift,
                )
            else:
                facts = _facts(growth=growth, contribution=d, uplift=deepen_uplift)
        else:
            facts = _facts(growth=growth, contribution=d, seed_action=j.get("seed_action"))
        rows.append(_row("channels", kind, "channel", channel, value=d, facts=facts, **money))
        achievement = _num(j.get("achievement"))
        if not math.isnan(achievement) and achievement < achievement_below - 1e-9:
            rows.append(
                _row(
                    "channels",
                    "channel_below_target",
                    "channel",
                    channel,
                    value=achievement,
                    facts=_facts(achievement=achievement, below=achievement_below),
                )
            )
    if sensitivity is not None and "fragile" in sensitivity:
        for channel, s in sensitivity[sensitivity["fragile"].astype(bool)].iterrows():
            rows.append(
                _row(
                    "channels",
                    "fragile_action",
                    "channel",
                    channel,
                    value=float(s["p_action"]),
                    facts=_facts(action=s["action"], p_action=float(s["p_action"])),
                )
            )
    return _frame(rows)


# --- dealers -------------------------------------------------------------------------------


def dealer_findings(
    *,
    league: pd.DataFrame | None = None,
    big_weak: pd.DataFrame | None = None,
    sales: pd.Series | None = None,
    complaints: pd.Series | None = None,
    fit: pd.DataFrame | None = None,
    low_loyalty: pd.DataFrame | None = None,
    loyalty_below: float | None = None,
) -> pd.DataFrame:
    """Findings of the dealer evaluation: disqualified, big-but-weak and five-star dealers,
    dealers in the wrong market role, dealers of low loyalty.

    Parameters
    ----------
    league
        The scorecard league (index dealer: ``total``, ``stars``, ``disqualified``,
        ``veto_count``).
    big_weak
        The big-but-weak dealers (``total``, ``stars``, ``annual_sales``).
    sales
        Each dealer's sales of the client's products: the exposure of a dealer who must
        be replaced or improved (``dealer_sales``).
    complaints
        Complaints per dealer (the sum of the complaint counts), for the wording.
    fit
        The market-role fit (``market_role``, ``best_role``, ``gap``, ``mismatch``).
    low_loyalty
        Dealers rated below the loyalty line (``loyalty``).
    loyalty_below
        That line, for the wording.

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`, one per dealer and kind.

    References
    ----------
    Seed 002, Table 1-1 (否定指标), 一(一) 大未必美, 二(二) 星级经销商, 四 (market roles),
    忠诚度第一.

    Examples
    --------
    >>> league = pd.DataFrame({"total": [112.1, 66.7], "stars": [5, 0],
    ...                        "disqualified": [False, True], "veto_count": [0, 4]},
    ...                       index=pd.Index(["D052", "D017"], name="dealer"))
    >>> f = dealer_findings(league=league, sales=pd.Series({"D017": 4.012e6}))
    >>> f[["kind", "subject", "exposure", "exposure_basis"]]
                      kind subject   exposure exposure_basis
    0  dealer_disqualified    D017  4012000.0   dealer_sales
    1         dealer_stars    D052        NaN
    """
    sales = sales if sales is not None else pd.Series(dtype="float64")
    complaints = complaints if complaints is not None else pd.Series(dtype="float64")
    rows = []

    def add(kind: str, dealer: object, value: float, **kw: object) -> None:
        rows.append(_row("dealers", kind, "dealer", dealer, value=value, **kw))

    bad = pd.DataFrame()
    if league is not None:
        bad = league[league["disqualified"].astype(bool)]
    weak = pd.DataFrame()
    if big_weak is not None:  # a disqualified dealer's decision already covers it
        weak = big_weak[~big_weak.index.isin(bad.index)]
    for kind, frame in (("dealer_disqualified", bad), ("dealer_big_weak", weak)):
        for dealer, r in frame.iterrows():
            facts = {"total": float(r["total"])}
            if kind == "dealer_disqualified":
                facts.update(veto_count=int(r["veto_count"]), complaints=complaints.get(dealer))
            else:
                facts.update(stars=int(r["stars"]), annual_sales=_num(r.get("annual_sales")))
            add(
                kind,
                dealer,
                float(r["total"]),
                exposure=_num(sales.get(dealer)),
                exposure_basis="dealer_sales",
                facts=_facts(**facts),
            )
    if league is not None:
        stars = league[(league["stars"] == 5) & ~league["disqualified"].astype(bool)]
        for dealer, r in stars.iterrows():
            add("dealer_stars", dealer, float(r["total"]), facts=_facts(total=float(r["total"])))
    if fit is not None and "mismatch" in fit:
        for dealer, r in fit[fit["mismatch"].astype(bool)].iterrows():
            facts = _facts(
                market_role=r["market_role"], best_role=r["best_role"], gap=float(r["gap"])
            )
            add("role_mismatch", dealer, float(r["gap"]), facts=facts)
    if low_loyalty is not None:
        for dealer, r in low_loyalty.iterrows():
            facts = _facts(loyalty=float(r["loyalty"]), below=loyalty_below)
            add("low_loyalty", dealer, float(r["loyalty"]), facts=facts)
    return _frame(rows)


# --- conflict ------------------------------------------------------------------------------


def lapsed_authorizations(
    blind_spots: pd.DataFrame,
    authorizations: pd.DataFrame,
    *,
    shipments: pd.DataFrame | None = None,
    scans: pd.DataFrame | None = None,
    dealers: pd.DataFrame | None = None,
    active_days: int = 30,
) -> pd.DataFrame:
    """Blind spots that are a lapsed contract: the last dealer authorised in the territory
    still ships after its authorisation ended, or its goods are still scanned there, or
    it was active up to the end and is still on the client's dealer list for that
    territory.

    Parameters
    ----------
    blind_spots
        `chananalysis.methods.authorization.authorization_audit` ``blind_spots``
        (``territory``, ``product_line``, ``start``, ``end``, ``days``).
    authorizations
        The ``authorizations`` sheet (``dealer, territory, product_line, start, end``).
    shipments, scans
        The ``shipments`` (``code, dealer, ship_date``) and ``scans`` (``code,
        territory, scan_date``) sheets, when given.
    dealers
        The ``dealers`` sheet (``dealer``, ``territory``): a dealer still listed for the
        territory that shipped or was scanned there within ``active_days`` before its
        authorisation ended was serving it when the contract lapsed.
    active_days
        **Decision:** how recent that activity must be (30 days).

    Returns
    -------
    pandas.DataFrame
        One row per territory with such a dealer: ``territory``, ``dealer``, ``end`` (its
        last authorisation's end), ``units_after`` (units shipped by it after that date
        plus its codes scanned in the territory after it; scans count the shipment's
        quantity once per code), ``last_activity`` (its last shipment or scan there).

    References
    ----------
    Seed 000, 定域、定人、定期 (a territory, a person, a period); docs/method.md §6.3.

    Examples
    --------
    >>> auth = pd.DataFrame({"dealer": ["D041"], "territory": ["信阳"], "product_line": ["酱料"],
    ...                      "start": pd.to_datetime(["2025-01-01"]),
    ...                      "end": pd.to_datetime(["2025-09-30"])})
    >>> blind = pd.DataFrame({"territory": ["信阳"], "product_line": ["酱料"],
    ...                       "start": pd.to_datetime(["2025-10-01"]),
    ...                       "end": pd.to_datetime(["2025-12-31"]), "days": [92]})
    >>> ship = pd.DataFrame({"code": ["a", "b"], "dealer": ["D041", "D041"],
    ...                      "ship_date": pd.to_datetime(["2025-09-20", "2025-10-05"]),
    ...                      "quantity": [24, 24]})
    >>> scans = pd.DataFrame({"code": ["a"], "territory": ["信阳"],
    ...                       "scan_date": pd.to_datetime(["2025-10-12"])})
    >>> lapsed_authorizations(blind, auth, shipments=ship, scans=scans)
      territory dealer        end  units_after last_activity
    0        信阳   D041 2025-09-30           48    2025-10-12

    Active up to the end and still on the dealer list, with nothing after:

    >>> listed = pd.DataFrame({"dealer": ["D041"], "territory": ["信阳"]})
    >>> lapsed_authorizations(blind, auth, shipments=ship.iloc[:1], scans=scans.iloc[:0],
    ...                       dealers=listed)
      territory dealer        end  units_after last_activity
    0        信阳   D041 2025-09-30            0    2025-09-20
    """
    out = []
    auth = authorizations.copy()
    auth["end"] = pd.to_datetime(auth["end"])
    listed = set()
    if dealers is not None and {"dealer", "territory"} <= set(dealers.columns):
        listed = set(zip(dealers["dealer"], dealers["territory"], strict=True))
    for territory, spots in blind_spots.groupby("territory", sort=False):
        start = pd.to_datetime(spots["start"]).min()
        before = auth[(auth["territory"] == territory) & (auth["end"] < start)]
        if before.empty:
            continue
        last = before.sort_values("end", kind="stable").iloc[-1]
        dealer, end = last["dealer"], last["end"]
        units, seen = 0, []
        if shipments is not None and {"dealer", "ship_date"} <= set(shipments.columns):
            mine = shipments[shipments["dealer"] == dealer]
            when = pd.to_datetime(mine["ship_date"])
            qty = mine["quantity"] if "quantity" in mine else pd.Series(1, index=mine.index)
            units += int(qty[when > end].sum())
            seen.append(when.max())
            if scans is not None and {"code", "territory", "scan_date"} <= set(scans.columns):
                there = scans[(scans["territory"] == territory) & scans["code"].isin(mine["code"])]
                scanned = pd.to_datetime(there["scan_date"])
                late = set(there.loc[scanned > end, "code"])
                hit = mine["code"].isin(late) & (when <= end)  # shipped before, scanned after
                units += int(qty[hit].sum())
                seen.append(scanned.max())
        seen = [t for t in seen if pd.notna(t)]
        last_activity = max(seen) if seen else pd.NaT
        active = (
            (dealer, territory) in listed
            and pd.notna(last_activity)
            and last_activity >= end - pd.Timedelta(days=active_days)
        )
        if units > 0 or active:
            out.append(
                {
                    "territory": territory,
                    "dealer": dealer,
                    "end": end,
                    "units_after": units,
                    "last_activity": last_activity,
                }
            )
    return pd.DataFrame(out, columns=["territory", "dealer", "end", "units_after", "last_activity"])


#: The territory findings of the authorisation audit: their detail, value and facts columns.
_TERRITORY_FINDINGS = {
    "overlap": ("product_line", "days", ("product_line", "days", "dealers")),
    "lapsed_authorization": (
        "dealer",
        "units_after",
        ("dealer", "end", "units_after", "last_activity"),
    ),
    "blind_spot": ("product_line", "days", ("product_line", "days")),
}


def _price_list(frame: pd.DataFrame, territories: pd.DataFrame | None) -> pd.Series:
    """The price list an arbitrage pair's source buys on: the source's province when the
    territories sheet has provinces (one list per province), else its net price."""
    net = frame["net_source"].map(lambda v: f"{v:.2f}")
    if territories is not None and "province" in territories:
        prov = territories.drop_duplicates("territory").set_index("territory")["province"]
        src = frame["source"].map(prov)
        return src.astype("object").where(src.notna(), net)
    return net


def conflict_review_findings(
    *,
    by_dealer: pd.DataFrame | None = None,
    incidents: pd.DataFrame | None = None,
    unknown_codes: pd.DataFrame | None = None,
    overlaps: pd.DataFrame | None = None,
    blind_spots: pd.DataFrame | None = None,
    lapsed: pd.DataFrame | None = None,
    breaches: pd.DataFrame | None = None,
    ladder_checks: pd.DataFrame | None = None,
    arbitrage: pd.DataFrame | None = None,
    territories: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Findings of the conflict review: diversion per dealer, codes nobody shipped,
    authorisation overlaps, blind spots and lapsed contracts per territory, dumping per
    channel, ladder steps below their margin, arbitrage pairs per price list.

    Parameters
    ----------
    by_dealer, incidents, unknown_codes
        `chananalysis.detect_diversion`'s tables: a dealer with diverted units is a
        finding (``diversion`` when ``dangerous``, ``diversion_watch`` when ``watch``,
        ``diversion_minor`` otherwise); codes scanned but never shipped are one.
    overlaps, blind_spots
        `chananalysis.methods.authorization.authorization_audit`'s tables.
    lapsed
        `lapsed_authorizations`: a blind spot whose last dealer still ships or scans.
    breaches, ladder_checks
        `chananalysis.methods.pricing.price_ladder_audit`'s tables: prices below the
        floor (per product × territory × channel × level, the deepest kept) and ladder
        steps flagged ``margin_below_min``.
    arbitrage
        `chananalysis.methods.arbitrage.arbitrage_risk`: each pair with ``incentive``.
        Its exposure (gap × volume in the destination) is counted once per destination
        (the largest pair's), so that the pairs of one price list add up.
    territories
        The ``territories`` sheet, for the provinces that name a price list.

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`.

    References
    ----------
    Seed 003 (窜货 cases, 级差价格体系, 案例一 the price gap between regions), seed 000
    (定域、定人、定期), seed 004 (conflict types).

    Examples
    --------
    Three pairs bought on one Henan price list are one price-list subject:

    >>> arb = pd.DataFrame({"source": ["商丘", "兰考", "商丘"],
    ...                     "destination": ["菏泽", "菏泽", "单县"],
    ...                     "net_source": [7.735] * 3, "net_destination": [8.277] * 3,
    ...                     "freight": [0.13, 0.16, 0.13], "gap": [0.412, 0.382, 0.412],
    ...                     "incentive": [True] * 3, "exposure": [109534.32, 101558.52, 12973.056]})
    >>> terr = pd.DataFrame({"territory": ["商丘", "兰考", "菏泽", "单县"],
    ...                      "province": ["河南", "河南", "山东", "山东"]})
    >>> f = conflict_review_findings(arbitrage=arb, territories=terr)
    >>> f[["subject", "detail", "exposure"]]
      subject   detail    exposure
    0      河南  商丘 → 菏泽  109534.320
    1      河南  兰考 → 菏泽         NaN
    2      河南  商丘 → 单县   12973.056
    """
    rows = []
    if by_dealer is not None:
        months: dict = {}
        places: dict = {}
        if incidents is not None and len(incidents):
            for dealer, g in incidents.groupby("dealer", sort=False):
                months[dealer] = sorted(set(map(str, g["month"])))
                places[dealer] = list(dict.fromkeys(map(str, g["territory"])))
        kinds = {"dangerous": "diversion", "watch": "diversion_watch"}
        for dealer, r in by_dealer[by_dealer["diverted_units"] > 0].iterrows():
            rows.append(
                _row(
                    "conflict",
                    kinds.get(str(r["severity"]), "diversion_minor"),
                    "dealer",
                    dealer,
                    value=float(r["diversion_rate"]),
                    facts=_facts(
                        diversion_rate=float(r["diversion_rate"]),
                        diverted_units=int(r["diverted_units"]),
                        incidents=int(r["incidents"]),
                        territories=places.get(dealer),
                        months=months.get(dealer),
                        severity=r["severity"],
                        fine=_num(r.get("fine")) or None,
                    ),
                )
            )
    if unknown_codes is not None and len(unknown_codes):
        rows.append(
            _row(
                "conflict",
                "unknown_codes",
                "codes",
                "",
                value=float(len(unknown_codes)),
                facts=_facts(
                    codes=len(unknown_codes),
                    scans=int(unknown_codes["scans"].sum()),
                    territories=unknown_codes["territory"].nunique(),
                ),
            )
        )
    # a territory's authorisation findings: (detail, value, facts) columns of each table
    for kind, frame in (
        ("overlap", overlaps),
        ("lapsed_authorization", lapsed),
        ("blind_spot", blind_spots),
    ):
        detail, value, columns = _TERRITORY_FINDINGS[kind]
        for _, r in (frame if frame is not None else pd.DataFrame()).iterrows():
            facts = {c: r[c] for c in columns}
            if "dealers" in facts:
                facts["dealers"] = str(facts["dealers"]).split(";")
            for c in ("days", "units_after"):
                if c in facts:
                    facts[c] = int(facts[c])
            rows.append(
                _row(
                    "conflict",
                    kind,
                    "territory",
                    r["territory"],
                    detail=r[detail],
                    value=float(r[value]),
                    facts=_facts(**facts),
                )
            )
    if breaches is not None and len(breaches):
        keys = ["product", "territory", "channel", "level"]
        worst = breaches.sort_values("gap_pct", kind="stable").drop_duplicates(keys)
        counts = breaches.groupby(keys, sort=False).size()
        for _, r in worst.iterrows():
            key = tuple(r[k] for k in keys)
            rows.append(
                _row(
                    "conflict",
                    "dumping",
                    "channel",
                    r["channel"],
                    detail=f"{r['product']} · {r['territory']} · {r['level']}",
                    value=float(r["gap_pct"]),
                    facts=_facts(
                        product=r["product"],
                        territory=r["territory"],
                        level=r["level"],
                        price=float(r["price"]),
                        floor=float(r["floor"]),
                        gap_pct=float(r["gap_pct"]) / 100.0,
                        observations=int(counts[key]),
                    ),
                )
            )
    if ladder_checks is not None and "flag" in ladder_checks:
        for _, r in ladder_checks[ladder_checks["flag"].astype(str) != ""].iterrows():
            rows.append(
                _row(
                    "conflict",
                    "ladder_margin",
                    "price_ladder",
                    "",
                    detail=f"{r['product']} · {r['level']}",
                    facts=_facts(product=r["product"], level=r["level"], flag=r["flag"]),
                )
            )
    if arbitrage is not None and len(arbitrage):
        pairs = arbitrage[arbitrage["incentive"].astype(bool)].copy()
        pairs["_list"] = _price_list(pairs, territories)
        pairs["_exp"] = pd.to_numeric(pairs["exposure"], errors="coerce").fillna(0.0)
        top = pairs.sort_values("_exp", ascending=False, kind="stable").drop_duplicates(
            "destination"
        )
        counted = set(top.index[top["_exp"] > 0])
        for i, r in pairs.iterrows():
            rows.append(
                _row(
                    "conflict",
                    "arbitrage",
                    "price_list",
                    r["_list"],
                    detail=f"{r['source']} → {r['destination']}",
                    value=float(r["gap"]),
                    exposure=float(r["_exp"]) if i in counted else math.nan,
                    exposure_basis="arbitrage_margin",
                    facts=_facts(
                        source=r["source"],
                        destination=r["destination"],
                        net_source=float(r["net_source"]),
                        net_destination=float(r["net_destination"]),
                        freight=float(r["freight"]),
                        gap=float(r["gap"]),
                        pair_exposure=float(r["_exp"]),
                    ),
                )
            )
    return _frame(rows)


# --- diagnosis -----------------------------------------------------------------------------


def rebate_transition(
    dealers: pd.DataFrame, *, keep_old_above: float = DEFAULT_KEEP_OLD_ABOVE
) -> pd.DataFrame:
    """What each dealer receives less when whole-volume rebates become marginal, and who
    keeps the old ladder for a year.

    Parameters
    ----------
    dealers
        Per dealer ``whole`` and ``marginal`` rebate (the diagnosis' ``rebates_by_dealer``).
    keep_old_above
        **Decision (docs/method.md §6.3):** a dealer losing more than this share keeps the
        old ladder for one year (30 %).

    Returns
    -------
    pandas.DataFrame
        Index dealer; ``whole``, ``marginal``, ``loss`` (whole − marginal), ``loss_share``
        (loss / whole; NaN when the dealer earned none), ``keeps_old`` (bool),
        ``saving_year_one`` (the loss of the dealers who switch at once, 0 for those who
        keep the old ladder); sorted by loss, largest first.

    References
    ----------
    Seed 004, 返利 (the incentive's design); seed 003, 窜货原因 (rebates that reward volume
    at any price); docs/method.md §5.1 and §6.3.

    Examples
    --------
    >>> d = pd.DataFrame({"whole": [297150.0, 12120.0, 0.0],
    ...                   "marginal": [167150.0, 2120.0, 0.0]},
    ...                  index=pd.Index(["D001", "D003", "D009"], name="dealer"))
    >>> rebate_transition(d)[["loss", "loss_share", "keeps_old", "saving_year_one"]].round(3)
                loss  loss_share  keeps_old  saving_year_one
    dealer
    D001    130000.0       0.437       True              0.0
    D003     10000.0       0.825       True              0.0
    D009         0.0         NaN      False              0.0
    """
    out = dealers[["whole", "marginal"]].astype("float64").copy()
    out["loss"] = out["whole"] - out["marginal"]
    out["loss_share"] = (out["loss"] / out["whole"]).where(out["whole"] > 0)
    out["keeps_old"] = (out["loss_share"] > keep_old_above + 1e-12).fillna(False).astype(bool)
    out["saving_year_one"] = out["loss"].where(~out["keeps_old"], 0.0)
    out = out.sort_values("loss", ascending=False, kind="stable")
    out.attrs["keep_old_above"] = float(keep_old_above)
    return out


def diagnosis_findings(
    *,
    risk: pd.DataFrame | None = None,
    ratios: pd.DataFrame | None = None,
    stock_by_dealer: pd.DataFrame | None = None,
    transition: pd.DataFrame | None = None,
    near_cliffs: int = 0,
    keep_old_above: float = DEFAULT_KEEP_OLD_ABOVE,
    diversion_by_month: pd.Series | None = None,
    period_end: pd.Timestamp | None = None,
    months_before: int = 2,
    county_gaps: Iterable[str] = (),
    terminal_rates: pd.Series | None = None,
    terminal_below: float = DEFAULT_TERMINAL_BELOW,
) -> pd.DataFrame:
    """Findings of the diagnosis: dealers at high credit risk, stock that does not
    reconcile, the rebate ladder's cliffs (with the year-end diversion peak they
    explain), counties nobody covers, territories whose terminal coverage is low.

    Parameters
    ----------
    risk
        `chananalysis.methods.financials.financial_health` ``risk`` (index dealer:
        ``risk``, ``flagged``, ``accounts_receivable``); ``high`` is a finding whose
        exposure is the receivables.
    ratios
        Its ``ratios`` (``debt_to_equity``), for the wording.
    stock_by_dealer
        `chananalysis.methods.stockflow.stock_reconciliation` ``by_dealer``.
    transition
        `rebate_transition` of the current ladder: a saving > 0 is a finding (effect
        ``rebate_saved``: what the company pays less a year once every dealer switched).
    near_cliffs
        Dealers standing just below a rebate threshold.
    keep_old_above
        The transition's share, for the wording.
    diversion_by_month
        Diverted units per month (``YYYY-MM``): when the peak lies within
        ``months_before`` months before ``period_end`` (the year end, the date the ladder
        pays on), it is a finding linked to the rebate ladder (docs/method.md §6.3).
    county_gaps
        Counties nobody covers.
    terminal_rates
        Terminal coverage per territory.
    terminal_below
        **Decision:** terminal coverage below which a territory is a finding (50 %).

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`.

    References
    ----------
    Seed 004, 五 (financial evaluation), 返利; seed 003, 控制风险原则, 窜货原因; seed 000
    (进销存, county and terminal coverage).

    Examples
    --------
    November holds the most diverted units and lies within two months of the year end:

    >>> by_month = pd.Series({"2025-09": 12432, "2025-11": 19344, "2025-12": 7500})
    >>> f = diagnosis_findings(diversion_by_month=by_month,
    ...                        period_end=pd.Timestamp("2025-12-31"))
    >>> f[["kind", "subject_kind", "value"]]
                 kind   subject_kind    value
    0  diversion_peak  rebate_ladder  19344.0
    >>> dict(f["facts"].iloc[0])["peak_month"], dict(f["facts"].iloc[0])["months_before_end"]
    ('2025-11', '1')
    """
    rows = []
    if risk is not None:
        dte = (
            ratios["debt_to_equity"] if ratios is not None and "debt_to_equity" in ratios else None
        )
        for dealer, r in risk[risk["risk"] == "high"].iterrows():
            flagged = r["flagged"]
            codes = flagged.codes if hasattr(flagged, "codes") else str(flagged).split("; ")
            rows.append(
                _row(
                    "diagnosis",
                    "credit_risk",
                    "dealer",
                    dealer,
                    value=float(len(codes)),
                    exposure=_num(r.get("accounts_receivable")),
                    exposure_basis="receivables",
                    facts=_facts(
                        flagged=list(codes),
                        debt_to_equity=_num(dte.get(dealer)) if dte is not None else None,
                        accounts_receivable=_num(r.get("accounts_receivable")),
                    ),
                )
            )
    if stock_by_dealer is not None:
        for dealer, r in stock_by_dealer[stock_by_dealer["units_unexplained"] > 0].iterrows():
            rows.append(
                _row(
                    "diagnosis",
                    "stock_discrepancy",
                    "dealer",
                    dealer,
                    value=float(r["units_unexplained"]),
                    facts=_facts(
                        units_unexplained=int(r["units_unexplained"]),
                        mismatches=int(r["mismatches"]),
                    ),
                )
            )
    if transition is not None and transition["loss"].sum() > 0:
        t = transition
        rows.append(
            _row(
                "diagnosis",
                "rebate_cliffs",
                "rebate_ladder",
                "",
                value=float(near_cliffs),
                effect=float(t["loss"].sum()),
                effect_basis="rebate_saved",
                facts=_facts(
                    whole=float(t["whole"].sum()),
                    marginal=float(t["marginal"].sum()),
                    saving=float(t["loss"].sum()),
                    near=int(near_cliffs),
                    losers=int((t["loss"] > 0).sum()),
                    losers_over=int(t["keeps_old"].sum()),
                    largest_loser=str(t.index[0]),
                    largest_loss=float(t["loss"].iloc[0]),
                    year_one_saving=float(t["saving_year_one"].sum()),
                    transition_share=keep_old_above,
                ),
            )
        )
    if diversion_by_month is not None and period_end is not None and len(diversion_by_month):
        units = diversion_by_month.astype("float64")
        peak = str(units.idxmax())
        end = pd.Period(pd.Timestamp(period_end), freq="M")
        gap = (end - pd.Period(peak, freq="M")).n
        if 0 <= gap < months_before:
            rows.append(
                _row(
                    "diagnosis",
                    "diversion_peak",
                    "rebate_ladder",
                    "",
                    value=float(units.max()),
                    facts=_facts(
                        peak_month=peak,
                        units=int(units.max()),
                        share=float(units.max() / units.sum()),
                        months_before_end=gap,
                    ),
                )
            )
    for territory in county_gaps:
        rows.append(_row("diagnosis", "county_gap", "territory", territory))
    if terminal_rates is not None:
        low = terminal_rates.dropna()
        for territory, rate in low[low < terminal_below].sort_values().items():
            rows.append(
                _row(
                    "diagnosis",
                    "terminal_gap",
                    "territory",
                    territory,
                    value=float(rate),
                    facts=_facts(terminal_rate=float(rate), below=terminal_below),
                )
            )
    return _frame(rows)


# --- the seed's adjustment triggers --------------------------------------------------------


def trigger_findings(triggers: pd.DataFrame) -> pd.DataFrame:
    """Findings of seed 004's four adjustment triggers.

    Parameters
    ----------
    triggers
        `chananalysis.methods.adjustment.adjustment_triggers` (index trigger: ``status``
        met / not_met / unknown, ``evidence``, ``basis``).

    Returns
    -------
    pandas.DataFrame
        Rows of `FINDING_COLUMNS`: dissatisfaction met → ``complaints_level`` (a level:
        one period is known, never a trend); strategy unknown → ``strategy_unknown``,
        met → ``strategy_changed``; reach and control met → ``reach_control`` (its causes
        are the diversion, overlap and blind-spot findings); under-used met →
        ``underused`` (its channels are the ``channel_below_target`` findings); a
        trigger not met → ``trigger_not_met``.

    References
    ----------
    Seed 004, 第五节 三、渠道调整 (the four triggers of an adjustment).

    Examples
    --------
    >>> t = pd.DataFrame({"status": ["met", "unknown"], "evidence": ["", ""],
    ...                   "basis": ["level_not_trend", ""]},
    ...                  index=pd.Index(["dissatisfaction", "strategy"], name="trigger"))
    >>> trigger_findings(t)[["kind", "subject"]]
                   kind          subject
    0  complaints_level  dissatisfaction
    1  strategy_unknown         strategy
    """
    rows = []
    for trigger, t in triggers.iterrows():
        status = str(t["status"])
        facts = Notes([("trigger", str(trigger)), *evidence_pairs(t.get("evidence"))], sep="=")
        if status == "not_met":
            kind = "trigger_not_met"
        elif trigger == "dissatisfaction":
            kind = "complaints_level" if status == "met" else "trigger_unknown"
        elif trigger == "strategy":
            kind = {"met": "strategy_changed", "unknown": "strategy_unknown"}[status]
        elif status == "met":
            kind = str(trigger)
        else:
            kind = "trigger_unknown"
        rows.append(_row("triggers", kind, "company", trigger, facts=facts))
    return _frame(rows)
