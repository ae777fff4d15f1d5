"""Diversion (窜货) detection on generated scans: plain pandas against DuckDB on Parquet.

Data (seeded, written to Parquet in a temporary folder): N scans over N/2 shipped codes —
each code drawn at random, so most are scanned more than once (the duplicates) and some
never; 1 % of the scans carry codes never shipped; 3 % of the scans are planted in the
neighbouring territory; 300 dealers, each at home in one territory, 3 product lines, and
on 2025-07-01 every tenth territory hands line L0 over to the next dealer.

Variants, each run in a child process of its own (so its peak is its own: the child's
VmHWM, its maximum resident set size), each timing the median of ``--repeat`` runs:

- ``pandas``: the plain approach — read the Parquet files, sort the scans, drop repeated
  codes, merge scans → shipments → authorisations, compare, group by dealer;
- ``duckdb``: ``detect_diversion(shipments.parquet, scans.parquet, engine="duckdb")``,
  which computes every table of the result (rates, flows, incidents, evidence, fines).

Both must count the same diverted units, so the comparison is honest.

    python benchmarks/bench_diversion.py [--scans 2000000,20000000] [--repeat 3]
                                          [--out-of-core 100000000] [--memory-limit 6GiB]
                                          [--json FILE]

``--out-of-core N`` runs only the DuckDB variant on N scans, with DuckDB's memory limited
to ``--memory-limit`` (default 6 GiB: DuckDB spills the rest to disk; the per-scan table
it returns lives in pandas besides). It needs about N × 25 bytes of free disk in the
temporary folder and is skipped with less than 20 GB free.

``--json FILE`` also writes the results as rows for ``benchmarks/summary.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
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
import pyarrow.parquet as pq

DEALERS, LINES, CHUNK, SEED = 300, 3, 5_000_000, 2025
DAY0 = np.datetime64("2025-01-01", "us")
DAY_US = 86_400 * 10**6


# --- data ------------------------------------------------------------------------------------


def _codes(prefix: str, idx: np.ndarray) -> pa.Array:
    padded = pc.utf8_lpad(pc.cast(pa.array(idx), pa.string()), width=10, padding="0")
    return pc.binary_join_element_wise(prefix, padded, "")


def _names(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:03d}" for i in range(n)], dtype=object)


def authorizations() -> pd.DataFrame:
    """Each dealer holds its home territory (T = its number) for every line, all year;
    every tenth territory hands L0 over to the next dealer on 2025-07-01."""
    rows = []
    for d in range(DEALERS):
        for ln in range(LINES):
            if ln == 0 and d % 10 == 0:
                rows.append((d, d, ln, "2025-01-01", "2025-06-30"))
                rows.append(((d + 1) % DEALERS, d, ln, "2025-07-01", "2025-12-31"))
            else:
                rows.append((d, d, ln, "2025-01-01", "2025-12-31"))
    a = pd.DataFrame(rows, columns=["dealer", "territory", "product_line", "start", "end"])
    return a.assign(
        dealer=_names("D", DEALERS)[a["dealer"]],
        territory=_names("T", DEALERS)[a["territory"]],
        product_line=_names("L", LINES)[a["product_line"]],
        start=pd.to_datetime(a["start"]),
        end=pd.to_datetime(a["end"]),
    )


def generate(n_scans: int, folder: Path) -> None:
    """Write shipments.parquet, scans.parquet and authorizations.parquet to ``folder``."""
    rng = np.random.default_rng(SEED)
    n_codes = n_scans // 2
    dealer = rng.integers(0, DEALERS, n_codes, dtype=np.int16)
    line = rng.integers(0, LINES, n_codes, dtype=np.int8)
    ship_day = rng.integers(0, 300, n_codes, dtype=np.int16)
    qty = rng.choice(np.array([1, 6, 12, 24], dtype=np.int16), n_codes)
    dealers, lines, terr = _names("D", DEALERS), _names("L", LINES), _names("T", DEALERS)
    ship_schema = pa.schema(
        [
            ("code", pa.string()),
            ("dealer", pa.string()),
            ("product_line", pa.string()),
            ("ship_date", pa.timestamp("us")),
            ("quantity", pa.int16()),
            ("territory", pa.string()),
        ]
    )
    with pq.ParquetWriter(folder / "shipments.parquet", ship_schema) as w:
        for lo in range(0, n_codes, CHUNK):
            hi = min(lo + CHUNK, n_codes)
            d, ln = dealer[lo:hi], line[lo:hi]
            cols = [
                _codes("C", np.arange(lo, hi)),
                pa.array(dealers[d], pa.string()),
                pa.array(lines[ln], pa.string()),
                pa.array(DAY0 + ship_day[lo:hi].astype("int64") * DAY_US),
                pa.array(qty[lo:hi]),
                pa.array(terr[d], pa.string()),
            ]
            w.write_table(pa.Table.from_arrays(cols, schema=ship_schema))
    scan_schema = pa.schema(
        [("code", pa.string()), ("territory", pa.string()), ("scan_date", pa.timestamp("us"))]
    )
    with pq.ParquetWriter(folder / "scans.parquet", scan_schema) as w:
        for lo in range(0, n_scans, CHUNK):
            n = min(CHUNK, n_scans - lo)
            code = rng.integers(0, n_codes, n)
            unknown = rng.random(n) < 0.01
            planted = rng.random(n) < 0.03
            home = dealer[code].astype(np.int64)
            where = np.where(planted, (home + 1) % DEALERS, home)
            day = ship_day[code].astype(np.int64) + rng.integers(1, 61, n)
            hour = rng.integers(8, 21, n)  # whole hours: some repeats share the instant
            when = DAY0 + day * DAY_US + hour * 3_600 * 10**6
            codes = pc.if_else(
                pa.array(unknown), _codes("X", code), _codes("C", code)
            )  # an unknown code: same digits, another prefix
            cols = [codes, pa.array(terr[where], pa.string()), pa.array(when)]
            w.write_table(pa.Table.from_arrays(cols, schema=scan_schema))
    authorizations().to_parquet(folder / "authorizations.parquet", index=False)


# --- the variants (run in a child process) ---------------------------------------------------


def plain_pandas(folder: Path) -> dict:
    """The plain approach, as an analyst would write it."""
    ship = pd.read_parquet(folder / "shipments.parquet")
    scans = pd.read_parquet(folder / "scans.parquet")
    auth = pd.read_parquet(folder / "authorizations.parquet")
    scans = scans.sort_values(["code", "scan_date", "territory"])
    first = scans.drop_duplicates("code", keep="first")
    known = first.merge(ship.drop(columns="territory"), on="code", how="inner")
    known["day"] = known["scan_date"].dt.normalize()
    pairs = known[["code", "dealer", "product_line", "territory", "day"]].merge(
        auth, on=["dealer", "product_line", "territory"]
    )
    covered = pairs.loc[pairs["start"].le(pairs["day"]) & pairs["day"].le(pairs["end"]), "code"]
    known["diverted"] = ~known["code"].isin(covered)
    known["diverted_units"] = known["quantity"].where(known["diverted"], 0)
    by_dealer = known.groupby("dealer")[["quantity", "diverted_units"]].sum()
    return {"counted": len(known), "diverted_units": int(by_dealer["diverted_units"].sum())}


def kit_duckdb(folder: Path, memory_limit: str | None) -> dict:
    from chananalysis.methods.diversion import detect_diversion

    d = detect_diversion(
        str(folder / "shipments.parquet"),
        str(folder / "scans.parquet"),
        authorizations=pd.read_parquet(folder / "authorizations.parquet"),
        fine_per_unit=20,
        engine="duckdb",
        memory_limit=memory_limit,
    )
    return {
        "counted": len(d.scans),
        "diverted_units": int(d.by_dealer["diverted_units"].sum()),
        "incidents": len(d.incidents),
        "ties": d.ties,
        "duplicates": d.duplicates,
        "unknown_codes": len(d.unknown_codes),
    }


def child(variant: str, folder: Path, memory_limit: str | None) -> None:
    t0 = time.perf_counter()
    out = plain_pandas(folder) if variant == "pandas" else kit_duckdb(folder, memory_limit)
    out["seconds"] = time.perf_counter() - t0
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork and exec, so a child would
    # report the benchmark parent's size (it generated the data) instead of its own peak.
    with open("/proc/self/status", encoding="ascii") as fh:
        hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    out["peak_mb"] = hwm / 1024  # KiB
    print(json.dumps(out))


# --- measurement -----------------------------------------------------------------------------


def measure(variant: str, folder: Path, repeat: int, memory_limit: str | None) -> dict:
    runs = []
    for _ in range(repeat):
        cmd = [sys.executable, __file__, "--child", variant, "--data", str(folder)]
        if memory_limit:
            cmd += ["--memory-limit", memory_limit]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"{variant} failed:\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    out = dict(runs[-1])
    out["seconds"] = statistics.median(r["seconds"] for r in runs)
    out["peak_mb"] = statistics.median(r["peak_mb"] for r in runs)
    out["all_seconds"] = [round(r["seconds"], 2) for r in runs]
    return out


def _result(case: str, kit: dict, base: dict | None, same: bool | None) -> dict:
    """One row for ``--json``: ratio = baseline / kit (a speed-up)."""
    note = f"runs {kit['all_seconds']} s; peak = each child's VmHWM, median"
    if base is None:
        note += "; no baseline: plain pandas cannot hold it"
    else:
        note += f"; pandas runs {base['all_seconds']} s"
    return {
        "benchmark": "diversion",
        "case": case,
        "baseline": "plain pandas" if base is not None else None,
        "baseline_s": base["seconds"] if base is not None else None,
        "kit_s": kit["seconds"],
        "ratio": base["seconds"] / kit["seconds"] if base is not None else None,
        "direction": "baseline/kit",
        "peak_mb": kit["peak_mb"],
        "baseline_peak_mb": base["peak_mb"] if base is not None else None,
        "identical": same,
        "note": note,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", default="2000000", help="sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out-of-core", type=int, default=0, metavar="N")
    parser.add_argument("--memory-limit", default=None, help="DuckDB's (out of core: 6GiB)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write result rows here")
    parser.add_argument("--child", choices=["pandas", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.memory_limit)
        return 0

    sizes = [int(s) for s in args.scans.split(",") if s]
    rows, same, results = [], True, []
    with tempfile.TemporaryDirectory(prefix="bench-diversion-") as tmp:
        for n in sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            t0 = time.perf_counter()
            generate(n, folder)
            print(f"{n:,} scans generated in {time.perf_counter() - t0:.0f} s", flush=True)
            base = measure("pandas", folder, args.repeat, None)
            kit = measure("duckdb", folder, args.repeat, args.memory_limit)
            agree = base["diverted_units"] == kit["diverted_units"]
            agree &= base["counted"] == kit["counted"]
            same &= agree
            results.append(_result(f"{n:,} scans", kit, base, agree))
            rows += [(n, "plain pandas", base, base), (n, "detect_diversion duckdb", kit, base)]
            print(
                f"  pandas {base['all_seconds']} s, duckdb {kit['all_seconds']} s; "
                f"counted {kit['counted']:,}, diverted units {kit['diverted_units']:,} "
                f"(pandas {base['diverted_units']:,}); ties {kit['ties']:,}, duplicates "
                f"{kit['duplicates']:,}, unknown codes {kit['unknown_codes']:,}, incidents "
                f"{kit['incidents']:,}",
                flush=True,
            )
            shutil.rmtree(folder)
        if args.out_of_core:
            n = args.out_of_core
            free = shutil.disk_usage(tmp).free
            if free < 20 * 10**9:
                print(f"out of core: skipped, {free / 1e9:.0f} GB free in {tmp} (< 20 GB)")
            else:
                folder = Path(tmp) / str(n)
                folder.mkdir()
                t0 = time.perf_counter()
                generate(n, folder)
                print(f"{n:,} scans generated in {time.perf_counter() - t0:.0f} s", flush=True)
                limit = args.memory_limit or "6GiB"
                kit = measure("duckdb", folder, args.repeat, limit)
                rows.append((n, f"detect_diversion duckdb, memory_limit {limit}", kit, None))
                results.append(
                    _result(f"{n:,} scans, out of core, memory_limit {limit}", kit, None, None)
                )
                print(f"  duckdb {kit['all_seconds']} s", flush=True)

    print()
    print(f"{'scans':>12}  {'variant':<44} {'median s':>9} {'peak MB':>9} {'× pandas':>9}")
    for n, name, res, base in rows:
        ratio = f"{base['seconds'] / res['seconds']:.1f}x" if base is not None else "-"
        print(f"{n:>12,}  {name:<44} {res['seconds']:>9.2f} {res['peak_mb']:>9,.0f} {ratio:>9}")
    kit_times = {n: r["seconds"] for n, name, r, _ in rows if name.startswith("detect")}
    if args.out_of_core and args.out_of_core in kit_times and len(kit_times) > 1:
        biggest = max(k for k in kit_times if k != args.out_of_core)
        print(
            f"out of core: {kit_times[args.out_of_core] / kit_times[biggest]:.1f}x the time "
            f"of {biggest:,} scans for {args.out_of_core / biggest:.0f}x the scans"
        )
    print(f"both variants count the same scans and diverted units: {same}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not same:
        raise SystemExit("the variants disagree")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
