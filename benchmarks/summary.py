"""Every benchmark in one table: what ``make bench`` runs.

Runs each ``bench_*.py`` script in a subprocess of its own, one after the other (their
own output scrolls past as they go), with ``--json`` into a temporary folder, then prints
ONE table of every result row — benchmark | case | kit and baseline median seconds |
ratio | kit and baseline peak MB | identical — and writes the same table as Markdown to
``build/bench.md``, for the README to quote.

The sizes are issue 17's: diversion at 2,000,000 and 20,000,000 scans, the scorecard on
100,000 dealers, sensitivity 50 channels x 10,000 draws, intake of 20,000,000 scans from
Parquet, the full report and a batch of 8 clients. ``--quick`` runs seconds-scale sizes
instead, to check that everything works end to end (its numbers mean little).

The ratio reads one way per row: "4.7x faster" is baseline time / kit time (a speed-up);
"2.28x the floor" is kit time / baseline time (a cost over something that does less).
A script that fails is a row saying so, the others still run, and the exit status is 1.

    python benchmarks/summary.py [--quick] [--repeat N] [--only diversion,report]
                                 [--out build/bench.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# name: (script, arguments for the sizes, arguments for --quick)
SCRIPTS: dict[str, tuple[str, list[str], list[str]]] = {
    "diversion": (
        "bench_diversion.py",
        ["--scans", "2000000,20000000"],
        ["--scans", "50000,200000", "--repeat", "1"],
    ),
    "scorecard": (
        "bench_scorecard.py",
        ["--dealers", "100000"],
        ["--dealers", "2000", "--repeat", "1"],
    ),
    "sensitivity": (
        "bench_sensitivity.py",
        ["--channels", "50", "--draws", "10000"],
        ["--channels", "10", "--draws", "500", "--repeat", "1"],
    ),
    "intake": (
        "bench_intake.py",
        ["--rows", "20000000", "--formats", "parquet"],
        ["--rows", "200000", "--formats", "parquet", "--repeat", "1"],
    ),
    "report": ("bench_report.py", [], ["--clients", "2", "--repeat", "1"]),
}

KEYS = (
    "benchmark",
    "case",
    "baseline",
    "baseline_s",
    "kit_s",
    "ratio",
    "direction",
    "peak_mb",
    "baseline_peak_mb",
    "identical",
    "note",
)
COLUMNS = (
    "benchmark",
    "case",
    "kit (median s)",
    "baseline (median s)",
    "ratio",
    "kit peak MB",
    "baseline peak MB",
    "identical",
)
NUMERIC = {2, 3, 5, 6}  # right-aligned columns
DASH = "–"


# --- running -------------------------------------------------------------------------------


def _run(name: str, extra: list[str], tmp: Path) -> tuple[list[dict], str | None, float]:
    """Run one script; its rows, why it failed (None when it did not) and its wall time."""
    script = SCRIPTS[name][0]
    out = tmp / f"{name}.json"
    cmd = [sys.executable, str(HERE / script), *extra, "--json", str(out)]
    print(f"== {script} {' '.join(extra)}", flush=True)
    t0 = time.perf_counter()
    # stdout goes straight to the terminal; stderr is echoed too, and its end kept for the
    # row that says why a script failed
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    tail: deque[str] = deque(maxlen=20)
    for line in proc.stderr or ():
        sys.stderr.write(line)
        if line.strip():
            tail.append(line.strip())
    code = proc.wait()
    seconds = time.perf_counter() - t0
    rows: list[dict] = []
    problem = None
    if out.exists():
        try:
            rows = json.loads(out.read_text(encoding="utf-8"))
            bad = [r for r in rows if set(KEYS) - set(r)]
            if bad:
                missing = sorted(set(KEYS) - set(bad[0]))
                problem = f"a result row lacks {', '.join(missing)}"
                rows = [r for r in rows if r not in bad]
        except (json.JSONDecodeError, TypeError) as err:
            problem = f"unreadable --json output ({err})"
    if code != 0:
        problem = f"exit {code}" + (f": {tail[-1]}" if tail else "")
    elif not rows and problem is None:
        problem = "no result rows written"
    print(f"== {script}: {'FAILED, ' + problem if problem else 'done'} in {seconds:.0f} s\n")
    return rows, problem, seconds


# --- the table -----------------------------------------------------------------------------


def _seconds(s: float | None) -> str:
    if s is None:
        return DASH
    return f"{s:.3f}" if s < 1 else f"{s:.2f}" if s < 10 else f"{s:.1f}" if s < 100 else f"{s:.0f}"


def _mb(mb: float | None) -> str:
    if mb is None:
        return DASH
    return f"{mb:.1f}" if mb < 10 else f"{mb:,.0f}"


def _times(r: float) -> str:
    return f"{r:.2f}x" if r < 3 else f"{r:.1f}x" if r < 10 else f"{r:.0f}x"


def _ratio(row: dict) -> str:
    r = row["ratio"]
    if r is None:
        return DASH
    if row["direction"] == "kit/baseline":
        return f"{_times(r)} {row['baseline']}"
    return f"{_times(r)} faster" if r >= 1 else f"{_times(1 / r)} slower"


def _identical(value: bool | None) -> str:
    return DASH if value is None else "yes" if value else "NO"


def _cells(row: dict) -> list[str]:
    case = row["case"] + (f" vs {row['baseline']}" if row["baseline"] else "")
    return [
        row["benchmark"],
        case,
        _seconds(row["kit_s"]),
        _seconds(row["baseline_s"]),
        _ratio(row),
        _mb(row["peak_mb"]),
        _mb(row["baseline_peak_mb"]),
        _identical(row["identical"]),
    ]


def _failed(name: str, problem: str) -> list[str]:
    return [name, f"FAILED ({problem})", *[DASH] * (len(COLUMNS) - 2)]


def text_table(lines: list[list[str]]) -> str:
    widths = [max(len(c[i]) for c in [list(COLUMNS), *lines]) for i in range(len(COLUMNS))]

    def fmt(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in NUMERIC else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(list(COLUMNS)), rule, *(fmt(c) for c in lines)])


def markdown_table(lines: list[list[str]]) -> str:
    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    rule = "|" + "|".join("---:" if i in NUMERIC else "---" for i in range(len(COLUMNS))) + "|"
    return "\n".join([fmt(list(COLUMNS)), rule, *(fmt(c) for c in lines)])


# --- main ----------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="seconds-scale sizes: a smoke check")
    ap.add_argument("--repeat", type=int, help="timed repetitions for every script")
    ap.add_argument("--only", default="", help=f"comma-separated, of: {', '.join(SCRIPTS)}")
    ap.add_argument(
        "--out", type=Path, default=ROOT / "build" / "bench.md", help="the Markdown table"
    )
    args = ap.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(SCRIPTS)
    unknown = [n for n in names if n not in SCRIPTS]
    if unknown:
        ap.error(f"--only: unknown {', '.join(unknown)}; expected some of {', '.join(SCRIPTS)}")
    if args.repeat is not None and args.repeat < 1:
        ap.error("--repeat must be at least 1")

    started = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    lines: list[list[str]] = []
    notes: list[str] = []
    took: list[str] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-summary-") as tmp:
        for name in names:
            _, full, quick = SCRIPTS[name]
            extra = list(quick if args.quick else full)
            if args.repeat is not None:
                extra += ["--repeat", str(args.repeat)]
            rows, problem, seconds = _run(name, extra, Path(tmp))
            took.append(f"{SCRIPTS[name][0]} {seconds:.0f} s")
            for row in rows:
                lines.append(_cells(row))
                if row["note"]:
                    notes.append(f"{row['benchmark']}, {row['case']}: {row['note']}")
                failed |= row["identical"] is False
            if problem:
                lines.append(_failed(name, problem))
                failed = True
    total = time.perf_counter() - t0

    sizes = "--quick sizes (a smoke check)" if args.quick else "issue 17's sizes"
    if args.repeat is not None:
        sizes += f", --repeat {args.repeat}"
    header = (
        f"{started:%Y-%m-%d %H:%M %Z}, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {sizes}"
    )
    legend = (
        'ratio: "Nx faster" = baseline time / kit time; "Nx <baseline>" = kit time / '
        "baseline time. identical: the kit and the baseline give the same results "
        f"({DASH}: not compared)."
    )
    timing = f"took {total / 60:.1f} min: {', '.join(took)}"

    print(f"make bench, {header}\n")
    print(text_table(lines))
    print(f"\n{legend}\nnotes:")
    for note in notes:
        print(f"  - {note}")
    print(timing)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    md = [
        "# `make bench`",
        "",
        header,
        "",
        markdown_table(lines),
        "",
        legend,
        "",
        *(f"- {note}" for note in notes),
        "",
        timing,
        "",
    ]
    args.out.write_text("\n".join(md), encoding="utf-8")
    print(f"written: {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
