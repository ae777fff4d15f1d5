"""The overview narrative's own Decision: when the channel mix is called concentrated."""

from __future__ import annotations

import pandas as pd
import pytest

from chananalysis.methods.portfolio import channel_portfolio, overview_findings
from chananalysis.sections.overview.review import CONCENTRATION
from chananalysis.sections.overview.text import overview_text

# sales 50 / 30 / 20: the two largest channels hold exactly 80 % of sales
CHANNELS = pd.DataFrame(
    {
        "channel": ["KA", "流通", "餐饮"],
        "sales": [50.0, 30.0, 20.0],
        "sales_prev": [40.0, 30.0, 20.0],
        "variable_cost_rate": [0.1] * 3,
        "fixed_cost": [1.0] * 3,
    }
)
SAYS = "The portfolio is concentrated"


@pytest.mark.parametrize(
    ("above", "concentrated"),
    [
        (CONCENTRATION, True),  # 80 % > 70 %: the default calls it concentrated
        (0.80, False),  # exactly at the line is not above it
        (0.79, True),
        (0.95, False),
    ],
)
def test_concentration_line_is_a_parameter(above, concentrated):
    text = overview_text(
        overview_findings(channel_portfolio(CHANNELS)), "en", concentrated_above=above
    )
    assert "the two largest together carry 80.0%" in text
    assert (SAYS in text) is concentrated
