"""Charts whose axis counts things (dealers, observations, units, days) tick in whole
numbers: never 0.0 / 2.5 / 5.0 (issue 25, point 5). Each chart is built from a frame
small enough that matplotlib's default ticks would be fractional."""

from __future__ import annotations

import re
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from chananalysis.display.charts import integer_axis
from chananalysis.display.theme import use_theme
from chananalysis.sections.conflict import charts as cf
from chananalysis.sections.dealers import charts as de

WHOLE = re.compile(r"-?\d{1,3}(,\d{3})*")


@pytest.fixture(autouse=True)
def _theme():
    use_theme()  # the report's fonts (CJK) and styles, as a section notebook has them


def _labels(axis) -> list[str]:
    axis.figure.canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def _assert_whole(axis) -> None:
    """Every tick label is a whole number and sits at a whole number (a "{:.0f}" label
    on a tick at 0.5 would read 0 twice)."""
    labels = _labels(axis)
    assert labels and all(WHOLE.fullmatch(s) for s in labels), labels
    low, high = sorted(axis.get_view_interval())
    ticks = [v for v in axis.get_ticklocs() if low - 1e-9 <= v <= high + 1e-9]
    assert ticks and all(float(v).is_integer() for v in ticks), ticks


def test_integer_axis_ticks_a_small_count_in_whole_numbers():
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    ax.bar(["a", "b"], [2, 1])
    assert "0.5" in _labels(ax.yaxis)  # matplotlib's own: 0.0, 0.5, 1.0 …
    integer_axis(ax, "y")
    _assert_whole(ax.yaxis)
    assert _labels(ax.yaxis)[:3] == ["0", "1", "2"]
    with pytest.raises(ValueError, match="which"):
        integer_axis(ax, "z")
    plt.close(fig)


def test_dumping_counts_are_whole():
    # 2 observations below the floor in one market, 1 in another: ticks 0, 1, 2
    breaches = pd.DataFrame({"territory": ["曹县", "曹县", "菏泽"], "channel": ["流通批发"] * 3})
    fig = cf.dumping_chart(breaches, "zh")
    _assert_whole(fig.axes[0].xaxis)
    plt.close(fig)


def test_diverted_units_by_month_are_whole():
    incidents = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-01-01", "2025-02-01"]),
            "units": [2, 1],
            "incident": ["I1", "I2"],
        }
    )
    fig = cf.months_chart(incidents, "en")
    _assert_whole(fig.axes[0].yaxis)
    plt.close(fig)


def test_authorisation_days_scale_is_whole():
    by_month = pd.DataFrame(
        {
            "territory": ["郑州", "信阳"],
            "month": pd.to_datetime(["2025-04-01", "2025-04-01"]),
            "overlap_days": [1, 0],
            "blind_days": [0, 1],
        }
    )
    fig = cf.authorization_chart(by_month, "zh")
    colorbar = fig.axes[1]  # the scale of days, −1 … 1
    _assert_whole(colorbar.yaxis)
    plt.close(fig)


def test_dealers_per_star_rating_are_whole():
    review = SimpleNamespace(
        card=SimpleNamespace(stars=[SimpleNamespace(stars=s) for s in (1, 2, 3, 4, 5)]),
        scores=pd.DataFrame({"stars": [5, 5, 4, 0]}),  # at most 2 a bar: 0, 1, 2
    )
    fig = de.star_chart(review, "zh")
    _assert_whole(fig.axes[0].yaxis)
    plt.close(fig)
