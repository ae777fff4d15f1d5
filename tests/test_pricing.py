"""Price-ladder audit (docs/method.md §4.3): ladder margins and price dumping, worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.intake.rows import tag_rows
from chananalysis.methods.notes import Notes
from chananalysis.methods.pricing import price_ladder_audit

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"


def loaded(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as load_client hands it out: tagged with its Excel rows (header = row 1)."""
    tag_rows(frame, range(2, len(frame) + 2))
    return frame


def ladder(*rows: tuple) -> pd.DataFrame:
    """(product, level, price, min_margin) -> a price_ladder sheet."""
    return pd.DataFrame(rows, columns=["product", "level", "price", "min_margin"])


def obs(*rows: tuple) -> pd.DataFrame:
    """(product, territory, channel, level, price, date) -> a price_observations sheet."""
    out = pd.DataFrame(rows, columns=["product", "territory", "channel", "level", "price", "date"])
    out["date"] = pd.to_datetime(out["date"])
    return out


# 酱: factory 8.00, level1 9.00, level2 10.00, retail 12.00
SAUCE = ladder(
    ("酱", "factory", 8.0, 0.0),
    ("酱", "level1", 9.0, 0.06),
    ("酱", "level2", 10.0, 0.08),
    ("酱", "retail", 12.0, 0.15),
)


@pytest.mark.parametrize(
    ("below", "price", "min_margin", "margin", "flag"),
    [
        # (100 − 94) / 100 = 0.06 exactly: on the minimum passes
        pytest.param(94.0, 100.0, 0.06, 0.06, "", id="margin-exactly-at-minimum"),
        # (100 − 94.01) / 100 = 0.0599 < 0.06
        pytest.param(94.01, 100.0, 0.06, 0.0599, "margin_below_min", id="margin-just-below"),
        # (50 − 47) / 50 = 0.06 exactly, a second pair of prices
        pytest.param(47.0, 50.0, 0.06, 0.06, "", id="margin-at-minimum-50"),
        # level1 above level2: (100 − 105) / 100 = −0.05, below any minimum
        pytest.param(
            105.0, 100.0, 0.06, -0.05, "not_ascending; margin_below_min", id="not-ascending"
        ),
        # equal prices: margin 0, ascending (≤) but below a minimum of 0.06
        pytest.param(100.0, 100.0, 0.06, 0.0, "margin_below_min", id="flat-step"),
        # equal prices with no minimum: fine
        pytest.param(100.0, 100.0, 0.0, 0.0, "", id="flat-step-no-minimum"),
    ],
)
def test_ladder_step(below, price, min_margin, margin, flag):
    lad = ladder(("P", "level1", below, 0.0), ("P", "level2", price, min_margin))
    checks = price_ladder_audit(lad, None).ladder_checks
    expected = pd.DataFrame(
        {
            "product": ["P"],
            "level": ["level2"],
            "price": [price],
            "below_level": ["level1"],
            "price_below": [below],
            "margin": [margin],
            "min_margin": [min_margin],
            "not_ascending": [price < below],
            "below_min": [flag != ""],
            "structural_risk": [flag != ""],
            "flag": [Notes(flag.split("; ") if flag else [])],
        }
    )
    assert_frame_equal(checks, expected, check_exact=False, rtol=1e-12, atol=1e-12)


def test_full_ladder_and_a_missing_level():
    lad = ladder(
        *SAUCE.itertuples(index=False),
        ("醋", "factory", 5.0, 0.0),
        ("醋", "level1", 5.5, 0.05),
        ("醋", "retail", 7.0, 0.15),  # no level2: the step retail <- level1 skips a level
    )
    checks = price_ladder_audit(lad, None).ladder_checks
    # margins: 1/9 = 0.1111, 1/10 = 0.1, 2/12 = 0.1667; 0.5/5.5 = 0.0909, 1.5/7 = 0.2143
    assert checks[["product", "level", "below_level"]].values.tolist() == [
        ["酱", "level1", "factory"],
        ["酱", "level2", "level1"],
        ["酱", "retail", "level2"],
        ["醋", "level1", "factory"],
        ["醋", "retail", "level1"],
    ]
    np.testing.assert_allclose(
        checks["margin"], [1 / 9, 1 / 10, 2 / 12, 0.5 / 5.5, 1.5 / 7], rtol=1e-12
    )
    assert checks["flag"].map(str).tolist() == ["", "", "", "", "level_missing"]
    assert not checks["structural_risk"].any()


@pytest.mark.parametrize(
    ("price", "breach", "gap", "gap_pct"),
    [
        pytest.param(12.0, False, 0.0, 0.0, id="exactly-at-the-floor"),
        # 11.99 − 12 = −0.01; −0.01 / 12 × 100 = −0.083333 %
        pytest.param(11.99, True, -0.01, -0.01 / 12 * 100, id="one-fen-below"),
        pytest.param(12.01, False, 0.01, 0.01 / 12 * 100, id="one-fen-above"),
    ],
)
def test_retail_price_against_its_floor(price, breach, gap, gap_pct):
    audit = price_ladder_audit(SAUCE, obs(("酱", "郑州", "KA", "retail", price, "2025-05-01")))
    if breach:
        expected = pd.DataFrame(
            {
                "product": ["酱"],
                "territory": ["郑州"],
                "channel": ["KA"],
                "level": ["retail"],
                "date": pd.to_datetime(["2025-05-01"]),
                "price": [price],
                "floor": [12.0],
                "gap": [gap],
                "gap_pct": [gap_pct],
            }
        )
        assert_frame_equal(audit.breaches, expected, check_exact=False, rtol=1e-9)
    else:
        assert audit.breaches.empty
    assert audit.by_product.loc["酱", "breaches"] == int(breach)


def test_each_level_has_its_own_floor():
    # level2 9.90 is below its own floor 10.00 although above level1's 9.00: dumping;
    # level1 9.00 is at its floor: fine; factory 7.50 < 8.00: breach at the factory level
    audit = price_ladder_audit(
        SAUCE,
        obs(
            ("酱", "郑州", "流通", "level2", 9.9, "2025-05-01"),
            ("酱", "郑州", "流通", "level1", 9.0, "2025-05-02"),
            ("酱", "开封", "流通", "factory", 7.5, "2025-05-03"),
        ),
    )
    b = audit.breaches
    # worst first: −0.5/8 = −6.25 % before −0.1/10 = −1 %
    assert b[["level", "floor"]].values.tolist() == [["factory", 8.0], ["level2", 10.0]]
    np.testing.assert_allclose(b["gap_pct"], [-6.25, -1.0])


def test_summaries_by_product_territory_and_channel():
    audit = price_ladder_audit(
        SAUCE,
        obs(
            ("酱", "郑州", "KA", "retail", 12.5, "2025-05-01"),  # fine
            ("酱", "郑州", "KA", "retail", 11.4, "2025-05-02"),  # gap −0.6, −5 %
            ("酱", "开封", "流通", "level2", 9.0, "2025-05-03"),  # gap −1.0, −10 %
            ("酱", "开封", "流通", "level2", 10.0, "2025-05-04"),  # at the floor: fine
            ("醋", "开封", "流通", "level2", 3.0, "2025-05-05"),  # no ladder: unmatched
        ),
    )
    by_territory = pd.DataFrame(
        {
            "observations": [2, 2],
            "breaches": [1, 1],
            "share": [0.5, 0.5],
            "worst_gap": [-1.0, -0.6],
            "worst_gap_pct": [-10.0, -5.0],
        },
        index=pd.Index(["开封", "郑州"], name="territory"),
    )
    assert_frame_equal(audit.by_territory, by_territory, check_exact=False, rtol=1e-9)
    by_product = pd.DataFrame(
        {
            "observations": [4],
            "breaches": [2],
            "share": [0.5],
            "worst_gap": [-1.0],
            "worst_gap_pct": [-10.0],
        },
        index=pd.Index(["酱"], name="product"),
    )
    assert_frame_equal(audit.by_product, by_product, check_exact=False, rtol=1e-9)
    assert audit.by_channel["breaches"].to_dict() == {"KA": 1, "流通": 1}
    assert audit.unmatched["product"].tolist() == ["醋"]


def test_no_observations_checks_the_ladder_only():
    audit = price_ladder_audit(SAUCE, None)
    assert len(audit.ladder_checks) == 3
    assert audit.breaches.empty and audit.by_product.empty and audit.unmatched.empty
    assert list(audit.breaches.columns) == [
        "product", "territory", "channel", "level", "date", "price", "floor", "gap", "gap_pct",
    ]  # fmt: skip


def test_custom_levels():
    lad = ladder(("P", "ex_works", 10.0, 0.0), ("P", "shop", 12.0, 0.2))
    checks = price_ladder_audit(lad, None, levels=("ex_works", "shop")).ladder_checks
    # (12 − 10) / 12 = 0.1667 < 0.2
    assert checks["flag"].tolist() == [Notes(["margin_below_min"])]


@pytest.mark.parametrize(
    ("lad", "observations", "options", "match"),
    [
        pytest.param(
            loaded(ladder(("P", "level1", 9.0, 0.0), ("P", "level1", 9.5, 0.0))),
            None,
            {},
            r"price_ladder, row 3 \(product P, level level1\): product and level repeat",
            id="duplicate-ladder-row-names-the-excel-row",
        ),
        pytest.param(
            ladder(("P", "level1", 9.0, 0.0), ("P", "level1", 9.5, 0.0)),
            None,
            {},
            r"price_ladder, row 1 \(product P, level level1\): product and level repeat",
            id="duplicate-ladder-row-names-the-index-label",
        ),
        pytest.param(
            ladder(("P", "wholesale", 9.0, 0.0)),
            None,
            {},
            r"price_ladder, row 0 .*\"wholesale\" is not a ladder level",
            id="unknown-ladder-level",
        ),
        pytest.param(
            ladder(("P", "level1", 0.0, 0.0)),
            None,
            {},
            r"column price: 0 is not a number > 0",
            id="zero-ladder-price",
        ),
        pytest.param(
            ladder(("P", "level1", 9.0, 1.2)),
            None,
            {},
            r"column min_margin: 1.2 is not a fraction in \[0, 1\)",
            id="min-margin-out-of-range",
        ),
        pytest.param(
            SAUCE,
            loaded(obs(("酱", "郑州", "KA", "shelf", 9.0, "2025-05-01"))),
            {},
            r"price_observations, row 2 .*\"shelf\" is not a ladder level",
            id="unknown-observed-level",
        ),
        pytest.param(SAUCE, None, {"levels": ("retail",)}, r"levels: ", id="one-level"),
        pytest.param(
            SAUCE, None, {"levels": ("factory", "factory")}, r"levels: ", id="repeated-level"
        ),
    ],
)
def test_bad_input_is_refused(lad, observations, options, match):
    with pytest.raises(InputDataError, match=match):
        price_ladder_audit(lad, observations, **options)


def test_inputs_are_not_mutated():
    o = obs(("酱", "郑州", "KA", "retail", 11.0, "2025-05-01"))
    lad, o_before, lad_before = SAUCE.copy(), o.copy(), SAUCE.copy()
    price_ladder_audit(lad, o)
    assert_frame_equal(lad, lad_before)
    assert_frame_equal(o, o_before)


@pytest.mark.parametrize(
    ("client", "breaches", "territories", "risky_steps"),
    [
        # planted: 20 rows at 93–97 % of the ladder in the two 洞口 areas
        pytest.param("feed", 20, {"洞口县城关片", "洞口县高沙片"}, [], id="feed"),
        # planted: 48 rows in 菏泽/单县/曹县 (流通批发) + 4 online in 郑州; the ladder's
        # 餐饮装牛肉酱 level2 step is (31.5 − 30) / 31.5 = 0.0476 < 0.08
        pytest.param(
            "seasoning",
            52,
            {"菏泽", "单县", "曹县", "郑州"},
            [("餐饮装牛肉酱 1kg", "level2")],
            id="seasoning",
        ),
        # planted: 36 rows in 石家庄/邢台/衡水 + 4 online in 济南
        pytest.param("cosmetics", 40, {"石家庄", "邢台", "衡水", "济南"}, [], id="cosmetics"),
    ],
)
def test_sample_clients_show_their_planted_dumping(client, breaches, territories, risky_steps):
    data = sample_client(client)
    audit = price_ladder_audit(data.price_ladder, data.price_observations)
    assert len(audit.breaches) == breaches
    assert set(audit.breaches["territory"]) == territories
    risky = audit.ladder_checks[audit.ladder_checks["structural_risk"]]
    assert list(zip(risky["product"], risky["level"], strict=True)) == risky_steps
    assert audit.unmatched.empty
