"""Conflict typing and remedies (docs/method.md §4.5), section 04's review on the sample clients,
and the veto loop: section 03 counting diversion incidents instead of reported ones."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import sample_client

import chananalysis as ca
from chananalysis.errors import InputDataError
from chananalysis.methods.conflict import MEASURES, anti_diversion_measures, conflict_findings
from chananalysis.methods.notes import Notes
from chananalysis.sections.conflict import review as conflict
from chananalysis.sections.conflict import text
from chananalysis.sections.dealers import review as dealers

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


@pytest.fixture(scope="module")
def feed():
    return sample_client("feed")


# --- typing (docs/method.md §4.5) --------------------------------------------------------------


def test_each_kind_of_finding_is_typed_with_its_causes_and_remedies():
    breaches = pd.DataFrame(
        {
            "product": ["酱", "酱", "酱"],
            "level": ["retail", "level2", "retail"],
            "territory": ["菏泽", "菏泽", "菏泽"],
            "channel": ["电商", "流通", "电商"],
            "gap_pct": [-5.0, -2.0, -1.0],
        }
    )
    checks = pd.DataFrame(
        {
            "product": ["酱", "酱"],
            "level": ["level1", "level2"],
            "below_min": [False, True],
            "not_ascending": [False, False],
        }
    )
    arbitrage = pd.DataFrame(
        {
            "source": ["怀化", "邵阳"],
            "destination": ["邵阳", "怀化"],
            "gap": [9.0, -13.0],
            "incentive": [True, False],
            "exposure": [900.0, 0.0],
        }
    )
    f = conflict_findings(breaches=breaches, ladder_checks=checks, arbitrage=arbitrage)
    got = f[["kind", "type", "subject", "level", "units"]].to_dict("records")
    assert got[0] == {
        "kind": "dumping",
        "type": "multi_channel",
        "subject": "酱 · 菏泽 · 电商",
        "level": "retail",
        "units": 2,
    }  # two retail rows in one group
    assert got[1] == {
        "kind": "dumping",
        "type": "vertical",
        "subject": "酱 · 菏泽 · 流通",
        "level": "level2",
        "units": 1,
    }
    assert (got[2]["kind"], got[2]["type"], got[2]["subject"], got[2]["level"]) == (
        "ladder_margin",
        "vertical",
        "酱",
        "level2",
    )
    assert (got[3]["kind"], got[3]["subject"]) == ("arbitrage", "怀化 → 邵阳")  # gap ≤ 0 left out
    assert len(f) == 4
    assert str(f.loc[0, "causes"]) == "goals; resources"
    assert f.loc[3, "prevention"] == Notes(["design", "roles"])


def test_no_findings_gives_an_empty_table_with_the_columns():
    f = conflict_findings(
        by_dealer=pd.DataFrame({"diverted_units": [0], "fine": [0.0]}, index=["D1"])
    )
    assert f.empty and "measures" in f.columns
    assert anti_diversion_measures(f).empty


def test_measures_are_counted_and_ordered_by_need_then_the_seeds_order():
    f = pd.DataFrame(
        {
            "kind": ["diversion", "overlap", "arbitrage"],
            "measures": [
                Notes(["anti_diversion_unit", "price_tiers"]),
                Notes(["stable_dealers"]),
                Notes(["price_tiers", "incentives"]),
            ],
        }
    )
    m = anti_diversion_measures(f)
    assert m.to_dict("records") == [
        {"measure": "price_tiers", "findings": 2, "kinds": Notes(["diversion", "arbitrage"])},
        {"measure": "stable_dealers", "findings": 1, "kinds": Notes(["overlap"])},
        {"measure": "incentives", "findings": 1, "kinds": Notes(["arbitrage"])},
        {"measure": "anti_diversion_unit", "findings": 1, "kinds": Notes(["diversion"])},
    ]
    assert set(m["measure"]) <= set(MEASURES)


# --- section 04 on the feed sample: the seed's case 4 ---------------------------------


def test_feed_shows_the_seeds_case_4_and_the_4_vs_15_percent_pair(feed):
    r = conflict.review(feed, fine_per_unit=20.0)
    inc = r.diversion.incidents.set_index("incident")
    may = inc.loc["D001/2025-05/洞口县城关片"]
    # seed 003 case 4: 60 bags in May, 20 yuan a bag = 1,200 yuan to the harmed dealer
    assert (may["units"], may["fine"], may["receiver"]) == (60, 1200.0, "D002")
    evidence = r.diversion.evidence
    assert (evidence["incident"] == "D001/2025-05/洞口县城关片").sum() == 60
    # seed 003 case 1: goods flow from the 15 % markets (怀化 area) into the 4 % ones
    pairs = r.arbitrage[r.arbitrage["incentive"]]
    assert set(pairs["source"]) == {"溆浦县", "洪江市", "会同县"}
    top = pairs.sort_values("rank").iloc[0]
    assert (top["source"], top["destination"], round(top["gap"], 2)) == (
        "溆浦县",
        "洞口县城关片",
        13.48,
    )
    assert list(dict.fromkeys(r.findings["kind"])) == ["diversion", "dumping", "arbitrage"]
    assert r.measures.iloc[0]["measure"] == "price_tiers"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_section_04_prose_names_the_findings_in_the_report_language(feed, lang):
    r = conflict.review(feed, fine_per_unit=20.0)
    summary = text.summary_text(r, lang, currency="CNY")
    # 230 diverted bags × 20 yuan, in the reader's units
    assert {"zh": "**4,600 元**", "en": "**CNY 4,600**"}[lang] in summary
    remedies = text.remedies_text(r, lang)
    table = text.findings_table(r, lang)
    words = " ".join([summary, remedies, *table.astype(str).to_numpy().ravel()])
    codes = re.findall(r"\b(?:multi_channel|blind_spot|ladder_margin|level[12])\b", words)
    assert codes == []
    if lang == "zh":
        assert "窜货" in summary and "前期防范" in remedies and "水平冲突" in remedies


def test_section_04_skips_what_the_intake_lacks(tmp_path):
    channels = pd.DataFrame(
        {
            "channel": ["KA", "流通"],
            "sales": [1.0, 2.0],
            "sales_prev": [1.0, 2.0],
            "variable_cost_rate": [0.1, 0.1],
            "fixed_cost": [0.0, 0.0],
        }
    )
    folder = ca.write_intake(
        tmp_path / "c",
        {"client": pd.DataFrame({"field": ["client_name"], "value": ["甲"]}), "channels": channels},
    )
    r = conflict.review(ca.load_client(folder))
    assert (r.diversion, r.audit, r.prices, r.arbitrage) == (None, None, None, None)
    assert r.findings.empty
    assert text.summary_text(r, "en").startswith("The review finds no sign")


# --- the veto closes the loop (docs/method.md §4.2 → §2.1) --------------------------------------


def test_veto_can_count_traced_incidents_instead_of_reported_complaints(feed):
    reported = dealers.review(feed)
    traced = dealers.review(feed, veto_source="diversion")
    assert (reported.veto_source, traced.veto_source) == ("kpis", "diversion")
    incidents = conflict.review(feed).diversion.incidents.groupby("dealer").size()
    lg = traced.league
    assert lg.loc["D001", "veto_count"] == incidents["D001"] == 4  # Jan, Feb, Mar, May
    assert lg.loc["D002", "veto_count"] == incidents["D002"] == 3
    clean = lg.index.difference(incidents.index)
    assert (lg.loc[clean, "veto_count"] == 0).all()
    assert bool(lg.loc["D001", "disqualified"])  # 4 ≥ 3 disqualify (seed 002 Table 1-1)


def test_veto_source_is_checked(feed, tmp_path):
    with pytest.raises(InputDataError, match='veto_source must be "kpis" or "diversion"'):
        dealers.review(feed, veto_source="complaints")
    only = ca.write_intake(tmp_path / "c", {"client": feed.client, "channels": feed.channels})
    with pytest.raises(InputDataError, match="needs the shipments and scans sheets"):
        dealers.review(ca.load_client(only), veto_source="diversion")
