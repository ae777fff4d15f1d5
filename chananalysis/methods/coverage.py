"""Distribution coverage — 县级市场分销覆盖率 and 终端覆盖 (docs/method.md §3.4, seed 000).

County coverage asks how many of the counties (territories) in scope have an alliance
member at work; terminal coverage how many of the outlets in each dealer's area it
actually serves. The first finds market blind spots (市场盲点), the second how deep the
network reaches (深入终端).

Examples
--------
>>> terr = pd.DataFrame({"territory": ["郑州", "开封"]})
>>> dealers = pd.DataFrame({"dealer": ["D1"], "territory": ["郑州"], "annual_sales": [1e6]})
>>> coverage(terr, dealers=dealers).counties
          covered members   source
territory
郑州           True      D1  dealers
开封          False          dealers
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import (
    as_table,
    dates,
    need_columns,
    numbers,
    text,
    unique_text,
    where,
)
from chananalysis.methods.notes import notes_column

__all__ = ["Coverage", "InputDataError", "coverage"]

_TERMINAL_COLUMNS = ["territory", "active_outlets", "outlets_in_area", "rate", "notes"]
_BY_TERRITORY_COLUMNS = [
    "covered",
    "members",
    "active_outlets",
    "outlets_in_area",
    "terminal_rate",
]
_DT = "datetime64[us]"


@dataclass(frozen=True)
class Coverage:
    """County (territory) and terminal coverage.

    Attributes
    ----------
    counties
        Index ``territory`` (the territories sheet's order): ``province`` (when the
        sheet has it), ``covered`` (bool), ``members`` (the active members there, sorted,
        joined by ``"; "``; empty when none), ``source`` (``"authorizations"`` or
        ``"dealers"``: what coverage was read from). ``attrs["outside_scope"]``: sorted
        territories named in ``dealers`` or ``authorizations`` but not in the sheet (not
        counted); ``attrs["on"]``: the day authorisations were checked (NaT when read
        from ``dealers``).
    county_rate
        Covered territories / territories in scope (NaN when the sheet is empty).
    terminals
        Index ``dealer`` (the ``kpis`` rows): ``territory`` (from ``dealers``; NaN
        without), ``active_outlets``, ``outlets_in_area``, ``rate`` = active /
        universe, ``notes``: a `Notes` of codes — ``no_universe`` (universe 0 or
        blank: rate NaN), ``no_active`` (active blank: rate NaN),
        ``active_exceeds_universe`` (rate > 1, kept) — empty when none. Lowest rate
        first, NaN last. Empty (same columns) when ``kpis`` is None.
    terminal_rate
        Σ active / Σ universe over the dealers whose rate is known (NaN when none).
    by_territory
        Index ``territory`` (as ``counties``): ``covered``, ``members``,
        ``active_outlets`` and ``outlets_in_area`` (Σ over the territory's dealers whose
        rate is known; NaN when none) and ``terminal_rate`` = their ratio.
    """

    counties: pd.DataFrame
    county_rate: float
    terminals: pd.DataFrame
    terminal_rate: float
    by_territory: pd.DataFrame


def _need(frame: object, table: str, cols: tuple[str, ...]) -> pd.DataFrame:
    need_columns(as_table(frame, table), table, cols)
    return frame


def _names(frame: pd.DataFrame, table: str, col: str, *, required: bool) -> pd.Series:
    """Stripped text (RangeIndex); blanks NaN, or refused when ``required``."""
    return text(frame, table, col, required=required, blank=f"blank; expected a {col} name")


def _outlets(frame: pd.DataFrame, table: str, col: str) -> pd.Series:
    """A count ≥ 0 as float (RangeIndex); blanks NaN."""
    bad = "{value} is not a count; expected {rule}"
    return pd.Series(numbers(frame, table, col, bad=bad))


def _day(on: object) -> pd.Timestamp:
    if isinstance(on, bool) or not isinstance(on, str | dt.date | np.datetime64):
        raise InputDataError(f"on: expected a date such as 2025-12-31; got {on!r}")
    try:
        ts = pd.Timestamp(on)
    except (TypeError, ValueError) as err:
        raise InputDataError(f"on: {shown(on)} is not a date; expected e.g. 2025-12-31") from err
    if pd.isna(ts):
        raise InputDataError(f"on: {shown(on)} is not a date; expected e.g. 2025-12-31")
    return ts.normalize().as_unit("us")


def _members(names: pd.Series, terr: pd.Series) -> pd.Series:
    """territory -> "; "-joined sorted distinct dealers."""
    pairs = pd.DataFrame({"t": terr, "d": names}).dropna().drop_duplicates()
    pairs = pairs.sort_values(["t", "d"], kind="stable")
    return pairs.groupby("t", sort=False)["d"].agg("; ".join)


def _from_authorizations(
    authorizations: pd.DataFrame, on: object
) -> tuple[pd.Series, set[str], pd.Timestamp]:
    auth = _need(authorizations, "authorizations", ("dealer", "territory", "start"))
    dealer = _names(auth, "authorizations", "dealer", required=True)
    terr = _names(auth, "authorizations", "territory", required=True)
    start = dates(auth, "authorizations", "start")
    if start.isna().any():
        i = int(np.flatnonzero(start.isna().to_numpy())[0])
        raise InputDataError(
            f"{where(auth, 'authorizations', 'start', i)}: blank; "
            f"every authorisation has a first day"
        )
    if "end" in auth.columns:
        end = dates(auth, "authorizations", "end")
    else:
        end = pd.Series(pd.NaT, index=start.index, dtype=_DT)
    back = (end < start).to_numpy(dtype=bool, na_value=False)
    if back.any():
        i = int(np.flatnonzero(back)[0])
        raise InputDataError(
            f"{where(auth, 'authorizations', 'end', i)}: {end.iloc[i]:%Y-%m-%d} is before "
            f"start {start.iloc[i]:%Y-%m-%d}; expected end ≥ start"
        )
    if on is not None:
        day = _day(on)
    elif end.notna().any():
        day = end.max()
    elif len(start):
        day = start.max()
    else:
        day = pd.NaT
    active = (start <= day) & (end.isna() | (end >= day))
    return _members(dealer[active], terr[active]), set(terr), day


def _from_dealers(dealers: pd.DataFrame) -> tuple[pd.Series, set[str]]:
    d = _need(dealers, "dealers", ("dealer", "territory", "annual_sales"))
    dealer = _names(d, "dealers", "dealer", required=True)
    terr = _names(d, "dealers", "territory", required=False)
    sales = numbers(d, "dealers", "annual_sales", low=None, bad="{value} is not a number")
    active = np.nan_to_num(sales, nan=0.0) > 0
    return _members(dealer[active], terr[active]), set(terr.dropna())


def _terminals(kpis: pd.DataFrame | None, dealer_terr: pd.Series | None) -> pd.DataFrame:
    if kpis is None:
        empty = pd.DataFrame(
            {
                "territory": pd.Series([], dtype="str"),
                "active_outlets": pd.Series([], dtype="float64"),
                "outlets_in_area": pd.Series([], dtype="float64"),
                "rate": pd.Series([], dtype="float64"),
                "notes": pd.Series([], dtype=object),
            }
        )
        empty.index = pd.Index([], dtype="str", name="dealer")
        return empty
    k = _need(kpis, "dealer_kpis", ("dealer", "active_outlets", "outlets_in_area"))
    dealer = unique_text(
        k,
        "dealer_kpis",
        "dealer",
        blank="blank; expected a dealer name",
        repeats="{value} repeats; expected one row per dealer",
    )
    active = _outlets(k, "dealer_kpis", "active_outlets")
    universe = _outlets(k, "dealer_kpis", "outlets_in_area")
    no_universe = (universe.isna() | (universe == 0)).to_numpy()
    no_active = active.isna().to_numpy()
    rate = active / universe.where(~no_universe)
    exceeds = (active > universe).to_numpy(dtype=bool, na_value=False) & ~no_universe
    marks = (
        (no_universe, "no_universe"),
        (no_active, "no_active"),
        (exceeds, "active_exceeds_universe"),
    )
    notes = notes_column(len(k), marks)
    territory = (
        dealer.map(dealer_terr)
        if dealer_terr is not None
        else pd.Series(np.nan, index=dealer.index)
    )
    out = pd.DataFrame(
        {
            "territory": territory.astype("str"),
            "active_outlets": active,
            "outlets_in_area": universe,
            "rate": rate.astype("float64"),
            "notes": pd.Series(notes, index=dealer.index, dtype=object),
        }
    )
    out.index = pd.Index(dealer.astype("str"), name="dealer")
    return out.sort_values("rate", kind="stable", na_position="last")[_TERMINAL_COLUMNS]


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def coverage(
    territories: pd.DataFrame,
    *,
    dealers: pd.DataFrame | None = None,
    authorizations: pd.DataFrame | None = None,
    kpis: pd.DataFrame | None = None,
    on: pd.Timestamp | str | None = None,
) -> Coverage:
    """County coverage (县级市场分销覆盖率) and terminal coverage (终端覆盖).

    Parameters
    ----------
    territories
        The ``territories`` sheet: ``territory`` (unique; the counties in scope) and
        optionally ``province``.
    dealers
        Keyword only: the ``dealers`` sheet (``dealer, territory, annual_sales``).
        Gives each dealer's territory for ``terminals`` and ``by_territory``, and
        coverage itself when ``authorizations`` is None.
    authorizations
        Keyword only: the ``authorizations`` sheet (``dealer, territory, start, end``;
        ``end`` inclusive, blank = open). When given, coverage is read from it.
    kpis
        Keyword only: the ``dealer_kpis`` sheet (``dealer, active_outlets,
        outlets_in_area``) for terminal coverage; None: no terminal coverage.
    on
        Keyword only: the day authorisations must be in force (default: the latest
        ``end`` in ``authorizations``, or the latest ``start`` when no end is given).

    Returns
    -------
    Coverage
        ``counties`` (index ``territory``: ``province`` when given, ``covered, members,
        source``; ``attrs["outside_scope"]``, ``attrs["on"]``), ``county_rate``,
        ``terminals`` (index ``dealer``: ``territory, active_outlets, outlets_in_area,
        rate, notes``), ``terminal_rate`` and ``by_territory`` (index ``territory``:
        ``covered, members, active_outlets, outlets_in_area, terminal_rate``); see the
        class.

    Raises
    ------
    InputDataError
        Neither ``dealers`` nor ``authorizations`` given; a missing column; a blank or
        repeated territory in ``territories``; a blank dealer; a start or end that is
        not a date, an end before its start; ``on`` not a date; an ``annual_sales``
        that is not a number; outlet counts that are not numbers ≥ 0; a dealer listed
        twice in ``kpis``. Messages name the row as Excel shows it (a sheet from
        `load_client`), else by its index label.

    Notes
    -----
    county_rate = territories covered / territories in the ``territories`` sheet.
    With ``authorizations``, a territory is covered when some dealer holds an
    authorisation for it (any product line) with start ≤ on ≤ end; its members are
    those dealers. Territories named in ``dealers`` or ``authorizations`` but not in
    the sheet are out of scope: listed, not counted.

    Terminal coverage of a dealer: rate = active_outlets / outlets_in_area (NaN when
    the universe is 0 or blank, or active is blank; above 1 kept and noted).
    terminal_rate = Σ active / Σ universe over the dealers with a rate; ``by_territory``
    sums those dealers per territory (of ``dealers``), so its ratio and the overall one
    use the same outlets.

    **Decision (no authorizations):** without an authorisation table, a territory is
    covered when a dealer of ``dealers`` has it as its territory and annual_sales > 0
    (an alliance member that sells there); those dealers are its members.

    **Decision (day):** authorisations are checked on one day, ``on``, by default the
    latest end date of the sheet (the end of the period it describes), so an
    authorisation that lapsed before then leaves its territory uncovered.

    References
    ----------
    Seed 000 (渠道联盟, 鸿兴食品 case): "全力提高县级市场的分销覆盖率，降低销售重心，深入终端";
    "定域、定人、定期"; the distribution alliance "有效扫除了市场盲点，提升了终端覆盖质量".
    docs/method.md §3.4.

    Examples
    --------
    Four counties, D3's authorisation lapsed on 06-30: 3 of 4 covered = 0.75. D1 serves
    300 of 400 outlets, D2 100 of 100 (400 / 500 = 0.8 overall):

    >>> terr = pd.DataFrame({"territory": ["郑州", "开封", "洛阳", "兰考"]})
    >>> auth = pd.DataFrame({"dealer": ["D1", "D2", "D4", "D3"],
    ...                      "territory": ["郑州", "开封", "洛阳", "兰考"],
    ...                      "start": pd.to_datetime(["2025-01-01"] * 4),
    ...                      "end": pd.to_datetime(["2025-12-31"] * 3 + ["2025-06-30"])})
    >>> kpis = pd.DataFrame({"dealer": ["D1", "D2"], "active_outlets": [300, 100],
    ...                      "outlets_in_area": [400, 100]})
    >>> cov = coverage(terr, authorizations=auth, kpis=kpis)
    >>> cov.county_rate, cov.terminal_rate
    (0.75, 0.8)
    >>> cov.counties
              covered members          source
    territory
    郑州           True      D1  authorizations
    开封           True      D2  authorizations
    洛阳           True      D4  authorizations
    兰考          False          authorizations
    >>> cov.terminals[["active_outlets", "outlets_in_area", "rate"]]
            active_outlets  outlets_in_area  rate
    dealer
    D1               300.0            400.0  0.75
    D2               100.0            100.0  1.00
    """
    if dealers is None and authorizations is None:
        raise InputDataError(
            "coverage: pass authorizations= (who holds each territory) or dealers= "
            "(each dealer's territory and annual_sales) to tell which territories are covered"
        )
    t = _need(territories, "territories", ("territory",))
    names = unique_text(
        t,
        "territories",
        "territory",
        blank="blank; expected a territory name",
        repeats="{value} repeats; each territory appears once",
    )
    scope = pd.Index(names.astype("str"), name="territory")

    named: set[str] = set()
    dealer_terr: pd.Series | None = None
    dealer_members: pd.Series | None = None
    if dealers is not None:
        dealer_members, seen = _from_dealers(dealers)
        named |= seen
        d = dealers
        dealer_terr = pd.Series(
            _names(d, "dealers", "territory", required=False).to_numpy(),
            index=_names(d, "dealers", "dealer", required=True).to_numpy(),
        )
        dealer_terr = dealer_terr[~dealer_terr.index.duplicated()]
    if authorizations is not None:
        members, seen, day = _from_authorizations(authorizations, on)
        named |= seen
        source = "authorizations"
    else:
        members = dealer_members if dealer_members is not None else pd.Series(dtype="str")
        day, source = pd.NaT, "dealers"

    counties = pd.DataFrame(index=scope)
    if "province" in t.columns:
        counties["province"] = _names(t, "territories", "province", required=False).to_numpy()
    member_text = members.reindex(scope).fillna("").astype("str")
    counties["covered"] = (member_text != "").astype("bool")
    counties["members"] = member_text
    counties["source"] = pd.Series(source, index=scope, dtype="str")
    counties.attrs["outside_scope"] = sorted(named - set(scope))
    counties.attrs["on"] = day
    county_rate = _ratio(float(counties["covered"].sum()), float(len(scope)))

    terminals = _terminals(kpis, dealer_terr)
    known = terminals[terminals["rate"].notna()]
    terminal_rate = _ratio(known["active_outlets"].sum(), known["outlets_in_area"].sum())

    per = known.groupby("territory", sort=False)[["active_outlets", "outlets_in_area"]].sum()
    by_territory = pd.DataFrame(
        {
            "covered": counties["covered"],
            "members": counties["members"],
            "active_outlets": per["active_outlets"].reindex(scope).astype("float64"),
            "outlets_in_area": per["outlets_in_area"].reindex(scope).astype("float64"),
        },
        index=scope,
    )
    out_den = by_territory["outlets_in_area"]
    by_territory["terminal_rate"] = by_territory["active_outlets"] / out_den.where(out_den > 0)
    return Coverage(
        counties=counties,
        county_rate=county_rate,
        terminals=terminals,
        terminal_rate=terminal_rate,
        by_territory=by_territory[_BY_TERRITORY_COLUMNS],
    )
