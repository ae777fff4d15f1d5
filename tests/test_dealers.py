"""Dealer classes, census completeness, market-role fit, channel specialisation and the
section's review and narrative, against numbers worked by hand (docs/method.md §1.2, §2.2, §2.3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from chananalysis.display.formatting import style_table
from chananalysis.errors import ChananalysisError, ScorecardConfigError
from chananalysis.methods import scoring
from chananalysis.methods.dealers import (
    InputDataError,
    census_completeness,
    channel_specialisation,
    dealer_classes,
    dealer_columns,
    market_fit,
)
from chananalysis.sections.dealers.review import review_dealers
from chananalysis.sections.dealers.tables import (
    disqualified_table,
    formatters,
    league_table,
    principles_table,
)
from chananalysis.sections.dealers.text import (
    census_text,
    size_text,
    stars_label,
    summary_text,
    unscored_text,
)

NAN = float("nan")


# --- dealer classes (docs/method.md §1.2) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        pytest.param(10e6, "A", id="10,000,000-exactly-A"),
        pytest.param(9_999_999.99, "B", id="just-below-10M-B"),
        pytest.param(3e6, "B", id="3,000,000-exactly-B"),
        pytest.param(2_999_999.99, "C", id="just-below-3M-C"),
        pytest.param(1e6, "C", id="1,000,000-exactly-C"),
        pytest.param(999_999.99, "D", id="just-below-1M-D"),
        pytest.param(0.0, "D", id="zero-D"),
        pytest.param(45e6, "A", id="45M-A"),
    ],
)
def test_dealer_classes_boundaries(sales, expected):
    assert dealer_classes(pd.Series([sales])).tolist() == [expected]


def test_dealer_classes_custom_thresholds_missing_sales_and_index():
    s = pd.Series([5.0, 4.99, 2.0, NAN], index=["w", "x", "y", "z"])
    out = dealer_classes(s, thresholds=(5, 3, 2))
    assert out.index.tolist() == ["w", "x", "y", "z"]
    assert out.iloc[:3].tolist() == ["A", "B", "C"]
    assert pd.isna(out.iloc[3])


def test_dealer_classes_is_the_scoring_function():
    assert dealer_classes is scoring.dealer_classes  # one definition for §1.2 and §2


# --- census completeness (docs/method.md §2.2) ----------------------------------------------------


def census_frame() -> pd.DataFrame:
    full = {
        "annual_sales": 5e6,
        "channel_resources": 300,
        "capital": 1e6,
        "development_ability": 70.0,
        "maintenance_ability": 60.0,
        "growth_potential": 80.0,
        "staff": 12,
        "warehouse_m2": 500.0,
        "vehicles": 0,
    }  # 0 vehicles is a value
    return pd.DataFrame(
        [
            {"dealer": "D1", "name": "甲", **full},
            {
                "dealer": "D2",
                "name": "乙",
                **full,
                "capital": None,
                "warehouse_m2": None,
                "vehicles": None,
            },
            {"dealer": "D3", "name": "丙", **full, "warehouse_m2": None},
        ]
    )


def test_census_by_dealer():
    c = census_completeness(census_frame())
    assert c.by_dealer["filled"].tolist() == [9, 6, 8]
    assert c.by_dealer["share"].round(4).tolist() == [1.0, 0.6667, 0.8889]  # 6/9, 8/9
    assert c.by_dealer["missing"].iloc[1] == "capital, warehouse_m2, vehicles"
    assert c.by_dealer["missing"].iloc[2] == "warehouse_m2"
    assert pd.isna(c.by_dealer["missing"].iloc[0])
    assert c.by_dealer.loc["D2", "warehouse_m2"] == np.False_
    assert c.by_dealer.index.name == "dealer"


def test_census_by_field():
    c = census_completeness(census_frame())
    bf = c.by_field
    assert bf.index.tolist() == list(dealer_columns("census"))
    assert bf.loc["warehouse_m2"].tolist() == [1, 2, 1 / 3, 2 / 3]
    assert bf.loc["vehicles", "missing"] == 1
    assert bf.loc["capital", "share_missing"] == 1 / 3
    assert bf.loc["staff", "share_missing"] == 0.0
    assert round(c.overall, 4) == 0.8519  # (9 + 6 + 8) / 27 = 23/27


def test_census_absent_field_counts_missing_for_everyone():
    c = census_completeness(census_frame().drop(columns=["growth_potential"]))
    assert c.by_field.loc["growth_potential", "share_missing"] == 1.0
    assert c.by_dealer["filled"].tolist() == [8, 5, 7]


def test_census_blank_text_is_missing():
    d = census_frame().astype({"capital": object})
    d.loc[0, "capital"] = "  "
    assert census_completeness(d).by_dealer["filled"].tolist() == [8, 6, 8]


def test_census_sentence():
    r = review_dealers(None, census_frame())
    # 23/27 = 85 %; warehouse 2/3, capital 1/3, vehicles 1/3 (ties in field order)
    assert census_text(r, "en") == (
        "The dealer census is 85% complete. 67% of dealers have no warehouse data; 33% of "
        "dealers have no capital data; 33% of dealers have no delivery vehicle data. Dealers "
        "with the most gaps: D2 乙 (3 missing), D3 丙 (1 missing)."
    )
    assert census_text(r, "zh").startswith(
        "经销商盘整档案整体完整率为 85%。67% 的经销商没有仓储面积数据，33% 的经销商没有资金实力数据"
    )


# --- market-role fit (docs/method.md §2.3) --------------------------------------------------------


def fit_frame() -> pd.DataFrame:
    cols = [
        "dealer",
        "market_role",
        "terminal_service",
        "terminal_resources",
        "terminal_expansion",
        "loyalty",
    ]
    return pd.DataFrame(
        [
            ["D1", "base", 80.0, 60.0, 50.0, 90.0],
            ["D2", "base", 40.0, 90.0, 80.0, 50.0],
            ["D3", "development", 70.0, 70.0, 70.0, 70.0],
            ["D4", "potential", 75.0, 70.0, 70.0, 70.0],
            ["D5", None, 40.0, 90.0, 80.0, 50.0],
            ["D6", "base", 40.0, 90.0, 80.0, NAN],
        ],
        columns=cols,
    )


def test_market_fit_by_hand():
    f = market_fit(fit_frame())
    # D1: base .6*80+.1*60+.1*50+.2*90 = 77; dev .3*80+.3*60+.3*50+.1*90 = 66;
    #     potential .1*80+.5*60+.4*50 = 58
    # D2: base 24+9+8+10 = 51; dev 12+27+24+5 = 68; potential 4+45+32 = 81
    # D3: all ratings 70 -> 70 for every role (a tie: the assigned role is best)
    # D4: base 45+7+7+14 = 73; dev 22.5+21+21+7 = 71.5; potential 7.5+35+28 = 70.5
    # D6: loyalty blank -> base and dev NaN; potential (loyalty weight 0) = 81
    assert f["fit_base"].round(4).tolist()[:5] == [77.0, 51.0, 70.0, 73.0, 51.0]
    assert f["fit_development"].round(4).tolist()[:5] == [66.0, 68.0, 70.0, 71.5, 68.0]
    assert f["fit_potential"].round(4).tolist() == [58.0, 81.0, 70.0, 70.5, 81.0, 81.0]
    assert np.isnan(f.loc["D6", "fit_base"]) and np.isnan(f.loc["D6", "fit_development"])
    assert f["best_role"].iloc[:5].tolist() == [
        "base",
        "potential",
        "development",
        "base",
        "potential",
    ]
    assert pd.isna(f.loc["D6", "best_role"])
    assert f["gap"].round(4).tolist()[:4] == [0.0, 30.0, 0.0, 2.5]  # 81-51; 73-70.5
    # D4's gap of 2.5 is within the tolerance of 5; D5 has no assigned role
    assert f["mismatch"].tolist() == [False, True, False, False, False, False]
    assert pd.isna(f.loc["D5", "market_role"])


def test_market_fit_tolerance():
    assert market_fit(fit_frame(), tolerance=2)["mismatch"].tolist() == [
        False,
        True,
        False,
        True,
        False,
        False,
    ]  # D4: 2.5 > 2
    assert market_fit(fit_frame(), tolerance=30)["mismatch"].tolist() == [False] * 6


def test_market_fit_weight_override_and_chinese_roles():
    d = fit_frame().assign(market_role=["基地市场", "基地", "发展市场", "潜力市场", None, "基地"])
    w = {
        "potential": {
            "terminal_service": 0,
            "terminal_resources": 1,
            "terminal_expansion": 0,
            "loyalty": 0,
        }
    }
    f = market_fit(d, weights=w)
    assert f["fit_potential"].tolist() == [60.0, 90.0, 70.0, 70.0, 90.0, 90.0]
    assert f["fit_base"].round(4).iloc[0] == 77.0  # base keeps the Decision weights
    assert f["market_role"].iloc[:4].tolist() == ["base", "base", "development", "potential"]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        pytest.param(
            {"core": {}},
            'weights: unknown market role "core"; expected one of base, development, potential',
            id="unknown-role",
        ),
        pytest.param(
            {
                "base": {
                    "terminal_service": 0.6,
                    "terminal_resources": 0.2,
                    "terminal_expansion": 0.1,
                    "loyalty": 0.2,
                }
            },
            "weights.base: weights must sum to 1; they sum to 1.1",
            id="sum-1.1",
        ),
        pytest.param(
            {
                "base": {
                    "terminal_service": 60,
                    "terminal_resources": 10,
                    "terminal_expansion": 10,
                    "loyalty": 20,
                }
            },
            "weights.base: weights must sum to 1; they sum to 100",
            id="percent",
        ),
        pytest.param(
            {
                "base": {
                    "terminal_service": 0.8,
                    "terminal_resources": 0.2,
                    "terminal_expansion": 0.0,
                }
            },
            "weights.base: capability loyalty is missing; give a weight (0 allowed) for "
            "each of terminal_service, terminal_resources, terminal_expansion, loyalty",
            id="capability-missing",
        ),
        pytest.param(
            {
                "base": {
                    "terminal_service": 1.2,
                    "terminal_resources": -0.2,
                    "terminal_expansion": 0.0,
                    "loyalty": 0.0,
                }
            },
            "weights.base.terminal_resources: expected a number ≥ 0; got -0.2",
            id="negative",
        ),
        pytest.param(
            {"base": {"service": 1.0}},
            'weights.base: unknown capability "service"; '
            "expected terminal_service, terminal_resources, terminal_expansion, loyalty",
            id="unknown-capability",
        ),
    ],
)
def test_market_fit_weights_refused(weights, message):
    with pytest.raises(InputDataError) as err:
        market_fit(fit_frame(), weights=weights)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError) and isinstance(err.value, ChananalysisError)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        pytest.param(
            fit_frame().assign(market_role=["核心"] + ["base"] * 5),
            'dealers, column market_role: "核心" is not a market role; expected one of '
            "base (基地市场) / development (发展市场) / potential (潜力市场)",
            id="unknown-role-value",
        ),
        pytest.param(
            fit_frame().drop(columns=["loyalty"]),
            "dealers: capability column loyalty is missing; market fit needs "
            "terminal_service, terminal_resources, terminal_expansion, loyalty",
            id="rating-column-missing",
        ),
        pytest.param(
            fit_frame().assign(dealer="D1"),
            'dealers, column dealer: "D1" repeats; each dealer must appear once',
            id="duplicate-dealer",
        ),
    ],
)
def test_market_fit_bad_frames(frame, message):
    with pytest.raises(InputDataError) as err:
        market_fit(frame)
    assert str(err.value) == message


# --- channel specialisation ----------------------------------------------------------------


def test_channel_specialisation_by_hand():
    s = pd.DataFrame(
        {
            "dealer": ["D1", "D1", "D2", "D2", "D2", "D3", "D3", "D4"],
            "channel": ["KA", "药店", "KA", "药店", "母婴", "药店", "KA", "KA"],
            "sales": [80.0, 20.0, 40.0, 30.0, 30.0, 50.0, 50.0, 0.0],
        }
    )
    out = channel_specialisation(s)
    assert out["main_channel"].iloc[:3].tolist() == ["KA", "KA", "KA"]  # D3 tie: by name
    assert out["main_share"].iloc[:3].tolist() == [0.8, 0.4, 0.5]
    assert out["channels"].tolist() == [2, 3, 2, 0]
    assert out["specialised"].tolist() == [True, False, True, False]  # 0.5 is specialised
    assert pd.isna(out.loc["D4", "main_channel"]) and pd.isna(out.loc["D4", "main_share"])


# --- the section's review ------------------------------------------------------------------

#: One category reading the activity score as given: the total is that score.
SINGLE = {
    "name": {"zh": "测试", "en": "Test"},
    "categories": {
        "all": {
            "zh": "全部",
            "en": "All",
            "weight": 100,
            "indicators": {
                "x": {
                    "zh": "活动",
                    "en": "Activity",
                    "rule": "ratio",
                    "column": "activity_execution",
                }
            },
        }
    },
    "veto": {
        "zh": "窜货、砸价投诉",
        "en": "Diversion complaints",
        "rule": "veto",
        "column": "diversion_complaints",
        "penalties": [{"complaints": 1, "penalty": 5}, {"complaints": 2, "penalty": 15}],
        "disqualify_at": 3,
    },
    "stars": [
        {"stars": 5, "min": 90, "max": None},
        {"stars": 4, "min": 80, "max": 90},
        {"stars": 3, "min": 70, "max": 80},
        {"stars": 2, "min": 60, "max": 70},
        {"stars": 1, "min": None, "max": 60},
    ],
}


def review_frames():
    kpis = pd.DataFrame(
        {
            "dealer": ["A1", "A2", "B1", "A3"],
            "activity_execution": [65.0, 70.0, 40.0, 95.0],
            "diversion_complaints": [0, 0, 0, 3],
        }
    )
    dealers = pd.DataFrame(
        {
            "dealer": ["A1", "A2", "B1", "A3"],
            "name": ["*Big* <Co>", "乙", "丙", "丁"],
            "annual_sales": [12e6, 10e6, 9_999_999.0, 30e6],
            "loyalty": [50.0, 80.0, 59.9, 60.0],
        }
    )
    return kpis, dealers


def test_stars_resting_on_fewer_indicators_are_marked_provisional():
    from test_scorecard import WORKED  # docs/method.md §2.1's worked dealer

    kpis = pd.DataFrame(
        [{**WORKED, "dealer": "D1", "key_sku_target": 0.0}, {**WORKED, "dealer": "D2"}]
    )
    dealers = pd.DataFrame({"dealer": ["D1", "D2"], "name": ["甲", "乙"], "annual_sales": 5e6})
    r = review_dealers(kpis, dealers)
    # D1: 91.9423 (★★★★★) without its key-SKU indicator, D2: 85.0173 (★★★★)
    league = league_table(r)
    assert league.index.tolist() == ["D1", "D2"] and league.columns[-1] == "provisional"
    assert league["provisional"].tolist() == [True, False]
    assert "provisional" not in formatters(league, "zh")  # a yes/no cell: 是/否 by its type
    shown = style_table(league[["provisional"]], {}, "zh", prefix="de").data
    assert shown["星级暂定"].tolist() == ["是", "否"]
    zh, en = unscored_text(r, "zh"), unscored_text(r, "en")
    assert "星级因此为暂定" in zh and "D1 甲" in zh and "D2" not in zh
    assert "stars are provisional" in en
    # scored 0 instead (the Decision overridden): no mark, and the text says so
    r0 = review_dealers(kpis, dealers, unscored="zero")
    assert "provisional" not in league_table(r0).columns
    assert "those indicators score 0" in unscored_text(r0, "en")
    assert r0.league.loc["D1", "stars"] == 4


def test_review_league_big_weak_disqualified_and_loyalty():
    kpis, dealers = review_frames()
    r = review_dealers(kpis, dealers, config=SINGLE)
    # totals 65 (2★), 70 (3★), 40 (1★), 95 - 15 = 80 (disqualified, 0★): stars first
    assert r.league.index.tolist() == ["A2", "A1", "B1", "A3"]
    assert r.league["rank"].tolist() == [1, 2, 3, 4]
    assert r.league["total"].tolist() == [70.0, 65.0, 40.0, 80.0]
    assert r.league["dealer_class"].tolist() == ["A", "A", "B", "A"]
    # class A below 70: A1 only (A2 sits exactly on 70; B1 is not class A; A3 scores 80)
    assert r.big_weak.index.tolist() == ["A1"]
    assert r.weak_below == 70.0
    assert r.disqualified.index.tolist() == ["A3"]
    assert r.low_loyalty.index.tolist() == ["A1", "B1"]  # 60 is not below 60
    assert r.loyalty_gap == 22.5  # mean(70, 80) - mean(65, 40) = 75 - 52.5


def test_review_decisions_are_overridable():
    kpis, dealers = review_frames()
    # big-but-weak below the 4-star floor (80): A1 (65) and A2 (70); A3 scores 80 exactly
    r = review_dealers(kpis, dealers, config=SINGLE, weak_stars=4, low_loyalty=60.0001)
    assert r.weak_below == 80.0
    assert r.big_weak.index.tolist() == ["A1", "A2"]
    # loyalty below 60.0001: A1 50, B1 59.9 and now A3 60
    assert r.low_loyalty.index.tolist() == ["A1", "B1", "A3"]
    assert r.loyalty_below == 60.0001
    assert "below 60.0001 on loyalty" in " ".join(principles_table(r, "en")["evidence"])
    # the sentences name the line applied, not the default three stars
    assert "2 class-A dealers below the four-star line (80 points)" in " ".join(
        principles_table(r, "en")["evidence"]
    )
    assert "2 class-A dealers (annual sales ≥ CNY 10 m) below the four-star line of 80 points" in (
        summary_text(r, "en")
    )
    assert "总分低于四星线 80 分" in summary_text(r, "zh")
    r = review_dealers(kpis, dealers, config=SINGLE, weak_stars=2, low_loyalty=50.0)
    assert r.big_weak.empty and r.low_loyalty.empty  # 65 >= 60; 50 is not below 50
    assert "below 50 on loyalty" in " ".join(principles_table(r, "en")["evidence"])


def test_class_a_line_in_the_text_follows_the_thresholds():
    kpis, dealers = review_frames()
    r = review_dealers(kpis, dealers, config=SINGLE, thresholds=(11e6, 3e6, 1e6))
    assert r.class_a == 11e6
    assert r.big_weak.index.tolist() == ["A1"]  # A2 (10,000,000) is class B now
    assert "(annual sales ≥ CNY 11 m)" in size_text(r, "en")
    assert "（年销售额 ≥ 1,100 万元）" in size_text(r, "zh")


@pytest.mark.parametrize("stars", [1, 6])
def test_weak_stars_needs_a_band_with_a_floor(stars):
    kpis, dealers = review_frames()
    with pytest.raises(
        ScorecardConfigError,
        match=f"no {stars}-star band with a lower bound; expected one of 5, 4, 3, 2",
    ):
        review_dealers(kpis, dealers, config=SINGLE, weak_stars=stars)


def test_review_with_sheets_missing():
    r = review_dealers(None, None)
    assert r.scores is None and r.league is None and r.census is None and r.fit is None
    assert summary_text(r, "zh") == ""
    kpis, _ = review_frames()
    r = review_dealers(kpis, None, config=SINGLE)
    assert r.league.columns[0] == "all" and r.big_weak is None
    assert principles_table(r, "en")["evidence"].iloc[0] == (
        "Not assessed (no dealer sales or star scores)."
    )


def test_review_inputs_not_mutated():
    kpis, dealers = review_frames()
    dealers = dealers.assign(
        market_role="base", terminal_service=60.0, terminal_resources=70.0, terminal_expansion=80.0
    )
    sales = pd.DataFrame({"dealer": ["A1", "A1"], "channel": ["KA", "CS"], "sales": [1.0, 3.0]})
    before = [f.copy(deep=True) for f in (kpis, dealers, sales)]
    review_dealers(kpis, dealers, sales, config=SINGLE)
    census_completeness(dealers)
    market_fit(
        dealers,
        weights={
            "base": {
                "terminal_service": 1,
                "terminal_resources": 0,
                "terminal_expansion": 0,
                "loyalty": 0,
            }
        },
    )
    channel_specialisation(sales)
    for frame, copy in zip((kpis, dealers, sales), before, strict=True):
        assert_frame_equal(frame, copy)


# --- narrative -------------------------------------------------------------------------------


def test_narrative_escapes_client_names_and_names_the_big_weak():
    kpis, dealers = review_frames()
    text = summary_text(review_dealers(kpis, dealers, config=SINGLE), "en")
    assert "*Big*" not in text and "<Co>" not in text
    assert (
        "Big is not always better: 1 class-A dealer (annual sales ≥ CNY 10 m) "
        "below the three-star line of 70 points — A1 \\*Big\\* &lt;Co&gt; (sales "
        "CNY 12 m, 65.0 points)."
    ) in text
    assert "categories" not in text  # one category: no lowest / highest sentence
    assert ("1 dealer disqualified for reaching 3 or more diversion complaints: A3 丁 (3).") in text


def test_disqualified_table_reason_in_both_languages():
    kpis, dealers = review_frames()
    r = review_dealers(kpis, dealers, config=SINGLE)
    assert disqualified_table(r, "zh")["reason"].tolist() == [
        "窜货、砸价投诉 3 次（≥ 3 次取消资格）"
    ]
    assert disqualified_table(r, "en")["reason"].tolist() == [
        "3 diversion complaints (3 or more disqualify)"
    ]


@pytest.mark.parametrize(
    ("stars", "lang", "expected"),
    [
        pytest.param(5, "en", "★★★★★", id="five"),
        pytest.param(1, "zh", "★", id="one"),
        pytest.param(0, "zh", "取消资格", id="disqualified-zh"),
        pytest.param(0, "en", "disqualified", id="disqualified-en"),
        pytest.param(pd.NA, "en", "–", id="no-total"),
    ],
)
def test_stars_label(stars, lang, expected):
    assert stars_label(stars, lang) == expected
