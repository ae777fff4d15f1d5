"""One catalogue of the kit's messages in Chinese (``zh``) and English (``en``).

Code never branches on the language: it asks this catalogue with a key and the values
the message names — punctuation included (`join_items`, `join_clauses`,
`join_sentences`, `aside`, `labelled`). The core messages (intake, report frame, the
intake columns' headers) are below; each report section keeps its own strings beside
its code in ``chananalysis/sections/<name>/messages.yaml`` (``key: {zh: …, en: …}``),
every key starting with the prefix the file declares, merged in on first use. A key
defined twice is an error.

This module sits at the top of the package, not in ``report/``: intake validation (a
lower layer) words its problems with it too.

Examples
--------
>>> t("blank", "en")
'is blank; a value is required'
>>> t("too_few_channels", "zh", n=1)
'只有 1 个渠道；渠道评分需要比较渠道，至少需要 2 个'
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from chananalysis.resources import parse_yaml

__all__ = [
    "LANGS",
    "LIST_LIMIT",
    "MESSAGES",
    "aside",
    "catalogue",
    "check_lang",
    "count_text",
    "has",
    "join_clauses",
    "join_items",
    "join_sentences",
    "labelled",
    "listing",
    "load_section_messages",
    "notes_text",
    "pick",
    "t",
    "zh_spacing",
]

LANGS = ("zh", "en")
#: Items a sentence names before it says how many more there are (`listing`).
LIST_LIMIT = 6

MESSAGES: dict[str, dict[str, str]] = {
    # --- punctuation: how each language joins and frames its parts -----------------
    "sep_items": {"en": ", ", "zh": "、"},
    "sep_clauses": {"en": "; ", "zh": "；"},
    "sep_sentences": {"en": " ", "zh": ""},
    "list_more": {
        "en": "{items} and {n} more ({total} in all)",
        "zh": "{items}等 {n} 项（共 {total} 项）",
    },
    "aside": {"en": "{text} ({note})", "zh": "{text}（{note}）"},
    "labelled": {"en": "{label}: {text}", "zh": "{label}：{text}"},
    # --- where a problem is ----------------------------------------------------------
    "where_sheet": {"en": "{name}", "zh": "工作表 {name}"},
    "where_row": {"en": "row {n:,}", "zh": "第 {n:,} 行"},
    "where_record": {"en": "record {n:,}", "zh": "第 {n:,} 条记录"},
    "where_column": {"en": "column {name}", "zh": "列 {name}"},
    "where_sep": {"en": ", ", "zh": "，"},
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
    "empty_file": {
        "en": "{path} is empty (0 bytes): it was not saved or not copied whole; ask for it again",
        "zh": "{path} 是空文件（0 字节）：文件未保存或未完整复制；请重新索取",
    },
    "encrypted": {
        "en": "{path} is a password-protected (encrypted) workbook: open it in Excel and save "
        "it without a password",
        "zh": "{path} 是设有密码（已加密）的工作簿：请在 Excel 中打开，取消密码后另存",
    },
    "zip_broken": {
        "en": "{path} is damaged or incomplete: its zip structure cannot be read ({detail}); "
        "ask for the file again",
        "zh": "{path} 已损坏或不完整：无法读取其 zip 结构（{detail}）；请重新索取该文件",
    },
    "damaged": {
        "en": "{path} is damaged: its part {part} cannot be decompressed; ask for the "
        "file again, or open it in Excel (which may repair it) and save it under a new name",
        "zh": "{path} 已损坏：其中的 {part} 无法解压；请重新索取该文件，"
        "或用 Excel 打开（可能自动修复）后另存为新文件",
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
    "column_unlabelled": {
        "en": "column {letter} has no header but holds data (“{value}” in row {first}); it was "
        "ignored: give it a header or delete it",
        "zh": "第 {letter} 列没有列标题但有数据（第 {first} 行为“{value}”）；已忽略："
        "请补上列标题或删除该列",
    },
    "header_row": {
        "en": "the column headers are on this row, not on row 1; what is above them, from row 1 "
        "(a title or grouped headings), was ignored",
        "zh": "列标题在此行而不在第 1 行；其上方第 {above} 行（标题或分组表头）已忽略",
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
    "too_large": {
        "en": "{value} is too large; numbers must be below {limit} (a thousand trillion): "
        "check the cell",
        "zh": "{value} 过大；数值必须小于 {limit}（一千万亿）：请核对",
    },
    "fullwidth": {
        "en": "“{value}” is written in full-width characters; read as “{read_as}”",
        "zh": "“{value}”含全角字符；已按“{read_as}”读取",
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
    "costs_ge_sales": {
        "en": "{value} plus the variable cost rate {variable} is at or above sales; "
        "every sale would lose money before fixed costs; check it",
        "zh": "{value} 加上变动费用率 {variable} 不低于销售额，"
        "每笔销售在固定费用之前即亏损；请核对",
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
        "en": "The intake has {n}:",
        "zh": "输入数据有 {n}：",
    },
    "intake_ok": {
        "en": "{path}: no errors, {w}",
        "zh": "{path}：没有错误，{w}",
    },
    "problem_line": {"en": "{level}: {message}", "zh": "{level}：{message}"},
    "level_error": {"en": "error", "zh": "错误"},
    "level_warning": {"en": "warning", "zh": "警告"},
    "summary_client": {
        "en": "{name} · {industry} · period {period} · consultant {consultant}",
        "zh": "{name} · {industry} · 期间：{period} · 顾问：{consultant}",
    },
    "summary_sheet": {
        "en": "{sheet}: {rows:,} rows",
        "zh": "{sheet}：{rows:,} 行",
    },
    "summary_channels": {
        "en": "{n} channels, sales {sales:,.0f} {currency} ({growth:+.1%} on prior period)",
        "zh": "{n} 个渠道，销售额 {sales:,.0f} {currency}（较上期 {growth:+.1%}）",
    },
    # --- counted units (`count_text`): one and other (English plurals; Chinese has one form)
    "unit_unit_one": {"en": "{n} unit", "zh": "{n} 件"},
    "unit_unit_other": {"en": "{n} units", "zh": "{n} 件"},
    "unit_market_one": {"en": "{n} market", "zh": "{n} 个市场"},
    "unit_market_other": {"en": "{n} markets", "zh": "{n} 个市场"},
    "unit_territory_one": {"en": "{n} territory", "zh": "{n} 个区域"},
    "unit_territory_other": {"en": "{n} territories", "zh": "{n} 个区域"},
    "unit_dealer_one": {"en": "{n} dealer", "zh": "{n} 家经销商"},
    "unit_dealer_other": {"en": "{n} dealers", "zh": "{n} 家经销商"},
    "unit_class_a_dealer_one": {"en": "{n} class-A dealer", "zh": "{n} 家 A 类经销商"},
    "unit_class_a_dealer_other": {"en": "{n} class-A dealers", "zh": "{n} 家 A 类经销商"},
    "unit_decision_one": {"en": "{n} decision", "zh": "{n} 项决定"},
    "unit_decision_other": {"en": "{n} decisions", "zh": "{n} 项决定"},
    "unit_finding_one": {"en": "{n} finding", "zh": "{n} 条发现"},
    "unit_finding_other": {"en": "{n} findings", "zh": "{n} 条发现"},
    "unit_complaint_one": {"en": "{n} complaint", "zh": "{n} 次投诉"},
    "unit_complaint_other": {"en": "{n} complaints", "zh": "{n} 次投诉"},
    "unit_sale_one": {"en": "{n} sale", "zh": "{n} 笔"},
    "unit_sale_other": {"en": "{n} sales", "zh": "{n} 笔"},
    "unit_day_one": {"en": "{n} day", "zh": "{n} 天"},
    "unit_day_other": {"en": "{n} days", "zh": "{n} 天"},
    "unit_code_one": {"en": "{n} code", "zh": "{n} 个码"},
    "unit_code_other": {"en": "{n} codes", "zh": "{n} 个码"},
    "unit_pair_one": {"en": "{n} pair of territories", "zh": "{n} 对区域"},
    "unit_pair_other": {"en": "{n} pairs of territories", "zh": "{n} 对区域"},
    "unit_star_one": {"en": "{n} star", "zh": "{n} 星"},
    "unit_star_other": {"en": "{n} stars", "zh": "{n} 星"},
    "unit_point_one": {"en": "{n} point", "zh": "{n} 分"},
    "unit_point_other": {"en": "{n} points", "zh": "{n} 分"},
    "unit_overlap_one": {"en": "{n} overlap", "zh": "{n} 处授权重叠"},
    "unit_overlap_other": {"en": "{n} overlaps", "zh": "{n} 处授权重叠"},
    "unit_blind_spot_one": {"en": "{n} blind spot", "zh": "{n} 段市场盲点"},
    "unit_blind_spot_other": {"en": "{n} blind spots", "zh": "{n} 段市场盲点"},
    "unit_error_one": {"en": "{n} error", "zh": "{n} 处错误"},
    "unit_error_other": {"en": "{n} errors", "zh": "{n} 处错误"},
    "unit_warning_one": {"en": "{n} warning", "zh": "{n} 条警告"},
    "unit_warning_other": {"en": "{n} warnings", "zh": "{n} 条警告"},
    "unit_section_one": {"en": "{n} section", "zh": "{n} 个章节"},
    "unit_section_other": {"en": "{n} sections", "zh": "{n} 个章节"},
    # --- report: frame --------------------------------------------------------------------
    "report_title": {"en": "Channel analysis report", "zh": "渠道分析报告"},
    "report_data": {"en": "About the data", "zh": "关于数据"},
    "report_appendix": {"en": "Appendix: the full tables", "zh": "附录：完整表格"},
    "report_more_rows": {
        "en": "Shown: the first {head} and the last {tail} of {total} rows; the full table is "
        "in the appendix and in tables.xlsx.",
        "zh": "表中显示 {total} 行中的前 {head} 行和最后 {tail} 行；完整表格见附录及 tables.xlsx。",
    },
    "report_affects": {"en": "may affect", "zh": "可能影响"},
    "report_confidential": {
        "en": "Confidential: for the client's internal use",
        "zh": "保密：仅供客户内部使用",
    },
    "report_client": {"en": "Client", "zh": "客户"},
    "report_period": {"en": "Period", "zh": "分析期间"},
    "report_consultant": {"en": "Consultant", "zh": "顾问"},
    "report_date": {"en": "Date", "zh": "报告日期"},
    "report_contents": {"en": "Contents", "zh": "目录"},
    "report_failed_banner": {
        "en": "This report is incomplete: {n} failed — {names}.",
        "zh": "本报告不完整：{n}运行失败——{names}。",
    },
    "section_failed": {
        "en": "This section failed and shows no results: {error}",
        "zh": "本节运行失败，没有结果：{error}",
    },
    "section_skipped": {
        "en": "Skipped: the intake has no {sheets} sheet.",
        "zh": "本节跳过：输入数据中没有{sheets}工作表。",
    },
    # --- table headers shared by sections (intake columns) ---------------------------------
    "col_channel": {"en": "Channel", "zh": "渠道"},
    "col_sales": {"en": "Sales", "zh": "销售额"},
    "col_sales_prev": {"en": "Prior sales", "zh": "上期销售额"},
    "col_share": {"en": "Share of sales", "zh": "销售占比"},
    "col_growth": {"en": "Growth", "zh": "增长率"},
    "col_profit": {"en": "Contribution", "zh": "渠道贡献"},  # Dᵢ, before product cost
    "none_word": {"en": "none", "zh": "无"},
    # a yes/no cell of a report table and of tables.xlsx (display.formatting.fmt_bool)
    "cell_yes": {"en": "Yes", "zh": "是"},
    "cell_no": {"en": "No", "zh": "否"},
    # --- tables.xlsx: its contents sheet (named report_contents) ---------------------------
    "tables_col_section": {"en": "Section", "zh": "章节"},
    "tables_col_table": {"en": "Table", "zh": "表格"},
    "tables_col_rows": {"en": "Rows", "zh": "行数"},
    "tables_col_sheet": {"en": "Sheet", "zh": "工作表"},
    "tables_none": {"en": "(no result tables)", "zh": "（没有结果表）"},
    # --- the intake template ------------------------------------------------------------
    "tpl_yes": {"en": "yes", "zh": "是"},
    "tpl_no": {"en": "no", "zh": "否"},
    "tpl_instructions_sheet": {"en": "instructions", "zh": "说明"},
    "tpl_fields_row": {"en": "one row per field below", "zh": "每行一个字段（见下）"},
    "tpl_intro": {
        "en": "One sheet per table; headers may be the English key or the Chinese header. Only "
        "client and channels are required. Rates are fractions (12% = 0.12). Large tables "
        "(scans) may be given as <sheet>.csv or <sheet>.parquet beside client.xlsx.",
        "zh": "每张表一个工作表；列标题可用英文键或中文标题。只有“客户信息”和“渠道”必填。"
        "比率填小数（12% 填 0.12）。数据量大的表（如扫码记录）可另存为与 client.xlsx 同目录的"
        " <工作表>.csv 或 <工作表>.parquet。",
    },
    # --- expected-value phrases --------------------------------------------------------
    "expect_amount": {"en": "a number ≥ 0", "zh": "≥ 0 的数"},
    "expect_signed": {"en": "a number", "zh": "数字"},
    "expect_count": {"en": "a whole number ≥ 0", "zh": "非负整数"},
    "expect_rate": {"en": "a fraction such as 0.12", "zh": "比率（如 0.12）"},
    "expect_score": {"en": "a score 0–100", "zh": "0–100 的分值"},
    "expect_date": {"en": "a date", "zh": "日期"},
    "expect_bool": {"en": "yes or no", "zh": "是或否"},
    "expect_text": {"en": "text", "zh": "文本"},
    "expect_list": {"en": "names separated by ;", "zh": "以；分隔的名称"},
}


_SECTIONS_DIR = Path(__file__).resolve().parent / "sections"


@cache
def _sections() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    return load_section_messages(_SECTIONS_DIR)


def load_section_messages(
    folder: Path,
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The messages of every ``<folder>/<name>/messages.yaml`` and each section's prefix.

    Each file declares ``_section`` (the report section key, e.g. ``02_channel_scoring``)
    and ``_prefix`` (e.g. ``cs``); every other key must be ``sec_<section>`` (the title)
    or start with ``<prefix>_`` — table headers are ``<prefix>_col_<column>`` — so two
    sections can never define the same key.
    """

    messages: dict[str, dict[str, str]] = {}
    prefixes: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*/messages.yaml")):
        with open(path, encoding="utf-8") as fh:
            extra = parse_yaml(fh) or {}
        section, prefix = extra.pop("_section", None), extra.pop("_prefix", None)
        if not section or not prefix:
            raise ValueError(f"{path}: declare _section and _prefix at the top")
        if prefix in prefixes.values() or section in prefixes:
            raise ValueError(f"{path}: section {section} or prefix {prefix} is taken")
        prefixes[section] = prefix
        for key, texts in extra.items():
            if key != f"sec_{section}" and not key.startswith(f"{prefix}_"):
                raise ValueError(f"{path}: message key {key} must start with {prefix}_")
            if key in MESSAGES or key in messages:
                raise ValueError(f"{path}: message key {key} is defined twice")
            if not isinstance(texts, dict) or set(texts) != set(LANGS):
                raise ValueError(f"{path}: message {key} needs exactly zh and en")
            messages[key] = {k: str(v) for k, v in texts.items()}
    return messages, prefixes


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message: the core ones plus those of ``sections/*/messages.yaml``."""
    return {**MESSAGES, **_sections()[0]}


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
    """The message ``key`` in ``lang``, formatted with ``values``.

    In Chinese, the space a template keeps beside a value (for a number or a Latin word:
    ``共 {n} 项``, ``{amount} 起``) goes when the value itself ends or starts in Chinese
    there (``100 万元起``, not ``100 万元 起``): what a value holds — 万元 or USD, a code or
    a name — is only known when it is filled in (`zh_spacing`).

    Examples
    --------
    >>> t("list_more", "zh", items="甲、乙", n=2, total=4)
    '甲、乙等 2 项（共 4 项）'
    >>> t("intake_invalid", "zh", n="2 处错误"), t("intake_invalid", "en", n="2 errors")
    ('输入数据有 2 处错误：', 'The intake has 2 errors:')
    """
    text = catalogue()[key][check_lang(lang)]
    if lang == "zh" and ("} " in text or " {" in text):
        return zh_spacing(text, values)
    return text.format(**values)


_CJK = frozenset(
    chr(c)
    for lo, hi in ((0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))
    for c in range(lo, hi + 1)
) | frozenset("“”‘’…—")
_FORMATTER = string.Formatter()


def zh_spacing(template: str, values: dict[str, Any]) -> str:
    """A Chinese template formatted with ``values``, without the space the template puts
    between a value and Chinese text when the value's own edge there is Chinese too.

    The house style puts a space between Chinese and a number or a Latin word (``共 27
    项``, ``9,140 万元``), none between two Chinese words: a template's space beside a
    placeholder is for a number or a Latin word, and drops when the value brings Chinese
    to that edge (an amount in 万元, a name).

    Parameters
    ----------
    template
        A ``str.format`` template.
    values
        The values it names.

    Returns
    -------
    str
        The formatted text.

    References
    ----------
    Issue 25 ("prose as a consultant writes it"): no spaces around Chinese words.

    Examples
    --------
    >>> zh_spacing("{t} 起 {r}", {"t": "100 万元", "r": "1.00%"})
    '100 万元起 1.00%'
    >>> zh_spacing("{t} 起 {r}", {"t": "100 USD", "r": "1.00%"})
    '100 USD 起 1.00%'
    >>> zh_spacing("最高的是 {x}（{n} 分）", {"x": "D1 甲", "n": 90})
    '最高的是 D1 甲（90 分）'
    >>> zh_spacing("是 {x}", {"x": "甲"})
    '是甲'
    """
    out: list[str] = []
    last = ""  # the previous value's last character ("" after a literal)
    for literal, field, spec, conv in _FORMATTER.parse(template):
        if last in _CJK and literal[:1] == " " and literal[1:2] in _CJK:
            literal = literal[1:]
        if field is None:
            out.append(literal)
            break
        value = _FORMATTER.format_field(
            _FORMATTER.convert_field(_FORMATTER.get_field(field, (), values)[0], conv),
            _FORMATTER.vformat(spec, (), values) if spec else "",
        )
        if value[:1] in _CJK and literal[-1:] == " " and literal[-2:-1] in _CJK:
            literal = literal[:-1]
        out += (literal, value)
        last = value[-1:]
    return "".join(out)


def count_text(n: object, unit: str, lang: str) -> str:
    """A count with its unit, in the singular or plural as the language needs — the one
    way a sentence counts things (no "dealer(s)").

    Parameters
    ----------
    n
        The count (rounded to a whole number); missing or not a number gives ``"–"``.
    unit
        The unit's code: ``unit``, ``market``, ``territory``, ``dealer``,
        ``class_a_dealer``, ``decision``, ``finding``, ``complaint``, ``sale``, ``day``,
        ``code``, ``pair``, ``star``, ``point``, ``overlap``, ``blind_spot``, ``error``,
        ``warning`` or ``section`` (``unit_<unit>_one`` / ``_other`` in the catalogue).
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The count with its unit, e.g. ``"1 dealer"``, ``"2 dealers"``, ``"2 家经销商"``.

    References
    ----------
    The report's style (issue 25, "prose as a consultant writes it"): plurals from the
    count, no "(s)".

    Examples
    --------
    >>> count_text(4294, "unit", "zh"), count_text(1, "market", "en"), count_text(4, "market", "en")
    ('4,294 件', '1 market', '4 markets')
    >>> count_text(None, "dealer", "en")
    '–'
    """
    try:
        v = float(n)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if math.isnan(v):
        return "–"
    k = round(v)
    return t(f"unit_{unit}_{'one' if k == 1 else 'other'}", lang, n=f"{k:,d}")


def join_items(items: Iterable[str], lang: str) -> str:
    """Items joined as each language lists them: ``、`` in Chinese, ``, `` in English.

    Examples
    --------
    >>> join_items(["KA", "餐饮"], "zh"), join_items(["KA", "餐饮"], "en")
    ('KA、餐饮', 'KA, 餐饮')
    """
    return t("sep_items", lang).join(items)


def listing(items: Iterable[str], lang: str, *, limit: int = LIST_LIMIT) -> str:
    """Items as a sentence lists them: all of them when at most one more than ``limit``
    (naming the one takes no more room than counting it), else the first ``limit``, how
    many more and how many in all; the catalogue's ``none_word`` when there are none.

    Items are given as they are to be shown (escaped or worded by the caller).

    Examples
    --------
    >>> listing(["KA", "餐饮"], "zh")
    'KA、餐饮'
    >>> listing(["A", "B", "C"], "zh", limit=2)
    'A、B、C'
    >>> listing(["A", "B", "C", "D"], "zh", limit=2)
    'A、B等 2 项（共 4 项）'
    >>> listing(["A", "B", "C", "D"], "en", limit=2)
    'A, B and 2 more (4 in all)'
    >>> listing([], "en")
    'none'
    """
    items = list(items)
    if not items:
        return t("none_word", lang)
    if len(items) <= limit + 1:
        return join_items(items, lang)
    shown = join_items(items[:limit], lang)
    return t("list_more", lang, items=shown, n=len(items) - limit, total=len(items))


def join_clauses(items: Iterable[str], lang: str) -> str:
    """Clauses joined by a semicolon: ``；`` in Chinese, ``; `` in English.

    Examples
    --------
    >>> join_clauses(["新渠道", "X"], "zh"), join_clauses(["new", "X"], "en")
    ('新渠道；X', 'new; X')
    """
    return t("sep_clauses", lang).join(items)


def notes_text(
    notes: object,
    lang: str,
    word: Callable[[str, str, str], str],
    *,
    clauses: bool = False,
) -> str:
    """A method's notes on one row — ``(code, value)`` pairs, a
    `chananalysis.methods.notes.Notes` — in words: the one way every section words them.

    Parameters
    ----------
    notes
        The cell: ``(code, value)`` pairs; ``None``, NaN or text have no notes.
    lang
        ``"zh"`` or ``"en"``.
    word
        ``word(code, value, lang)``: one note in words, from the catalogue (the section
        knows its codes' keys).
    clauses
        Keyword only: join as clauses (``；``) rather than as items (``、``).

    Returns
    -------
    str
        ``""`` when there is no note.

    Examples
    --------
    >>> notes = (("new_channel", ""), ("signed_safe", "X"))
    >>> notes_text(notes, "en", lambda c, v, lang: f"{c}({v})" if v else c, clauses=True)
    'new_channel; signed_safe(X)'
    >>> notes_text(float("nan"), "zh", lambda c, v, lang: c)
    ''
    """
    if not isinstance(notes, Iterable) or isinstance(notes, str) or not notes:
        return ""
    join = join_clauses if clauses else join_items
    return join((word(code, value, lang) for code, value in notes), lang)


def join_sentences(items: Iterable[str], lang: str) -> str:
    """Sentences run together: with a space in English, with none in Chinese.

    Examples
    --------
    >>> join_sentences(["甲。", "乙。"], "zh"), join_sentences(["A.", "B."], "en")
    ('甲。乙。', 'A. B.')
    """
    return t("sep_sentences", lang).join(items)


def aside(text: str, note: str, lang: str) -> str:
    """``text (note)`` in English, ``text（note）`` in Chinese.

    Examples
    --------
    >>> aside("流通", "-20.0%", "zh"), aside("KA", "-20.0%", "en")
    ('流通（-20.0%）', 'KA (-20.0%)')
    """
    return t("aside", lang, text=text, note=note)


def labelled(label: str, text: str, lang: str) -> str:
    """``label: text`` with each language's colon.

    Examples
    --------
    >>> labelled("原因", "投诉", "zh"), labelled("Reason", "complaints", "en")
    ('原因：投诉', 'Reason: complaints')
    """
    return t("labelled", lang, label=label, text=text)


def pick(lang: str, /, **variants: str) -> str:
    """The variant of ``lang`` among texts given per language — for text that is data
    (the intake table's headers, a scorecard's names), not a catalogue message.

    Examples
    --------
    >>> pick("zh", zh="销售额", en="sales"), pick("en", zh="销售额", en="sales")
    ('销售额', 'sales')
    """
    return variants[check_lang(lang)]
