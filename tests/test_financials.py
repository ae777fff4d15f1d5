"""Dealers' financial ratios and credit-risk flags (docs/method.md §3.2, seed 004), worked by
hand."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.financials import (
    HEALTH_RULES,
    INPUTS,
    RATIOS,
    financial_health,
    financial_ratios,
)

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"

# The worked dealer (yuan). Balance sheet: 1,500,000 + 1,000,000 = 2,500,000 total assets.
WORKED = {
    "current_assets": 2_000_000.0,
    "current_liabilities": 1_000_000.0,
    "inventory": 500_000.0,
    "average_inventory": 400_000.0,
    "total_liabilities": 1_500_000.0,
    "net_assets": 1_000_000.0,
    "total_assets": 2_500_000.0,
    "accounts_receivable": 730_000.0,
    "net_sales": 3_650_000.0,
    "net_profit": 182_500.0,
    "total_expenses": 365_000.0,
}


def fin(*rows: dict, dealers: list[str] | None = None) -> pd.DataFrame:
    """Rows of inputs (missing keys: the worked dealer's) -> a financials sheet."""
    ids = dealers or [f"D{i + 1}" for i in range(len(rows))]
    return pd.DataFrame([{"dealer": d, **WORKED, **r} for d, r in zip(ids, rows, strict=True)])


# --- ratios ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        pytest.param("current_ratio", 2.0, id="current-2,000,000/1,000,000"),
        pytest.param("quick_ratio", 1.5, id="quick-(2,000,000-500,000)/1,000,000"),
        pytest.param("debt_to_equity", 1.5, id="d/e-1,500,000/1,000,000"),
        pytest.param("ar_days", 73.0, id="ar-730,000x365/3,650,000"),
        pytest.param("inventory_turnover", 9.125, id="inv-3,650,000/400,000"),
        pytest.param("asset_turnover", 1.46, id="assets-3,650,000/2,500,000"),
        pytest.param("net_margin", 0.05, id="margin-182,500/3,650,000"),
        pytest.param("roa", 0.073, id="roa-182,500/2,500,000"),
        pytest.param("roe", 0.1825, id="roe-182,500/1,000,000"),
        pytest.param("sales_profit_margin", 0.05, id="spm-182,500/3,650,000"),
        pytest.param("expense_profit_ratio", 0.5, id="epr-182,500/365,000"),
    ],
)
def test_every_ratio_of_the_worked_dealer(ratio, expected):
    r = financial_ratios(fin({}))
    assert r.loc["D1", ratio] == pytest.approx(expected, rel=1e-12)
    assert str(r.loc["D1", "notes"]) == ""


def test_output_shape_and_types():
    r = financial_ratios(fin({}, {}, dealers=["B9", "A1"]))
    assert list(r.columns) == [*RATIOS, "notes"]
    assert r.index.name == "dealer"
    assert r.index.tolist() == ["B9", "A1"]  # input order
    assert all(r[c].dtype == "float64" for c in RATIOS)
    assert r["notes"].map(str).tolist() == ["", ""]
    assert len(RATIOS) == 11


def test_net_margin_and_sales_profit_margin_coincide():
    # the intake has one profit and one sales column: 182,500 / 3,650,000 both ways
    r = financial_ratios(fin({}, {"net_profit": -36_500.0}))
    assert r["net_margin"].tolist() == r["sales_profit_margin"].tolist() == [0.05, -0.01]


def test_zero_current_liabilities():
    r = financial_ratios(fin({"current_liabilities": 0.0}))
    assert np.isnan(r.loc["D1", "current_ratio"]) and np.isnan(r.loc["D1", "quick_ratio"])
    assert str(r.loc["D1", "notes"]) == "no_denominator:current_ratio; no_denominator:quick_ratio"
    assert r.loc["D1", "debt_to_equity"] == 1.5  # the rest still computed


def test_zero_net_sales():
    r = financial_ratios(fin({"net_sales": 0.0}))
    for ratio in ("ar_days", "net_margin", "sales_profit_margin"):
        assert np.isnan(r.loc["D1", ratio])
    # net sales as a numerator: 0 / 400,000 and 0 / 2,500,000 are plain zeros
    assert r.loc["D1", "inventory_turnover"] == 0.0
    assert r.loc["D1", "asset_turnover"] == 0.0
    assert str(r.loc["D1", "notes"]) == (
        "no_denominator:ar_days; no_denominator:net_margin; no_denominator:sales_profit_margin"
    )


@pytest.mark.parametrize(
    ("column", "ratios"),
    [
        pytest.param("average_inventory", ["inventory_turnover"], id="average-inventory"),
        pytest.param("total_assets", ["asset_turnover", "roa"], id="total-assets"),
        pytest.param("total_expenses", ["expense_profit_ratio"], id="total-expenses"),
    ],
)
def test_other_zero_denominators(column, ratios):
    r = financial_ratios(fin({column: 0.0}))
    assert r.loc["D1", ratios].isna().all()
    assert str(r.loc["D1", "notes"]) == "; ".join(f"no_denominator:{x}" for x in ratios)
    assert r.loc["D1", RATIOS].notna().sum() == 11 - len(ratios)
    assert not np.isinf(r[list(RATIOS)].to_numpy()).any()


def test_missing_values():
    r = financial_ratios(
        fin(
            {"inventory": np.nan},  # quick ratio's numerator unknown
            {"net_profit": np.nan},  # the five profit ratios
            {"net_assets": np.nan},  # a denominator unknown
        )
    )
    assert np.isnan(r.loc["D1", "quick_ratio"]) and r.loc["D1", "current_ratio"] == 2.0
    assert str(r.loc["D1", "notes"]) == "missing:quick_ratio"
    profit = ["net_margin", "roa", "roe", "sales_profit_margin", "expense_profit_ratio"]
    assert r.loc["D2", profit].isna().all()
    assert str(r.loc["D2", "notes"]) == "; ".join(f"missing:{x}" for x in profit)
    assert r.loc["D3", ["debt_to_equity", "roe"]].isna().all()
    assert str(r.loc["D3", "notes"]) == "no_denominator:debt_to_equity; no_denominator:roe"


def test_numerator_and_denominator_both_unknown_give_both_codes():
    r = financial_ratios(fin({"current_assets": np.nan, "current_liabilities": np.nan}))
    assert str(r.loc["D1", "notes"]) == (
        "missing:current_ratio; no_denominator:current_ratio; "
        "missing:quick_ratio; no_denominator:quick_ratio"
    )


def test_absent_columns_are_unknown_for_everyone():
    sheet = fin({}).drop(columns=["net_profit", "total_expenses"])
    r = financial_ratios(sheet)
    assert r.loc["D1", "current_ratio"] == 2.0
    assert str(r.loc["D1", "notes"]) == (
        "missing:net_margin; missing:roa; missing:roe; missing:sales_profit_margin; "
        "missing:expense_profit_ratio; no_denominator:expense_profit_ratio"
    )


def test_only_the_dealer_column():
    r = financial_ratios(pd.DataFrame({"dealer": ["D1"]}))
    assert r.loc["D1", RATIOS].isna().all()
    assert str(r.loc["D1", "notes"]).count("missing:") == 11


def test_blank_text_cells_are_unknown():
    sheet = fin({}).astype({"inventory": object})
    sheet.loc[0, "inventory"] = "  "
    r = financial_ratios(sheet)
    assert str(r.loc["D1", "notes"]) == "missing:quick_ratio"


def test_negative_net_profit():
    r = financial_ratios(fin({"net_profit": -73_000.0}))
    # −73,000 / 3,650,000 = −0.02; / 2,500,000 = −0.0292; / 1,000,000 = −0.073;
    # / 365,000 = −0.2
    assert r.loc["D1", "net_margin"] == pytest.approx(-0.02, rel=1e-12)
    assert r.loc["D1", "sales_profit_margin"] == pytest.approx(-0.02, rel=1e-12)
    assert r.loc["D1", "roa"] == pytest.approx(-0.0292, rel=1e-12)
    assert r.loc["D1", "roe"] == pytest.approx(-0.073, rel=1e-12)
    assert r.loc["D1", "expense_profit_ratio"] == pytest.approx(-0.2, rel=1e-12)
    assert str(r.loc["D1", "notes"]) == ""


@pytest.mark.parametrize(
    "net_assets",
    [pytest.param(-200_000.0, id="negative"), pytest.param(0.0, id="zero")],
)
def test_negative_or_zero_equity(net_assets):
    r = financial_ratios(fin({"net_assets": net_assets, "net_profit": -10_000.0}))
    # 1,500,000 / −200,000 = −7.5 would read as "no debt"; −10,000 / −200,000 = +0.05 as
    # a profit: both NaN
    assert r.loc["D1", ["debt_to_equity", "roe"]].isna().all()
    assert str(r.loc["D1", "notes"]) == "negative_equity:debt_to_equity; negative_equity:roe"
    h = financial_health(fin({"net_assets": net_assets}))
    assert h.flags.to_dict("records") == [
        {
            "dealer": "D1",
            "ratio": "debt_to_equity",
            "value": pytest.approx(np.nan, nan_ok=True),
            "direction": "negative_equity",
            "limit": 0.0,
        }
    ]
    assert h.risk.loc["D1", "risk"] == "high"  # 1 flag, but net assets ≤ 0
    assert str(h.risk.loc["D1", "flagged"]) == "debt_to_equity"


def test_never_infinite():
    rng = np.random.default_rng(7)
    n = 200
    data = {c: rng.choice([0.0, np.nan, 1.0, 250_000.0], size=n) for c in INPUTS}
    data["net_assets"] = rng.choice([0.0, np.nan, -5.0, 300.0], size=n)
    data["net_profit"] = rng.choice([0.0, np.nan, -5.0, 300.0], size=n)
    sheet = pd.DataFrame({"dealer": [f"D{i}" for i in range(n)], **data})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = financial_health(sheet)
    assert not np.isinf(h.ratios[list(RATIOS)].to_numpy()).any()
    assert not np.isinf(h.flags["value"].to_numpy()).any()


# --- limits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "ratio", "value", "flagged"),
    [
        # 1,000,000 / 1,000,000 = 1.0: on the limit passes
        pytest.param({"current_assets": 1_000_000.0}, "current_ratio", 1.0, False, id="cr-1.0"),
        # 999,000 / 1,000,000 = 0.999 < 1.0
        pytest.param({"current_assets": 999_000.0}, "current_ratio", 0.999, True, id="cr-0.999"),
        # (2,000,000 − 1,500,000) / 1,000,000 = 0.5
        pytest.param({"inventory": 1_500_000.0}, "quick_ratio", 0.5, False, id="quick-0.5"),
        # (2,000,000 − 1,501,000) / 1,000,000 = 0.499
        pytest.param({"inventory": 1_501_000.0}, "quick_ratio", 0.499, True, id="quick-0.499"),
        # 2,000,000 / 1,000,000 = 2.0
        pytest.param({"total_liabilities": 2e6}, "debt_to_equity", 2.0, False, id="de-2.0"),
        # 2,001,000 / 1,000,000 = 2.001
        pytest.param({"total_liabilities": 2_001_000.0}, "debt_to_equity", 2.001, True, id="de"),
        # 900,000 × 365 / 3,650,000 = 90 days exactly
        pytest.param({"accounts_receivable": 900_000.0}, "ar_days", 90.0, False, id="ar-90"),
        # 910,000 × 365 / 3,650,000 = 91 days
        pytest.param({"accounts_receivable": 910_000.0}, "ar_days", 91.0, True, id="ar-91"),
        # 3,650,000 / 912,500 = 4.0
        pytest.param({"average_inventory": 912_500.0}, "inventory_turnover", 4.0, False, id="it"),
        # 3,650,000 / 1,000,000 = 3.65
        pytest.param({"average_inventory": 1e6}, "inventory_turnover", 3.65, True, id="it-3.65"),
    ],
)
def test_value_at_and_past_each_limit(inputs, ratio, value, flagged):
    h = financial_health(fin(inputs))
    assert h.ratios.loc["D1", ratio] == pytest.approx(value, rel=1e-12)
    assert (ratio in h.flags["ratio"].tolist()) is flagged


def test_zero_profit_is_at_the_profit_limits():
    # 0 / 3,650,000 = 0 = limit of net_margin and of roe: not flagged; −1 yuan: both
    h = financial_health(fin({"net_profit": 0.0}, {"net_profit": -1.0}))
    assert h.flags[["dealer", "ratio"]].values.tolist() == [
        ["D2", "net_margin"],
        ["D2", "roe"],
    ]
    assert h.risk.loc["D1", "risk"] == "sound"
    assert h.risk.loc["D2", "risk"] == "watch"


def test_flags_table():
    # D1: 0.8 current, 2.5 D/E, 109.5 days; D2 clean
    sheet = fin(
        {
            "current_assets": 800_000.0,  # 800,000 / 1,000,000 = 0.8
            "inventory": 100_000.0,  # (800,000 − 100,000) / 1,000,000 = 0.7 ≥ 0.5
            "total_liabilities": 2_500_000.0,  # 2,500,000 / 1,000,000 = 2.5
            "accounts_receivable": 1_095_000.0,  # 1,095,000 × 365 / 3,650,000 = 109.5
        },
        {},
    )
    h = financial_health(sheet)
    expected = pd.DataFrame(
        {
            "dealer": pd.Series(["D1", "D1", "D1"], dtype="str"),
            "ratio": pd.Series(["current_ratio", "debt_to_equity", "ar_days"], dtype="str"),
            "value": [0.8, 2.5, 109.5],
            "direction": pd.Series(["min", "max", "max"], dtype="str"),
            "limit": [1.0, 2.0, 90.0],
        }
    )
    assert_frame_equal(h.flags, expected, check_exact=False, rtol=1e-12)


def test_rules_override_add_and_drop():
    # ar_days 73 (worked dealer): fine under the default 90, flagged under 60
    assert financial_health(fin({})).flags.empty
    h = financial_health(fin({}), rules={"ar_days": ("max", 60.0)})
    assert h.flags[["ratio", "value", "direction", "limit"]].values.tolist() == [
        ["ar_days", 73.0, "max", 60.0]
    ]
    # a new rule: asset turnover 1.46 < 2
    h = financial_health(fin({}), rules={"asset_turnover": ("min", 2)})
    assert h.flags["ratio"].tolist() == ["asset_turnover"]
    # dropping a default: current ratio 0.8 no longer flagged
    low = fin({"current_assets": 800_000.0, "inventory": 0.0})
    assert financial_health(low).flags["ratio"].tolist() == ["current_ratio"]
    assert financial_health(low, rules={"current_ratio": None}).flags.empty
    assert HEALTH_RULES["ar_days"] == ("max", 90.0)  # the defaults are not changed


def test_default_rules():
    assert HEALTH_RULES == {
        "current_ratio": ("min", 1.0),
        "quick_ratio": ("min", 0.5),
        "debt_to_equity": ("max", 2.0),
        "ar_days": ("max", 90.0),
        "inventory_turnover": ("min", 4.0),
        "net_margin": ("min", 0.0),
        "roe": ("min", 0.0),
    }


@pytest.mark.parametrize(
    ("rules", "match"),
    [
        pytest.param({"gearing": ("max", 2.0)}, r'rules: "gearing" is not a ratio', id="ratio"),
        pytest.param(
            {"ar_days": ("below", 60.0)}, r'rules.ar_days: direction "below"', id="direction"
        ),
        pytest.param({"ar_days": ("max", "60")}, r'limit "60" is not a finite', id="limit-text"),
        pytest.param({"ar_days": ("max", np.inf)}, r"limit inf is not a finite", id="limit-inf"),
        pytest.param({"ar_days": ("max",)}, r"rules.ar_days: expected \(direction", id="short"),
        pytest.param({"ar_days": "max"}, r"rules.ar_days: expected \(direction", id="str"),
        pytest.param([("ar_days", ("max", 60.0))], r"rules: expected a mapping", id="list"),
    ],
)
def test_bad_rules_are_refused(rules, match):
    with pytest.raises(InputDataError, match=match):
        financial_health(fin({}), rules=rules)


# --- risk ---------------------------------------------------------------------------------


def test_risk_levels_and_order():
    sheet = fin(
        {},  # D1 sound
        {"accounts_receivable": 1_095_000.0},  # D2 ar 109.5 days: 1 flag -> watch
        # D3 current 0.8 and D/E 2.5: 2 flags, both of them -> high
        {"current_assets": 800_000.0, "inventory": 0.0, "total_liabilities": 2_500_000.0},
        # D4 loss: net_margin −0.01, roe −0.0365, D/E 2.5: 3 flags -> high
        {"net_profit": -36_500.0, "total_liabilities": 2_500_000.0},
        # D5 net assets −1: the negative-equity flag alone -> high
        {"net_assets": -1.0},
        {k: np.nan for k in INPUTS},  # D6 nothing known -> unknown
        # D7 loss and long receivables: 3 flags (ar_days, net_margin, roe) -> high
        {"net_profit": -36_500.0, "accounts_receivable": 1_095_000.0},
        # D8 loss: 2 flags (net_margin, roe) -> watch, more flags than D2
        {"net_profit": -36_500.0},
        # D9 1 flag like D2, receivables 1,200,000 > 1,095,000: before D2
        {"accounts_receivable": 1_200_000.0},
    )
    risk = financial_health(sheet).risk
    assert list(risk.columns) == [
        "flags", "flagged", "current_ratio", "debt_to_equity", "ar_days",
        "accounts_receivable", "net_assets", "net_sales", "risk",
    ]  # fmt: skip
    # high: 3 flags first (D7 owed 1,095,000 > D4's 730,000), then 2 (D3), then 1 (D5)
    assert risk.index.tolist() == ["D7", "D4", "D3", "D5", "D8", "D9", "D2", "D6", "D1"]
    assert risk["risk"].tolist() == ["high"] * 4 + ["watch"] * 3 + ["unknown", "sound"]
    assert risk["flags"].tolist() == [3, 3, 2, 1, 2, 1, 1, 0, 0]
    assert str(risk.loc["D4", "flagged"]) == "debt_to_equity; net_margin; roe"
    assert str(risk.loc["D7", "flagged"]) == "ar_days; net_margin; roe"
    assert str(risk.loc["D1", "flagged"]) == "" and str(risk.loc["D6", "flagged"]) == ""
    assert risk["flags"].dtype == "int64"
    assert risk.loc["D3", "current_ratio"] == 0.8 and risk.loc["D3", "debt_to_equity"] == 2.5
    assert risk.loc["D2", "ar_days"] == pytest.approx(109.5, rel=1e-12)
    assert risk.loc["D5", "net_assets"] == -1.0


def test_ties_fall_back_to_the_dealer_id():
    sheet = fin({"accounts_receivable": 1_095_000.0}, {"accounts_receivable": 1_095_000.0},
                dealers=["Z1", "A1"])  # fmt: skip
    assert financial_health(sheet).risk.index.tolist() == ["A1", "Z1"]


def test_unknown_receivables_sort_last_within_a_level():
    sheet = fin(
        {"accounts_receivable": np.nan, "current_assets": 900_000.0},  # current 0.9
        {"current_assets": 900_000.0, "accounts_receivable": 10.0},
        dealers=["A1", "B1"],
    )
    assert financial_health(sheet).risk.index.tolist() == ["B1", "A1"]


def test_empty_sheet():
    h = financial_health(pd.DataFrame({"dealer": pd.Series([], dtype="str")}))
    assert h.ratios.empty and list(h.ratios.columns) == [*RATIOS, "notes"]
    assert h.flags.empty and list(h.flags.columns) == [
        "dealer", "ratio", "value", "direction", "limit",
    ]  # fmt: skip
    assert h.risk.empty and h.risk.index.name == "dealer"


# --- bad input ----------------------------------------------------------------------------


def _with(column: str, pos: int, value: object) -> pd.DataFrame:
    sheet = fin({}, {}, {}).astype({column: object})
    sheet.loc[pos, column] = value
    return sheet


@pytest.mark.parametrize(
    ("sheet", "match"),
    [
        pytest.param([1, 2], r"financials: expected a pandas DataFrame", id="not-a-frame"),
        pytest.param(
            fin({}).drop(columns="dealer"),
            r"financials: column dealer is missing; expected dealer and any of current_assets",
            id="no-dealer-column",
        ),
        pytest.param(
            fin({}, {}, {}, dealers=["D1", "D2", "D1"]),
            r'financials, row 2, column dealer: "D1" repeats row 0',
            id="duplicate-dealer",
        ),
        pytest.param(
            fin({}, {}, dealers=["D1", " D1 "]),
            r'financials, row 1, column dealer: "D1" repeats row 0',
            id="duplicate-after-strip",
        ),
        pytest.param(
            fin({}, {}, dealers=["D1", "  "]),
            r'financials, row 1, column dealer: "  " is blank',
            id="blank-dealer",
        ),
        pytest.param(
            _with("net_sales", 1, "abc"),
            r'financials, row 1 \(dealer "D2"\), column net_sales: "abc" is not a number',
            id="text-in-a-number-column",
        ),
        pytest.param(
            _with("inventory", 2, True),
            r'row 2 \(dealer "D3"\), column inventory: True is not a number',
            id="bool",
        ),
        pytest.param(
            _with("total_assets", 0, np.inf),
            r"row 0 \(dealer \"D1\"\), column total_assets: inf is not a finite number",
            id="infinite",
        ),
        pytest.param(
            _with("current_liabilities", 1, -5.0),
            r"row 1 \(dealer \"D2\"\), column current_liabilities: -5 is negative",
            id="negative-amount",
        ),
    ],
)
def test_bad_input_is_refused(sheet, match):
    with pytest.raises(InputDataError, match=match):
        financial_ratios(sheet)
    with pytest.raises(InputDataError, match=match):
        financial_health(sheet)


def test_row_is_the_frame_index_label():
    sheet = fin({}, {}).set_axis(["a", "b"]).astype({"net_sales": object})
    sheet.loc["b", "net_sales"] = "n/a"
    with pytest.raises(InputDataError, match=r'financials, row b \(dealer "D2"\)'):
        financial_ratios(sheet)


def test_numbers_as_text_and_negative_signed_columns_are_accepted():
    sheet = fin({"net_profit": -1.0}).astype({"net_sales": object})
    sheet.loc[0, "net_sales"] = "3650000"
    assert financial_ratios(sheet).loc["D1", "ar_days"] == 73.0  # 730,000 × 365 / 3,650,000


def test_inputs_are_not_mutated():
    sheet = fin({"net_assets": -3.0}, {"current_liabilities": 0.0})
    before = sheet.copy()
    financial_health(sheet)
    assert_frame_equal(sheet, before)


# --- sample clients -----------------------------------------------------------------------


@pytest.fixture(scope="module", params=["seasoning", "cosmetics", "feed"])
def sample(request):
    data = sample_client(request.param)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return request.param, financial_health(data.financials)


def test_sample_clients_run_clean(sample):
    _, h = sample
    assert not np.isinf(h.ratios[list(RATIOS)].to_numpy()).any()
    assert set(h.risk["risk"]) <= {"high", "watch", "unknown", "sound"}
    assert h.risk.index.sort_values().tolist() == h.ratios.index.sort_values().tolist()


def test_sample_facts_checked_by_hand():
    seasoning = financial_health(sample_client("seasoning").financials)
    # D001: 13,423,700 / 5,277,300 = 2.5437 (4 d.p.)
    assert round(seasoning.ratios.loc["D001", "current_ratio"], 4) == 2.5437

    cosmetics = financial_health(sample_client("cosmetics").financials)
    # D003: current liabilities 0 -> current and quick ratios NaN with their notes
    assert cosmetics.ratios.loc["D003", ["current_ratio", "quick_ratio"]].isna().all()
    assert str(cosmetics.ratios.loc["D003", "notes"]) == (
        "no_denominator:current_ratio; no_denominator:quick_ratio"
    )
    # D021: net profit 0 -> net margin 0 / 1,350,000 = 0 and roe 0 on their limits;
    # current 389,500 / 169,900 = 2.29, quick 200,500 / 169,900 = 1.18, D/E 190,900 /
    # 350,700 = 0.54, ar 67,900 × 365 / 1,350,000 = 18.4 days, stock 1,350,000 / 198,900
    # = 6.8 turns: sound
    assert cosmetics.risk.loc["D021", "risk"] == "sound"

    feed = financial_health(sample_client("feed").financials)
    # D022: net assets −321,300 -> high; current 2,108,800 / 2,456,800 = 0.8584 < 1;
    # quick (2,108,800 − 809,900) / 2,456,800 = 0.5287 ≥ 0.5; profit 527,900 > 0
    assert feed.risk.loc["D022", "risk"] == "high"
    assert str(feed.risk.loc["D022", "flagged"]) == "current_ratio; debt_to_equity"
    assert round(feed.risk.loc["D022", "current_ratio"], 4) == 0.8584
    assert np.isnan(feed.risk.loc["D022", "debt_to_equity"])
    # D003: stock turns 6,970,000 / 1,907,800 = 3.6534 < 4, nothing else -> watch
    assert str(feed.risk.loc["D003", "flagged"]) == "inventory_turnover"
    assert feed.risk.loc["D003", "risk"] == "watch"
