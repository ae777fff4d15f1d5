"""Prose as a consultant writes it (issue 25, point 4), checked over every message.

- Chinese: no space between a CJK character (or CJK punctuation) and a placeholder that
  holds a name or Chinese words; a space stays between Chinese and a number or a Latin
  unit (``共 27 项``, ``{n} 家``) — the house style.
- English: plurals from the count (no "(s)"), no Chinese words in a template (names filled
  in at run time keep their Chinese form).
- No double space in either language.
"""

from __future__ import annotations

import re

import pytest

from chananalysis.i18n import catalogue, count_text, t

#: Placeholders that hold a client's name or Chinese words, never a number: the client
#: (client), channels, dealers, territories and other names or lists of them (name, names,
#: items, top, bottom, subject, sheets, consultant, factors), and Chinese words chosen by
#: the code (action, why, situation, kind, type, where). The intake's core messages name
#: sheets and columns as ``key (中文)`` and files by path: Latin first, so they keep the
#: space and are not listed (their placeholders are ``name`` only in ``where_sheet`` and
#: ``where_column``, excepted below).
NAME_LIKE = (
    "client",
    "name",
    "names",
    "items",
    "top",
    "bottom",
    "subject",
    "sheets",
    "consultant",
    "factors",
    "action",
    "why",
    "situation",
    "kind",
    "type",
    "where",
    "channel",
    "dealer",
    "territory",
    "product",
    "list",
    "trigger",
)
#: Core intake messages whose ``{name}`` is a Latin-first label (``channels (渠道)``).
LATIN_LABELS = {"where_sheet", "where_column"}
#: Messages whose name placeholder holds dealer labels, which start with the dealer's code
#: (``D052 邓州天润商贸有限公司``): Latin first, so the space before them stays (house style
#: between Chinese and Latin); none after (the label ends in Chinese).
CODE_FIRST = {
    ("de_top_bottom", "top"),
    ("de_top_bottom", "bottom"),
    ("rc_transition_text", "top"),
    ("dg_stock_days", "names"),
}
#: ``bad_bool`` lists the values a client may type in the intake, 是/否 among them: data,
#: not a Chinese word in running English.
CJK_VALUES = {"bad_bool"}

CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]"
_PH = r"\{(?:" + "|".join(NAME_LIKE) + r")(?:[:!][^}]*)?\}"
SPACED = re.compile(rf"{CJK} {_PH}|{_PH} {CJK}")
MACHINERY = re.compile(r"\bseed\b|" + "METH" + "OD")
HAS_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _messages(lang: str) -> list[tuple[str, str]]:
    return [(key, texts[lang]) for key, texts in catalogue().items()]


def test_catalogue_holds_the_section_messages():
    # the scan below sees the sections' messages.yaml, not only the core ones
    assert "rc_sum_headline" in catalogue() and "de_top_bottom" in catalogue()


def _spaced(key: str, text: str) -> list[str]:
    """The spaced name placeholders of one zh message, less those allowed a space before."""
    found = []
    for m in SPACED.finditer(text):
        name = re.search(r"\{(\w+)", m.group()).group(1)
        before_only = not m.group().startswith("{")
        if (key, name) in CODE_FIRST and before_only:
            continue
        found.append(m.group())
    return found


def test_zh_names_and_words_have_no_spaces_around_them():
    bad = [
        (key, _spaced(key, text))
        for key, text in _messages("zh")
        if key not in LATIN_LABELS and _spaced(key, text)
    ]
    assert bad == []


def test_the_scan_catches_a_spaced_name():
    assert SPACED.search("本报告对 {client} 的")
    assert SPACED.search("最高的是 {names}。")
    assert not SPACED.search("共 {n} 项") and not SPACED.search("本报告对{client}的 {n} 个")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_double_space(lang):
    assert [key for key, text in _messages(lang) if "  " in text] == []


def test_en_has_no_maybe_plural():
    assert [key for key, text in _messages("en") if "(s)" in text] == []


def test_en_templates_have_no_chinese_words():
    bad = [key for key, text in _messages("en") if key not in CJK_VALUES and HAS_CJK.search(text)]
    assert bad == []


def test_no_machinery_words_in_client_text():
    # "seed" (the textbook's working name) is no word for a client; placeholders aside
    bad = [
        (key, lang)
        for key, texts in catalogue().items()
        for lang in ("zh", "en")
        if MACHINERY.search(re.sub(r"\{[^}]*\}", "", texts[lang]))
    ]
    assert bad == []


def test_zh_sentences_read_without_spaces_around_names():
    got = t(
        "rc_sum_headline",
        "zh",
        situation="豫香园",
        n="27 项决定",
        k=5,
        total="635 万元",
        top="续签授权（信阳）",
    )
    assert got == (
        "**豫香园；共 27 项决定，其中 5 项可估算，每年合计影响贡献约 635 万元；"
        "最要紧的是续签授权（信阳）。**"
    )
    got = t("de_top_bottom", "zh", top="D1 甲", top_total=90, bottom="D2 乙", bottom_total=40)
    assert got == "得分最高的是 D1 甲（90 分），最低的是 D2 乙（40 分）。"


def test_counts_choose_singular_or_plural():
    assert count_text(1, "dealer", "en") == "1 dealer"
    assert count_text(2, "dealer", "en") == "2 dealers"
    assert count_text(1, "dealer", "zh") == count_text(1, "dealer", "zh") == "1 家经销商"
    one = t("de_ev_role", "en", n=count_text(1, "dealer", "en"), names="A")
    two = t("de_ev_role", "en", n=count_text(2, "dealer", "en"), names="A, B")
    assert one == "1 dealer fitting another market role better: A."
    assert two == "2 dealers fitting another market role better: A, B."
    assert t("de_ev_role", "zh", n=count_text(2, "dealer", "zh"), names="甲、乙") == (
        "2 家经销商更适合另一种市场角色：甲、乙。"
    )
    assert t("intake_invalid", "en", n=count_text(1, "error", "en")) == "The intake has 1 error:"
    assert t("intake_invalid", "en", n=count_text(3, "error", "en")) == "The intake has 3 errors:"
    banner = t("report_failed_banner", "en", n=count_text(1, "section", "en"), names="X")
    assert banner == "This report is incomplete: 1 section failed — X."


def test_zh_spacing_follows_what_a_value_holds():
    # an amount in 万元 ends in Chinese: no space before the next Chinese word; in USD it
    # ends in Latin and keeps it; a dealer label starts with its code and keeps the one before
    assert t("dg_tier", "zh", threshold="100 万元", rate="1.00%") == "100 万元起 1.00%"
    assert t("dg_tier", "zh", threshold="100 USD", rate="1.00%") == "100 USD 起 1.00%"
    assert t("dg_rule_min", "zh", ratio="流动比率", limit="1.00") == "流动比率低于 1.00"
    got = t("rc_transition_text", "zh", **dict.fromkeys(TRANSITION, "x"), top="D1 甲")
    assert "最多的是 D1 甲（" in got


TRANSITION = ("loss", "whole", "marginal", "pct", "n", "top_loss", "top_pct", "limit", "kept")
TRANSITION += ("year_one",)
