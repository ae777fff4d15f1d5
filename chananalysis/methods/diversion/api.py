"""`detect_diversion` and `veto_counts`: the options and the input checked, one engine
run, the shared step."""

from __future__ import annotations

import contextlib
import os
from typing import Any

import pandas as pd

from chananalysis.errors import InputDataError
from chananalysis.methods.diversion.checks import (
    _authorizations,
    _check_options,
    _frame,
    _is_path,
    _unique_codes,
)
from chananalysis.methods.diversion.dask_engine import _core_dask
from chananalysis.methods.diversion.duckdb_engine import _core_duckdb, _duckdb
from chananalysis.methods.diversion.finish import _finish
from chananalysis.methods.diversion.pandas_engine import _core_pandas
from chananalysis.methods.diversion.parquet import _check_parquet, _read_parquet_frame
from chananalysis.methods.diversion.result import DEFAULT_ENGINE, DEFAULT_SEVERITY, Diversion

__all__ = ["detect_diversion", "veto_counts"]


def detect_diversion(
    shipments: pd.DataFrame | str | os.PathLike,
    scans: pd.DataFrame | str | os.PathLike,
    *,
    authorizations: pd.DataFrame | None = None,
    fine_per_unit: float = 0.0,
    engine: str = DEFAULT_ENGINE,
    severity: tuple[float, float] = DEFAULT_SEVERITY,
    client: Any = None,
    memory_limit: str | int | None = None,
) -> Diversion:
    """Find cross-territory selling (窜货) from product-code scans.

    Parameters
    ----------
    shipments
        The ``shipments`` sheet, or the path of a Parquet file holding it: ``code``
        (unique), ``dealer``, ``product_line``, ``ship_date``, optional ``quantity``
        (units in the code; blank or absent → 1) and optional ``territory`` (shipped to).
    scans
        The ``scans`` sheet, or the path of a Parquet file: ``code``, ``territory``,
        ``scan_date`` (a date, or a timestamp when the time is known); further columns
        (``price``, ``channel``) are not read. A Parquet file is read by DuckDB (or Dask)
        directly, never loaded whole into pandas by the ``duckdb`` engine.
    authorizations
        The ``authorizations`` sheet (a DataFrame): ``dealer, territory, product_line,
        start, end``, inclusive days. Without it, the shipments' ``territory`` column
        says where each code belonged.
    fine_per_unit
        Fine per diverted unit (yuan), paid to the harmed dealer; 0 leaves amounts at 0.
    engine
        ``"duckdb"`` (default: embedded, parallel, spills to disk beyond
        ``memory_limit``), ``"pandas"`` (the plain reference) or ``"dask"`` (on the
        cluster of ``client``). All three return identical tables.
    severity
        ``(low, high)`` diversion rates: rate < low → ``normal``; low ≤ rate ≤ high →
        ``watch``; rate > high → ``dangerous`` (Decision: 2 % and 5 %).
    client
        With ``engine="dask"``: a ``distributed.Client`` or a scheduler address; ``None``
        uses Dask's current scheduler (the default client if there is one).
    memory_limit
        With ``engine="duckdb"``: DuckDB's memory limit (``"4GB"`` or bytes); default a
        quarter of the machine's memory, at most 1 GiB — raise it for hundreds of
        millions of scans. DuckDB spills to a temporary folder of its own beyond it
        (under ``TMPDIR``), removed afterwards. The tables returned live in pandas,
        outside this limit. Parquet files are checked with DuckDB whatever the engine.

    Returns
    -------
    Diversion
        A frozen record of new DataFrames (RangeIndex unless said otherwise):

        ``scans``
            One row per counted scan of a shipped code, sorted by ``code``: ``code``,
            ``dealer``, ``product_line``, ``ship_date``, ``units`` (the code's
            quantity), ``scan_date``, ``territory`` (where scanned), ``from_territory``
            (the scan's territory when not diverted; else see Notes), ``diverted``
            (bool). ``dealer``, ``product_line``, ``territory`` and ``from_territory``
            are categoricals (categories: the values present, in code-point order), so
            tens of millions of rows fit in memory.
        ``by_dealer``
            Index ``dealer`` (every dealer shipped to, sorted): ``shipped_units``,
            ``scanned_units``, ``diverted_units``, ``diversion_rate`` (diverted /
            scanned units; NaN with no scans), ``incidents``, ``fine`` (diverted units ×
            fine_per_unit, paid), ``severity`` (``normal``, ``watch``, ``dangerous``;
            NaN with no scans).
        ``flows``
            Diverted units from → to: index ``from`` (territories sorted, then
            ``unauthorised``), columns ``to`` (destination territories, sorted); int64,
            0 where none. Empty when nothing was diverted.
        ``incidents``
            One row per dealer × destination territory × calendar month of the scan with
            diverted units, sorted by dealer, month, territory: ``incident`` (id
            ``dealer/YYYY-MM/territory``), ``dealer``, ``territory``, ``month``
            (``YYYY-MM``), ``product_lines`` (``"; "``-joined), ``units``, ``scans``,
            ``first_scan``, ``last_scan``, ``fine``, ``receiver`` (``"; "``-joined).
        ``evidence``
            Every diverted counted scan, in incident order then by scan date and code:
            ``incident``, ``code``, ``dealer`` (shipped to), ``product_line``,
            ``ship_date``, ``scan_date``, ``territory`` (scanned in),
            ``from_territory``, ``units``, ``fine``, ``receiver``.
        ``fines``
            Sorted by ``payer``, ``receiver``: ``payer`` (the dealer the codes were
            shipped to), ``receiver`` (a dealer, or ``unassigned``), ``units`` (float:
            shared units are split), ``amount`` (units × fine_per_unit).
        ``unknown_codes``
            Codes scanned but never shipped (counterfeit or a data error), sorted:
            ``code``, ``territory`` and ``first_scan`` of the first scan, ``scans``.

        Further fields: ``ties`` (codes whose earliest instant holds scans in two or more
        territories), ``duplicates`` (scans after a code's first, which do not count) and
        ``engine``.

    Raises
    ------
    InputDataError
        A missing column; a blank cell in a required column; a date that is not a date,
        a quantity that is not a whole number ≥ 1, a text column holding numbers with
        decimals or dates (the message names the table, row or Parquet record, column,
        the value and what was expected); a shipment code given twice; an authorisation
        ending before it starts; neither ``authorizations`` nor a ``territory`` column in
        ``shipments``; an unknown engine, severity bands not ``0 ≤ low < high ≤ 1``, a
        negative fine, a ``client`` without ``engine="dask"``, a memory limit DuckDB
        cannot read.

    Notes
    -----
    First scan (Decision): only the earliest scan of a code counts (by ``scan_date``
    with its time, to the microsecond); scans of one code at the same instant are
    ordered by territory name (code-point order) and the first counts, so the result
    depends neither on row order nor on the engine. ``ties`` counts the codes where
    that rule decided; later scans are ``duplicates``.

    Diverted: the first scan's territory is not one the shipping dealer was authorised
    for, for the code's product line, on the scan's day (start ≤ day ≤ end; times with
    a time zone are taken in UTC). Without
    ``authorizations``: the territory differs from the shipment's ``territory`` (a
    blank shipment territory counts as diverted, from ``unauthorised``). Units of a
    scan = the quantity of its code.

    From territory of a diverted scan (Decision): the territory its dealer held for
    that line on that day; with several, the shipment's own ``territory`` when it is
    one of them, else the first by name; ``unauthorised`` when the dealer held none.

    Fine: diverted units × fine_per_unit, paid by the shipping dealer to the dealer
    who held the destination territory for that line on that day (without
    authorisations: the other dealers whose shipments of that line went there), or
    ``unassigned`` when nobody did. Several holders (Decision): the units and the
    amount are split equally among them.

    Severity (Decision): rate < low normal ("没有窜货的销售是不红火的销售"); low ≤
    rate ≤ high watch — exactly 2 % and exactly 5 % are both ``watch``; rate > high
    dangerous ("大量窜货的销售是很危险的销售"). A dealer with no scanned units has no
    rate and no severity (NaN).

    Incidents: distinct (dealer, destination territory, calendar month of the scan)
    with diverted units; the count per dealer feeds the star scorecard's veto
    (`veto_counts`, docs/method.md §2.1).

    References
    ----------
    Seed 003, 案例：关于窜货 (cases 1–4) and 何谓窜货: "越区销售"; case 4 fines each
    diverted bag 20 yuan and pays the 1,200 yuan for 60 bags to the harmed dealer.
    docs/method.md §4.2: the rules, the Decisions on the first scan and the severity bands;
    §2.1: incidents feed the veto.

    Examples
    --------
    Seed 003, case 4: dealer D1 (洞口县高沙片) sold 60 bags in D2's territory (城关片)
    after the 20 yuan-a-bag fine was announced.

    >>> codes = [f"F{i:03d}" for i in range(100)]
    >>> ship = pd.DataFrame({"code": codes, "dealer": ["D1"] * 60 + ["D2"] * 40,
    ...                      "product_line": "饲料", "ship_date": "2025-05-02"})
    >>> scans = pd.DataFrame({"code": codes, "territory": "城关片",
    ...                       "scan_date": pd.date_range("2025-05-06", periods=100, freq="6h")})
    >>> auth = pd.DataFrame({"dealer": ["D1", "D2"], "territory": ["高沙片", "城关片"],
    ...                      "product_line": "饲料", "start": "2025-01-01", "end": "2025-12-31"})
    >>> d = detect_diversion(ship, scans, authorizations=auth, fine_per_unit=20)
    >>> d.fines
      payer receiver  units  amount
    0    D1       D2   60.0  1200.0
    >>> d.incidents[["incident", "units", "scans", "fine", "receiver"]]
               incident  units  scans    fine receiver
    0  D1/2025-05/城关片     60     60  1200.0       D2
    >>> len(d.evidence), d.flows.loc["高沙片", "城关片"]
    (60, np.int64(60))
    >>> d.by_dealer[["diverted_units", "diversion_rate", "severity"]]
            diverted_units  diversion_rate   severity
    dealer
    D1                  60             1.0  dangerous
    D2                   0             0.0     normal
    """
    bands, fine = _check_options(engine, severity, fine_per_unit, client)
    needs_duck = engine == "duckdb" or _is_path(shipments) or _is_path(scans)
    with _duckdb(memory_limit) if needs_duck else contextlib.nullcontext() as con:
        types: dict[str, dict[str, str]] = {"shipments": {}, "scans": {}}
        inputs = {}
        for table, data in (("shipments", shipments), ("scans", scans)):
            if _is_path(data):
                types[table] = _check_parquet(con, table, str(data))
                inputs[table] = str(data)
            else:
                inputs[table] = _frame(table, data)
                if table == "shipments":
                    _unique_codes(inputs[table])
        ship, scan = inputs["shipments"], inputs["scans"]
        has_terr = "territory" in (types["shipments"] if _is_path(ship) else ship.columns)
        if authorizations is None and not has_terr:
            got = types["shipments"] if _is_path(ship) else ship.columns
            raise InputDataError(
                "authorizations is None and shipments has no territory column: a scan is "
                "diverted when its territory is not one its dealer was authorised for "
                "(docs/method.md §4.2); give authorizations, or a territory column in shipments "
                f"(shipments has: {', '.join(map(str, got))})"
            )
        auth = None if authorizations is None else _authorizations(authorizations)
        if engine == "duckdb":
            core = _core_duckdb(con, ship, scan, auth, types)
        elif engine == "pandas":
            if _is_path(ship):
                ship = _read_parquet_frame("shipments", ship, types["shipments"])
            if _is_path(scan):
                scan = _read_parquet_frame("scans", scan, types["scans"])
            core = _core_pandas(ship, scan, auth)
        else:
            core = _core_dask(ship, scan, auth, client, types)
    return _finish(core, auth, fine, bands, engine)


def veto_counts(diversion: Diversion) -> pd.Series:
    """Diversion incidents per dealer, for the star scorecard's veto.

    Parameters
    ----------
    diversion
        A result of `detect_diversion`.

    Returns
    -------
    pandas.Series
        Index ``dealer`` (every dealer of ``diversion.by_dealer``), int64 incident
        counts, named ``diversion_incidents``; pass it as ``star_scorecard(kpis,
        veto_counts=...)``.

    Raises
    ------
    InputDataError
        ``diversion`` is not a `Diversion`.

    Notes
    -----
    count = number of distinct (dealer, destination territory, month) with diverted
    units; the scorecard then applies its veto steps (1 → −5; 2 → −15; ≥ 3 → −15 and
    disqualified).

    References
    ----------
    docs/method.md §2.1 (否定指标: 窜货、砸价 complaints in the year) and §4.2 (incidents feed
    the veto count); seed 003, 案例四.

    Examples
    --------
    >>> ship = pd.DataFrame({"code": ["a", "b"], "dealer": ["D1", "D2"],
    ...                      "product_line": "饲料", "ship_date": "2025-01-02",
    ...                      "territory": ["东", "西"]})
    >>> scans = pd.DataFrame({"code": ["a", "b"], "territory": ["西", "西"],
    ...                       "scan_date": ["2025-02-01", "2025-02-03"]})
    >>> veto_counts(detect_diversion(ship, scans, engine="pandas")).to_dict()
    {'D1': 1, 'D2': 0}
    """
    if not isinstance(diversion, Diversion):
        raise InputDataError(
            f"veto_counts: expected the result of detect_diversion; got {type(diversion).__name__}"
        )
    return diversion.by_dealer["incidents"].astype("int64").rename("diversion_incidents")
