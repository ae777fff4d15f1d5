"""The plans of the three sample clients: channels, regions, product lines, dealers, and
the flows, incidents and price dumping planted in them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

DEFAULT_SEED = 2025

YEAR = 2025
_DAYS = 365
_START = np.datetime64(f"{YEAR}-01-01")
_MONTH_OF_DAY = (np.arange(_DAYS).astype("timedelta64[D]") + _START).astype("datetime64[M]").astype(
    int
) % 12 + 1  # 1..12 for each day of the year
_CLASS_RANGE = {
    "A": (10.5e6, 40e6),
    "B": (3.2e6, 9.5e6),
    "C": (1.05e6, 2.9e6),
    "D": (0.3e6, 0.95e6),
}
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


_WORDS = (
    "百味",
    "丰源",
    "众信",
    "鑫达",
    "华联",
    "嘉禾",
    "恒昌",
    "顺发",
    "德润",
    "金穗",
    "万家",
    "兴旺",
    "宏远",
    "福源",
    "瑞丰",
    "永盛",
    "康达",
    "广源",
    "天润",
    "益民",
    "同福",
    "聚鑫",
    "和顺",
    "润丰",
    "佳美",
    "盛世",
    "海川",
    "隆昌",
    "宝丰",
    "裕丰",
    "富民",
    "鸿运",
    "汇通",
    "吉祥",
    "安泰",
    "昌盛",
    "惠民",
    "诚信",
    "万通",
    "新丰源",
    "利民",
    "金桥",
    "满福",
    "泰和",
)


def _seasoning() -> _Spec:
    j, x, c = "酱料", "下饭菜", "餐调"
    jx, all3 = (j, x), (j, x, c)
    d = _Dealer
    dealers = (
        d("郑州", "A", (j,), "ka", "zz_j"),
        d("郑州", "A", (x,), "flow", "zz_x"),
        d("郑州", "B", (c,), "cater"),
        d("济南", "A", (j,), "ka"),
        d("济南", "B", (x,), "flow"),
        d("济南", "C", (c,), "cater"),
        d("石家庄", "A", (j,), "ka"),
        d("石家庄", "B", (x,), "flow"),
        d("石家庄", "C", (c,), "cater"),
        d("合肥", "B", (j,), "ka"),
        d("合肥", "B", (x,), "flow"),
        d("合肥", "C", (c,), "cater"),
        d("洛阳", "A", jx, "mixed", "ly_old"),
        d("洛阳", "C", (c,), "cater"),
        d("开封", "B", jx, "mixed", "kaifeng"),
        d("开封", "D", (c,), "cater"),
        d("商丘", "B", jx, "mixed", "shangqiu", name="商丘万通商贸有限公司"),
        d("商丘", "C", (c,), "cater"),
        d("新乡", "B", jx, "mixed"),
        d("新乡", "D", (c,), "cater"),
        d("南阳", "B", jx, "mixed"),
        d("南阳", "C", (c,), "cater"),
        d("菏泽", "B", jx, "mixed", "heze"),
        d("菏泽", "D", (c,), "cater"),
        d("济宁", "B", jx, "mixed"),
        d("济宁", "C", (c,), "cater"),
        d("临沂", "C", jx, "mixed"),
        d("临沂", "D", (c,), "cater"),
        d("邯郸", "C", jx, "mixed"),
        d("邯郸", "D", (c,), "cater"),
        d("周口", "C", jx, "mixed"),
        d("周口", "D", (c,), "cater"),
        d("许昌", "C", jx, "mixed"),
        d("许昌", "D", (c,), "cater"),
        d("阜阳", "C", jx, "mixed"),
        d("阜阳", "D", (c,), "cater"),
        d("永城", "D", all3, "county"),
        d("平顶山", "C", all3, "mixed"),
        d("安阳", "C", all3, "mixed"),
        d("濮阳", "D", all3, "county"),
        d("信阳", "C", all3, "mixed", "xinyang"),
        d("单县", "D", all3, "county", "shanxian"),
        d("聊城", "C", all3, "mixed"),
        d("泰安", "C", all3, "mixed"),
        d("邢台", "C", all3, "mixed"),
        d("保定", "B", all3, "mixed"),
        d("淮南", "D", all3, "county"),
        d("亳州", "D", all3, "county"),
        d("巩义市", "C", all3, "county"),
        d("新郑市", "C", all3, "county"),
        d("伊川县", "D", all3, "county"),
        d("邓州市", "C", all3, "county"),
        d("鹿邑县", "D", all3, "county"),
        d("项城市", "D", all3, "county"),
        d("虞城县", "C", all3, "county", "yucheng"),
        d("曹县", "D", all3, "county", "caoxian"),
        d("曲阜市", "D", all3, "county"),
        d("邹城市", "C", all3, "county"),
        d("临清市", "D", all3, "county"),
        d("界首市", "D", all3, "county"),
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
        name="seasoning",
        number=0,
        lang="zh",
        external=(("shipments", "parquet"), ("scans", "parquet")),
        info=(
            ("client_name", "豫香园食品有限公司"),
            ("industry", "调味品(下饭菜、酱料)"),
            ("currency", "CNY"),
            ("period", "2025"),
            ("consultant", "王顾问"),
        ),
        prefix="S25",
        scans=200_000,
        scan_rate=0.93,
        lag_scale=10.0,
        order_every=10.0,
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
            _Region(
                "河南",
                "base",
                0.04,
                0.05,
                8.5,
                (
                    "郑州",
                    "开封",
                    "兰考",
                    "洛阳",
                    "平顶山",
                    "新乡",
                    "安阳",
                    "濮阳",
                    "商丘",
                    "永城",
                    "周口",
                    "许昌",
                    "南阳",
                    "信阳",
                    "巩义市",
                    "新郑市",
                    "伊川县",
                    "邓州市",
                    "鹿邑县",
                    "项城市",
                    "虞城县",
                ),
            ),
            _Region(
                "山东",
                "development",
                0.05,
                0.02,
                8.9,
                (
                    "济南",
                    "菏泽",
                    "单县",
                    "曹县",
                    "济宁",
                    "聊城",
                    "泰安",
                    "临沂",
                    "曲阜市",
                    "邹城市",
                    "临清市",
                    "沂水县",
                ),
            ),
            _Region("河北", "development", 0.06, 0.02, 8.9, ("石家庄", "邢台", "邯郸", "保定")),
            _Region(
                "安徽", "potential", 0.08, 0.03, 8.7, ("合肥", "淮南", "亳州", "阜阳", "界首市")
            ),
        ),
        edges=edges,
        freight=(0.10, 0.25),
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
            "ka": {
                "KA卖场": 0.50,
                "流通批发": 0.28,
                "便利连锁": 0.12,
                "电商": 0.07,
                "校园特通": 0.03,
            },
            "flow": {
                "流通批发": 0.62,
                "KA卖场": 0.18,
                "餐饮": 0.06,
                "便利连锁": 0.06,
                "校园特通": 0.04,
                "电商": 0.04,
            },
            "cater": {"餐饮": 0.78, "流通批发": 0.15, "校园特通": 0.07},
            "mixed": {
                "流通批发": 0.55,
                "KA卖场": 0.22,
                "餐饮": 0.08,
                "便利连锁": 0.06,
                "校园特通": 0.05,
                "电商": 0.04,
            },
            "county": {
                "流通批发": 0.74,
                "餐饮": 0.10,
                "校园特通": 0.09,
                "KA卖场": 0.05,
                "便利连锁": 0.02,
            },
        },
        brand_share={"A": 0.20, "B": 0.36, "C": 0.46, "D": 0.55},
        auth_end=(("ly_old", x, "2025-06-30"), ("xinyang", None, "2025-09-30")),
        auth_add=(
            ("ly_new", "洛阳", x, "2025-07-01", "2025-12-31"),
            ("zz_x", "郑州", j, "2025-04-01", "2025-06-30"),
        ),
        flows=(
            _Flow(
                "shangqiu",
                (("菏泽", 0.5), ("单县", 0.3), ("曹县", 0.2)),
                0.40,
                (4, 5, 6, 7, 8, 9, 10, 11),
                (j, x),
            ),
            _Flow("yucheng", (("单县", 1.0),), 0.15, (6, 7, 8, 9)),
            _Flow("kaifeng", (("兰考", 1.0),), 0.08, tuple(range(1, 13))),
            _Flow("zz_x", (("新乡", 0.6), ("许昌", 0.4)), 0.25, (11, 12), (x,)),
        ),
        leak=0.08,
        complaints={"shangqiu": 4, "yucheng": 1, "zz_x": 2},
        dumps=(
            _Dump(
                ("菏泽", "单县", "曹县"),
                ("下饭菜 280g", "牛肉酱 200g"),
                ("level2", "retail"),
                (6, 7, 8, 9, 10),
                0.86,
                0.95,
                "流通批发",
                48,
            ),
            _Dump(("郑州",), ("下饭菜 280g",), ("retail",), (6, 11), 0.88, 0.92, "电商", 4),
        ),
        rebate_tiers=((0, 0.0), (1e6, 0.01), (3e6, 0.02), (5e6, 0.03), (8e6, 0.035)),
        inventory_dealers=12,
        inventory_tags=("shangqiu", "zz_j", "heze"),
        inventory_errors=(("shangqiu", "下饭菜 280g", (6, 7, 8, 9)),),
        observations=420,
        benchmark_skus=30,
        name_words=_WORDS,
        name_suffix={
            "ka": ("商贸有限公司", "贸易有限公司"),
            "flow": ("副食批发部", "商贸有限公司"),
            "mixed": ("商贸有限公司", "食品经营部", "贸易有限公司"),
            "cater": ("餐饮配送有限公司", "调味品批发部"),
            "county": ("副食商行", "食品经营部", "商贸有限公司"),
        },
    )


def _cosmetics() -> _Spec:
    h, y, b = "护肤", "药妆", "婴童"
    all3 = (h, y, b)
    d = _Dealer
    dealers = (
        d("石家庄", "A", (h,), "ka", "sjz_weak", weak=True, name="石家庄冀美日化有限公司"),
        d("石家庄", "C", (y,), "pharm"),
        d("石家庄", "C", (b,), "baby"),
        d("保定", "C", all3, "mixed"),
        d("衡水", "D", all3, "mixed"),
        d("邢台", "C", (h,), "cs"),
        d("邢台", "D", (y, b), "mixed"),
        d("邯郸", "B", (h,), "cs"),
        d("邯郸", "D", (y, b), "mixed"),
        d("沧州", "C", (h,), "cs"),
        d("沧州", "D", (y, b), "mixed"),
        d("济南", "A", (h,), "ka", "jn_weak", weak=True, name="济南泉城百汇商贸有限公司"),
        d("济南", "B", (y,), "pharm"),
        d("济南", "B", (b,), "baby"),
        d("德州", "C", (h,), "cs"),
        d("德州", "D", (y, b), "mixed"),
        d("聊城", "D", all3, "mixed"),
        d("济宁", "B", (h,), "cs"),
        d("济宁", "C", (y, b), "mixed"),
        d("临沂", "A", (h,), "ka", "linyi"),
        d("临沂", "C", (y, b), "mixed"),
        d("徐州", "B", (h,), "cs", "xuzhou", name="徐州彭城美业贸易有限公司"),
        d("徐州", "C", (y, b), "mixed"),
        d("泰安", "C", all3, "mixed"),
        d("枣庄", "D", all3, "mixed"),
    )
    edges = _edges("""
        石家庄-保定 石家庄-衡水 石家庄-邢台 保定-沧州 保定-衡水 衡水-沧州 衡水-邢台 衡水-德州
        邢台-邯郸 邢台-聊城 邢台-德州 邯郸-聊城 沧州-德州 德州-聊城 德州-济南 聊城-济南 聊城-济宁
        济南-泰安 聊城-泰安 济宁-泰安 泰安-临沂 济宁-临沂 济宁-徐州 临沂-徐州 枣庄-济宁 枣庄-临沂
        枣庄-徐州
    """)
    return _Spec(
        name="cosmetics",
        number=1,
        lang="en",
        external=(("scans", "csv"),),
        info=(
            ("client_name", "Qinglan Cosmetics Co., Ltd. (清澜化妆品有限公司)"),
            ("industry", "Cosmetics and personal care"),
            ("currency", "CNY"),
            ("period", "2025"),
            ("consultant", "Chen Jing"),
        ),
        prefix="C25",
        scans=20_000,
        scan_rate=0.9,
        lag_scale=14.0,
        order_every=14.0,
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
            _Region(
                "河北", "base", 0.04, 0.03, 42.0, ("石家庄", "保定", "衡水", "邢台", "邯郸", "沧州")
            ),
            _Region("山东", "development", 0.08, 0.03, 42.0, ("济南",)),
            _Region(
                "山东",
                "potential",
                0.15,
                0.03,
                42.0,
                ("德州", "聊城", "济宁", "临沂", "泰安", "枣庄"),
            ),
            _Region("江苏", "potential", 0.15, 0.03, 42.0, ("徐州",)),
        ),
        edges=edges,
        freight=(0.6, 1.2),
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
            _Flow(
                "xuzhou",
                (("石家庄", 0.4), ("邢台", 0.35), ("衡水", 0.25)),
                0.18,
                tuple(range(3, 12)),
                (h,),
            ),
            _Flow("sjz_weak", (("衡水", 0.5), ("保定", 0.5)), 0.07, tuple(range(1, 13))),
            _Flow("jn_weak", (("德州", 0.6), ("泰安", 0.4)), 0.05, tuple(range(1, 13))),
        ),
        leak=0.06,
        complaints={"sjz_weak": 3, "jn_weak": 2, "xuzhou": 0},
        dumps=(
            _Dump(
                ("石家庄", "邢台", "衡水"),
                ("保湿精华水 150ml", "焕颜面霜 50g"),
                ("level2", "retail"),
                tuple(range(4, 12)),
                0.85,
                0.94,
                "CS化妆品店",
                36,
            ),
            _Dump(
                ("济南",), ("保湿精华水 150ml",), ("retail",), (6, 11), 0.80, 0.88, "线上旗舰店", 4
            ),
        ),
        rebate_tiers=((0, 0.0), (2e6, 0.02), (5e6, 0.035), (1e7, 0.05)),
        inventory_dealers=8,
        inventory_tags=("xuzhou", "sjz_weak"),
        inventory_errors=(("sjz_weak", "保湿精华水 150ml", (5, 9)),),
        observations=260,
        benchmark_skus=40,
        name_words=_WORDS,
        name_suffix={
            "ka": ("日化有限公司", "商贸有限公司"),
            "cs": ("美妆贸易有限公司", "日化商行"),
            "pharm": ("医药连锁有限公司", "医药贸易有限公司"),
            "baby": ("母婴用品有限公司", "孕婴童商贸有限公司"),
            "mixed": ("日化商行", "化妆品经营部", "商贸有限公司"),
        },
        dup_rate=0.001,
        unknown_rate=0.0006,
    )


def _feed() -> _Spec:
    z, q, s = "猪料", "禽料", "水产料"
    all3 = (z, q, s)
    d = _Dealer
    dealers = (
        d(
            "洞口县高沙片",
            "A",
            all3,
            "town",
            "gaosha",
            code_weight=4.0,
            leak=False,
            name="洞口高沙兴旺饲料经营部",
        ),
        d(
            "洞口县城关片",
            "A",
            all3,
            "town",
            "chengguan",
            code_weight=4.0,
            leak=False,
            name="洞口城关金穗饲料有限公司",
        ),
        d("隆回县", "B", (z, q), "town"),
        d("隆回县", "C", (s,), "town"),
        d("武冈市", "B", (z,), "farm"),
        d("武冈市", "C", (q, s), "town"),
        d("邵阳县", "B", (z, q), "town"),
        d("邵阳县", "D", (s,), "town"),
        d("新邵县", "C", all3, "town"),
        d("绥宁县", "D", all3, "town"),
        d("新宁县", "C", (z,), "town"),
        d("新宁县", "D", (q, s), "town"),
        d("邵东市", "A", (z,), "farm"),
        d("邵东市", "B", (q,), "coop"),
        d("邵东市", "C", (s,), "town"),
        d("新化县", "B", (z,), "town"),
        d("新化县", "C", (q, s), "town"),
        d("冷水江市", "C", all3, "town"),
        d("溆浦县", "B", (z,), "town", "xupu"),
        d("溆浦县", "C", (q, s), "town"),
        d("洪江市", "C", all3, "town"),
        d("邵阳市区", "B", (z,), "farm"),
        d("邵阳市区", "C", (q,), "coop"),
        d("邵阳市区", "C", (s,), "town"),
        d("城步县", "D", all3, "town"),
        d("娄底市区", "B", (z, q), "farm"),
        d("娄底市区", "C", (s,), "town"),
        d("会同县", "D", all3, "town"),
        d("涟源市", "C", (z, q), "town"),
        d("涟源市", "D", (s,), "town"),
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
        name="feed",
        number=2,
        lang="zh",
        external=(("scans", "parquet"),),
        info=(
            ("client_name", "湘中丰牧饲料有限公司"),
            ("industry", "饲料(猪料、禽料、水产料)"),
            ("currency", "CNY"),
            ("period", "2025"),
            ("consultant", "刘顾问"),
        ),
        prefix="F25",
        scans=10_000,
        scan_rate=0.62,
        lag_scale=5.0,
        order_every=7.0,
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
            _Region(
                "湖南",
                "base",
                0.04,
                0.02,
                150.0,
                (
                    "洞口县高沙片",
                    "洞口县城关片",
                    "隆回县",
                    "武冈市",
                    "邵阳县",
                    "新邵县",
                    "绥宁县",
                    "新宁县",
                    "邵东市",
                    "邵阳市区",
                    "城步县",
                ),
            ),
            _Region(
                "湖南",
                "development",
                0.05,
                0.02,
                150.0,
                ("新化县", "冷水江市", "娄底市区", "涟源市"),
            ),
            _Region("湖南", "potential", 0.15, 0.02, 150.0, ("溆浦县", "洪江市", "会同县")),
        ),
        edges=edges,
        freight=(2.5, 4.0),
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
        flows=(
            _Flow(
                "xupu", (("洞口县城关片", 0.5), ("隆回县", 0.5)), 0.10, (7, 8, 9, 10, 11, 12), (z,)
            ),
        ),
        incidents=(
            _Incident("gaosha", "洞口县城关片", 1, 22),
            _Incident("gaosha", "洞口县城关片", 2, 26),
            _Incident("gaosha", "洞口县城关片", 3, 31),
            _Incident("chengguan", "洞口县高沙片", 1, 18),
            _Incident("chengguan", "洞口县高沙片", 2, 24),
            _Incident("chengguan", "洞口县高沙片", 3, 20),
            _Incident("gaosha", "洞口县城关片", 5, 60),
        ),
        leak=0.06,
        complaints={"gaosha": 4, "chengguan": 3, "xupu": 1},
        dumps=(
            _Dump(
                ("洞口县城关片", "洞口县高沙片"),
                ("教槽料 20kg", "育肥浓缩料 40kg"),
                ("level2", "retail"),
                (1, 2, 3, 5),
                0.93,
                0.97,
                "乡镇零售店",
                20,
            ),
        ),
        rebate_tiers=((0, 0.0), (5e5, 0.005), (2e6, 0.01), (5e6, 0.015), (1e7, 0.02)),
        inventory_dealers=10,
        inventory_tags=("gaosha", "chengguan"),
        inventory_errors=(("gaosha", "育肥浓缩料 40kg", (5,)),),
        observations=200,
        benchmark_skus=12,
        name_words=_WORDS,
        name_suffix={
            "town": ("饲料经营部", "农资有限公司", "饲料门市部"),
            "farm": ("牧业服务有限公司", "饲料有限公司"),
            "coop": ("农牧专业合作社", "饲料经营部"),
        },
        dup_rate=0.002,
        unknown_rate=0.0008,
    )


def _edges(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(pair.split("-")) for pair in text.split())  # type: ignore[misc]


_SPECS = {s.name: s for s in (_seasoning(), _cosmetics(), _feed())}

#: Names of the sample clients, in the order they are written.
CLIENTS: tuple[str, ...] = tuple(_SPECS)


def _neighbours(spec: _Spec) -> dict[str, list[str]]:
    nb: dict[str, list[str]] = {t: [] for r in spec.regions for t in r.territories}
    for a, b in spec.edges:
        nb[a].append(b)
        nb[b].append(a)
    return nb
