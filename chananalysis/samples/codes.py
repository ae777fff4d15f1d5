"""Product codes along the chain: shipments from the factory to each dealer, and the code
scans where the goods are sold, with the planted diversions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chananalysis.samples.plans import _DAYS, _MONTH_OF_DAY, _START, _neighbours, _Spec


def _codes(
    spec: _Spec,
    dealers: pd.DataFrame,
    tags: dict[str, int],
    dcs: pd.DataFrame,
    auth: pd.DataFrame,
    n_scans: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shipments (one code per case) and the scans of those codes in the market."""
    scale = n_scans / spec.scans
    n_dup = max(1, round(n_scans * spec.dup_rate))
    n_unknown = max(1, round(n_scans * spec.unknown_rate))
    n_first = n_scans - n_dup - n_unknown
    n_ship = math.ceil(n_first / spec.scan_rate / 0.92)

    ids = dealers["dealer"].tolist()
    index = {d: i for i, d in enumerate(ids)}
    lines = {ln.name: ln for ln in spec.lines}
    line_names = [ln.name for ln in spec.lines]
    terr_names = [t for r in spec.regions for t in r.territories]
    terr_index = {t: i for i, t in enumerate(terr_names)}

    # Authorisation segments and the codes each receives.
    seg_d = auth["dealer"].map(index).to_numpy()
    seg_t = auth["territory"].map(terr_index).to_numpy()
    seg_l = auth["product_line"].map(line_names.index).to_numpy()
    seg_a = (auth["start"].to_numpy() - _START).astype("timedelta64[D]").astype(int)
    seg_b = (auth["end"].to_numpy() - _START).astype("timedelta64[D]").astype(int)
    brand = dcs.groupby("dealer")["sales"].sum().reindex(ids).fillna(0).to_numpy()
    weight = brand * np.array([p.code_weight for p in spec.dealers])
    seg_w = np.array([lines[line_names[ln]].weight for ln in seg_l]) * (seg_b - seg_a + 1)
    per_dealer = np.zeros(len(ids))
    np.add.at(per_dealer, seg_d, seg_w)
    seg_share = weight[seg_d] * seg_w / per_dealer[seg_d]
    seg_n = rng.multinomial(n_ship, seg_share / seg_share.sum())

    season = np.array(spec.seasonality)[_MONTH_OF_DAY - 1]
    parts = []
    for s, c in enumerate(seg_n):
        if c == 0:
            continue
        days = np.arange(seg_a[s], seg_b[s] + 1)
        k = int(max(1, min(c, round(len(days) / spec.order_every * rng.uniform(0.8, 1.2)))))
        p = season[days] / season[days].sum()
        orders = np.sort(rng.choice(days, size=k, replace=False, p=p))
        parts.append(np.column_stack([np.full(c, s), rng.choice(orders, size=c)]))
    sd = np.concatenate(parts)
    seg = sd[:, 0]
    order = np.lexsort((seg_d[seg], sd[:, 1]))
    seg, ship_day = seg[order], sd[order, 1]
    n_ship = len(seg)
    dealer = seg_d[seg]
    line = seg_l[seg]
    qty = np.array([lines[ln].per_code for ln in line_names])[line]
    codes = np.char.add(spec.prefix, np.char.zfill(np.arange(1, n_ship + 1).astype(str), 7))

    # When each code would be scanned; codes of an authorisation that ends early are sold
    # through before it ends; codes not sold by the year end are still in stock.
    lag = 1 + np.floor(rng.gamma(2.0, spec.lag_scale, n_ship)).astype(int)
    cand = ship_day + lag
    end = seg_b[seg]
    early = (cand > end) & (end < _DAYS - 1)
    cand[early] = ship_day[early] + np.floor(
        rng.random(early.sum()) * (end[early] - ship_day[early] + 1)
    ).astype(int)
    eligible = np.flatnonzero(cand <= _DAYS - 1)
    if len(eligible) < n_first:
        raise AssertionError(f"{spec.name}: too few codes to scan")
    chosen = np.sort(rng.choice(eligible, size=n_first, replace=False))
    s_day = cand[chosen]
    s_terr = seg_t[seg[chosen]]
    s_dealer = dealer[chosen]
    s_line = line[chosen]
    s_month = _MONTH_OF_DAY[s_day]
    diverted = np.zeros(n_first, dtype=bool)

    for f in spec.flows:
        mask = (s_dealer == tags[f.tag]) & np.isin(s_month, f.months)
        if f.lines:
            mask &= np.isin(s_line, [line_names.index(x) for x in f.lines])
        mask &= rng.random(n_first) < f.share
        dest = [terr_index[t] for t, _ in f.dest]
        prob = np.array([w for _, w in f.dest])
        s_terr[mask] = rng.choice(dest, size=mask.sum(), p=prob / prob.sum())
        diverted |= mask
    for inc in spec.incidents:
        cands = np.flatnonzero((s_dealer == tags[inc.tag]) & (s_month == inc.month) & ~diverted)
        k = min(len(cands), max(1, round(inc.n * scale)))
        pick = rng.choice(cands, size=k, replace=False)
        s_terr[pick] = terr_index[inc.dest]
        diverted[pick] = True
    # Background leakage, in clumps as it happens: some dealers lose a share of their
    # goods to one neighbouring territory in one or two months.
    nb = _neighbours(spec)
    u = rng.random(n_first)
    planted = {f.tag for f in spec.flows} | {i.tag for i in spec.incidents}
    for d_idx, p in enumerate(spec.dealers):
        leaks = rng.random() < spec.leak_dealers and p.leak and p.tag not in planted
        dest = terr_index[str(rng.choice(nb[p.territory]))]
        months = rng.choice(np.arange(1, 13), size=int(rng.integers(1, 3)), replace=False)
        if not leaks:
            continue
        sel = ~diverted & (s_dealer == d_idx) & np.isin(s_month, months) & (u < spec.leak)
        s_terr[sel] = dest
        diverted |= sel

    # Outlet channel: from the dealer's own channel mix (offline channels only).
    s_chan = np.empty(n_first, dtype=object)
    mix = dcs[dcs["channel"].isin(spec.offline)]
    for d_idx in np.unique(s_dealer):
        sel = s_dealer == d_idx
        rows = mix[mix["dealer"] == ids[d_idx]]
        if rows.empty:
            rows = mix.nlargest(1, "sales")
        p = rows["sales"].to_numpy() / rows["sales"].sum()
        s_chan[sel] = rng.choice(rows["channel"].to_numpy(), size=sel.sum(), p=p)

    retail = np.array([spec.ladder[lines[ln].skus[0][0]][3] for ln in line_names])
    s_price = retail[s_line] * rng.uniform(0.96, 1.04, n_first)
    s_price[diverted] *= rng.uniform(0.86, 0.94, diverted.sum())

    # Duplicate scans of a code and codes never shipped (counterfeit or misread).
    dup = rng.choice(n_first, size=n_dup, replace=False)
    d_day = np.minimum(s_day[dup] + rng.integers(0, 21, n_dup), _DAYS - 1)
    u_num = 9_000_000 + rng.choice(1_000_000, size=n_unknown, replace=False)
    u_codes = np.char.add(spec.prefix, u_num.astype(str))
    u_terr = rng.choice(np.unique(seg_t), size=n_unknown)
    u_day = rng.integers(0, _DAYS, n_unknown)
    u_price = retail[rng.integers(0, len(retail), n_unknown)] * rng.uniform(0.6, 0.75, n_unknown)

    scan = pd.DataFrame(
        {
            "code": np.concatenate([codes[chosen], codes[chosen[dup]], u_codes]),
            "territory": np.array(terr_names, dtype=object)[
                np.concatenate([s_terr, s_terr[dup], u_terr])
            ],
            "day": np.concatenate([s_day, d_day, u_day]),
            "price": np.round(np.concatenate([s_price, s_price[dup], u_price]), 1),
            "channel": np.concatenate(
                [s_chan, s_chan[dup], np.full(n_unknown, spec.offline[0], dtype=object)]
            ),
        }
    )
    scan = scan.sort_values(["day", "territory", "code"], kind="stable")
    scan.insert(2, "scan_date", _dates(scan.pop("day").to_numpy()))
    for col in ("code", "territory", "channel"):
        scan[col] = scan[col].astype("str")
    ship = pd.DataFrame(
        {
            "code": codes,
            "dealer": np.array(ids, dtype=object)[dealer],
            "product_line": np.array(line_names, dtype=object)[line],
            "ship_date": _dates(ship_day),
            "quantity": qty.astype("int64"),
            "territory": np.array(terr_names, dtype=object)[seg_t[seg]],
        }
    )
    for col in ("code", "dealer", "product_line", "territory"):
        ship[col] = ship[col].astype("str")
    return ship, scan.reset_index(drop=True)


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (0 = 1 January) as ``datetime64[s]`` values."""
    return (_START + np.asarray(days).astype("timedelta64[D]")).astype("datetime64[s]")
