"""The seeded sample clients: deterministic, complete, internally consistent, patterns planted.

Every check recomputes what it needs with plain pandas from the generated frames; none of
them reads the generator's internals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chananalysis import load_client, validate_client
from chananalysis.intake.columns import ENUMS, SHEETS
from chananalysis.samples import CLIENTS, generate, main, planted, write_samples

SMALL = 3_000  # scans per client for the quick tests


@pytest.fixture(scope="module")
def small() -> dict[str, dict[str, pd.DataFrame]]:
    return {name: generate(name, scans=SMALL) for name in CLIENTS}


@pytest.fixture(scope="module")
def full() -> dict[str, dict[str, pd.DataFrame]]:
    """Each client at its default size (seasoning: 200,000 scans)."""
    return {name: generate(name) for name in CLIENTS}


def diversion(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """First scan of each shipped code with ``diverted``: scanned outside every territory
    its dealer was authorised for, for that product line, on the scan date."""
    ship, scans, auth = frames["shipments"], frames["scans"], frames["authorizations"]
    first = scans.drop_duplicates("code", keep="first")
    known = first.merge(ship.drop(columns="territory"), on="code", how="inner")
    pairs = known.reset_index().merge(
        auth, on=["dealer", "product_line"], how="left", suffixes=("", "_auth")
    )
    ok = (
        pairs["territory"].eq(pairs["territory_auth"])
        & pairs["start"].le(pairs["scan_date"])
        & pairs["scan_date"].le(pairs["end"])
    )
    known["diverted"] = ~ok.groupby(pairs["index"]).any().reindex(known.index).to_numpy()
    return known


def holders(auth: pd.DataFrame, territory: str, line: str, day: str) -> set[str]:
    a = auth[
        (auth["territory"] == territory)
        & (auth["product_line"] == line)
        & (auth["start"] <= day)
        & (auth["end"] >= day)
    ]
    return set(a["dealer"])


def classes(annual: pd.Series) -> pd.Series:
    return pd.Series(
        np.select([annual >= 10e6, annual >= 3e6, annual >= 1e6], ["A", "B", "C"], "D"),
        index=annual.index,
    )


# --- determinism and size ------------------------------------------------------------------


@pytest.mark.parametrize("name", CLIENTS)
def test_same_seed_same_frames(name, small):
    again = generate(name, scans=SMALL)
    for key in SHEETS:
        pd.testing.assert_frame_equal(small[name][key], again[key], obj=f"{name}.{key}")


def test_other_seed_other_frames(small):
    other = generate("feed", seed=7, scans=SMALL)
    assert not other["dealers"]["annual_sales"].equals(small["feed"]["dealers"]["annual_sales"])
    assert not other["scans"]["code"].equals(small["feed"]["scans"]["code"])


@pytest.mark.parametrize("name", CLIENTS)
def test_scans_option_scales_scans_only(name, small):
    big = generate(name, scans=2 * SMALL)
    assert len(small[name]["scans"]) == SMALL
    assert len(big["scans"]) == 2 * SMALL
    assert 1.7 < len(big["shipments"]) / len(small[name]["shipments"]) < 2.3
    for key in ("dealers", "dealer_channel_sales", "authorizations", "price_observations"):
        pd.testing.assert_frame_equal(small[name][key], big[key])


def test_default_sizes(full):
    assert len(full["seasoning"]["scans"]) >= 200_000
    assert len(full["cosmetics"]["scans"]) == 20_000
    assert len(full["feed"]["scans"]) == 10_000
    assert len(full["seasoning"]["dealers"]) >= 60
    assert 20 <= len(full["cosmetics"]["dealers"]) <= 30
    assert 25 <= len(full["feed"]["dealers"]) <= 35


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown sample client"):
        generate("bakery")
    with pytest.raises(ValueError, match="at least 50"):
        generate("feed", scans=10)


# --- every sheet, every value valid for its kind ---------------------------------------------


@pytest.mark.parametrize("name", CLIENTS)
def test_every_sheet_with_its_columns(name, small):
    frames = small[name]
    assert list(frames) == list(SHEETS)
    client = frames["client"]
    assert list(client.columns) == ["field", "value"]
    assert list(client["field"]) == [c.key for c in SHEETS["client"].columns]
    info = dict(zip(client["field"], client["value"], strict=True))
    assert info["period"] == "2025"
    assert info["period_start"] == pd.Timestamp("2025-01-01")
    assert info["period_end"] == pd.Timestamp("2025-12-31")
    for key, sheet in SHEETS.items():
        frame = frames[key]
        assert len(frame) > 0, key
        if sheet.layout == "fields":
            continue
        assert set(frame.columns) <= {c.key for c in sheet.columns}, key
        assert {c.key for c in sheet.columns if c.required} <= set(frame.columns), key


@pytest.mark.parametrize("name", CLIENTS)
def test_values_fit_their_kinds(name, small):
    for key, sheet in SHEETS.items():
        if sheet.layout == "fields":
            continue
        frame = small[name][key]
        for col in sheet.columns:
            if col.key not in frame:
                continue
            s = frame[col.key]
            where = f"{name}.{key}.{col.key}"
            if col.required:
                assert s.notna().all(), where
            v = s.dropna()
            if col.kind in ("amount", "count", "rate", "score", "signed"):
                num = pd.to_numeric(v)
                if col.kind != "signed":
                    assert (num >= 0).all(), where
                if col.kind == "count":
                    assert (num == np.floor(num)).all(), where
                if col.kind == "rate":
                    assert (num <= 1).all(), where
                if col.kind == "score":
                    assert (num <= 100).all(), where
            elif col.kind == "bool":
                assert pd.api.types.is_bool_dtype(s), where
            elif col.kind == "enum":
                assert v.isin(ENUMS[col.enum].keys).all(), where
            elif col.kind == "date":
                assert pd.api.types.is_datetime64_any_dtype(s), where
                assert v.dt.year.eq(2025).all(), where
            else:
                assert v.map(lambda x: isinstance(x, str) and x.strip() != "").all(), where
                if col.kind == "list":
                    assert not v.str.contains(r";;|^;|;$").any(), where


# --- internal consistency --------------------------------------------------------------------


@pytest.mark.parametrize("name", CLIENTS)
def test_references_resolve(name, small):
    f = small[name]
    channels = f["channels"]["channel"]
    assert channels.is_unique and len(channels) >= 2
    dealers = set(f["dealers"]["dealer"])
    assert f["dealers"]["dealer"].is_unique
    for key in (
        "dealer_channel_sales",
        "dealer_kpis",
        "financials",
        "authorizations",
        "shipments",
        "inventory",
    ):
        assert set(f[key]["dealer"]) <= dealers, key
    for key in ("dealer_kpis", "financials"):
        assert set(f[key]["dealer"]) == dealers, key  # every dealer has a record
    for key in ("channel_importance", "dealer_channel_sales", "price_observations", "scans"):
        assert set(f[key]["channel"]) <= set(channels), key
    assert set(f["channel_importance"]["channel"]) == set(channels)
    territories = set(f["territories"]["territory"])
    assert f["territories"]["territory"].is_unique
    for key in ("dealers", "authorizations", "shipments", "scans", "price_observations"):
        assert set(f[key]["territory"]) <= territories, key
    neighbours = f["territories"].set_index("territory")["neighbours"].str.split(";")
    for t, nbs in neighbours.items():
        assert set(nbs) <= territories and t not in nbs
        for other in nbs:  # adjacency is symmetric
            assert t in neighbours[other]
    assert set(f["price_observations"]["product"]) <= set(f["price_ladder"]["product"])
    lines = set(f["authorizations"]["product_line"])
    assert set(f["shipments"]["product_line"]) <= lines


@pytest.mark.parametrize("name", CLIENTS)
def test_money_adds_up(name, small):
    f = small[name]
    dealers = f["dealers"].set_index("dealer")
    brand = f["dealer_channel_sales"].groupby("dealer")["sales"].sum()
    assert (brand <= dealers["annual_sales"].reindex(brand.index)).all()
    by_channel = f["dealer_channel_sales"].groupby("channel")["sales"].sum()
    sales = f["channels"].set_index("channel")["sales"]
    assert (by_channel <= sales.reindex(by_channel.index) * 1.001).all()
    kpis = f["dealer_kpis"].set_index("dealer")
    assert np.allclose(kpis["actual_sales"], brand.reindex(kpis.index).fillna(0))
    assert (kpis["active_outlets"] <= kpis["outlets_in_area"]).all()
    assert (kpis["compliant_stores"] <= kpis["audited_stores"]).all()
    fin = f["financials"].set_index("dealer")
    assert np.allclose(fin["net_sales"], dealers["annual_sales"].reindex(fin.index))
    assert np.allclose(fin["net_assets"], fin["total_assets"] - fin["total_liabilities"])
    assert (fin["current_assets"] <= fin["total_assets"]).all()
    assert (fin["inventory"] <= fin["current_assets"]).all()
    assert (fin["current_liabilities"] <= fin["total_liabilities"]).all()
    assert (fin["net_profit"] < 0).any() and (fin["current_liabilities"] == 0).sum() == 1
    assert (fin["net_assets"] < 0).any()


@pytest.mark.parametrize("name", CLIENTS)
def test_dates_codes_ladders_tiers(name, small):
    f = small[name]
    auth = f["authorizations"]
    assert (auth["end"] >= auth["start"]).all()
    assert not auth.duplicated(["dealer", "territory", "product_line", "start"]).any()
    ship, scans = f["shipments"], f["scans"]
    assert ship["code"].is_unique
    assert (ship["quantity"] >= 1).all()
    both = scans.merge(ship[["code", "ship_date"]], on="code", how="inner")
    assert (both["scan_date"] >= both["ship_date"]).all()
    tiers = f["rebate_tiers"]["threshold"]
    assert tiers.iloc[0] == 0 and tiers.is_monotonic_increasing and tiers.is_unique
    ladder = f["price_ladder"]
    order = {lv: k for k, lv in enumerate(ENUMS["ladder_level"].keys)}
    for product, rows in ladder.groupby("product"):
        rows = rows.sort_values("level", key=lambda s: s.map(order))
        assert list(rows["level"]) == ["factory", "level1", "level2", "retail"], product
        assert rows["price"].is_monotonic_increasing, product
    assert ladder["product"].nunique() >= 3
    assert f["dealers"]["annual_sales"].pipe(classes).nunique() >= 3


@pytest.mark.parametrize("name", CLIENTS)
def test_inventory_matches_shipments(name, small):
    f = small[name]
    inv, ship = f["inventory"], f["shipments"]
    bought = inv.groupby(["dealer", "period"])["purchases"].sum()
    shipped = (
        ship.assign(period=ship["ship_date"].dt.strftime("%Y-%m"))
        .groupby(["dealer", "period"])["quantity"]
        .sum()
    )
    shipped = shipped[shipped.index.get_level_values("dealer").isin(inv["dealer"])]
    pd.testing.assert_series_equal(
        bought[bought > 0], shipped.astype(float), check_names=False, check_index_type=False
    )
    gap = inv["opening"] + inv["purchases"] - inv["sales"] - inv["closing"]
    assert 1 <= (gap != 0).sum() <= 0.05 * len(inv)
    chain = inv.groupby(["dealer", "sku"])
    assert (
        chain["opening"].shift(-1).dropna()
        == inv.loc[chain["opening"].shift(-1).dropna().index, "closing"]
    ).all()


# --- planted patterns ------------------------------------------------------------------------


def test_seasoning_patterns(full):
    f = full["seasoning"]
    assert list(f["channels"]["channel"]) == [
        "KA卖场",
        "流通批发",
        "校园特通",
        "餐饮",
        "电商",
        "便利连锁",
    ]
    ch = f["channels"].set_index("channel")
    profit = ch["sales"] * (1 - ch["variable_cost_rate"]) - ch["fixed_cost"]
    assert profit.idxmax() == "流通批发" and profit["便利连锁"] < 0
    growth = ch["sales"] / ch["sales_prev"]
    assert growth.idxmax() == "电商" and growth["电商"] > 1.5
    assert ch["sales"].idxmin() == "校园特通"

    auth = f["authorizations"]
    assert len(holders(auth, "郑州", "酱料", "2025-05-15")) == 2  # overlap
    assert holders(auth, "兰考", "下饭菜", "2025-05-15") == set()  # blind spot
    assert holders(auth, "信阳", "酱料", "2025-11-15") == set()  # contract not renewed
    before = holders(auth, "洛阳", "下饭菜", "2025-06-30")
    after = holders(auth, "洛阳", "下饭菜", "2025-07-01")
    assert len(before) == len(after) == 1 and before != after  # mid-year hand-over

    scans = diversion(f)
    units = scans["quantity"]
    rate = (units * scans["diverted"]).sum() / units.sum()
    assert 0.015 < rate < 0.05
    by_dealer = (units * scans["diverted"]).groupby(scans["dealer"]).sum()
    top = by_dealer.idxmax()
    dealers = f["dealers"].set_index("dealer")
    assert dealers.loc[top, "province"] == "河南"
    provinces = f["territories"].set_index("territory")["province"]
    dest = scans[scans["diverted"] & scans["dealer"].eq(top)]["territory"].map(provinces)
    assert (dest == "山东").mean() > 0.95
    assert f["dealer_kpis"].set_index("dealer").loc[top, "diversion_complaints"] >= 3
    assert scans["code"].is_unique
    assert f["scans"]["code"].duplicated().sum() > 50
    assert (~f["scans"]["code"].isin(f["shipments"]["code"])).sum() > 20

    obs = f["price_observations"].merge(
        f["price_ladder"], on=["product", "level"], suffixes=("", "_floor")
    )
    dumped = obs[obs["price"] < obs["price_floor"]]
    assert dumped["territory"].isin(["菏泽", "单县", "曹县"]).sum() >= 30
    terr = f["territories"].set_index("territory")
    net = terr["list_price"] * (1 - terr["rebate_rate"] - terr["expense_allowance_rate"])
    assert net["菏泽"] - net["商丘"] > terr.loc["商丘", "freight_per_unit"]


def test_cosmetics_patterns(full):
    f = full["cosmetics"]
    dealers = f["dealers"].set_index("dealer")
    kpis = f["dealer_kpis"].set_index("dealer")
    a = dealers[classes(dealers["annual_sales"]) == "A"]
    weak = a[(a["loyalty"] < 50) & (a["terminal_service"] < 60)]
    assert len(weak) >= 2
    assert (kpis.loc[weak.index, "diversion_complaints"] >= 2).all()
    assert (
        kpis.loc[weak.index, "actual_sales"] < kpis.loc[weak.index, "contract_sales"] * 0.85
    ).all()
    terr = f["territories"].set_index("territory")
    assert terr.loc["石家庄", "expense_allowance_rate"] == 0.04
    assert terr.loc["徐州", "expense_allowance_rate"] == 0.15
    scans = diversion(f)
    xuzhou = scans[
        scans["diverted"] & scans["dealer"].isin(dealers.index[dealers["territory"] == "徐州"])
    ]
    assert (xuzhou["territory"].map(terr["province"]) == "河北").mean() > 0.9
    assert len(xuzhou) > 100


def test_feed_patterns(full):
    f = full["feed"]
    terr = f["territories"].set_index("territory")
    rates = terr["expense_allowance_rate"]
    pairs = [(t, n) for t, nbs in terr["neighbours"].str.split(";").items() for n in nbs]
    assert any(rates[t] == 0.04 and rates[n] == 0.15 for t, n in pairs)
    assert (f["shipments"]["quantity"] == 1).all()  # one code per bag
    scans = diversion(f)
    home = f["dealers"].set_index("dealer")["territory"]
    dongkou = ["洞口县高沙片", "洞口县城关片"]
    gaosha, chengguan = (home.index[home == t][0] for t in dongkou)
    div = scans[scans["diverted"]].assign(month=lambda d: d["scan_date"].dt.month)
    may = div[(div["dealer"] == gaosha) & (div["territory"] == dongkou[1]) & (div["month"] == 5)]
    assert may["quantity"].sum() == 60  # the seed's 60 bags
    back = div[(div["dealer"] == chengguan) & (div["territory"] == dongkou[0])]
    assert back["month"].between(1, 3).all() and len(back) > 0
    assert not div[div["dealer"].isin([gaosha, chengguan]) & div["month"].ge(6)].size
    assert f["channels"].set_index("channel").loc["电商直销", "sales_prev"] == 0  # new


def test_planted_summary_names_real_dealers(small):
    for name in CLIENTS:
        info = planted(name)
        dealers = set(small[name]["dealers"]["dealer"])
        assert {x["dealer"] for x in info["flows"] + info["incidents"]} <= dealers
        assert set(info["complaints"]) <= dealers


# --- writing ---------------------------------------------------------------------------------


def test_written_folders_load_clean(tmp_path):
    paths = write_samples(tmp_path, scans=300)
    assert [p.name for p in paths] == list(CLIENTS)
    files = {p.name: sorted(x.name for x in p.iterdir()) for p in paths}
    assert files["seasoning"] == ["client.xlsx", "scans.parquet", "shipments.parquet"]
    assert files["cosmetics"] == ["client.xlsx", "scans.csv"]
    assert files["feed"] == ["client.xlsx", "scans.parquet"]
    for p in paths:
        assert validate_client(p) == [], p.name
    frames = generate("seasoning", scans=300)
    data = load_client(paths[0])
    for key in ("dealers", "authorizations", "scans", "inventory"):
        pd.testing.assert_frame_equal(
            getattr(data, key)[frames[key].columns], frames[key], check_dtype=False, obj=key
        )


def test_command_line(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--scans", "200", "--only", "feed"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["feed"]
    assert "feed" in capsys.readouterr().out
    assert len(pd.read_parquet(tmp_path / "feed" / "scans.parquet")) == 200
