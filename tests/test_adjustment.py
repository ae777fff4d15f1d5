"""Seed 004's channel-adjustment triggers (docs/method.md §6), worked by hand."""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.adjustment import (
    MODES,
    PRINCIPLES,
    TRIGGER_MODES,
    TRIGGER_PRINCIPLES,
    TRIGGER_RULES,
    TRIGGERS,
    adjustment_triggers,
)
from chananalysis.methods.notes import Notes

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


def kpis(**cols) -> pd.DataFrame:
    """dealer_kpis with dealers D1, D2, … and the given columns."""
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"dealer": [f"D{i + 1}" for i in range(n)], **cols})


def channels(*rows: tuple) -> pd.DataFrame:
    """(channel, sales, target) -> a channels sheet."""
    return pd.DataFrame(rows, columns=["channel", "sales", "target"])


def row(table: pd.DataFrame, trigger: str) -> tuple[str, str]:
    return table.loc[trigger, "status"], table.loc[trigger, "evidence"]


# --- the constants ------------------------------------------------------------------
def test_constants_are_the_seeds_lists():
    assert MODES == ("structure", "agency", "policy", "member_relations", "regional", "rebuild")
    assert TRIGGERS == ("dissatisfaction", "underused", "reach_control", "strategy")
    assert PRINCIPLES == ("handle_conflict", "add_value")
    assert TRIGGER_RULES == {
        "complaints_per_dealer": 2.0,
        "hq_share": 0.10,
        "achievement_below": 0.90,
        "terminal_coverage_below": 0.60,
        "county_coverage_below": 0.95,
    }
    assert all(set(m) <= set(MODES) for m in TRIGGER_MODES.values())
    assert set(TRIGGER_PRINCIPLES.values()) <= set(PRINCIPLES)


def test_every_input_is_keyword_only():
    params = inspect.signature(adjustment_triggers).parameters.values()
    assert all(p.kind is p.KEYWORD_ONLY for p in params)
    with pytest.raises(TypeError):
        adjustment_triggers(channels(("A", 1.0, 1.0)))  # type: ignore[misc]


def test_nothing_given_everything_unknown():
    expected = pd.DataFrame(
        {
            "status": ["unknown"] * 4,
            "evidence": ["no_input", "no_input", "no_input", "ask_client"],
            "basis": ["level_not_trend", "", "", ""],
            "modes": [""] * 4,
            "principle": ["add_value", "add_value", "handle_conflict", "add_value"],
        },
        index=pd.Index(
            ["dissatisfaction", "underused", "reach_control", "strategy"],
            dtype="str",
            name="trigger",
        ),
        dtype="str",
    )
    expected["modes"] = [
        Notes(["member_relations", "policy"]),
        Notes(["structure", "policy"]),
        Notes(["regional", "structure"]),
        Notes(["rebuild", "structure"]),
    ]
    assert_frame_equal(adjustment_triggers(), expected)


# --- dissatisfaction ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("office", "hq", "status", "evidence"),
    [
        # (4 + 3 + 0 + 1 + 0) office + (0 + 1 + 0 + 0 + 1) hq = 10 over 5 dealers = 2.0: on
        # the limit; hq share 2 / 5 = 0.4 > 0.10 fires
        pytest.param([4, 3, 0, 1, 0], [0, 1, 0, 0, 1], "met", "hq_share=0.4", id="hq-share-alone"),
        # 10 office over 5 dealers = 2.0 exactly, no hq: neither fires
        pytest.param(
            [4, 3, 0, 3, 0],
            [0, 0, 0, 0, 0],
            "not_met",
            "complaints_per_dealer=2; hq_share=0",
            id="exactly-2-per-dealer",
        ),
        # 11 / 5 = 2.2 > 2
        pytest.param(
            [4, 3, 1, 3, 0], [0, 0, 0, 0, 0], "met", "complaints_per_dealer=2.2", id="2.2"
        ),
        # (20 + 1) / 5 = 4.2 > 2 and 1 / 5 = 0.2 > 0.1: both, in that order
        pytest.param(
            [20, 0, 0, 0, 0],
            [1, 0, 0, 0, 0],
            "met",
            "complaints_per_dealer=4.2; hq_share=0.2",
            id="both",
        ),
    ],
)
def test_dissatisfaction(office, hq, status, evidence):
    t = adjustment_triggers(kpis=kpis(complaints_office=office, complaints_hq=hq))
    assert row(t, "dissatisfaction") == (status, evidence)
    assert t.loc["dissatisfaction", "basis"] == "level_not_trend"


def test_hq_share_exactly_at_the_limit():
    # 1 of 10 dealers with an hq complaint = 0.10, not over; 1 complaint / 10 = 0.1
    t = adjustment_triggers(kpis=kpis(complaints_hq=[1] + [0] * 9))
    assert row(t, "dissatisfaction") == (
        "not_met",
        "complaints_per_dealer=0.1; hq_share=0.1",
    )


def test_all_five_complaint_columns_are_summed_and_blanks_skipped():
    k = kpis(
        complaints_office=pd.array([1, None, None], dtype="Int64"),
        complaints_branch=pd.array([1, 0, None], dtype="Int64"),
        complaints_hq=pd.array([0, None, None], dtype="Int64"),
        late_deliveries=pd.array([2, 1, None], dtype="Int64"),
        late_exchanges=pd.array([0, 1, None], dtype="Int64"),
    )
    # D1: 1 + 1 + 0 + 2 + 0 = 4; D2: 0 + 1 + 1 = 2; D3 all blank, not counted:
    # 6 / 2 dealers = 3.0 > 2; hq share over D1 only: 0 / 1 = 0
    t = adjustment_triggers(kpis=k, rules={"complaints_per_dealer": 3.0})
    assert row(t, "dissatisfaction") == ("not_met", "complaints_per_dealer=3; hq_share=0")


def test_without_an_hq_column_the_share_is_a_note():
    # 5 late deliveries over 2 dealers = 2.5 > 2
    t = adjustment_triggers(kpis=kpis(late_deliveries=[5, 0]))
    assert row(t, "dissatisfaction") == ("met", "complaints_per_dealer=2.5; no_data:hq_share")


def test_kpis_without_complaints_leave_dissatisfaction_unknown():
    t = adjustment_triggers(kpis=kpis(active_outlets=[70], outlets_in_area=[100]))
    assert row(t, "dissatisfaction") == (
        "unknown",
        "no_data:complaints_per_dealer; no_data:hq_share",
    )
    # all blank counts: the same
    blank = kpis(complaints_hq=pd.array([None, None], dtype="Int64"))
    assert adjustment_triggers(kpis=blank).loc["dissatisfaction", "status"] == "unknown"


# --- under-used channels --------------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "status", "evidence"),
    [
        # 90 / 100 = 0.90: on the limit, not below
        pytest.param(
            [("A", 90.0, 100.0), ("B", 120.0, 100.0)],
            "not_met",
            "lowest_achievement=A:0.9",
            id="exactly-0.90",
        ),
        # 89.9 / 100 = 0.899 < 0.9
        pytest.param(
            [("A", 89.9, 100.0), ("B", 120.0, 100.0)],
            "met",
            "below_target=A:0.899",
            id="just-below",
        ),
        # 4.6 / 5.36 = 0.8582 and 80 / 100 = 0.8: lowest first
        pytest.param(
            [("便利", 4.6, 5.36), ("KA", 80.0, 100.0), ("流通", 100.0, 100.0)],
            "met",
            "below_target=KA:0.8,便利:0.858",
            id="two-below-lowest-first",
        ),
        # target 0 and a blank target: no achievement, a note; B 95 / 100 = 0.95
        pytest.param(
            [("A", 50.0, 0.0), ("B", 95.0, 100.0), ("C", 10.0, np.nan)],
            "not_met",
            "lowest_achievement=B:0.95; no_target=A,C",
            id="no-target",
        ),
        # blank sales: noted; nothing else measurable -> unknown
        pytest.param(
            [("A", np.nan, 100.0)], "unknown", "no_sales=A", id="no-sales-nothing-measured"
        ),
    ],
)
def test_underused_by_channel(rows, status, evidence):
    t = adjustment_triggers(channels=channels(*rows))
    assert row(t, "underused") == (status, evidence)
    assert t.loc["underused", "basis"] == ""


@pytest.mark.parametrize(
    ("active", "universe", "status", "evidence"),
    [
        # (30 + 30) / (50 + 50) = 0.60: on the limit
        pytest.param([30, 30], [50, 50], "not_met", "terminal_coverage=0.6", id="exactly-0.60"),
        # (29 + 30) / 100 = 0.59 < 0.60
        pytest.param([29, 30], [50, 50], "met", "terminal_coverage=0.59", id="0.59"),
        # a dealer with universe 0 is left out: 40 / 50 = 0.8
        pytest.param([40, 5], [50, 0], "not_met", "terminal_coverage=0.8", id="universe-0-out"),
        # no universe anywhere: nothing to divide by
        pytest.param(
            [3, 5], [0, 0], "unknown", "no_denominator:terminal_coverage", id="no-denominator"
        ),
    ],
)
def test_underused_by_terminal_coverage(active, universe, status, evidence):
    t = adjustment_triggers(kpis=kpis(active_outlets=active, outlets_in_area=universe))
    assert row(t, "underused") == (status, evidence)


def test_terminal_coverage_fires_alone_with_channels_on_target():
    # channels 100 / 100 = 1.0; terminals 55 / 100 = 0.55 < 0.60: only the firing one shown
    t = adjustment_triggers(
        channels=channels(("A", 100.0, 100.0)),
        kpis=kpis(active_outlets=[55], outlets_in_area=[100]),
    )
    assert row(t, "underused") == ("met", "terminal_coverage=0.55")
    # both within: every measure shown
    t = adjustment_triggers(
        channels=channels(("A", 100.0, 100.0)),
        kpis=kpis(active_outlets=[65], outlets_in_area=[100]),
    )
    assert row(t, "underused") == ("not_met", "lowest_achievement=A:1; terminal_coverage=0.65")


# --- reach and control ----------------------------------------------------------------
def diversion(severities, dealers=None) -> pd.DataFrame:
    idx = pd.Index(dealers or [f"D{i + 1:03d}" for i in range(len(severities))], name="dealer")
    return pd.DataFrame({"diversion_rate": 0.0, "severity": severities}, index=idx)


@pytest.mark.parametrize(
    ("kwargs", "status", "evidence"),
    [
        pytest.param({"county_rate": 0.95}, "not_met", "county_coverage=0.95", id="exactly-0.95"),
        # 19 / 20 = 0.95 computed, still on the limit
        pytest.param({"county_rate": 19 / 20}, "not_met", "county_coverage=0.95", id="19/20"),
        # 37 / 40 = 0.925 < 0.95
        pytest.param({"county_rate": 37 / 40}, "met", "county_coverage=0.925", id="37/40"),
        pytest.param(
            {"county_rate": float("nan")}, "unknown", "no_data:county_coverage", id="nan-rate"
        ),
        pytest.param(
            {"overlaps": 0, "blind_spots": 0},
            "not_met",
            "overlaps=0; blind_spots=0",
            id="checked-none-found",
        ),
        pytest.param({"blind_spots": 2}, "met", "blind_spots=2", id="blind-spots"),
        pytest.param(
            {"diversion_by_dealer": diversion(["normal", "watch", np.nan])},
            "not_met",
            "dangerous_dealers=none",
            id="no-dangerous",
        ),
        pytest.param(
            {
                "diversion_by_dealer": diversion(
                    ["dangerous", "normal", "dangerous"], ["D017", "D001", "D015"]
                ),
                "county_rate": 0.99,
                "overlaps": 1,
            },
            "met",
            "dangerous_dealers=D017,D015; overlaps=1",
            id="dangerous-and-overlap",
        ),
        pytest.param(
            {"diversion_by_dealer": diversion([np.nan, np.nan])},
            "unknown",
            "no_data:diversion",
            id="no-severity-known",
        ),
    ],
)
def test_reach_control(kwargs, status, evidence):
    t = adjustment_triggers(**kwargs)
    assert row(t, "reach_control") == (status, evidence)
    assert t.loc["reach_control", "principle"] == "handle_conflict"


def test_dealer_column_names_the_dangerous_dealers():
    by = pd.DataFrame({"dealer": ["D9", "D8"], "severity": ["dangerous", "watch"]})
    assert row(adjustment_triggers(diversion_by_dealer=by), "reach_control") == (
        "met",
        "dangerous_dealers=D9",
    )


# --- strategy -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "status", "evidence"),
    [
        pytest.param(True, "met", "strategy_changed=yes", id="changed"),
        pytest.param(False, "not_met", "strategy_changed=no", id="unchanged"),
        pytest.param(None, "unknown", "ask_client", id="not-asked"),
        pytest.param(np.bool_(True), "met", "strategy_changed=yes", id="numpy-bool"),
    ],
)
def test_strategy(answer, status, evidence):
    t = adjustment_triggers(strategy_changed=answer)
    assert row(t, "strategy") == (status, evidence)
    assert t.loc["strategy", "modes"] == Notes(["rebuild", "structure"])


# --- overrides ------------------------------------------------------------------------
def test_rules_override_each_threshold():
    t = adjustment_triggers(
        channels=channels(("A", 92.0, 100.0)),  # 0.92: below 0.95, not below 0.90
        kpis=kpis(complaints_office=[3, 0], active_outlets=[65, 0], outlets_in_area=[100, 0]),
        county_rate=0.97,
        rules={
            "complaints_per_dealer": 1.0,  # 3 / 2 = 1.5 > 1
            "achievement_below": 0.95,
            "terminal_coverage_below": 0.7,  # 65 / 100 = 0.65 < 0.7
            "county_coverage_below": 0.98,  # 0.97 < 0.98
        },
    )
    assert row(t, "dissatisfaction") == ("met", "complaints_per_dealer=1.5; no_data:hq_share")
    assert row(t, "underused") == ("met", "below_target=A:0.92; terminal_coverage=0.65")
    assert row(t, "reach_control") == ("met", "county_coverage=0.97")
    # the defaults are untouched by an override
    assert TRIGGER_RULES["achievement_below"] == 0.90
    t = adjustment_triggers(channels=channels(("A", 92.0, 100.0)))
    assert row(t, "underused") == ("not_met", "lowest_achievement=A:0.92")


@pytest.mark.parametrize(
    ("rules", "match"),
    [
        pytest.param({"achievement": 0.9}, r'rules: "achievement" is not a rule', id="unknown"),
        pytest.param({"hq_share": 1.5}, r"rules, hq_share: 1.5 is not a share", id="share>1"),
        pytest.param(
            {"complaints_per_dealer": -1}, r"complaints_per_dealer: -1 is not", id="negative"
        ),
        pytest.param({"achievement_below": 0}, r"achievement_below: 0 is not", id="zero"),
        pytest.param({"county_coverage_below": True}, r"True is not a share", id="bool"),
        pytest.param({"terminal_coverage_below": "0.6"}, r'"0.6" is not a share', id="text"),
        pytest.param({"hq_share": float("nan")}, r"nan is not a share", id="nan"),
        pytest.param([("hq_share", 0.1)], r"rules: expected a mapping", id="not-a-mapping"),
    ],
)
def test_bad_rules(rules, match):
    with pytest.raises(InputDataError, match=match):
        adjustment_triggers(rules=rules)


# --- bad input ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param(
            {"channels": pd.DataFrame({"channel": ["A"], "sales": [1.0]})},
            r"channels: column\(s\) target missing; expected channel, sales, target",
            id="channels-no-target",
        ),
        pytest.param(
            {"channels": channels(("A", 1.0, 1.0), ("B", -5.0, 1.0))},
            r"channels, row 1 \(channel B\), column sales: -5 is not a number ≥ 0",
            id="negative-sales",
        ),
        pytest.param(
            {"channels": channels(("A", 1.0, "abc"))},
            r'channels, row 0 \(channel A\), column target: "abc" is not a number',
            id="text-target",
        ),
        pytest.param(
            {"channels": channels(("A", 1.0, 1.0), ("A", 2.0, 2.0))},
            r'channels, row 1, column channel: "A" repeats',
            id="repeated-channel",
        ),
        pytest.param(
            {"channels": channels((" ", 1.0, 1.0))},
            r"channels, row 0, column channel: blank",
            id="blank-channel",
        ),
        pytest.param(
            {"kpis": kpis(complaints_hq=[0, "x"]).set_index(pd.Index(["a", "b"]))},
            r'dealer_kpis, row b \(dealer D2\), column complaints_hq: "x" is not',
            id="text-count-index-label",
        ),
        pytest.param(
            {"kpis": kpis(active_outlets=[3])},
            r"dealer_kpis: column\(s\) outlets_in_area missing",
            id="half-the-outlets",
        ),
        pytest.param(
            {"kpis": kpis(actual_sales=[3.0])},
            r"dealer_kpis: none of the columns complaints_office",
            id="kpis-nothing-usable",
        ),
        pytest.param({"kpis": [1, 2]}, r"dealer_kpis: expected a table", id="kpis-not-a-frame"),
        pytest.param(
            {"diversion_by_dealer": diversion(["high"])},
            r'diversion_by_dealer, dealer D001, column severity: "high" is not a severity',
            id="bad-severity",
        ),
        pytest.param(
            {"diversion_by_dealer": pd.DataFrame({"rate": [0.1]})},
            r"diversion_by_dealer: column\(s\) severity missing",
            id="no-severity",
        ),
        pytest.param({"county_rate": 1.2}, r"county_rate: 1.2 is not a share", id="rate>1"),
        pytest.param({"county_rate": "0.9"}, r'county_rate: "0.9" is not', id="rate-text"),
        pytest.param({"overlaps": -1}, r"overlaps: -1 is not a count", id="negative-overlaps"),
        pytest.param({"blind_spots": 1.5}, r"blind_spots: 1.5 is not a whole", id="fraction"),
        pytest.param({"overlaps": True}, r"overlaps: True is not a count", id="bool-count"),
        pytest.param(
            {"strategy_changed": "yes"},
            r'strategy_changed: "yes" is not True, False or None',
            id="strategy-text",
        ),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputDataError, match=match):
        adjustment_triggers(**kwargs)


def test_inputs_are_not_changed():
    ch = channels(("A", 80.0, 100.0))
    k = kpis(complaints_hq=[1, 0], active_outlets=[1, 2], outlets_in_area=[0, 4])
    before = (ch.copy(), k.copy())
    adjustment_triggers(channels=ch, kpis=k)
    assert_frame_equal(ch, before[0])
    assert_frame_equal(k, before[1])


# --- the sample clients -----------------------------------------------------------------
# Σ of complaints_office, complaints_branch, complaints_hq, late_deliveries, late_exchanges;
# dealers; dealers with complaints_hq > 0; Σ active / Σ universe; the channels' lowest
SAMPLE_FACTS = {
    # 36 + 13 + 1 + 113 + 75 = 238 / 62 = 3.839; hq 1 / 62 = 0.016;
    # 27564 / 39653 = 0.695; 便利连锁 4.60 / 5.36 = 0.858, KA卖场 21.00 / 21.84 = 0.962
    "seasoning": (
        "complaints_per_dealer=3.839; hq_share=0.016",
        "below_target=便利连锁:0.858",
        "terminal_coverage=0.695",
        "below_target=便利连锁:0.858,KA卖场:0.962",
    ),
    # 20 + 4 + 1 + 53 + 23 = 101 / 25 = 4.04; hq 1 / 25 = 0.04; 13880 / 22922 = 0.606;
    # KA卖场 17.5 / 19.58 = 0.894; at 0.97 no more (CS化妆品店 13 / 12.66 = 1.027)
    "cosmetics": (
        "complaints_per_dealer=4.04; hq_share=0.04",
        "below_target=KA卖场:0.894",
        "terminal_coverage=0.606",
        "below_target=KA卖场:0.894",
    ),
    # 14 + 4 + 2 + 55 + 34 = 109 / 30 = 3.633; hq 2 / 30 = 0.067; 16031 / 26595 = 0.603;
    # 电商直销 2 / 2.8 = 0.714; at 0.97 no more (养殖合作社 10 / 10.29 = 0.972)
    "feed": (
        "complaints_per_dealer=3.633; hq_share=0.067",
        "below_target=电商直销:0.714",
        "terminal_coverage=0.603",
        "below_target=电商直销:0.714",
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_FACTS))
def test_sample_clients(name):
    client = sample_client(name)
    complaints, below, terminal, below_97 = SAMPLE_FACTS[name]
    t = adjustment_triggers(channels=client.channels, kpis=client.dealer_kpis)
    # every sample has more than 2 complaints per dealer, and a channel under 90 %
    assert row(t, "dissatisfaction") == ("met", complaints.split("; ")[0])
    assert row(t, "underused") == ("met", below)
    assert row(t, "reach_control") == ("unknown", "no_input")
    # limits raised above the numbers: every measure is shown
    relaxed = adjustment_triggers(
        channels=client.channels,
        kpis=client.dealer_kpis,
        rules={"complaints_per_dealer": 5.0, "achievement_below": 0.5},
    )
    assert row(relaxed, "dissatisfaction") == ("not_met", complaints)
    assert relaxed.loc["underused", "evidence"].endswith(f"; {terminal}")
    strict = adjustment_triggers(channels=client.channels, rules={"achievement_below": 0.97})
    assert row(strict, "underused") == ("met", below_97)


def test_seasoning_reach_and_control():
    client = sample_client("seasoning")
    # county coverage 40 / 42 = 0.952: not below 0.95
    t = adjustment_triggers(kpis=client.dealer_kpis, county_rate=40 / 42)
    assert row(t, "reach_control") == ("not_met", "county_coverage=0.952")
    # detect_diversion on the sample finds D017 (26.1 %), D015 (7.8 %), D055 (5.3 %) > 5 %
    by = diversion(["dangerous"] * 3 + ["normal"], ["D017", "D015", "D055", "D001"])
    t = adjustment_triggers(county_rate=40 / 42, diversion_by_dealer=by, overlaps=1, blind_spots=6)
    assert row(t, "reach_control") == (
        "met",
        "dangerous_dealers=D017,D015,D055; overlaps=1; blind_spots=6",
    )
