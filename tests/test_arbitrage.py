"""Arbitrage risk between adjacent territories (docs/method.md §4.4), worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.intake.rows import tag_rows
from chananalysis.methods.arbitrage import arbitrage_risk

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


def loaded(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as load_client hands it out: tagged with its Excel rows (header = row 1)."""
    tag_rows(frame, range(2, len(frame) + 2))
    return frame


def territories(*rows: tuple) -> pd.DataFrame:
    """(territory, neighbours, list_price, rebate, allowance, freight) -> territories sheet."""
    return pd.DataFrame(
        rows,
        columns=[
            "territory",
            "neighbours",
            "list_price",
            "rebate_rate",
            "expense_allowance_rate",
            "freight_per_unit",
        ],
    )


# Seed 003 case 1: Hebei 4 %, the new Shandong market (Xuzhou) 15 %; list 100, rebate 2 %,
# freight 2 per unit. Net: Hebei 100 × (1 − 0.02 − 0.04) = 94, Xuzhou 100 × (1 − 0.02 −
# 0.15) = 83.
SEED_CASE_1 = territories(
    ("河北", "徐州", 100.0, 0.02, 0.04, 2.0),
    ("徐州", "河北", 100.0, 0.02, 0.15, 2.0),
)


def test_seed_case_1_goods_flow_from_the_15_percent_market_into_the_4_percent_one():
    expected = pd.DataFrame(
        {
            "source": ["徐州", "河北"],
            "destination": ["河北", "徐州"],
            "net_source": [83.0, 94.0],
            "net_destination": [94.0, 83.0],
            "freight": [2.0, 2.0],
            # 94 − 83 − 2 = 9 (the seed's 11 % less freight); back: 83 − 94 − 2 = −13
            "gap": [9.0, -13.0],
            "incentive": [True, False],
            "volume": [np.nan, np.nan],
            "exposure": [np.nan, np.nan],
            "rank": pd.array([1, pd.NA], dtype="Int64"),
        }
    )
    assert_frame_equal(arbitrage_risk(SEED_CASE_1), expected, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize(
    ("price_a", "price_b", "freight", "gap", "incentive"),
    [
        # net A 98, net B 100, freight 2: 100 − 98 − 2 = 0 -> no incentive
        pytest.param(98.0, 100.0, 2.0, 0.0, False, id="gap-exactly-equal-to-freight"),
        # one fen more on B: 100.01 − 98 − 2 = 0.01 -> incentive
        pytest.param(98.0, 100.01, 2.0, 0.01, True, id="one-fen-above-freight"),
        # no freight: 100 − 98 = 2
        pytest.param(98.0, 100.0, 0.0, 2.0, True, id="no-freight"),
    ],
)
def test_gap_against_freight(price_a, price_b, freight, gap, incentive):
    t = territories(("A", "B", price_a, 0.0, 0.0, freight), ("B", "A", price_b, 0.0, 0.0, 9.0))
    r = arbitrage_risk(t).set_index(["source", "destination"])
    assert r.loc[("A", "B"), "gap"] == pytest.approx(gap, abs=1e-12)
    assert bool(r.loc[("A", "B"), "incentive"]) is incentive
    # freight is the source's: B -> A pays B's 9
    assert r.loc[("B", "A"), "freight"] == 9.0


def test_neighbours_listed_on_one_side_only_are_adjacent_both_ways():
    t = territories(
        ("A", "B", 100.0, 0.0, 0.10, 1.0),  # A lists B
        ("B", "", 100.0, 0.0, 0.05, 1.0),  # B lists nobody
        ("C", "A；B", 100.0, 0.0, 0.05, 1.0),  # C lists A and B (full-width separator)
        ("D", "D", 100.0, 0.0, 0.05, 1.0),  # D lists itself only: no pair
    )
    r = arbitrage_risk(t)
    pairs = set(zip(r["source"], r["destination"], strict=True))
    assert pairs == {("A", "B"), ("B", "A"), ("A", "C"), ("C", "A"), ("B", "C"), ("C", "B")}
    # net A 90, B and C 95: A -> B and A -> C gain 95 − 90 − 1 = 4
    ranked = r[r["incentive"]]
    assert ranked[["source", "destination", "gap"]].values.tolist() == [
        ["A", "B", 4.0],
        ["A", "C", 4.0],
    ]
    assert ranked["rank"].tolist() == [1, 1]  # equal gaps share the rank


def test_volume_gives_exposure_and_the_ranking():
    t = territories(
        ("S", "X;Y;Z;W", 100.0, 0.0, 0.15, 1.0),  # net 85: the source of every incentive
        ("X", "", 100.0, 0.0, 0.04, 1.0),  # net 96: gap 96 − 85 − 1 = 10
        ("Y", "", 100.0, 0.0, 0.08, 1.0),  # net 92: gap 6
        ("Z", "", 100.0, 0.0, 0.04, 1.0),  # net 96: gap 10, but zero volume
        ("W", "", 100.0, 0.0, 0.04, 1.0),  # net 96: gap 10, volume unknown
    )
    volume = pd.Series({"X": 100.0, "Y": 500.0, "Z": 0.0, "S": 50.0})
    r = arbitrage_risk(t, volume=volume)
    top = r[r["incentive"]][["destination", "gap", "volume", "exposure", "rank"]]
    expected = pd.DataFrame(
        {
            "destination": ["Y", "X", "Z", "W"],
            "gap": [6.0, 10.0, 10.0, 10.0],
            "volume": [500.0, 100.0, 0.0, np.nan],
            # 6 × 500 = 3000 outranks 10 × 100 = 1000; zero volume -> 0; unknown -> NaN, last
            "exposure": [3000.0, 1000.0, 0.0, np.nan],
            "rank": pd.array([1, 2, 3, 4], dtype="Int64"),
        }
    )
    assert_frame_equal(top.reset_index(drop=True), expected)
    # the way back (into S, volume 50) loses money: exposure 0, not ranked
    back = r[r["destination"] == "S"]
    assert (back["exposure"] == 0.0).all() and back["rank"].isna().all()


def test_unknown_neighbours_are_left_out_and_listed():
    t = territories(("A", "B;外省", 100.0, 0.0, 0.1, 1.0), ("B", "A", 100.0, 0.0, 0.1, 1.0))
    r = arbitrage_risk(t)
    assert len(r) == 2
    assert r.attrs["unknown_neighbours"] == [("A", "外省")]


def test_blank_rate_leaves_the_pair_unknown_and_absent_columns_count_as_zero():
    t = territories(("A", "B", 100.0, np.nan, 0.1, 1.0), ("B", "A", 100.0, 0.0, 0.05, 1.0))
    r = arbitrage_risk(t)
    assert r["gap"].isna().all() and not r["incentive"].any() and r["rank"].isna().all()
    lean = t.drop(columns=["rebate_rate", "freight_per_unit"])
    # net A 90, B 95, no rebate, no freight: A -> B gains 5
    r = arbitrage_risk(lean).set_index(["source", "destination"])
    assert r.loc[("A", "B"), "gap"] == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("frame", "options", "match"),
    [
        pytest.param(
            SEED_CASE_1.drop(columns="list_price"), {}, r"column list_price is missing", id="col"
        ),
        pytest.param(
            loaded(territories(("A", "", 100.0, 0.0, 0.1, 1.0), ("A", "", 100.0, 0.0, 0.1, 1.0))),
            {},
            r'territories, row 3, column territory \(区域\): "A" repeats',
            id="duplicate-territory",
        ),
        pytest.param(
            territories(("A", "", 100.0, 0.0, -0.1, 1.0)),
            {},
            r"territories, row 0 \(territory A\), column expense_allowance_rate: -0.1 is not a "
            r"number ≥ 0",
            id="negative-rate",
        ),
        pytest.param(
            SEED_CASE_1,
            {"volume": pd.Series({"河北": -5.0})},
            r"volume, territory 河北: -5 is not a number ≥ 0",
            id="negative-volume",
        ),
        pytest.param(SEED_CASE_1, {"volume": [1, 2]}, r"volume: expected a Series", id="list"),
    ],
)
def test_bad_input_is_refused(frame, options, match):
    with pytest.raises(InputDataError, match=match):
        arbitrage_risk(frame, **options)


def test_inputs_are_not_mutated():
    t, before = SEED_CASE_1.copy(), SEED_CASE_1.copy()
    v = pd.Series({"河北": 10.0})
    arbitrage_risk(t, volume=v)
    assert_frame_equal(t, before)
    assert v.to_dict() == {"河北": 10.0}


def test_feed_sample_shows_the_15_percent_huaihua_markets_shipping_into_shaoyang():
    data = sample_client("feed")
    r = arbitrage_risk(data.territories, volume=data.scans["territory"].value_counts())
    top = r[r["incentive"]]
    # 怀化 area (溆浦县, 洪江市, 会同县) at 15 %: net 150 × (1 − 0.02 − 0.15) = 124.5;
    # 邵阳 area at 4 %: 150 × 0.94 = 141; 娄底's 新化县 at 5 %: 139.5
    assert set(top["source"]) == {"溆浦县", "洪江市", "会同县"}
    assert set(top["destination"]) == {"洞口县城关片", "隆回县", "绥宁县", "新化县"}
    first = top.iloc[0]
    # 溆浦县 -> 洞口县城关片: 141 − 124.5 − 3.02 (溆浦县's freight) = 13.48
    assert (first["source"], first["destination"]) == ("溆浦县", "洞口县城关片")
    assert first["gap"] == pytest.approx(13.48)


@pytest.mark.parametrize("as_float", [False, True], ids=["Int64", "float"])
def test_the_arbitrage_table_shows_its_ranks_as_integers(tmp_path, as_float):
    """The report's table and its tables.xlsx sheet: ranks 1, 2 and an empty cell for the
    pairs without an incentive — never 1.0 — even when a missing rank made the column
    float."""
    import openpyxl

    from chananalysis.display.formatting import style_table
    from chananalysis.intake.read import load_client
    from chananalysis.intake.write import write_intake_template
    from chananalysis.report.section import Section
    from chananalysis.report.tables import write_tables
    from chananalysis.sections.conflict.tables import KINDS

    t = territories(
        ("A", "B", 100.0, 0.0, 0.15, 1.0),  # net 85
        ("B", "C", 100.0, 0.0, 0.04, 1.0),  # net 96: A -> B gains 96 − 85 − 1 = 10
        ("C", "", 100.0, 0.0, 0.10, 1.0),  # net 90: C -> B gains 96 − 90 − 1 = 5
    )  # B -> A: 85 − 96 − 1 = −12, B -> C: 90 − 96 − 1 = −7: no incentive, no rank
    r = arbitrage_risk(t)
    if as_float:
        r["rank"] = r["rank"].astype("float64")
    assert r[["source", "destination"]].values.tolist() == [
        ["A", "B"],
        ["C", "B"],
        ["B", "C"],
        ["B", "A"],
    ]
    html = style_table(r, KINDS["arbitrage"], "zh", prefix="cf").data
    assert html["排名"].tolist() == ["1", "2", "–", "–"]
    data = load_client(write_intake_template(tmp_path / "t.xlsx"))
    S = Section("04_conflict_review", data, "zh", tmp_path / "_tables" / "04", display=False)
    S.table(r, "arbitrage", KINDS["arbitrage"])
    write_tables(tmp_path / "_tables", tmp_path / "tables.xlsx", lang="zh")
    ws = openpyxl.load_workbook(tmp_path / "tables.xlsx")["04 区域间套利"]
    head = [c.value for c in ws[1]]
    ranks = [row[head.index("排名")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ranks == [1, 2, None, None] and all(type(v) is int for v in ranks[:2])
