"""Judgement on the seed's bands (docs/method.md §6) and profit after product cost
(docs/method.md §1.1), worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

import chananalysis as ca
from chananalysis.errors import InputDataError
from chananalysis.intake.parse import parse_sheet
from chananalysis.methods.judgement import JUDGED_ACTIONS, channel_judgement, system_after
from chananalysis.methods.portfolio import channel_portfolio, overview_findings
from chananalysis.sections.overview.text import overview_text

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
            "action": ["deepen", "nurture", "nurture", "exit"],
            "reason": ["", "fast_growth", "new_channel", ""],
            # 600/500 − 1; 150/100 − 1 = 0.5 = 2H exactly; new; 200/200 − 1
            "growth": [0.2, 0.5, NAN, 0.0],
            "company_growth": [0.25] * 4,
            "contribution": [380.0, 105.0, -25.0, 100.0],
            "fixed_cost": [100.0, 30.0, 60.0, 80.0],
            # deepen: not leaving; 特通 nurture, D > 0; 电商 D < 0; 团购 exit, D > 0
            "exit_loss": [0.0, 105.0, 0.0, 100.0],
            "flag": ["", "exit_loses_contribution", "", "exit_loses_contribution"],
        },
        index=pd.Index(["KA", "特通", "电商", "团购"], name="channel"),
    )
    expected = expected.astype({c: "str" for c in ("seed_action", "action", "reason", "flag")})
    assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert got.attrs == {"growth_multiple": 2.0, "exit_loss_basis": "auto"}
    assert set(got["action"]) <= set(JUDGED_ACTIONS)


@pytest.mark.parametrize(
    ("a_fast", "h_company", "h_fast", "action"),
    [
        # 特通 A = 150: ΣA 1,000, H = 0.25, 2H = 0.5; Hᵢ = 0.5 → on the line: nurture
        pytest.param(150, 0.25, 0.5, "nurture", id="exactly-2H"),
        # A = 149: ΣA 999, H = 999/800 − 1 = 0.24875, 2H = 0.4975; Hᵢ = 0.49 < 0.4975
        pytest.param(149, 0.24875, 0.49, "exit", id="just-below-2H"),
        # A = 151: ΣA 1,001, H = 0.25125, 2H = 0.5025; Hᵢ = 0.51 ≥ 0.5025
        pytest.param(151, 0.25125, 0.51, "nurture", id="just-above-2H"),
    ],
)
def test_the_line_is_twice_the_company_growth(a_fast, h_company, h_fast, action):
    scores, channels = frames(
        ("KA", 600, 380, "deepen", 500.0, 100),
        ("特通", a_fast, 105, "exit", 100.0, 30),
        ("电商", 50, -25, "exit", 0.0, 60),
        ("团购", 200, 100, "exit", 200.0, 80),
    )
    got = channel_judgement(scores, channels)
    assert got.loc["特通", "company_growth"] == pytest.approx(h_company, abs=1e-12)
    assert got.loc["特通", "growth"] == pytest.approx(h_fast, abs=1e-12)
    assert got.loc["特通", "action"] == action
    assert got.loc["特通", "reason"] == ("fast_growth" if action == "nurture" else "")


def test_exactly_2H_despite_float_noise():
    # ΣA = 120 + 980 = 1,100, Σprev = 100 + 900 = 1,000: H = 0.1, 2H = 0.2; X grows
    # 120/100 − 1 = 0.2 — in floats 0.19999999999999996 against 0.20000000000000018
    scores, channels = frames(("X", 120, 10, "exit", 100.0, 5), ("Y", 980, 90, "deepen", 900.0, 5))
    got = channel_judgement(scores, channels)
    assert got.loc["X", ["action", "reason"]].tolist() == ["nurture", "fast_growth"]


@pytest.mark.parametrize(
    ("a_ka", "h_company"),
    [
        # ΣA = 700 + 110 + 90 = 900, Σprev = 1,000: H = −0.1 (the company shrinks)
        pytest.param(700, -0.1, id="company-shrinking"),
        # ΣA = 800 + 110 + 90 = 1,000 = Σprev: H = 0
        pytest.param(800, 0.0, id="company-flat"),
    ],
)
def test_company_not_growing_any_growth_is_fast(a_ka, h_company):
    scores, channels = frames(
        ("KA", a_ka, 300, "deepen", 800.0, 100),
        ("特通", 110, 20, "exit", 100.0, 30),  # 110/100 − 1 = +0.10 > 0 → nurture
        ("团购", 90, 15, "exit", 100.0, 30),  # 90/100 − 1 = −0.10 → exit
    )
    got = channel_judgement(scores, channels)
    assert got["company_growth"].iloc[0] == pytest.approx(h_company, abs=1e-12)
    assert got["action"].tolist() == ["deepen", "nurture", "exit"]
    assert got["reason"].tolist() == ["", "fast_growth", ""]
    assert got["exit_loss"].tolist() == [0.0, 20.0, 15.0]


def test_company_shrinking_a_flat_channel_is_not_fast():
    # ΣA = 700 + 100 = 800, Σprev = 900: H < 0; 特通 100/100 − 1 = 0: not > 0 → exit
    scores, channels = frames(
        ("KA", 700, 300, "deepen", 800.0, 100), ("特通", 100, 20, "exit", 100, 30)
    )
    assert channel_judgement(scores, channels).loc["特通", "action"] == "exit"


def test_new_channels_blank_or_zero_prior_sales():
    # 电商 prior 0, 直播 prior blank: both new. 社群 is new but in the optimize band: the
    # judgement only touches the exit band. ΣA = 1,000 + 50 + 30 + 120 = 1,200, Σprev = 900
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
    # 电商 D = 10 > 0 is lost on leaving; 直播 D = −5 is not; 社群 is not leaving
    assert got["exit_loss"].tolist() == [0.0, 10.0, 0.0, 0.0]
    assert got["flag"].tolist() == ["", "exit_loses_contribution", "", ""]


def test_no_prior_sales_at_all():
    # Σprev = 0: H is undefined (NaN); every channel is new, so the exit one is nurtured
    scores, channels = frames(("A", 100, 50, "deepen", 0.0, 10), ("B", 20, 5, "exit", 0.0, 10))
    got = channel_judgement(scores, channels)
    assert np.isnan(got["company_growth"]).all()
    assert got["action"].tolist() == ["deepen", "nurture"]


def test_negative_contribution_is_never_flagged():
    # 便利 exit with D = 100 − 0.3·100 − 120 = −50: leaving gains 50, loses nothing
    scores, channels = frames(
        ("KA", 900, 400, "deepen", 900.0, 100), ("便利", 100, -50, "exit", 120, 120)
    )
    got = channel_judgement(scores, channels)
    assert got.loc["便利", ["action", "exit_loss", "flag"]].tolist() == ["exit", 0.0, ""]


@pytest.mark.parametrize(
    ("m", "action"),
    [
        pytest.param(1, "nurture", id="m=1: 0.5 ≥ 0.25"),
        pytest.param(2, "nurture", id="m=2: 0.5 ≥ 0.5"),
        pytest.param(2.1, "exit", id="m=2.1: 0.5 < 0.525"),
        pytest.param(3, "exit", id="m=3: 0.5 < 0.75"),
    ],
)
def test_growth_multiple_override(m, action):
    got = channel_judgement(*BASE, growth_multiple=m)
    assert got.loc["特通", "action"] == action
    assert got.loc["电商", "action"] == "nurture"  # new whatever m
    # the exit loss is priced whether nurtured or exited
    assert got.loc["特通", "exit_loss"] == 105.0
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
    # auto: 特通 loses 45 (its product cost 60 is saved too); 团购 has no rate: D = 100
    assert got["exit_loss"].tolist() == [0.0, 45.0, 0.0, 100.0]
    # contribution basis: the seed's D throughout
    by_d = channel_judgement(scores, pc, exit_loss_basis="contribution")
    assert by_d["exit_loss"].tolist() == [0.0, 105.0, 0.0, 100.0]
    assert by_d.attrs["exit_loss_basis"] == "contribution"
    # without the column, no column
    assert "profit_after_product_cost" not in channel_judgement(scores, channels)


def test_product_cost_can_turn_a_loss_of_exit_into_a_gain():
    # 团购 rate 0.6: 100 − 0.6·200 = −20 → leaving loses nothing, no flag
    pc = BASE[1].assign(product_cost_rate=[0.5, 0.4, 0.5, 0.6])
    got = channel_judgement(BASE[0], pc)
    assert got.loc["团购", ["exit_loss", "flag"]].tolist() == [0.0, ""]


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
    scores, channels = BASE
    got = system_after(scores, channel_judgement(scores, channels))
    # kept KA, 特通, 电商 (团购 exits): sales 600 + 150 + 50 = 800 of 1,000;
    # contribution 380 + 105 − 25 = 460, dropped 100
    expected = pd.DataFrame(
        {
            "action": ["deepen", "nurture", "nurture"],
            "sales": [600.0, 150.0, 50.0],
            "share_before": [0.6, 0.15, 0.05],
            "share_after": [0.75, 0.1875, 0.0625],  # 600/800, 150/800, 50/800
            "contribution": [380.0, 105.0, -25.0],
            "contribution_share_after": [380 / 460, 105 / 460, -25 / 460],  # .8261 .2283 −.0543
        },
        index=pd.Index(["KA", "特通", "电商"], name="channel"),
    ).astype({"action": "str"})
    assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert got.attrs["dropped"] == ["团购"]
    assert got.attrs["sales_kept_share"] == pytest.approx(0.8)
    assert got.attrs["contribution_kept"] == 460.0
    assert got.attrs["contribution_dropped"] == 100.0
    assert got.attrs["notes"] == []


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
    # 电商: 7.2 M / 3.9 M − 1 = 0.846 ≥ 0.180 → nurture; D = 7.2 M·0.72 − 1.6 M = 3,584,000
    assert j.loc["电商", ["seed_action", "action", "reason"]].tolist() == [
        "exit",
        "nurture",
        "fast_growth",
    ]
    assert j.loc["电商", "growth"] == pytest.approx(0.846154, abs=1e-6)
    assert j.loc["电商", "exit_loss"] == pytest.approx(3_584_000.0)
    # 校园特通: 2.1 M / 1.85 M − 1 = 0.135 < 0.180 → exit; D = 2.1 M·0.85 − 450,000 = 1,335,000
    assert j.loc["校园特通", ["action", "reason", "flag"]].tolist() == [
        "exit",
        "",
        "exit_loses_contribution",
    ]
    assert j.loc["校园特通", "exit_loss"] == pytest.approx(1_335_000.0)
    # 便利连锁: 4.6 M / 5.1 M − 1 = −9.8 %; D = 4.6 M·0.7 − 3.7 M = −480,000 → no loss
    assert j.loc["便利连锁", ["action", "exit_loss", "flag"]].tolist() == ["exit", 0.0, ""]
    assert j.loc["便利连锁", "contribution"] == pytest.approx(-480_000.0)
    after = system_after(scores, j)
    # kept: KA卖场 21 + 流通批发 46 + 餐饮 10.5 + 电商 7.2 = 84.7 M of 91.4 M
    assert after.index.tolist() == ["KA卖场", "流通批发", "餐饮", "电商"]
    assert after.attrs["dropped"] == ["校园特通", "便利连锁"]
    assert after.attrs["sales_kept_share"] == pytest.approx(84.7 / 91.4)
    # dropped contribution 1,335,000 − 480,000 = 855,000
    assert after.attrs["contribution_dropped"] == pytest.approx(855_000.0)


def test_feed():
    _, j = _sample("feed")
    # H = 94 M / 80.8 M − 1 = 0.163366; 电商直销 has no prior sales → nurture (new)
    assert j["company_growth"].iloc[0] == pytest.approx(94 / 80.8 - 1, abs=1e-12)
    assert j.loc["电商直销", ["seed_action", "action", "reason"]].tolist() == [
        "exit",
        "nurture",
        "new_channel",
    ]
    # D = 2 M·0.82 − 1.9 M = −260,000: nothing lost by leaving
    assert j.loc["电商直销", ["exit_loss", "flag"]].tolist() == [0.0, ""]
    # 养殖合作社: 10 M / 9.8 M − 1 = 0.0204 < 2H → exit; D = 10 M·0.92 − 1 M = 8,200,000
    assert j.loc["养殖合作社", "action"] == "exit"
    assert j.loc["养殖合作社", "exit_loss"] == pytest.approx(8_200_000.0)


def test_cosmetics():
    _, j = _sample("cosmetics")
    # H = 51.6 M / 44.7 M − 1 = 0.154362, 2H = 0.308725; 母婴 4.3 / 3.2 − 1 = 0.34375
    assert j["company_growth"].iloc[0] == pytest.approx(51.6 / 44.7 - 1, abs=1e-12)
    assert j.loc["母婴", ["seed_action", "action", "reason"]].tolist() == [
        "exit",
        "nurture",
        "fast_growth",
    ]
    # D = 4.3 M·0.8 − 950,000 = 2,490,000
    assert j.loc["母婴", "exit_loss"] == pytest.approx(2_490_000.0)
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
