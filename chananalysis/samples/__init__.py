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
>>> frames = generate("feed", scans=300)
>>> sorted(frames) == sorted(SHEETS)
True
>>> len(frames["scans"])
300
"""

from __future__ import annotations

import argparse
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from chananalysis.intake.columns import SHEETS

__all__ = ["CLIENTS", "DEFAULT_SEED", "generate", "main", "planted", "write_samples"]

#: Seed used when none is given (the client's number is mixed in, so clients differ).
DEFAULT_SEED = 2025

YEAR = 2025
_DAYS = 365
_START = np.datetime64(f"{YEAR}-01-01")
_MONTH_OF_DAY = (np.arange(_DAYS).astype("timedelta64[D]") + _START).astype(
    "datetime64[M]").astype(int) % 12 + 1  # 1..12 for each day of the year
_CLASS_RANGE = {"A": (10.5e6, 40e6), "B": (3.2e6, 9.5e6), "C": (1.05e6, 2.9e6),
                "D": (0.3e6, 0.95e6)}
_LEVELS = ("factory", "level1", "level2", "retail")


# --- the plan of a client ------------------------------------------------------------------

@dataclass(frozen=True)
class _Channel:
    name: str
    sales: float
    sales_prev: float
    variable_cost_rate: float
    fixed_cost: float
    levels: int
    routed: float  # share of the channel's sales that goes through the listed dealers
    target_growth: float
    promo_share: float = 0.45  # share of channel costs booked as market promotion


@dataclass(frozen=True)
class _Region:
    province: str
    role: str
    expense: float
    rebate: float
    list_price: float
    territories: tuple[str, ...]


@dataclass(frozen=True)
class _Line:
    name: str
    per_code: int  # units per code (case, carton or bag)
    weight: float  # relative coded volume of the line for a dealer carrying it
    skus: tuple[tuple[str, float], ...]  # (sku, share of the line's units)


@dataclass(frozen=True)
class _Dealer:
    territory: str
    klass: str
    lines: tuple[str, ...]  # lines authorised in `territory` for the whole year
    profile: str  # channel-mix profile
    tag: str = ""
    weak: bool = False  # big but weak (seed 002, 大未必美)
    code_weight: float = 1.0  # coded volume per unit of brand sales, relative
    leak: bool = True  # may take part in background leakage to a neighbour
    name: str = ""


@dataclass(frozen=True)
class _Flow:
    """Planted diversion: a share of the dealer's scans in some months lands in ``dest``."""

    tag: str
    dest: tuple[tuple[str, float], ...]
    share: float
    months: tuple[int, ...]
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Incident:
    """Planted diversion of exactly ``n`` scanned codes (scaled with ``scans``)."""

    tag: str
    dest: str
    month: int
    n: int


@dataclass(frozen=True)
class _Dump:
    """Planted price dumping in the price observations."""

    territories: tuple[str, ...]
    products: tuple[str, ...]
    levels: tuple[str, ...]
    months: tuple[int, ...]
    low: float
    high: float
    channel: str
    n: int


@dataclass(frozen=True)
class _Spec:
    name: str
    number: int
    lang: str
    external: tuple[tuple[str, str], ...]
    info: tuple[tuple[str, object], ...]
    prefix: str
    scans: int
    scan_rate: float
    lag_scale: float
    order_every: float  # days between a dealer's orders
    seasonality: tuple[float, ...]
    channels: tuple[_Channel, ...]
    offline: tuple[str, ...]  # channels whose outlets scan codes
    importance: Mapping[str, tuple[str, str, str, str]]
    regions: tuple[_Region, ...]
    edges: tuple[tuple[str, str], ...]
    freight: tuple[float, float]
    lines: tuple[_Line, ...]
    ladder: Mapping[str, tuple[float, float, float, float]]
    min_margins: tuple[float, float, float, float]
    dealers: tuple[_Dealer, ...]
    profiles: Mapping[str, Mapping[str, float]]
    brand_share: Mapping[str, float]
    auth_end: tuple[tuple[str, str | None, str], ...] = ()
    auth_add: tuple[tuple[str, str, str, str, str], ...] = ()
    flows: tuple[_Flow, ...] = ()
    incidents: tuple[_Incident, ...] = ()
    leak: float = 0.06  # share of a leaking dealer's scans lost in its leak months
    leak_dealers: float = 0.4  # share of dealers that leak at all
    complaints: Mapping[str, int] = field(default_factory=dict)
    dumps: tuple[_Dump, ...] = ()
    rebate_tiers: tuple[tuple[float, float], ...] = ()
    inventory_dealers: int = 10
    inventory_tags: tuple[str, ...] = ()
    inventory_errors: tuple[tuple[str, str, tuple[int, ...]], ...] = ()
    observations: int = 300
    benchmark_skus: int = 30
    name_words: tuple[str, ...] = ()
    name_suffix: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dup_rate: float = 0.0008
    unknown_rate: float = 0.0003


_WORDS = ("百味", "丰源", "众信", "鑫达", "华联", "嘉禾", "恒昌", "顺发", "德润", "金穗", "万家",
          "兴旺", "宏远", "福源", "瑞丰", "永盛", "康达", "广源", "天润", "益民", "同福", "聚鑫",
          "和顺", "润丰", "佳美", "盛世", "海川", "隆昌", "宝丰", "裕丰", "富民", "鸿运", "汇通",
          "吉祥", "安泰", "昌盛", "惠民", "诚信", "万通", "新丰源", "利民", "金桥", "满福", "泰和")


def _seasoning() -> _Spec:
    j, x, c = "酱料", "下饭菜", "餐调"
    jx, all3 = (j, x), (j, x, c)
    d = _Dealer
    dealers = (
        d("郑州", "A", (j,), "ka", "zz_j"), d("郑州", "A", (x,), "flow", "zz_x"),
        d("郑州", "B", (c,), "cater"),
        d("济南", "A", (j,), "ka"), d("济南", "B", (x,), "flow"), d("济南", "C", (c,), "cater"),
        d("石家庄", "A", (j,), "ka"), d("石家庄", "B", (x,), "flow"),
        d("石家庄", "C", (c,), "cater"),
        d("合肥", "B", (j,), "ka"), d("合肥", "B", (x,), "flow"), d("合肥", "C", (c,), "cater"),
        d("洛阳", "A", jx, "mixed", "ly_old"), d("洛阳", "C", (c,), "cater"),
        d("开封", "B", jx, "mixed", "kaifeng"), d("开封", "D", (c,), "cater"),
        d("商丘", "B", jx, "mixed", "shangqiu", name="商丘万通商贸有限公司"),
        d("商丘", "C", (c,), "cater"),
        d("新乡", "B", jx, "mixed"), d("新乡", "D", (c,), "cater"),
        d("南阳", "B", jx, "mixed"), d("南阳", "C", (c,), "cater"),
        d("菏泽", "B", jx, "mixed", "heze"), d("菏泽", "D", (c,), "cater"),
        d("济宁", "B", jx, "mixed"), d("济宁", "C", (c,), "cater"),
        d("临沂", "C", jx, "mixed"), d("临沂", "D", (c,), "cater"),
        d("邯郸", "C", jx, "mixed"), d("邯郸", "D", (c,), "cater"),
        d("周口", "C", jx, "mixed"), d("周口", "D", (c,), "cater"),
        d("许昌", "C", jx, "mixed"), d("许昌", "D", (c,), "cater"),
        d("阜阳", "C", jx, "mixed"), d("阜阳", "D", (c,), "cater"),
        d("永城", "D", all3, "county"), d("平顶山", "C", all3, "mixed"),
        d("安阳", "C", all3, "mixed"), d("濮阳", "D", all3, "county"),
        d("信阳", "C", all3, "mixed", "xinyang"), d("单县", "D", all3, "county", "shanxian"),
        d("聊城", "C", all3, "mixed"), d("泰安", "C", all3, "mixed"),
        d("邢台", "C", all3, "mixed"), d("保定", "B", all3, "mixed"),
        d("淮南", "D", all3, "county"), d("亳州", "D", all3, "county"),
        d("巩义市", "C", all3, "county"), d("新郑市", "C", all3, "county"),
        d("伊川县", "D", all3, "county"), d("邓州市", "C", all3, "county"),
        d("鹿邑县", "D", all3, "county"), d("项城市", "D", all3, "county"),
        d("虞城县", "C", all3, "county", "yucheng"), d("曹县", "D", all3, "county", "caoxian"),
        d("曲阜市", "D", all3, "county"), d("邹城市", "C", all3, "county"),
        d("临清市", "D", all3, "county"), d("界首市", "D", all3, "county"),
        d("沂水县", "D", all3, "county"),
        d("洛阳", "C", (), "mixed", "ly_new", name="洛阳新丰源食品有限公司"),
    )
    edges = _edges("""
        郑州-开封 郑州-新乡 郑州-洛阳 郑州-许昌 郑州-平顶山 开封-新乡 开封-商丘 开封-周口
        开封-许昌 开封-兰考 兰考-商丘 兰考-菏泽 洛阳-平顶山 洛阳-南阳 平顶山-许昌 平顶山-南阳
        新乡-安阳 新乡-濮阳 安阳-濮阳 安阳-邯郸 濮阳-菏泽 濮阳-聊城 濮阳-邯郸 商丘-周口 商丘-菏泽
        商丘-亳州 商丘-永城 商丘-单县 商丘-曹县 永城-亳州 周口-许昌 周口-亳州 周口-阜阳 南阳-信阳
        信阳-阜阳 济南-聊城 济南-泰安 菏泽-济宁 菏泽-聊城 菏泽-单县 菏泽-曹县 单县-济宁 单县-曹县
        济宁-泰安 济宁-临沂 济宁-聊城 聊城-泰安 聊城-邯郸 聊城-邢台 泰安-临沂 石家庄-邢台
        石家庄-保定 邢台-邯郸 合肥-淮南 淮南-阜阳 淮南-亳州 亳州-阜阳 巩义市-郑州 巩义市-洛阳
        新郑市-郑州 新郑市-许昌 伊川县-洛阳 伊川县-平顶山 邓州市-南阳 鹿邑县-周口 鹿邑县-亳州
        鹿邑县-商丘 项城市-周口 虞城县-商丘 虞城县-单县 虞城县-曹县 曲阜市-济宁 曲阜市-泰安
        曲阜市-邹城市 邹城市-济宁 邹城市-临沂 临清市-聊城 临清市-邢台 界首市-阜阳 界首市-周口
        沂水县-临沂
    """)
    return _Spec(
        name="seasoning", number=0, lang="zh",
        external=(("shipments", "parquet"), ("scans", "parquet")),
        info=(("client_name", "豫香园食品有限公司"), ("industry", "调味品(下饭菜、酱料)"),
              ("currency", "CNY"), ("period", "2025"), ("consultant", "王顾问")),
        prefix="S25", scans=200_000, scan_rate=0.93, lag_scale=10.0, order_every=10.0,
        seasonality=(1.5, 0.6, 0.9, 0.9, 1.0, 0.9, 0.9, 1.0, 1.3, 1.1, 1.0, 1.2),
        channels=(
            _Channel("KA卖场", 21.0e6, 20.6e6, 0.24, 4.4e6, 2, 0.85, 0.06, 0.6),
            _Channel("流通批发", 46.0e6, 43.0e6, 0.10, 3.1e6, 3, 0.97, 0.08, 0.35),
            _Channel("校园特通", 2.1e6, 1.85e6, 0.15, 0.45e6, 2, 0.90, 0.10),
            _Channel("餐饮", 10.5e6, 9.4e6, 0.12, 1.2e6, 1, 0.95, 0.12),
            _Channel("电商", 7.2e6, 3.9e6, 0.28, 1.6e6, 1, 0.30, 0.60, 0.6),
            _Channel("便利连锁", 4.6e6, 5.1e6, 0.30, 3.7e6, 2, 0.80, 0.05, 0.5),
        ),
        offline=("KA卖场", "流通批发", "校园特通", "餐饮", "便利连锁"),
        importance={
            "KA卖场": ("dominant", "important", "general", "minor"),
            "流通批发": ("important", "dominant", "dominant", "dominant"),
            "校园特通": ("minor", "minor", "general", "general"),
            "餐饮": ("general", "general", "important", "important"),
            "电商": ("general", "minor", "minor", "none"),
            "便利连锁": ("minor", "general", "minor", "minor"),
        },
        regions=(
            _Region("河南", "base", 0.04, 0.05, 8.5, (
                "郑州", "开封", "兰考", "洛阳", "平顶山", "新乡", "安阳", "濮阳", "商丘", "永城",
                "周口", "许昌", "南阳", "信阳", "巩义市", "新郑市", "伊川县", "邓州市", "鹿邑县",
                "项城市", "虞城县")),
            _Region("山东", "development", 0.05, 0.02, 8.9, (
                "济南", "菏泽", "单县", "曹县", "济宁", "聊城", "泰安", "临沂", "曲阜市", "邹城市",
                "临清市", "沂水县")),
            _Region("河北", "development", 0.06, 0.02, 8.9, ("石家庄", "邢台", "邯郸", "保定")),
            _Region("安徽", "potential", 0.08, 0.03, 8.7,
                    ("合肥", "淮南", "亳州", "阜阳", "界首市")),
        ),
        edges=edges, freight=(0.10, 0.25),
        lines=(
            _Line(j, 24, 1.0, (("牛肉酱 200g", 0.6), ("香菇酱 200g", 0.4))),
            _Line(x, 24, 1.0, (("下饭菜 280g", 0.7), ("野山菌 280g", 0.3))),
            _Line(c, 12, 0.5, (("餐饮装牛肉酱 1kg", 1.0),)),
        ),
        ladder={
            "下饭菜 280g": (8.5, 9.3, 10.2, 12.9),
            "野山菌 280g": (9.6, 10.5, 11.5, 14.5),
            "牛肉酱 200g": (7.2, 7.9, 8.6, 10.9),
            "香菇酱 200g": (6.8, 7.5, 8.2, 9.9),
            "餐饮装牛肉酱 1kg": (28.0, 30.0, 31.5, 38.0),  # level2 margin 5 % < 8 %: planted
        },
        min_margins=(0.0, 0.06, 0.08, 0.15),
        dealers=dealers,
        profiles={
            "ka": {"KA卖场": 0.50, "流通批发": 0.28, "便利连锁": 0.12, "电商": 0.07,
                   "校园特通": 0.03},
            "flow": {"流通批发": 0.62, "KA卖场": 0.18, "餐饮": 0.06, "便利连锁": 0.06,
                     "校园特通": 0.04, "电商": 0.04},
            "cater": {"餐饮": 0.78, "流通批发": 0.15, "校园特通": 0.07},
            "mixed": {"流通批发": 0.55, "KA卖场": 0.22, "餐饮": 0.08, "便利连锁": 0.06,
                      "校园特通": 0.05, "电商": 0.04},
            "county": {"流通批发": 0.74, "餐饮": 0.10, "校园特通": 0.09, "KA卖场": 0.05,
                       "便利连锁": 0.02},
        },
        brand_share={"A": 0.20, "B": 0.36, "C": 0.46, "D": 0.55},
        auth_end=(("ly_old", x, "2025-06-30"), ("xinyang", None, "2025-09-30")),
        auth_add=(("ly_new", "洛阳", x, "2025-07-01", "2025-12-31"),
                  ("zz_x", "郑州", j, "2025-04-01", "2025-06-30")),
        flows=(
            _Flow("shangqiu", (("菏泽", 0.5), ("单县", 0.3), ("曹县", 0.2)), 0.40,
                  (4, 5, 6, 7, 8, 9, 10, 11), (j, x)),
            _Flow("yucheng", (("单县", 1.0),), 0.15, (6, 7, 8, 9)),
            _Flow("kaifeng", (("兰考", 1.0),), 0.08, tuple(range(1, 13))),
            _Flow("zz_x", (("新乡", 0.6), ("许昌", 0.4)), 0.25, (11, 12), (x,)),
        ),
        leak=0.08,
        complaints={"shangqiu": 4, "yucheng": 1, "zz_x": 2},
        dumps=(
            _Dump(("菏泽", "单县", "曹县"), ("下饭菜 280g", "牛肉酱 200g"), ("level2", "retail"),
                  (6, 7, 8, 9, 10), 0.86, 0.95, "流通批发", 48),
            _Dump(("郑州",), ("下饭菜 280g",), ("retail",), (6, 11), 0.88, 0.92, "电商", 4),
        ),
        rebate_tiers=((0, 0.0), (1e6, 0.01), (3e6, 0.02), (5e6, 0.03), (8e6, 0.035)),
        inventory_dealers=12, inventory_tags=("shangqiu", "zz_j", "heze"),
        inventory_errors=(("shangqiu", "下饭菜 280g", (6, 7, 8, 9)),),
        observations=420, benchmark_skus=30,
        name_words=_WORDS,
        name_suffix={"ka": ("商贸有限公司", "贸易有限公司"), "flow": ("副食批发部", "商贸有限公司"),
                     "mixed": ("商贸有限公司", "食品经营部", "贸易有限公司"),
                     "cater": ("餐饮配送有限公司", "调味品批发部"),
                     "county": ("副食商行", "食品经营部", "商贸有限公司")},
    )


def _cosmetics() -> _Spec:
    h, y, b = "护肤", "药妆", "婴童"
    all3 = (h, y, b)
    d = _Dealer
    dealers = (
        d("石家庄", "A", (h,), "ka", "sjz_weak", weak=True, name="石家庄冀美日化有限公司"),
        d("石家庄", "C", (y,), "pharm"), d("石家庄", "C", (b,), "baby"),
        d("保定", "C", all3, "mixed"), d("衡水", "D", all3, "mixed"),
        d("邢台", "C", (h,), "cs"), d("邢台", "D", (y, b), "mixed"),
        d("邯郸", "B", (h,), "cs"), d("邯郸", "D", (y, b), "mixed"),
        d("沧州", "C", (h,), "cs"), d("沧州", "D", (y, b), "mixed"),
        d("济南", "A", (h,), "ka", "jn_weak", weak=True, name="济南泉城百汇商贸有限公司"),
        d("济南", "B", (y,), "pharm"), d("济南", "B", (b,), "baby"),
        d("德州", "C", (h,), "cs"), d("德州", "D", (y, b), "mixed"),
        d("聊城", "D", all3, "mixed"),
        d("济宁", "B", (h,), "cs"), d("济宁", "C", (y, b), "mixed"),
        d("临沂", "A", (h,), "ka", "linyi"), d("临沂", "C", (y, b), "mixed"),
        d("徐州", "B", (h,), "cs", "xuzhou", name="徐州彭城美业贸易有限公司"),
        d("徐州", "C", (y, b), "mixed"),
        d("泰安", "C", all3, "mixed"), d("枣庄", "D", all3, "mixed"),
    )
    edges = _edges("""
        石家庄-保定 石家庄-衡水 石家庄-邢台 保定-沧州 保定-衡水 衡水-沧州 衡水-邢台 衡水-德州
        邢台-邯郸 邢台-聊城 邢台-德州 邯郸-聊城 沧州-德州 德州-聊城 德州-济南 聊城-济南 聊城-济宁
        济南-泰安 聊城-泰安 济宁-泰安 泰安-临沂 济宁-临沂 济宁-徐州 临沂-徐州 枣庄-济宁 枣庄-临沂
        枣庄-徐州
    """)
    return _Spec(
        name="cosmetics", number=1, lang="en", external=(("scans", "csv"),),
        info=(("client_name", "Qinglan Cosmetics Co., Ltd. (清澜化妆品有限公司)"),
              ("industry", "Cosmetics and personal care"), ("currency", "CNY"),
              ("period", "2025"), ("consultant", "Chen Jing")),
        prefix="C25", scans=20_000, scan_rate=0.9, lag_scale=14.0, order_every=14.0,
        seasonality=(1.0, 0.7, 1.0, 1.0, 1.1, 1.2, 0.9, 0.9, 1.0, 1.1, 1.5, 1.3),
        channels=(
            _Channel("KA卖场", 17.5e6, 19.2e6, 0.32, 3.5e6, 2, 0.85, 0.02, 0.6),
            _Channel("CS化妆品店", 13.0e6, 11.3e6, 0.18, 1.75e6, 2, 0.95, 0.12),
            _Channel("药房", 5.8e6, 4.6e6, 0.14, 0.8e6, 2, 0.90, 0.15),
            _Channel("母婴", 4.3e6, 3.2e6, 0.20, 0.95e6, 2, 0.90, 0.25),
            _Channel("线上旗舰店", 11.0e6, 6.4e6, 0.35, 3.1e6, 0, 0.05, 0.50, 0.65),
        ),
        offline=("KA卖场", "CS化妆品店", "药房", "母婴"),
        importance={
            "KA卖场": ("dominant", "important", "general", "minor"),
            "CS化妆品店": ("important", "dominant", "dominant", "important"),
            "药房": ("general", "important", "important", "general"),
            "母婴": ("minor", "general", "important", "dominant"),
            "线上旗舰店": ("minor", "minor", "none", "none"),
        },
        regions=(
            _Region("河北", "base", 0.04, 0.03, 42.0,
                    ("石家庄", "保定", "衡水", "邢台", "邯郸", "沧州")),
            _Region("山东", "development", 0.08, 0.03, 42.0, ("济南",)),
            _Region("山东", "potential", 0.15, 0.03, 42.0,
                    ("德州", "聊城", "济宁", "临沂", "泰安", "枣庄")),
            _Region("江苏", "potential", 0.15, 0.03, 42.0, ("徐州",)),
        ),
        edges=edges, freight=(0.6, 1.2),
        lines=(
            _Line(h, 24, 1.0, (("保湿精华水 150ml", 0.6), ("焕颜面霜 50g", 0.4))),
            _Line(y, 36, 0.6, (("舒敏修护霜 50g", 1.0),)),
            _Line(b, 24, 0.7, (("婴童润肤乳 200ml", 0.7), ("婴童洗发沐浴露 300ml", 0.3))),
        ),
        ladder={
            "保湿精华水 150ml": (42.0, 46.0, 52.0, 89.0),
            "焕颜面霜 50g": (58.0, 63.0, 71.0, 128.0),
            "舒敏修护霜 50g": (45.0, 49.0, 55.0, 98.0),
            "婴童润肤乳 200ml": (28.0, 31.0, 34.5, 59.0),
            "婴童洗发沐浴露 300ml": (22.0, 24.0, 26.5, 45.0),
        },
        min_margins=(0.0, 0.06, 0.08, 0.35),
        dealers=dealers,
        profiles={
            "ka": {"KA卖场": 0.68, "CS化妆品店": 0.22, "线上旗舰店": 0.10},
            "cs": {"CS化妆品店": 0.74, "KA卖场": 0.20, "线上旗舰店": 0.06},
            "pharm": {"药房": 0.90, "CS化妆品店": 0.10},
            "baby": {"母婴": 0.90, "KA卖场": 0.10},
            "mixed": {"CS化妆品店": 0.35, "KA卖场": 0.20, "药房": 0.20, "母婴": 0.25},
        },
        brand_share={"A": 0.22, "B": 0.45, "C": 0.55, "D": 0.62},
        flows=(
            _Flow("xuzhou", (("石家庄", 0.4), ("邢台", 0.35), ("衡水", 0.25)), 0.18,
                  tuple(range(3, 12)), (h,)),
            _Flow("sjz_weak", (("衡水", 0.5), ("保定", 0.5)), 0.07, tuple(range(1, 13))),
            _Flow("jn_weak", (("德州", 0.6), ("泰安", 0.4)), 0.05, tuple(range(1, 13))),
        ),
        leak=0.06,
        complaints={"sjz_weak": 3, "jn_weak": 2, "xuzhou": 0},
        dumps=(
            _Dump(("石家庄", "邢台", "衡水"), ("保湿精华水 150ml", "焕颜面霜 50g"),
                  ("level2", "retail"), tuple(range(4, 12)), 0.85, 0.94, "CS化妆品店", 36),
            _Dump(("济南",), ("保湿精华水 150ml",), ("retail",), (6, 11), 0.80, 0.88,
                  "线上旗舰店", 4),
        ),
        rebate_tiers=((0, 0.0), (2e6, 0.02), (5e6, 0.035), (1e7, 0.05)),
        inventory_dealers=8, inventory_tags=("xuzhou", "sjz_weak"),
        inventory_errors=(("sjz_weak", "保湿精华水 150ml", (5, 9)),),
        observations=260, benchmark_skus=40,
        name_words=_WORDS,
        name_suffix={"ka": ("日化有限公司", "商贸有限公司"), "cs": ("美妆贸易有限公司", "日化商行"),
                     "pharm": ("医药连锁有限公司", "医药贸易有限公司"),
                     "baby": ("母婴用品有限公司", "孕婴童商贸有限公司"),
                     "mixed": ("日化商行", "化妆品经营部", "商贸有限公司")},
        dup_rate=0.001, unknown_rate=0.0006,
    )


def _feed() -> _Spec:
    z, q, s = "猪料", "禽料", "水产料"
    all3 = (z, q, s)
    d = _Dealer
    dealers = (
        d("洞口县高沙片", "A", all3, "town", "gaosha", code_weight=4.0, leak=False,
          name="洞口高沙兴旺饲料经营部"),
        d("洞口县城关片", "A", all3, "town", "chengguan", code_weight=4.0, leak=False,
          name="洞口城关金穗饲料有限公司"),
        d("隆回县", "B", (z, q), "town"), d("隆回县", "C", (s,), "town"),
        d("武冈市", "B", (z,), "farm"), d("武冈市", "C", (q, s), "town"),
        d("邵阳县", "B", (z, q), "town"), d("邵阳县", "D", (s,), "town"),
        d("新邵县", "C", all3, "town"), d("绥宁县", "D", all3, "town"),
        d("新宁县", "C", (z,), "town"), d("新宁县", "D", (q, s), "town"),
        d("邵东市", "A", (z,), "farm"), d("邵东市", "B", (q,), "coop"),
        d("邵东市", "C", (s,), "town"),
        d("新化县", "B", (z,), "town"), d("新化县", "C", (q, s), "town"),
        d("冷水江市", "C", all3, "town"),
        d("溆浦县", "B", (z,), "town", "xupu"), d("溆浦县", "C", (q, s), "town"),
        d("洪江市", "C", all3, "town"),
        d("邵阳市区", "B", (z,), "farm"), d("邵阳市区", "C", (q,), "coop"),
        d("邵阳市区", "C", (s,), "town"),
        d("城步县", "D", all3, "town"),
        d("娄底市区", "B", (z, q), "farm"), d("娄底市区", "C", (s,), "town"),
        d("会同县", "D", all3, "town"),
        d("涟源市", "C", (z, q), "town"), d("涟源市", "D", (s,), "town"),
    )
    edges = _edges("""
        洞口县高沙片-洞口县城关片 洞口县高沙片-隆回县 洞口县高沙片-武冈市 洞口县城关片-武冈市
        洞口县城关片-绥宁县 洞口县城关片-洪江市 洞口县城关片-溆浦县 隆回县-武冈市 隆回县-邵阳县
        隆回县-新邵县 隆回县-新化县 隆回县-溆浦县 武冈市-邵阳县 武冈市-新宁县 武冈市-绥宁县
        武冈市-城步县 邵阳县-新邵县 邵阳县-邵东市 邵阳县-新宁县 邵阳县-邵阳市区 新邵县-邵东市
        新邵县-新化县 新邵县-冷水江市 新邵县-邵阳市区 新邵县-涟源市 邵东市-邵阳市区 邵东市-涟源市
        新化县-冷水江市 新化县-溆浦县 新化县-涟源市 冷水江市-涟源市 溆浦县-洪江市 绥宁县-洪江市
        绥宁县-会同县 绥宁县-城步县 新宁县-城步县 洪江市-会同县 娄底市区-涟源市
    """)
    return _Spec(
        name="feed", number=2, lang="zh", external=(("scans", "parquet"),),
        info=(("client_name", "湘中丰牧饲料有限公司"), ("industry", "饲料(猪料、禽料、水产料)"),
              ("currency", "CNY"), ("period", "2025"), ("consultant", "刘顾问")),
        prefix="F25", scans=10_000, scan_rate=0.62, lag_scale=5.0, order_every=7.0,
        seasonality=(1.2, 0.8, 1.0, 1.0, 1.0, 0.9, 0.9, 1.0, 1.1, 1.1, 1.0, 1.1),
        channels=(
            _Channel("乡镇零售店", 51.0e6, 48.0e6, 0.06, 2.6e6, 2, 1.00, 0.06),
            _Channel("规模养殖场", 31.0e6, 23.0e6, 0.04, 1.3e6, 1, 0.60, 0.25),
            _Channel("养殖合作社", 10.0e6, 9.8e6, 0.08, 1.0e6, 1, 0.80, 0.05),
            _Channel("电商直销", 2.0e6, 0.0, 0.18, 1.9e6, 0, 0.0, 0.40, 0.6),  # new in 2025
        ),
        offline=("乡镇零售店", "规模养殖场", "养殖合作社"),
        importance={
            "乡镇零售店": ("important", "dominant", "dominant", "dominant"),
            "规模养殖场": ("dominant", "important", "general", "minor"),
            "养殖合作社": ("general", "general", "important", "important"),
            "电商直销": ("minor", "none", "none", "none"),
        },
        regions=(
            _Region("湖南", "base", 0.04, 0.02, 150.0, (
                "洞口县高沙片", "洞口县城关片", "隆回县", "武冈市", "邵阳县", "新邵县", "绥宁县",
                "新宁县", "邵东市", "邵阳市区", "城步县")),
            _Region("湖南", "development", 0.05, 0.02, 150.0,
                    ("新化县", "冷水江市", "娄底市区", "涟源市")),
            _Region("湖南", "potential", 0.15, 0.02, 150.0, ("溆浦县", "洪江市", "会同县")),
        ),
        edges=edges, freight=(2.5, 4.0),
        lines=(
            _Line(z, 1, 1.0, (("教槽料 20kg", 0.3), ("育肥浓缩料 40kg", 0.7))),
            _Line(q, 1, 0.6, (("蛋鸡预混料 20kg", 1.0),)),
            _Line(s, 1, 0.5, (("草鱼膨化料 40kg", 1.0),)),
        ),
        ladder={
            "教槽料 20kg": (168.0, 176.0, 184.0, 198.0),
            "育肥浓缩料 40kg": (150.0, 156.0, 162.0, 172.0),
            "蛋鸡预混料 20kg": (96.0, 100.0, 104.0, 112.0),
            "草鱼膨化料 40kg": (132.0, 137.0, 142.0, 152.0),
        },
        min_margins=(0.0, 0.03, 0.03, 0.05),
        dealers=dealers,
        profiles={
            "town": {"乡镇零售店": 0.75, "规模养殖场": 0.10, "养殖合作社": 0.15},
            "farm": {"规模养殖场": 0.70, "乡镇零售店": 0.20, "养殖合作社": 0.10},
            "coop": {"养殖合作社": 0.60, "乡镇零售店": 0.30, "规模养殖场": 0.10},
        },
        brand_share={"A": 0.50, "B": 0.60, "C": 0.66, "D": 0.70},
        flows=(_Flow("xupu", (("洞口县城关片", 0.5), ("隆回县", 0.5)), 0.10,
                     (7, 8, 9, 10, 11, 12), (z,)),),
        incidents=(
            _Incident("gaosha", "洞口县城关片", 1, 22), _Incident("gaosha", "洞口县城关片", 2, 26),
            _Incident("gaosha", "洞口县城关片", 3, 31),
            _Incident("chengguan", "洞口县高沙片", 1, 18),
            _Incident("chengguan", "洞口县高沙片", 2, 24),
            _Incident("chengguan", "洞口县高沙片", 3, 20),
            _Incident("gaosha", "洞口县城关片", 5, 60),
        ),
        leak=0.06,
        complaints={"gaosha": 4, "chengguan": 3, "xupu": 1},
        dumps=(
            _Dump(("洞口县城关片", "洞口县高沙片"), ("教槽料 20kg", "育肥浓缩料 40kg"),
                  ("level2", "retail"), (1, 2, 3, 5), 0.93, 0.97, "乡镇零售店", 20),
        ),
        rebate_tiers=((0, 0.0), (5e5, 0.005), (2e6, 0.01), (5e6, 0.015), (1e7, 0.02)),
        inventory_dealers=10, inventory_tags=("gaosha", "chengguan"),
        inventory_errors=(("gaosha", "育肥浓缩料 40kg", (5,)),),
        observations=200, benchmark_skus=12,
        name_words=_WORDS,
        name_suffix={"town": ("饲料经营部", "农资有限公司", "饲料门市部"),
                     "farm": ("牧业服务有限公司", "饲料有限公司"),
                     "coop": ("农牧专业合作社", "饲料经营部")},
        dup_rate=0.002, unknown_rate=0.0008,
    )


def _edges(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(pair.split("-")) for pair in text.split())  # type: ignore[misc]


_SPECS = {s.name: s for s in (_seasoning(), _cosmetics(), _feed())}

#: Names of the sample clients, in the order they are written.
CLIENTS: tuple[str, ...] = tuple(_SPECS)


# --- generation ----------------------------------------------------------------------------

def generate(name: str, *, seed: int = DEFAULT_SEED, scans: int | None = None
             ) -> dict[str, pd.DataFrame]:
    """Generate one sample client: a DataFrame per intake sheet.

    Parameters
    ----------
    name
        One of `CLIENTS`: ``"seasoning"``, ``"cosmetics"`` or ``"feed"``.
    seed
        Seed of ``numpy.random.default_rng``; the client's number is mixed in. The same
        seed gives identical frames.
    scans
        Number of rows of the ``scans`` sheet (default: 200,000 for seasoning, 20,000 for
        cosmetics, 10,000 for feed; at least 50). Shipments grow with it; planted
        fixed-size incidents are scaled in proportion. Only ``shipments``, ``scans`` and
        ``inventory`` depend on it.

    Returns
    -------
    dict of str to DataFrame
        Keyed by the sheet keys of `chananalysis.intake.columns.SHEETS` (all of them), columns
        named by English keys; ``client`` has the columns ``field, value``.

    Examples
    --------
    >>> frames = generate("cosmetics", scans=500)
    >>> len(frames["channels"]) >= 2
    True
    >>> frames["client"].set_index("field").loc["period", "value"]
    '2025'
    """
    if name not in _SPECS:
        raise ValueError(f'unknown sample client "{name}"; choose from {", ".join(CLIENTS)}')
    spec = _SPECS[name]
    n_scans = spec.scans if scans is None else int(scans)
    if n_scans < 50:
        raise ValueError(f"scans must be at least 50; got {n_scans}")
    root = np.random.default_rng([seed, spec.number])
    r_dealer, r_kpi, r_code, r_price, r_inv = root.spawn(5)

    out: dict[str, pd.DataFrame] = {}
    out["client"] = _client(spec)
    out["channels"] = _channels(spec)
    out["channel_importance"] = _importance(spec)
    dealers, tags, dcs = _dealers(spec, r_dealer)
    out["dealers"] = dealers
    out["dealer_channel_sales"] = dcs
    out["dealer_kpis"] = _kpis(spec, dealers, dcs, tags, r_kpi)
    out["financials"] = _financials(spec, dealers, r_kpi)
    auth = _authorizations(spec, dealers, tags)
    out["authorizations"] = auth
    out["territories"] = _territories(spec, r_price)
    ship, scan = _codes(spec, dealers, tags, dcs, auth, n_scans, r_code)
    out["shipments"] = ship
    out["scans"] = scan
    ladder = _ladder(spec)
    out["price_ladder"] = ladder
    out["price_observations"] = _observations(spec, dealers, r_price)
    out["inventory"] = _inventory(spec, dealers, tags, auth, ship, r_inv)
    out["rebate_tiers"] = pd.DataFrame(list(spec.rebate_tiers), columns=["threshold", "rate"])
    return {k: out[k].reset_index(drop=True) for k in SHEETS}


def _client(spec: _Spec) -> pd.DataFrame:
    info = dict(spec.info)
    info["period_start"] = pd.Timestamp(f"{YEAR}-01-01")
    info["period_end"] = pd.Timestamp(f"{YEAR}-12-31")
    keys = [c.key for c in SHEETS["client"].columns]
    return pd.DataFrame({"field": keys, "value": pd.Series([info[k] for k in keys],
                                                           dtype=object)})


def _channels(spec: _Spec) -> pd.DataFrame:
    rows = []
    for ch in spec.channels:
        cost = ch.variable_cost_rate * ch.sales + ch.fixed_cost
        promo = _round(cost * ch.promo_share, 1000)
        other = _round(cost * 0.12, 1000)
        rows.append({
            "channel": ch.name, "sales": ch.sales, "sales_prev": ch.sales_prev,
            "variable_cost_rate": ch.variable_cost_rate, "fixed_cost": ch.fixed_cost,
            "levels": ch.levels, "expense_sales_mgmt": _round(cost, 1000) - promo - other,
            "expense_promotion": promo, "expense_other": other,
            # A channel new this period has no base: its launch target is set on sales.
            "target": _round((ch.sales_prev or ch.sales) * (1 + ch.target_growth), 10_000),
        })
    return pd.DataFrame(rows)


def _importance(spec: _Spec) -> pd.DataFrame:
    return pd.DataFrame([{"channel": ch, **dict(zip("ABCD", lv, strict=True))}
                         for ch, lv in spec.importance.items()])


def _territory_table(spec: _Spec) -> dict[str, _Region]:
    return {t: r for r in spec.regions for t in r.territories}


def _short(territory: str) -> str:
    t = territory.replace("县", "").replace("片", "").replace("市区", "")
    return t[:-1] if t.endswith("市") and len(t) > 2 else t


def _dealers(spec: _Spec, rng: np.random.Generator
             ) -> tuple[pd.DataFrame, dict[str, int], pd.DataFrame]:
    plans = spec.dealers
    n = len(plans)
    ids = [f"D{i + 1:03d}" for i in range(n)]
    tags = {p.tag: i for i, p in enumerate(plans) if p.tag}
    regions = _territory_table(spec)
    klass = np.array([p.klass for p in plans])
    lo = np.array([_CLASS_RANGE[k][0] for k in klass])
    hi = np.array([_CLASS_RANGE[k][1] for k in klass])
    annual = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    annual = np.round(annual / 10_000) * 10_000

    # Brand sales by dealer and channel: a perturbed profile mix, fitted (IPF) to the
    # dealer-routed part of each channel's sales.
    chans = [c.name for c in spec.channels]
    routed = np.array([c.sales * c.routed for c in spec.channels])
    prior = np.zeros((n, len(chans)))
    for i, p in enumerate(plans):
        w = np.array([spec.profiles[p.profile].get(c, 0.0) for c in chans])
        draw = np.zeros_like(w)
        draw[w > 0] = rng.gamma(40 * w[w > 0], 1.0)
        prior[i] = draw / draw.sum()
    share = np.array([spec.brand_share[k] for k in klass]) * rng.uniform(0.75, 1.25, n)
    for i, p in enumerate(plans):
        if p.weak:  # a big logistics house: the brand is a small line among many
            share[i] *= 0.6
        if p.tag and any(a[0] == p.tag for a in spec.auth_add) and not p.lines:
            share[i] *= 0.5  # authorised for half a year only
    brand = annual * share
    factor = routed.sum() / brand.sum()
    brand *= factor
    if (brand > 0.95 * annual).any():
        raise AssertionError(f"{spec.name}: brand sales exceed 95 % of a dealer's sales: "
                             f"max share {(brand / annual).max():.2f}, factor {factor:.2f}")
    m = prior * brand[:, None]
    for _ in range(300):
        col = m.sum(axis=0)
        m *= np.divide(routed, col, out=np.zeros_like(col), where=col > 0)[None, :]
        m *= (brand / m.sum(axis=1))[:, None]
    m = np.round(m / 1000) * 1000
    rows = [(ids[i], chans[k], m[i, k]) for i in range(n) for k in range(len(chans))
            if m[i, k] > 0]
    dcs = pd.DataFrame(rows, columns=["dealer", "channel", "sales"])

    # Census and capability records.
    def by_class(table: dict[str, tuple[float, float]], integer: bool = True) -> np.ndarray:
        a = np.array([table[k][0] for k in klass])
        b = np.array([table[k][1] for k in klass])
        v = rng.uniform(a, b)
        return np.round(v) if integer else v

    outlets = by_class({"A": (900, 3000), "B": (350, 1000), "C": (120, 400), "D": (30, 130)})
    staff = by_class({"A": (35, 120), "B": (12, 40), "C": (5, 15), "D": (2, 6)})
    warehouse = np.round(by_class({"A": (2000, 8000), "B": (600, 2000), "C": (200, 700),
                                   "D": (60, 220)}), -1)
    vehicles = by_class({"A": (10, 30), "B": (4, 10), "C": (2, 4), "D": (1, 2)})
    capital = np.round(annual * rng.uniform(0.12, 0.3, n), -4)
    base = {"A": 78, "B": 74, "C": 68, "D": 62}
    mean = np.array([base[k] for k in klass], dtype=float)

    def score(shift: float = 0.0, sd: float = 8.0) -> np.ndarray:
        return np.clip(np.round(rng.normal(mean + shift, sd)), 20, 98)

    dev, maint, growth = score(), score(), score(2)
    serv, res, exp_, loyal = score(), score(2), score(), score(6, 10)
    weak = np.array([p.weak for p in plans])
    for arr, lo_, hi_ in ((serv, 40, 55), (exp_, 35, 50), (loyal, 30, 45), (maint, 45, 55),
                          (growth, 40, 50), (dev, 48, 58), (res, 85, 95)):
        arr[weak] = np.round(rng.uniform(lo_, hi_, weak.sum()))
    # Census gaps: some small dealers never reported warehouse, vehicles or capital.
    small = np.isin(klass, ["C", "D"])
    gap = small & (rng.random(n) < 0.2)
    warehouse = np.where(gap, np.nan, warehouse)
    vehicles = np.where(gap, np.nan, vehicles)
    capital = np.where(small & (rng.random(n) < 0.08), np.nan, capital)

    names = _names(spec, rng)
    dealers = pd.DataFrame({
        "dealer": ids, "name": names, "annual_sales": annual,
        "territory": [p.territory for p in plans],
        "province": [regions[p.territory].province for p in plans],
        "market_role": [regions[p.territory].role for p in plans],
        "channel_resources": outlets.astype(int), "capital": capital,
        "development_ability": dev, "maintenance_ability": maint, "growth_potential": growth,
        "staff": staff.astype(int), "warehouse_m2": warehouse,
        "vehicles": pd.array(np.where(np.isnan(vehicles), np.nan, vehicles), dtype="Int64"),
        "terminal_service": serv, "terminal_resources": res, "terminal_expansion": exp_,
        "loyalty": loyal,
    })
    return dealers, tags, dcs


def _names(spec: _Spec, rng: np.random.Generator) -> list[str]:
    used: set[str] = set()
    out = []
    words = list(spec.name_words)
    for p in spec.dealers:
        if p.name:
            out.append(p.name)
            used.add(p.name)
            continue
        suffixes = spec.name_suffix[p.profile]
        for k in rng.permutation(len(words)):
            cand = f"{_short(p.territory)}{words[k]}{suffixes[int(rng.integers(len(suffixes)))]}"
            if cand not in used:
                break
        used.add(cand)
        out.append(cand)
    return out


def _kpis(spec: _Spec, dealers: pd.DataFrame, dcs: pd.DataFrame, tags: dict[str, int],
          rng: np.random.Generator) -> pd.DataFrame:
    n = len(dealers)
    weak = np.array([p.weak for p in spec.dealers])
    klass = np.array([p.klass for p in spec.dealers])
    actual = dcs.groupby("dealer")["sales"].sum().reindex(dealers["dealer"]).fillna(0).to_numpy()
    main = dcs.loc[dcs.groupby("dealer")["sales"].idxmax()].set_index("dealer")
    main_sales = main["sales"].reindex(dealers["dealer"]).fillna(0).to_numpy()

    def pick(normal: np.ndarray, weak_v: np.ndarray) -> np.ndarray:
        return np.where(weak, weak_v, normal)

    ach = pick(np.clip(rng.normal(1.0, 0.12, n), 0.6, 1.35), rng.uniform(0.72, 0.82, n))
    growth = pick(np.clip(rng.normal(0.08, 0.10, n), -0.2, 0.45), rng.uniform(-0.12, -0.03, n))
    contract = np.round(actual / ach, -3)
    last_year = np.round(actual / (1 + growth), -3)
    key_target = np.round(contract * 0.15, -3)
    key_sales = np.round(key_target * pick(np.clip(rng.normal(0.9, 0.25, n), 0.2, 1.5),
                                           rng.uniform(0.35, 0.5, n)), -3)
    outlets = dealers["channel_resources"].to_numpy()
    outlet_target = np.maximum(2, np.round(outlets * 0.08)).astype(int)
    new_outlets = np.round(outlet_target * pick(rng.uniform(0.45, 1.3, n),
                                                rng.uniform(0.4, 0.6, n))).astype(int)
    ch_growth = pick(np.clip(rng.normal(0.07, 0.12, n), -0.25, 0.5), rng.uniform(-0.15, -0.05, n))
    in_area = np.round(outlets * rng.uniform(1.2, 2.0, n)).astype(int)
    active = np.round(in_area * pick(rng.uniform(0.45, 0.9, n),
                                     rng.uniform(0.33, 0.45, n))).astype(int)
    audited = rng.integers(20, 101, n)
    compliant = np.round(audited * pick(rng.uniform(0.45, 0.95, n),
                                        rng.uniform(0.38, 0.5, n))).astype(int)
    bench = np.full(n, spec.benchmark_skus)
    on_shelf = np.round(bench * pick(rng.uniform(0.5, 1.0, n),
                                     rng.uniform(0.4, 0.55, n))).astype(int)
    p_yes = np.array([{"A": 0.85, "B": 0.75, "C": 0.62, "D": 0.5}[k] for k in klass])

    def poisson(lam: float, weak_range: tuple[int, int]) -> np.ndarray:
        return pick(rng.poisson(lam, n), rng.integers(weak_range[0], weak_range[1] + 1, n))

    out = pd.DataFrame({
        "dealer": dealers["dealer"], "actual_sales": actual, "contract_sales": contract,
        "sales_last_year": last_year, "key_sku_sales": key_sales, "key_sku_target": key_target,
        "new_outlets": new_outlets, "new_outlet_target": outlet_target,
        "channel_sales": main_sales, "channel_sales_last_year": np.round(
            main_sales / (1 + ch_growth), -3),
        "active_outlets": active, "outlets_in_area": in_area,
        "compliant_stores": compliant, "audited_stores": audited,
        "skus_on_shelf": on_shelf, "benchmark_skus": bench,
        "activity_execution": pick(np.clip(np.round(rng.normal(80, 10, n)), 40, 100),
                                   np.round(rng.uniform(55, 65, n))),
        "new_product_launch": pick(np.clip(np.round(rng.normal(76, 12, n)), 30, 100),
                                   np.round(rng.uniform(50, 60, n))),
        "late_deliveries": poisson(2.0, (8, 15)), "late_exchanges": poisson(1.0, (3, 6)),
        "complaints_office": poisson(0.5, (3, 4)), "complaints_branch": poisson(0.15, (1, 2)),
        "complaints_hq": poisson(0.03, (0, 1)),
        "posm_failures": poisson(2.0, (6, 12)), "instore_failures": poisson(1.5, (6, 12)),
        "outstore_failures": poisson(1.5, (6, 12)),
    })
    for key in ("internal_systems", "sales_information", "warehouse_area", "staff_count",
                "vehicle_count", "monthly_training", "computer_setup"):
        out[key] = rng.random(n) < p_yes
    out.loc[weak, "monthly_training"] = False
    out.loc[weak, "sales_information"] = False
    out["self_activities"] = pick(rng.poisson(0.6, n), np.zeros(n, dtype=int))
    out["branch_activities"] = pick(rng.poisson(0.2, n), np.zeros(n, dtype=int))
    out["national_activities"] = pick(rng.poisson(0.03, n), np.zeros(n, dtype=int))
    out["branch_experience"] = pick(rng.poisson(0.1, n), np.zeros(n, dtype=int))
    out["national_experience"] = pick(rng.poisson(0.02, n), np.zeros(n, dtype=int))
    complaints = np.where(rng.random(n) < 0.08, 1, 0)
    planted = {tags[t] for t in spec.complaints}
    planted |= {tags[f.tag] for f in spec.flows} | {tags[i.tag] for i in spec.incidents}
    for i in planted:
        complaints[i] = 0
    for tag, k in spec.complaints.items():
        complaints[tags[tag]] = k
    out["diversion_complaints"] = complaints
    amount_cols = [c.key for c in SHEETS["dealer_kpis"].columns if c.kind == "amount"]
    out[amount_cols] = out[amount_cols].astype(float)
    count_cols = [c.key for c in SHEETS["dealer_kpis"].columns if c.kind == "count"]
    out[count_cols] = out[count_cols].astype("int64")
    return out


def _financials(spec: _Spec, dealers: pd.DataFrame, rng: np.random.Generator
                ) -> pd.DataFrame:
    n = len(dealers)
    weak = np.array([p.weak for p in spec.dealers])
    sales = dealers["annual_sales"].to_numpy()
    total = sales * rng.uniform(0.35, 0.7, n)
    current = total * rng.uniform(0.6, 0.85, n)
    inventory = current * rng.uniform(0.3, 0.5, n)
    ar = np.minimum(sales * np.where(weak, rng.uniform(0.25, 0.32, n),
                                     rng.uniform(0.04, 0.15, n)), (current - inventory) * 0.9)
    liab = total * rng.uniform(0.3, 0.85, n)
    # Two dealers owe more than they own (negative net assets).
    under = rng.choice(n, size=2, replace=False)
    liab[under] = total[under] * rng.uniform(1.05, 1.2, 2)
    cur_liab = liab * rng.uniform(0.6, 0.95, n)
    zero = int(rng.choice(np.setdiff1d(np.arange(n), under)))
    cur_liab[zero] = 0.0  # only a long-term loan: the current ratio is undefined
    liab[zero] = total[zero] * 0.1
    margin = np.where(weak, rng.uniform(-0.02, 0.005, n), rng.normal(0.025, 0.025, n))
    r = lambda v: np.round(v, -2)  # noqa: E731
    return pd.DataFrame({
        "dealer": dealers["dealer"], "current_assets": r(current),
        "current_liabilities": r(cur_liab), "inventory": r(inventory),
        "average_inventory": r(inventory * rng.uniform(0.85, 1.15, n)),
        "total_liabilities": r(liab), "net_assets": r(total) - r(liab),
        "total_assets": r(total), "accounts_receivable": r(ar), "net_sales": sales,
        "net_profit": r(sales * margin), "total_expenses": r(sales * rng.uniform(0.06, 0.12, n)),
    })


def _authorizations(spec: _Spec, dealers: pd.DataFrame, tags: dict[str, int]
                    ) -> pd.DataFrame:
    ids = dealers["dealer"].tolist()
    rows = []
    for i, p in enumerate(spec.dealers):
        for line in p.lines:
            end = f"{YEAR}-12-31"
            for tag, ln, cut in spec.auth_end:
                if tags[tag] == i and ln in (None, line):
                    end = cut
            rows.append((ids[i], p.territory, line, f"{YEAR}-01-01", end))
    for tag, terr, line, start, end in spec.auth_add:
        rows.append((ids[tags[tag]], terr, line, start, end))
    out = pd.DataFrame(rows, columns=["dealer", "territory", "product_line", "start", "end"])
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    return out


def _territories(spec: _Spec, rng: np.random.Generator) -> pd.DataFrame:
    nb = _neighbours(spec)
    rows = []
    for r in spec.regions:
        for t in r.territories:
            rows.append({"territory": t, "province": r.province, "neighbours": ";".join(nb[t]),
                         "expense_allowance_rate": r.expense, "rebate_rate": r.rebate,
                         "list_price": r.list_price,
                         "freight_per_unit": round(float(rng.uniform(*spec.freight)), 2)})
    return pd.DataFrame(rows)


def _neighbours(spec: _Spec) -> dict[str, list[str]]:
    nb: dict[str, list[str]] = {t: [] for r in spec.regions for t in r.territories}
    for a, b in spec.edges:
        nb[a].append(b)
        nb[b].append(a)
    return nb


def _codes(spec: _Spec, dealers: pd.DataFrame, tags: dict[str, int], dcs: pd.DataFrame,
           auth: pd.DataFrame, n_scans: int, rng: np.random.Generator
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shipments (one code per case) and the scans of those codes in the market."""
    scale = n_scans / spec.scans
    n_dup = max(1, round(n_scans * spec.dup_rate))
    n_unknown = max(1, round(n_scans * spec.unknown_rate))
    n_first = n_scans - n_dup - n_unknown
    n_ship = math.ceil(n_first / spec.scan_rate / 0.92)

    ids = dealers["dealer"].tolist()
    index = {d: i for i, d in enumerate(ids)}
    lines = {ln.name: ln for ln in spec.lines}
    line_names = [ln.name for ln in spec.lines]
    terr_names = [t for r in spec.regions for t in r.territories]
    terr_index = {t: i for i, t in enumerate(terr_names)}

    # Authorisation segments and the codes each receives.
    seg_d = auth["dealer"].map(index).to_numpy()
    seg_t = auth["territory"].map(terr_index).to_numpy()
    seg_l = auth["product_line"].map(line_names.index).to_numpy()
    seg_a = ((auth["start"].to_numpy() - _START).astype("timedelta64[D]").astype(int))
    seg_b = ((auth["end"].to_numpy() - _START).astype("timedelta64[D]").astype(int))
    brand = dcs.groupby("dealer")["sales"].sum().reindex(ids).fillna(0).to_numpy()
    weight = brand * np.array([p.code_weight for p in spec.dealers])
    seg_w = np.array([lines[line_names[ln]].weight for ln in seg_l]) * (seg_b - seg_a + 1)
    per_dealer = np.zeros(len(ids))
    np.add.at(per_dealer, seg_d, seg_w)
    seg_share = weight[seg_d] * seg_w / per_dealer[seg_d]
    seg_n = rng.multinomial(n_ship, seg_share / seg_share.sum())

    season = np.array(spec.seasonality)[_MONTH_OF_DAY - 1]
    parts = []
    for s, c in enumerate(seg_n):
        if c == 0:
            continue
        days = np.arange(seg_a[s], seg_b[s] + 1)
        k = int(max(1, min(c, round(len(days) / spec.order_every * rng.uniform(0.8, 1.2)))))
        p = season[days] / season[days].sum()
        orders = np.sort(rng.choice(days, size=k, replace=False, p=p))
        parts.append(np.column_stack([np.full(c, s), rng.choice(orders, size=c)]))
    sd = np.concatenate(parts)
    seg = sd[:, 0]
    order = np.lexsort((seg_d[seg], sd[:, 1]))
    seg, ship_day = seg[order], sd[order, 1]
    n_ship = len(seg)
    dealer = seg_d[seg]
    line = seg_l[seg]
    qty = np.array([lines[ln].per_code for ln in line_names])[line]
    codes = np.char.add(spec.prefix, np.char.zfill(np.arange(1, n_ship + 1).astype(str), 7))

    # When each code would be scanned; codes of an authorisation that ends early are sold
    # through before it ends; codes not sold by the year end are still in stock.
    lag = 1 + np.floor(rng.gamma(2.0, spec.lag_scale, n_ship)).astype(int)
    cand = ship_day + lag
    end = seg_b[seg]
    early = (cand > end) & (end < _DAYS - 1)
    cand[early] = ship_day[early] + np.floor(
        rng.random(early.sum()) * (end[early] - ship_day[early] + 1)).astype(int)
    eligible = np.flatnonzero(cand <= _DAYS - 1)
    if len(eligible) < n_first:
        raise AssertionError(f"{spec.name}: too few codes to scan")
    chosen = np.sort(rng.choice(eligible, size=n_first, replace=False))
    s_day = cand[chosen]
    s_terr = seg_t[seg[chosen]]
    s_dealer = dealer[chosen]
    s_line = line[chosen]
    s_month = _MONTH_OF_DAY[s_day]
    diverted = np.zeros(n_first, dtype=bool)

    for f in spec.flows:
        mask = (s_dealer == tags[f.tag]) & np.isin(s_month, f.months)
        if f.lines:
            mask &= np.isin(s_line, [line_names.index(x) for x in f.lines])
        mask &= rng.random(n_first) < f.share
        dest = [terr_index[t] for t, _ in f.dest]
        prob = np.array([w for _, w in f.dest])
        s_terr[mask] = rng.choice(dest, size=mask.sum(), p=prob / prob.sum())
        diverted |= mask
    for inc in spec.incidents:
        cands = np.flatnonzero((s_dealer == tags[inc.tag]) & (s_month == inc.month) & ~diverted)
        k = min(len(cands), max(1, round(inc.n * scale)))
        pick = rng.choice(cands, size=k, replace=False)
        s_terr[pick] = terr_index[inc.dest]
        diverted[pick] = True
    # Background leakage, in clumps as it happens: some dealers lose a share of their
    # goods to one neighbouring territory in one or two months.
    nb = _neighbours(spec)
    u = rng.random(n_first)
    planted = {f.tag for f in spec.flows} | {i.tag for i in spec.incidents}
    for d_idx, p in enumerate(spec.dealers):
        leaks = rng.random() < spec.leak_dealers and p.leak and p.tag not in planted
        dest = terr_index[str(rng.choice(nb[p.territory]))]
        months = rng.choice(np.arange(1, 13), size=int(rng.integers(1, 3)), replace=False)
        if not leaks:
            continue
        sel = ~diverted & (s_dealer == d_idx) & np.isin(s_month, months) & (u < spec.leak)
        s_terr[sel] = dest
        diverted |= sel

    # Outlet channel: from the dealer's own channel mix (offline channels only).
    s_chan = np.empty(n_first, dtype=object)
    mix = dcs[dcs["channel"].isin(spec.offline)]
    for d_idx in np.unique(s_dealer):
        sel = s_dealer == d_idx
        rows = mix[mix["dealer"] == ids[d_idx]]
        if rows.empty:
            rows = mix.nlargest(1, "sales")
        p = rows["sales"].to_numpy() / rows["sales"].sum()
        s_chan[sel] = rng.choice(rows["channel"].to_numpy(), size=sel.sum(), p=p)

    retail = np.array([spec.ladder[lines[ln].skus[0][0]][3] for ln in line_names])
    s_price = retail[s_line] * rng.uniform(0.96, 1.04, n_first)
    s_price[diverted] *= rng.uniform(0.86, 0.94, diverted.sum())

    # Duplicate scans of a code and codes never shipped (counterfeit or misread).
    dup = rng.choice(n_first, size=n_dup, replace=False)
    d_day = np.minimum(s_day[dup] + rng.integers(0, 21, n_dup), _DAYS - 1)
    u_num = 9_000_000 + rng.choice(1_000_000, size=n_unknown, replace=False)
    u_codes = np.char.add(spec.prefix, u_num.astype(str))
    u_terr = rng.choice(np.unique(seg_t), size=n_unknown)
    u_day = rng.integers(0, _DAYS, n_unknown)
    u_price = retail[rng.integers(0, len(retail), n_unknown)] * rng.uniform(0.6, 0.75, n_unknown)

    scan = pd.DataFrame({
        "code": np.concatenate([codes[chosen], codes[chosen[dup]], u_codes]),
        "territory": np.array(terr_names, dtype=object)[
            np.concatenate([s_terr, s_terr[dup], u_terr])],
        "day": np.concatenate([s_day, d_day, u_day]),
        "price": np.round(np.concatenate([s_price, s_price[dup], u_price]), 1),
        "channel": np.concatenate([s_chan, s_chan[dup],
                                   np.full(n_unknown, spec.offline[0], dtype=object)]),
    })
    scan = scan.sort_values(["day", "territory", "code"], kind="stable")
    scan.insert(2, "scan_date", _dates(scan.pop("day").to_numpy()))
    for col in ("code", "territory", "channel"):
        scan[col] = scan[col].astype("str")
    ship = pd.DataFrame({
        "code": codes, "dealer": np.array(ids, dtype=object)[dealer],
        "product_line": np.array(line_names, dtype=object)[line],
        "ship_date": _dates(ship_day), "quantity": qty.astype("int64"),
        "territory": np.array(terr_names, dtype=object)[seg_t[seg]],
    })
    for col in ("code", "dealer", "product_line", "territory"):
        ship[col] = ship[col].astype("str")
    return ship, scan.reset_index(drop=True)


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (0 = 1 January) as ``datetime64[s]`` values."""
    return (_START + np.asarray(days).astype("timedelta64[D]")).astype("datetime64[s]")


def _ladder(spec: _Spec) -> pd.DataFrame:
    rows = [{"product": p, "level": lv, "price": price, "min_margin": spec.min_margins[k]}
            for p, prices in spec.ladder.items()
            for k, (lv, price) in enumerate(zip(_LEVELS, prices, strict=True))]
    return pd.DataFrame(rows)


def _observations(spec: _Spec, dealers: pd.DataFrame, rng: np.random.Generator
                  ) -> pd.DataFrame:
    """Market price checks: mostly at or a little above the ladder, dumping where planted."""
    terrs = sorted(set(dealers["territory"]), key=list(dealers["territory"]).index)
    products = list(spec.ladder)
    retail_ch = list(spec.offline)
    wholesale = spec.offline[0] if spec.name == "feed" else (
        "流通批发" if "流通批发" in spec.offline else spec.offline[1])
    n_planted = sum(d.n for d in spec.dumps)
    n = spec.observations - n_planted
    t = rng.choice(terrs, size=n)
    p = rng.choice(products, size=n)
    lv = rng.choice(["level1", "level2", "retail"], size=n, p=[0.2, 0.35, 0.45])
    day = rng.integers(10, _DAYS - 5, n)
    base = np.array([spec.ladder[x][_LEVELS.index(y)] for x, y in zip(p, lv, strict=True)])
    price = np.ceil(base * rng.uniform(1.0, 1.06, n) * 10) / 10
    ch = np.where(lv == "retail", rng.choice(retail_ch, size=n), wholesale)
    frames = [pd.DataFrame({"product": p, "territory": t, "channel": ch, "level": lv,
                            "price": price, "day": day})]
    for dmp in spec.dumps:
        k = dmp.n
        months = rng.choice(dmp.months, size=k)
        first = np.array([np.flatnonzero(_MONTH_OF_DAY == m)[0] for m in months])
        dd = first + rng.integers(3, 26, k)
        pp = rng.choice(dmp.products, size=k)
        ll = rng.choice(dmp.levels, size=k)
        bb = np.array([spec.ladder[x][_LEVELS.index(y)] for x, y in zip(pp, ll, strict=True)])
        frames.append(pd.DataFrame({
            "product": pp, "territory": rng.choice(dmp.territories, size=k),
            "channel": dmp.channel, "level": ll,
            "price": np.floor(bb * rng.uniform(dmp.low, dmp.high, k) * 10) / 10, "day": dd}))
    out = pd.concat(frames, ignore_index=True).sort_values(["day", "territory", "product"],
                                                           kind="stable")
    out["date"] = _dates(out.pop("day").to_numpy())
    for col in ("product", "territory", "channel", "level"):
        out[col] = out[col].astype("str")
    return out.reset_index(drop=True)


def _inventory(spec: _Spec, dealers: pd.DataFrame, tags: dict[str, int], auth: pd.DataFrame,
               ship: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """进销存 per dealer × SKU × month; purchases are the units shipped to the dealer."""
    full = auth.groupby("dealer").apply(
        lambda a: bool((a["start"].dt.day_of_year.eq(1) & a["end"].dt.month.eq(12)).all()),
        include_groups=False)
    ids = dealers["dealer"].tolist()
    planted = [ids[tags[t]] for t in spec.inventory_tags]
    volume = ship.groupby("dealer")["quantity"].sum()
    pool = [d for d in volume.sort_values(ascending=False).index
            if full.get(d, False) and d not in planted]
    k = spec.inventory_dealers - len(planted)
    extra = rng.choice(pool[:2 * k], size=min(k, len(pool)), replace=False)  # larger ones
    chosen = sorted(planted + list(extra))
    lines = {ln.name: ln for ln in spec.lines}
    month = ship["ship_date"].dt.month
    units = (ship.assign(month=month).groupby(["dealer", "product_line", "month"])["quantity"]
             .sum())
    errors = {(ids[tags[t]], sku): set(ms) for t, sku, ms in spec.inventory_errors}
    rows = []
    for d in chosen:
        carried = sorted(set(auth.loc[auth["dealer"] == d, "product_line"]),
                         key=list(lines).index)
        for ln in carried:
            skus = lines[ln].skus
            for j, (sku, share) in enumerate(skus):
                bought = []
                for m in range(1, 13):
                    total = int(units.get((d, ln, m), 0))
                    if j < len(skus) - 1:
                        bought.append(round(total * share))
                    else:  # the last SKU takes the remainder: the line adds up exactly
                        given = sum(round(total * s) for _, s in skus[:-1])
                        bought.append(total - given)
                avg = max(1.0, sum(bought) / 12)
                stock = round(avg * rng.uniform(0.5, 1.0))
                for m in range(1, 13):
                    opening, purchases = stock, bought[m - 1]
                    avail = opening + purchases
                    closing = round(min(avail * rng.uniform(0.25, 0.6),
                                        avg * rng.uniform(0.4, 0.9)))
                    sales = avail - closing
                    reported = sales
                    if sales > 0 and m in errors.get((d, sku), set()):
                        reported = sales - max(1, round(sales * rng.uniform(0.08, 0.2)))
                    rows.append((d, sku, f"{YEAR}-{m:02d}", opening, purchases, reported,
                                 closing))
                    stock = closing
    out = pd.DataFrame(rows, columns=["dealer", "sku", "period", "opening", "purchases",
                                      "sales", "closing"])
    # Two data-entry slips at random rows: sales keyed a few per cent too high.
    clean = ~out["dealer"].isin([d for d, _ in errors])
    rows_ok = np.flatnonzero((out["sales"] >= 20) & clean)
    if len(rows_ok) < 2:  # a tiny sample (few scans): any row with sales will do
        rows_ok = np.flatnonzero((out["sales"] >= 1) & clean)
    slip = rng.choice(rows_ok, size=min(2, len(rows_ok)), replace=False)
    out.loc[slip, "sales"] += np.maximum(2, np.round(out.loc[slip, "sales"]
                                                     * rng.uniform(0.03, 0.1, len(slip))))
    num = ["opening", "purchases", "sales", "closing"]
    out[num] = out[num].clip(lower=0).astype(float)
    return out


def _round(v: float, step: float) -> float:
    return float(round(v / step) * step)


# --- writing -------------------------------------------------------------------------------

def write_samples(out_dir: str | os.PathLike = "data_samples",
                  names: Iterable[str] = CLIENTS, scans: int | None = None, *,
                  seed: int = DEFAULT_SEED) -> list[Path]:
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
    from chananalysis.intake.read import write_intake

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
        "flows": [{"dealer": ids[f.tag], "from": home[f.tag], "to": dict(f.dest),
                   "share": f.share, "months": list(f.months),
                   "lines": list(f.lines) or sorted(lines)} for f in spec.flows],
        "incidents": [{"dealer": ids[i.tag], "to": i.dest, "month": i.month, "scans": i.n}
                      for i in spec.incidents],
        "complaints": {ids[t]: k for t, k in spec.complaints.items()},
        "auth_ended": [{"dealer": ids[t], "territory": home[t], "product_line": ln or "*",
                        "end": end} for t, ln, end in spec.auth_end],
        "auth_added": [{"dealer": ids[t], "territory": terr, "product_line": ln,
                        "start": a, "end": b} for t, terr, ln, a, b in spec.auth_add],
        "unassigned": [t for r in spec.regions for t in r.territories if t not in held],
        "dumping": [{"territories": list(d.territories), "products": list(d.products),
                     "levels": list(d.levels), "months": list(d.months),
                     "price_vs_ladder": (d.low, d.high), "channel": d.channel, "rows": d.n}
                    for d in spec.dumps],
        "inventory_errors": [{"dealer": ids[t], "sku": sku, "months": list(ms)}
                             for t, sku, ms in spec.inventory_errors],
        "leak": {"dealers": spec.leak_dealers, "share_in_leak_months": spec.leak},
    }


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m chananalysis.samples [--out DIR] [--scans N] [--only NAME]``."""
    parser = argparse.ArgumentParser(
        prog="python -m chananalysis.samples",
        description="Write the seeded sample clients (one folder each).")
    parser.add_argument("--out", default="data_samples", type=Path,
                        help="parent folder (default: data_samples)")
    parser.add_argument("--scans", type=int, default=None,
                        help="scan rows per client (default: each client's own)")
    parser.add_argument("--only", action="append", choices=CLIENTS, metavar="NAME",
                        help=f"write only this client (repeatable): {', '.join(CLIENTS)}")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default: {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.scans is not None and args.scans < 50:
        parser.error("--scans must be at least 50")
    for path in write_samples(args.out, args.only or CLIENTS, args.scans, seed=args.seed):
        files = ", ".join(sorted(p.name for p in path.iterdir() if p.is_file()))
        print(f"{path}  {_size(path) / 1e6:.2f} MB  ({files})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
