"""CONTRACT §2: the public functions take their documented parameters in the documented
order, by position or by name (extra options of ours may only follow, keyword-only)."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

import chananalysis as ca

# name -> the parameters CONTRACT §2 lists, in its order, with their defaults
CONTRACT = {
    "load_client": [("path", inspect.Parameter.empty)],
    "validate_client": [("path", inspect.Parameter.empty)],
    "write_intake_template": [("path", inspect.Parameter.empty), ("lang", "zh")],
    "channel_scores": [
        ("channels", inspect.Parameter.empty),
        ("weights", None),
        ("importance", None),
        ("bands", (80, 120)),
        ("growth_method", "factor"),
    ],
    "ahp_weights": [
        ("matrix", inspect.Parameter.empty),
        ("labels", None),
        ("allow_inconsistent", False),
    ],
    "weight_sensitivity": [
        ("channels", inspect.Parameter.empty),
        ("weights", None),
        ("importance", None),
        ("draws", 2000),
        ("concentration", 100),
        ("seed", 0),
    ],
    "dealer_classes": [("annual_sales", inspect.Parameter.empty), ("thresholds", (10e6, 3e6, 1e6))],
    "star_scorecard": [("kpis", inspect.Parameter.empty), ("config", None)],
    "run_report": [
        ("client", inspect.Parameter.empty),
        ("out_dir", inspect.Parameter.empty),
        ("lang", "zh"),
        ("params", None),
        ("force", False),
    ],
    "run_batch": [
        ("clients", inspect.Parameter.empty),
        ("out_dir", inspect.Parameter.empty),
        ("jobs", None),
        ("executor", None),
    ],
}
POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_signature_follows_contract(name):
    params = list(inspect.signature(getattr(ca, name)).parameters.values())
    expected = CONTRACT[name]
    head = params[: len(expected)]
    assert [(p.name, p.default) for p in head] == [
        (n, tuple(d) if isinstance(d, list) else d) for n, d in expected
    ]
    assert all(p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD for p in head)
    assert all(p.kind not in POSITIONAL for p in params[len(expected) :])


def test_positional_calls_as_written_in_contract():
    channels = pd.DataFrame(
        {
            "channel": ["KA", "流通"],
            "sales": [1000.0, 3000.0],
            "sales_prev": [900.0, 2500.0],
            "variable_cost_rate": [0.2, 0.1],
            "fixed_cost": [100.0, 200.0],
        }
    )
    weights = {"sales": 40, "profit": 30, "growth": 20, "structure": 10}
    by_position = ca.channel_scores(channels, weights, None, (80, 120), "factor")
    pd.testing.assert_frame_equal(by_position, ca.channel_scores(channels, weights=weights))
    s = ca.weight_sensitivity(channels, weights, None, 50, 100, 3)
    pd.testing.assert_frame_equal(
        s, ca.weight_sensitivity(channels, weights=weights, draws=50, seed=3)
    )
    sales = pd.Series([10e6, 9_999_999.0])
    assert ca.dealer_classes(sales, (5e6, 3e6, 1e6)).tolist() == ["A", "A"]
