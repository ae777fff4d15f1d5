"""Judgement on the seed's bands (docs/method.md §6.4) and profit after product cost
(docs/method.md §1.1), worked by hand."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

import chananalysis as ca
from chananalysis.display.money import Money
from chananalysis.errors import InputDataError
from chananalysis.intake.parse import parse_sheet
from chananalysis.methods.judgement import (
    JUDGED_ACTIONS,
    REASONS,
    channel_judgement,
    system_after,
)
from chananalysis.methods.portfolio import channel_portfolio, overview_findings
from chananalysis.sections.overview.text import overview_text
from chananalysis.sections.recommendations.tables import KINDS, judgement_table
from chananalysis.sections.recommendations.text import after_text, exit_economics, judgement_text

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
NAN = float("nan")


def frames(*rows: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(channel, sales, contribution, seed action, sales_prev, fixed_cost) -> scores, channels."""
    names = [r[0] for r in rows]
    scores = pd.DataFrame(
        {
            "sales": [float(r[1]) for r in rows],
            "profit": [float(r[2]) for r in rows],
            "action": [r[3] for r in rows],
        },
        index=pd.Index(names, name="channel"),
    )
    channels = pd.DataFrame(
        {
            "channel": names,
            "sales_prev": [r[4] for r in rows],
            "fixed_cost": [float(r[5]) for r in rows],
        }
    )
    return scores, channels


# ΣA = 600 + 150 + 50 + 200 = 1,000; Σprev = 500 + 100 + 0 + 200 = 800; H = 0.25, 2H = 0.5
# D: KA 600 − 0.2·600 − 100 = 380; 特通 150 − 0.1·150 − 30 = 105; 电商 50 − 0.3·50 − 60 = −25;
# 团购 200 − 0.1·200 − 80 = 100
BASE = frames(
    ("KA", 600, 380, "deepen", 500.0, 100),
    ("特通", 150, 105, "exit", 100.0, 30),
    ("电商", 50, -25, "exit", 0.0, 60),
    ("团购", 200, 100, "exit", 200.0, 80),
)


def test_whole_frame_by_hand():
    got = channel_judgement(*BASE)
    expected = pd.DataFrame(
        {
            "seed_action": ["deepen", "exit", "exit", "exit"],
            "action": ["deepen", "nurture", "nurture", "cut_cost_before_exit"],
            "reason": ["", "fast_growth", "new_channel", "exit_loses"],
            # 600/500 − 1; 150/100 − 1 = 0.5 = 2H exactly; new; 200/200 − 1
            "growth": [0.2, 0.5, NAN, 0.0],
            "company_growth": [0.25] * 4,
            "achievement": [NAN] * 4,  # no target column
            "company_achievement": [NAN] * 4,
            "contribution": [380.0, 105.0, -25.0, 100.0],
            "fixed_cost": [100.0, 30.0, 60.0, 80.0],
            # −D − 0.5·C: −380 − 50; −105 − 15; +25 − 30; −100 − 40 (团购: 0 % < 25 %,
            # not healthy, and exit loses 140: cut costs first)
            "exit_effect": [-430.0, -120.0, -5.0, -140.0],
        },
        index=pd.Index(["KA", "特通", "电商", "团购"], name="channel"),
    )
    expected = expected.astype({c: "str" for c in ("seed_action", "action", "reason")})
    assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert got.attrs == {
        "growth_multiple": 2.0,
        "exit_loss_basis": "auto",
        "avoidable_fixed": 0.5,
        "keep_healthy": True,
    }
    assert set(got["action"]) <= set(JUDGED_ACTIONS)
    assert set(got["reason"]) <= set(REASONS) | {""}


def test_method_example_cut_cost_before_exit():
    # docs/method.md §6.4: contribution −48 万, fixed cost 370 万, a = 0.5:
    # +480,000 − 0.5 × 3,700,000 = −1,370,000 → exit alone loses money
    # ΣA = 9,000,000 + 4,600,000 = 13.6 M, Σprev = 14.1 M: H = −3.5 %; 便利 −9.8 % < H
    scores, channels = frames(
        ("KA", 9_000_000, 4_000_000, "deepen", 9_000_000.0, 1_000_000),
        ("便利连锁", 4_600_000, -480_000, "exit", 5_100_000.0, 3_700_000),
    )
    got = channel_judgement(scores, channels)
    assert got.loc["便利连锁", "exit_effect"] == pytest.approx(-1_370_000.0)
    assert got.loc["便利连锁", ["action", "reason"]].tolist() == [
        "cut_cost_before_exit",
        "exit_loses",
    ]
    assert system_after(scores, got).attrs["dropped"] == []  # it stays while costs are cut


@pytest.mark.parametrize(
    ("share", "effect", "action"),
    [
        # a = 0: nothing of the fixed cost is saved: +480,000 − 3,700,000
        pytest.param(0, -3_220_000.0, "cut_cost_before_exit", id="a=0"),
        pytest.param(0.5, -1_370_000.0, "cut_cost_before_exit", id="a=0.5"),
        # a = 1: all of it is saved: exit stops the loss of 480,000
        pytest.param(1, 480_000.0, "exit", id="a=1"),
        # a = 0.87027…: 480,000 − 0.12973 × 3,700,000 = 0 exactly → exit (≥ 0)
        pytest.param(1 - 480_000 / 3_700_000, 0.0, "exit", id="a-on-the-line"),
    ],
)
def test_avoidable_fixed_override(share, effect, action):
    scores, channels = frames(
        ("KA", 9_000_000, 4_000_000, "deepen", 9_000_000.0, 1_000_000),
        ("便利连锁", 4_600_000, -480_000, "exit", 5_100_000.0, 3_700_000),
    )
    got = channel_judgement(scores, channels, avoidable_fixed=share)
    assert got.loc["便利连锁", "exit_effect"] == pytest.approx(effect, abs=1e-6)
    assert got.loc["便利连锁", "action"] == action
    assert got.attrs["avoidable_fixed"] == float(share)
    # KA: −4,000,000 − (1 − a)·1,000,000
    assert got.loc["KA", "exit_effect"] == pytest.approx(-4_000_000 - (1 - share) * 1_000_000)


@pytest.mark.parametrize("share", [-0.1, 1.1, 50, NAN, float("inf"), True, "0.5", None])
def test_avoidable_fixed_must_be_a_fraction(share):
    with pytest.raises(InputDataError, match=r"avoidable_fixed: expected a fraction in \[0, 1\]"):
        channel_judgement(*BASE, avoidable_fixed=share)


@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_keep_healthy_must_be_true_or_false(flag):
    with pytest.raises(InputDataError, match=r"keep_healthy: expected True or False"):
        channel_judgement(*BASE, keep_healthy=flag)


# --- keep and grow ---------------------------------------------------------------------------
def with_targets(*rows: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """frames() of (channel, sales, contribution, seed action, sales_prev, fixed, target)."""
    scores, channels = frames(*(r[:6] for r in rows))
    return scores, channels.assign(target=[r[6] for r in rows])


# ΣA = 990 + 110 = 1,100, Σprev = 1,000: H = 0.1, 2H = 0.2; Σtarget = 1,000: 110 %.
# X: 110/100 − 1 = 0.1 = H and 110/100 = 110 % = the company's: on both lines, keep.
ON_THE_LINES = with_targets(
    ("KA", 990, 400, "deepen", 900.0, 100, 900.0),
    ("X", 110, 30, "exit", 100.0, 10, 100.0),
)


def test_small_healthy_channel_keeps_and_grows_and_stays_in_the_system():
    scores, channels = ON_THE_LINES
    got = channel_judgement(scores, channels)
    assert got.loc["X", ["seed_action", "action", "reason"]].tolist() == [
        "exit",
        "keep_and_grow",
        "healthy",
    ]
    assert got.loc["X", "growth"] == pytest.approx(0.1, abs=1e-12)
    assert got.loc["X", "company_growth"] == pytest.approx(0.1, abs=1e-12)
    assert got.loc["X", ["achievement", "company_achievement"]].tolist() == pytest.approx(
        [1.1, 1.1], abs=1e-12
    )
    # its exit economics are still there: −30 − 0.5·10 = −35
    assert got.loc["X", "exit_effect"] == -35.0
    after = system_after(scores, got)
    assert after.index.tolist() == ["KA", "X"] and after.attrs["dropped"] == []
    assert after.loc["X", "action"] == "keep_and_grow"


def test_growth_just_below_the_company_is_not_kept():
    # X 109/100 − 1 = 0.09 < H = 1,099/1,000 − 1 = 0.099; achievement 109/90 = 121 % ≥
    # 1,099/990 = 111 % (only growth fails) → exit band; exit loses 30 + 5 → cut costs
    scores, channels = with_targets(
        ("KA", 990, 400, "deepen", 900.0, 100, 900.0),
        ("X", 109, 30, "exit", 100.0, 10, 90.0),
    )
    got = channel_judgement(scores, channels)
    assert got.loc["X", "achievement"] > got.loc["X", "company_achievement"]
    assert got.loc["X", ["action", "reason", "exit_effect"]].tolist() == [
        "cut_cost_before_exit",
        "exit_loses",
        -35.0,
    ]


def test_achievement_just_below_the_company_is_not_kept():
    # X grows 0.1 = H, but reaches 110/101 = 108.9 % < 1,100/1,001 = 109.9 %
    scores, channels = with_targets(
        ("KA", 990, 400, "deepen", 900.0, 100, 900.0),
        ("X", 110, 30, "exit", 100.0, 10, 101.0),
    )
    got = channel_judgement(scores, channels)
    assert got.loc["X", "achievement"] == pytest.approx(110 / 101)
    assert got.loc["X", "company_achievement"] == pytest.approx(1100 / 1001)
    assert got.loc["X", "action"] == "cut_cost_before_exit"
    # without the target column achievement is not asked: X keeps and grows
    plain = channel_judgement(scores, channels.drop(columns="target"))
    assert plain.loc["X", "action"] == "keep_and_grow"
    assert plain[["achievement", "company_achievement"]].isna().all().all()
    # a blank target for X alone: its achievement is unknown and not asked; the company's
    # is KA's 990 / 900 = 110 %
    blank = channel_judgement(scores, channels.assign(target=[900.0, None]))
    assert blank.loc["X", "action"] == "keep_and_grow"
    assert np.isnan(blank.loc["X", "achievement"])
    assert blank.loc["X", "company_achievement"] == pytest.approx(1.1)


@pytest.mark.parametrize(
    ("d", "action", "reason"),
    [
        # Y in the optimise band grows 0.1 = H: healthy only when it contributes
        pytest.param(5, "keep_and_grow", "healthy", id="positive-contribution"),
        pytest.param(-5, "optimize", "", id="negative-contribution"),
        pytest.param(0, "optimize", "", id="zero-contribution"),
    ],
)
def test_optimise_band_needs_a_positive_contribution(d, action, reason):
    scores, channels = frames(
        ("KA", 990, 400, "deepen", 900.0, 100), ("Y", 110, d, "optimize", 100.0, 10)
    )
    got = channel_judgement(scores, channels)
    assert got.loc["Y", ["action", "reason"]].tolist() == [action, reason]


def test_keep_healthy_false_gives_back_the_seed_band():
    scores, channels = with_targets(
        ("KA", 880, 400, "deepen", 800.0, 100, 800.0),
        ("X", 110, 30, "exit", 100.0, 10, 100.0),  # 0.1 = H, 110 % = the company's
        ("Y", 110, 20, "optimize", 100.0, 10, 100.0),
    )
    # ΣA 1,100, Σprev 1,000: H = 0.1; Σtarget 1,000: 110 %
    assert channel_judgement(scores, channels)["action"].tolist() == [
        "deepen",
        "keep_and_grow",
        "keep_and_grow",
    ]
    got = channel_judgement(scores, channels, keep_healthy=False)
    # Y goes back to optimise; X to the exit band, where exit loses 30 + 5: cut costs
    assert got["action"].tolist() == ["deepen", "cut_cost_before_exit", "optimize"]
    assert got["reason"].tolist() == ["", "exit_loses", ""]
    assert got.attrs["keep_healthy"] is False


def test_a_new_channel_is_still_nurtured_not_kept():
    # 电商 is new (no growth to compare): nurture, even with a target met and D > 0
    scores, channels = with_targets(
        ("KA", 990, 400, "deepen", 900.0, 100, 900.0),
        ("电商", 110, 30, "exit", 0.0, 10, 50.0),
    )
    got = channel_judgement(scores, channels)
    assert got.loc["电商", ["action", "reason"]].tolist() == ["nurture", "new_channel"]
    # and a new channel of the optimise band cannot be shown healthy: it stays there
    got = channel_judgement(scores.assign(action=["deepen", "optimize"]), channels)
    assert got.loc["电商", ["action", "reason"]].tolist() == ["optimize", ""]


@pytest.mark.parametrize(
    ("a_fast", "h_company", "h_fast", "action", "reason"),
    [
        # 特通 A = 150: ΣA 1,000, H = 0.25, 2H = 0.5; Hᵢ = 0.5 → on the line: nurture
        pytest.param(150, 0.25, 0.5, "nurture", "fast_growth", id="exactly-2H"),
        # A = 149: ΣA 999, H = 999/800 − 1 = 0.24875, 2H = 0.4975; Hᵢ = 0.49 < 0.4975,
        # but ≥ H with D = 105 > 0 (no targets): healthy
        pytest.param(149, 0.24875, 0.49, "keep_and_grow", "healthy", id="just-below-2H"),
        # A = 151: ΣA 1,001, H = 0.25125, 2H = 0.5025; Hᵢ = 0.51 ≥ 0.5025
        pytest.param(151, 0.25125, 0.51, "nurture", "fast_growth", id="just-above-2H"),
    ],
)
def test_the_line_is_twice_the_company_growth(a_fast, h_company, h_fast, action, reason):
    scores, channels = frames(
        ("KA", 600, 380, "deepen", 500.0, 100),
        ("特通", a_fast, 105, "exit", 100.0, 30),
        ("电商", 50, -25, "exit", 0.0, 60),
        ("团购", 200, 100, "exit", 200.0, 80),
    )
    got = channel_judgement(scores, channels)
    assert got.loc["特通", "company_growth"] == pytest.approx(h_company, abs=1e-12)
    assert got.loc["特通", "growth"] == pytest.approx(h_fast, abs=1e-12)
    assert got.loc["特通", ["action", "reason"]].tolist() == [action, reason]


def test_exactly_2H_despite_float_noise():
    # ΣA = 120 + 980 = 1,100, Σprev = 100 + 900 = 1,000: H = 0.1, 2H = 0.2; X grows
    # 120/100 − 1 = 0.2 — in floats 0.19999999999999996 against 0.20000000000000018
    scores, channels = frames(("X", 120, 10, "exit", 100.0, 5), ("Y", 980, 90, "deepen", 900.0, 5))
    got = channel_judgement(scores, channels)
    assert got.loc["X", ["action", "reason"]].tolist() == ["nurture", "fast_growth"]


@pytest.mark.parametrize(
    ("a_ka", "h_company"),
    [
        # ΣA = 710 + 110 + 80 = 900, Σprev = 1,000: H = −0.1 (the company shrinks)
        pytest.param(710, -0.1, id="company-shrinking"),
        # ΣA = 810 + 110 + 80 = 1,000 = Σprev: H = 0
        pytest.param(810, 0.0, id="company-flat"),
    ],
)
def test_company_not_growing_any_growth_is_fast(a_ka, h_company):
    scores, channels = frames(
        ("KA", a_ka, 300, "deepen", 800.0, 100),
        ("特通", 110, 20, "exit", 100.0, 30),  # 110/100 − 1 = +0.10 > 0 → nurture
        ("团购", 80, 15, "exit", 100.0, 30),  # 80/100 − 1 = −0.20 < H: not healthy
    )
    got = channel_judgement(scores, channels)
    assert got["company_growth"].iloc[0] == pytest.approx(h_company, abs=1e-12)
    assert got["action"].tolist() == ["deepen", "nurture", "cut_cost_before_exit"]
    assert got["reason"].tolist() == ["", "fast_growth", "exit_loses"]
    # −300 − 50; −20 − 15; −15 − 15
    assert got["exit_effect"].tolist() == [-350.0, -35.0, -30.0]


def test_company_shrinking_a_flat_channel_is_not_fast_but_healthy():
    # ΣA = 700 + 100 = 800, Σprev = 900: H = −11.1 %; 特通 100/100 − 1 = 0: not > 0, so not
    # fast; but 0 ≥ H with D = 20 > 0: it keeps and grows
    scores, channels = frames(
        ("KA", 700, 300, "deepen", 800.0, 100), ("特通", 100, 20, "exit", 100, 30)
    )
    got = channel_judgement(scores, channels)
    assert got.loc["特通", ["action", "reason"]].tolist() == ["keep_and_grow", "healthy"]


def test_new_channels_blank_or_zero_prior_sales():
    # 电商 prior 0, 直播 prior blank: both new. 社群 is new but in the optimize band: the
    # nurture rule only touches the exit band, and without growth it is not healthy.
    # ΣA = 1,000 + 50 + 30 + 120 = 1,200, Σprev = 900
    scores, channels = frames(
        ("KA", 1000, 500, "deepen", 900.0, 100),
        ("电商", 50, 10, "exit", 0.0, 20),
        ("直播", 30, -5, "exit", None, 20),
        ("社群", 120, 40, "optimize", 0.0, 20),
    )
    got = channel_judgement(scores, channels)
    assert got["action"].tolist() == ["deepen", "nurture", "nurture", "optimize"]
    assert got["reason"].tolist() == ["", "new_channel", "new_channel", ""]
    assert got["growth"].isna().tolist() == [False, True, True, True]
    assert got["company_growth"].iloc[0] == pytest.approx(1200 / 900 - 1)  # 0.3333
    # −500 − 50; −10 − 10; +5 − 10; −40 − 10
    assert got["exit_effect"].tolist() == [-550.0, -20.0, -5.0, -50.0]


def test_no_prior_sales_at_all():
    # Σprev = 0: H is undefined (NaN); every channel is new, so the exit one is nurtured
    scores, channels = frames(("A", 100, 50, "deepen", 0.0, 10), ("B", 20, 5, "exit", 0.0, 10))
    got = channel_judgement(scores, channels)
    assert np.isnan(got["company_growth"]).all()
    assert got["action"].tolist() == ["deepen", "nurture"]


def test_an_exit_that_gains_is_an_exit():
    # 便利 D = −100, C = 120: +100 − 60 = +40 ≥ 0 → exit
    scores, channels = frames(
        ("KA", 900, 400, "deepen", 900.0, 100), ("便利", 100, -100, "exit", 120, 120)
    )
    got = channel_judgement(scores, channels)
    assert got.loc["便利", ["action", "reason", "exit_effect"]].tolist() == ["exit", "", 40.0]
    assert system_after(scores, got).attrs["dropped"] == ["便利"]


@pytest.mark.parametrize(
    ("m", "action"),
    [
        pytest.param(1, "nurture", id="m=1: 0.5 ≥ 0.25"),
        pytest.param(2, "nurture", id="m=2: 0.5 ≥ 0.5"),
        # not fast any more, but 0.5 ≥ H = 0.25 with D = 105 > 0: healthy
        pytest.param(2.1, "keep_and_grow", id="m=2.1: 0.5 < 0.525"),
        pytest.param(3, "keep_and_grow", id="m=3: 0.5 < 0.75"),
    ],
)
def test_growth_multiple_override(m, action):
    got = channel_judgement(*BASE, growth_multiple=m)
    assert got.loc["特通", "action"] == action
    assert got.loc["电商", "action"] == "nurture"  # new whatever m
    # the exit effect is priced whatever the verdict: −105 − 15
    assert got.loc["特通", "exit_effect"] == -120.0
    assert got.attrs["growth_multiple"] == float(m)


@pytest.mark.parametrize("m", [0.5, 0, -2, NAN, float("inf"), True, "2", None])
def test_growth_multiple_must_be_at_least_one(m):
    with pytest.raises(InputDataError, match=r"growth_multiple: expected a number ≥ 1"):
        channel_judgement(*BASE, growth_multiple=m)


def test_product_cost_columns_and_exit_loss_basis():
    scores, channels = BASE
    # rates: KA 0.5, 特通 0.4, 电商 0.5, 团购 blank
    pc = channels.assign(product_cost_rate=[0.5, 0.4, 0.5, None])
    got = channel_judgement(scores, pc)
    assert got.columns[-1] == "profit_after_product_cost"
    # KA 380 − 0.5·600 = 80; 特通 105 − 0.4·150 = 45; 电商 −25 − 0.5·50 = −50; 团购 blank
    assert got["profit_after_product_cost"].tolist()[:3] == [80.0, 45.0, -50.0]
    assert np.isnan(got.loc["团购", "profit_after_product_cost"])
    # auto: the product cost is saved too: −80 − 50; −45 − 15; +50 − 30; 团购 no rate:
    # −100 − 40
    assert got["exit_effect"].tolist() == [-130.0, -60.0, 20.0, -140.0]
    # contribution basis: the seed's D throughout
    by_d = channel_judgement(scores, pc, exit_loss_basis="contribution")
    assert by_d["exit_effect"].tolist() == [-430.0, -120.0, -5.0, -140.0]
    assert by_d.attrs["exit_loss_basis"] == "contribution"
    # without the column, no column
    assert "profit_after_product_cost" not in channel_judgement(scores, channels)


def test_product_cost_can_turn_an_exit_that_loses_into_one_that_gains():
    # 团购 rate 0.6: own result 100 − 0.6·200 = −20. a = 0.5: +20 − 40 = −20, still
    # cut costs; a = 1: +20 ≥ 0 → exit; on the contribution basis −100 → cut costs
    pc = BASE[1].assign(product_cost_rate=[0.5, 0.4, 0.5, 0.6])
    got = channel_judgement(BASE[0], pc)
    assert got.loc["团购", ["action", "exit_effect"]].tolist() == ["cut_cost_before_exit", -20.0]
    got = channel_judgement(BASE[0], pc, avoidable_fixed=1)
    assert got.loc["团购", ["action", "exit_effect"]].tolist() == ["exit", 20.0]
    got = channel_judgement(BASE[0], pc, avoidable_fixed=1, exit_loss_basis="contribution")
    assert got.loc["团购", ["action", "exit_effect"]].tolist() == ["cut_cost_before_exit", -100.0]


@pytest.mark.parametrize(
    ("change", "match"),
    [
        pytest.param(
            lambda s, c: (s, c[c["channel"] != "电商"]),
            r"channels: no row for the scored channel\(s\) 电商",
            id="channel-missing",
        ),
        pytest.param(
            lambda s, c: (s, c.drop(columns="fixed_cost")),
            r"channels: column\(s\) fixed_cost missing",
            id="column-missing",
        ),
        pytest.param(
            lambda s, c: (s.drop(columns=["action", "profit"]), c),
            r"scores: column\(s\) profit, action missing",
            id="scores-columns-missing",
        ),
        pytest.param(
            lambda s, c: (s.assign(action=["deepen", "exit", "kill", "exit"]), c),
            r'scores, channel 电商, column action: "kill" is not an action; expected one of '
            r"deepen, optimize, exit",
            id="bad-action",
        ),
        pytest.param(
            lambda s, c: (s, c.assign(sales_prev=[500.0, -1.0, 0.0, 200.0])),
            r"channels, row 1 \(channel 特通\), column sales_prev: -1 is not blank or a "
            r"number ≥ 0",
            id="negative-prior-sales",
        ),
        pytest.param(
            lambda s, c: (s, c.assign(sales_prev=[500.0, "abc", 0.0, 200.0])),
            r'channels, row 1 \(channel 特通\), column sales_prev: "abc" is not blank',
            id="text-prior-sales",
        ),
        pytest.param(
            lambda s, c: (s, c.assign(fixed_cost=[100.0, 30.0, None, 80.0])),
            r"channels, row 2 \(channel 电商\), column fixed_cost: is blank; expected a number ≥ 0",
            id="blank-fixed-cost",
        ),
        pytest.param(
            lambda s, c: (s, c.assign(target=[600.0, -1.0, 50.0, 200.0])),
            r"channels, row 1 \(channel 特通\), column target: -1 is not blank or a number ≥ 0",
            id="negative-target",
        ),
        pytest.param(
            lambda s, c: (s, c.assign(product_cost_rate=[0.5, 55, 0.5, 0.5])),
            r"channels, row 1 \(channel 特通\), column product_cost_rate: 55 is not blank or "
            r"a fraction in \[0, 1\]",
            id="rate-as-percent",
        ),
        pytest.param(
            lambda s, c: (s.assign(profit=[380.0, np.inf, -25.0, 100.0]), c),
            r"scores, channel 特通, column profit: inf is not a finite number",
            id="infinite-contribution",
        ),
        pytest.param(
            lambda s, c: (s, pd.concat([c, c.iloc[[0]]])),
            r'channels: channel "KA" is listed twice',
            id="duplicate-channel",
        ),
    ],
)
def test_bad_input_names_table_row_column_value(change, match):
    with pytest.raises(InputDataError, match=match):
        channel_judgement(*change(*BASE))


def test_bad_exit_loss_basis():
    with pytest.raises(InputDataError, match=r'exit_loss_basis: .* got "profit"'):
        channel_judgement(*BASE, exit_loss_basis="profit")


def test_inputs_are_not_changed():
    scores, channels = BASE[0].copy(), BASE[1].copy()
    channel_judgement(scores, channels)
    assert_frame_equal(scores, BASE[0])
    assert_frame_equal(channels, BASE[1])


# --- system_after --------------------------------------------------------------------------
def test_system_after_by_hand():
    scores = pd.DataFrame(
        {"sales": [500.0, 200.0, 100.0, 150.0, 50.0]},
        index=pd.Index(["A", "B", "C", "D", "E"], name="channel"),
    )
    judgement = pd.DataFrame(
        {
            "action": ["deepen", "keep_and_grow", "nurture", "exit", "cut_cost_before_exit"],
            "contribution": [300.0, 60.0, -10.0, -40.0, -20.0],
        },
        index=scores.index,
    )
    got = system_after(scores, judgement)
    # only D (exit) leaves: kept 500 + 200 + 100 + 50 = 850 of 1,000;
    # contribution kept 300 + 60 − 10 − 20 = 330, dropped −40
    expected = pd.DataFrame(
        {
            "action": ["deepen", "keep_and_grow", "nurture", "cut_cost_before_exit"],
            "sales": [500.0, 200.0, 100.0, 50.0],
            "share_before": [0.5, 0.2, 0.1, 0.05],
            "share_after": [500 / 850, 200 / 850, 100 / 850, 50 / 850],
            "contribution": [300.0, 60.0, -10.0, -20.0],
            "contribution_share_after": [300 / 330, 60 / 330, -10 / 330, -20 / 330],
        },
        index=pd.Index(["A", "B", "C", "E"], name="channel"),
    ).astype({"action": "str"})
    assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert got.attrs["dropped"] == ["D"]
    assert got.attrs["sales_kept_share"] == pytest.approx(0.85)
    assert got.attrs["contribution_kept"] == 330.0
    assert got.attrs["contribution_dropped"] == -40.0
    assert got.attrs["notes"] == []


def test_system_after_keeps_every_channel_not_exited():
    scores, channels = BASE
    # 团购 is cut_cost_before_exit (exit would lose 140): nothing leaves
    got = system_after(scores, channel_judgement(scores, channels))
    assert got.index.tolist() == ["KA", "特通", "电商", "团购"]
    assert got.attrs["dropped"] == [] and got.attrs["sales_kept_share"] == 1.0


def test_system_after_all_exit_and_loss_making_kept():
    scores = pd.DataFrame(
        {"sales": [100.0, 50.0, 0.0]}, index=pd.Index(["A", "B", "C"], name="channel")
    )
    # everything exits: nothing kept, no note (nothing to share)
    all_exit = pd.DataFrame(
        {"action": ["exit"] * 3, "contribution": [10.0, 5.0, -1.0]}, index=scores.index
    )
    got = system_after(scores, all_exit)
    assert got.empty and list(got.columns) == [
        "action",
        "sales",
        "share_before",
        "share_after",
        "contribution",
        "contribution_share_after",
    ]
    assert got.attrs["dropped"] == ["A", "B", "C"]
    assert got.attrs["sales_kept_share"] == 0.0
    assert got.attrs["contribution_kept"] == 0.0 and got.attrs["contribution_dropped"] == 14.0
    # kept B and C contribute 5 − 10 = −5 ≤ 0: no contribution share; C sells nothing
    loss = pd.DataFrame(
        {"action": ["exit", "optimize", "nurture"], "contribution": [10.0, 5.0, -10.0]},
        index=scores.index,
    )
    got = system_after(scores, loss)
    assert got["share_after"].tolist() == [1.0, 0.0]  # 50/50, 0/50
    assert got["contribution_share_after"].isna().all()
    assert got.attrs["notes"] == ["no_denominator:contribution_kept"]
    # kept C alone sells nothing: no sales share either
    only_c = loss.assign(action=["exit", "exit", "nurture"])
    got = system_after(scores, only_c)
    assert got["share_after"].isna().all()
    assert got.attrs["notes"] == ["no_denominator:sales_kept", "no_denominator:contribution_kept"]


def test_system_after_bad_input():
    scores, channels = BASE
    j = channel_judgement(scores, channels)
    with pytest.raises(InputDataError, match=r"scores: no row for the judged channel\(s\) 团购"):
        system_after(scores.drop(index="团购"), j)
    with pytest.raises(InputDataError, match=r'judgement, channel KA, column action: "grow"'):
        system_after(scores, j.assign(action=["grow", "exit", "exit", "exit"]))


# --- the sample clients (checked by hand against their channels sheets) ---------------------
def _sample(name: str) -> pd.DataFrame:
    d = sample_client(name)
    scores = ca.channel_scores(
        d.channels,
        importance=d.channel_importance,
        dealers=d.dealers,
        dealer_channel_sales=d.dealer_channel_sales,
    )
    return scores, channel_judgement(scores, d.channels)


def test_seasoning():
    scores, j = _sample("seasoning")
    # H = 91.4 M / 83.85 M − 1 = 0.090042, 2H = 0.180083
    assert j["company_growth"].iloc[0] == pytest.approx(91.4 / 83.85 - 1, abs=1e-12)
    assert j["company_growth"].iloc[0] == pytest.approx(0.090042, abs=1e-6)
    # Σtarget = 21.84 + 46.44 + 2.04 + 10.53 + 6.24 + 5.36 = 92.45 M: 91.4 / 92.45 = 98.86 %
    assert j["company_achievement"].iloc[0] == pytest.approx(91.4 / 92.45, abs=1e-12)
    assert j["seed_action"].tolist() == ["optimize", "deepen", "exit", "optimize", "exit", "exit"]
    assert j["action"].tolist() == [
        "optimize",  # KA卖场: 21 / 20.6 − 1 = +1.9 % < H
        "deepen",  # 流通批发
        "keep_and_grow",  # 校园特通
        "keep_and_grow",  # 餐饮
        "nurture",  # 电商
        "cut_cost_before_exit",  # 便利连锁
    ]
    # 电商: 7.2 M / 3.9 M − 1 = 0.846 ≥ 0.180 → nurture; D = 7.2 M·0.72 − 1.6 M = 3,584,000
    assert j.loc["电商", "reason"] == "fast_growth"
    assert j.loc["电商", "growth"] == pytest.approx(0.846154, abs=1e-6)
    # 校园特通: 2.1 / 1.85 − 1 = 13.5 % (≥ 9.0 %, < 18.0 %), 2.1 / 2.04 = 102.9 % ≥ 98.9 %,
    # D = 2.1 M·0.85 − 450,000 = 1,335,000 > 0 → keep and grow
    assert j.loc["校园特通", "reason"] == "healthy"
    assert j.loc["校园特通", "growth"] == pytest.approx(2.1 / 1.85 - 1)
    assert j.loc["校园特通", "achievement"] == pytest.approx(2.1 / 2.04)
    # 餐饮: 10.5 / 9.4 − 1 = 11.7 % ≥ 9.0 %; 10.5 / 10.53 = 99.7 % ≥ 98.9 %;
    # D = 10.5 M·0.88 − 1.2 M = 8,040,000 (76.6 % of its sales) → keep and grow
    assert j.loc["餐饮", "achievement"] == pytest.approx(10.5 / 10.53)
    assert j.loc["餐饮", "contribution"] == pytest.approx(8_040_000.0)
    # 便利连锁: 4.6 M / 5.1 M − 1 = −9.8 %; D = 4.6 M·0.7 − 3.7 M = −480,000;
    # exit: +480,000 − 0.5 × 3,700,000 = −1,370,000 → cut costs before any exit
    assert j.loc["便利连锁", "contribution"] == pytest.approx(-480_000.0)
    assert j.loc["便利连锁", "exit_effect"] == pytest.approx(-1_370_000.0)
    assert j.loc["便利连锁", "reason"] == "exit_loses"
    after = system_after(scores, j)
    # nothing is exited: every channel stays
    assert after.index.tolist() == ["KA卖场", "流通批发", "校园特通", "餐饮", "电商", "便利连锁"]
    assert after.attrs["dropped"] == [] and after.attrs["sales_kept_share"] == 1.0


def test_feed():
    _, j = _sample("feed")
    # H = 94 M / 80.8 M − 1 = 0.163366; 电商直销 has no prior sales → nurture (new)
    assert j["company_growth"].iloc[0] == pytest.approx(94 / 80.8 - 1, abs=1e-12)
    assert j.loc["电商直销", ["seed_action", "action", "reason"]].tolist() == [
        "exit",
        "nurture",
        "new_channel",
    ]
    # D = 2 M·0.82 − 1.9 M = −260,000: exit +260,000 − 950,000 = −690,000
    assert j.loc["电商直销", "exit_effect"] == pytest.approx(-690_000.0)
    # 养殖合作社: 10 M / 9.8 M − 1 = 2.0 % < H → not healthy; D = 10 M·0.92 − 1 M = 8,200,000:
    # exit −8,200,000 − 500,000 = −8,700,000 → cut costs before any exit
    assert j.loc["养殖合作社", ["action", "reason"]].tolist() == [
        "cut_cost_before_exit",
        "exit_loses",
    ]
    assert j.loc["养殖合作社", "exit_effect"] == pytest.approx(-8_700_000.0)


def test_cosmetics():
    _, j = _sample("cosmetics")
    # H = 51.6 M / 44.7 M − 1 = 0.154362, 2H = 0.308725; 母婴 4.3 / 3.2 − 1 = 0.34375
    assert j["company_growth"].iloc[0] == pytest.approx(51.6 / 44.7 - 1, abs=1e-12)
    assert j.loc["母婴", ["seed_action", "action", "reason"]].tolist() == [
        "exit",
        "nurture",
        "fast_growth",
    ]
    # D = 4.3 M·0.8 − 950,000 = 2,490,000: exit −2,490,000 − 475,000
    assert j.loc["母婴", "exit_effect"] == pytest.approx(-2_965_000.0)
    # Σtarget 51.13 M: 100.9 %. 药房 5.8 / 4.6 − 1 = 26.1 %, 5.8 / 5.29 = 109.6 %,
    # D = 5.8 M·0.86 − 0.8 M = 4,188,000; 线上旗舰店 11 / 6.4 − 1 = 71.9 %, 11 / 9.6 = 114.6 %,
    # D = 11 M·0.65 − 3.1 M = 4,050,000: both optimise-band channels keep and grow
    assert j["company_achievement"].iloc[0] == pytest.approx(51.6 / 51.13, abs=1e-12)
    assert j.loc[["药房", "线上旗舰店"], "action"].tolist() == ["keep_and_grow"] * 2
    assert (j["action"] != "exit").all()  # no channel left to exit


# --- profit after product cost in the portfolio and the overview ----------------------------
CH = pd.DataFrame(
    {
        "channel": ["KA", "流通"],
        "sales": [600.0, 400.0],
        "sales_prev": [500.0, 400.0],
        "variable_cost_rate": [0.2, 0.1],
        "fixed_cost": [100.0, 50.0],
    }
)


def test_portfolio_product_cost_columns():
    p = channel_portfolio(CH.assign(product_cost_rate=[0.5, None]))
    assert p.columns[-3:].tolist() == ["product_cost", "profit_after_product_cost", "net_margin"]
    # KA: 0.5·600 = 300; 600·0.5 − (120 + 100) = 80; 80/600 = 0.1333
    assert p.loc["KA", ["product_cost", "profit_after_product_cost"]].tolist() == [300.0, 80.0]
    assert p.loc["KA", "net_margin"] == pytest.approx(80 / 600)
    assert p.loc["流通", ["product_cost", "profit_after_product_cost", "net_margin"]].isna().all()
    assert p.loc["KA", "profit"] == 380.0  # the contribution is unchanged
    assert "product_cost" not in channel_portfolio(CH).columns


def test_portfolio_net_margin_without_sales_is_nan():
    p = channel_portfolio(CH.assign(sales=[600.0, 0.0], product_cost_rate=[0.5, 0.5]))
    # 流通 sells nothing: profit after product cost = −50 (its fixed cost), margin undefined
    assert p.loc["流通", "profit_after_product_cost"] == -50.0
    assert np.isnan(p.loc["流通", "net_margin"])


def test_overview_sentence_on_profit_after_product_cost():
    # KA 80 + 流通 400·0.4 − 90 = 70 → 150 of 1,000 sales
    f = overview_findings(channel_portfolio(CH.assign(product_cost_rate=[0.5, 0.6])))
    assert f.total_profit_after_product_cost == 150.0 and f.product_cost_missing == ()
    en = overview_text(f, "en")
    assert "After product cost, the channels together earn CNY 150 (15.0% of sales)." in en
    assert "before product cost (69.0% of sales)" in en  # ΣD = 380 + 310 = 690
    assert "扣除产品成本后，全部渠道合计利润 150 元，占销售额 15.0%。" in overview_text(f, "zh")
    # one rate blank: not totalled, the channel named
    f = overview_findings(channel_portfolio(CH.assign(product_cost_rate=[0.5, None])))
    assert np.isnan(f.total_profit_after_product_cost) and f.product_cost_missing == ("流通",)
    assert "the product cost rate is missing for 流通" in overview_text(f, "en")
    # no column: no sentence
    f = overview_findings(channel_portfolio(CH))
    assert f.total_profit_after_product_cost is None
    assert "After product cost" not in overview_text(f, "en")


# --- intake: product cost and variable costs at or above sales ------------------------------
def test_intake_warns_when_product_and_variable_costs_reach_sales():
    raw = pd.DataFrame(
        {
            "channel": ["KA", "流通", "餐饮"],
            "sales": [1000, 3000, 500],
            "sales_prev": [900, 2500, 400],
            "variable_cost_rate": [0.3, 0.1, 0.2],
            # 0.3 + 0.7 = 1.0 (on the line: warned); 0.1 + 0.6 = 0.7 fine; 55 = a percent
            "product_cost_rate": [0.7, 0.6, 55],
            "fixed_cost": [100, 200, 50],
        },
        index=[2, 3, 4],  # Excel rows
    )
    frame, problems = parse_sheet("channels", raw)
    mine = [p for p in problems if p.code == "costs_ge_sales"]
    assert [(p.row, p.column, p.value) for p in mine] == [(2, "product_cost_rate", 0.7)]
    assert mine[0].message("en") == (
        "channels (渠道), row 2, column product_cost_rate (产品成本率): 0.7 plus the variable "
        "cost rate 0.3 is at or above sales; every sale would lose money before fixed costs; "
        "check it"
    )
    assert [p.row for p in problems if p.code == "rate_percent"] == [4]
    assert frame["product_cost_rate"].tolist() == [0.7, 0.6, 55.0]


# --- section 05: the judgement as the client reads it ----------------------------------------
_FIGURE = re.compile(r"[+−-]?\d[\d,]*(?:\.\d+)?")
_UNITS = {"万元": 1e4, "亿元": 1e8, "元": 1.0, "CNY k": 1e3, "CNY m": 1e6, "CNY": 1.0}


def _formula(sentence: str) -> tuple[float, list[float]]:
    """(unit in yuan, [first, fixed cost kept, effect]) of an exit sentence, as printed."""
    label, _, rest = sentence.partition("= ")
    unit = _UNITS[re.search(r"[（(]([^（）()]+)[）)]\s*$", label).group(1)]  # （万元）, (CNY k)
    first, cost, effect = (
        float(f.replace(",", "").replace("−", "-")) for f in _FIGURE.findall(rest)[:3]
    )
    return unit, [first * unit, cost * unit, effect * unit]


@pytest.mark.parametrize(
    ("d", "fixed", "share", "expected", "tol"),
    [
        # docs/method.md §6.4: +480,000 − 1,850,000 = −1,370,000 (万元: +48 − 185 = −137;
        # CNY k: +480 − 1,850 = −1,370)
        pytest.param(
            -480_000.0, 3_700_000.0, 0.5, [480_000, 1_850_000, -1_370_000], 0, id="method"
        ),
        # +2 M − 15 M = −13 M (万元: +200 − 1,500; CNY m: +2 − 15)
        pytest.param(-2e6, 3e7, 0.5, [2e6, 1.5e7, -1.3e7], 0, id="millions"),
        # a = 0.3: −123,456 − 700,000 = −823,456: 万元 to one place (−12.3 − 70.0 = −82.3),
        # CNY k to one place (−123.5 − 700.0 = −823.5)
        pytest.param(123_456.0, 1e6, 0.3, [-123_456, 700_000, -823_456], 500, id="rounded"),
    ],
)
def test_exit_sentence_same_figures_in_both_languages(d, fixed, share, expected, tol):
    effect = -d - (1 - share) * fixed
    row = pd.Series({"exit_effect": effect, "fixed_cost": fixed, "contribution": d})
    zh = exit_economics("便利连锁", row, "zh", share=share, currency="CNY")
    en = exit_economics("便利连锁", row, "en", share=share, currency="CNY")
    for sentence in (zh, en):
        unit, figures = _formula(sentence)
        assert figures == pytest.approx(expected, abs=tol + 1e-6)
        # the formula adds up as printed
        assert figures[0] - figures[1] == pytest.approx(figures[2], abs=unit * 1e-6)
    if share == 0.5:
        assert "一半的固定费用" in zh and "half of its fixed cost" in en
    if d < 0:
        assert "（止住的亏损）" in zh and "(the loss it stops)" in en
    else:
        assert "（失去的贡献）" in zh and "(the contribution it loses)" in en
    assert zh.endswith("因此先削减成本，而不是退出。")
    assert en.endswith("so cut its costs first rather than exit.")


def test_exit_sentence_when_exit_gains():
    # D = −100,000, C = 120,000, a = 0.5: +100,000 − 60,000 = +40,000 → exit
    row = pd.Series({"exit_effect": 40_000.0, "fixed_cost": 120_000.0, "contribution": -1e5})
    zh = exit_economics("便利", row, "zh", share=0.5, currency="CNY")
    en = exit_economics("便利", row, "en", share=0.5, currency="CNY")
    assert "（万元）= +10（止住的亏损）− 6（省不下的固定费用）= +4，因此退出。" in zh
    assert "(CNY k) = +100 (the loss it stops) − 60 (the fixed cost it does not save) = +40" in en
    assert en.endswith("so exit it.")


def _review(name: str, **kw) -> SimpleNamespace:
    """What judgement_text and after_text read of a section 05 review."""
    d = sample_client(name)
    scores = ca.channel_scores(
        d.channels,
        importance=d.channel_importance,
        dealers=d.dealers,
        dealer_channel_sales=d.dealer_channel_sales,
    )
    j = channel_judgement(scores, d.channels, **kw)
    return SimpleNamespace(judgement=j, after=system_after(scores, j), growth_multiple=2.0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seasoning_judgement_as_the_client_reads_it(lang):
    r = _review("seasoning")
    got = judgement_text(r, lang)
    if lang == "zh":
        assert "公司整体增长 +9.0%，完成销售目标的 98.9%。" in got
        assert "保持并发展：校园特通（教材规则：清理退出；增长 +13.5%，完成目标 102.9%）" in got
        assert "餐饮（教材规则：做大放小；增长 +11.7%，完成目标 99.7%）" in got
        assert "改为培育观察：电商（增长 +84.6%）" in got
        assert got.count("退出便利连锁") == 1  # the exit economics, once
        assert "对公司贡献的影响（万元）= +48（止住的亏损）− 185（省不下的固定费用）= −137" in got
    else:
        assert "The company grew +9.0% and reached 98.9% of its sales target." in got
        assert (
            "Kept and grown: 校园特通 (textbook rule: exit; growth +13.5%, 102.9% of target)" in got
        )
        assert "餐饮 (textbook rule: optimise; growth +11.7%, 99.7% of target)" in got
        assert got.count("Exiting 便利连锁") == 1
        # in the unit of the table's column (CNY m, for 流通批发's −39.85 m): −1.37 as there
        assert (
            "(CNY m) = +0.48 (the loss it stops) − 1.85 (the fixed cost it does not save) = −1.37"
            in got
        )
        assert Money("en").unit(r.judgement["exit_effect"]).name == "CNY m"
    # no codes, parameter names or "seed" in client text
    for word in ("seed", "Seed", "avoidable", "keep_and_grow", "cut_cost", "exit_effect", "_"):
        assert word not in got
    after = after_text(r, lang)
    assert ("没有渠道退出" if lang == "zh" else "No channel is exited") in after
    assert "便利连锁" in after and "校园特通" not in after


def test_without_the_keep_rule_the_text_says_nothing_of_it():
    r = _review("seasoning", keep_healthy=False)
    got = judgement_text(r, "en")
    assert "kept and grown" not in got and "Kept and grown" not in got
    # 校园特通 back in the exit band: exiting loses 1,335,000 + 225,000 = 1,560,000 (in CNY m,
    # as shown: 1.33 + 0.23 = 1.56)
    assert "Exiting 校园特通" in got
    assert "(CNY m) = −1.33 (the contribution it loses) − 0.23 (the fixed cost" in got
    assert "does not save) = −1.56, so cut its costs first rather than exit." in got
    assert r.judgement.loc["餐饮", "action"] == "optimize"


def test_after_text_drops_only_exits():
    scores, channels = frames(
        ("KA", 900, 400, "deepen", 900.0, 100),
        ("便利", 100, -100, "exit", 120, 120),  # +100 − 60 ≥ 0: exit
        ("团购", 180, 100, "exit", 200.0, 80),  # −10 % < H: not healthy; −100 − 40: cut
    )
    # ΣA = 900 + 100 + 180 = 1,180, Σprev = 900 + 120 + 200 = 1,220: H = −3.3 %
    j = channel_judgement(scores, channels)
    assert j["action"].tolist() == ["deepen", "exit", "cut_cost_before_exit"]
    r = SimpleNamespace(judgement=j, after=system_after(scores, j), growth_multiple=2.0)
    zh = after_text(r, "zh")
    # kept KA and 团购: 1,080 of 1,180 sales = 91.5 %; contribution 400 + 100 = 500 of
    # 400 − 100 + 100 = 400: 125.0 %
    assert zh.startswith(
        "按建议调整后保留 2 个渠道，占本期销售额的 91.5%、渠道贡献的 125.0%；退出便利。"
    )
    assert zh.endswith("暂时保留、先削减成本再决定去留：团购。")
    assert after_text(r, "en").endswith(
        "Kept for now, costs cut first and the exit decided again after: 团购."
    )


def test_judgement_table_keeps_the_textbook_rule_beside_the_verdict():
    r = _review("seasoning")
    got = judgement_table(r)
    assert got.columns.tolist() == [
        "seed_action",
        "action",
        "reason",
        "growth",
        "achievement",
        "contribution",
        "exit_effect",
    ]
    assert set(got.columns) <= {*KINDS["channel_judgement"], "seed_action", "action", "reason"}
    assert got.loc["校园特通", ["seed_action", "action"]].tolist() == ["exit", "keep_and_grow"]
    # no targets: no achievement column
    scores, channels = BASE
    j = channel_judgement(scores, channels)
    plain = judgement_table(SimpleNamespace(judgement=j))
    assert "achievement" not in plain.columns
