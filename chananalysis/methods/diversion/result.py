"""What the engines hand to the shared step, and what `detect_diversion` returns.

The constants name the engines, the severity levels and the two stand-in names the
tables use (`UNAUTHORISED`, `UNASSIGNED`); `_category` gives the per-scan frame its
categoricals, the same on every engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_SEVERITY",
    "ENGINES",
    "SEVERITY_LEVELS",
    "UNASSIGNED",
    "UNAUTHORISED",
    "Diversion",
]

#: The engines `detect_diversion` runs on; all give identical tables.
ENGINES = ("duckdb", "pandas", "dask")
#: Severity of a dealer's diversion rate, from the lowest band up (docs/method.md §4.2 Decision).
SEVERITY_LEVELS = ("normal", "watch", "dangerous")
#: **Decision** (docs/method.md §4.2): the diversion rates from which a dealer is on
#: watch and dangerous.
DEFAULT_SEVERITY = (0.02, 0.05)
#: The embedded engine, for data on one machine.
DEFAULT_ENGINE = "duckdb"
#: "From" territory of a diverted scan whose dealer holds no territory for that line.
UNAUTHORISED = "unauthorised"
#: Fine receiver when nobody holds the destination territory for that line on that day.
UNASSIGNED = "unassigned"

#: The dtype of every date and timestamp column, on every engine.
_US = "datetime64[us]"
#: The keys of an authorisation (and of a shipment's holding).
_AUTH_KEYS = ["dealer", "product_line", "territory"]


@dataclass(frozen=True, eq=False)
class Diversion:
    """What `detect_diversion` found; every table is a new pandas DataFrame.

    Attributes
    ----------
    scans, by_dealer, flows, incidents, evidence, fines, unknown_codes
        The tables described under Returns of `detect_diversion`.
    ties
        Codes whose earliest instant holds scans in two or more territories: the one
        first by territory name counted.
    duplicates
        Scans that did not count: every scan of a code after its first.
    engine
        The engine that ran (``"duckdb"``, ``"pandas"`` or ``"dask"``).
    """

    scans: pd.DataFrame
    by_dealer: pd.DataFrame
    flows: pd.DataFrame
    incidents: pd.DataFrame
    evidence: pd.DataFrame
    fines: pd.DataFrame
    unknown_codes: pd.DataFrame
    ties: int
    duplicates: int
    engine: str


@dataclass(frozen=True, eq=False)
class _Core:
    """What an engine hands to the shared step.

    ``counted``: one row per counted scan of a shipped code, sorted by code: code (str),
    dealer, product_line, territory and ship_territory (categorical; ship_territory only
    when the shipments have a territory column), ship_date, scan_date (datetime64[us]),
    units (int64), diverted (bool). ``unknown``: the ``unknown_codes`` table.
    ``shipped``: units shipped per (dealer, product_line, territory), the territory NaN
    when the shipments have none.
    """

    counted: pd.DataFrame
    unknown: pd.DataFrame
    shipped: pd.DataFrame
    ties: int
    duplicates: int


def _category(s: pd.Series | pd.Categorical) -> pd.Categorical:
    """Categorical whose categories are the values present, in code-point order."""
    s = pd.Series(s)
    if not isinstance(s.dtype, pd.CategoricalDtype):
        cats = sorted(pd.unique(s.dropna().astype("str")))
        return pd.Categorical(s.astype("str"), categories=pd.Index(cats, dtype="str"))
    codes = s.cat.codes.to_numpy()
    names = np.asarray(s.cat.categories.astype("str"), dtype=object)
    used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(names)) > 0)
    order = used[np.argsort(names[used], kind="stable")]  # code-point order of the names
    recode = np.full(len(names) + 1, -1, dtype="int32")  # last slot: a missing value
    recode[order] = np.arange(len(order), dtype="int32")
    return pd.Categorical.from_codes(
        recode[np.where(codes >= 0, codes, len(names))],
        categories=pd.Index(names[order], dtype="str"),
    )
