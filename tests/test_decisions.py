"""Findings → decisions (docs/method.md §6): hand-built clients for each rule, every expected
value worked by hand; the rules file checked; every finding of every sample accounted for."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import sample_client

from chananalysis.errors import InputDataError
from chananalysis.methods.findings import (
    FINDING_COLUMNS,
    conflict_review_findings,
    dealer_findings,
    diagnosis_findings,
    lapsed_authorizations,
    rebate_transition,
)
from chananalysis.methods.notes import Notes
from chananalysis.methods.recommendations import (
    DECISION_COLUMNS,
    HORIZONS,
    OWNERS,
    load_decision_rules,
    recommendations,
)

NAN = math.nan


def finding(
    kind,
    subject,
    subject_kind="dealer",
    *,
    detail="",
    effect=NAN,
    effect_basis="",
    exposure=NAN,
    exposure_basis="",
    value=1.0,
    **facts,
):
    return {
        "finding": f"{kind}:{subject}:{detail}",
        "section": "04_conflict_review",
        "kind": kind,
        "subject_kind": subject_kind,
        "subject": subject,
        "detail": detail,
        "value": value,
        "effect": effect,
        "effect_basis": effect_basis if effect == effect else "",
        "exposure": exposure,
        "exposure_basis": exposure_basis if exposure == exposure else "",
        "facts": Notes([(k, str(v)) for k, v in facts.items()], sep="="),
    }


def decide(rows):
    return recommendations(pd.DataFrame(rows, columns=FINDING_COLUMNS))


def test_a_dealer_with_four_kinds_of_problem_is_one_decision():
    decisions, no_action = decide(
        [
            finding(
                "dealer_disqualified", "D017", exposure=4_012_000.0, exposure_basis="dealer_sales"
            ),
            finding("diversion", "D017", diversion_rate=0.261),
            finding("stock_discrepancy", "D017", value=4294.0),
            finding("credit_risk", "D017", exposure=238_300.0, exposure_basis="receivables"),
        ]
    )
    assert len(decisions) == 1 and no_action.empty
    d = decisions.iloc[0]
    assert (d["subject"], d["action"], d["priority"]) == ("D017", "replace_dealer", 1)
    assert d["kinds"] == ["dealer_disqualified", "diversion", "credit_risk", "stock_discrepancy"]
    assert len(d["findings"]) == 4
    # the KPI is the diversion's: below 2 % within 90 days
    assert (d["kpi"], d["kpi_target"], d["horizon_days"]) == ("diversion_rate", 0.02, 90)
    # exposure 4,012,000 + 238,300 = 4,250,300; no effect is estimated
    assert d["exposure"] == 4_250_300.0 and math.isnan(d["effect"])


def test_routine_dealer_findings_are_pooled_and_the_strong_ones_are_not():
    decisions, _ = decide(
        [
            finding("credit_risk", "D010", exposure=875_700.0, exposure_basis="receivables"),
            finding("stock_discrepancy", "D010", value=77.0),
            finding("credit_risk", "D019", exposure=618_800.0, exposure_basis="receivables"),
            finding("diversion", "D055"),
        ]
    )
    by = decisions.set_index("decision")
    credit = by.loc["dealers:tighten_credit:tighten_credit"]
    assert credit["members"] == ["D010", "D019"]
    assert credit["exposure"] == 875_700.0 + 618_800.0 == 1_494_500.0
    assert credit["owner"] == "finance" and credit["horizon_days"] == 30
    assert by.loc["dealer:D055:stop_diversion", "members"] == []


def test_arbitrage_pairs_on_one_price_list_are_one_decision():
    arb = pd.DataFrame(
        {
            "source": ["商丘", "兰考", "濮阳", "安阳"],
            "destination": ["菏泽", "菏泽", "菏泽", "邯郸"],
            "net_source": [7.735] * 4,
            "net_destination": [8.277, 8.277, 8.277, 8.188],
            "freight": [0.13, 0.16, 0.17, 0.11],
            "gap": [0.412, 0.382, 0.372, 0.343],
            "incentive": [True] * 4,
            "exposure": [109_534.32, 101_558.52, 98_899.92, 21_728.364],
        }
    )
    terr = pd.DataFrame(
        {
            "territory": ["商丘", "兰考", "濮阳", "安阳", "菏泽", "邯郸"],
            "province": ["河南"] * 4 + ["山东", "河北"],
        }
    )
    decisions, _ = recommendations(conflict_review_findings(arbitrage=arb, territories=terr))
    assert len(decisions) == 1
    d = decisions.iloc[0]
    assert (d["subject_kind"], d["subject"], d["action"]) == (
        "price_list",
        "河南",
        "align_territory_terms",
    )
    assert d["members"] == ["商丘 → 菏泽", "兰考 → 菏泽", "濮阳 → 菏泽", "安阳 → 邯郸"]
    # exposure counted once per destination: 菏泽's largest pair + 邯郸's
    assert d["exposure"] == pytest.approx(109_534.32 + 21_728.364)
    assert d["exposure_basis"] == "arbitrage_margin" and math.isnan(d["effect"])


def test_pairs_without_provinces_group_by_the_source_net_price():
    arb = pd.DataFrame(
        {
            "source": ["A", "B"],
            "destination": ["C", "D"],
            "net_source": [7.735, 7.9],
            "net_destination": [8.3, 8.3],
            "freight": [0.1, 0.1],
            "gap": [0.465, 0.3],
            "incentive": [True, True],
            "exposure": [10.0, 5.0],
        }
    )
    f = conflict_review_findings(arbitrage=arb)
    assert f["subject"].tolist() == ["7.74", "7.90"]


@pytest.fixture
def lapsed_client():
    auth = pd.DataFrame(
        {
            "dealer": ["D041", "D041", "D009"],
            "territory": ["信阳", "信阳", "兰考"],
            "product_line": ["酱料", "下饭菜", "酱料"],
            "start": pd.to_datetime(["2025-01-01", "2025-01-01", "2024-01-01"]),
            "end": pd.to_datetime(["2025-09-30", "2025-09-30", "2024-06-30"]),
        }
    )
    blind = pd.DataFrame(
        {
            "territory": ["信阳", "信阳", "兰考"],
            "product_line": ["酱料", "下饭菜", "酱料"],
            "start": pd.to_datetime(["2025-10-01", "2025-10-01", "2025-01-01"]),
            "end": pd.to_datetime(["2025-12-31", "2025-12-31", "2025-12-31"]),
            "days": [92, 92, 365],
        }
    )
    ship = pd.DataFrame(
        {
            "code": ["a", "b", "c", "z"],
            "dealer": ["D041", "D041", "D041", "D009"],
            "ship_date": pd.to_datetime(["2025-09-01", "2025-09-20", "2025-10-15", "2024-05-01"]),
            "quantity": [24, 12, 6, 100],
        }
    )
    scans = pd.DataFrame(
        {
            "code": ["a", "b", "z"],
            "territory": ["信阳", "信阳", "兰考"],
            "scan_date": pd.to_datetime(["2025-09-10", "2025-11-02", "2024-05-20"]),
        }
    )
    return auth, blind, ship, scans


def test_a_lapsed_authorization_with_shipments_and_scans_is_renewed(lapsed_client):
    auth, blind, ship, scans = lapsed_client
    lapsed = lapsed_authorizations(blind, auth, shipments=ship, scans=scans)
    # 信阳: code c shipped after the end (6) + code b shipped before, scanned after (12) = 18;
    # 兰考: D009 left in 2024 and nothing of it is seen after: a real blind spot
    assert lapsed[["territory", "dealer", "units_after"]].values.tolist() == [["信阳", "D041", 18]]
    f = conflict_review_findings(blind_spots=blind, lapsed=lapsed)
    f = pd.concat([f, diagnosis_findings(county_gaps=["信阳", "兰考"])], ignore_index=True)
    decisions, _ = recommendations(f)
    by = decisions.set_index("subject")
    assert by.loc["信阳", "action"] == "renew_authorization"
    assert (by.loc["信阳", "horizon_days"], by.loc["信阳", "priority"]) == (30, 1)
    # the blind spots and the county gap of 信阳 are evidence of the renewal, one decision
    assert by.loc["信阳", "kinds"] == ["lapsed_authorization", "blind_spot", "county_gap"]
    assert by.loc["兰考", "action"] == "appoint_member"
    assert len(decisions) == 2


def test_an_active_dealer_whose_contract_lapsed_is_renewed(lapsed_client):
    auth, blind, ship, _ = lapsed_client
    ship = ship[ship["ship_date"] <= "2025-09-30"]  # nothing after the end
    listed = pd.DataFrame({"dealer": ["D041"], "territory": ["信阳"]})
    assert lapsed_authorizations(blind, auth, shipments=ship).empty
    got = lapsed_authorizations(blind, auth, shipments=ship, dealers=listed)
    # last shipment 2025-09-20, 10 days before the end: active up to it
    assert got[["territory", "units_after"]].values.tolist() == [["信阳", 0]]
    assert got["last_activity"].iloc[0] == pd.Timestamp("2025-09-20")
    assert lapsed_authorizations(blind, auth, shipments=ship, dealers=listed, active_days=5).empty


def channel_row(kind, channel, effect=NAN, **facts):
    return finding(
        kind,
        channel,
        "channel",
        effect=effect,
        effect_basis="uplift" if effect == effect else "",
        **facts,
    )


def test_investment_waits_for_the_conflicts_in_its_markets():
    rows = [
        channel_row("channel_deepen", "流通批发", effect=4_140_000.0, uplift=0.1),
        finding(
            "dumping", "流通批发", "channel", detail="牛肉酱 · 曹县 · level2", territory="曹县"
        ),
        finding(
            "dumping", "流通批发", "channel", detail="下饭菜 · 菏泽 · level2", territory="菏泽"
        ),
        finding("diversion", "D017", territories="单县|曹县|菏泽"),
        finding("diversion", "D002", territories="新乡|许昌"),
        channel_row("channel_keep", "餐饮", effect=924_000.0, company_growth=0.09),
    ]
    decisions, _ = decide(rows)
    by = decisions.set_index("decision")
    assert by.loc["channel:流通批发:deepen_channel", "depends_on"] == [
        "channel:流通批发:enforce_price_floor",
        "dealer:D017:stop_diversion",
    ]
    assert by.loc["channel:流通批发:enforce_price_floor", "members"] == [
        "牛肉酱 · 曹县 · level2",
        "下饭菜 · 菏泽 · level2",
    ]
    assert by.loc["channel:餐饮:keep_and_grow", "depends_on"] == []  # no conflict there
    # the same channel has two decisions: fix the prices (priority 1), then invest (2)
    assert by.loc["channel:流通批发:enforce_price_floor", "priority"] == 1
    assert by.loc["channel:流通批发:deepen_channel", "priority"] == 2


def test_a_dependency_is_at_least_as_urgent_as_what_waits_for_it():
    import yaml

    from chananalysis.methods.recommendations import _default_rules_path

    raw = yaml.safe_load(_default_rules_path().read_text(encoding="utf-8"))
    raw["kinds"]["dumping"].update(priority=3, horizon=365)  # the price floor: only "watch"
    decisions, _ = recommendations(
        pd.DataFrame(
            [
                channel_row("channel_deepen", "A", effect=1.0, uplift=0.1),
                finding("dumping", "A", "channel", detail="p · t", territory="t"),
            ],
            columns=FINDING_COLUMNS,
        ),
        rules=raw,
    )
    # the investment (priority 2) waits for the price floor, which is raised to 2
    assert decisions.set_index("action")["priority"].to_dict() == {
        "enforce_price_floor": 2,
        "deepen_channel": 2,
    }


def test_a_diversion_peak_before_the_year_end_links_the_rebate_ladder():
    transition = rebate_transition(
        pd.DataFrame(
            {"whole": [297_150.0, 12_120.0], "marginal": [167_150.0, 2_120.0]},
            index=pd.Index(["D001", "D003"], name="dealer"),
        )
    )
    f = pd.concat(
        [
            diagnosis_findings(
                transition=transition,
                diversion_by_month=pd.Series({"2025-10": 9132, "2025-11": 19344, "2025-12": 7500}),
                period_end=pd.Timestamp("2025-12-31"),
            ),
            pd.DataFrame(
                [
                    finding("diversion", "D017", months="2025-10|2025-11"),
                    finding("diversion", "D002", months="2025-12"),
                ],
                columns=FINDING_COLUMNS,
            ),
        ],
        ignore_index=True,
    )
    decisions, _ = recommendations(f)
    by = decisions.set_index("decision")
    ladder = by.loc["rebate_ladder::marginal_rebates"]
    assert ladder["kinds"] == ["rebate_cliffs", "diversion_peak"]
    assert ladder["linked"] == ["dealer:D017:stop_diversion"]
    assert by.loc["dealer:D017:stop_diversion", "linked"] == ["rebate_ladder::marginal_rebates"]
    assert by.loc["dealer:D002:stop_diversion", "linked"] == []
    assert dict(ladder["facts"])["peak_month"] == "2025-11"
    # the saving: (297,150 − 167,150) + (12,120 − 2,120) = 140,000 a year
    assert (ladder["effect"], ladder["effect_basis"]) == (140_000.0, "rebate_saved")


def test_a_peak_three_months_before_the_year_end_is_not_linked():
    f = diagnosis_findings(
        diversion_by_month=pd.Series({"2025-09": 12432, "2025-11": 100}),
        period_end=pd.Timestamp("2025-12-31"),
    )
    assert f.empty


def test_the_rebate_switch_states_who_loses_how_much():
    t = rebate_transition(
        pd.DataFrame(
            {
                "whole": [297_150.0, 100_000.0, 50_000.0, 0.0],
                "marginal": [167_150.0, 70_000.0, 36_000.0, 0.0],
            },
            index=pd.Index(["D001", "D002", "D003", "D004"], name="dealer"),
        )
    )
    # D001 loses 130,000 = 43.7 % (> 30 %: keeps the old ladder a year); D002 loses exactly
    # 30 % (switches at once); D003 28 %; D004 earned nothing
    assert t.index.tolist() == ["D001", "D002", "D003", "D004"]
    assert t["loss"].tolist() == [130_000.0, 30_000.0, 14_000.0, 0.0]
    assert t["keeps_old"].tolist() == [True, False, False, False]
    assert t["saving_year_one"].sum() == 44_000.0
    f = diagnosis_findings(transition=t, near_cliffs=2)
    facts = dict(f["facts"].iloc[0])
    assert float(facts["saving"]) == 174_000.0 and float(facts["year_one_saving"]) == 44_000.0
    assert facts["losers_over"] == "1" and facts["largest_loser"] == "D001"


def test_effect_and_exposure_are_never_summed():
    decisions, _ = decide(
        [
            channel_row("channel_deepen", "A", effect=100.0, uplift=0.1),
            finding("credit_risk", "D1", exposure=5_000.0, exposure_basis="receivables"),
            finding(
                "dealer_disqualified", "D2", exposure=1_000_000.0, exposure_basis="dealer_sales"
            ),
        ]
    )
    by = decisions.set_index("subject")
    assert by.loc["A", "effect"] == 100.0 and math.isnan(by.loc["A", "exposure"])
    assert math.isnan(by.loc["D2", "effect"]) and by.loc["D2", "exposure"] == 1_000_000.0
    # ranked by priority, then effect: exposure never outranks an effect
    assert decisions["subject"].tolist() == ["D2", "tighten_credit", "A"]


def test_minor_diversion_and_quiet_triggers_need_no_decision():
    by_dealer = pd.DataFrame(
        {
            "diverted_units": [10, 500, 0],
            "diversion_rate": [0.004, 0.03, 0.0],
            "incidents": [1, 2, 0],
            "severity": ["normal", "watch", "normal"],
            "fine": [0.0] * 3,
        },
        index=pd.Index(["D1", "D2", "D3"], name="dealer"),
    )
    f = conflict_review_findings(by_dealer=by_dealer)
    assert f["kind"].tolist() == ["diversion_minor", "diversion_watch"]
    decisions, no_action = recommendations(f)
    assert no_action[["subject", "reason"]].values.tolist() == [["D1", "within_tolerance"]]
    assert decisions["decision"].tolist() == ["dealers:warn_diversion:warn_diversion"]


def test_codes_scanned_but_never_shipped_call_for_a_counterfeit_check():
    unknown = pd.DataFrame(
        {"code": ["X1", "X2", "X3"], "territory": ["曹县", "郑州", "郑州"], "scans": [1, 2, 1]}
    )
    decisions, _ = recommendations(conflict_review_findings(unknown_codes=unknown))
    d = decisions.iloc[0]
    assert (d["action"], d["kpi"], d["kpi_target"], d["horizon_days"]) == (
        "check_counterfeit",
        "codes_traced",
        3.0,
        30,
    )


def test_role_mismatch_and_low_loyalty_end_in_decisions():
    fit = pd.DataFrame(
        {"market_role": ["base"], "best_role": ["potential"], "gap": [5.1], "mismatch": [True]},
        index=pd.Index(["D002"], name="dealer"),
    )
    loyal = pd.DataFrame({"loyalty": [51.0]}, index=pd.Index(["D037"], name="dealer"))
    f = dealer_findings(fit=fit, low_loyalty=loyal, loyalty_below=60.0)
    decisions, no_action = recommendations(f)
    assert decisions["action"].tolist() == ["reassign_roles", "strengthen_loyalty"]
    assert decisions.set_index("action").loc["strengthen_loyalty", "kpi_target"] == 60.0
    assert no_action.empty


def test_rules_are_checked(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "kinds:\n  diversion: {family: dealer, strength: 1, action: x, priority: 1,"
        " owner: boss, horizon: 90, kpi: k, target: 0, mode: policy,"
        " principle: add_value, source: s}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputDataError, match='owner "boss" is not one of'):
        load_decision_rules(rules=bad)
    bad.write_text(
        bad.read_text()
        .replace("owner: boss", "owner: finance")
        .replace("horizon: 90", "horizon: 365"),
        encoding="utf-8",
    )
    with pytest.raises(InputDataError, match="priority 1 means within 90 days"):
        load_decision_rules(rules=bad)
    with pytest.raises(InputDataError, match="no decision rule for kind"):
        decide([finding("nonsense", "X")])
    with pytest.raises(InputDataError, match="used twice"):
        decide([finding("diversion", "X"), finding("diversion", "X")])


SAMPLES = ("seasoning", "feed", "cosmetics")


@pytest.fixture(scope="module")
def sample_reviews():
    from chananalysis.sections.recommendations import review

    return {c: review.review(sample_client(c)) for c in SAMPLES}


@pytest.mark.slow
@pytest.mark.parametrize("client", SAMPLES)
def test_every_finding_ends_in_one_decision_or_no_action(sample_reviews, client):
    r = sample_reviews[client]
    assert list(r.decisions.columns) == DECISION_COLUMNS
    placed = [f for fs in r.decisions["findings"] for f in fs] + list(r.no_action["finding"])
    assert sorted(placed) == sorted(r.findings["finding"])  # each exactly once
    d = r.decisions
    assert d["owner"].isin(OWNERS).all() and d["horizon_days"].isin(HORIZONS).all()
    assert d["kpi"].astype(bool).all() and d["kpi_target"].notna().all()  # 1: a milestone
    assert (d.loc[d["priority"] == 1, "horizon_days"] <= 90).all()
    ids = set(d["decision"])
    assert all(set(dep) <= ids for dep in d["depends_on"])
    assert d["decision"].is_unique


@pytest.mark.slow
def test_the_seasoning_storyline(sample_reviews):
    d = sample_reviews["seasoning"].decisions.set_index("decision")
    d017 = d.loc["dealer:D017:replace_dealer"]
    assert d017["kinds"][:2] == ["dealer_disqualified", "diversion"]
    assert "stock_discrepancy" in d017["kinds"]
    assert d.loc["territory:信阳:renew_authorization", "horizon_days"] == 30
    assert "territory:信阳:appoint_member" not in d.index
    deepen = d.loc["channel:流通批发:deepen_channel"]
    assert {"channel:流通批发:enforce_price_floor", "dealer:D017:replace_dealer"} <= set(
        deepen["depends_on"]
    )
    assert len(d.loc["price_list:河南:align_territory_terms", "members"]) == 10
    assert "codes::check_counterfeit" in d.index
    # whole-volume 1,204,140 − marginal 574,140 (section 01, docs/methods.md) = 630,000
    assert d.loc["rebate_ladder::marginal_rebates", "effect"] == 630_000.0


def test_every_code_of_the_rules_has_words():
    from pathlib import Path

    import yaml

    import chananalysis

    path = Path(chananalysis.__file__).parent / "sections" / "recommendations" / "messages.yaml"
    words = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = []
    for kind, rule in load_decision_rules()["kinds"].items():
        keys = (
            [f"rc_fp_{kind}"]
            if kind not in ("channel_nurture", "diversion_watch", "diversion_minor")
            else []
        )
        if rule["no_action"] is None:
            keys += [
                f"rc_do_{rule['action']}",
                f"rc_kpi_{rule['kpi']}",
                f"rc_owner_{rule['owner']}",
            ]
        else:
            keys.append(f"rc_na_{rule['no_action']}")
        missing += [k for k in keys if not {"zh", "en"} <= set(words.get(k) or {})]
    assert missing == []


def test_a_pool_counts_its_dealers_as_its_target():
    stars = pd.DataFrame(
        {
            "total": [112.0, 99.0, 70.0],
            "stars": [5, 5, 3],
            "disqualified": [False, False, False],
            "veto_count": [0, 0, 0],
        },
        index=pd.Index(["D052", "D059", "D001"], name="dealer"),
    )
    decisions, _ = recommendations(dealer_findings(league=stars))
    d = decisions.iloc[0]
    assert (d["action"], d["members"], d["kpi"], d["kpi_target"]) == (
        "reward_stars",
        ["D052", "D059"],
        "stars_rewarded",
        2.0,
    )


@pytest.mark.slow
@pytest.mark.parametrize("client", SAMPLES)
def test_the_triggers_evidence_is_words_not_codes(sample_reviews, client):
    import re

    from chananalysis.sections.recommendations.text import triggers_table

    for lang in ("zh", "en"):
        for cell in triggers_table(sample_reviews[client], lang)["evidence"]:
            assert "=" not in cell and not re.search(r"[a-z]+\\?_[a-z]+", cell), cell


def test_a_trigger_not_met_is_named_in_the_no_action_list():
    from chananalysis.methods.findings import trigger_findings
    from chananalysis.sections.recommendations.text import finding_phrase

    t = pd.DataFrame(
        {"status": ["not_met"], "evidence": ["county_coverage=0.98"], "basis": [""]},
        index=pd.Index(["reach_control"], name="trigger"),
    )
    f = trigger_findings(t)
    _, no_action = recommendations(f)
    assert no_action[["kind", "reason"]].values.tolist() == [
        ["trigger_not_met", "within_tolerance"]
    ]
    assert (
        finding_phrase(f.iloc[0], "zh", currency="CNY", names={})
        == "“渠道的辐射力与控制力不足”未出现"
    )
