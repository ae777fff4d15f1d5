"""The 8S model against numbers worked by hand (each case's arithmetic in its comment)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from chananalysis.errors import ScoringError
from chananalysis.methods.notes import Notes
from chananalysis.methods.scoring import channel_scores, dealer_classes, derived_levels


def frame(sales, prev, rate, fixed, names=None):
    names = names or [f"C{i + 1}" for i in range(len(sales))]
    return pd.DataFrame(
        {
            "channel": names,
            "sales": sales,
            "sales_prev": prev,
            "variable_cost_rate": rate,
            "fixed_cost": fixed,
        }
    )


def test_all_profits_positive_seed_formula():
    # A = 200, 300, 500 (mean 333.33) -> W = 60, 90, 150
    # D = 200-(20+20)=160, 300-(60+30)=210, 500-(50+50)=400 (mean 256.667)
    #   -> X = 62.3377, 81.8182, 155.8442
    # 1+H = 1000/850 = 1.176471; 1+Hi = 1.0, 1.2, 1.25 -> Y = 85.0, 102.0, 106.25
    # Z neutral 100; I = mean of the four = 76.8344, 93.4545, 128.0235
    s = channel_scores(frame([200.0, 300, 500], [200.0, 250, 400], [0.1, 0.2, 0.1], [20.0, 30, 50]))
    assert s["W"].round(4).tolist() == [60.0, 90.0, 150.0]
    assert s["profit"].tolist() == [160.0, 210.0, 400.0]
    assert s["X"].round(4).tolist() == [62.3377, 81.8182, 155.8442]
    assert s["Y"].round(4).tolist() == [85.0, 102.0, 106.25]
    assert s["Z"].tolist() == [100.0, 100.0, 100.0]
    assert s["I"].round(4).tolist() == [76.8344, 93.4545, 128.0235]
    assert s["rank"].tolist() == [3, 2, 1]
    assert s["action"].tolist() == ["exit", "optimize", "deepen"]
    assert s["growth"].round(4).tolist() == [0.0, 0.2, 0.25]
    assert s["note"].map(str).tolist() == ["structure_none"] * 3


def test_loss_making_channel_uses_signed_safe_index():
    # D = 100-150 = -50 and 100-50 = 50: mean 0, mean|D| 50
    # X = 100 + 100*(-50-0)/50 = 0 and 100 + 100*50/50 = 200
    # I = (100+0+100+100)/4 = 75 -> exit; (100+200+100+100)/4 = 125 -> deepen
    s = channel_scores(frame([100.0, 100], [100.0, 100], [0.0, 0.0], [150.0, 50]))
    assert s["X"].tolist() == [0.0, 200.0]
    assert s["I"].tolist() == [75.0, 125.0]
    assert s["action"].tolist() == ["exit", "deepen"]
    assert s["note"].map(str).tolist() == ["signed_safe:X; structure_none"] * 2
    assert s["note"].iloc[0] == Notes([("signed_safe", "X"), "structure_none"])


def test_new_channel_has_neutral_growth_and_a_note():
    # 1+H = 450/300 = 1.5; C1: 1.0/1.5*100 = 66.6667; C2: 1.5/1.5*100 = 100; C3 new -> 100
    s = channel_scores(frame([100.0, 300, 50], [100.0, 200, 0], [0.1] * 3, [0.0] * 3))
    assert s["Y"].round(4).tolist() == [66.6667, 100.0, 100.0]
    assert s["growth"].isna().tolist() == [False, False, True]
    assert s.loc["C3", "note"] == Notes(["new_channel", "structure_none"])


def test_company_growth_negative_factor_vs_ratio():
    # H = 200/250-1 = -0.2; H1 = 90/100-1 = -0.1, H2 = 110/150-1 = -0.26667
    # factor: 0.9/0.8*100 = 112.5, 0.73333/0.8*100 = 91.6667 (the better channel above 100)
    # ratio (naive): -0.1/-0.2*100 = 50, -0.26667/-0.2*100 = 133.3333 (flipped)
    ch = frame([90.0, 110], [100.0, 150], [0.1, 0.1], [0.0, 0.0])
    assert channel_scores(ch)["Y"].round(4).tolist() == [112.5, 91.6667]
    assert channel_scores(ch, growth_method="ratio")["Y"].round(4).tolist() == [50.0, 133.3333]


def test_ratio_method_refuses_zero_company_growth():
    ch = frame([110.0, 90], [100.0, 100], [0.1, 0.1], [0.0, 0.0])  # H = 200/200-1 = 0
    with pytest.raises(ScoringError, match='growth_method="ratio" divides by company growth'):
        channel_scores(ch, growth_method="ratio")


def test_ties_share_the_lower_rank():
    s = channel_scores(frame([100.0, 100, 50], [100.0, 100, 50], [0.1] * 3, [10.0] * 3))
    assert s["rank"].tolist() == [1, 1, 3]


@pytest.mark.parametrize(
    "weights",
    [
        pytest.param([25, 25, 25, 24], id="sum-99"),
        pytest.param({"sales": 50, "profit": 50, "growth": 1, "structure": 0}, id="sum-101"),
    ],
)
def test_weights_not_summing_to_100_are_refused(weights):
    with pytest.raises(ScoringError, match="weights must sum to 100"):
        channel_scores(frame([1.0, 2], [1.0, 2], [0.1, 0.1], [0.0, 0.0]), weights=weights)


def test_bad_weights_and_bands():
    ch = frame([1.0, 2], [1.0, 2], [0.1, 0.1], [0.0, 0.0])
    with pytest.raises(ScoringError, match="weights need exactly the keys"):
        channel_scores(ch, weights={"sales": 100})
    with pytest.raises(ScoringError, match="weights must be numbers ≥ 0"):
        channel_scores(ch, weights=[110, -10, 0, 0])
    with pytest.raises(ScoringError, match="low < high"):
        channel_scores(ch, bands=(120, 80))
    with pytest.raises(ScoringError, match="at least 2 are needed; got 1"):
        channel_scores(ch.iloc[:1])


def test_band_boundaries_exactly():
    # weights all on sales: I = W; A = 80, 120, 100 (mean 100) -> I = 80, 120, 100
    s = channel_scores(
        frame([80.0, 120, 100], [1.0] * 3, [0.1] * 3, [0.0] * 3), weights=[100, 0, 0, 0]
    )
    assert s["I"].tolist() == [80.0, 120.0, 100.0]
    assert s["action"].tolist() == ["optimize", "deepen", "optimize"]
    s = channel_scores(
        frame([79.99, 120.01, 100], [1.0] * 3, [0.1] * 3, [0.0] * 3),
        weights=[100, 0, 0, 0],
        bands=(80, 120),
    )
    assert s["action"].tolist()[0] == "exit"


IMPORTANCE = pd.DataFrame(
    {
        "channel": ["C1", "C2", "C3"],
        "A": ["dominant", "none", "important"],
        "B": ["dominant", "none", "general"],
        "C": ["dominant", "none", "minor"],
        "D": ["dominant", "none", "none"],
    }
)


def test_structure_from_judged_levels():
    # z: C1 100; C2 0; C3 0.4*80 + 0.3*60 + 0.2*30 + 0.1*0 = 56; mean 52
    # Z = 192.3077, 0, 107.6923
    s = channel_scores(frame([1.0] * 3, [1.0] * 3, [0.1] * 3, [0.0] * 3), importance=IMPORTANCE)
    assert s["Z"].round(4).tolist() == [192.3077, 0.0, 107.6923]
    assert s["note"].map(str).tolist() == ["levels_judged"] * 3


DEALERS = pd.DataFrame(
    {"dealer": ["D1", "D2", "D3", "D4"], "annual_sales": [12e6, 5e6, 2e6, 0.5e6]}
)  # classes A, B, C, D
DCS = pd.DataFrame(
    {
        "dealer": ["D1", "D1", "D2", "D2", "D3", "D4", "D4"],
        "channel": ["KA", "流通", "流通", "餐饮", "餐饮", "KA", "流通"],
        "sales": [6.0, 4.0, 9.0, 1.0, 1.0, 3.0, 1.0],
    }
)


def test_derived_levels_from_shares():
    # A: KA 6/10 = .6 dominant, 流通 .4 important; B: 流通 .9 dominant, 餐饮 .1 general;
    # C: 餐饮 1.0 dominant; D: KA .75 dominant, 流通 .25 important (boundary)
    lv = derived_levels(DEALERS, DCS)
    assert lv.loc["KA"].tolist() == ["dominant", "none", "none", "dominant"]
    assert lv.loc["流通"].tolist() == ["important", "dominant", "none", "important"]
    assert lv.loc["餐饮"].tolist() == ["none", "general", "dominant", "none"]


def test_derived_levels_share_levels_overridable():
    # dominant from .8, important from .3: A KA .6 -> important, 流通 .4 important;
    # B 流通 .9 dominant, 餐饮 .1 minor; C 餐饮 1.0 dominant; D KA .75 important, 流通 .25 minor
    lv = derived_levels(DEALERS, DCS, share_levels=[(0.8, "dominant"), (0.3, "important")])
    assert lv.loc["KA"].tolist() == ["important", "none", "none", "important"]
    assert lv.loc["流通"].tolist() == ["important", "dominant", "none", "minor"]
    assert lv.loc["餐饮"].tolist() == ["none", "minor", "dominant", "none"]
    # through channel_scores: z KA .4*80+.1*80 = 40; 流通 .4*80+.3*100+.1*30 = 65;
    # 餐饮 .3*30+.2*100 = 29; mean 44.6667 -> Z = 89.5522, 145.5224, 64.9254
    ch = frame([1.0] * 3, [1.0] * 3, [0.1] * 3, [0.0] * 3, names=["KA", "流通", "餐饮"])
    s = channel_scores(
        ch,
        dealers=DEALERS,
        dealer_channel_sales=DCS,
        share_levels=[(0.8, "dominant"), (0.3, "important")],
    )
    assert s["Z"].round(4).tolist() == [89.5522, 145.5224, 64.9254]


@pytest.mark.parametrize(
    "steps",
    [
        [(0.3, "important"), (0.8, "dominant")],  # not descending
        [(0.5, "dominant"), (0.5, "important")],  # a repeated share
        [(1.5, "dominant")],  # a share above 1
        [(0.5, "huge")],  # an unknown level
        [(0.5, "minor")],  # minor is what is left above 0
    ],
)
def test_share_levels_refused(steps):
    with pytest.raises(ScoringError, match="share_levels must be"):
        derived_levels(DEALERS, DCS, share_levels=steps)


def test_structure_from_derived_levels_and_judged_override():
    ch = frame([1.0] * 3, [1.0] * 3, [0.1] * 3, [0.0] * 3, names=["KA", "流通", "餐饮"])
    # z: KA .4*100+.1*100 = 50; 流通 .4*80+.3*100+.1*80 = 70; 餐饮 .3*60+.2*100 = 38
    # mean 52.6667 -> Z = 94.9367, 132.9114, 72.1519
    s = channel_scores(ch, dealers=DEALERS, dealer_channel_sales=DCS)
    assert s["Z"].round(4).tolist() == [94.9367, 132.9114, 72.1519]
    assert s["note"].map(str).tolist() == ["levels_derived"] * 3
    # judge 餐饮 dominant everywhere: z 餐饮 = 100; mean (50+70+100)/3 = 73.3333
    # Z = 68.1818, 95.4545, 136.3636
    judged = pd.DataFrame(
        {
            "channel": ["餐饮"],
            "A": ["dominant"],
            "B": ["dominant"],
            "C": ["dominant"],
            "D": ["dominant"],
        }
    )
    s = channel_scores(ch, importance=judged, dealers=DEALERS, dealer_channel_sales=DCS)
    assert s["Z"].round(4).tolist() == [68.1818, 95.4545, 136.3636]
    assert s["note"].map(str).tolist() == ["levels_derived", "levels_derived", "levels_judged"]


def test_class_weights_and_level_points_overridable():
    # only class A counts, dominant 10 points: z = 10, 0, 0 (important -> 0 by override)
    s = channel_scores(
        frame([1.0] * 3, [1.0] * 3, [0.1] * 3, [0.0] * 3),
        importance=IMPORTANCE,
        class_weights={"A": 1, "B": 0, "C": 0, "D": 0},
        level_points={"dominant": 10, "important": 0, "general": 0, "minor": 0, "none": 0},
    )
    assert s["Z"].tolist() == [300.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        pytest.param(10e6, "A", id="A-at-10M"),
        pytest.param(10e6 - 0.01, "B", id="just-below-A"),
        pytest.param(3e6, "B", id="B-at-3M"),
        pytest.param(3e6 - 0.01, "C", id="just-below-B"),
        pytest.param(1e6, "C", id="C-at-1M"),
        pytest.param(1e6 - 0.01, "D", id="just-below-C"),
        pytest.param(0.0, "D", id="zero"),
    ],
)
def test_dealer_class_boundaries(sales, expected):
    assert dealer_classes(pd.Series([sales])).tolist() == [expected]


def test_dealer_class_thresholds_overridable():
    assert dealer_classes(pd.Series([5.0, 3.0, 1.0, 0.5]), thresholds=(5, 3, 1)).tolist() == [
        "A",
        "B",
        "C",
        "D",
    ]
    with pytest.raises(ScoringError, match="thresholds must descend"):
        dealer_classes(pd.Series([1.0]), thresholds=(1, 3, 5))


def _random_channels(rng, n=6):
    return frame(
        rng.uniform(1e5, 1e7, n).round(),
        rng.uniform(0, 1e7, n).round(),
        rng.uniform(0, 0.4, n).round(3),
        rng.uniform(0, 3e6, n).round(),
        names=[f"渠道{i}" for i in range(n)],
    )


def test_scaling_all_amounts_changes_no_index():
    rng = np.random.default_rng(7)
    ch = _random_channels(rng)
    base = channel_scores(ch, importance=None)
    scaled = ch.assign(
        sales=ch["sales"] * 1000,
        sales_prev=ch["sales_prev"] * 1000,
        fixed_cost=ch["fixed_cost"] * 1000,
    )
    other = channel_scores(scaled)
    cols = ["W", "X", "Y", "Z", "I"]
    assert_frame_equal(base[cols], other[cols], rtol=1e-12)
    assert base[["rank", "action"]].equals(other[["rank", "action"]])


def test_reordering_rows_changes_nothing():
    rng = np.random.default_rng(11)
    ch = _random_channels(rng)
    base = channel_scores(ch)
    shuffled = channel_scores(ch.sample(frac=1.0, random_state=3))
    assert_frame_equal(base, shuffled.loc[base.index], check_exact=False, rtol=1e-12)


def test_input_is_not_mutated():
    ch = frame([200.0, 300], [100.0, 100], [0.1, 0.2], [5.0, 5.0])
    before = ch.copy()
    channel_scores(ch, importance=IMPORTANCE.iloc[:0])
    assert_frame_equal(ch, before)
