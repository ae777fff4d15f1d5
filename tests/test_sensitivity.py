"""Weight sensitivity: probabilities, reproducibility, fragility, vectorised draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from chananalysis.errors import ScoringError
from chananalysis.methods.sensitivity import composite_draws, weight_sensitivity

CH = pd.DataFrame(
    {
        "channel": ["KA", "流通", "餐饮", "电商"],
        "sales": [300.0, 600.0, 300.0, 100.0],
        "sales_prev": [250.0, 600.0, 350.0, 0.0],
        "variable_cost_rate": [0.2, 0.1, 0.1, 0.3],
        "fixed_cost": [40.0, 60.0, 70.0, 60.0],
    }
)


def test_probabilities_sum_to_one_and_are_reproducible():
    a = weight_sensitivity(CH, draws=3000, seed=5)
    b = weight_sensitivity(CH, draws=3000, seed=5)
    assert_frame_equal(a, b)
    total = a[["p_deepen", "p_optimize", "p_exit"]].sum(axis=1)
    assert np.allclose(total, 1.0)
    assert (a["rank_p05"] <= a["rank_median"]).all() and (a["rank_median"] <= a["rank_p95"]).all()
    c = weight_sensitivity(CH, draws=3000, seed=6)
    assert not a[["p_optimize"]].equals(c[["p_optimize"]]) or a["p_optimize"].isin([0, 1]).all()


def test_decision_near_a_band_edge_is_fragile():
    # weights 50 sales / 50 growth. A = 70, 130 (mean 100): W = 70, 130.
    # prev = 81.25, 130: 1+H = 200/211.25; Y1 = (70/81.25)/(200/211.25)*100 = 91.0,
    # Y2 = 1/(200/211.25)*100 = 105.625. I1 = (70+91)/2 = 80.5 (optimize, 0.5 above exit);
    # I2 = (130+105.625)/2 = 117.8125 (optimize, 2.2 below deepen).
    # A draw w on sales: I1 < 80 when w > 11/21 = .524 (Beta(50,50): about 32 % of draws);
    # I2 >= 120 when w >= .590 (about 4 %). So C1 is fragile, C2 is not.
    ch = pd.DataFrame(
        {
            "channel": ["C1", "C2"],
            "sales": [70.0, 130.0],
            "sales_prev": [81.25, 130.0],
            "variable_cost_rate": [0.0, 0.0],
            "fixed_cost": [0.0, 0.0],
        }
    )
    s = weight_sensitivity(ch, weights=[50, 0, 50, 0], draws=4000, seed=0)
    assert s["action"].tolist() == ["optimize", "optimize"]
    assert 0.55 < s.loc["C1", "p_optimize"] < 0.80 and s.loc["C1", "fragile"]
    assert s.loc["C2", "p_optimize"] > 0.90 and not s.loc["C2", "fragile"]
    assert s.loc["C1", "p_deepen"] == 0.0 and s.loc["C2", "p_exit"] == 0.0


def test_a_composite_exactly_on_a_band_stays_there_in_every_draw():
    # W = X = 80 for C1: every weight split of sales/profit gives I = 80 -> optimize always
    ch = pd.DataFrame(
        {
            "channel": ["C1", "C2"],
            "sales": [80.0, 120.0],
            "sales_prev": [80.0, 120.0],
            "variable_cost_rate": [0.0, 0.0],
            "fixed_cost": [0.0, 0.0],
        }
    )
    s = weight_sensitivity(ch, weights=[50, 50, 0, 0], draws=500, seed=0)
    assert s.loc["C1", "p_optimize"] == 1.0 and s.loc["C2", "p_deepen"] == 1.0


def test_zero_weights_stay_zero_in_every_draw():
    factors = np.array([[100.0, 0.0, 0.0, 1e9]])
    comp = composite_draws(
        factors, np.array([100.0, 0.0, 0.0, 0.0]), draws=50, concentration=10, seed=1
    )
    assert np.allclose(comp, 100.0)  # structure's huge value never enters


def test_bad_arguments():
    with pytest.raises(ScoringError, match="draws must be ≥ 1"):
        weight_sensitivity(CH, draws=0)
    with pytest.raises(ScoringError, match="concentration must be > 0"):
        weight_sensitivity(CH, concentration=0)
    with pytest.raises(ScoringError, match="weights must sum to 100"):
        weight_sensitivity(CH, weights=[30, 30, 30, 9])
