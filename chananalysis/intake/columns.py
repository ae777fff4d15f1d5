"""The one table of intake sheets and columns.

Every sheet of CONTRACT §3 and every column in it is defined here once: English key,
Chinese header, kind (which drives parsing and checks), unit, whether it is required,
a description in both languages and three example values. The loader, the validator
and the intake template all read this table; nothing else lists columns.

Examples
--------
>>> SHEETS["channels"].column("sales").zh
'销售额'
>>> [c.key for c in SHEETS["channels"].columns if c.required]
['channel', 'sales', 'sales_prev', 'variable_cost_rate', 'fixed_cost']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from chananalysis.i18n import pick

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ENUMS",
    "INSTRUCTION_SHEET_NAMES",
    "KINDS",
    "SHEETS",
    "Column",
    "Enum",
    "Sheet",
]

Kind = Literal[
    "text",  # any non-blank text; numbers become their text form (dealer id 1001 -> "1001")
    "amount",  # money or quantity >= 0
    "signed",  # money that may be negative (profits)
    "count",  # whole number >= 0
    "rate",  # fraction >= 0 (0.12, not 12); "12%" is read as 0.12
    "score",  # 0-100 points
    "date",  # Excel date cell or ISO text YYYY-MM-DD (also YYYY/MM/DD)
    "bool",  # yes/no/是/否/1/0/true/false
    "enum",  # one of a closed list, English key or Chinese label
    "list",  # semicolon-separated names
]

KINDS: dict[str, tuple[str, str]] = {
    "text": ("text", "文本"),
    "amount": ("number ≥ 0", "数值 ≥ 0"),
    "signed": ("number (may be negative)", "数值（可为负）"),
    "count": ("whole number ≥ 0", "非负整数"),
    "rate": ("fraction 0–1 (12% = 0.12)", "比率 0–1（12% 填 0.12）"),
    "score": ("score 0–100", "分值 0–100"),
    "date": ("date (Excel date or YYYY-MM-DD)", "日期（Excel 日期或 YYYY-MM-DD）"),
    "bool": ("yes / no", "是 / 否"),
    "enum": ("one of a list", "列表之一"),
    "list": ("names separated by ;", "以 ；分隔的名称"),
}


@dataclass(frozen=True)
class Enum:
    """A closed list of values: English keys with their Chinese labels (and aliases)."""

    name: str
    values: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.values)

    def label(self, key: str, lang: str) -> str:
        return pick(lang, en=key, zh=dict(self.values)[key][0])

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling (case-folded) to its key."""
        out: dict[str, str] = {}
        for key, labels in self.values:
            out[key.casefold()] = key
            for lab in labels:
                out[lab.casefold()] = key
        return out

    def describe(self) -> str:
        return " / ".join(f"{k} ({v[0]})" for k, v in self.values)


ENUMS: dict[str, Enum] = {
    "importance": Enum(
        "importance",
        (
            ("dominant", ("主导", "主导分销渠道")),
            ("important", ("重要", "重要分销渠道")),
            ("general", ("一般", "一般分销渠道")),
            ("minor", ("次要", "次要分销渠道")),
            ("none", ("无关", "无关分销渠道", "无")),
        ),
    ),
    "market_role": Enum(
        "market_role",
        (
            ("base", ("基地市场", "基地")),
            ("development", ("发展市场", "发展")),
            ("potential", ("潜力市场", "潜力")),
        ),
    ),
    "ladder_level": Enum(
        "ladder_level",
        (
            ("factory", ("出厂价", "出厂")),
            ("level1", ("一批价", "一批")),
            ("level2", ("二批价", "二批")),
            ("retail", ("零售价", "零售")),
        ),
    ),
}


@dataclass(frozen=True)
class Column:
    """One intake column: key, Chinese header, kind, unit, rule and examples."""

    key: str
    zh: str
    kind: Kind
    en_doc: str
    zh_doc: str
    required: bool = False
    unit: tuple[str, str] = ("", "")  # (en, zh)
    examples: tuple[object, object, object] | tuple = ()
    enum: str | None = None
    group: str = ""  # e.g. "census", "capability": used by the analysis modules
    recommended: bool = False  # optional, but its absence is warned (an analysis needs it)

    def header(self, lang: str) -> str:
        return pick(lang, en=self.key, zh=self.zh)

    def label(self) -> str:
        """``key (中文)`` as used in every message."""
        return f"{self.key} ({self.zh})"


@dataclass(frozen=True)
class Sheet:
    """One intake sheet. ``layout="fields"`` is the two-column ``field, value`` form."""

    key: str
    zh: str
    en_doc: str
    zh_doc: str
    columns: tuple[Column, ...]
    required: bool = False
    unique: tuple[str, ...] = ()
    layout: Literal["table", "fields"] = "table"
    n_examples: int = 3
    _by_key: dict[str, Column] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update({c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        return self._by_key[key]

    def name(self, lang: str) -> str:
        return pick(lang, en=self.key, zh=self.zh)

    def label(self) -> str:
        return f"{self.key} ({self.zh})"

    def examples(self) -> pd.DataFrame:
        """The sheet's example rows, as the intake template writes them (raw, untyped).

        Examples
        --------
        >>> SHEETS["channels"].examples()["channel"].tolist()
        ['KA卖场', '流通批发', '餐饮']
        """
        import pandas as pd

        if self.layout == "fields":
            return pd.DataFrame(
                {
                    "field": [c.key for c in self.columns],
                    "value": [c.examples[0] for c in self.columns],
                }
            )
        return pd.DataFrame({c.key: list(c.examples) for c in self.columns})


def _c(key, zh, kind, en_doc, zh_doc, examples=(), **kw) -> Column:
    return Column(key, zh, kind, en_doc, zh_doc, examples=tuple(examples), **kw)


_YUAN = ("CNY", "元")
_UNITS = ("units", "件/箱")
_PTS = ("points", "分")
_N = ("count", "个")

_CLIENT = Sheet(
    "client",
    "客户信息",
    "Who the report is for: one row per field.",
    "报告对象的基本信息：每行一个字段。",
    (
        _c(
            "client_name",
            "客户名称",
            "text",
            "Client's company name",
            "客户公司名称",
            ["示例食品有限公司"],
            required=True,
        ),
        _c("industry", "行业", "text", "Industry", "所属行业", ["调味品"]),
        _c(
            "currency",
            "币种",
            "text",
            "Currency of all amounts (default CNY)",
            "所有金额的币种（默认 CNY）",
            ["CNY"],
        ),
        _c(
            "period",
            "分析期间",
            "text",
            "Period analysed, as it should appear in the report",
            "分析期间，按报告中显示的写法",
            ["2025"],
        ),
        _c(
            "period_start",
            "期间开始",
            "date",
            "First day of the period",
            "期间第一天",
            ["2025-01-01"],
        ),
        _c(
            "period_end",
            "期间结束",
            "date",
            "Last day of the period",
            "期间最后一天",
            ["2025-12-31"],
        ),
        _c("consultant", "顾问", "text", "Consultant responsible", "负责顾问", ["王顾问"]),
    ),
    required=True,
    layout="fields",
)

_CHANNELS = Sheet(
    "channels",
    "渠道",
    "One row per sub-channel (细分渠道) with its sales and costs; at least two channels.",
    "每个细分渠道一行：销售额与费用；至少两个渠道。",
    (
        _c(
            "channel",
            "渠道",
            "text",
            "Unique channel name",
            "渠道名称（唯一）",
            ["KA卖场", "流通批发", "餐饮"],
            required=True,
        ),
        _c(
            "sales",
            "销售额",
            "amount",
            "Sales of the period",
            "本期销售额",
            [12_000_000, 30_000_000, 8_000_000],
            required=True,
            unit=_YUAN,
        ),
        _c(
            "sales_prev",
            "上期销售额",
            "amount",
            "Sales of the comparison period (0 for a new channel)",
            "对比期销售额（新渠道填 0）",
            [11_000_000, 27_000_000, 6_000_000],
            required=True,
            unit=_YUAN,
        ),
        _c(
            "variable_cost_rate",
            "变动费用率",
            "rate",
            "Variable costs (freight, commission, rebates, variable promotion) "
            "as a fraction of sales",
            "变动费用（运费、提成、返利、变动促销等）占销售额的比率",
            [0.18, 0.08, 0.12],
            required=True,
            unit=("fraction", "比率"),
        ),
        _c(
            "fixed_cost",
            "固定费用",
            "amount",
            "Fixed costs (salaries, office, travel, storage, fixed advertising)",
            "固定费用（工资、办公、差旅、仓储、定额广告等）",
            [1_500_000, 1_200_000, 900_000],
            required=True,
            unit=_YUAN,
        ),
        _c(
            "levels",
            "渠道层级数",
            "count",
            "Intermediary levels between maker and consumer (0 = direct)",
            "厂家到消费者之间的中间环节数(0 = 直接渠道)",
            [1, 2, 2],
            unit=("levels", "级"),
        ),
        _c(
            "expense_sales_mgmt",
            "销售管理费用",
            "amount",
            "Sales-management expenses",
            "销售管理费用",
            [600_000, 700_000, 300_000],
            unit=_YUAN,
        ),
        _c(
            "expense_promotion",
            "市场推广费用",
            "amount",
            "Market-promotion expenses",
            "市场推广费用",
            [900_000, 500_000, 400_000],
            unit=_YUAN,
        ),
        _c(
            "expense_other",
            "其他费用",
            "amount",
            "Other channel expenses",
            "其他渠道费用",
            [100_000, 80_000, 60_000],
            unit=_YUAN,
        ),
        _c(
            "target",
            "销售目标",
            "amount",
            "Sales target of the period",
            "本期销售目标",
            [12_500_000, 31_000_000, 7_500_000],
            unit=_YUAN,
        ),
        _c(
            "market_size",
            "市场容量",
            "amount",
            "Market size of the channel's category in the client's area (for market share)",
            "客户所在市场该渠道品类的市场容量（用于计算市场占有率）",
            [90_000_000, 150_000_000, 60_000_000],
            unit=_YUAN,
        ),
        _c(
            "product_cost_rate",
            "产品成本率",
            "rate",
            "Product cost (cost of goods sold) as a fraction of the channel's sales; "
            "gives profit after product cost beside the channel contribution",
            "产品成本（销货成本）占该渠道销售额的比率；用于在渠道贡献之外计算扣除产品成本后的利润",
            [0.55, 0.60, 0.50],
            unit=("fraction", "比率"),
        ),
    ),
    required=True,
    unique=("channel",),
)

_IMPORTANCE = Sheet(
    "channel_importance",
    "渠道重要性",
    "Judged importance of each channel for each dealer class "
    "(A ≥ 10 M, B ≥ 3 M, C ≥ 1 M, D below).",
    "各渠道对各类经销商的重要程度判断（A ≥ 1000 万，B ≥ 300 万，C ≥ 100 万，D 以下）。",
    (
        _c(
            "channel",
            "渠道",
            "text",
            "Channel name as in sheet channels",
            "渠道名称，与渠道表一致",
            ["KA卖场", "流通批发", "餐饮"],
            required=True,
        ),
        *(
            _c(
                k,
                f"{k}类经销商",
                "enum",
                f"Importance for class-{k} dealers",
                f"对 {k} 类经销商的重要程度",
                ex,
                required=True,
                enum="importance",
            )
            for k, ex in (
                ("A", ["dominant", "important", "minor"]),
                ("B", ["important", "dominant", "general"]),
                ("C", ["general", "dominant", "important"]),
                ("D", ["minor", "important", "important"]),
            )
        ),
    ),
    unique=("channel",),
)

_DEALERS = Sheet(
    "dealers",
    "经销商",
    "One row per dealer: size, territory, market role, census record and capability ratings.",
    "每个经销商一行：规模、区域、市场角色、盘整信息与能力评分。",
    (
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Unique dealer id",
            "经销商编号（唯一）",
            ["D001", "D002", "D003"],
            required=True,
        ),
        _c(
            "name",
            "经销商名称",
            "text",
            "Dealer's name",
            "经销商名称",
            ["郑州百味商贸", "洛阳丰源批发", "开封众信食品"],
            required=True,
        ),
        _c(
            "annual_sales",
            "年销售额",
            "amount",
            "Annual sales of the dealer (all brands)",
            "经销商年销售额（全部品牌）",
            [15_000_000, 4_200_000, 800_000],
            required=True,
            unit=_YUAN,
            group="census",
        ),
        _c(
            "territory",
            "区域",
            "text",
            "Territory the dealer serves",
            "经销商负责的区域",
            ["郑州", "洛阳", "开封"],
        ),
        _c("province", "省份", "text", "Province", "所在省份", ["河南", "河南", "河南"]),
        _c(
            "market_role",
            "市场角色",
            "enum",
            "Role of its market: base / development / potential",
            "所在市场角色：基地 / 发展 / 潜力",
            ["base", "development", "potential"],
            enum="market_role",
        ),
        _c(
            "channel_resources",
            "渠道资源",
            "count",
            "Outlets the dealer covers",
            "覆盖的终端网点数",
            [1_200, 450, 120],
            unit=("outlets", "家"),
            group="census",
        ),
        _c(
            "capital",
            "资金实力",
            "amount",
            "Working capital",
            "流动资金",
            [5_000_000, 1_500_000, 300_000],
            unit=_YUAN,
            group="census",
        ),
        _c(
            "development_ability",
            "市场开发能力",
            "score",
            "Market-development ability",
            "市场开发能力评分",
            [85, 70, 60],
            unit=_PTS,
            group="census",
        ),
        _c(
            "maintenance_ability",
            "市场维护能力",
            "score",
            "Market-maintenance ability",
            "市场维护能力评分",
            [90, 65, 55],
            unit=_PTS,
            group="census",
        ),
        _c(
            "growth_potential",
            "成长潜力",
            "score",
            "Growth potential",
            "成长潜力评分",
            [70, 80, 75],
            unit=_PTS,
            group="census",
        ),
        _c(
            "staff",
            "人员数",
            "count",
            "Sales and delivery staff",
            "业务及配送人员数",
            [45, 18, 6],
            unit=("people", "人"),
            group="census",
        ),
        _c(
            "warehouse_m2",
            "仓储面积",
            "amount",
            "Warehouse area",
            "仓库面积",
            [3_000, 800, 200],
            unit=("m²", "平方米"),
            group="census",
        ),
        _c(
            "vehicles",
            "配送车辆",
            "count",
            "Delivery vehicles",
            "配送车辆数",
            [12, 4, 1],
            unit=("vehicles", "辆"),
            group="census",
        ),
        _c(
            "terminal_service",
            "终端运作服务能力",
            "score",
            "Terminal operation and service capability",
            "终端运作与服务能力评分",
            [88, 70, 50],
            unit=_PTS,
            group="capability",
        ),
        _c(
            "terminal_resources",
            "终端资源",
            "score",
            "Terminal resources",
            "终端资源评分",
            [80, 75, 60],
            unit=_PTS,
            group="capability",
        ),
        _c(
            "terminal_expansion",
            "终端拓展能力",
            "score",
            "Terminal expansion capability",
            "终端拓展能力评分",
            [70, 80, 85],
            unit=_PTS,
            group="capability",
        ),
        _c(
            "loyalty",
            "忠诚度",
            "score",
            "Loyalty to the company",
            "对厂家的忠诚度评分",
            [90, 70, 65],
            unit=_PTS,
            group="capability",
        ),
    ),
    unique=("dealer",),
)

_DEALER_CHANNEL_SALES = Sheet(
    "dealer_channel_sales",
    "经销商渠道销售",
    "Each dealer's sales through each channel (used to derive channel importance).",
    "各经销商在各渠道的销售额（用于推算渠道重要性）。",
    (
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Dealer id as in sheet dealers",
            "经销商编号",
            ["D001", "D001", "D002"],
            required=True,
        ),
        _c(
            "channel",
            "渠道",
            "text",
            "Channel name as in sheet channels",
            "渠道名称",
            ["KA卖场", "流通批发", "流通批发"],
            required=True,
        ),
        _c(
            "sales",
            "销售额",
            "amount",
            "Sales of this dealer in this channel",
            "该经销商在该渠道的销售额",
            [9_000_000, 6_000_000, 4_200_000],
            required=True,
            unit=_YUAN,
        ),
    ),
    unique=("dealer", "channel"),
)

# The raw inputs of the star-dealer scorecard (seed 002, Table 1-1; METHOD §2.1).
_KPI_SPECS: tuple[tuple[str, str, str, str, str, tuple], ...] = (
    (
        "actual_sales",
        "实际销售额",
        "amount",
        "Actual sales of the year",
        "本年实际销售额",
        (11_200_000, 3_900_000, 700_000),
    ),
    (
        "contract_sales",
        "合同销售额",
        "amount",
        "Contracted sales target",
        "合同约定销售任务",
        (10_000_000, 4_000_000, 800_000),
    ),
    (
        "sales_last_year",
        "上年销售额",
        "amount",
        "Sales of last year",
        "上年销售额",
        (10_666_667, 3_500_000, 750_000),
    ),
    (
        "key_sku_sales",
        "重点品项销售额",
        "amount",
        "Key-SKU sales",
        "重点品项销售额",
        (480_000, 300_000, 50_000),
    ),
    (
        "key_sku_target",
        "重点品项目标",
        "amount",
        "Key-SKU target",
        "重点品项任务",
        (1_000_000, 400_000, 80_000),
    ),
    ("new_outlets", "新开网点数", "count", "Outlets opened", "新开发终端网点数", (65, 30, 5)),
    (
        "new_outlet_target",
        "新开网点目标",
        "count",
        "Outlet opening target",
        "新开网点任务",
        (100, 40, 10),
    ),
    (
        "channel_sales",
        "渠道销售额",
        "amount",
        "Sales in the assessed channel this year",
        "考核渠道本年销售额",
        (1_080_000, 600_000, 90_000),
    ),
    (
        "channel_sales_last_year",
        "渠道上年销售额",
        "amount",
        "Sales in the assessed channel last year",
        "考核渠道上年销售额",
        (1_000_000, 500_000, 100_000),
    ),
    (
        "active_outlets",
        "有效网点数",
        "count",
        "Outlets with monthly turnover",
        "每月有进货的有效网点数",
        (720, 300, 40),
    ),
    (
        "outlets_in_area",
        "区域网点总数",
        "count",
        "Outlets in the area",
        "区域内网点总数",
        (1_000, 400, 100),
    ),
    (
        "compliant_stores",
        "陈列达标门店",
        "count",
        "Stores meeting the facing standard",
        "陈列达标的门店数",
        (55, 40, 10),
    ),
    ("audited_stores", "检查门店数", "count", "Stores audited", "检查的门店数", (100, 50, 20)),
    ("skus_on_shelf", "上架品项数", "count", "SKUs on shelf", "上架品项数", (49, 40, 20)),
    ("benchmark_skus", "标准品项数", "count", "Benchmark SKUs", "标准品项数", (100, 50, 30)),
    (
        "activity_execution",
        "活动执行评分",
        "score",
        "Activity execution score",
        "活动执行评估得分",
        (90, 80, 70),
    ),
    (
        "new_product_launch",
        "新品上市评分",
        "score",
        "New-product launch score",
        "新品上市进度得分",
        (80, 75, 60),
    ),
    (
        "late_deliveries",
        "终端送货不及时次数",
        "count",
        "Late terminal deliveries",
        "终端送货不及时次数",
        (3, 1, 6),
    ),
    (
        "late_exchanges",
        "调换货不及时次数",
        "count",
        "Late exchanges and returns",
        "调换货不及时次数",
        (0, 2, 1),
    ),
    (
        "complaints_office",
        "办事处投诉次数",
        "count",
        "Complaints to the sales office",
        "向办事处投诉次数",
        (1, 0, 2),
    ),
    (
        "complaints_branch",
        "分公司投诉次数",
        "count",
        "Complaints to the branch",
        "向分公司投诉次数",
        (1, 0, 0),
    ),
    (
        "complaints_hq",
        "总部投诉次数",
        "count",
        "Complaints to head office",
        "向总部投诉次数",
        (0, 0, 1),
    ),
    (
        "posm_failures",
        "助销品不合格次数",
        "count",
        "POSM audit failures",
        "助销品使用检查不合格次数",
        (2, 0, 4),
    ),
    (
        "instore_failures",
        "店内陈列不合格次数",
        "count",
        "In-store display audit failures",
        "店内陈列检查不合格次数",
        (0, 1, 3),
    ),
    (
        "outstore_failures",
        "店外形象不合格次数",
        "count",
        "Out-of-store branding audit failures",
        "店外形象检查不合格次数",
        (5, 0, 2),
    ),
    (
        "internal_systems",
        "内部管理制度",
        "bool",
        "Internal management systems meet requirement",
        "内部管理制度达到要求",
        ("是", "是", "否"),
    ),
    (
        "sales_information",
        "销售信息管理",
        "bool",
        "Sales information meets requirement",
        "销售信息管理达到要求",
        ("是", "是", "是"),
    ),
    (
        "warehouse_area",
        "仓库面积达标",
        "bool",
        "Warehouse area meets requirement",
        "仓库面积达到要求",
        ("是", "否", "否"),
    ),
    (
        "staff_count",
        "人员数量达标",
        "bool",
        "Staff count meets requirement",
        "人员数量达到要求",
        ("是", "是", "否"),
    ),
    (
        "vehicle_count",
        "车辆数量达标",
        "bool",
        "Vehicles meet requirement",
        "车辆数量达到要求",
        ("否", "是", "否"),
    ),
    (
        "monthly_training",
        "每月培训",
        "bool",
        "Monthly training held",
        "每月组织培训",
        ("是", "否", "否"),
    ),
    (
        "computer_setup",
        "电脑化管理",
        "bool",
        "Computerised management in place",
        "电脑化管理到位",
        ("是", "是", "否"),
    ),
    (
        "self_activities",
        "自主活动次数",
        "count",
        "Self-planned activities with notable effect",
        "自行策划且效果显著的活动次数",
        (2, 0, 0),
    ),
    (
        "branch_activities",
        "分公司推广活动次数",
        "count",
        "Own activities adopted by the branch",
        "被分公司推广的活动次数",
        (1, 1, 0),
    ),
    (
        "national_activities",
        "全国推广活动次数",
        "count",
        "Own activities adopted nationally",
        "被全国推广的活动次数",
        (0, 0, 0),
    ),
    (
        "branch_experience",
        "分公司推广经验次数",
        "count",
        "Management experience adopted by the branch",
        "管理经验被分公司推广次数",
        (0, 1, 0),
    ),
    (
        "national_experience",
        "全国推广经验次数",
        "count",
        "Management experience adopted nationally",
        "管理经验被全国推广次数",
        (1, 0, 0),
    ),
    (
        "diversion_complaints",
        "窜货砸价投诉次数",
        "count",
        "Cross-territory selling / price-dumping complaints in the year",
        "全年窜货、砸价被投诉次数",
        (1, 0, 3),
    ),
)

_DEALER_KPIS = Sheet(
    "dealer_kpis",
    "经销商考核",
    "Raw inputs of the star-dealer scorecard, one row per dealer.",
    "星级经销商评估的原始数据，每个经销商一行。",
    (
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Dealer id",
            "经销商编号",
            ["D001", "D002", "D003"],
            required=True,
        ),
        *(
            _c(
                k,
                zh,
                kind,
                en,
                zhd,
                ex,
                recommended=True,
                unit={"amount": _YUAN, "count": _N, "score": _PTS, "bool": ("", "")}[kind],
            )
            for k, zh, kind, en, zhd, ex in _KPI_SPECS
        ),
    ),
    unique=("dealer",),
)

_FIN_SPECS = (
    ("current_assets", "流动资产", "amount", (6_000_000, 2_000_000, 400_000)),
    ("current_liabilities", "流动负债", "amount", (3_000_000, 1_600_000, 0)),
    ("inventory", "存货", "amount", (2_000_000, 900_000, 150_000)),
    ("average_inventory", "平均存货", "amount", (1_800_000, 850_000, 140_000)),
    ("total_liabilities", "负债总额", "amount", (3_500_000, 1_800_000, 100_000)),
    ("net_assets", "净资产", "signed", (4_500_000, 700_000, 350_000)),
    ("total_assets", "资产总额", "amount", (8_000_000, 2_500_000, 450_000)),
    ("accounts_receivable", "应收账款", "amount", (1_500_000, 700_000, 60_000)),
    ("net_sales", "销售净额", "amount", (15_000_000, 4_200_000, 800_000)),
    ("net_profit", "净利润", "signed", (600_000, -50_000, 30_000)),
    ("total_expenses", "费用总额", "amount", (1_200_000, 450_000, 90_000)),
)

_FINANCIALS = Sheet(
    "financials",
    "财务数据",
    "Dealers' financial statements for the ratio analysis (blank where unknown).",
    "经销商财务数据，用于财务比率分析（不详可留空）。",
    (
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Dealer id",
            "经销商编号",
            ["D001", "D002", "D003"],
            required=True,
        ),
        *(_c(k, zh, kind, zh, zh, ex, unit=_YUAN) for k, zh, kind, ex in _FIN_SPECS),
    ),
    unique=("dealer",),
)

_AUTHORIZATIONS = Sheet(
    "authorizations",
    "区域授权",
    "Territory authorisations (定域、定人、定期): who may sell which line where, and when.",
    "区域授权（定域、定人、定期）：谁在何时、何地经销哪条产品线。",
    (
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Authorised dealer",
            "被授权经销商",
            ["D001", "D002", "D003"],
            required=True,
        ),
        _c(
            "territory",
            "区域",
            "text",
            "Territory",
            "授权区域",
            ["郑州", "洛阳", "开封"],
            required=True,
        ),
        _c(
            "product_line",
            "产品线",
            "text",
            "Product line",
            "产品线",
            ["酱料", "酱料", "酱料"],
            required=True,
        ),
        _c(
            "start",
            "开始日期",
            "date",
            "First day of the authorisation",
            "授权开始日期",
            ["2025-01-01", "2025-01-01", "2025-01-01"],
            required=True,
        ),
        _c(
            "end",
            "结束日期",
            "date",
            "Last day of the authorisation",
            "授权结束日期",
            ["2025-12-31", "2025-12-31", "2025-12-31"],
            required=True,
        ),
    ),
    unique=("dealer", "territory", "product_line", "start"),
)

_TERRITORIES = Sheet(
    "territories",
    "区域",
    "Territories, their neighbours and the money terms that can make diversion pay.",
    "区域、相邻区域及可能诱发窜货的费用与价格条件。",
    (
        _c(
            "territory",
            "区域",
            "text",
            "Unique territory name",
            "区域名称（唯一）",
            ["郑州", "洛阳", "开封"],
            required=True,
        ),
        _c("province", "省份", "text", "Province", "所在省份", ["河南", "河南", "河南"]),
        _c(
            "neighbours",
            "相邻区域",
            "list",
            "Adjacent territories, separated by ;",
            "相邻区域，以 ；分隔",
            ["洛阳;开封", "郑州", "郑州"],
        ),
        _c(
            "expense_allowance_rate",
            "费用率",
            "rate",
            "Marketing-expense allowance",
            "营销费用考核比率",
            [0.04, 0.06, 0.15],
            unit=("fraction", "比率"),
        ),
        _c(
            "rebate_rate",
            "返利率",
            "rate",
            "Rebate rate",
            "返利比率",
            [0.02, 0.02, 0.03],
            unit=("fraction", "比率"),
        ),
        _c(
            "list_price",
            "开票价",
            "amount",
            "List price per unit",
            "单位开票价",
            [60, 60, 58],
            unit=("CNY/unit", "元/件"),
        ),
        _c(
            "freight_per_unit",
            "单位运费",
            "amount",
            "Freight per unit to neighbours",
            "到相邻区域的单位运费",
            [1.5, 2.0, 1.8],
            unit=("CNY/unit", "元/件"),
        ),
    ),
    unique=("territory",),
)

_SHIPMENTS = Sheet(
    "shipments",
    "发货记录",
    "Shipments by product code (one code per sellable unit or case).",
    "按产品编码的发货记录（每个编码对应一件或一箱）。",
    (
        _c(
            "code",
            "产品编码",
            "text",
            "Unique product code",
            "产品编码（唯一）",
            ["FSG25000001", "FSG25000002", "FSG25000003"],
            required=True,
        ),
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Dealer shipped to",
            "收货经销商",
            ["D001", "D002", "D003"],
            required=True,
        ),
        _c(
            "product_line",
            "产品线",
            "text",
            "Product line",
            "产品线",
            ["酱料", "酱料", "酱料"],
            required=True,
        ),
        _c(
            "ship_date",
            "发货日期",
            "date",
            "Shipping date",
            "发货日期",
            ["2025-03-02", "2025-03-05", "2025-03-09"],
            required=True,
        ),
        _c(
            "quantity",
            "数量",
            "count",
            "Units in this code (default 1)",
            "该编码包含的件数（默认 1）",
            [24, 24, 12],
            unit=_UNITS,
        ),
        _c(
            "territory",
            "区域",
            "text",
            "Territory shipped to",
            "发往区域",
            ["郑州", "洛阳", "开封"],
        ),
    ),
    unique=("code",),
)

_SCANS = Sheet(
    "scans",
    "扫码记录",
    "Where and when product codes were scanned in the market.",
    "产品编码在市场上被扫描的地点与时间。",
    (
        _c(
            "code",
            "产品编码",
            "text",
            "Product code scanned",
            "被扫描的产品编码",
            ["FSG25000001", "FSG25000002", "FSG25000003"],
            required=True,
        ),
        _c(
            "territory",
            "区域",
            "text",
            "Territory where scanned",
            "扫描所在区域",
            ["郑州", "郑州", "开封"],
            required=True,
        ),
        _c(
            "scan_date",
            "扫码日期",
            "date",
            "Scan date",
            "扫码日期",
            ["2025-03-20", "2025-03-28", "2025-04-02"],
            required=True,
        ),
        _c(
            "price",
            "售价",
            "amount",
            "Price observed at the scan",
            "扫码时的售价",
            [62, 55, 63],
            unit=("CNY/unit", "元/件"),
        ),
        _c(
            "channel",
            "渠道",
            "text",
            "Channel of the outlet",
            "终端所属渠道",
            ["KA卖场", "流通批发", "餐饮"],
        ),
    ),
)

_PRICE_LADDER = Sheet(
    "price_ladder",
    "价格体系",
    "Price ladder per product: factory ≤ level-1 ≤ level-2 ≤ retail, with minimum margins.",
    "各产品的级差价格：出厂价 ≤ 一批价 ≤ 二批价 ≤ 零售价，以及最低毛利率。",
    (
        _c(
            "product",
            "产品",
            "text",
            "Product",
            "产品",
            ["牛肉酱 200g", "牛肉酱 200g", "牛肉酱 200g"],
            required=True,
        ),
        _c(
            "level",
            "价格级别",
            "enum",
            "Ladder level",
            "价格级别",
            ["factory", "level1", "level2"],
            required=True,
            enum="ladder_level",
        ),
        _c(
            "price",
            "价格",
            "amount",
            "Price at this level",
            "该级价格",
            [7.2, 8.0, 8.8],
            required=True,
            unit=("CNY/unit", "元/件"),
        ),
        _c(
            "min_margin",
            "最低毛利率",
            "rate",
            "Minimum margin over the level below",
            "相对上一级的最低毛利率",
            [0.0, 0.08, 0.08],
            unit=("fraction", "比率"),
        ),
    ),
    unique=("product", "level"),
)

_PRICE_OBSERVATIONS = Sheet(
    "price_observations",
    "价格巡查",
    "Prices observed in the market.",
    "市场巡查观察到的价格。",
    (
        _c(
            "product",
            "产品",
            "text",
            "Product",
            "产品",
            ["牛肉酱 200g", "牛肉酱 200g", "牛肉酱 200g"],
            required=True,
        ),
        _c(
            "territory",
            "区域",
            "text",
            "Territory",
            "区域",
            ["郑州", "洛阳", "开封"],
            required=True,
        ),
        _c("channel", "渠道", "text", "Channel", "渠道", ["流通批发", "KA卖场", "流通批发"]),
        _c(
            "level",
            "价格级别",
            "enum",
            "Ladder level observed",
            "观察到的价格级别",
            ["level2", "retail", "level1"],
            required=True,
            enum="ladder_level",
        ),
        _c(
            "price",
            "价格",
            "amount",
            "Observed price",
            "观察价格",
            [8.6, 10.5, 7.6],
            required=True,
            unit=("CNY/unit", "元/件"),
        ),
        _c(
            "date",
            "日期",
            "date",
            "Date observed",
            "观察日期",
            ["2025-05-10", "2025-05-11", "2025-05-12"],
            required=True,
        ),
    ),
)

_INVENTORY = Sheet(
    "inventory",
    "进销存",
    "Stock reconciliation per dealer, SKU and period (进销存).",
    "经销商按品项、期间的进销存。",
    (
        _c(
            "dealer",
            "经销商编号",
            "text",
            "Dealer id",
            "经销商编号",
            ["D001", "D001", "D002"],
            required=True,
        ),
        _c(
            "sku",
            "品项",
            "text",
            "SKU",
            "品项",
            ["牛肉酱 200g", "香菇酱 200g", "牛肉酱 200g"],
            required=True,
        ),
        _c(
            "period",
            "期间",
            "text",
            "Period (e.g. 2025-03)",
            "期间（如 2025-03）",
            ["2025-03", "2025-03", "2025-03"],
            required=True,
        ),
        _c(
            "opening",
            "期初库存",
            "amount",
            "Opening stock",
            "期初库存",
            [1_200, 300, 500],
            required=True,
            unit=_UNITS,
        ),
        _c(
            "purchases",
            "本期进货",
            "amount",
            "Purchases",
            "本期进货",
            [2_400, 600, 1_200],
            required=True,
            unit=_UNITS,
        ),
        _c(
            "sales",
            "本期销售",
            "amount",
            "Sales",
            "本期销售",
            [2_600, 700, 1_100],
            required=True,
            unit=_UNITS,
        ),
        _c(
            "closing",
            "期末库存",
            "amount",
            "Closing stock",
            "期末库存",
            [1_000, 200, 600],
            required=True,
            unit=_UNITS,
        ),
    ),
    unique=("dealer", "sku", "period"),
)

_REBATE_TIERS = Sheet(
    "rebate_tiers",
    "返利阶梯",
    "Tiered rebate: ascending volume thresholds, the first at 0.",
    "梯级返利：销量门槛从 0 开始递增。",
    (
        _c(
            "threshold",
            "门槛",
            "amount",
            "Volume from which the rate applies",
            "适用该返利率的起始销量",
            [0, 1_000_000, 3_000_000],
            required=True,
            unit=_YUAN,
        ),
        _c(
            "rate",
            "返利率",
            "rate",
            "Rebate rate",
            "返利比率",
            [0.0, 0.01, 0.02],
            required=True,
            unit=("fraction", "比率"),
        ),
    ),
    unique=("threshold",),
)

SHEETS: dict[str, Sheet] = {
    s.key: s
    for s in (
        _CLIENT,
        _CHANNELS,
        _IMPORTANCE,
        _DEALERS,
        _DEALER_CHANNEL_SALES,
        _DEALER_KPIS,
        _FINANCIALS,
        _AUTHORIZATIONS,
        _TERRITORIES,
        _SHIPMENTS,
        _SCANS,
        _PRICE_LADDER,
        _PRICE_OBSERVATIONS,
        _INVENTORY,
        _REBATE_TIERS,
    )
}

#: Sheets the template writes for people; the loader skips them without a warning.
INSTRUCTION_SHEET_NAMES = ("instructions", "说明", "填写说明")
