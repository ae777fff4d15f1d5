"""County and terminal coverage (docs/method.md §3.4): every expected number worked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import sample_client
from pandas.testing import assert_frame_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.coverage import coverage
from chananalysis.methods.notes import Notes

SAMPLES = Path(__file__).resolve().parent.parent / "data_samples"
NAN = np.nan

TERR = pd.DataFrame({"territory": ["郑州", "开封", "洛阳", "兰考"], "province": ["河南"] * 4})


def dealers(*rows: tuple) -> pd.DataFrame:
    """(dealer, territory, annual_sales) -> a dealers sheet."""
    return pd.DataFrame(rows, columns=["dealer", "territory", "annual_sales"])


def auth(*rows: tuple) -> pd.DataFrame:
    """(dealer, territory, product_line, start, end) -> an authorizations sheet."""
    out = pd.DataFrame(rows, columns=["dealer", "territory", "product_line", "start", "end"])
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    return out


def kpis(*rows: tuple) -> pd.DataFrame:
    """(dealer, active_outlets, outlets_in_area) -> a dealer_kpis sheet."""
    return pd.DataFrame(rows, columns=["dealer", "active_outlets", "outlets_in_area"])


DEALERS = dealers(
    ("D1", "郑州", 5e6),
    ("D2", "郑州", 1e6),
    ("D3", "开封", 2e6),
    ("D4", "洛阳", 3e6),
    ("D5", "兰考", 0.0),  # sold nothing: not an active member
)


def test_four_territories_three_covered_from_dealers():
    cov = coverage(TERR, dealers=DEALERS)
    expected = pd.DataFrame(
        {
            "province": ["河南"] * 4,
            "covered": [True, True, True, False],
            "members": ["D1; D2", "D3", "D4", ""],
            "source": ["dealers"] * 4,
        },
        index=pd.Index(["郑州", "开封", "洛阳", "兰考"], name="territory", dtype="str"),
    ).astype({"province": "str", "members": "str", "source": "str"})
    assert_frame_equal(cov.counties, expected)
    assert cov.county_rate == 0.75  # 3 / 4
    assert cov.counties.attrs["outside_scope"] == []
    assert pd.isna(cov.counties.attrs["on"])


def test_four_territories_three_covered_from_authorizations():
    a = auth(
        ("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"),
        ("D2", "郑州", "下饭菜", "2025-01-01", "2025-12-31"),
        ("D3", "开封", "酱料", "2025-01-01", "2025-12-31"),
        ("D4", "洛阳", "酱料", "2025-01-01", None),  # open-ended: in force
        ("D5", "兰考", "酱料", "2025-01-01", "2025-09-30"),  # lapsed before 12-31
    )
    cov = coverage(TERR, dealers=DEALERS, authorizations=a)
    assert cov.counties.attrs["on"] == pd.Timestamp("2025-12-31")  # the latest end
    assert cov.counties["covered"].tolist() == [True, True, True, False]
    assert cov.counties["members"].tolist() == ["D1; D2", "D3", "D4", ""]
    assert set(cov.counties["source"]) == {"authorizations"}
    assert cov.county_rate == 0.75  # 3 / 4


@pytest.mark.parametrize(
    ("start", "end", "covered"),
    [
        pytest.param("2025-01-01", "2025-06-29", False, id="ended-the-day-before"),
        pytest.param("2025-01-01", "2025-06-30", True, id="ends-on-the-day"),
        pytest.param("2025-06-30", "2025-12-31", True, id="starts-on-the-day"),
        pytest.param("2025-07-01", "2025-12-31", False, id="starts-the-day-after"),
        pytest.param("2025-01-01", None, True, id="open-ended"),
    ],
)
def test_authorisation_in_force_on_the_day(start, end, covered):
    a = auth(("D1", "郑州", "酱料", start, end))
    cov = coverage(TERR.iloc[:1], authorizations=a, on="2025-06-30")
    assert cov.counties.loc["郑州", "covered"] is np.bool_(covered)
    assert cov.county_rate == (1.0 if covered else 0.0)


def test_territory_outside_scope_is_listed_not_counted():
    d = dealers(("D1", "郑州", 1e6), ("D9", "商丘", 4e6), ("D8", "菏泽", 1e6))
    a = auth(("D7", "周口", "酱料", "2025-01-01", "2025-12-31"))
    cov = coverage(TERR, dealers=d)
    assert cov.counties.attrs["outside_scope"] == ["商丘", "菏泽"]
    assert cov.county_rate == 0.25  # 郑州 only, of 4
    cov = coverage(TERR, dealers=d, authorizations=a)
    assert cov.counties.attrs["outside_scope"] == ["周口", "商丘", "菏泽"]  # sorted
    assert cov.county_rate == 0.0  # the one authorisation is out of scope


def test_dealer_without_territory_or_sales_covers_nothing():
    d = dealers(("D1", None, 9e6), ("D2", "开封", NAN), ("D3", "洛阳", -1.0))
    cov = coverage(TERR, dealers=d)
    assert cov.county_rate == 0.0
    assert cov.counties.attrs["outside_scope"] == []


def test_terminal_coverage():
    k = kpis(
        ("D1", 300, 400),  # 300 / 400 = 0.75
        ("D2", 120, 100),  # 1.2: more active outlets than the universe, kept and noted
        ("D3", 5, 0),  # no universe
        ("D4", 50, None),  # no universe
        ("D5", None, 200),  # active unknown
        ("D6", 0, 50),  # 0 / 50 = 0
    )
    cov = coverage(TERR, dealers=DEALERS, kpis=k)
    expected = pd.DataFrame(
        {
            "territory": [NAN, "郑州", "郑州", "开封", "洛阳", "兰考"],  # D6 not in DEALERS
            "active_outlets": [0.0, 300.0, 120.0, 5.0, 50.0, NAN],
            "outlets_in_area": [50.0, 400.0, 100.0, 0.0, NAN, 200.0],
            "rate": [0.0, 0.75, 1.2, NAN, NAN, NAN],
            "notes": [
                Notes(),
                Notes(),
                Notes(["active_exceeds_universe"]),
                Notes(["no_universe"]),
                Notes(["no_universe"]),
                Notes(["no_active"]),
            ],
        },
        index=pd.Index(["D6", "D1", "D2", "D3", "D4", "D5"], name="dealer", dtype="str"),
    ).astype({"territory": "str"})
    assert_frame_equal(cov.terminals, expected)
    # Σ over D1, D2, D6 (rate known): (300 + 120 + 0) / (400 + 100 + 50) = 420 / 550
    assert cov.terminal_rate == pytest.approx(420 / 550)


def test_by_territory():
    k = kpis(("D1", 300, 400), ("D2", 100, 100), ("D3", 10, 0), ("D4", 40, 80))
    cov = coverage(TERR, dealers=DEALERS, kpis=k)
    expected = pd.DataFrame(
        {
            "covered": [True, True, True, False],
            "members": ["D1; D2", "D3", "D4", ""],
            # 郑州: D1 + D2 = 400 of 500; 开封: D3 has no universe; 洛阳: 40 / 80
            "active_outlets": [400.0, NAN, 40.0, NAN],
            "outlets_in_area": [500.0, NAN, 80.0, NAN],
            "terminal_rate": [0.8, NAN, 0.5, NAN],
        },
        index=pd.Index(["郑州", "开封", "洛阳", "兰考"], name="territory", dtype="str"),
    ).astype({"members": "str"})
    assert_frame_equal(cov.by_territory, expected)
    assert cov.terminal_rate == pytest.approx(440 / 580)  # (300 + 100 + 40) / (400 + 100 + 80)


def test_no_kpis():
    cov = coverage(TERR, dealers=DEALERS)
    assert cov.terminals.empty
    assert list(cov.terminals.columns) == [
        "territory", "active_outlets", "outlets_in_area", "rate", "notes",
    ]  # fmt: skip
    assert cov.terminals.index.name == "dealer"
    assert np.isnan(cov.terminal_rate)
    assert cov.by_territory["terminal_rate"].isna().all()
    assert cov.by_territory["covered"].tolist() == [True, True, True, False]


def test_no_territories():
    cov = coverage(TERR.iloc[:0], dealers=DEALERS)
    assert cov.counties.empty and np.isnan(cov.county_rate)
    assert cov.counties.attrs["outside_scope"] == ["兰考", "开封", "洛阳", "郑州"]


def test_terminals_without_dealers_have_no_territory():
    a = auth(("D1", "郑州", "酱料", "2025-01-01", "2025-12-31"))
    cov = coverage(TERR, authorizations=a, kpis=kpis(("D1", 30, 60)))
    assert cov.terminals["territory"].isna().all()
    assert cov.terminal_rate == 0.5  # 30 / 60
    assert cov.by_territory["active_outlets"].isna().all()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(lambda: coverage(TERR), r"pass authorizations= .* or dealers=", id="neither"),
        pytest.param(
            lambda: coverage(pd.DataFrame({"territory": ["郑州", "郑州"]}), dealers=DEALERS),
            r'territories, row 1, column territory: "郑州" repeats',
            id="duplicate-territory",
        ),
        pytest.param(
            lambda: coverage(pd.DataFrame({"name": ["郑州"]}), dealers=DEALERS),
            r"territories: column\(s\) territory missing",
            id="no-territory-column",
        ),
        pytest.param(
            lambda: coverage(TERR, dealers=DEALERS[["dealer", "territory"]]),
            r"dealers: column\(s\) annual_sales missing",
            id="dealers-missing-sales",
        ),
        pytest.param(
            lambda: coverage(
                TERR, authorizations=auth(("D1", "郑州", "酱料", "2025-01-01", None)), on="soon"
            ),
            r'on: "soon" is not a date',
            id="bad-on",
        ),
        pytest.param(
            lambda: coverage(
                TERR, authorizations=auth(("D1", "郑州", "酱料", "2025-06-01", "2025-05-31"))
            ),
            r"authorizations, row 0, column end: 2025-05-31 is before start 2025-06-01",
            id="end-before-start",
        ),
        pytest.param(
            lambda: coverage(
                TERR,
                authorizations=pd.DataFrame(
                    {"dealer": ["D1"], "territory": ["郑州"], "start": ["someday"]}
                ),
            ),
            r'authorizations, row 0, column start: "someday" is not a date',
            id="start-not-a-date",
        ),
        pytest.param(
            lambda: coverage(TERR, dealers=DEALERS, kpis=kpis(("D1", -3, 10))),
            r"dealer_kpis, row 0, column active_outlets: -3 is not a count",
            id="negative-outlets",
        ),
        pytest.param(
            lambda: coverage(TERR, dealers=DEALERS, kpis=kpis(("D1", 3, "many"))),
            r'column outlets_in_area: "many" is not a count',
            id="text-outlets",
        ),
        pytest.param(
            lambda: coverage(TERR, dealers=DEALERS, kpis=kpis(("D1", 3, 10), ("D1", 4, 10))),
            r'dealer_kpis, row 1, column dealer: "D1" repeats',
            id="dealer-twice-in-kpis",
        ),
        pytest.param(
            lambda: coverage(TERR, dealers=DEALERS, kpis=kpis((None, 3, 10))),
            r"dealer_kpis, row 0, column dealer: blank",
            id="blank-kpi-dealer",
        ),
    ],
)
def test_bad_input_is_refused(call, match):
    with pytest.raises(InputDataError, match=match):
        call()


def test_inputs_are_not_mutated():
    t, d, k = TERR.copy(), DEALERS.copy(), kpis(("D1", 3, 10))
    before = (t.copy(), d.copy(), k.copy())
    coverage(t, dealers=d, kpis=k)
    for frame, copy in zip((t, d, k), before, strict=True):
        assert_frame_equal(frame, copy)


def _covered_by_hand(territories, authorizations, day):
    """Territories in scope with an authorisation in force on ``day``, by a plain loop."""
    held = set()
    for r in authorizations.itertuples(index=False):
        if r.start <= day and (pd.isna(r.end) or r.end >= day):
            held.add(r.territory)
    return [t for t in territories["territory"] if t in held]


def test_seasoning_sample():
    data = sample_client("seasoning")
    cov = coverage(
        data.territories,
        dealers=data.dealers,
        authorizations=data.authorizations,
        kpis=data.dealer_kpis,
        on="2025-12-31",
    )
    assert len(cov.counties) == 42
    # 兰考 has no authorisation at all; 信阳's three (D041) end on 2025-09-30
    uncovered = cov.counties.index[~cov.counties["covered"]].tolist()
    assert uncovered == ["兰考", "信阳"]
    day = pd.Timestamp("2025-12-31")
    assert len(_covered_by_hand(data.territories, data.authorizations, day)) == 40
    assert cov.county_rate == pytest.approx(40 / 42)
    assert cov.counties.attrs["outside_scope"] == []
    # the default day is the latest end, 2025-12-31 as well
    default = coverage(data.territories, authorizations=data.authorizations)
    assert default.counties.attrs["on"] == day
    assert default.county_rate == pytest.approx(40 / 42)
    # mid-year 信阳 is still held (until 09-30): only 兰考 is a blind spot
    mid = coverage(data.territories, authorizations=data.authorizations, on="2025-06-30")
    assert mid.counties.index[~mid.counties["covered"]].tolist() == ["兰考"]
    # from the dealers sheet alone: 兰考 has no dealer, 信阳 has D041 selling
    by_dealers = coverage(data.territories, dealers=data.dealers)
    assert by_dealers.counties.index[~by_dealers.counties["covered"]].tolist() == ["兰考"]
    assert by_dealers.county_rate == pytest.approx(41 / 42)
    # D001: 3785 of 4610 outlets
    assert cov.terminals.loc["D001", "rate"] == pytest.approx(3785 / 4610)
    assert cov.terminals.loc["D001", "territory"] == "郑州"
    assert len(cov.terminals) == 62 and cov.terminals["rate"].notna().all()
    k = data.dealer_kpis
    assert cov.terminal_rate == pytest.approx(
        sum(k["active_outlets"].tolist()) / sum(k["outlets_in_area"].tolist())
    )


@pytest.mark.parametrize(("client", "n"), [("feed", 18), ("cosmetics", 14)])
def test_other_samples_are_fully_covered(client, n):
    data = sample_client(client)
    cov = coverage(data.territories, dealers=data.dealers, authorizations=data.authorizations)
    assert len(cov.counties) == n
    assert cov.county_rate == 1.0
