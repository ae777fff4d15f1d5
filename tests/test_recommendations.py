"""Integration recommendations (docs/method.md §6): hand-built findings ranked by the YAML rules,
the collectors' money, and section 05 with the executive summary on the samples."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import sample_client

import chananalysis as ca
from chananalysis.display.money import Money
from chananalysis.errors import InputDataError
from chananalysis.methods.notes import Notes
from chananalysis.methods.recommendations import (
    FINDING_COLUMNS,
    channel_findings,
    conflict_rows,
    dealer_findings,
    diagnosis_findings,
    load_priority_rules,
    recommendations,
)

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
NAN = math.nan


def finding(kind, subject, amount=NAN, value=NAN, area="x", basis="", facts=""):
    return dict(
        area=area, kind=kind, subject=subject, value=value, amount=amount, basis=basis, facts=facts
    )


def test_hand_built_findings_come_out_in_priority_order():
    f = pd.DataFrame(
        [
            finding("dumping", "酱 · 曹县", value=7),  # 2
            finding("diversion", "D002", amount=50_000.0),  # 2 (≤ 100,000: no escalation)
            finding("diversion", "D017", amount=1_265_280.0),  # 2 → 1 (over 100,000)
            finding("channel_exit", "便利连锁", amount=480_000.0),  # 1
            finding("overlap", "郑州 · 酱料", value=91),  # 1, no money
            finding("stock_discrepancy", "D017", value=4_294),  # 3
            finding("channel_deepen", "流通批发", amount=999_999.0),  # 2 (not over 1,000,000)
        ]
    )
    got = recommendations(f)
    # priority 1 by money: D017 1,265,280 > 便利连锁 480,000 > the overlap (none);
    # priority 2 by money: 流通批发 999,999 > D002 50,000 > dumping (none); then 3
    assert got[["priority", "subject"]].values.tolist() == [
        [1, "D017"],
        [1, "便利连锁"],
        [1, "郑州 · 酱料"],
        [2, "流通批发"],
        [2, "D002"],
        [2, "酱 · 曹县"],
        [3, "D017"],
    ]
    assert set(got["mode"]) <= {"structure", "policy", "regional", "member_relations"}


def test_rules_are_data_and_checked(tmp_path):
    custom = tmp_path / "rules.yaml"
    custom.write_text(
        "dumping: {priority: 1, action: enforce_price_floor, mode: policy, "
        "principle: handle_conflict}\n",
        encoding="utf-8",
    )
    f = pd.DataFrame([finding("dumping", "酱")])
    assert recommendations(f, rules=custom)["priority"].tolist() == [1]
    with pytest.raises(InputDataError, match="no priority rule for kind"):
        recommendations(pd.DataFrame([finding("diversion", "D1")]), rules=custom)
    bad = {"dumping": {"priority": 4, "action": "x", "mode": "policy", "principle": "add_value"}}
    with pytest.raises(InputDataError, match="priority 4 is not 1, 2 or 3"):
        load_priority_rules(rules=bad)
    bad = {"dumping": {"priority": 1, "action": "x", "mode": "pricing", "principle": "add_value"}}
    with pytest.raises(InputDataError, match=r"mode .pricing. is not one of"):
        load_priority_rules(rules=bad)


def test_channel_money_follows_the_stated_assumptions():
    j = pd.DataFrame(
        {
            "action": ["exit", "exit", "nurture", "deepen", "optimize"],
            "reason": ["", "", "new_channel", "", ""],
            "growth": [-0.1, 0.13, NAN, 0.07, 0.02],
            "contribution": [-480_000.0, 1_335_000.0, -100_000.0, 38_300_000.0, 11_560_000.0],
            "fixed_cost": [3_700_000.0, 450_000.0, 1_900_000.0, 3_100_000.0, 4_400_000.0],
            "exit_loss": [0.0, 1_335_000.0, 0.0, 0.0, 0.0],
        },
        index=pd.Index(["便利连锁", "校园特通", "电商直销", "流通批发", "KA卖场"], name="channel"),
    )
    got = channel_findings(j, deepen_uplift=0.10).set_index("subject")
    assert got.loc["便利连锁", ["kind", "amount"]].tolist() == ["channel_exit", 480_000.0]
    assert got.loc["校园特通", ["kind", "amount", "basis"]].tolist() == [
        "channel_exit_costly",
        1_335_000.0,
        "contribution_lost",
    ]
    # a new channel still losing money: nothing protected
    assert got.loc["电商直销", "kind"] == "channel_nurture" and math.isnan(
        got.loc["电商直销", "amount"]
    )
    # deepen: 10 % × (38,300,000 + 3,100,000) = 4,140,000
    assert got.loc["流通批发", "amount"] == pytest.approx(4_140_000)
    assert math.isnan(got.loc["KA卖场", "amount"])


def test_dealer_conflict_and_diagnosis_collectors():
    league = pd.DataFrame(
        {"total": [112.1, 66.7, 70.0], "stars": [5, 0, 2], "disqualified": [False, True, False]},
        index=pd.Index(["D052", "D017", "D003"], name="dealer"),
    ).assign(veto_count=[0, 4, 0])
    d = dealer_findings(league, big_weak=league.loc[["D003"]], sales=pd.Series({"D017": 8.49e6}))
    assert d["kind"].tolist() == ["dealer_disqualified", "dealer_big_weak", "dealer_stars"]
    assert d["amount"].iloc[0] == 8.49e6 and math.isnan(d["amount"].iloc[1])
    # a disqualified dealer is not listed again as big but weak
    again = dealer_findings(league, big_weak=league.loc[["D017", "D003"]])
    assert again["kind"].tolist() == ["dealer_disqualified", "dealer_big_weak", "dealer_stars"]
    assert again["subject"].tolist()[:2] == ["D017", "D003"]
    f = pd.DataFrame(
        {
            "kind": ["diversion"] * 7,
            "type": ["horizontal"] * 7,
            "subject": [f"D{i}" for i in range(7)],
            "level": [None] * 7,
            "units": [10.0, 70.0, 30.0, 40.0, 50.0, 60.0, 20.0],
            "amount": [200.0, 1400.0, 600.0, 800.0, 1000.0, 1200.0, 400.0],
            "days": [NAN] * 7,
        }
    )
    c = conflict_rows(f, per_kind=5)
    assert c["subject"].tolist() == ["D1", "D5", "D4", "D3", "D2"]  # largest fines first
    assert str(c["facts"].iloc[-1]).endswith("more=2")  # D6, D0 left out, counted
    risk = pd.DataFrame(
        {
            "risk": ["high"],
            "flags": [3],
            "flagged": [Notes(["roe"])],
            "accounts_receivable": [238_300.0],
        },
        index=pd.Index(["D018"], name="dealer"),
    )
    g = diagnosis_findings(risk=risk, rebate_saving=0.0)
    assert g["kind"].tolist() == ["credit_risk"]  # no saving, no rebate finding
    assert list(g.columns) == FINDING_COLUMNS


# --- section 05 on the samples -------------------------------------------------------------


@pytest.fixture(scope="module")
def reviews():
    from chananalysis.sections.recommendations import review

    return {c: review.review(sample_client(c)) for c in ("seasoning", "feed", "cosmetics")}


def test_nurture_instead_of_exit_on_the_samples(reviews):
    j = reviews["seasoning"].judgement
    assert j.loc["电商", ["seed_action", "action"]].tolist() == ["exit", "nurture"]
    assert reviews["feed"].judgement.loc["电商直销", "action"] == "nurture"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("client", ["seasoning", "feed", "cosmetics"])
def test_summary_names_only_what_is_in_the_data(reviews, client, lang):
    from chananalysis.sections.recommendations import text

    r = reviews[client]
    data = sample_client(client)
    summary = text.summary_text(r, lang, currency="CNY", client="客户")
    known = set(data.channels["channel"]) | set(data.dealers["dealer"])
    for code in re.findall(r"\bD\d{3}\b", summary):
        assert code in known, code
    top = text.top_decisions(r)
    assert 3 <= len(top) <= 5
    money = Money(lang)
    for _, row in top.iterrows():
        if pd.notna(row["amount"]):
            assert money(row["amount"]) in summary  # every figure, in the reader's units


def test_minimal_client_gets_a_shorter_summary(tmp_path):
    from chananalysis.sections.recommendations import review, text

    book = ca.write_intake_template(tmp_path / "t.xlsx", lang="en")
    data = ca.load_client(book)
    data = data.__class__(path=data.path, client=data.client, channels=data.channels)
    r = review.review(data)
    assert set(r.table["area"]) == {"channels"}
    summary = text.summary_text(r, "en", currency="CNY", client="T")
    assert "recommendations" in summary and "1." in summary
