"""Intake loading and validation of a large scan table, against plain pandas reads.

Baseline: ``pd.read_parquet`` / ``pd.read_csv`` of the same file (no validation).
Measured: ``ca.load_client`` of a client folder holding that file as ``scans`` (read,
type, check every cell, check duplicates and references). Each run is a fresh
subprocess, so peak memory (its VmHWM) is that run's alone. Prints medians and ratios.

    python benchmarks/bench_intake.py [--rows 2000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import chananalysis as ca

_CHILD = r"""
import json, sys, time
import pandas as pd
import chananalysis as ca
what, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if what == "baseline-parquet":
    n = len(pd.read_parquet(path + "/scans.parquet"))
elif what == "baseline-csv":
    n = len(pd.read_csv(path + "/scans.csv"))
else:
    n = len(ca.load_client(path).scans)
dt = time.perf_counter() - t0
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report the
# benchmark parent's size (it holds the generated table) instead of its own peak.
with open("/proc/self/status", encoding="ascii") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(json.dumps({"seconds": dt, "rows": n, "maxrss_mb": hwm / 1024}))
"""


def _client(folder: Path, rows: int, fmt: str) -> Path:
    rng = np.random.default_rng(7)
    territories = np.array(["郑州", "洛阳", "开封", "商丘", "菏泽", "济南", "石家庄", "邯郸"])
    scans = pd.DataFrame(
        {
            "code": pd.Series(np.char.add("FSG", np.arange(rows).astype(str))),
            "territory": territories[rng.integers(0, len(territories), rows)],
            "scan_date": pd.Timestamp("2025-01-01")
            + pd.to_timedelta(rng.integers(0, 365, rows), unit="D"),
            "price": rng.normal(9.0, 0.6, rows).round(2),
        }
    )
    frames = {
        "client": pd.DataFrame({"field": ["client_name"], "value": ["基准客户"]}),
        "channels": pd.DataFrame(
            {
                "channel": ["KA", "流通"],
                "sales": [1.0, 2.0],
                "sales_prev": [1.0, 1.0],
                "variable_cost_rate": [0.1, 0.1],
                "fixed_cost": [0.0, 0.0],
            }
        ),
        "scans": scans,
    }
    return ca.write_intake(folder, frames, lang="en", external={"scans": fmt})


def _run(what: str, folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, what, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("parquet", "csv"):
            folder = _client(Path(tmp) / fmt, args.rows, fmt)
            res: dict[str, list[dict]] = {"baseline": [], "load_client": []}
            for _ in range(args.repeat):  # interleaved: a noisy machine hits both alike
                res["baseline"].append(_run(f"baseline-{fmt}", folder))
                res["load_client"].append(_run("load_client", folder))
            med = {k: statistics.median(r["seconds"] for r in v) for k, v in res.items()}
            mem = {k: max(r["maxrss_mb"] for r in v) for k, v in res.items()}
            print(
                f"{fmt:8s} {args.rows:,} scans | baseline read {med['baseline']:.2f} s "
                f"(peak {mem['baseline']:.0f} MB) | load_client {med['load_client']:.2f} s "
                f"(peak {mem['load_client']:.0f} MB) | ratio "
                f"{med['load_client'] / med['baseline']:.2f}x time, "
                f"{mem['load_client'] / mem['baseline']:.2f}x memory "
                f"(median of {args.repeat})"
            )


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.0f} s")
