"""Intake loading and validation of a large scan table, against plain pandas reads.

Baseline: ``pd.read_parquet`` / ``pd.read_csv`` of the same file (no validation).
Measured: ``ca.load_client`` of a client folder holding that file as ``scans`` (read,
type, check every cell, check duplicates and references). Each run is a fresh
subprocess, so peak memory (its VmHWM) is that run's alone; imports done by the call
itself (pyarrow for both) count, ``import pandas, chananalysis`` does not. Prints the
median wall time of ``--repeat`` interleaved runs (and the fastest), the median CPU time
(all threads: steadier than wall time on a shared machine, but a parallel reader spends
more of it), the highest peak, and the ratios: of the medians, and the median of each
load_client run against the baseline run just before it.

    python benchmarks/bench_intake.py [--rows 2000000] [--repeat 5] [--formats parquet,csv]
    python benchmarks/bench_intake.py --rows 20000000 --formats parquet   # the 20 M target

The client is written under ``--tmp`` (default: the system's temporary folder); 20 M rows
take about 65 MB as Parquet and 650 MB as CSV there. ``--json FILE`` also writes the
results as rows for ``benchmarks/summary.py``.
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
import pyarrow as pa
import pyarrow.compute as pc

import chananalysis as ca

_CHILD = r"""
import json, sys, time
import pandas as pd
import chananalysis as ca
what, path = sys.argv[1], sys.argv[2]
t0, c0 = time.perf_counter(), time.process_time()
if what == "baseline-parquet":
    frame = pd.read_parquet(path + "/scans.parquet")
elif what == "baseline-csv":
    frame = pd.read_csv(path + "/scans.csv")
else:
    frame = ca.load_client(path).scans
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report the
# benchmark parent's size (it holds the generated table) instead of its own peak.
with open("/proc/self/status", encoding="ascii") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
out = {"seconds": dt, "cpu": cpu, "rows": len(frame), "maxrss_mb": hwm / 1024}
out["frame_mb"] = frame.memory_usage(deep=True).sum() / 2**20
print(json.dumps(out))
"""


_FORMAT_NAMES = {"parquet": "Parquet", "csv": "CSV"}


def _client(folder: Path, rows: int, fmt: str) -> Path:
    """A client folder whose ``scans`` has ``rows`` rows (seeded: same data every time)."""
    rng = np.random.default_rng(7)
    territories = pa.array(["郑州", "洛阳", "开封", "商丘", "菏泽", "济南", "石家庄", "邯郸"])
    # Arrow builds the 20 M strings in seconds (numpy's str arrays took 40 s and 6 GB)
    code = pc.binary_join_element_wise("FSG", pc.cast(pa.array(np.arange(rows)), pa.string()), "")
    scans = pd.DataFrame(
        {
            "code": code.to_pandas(),
            "territory": territories.take(rng.integers(0, len(territories), rows)).to_pandas(),
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
    ap.add_argument("--formats", default="parquet,csv", help="comma-separated: parquet, csv")
    ap.add_argument("--tmp", default=None, help="folder for the generated client")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write result rows here")
    args = ap.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - {"parquet", "csv"})
    if unknown:
        ap.error(f"--formats: unknown {', '.join(unknown)}; expected parquet and/or csv")
    rows = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for fmt in formats:
            folder = _client(Path(tmp) / fmt, args.rows, fmt)
            size = (folder / f"scans.{fmt}").stat().st_size / 2**20
            res: dict[str, list[dict]] = {"baseline": [], "load_client": []}
            for _ in range(args.repeat):  # interleaved: a noisy machine hits both alike
                res["baseline"].append(_run(f"baseline-{fmt}", folder))
                res["load_client"].append(_run("load_client", folder))
            if {r["rows"] for v in res.values() for r in v} != {args.rows}:
                raise SystemExit(f"{fmt}: a run did not return {args.rows:,} rows")
            med = {k: statistics.median(r["seconds"] for r in v) for k, v in res.items()}
            low = {k: min(r["seconds"] for r in v) for k, v in res.items()}
            cpu = {k: statistics.median(r["cpu"] for r in v) for k, v in res.items()}
            mem = {k: max(r["maxrss_mb"] for r in v) for k, v in res.items()}
            # each load_client run against the baseline run just before it: on a shared
            # machine a pair sees the same load, so this ratio moves less than the medians
            paired = statistics.median(
                a["seconds"] / b["seconds"]
                for a, b in zip(res["load_client"], res["baseline"], strict=True)
            )
            base = "pd.read_parquet" if fmt == "parquet" else "pd.read_csv"
            frame_mb = res["baseline"][0]["frame_mb"]
            print(
                f"{fmt} {args.rows:,} scans ({size:.0f} MB file, {frame_mb:.0f} MB frame), "
                f"{args.repeat} interleaved runs each\n"
                f"  {base:16s} median {med['baseline']:6.2f} s (min {low['baseline']:.2f}, "
                f"CPU {cpu['baseline']:.2f} s)  peak {mem['baseline']:5.0f} MB\n"
                f"  {'load_client':16s} median {med['load_client']:6.2f} s "
                f"(min {low['load_client']:.2f}, CPU {cpu['load_client']:.2f} s)  "
                f"peak {mem['load_client']:5.0f} MB\n"
                f"  ratio {med['load_client'] / med['baseline']:.2f}x time "
                f"(paired runs {paired:.2f}x, CPU {cpu['load_client'] / cpu['baseline']:.2f}x), "
                f"{mem['load_client'] / mem['baseline']:.2f}x memory",
                flush=True,
            )
            rows.append(
                {
                    "benchmark": "intake",
                    "case": f"load_client, {args.rows:,} scans, {_FORMAT_NAMES[fmt]}",
                    "baseline": base,
                    "baseline_s": med["baseline"],
                    "kit_s": med["load_client"],
                    "ratio": med["load_client"] / med["baseline"],
                    "direction": "kit/baseline",
                    "peak_mb": mem["load_client"],
                    "baseline_peak_mb": mem["baseline"],
                    "identical": None,
                    "note": f"{args.repeat} interleaved run(s); paired-run ratio {paired:.2f}x, "
                    f"CPU {cpu['load_client'] / cpu['baseline']:.2f}x; peak = highest VmHWM; "
                    "same row count, values not compared (load_client also types and checks)",
                }
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.0f} s")
