"""Territory authorisation audit — 定域、定人、定期 (docs/method.md §4.1, seed 000).

Every territory × product line should be held by exactly one alliance member (联盟商) on
every day: two or more holders are a horizontal-conflict risk, none is a market blind
spot (市场盲点). The audit sweeps date ranges (+1 at a start, −1 the day after an end)
instead of walking day by day, so a national client with years of authorisations costs
no more than its number of rows.

Examples
--------
>>> auth = pd.DataFrame({"dealer": ["D1", "D2"], "territory": ["郑州", "郑州"],
...                      "product_line": ["酱料", "酱料"],
...                      "start": pd.to_datetime(["2025-01-01", "2025-06-01"]),
...                      "end": pd.to_datetime(["2025-06-10", "2025-12-31"])})
>>> audit = authorization_audit(auth)
>>> audit.overlaps[["territory", "start", "end", "days", "dealers"]]
  territory      start        end  days dealers
0        郑州 2025-06-01 2025-06-10    10   D1;D2
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import dates, text, where

__all__ = ["AuthorizationAudit", "InputDataError", "authorization_audit"]

_KEYS = ("territory", "product_line")
_TEXT = ("dealer", "territory", "product_line")
_ZH = {
    "dealer": "经销商编号",
    "territory": "区域",
    "product_line": "产品线",
    "start": "开始日期",
    "end": "结束日期",
}
_DT = "datetime64[us]"


@dataclass(frozen=True)
class AuthorizationAudit:
    """What the authorisation audit found, over the period ``start`` … ``end``.

    Attributes
    ----------
    overlaps
        Maximal date ranges over which the same two or more dealers hold one territory ×
        product line (horizontal-conflict risk): ``territory, product_line, start, end``
        (inclusive), ``days``, ``dealers`` (sorted, joined by ``";"``), ``n_dealers``.
        Sorted by territory, product line, start.
    blind_spots
        Maximal date ranges over which nobody holds a territory × product line (市场盲点):
        ``territory, product_line, start, end`` (inclusive), ``days``.
    by_month
        The territory × month matrix as a long table, one row for every territory and
        every calendar month of the period: ``territory``, ``month`` (its first day),
        ``days`` (days of that month inside the period), ``lines`` (product lines
        checked), ``overlap_days`` and ``blind_days`` (line-days: summed over the product
        lines, so at most ``days × lines``).
    coverage
        One row per territory × product line checked: ``territory, product_line``,
        ``days`` (of the period), ``exclusive_days`` (exactly one holder), ``overlap_days``,
        ``blind_days`` and ``max_dealers`` (most holders on any one day).
    start, end
        First and last day of the period audited.
    """

    overlaps: pd.DataFrame
    blind_spots: pd.DataFrame
    by_month: pd.DataFrame
    coverage: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp


def _days(values: pd.Series) -> np.ndarray:
    """Dates -> whole days since 1970-01-01 (int64); NaT -> the int64 minimum."""
    return values.to_numpy(dtype="datetime64[us]").astype("datetime64[D]").astype("int64")


def _from_days(days: np.ndarray | pd.Series) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype(_DT)


def _place(frame: pd.DataFrame, col: str | None, pos: int) -> str:
    """``authorizations, row N (dealer …, territory …, product_line …), column …``."""
    return where(frame, "authorizations", col, pos, keys=_TEXT, header=_ZH.get(col or ""))


def _clean(authorizations: pd.DataFrame) -> pd.DataFrame:
    """Typed copy: text keys, normalised dates; refuses blank keys and end < start."""
    missing = [c for c in (*_TEXT, "start") if c not in authorizations.columns]
    if missing:
        raise InputDataError(
            f"authorizations: column {missing[0]} ({_ZH[missing[0]]}) is missing; "
            f"expected dealer, territory, product_line, start, end"
        )
    frame = authorizations
    a = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for col in _TEXT:
        a[col] = text(
            frame,
            "authorizations",
            col,
            required=True,
            blank=f"blank; every authorisation names its {col}",
            keys=_TEXT,
            header=_ZH[col],
        )
    a["start"] = dates(frame, "authorizations", "start", keys=_TEXT, header=_ZH["start"])
    no_start = np.flatnonzero(a["start"].isna().to_numpy())
    if len(no_start):
        raise InputDataError(
            f"{_place(frame, 'start', no_start[0])}: blank; every authorisation has a first day"
        )
    if "end" in frame.columns:
        a["end"] = dates(frame, "authorizations", "end", keys=_TEXT, header=_ZH["end"])
    else:
        a["end"] = pd.Series(pd.NaT, index=a.index, dtype=_DT)
    backwards = np.flatnonzero((a["end"] < a["start"]).to_numpy())
    if len(backwards):
        i = backwards[0]
        raise InputDataError(
            f"{_place(frame, None, i)}: end (结束日期) {a['end'].iloc[i].date()} is before "
            f"start (开始日期) {a['start'].iloc[i].date()}; an authorisation ends on or "
            f"after the day it starts"
        )
    return a


def _period(a: pd.DataFrame, start: object, end: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    def stamp(value: object, name: str) -> pd.Timestamp:
        try:
            ts = pd.Timestamp(value)
        except (TypeError, ValueError) as err:
            raise InputDataError(f"{name}: {shown(value)} is not a date") from err
        if pd.isna(ts):
            raise InputDataError(f"{name}: {shown(value)} is not a date")
        return ts.normalize().as_unit("us")

    if start is None or end is None:
        if a.empty:
            raise InputDataError(
                "start, end: no authorisation to take the period from; pass start= and end="
            )
    p0 = stamp(start, "start") if start is not None else a["start"].min()
    if end is not None:
        p1 = stamp(end, "end")
    else:
        p1 = max(a["end"].max(), a["start"].max()) if a["end"].notna().any() else a["start"].max()
    if p1 < p0:
        raise InputDataError(
            f"end: the period ends ({p1.date()}) before it starts ({p0.date()}); "
            f"expected start ≤ end"
        )
    return p0, p1


def _merge_runs(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Merge rows (``s``, ``e`` in days) that touch or overlap within each ``by`` group."""
    if frame.empty:
        return frame[[*by, "s", "e"]].copy()
    f = frame.sort_values([*by, "s", "e"], kind="stable").reset_index(drop=True)
    reach = f.groupby(by, sort=False)["e"].cummax()
    prev = reach.groupby([f[c] for c in by], sort=False).shift()
    new = prev.isna() | (f["s"] > prev + 1)
    run = new.cumsum()
    out = f.groupby(run, sort=False).agg(
        **{c: (c, "first") for c in by}, s=("s", "min"), e=("e", "max")
    )
    return out.reset_index(drop=True)


def _month_split(runs: pd.DataFrame) -> pd.DataFrame:
    """Split ranges (``s``, ``e`` in days) at month ends: one row per range × month."""
    s = runs["s"].to_numpy(dtype="int64").astype("datetime64[D]")
    e = runs["e"].to_numpy(dtype="int64").astype("datetime64[D]")
    m0, m1 = s.astype("datetime64[M]"), e.astype("datetime64[M]")
    n = (m1 - m0).astype("int64") + 1
    idx = np.repeat(np.arange(len(runs)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    month = m0[idx] + offset.astype("timedelta64[M]")
    first = month.astype("datetime64[D]")
    last = (month + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    lo, hi = np.maximum(s[idx], first), np.minimum(e[idx], last)
    return pd.DataFrame(
        {
            "territory": runs["territory"].to_numpy()[idx],
            "month": first.astype(_DT),
            "n": (hi - lo).astype("int64") + 1,
        }
    )


def authorization_audit(
    authorizations: pd.DataFrame,
    *,
    territories: pd.DataFrame | None = None,
    start: pd.Timestamp | str | None = None,
    end: pd.Timestamp | str | None = None,
) -> AuthorizationAudit:
    """Who holds each territory × product line on each day: overlaps and blind spots.

    Parameters
    ----------
    authorizations
        The ``authorizations`` sheet: ``dealer, territory, product_line, start, end``
        (dates; ``end`` inclusive, blank = open until the end of the period).
    territories
        Keyword only: the ``territories`` sheet (its ``territory`` column). Territories
        listed there that nobody holds are checked too, so they show as blind spots for
        every product line seen in ``authorizations``.
    start, end
        Keyword only: first and last day of the period audited (anything
        `pandas.Timestamp` reads, e.g. the client's ``period_start`` / ``period_end``).
        Default: the earliest start and the latest end (or start, when later) of the
        authorisations. Authorisations are clipped to the period.

    Returns
    -------
    AuthorizationAudit
        ``overlaps`` (``territory, product_line, start, end, days, dealers,
        n_dealers``), ``blind_spots`` (``territory, product_line, start, end, days``),
        ``by_month`` (``territory, month, days, lines, overlap_days, blind_days``),
        ``coverage`` (``territory, product_line, days, exclusive_days, overlap_days,
        blind_days, max_dealers``) and the period ``start``, ``end``; see the class.
        Ranges are maximal and their ends inclusive.

    Raises
    ------
    InputDataError
        A missing column; a blank dealer, territory, product line or start; a date that
        is not a date; an end before its start (the message names the row as the intake
        shows it, header = row 1); a period that ends before it starts, or none to take
        from an empty sheet.

    Notes
    -----
    holders(t, l, d) = number of distinct dealers with start ≤ d ≤ end for territory t
    and product line l (blank end = period end). overlap: holders ≥ 2; blind spot:
    holders = 0; both reported as maximal runs of consecutive days. Computed by a sweep:
    +1 on each start, −1 on the day after each end, cumulative sum per territory × line;
    a dealer's own overlapping or touching rows are merged first, so a dealer listed
    twice never overlaps itself. A hand-over (D1 until 06-30, D2 from 07-01) is neither.
    An overlap range keeps one set of dealers: when the set changes (a third dealer
    joins, one hands over), a new range starts.

    **Decision:** the grid checked is every territory (of ``authorizations`` and of
    ``territories``) × every product line of ``authorizations`` — docs/method.md §4.1 asks for
    exactly one holder for every (territory, product_line, day), so a line nobody sells
    in a territory is a blind spot, not an omission. ``by_month`` counts line-days.

    References
    ----------
    Seed 000 (渠道联盟): the alliance agreement guarantees each member exclusive rights
    in a given territory for a given period, "定域、定人、定期", and the distribution
    alliance "有效扫除了市场盲点"; seed 003 (渠道冲突): horizontal channel conflict.
    docs/method.md §4.1.

    Examples
    --------
    A hand-over without a gap is clean; a gap is a blind spot:

    >>> auth = pd.DataFrame({"dealer": ["D1", "D2", "D3"], "territory": ["洛阳"] * 3,
    ...                      "product_line": ["下饭菜"] * 3,
    ...                      "start": pd.to_datetime(["2025-01-01", "2025-07-01",
    ...                                               "2025-10-01"]),
    ...                      "end": pd.to_datetime(["2025-06-30", "2025-08-31", None])})
    >>> audit = authorization_audit(auth, start="2025-01-01", end="2025-12-31")
    >>> audit.overlaps.empty
    True
    >>> audit.blind_spots[["start", "end", "days"]]  # September: nobody
           start        end  days
    0 2025-09-01 2025-09-30    30
    """
    a = _clean(authorizations)
    p0, p1 = _period(a, start, end)
    d0, d1 = int(_days(pd.Series([p0]))[0]), int(_days(pd.Series([p1]))[0])

    terr = set(a["territory"])
    if territories is not None:
        if "territory" not in territories.columns:
            raise InputDataError("territories: column territory (区域) is missing")
        names = territories["territory"].dropna().astype("str").str.strip()
        terr |= set(names[names.ne("")])
    grid = pd.MultiIndex.from_product(
        [sorted(terr), sorted(set(a["product_line"]))], names=list(_KEYS)
    ).to_frame(index=False)
    grid["kid"] = np.arange(len(grid))

    iv = a.assign(s=_days(a["start"]), e=_days(a["end"]))
    iv["e"] = np.where(a["end"].isna(), d1, iv["e"])
    iv["s"], iv["e"] = iv["s"].clip(lower=d0), iv["e"].clip(upper=d1)
    iv = iv[iv["s"] <= iv["e"]].merge(grid, on=list(_KEYS))
    iv = _merge_runs(iv[["kid", "dealer", "s", "e"]], ["kid", "dealer"])

    events = pd.concat(
        [
            pd.DataFrame({"kid": iv["kid"], "day": iv["s"], "delta": 1}),
            pd.DataFrame({"kid": iv["kid"], "day": iv["e"] + 1, "delta": -1}),
            pd.DataFrame({"kid": grid["kid"], "day": d0, "delta": 0}),
            pd.DataFrame({"kid": grid["kid"], "day": d1 + 1, "delta": 0}),
        ],
        ignore_index=True,
    )
    ev = events.groupby(["kid", "day"], sort=True)["delta"].sum().reset_index()
    ev["count"] = ev.groupby("kid")["delta"].cumsum()
    ev["next"] = ev.groupby("kid")["day"].shift(-1)
    seg = ev[ev["next"].notna()].rename(columns={"day": "s"})
    seg = seg.assign(e=seg["next"].astype("int64") - 1)[["kid", "s", "e", "count"]]
    seg = seg.reset_index(drop=True)
    seg["n"] = seg["e"] - seg["s"] + 1

    # dealers behind each overlapping segment (segments split at every event, so an
    # interval either covers a segment whole or misses it)
    over = seg[seg["count"] >= 2].reset_index(drop=True)
    over["seg"] = np.arange(len(over))
    cover = over.merge(iv.rename(columns={"s": "is", "e": "ie"}), on="kid")
    cover = cover[(cover["is"] <= cover["s"]) & (cover["ie"] >= cover["e"])]
    cover = cover.sort_values(["seg", "dealer"], kind="stable")
    over["dealers"] = over["seg"].map(cover.groupby("seg")["dealer"].agg(";".join))

    over_runs = _merge_runs(over[["kid", "dealers", "s", "e"]], ["kid", "dealers"])
    blind_runs = _merge_runs(seg.loc[seg["count"] == 0, ["kid", "s", "e"]], ["kid"])

    def ranges(runs: pd.DataFrame) -> pd.DataFrame:
        r = runs.merge(grid, on="kid").sort_values([*_KEYS, "s"], kind="stable")
        return pd.DataFrame(
            {
                "territory": r["territory"].astype("str").to_numpy(),
                "product_line": r["product_line"].astype("str").to_numpy(),
                "start": _from_days(r["s"]),
                "end": _from_days(r["e"]),
                "days": (r["e"] - r["s"] + 1).to_numpy(dtype="int64"),
                **({"dealers": r["dealers"].astype("str").to_numpy()} if "dealers" in r else {}),
            }
        )

    overlaps = ranges(over_runs)
    overlaps["n_dealers"] = (overlaps["dealers"].str.count(";") + 1).astype("int64")
    blind_spots = ranges(blind_runs)

    # per territory × line
    n_days = d1 - d0 + 1
    tally = (
        seg.assign(
            over=np.where(seg["count"] >= 2, seg["n"], 0),
            blind=np.where(seg["count"] == 0, seg["n"], 0),
        )
        .groupby("kid")
        .agg(
            overlap_days=("over", "sum"), blind_days=("blind", "sum"), max_dealers=("count", "max")
        )
    )
    cov = grid.join(tally, on="kid")
    coverage = pd.DataFrame(
        {
            "territory": cov["territory"].astype("str"),
            "product_line": cov["product_line"].astype("str"),
            "days": np.int64(n_days),
            "exclusive_days": (n_days - cov["overlap_days"] - cov["blind_days"]).astype("int64"),
            "overlap_days": cov["overlap_days"].astype("int64"),
            "blind_days": cov["blind_days"].astype("int64"),
            "max_dealers": cov["max_dealers"].astype("int64"),
        }
    )

    # territory × month, in line-days
    period = pd.DataFrame({"territory": [""], "s": [d0], "e": [d1]})
    months = _month_split(period)[["month", "n"]].rename(columns={"n": "days"})
    matrix = pd.MultiIndex.from_product(
        [sorted(terr), months["month"]], names=["territory", "month"]
    ).to_frame(index=False)
    matrix = matrix.merge(months, on="month")
    matrix["lines"] = np.int64(grid["product_line"].nunique())
    for name, runs in (("overlap_days", over_runs), ("blind_days", blind_runs)):
        split = _month_split(runs.merge(grid, on="kid"))
        per = split.groupby(["territory", "month"])["n"].sum().rename(name)
        matrix = matrix.join(per, on=["territory", "month"])
        matrix[name] = matrix[name].fillna(0).astype("int64")
    matrix["territory"] = matrix["territory"].astype("str")

    return AuthorizationAudit(
        overlaps=overlaps,
        blind_spots=blind_spots,
        by_month=matrix,
        coverage=coverage,
        start=p0,
        end=p1,
    )
