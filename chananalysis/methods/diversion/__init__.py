"""Cross-territory selling (窜货) from product codes (docs/method.md §4.2, seed 003).

Every sellable unit or case carries a code; the factory knows to which dealer it shipped
each code, and the market scans tell where the code was sold. A scan in a territory the
shipping dealer was not authorised for — for that product line, on that day — is
diverted. `detect_diversion` counts the first scan of each code, flags it, and turns the
diverted scans into what a channel manager acts on: rates and a severity per dealer, a
territory flow matrix, incidents (which feed the star scorecard's veto), the evidence
behind each incident, code by code, and the fines owed to the harmed dealers.

The heavy part (first scan per code, the join with the shipments, the comparison with the
authorisations) runs in one of three engines — DuckDB (default, out of core on Parquet
files), plain pandas (the reference) or Dask (on a cluster) — and everything after it is
one shared pandas step, so the engines give identical tables.

The package, by job:

- `checks`: the options, and shipments, scans and authorisations given as frames;
- `parquet`: shipments and scans given as Parquet files, checked by DuckDB;
- `duckdb_engine`, `pandas_engine`, `dask_engine`: the heavy part, one module each;
- `finish`: the shared pandas step, from the per-scan frame to the tables;
- `result`: `Diversion` and the constants; `api`: the public functions.

Examples
--------
>>> import pandas as pd
>>> ship = pd.DataFrame({"code": ["A1", "A2", "B1"], "dealer": ["D1", "D1", "D2"],
...                      "product_line": ["酱料"] * 3, "ship_date": ["2025-03-01"] * 3,
...                      "territory": ["郑州", "郑州", "洛阳"]})
>>> scans = pd.DataFrame({"code": ["A1", "A2", "B1", "A1"],
...                       "territory": ["郑州", "洛阳", "洛阳", "开封"],
...                       "scan_date": ["2025-03-20", "2025-03-21", "2025-03-22", "2025-04-01"]})
>>> d = detect_diversion(ship, scans, engine="pandas")
>>> d.scans[["code", "dealer", "territory", "from_territory", "diverted"]]
  code dealer territory from_territory  diverted
0   A1     D1        郑州             郑州     False
1   A2     D1        洛阳             郑州      True
2   B1     D2        洛阳             洛阳     False
>>> d.by_dealer[["scanned_units", "diverted_units", "diversion_rate", "severity"]]
        scanned_units  diverted_units  diversion_rate severity
dealer
D1                  2               1             0.5  dangerous
D2                  1               0             0.0     normal
>>> d.duplicates  # A1's second scan (开封, April) does not count
1
"""

from chananalysis.methods.diversion.api import detect_diversion, veto_counts
from chananalysis.methods.diversion.result import (
    DEFAULT_ENGINE,
    DEFAULT_SEVERITY,
    ENGINES,
    SEVERITY_LEVELS,
    UNASSIGNED,
    UNAUTHORISED,
    Diversion,
)

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_SEVERITY",
    "ENGINES",
    "SEVERITY_LEVELS",
    "UNASSIGNED",
    "UNAUTHORISED",
    "Diversion",
    "detect_diversion",
    "veto_counts",
]
