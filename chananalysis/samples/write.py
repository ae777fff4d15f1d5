"""Writing the sample clients, each into its folder (workbook plus CSV or Parquet for the
large tables), and the command ``python -m chananalysis.samples``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from chananalysis.intake.columns import SHEETS
from chananalysis.samples.plans import _SPECS, CLIENTS, DEFAULT_SEED
from chananalysis.samples.tables import generate

# --- writing -------------------------------------------------------------------------------


def write_samples(
    out_dir: str | os.PathLike = "data_samples",
    names: Iterable[str] = CLIENTS,
    scans: int | None = None,
    *,
    seed: int = DEFAULT_SEED,
) -> list[Path]:
    """Write each sample client as a folder ``out_dir/<name>/`` via `write_intake`.

    Parameters
    ----------
    out_dir
        Parent folder (created if needed).
    names
        Which clients (default: all of `CLIENTS`).
    scans
        Scan rows per client (default: each client's own, see `generate`).
    seed
        Random seed (default `DEFAULT_SEED`).

    Returns
    -------
    list of Path
        The client folders written. Stale ``<sheet>.csv`` / ``<sheet>.parquet`` files from
        an earlier run with other formats are removed first.
    """
    from chananalysis.intake.write import write_intake

    out = []
    for name in names:
        spec = _SPECS[name]
        dest = Path(out_dir) / name
        if dest.is_dir():
            for key in SHEETS:
                for suffix in (".csv", ".parquet"):
                    (dest / f"{key}{suffix}").unlink(missing_ok=True)
        frames = generate(name, seed=seed, scans=scans)
        out.append(write_intake(dest, frames, lang=spec.lang, external=dict(spec.external)))
    return out


def planted(name: str) -> dict[str, object]:
    """The patterns planted in a sample client, with dealer ids, for checks and teaching.

    Parameters
    ----------
    name
        One of `CLIENTS`.

    Returns
    -------
    dict
        ``flows`` (dealer, home territory, destinations with weights, share of the
        dealer's scans diverted, months, product lines), ``incidents`` (dealer,
        destination, month, scans at the default size), ``complaints`` (dealer ->
        diversion complaints in ``dealer_kpis``), ``auth_ended`` and ``auth_added``
        (dealer, territory, product line, dates), ``unassigned`` (territories nobody is
        authorised for), ``dumping`` (territories, products, levels, months, price as a
        fraction of the ladder) and ``inventory_errors`` (dealer, SKU, months with
        under-reported sales). Background leakage to neighbours, duplicate scans,
        unknown codes and two random 进销存 slips come on top.

    Examples
    --------
    >>> planted("feed")["incidents"][-1]
    {'dealer': 'D001', 'to': '洞口县城关片', 'month': 5, 'scans': 60}
    """
    spec = _SPECS[name]
    ids = {p.tag: f"D{i + 1:03d}" for i, p in enumerate(spec.dealers) if p.tag}
    home = {p.tag: p.territory for p in spec.dealers if p.tag}
    held = {p.territory for p in spec.dealers if p.lines} | {a[1] for a in spec.auth_add}
    lines = {ln.name for ln in spec.lines}
    return {
        "flows": [
            {
                "dealer": ids[f.tag],
                "from": home[f.tag],
                "to": dict(f.dest),
                "share": f.share,
                "months": list(f.months),
                "lines": list(f.lines) or sorted(lines),
            }
            for f in spec.flows
        ],
        "incidents": [
            {"dealer": ids[i.tag], "to": i.dest, "month": i.month, "scans": i.n}
            for i in spec.incidents
        ],
        "complaints": {ids[t]: k for t, k in spec.complaints.items()},
        "auth_ended": [
            {"dealer": ids[t], "territory": home[t], "product_line": ln or "*", "end": end}
            for t, ln, end in spec.auth_end
        ],
        "auth_added": [
            {"dealer": ids[t], "territory": terr, "product_line": ln, "start": a, "end": b}
            for t, terr, ln, a, b in spec.auth_add
        ],
        "unassigned": [t for r in spec.regions for t in r.territories if t not in held],
        "dumping": [
            {
                "territories": list(d.territories),
                "products": list(d.products),
                "levels": list(d.levels),
                "months": list(d.months),
                "price_vs_ladder": (d.low, d.high),
                "channel": d.channel,
                "rows": d.n,
            }
            for d in spec.dumps
        ],
        "inventory_errors": [
            {"dealer": ids[t], "sku": sku, "months": list(ms)}
            for t, sku, ms in spec.inventory_errors
        ],
        "leak": {"dealers": spec.leak_dealers, "share_in_leak_months": spec.leak},
    }


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m chananalysis.samples [--out DIR] [--scans N] [--only NAME]``."""
    parser = argparse.ArgumentParser(
        prog="python -m chananalysis.samples",
        description="Write the seeded sample clients (one folder each).",
    )
    parser.add_argument(
        "--out", default="data_samples", type=Path, help="parent folder (default: data_samples)"
    )
    parser.add_argument(
        "--scans", type=int, default=None, help="scan rows per client (default: each client's own)"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=CLIENTS,
        metavar="NAME",
        help=f"write only this client (repeatable): {', '.join(CLIENTS)}",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    args = parser.parse_args(argv)
    if args.scans is not None and args.scans < 50:
        parser.error("--scans must be at least 50")
    for path in write_samples(args.out, args.only or CLIENTS, args.scans, seed=args.seed):
        files = ", ".join(sorted(p.name for p in path.iterdir() if p.is_file()))
        print(f"{path}  {_size(path) / 1e6:.2f} MB  ({files})")
    return 0
