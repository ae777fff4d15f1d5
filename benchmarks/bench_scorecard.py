"""The star-dealer scorecard on 100,000 synthetic dealers, against a row-by-row baseline.

Baseline: ``DataFrame.apply(axis=1)`` of the same rules (the bundled star_dealer.yaml,
docs/method.md §2.1) written plainly below, one dealer at a time — what a spreadsheet-minded
script would do. Measured: ``star_scorecard``, one vectorised pass per indicator. Both
run in this process on the same frame; each timing is the median of ``--repeat`` runs,
and the two must give the same totals (``np.allclose``, NaN where the other has NaN) so
the comparison is honest. Peak memory is traced (tracemalloc) in a separate run of each.

    python benchmarks/bench_scorecard.py [--dealers 100000] [--repeat 3] [--json FILE]

``--json FILE`` also writes the result as a row for ``benchmarks/summary.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from chananalysis.methods.scorecard import star_scorecard
from chananalysis.methods.scorecard_config import load_scorecard

EPS = 1e-9


def synthetic(n: int, seed: int = 2025) -> pd.DataFrame:
    """``n`` dealers with plausible KPIs; about 1 % have a zero target or base."""
    rng = np.random.default_rng(seed)
    contract = rng.uniform(0.3e6, 30e6, n).round(-3)
    last = contract * rng.uniform(0.7, 1.1, n)
    key_target = contract * rng.uniform(0.05, 0.2, n)
    outlet_target = rng.integers(10, 300, n)
    ch_last = contract * rng.uniform(0.2, 0.8, n)
    zero = rng.random(n) < 0.01
    frame = pd.DataFrame(
        {
            "dealer": np.char.add("D", np.arange(n).astype(str)),
            "actual_sales": (contract * rng.uniform(0.6, 1.4, n)).round(-3),
            "contract_sales": np.where(zero, 0.0, contract),
            "sales_last_year": last.round(-3),
            "key_sku_sales": (key_target * rng.uniform(0.2, 1.5, n)).round(-2),
            "key_sku_target": key_target.round(-2),
            "new_outlets": (outlet_target * rng.uniform(0.3, 1.4, n)).astype(int),
            "new_outlet_target": outlet_target,
            "channel_sales": (ch_last * rng.uniform(0.8, 1.3, n)).round(-3),
            "channel_sales_last_year": np.where(rng.random(n) < 0.01, 0.0, ch_last.round(-3)),
            "active_outlets": rng.integers(0, 900, n),
            "outlets_in_area": rng.integers(900, 1500, n),
            "compliant_stores": rng.integers(0, 100, n),
            "audited_stores": rng.integers(100, 120, n),
            "skus_on_shelf": rng.integers(5, 40, n),
            "benchmark_skus": rng.integers(30, 45, n),
            "activity_execution": rng.integers(40, 101, n).astype(float),
            "new_product_launch": rng.integers(40, 101, n).astype(float),
        }
    )
    for col, lam in (
        ("late_deliveries", 3),
        ("late_exchanges", 1.5),
        ("complaints_office", 0.8),
        ("complaints_branch", 0.3),
        ("complaints_hq", 0.1),
        ("posm_failures", 2),
        ("instore_failures", 2),
        ("outstore_failures", 2),
        ("self_activities", 1),
        ("branch_activities", 0.4),
        ("national_activities", 0.1),
        ("branch_experience", 0.3),
        ("national_experience", 0.1),
        ("diversion_complaints", 0.4),
    ):
        frame[col] = rng.poisson(lam, n)
    for col in (
        "internal_systems",
        "sales_information",
        "warehouse_area",
        "staff_count",
        "vehicle_count",
        "monthly_training",
        "computer_setup",
    ):
        frame[col] = rng.random(n) < 0.7
    return frame


# --- the baseline: the same rules, one dealer at a time, written plainly -------------------


def _ratio(num: float, den: float, change: bool = False) -> float:
    if den == 0:
        return math.nan
    return 100.0 * ((num - den) if change else num) / den


def _threshold(x: float, t: float) -> float:
    if math.isnan(x):
        return math.nan
    return x if x >= t - EPS else 0.0


def _deduct(cases: float, per: float) -> float:
    return max(100.0 - per * cases, 0.0)


def _mean(values: list[float]) -> float:
    got = [v for v in values if not math.isnan(v)]
    return sum(got) / len(got) if got else math.nan


def score_row(r: pd.Series) -> float:
    """Total of one dealer under the bundled scorecard, spelled out."""
    outlets = _ratio(r.new_outlets, r.new_outlet_target)
    if math.isnan(outlets):
        outlet_score = math.nan
    elif outlets >= 70 - EPS:
        outlet_score = outlets
    elif outlets >= 60 - EPS:
        outlet_score = 60.0
    else:
        outlet_score = 0.0
    sales_growth = _mean(
        [
            max(_ratio(r.actual_sales, r.contract_sales), 0.0),
            max(_ratio(r.actual_sales, r.sales_last_year), 0.0),
            _threshold(_ratio(r.key_sku_sales, r.key_sku_target), 50),
            outlet_score,
        ]
    )
    growth = _ratio(r.channel_sales, r.channel_sales_last_year, change=True)
    channel_building = _mean(
        [
            growth if math.isnan(growth) else max(growth, 0.0),
            _threshold(_ratio(r.active_outlets, r.outlets_in_area), 50),
            _threshold(_ratio(r.compliant_stores, r.audited_stores), 50),
            _threshold(_ratio(r.skus_on_shelf, r.benchmark_skus), 50),
        ]
    )
    promotion = _mean([min(r.activity_execution, 100.0), min(r.new_product_launch, 100.0)])
    service = _mean(
        [
            _deduct(r.late_deliveries, 2),
            _deduct(r.late_exchanges, 2),
            max(
                100.0 - 10 * r.complaints_office - 20 * r.complaints_branch - 50 * r.complaints_hq,
                0.0,
            ),
        ]
    )
    brand = _mean(
        [
            _deduct(r.posm_failures, 2),
            _deduct(r.instore_failures, 2),
            _deduct(r.outstore_failures, 2),
        ]
    )
    management = _mean(
        [
            100.0 if r[c] else 0.0
            for c in (
                "internal_systems",
                "sales_information",
                "warehouse_area",
                "staff_count",
                "vehicle_count",
                "monthly_training",
                "computer_setup",
            )
        ]
    )
    weighted = (
        30 * sales_growth
        + 25 * channel_building
        + 10 * promotion
        + 15 * service
        + 10 * brand
        + 10 * management
    ) / 100
    bonus = min(
        3 * r.self_activities + 5 * r.branch_activities + 10 * r.national_activities, 20
    ) + min(5 * r.branch_experience + 10 * r.national_experience, 20)
    complaints = r.diversion_complaints
    penalty = 15.0 if complaints >= 2 else 5.0 if complaints == 1 else 0.0
    return weighted + bonus - penalty


def baseline(frame: pd.DataFrame) -> pd.Series:
    return frame.apply(score_row, axis=1)


# --- measurement ---------------------------------------------------------------------------


def _time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dealers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the result row")
    args = parser.parse_args()
    frame = synthetic(args.dealers)
    card = load_scorecard()  # loaded once, as a report does
    print(f"dealers: {len(frame):,}; repeats: {args.repeat} (median shown)")

    t_vec, out = _time(lambda: star_scorecard(frame, config=card), args.repeat)
    t_row, base = _time(lambda: baseline(frame), args.repeat)
    total = out["total"].to_numpy(dtype=float)  # type: ignore[index]
    expected = base.to_numpy(dtype=float)  # type: ignore[union-attr]
    same = np.allclose(total, expected, rtol=0, atol=1e-9, equal_nan=True)
    print(f"star_scorecard (vectorised): {t_vec:8.3f} s")
    print(f"row-by-row DataFrame.apply:  {t_row:8.3f} s")
    print(f"speed-up: {t_row / t_vec:,.1f}x (target >= 20x)")
    print(
        f"totals identical (np.allclose, atol 1e-9, NaN = NaN): {same}; "
        f"NaN totals: {int(np.isnan(total).sum())}; disqualified: "
        f"{int(out['disqualified'].sum())}"
    )  # type: ignore[index]
    peak_vec = _peak_mb(lambda: star_scorecard(frame, config=card))
    peak_row = _peak_mb(lambda: baseline(frame))
    size = frame.memory_usage(deep=True).sum() / 2**20
    print(
        f"peak traced memory: star_scorecard {peak_vec:,.1f} MB, baseline {peak_row:,.1f} MB"
        f"; input frame {size:,.1f} MB"
    )
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    if args.json:
        row = {
            "benchmark": "scorecard",
            "case": f"{len(frame):,} dealers",
            "baseline": "row-by-row DataFrame.apply",
            "baseline_s": t_row,
            "kit_s": t_vec,
            "ratio": t_row / t_vec,
            "direction": "baseline/kit",
            "peak_mb": peak_vec,
            "baseline_peak_mb": peak_row,
            "identical": bool(same),
            "note": "peak = traced Python allocations (tracemalloc), not RSS; "
            f"input frame {size:,.1f} MB",
        }
        args.json.write_text(json.dumps([row], indent=2), encoding="utf-8")
    if not same:
        raise SystemExit("the vectorised and row-by-row totals differ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
