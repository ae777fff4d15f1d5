"""Hand-built findings, decisions and no_action frames in the decision schema of issue 24
(docs/method.md §6), shaped like the seasoning sample, for testing section 05's display
before `chananalysis.methods.recommendations` produces them.

Numbers are made up but consistent (every finding is in exactly one decision or in
no_action). The effects, by hand (yuan a year):

- 流通批发 enforce_price_floor: 520,000 (contribution_protected)
- 流通批发 deepen_channel: 4,140,000 (uplift)
- 校园特通 keep_and_grow: 1,180,000 (contribution_protected)
- rebate ladder marginal_rebates: 626,000 (rebate_saved = 1,200,000 - 574,000)
- 便利连锁 cut_cost_before_exit: 480,000 (loss_stopped)
- every other decision: not estimated (NaN)

so the total effect is 520,000 + 4,140,000 + 1,180,000 + 626,000 + 480,000 = 6,946,000,
and the exposures (never in it) are D017's sales 4,012,000 and the Henan price list's
arbitrage margin 310,000.
"""

from __future__ import annotations

import math

import pandas as pd

from chananalysis.methods.notes import Notes

NAN = math.nan
TOTAL_EFFECT = 6_946_000.0
EXPOSURES = (4_012_000.0, 310_000.0)

#: Dealer id -> name (a client's names; D099's carries Markdown and HTML specials).
NAMES = {
    "D017": "商丘万通商贸",
    "D041": "信阳华联",
    "D003": "菏泽鲁味",
    "D008": "单县*福源*",
    "D022": "曹县<益民>_商行",
    "D031": "开封宏达",
    "D040": "周口聚丰",
}

ID_D017 = "dealer:D017:replace_dealer"
ID_FLOOR = "channel:流通批发:enforce_price_floor"
ID_DEEPEN = "channel:流通批发:deepen_channel"
ID_XINYANG = "territory:信阳:renew_authorization"
ID_HENAN = "price_list:河南:align_territory_terms"
ID_REBATE = "rebate_ladder::marginal_rebates"
ID_POOL = "dealers:warn_diversion:warn_diversion"
ID_CODES = "codes::check_counterfeit"
ID_STRATEGY = "company::confirm_strategy"
ID_CAMPUS = "channel:校园特通:keep_and_grow"
ID_CONVENIENCE = "channel:便利连锁:cut_cost_before_exit"

_PAIRS = [  # (source, destination, net source, net destination, freight, gap)
    ("商丘", "菏泽", 7.73, 8.28, 0.20, 0.35),
    ("商丘", "曹县", 7.73, 8.28, 0.15, 0.40),
    ("商丘", "单县", 7.73, 8.28, 0.18, 0.37),
    ("开封", "菏泽", 7.73, 8.28, 0.25, 0.30),
    ("开封", "曹县", 7.73, 8.28, 0.22, 0.33),
    ("周口", "菏泽", 7.73, 8.28, 0.30, 0.25),
    ("周口", "单县", 7.73, 8.28, 0.28, 0.27),
    ("信阳", "菏泽", 7.73, 8.28, 0.45, 0.10),
    ("郑州", "曹县", 7.73, 8.28, 0.26, 0.29),
    ("郑州", "单县", 7.73, 8.28, 0.12, 0.43),
]


def _f(finding, section, kind, subject_kind, subject, value, facts, **kw) -> dict:
    return {
        "finding": finding,
        "section": section,
        "kind": kind,
        "subject_kind": subject_kind,
        "subject": subject,
        "detail": kw.get("detail", ""),
        "value": float(value),
        "effect": kw.get("effect", NAN),
        "effect_basis": kw.get("effect_basis", ""),
        "exposure": kw.get("exposure", NAN),
        "exposure_basis": kw.get("exposure_basis", ""),
        "facts": Notes(facts, sep="="),
    }


def findings() -> pd.DataFrame:
    """Every finding: 33 rows, 29 in the eleven decisions and 4 in `no_action`."""
    c, d, k = "04_conflict_review", "03_dealer_evaluation", "02_channel_scoring"
    rows = [
        # D017: four kinds of problem, one decision
        _f(
            "dealer_disqualified:D017",
            d,
            "dealer_disqualified",
            "dealer",
            "D017",
            4,
            [("total", 71.5), ("veto_count", 4)],
        ),
        _f(
            "diversion:D017",
            c,
            "diversion",
            "dealer",
            "D017",
            0.261,
            [
                ("diversion_rate", 0.261),
                ("diverted_units", 63264),
                ("incidents", 17),
                ("territories", "菏泽|曹县|单县|成武"),
                ("severity", "high"),
                ("fine", 316320),
            ],
        ),
        _f(
            "stock_discrepancy:D017",
            c,
            "stock_discrepancy",
            "dealer",
            "D017",
            4294,
            [("units_unexplained", 4294), ("mismatches", 6)],
        ),
        _f(
            "credit_risk:D017",
            "01_channel_diagnosis",
            "credit_risk",
            "dealer",
            "D017",
            4.03,
            [
                ("flagged", "debt_to_equity"),
                ("debt_to_equity", 4.03),
                ("accounts_receivable", 876000),
            ],
        ),
        # dumping in 流通批发 (three markets flooded by D017)
        _f(
            "dumping:曹县",
            c,
            "dumping",
            "channel",
            "流通批发",
            0.077,
            [
                ("product", "牛肉酱 200g"),
                ("territory", "曹县"),
                ("level", "wholesale"),
                ("price", 7.20),
                ("floor", 7.80),
                ("gap_pct", 0.077),
            ],
            detail="牛肉酱 200g · 曹县 · 流通批发",
        ),
        _f(
            "dumping:菏泽",
            c,
            "dumping",
            "channel",
            "流通批发",
            0.051,
            [
                ("product", "牛肉酱 200g"),
                ("territory", "菏泽"),
                ("level", "wholesale"),
                ("price", 7.40),
                ("floor", 7.80),
                ("gap_pct", 0.051),
            ],
            detail="牛肉酱 200g · 菏泽 · 流通批发",
        ),
        _f(
            "dumping:单县",
            c,
            "dumping",
            "channel",
            "流通批发",
            0.038,
            [
                ("product", "香菇酱 180g"),
                ("territory", "单县"),
                ("level", "wholesale"),
                ("price", 6.25),
                ("floor", 6.50),
                ("gap_pct", 0.038),
            ],
            detail="香菇酱 180g · 单县 · 流通批发",
        ),
        _f(
            "channel_deepen:流通批发",
            k,
            "channel_deepen",
            "channel",
            "流通批发",
            41_400_000,
            [("growth", 0.094), ("contribution", 12_600_000), ("uplift", 4_140_000)],
            effect=4_140_000.0,
            effect_basis="uplift",
        ),
        # 信阳: lapsed, not blind
        _f(
            "lapsed_authorization:信阳",
            c,
            "lapsed_authorization",
            "territory",
            "信阳",
            1830,
            [("dealer", "D041"), ("end", "2025-09-30"), ("units_after", 1830)],
        ),
        _f(
            "blind_spot:信阳",
            c,
            "blind_spot",
            "territory",
            "信阳",
            92,
            [("product_line", "酱类"), ("days", 92)],
        ),
        _f("county_gap:信阳", "01_channel_diagnosis", "county_gap", "territory", "信阳", 1, []),
        # the Henan price list: ten pairs, one cause
        *[
            _f(
                f"arbitrage:{s}>{t}",
                c,
                "arbitrage",
                "price_list",
                "河南",
                g,
                [
                    ("source", s),
                    ("destination", t),
                    ("net_source", ns),
                    ("net_destination", nd),
                    ("freight", fr),
                    ("gap", g),
                ],
                detail=f"{s} → {t}",
            )
            for s, t, ns, nd, fr, g in _PAIRS
        ],
        _f(
            "rebate_cliffs",
            "01_channel_diagnosis",
            "rebate_cliffs",
            "rebate_ladder",
            "",
            626000,
            [
                ("whole", 1_200_000),
                ("marginal", 574_000),
                ("saving", 626_000),
                ("near", 5),
                ("losers_over", 3),
                ("year_one_saving", 410_000),
                ("transition_share", 0.3),
            ],
            effect=626_000.0,
            effect_basis="rebate_saved",
        ),
        # a pool of dealers warned
        *[
            _f(
                f"diversion:{dl}",
                c,
                "diversion",
                "dealer",
                dl,
                rate,
                [
                    ("diversion_rate", rate),
                    ("diverted_units", u),
                    ("incidents", 2),
                    ("territories", terr),
                    ("severity", "low"),
                    ("fine", 0),
                ],
            )
            for dl, rate, u, terr in [
                ("D003", 0.031, 820, "菏泽"),
                ("D008", 0.024, 610, "单县|曹县"),
                ("D022", 0.036, 905, "曹县"),
            ]
        ],
        _f(
            "unknown_codes",
            c,
            "unknown_codes",
            "codes",
            "",
            60,
            [("codes", 60), ("territories", "郑州|洛阳|开封")],
        ),
        _f("strategy_unknown", "01_channel_diagnosis", "strategy_unknown", "company", "", 0, []),
        _f(
            "channel_keep:校园特通",
            k,
            "channel_keep",
            "channel",
            "校园特通",
            1_180_000,
            [
                ("growth", 0.135),
                ("company_growth", 0.082),
                ("achievement", 1.029),
                ("company_achievement", 0.95),
                ("contribution", 1_180_000),
                ("seed_action", "exit"),
            ],
            effect=1_180_000.0,
            effect_basis="contribution_protected",
        ),
        _f(
            "channel_cut_cost:便利连锁",
            k,
            "channel_cut_cost",
            "channel",
            "便利连锁",
            -480_000,
            [
                ("contribution", -480_000),
                ("fixed_cost", 3_700_000),
                ("avoidable_fixed", 0.5),
                ("exit_effect", -1_370_000),
            ],
            effect=480_000.0,
            effect_basis="loss_stopped",
        ),
        # needing no action
        _f("low_loyalty:D040", d, "low_loyalty", "dealer", "D040", 58, [("loyalty", 58)]),
        _f(
            "channel_below_target:餐饮",
            k,
            "channel_below_target",
            "channel",
            "餐饮",
            0.766,
            [("achievement", 0.766)],
        ),
        _f("reach_control", "01_channel_diagnosis", "reach_control", "company", "", 1, []),
        _f(
            "trigger_not_met:underused",
            "01_channel_diagnosis",
            "trigger_not_met",
            "company",
            "",
            0,
            [("trigger", "underused")],
        ),
    ]
    return pd.DataFrame(rows)


def _d(
    rank,
    priority,
    sk,
    subject,
    action,
    owner,
    horizon,
    kpi,
    target,
    finds,
    kinds,
    sections,
    *,
    effect=NAN,
    effect_basis="",
    exposure=NAN,
    exposure_basis="",
    members=(),
    depends_on=(),
    linked=(),
    facts=(),
) -> dict:
    return {
        "decision": f"{sk}:{subject}:{action}",
        "rank": rank,
        "priority": priority,
        "subject_kind": sk,
        "subject": subject,
        "members": list(members),
        "action": action,
        "owner": owner,
        "horizon_days": horizon,
        "kpi": kpi,
        "kpi_target": float(target),
        "effect": float(effect),
        "effect_basis": effect_basis,
        "exposure": float(exposure),
        "exposure_basis": exposure_basis,
        "depends_on": list(depends_on),
        "linked": list(linked),
        "findings": list(finds),
        "kinds": list(kinds),
        "sections": list(sections),
        "mode": "policy",
        "principle": "handle_conflict",
        "source": "ch8_adjustment",
        "facts": Notes(facts, sep="="),
    }


def decisions() -> pd.DataFrame:
    """Eleven decisions, ranked by priority then effect (not estimated last)."""
    c, d = "04_conflict_review", "03_dealer_evaluation"
    rows = [
        _d(
            1,
            1,
            "channel",
            "流通批发",
            "enforce_price_floor",
            "channel_manager",
            30,
            "price_breaches",
            0,
            ["dumping:曹县", "dumping:菏泽", "dumping:单县"],
            ["dumping"],
            [c],
            effect=520_000,
            effect_basis="contribution_protected",
            members=[
                "牛肉酱 200g · 曹县 · 流通批发",
                "牛肉酱 200g · 菏泽 · 流通批发",
                "香菇酱 180g · 单县 · 流通批发",
            ],
        ),
        _d(
            2,
            1,
            "dealer",
            "D017",
            "replace_dealer",
            "regional_manager",
            90,
            "diversion_rate",
            0.02,
            [
                "dealer_disqualified:D017",
                "diversion:D017",
                "stock_discrepancy:D017",
                "credit_risk:D017",
            ],
            ["dealer_disqualified", "diversion", "stock_discrepancy", "credit_risk"],
            [d, c, "01_channel_diagnosis"],
            exposure=4_012_000,
            exposure_basis="dealer_sales",
            linked=[ID_REBATE],
            facts=[
                ("diversion_rate", 0.261),
                ("units_unexplained", 4294),
                ("debt_to_equity", 4.03),
                ("complaints", 4),
                ("peak_month", "2025-11"),
            ],
        ),
        _d(
            3,
            1,
            "territory",
            "信阳",
            "renew_authorization",
            "regional_manager",
            30,
            "authorization_renewed",
            NAN,
            ["lapsed_authorization:信阳", "blind_spot:信阳", "county_gap:信阳"],
            ["lapsed_authorization", "blind_spot", "county_gap"],
            [c, "01_channel_diagnosis"],
        ),
        _d(
            4,
            1,
            "dealers",
            "warn_diversion",
            "warn_diversion",
            "regional_manager",
            30,
            "diversion_rate",
            0.02,
            ["diversion:D003", "diversion:D008", "diversion:D022"],
            ["diversion"],
            [c],
            members=["D003", "D008", "D022"],
        ),
        _d(
            5,
            1,
            "codes",
            "",
            "check_counterfeit",
            "marketing",
            30,
            "codes_traced",
            60,
            ["unknown_codes"],
            ["unknown_codes"],
            [c],
            members=["郑州", "洛阳", "开封"],
        ),
        _d(
            6,
            2,
            "channel",
            "流通批发",
            "deepen_channel",
            "sales_director",
            365,
            "channel_growth",
            0.10,
            ["channel_deepen:流通批发"],
            ["channel_deepen"],
            ["02_channel_scoring"],
            effect=4_140_000,
            effect_basis="uplift",
            depends_on=[ID_FLOOR, ID_D017],
            facts=[("first", ID_FLOOR)],
        ),
        _d(
            7,
            2,
            "channel",
            "校园特通",
            "keep_and_grow",
            "channel_manager",
            365,
            "channel_contribution",
            1_300_000,
            ["channel_keep:校园特通"],
            ["channel_keep"],
            ["02_channel_scoring"],
            effect=1_180_000,
            effect_basis="contribution_protected",
        ),
        _d(
            8,
            2,
            "rebate_ladder",
            "",
            "marginal_rebates",
            "finance",
            180,
            "rebate_scheme_signed",
            NAN,
            ["rebate_cliffs"],
            ["rebate_cliffs"],
            ["01_channel_diagnosis"],
            effect=626_000,
            effect_basis="rebate_saved",
            linked=[ID_D017],
            facts=[("peak_month", "2025-11")],
        ),
        _d(
            9,
            2,
            "channel",
            "便利连锁",
            "cut_cost_before_exit",
            "sales_director",
            180,
            "fixed_cost_removed",
            480_000,
            ["channel_cut_cost:便利连锁"],
            ["channel_cut_cost"],
            ["02_channel_scoring"],
            effect=480_000,
            effect_basis="loss_stopped",
        ),
        _d(
            10,
            2,
            "price_list",
            "河南",
            "align_territory_terms",
            "sales_director",
            180,
            "net_price_gap",
            0.10,
            [f"arbitrage:{s}>{t}" for s, t, *_ in _PAIRS],
            ["arbitrage"],
            [c],
            exposure=310_000,
            exposure_basis="arbitrage_margin",
            members=[f"{s} → {t}" for s, t, *_ in _PAIRS],
        ),
        _d(
            11,
            3,
            "company",
            "",
            "confirm_strategy",
            "sales_director",
            90,
            "strategy_confirmed",
            NAN,
            ["strategy_unknown"],
            ["strategy_unknown"],
            ["01_channel_diagnosis"],
        ),
    ]
    return pd.DataFrame(rows)


def no_action() -> pd.DataFrame:
    """The findings needing no action, with why."""
    return pd.DataFrame(
        {
            "finding": [
                "low_loyalty:D040",
                "channel_below_target:餐饮",
                "reach_control",
                "trigger_not_met:underused",
            ],
            "kind": ["low_loyalty", "channel_below_target", "reach_control", "trigger_not_met"],
            "subject": ["D040", "餐饮", "", ""],
            "reason": ["within_tolerance", "within_tolerance", "covered_by", "informational"],
            "covered_by": ["", "", ID_POOL, ""],
        }
    )


#: What the summary is told about the company (`text.summary_text`'s ``situation``).
SITUATION = {"sales": 91_400_000.0, "growth": 0.082, "contribution": 23_100_000.0}
