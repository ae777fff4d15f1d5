"""weight_sensitivity, vectorised, against a per-draw Python loop in the same run.

50 channels, 10,000 Dirichlet draws. The baseline draws the same weight vectors one at a
time and, per draw, recomputes the composite, the action of each channel and the ranks —
the obvious loop. Both must give identical probabilities and ranks, so the comparison is
honest. Prints medians, the ratio (target ≥ 50×) and peak memory (tracemalloc).

    python benchmarks/bench_sensitivity.py [--channels 50] [--draws 10000] [--repeat 5]
                                            [--json FILE]

``--json FILE`` also writes the result as a row for ``benchmarks/summary.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from chananalysis.methods.scoring import channel_scores
from chananalysis.methods.sensitivity import weight_sensitivity


def _channels(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(42)
    return pd.DataFrame(
        {
            "channel": [f"渠道{i:02d}" for i in range(n)],
            "sales": rng.uniform(1e6, 5e7, n).round(),
            "sales_prev": rng.uniform(1e6, 5e7, n).round(),
            "variable_cost_rate": rng.uniform(0.05, 0.35, n).round(3),
            "fixed_cost": rng.uniform(1e5, 8e6, n).round(),
        }
    )


def _loop(ch: pd.DataFrame, draws: int, seed: int, kappa: float = 100.0) -> pd.DataFrame:
    base = channel_scores(ch)
    f = base[["W", "X", "Y", "Z"]].to_numpy()
    rng = np.random.default_rng(seed)
    alpha = kappa * np.full(4, 0.25)
    ws = rng.dirichlet(alpha, size=draws)  # the same stream as the vectorised code
    n = len(ch)
    counts = {"deepen": np.zeros(n), "optimize": np.zeros(n), "exit": np.zeros(n)}
    ranks = np.empty((draws, n))
    for d in range(draws):
        i = f @ ws[d]
        for c in range(n):
            act = "deepen" if i[c] >= 120 else "optimize" if i[c] >= 80 else "exit"
            counts[act][c] += 1
        ranks[d] = rankdata(-i, method="min")
    return pd.DataFrame(
        {
            "p_deepen": counts["deepen"] / draws,
            "p_optimize": counts["optimize"] / draws,
            "p_exit": counts["exit"] / draws,
            "rank_median": np.median(ranks, axis=0),
        },
        index=base.index,
    )


def _timed(fn, repeat: int):
    times, peak, out = [], 0, None
    for _ in range(repeat):
        tracemalloc.start()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), peak, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--channels", type=int, default=50)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the result row here")
    args = ap.parse_args()
    ch = _channels(args.channels)
    t_vec, m_vec, vec = _timed(
        lambda: weight_sensitivity(ch, draws=args.draws, seed=3), args.repeat
    )
    t_loop, m_loop, loop = _timed(lambda: _loop(ch, args.draws, seed=3), max(1, args.repeat // 2))
    cols = ["p_deepen", "p_optimize", "p_exit", "rank_median"]
    same = np.allclose(vec[cols].to_numpy(), loop[cols].to_numpy())
    print(
        f"{args.channels} channels x {args.draws:,} draws | per-draw loop {t_loop:.3f} s "
        f"(peak {m_loop / 2**20:.1f} MiB) | vectorised {t_vec:.3f} s "
        f"(peak {m_vec / 2**20:.1f} MiB) | speed-up {t_loop / t_vec:.0f}x | "
        f"identical results: {same}"
    )
    if args.json:
        row = {
            "benchmark": "sensitivity",
            "case": f"{args.channels} channels x {args.draws:,} draws",
            "baseline": "per-draw Python loop",
            "baseline_s": t_loop,
            "kit_s": t_vec,
            "ratio": t_loop / t_vec,
            "direction": "baseline/kit",
            "peak_mb": m_vec / 2**20,
            "baseline_peak_mb": m_loop / 2**20,
            "identical": bool(same),
            "note": "peak = traced Python allocations (tracemalloc), not RSS; "
            f"loop timed {max(1, args.repeat // 2)}x, vectorised {args.repeat}x",
        }
        args.json.write_text(json.dumps([row], indent=2), encoding="utf-8")
    if not same:
        raise SystemExit("the vectorised and looped results differ")


if __name__ == "__main__":
    main()
