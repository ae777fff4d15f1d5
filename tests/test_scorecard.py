"""The star-dealer scorecard against numbers worked by hand (METHOD §2.1, seed 002 Table 1-1).

The base dealer is METHOD §2.1's worked example; each test changes one input and states
the arithmetic of the expected value in its comment or id.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal

from chananalysis.errors import ChananalysisError, InputDataError, ScorecardConfigError
from chananalysis.methods.notes import Notes
from chananalysis.methods.scorecard import star_scorecard
from chananalysis.methods.scorecard_config import DEFAULT_SCORECARD, Scorecard, load_scorecard

INDICATORS = [
    "task_achievement",
    "annual_growth",
    "key_sku_achievement",
    "new_outlet_achievement",
    "channel_growth",
    "effective_coverage",
    "shelf_compliance",
    "sku_completeness",
    "activity_execution",
    "new_product_launch",
    "delivery_timeliness",
    "exchange_timeliness",
    "complaint_handling",
    "posm_usage",
    "instore_display",
    "outstore_branding",
    "internal_systems",
    "sales_information",
    "warehouse_area",
    "staff_count",
    "vehicle_count",
    "monthly_training",
    "computer_setup",
]
CATEGORIES = [
    "sales_growth",
    "channel_building",
    "market_promotion",
    "market_service",
    "brand_building",
    "marketing_management",
]

# METHOD §2.1 worked example. Sales 21 / contract 18.75 = 112 %, 21 / last year 20 = 105 %
# (exact in binary floating point, so the indicator scores are exact literals).
WORKED = {
    "dealer": "D001",
    "actual_sales": 21.0,
    "contract_sales": 18.75,
    "sales_last_year": 20.0,
    "key_sku_sales": 48.0,
    "key_sku_target": 100.0,
    "new_outlets": 65,
    "new_outlet_target": 100,
    "channel_sales": 108.0,
    "channel_sales_last_year": 100.0,
    "active_outlets": 72,
    "outlets_in_area": 100,
    "compliant_stores": 55,
    "audited_stores": 100,
    "skus_on_shelf": 49,
    "benchmark_skus": 100,
    "activity_execution": 90.0,
    "new_product_launch": 80.0,
    "late_deliveries": 3,
    "late_exchanges": 0,
    "complaints_office": 1,
    "complaints_branch": 1,
    "complaints_hq": 0,
    "posm_failures": 2,
    "instore_failures": 0,
    "outstore_failures": 5,
    "internal_systems": True,
    "sales_information": True,
    "warehouse_area": True,
    "staff_count": True,
    "vehicle_count": False,
    "monthly_training": True,
    "computer_setup": True,
    "self_activities": 2,
    "branch_activities": 1,
    "national_activities": 0,
    "branch_experience": 0,
    "national_experience": 1,
    "diversion_complaints": 1,
}


def kpis(*rows: dict) -> pd.DataFrame:
    """Dealers D001, D002, … each the worked example with the given changes."""
    rows = rows or ({},)
    return pd.DataFrame([{**WORKED, "dealer": f"D{i + 1:03d}", **r} for i, r in enumerate(rows)])


def one(**changes) -> pd.Series:
    return star_scorecard(kpis(changes)).iloc[0]


def bundled() -> dict:
    with open(DEFAULT_SCORECARD, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def single(rule: dict | None = None, **top) -> dict:
    """A one-category, one-indicator scorecard whose total is the activity score as given."""
    ind = {"zh": "活动", "en": "Activity", "rule": "ratio", "column": "activity_execution"}
    ind.update(rule or {})
    cfg = {
        "name": {"zh": "测试", "en": "Test"},
        "categories": {"all": {"zh": "全部", "en": "All", "weight": 100, "indicators": {"x": ind}}},
        "stars": bundled()["stars"],
    }
    cfg.update(top)
    return cfg


# --- the worked example --------------------------------------------------------------------


def test_worked_example_indicator_scores():
    r = one()
    expected = [
        112.0,
        105.0,
        0.0,
        60.0,  # key SKU 48 < 50 -> 0; outlets 65 in [60, 70) -> 60
        8.0,
        72.0,
        55.0,
        0.0,  # SKU 49 < 50 -> 0
        90.0,
        80.0,
        94.0,
        100.0,
        70.0,  # 100-2*3; 100-0; 100-10*1-20*1
        96.0,
        100.0,
        90.0,  # 100-2*2; 100; 100-2*5
        100.0,
        100.0,
        100.0,
        100.0,
        0.0,
        100.0,
        100.0,
    ]  # vehicles: no
    assert r[INDICATORS].astype(float).tolist() == expected


def test_worked_example_categories_total_and_stars():
    r = one()
    # (112+105+0+60)/4 = 69.25; (8+72+55+0)/4 = 33.75; (90+80)/2 = 85; (94+100+70)/3 = 88;
    # (96+100+90)/3 = 95.3333; 600/7 = 85.7143
    assert r[CATEGORIES].astype(float).round(4).tolist() == [
        69.25,
        33.75,
        85.0,
        88.0,
        95.3333,
        85.7143,
    ]
    assert r["bonus"] == 21.0  # 2*3 + 1*5 = 11, + 1*10 = 10
    assert r["penalty"] == 5.0  # 1 complaint
    # 20.775 + 8.4375 + 8.5 + 13.2 + 9.5333 + 8.5714 = 69.0173; + 21 - 5 = 85.0173
    assert round(r["total"], 4) == 85.0173
    assert r["stars"] == 4
    assert r["disqualified"] is False or r["disqualified"] == np.False_
    assert r["veto_count"] == 1
    assert pd.isna(r["reason"]) and pd.isna(r["note"])


# --- incomplete data (METHOD §2.1, issue 17) ----------------------------------------------


def test_a_zero_target_cannot_silently_raise_the_stars():
    # the worked example scores key-SKU 48 % -> 0 and totals 85.0173 (★★★★). With a key-SKU
    # target of 0 the indicator cannot be scored; averaged without it, sales growth is
    # (112 + 105 + 60) / 3 = 92.3333, weighted 0.30 × 92.3333 = 27.7 instead of 20.775:
    # 85.0173 − 20.775 + 27.7 = 91.9423 -> ★★★★★, which the scorecard marks provisional
    r = one(key_sku_target=0.0)
    assert round(r["total"], 4) == 91.9423 and r["stars"] == 5
    assert bool(r["incomplete"]) and bool(r["provisional"])
    assert str(r["note"]) == "not_scored_zero:key_sku_achievement"


def test_unscored_zero_scores_the_indicator_0_and_the_stars_are_final():
    r = star_scorecard(kpis({"key_sku_target": 0.0}), unscored="zero").iloc[0]
    assert r["key_sku_achievement"] == 0.0 and r["sales_growth"] == 69.25
    assert round(r["total"], 4) == 85.0173 and r["stars"] == 4
    assert bool(r["incomplete"]) and not bool(r["provisional"])


def test_a_complete_dealer_is_neither_incomplete_nor_provisional():
    r = one()
    assert not bool(r["incomplete"]) and not bool(r["provisional"])


def test_a_disqualified_dealer_is_never_provisional():
    r = one(key_sku_target=0.0, diversion_complaints=3)
    assert r["stars"] == 0 and bool(r["incomplete"]) and not bool(r["provisional"])


def test_unscored_must_be_average_or_zero():
    with pytest.raises(ValueError, match='"average" or "zero"'):
        star_scorecard(kpis(), unscored="drop")


@pytest.mark.parametrize(
    "column", ["diversion_complaints", "late_deliveries", "self_activities", "complaints_hq"]
)
def test_counts_are_whole_numbers(column):
    match = rf"\(dealer D001\), column {column}: 1.5 is not a whole"
    with pytest.raises(InputDataError, match=match):
        one(**{column: 1.5})
    one(**{column: 2.0})  # a whole number typed as 2.0 is fine


def test_output_columns_index_and_dtypes():
    out = star_scorecard(kpis({}, {"dealer": "X9"}))
    assert out.columns.tolist() == [
        *INDICATORS,
        *CATEGORIES,
        "bonus",
        "penalty",
        "total",
        "stars",
        "disqualified",
        "incomplete",
        "provisional",
        "veto_count",
        "reason",
        "note",
    ]
    assert out.index.name == "dealer"
    assert out.index.tolist() == ["D001", "X9"]
    assert str(out["stars"].dtype) == "Int64"
    assert out["disqualified"].dtype == bool


# --- thresholds and steps at their boundaries ----------------------------------------------


def _edge(indicator: str, changes: tuple[str, str], at: int, below: float, tag: str) -> list:
    """Two cases: exactly ``at`` % scores ``at``; 0.01 point below it scores ``below``."""
    return [
        pytest.param(indicator, at, 100, changes, float(at), id=f"{tag}-{at}-scores-{at}"),
        pytest.param(
            indicator,
            at * 100 - 1,
            10000,
            changes,
            below,
            id=f"{tag}-{at - 0.01:g}-scores-{below:g}",
        ),
    ]


@pytest.mark.parametrize(
    ("indicator", "num", "den", "changes", "expected"),
    [
        *_edge("key_sku_achievement", ("key_sku_sales", "key_sku_target"), 50, 0.0, "key-sku"),
        *_edge("effective_coverage", ("active_outlets", "outlets_in_area"), 50, 0.0, "coverage"),
        *_edge("shelf_compliance", ("compliant_stores", "audited_stores"), 50, 0.0, "shelf"),
        *_edge("sku_completeness", ("skus_on_shelf", "benchmark_skus"), 50, 0.0, "sku"),
        *_edge("new_outlet_achievement", ("new_outlets", "new_outlet_target"), 60, 0.0, "outlets"),
        *_edge("new_outlet_achievement", ("new_outlets", "new_outlet_target"), 70, 60.0, "outlets"),
        pytest.param(
            "new_outlet_achievement",
            130,
            100,
            ("new_outlets", "new_outlet_target"),
            130.0,
            id="outlets-130-no-cap",
        ),
        pytest.param(
            "task_achievement",
            150,
            100,
            ("actual_sales", "contract_sales"),
            150.0,
            id="task-150-no-cap",
        ),
        # 0.33 / 0.55 is 60 % exactly but computes as 59.99999999999999: on the boundary
        pytest.param(
            "new_outlet_achievement",
            0.33,
            0.55,
            ("new_outlets", "new_outlet_target"),
            60.0,
            id="outlets-float-noise-below-60-counts-as-60",
        ),
        # 0.17 / 0.34 is 50 % exactly but computes as 49.99999999999999
        pytest.param(
            "key_sku_achievement",
            0.17,
            0.34,
            ("key_sku_sales", "key_sku_target"),
            pytest.approx(50.0),
            id="key-sku-float-noise-below-50-counts-as-50",
        ),
    ],
)
def test_boundaries(indicator, num, den, changes, expected):
    assert one(**{changes[0]: num, changes[1]: den})[indicator] == expected


# --- floors and caps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "indicator", "expected"),
    [
        pytest.param(
            {"channel_sales": 90.0},
            "channel_growth",
            0.0,
            id="channel-growth-minus-10-floored-at-0",
        ),
        pytest.param(
            {"channel_sales": 250.0}, "channel_growth", 150.0, id="channel-growth-150-no-cap"
        ),
        pytest.param(
            {"late_deliveries": 50},
            "delivery_timeliness",
            0.0,
            id="deliveries-50-cases-100-minus-100-is-0",
        ),
        pytest.param(
            {"late_deliveries": 60},
            "delivery_timeliness",
            0.0,
            id="deliveries-60-cases-floored-at-0",
        ),
        pytest.param({"late_deliveries": 49}, "delivery_timeliness", 2.0, id="deliveries-49-is-2"),
        pytest.param(
            {"complaints_office": 0, "complaints_branch": 0, "complaints_hq": 3},
            "complaint_handling",
            0.0,
            id="complaints-hq-3-is-100-minus-150-floored",
        ),
        pytest.param(
            {"complaints_office": 2, "complaints_branch": 1, "complaints_hq": 1},
            "complaint_handling",
            10.0,
            id="complaints-100-20-20-50-is-10",
        ),
        pytest.param({"outstore_failures": 51}, "outstore_branding", 0.0, id="outstore-floored"),
        pytest.param(
            {"activity_execution": 120.0}, "activity_execution", 100.0, id="activity-capped-at-100"
        ),
    ],
)
def test_floors_and_caps(changes, indicator, expected):
    assert one(**changes)[indicator] == expected


def test_no_indicator_score_is_negative_on_random_inputs():
    rng = np.random.default_rng(7)
    n = 500
    frame = kpis(*({} for _ in range(n)))
    for col in ("channel_sales", "late_deliveries", "complaints_hq", "posm_failures"):
        frame[col] = rng.integers(0, 200, n)
    out = star_scorecard(frame)
    assert (out[INDICATORS].to_numpy() >= 0).all()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"self_activities": 7, "branch_activities": 0, "national_experience": 0},
            20.0,
            id="7-self-activities-21-capped-20",
        ),
        pytest.param(
            {"self_activities": 0, "branch_activities": 4, "national_experience": 0},
            20.0,
            id="4-branch-activities-exactly-20",
        ),
        pytest.param(
            {
                "self_activities": 1,
                "branch_activities": 1,
                "national_activities": 2,
                "national_experience": 0,
            },
            20.0,
            id="3+5+20-is-28-capped-20",
        ),
        pytest.param(
            {"self_activities": 0, "branch_activities": 0, "national_experience": 3},
            20.0,
            id="experience-30-capped-20",
        ),
        pytest.param(
            {"self_activities": 7, "national_experience": 3, "branch_experience": 1},
            40.0,
            id="both-capped-20-plus-20",
        ),
        pytest.param(
            {
                "self_activities": 0,
                "branch_activities": 0,
                "national_experience": 0,
                "branch_experience": 1,
            },
            5.0,
            id="experience-branch-5",
        ),
    ],
)
def test_bonus_caps(changes, expected):
    assert one(**changes)["bonus"] == expected


def test_blank_bonus_counts_add_nothing():
    r = one(self_activities=None, branch_activities=None)  # activity item blank: 0
    assert r["bonus"] == 10.0  # only the national experience
    assert pd.isna(r["note"])


# --- veto ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complaints", "penalty", "total", "stars", "disq"),
    [
        pytest.param(0, 0.0, 90.0173, 5, False, id="0-complaints-no-penalty-69.0173+21"),
        pytest.param(1, 5.0, 85.0173, 4, False, id="1-complaint-minus-5"),
        pytest.param(2, 15.0, 75.0173, 3, False, id="2-complaints-minus-5-then-10"),
        pytest.param(3, 15.0, 75.0173, 0, True, id="3-complaints-minus-15-disqualified"),
        pytest.param(6, 15.0, 75.0173, 0, True, id="6-complaints-as-3"),
    ],
)
def test_veto_steps(complaints, penalty, total, stars, disq):
    r = one(diversion_complaints=complaints)
    assert r["penalty"] == penalty
    assert round(r["total"], 4) == total  # total still shown when disqualified
    assert r["stars"] == stars
    assert bool(r["disqualified"]) is disq
    assert r["veto_count"] == complaints


def test_disqualification_reason_text():
    r = one(diversion_complaints=4)
    assert (r["reason"], r["veto_count"]) == ("veto", 4)


def test_blank_veto_count_is_no_complaint_with_a_note():
    r = one(diversion_complaints=None)
    assert r["penalty"] == 0.0
    assert str(r["note"]) == "veto_blank:diversion_complaints"


def test_veto_counts_override_the_column():
    frame = kpis({"diversion_complaints": 0}, {"diversion_complaints": 2})
    counts = pd.Series({"D001": 3, "D999": 5})  # D002 absent -> 0; D999 not in kpis: ignored
    out = star_scorecard(frame, veto_counts=counts)
    assert out["veto_count"].tolist() == [3, 0]
    assert out["penalty"].tolist() == [15.0, 0.0]
    assert out["disqualified"].tolist() == [True, False]
    assert out["stars"].tolist() == [0, 5]  # D002: 69.0173 + 21 = 90.0173


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        pytest.param(
            pd.Series({"D001": -1}),
            "veto_counts, dealer D001: -1 is not a whole number ≥ 0",
            id="negative",
        ),
        pytest.param(
            pd.Series({"D001": 1.5}),
            "veto_counts, dealer D001: 1.5 is not a whole number ≥ 0",
            id="fraction",
        ),
        pytest.param(
            pd.Series({"D001": float("nan")}),
            "veto_counts, dealer D001: nan is not a whole number ≥ 0",
            id="nan",
        ),
        pytest.param(
            pd.Series([1, 2], index=["D001", "D001"]),
            "veto_counts: dealer D001 is given more than once",
            id="duplicate",
        ),
        pytest.param(
            {"D001": 1},
            "veto_counts: expected a pandas Series indexed by dealer; got dict",
            id="not-a-series",
        ),
    ],
)
def test_veto_counts_refused(counts, message):
    with pytest.raises(InputDataError) as err:
        star_scorecard(kpis(), veto_counts=counts)
    assert str(err.value) == message


# --- star bands ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        pytest.param(100.0, 5, id="100"),
        pytest.param(90.0, 5, id="90-exactly-5"),
        pytest.param(89.99, 4, id="89.99-4"),
        pytest.param(80.0, 4, id="80-exactly-4"),
        pytest.param(79.99, 3, id="79.99-3"),
        pytest.param(70.0, 3, id="70-exactly-3"),
        pytest.param(69.99, 2, id="69.99-2"),
        pytest.param(60.0, 2, id="60-exactly-2"),
        pytest.param(59.99, 1, id="59.99-1"),
        pytest.param(0.0, 1, id="0-1"),
    ],
)
def test_star_bands(total, stars):
    out = star_scorecard(
        pd.DataFrame({"dealer": ["D"], "activity_execution": [total]}), config=single()
    )
    assert out["total"].iloc[0] == total
    assert out["stars"].iloc[0] == stars


def test_negative_total_falls_in_the_lowest_band():
    cfg = single(
        veto={
            "zh": "窜货",
            "en": "Diversion",
            "rule": "veto",
            "column": "diversion_complaints",
            "penalties": [{"complaints": 1, "penalty": 15}],
        }
    )
    out = star_scorecard(
        pd.DataFrame({"dealer": ["D"], "activity_execution": [5.0], "diversion_complaints": [1]}),
        config=cfg,
    )
    assert out["total"].iloc[0] == -10.0  # 5 - 15
    assert out["stars"].iloc[0] == 1


# --- another client's YAML -------------------------------------------------------------------


def test_yaml_edited_for_another_client(tmp_path: Path):
    text = DEFAULT_SCORECARD.read_text(encoding="utf-8")
    edits = [
        ("    weight: 30\n", "    weight: 40\n"),  # sales growth
        ("    weight: 25\n", "    weight: 20\n"),  # channel building
        ("    weight: 15\n", "    weight: 10\n"),  # market service
        ("    cap: 20\n", "    cap: 10\n"),  # both bonus caps
        ("{stars: 5, min: 90, max: null}", "{stars: 5, min: 85, max: null}"),
        ("{stars: 4, min: 80, max: 90}", "{stars: 4, min: 75, max: 85}"),
        ("{stars: 3, min: 70, max: 80}", "{stars: 3, min: 65, max: 75}"),
        ("{stars: 2, min: 60, max: 70}", "{stars: 2, min: 55, max: 65}"),
        ("{stars: 1, min: null, max: 60}", "{stars: 1, min: null, max: 55}"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "client_b.yaml"
    path.write_text(text, encoding="utf-8")
    out = star_scorecard(kpis({}, {"diversion_complaints": 0}), config=path)
    # weighted = 69.25*.4 + 33.75*.2 + 85*.1 + 88*.1 + 95.3333*.1 + 85.7143*.1
    #          = 27.7 + 6.75 + 8.5 + 8.8 + 9.5333 + 8.5714 = 69.8548
    # bonus = min(11, 10) + min(10, 10) = 20
    # D001: 69.8548 + 20 - 5 = 84.8548 -> below the new 5-star line of 85: 4 stars
    # D002: 69.8548 + 20 - 0 = 89.8548 -> 5 stars
    assert out["bonus"].tolist() == [20.0, 20.0]
    assert out["total"].round(4).tolist() == [84.8548, 89.8548]
    assert out["stars"].tolist() == [4, 5]


def test_dict_config_gives_the_same_as_the_file():
    assert_frame_equal(star_scorecard(kpis(), config=bundled()), star_scorecard(kpis()))


# --- zero denominators and blanks ------------------------------------------------------------


def test_zero_contract_leaves_task_unscored_and_averages_the_rest():
    r = one(contract_sales=0.0)
    assert np.isnan(r["task_achievement"])
    assert r["sales_growth"] == 55.0  # (105 + 0 + 60) / 3
    # 69.0173 - 69.25*.3 + 55*.3 = 64.7423; + 21 - 5 = 80.7423
    assert round(r["total"], 4) == 80.7423
    assert r["stars"] == 4
    assert str(r["note"]) == "not_scored_zero:task_achievement"


def test_zero_base_of_a_growth_ratio_is_unscored_not_infinite():
    out = star_scorecard(
        kpis({"channel_sales_last_year": 0.0, "sales_last_year": 0.0, "channel_sales": 0.0})
    )
    r = out.iloc[0]
    assert np.isnan(r["channel_growth"]) and np.isnan(r["annual_growth"])
    assert not np.isinf(out.select_dtypes("number").to_numpy(dtype=float)).any()
    assert r["note"] == Notes(
        [("not_scored_zero", "annual_growth"), ("not_scored_zero", "channel_growth")]
    )


def test_blank_count_leaves_a_deduction_unscored():
    r = one(late_deliveries=None)
    assert np.isnan(r["delivery_timeliness"])
    assert r["market_service"] == 85.0  # (100 + 70) / 2
    assert str(r["note"]) == "not_scored_blank:delivery_timeliness"


def test_whole_category_blank_gives_no_total_and_no_stars():
    blank = dict.fromkeys(
        [
            "internal_systems",
            "sales_information",
            "warehouse_area",
            "staff_count",
            "vehicle_count",
            "monthly_training",
            "computer_setup",
        ]
    )
    out = star_scorecard(kpis(blank, {**blank, "diversion_complaints": 3}))
    assert out["marketing_management"].isna().all()
    assert out["total"].isna().all()
    assert out["stars"].isna().tolist() == [True, False]
    assert out["stars"].iloc[1] == 0  # disqualified: 0 stars even without a total


def test_absent_column_counts_as_blank():
    r = star_scorecard(kpis().drop(columns=["computer_setup"])).iloc[0]
    assert np.isnan(r["computer_setup"])
    assert r["marketing_management"] == 500 / 6  # 5 yes of the 6 scored
    assert str(r["note"]) == "not_scored_blank:computer_setup"


# --- inputs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yes_no",
    [
        pytest.param(("是", "否"), id="chinese"),
        pytest.param(("yes", "no"), id="english"),
        pytest.param((1, 0), id="one-zero"),
        pytest.param((" YES ", "No"), id="case-and-spaces"),
    ],
)
def test_yes_no_spellings(yes_no):
    yes, no = yes_no
    bools = [
        "internal_systems",
        "sales_information",
        "warehouse_area",
        "staff_count",
        "monthly_training",
        "computer_setup",
    ]
    frame = kpis().astype({c: object for c in [*bools, "vehicle_count"]})
    frame.loc[0, bools] = yes
    frame.loc[0, "vehicle_count"] = no
    assert_frame_equal(star_scorecard(frame), star_scorecard(kpis()))


def test_input_not_mutated():
    frame = kpis({}, {"contract_sales": 0.0, "diversion_complaints": 3})
    before = frame.copy(deep=True)
    star_scorecard(frame, veto_counts=pd.Series({"D001": 1}))
    assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        pytest.param(
            kpis().drop(columns=["dealer"]),
            "dealer_kpis: column dealer is missing; one row per dealer is expected",
            id="no-dealer-column",
        ),
        pytest.param(
            kpis({}, {"dealer": "D001"}),
            'dealer_kpis, column dealer: "D001" repeats; each dealer must appear once',
            id="duplicate-dealer",
        ),
        pytest.param(
            kpis({"late_deliveries": -2}),
            "dealer_kpis, row 0 (dealer D001), column late_deliveries: -2 is negative; "
            "expected a number ≥ 0",
            id="negative-count",
        ),
        pytest.param(
            kpis({"actual_sales": "abc"}),
            'dealer_kpis, row 0 (dealer D001), column actual_sales: "abc" is not a number',
            id="not-a-number",
        ),
        pytest.param(
            kpis({"staff_count": "maybe"}),
            'dealer_kpis, row 0 (dealer D001), column staff_count: "maybe" is not yes/no',
            id="not-yes-no",
        ),
    ],
)
def test_bad_kpis_refused(frame, message):
    with pytest.raises(InputDataError) as err:
        star_scorecard(frame)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError) and isinstance(err.value, ChananalysisError)


# --- the configuration -------------------------------------------------------------------------


def test_load_scorecard_returns_frozen_dataclasses():
    card = load_scorecard()
    assert isinstance(card, Scorecard)
    assert load_scorecard(card) is card
    assert [c.weight for c in card.categories] == [30.0, 25.0, 10.0, 15.0, 10.0, 10.0]
    assert [i.key for i in card.indicators] == INDICATORS
    assert [(b.key, b.cap) for b in card.bonuses] == [
        ("bonus_activity", 20.0),
        ("bonus_experience", 20.0),
    ]
    assert [(s.complaints, s.penalty) for s in card.veto.penalties] == [(1, 5.0), (2, 15.0)]
    assert card.veto.disqualify_at == 3
    assert card.star_floor(3) == 70.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.categories[0].weight = 50  # type: ignore[misc]


def test_every_indicator_has_zh_and_en_names():
    card = load_scorecard()
    names = [(i.zh, i.en) for i in card.indicators] + [(c.zh, c.en) for c in card.categories]
    assert all(zh and en and zh != en for zh, en in names)
    assert card.categories[0].indicators[0].zh == "任务达成率"


def _edit(path: list, value) -> dict:
    cfg = copy.deepcopy(bundled())
    node = cfg
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return cfg


_DELETE = object()
_TASK = ["categories", "sales_growth", "indicators", "task_achievement"]


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        pytest.param(
            _edit(["categories", "sales_growth", "weight"], 25),
            "scorecard, categories: category weights must sum to 100; they sum to 95 "
            "(sales_growth 25, channel_building 25, market_promotion 10, market_service "
            "15, brand_building 10, marketing_management 10)",
            id="weights-95",
        ),
        pytest.param(
            _edit(["categories", "sales_growth", "weight"], -30),
            "scorecard, categories.sales_growth.weight: must be ≥ 0; got -30",
            id="negative-weight",
        ),
        pytest.param(
            _edit([*_TASK, "rule"], "ratoi"),
            "scorecard, categories.sales_growth.indicators.task_achievement.rule: unknown "
            'rule type "ratoi"; expected one of ratio, threshold, step, deduction, binary',
            id="unknown-rule",
        ),
        pytest.param(
            _edit([*_TASK, "rule"], "bonus"),
            "scorecard, categories.sales_growth.indicators.task_achievement.rule: rule "
            "bonus cannot be used here; expected one of ratio, threshold, step, "
            "deduction, binary",
            id="bonus-rule-on-an-indicator",
        ),
        pytest.param(
            _edit(["bonus", "bonus_activity", "rule"], "veto"),
            "scorecard, bonus.bonus_activity.rule: rule veto cannot be used here; "
            "expected one of bonus",
            id="veto-rule-on-a-bonus",
        ),
        pytest.param(
            _edit(["stars", 1, "max"], 91),
            "scorecard, stars[1].max: band 4★ ends at 91, overlapping band 5★ (stars[0]) from 90",
            id="overlapping-bands",
        ),
        pytest.param(
            _edit(["stars", 1, "max"], 89),
            "scorecard, stars[1].max: band 4★ ends at 89 but band 5★ (stars[0]) starts "
            "at 90: a gap",
            id="gapped-bands",
        ),
        pytest.param(
            _edit(["stars", 4, "min"], 0),
            "scorecard, stars[4].min: the lowest band must start at null (−∞); totals "
            "below 0 would have no band",
            id="lowest-band-bounded",
        ),
        pytest.param(
            _edit(["stars", 0, "max"], 120),
            "scorecard, stars[0].max: the highest band must end at null (+∞); totals "
            "from 120 would have no band",
            id="highest-band-bounded",
        ),
        pytest.param(
            _edit(["stars", 0, "stars"], 6),
            "scorecard, stars[0].stars: expected a whole number 1–5; got 6",
            id="six-stars",
        ),
        pytest.param(
            _edit(["stars", 1, "stars"], 5),
            "scorecard, stars[0].stars: stars must rise with the total; band from 90 gives "
            "5★, not more than 5★ below it",
            id="stars-not-rising",
        ),
        pytest.param(
            _edit([*_TASK, "numerator"], "actual_sale"),
            "scorecard, categories.sales_growth.indicators.task_achievement.numerator: "
            '"actual_sale" is not a column of the intake sheet dealer_kpis',
            id="unknown-column",
        ),
        pytest.param(
            _edit(
                ["categories", "marketing_management", "indicators", "staff_count", "column"],
                "actual_sales",
            ),
            "scorecard, categories.marketing_management.indicators.staff_count.column: "
            "column actual_sales holds amount values; this rule reads bool",
            id="binary-reading-an-amount",
        ),
        pytest.param(
            _edit(["veto", "column"], "name"),
            'scorecard, veto.column: "name" is not a column of the intake sheet dealer_kpis',
            id="veto-column-from-another-sheet",
        ),
        pytest.param(
            _edit(["colour"], "blue"),
            "scorecard, colour: unknown key; allowed here: name, categories, stars, bonus, veto",
            id="unknown-top-level-key",
        ),
        pytest.param(
            _edit([*_TASK, "thresold"], 50),
            "scorecard, categories.sales_growth.indicators.task_achievement.thresold: "
            "unknown key; allowed here: zh, en, rule, column, numerator, denominator, "
            "change, cap",
            id="unknown-indicator-key",
        ),
        pytest.param(
            _edit(["stars"], _DELETE),
            "scorecard, (top level): required key stars is missing",
            id="no-stars",
        ),
        pytest.param(
            _edit(
                ["categories", "sales_growth", "indicators", "new_outlet_achievement", "steps"],
                [{"from": 70, "score": "actual"}, {"from": 60, "score": 60}],
            ),
            "scorecard, categories.sales_growth.indicators.new_outlet_achievement.steps[1]"
            ".from: steps must ascend; 60 does not exceed the previous step's 70",
            id="steps-descending",
        ),
        pytest.param(
            _edit(
                ["veto", "penalties"],
                [{"complaints": 2, "penalty": 5}, {"complaints": 1, "penalty": 15}],
            ),
            "scorecard, veto.penalties[1].complaints: steps must ascend; 1 does not exceed "
            "the previous step's 2",
            id="veto-steps-descending",
        ),
        pytest.param(
            _edit(
                ["veto", "penalties"],
                [{"complaints": 1, "penalty": 15}, {"complaints": 2, "penalty": 5}],
            ),
            "scorecard, veto.penalties[1].penalty: a penalty cannot fall as complaints "
            "rise; 5 is below the previous step's 15",
            id="veto-penalty-falling",
        ),
        pytest.param(
            _edit(
                ["categories", "channel_building", "indicators", "task_achievement"],
                bundled()["categories"]["sales_growth"]["indicators"]["task_achievement"],
            ),
            "scorecard, categories.channel_building.indicators.task_achievement: key "
            "task_achievement is already used at categories.sales_growth.indicators."
            "task_achievement; every category and indicator key must differ",
            id="indicator-twice",
        ),
        pytest.param(
            _edit(
                ["categories", "sales_growth", "indicators", "total"],
                bundled()["categories"]["sales_growth"]["indicators"]["task_achievement"],
            ),
            "scorecard, categories.sales_growth.indicators.total: total is an output column "
            "of the scorecard; choose another key",
            id="reserved-key",
        ),
        pytest.param(
            _edit(["bonus", "bonus_activity", "cap"], "twenty"),
            'scorecard, bonus.bonus_activity.cap: expected a number; got "twenty"',
            id="cap-not-a-number",
        ),
    ],
)
def test_config_refused(cfg, message):
    with pytest.raises(ScorecardConfigError) as err:
        load_scorecard(cfg)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError) and isinstance(err.value, ChananalysisError)


def test_config_file_errors_name_the_file(tmp_path: Path):
    with pytest.raises(ScorecardConfigError) as err:
        load_scorecard(tmp_path / "nope.yaml")
    assert str(err.value) == f"{tmp_path / 'nope.yaml'}: the scorecard file does not exist"
    bad = tmp_path / "bad.yaml"
    bad.write_text("categories: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScorecardConfigError, match=r"bad\.yaml: not valid YAML \("):
        load_scorecard(bad)
    wrong = tmp_path / "client_c.yaml"
    wrong.write_text(
        DEFAULT_SCORECARD.read_text(encoding="utf-8").replace(
            "    weight: 30\n", "    weight: 35\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ScorecardConfigError) as err:
        load_scorecard(wrong)
    assert str(err.value).startswith(
        "client_c.yaml, categories: category weights must sum to 100; they sum to 105 ("
    )


def test_star_scorecard_refuses_a_bad_config_before_scoring():
    with pytest.raises(ScorecardConfigError, match="category weights must sum to 100"):
        star_scorecard(kpis(), config=_edit(["categories", "sales_growth", "weight"], 31))


def test_config_by_keyword_as_in_contract():
    """CONTRACT §1: ``ca.star_scorecard(kpis, *, config=None)`` — config is an option, by name."""
    import chananalysis as ca

    frame = kpis()
    by_name = ca.star_scorecard(frame, config=str(DEFAULT_SCORECARD))
    assert_frame_equal(by_name, star_scorecard(frame))
    assert by_name.loc["D001", "total"] == pytest.approx(85.0173, abs=5e-5)
    with pytest.raises(TypeError):
        ca.star_scorecard(frame, str(DEFAULT_SCORECARD))
