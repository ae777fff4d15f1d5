"""Cross-territory selling (窜货) from product codes against cases worked by hand.

Every expected value is a literal; the comment next to it says where it comes from. The
engines are compared with each other on a generated data set with planted diversions,
and Parquet files against the same data as frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from chananalysis.errors import InputDataError
from chananalysis.methods.diversion import (
    UNASSIGNED,
    UNAUTHORISED,
    Diversion,
    detect_diversion,
    veto_counts,
)

SHIP = ["code", "dealer", "product_line", "ship_date", "quantity", "territory"]
SCAN = ["code", "territory", "scan_date"]
AUTH = ["dealer", "territory", "product_line", "start", "end"]
TABLES = ["scans", "by_dealer", "flows", "incidents", "evidence", "fines", "unknown_codes"]
YEAR = ("2025-01-01", "2025-12-31")


def ship(*rows) -> pd.DataFrame:
    """Shipments ``(code, dealer, product_line, ship_date, quantity[, territory])``."""
    cols = SHIP[: len(rows[0])]
    return pd.DataFrame(list(rows), columns=cols)


def scans(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=SCAN).astype({"scan_date": "datetime64[us]"})


def auth(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=AUTH)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(params=["pandas", "duckdb"])
def engine(request):
    return request.param


def run(engine, shipments, scan_rows, **options) -> Diversion:
    return detect_diversion(shipments, scan_rows, engine=engine, **options)


# --- the rules, case by case -----------------------------------------------------------------


def test_hand_over_on_july_first(engine):
    # 郑州 酱料: D1 until 2025-06-30, D2 from 2025-07-01; D1 also holds 洛阳 all year
    a = auth(
        ("D1", "郑州", "酱料", "2025-01-01", "2025-06-30"),
        ("D1", "洛阳", "酱料", *YEAR),
        ("D2", "郑州", "酱料", "2025-07-01", "2025-12-31"),
    )
    s = ship(
        ("c1", "D1", "酱料", "2025-06-01", 12),
        ("c2", "D1", "酱料", "2025-06-01", 12),
        ("c3", "D2", "酱料", "2025-06-01", 6),
    )
    sc = scans(
        ("c1", "郑州", "2025-06-30 23:59:59"),  # last second of D1's period: its own
        ("c2", "郑州", "2025-07-01 00:00:00"),  # first second of D2's: D1 diverted
        ("c3", "郑州", "2025-06-15 09:00:00"),  # D2 holds nothing yet: diverted
    )
    d = run(engine, s, sc, authorizations=a, fine_per_unit=10)
    assert d.scans["diverted"].tolist() == [False, True, True]
    # c2: D1 still holds 洛阳 that day; c3: D2 holds no territory for 酱料 on 06-15
    assert d.scans["from_territory"].astype(str).tolist() == ["郑州", "洛阳", UNAUTHORISED]
    # c2 pays the holder of 郑州 on 07-01 (D2); c3 the holder on 06-15 (D1)
    # amounts: 12 units × 10 = 120, 6 units × 10 = 60
    expected = pd.DataFrame(
        {"payer": ["D1", "D2"], "receiver": ["D2", "D1"], "units": [12.0, 6.0]}
    ).assign(amount=[120.0, 60.0])
    assert_frame_equal(d.fines, expected.astype({"payer": "str", "receiver": "str"}))
    assert d.incidents["incident"].tolist() == ["D1/2025-07/郑州", "D2/2025-06/郑州"]
    # D1: 12 of 24 scanned units diverted; D2: 6 of 6
    assert d.by_dealer["diversion_rate"].tolist() == [0.5, 1.0]
    assert d.flows.to_dict() == {"郑州": {"洛阳": 12, UNAUTHORISED: 6}}


def test_dealer_not_authorised_for_the_line(engine):
    # D1 holds 郑州 for 酱料 only; D3 holds 郑州 for 下饭菜
    a = auth(("D1", "郑州", "酱料", *YEAR), ("D3", "郑州", "下饭菜", *YEAR))
    s = ship(("k1", "D1", "下饭菜", "2025-02-01", 1), ("k2", "D1", "酱料", "2025-02-01", 1))
    sc = scans(("k1", "郑州", "2025-03-01"), ("k2", "郑州", "2025-03-01"))
    d = run(engine, s, sc, authorizations=a, fine_per_unit=5)
    assert d.scans["diverted"].tolist() == [True, False]  # k1 下饭菜: D1 holds none
    assert d.evidence[["code", "from_territory", "receiver"]].values.tolist() == [
        ["k1", UNAUTHORISED, "D3"]
    ]
    assert d.flows.index.tolist() == [UNAUTHORISED] and d.flows.columns.tolist() == ["郑州"]
    assert d.by_dealer.loc["D1", "fine"] == 5.0  # 1 unit × 5


def test_several_holders_split_and_nobody_holds(engine):
    # 郑州: D2 all year and D3 from March (an overlap); 兰考: nobody
    a = auth(
        ("D1", "洛阳", "酱料", *YEAR),
        ("D2", "郑州", "酱料", *YEAR),
        ("D3", "郑州", "酱料", "2025-03-01", "2025-12-31"),
    )
    s = ship(
        ("m1", "D1", "酱料", "2025-01-10", 10),
        ("m2", "D1", "酱料", "2025-01-10", 4),
        ("m3", "D1", "酱料", "2025-01-10", 6),
    )
    sc = scans(
        ("m1", "郑州", "2025-04-01"),  # D2 and D3 hold it: 5 units each
        ("m2", "兰考", "2025-04-02"),  # nobody: unassigned
        ("m3", "郑州", "2025-02-01"),  # only D2 before March
    )
    d = run(engine, s, sc, authorizations=a, fine_per_unit=20)
    # D2: 5 + 6 = 11 units × 20 = 220; D3: 5 × 20 = 100; unassigned: 4 × 20 = 80
    expected = pd.DataFrame(
        {
            "payer": ["D1", "D1", "D1"],
            "receiver": ["D2", "D3", UNASSIGNED],
            "units": [11.0, 5.0, 4.0],
            "amount": [220.0, 100.0, 80.0],
        }
    ).astype({"payer": "str", "receiver": "str"})
    assert_frame_equal(d.fines, expected)
    # incidents by dealer, month, territory: 02 郑州; 04 兰考 (U+5170) before 04 郑州 (U+90D1)
    assert d.incidents[["incident", "units", "receiver", "fine"]].values.tolist() == [
        ["D1/2025-02/郑州", 6, "D2", 120.0],
        ["D1/2025-04/兰考", 4, UNASSIGNED, 80.0],
        ["D1/2025-04/郑州", 10, "D2; D3", 200.0],
    ]
    assert d.by_dealer.loc["D1", "fine"] == 400.0  # 20 diverted units × 20 = 220 + 100 + 80
    assert d.by_dealer.loc["D1", "incidents"] == 3


@pytest.mark.parametrize("order", [slice(None), slice(None, None, -1)], ids=["given", "reversed"])
def test_first_scan_duplicates_ties_and_unknown_codes(engine, order):
    a = auth(("D1", "开封", "酱料", *YEAR))
    s = ship(("a", "D1", "酱料", "2025-02-01", 1), ("b", "D1", "酱料", "2025-02-01", 1))
    sc = scans(
        ("a", "洛阳", "2025-03-02 08:00"),
        ("a", "洛阳", "2025-03-01 10:00"),  # tie at the earliest instant ...
        ("a", "开封", "2025-03-01 10:00"),  # ... 开 (U+5F00) before 洛 (U+6D1B): this counts
        ("b", "郑州", "2025-03-05 12:00"),
        ("b", "郑州", "2025-03-05 12:00"),  # the same scan twice: a duplicate, not a tie
        ("X1", "洛阳", "2025-03-02"),
        ("X1", "郑州", "2025-03-01"),  # never shipped: first scan 郑州 on 03-01
    ).iloc[order]
    d = run(engine, s, sc, authorizations=a)
    assert d.scans[["code", "territory", "diverted"]].astype(
        {"territory": str}
    ).values.tolist() == [
        ["a", "开封", False],
        ["b", "郑州", True],
    ]
    assert d.ties == 1  # code a; b's two scans share their territory
    assert d.duplicates == 4  # a: 2, b: 1, X1: 1 (7 scans, 3 codes)
    expected = pd.DataFrame(
        {
            "code": pd.Series(["X1"], dtype="str"),
            "territory": pd.Series(["郑州"], dtype="str"),
            "first_scan": pd.Series(["2025-03-01"], dtype="datetime64[us]"),
            "scans": [2],
        }
    )
    assert_frame_equal(d.unknown_codes, expected)


def test_seed_003_case_4(engine):
    # Seed 003, 案例四: 60 bags sold into the other dealer's market, 20 yuan a bag,
    # 1,200 yuan paid to the harmed dealer. D1 (高沙片) also sold 100 bags at home;
    # D2 (城关片) 40 bags at home.
    codes = [f"F{i:03d}" for i in range(200)]
    s = pd.DataFrame(
        {
            "code": codes,
            "dealer": ["D1"] * 160 + ["D2"] * 40,
            "product_line": "饲料",
            "ship_date": "2025-05-02",
        }
    )
    sc = pd.DataFrame(
        {
            "code": codes,
            "territory": ["城关片"] * 60 + ["高沙片"] * 100 + ["城关片"] * 40,
            "scan_date": pd.date_range("2025-05-06", periods=200, freq="3h"),  # to 05-31
        }
    )
    a = auth(("D1", "高沙片", "饲料", *YEAR), ("D2", "城关片", "饲料", *YEAR))
    d = run(engine, s, sc, authorizations=a, fine_per_unit=20)
    assert_frame_equal(
        d.fines,
        pd.DataFrame(
            {"payer": ["D1"], "receiver": ["D2"], "units": [60.0], "amount": [1200.0]}
        ).astype({"payer": "str", "receiver": "str"}),
    )
    assert d.incidents[
        ["incident", "month", "units", "scans", "fine", "receiver"]
    ].values.tolist() == [["D1/2025-05/城关片", "2025-05", 60, 60, 1200.0, "D2"]]
    assert d.incidents["first_scan"].tolist() == [pd.Timestamp("2025-05-06 00:00")]
    assert d.incidents["last_scan"].tolist() == [pd.Timestamp("2025-05-13 09:00")]  # 59 × 3 h
    assert len(d.evidence) == 60
    assert d.evidence["code"].tolist() == codes[:60]
    assert set(d.evidence["incident"]) == {"D1/2025-05/城关片"}
    # D1: 60 of 160 units = 0.375 (dangerous); D2: 0 of 40
    assert d.by_dealer["diversion_rate"].tolist() == [0.375, 0.0]
    assert d.by_dealer["severity"].tolist() == ["dangerous", "normal"]
    assert d.by_dealer["fine"].tolist() == [1200.0, 0.0]
    assert veto_counts(d).to_dict() == {"D1": 1, "D2": 0}


# --- severity and rates ------------------------------------------------------------------


def severity_case() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per dealer: a home code of 100 − k units scanned at home and an away code of k
    units scanned elsewhere, k = 1, 2, 5, 6 → rates 0.01, 0.02, 0.05, 0.06; Z never
    scanned."""
    rows, scan_rows = [], []
    for dealer, k in (("N", 1), ("W2", 2), ("W5", 5), ("X", 6)):
        rows += [
            (f"{dealer}-h", dealer, "酱料", "2025-01-05", 100 - k, "H"),
            (f"{dealer}-a", dealer, "酱料", "2025-01-05", k, "H"),
        ]
        scan_rows += [(f"{dealer}-h", "H", "2025-02-01"), (f"{dealer}-a", "A", "2025-02-01")]
    rows.append(("Z-1", "Z", "酱料", "2025-01-05", 3, "H"))
    return ship(*rows), scans(*scan_rows)


@pytest.mark.parametrize(
    ("bands", "levels"),
    [
        pytest.param(
            (0.02, 0.05),
            ["normal", "watch", "watch", "dangerous", np.nan],  # 2 % and 5 % both watch
            id="decision-2-5",
        ),
        pytest.param(
            (0.01, 0.06),
            ["watch", "watch", "watch", "watch", np.nan],  # 1 % ≥ low, 6 % ≤ high
            id="bands-1-6",
        ),
    ],
)
def test_severity_edges_and_no_scans(engine, bands, levels):
    s, sc = severity_case()
    d = run(engine, s, sc, severity=bands)  # no authorizations: shipments' territory
    b = d.by_dealer
    assert b.index.tolist() == ["N", "W2", "W5", "X", "Z"]
    assert b["shipped_units"].tolist() == [100, 100, 100, 100, 3]
    assert b["scanned_units"].tolist() == [100, 100, 100, 100, 0]
    assert b["diverted_units"].tolist() == [1, 2, 5, 6, 0]
    assert_series_equal(
        b["diversion_rate"],
        pd.Series([0.01, 0.02, 0.05, 0.06, np.nan], index=b.index, name="diversion_rate"),
    )
    assert_series_equal(
        b["severity"], pd.Series(levels, index=b.index, name="severity", dtype="str")
    )


def test_territory_column_without_authorizations(engine):
    # no authorisation table: a scan outside the shipment's own territory is diverted,
    # "from" is that territory, the fine goes to whoever ships that line there
    s = ship(
        ("p1", "D1", "酱料", "2025-01-02", 2, "郑州"),
        ("p2", "D2", "酱料", "2025-01-02", 3, "洛阳"),
        ("p3", "D1", "酱料", "2025-01-02", 1, None),  # no territory: diverted, unauthorised
    )
    sc = scans(
        ("p1", "洛阳", "2025-02-01"), ("p2", "洛阳", "2025-02-01"), ("p3", "洛阳", "2025-02-02")
    )
    d = run(engine, s, sc, fine_per_unit=1)
    assert d.scans["diverted"].tolist() == [True, False, True]
    assert d.scans["from_territory"].astype(str).tolist() == ["郑州", "洛阳", UNAUTHORISED]
    assert d.fines[["payer", "receiver", "units", "amount"]].values.tolist() == [
        ["D1", "D2", 3.0, 3.0]  # 2 + 1 units into 洛阳, which D2 ships to
    ]


def test_no_diversion_gives_empty_tables(engine):
    s = ship(("q1", "D1", "酱料", "2025-01-02", 1, "郑州"))
    d = run(engine, s, scans(("q1", "郑州", "2025-02-01")))
    assert d.incidents.empty and d.evidence.empty and d.fines.empty and d.flows.empty
    assert list(d.incidents.columns)[:3] == ["incident", "dealer", "territory"]
    assert d.by_dealer.loc["D1", "severity"] == "normal"
    assert veto_counts(d).to_dict() == {"D1": 0}


# --- engines and Parquet -------------------------------------------------------------------


def hand_over_case() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    # 洛阳 is only a "from" territory and 开封 only in the authorisations; dealer D3 ships
    # but is never scanned: the categories hold what is present, whatever the engine
    a = auth(
        ("D1", "郑州", "酱料", "2025-01-01", "2025-06-30"),
        ("D1", "洛阳", "酱料", *YEAR),
        ("D2", "郑州", "酱料", "2025-07-01", "2025-12-31"),
        ("D3", "开封", "酱料", *YEAR),
    )
    s = ship(
        ("c1", "D1", "酱料", "2025-06-01", 12),
        ("c2", "D1", "酱料", "2025-06-01", 12),
        ("c3", "D2", "酱料", "2025-06-01", 6),
        ("c4", "D3", "酱料", "2025-06-01", 6),
    )
    sc = scans(
        ("c1", "郑州", "2025-06-30 23:59:59"),
        ("c2", "郑州", "2025-07-01 00:00:00"),
        ("c3", "郑州", "2025-06-15 09:00:00"),
    )
    return s, sc, {"authorizations": a, "fine_per_unit": 10}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(hand_over_case, id="hand-over"),
        pytest.param(lambda: (*severity_case(), {}), id="severity-no-authorizations"),
    ],
)
def test_hand_cases_are_the_same_in_duckdb(case):
    s, sc, options = case()
    got = detect_diversion(s, sc, engine="duckdb", **options)
    assert_same(got, detect_diversion(s, sc, engine="pandas", **options))
    assert got.scans["territory"].cat.categories.tolist() == (
        ["郑州"] if "authorizations" in options else ["A", "H"]
    )


def generated(seed: int = 11, n_codes: int = 2_500) -> dict[str, pd.DataFrame]:
    """Six dealers, each at home in one territory; a 许昌 下饭菜 hand-over on 2025-07-01;
    兰考 下饭菜 held by nobody; about 10 % of first scans planted away from home; repeat
    scans, same-instant ties and never-shipped codes."""
    rng = np.random.default_rng(seed)
    terr = ["郑州", "洛阳", "开封", "新乡", "许昌", "兰考"]
    dealers = [f"D{i}" for i in range(6)]
    lines = ["酱料", "下饭菜"]
    a = [(d, t, ln, *YEAR) for d, t in zip(dealers, terr, strict=True) for ln in lines]
    a = [r for r in a if not (r[1] in ("许昌", "兰考") and r[2] == "下饭菜")]
    a += [
        ("D4", "许昌", "下饭菜", "2025-01-01", "2025-06-30"),
        ("D1", "许昌", "下饭菜", "2025-07-01", "2025-12-31"),
    ]
    home = rng.integers(0, 6, n_codes)
    ship_day = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 320, n_codes), "D")
    shipments = pd.DataFrame(
        {
            "code": [f"C{i:05d}" for i in range(n_codes)],
            "dealer": np.array(dealers)[home],
            "product_line": np.array(lines)[rng.integers(0, 2, n_codes)],
            "ship_date": ship_day,
            "quantity": rng.choice([1, 6, 12], n_codes),
            "territory": np.array(terr)[home],
        }
    )
    scanned = np.flatnonzero(rng.random(n_codes) < 0.85)
    away = rng.random(len(scanned)) < 0.10  # planted diversion
    where = np.where(away, (home[scanned] + rng.integers(1, 6, len(scanned))) % 6, home[scanned])
    when = ship_day[scanned] + pd.to_timedelta(rng.integers(24, 24 * 40, len(scanned)), "h")
    first = pd.DataFrame(
        {"code": shipments["code"].to_numpy()[scanned], "territory": np.array(terr)[where]}
    ).assign(scan_date=when)
    again = first.sample(frac=0.3, random_state=rng.integers(2**31)).assign(
        territory=lambda f: np.array(terr)[rng.integers(0, 6, len(f))],
        scan_date=lambda f: f["scan_date"] + pd.to_timedelta(rng.integers(0, 200, len(f)), "h"),
    )  # repeats: some at the very same instant (0 h), in any territory
    unknown = pd.DataFrame(
        {
            "code": [f"X{i:03d}" for i in rng.integers(0, 30, 40)],
            "territory": np.array(terr)[rng.integers(0, 6, 40)],
            "scan_date": pd.Timestamp("2025-06-01")
            + pd.to_timedelta(rng.integers(0, 900, 40), "h"),
        }
    )
    scan_rows = pd.concat([first, again, unknown], ignore_index=True)
    scan_rows = scan_rows.sample(frac=1.0, random_state=rng.integers(2**31), ignore_index=True)
    scan_rows["scan_date"] = scan_rows["scan_date"].astype("datetime64[us]")
    return {"shipments": shipments, "scans": scan_rows, "authorizations": auth(*a)}


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return generated()


@pytest.fixture(scope="module")
def reference(data) -> Diversion:
    return detect_diversion(
        data["shipments"],
        data["scans"],
        authorizations=data["authorizations"],
        fine_per_unit=20,
        engine="pandas",
    )


def assert_same(got: Diversion, expected: Diversion) -> None:
    for name in TABLES:
        assert_frame_equal(getattr(got, name), getattr(expected, name), obj=name)
    assert (got.ties, got.duplicates) == (expected.ties, expected.duplicates)


def test_generated_data_has_what_was_planted(reference):
    d = reference
    assert d.ties >= 1 and d.duplicates > 600 and len(d.unknown_codes) > 10
    share = d.scans["diverted"].mean()
    assert 0.08 < share < 0.30  # ~10 % planted away, plus D4's 下饭菜 at home after July
    assert (d.fines["receiver"] == UNASSIGNED).any()  # 兰考 下饭菜 has no holder
    handed = d.scans[(d.scans["dealer"] == "D4") & (d.scans["product_line"] == "下饭菜")]
    home_after = handed[(handed["territory"] == "许昌") & (handed["scan_date"] >= "2025-07-01")]
    assert len(home_after) and home_after["diverted"].all()
    assert d.scans["code"].is_monotonic_increasing
    assert d.scans["dealer"].dtype == "category"


DASK = pytest.param("dask", marks=pytest.mark.slow)  # starts a LocalCluster


def _client_for(engine_name: str, request):
    """The Dask client for engine "dask" (the cluster starts then, once), else None."""
    return request.getfixturevalue("dask_client") if engine_name == "dask" else None


@pytest.mark.parametrize("engine_name", ["duckdb", DASK])
def test_engines_give_identical_tables(data, reference, engine_name, request):
    got = detect_diversion(
        data["shipments"],
        data["scans"],
        authorizations=data["authorizations"],
        fine_per_unit=20,
        engine=engine_name,
        client=_client_for(engine_name, request),
    )
    assert got.engine == engine_name
    assert_same(got, reference)


@pytest.mark.slow
def test_dask_with_a_scheduler_address(data, reference, dask_client):
    got = detect_diversion(
        data["shipments"],
        data["scans"],
        authorizations=data["authorizations"],
        fine_per_unit=20,
        engine="dask",
        client=dask_client.scheduler.address,
    )
    assert_same(got, reference)


def test_row_order_does_not_matter(data, reference):
    shuffled = data["scans"].iloc[::-1].reset_index(drop=True)
    got = detect_diversion(
        data["shipments"].iloc[::-1],
        shuffled,
        authorizations=data["authorizations"],
        fine_per_unit=20,
    )
    assert_same(got, reference)


@pytest.fixture(scope="module")
def parquet(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("parquet")
    paths = {}
    for table in ("shipments", "scans"):
        paths[table] = str(folder / f"{table}.parquet")
        data[table].to_parquet(paths[table], index=False)
    return paths


@pytest.mark.parametrize("engine_name", ["duckdb", "pandas", DASK])
def test_parquet_paths_give_the_frames_result(parquet, data, reference, engine_name, request):
    got = detect_diversion(
        parquet["shipments"],
        parquet["scans"],
        authorizations=data["authorizations"],
        fine_per_unit=20,
        engine=engine_name,
        client=_client_for(engine_name, request),
    )
    assert_same(got, reference)


# --- refused input -------------------------------------------------------------------------


def write(path, columns: dict[str, pa.Array]) -> str:
    pq.write_table(pa.table(columns), path)
    return str(path)


GOOD_SHIP = {
    "code": pa.array(["a", "b", "c"]),
    "dealer": pa.array(["D1"] * 3),
    "product_line": pa.array(["酱料"] * 3),
    "ship_date": pa.array(["2025-01-02"] * 3).cast(pa.timestamp("us")),
    "territory": pa.array(["郑州"] * 3),
}
GOOD_SCANS = {
    "code": pa.array(["a", "b", "c"]),
    "territory": pa.array(["郑州", "洛阳", "郑州"]),
    "scan_date": pa.array(["2025-02-01", "2025-02-02", "2025-02-03"]),
}


@pytest.mark.parametrize(
    ("table", "change", "message"),
    [
        pytest.param(
            "scans",
            {"scan_date": pa.array(["2025-02-01", "2025-02-02", "2025-02-31"])},
            r"scans \(.*\), record 3, column scan_date: \"2025-02-31\" is not a date",
            id="text-not-a-date",
        ),
        pytest.param(
            "scans",
            {"scan_date": pa.array([20250201, 20250202, 20250203])},
            r"scans \(.*\), column scan_date: stored as BIGINT \(first value 20250201\); "
            r"expected a date",
            id="date-stored-as-number",
        ),
        pytest.param(
            "scans",
            {"territory": pa.array(["郑州", None, "郑州"])},
            r"scans \(.*\), record 2, column territory: blank \(1 blank cell\(s\)\)",
            id="blank-territory",
        ),
        pytest.param(
            "shipments",
            {"quantity": pa.array(["24", "many", "12"])},
            r"shipments \(.*\), record 2, column quantity: \"many\" is not a whole number ≥ 1",
            id="quantity-not-a-number",
        ),
        pytest.param(
            "shipments",
            {"quantity": pa.array([24.0, 2.5, 12.0])},
            r"record 2, column quantity: 2.5 is not a whole number ≥ 1",
            id="quantity-not-whole",
        ),
        pytest.param(
            "shipments",
            {"code": pa.array(["a", "b", "a"])},
            r"shipments \(.*\), column code: \"a\" is shipped more than once",
            id="code-shipped-twice",
        ),
        pytest.param(
            "scans",
            {"scan_date": None},
            r"scans \(.*\): missing column\(s\) scan_date; required: code, territory, scan_date",
            id="missing-column",
        ),
    ],
)
def test_malformed_parquet_is_refused(tmp_path, table, change, message, engine):
    cols = {"shipments": dict(GOOD_SHIP), "scans": dict(GOOD_SCANS)}
    for col, values in change.items():
        if values is None:
            del cols[table][col]
        else:
            cols[table][col] = values
    s = write(tmp_path / "shipments.parquet", cols["shipments"])
    sc = write(tmp_path / "scans.parquet", cols["scans"])
    with pytest.raises(InputDataError, match=message):
        detect_diversion(s, sc, engine=engine)


def test_good_parquet_is_read(tmp_path):
    s = write(tmp_path / "shipments.parquet", GOOD_SHIP)
    sc = write(tmp_path / "scans.parquet", GOOD_SCANS)
    d = detect_diversion(s, sc)  # text dates are read as dates; no quantity: 1 each
    assert d.scans["diverted"].tolist() == [False, True, False]
    assert d.by_dealer.loc["D1", "shipped_units"] == 3


S_OK = ship(("a", "D1", "酱料", "2025-01-02", 1, "郑州"))
SC_OK = scans(("a", "郑州", "2025-02-01"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: detect_diversion(S_OK.drop(columns="territory"), SC_OK),
            r"authorizations is None and shipments has no territory column",
            id="no-territory-rule",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK.drop(columns="dealer"), SC_OK),
            r"shipments: missing column\(s\) dealer; required: code, dealer, product_line",
            id="missing-column",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK.assign(scan_date=["31.02.2025"])),
            r"scans, row 0, column scan_date: \"31.02.2025\" is not a date",
            id="bad-date",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK.assign(quantity=[0]), SC_OK),
            r"shipments, row 0, column quantity: 0 is not a whole number ≥ 1",
            id="zero-quantity",
        ),
        pytest.param(
            lambda: detect_diversion(pd.concat([S_OK, S_OK]), SC_OK),
            r"shipments, column code: \"a\" is shipped more than once",
            id="code-twice",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK.assign(code=[" "])),
            r"scans, row 0, column code: blank",
            id="blank-code",
        ),
        pytest.param(
            lambda: detect_diversion(
                S_OK, SC_OK, authorizations=auth(("D1", "郑州", "酱料", "2025-07-01", "2025-06-30"))
            ),
            r"authorizations, row 0: end 2025-06-30 is before start 2025-07-01",
            id="end-before-start",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK, engine="spark"),
            r"engine must be one of 'duckdb', 'pandas', 'dask'; got \"spark\"",
            id="engine",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK, severity=(0.05, 0.02)),
            r"severity must be \(low, high\) rates with 0 ≤ low < high ≤ 1",
            id="severity",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK, fine_per_unit=-20),
            r"fine_per_unit must be a number ≥ 0",
            id="negative-fine",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK, client="tcp://127.0.0.1:8786"),
            r'client is used only with engine="dask"',
            id="client-without-dask",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, SC_OK, memory_limit="lots"),
            r'memory_limit must be a size DuckDB reads, e.g. "4GB"; got \'lots\'',
            id="memory-limit",
        ),
        pytest.param(
            lambda: detect_diversion(S_OK, "/nonexistent/scans.parquet"),
            r"scans: no Parquet file at '/nonexistent/scans.parquet'",
            id="no-file",
        ),
        pytest.param(
            lambda: veto_counts(pd.DataFrame()),
            r"veto_counts: expected the result of detect_diversion; got DataFrame",
            id="veto-counts",
        ),
    ],
)
def test_bad_input_is_refused(call, message):
    with pytest.raises(InputDataError, match=message):
        call()


def test_inputs_are_not_changed(data):
    before = {k: v.copy() for k, v in data.items()}
    detect_diversion(
        data["shipments"], data["scans"], authorizations=data["authorizations"], engine="pandas"
    )
    for k, v in data.items():
        assert_frame_equal(v, before[k])


def test_memory_limit_in_bytes_is_accepted():
    d = detect_diversion(S_OK, SC_OK, memory_limit=512 * 2**20)
    assert d.engine == "duckdb" and d.scans["diverted"].tolist() == [False]
