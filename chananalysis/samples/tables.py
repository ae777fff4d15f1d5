"""Every intake sheet of a sample client, generated from its plan with seeded random streams."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chananalysis.intake.columns import SHEETS
from chananalysis.samples.codes import _codes, _dates
from chananalysis.samples.plans import (
    _CLASS_RANGE,
    _DAYS,
    _LEVELS,
    _MONTH_OF_DAY,
    _SPECS,
    CLIENTS,
    DEFAULT_SEED,
    YEAR,
    _neighbours,
    _Region,
    _Spec,
)

# --- generation ----------------------------------------------------------------------------


def generate(
    name: str, *, seed: int = DEFAULT_SEED, scans: int | None = None
) -> dict[str, pd.DataFrame]:
    """Generate one sample client: a DataFrame per intake sheet.

    Parameters
    ----------
    name
        One of `CLIENTS`: ``"seasoning"``, ``"cosmetics"`` or ``"feed"``.
    seed
        Seed of ``numpy.random.default_rng``; the client's number is mixed in. The same
        seed gives identical frames.
    scans
        Number of rows of the ``scans`` sheet (default: 200,000 for seasoning, 20,000 for
        cosmetics, 10,000 for feed; at least 50). Shipments grow with it; planted
        fixed-size incidents are scaled in proportion. Only ``shipments``, ``scans`` and
        ``inventory`` depend on it.

    Returns
    -------
    dict of str to DataFrame
        Keyed by the sheet keys of `chananalysis.intake.columns.SHEETS` (all of them), columns
        named by English keys; ``client`` has the columns ``field, value``.

    Examples
    --------
    >>> frames = generate("cosmetics", scans=500)
    >>> len(frames["channels"]) >= 2
    True
    >>> frames["client"].set_index("field").loc["period", "value"]
    '2025'
    """
    if name not in _SPECS:
        raise ValueError(f'unknown sample client "{name}"; choose from {", ".join(CLIENTS)}')
    spec = _SPECS[name]
    n_scans = spec.scans if scans is None else int(scans)
    if n_scans < 50:
        raise ValueError(f"scans must be at least 50; got {n_scans}")
    root = np.random.default_rng([seed, spec.number])
    r_dealer, r_kpi, r_code, r_price, r_inv = root.spawn(5)

    out: dict[str, pd.DataFrame] = {}
    out["client"] = _client(spec)
    out["channels"] = _channels(spec)
    out["channel_importance"] = _importance(spec)
    dealers, tags, dcs = _dealers(spec, r_dealer)
    out["dealers"] = dealers
    out["dealer_channel_sales"] = dcs
    out["dealer_kpis"] = _kpis(spec, dealers, dcs, tags, r_kpi)
    out["financials"] = _financials(spec, dealers, r_kpi)
    auth = _authorizations(spec, dealers, tags)
    out["authorizations"] = auth
    out["territories"] = _territories(spec, r_price)
    ship, scan = _codes(spec, dealers, tags, dcs, auth, n_scans, r_code)
    out["shipments"] = ship
    out["scans"] = scan
    ladder = _ladder(spec)
    out["price_ladder"] = ladder
    out["price_observations"] = _observations(spec, dealers, r_price)
    out["inventory"] = _inventory(spec, dealers, tags, auth, ship, r_inv)
    out["rebate_tiers"] = pd.DataFrame(list(spec.rebate_tiers), columns=["threshold", "rate"])
    return {k: out[k].reset_index(drop=True) for k in SHEETS}


def _client(spec: _Spec) -> pd.DataFrame:
    info = dict(spec.info)
    info["period_start"] = pd.Timestamp(f"{YEAR}-01-01")
    info["period_end"] = pd.Timestamp(f"{YEAR}-12-31")
    keys = [c.key for c in SHEETS["client"].columns]
    return pd.DataFrame({"field": keys, "value": pd.Series([info[k] for k in keys], dtype=object)})


def _channels(spec: _Spec) -> pd.DataFrame:
    rows = []
    for ch in spec.channels:
        cost = ch.variable_cost_rate * ch.sales + ch.fixed_cost
        promo = _round(cost * ch.promo_share, 1000)
        other = _round(cost * 0.12, 1000)
        rows.append(
            {
                "channel": ch.name,
                "sales": ch.sales,
                "sales_prev": ch.sales_prev,
                "variable_cost_rate": ch.variable_cost_rate,
                "fixed_cost": ch.fixed_cost,
                "levels": ch.levels,
                "expense_sales_mgmt": _round(cost, 1000) - promo - other,
                "expense_promotion": promo,
                "expense_other": other,
                # A channel new this period has no base: its launch target is set on sales.
                "target": _round((ch.sales_prev or ch.sales) * (1 + ch.target_growth), 10_000),
            }
        )
    return pd.DataFrame(rows)


def _importance(spec: _Spec) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"channel": ch, **dict(zip("ABCD", lv, strict=True))}
            for ch, lv in spec.importance.items()
        ]
    )


def _territory_table(spec: _Spec) -> dict[str, _Region]:
    return {t: r for r in spec.regions for t in r.territories}


def _short(territory: str) -> str:
    t = territory.replace("县", "").replace("片", "").replace("市区", "")
    return t[:-1] if t.endswith("市") and len(t) > 2 else t


def _dealers(
    spec: _Spec, rng: np.random.Generator
) -> tuple[pd.DataFrame, dict[str, int], pd.DataFrame]:
    plans = spec.dealers
    n = len(plans)
    ids = [f"D{i + 1:03d}" for i in range(n)]
    tags = {p.tag: i for i, p in enumerate(plans) if p.tag}
    regions = _territory_table(spec)
    klass = np.array([p.klass for p in plans])
    lo = np.array([_CLASS_RANGE[k][0] for k in klass])
    hi = np.array([_CLASS_RANGE[k][1] for k in klass])
    annual = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    annual = np.round(annual / 10_000) * 10_000

    # Brand sales by dealer and channel: a perturbed profile mix, fitted (IPF) to the
    # dealer-routed part of each channel's sales.
    chans = [c.name for c in spec.channels]
    routed = np.array([c.sales * c.routed for c in spec.channels])
    prior = np.zeros((n, len(chans)))
    for i, p in enumerate(plans):
        w = np.array([spec.profiles[p.profile].get(c, 0.0) for c in chans])
        draw = np.zeros_like(w)
        draw[w > 0] = rng.gamma(40 * w[w > 0], 1.0)
        prior[i] = draw / draw.sum()
    share = np.array([spec.brand_share[k] for k in klass]) * rng.uniform(0.75, 1.25, n)
    for i, p in enumerate(plans):
        if p.weak:  # a big logistics house: the brand is a small line among many
            share[i] *= 0.6
        if p.tag and any(a[0] == p.tag for a in spec.auth_add) and not p.lines:
            share[i] *= 0.5  # authorised for half a year only
    brand = annual * share
    factor = routed.sum() / brand.sum()
    brand *= factor
    if (brand > 0.95 * annual).any():
        raise AssertionError(
            f"{spec.name}: brand sales exceed 95 % of a dealer's sales: "
            f"max share {(brand / annual).max():.2f}, factor {factor:.2f}"
        )
    m = prior * brand[:, None]
    for _ in range(300):
        col = m.sum(axis=0)
        m *= np.divide(routed, col, out=np.zeros_like(col), where=col > 0)[None, :]
        m *= (brand / m.sum(axis=1))[:, None]
    m = np.round(m / 1000) * 1000
    rows = [(ids[i], chans[k], m[i, k]) for i in range(n) for k in range(len(chans)) if m[i, k] > 0]
    dcs = pd.DataFrame(rows, columns=["dealer", "channel", "sales"])

    # Census and capability records.
    def by_class(table: dict[str, tuple[float, float]], integer: bool = True) -> np.ndarray:
        a = np.array([table[k][0] for k in klass])
        b = np.array([table[k][1] for k in klass])
        v = rng.uniform(a, b)
        return np.round(v) if integer else v

    outlets = by_class({"A": (900, 3000), "B": (350, 1000), "C": (120, 400), "D": (30, 130)})
    staff = by_class({"A": (35, 120), "B": (12, 40), "C": (5, 15), "D": (2, 6)})
    warehouse = np.round(
        by_class({"A": (2000, 8000), "B": (600, 2000), "C": (200, 700), "D": (60, 220)}), -1
    )
    vehicles = by_class({"A": (10, 30), "B": (4, 10), "C": (2, 4), "D": (1, 2)})
    capital = np.round(annual * rng.uniform(0.12, 0.3, n), -4)
    base = {"A": 78, "B": 74, "C": 68, "D": 62}
    mean = np.array([base[k] for k in klass], dtype=float)

    def score(shift: float = 0.0, sd: float = 8.0) -> np.ndarray:
        return np.clip(np.round(rng.normal(mean + shift, sd)), 20, 98)

    dev, maint, growth = score(), score(), score(2)
    serv, res, exp_, loyal = score(), score(2), score(), score(6, 10)
    weak = np.array([p.weak for p in plans])
    for arr, lo_, hi_ in (
        (serv, 40, 55),
        (exp_, 35, 50),
        (loyal, 30, 45),
        (maint, 45, 55),
        (growth, 40, 50),
        (dev, 48, 58),
        (res, 85, 95),
    ):
        arr[weak] = np.round(rng.uniform(lo_, hi_, weak.sum()))
    # Census gaps: some small dealers never reported warehouse, vehicles or capital.
    small = np.isin(klass, ["C", "D"])
    gap = small & (rng.random(n) < 0.2)
    warehouse = np.where(gap, np.nan, warehouse)
    vehicles = np.where(gap, np.nan, vehicles)
    capital = np.where(small & (rng.random(n) < 0.08), np.nan, capital)

    names = _names(spec, rng)
    dealers = pd.DataFrame(
        {
            "dealer": ids,
            "name": names,
            "annual_sales": annual,
            "territory": [p.territory for p in plans],
            "province": [regions[p.territory].province for p in plans],
            "market_role": [regions[p.territory].role for p in plans],
            "channel_resources": outlets.astype(int),
            "capital": capital,
            "development_ability": dev,
            "maintenance_ability": maint,
            "growth_potential": growth,
            "staff": staff.astype(int),
            "warehouse_m2": warehouse,
            "vehicles": pd.array(np.where(np.isnan(vehicles), np.nan, vehicles), dtype="Int64"),
            "terminal_service": serv,
            "terminal_resources": res,
            "terminal_expansion": exp_,
            "loyalty": loyal,
        }
    )
    return dealers, tags, dcs


def _names(spec: _Spec, rng: np.random.Generator) -> list[str]:
    used: set[str] = set()
    out = []
    words = list(spec.name_words)
    for p in spec.dealers:
        if p.name:
            out.append(p.name)
            used.add(p.name)
            continue
        suffixes = spec.name_suffix[p.profile]
        for k in rng.permutation(len(words)):
            cand = f"{_short(p.territory)}{words[k]}{suffixes[int(rng.integers(len(suffixes)))]}"
            if cand not in used:
                break
        used.add(cand)
        out.append(cand)
    return out


def _kpis(
    spec: _Spec,
    dealers: pd.DataFrame,
    dcs: pd.DataFrame,
    tags: dict[str, int],
    rng: np.random.Generator,
) -> pd.DataFrame:
    n = len(dealers)
    weak = np.array([p.weak for p in spec.dealers])
    klass = np.array([p.klass for p in spec.dealers])
    actual = dcs.groupby("dealer")["sales"].sum().reindex(dealers["dealer"]).fillna(0).to_numpy()
    main = dcs.loc[dcs.groupby("dealer")["sales"].idxmax()].set_index("dealer")
    main_sales = main["sales"].reindex(dealers["dealer"]).fillna(0).to_numpy()

    def pick(normal: np.ndarray, weak_v: np.ndarray) -> np.ndarray:
        return np.where(weak, weak_v, normal)

    ach = pick(np.clip(rng.normal(1.0, 0.12, n), 0.6, 1.35), rng.uniform(0.72, 0.82, n))
    growth = pick(np.clip(rng.normal(0.08, 0.10, n), -0.2, 0.45), rng.uniform(-0.12, -0.03, n))
    contract = np.round(actual / ach, -3)
    last_year = np.round(actual / (1 + growth), -3)
    key_target = np.round(contract * 0.15, -3)
    key_sales = np.round(
        key_target * pick(np.clip(rng.normal(0.9, 0.25, n), 0.2, 1.5), rng.uniform(0.35, 0.5, n)),
        -3,
    )
    outlets = dealers["channel_resources"].to_numpy()
    outlet_target = np.maximum(2, np.round(outlets * 0.08)).astype(int)
    new_outlets = np.round(
        outlet_target * pick(rng.uniform(0.45, 1.3, n), rng.uniform(0.4, 0.6, n))
    ).astype(int)
    ch_growth = pick(np.clip(rng.normal(0.07, 0.12, n), -0.25, 0.5), rng.uniform(-0.15, -0.05, n))
    in_area = np.round(outlets * rng.uniform(1.2, 2.0, n)).astype(int)
    active = np.round(in_area * pick(rng.uniform(0.45, 0.9, n), rng.uniform(0.33, 0.45, n))).astype(
        int
    )
    audited = rng.integers(20, 101, n)
    compliant = np.round(
        audited * pick(rng.uniform(0.45, 0.95, n), rng.uniform(0.38, 0.5, n))
    ).astype(int)
    bench = np.full(n, spec.benchmark_skus)
    on_shelf = np.round(bench * pick(rng.uniform(0.5, 1.0, n), rng.uniform(0.4, 0.55, n))).astype(
        int
    )
    p_yes = np.array([{"A": 0.85, "B": 0.75, "C": 0.62, "D": 0.5}[k] for k in klass])

    def poisson(lam: float, weak_range: tuple[int, int]) -> np.ndarray:
        return pick(rng.poisson(lam, n), rng.integers(weak_range[0], weak_range[1] + 1, n))

    out = pd.DataFrame(
        {
            "dealer": dealers["dealer"],
            "actual_sales": actual,
            "contract_sales": contract,
            "sales_last_year": last_year,
            "key_sku_sales": key_sales,
            "key_sku_target": key_target,
            "new_outlets": new_outlets,
            "new_outlet_target": outlet_target,
            "channel_sales": main_sales,
            "channel_sales_last_year": np.round(main_sales / (1 + ch_growth), -3),
            "active_outlets": active,
            "outlets_in_area": in_area,
            "compliant_stores": compliant,
            "audited_stores": audited,
            "skus_on_shelf": on_shelf,
            "benchmark_skus": bench,
            "activity_execution": pick(
                np.clip(np.round(rng.normal(80, 10, n)), 40, 100), np.round(rng.uniform(55, 65, n))
            ),
            "new_product_launch": pick(
                np.clip(np.round(rng.normal(76, 12, n)), 30, 100), np.round(rng.uniform(50, 60, n))
            ),
            "late_deliveries": poisson(2.0, (8, 15)),
            "late_exchanges": poisson(1.0, (3, 6)),
            "complaints_office": poisson(0.5, (3, 4)),
            "complaints_branch": poisson(0.15, (1, 2)),
            "complaints_hq": poisson(0.03, (0, 1)),
            "posm_failures": poisson(2.0, (6, 12)),
            "instore_failures": poisson(1.5, (6, 12)),
            "outstore_failures": poisson(1.5, (6, 12)),
        }
    )
    for key in (
        "internal_systems",
        "sales_information",
        "warehouse_area",
        "staff_count",
        "vehicle_count",
        "monthly_training",
        "computer_setup",
    ):
        out[key] = rng.random(n) < p_yes
    out.loc[weak, "monthly_training"] = False
    out.loc[weak, "sales_information"] = False
    out["self_activities"] = pick(rng.poisson(0.6, n), np.zeros(n, dtype=int))
    out["branch_activities"] = pick(rng.poisson(0.2, n), np.zeros(n, dtype=int))
    out["national_activities"] = pick(rng.poisson(0.03, n), np.zeros(n, dtype=int))
    out["branch_experience"] = pick(rng.poisson(0.1, n), np.zeros(n, dtype=int))
    out["national_experience"] = pick(rng.poisson(0.02, n), np.zeros(n, dtype=int))
    complaints = np.where(rng.random(n) < 0.08, 1, 0)
    planted = {tags[t] for t in spec.complaints}
    planted |= {tags[f.tag] for f in spec.flows} | {tags[i.tag] for i in spec.incidents}
    for i in planted:
        complaints[i] = 0
    for tag, k in spec.complaints.items():
        complaints[tags[tag]] = k
    out["diversion_complaints"] = complaints
    amount_cols = [c.key for c in SHEETS["dealer_kpis"].columns if c.kind == "amount"]
    out[amount_cols] = out[amount_cols].astype(float)
    count_cols = [c.key for c in SHEETS["dealer_kpis"].columns if c.kind == "count"]
    out[count_cols] = out[count_cols].astype("int64")
    return out


def _financials(spec: _Spec, dealers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(dealers)
    weak = np.array([p.weak for p in spec.dealers])
    sales = dealers["annual_sales"].to_numpy()
    total = sales * rng.uniform(0.35, 0.7, n)
    current = total * rng.uniform(0.6, 0.85, n)
    inventory = current * rng.uniform(0.3, 0.5, n)
    ar = np.minimum(
        sales * np.where(weak, rng.uniform(0.25, 0.32, n), rng.uniform(0.04, 0.15, n)),
        (current - inventory) * 0.9,
    )
    liab = total * rng.uniform(0.3, 0.85, n)
    # Two dealers owe more than they own (negative net assets).
    under = rng.choice(n, size=2, replace=False)
    liab[under] = total[under] * rng.uniform(1.05, 1.2, 2)
    cur_liab = liab * rng.uniform(0.6, 0.95, n)
    zero = int(rng.choice(np.setdiff1d(np.arange(n), under)))
    cur_liab[zero] = 0.0  # only a long-term loan: the current ratio is undefined
    liab[zero] = total[zero] * 0.1
    margin = np.where(weak, rng.uniform(-0.02, 0.005, n), rng.normal(0.025, 0.025, n))
    r = lambda v: np.round(v, -2)  # noqa: E731
    return pd.DataFrame(
        {
            "dealer": dealers["dealer"],
            "current_assets": r(current),
            "current_liabilities": r(cur_liab),
            "inventory": r(inventory),
            "average_inventory": r(inventory * rng.uniform(0.85, 1.15, n)),
            "total_liabilities": r(liab),
            "net_assets": r(total) - r(liab),
            "total_assets": r(total),
            "accounts_receivable": r(ar),
            "net_sales": sales,
            "net_profit": r(sales * margin),
            "total_expenses": r(sales * rng.uniform(0.06, 0.12, n)),
        }
    )


def _authorizations(spec: _Spec, dealers: pd.DataFrame, tags: dict[str, int]) -> pd.DataFrame:
    ids = dealers["dealer"].tolist()
    rows = []
    for i, p in enumerate(spec.dealers):
        for line in p.lines:
            end = f"{YEAR}-12-31"
            for tag, ln, cut in spec.auth_end:
                if tags[tag] == i and ln in (None, line):
                    end = cut
            rows.append((ids[i], p.territory, line, f"{YEAR}-01-01", end))
    for tag, terr, line, start, end in spec.auth_add:
        rows.append((ids[tags[tag]], terr, line, start, end))
    out = pd.DataFrame(rows, columns=["dealer", "territory", "product_line", "start", "end"])
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    return out


def _territories(spec: _Spec, rng: np.random.Generator) -> pd.DataFrame:
    nb = _neighbours(spec)
    rows = []
    for r in spec.regions:
        for t in r.territories:
            rows.append(
                {
                    "territory": t,
                    "province": r.province,
                    "neighbours": ";".join(nb[t]),
                    "expense_allowance_rate": r.expense,
                    "rebate_rate": r.rebate,
                    "list_price": r.list_price,
                    "freight_per_unit": round(float(rng.uniform(*spec.freight)), 2),
                }
            )
    return pd.DataFrame(rows)


def _ladder(spec: _Spec) -> pd.DataFrame:
    rows = [
        {"product": p, "level": lv, "price": price, "min_margin": spec.min_margins[k]}
        for p, prices in spec.ladder.items()
        for k, (lv, price) in enumerate(zip(_LEVELS, prices, strict=True))
    ]
    return pd.DataFrame(rows)


def _observations(spec: _Spec, dealers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Market price checks: mostly at or a little above the ladder, dumping where planted."""
    terrs = sorted(set(dealers["territory"]), key=list(dealers["territory"]).index)
    products = list(spec.ladder)
    retail_ch = list(spec.offline)
    wholesale = (
        spec.offline[0]
        if spec.name == "feed"
        else ("流通批发" if "流通批发" in spec.offline else spec.offline[1])
    )
    n_planted = sum(d.n for d in spec.dumps)
    n = spec.observations - n_planted
    t = rng.choice(terrs, size=n)
    p = rng.choice(products, size=n)
    lv = rng.choice(["level1", "level2", "retail"], size=n, p=[0.2, 0.35, 0.45])
    day = rng.integers(10, _DAYS - 5, n)
    base = np.array([spec.ladder[x][_LEVELS.index(y)] for x, y in zip(p, lv, strict=True)])
    price = np.ceil(base * rng.uniform(1.0, 1.06, n) * 10) / 10
    ch = np.where(lv == "retail", rng.choice(retail_ch, size=n), wholesale)
    frames = [
        pd.DataFrame(
            {"product": p, "territory": t, "channel": ch, "level": lv, "price": price, "day": day}
        )
    ]
    for dmp in spec.dumps:
        k = dmp.n
        months = rng.choice(dmp.months, size=k)
        first = np.array([np.flatnonzero(_MONTH_OF_DAY == m)[0] for m in months])
        dd = first + rng.integers(3, 26, k)
        pp = rng.choice(dmp.products, size=k)
        ll = rng.choice(dmp.levels, size=k)
        bb = np.array([spec.ladder[x][_LEVELS.index(y)] for x, y in zip(pp, ll, strict=True)])
        frames.append(
            pd.DataFrame(
                {
                    "product": pp,
                    "territory": rng.choice(dmp.territories, size=k),
                    "channel": dmp.channel,
                    "level": ll,
                    "price": np.floor(bb * rng.uniform(dmp.low, dmp.high, k) * 10) / 10,
                    "day": dd,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True).sort_values(
        ["day", "territory", "product"], kind="stable"
    )
    out["date"] = _dates(out.pop("day").to_numpy())
    for col in ("product", "territory", "channel", "level"):
        out[col] = out[col].astype("str")
    return out.reset_index(drop=True)


def _inventory(
    spec: _Spec,
    dealers: pd.DataFrame,
    tags: dict[str, int],
    auth: pd.DataFrame,
    ship: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """进销存 per dealer × SKU × month; purchases are the units shipped to the dealer."""
    full = auth.groupby("dealer").apply(
        lambda a: bool((a["start"].dt.day_of_year.eq(1) & a["end"].dt.month.eq(12)).all()),
        include_groups=False,
    )
    ids = dealers["dealer"].tolist()
    planted = [ids[tags[t]] for t in spec.inventory_tags]
    volume = ship.groupby("dealer")["quantity"].sum()
    pool = [
        d
        for d in volume.sort_values(ascending=False).index
        if full.get(d, False) and d not in planted
    ]
    k = spec.inventory_dealers - len(planted)
    extra = rng.choice(pool[: 2 * k], size=min(k, len(pool)), replace=False)  # larger ones
    chosen = sorted(planted + list(extra))
    lines = {ln.name: ln for ln in spec.lines}
    month = ship["ship_date"].dt.month
    units = ship.assign(month=month).groupby(["dealer", "product_line", "month"])["quantity"].sum()
    errors = {(ids[tags[t]], sku): set(ms) for t, sku, ms in spec.inventory_errors}
    rows = []
    for d in chosen:
        carried = sorted(set(auth.loc[auth["dealer"] == d, "product_line"]), key=list(lines).index)
        for ln in carried:
            skus = lines[ln].skus
            for j, (sku, share) in enumerate(skus):
                bought = []
                for m in range(1, 13):
                    total = int(units.get((d, ln, m), 0))
                    if j < len(skus) - 1:
                        bought.append(round(total * share))
                    else:  # the last SKU takes the remainder: the line adds up exactly
                        given = sum(round(total * s) for _, s in skus[:-1])
                        bought.append(total - given)
                avg = max(1.0, sum(bought) / 12)
                stock = round(avg * rng.uniform(0.5, 1.0))
                for m in range(1, 13):
                    opening, purchases = stock, bought[m - 1]
                    avail = opening + purchases
                    closing = round(
                        min(avail * rng.uniform(0.25, 0.6), avg * rng.uniform(0.4, 0.9))
                    )
                    sales = avail - closing
                    reported = sales
                    if sales > 0 and m in errors.get((d, sku), set()):
                        reported = sales - max(1, round(sales * rng.uniform(0.08, 0.2)))
                    rows.append((d, sku, f"{YEAR}-{m:02d}", opening, purchases, reported, closing))
                    stock = closing
    out = pd.DataFrame(
        rows, columns=["dealer", "sku", "period", "opening", "purchases", "sales", "closing"]
    )
    # Two data-entry slips at random rows: sales keyed a few per cent too high.
    clean = ~out["dealer"].isin([d for d, _ in errors])
    rows_ok = np.flatnonzero((out["sales"] >= 20) & clean)
    if len(rows_ok) < 2:  # a tiny sample (few scans): any row with sales will do
        rows_ok = np.flatnonzero((out["sales"] >= 1) & clean)
    slip = rng.choice(rows_ok, size=min(2, len(rows_ok)), replace=False)
    out.loc[slip, "sales"] += np.maximum(
        2, np.round(out.loc[slip, "sales"] * rng.uniform(0.03, 0.1, len(slip)))
    )
    num = ["opening", "purchases", "sales", "closing"]
    out[num] = out[num].clip(lower=0).astype(float)
    return out


def _round(v: float, step: float) -> float:
    return float(round(v / step) * step)
