"""Rebates (docs/method.md §5.1–5.2): tiered whole/marginal, cliffs, dealers near them and the
composite rebate, worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal, assert_series_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.rebates import (
    COMPOSITE_CRITERIA,
    composite_rebate,
    dealers_near_cliffs,
    rebate_cliffs,
    tiered_rebate,
)

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"

# docs/method.md §5.1's ladder
METHOD_TIERS = [(0, 0.0), (1e6, 0.01), (3e6, 0.02), (5e6, 0.03)]
# the seasoning sample's rebate_tiers sheet
SEASONING_TIERS = [(0, 0.0), (1e6, 0.01), (3e6, 0.02), (5e6, 0.03), (8e6, 0.035)]


# --- tiered_rebate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("volume", "mode", "expected"),
    [
        # docs/method.md: 0.02 × 4,000,000
        pytest.param(4e6, "whole", 80_000.0, id="method-example-whole"),
        # docs/method.md: 0.01 × (3e6 − 1e6) + 0.02 × (4e6 − 3e6) = 20,000 + 20,000
        pytest.param(4e6, "marginal", 40_000.0, id="method-example-marginal"),
        # one yuan below 3e6: still the 1 % tier, 0.01 × 2,999,999
        pytest.param(2_999_999, "whole", 29_999.99, id="one-yuan-below-threshold-whole"),
        # exactly at 3e6 reaches the 2 % tier: 0.02 × 3,000,000
        pytest.param(3_000_000, "whole", 60_000.0, id="exactly-at-threshold-whole"),
        # marginal has no cliff: 0.01 × (2,999,999 − 1e6) = 19,999.99; at 3e6: 20,000
        pytest.param(2_999_999, "marginal", 19_999.99, id="one-yuan-below-marginal"),
        pytest.param(3_000_000, "marginal", 20_000.0, id="exactly-at-threshold-marginal"),
        pytest.param(0, "whole", 0.0, id="volume-zero-whole"),
        pytest.param(0, "marginal", 0.0, id="volume-zero-marginal"),
        # exactly at 1e6: 0.01 × 1e6 = 10,000 whole; marginal 0 (the 0 % slice) + 0
        pytest.param(1e6, "whole", 10_000.0, id="first-threshold-whole"),
        pytest.param(1e6, "marginal", 0.0, id="first-threshold-marginal"),
        # above the top: 0.03 × 6e6 = 180,000; 20,000 + 40,000 + 0.03 × 1e6 = 90,000
        pytest.param(6e6, "whole", 180_000.0, id="top-tier-whole"),
        pytest.param(6e6, "marginal", 90_000.0, id="top-tier-marginal"),
    ],
)
def test_tiered_rebate_by_hand(volume, mode, expected):
    got = tiered_rebate(volume, METHOD_TIERS, mode=mode)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_default_mode_is_whole():
    assert tiered_rebate(4e6, METHOD_TIERS) == pytest.approx(80_000.0)  # 0.02 × 4e6


def test_the_cliff_one_yuan_buys():
    below = tiered_rebate(2_999_999, METHOD_TIERS)
    at = tiered_rebate(3_000_000, METHOD_TIERS)
    # 60,000 − 29,999.99 = 30,000.01
    assert at - below == pytest.approx(30_000.01, rel=1e-12)


def test_series_keeps_its_index():
    v = pd.Series([4e6, 0.0, 3e6], index=pd.Index(["D9", "D1", "D5"], name="dealer"))
    # 0.02 × 4e6 = 80,000; 0; 0.02 × 3e6 = 60,000
    expected = pd.Series(
        [80_000.0, 0.0, 60_000.0], index=pd.Index(["D9", "D1", "D5"], name="dealer"), name="rebate"
    )
    assert_series_equal(tiered_rebate(v, METHOD_TIERS), expected, rtol=1e-12)
    # marginal: 20,000 + 20,000 = 40,000; 0; 0.01 × 2e6 = 20,000
    marginal = pd.Series(
        [40_000.0, 0.0, 20_000.0], index=pd.Index(["D9", "D1", "D5"], name="dealer"), name="rebate"
    )
    assert_series_equal(tiered_rebate(v, METHOD_TIERS, mode="marginal"), marginal, rtol=1e-12)


def test_integer_series_and_empty_series():
    out = tiered_rebate(pd.Series([1_000_000, 2_000_000]), METHOD_TIERS)
    assert out.dtype == "float64" and out.name == "rebate"
    assert out.tolist() == pytest.approx([10_000.0, 20_000.0])  # 1 % of each
    empty = tiered_rebate(pd.Series([], dtype="float64"), METHOD_TIERS)
    assert empty.empty and empty.dtype == "float64" and empty.name == "rebate"


def test_tiers_as_a_dataframe_and_unsorted():
    frame = pd.DataFrame({"threshold": [3e6, 0.0, 5e6, 1e6], "rate": [0.02, 0.0, 0.03, 0.01]})
    assert tiered_rebate(4e6, frame) == pytest.approx(80_000.0)  # 0.02 × 4e6
    assert tiered_rebate(4e6, frame, mode="marginal") == pytest.approx(40_000.0)
    shuffled = [(5e6, 0.03), (1e6, 0.01), (0, 0.0), (3e6, 0.02)]
    assert tiered_rebate(4e6, shuffled, mode="marginal") == pytest.approx(40_000.0)


def test_rates_that_do_not_rise_are_allowed():
    # (0, 2 %), (1e6, 1 %): whole 0.01 × 1.5e6 = 15,000; marginal 0.02 × 1e6 + 0.01 × 0.5e6
    tiers = [(0, 0.02), (1e6, 0.01)]
    assert tiered_rebate(1.5e6, tiers) == pytest.approx(15_000.0)
    assert tiered_rebate(1.5e6, tiers, mode="marginal") == pytest.approx(25_000.0)


def test_inputs_are_not_mutated():
    frame = pd.DataFrame({"threshold": [3e6, 0.0], "rate": [0.02, 0.0]})
    v = pd.Series([4e6, 1e6], index=["a", "b"])
    frame_before, v_before = frame.copy(), v.copy()
    tiered_rebate(v, frame)
    rebate_cliffs(frame)
    dealers_near_cliffs(v, frame)
    assert_frame_equal(frame, frame_before)
    assert_series_equal(v, v_before)


@pytest.mark.parametrize(
    ("volume", "tiers", "options", "match"),
    [
        pytest.param(1e6, [], {}, r"tiers: no tiers", id="empty-list"),
        pytest.param(
            1e6,
            pd.DataFrame({"threshold": [], "rate": []}),
            {},
            r"rebate_tiers: no tiers",
            id="empty-frame",
        ),
        pytest.param(
            1e6,
            [(1e6, 0.01), (3e6, 0.02)],
            {},
            r"tiers, item 0, column threshold: the lowest threshold is 1e\+06; expected 0",
            id="first-threshold-not-zero",
        ),
        pytest.param(
            1e6,
            [(0, 0.0), (1e6, 0.01), (1e6, 0.02)],
            {},
            r"tiers, items 1 and 2, column threshold: 1e\+06 repeats",
            id="duplicate-threshold",
        ),
        pytest.param(
            1e6,
            pd.DataFrame({"threshold": [0.0, 1e6], "rate": [0.0, 1.5]}, index=[10, 11]),
            {},
            r"rebate_tiers, row 11, column rate: 1.5 is not a rate in \[0, 1\]",
            id="rate-above-one",
        ),
        pytest.param(
            1e6,
            [(0, -0.01)],
            {},
            r"tiers, item 0, column rate: -0.01 is not a rate in \[0, 1\]",
            id="negative-rate",
        ),
        pytest.param(
            1e6,
            [(0, 0.0), (-5, 0.01)],
            {},
            r"tiers, item 1, column threshold: -5 is not a number ≥ 0",
            id="negative-threshold",
        ),
        pytest.param(
            1e6,
            [(0, 0.0), ("abc", 0.01)],
            {},
            r'tiers, item 1, column threshold: "abc" is not a number',
            id="text-threshold",
        ),
        pytest.param(
            1e6,
            [(0, 0.0), (1e6, np.nan)],
            {},
            r"tiers, item 1, column rate: nan is not a rate",
            id="blank-rate",
        ),
        pytest.param(
            1e6,
            [(0, 0.0, 1)],
            {},
            r"tiers, item 0: .* is not a \(threshold, rate\) pair",
            id="triple",
        ),
        pytest.param(1e6, "tiers", {}, r"tiers: expected a list", id="tiers-a-string"),
        pytest.param(
            1e6,
            pd.DataFrame({"threshold": [0.0]}),
            {},
            r"rebate_tiers: column\(s\) rate missing",
            id="missing-column",
        ),
        pytest.param(-1.0, METHOD_TIERS, {}, r"volume: -1 is not a volume", id="negative-volume"),
        pytest.param(np.nan, METHOD_TIERS, {}, r"volume: nan is not a volume", id="nan-volume"),
        pytest.param(True, METHOD_TIERS, {}, r"volume: True is not a volume", id="bool-volume"),
        pytest.param(
            pd.Series([1e6, -3.0], index=["D1", "D7"]),
            METHOD_TIERS,
            {},
            r"volume, row D7: -3 is not a volume",
            id="negative-in-series",
        ),
        pytest.param(
            pd.Series([1e6, None], index=["D1", "D8"]),
            METHOD_TIERS,
            {},
            r"volume, row D8: nan is not a volume",
            id="blank-in-series",
        ),
        pytest.param(
            pd.Series(["1e6", "lots"], index=["D1", "D2"]),
            METHOD_TIERS,
            {},
            r'volume, row D2: "lots" is not a volume',
            id="text-in-series",
        ),
        pytest.param(
            1e6, METHOD_TIERS, {"mode": "full"}, r'mode: "full" is not one of', id="bad-mode"
        ),
        pytest.param(
            1e6, METHOD_TIERS, {"mode": "Whole"}, r'mode: "Whole" is not one of', id="mode-case"
        ),
    ],
)
def test_bad_input_is_refused(volume, tiers, options, match):
    with pytest.raises(InputDataError, match=match):
        tiered_rebate(volume, tiers, **options)


def test_mode_is_keyword_only():
    with pytest.raises(TypeError):
        tiered_rebate(4e6, METHOD_TIERS, "marginal")  # type: ignore[misc]


# --- rebate_cliffs ------------------------------------------------------------------------


def test_cliffs_of_the_seasoning_ladder():
    expected = pd.DataFrame(
        {
            "threshold": [1e6, 3e6, 5e6, 8e6],
            "rate_below": [0.0, 0.01, 0.02, 0.03],
            "rate": [0.01, 0.02, 0.03, 0.035],
            # 1e6 × 0.01; 3e6 × (0.02 − 0.01); 5e6 × 0.01; 8e6 × 0.005
            "jump": [10_000.0, 30_000.0, 50_000.0, 40_000.0],
            # r_b + (r − r_b) / 0.1: 0 + 0.1; 0.01 + 0.1; 0.02 + 0.1; 0.03 + 0.05
            "breakeven_discount": [0.10, 0.11, 0.12, 0.08],
        }
    )
    assert_frame_equal(rebate_cliffs(SEASONING_TIERS), expected, rtol=1e-12)


def test_cliffs_with_another_shortfall_and_a_falling_rate():
    # (0, 0), (2e6, 3 %), (4e6, 2 %); s = 0.25
    out = rebate_cliffs([(0, 0.0), (4e6, 0.02), (2e6, 0.03)], shortfall=0.25)
    # jumps: 2e6 × 0.03 = 60,000; 4e6 × (0.02 − 0.03) = −40,000
    # break-even: 0 + 0.03 / 0.25 = 0.12; 0.03 + (−0.01) / 0.25 = −0.01 (never pays)
    assert out["threshold"].tolist() == [2e6, 4e6]
    np.testing.assert_allclose(out["jump"], [60_000.0, -40_000.0], rtol=1e-12)
    np.testing.assert_allclose(out["breakeven_discount"], [0.12, -0.01], rtol=1e-9)
    assert isinstance(out.index, pd.RangeIndex)


def test_a_single_tier_has_no_cliff():
    out = rebate_cliffs([(0, 0.02)])
    assert out.empty
    assert list(out.columns) == ["threshold", "rate_below", "rate", "jump", "breakeven_discount"]


def test_the_breakeven_discount_is_where_dumping_stops_paying():
    # a dealer 10 % short of 3e6 (V = 2.7e6) buys 300,000 more and dumps it at 11 %:
    # rebate 0.02 × 3e6 − 0.01 × 2.7e6 = 60,000 − 27,000 = 33,000 = 0.11 × 300,000
    gain = tiered_rebate(3e6, METHOD_TIERS) - tiered_rebate(2.7e6, METHOD_TIERS)
    assert gain == pytest.approx(33_000.0)
    assert rebate_cliffs(METHOD_TIERS).loc[1, "breakeven_discount"] == pytest.approx(0.11)


@pytest.mark.parametrize("shortfall", [0, 1, -0.1, 1.5, np.nan, "0.1", True])
def test_shortfall_outside_zero_one_is_refused(shortfall):
    with pytest.raises(InputDataError, match=r"shortfall: .* is not a fraction in \(0, 1\)"):
        rebate_cliffs(METHOD_TIERS, shortfall=shortfall)
    with pytest.raises(InputDataError, match=r"shortfall: "):
        dealers_near_cliffs(pd.Series([1.0]), METHOD_TIERS, shortfall=shortfall)


# --- dealers_near_cliffs --------------------------------------------------------------------


def test_dealers_near_cliffs_by_hand():
    v = pd.Series(
        [2_700_000.0, 2_699_999.0, 4_900_000.0, 950_000.0, 3_000_000.0, 9e6, 0.0, 960_000.0],
        index=["A", "B", "C", "D", "E", "F", "G", "H"],
    )
    out = dealers_near_cliffs(v, METHOD_TIERS)
    expected = pd.DataFrame(
        {
            "volume": [4_900_000.0, 2_700_000.0, 950_000.0, 960_000.0],
            "threshold": [5e6, 3e6, 1e6, 1e6],
            "gap": [100_000.0, 300_000.0, 50_000.0, 40_000.0],
            # gap / T: 0.1e6/5e6; 0.3e6/3e6 (on the limit: near); 0.05; 0.04
            "gap_share": [0.02, 0.10, 0.05, 0.04],
            # 0.02 × 4.9e6 = 98,000; 0.01 × 2.7e6 = 27,000; 0; 0
            "rebate": [98_000.0, 27_000.0, 0.0, 0.0],
            # 0.03 × 5e6 = 150,000; 0.02 × 3e6 = 60,000; 0.01 × 1e6 = 10,000
            "rebate_at_threshold": [150_000.0, 60_000.0, 10_000.0, 10_000.0],
            # 150,000 − 98,000 = 52,000; 60,000 − 27,000 = 33,000; 10,000; 10,000
            "gain": [52_000.0, 33_000.0, 10_000.0, 10_000.0],
            # 52,000 / 100,000; 33,000 / 300,000; 10,000 / 50,000; 10,000 / 40,000
            "breakeven_discount": [0.52, 0.11, 0.20, 0.25],
        },
        # D and H tie on gain 10,000: index order. B is 300,001 short (> 10 %), E is at
        # 3e6 exactly (next threshold 5e6, 2e6 away), F above the top, G 1e6 away.
        index=pd.Index(["C", "A", "D", "H"], name="dealer"),
    )
    assert_frame_equal(out, expected, rtol=1e-12)


def test_dealers_near_cliffs_wider_shortfall_and_none_near():
    v = pd.Series([2_400_000.0], index=pd.Index([7], name="id"))
    assert dealers_near_cliffs(v, METHOD_TIERS).empty  # 600,000 short of 3e6 > 300,000
    out = dealers_near_cliffs(v, METHOD_TIERS, shortfall=0.2)  # ≤ 600,000: near
    assert out.index.tolist() == [7] and out.index.name == "dealer"
    # gain 60,000 − 0.01 × 2.4e6 = 36,000; 36,000 / 600,000 = 0.06
    assert out.loc[7, "gain"] == pytest.approx(36_000.0)
    assert out.loc[7, "breakeven_discount"] == pytest.approx(0.06)
    empty = dealers_near_cliffs(pd.Series([], dtype="float64"), METHOD_TIERS)
    assert empty.empty and list(empty.columns) == [
        "volume", "threshold", "gap", "gap_share", "rebate", "rebate_at_threshold", "gain",
        "breakeven_discount",
    ]  # fmt: skip


def test_dealers_near_cliffs_refuses_bad_volumes():
    with pytest.raises(InputDataError, match=r"volumes, row D2: -1 is not a volume"):
        dealers_near_cliffs(pd.Series([1.0, -1.0], index=["D1", "D2"]), METHOD_TIERS)
    with pytest.raises(InputDataError, match=r"volumes: expected a pandas Series"):
        dealers_near_cliffs([1.0, 2.0], METHOD_TIERS)  # type: ignore[arg-type]


# --- the seasoning sample ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seasoning():
    return sample_client("seasoning")


def test_seasoning_sample(seasoning):
    tiers = seasoning.rebate_tiers
    assert list(zip(tiers["threshold"], tiers["rate"], strict=True)) == SEASONING_TIERS
    v = seasoning.dealer_kpis.set_index("dealer")["actual_sales"]
    whole = tiered_rebate(v, tiers)
    marginal = tiered_rebate(v, tiers, mode="marginal")
    # D001 8,490,000: whole 0.035 × 8,490,000 = 297,150; marginal 0.01 × 2e6 + 0.02 × 2e6
    # + 0.03 × 3e6 + 0.035 × 490,000 = 20,000 + 40,000 + 90,000 + 17,150 = 167,150
    assert whole["D001"] == pytest.approx(297_150.0)
    assert marginal["D001"] == pytest.approx(167_150.0)
    # D042 137,000: below the first real threshold, nothing
    assert whole["D042"] == 0.0 and marginal["D042"] == 0.0
    assert_frame_equal(rebate_cliffs(tiers), rebate_cliffs(SEASONING_TIERS))

    near = dealers_near_cliffs(v, tiers)
    # D007 4,708,000: 0.03 × 5e6 − 0.02 × 4,708,000 = 150,000 − 94,160 = 55,840 over 292,000
    # D008 2,892,000: 60,000 − 28,920 = 31,080 over 108,000
    # D018 914,000 and D029 950,000: 10,000 over 86,000 and 50,000
    assert near.index.tolist() == ["D007", "D008", "D018", "D029"]
    np.testing.assert_allclose(near["gain"], [55_840.0, 31_080.0, 10_000.0, 10_000.0])
    np.testing.assert_allclose(
        near["breakeven_discount"],
        [55_840 / 292_000, 31_080 / 108_000, 10_000 / 86_000, 10_000 / 50_000],
        rtol=1e-12,
    )


# --- composite_rebate -----------------------------------------------------------------------

VOLUME = pd.Series([1_000_000.0, 500_000.0, 0.0], index=pd.Index(["D1", "D2", "D3"], name="dealer"))
SCORES = pd.DataFrame(
    {
        "volume": [80.0, 100.0, 50.0],
        "price_discipline": [60.0, 100.0, 50.0],
        "market_order": [100.0, 0.0, 50.0],
        "promotion_support": [40.0, 100.0, 50.0],
        "remark": ["", "", ""],  # further columns are ignored
    },
    index=pd.Index(["D1", "D2", "D3"], name="dealer"),
)


def test_composite_equal_weights():
    out = composite_rebate(VOLUME, SCORES, base_rate=0.02)
    # D1: (80 + 60 + 100 + 40) / 4 = 70 → 1e6 × 0.02 × 0.70 = 14,000
    # D2: (100 + 100 + 0 + 100) / 4 = 75 → 5e5 × 0.02 × 0.75 = 7,500
    # D3: volume 0 → 0
    expected = pd.Series([14_000.0, 7_500.0, 0.0], index=VOLUME.index, name="composite_rebate")
    assert_series_equal(out, expected, rtol=1e-12)


def test_composite_custom_weights_and_any_row_order():
    w = {"volume": 0.4, "price_discipline": 0.3, "market_order": 0.2, "promotion_support": 0.1}
    out = composite_rebate(VOLUME, SCORES.iloc[::-1], base_rate=0.02, weights=w)
    # D1: 0.4·80 + 0.3·60 + 0.2·100 + 0.1·40 = 32 + 18 + 20 + 4 = 74 → 1e6 × 0.02 × 0.74
    # D2: 40 + 30 + 0 + 10 = 80 → 5e5 × 0.02 × 0.80 = 8,000
    np.testing.assert_allclose(out.to_numpy(), [14_800.0, 8_000.0, 0.0], rtol=1e-12)
    assert out.index.tolist() == ["D1", "D2", "D3"]


def test_composite_full_marks_is_the_base_rate():
    full = pd.DataFrame(100.0, index=VOLUME.index, columns=list(COMPOSITE_CRITERIA))
    # 1e6 × 0.03 = 30,000; 5e5 × 0.03 = 15,000
    out = composite_rebate(VOLUME, full, base_rate=0.03)
    np.testing.assert_allclose(out.to_numpy(), [30_000.0, 15_000.0, 0.0], rtol=1e-12)


def _scores_with(dealer: str, column: str, value) -> pd.DataFrame:
    s = SCORES.astype({column: "object"})
    s.loc[dealer, column] = value
    return s


@pytest.mark.parametrize(
    ("volume", "scores", "options", "match"),
    [
        pytest.param(
            VOLUME,
            _scores_with("D2", "market_order", 101.0),
            {},
            r"scores, dealer D2, column market_order: 101 is not a score in 0–100",
            id="score-above-100",
        ),
        pytest.param(
            VOLUME,
            _scores_with("D3", "volume", -1.0),
            {},
            r"scores, dealer D3, column volume: -1 is not a score",
            id="negative-score",
        ),
        pytest.param(
            VOLUME,
            _scores_with("D1", "promotion_support", None),
            {},
            r"scores, dealer D1, column promotion_support: None is not a score",
            id="missing-score",
        ),
        pytest.param(
            VOLUME,
            SCORES.drop(columns=["market_order", "volume"]),
            {},
            r"scores: column\(s\) volume, market_order missing",
            id="missing-columns",
        ),
        pytest.param(
            VOLUME, SCORES.drop(index="D2"), {}, r"scores: no row for dealer D2", id="no-row"
        ),
        pytest.param(
            VOLUME.drop("D3"),
            SCORES,
            {},
            r"scores, dealer D3: the dealer has no volume",
            id="extra-row",
        ),
        pytest.param(
            pd.Series([1.0, -2.0, 3.0], index=VOLUME.index),
            SCORES,
            {},
            r"volume, dealer D2: -2 is not a volume",
            id="negative-volume",
        ),
        pytest.param(
            VOLUME,
            SCORES,
            {
                "weights": {
                    "volume": 0.5,
                    "price_discipline": 0.3,
                    "market_order": 0.1,
                    "promotion_support": 0.2,
                }
            },
            r"weights: they sum to 1.1; expected 1",
            id="weights-not-summing-to-one",
        ),
        pytest.param(
            VOLUME,
            SCORES,
            {"weights": {"volume": 0.5, "price_discipline": 0.5}},
            r"weights: no weight for market_order, promotion_support",
            id="weights-missing",
        ),
        pytest.param(
            VOLUME,
            SCORES,
            {"weights": {"volume": 1.0, "loyalty": 0.0}},
            r'weights: "loyalty" is not a criterion',
            id="weights-unknown",
        ),
        pytest.param(
            VOLUME,
            SCORES,
            {
                "weights": {
                    "volume": 1.2,
                    "price_discipline": -0.2,
                    "market_order": 0.0,
                    "promotion_support": 0.0,
                }
            },
            r"weights, price_discipline: -0.2 is not a weight ≥ 0",
            id="weights-negative",
        ),
        pytest.param(
            VOLUME, SCORES, {"base_rate": 1.5}, r"base_rate: 1.5 is not a rate", id="base-rate"
        ),
        pytest.param(
            VOLUME.to_list(), SCORES, {}, r"volume: expected a pandas Series", id="volume-list"
        ),
    ],
)
def test_composite_bad_input_is_refused(volume, scores, options, match):
    with pytest.raises(InputDataError, match=match):
        composite_rebate(volume, scores, **{"base_rate": 0.02, **options})


def test_composite_refuses_a_repeated_dealer():
    v = pd.Series([1.0, 2.0], index=["D1", "D1"])
    s = pd.DataFrame(50.0, index=["D1"], columns=list(COMPOSITE_CRITERIA))
    with pytest.raises(InputDataError, match=r"volume, row D1: the dealer repeats"):
        composite_rebate(v, s, base_rate=0.02)
