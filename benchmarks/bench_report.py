"""The full report against the floor any notebook report pays, and batch parallelism.

Floor: what a plain user's script costs for a one-cell notebook (``import chananalysis``)
on kernel "chananalysis": one fresh Python process running ``papermill.execute_notebook``
then ``nbconvert.HTMLExporter().from_notebook_node``. Measured: the full report of the
largest sample client (``chananalysis report data_samples/seasoning``), and a batch of 8
clients (copies of the three samples) with ``--jobs 2`` against ``--jobs 1``.

Every run is a whole subprocess timed from outside (interpreter start included). The
runs are interleaved (a noisy machine hits all of them alike) after one untimed warm-up,
and medians are printed. Memory: the largest single process of a run's tree (its max
RSS, from ``wait4``) and the peak of the summed RSS of the whole tree (sampled every
0.1 s; what ``--jobs 2`` really costs). CPU: the run's own CPU seconds (its reaped
process tree) and, as a noise gauge, how many cores other programs kept busy meanwhile.

    python benchmarks/bench_report.py [--repeat 3] [--clients 8] [--json FILE]

``--clients N`` batches only the first N of the 8 clients (taken in turn from the three
samples), for a quicker run; ``--json FILE`` also writes the results as rows for
``benchmarks/summary.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data_samples"
KERNEL = "chananalysis"
BATCH = [("seasoning", 3), ("cosmetics", 3), ("feed", 2)]  # 8 clients
FLOOR = "Papermill + nbconvert of a 1-cell notebook (import chananalysis)"

_FLOOR = r"""
import sys
import nbconvert
import nbformat
import papermill as pm
src, dst, html = sys.argv[1:4]
pm.execute_notebook(src, dst, kernel_name="chananalysis", progress_bar=False)
body, _ = nbconvert.HTMLExporter().from_notebook_node(nbformat.read(dst, as_version=4))
with open(html, "w", encoding="utf-8") as fh:
    fh.write(body)
"""


class _TreeRSS(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        try:
            import psutil  # an ipykernel dependency, so present wherever reports run
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.done.wait(0.1)


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes, all cores)."""
    with open("/proc/stat", encoding="ascii") as fh:
        ticks = [int(v) for v in fh.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # - idle, iowait


def _run(cmd: list[str], log: Path) -> dict:
    """Run ``cmd`` to its end: wall and CPU seconds, the CPU other programs took meanwhile,
    the largest process's max RSS and the tree's peak RSS."""
    with open(log, "wb") as out:
        busy0 = _busy_seconds()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
        sampler = _TreeRSS(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of the child and its reaped tree
        seconds = time.perf_counter() - t0
        busy = _busy_seconds() - busy0
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "seconds": seconds,
        "cpu": cpu,
        "others": max(0.0, busy - cpu) / seconds,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_mb": sampler.peak / 2**20,
    }


def _cli() -> str:
    exe = Path(sys.executable).parent / "chananalysis"
    found = str(exe) if exe.exists() else shutil.which("chananalysis")
    if not found:
        sys.exit("the chananalysis command is not installed: run `make install`")
    return found


def _check_kernel() -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        sys.exit(f'the Jupyter kernel "{KERNEL}" is not installed: run `make install`')


def _med(runs: list[dict], key: str = "seconds") -> float:
    return statistics.median(r[key] for r in runs)


def _line(name: str, runs: list[dict]) -> str:
    secs = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    return (
        f"  {name:<24s} median {_med(runs):6.2f} s  [{secs}]\n"
        f"  {'':<24s} cpu {_med(runs, 'cpu'):6.2f} s = "
        f"{statistics.median(r['cpu'] / r['seconds'] for r in runs):.2f} cores busy; "
        f"other programs meanwhile {_med(runs, 'others'):.2f} cores\n"
        f"  {'':<24s} peak memory: largest process {max(r['maxrss_mb'] for r in runs):.0f}"
        f" MB, whole tree {max(r['tree_mb'] for r in runs):.0f} MB"
    )


def _verdict(
    label: str, ratio: float, num: list[dict], den: list[dict], target: str, met: bool
) -> str:
    """A ratio of medians, the same ratio repetition by repetition, and the target."""
    per = ", ".join(f"{a['seconds'] / b['seconds']:.2f}" for a, b in zip(num, den, strict=True))
    return (
        f"  {label} = {ratio:.2f}x  (per repetition: {per})  target {target}: "
        f"{'met' if met else 'NOT met'}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed repetitions (default 3)")
    total = sum(c for _, c in BATCH)
    ap.add_argument(
        "--clients", type=int, default=total, help=f"clients in the batch (default {total})"
    )
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write result rows here")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if not 1 <= args.clients <= total:
        ap.error(f"--clients must be between 1 and {total}")
    # the samples in turn (seasoning_1, cosmetics_1, feed_1, seasoning_2, ...), first N
    picked = [
        (name, i) for i in range(1, max(c for _, c in BATCH) + 1) for name, c in BATCH if i <= c
    ][: args.clients]
    _check_kernel()
    import nbformat

    cli = _cli()
    with tempfile.TemporaryDirectory(prefix="ca-bench-") as tmp_s:
        tmp = Path(tmp_s)
        nb = tmp / "floor.ipynb"
        nbformat.write(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import chananalysis")]), nb
        )
        clients = []
        for name, i in picked:
            dest = tmp / "clients" / f"{name}_{i}"
            shutil.copytree(SAMPLES / name, dest)
            clients.append(str(dest))

        def floor(tag: str) -> dict:
            return _run(
                [
                    sys.executable,
                    "-c",
                    _FLOOR,
                    str(nb),
                    str(tmp / f"floor-{tag}.ipynb"),
                    str(tmp / f"floor-{tag}.html"),
                ],
                tmp / "log.txt",
            )

        def full(tag: str) -> dict:
            out = tmp / f"full-{tag}"
            res = _run(
                [cli, "report", str(SAMPLES / "seasoning"), "--out", str(out), "--force"],
                tmp / "log.txt",
            )
            res["run"] = json.loads((out / "seasoning" / "run.json").read_text("utf-8"))
            shutil.rmtree(out)
            return res

        def batch(jobs: int, tag: str) -> dict:
            out = tmp / f"batch{jobs}-{tag}"
            res = _run(
                [cli, "batch", *clients, "--jobs", str(jobs), "--out", str(out)], tmp / "log.txt"
            )
            shutil.rmtree(out)
            return res

        print("warm-up (untimed) ... ", end="", flush=True)
        floor("warm")
        full("warm")
        print("done")
        runs: dict[str, list[dict]] = {"floor": [], "full": [], "jobs1": [], "jobs2": []}
        steps = {
            "floor": floor,
            "full": full,
            "jobs1": lambda t: batch(1, t),
            "jobs2": lambda t: batch(2, t),
        }
        order = list(steps)
        for rep in range(args.repeat):  # interleaved, the order rotating every repetition
            k = rep % len(order)
            for name in order[k:] + order[:k]:
                print(f"  repetition {rep + 1}/{args.repeat}: {name} ...", end="\r", flush=True)
                runs[name].append(steps[name](str(rep)))
        print(" " * 60, end="\r")

    floor_s, full_s = _med(runs["floor"]), _med(runs["full"])
    j1, j2 = _med(runs["jobs1"]), _med(runs["jobs2"])
    ratio = full_s / floor_s
    speedup = j1 / j2
    n = len(picked)
    mix = ", ".join(f"{c}x {name}" for name, _ in BATCH if (c := sum(p == name for p, _ in picked)))
    print(f"median of {args.repeat} interleaved runs, {os.cpu_count()} cores")
    print(_line("floor (1-cell notebook)", runs["floor"]))
    print(_line("full report, seasoning", runs["full"]))
    print(_verdict("full / floor", ratio, runs["full"], runs["floor"], "<= 3x", ratio <= 3))

    timings = [r["run"]["timings"] for r in runs["full"]]
    print("where the full report's time goes (run.json, medians):")
    wall = _med(runs["full"])
    for key in ("validate", "execute", "render", "total"):
        print(f"  {key:<26s} {statistics.median(t[key] for t in timings):6.2f} s")
    print(
        f"  {'outside run_report':<26s} "
        f"{wall - statistics.median(t['total'] for t in timings):6.2f} s  "
        "(interpreter, imports, CLI)"
    )
    keys = [s["key"] for s in runs["full"][0]["run"]["sections"]]
    for i, key in enumerate(keys):
        sec = statistics.median(r["run"]["sections"][i]["seconds"] for r in runs["full"])
        print(f"  section {key:<18s} {sec:6.2f} s  (its cells, inside execute)")

    print(f"batch of {n} clients ({mix}):")
    print(_line("--jobs 1", runs["jobs1"]))
    print(_line("--jobs 2", runs["jobs2"]))
    print(
        _verdict(
            "speed-up jobs 2 vs 1", speedup, runs["jobs1"], runs["jobs2"], ">= 1.8x", speedup >= 1.8
        )
    )
    print(
        f"  per client: {j1 / n:.2f} s at --jobs 1, {j2 / n:.2f} s at --jobs 2 "
        f"(a single report: {full_s:.2f} s)"
    )
    if args.json:
        tree = {k: max(r["tree_mb"] for r in v) for k, v in runs.items()}
        largest = {k: max(r["maxrss_mb"] for r in v) for k, v in runs.items()}
        rows = [
            {
                "benchmark": "report",
                "case": "full report, seasoning",
                "baseline": "the floor",
                "baseline_s": floor_s,
                "kit_s": full_s,
                "ratio": ratio,
                "direction": "kit/baseline",
                "peak_mb": tree["full"],
                "baseline_peak_mb": tree["floor"],
                "identical": None,
                "note": f"floor = {FLOOR}; peak = whole process tree (sampled every 0.1 s), "
                f"largest single process {largest['full']:.0f} MB (floor {largest['floor']:.0f} "
                f"MB); target <= 3x",
            },
            {
                "benchmark": "report",
                "case": f"batch of {n} clients, --jobs 2",
                "baseline": "--jobs 1",
                "baseline_s": j1,
                "kit_s": j2,
                "ratio": speedup,
                "direction": "baseline/kit",
                "peak_mb": tree["jobs2"],
                "baseline_peak_mb": tree["jobs1"],
                "identical": None,
                "note": f"{mix}; {os.cpu_count()} cores; peak = whole process tree; target >= 1.8x",
            },
        ]
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - t0:.0f} s")
