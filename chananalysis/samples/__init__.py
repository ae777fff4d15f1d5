"""Seeded sample clients: realistic, internally consistent intakes for demos, teaching and tests.

Three fictitious clients, each filling every sheet of `chananalysis.intake.columns.SHEETS`:

``seasoning``
    A 下饭菜 / 酱料 maker in the style of seed 000's 饭扫光 case: six channels, 62 dealers
    over 河南, 山东, 河北 and 安徽 (cities and counties), 定域定人定期 authorisations with a
    mid-year hand-over, an overlap and blind spots, a 河南 → 山东 diversion visible in
    200,000 code scans (Parquet), dumping below the price floor where the goods land.
``cosmetics``
    A cosmetics maker (English headers): KA, CS stores, pharmacies, mother-and-baby,
    online flagship; big-but-weak class-A dealers (seed 002 "大未必美") and the seed 003
    case 1 pattern (4 % expense allowance in 河北 vs 15 % in the new 山东 market, goods
    from 徐州 turning up in 河北); scans as CSV.
``feed``
    A feed maker in 湖南 with the seed 003 patterns: 4 % vs 15 % expense allowance between
    邵阳 and the new 怀化 market, and the two big 洞口县 dealers diverting into each other's
    area (60 bags in May 2025, after the 20 yuan-per-bag fine was announced).

Everything is drawn from ``numpy.random.default_rng`` seeded with ``[seed, client number]``;
the same seed gives identical frames. Independent child streams feed the dealers, the
codes and the prices, so ``scans=`` changes only shipments, scans and inventory.

Run ``python -m chananalysis.samples --out data_samples`` to write the client folders.

Examples
--------
>>> from chananalysis.intake.columns import SHEETS
>>> frames = generate("feed", scans=300)
>>> sorted(frames) == sorted(SHEETS)
True
>>> len(frames["scans"])
300
"""

from __future__ import annotations

from chananalysis.samples.plans import CLIENTS, DEFAULT_SEED
from chananalysis.samples.tables import generate
from chananalysis.samples.write import main, planted, write_samples

__all__ = ["CLIENTS", "DEFAULT_SEED", "generate", "main", "planted", "write_samples"]
