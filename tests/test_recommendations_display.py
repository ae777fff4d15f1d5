"""Section 05's display of decisions (issue 24): the wording, the executive summary, the
plan's tables and the roadmap chart, on hand-built frames in the decision schema of issue 24
(`decision_fixtures`), before `chananalysis.methods.recommendations` produces them."""

from __future__ import annotations

import re
import warnings

import matplotlib
import pandas as pd
import pytest
from decision_fixtures import (
    ID_D017,
    ID_DEEPEN,
    ID_FLOOR,
    ID_POOL,
    ID_XINYANG,
    NAMES,
    SITUATION,
    decisions,
    findings,
    no_action,
)

from chananalysis.i18n import has, t
from chananalysis.methods.notes import Notes
from chananalysis.sections.recommendations import tables, text

matplotlib.use("Agg")

# The codes of the decision schema (issue 24), written out (not read from the code under test).
ACTIONS = [
    "exit_channel", "cut_cost_before_exit", "nurture_channel", "keep_and_grow",
    "deepen_channel", "optimize_channel", "confirm_weights", "enforce_price_floor",
    "replace_dealer", "stop_diversion", "tighten_credit", "improve_or_replace_dealer",
    "audit_stock", "warn_diversion", "reassign_roles", "strengthen_loyalty", "reward_stars",
    "renew_authorization", "end_overlap", "appoint_member", "raise_terminal_coverage",
    "align_territory_terms", "widen_ladder", "marginal_rebates", "check_counterfeit",
    "track_complaints", "confirm_strategy",
]  # fmt: skip
OWNERS = ["sales_director", "regional_manager", "channel_manager", "finance", "marketing"]
KPIS = [
    "diversion_rate", "receivables", "units_unexplained", "dealer_stars",
    "replacement_signed", "authorization_renewed", "authorized_dealer", "overlap_days",
    "terminal_rate", "price_breaches", "net_price_gap", "ladder_margin_ok",
    "rebate_scheme_signed", "codes_traced", "channel_contribution", "channel_growth",
    "fixed_cost_removed", "weights_agreed", "roles_matched", "loyalty_rating",
    "stars_rewarded", "complaints_tracked_monthly", "strategy_confirmed",
]  # fmt: skip
EFFECT_BASES = ["uplift", "loss_stopped", "contribution_protected", "contribution_at_risk",
                "rebate_saved"]  # fmt: skip
EXPOSURE_BASES = ["receivables", "dealer_sales", "arbitrage_margin", "contribution"]
SUBJECT_KINDS = ["channel", "dealer", "dealers", "territory", "price_list", "price_ladder",
                 "rebate_ladder", "codes", "company"]  # fmt: skip
REASONS = ["within_tolerance", "informational", "covered_by"]
CAVEATS = ["contribution_before_product_cost", "default_weights", "thin_data"]
KINDS = [
    "channel_exit", "channel_cut_cost", "channel_nurture", "channel_keep", "channel_deepen",
    "channel_optimize", "fragile_action", "channel_below_target", "dumping",
    "dealer_disqualified", "diversion", "credit_risk", "dealer_big_weak", "stock_discrepancy",
    "role_mismatch", "low_loyalty", "dealer_stars", "lapsed_authorization", "blind_spot",
    "county_gap", "terminal_gap", "overlap", "arbitrage", "ladder_margin", "rebate_cliffs",
    "unknown_codes", "complaints_level", "strategy_unknown", "reach_control", "trigger_not_met",
]  # fmt: skip
CODES = set(ACTIONS + OWNERS + KPIS + EFFECT_BASES + EXPOSURE_BASES + REASONS + CAVEATS + KINDS)
LANGS = ["zh", "en"]
ESCAPED = ["单县\\*福源\\*", "曹县&lt;益民&gt;\\_商行"]  # NAMES' D008 and D022 as Markdown


def _client_text(s: str, raw_names=()) -> str:
    """What a reader sees of a text: link targets, escaped and raw client names taken out
    (a client's name may hold an underscore)."""
    s = re.sub(r"\]\(#[^)]*\)", "]", s)
    for name in [*ESCAPED, *raw_names]:
        s = s.replace(name, "")
    return s


def _assert_clean(s: str, raw_names=()) -> None:
    seen = _client_text(s, raw_names)
    assert "_" not in seen, seen
    for word in ("seed", "METH" + "OD", ".yaml", "(s)"):
        assert word not in seen, (word, seen)
    assert not re.search(r"\b(nan|None)\b", seen), seen
    for code in CODES:
        if "_" in code or code in ("uplift",):
            assert code not in seen, (code, seen)


def _summary(lang, **kw):
    return text.summary_text(
        decisions(),
        lang,
        currency="CNY",
        client="某*食品* <b>",
        situation=SITUATION,
        names=NAMES,
        caveat="contribution_before_product_cost",
        **kw,
    )


# --- the catalogue has every code's words -----------------------------------------------


@pytest.mark.parametrize(
    "key",
    [f"rc_do_{a}" for a in ACTIONS]
    + [f"rc_act_{a}" for a in ACTIONS]
    + [f"rc_owner_{o}" for o in OWNERS]
    + [f"rc_kpi_{k}" for k in KPIS]
    + [f"rc_eb_{b}" for b in EFFECT_BASES]
    + [f"rc_xb_{b}" for b in EXPOSURE_BASES]
    + [f"rc_sk_{k}" for k in SUBJECT_KINDS]
    + [f"rc_na_{r}" for r in REASONS]
    + [f"rc_caveat_{c}" for c in CAVEATS],
)
def test_every_code_of_the_schema_has_words(key):
    assert has(key)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_kind_has_a_phrase_of_its_own(kind, lang):
    """No kind falls back to "see section …", and none writes a code, even without facts."""
    row = {"kind": kind, "subject": "", "facts": Notes([], sep="="), "section": ""}
    phrase = text.finding_phrase(row, lang)
    assert phrase != t("rc_fp_other", lang, section=t("sec_05_integration_recommendations", lang))
    _assert_clean(phrase)


# --- wording ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "lang", "expected"),
    [
        ("diversion:D017", "zh", "窜货率 26.1%（4 个市场）"),
        ("diversion:D017", "en", "26.1% of its units diverted (4 markets)"),
        ("diversion:D003", "en", "3.1% of its units diverted (1 market)"),
        ("stock_discrepancy:D017", "zh", "进销存差 4,294 件"),
        ("stock_discrepancy:D017", "en", "4,294 units missing from its stock reports"),
        # debt / equity (负债/净资产, as section 01 words it), and receivables in 万元
        ("credit_risk:D017", "zh", "负债/净资产 4.03、应收账款 87.6 万元"),
        ("credit_risk:D017", "en", "debt to equity 4.03, receivables CNY 876 k"),
        ("dealer_disqualified:D017", "zh", "因 4 次窜货或砸价投诉被一票否决"),
        ("lapsed_authorization:信阳", "zh",
         "D041 信阳华联的授权已于 2025\\-09\\-30 到期，此后仍有 1,830 件发货或扫码"),
        ("channel_cut_cost:便利连锁", "zh",
         "贡献 -48 万元，固定费用 370 万元：直接退出反而使公司贡献减少 137 万元"),
        ("channel_keep:校园特通", "en",
         "growth +13.5% (company +8.2%), 102.9% of target (company 95%), "
         "contribution CNY 1.18 m"),
        ("unknown_codes", "zh", "60 个码扫码但从未发货（3 个区域）"),
    ],
)  # fmt: skip
def test_finding_phrase(finding, lang, expected):
    f = findings().set_index("finding").loc[finding]
    assert text.finding_phrase(f, lang, currency="CNY", names=NAMES) == expected


@pytest.mark.parametrize(
    ("kpi", "target", "lang", "expected"),
    [
        ("diversion_rate", 0.02, "zh", "窜货率低于 2%"),
        ("channel_growth", 0.10, "en", "channel growth at least 10%"),
        ("channel_contribution", 1_300_000, "zh", "渠道贡献至少 130 万元"),
        ("channel_contribution", 1_300_000, "en", "channel contribution at least CNY 1.3 m"),
        ("price_breaches", 0, "zh", "低于限价的成交降为 0 笔"),
        ("codes_traced", 1, "en", "1 code traced"),
        ("net_price_gap", 0.10, "zh", "扣除运费后价差不超过 0.10 元"),
        ("authorization_renewed", float("nan"), "en", "authorisation renewed"),
    ],
)
def test_kpi_target_in_its_unit(kpi, target, lang, expected):
    assert text.kpi_text(kpi, target, lang, currency="CNY") == expected


def _line(decision_id, lang, **kw):
    d = decisions()
    row = d.set_index("decision").loc[decision_id].to_dict() | {"decision": decision_id}
    return text.decision_line(row, findings(), lang, names=NAMES, decisions=d, **kw)


def test_one_line_for_a_dealer_with_four_problems():
    line = _line(ID_D017, "zh")
    assert line.startswith("**D017 商丘万通商贸**：先凭窜货证据包制止窜货")  # stop it first
    for phrase in ("一票否决", "窜货率 26.1%（4 个市场）", "进销存差 4,294 件", "负债/净资产 4.03"):
        assert phrase in line
    assert "区域经理负责，90 天内；目标：窜货率低于 2%" in line
    # no effect: said so; the dealer's sales are at risk, labelled, not an effect
    assert "效果未估算；风险敞口 401 万元（该经销商本品销售额，不计入效果）" in line
    assert "与“改为超额累进返利（返利阶梯）”一并处理" in line  # linked by the November peak
    en = _line(ID_D017, "en")
    assert "Effect not estimated; at risk: CNY 4.01 m (the dealer's sales of our products" in en


def test_an_investment_comes_after_its_conflicts():
    zh, en = _line(ID_DEEPEN, "zh"), _line(ID_DEEPEN, "en")
    assert zh.endswith("前提：先完成执行最低限价（流通批发）、整改或更换（D017 商丘万通商贸）。")
    assert en.endswith(
        "After: enforce the price floor (流通批发), remedy or replace (D017 商丘万通商贸)."
    )
    assert "年贡献效果 414 万元（销售增长带来的增量贡献，未扣投入）" in zh


def test_ten_pairs_of_one_price_list_are_one_phrase():
    zh = _line("price_list:河南:align_territory_terms", "zh")
    assert "**河南价格表**" in zh
    assert "10 对区域扣除运费后仍有价差，最大 0.43 元（郑州 → 单县）" in zh
    assert "风险敞口 31 万元（窜货套利空间，不计入效果）" in zh


def test_owner_names_are_the_clients_own_and_escaped():
    line = _line(ID_XINYANG, "zh", owners={"regional_manager": "大区<经理>"})
    assert "大区&lt;经理&gt;负责，30 天内" in line
    table = tables.decisions_table(
        decisions(), findings(), "zh", names=NAMES, owners={"regional_manager": "大区<经理>"}
    )
    assert (
        table["owner"] == "大区<经理>"
    ).sum() == 3  # D017, 信阳, the pool  # a cell: the table escapes it


@pytest.mark.parametrize("lang", LANGS)
def test_lines_are_client_text(lang):
    d = decisions()
    for decision_id in d["decision"]:
        line = _line(decision_id, lang)
        _assert_clean(line)
        assert "<" not in line and "*福源*" not in line  # client names escaped


# --- the executive summary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "headline", "total"),
    [
        ("zh", "**某\\*食品\\* &lt;b&gt;本期销售 9,140 万元、增长 +8.2%、渠道贡献 2,310 万元；"
               "共 11 项决定，其中 5 项可估算，每年合计影响贡献约 695 万元；"
               "最要紧的是执行最低限价（流通批发）、"
               "整改或更换（D017 商丘万通商贸）、续签授权（信阳）。**",
         "**合计**：每年约 695 万元，为 5 项决定之和（按贡献计）。6 项决定未估算，不计入；"
         "风险敞口（余额、销售额）不计入；投入成本未扣除。"),
        ("en", "**某\\*食品\\* &lt;b&gt;: sales CNY 91.4 m, growth +8.2%, channel contribution "
               "CNY 23.1 m; of 11 decisions, the 5 with an estimate are worth about "
               "CNY 6.95 m of contribution a year; most "
               "urgent: enforce the price floor (流通批发), remedy or replace (D017 商丘万通商贸), "
               "renew the authorisation (信阳).**",
         "**Total**: about CNY 6.95 m a year, the sum over 5 decisions with an estimate "
         "(contribution). 6 decisions not estimated are left out; balances and sales at risk "
         "are not included. Investment costs are not netted."),
    ],
)  # fmt: skip
def test_summary_headline_and_total(lang, headline, total):
    """Total = 520,000 + 4,140,000 + 1,180,000 + 626,000 + 480,000 = 6,946,000 (the five
    estimated effects of the fixture): 695 万元, CNY 6.95 m."""
    blocks = _summary(lang).split("\n\n")
    assert blocks[0] == headline
    assert total in blocks
    assert sum(b.startswith("**") and b.endswith("**") for b in blocks) == 1  # one headline


@pytest.mark.parametrize("lang", LANGS)
def test_summary_lists_at_most_five_decisions_with_owner_and_deadline(lang):
    summary = _summary(lang)
    items = [line for line in summary.splitlines() if re.match(r"\d+\. ", line)]
    assert len(items) == 5
    assert items[1] == {
        "zh": "2. **整改或更换（D017 商丘万通商贸）**：区域经理，90 天内；效果未估算；"
              "风险敞口 401 万元",
        "en": "2. **Remedy or replace (D017 商丘万通商贸)**: Regional manager, within 90 days; "
              "effect not estimated; CNY 4.01 m at risk",
    }[lang]  # fmt: skip
    assert items[0].endswith({"zh": "每年 52 万元", "en": "CNY 520 k a year"}[lang])


@pytest.mark.parametrize(
    ("lang", "with_exposure"),
    [
        # 6,946,000 + 4,012,000 + 310,000 = 11,268,000; + 4,012,000 alone = 10,958,000
        ("zh", ["1,127 万元", "1,096 万元", "1.13 亿元", "1.1 亿元"]),
        ("en", ["CNY 11.3 m", "CNY 11 m", "CNY 7.26 m"]),  # 6,946,000 + 310,000 = 7,256,000
    ],
)
def test_exposure_is_never_in_the_total(lang, with_exposure):
    summary = _summary(lang)
    for amount in with_exposure:
        assert amount not in summary


@pytest.mark.parametrize("lang", LANGS)
def test_summary_is_client_text_with_escaped_names(lang):
    summary = _summary(lang, owners={"marketing": "品牌_部"})
    _assert_clean(summary.replace("品牌\\_部", ""))
    assert "某\\*食品\\* &lt;b&gt;" in summary and "<b>" not in summary
    # the pool of item 4 names its dealers by id; no raw client markup anywhere
    assert {"zh": "D003、D008、D022", "en": "D003, D008, D022"}[lang] in summary
    assert "<益民>" not in summary
    assert "品牌\\_部" in summary  # the client's own title, escaped
    assert "](#sec-05_integration_recommendations)" in summary  # proved by section 05


@pytest.mark.parametrize(
    ("lang", "steps"),
    [
        ("zh", "**先做**：执行最低限价（流通批发） → 整改或更换（D017 商丘万通商贸） → "
               "续签授权（信阳）。"),
        ("en", "**First, in order**: enforce the price floor (流通批发) → remedy or replace "
               "(D017 商丘万通商贸) → renew the authorisation (信阳)."),
    ],
)  # fmt: skip
def test_summary_first_steps(lang, steps):
    assert steps in _summary(lang).split("\n\n")


@pytest.mark.parametrize(
    ("caveat", "lang", "start"),
    [
        ("contribution_before_product_cost", "zh", "**注意**：“贡献”为销售额减去渠道"),
        ("default_weights", "en", "**Caveat**: The channel scores use the textbook's default"),
        ("thin_data", "zh", "**注意**：只有一期数据"),
    ],
)
def test_summary_caveat(caveat, lang, start):
    summary = text.summary_text(decisions(), lang, caveat=caveat)
    assert any(b.startswith(start) for b in summary.split("\n\n"))


def test_summary_without_decisions_or_situation():
    empty = decisions().iloc[0:0]
    assert text.summary_text(empty, "en") == (
        "**This channel review; the data show nothing that needs a decision.**"
    )
    one = decisions().iloc[[2]]  # 信阳: no effect estimated
    summary = text.summary_text(one, "zh", client="甲")
    assert summary.startswith(
        "**甲的渠道审查；1 项决定的效果尚未估算；最要紧的是续签授权（信阳）。**"
    )
    assert "合计" not in summary


# --- the order of the steps ---------------------------------------------------------------


def _frame(ranks, deps, horizons=None):
    ids = list(ranks)
    return pd.DataFrame(
        {
            "decision": ids,
            "rank": [ranks[i] for i in ids],
            "depends_on": [deps.get(i, []) for i in ids],
            "horizon_days": [(horizons or {}).get(i, 90) for i in ids],
        }
    )


@pytest.mark.parametrize(
    ("ranks", "deps", "expected"),
    [
        pytest.param({"a": 1, "b": 2, "c": 3}, {}, ["a", "b", "c"], id="by rank"),
        # the top decision (invest) waits for the third (fix prices): renew moves up
        pytest.param(
            {"invest": 1, "renew": 2, "fix": 3},
            {"invest": ["fix"]},
            ["renew", "fix", "invest"],
            id="top depends on a lower one",
        ),
        # a chain: a needs d, d needs c
        pytest.param(
            {"a": 1, "b": 2, "c": 3, "d": 4},
            {"a": ["d"], "d": ["c"]},
            ["b", "c", "d"],
            id="chain",
        ),
        pytest.param(
            {"a": 1, "b": 2}, {"a": ["x"]}, ["a", "b"], id="a dependency not in the frame"
        ),
        pytest.param({"a": 1, "b": 2}, {"a": ["b"], "b": ["a"]}, ["a", "b"], id="cycle"),
    ],
)
def test_first_steps_respect_depends_on(ranks, deps, expected):
    assert text.first_steps(_frame(ranks, deps))["decision"].tolist() == expected


def test_first_steps_of_the_fixture():
    assert text.first_steps(decisions())["decision"].tolist() == [ID_FLOOR, ID_D017, ID_XINYANG]


# --- the plan's tables ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_decisions_table(lang):
    table = tables.decisions_table(decisions(), findings(), lang, names=NAMES)
    assert len(table) == 11 and set(tables.KINDS["decisions"]) <= set(table.columns)
    assert table["effect"].sum() == 6_946_000.0  # effects only: exposure is its own column
    assert table["exposure"].dropna().tolist() == [4_012_000.0, 310_000.0]
    deepen = table.iloc[5]
    assert (
        deepen["subject"] == "流通批发"
        and deepen["after"]
        == {
            "zh": "执行最低限价（流通批发）、整改或更换（D017 商丘万通商贸）",
            "en": "Enforce the price floor (流通批发), remedy or replace (D017 商丘万通商贸)",
        }[lang]
    )
    assert table.iloc[3]["subject"].endswith("D022")  # a pool names its dealers by id
    for col in table.columns.drop(["effect", "exposure"]):
        for cell in table[col]:
            _assert_clean(cell, raw_names=NAMES.values())


@pytest.mark.parametrize("lang", LANGS)
def test_roadmap_starts_a_decision_when_its_dependencies_end(lang):
    d = decisions()
    when = text.schedule(d).set_index(d["decision"])
    # deepen (365 days) waits for the price floor (30) and D017 (90): starts on day 90
    assert when.loc[ID_DEEPEN, ["start", "end", "wave"]].tolist() == [90, 365, 365]
    assert when.loc[ID_D017, ["start", "end", "wave"]].tolist() == [0, 90, 90]
    for i, deps in zip(d["decision"], d["depends_on"], strict=True):
        assert all(when.loc[i, "start"] >= when.loc[x, "end"] for x in deps)
    table = tables.roadmap_table(d, lang, names=NAMES)
    assert table["wave"].tolist() == [
        t(f"rc_wave_{w}", lang) for w in [30] * 4 + [90] * 2 + [365] * 5
    ]
    assert table.iloc[-1][["start", "end"]].tolist() == [90, 365]  # the investment, last


def test_a_deadline_before_its_dependency_ends_moves_after_it():
    # a 30-day decision after a 90-day one runs days 90-120, in the year's wave;
    # a 180-day decision goes to the year's wave too
    d = _frame({"fix": 1, "follow": 2, "later": 3}, {"follow": ["fix"]}, {"later": 180})
    when = text.schedule(d.assign(horizon_days=[90, 30, 180]))
    expected = [[0, 90, 90], [90, 120, 365], [0, 180, 365]]
    assert when[["start", "end", "wave"]].values.tolist() == expected


@pytest.mark.parametrize("lang", LANGS)
def test_no_action_table(lang):
    table = tables.no_action_table(
        no_action(), lang, findings=findings(), decisions=decisions(), names=NAMES
    )
    assert len(table) == 4
    assert (
        table.iloc[0].tolist()
        == {
            "zh": ["D040 周口聚丰", "忠诚度 58 分", "在容许范围内，无需行动"],
            "en": ["D040 周口聚丰", "Loyalty 58 points", "Within tolerance: no action needed"],
        }[lang]
    )
    assert table.iloc[2]["reason"].startswith(
        {"zh": "已由“警告窜货（3 家经销商", "en": "Covered by “warn on diversion (3 dealers"}[lang]
    )
    for cell in table.to_numpy().ravel():
        _assert_clean(cell, raw_names=NAMES.values())


def test_the_fixture_puts_every_finding_in_one_place():
    placed = [f for cell in decisions()["findings"] for f in cell] + list(no_action()["finding"])
    assert sorted(placed) == sorted(findings()["finding"])
    assert ID_POOL in set(decisions()["decision"])


# --- the roadmap chart --------------------------------------------------------------------


@pytest.mark.slow  # the CJK font's first use takes about 2 s
@pytest.mark.parametrize("lang", LANGS)
def test_roadmap_chart_draws_chinese_without_missing_glyphs(lang):
    import matplotlib.pyplot as plt

    from chananalysis.display.theme import use_theme
    from chananalysis.sections.recommendations import charts

    use_theme()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" is a failure
        fig = charts.roadmap_chart(decisions(), lang, NAMES)
        try:
            fig.canvas.draw()
            ax = fig.axes[0]
            assert len(ax.patches) == 11
            labels = [x.get_text() for x in ax.get_yticklabels()]
            first = {"zh": "执行最低限价（流通批发）", "en": "Enforce the price floor (流通批发)"}
            assert labels[-1] == first[lang]  # the first to start, at the top
            assert labels[0] == {"zh": "加大投入（流通批发）", "en": "Invest more (流通批发)"}[lang]
            bar = ax.patches[0]  # the investment: from day 90 (D017 done) to day 365
            assert (bar.get_x(), bar.get_x() + bar.get_width()) == (90.0, 365.0)
            legend = [x.get_text() for x in ax.get_legend().get_texts()]
            assert len(legend) == 5
        finally:
            plt.close(fig)
    assert charts.roadmap_chart(decisions().iloc[0:0], lang) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "共 11 项决定：立即行动 5 项，本年内 5 项，持续观察 1 项。"),
        ("en", "11 decisions: 5 to act on now, 5 this year, 1 to watch."),
    ],
)
def test_plan_lead_in_counts_by_priority(lang, expected):
    lead = text.plan_text(decisions(), lang)
    assert lead.startswith(expected)
    for s in (lead, text.roadmap_text(lang), text.no_action_text(no_action(), lang)):
        _assert_clean(s)
