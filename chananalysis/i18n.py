"""One catalogue of the kit's messages in Chinese (``zh``) and English (``en``).

Code never branches on the language: it asks this catalogue with a key and the values
the message names. The core messages (intake, report frame, overview) are below; each
further report section keeps its strings in ``chananalysis/messages/<section>.yaml``
(``key: {zh: …, en: …}``), merged in on first use. A key defined twice is an error.

Examples
--------
>>> t("blank", "en")
'is blank; a value is required'
>>> t("too_few_channels", "zh", n=1)
'只有 1 个渠道；渠道评分需要比较渠道，至少需要 2 个'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chananalysis.errors import Problem

__all__ = [
    "LANGS",
    "MESSAGES",
    "catalogue",
    "check_lang",
    "format_problem",
    "has",
    "join_items",
    "t",
]

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- files -------------------------------------------------------------------
    "path_missing": {
        "en": "{path} does not exist",
        "zh": "{path} 不存在",
    },
    "not_intake": {
        "en": "{path} is neither an .xlsx workbook nor a client folder",
        "zh": "{path} 既不是 .xlsx 工作簿，也不是客户文件夹",
    },
    "old_xls": {
        "en": "{path} is in the old .xls format: open it in Excel and save it as .xlsx",
        "zh": "{path} 是旧版 .xls 格式：请在 Excel 中打开并另存为 .xlsx",
    },
    "not_excel": {
        "en": "{path} cannot be read as an Excel workbook ({detail})",
        "zh": "{path} 无法作为 Excel 工作簿读取（{detail}）",
    },
    "unreadable": {
        "en": "{path} cannot be read ({detail})",
        "zh": "{path} 无法读取（{detail}）",
    },
    "bad_encoding": {
        "en": "{path} is neither UTF-8 nor GB18030 text: save it again as CSV UTF-8",
        "zh": "{path} 既不是 UTF-8 也不是 GB18030 编码：请重新另存为 CSV UTF-8",
    },
    "empty_folder": {
        "en": "{path} holds neither client.xlsx nor any <sheet>.csv / <sheet>.parquet file",
        "zh": "{path} 中没有 client.xlsx，也没有任何 <工作表>.csv / <工作表>.parquet 文件",
    },
    "sheet_twice": {
        "en": "the sheet is given twice: in {first} and in {second}",
        "zh": "该工作表重复提供：{first} 与 {second}",
    },
    # --- sheets and columns ----------------------------------------------------------
    "sheet_missing": {
        "en": "required sheet is missing",
        "zh": "缺少此必需的工作表",
    },
    "sheet_unknown": {
        "en": "unknown sheet “{value}” was ignored; known sheets: {known}",
        "zh": "未知工作表“{value}”已忽略；可用的工作表：{known}",
    },
    "sheet_empty": {
        "en": "has no data rows; at least one is required",
        "zh": "没有数据行；至少需要一行",
    },
    "no_header": {
        "en": "row 1 holds no known column header; expected headers such as {expected}",
        "zh": "第 1 行没有可识别的列标题；应为 {expected} 等",
    },
    "column_missing": {
        "en": "required column is missing",
        "zh": "缺少必需的列",
    },
    "column_twice": {
        "en": "the column is given twice (“{value}” and “{other}”)",
        "zh": "该列重复出现（“{value}”与“{other}”）",
    },
    "column_unknown": {
        "en": "unknown column “{value}” was ignored",
        "zh": "未知列“{value}”已忽略",
    },
    "optional_missing": {
        "en": "optional field not given: {what}",
        "zh": "未填写可选字段：{what}",
    },
    # --- cell values -----------------------------------------------------------------
    "blank": {
        "en": "is blank; a value is required",
        "zh": "为空；此项必填",
    },
    "excel_error": {
        "en": "“{value}” is an Excel error value, not {expected}: fix the formula in the workbook",
        "zh": "“{value}”是 Excel 错误值，不是{expected}：请修正工作簿中的公式",
    },
    "not_number": {
        "en": "“{value}” is not a number; expected {expected}",
        "zh": "“{value}”不是数字；应为{expected}",
    },
    "negative": {
        "en": "{value} is negative; expected a number ≥ 0",
        "zh": "{value} 为负数；应为 ≥ 0 的数",
    },
    "not_whole": {
        "en": "{value} is not a whole number; expected a count",
        "zh": "{value} 不是整数；应为计数",
    },
    "out_of_range": {
        "en": "{value} is outside {low}–{high}",
        "zh": "{value} 超出 {low}–{high} 的范围",
    },
    "rate_percent": {
        "en": "{value} looks like a percentage; rates are fractions ({value}% = {fraction})",
        "zh": "{value} 看起来是百分数；比率应填小数（{value}% 填 {fraction}）",
    },
    "rate_ge_one": {
        "en": "{value} means variable costs at or above sales; check it",
        "zh": "{value} 表示变动费用不低于销售额；请核对",
    },
    "bad_date": {
        "en": "“{value}” is not a date; expected an Excel date or YYYY-MM-DD",
        "zh": "“{value}”不是日期；应为 Excel 日期或 YYYY-MM-DD",
    },
    "bad_bool": {
        "en": "“{value}” is not yes/no; expected yes/no, 是/否, 1/0 or true/false",
        "zh": "“{value}”不是是/否；应为 是/否、yes/no、1/0 或 true/false",
    },
    "bad_enum": {
        "en": "“{value}” is not a known value; expected one of {expected}",
        "zh": "“{value}”不是可用的取值；应为 {expected} 之一",
    },
    "duplicate": {
        "en": "“{value}” repeats row {first}; {key} must be unique",
        "zh": "“{value}”与第 {first} 行重复；{key} 必须唯一",
    },
    "end_before_start": {
        "en": "end {value} is before start {start}",
        "zh": "结束日期 {value} 早于开始日期 {start}",
    },
    "tiers_not_ascending": {
        "en": "threshold {value} is not above the previous threshold {previous}; tiers must ascend",
        "zh": "门槛 {value} 不高于上一档门槛 {previous}；阶梯必须递增",
    },
    "tiers_not_zero": {
        "en": "the first threshold is {value}; tiers must start at 0",
        "zh": "第一档门槛为 {value}；阶梯必须从 0 开始",
    },
    "too_few_channels": {
        "en": "only {n} channel given; scoring compares channels, at least 2 are needed",
        "zh": "只有 {n} 个渠道；渠道评分需要比较渠道，至少需要 2 个",
    },
    "unknown_ref": {
        "en": "“{value}” is not in sheet {other}",
        "zh": "“{value}”不在工作表 {other} 中",
    },
    "more_rows": {
        "en": "… and {n} more rows with the same problem",
        "zh": "……另有 {n} 行存在同样的问题",
    },
    # --- summaries -----------------------------------------------------------------------
    "intake_invalid": {
        "en": "The intake has {n} error(s):",
        "zh": "输入数据有 {n} 处错误：",
    },
    "intake_ok": {
        "en": "{path}: no errors, {w} warning(s)",
        "zh": "{path}：没有错误，{w} 条警告",
    },
    "problem_line": {"en": "{level}: {message}", "zh": "{level}：{message}"},
    "level_error": {"en": "error", "zh": "错误"},
    "level_warning": {"en": "warning", "zh": "警告"},
    "summary_client": {
        "en": "{name} · {industry} · period {period} · consultant {consultant}",
        "zh": "{name} · {industry} · 期间 {period} · 顾问 {consultant}",
    },
    "summary_sheet": {
        "en": "{sheet}: {rows:,} rows",
        "zh": "{sheet}：{rows:,} 行",
    },
    "summary_channels": {
        "en": "{n} channels, sales {sales:,.0f} {currency} ({growth:+.1%} on prior period)",
        "zh": "{n} 个渠道，销售额 {sales:,.0f} {currency}（较上期 {growth:+.1%}）",
    },
    # --- report: frame --------------------------------------------------------------------
    "report_title": {"en": "Channel analysis report", "zh": "渠道分析报告"},
    "report_client": {"en": "Client", "zh": "客户"},
    "report_period": {"en": "Period", "zh": "分析期间"},
    "report_consultant": {"en": "Consultant", "zh": "顾问"},
    "report_date": {"en": "Date", "zh": "报告日期"},
    "report_contents": {"en": "Contents", "zh": "目录"},
    "report_failed_banner": {
        "en": "This report is incomplete: {n} section(s) failed — {names}.",
        "zh": "本报告不完整：{n} 个章节运行失败——{names}。",
    },
    "section_failed": {
        "en": "This section failed and shows no results: {error}",
        "zh": "本节运行失败，没有结果：{error}",
    },
    "section_skipped": {
        "en": "Skipped: the intake has no {sheets} sheet.",
        "zh": "本节跳过：输入数据中没有 {sheets} 工作表。",
    },
    "sec_00_overview": {"en": "Channel portfolio overview", "zh": "渠道组合概览"},
    # --- table headers ---------------------------------------------------------------------
    "col_channel": {"en": "Channel", "zh": "渠道"},
    "col_sales": {"en": "Sales", "zh": "销售额"},
    "col_sales_prev": {"en": "Prior sales", "zh": "上期销售额"},
    "col_share": {"en": "Share of sales", "zh": "销售占比"},
    "col_growth": {"en": "Growth", "zh": "增长率"},
    "col_variable_cost": {"en": "Variable costs", "zh": "变动费用"},
    "col_fixed_cost": {"en": "Fixed costs", "zh": "固定费用"},
    "col_profit": {"en": "Profit", "zh": "利润"},
    "col_margin": {"en": "Margin", "zh": "利润率"},
    "col_variable_share": {"en": "Variable share of costs", "zh": "变动费用占比"},
    "col_levels": {"en": "Levels", "zh": "层级数"},
    "col_length": {"en": "Length", "zh": "渠道长度"},
    "length_direct": {"en": "direct", "zh": "直接渠道"},
    "length_short": {"en": "short", "zh": "短渠道"},
    "length_long": {"en": "long", "zh": "长渠道"},
    # --- overview section ------------------------------------------------------------------
    "ov_h_client": {"en": "The engagement", "zh": "项目概况"},
    "ov_h_portfolio": {"en": "The channel portfolio", "zh": "渠道组合"},
    "ov_h_growth": {"en": "Growth against the prior period", "zh": "与上期相比的增长"},
    "ov_h_costs": {"en": "Cost structure and profit", "zh": "费用结构与利润"},
    "ov_h_structure": {"en": "Channel length", "zh": "渠道长度"},
    "ov_client_line": {
        "en": "**{client}** · industry {industry} · period {period} · consultant {consultant} · "
        "amounts in {currency}",
        "zh": "**{client}** · 行业：{industry} · 期间：{period} "
        "· 顾问：{consultant} · 金额单位：{currency}",
    },
    "ov_intro": {
        "en": "Sales through the {n} channels came to **{sales} {currency}**, {change} on the "
        "prior period ({prev} {currency}).",
        "zh": "{n} 个渠道合计实现销售额 **{sales} {currency}**，"
        "较上期（{prev} {currency}）{change}。",
    },
    "ov_change_up": {"en": "up {g}", "zh": "增长 {g}"},
    "ov_change_down": {"en": "down {g}", "zh": "下降 {g}"},
    "ov_change_na": {"en": "with no prior sales to compare", "zh": "上期无销售，无法比较"},
    "ov_top": {
        "en": "The largest channel is {top} with {share} of sales; the two largest together "
        "carry {top2}.",
        "zh": "最大的渠道是{top}，占销售额的 {share}；前两大渠道合计占 {top2}。",
    },
    "ov_concentrated": {
        "en": "The portfolio is concentrated: a problem in one of the two leading channels "
        "would move the whole business.",
        "zh": "渠道集中度较高：前两大渠道中任何一个出现问题，都会影响整体业务。",
    },
    "ov_fastest": {
        "en": "The fastest-growing channel is {name} ({g}).",
        "zh": "增长最快的渠道是{name}（{g}）。",
    },
    "ov_declining": {
        "en": "Sales fell in: {names}.",
        "zh": "销售下滑的渠道：{names}。",
    },
    "ov_new": {
        "en": "New channels with no prior sales (growth not defined): {names}.",
        "zh": "新渠道（上期无销售，增长率不适用）：{names}。",
    },
    "ov_loss": {
        "en": "Loss-making after variable and fixed costs (D = A − (B·A + C) < 0): {names}.",
        "zh": "扣除变动费用和固定费用后亏损的渠道（D = A −(B·A + C) < 0）：{names}。",
    },
    "ov_profit": {
        "en": "All channels together earn {profit} {currency} after channel costs "
        "({margin} of sales).",
        "zh": "全部渠道扣除渠道费用后合计利润 {profit} {currency}（占销售额 {margin}）。",
    },
    "ov_chart_mix": {"en": "Sales mix by channel", "zh": "各渠道销售占比"},
    "ov_chart_growth": {"en": "Growth on the prior period", "zh": "较上期增长率"},
    "ov_chart_costs": {"en": "Sales split into costs and profit", "zh": "销售额构成：费用与利润"},
    "ov_company_growth": {"en": "company {g:+.1%}", "zh": "公司整体 {g:+.1%}"},
    "ov_new_channels_note": {
        "en": "New channels (not drawn): {names}",
        "zh": "新渠道（未绘出）：{names}",
    },
    "ov_axis_10k": {"en": "10,000 CNY", "zh": "万元"},
    "ov_loss_label": {
        "en": "loss (costs above sales; line = sales)",
        "zh": "亏损（费用超出销售额部分；横线 = 销售额）",
    },
    "ov_no_levels": {
        "en": "Channel levels were not given in the intake (column levels), so channel length "
        "is not assessed.",
        "zh": "输入数据未提供渠道层级数（levels 列），因此未评估渠道长度。",
    },
    "ov_length_line": {
        "en": "Direct channels: {direct}; short (one intermediary): {short}; long (two or "
        "more): {long}.",
        "zh": "直接渠道：{direct}；短渠道（一个中间环节）：{short}；长渠道（两个及以上）：{long}。",
    },
    "none_word": {"en": "none", "zh": "无"},
    # --- expected-value phrases --------------------------------------------------------
    "expect_amount": {"en": "a number ≥ 0", "zh": "≥ 0 的数"},
    "expect_signed": {"en": "a number", "zh": "数字"},
    "expect_count": {"en": "a whole number ≥ 0", "zh": "非负整数"},
    "expect_rate": {"en": "a fraction such as 0.12", "zh": "比率（如 0.12）"},
    "expect_score": {"en": "a score 0–100", "zh": "0–100 的分值"},
    "expect_date": {"en": "a date", "zh": "日期"},
    "expect_bool": {"en": "yes or no", "zh": "是或否"},
    "expect_text": {"en": "text", "zh": "文本"},
}


_SECTIONS_DIR = Path(__file__).resolve().parent / "sections"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message: the core ones plus those of ``messages/*.yaml``."""
    import yaml

    merged = dict(MESSAGES)
    for path in sorted(_SECTIONS_DIR.glob("*/messages.yaml")):
        with open(path, encoding="utf-8") as fh:
            extra = yaml.safe_load(fh) or {}
        for key, texts in extra.items():
            if key in merged:
                raise ValueError(f"{path}: message key {key} is defined twice")
            if not isinstance(texts, dict) or set(texts) != set(LANGS):
                raise ValueError(f"{path}: message {key} needs exactly zh and en")
            merged[key] = {k: str(v) for k, v in texts.items()}
    return merged


def has(key: str) -> bool:
    """True when ``key`` is in the catalogue."""
    return key in catalogue()


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise ``ValueError``.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f'lang must be one of {", ".join(LANGS)}; got "{lang}"')
    return lang


def t(key: str, lang: str, /, **values: Any) -> str:
    """The message ``key`` in ``lang``, formatted with ``values``."""
    return catalogue()[key][check_lang(lang)].format(**values)


def join_items(items: Iterable[str], lang: str) -> str:
    """Items joined as each language lists them: ``、`` in Chinese, ``, `` in English.

    Examples
    --------
    >>> join_items(["KA", "餐饮"], "zh"), join_items(["KA", "餐饮"], "en")
    ('KA、餐饮', 'KA, 餐饮')
    """
    return ("、" if lang == "zh" else ", ").join(items)


def _where(p: Problem, lang: str) -> str:
    from chananalysis.intake.columns import SHEETS

    sheet = SHEETS.get(p.sheet) if p.sheet else None
    parts: list[str] = []
    if p.sheet:
        name = sheet.label() if sheet else p.sheet
        parts.append(name if lang == "en" else f"工作表 {name}")
    if p.row is not None:
        if p.record:
            parts.append(f"record {p.row:,}" if lang == "en" else f"第 {p.row:,} 条记录")
        else:
            parts.append(f"row {p.row:,}" if lang == "en" else f"第 {p.row:,} 行")
    if p.column:
        col = sheet._by_key.get(p.column) if sheet else None
        label = col.label() if col else p.column
        parts.append(f"column {label}" if lang == "en" else f"列 {label}")
    return (", " if lang == "en" else "，").join(parts)


def format_problem(p: Problem, lang: str = "zh") -> str:
    """Render a `Problem` as one line: where, then what and what was expected."""
    params = dict(p.params)
    if "expected_key" in params:  # an expected-value phrase, in the message's language
        params["expected"] = t(params.pop("expected_key"), lang)
    what = t(p.code, lang, value=p.value, **params)
    where = _where(p, lang)
    if not where:
        return what
    return f"{where}: {what}" if lang == "en" else f"{where}：{what}"
