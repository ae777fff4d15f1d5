"""Section 00's prose, written from the portfolio's numbers in the report language.

Every sentence comes from the message catalogue; client names pass through
`chananalysis.display.formatting.esc`, numbers through its formatters.

Examples
--------
>>> import pandas as pd
>>> from chananalysis.methods.portfolio import channel_portfolio, overview_findings
>>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [600.0, 400.0],
...                    "sales_prev": [500.0, 500.0], "variable_cost_rate": [0.2, 0.1],
...                    "fixed_cost": [100.0, 50.0]})
>>> print(overview_text(overview_findings(channel_portfolio(ch)), "en", currency="CNY"))
Sales through the 2 channels came to **CNY 1,000**, unchanged on the prior period (CNY 1,000).
<BLANKLINE>
The largest channel is KA with 60.0% of sales; the two largest together carry 100.0%.
<BLANKLINE>
The fastest-growing channel is KA (+20.0%). Sales fell in: 流通 (-20.0%).
<BLANKLINE>
All channels together contribute CNY 690 after channel costs, before product cost (69.0% of sales).

With product cost rates (KA 0.5, 流通 0.6), one more sentence: 690 − (300 + 240) = 150.

>>> ch = ch.assign(product_cost_rate=[0.5, 0.6])
>>> f = overview_findings(channel_portfolio(ch))
>>> print(overview_text(f, "en").splitlines()[-1])  # doctest: +NORMALIZE_WHITESPACE
All channels together contribute CNY 690 after channel costs, before product cost
(69.0% of sales). After product cost, the channels together earn CNY 150 (15.0% of sales).

Amounts take the reader's units (`chananalysis.display.money.Money`):

>>> big = ch.assign(sales=[60e6, 31.4e6], sales_prev=[50e6, 30e6])
>>> print(overview_text(overview_findings(channel_portfolio(big)), "zh").splitlines()[0])
2 个渠道合计实现销售额 **9,140 万元**，较上期（8,000 万元）增长 14.3%。
"""

from __future__ import annotations

import math

from chananalysis.display.formatting import esc, fmt_pct, names_list
from chananalysis.display.money import Money
from chananalysis.i18n import aside, join_items, join_sentences, t
from chananalysis.methods.portfolio import OverviewFindings
from chananalysis.sections.overview.review import CONCENTRATION, OverviewReview

__all__ = ["client_line", "length_text", "length_word", "overview_text", "summary_text"]


def client_line(info: dict, lang: str) -> str:
    """One line naming the client, industry, period, consultant and currency.

    Examples
    --------
    >>> client_line({"client_name": "<b>甲</b>", "period": "2025"}, "en")
    '**&lt;b&gt;甲&lt;/b&gt;** · industry – · period 2025 · consultant – · currency CNY'
    """

    def get(k: str, default: str = "–") -> str:
        v = info.get(k)
        return esc(v) if v not in (None, "") else default

    return t(
        "ov_client_line",
        lang,
        client=get("client_name"),
        industry=get("industry"),
        period=get("period"),
        consultant=get("consultant"),
        currency=get("currency", "CNY"),
    )


def _signed(g: float) -> str:
    return fmt_pct(g, signed=True)


def overview_text(
    f: OverviewFindings,
    lang: str,
    *,
    currency: str = "CNY",
    concentrated_above: float = CONCENTRATION,
) -> str:
    """The overview narrative: size and change, concentration, growth, losses,
    contribution (before product cost) and, when product cost rates are given, profit
    after product cost.

    Parameters
    ----------
    f
        From `chananalysis.methods.portfolio.overview_findings`.
    lang
        ``"zh"`` or ``"en"``.
    currency
        The client's currency; amounts are written in the reader's units
        (`chananalysis.display.money.Money`: 9,140 万元, CNY 91.4 m).
    concentrated_above
        **Decision:** the two largest channels' share of sales above which the portfolio
        is called concentrated (default `CONCENTRATION`, 70 %).
    """
    money = Money(lang, esc(currency))
    if math.isnan(f.company_growth):
        change = t("ov_change_na", lang)
    elif abs(f.company_growth) < 0.0005:
        change = t("ov_change_none", lang)
    elif f.company_growth > 0:
        change = t("ov_change_up", lang, g=fmt_pct(f.company_growth))
    else:
        change = t("ov_change_down", lang, g=fmt_pct(-f.company_growth))
    paras = [
        t(
            "ov_intro",
            lang,
            n=f.n_channels,
            sales=money(f.total_sales),
            change=change,
            prev=money(f.total_prev),
        )
    ]

    top = t(
        "ov_top",
        lang,
        top=esc(f.top_channel),
        share=fmt_pct(f.top_share),
        top2=fmt_pct(f.top2_share),
    )
    if f.n_channels > 2 and f.top2_share > concentrated_above:
        top = join_sentences([top, t("ov_concentrated", lang)], lang)
    paras.append(top)

    moves = []
    if f.fastest is not None and f.fastest_growth > 0:
        moves.append(t("ov_fastest", lang, name=esc(f.fastest), g=_signed(f.fastest_growth)))
    if f.declining:
        shown = [aside(esc(n), _signed(g), lang) for n, g in f.declining]
        moves.append(t("ov_declining", lang, names=join_items(shown, lang)))
    if f.new_channels:
        moves.append(t("ov_new", lang, names=names_list(f.new_channels, lang)))
    if moves:
        paras.append(join_sentences(moves, lang))

    tail = []
    if f.loss_making:
        tail.append(t("ov_loss", lang, names=names_list(f.loss_making, lang)))
    margin = f.total_profit / f.total_sales if f.total_sales else float("nan")
    tail.append(
        t(
            "ov_profit",
            lang,
            profit=money(f.total_profit),
            margin=fmt_pct(margin),
        )
    )
    if f.product_cost_missing:
        tail.append(
            t("ov_profit_after_partial", lang, names=names_list(f.product_cost_missing, lang))
        )
    elif f.total_profit_after_product_cost is not None:
        after = f.total_profit_after_product_cost
        tail.append(
            t(
                "ov_profit_after",
                lang,
                profit=money(after),
                margin=fmt_pct(after / f.total_sales if f.total_sales else float("nan")),
            )
        )
    paras.append(join_sentences(tail, lang))
    return "\n\n".join(paras)


def summary_text(r: OverviewReview, lang: str, *, currency: str = "CNY") -> str:
    """The section's lead paragraphs: `overview_text` of the review's findings, with the
    concentration line the review used.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from chananalysis.intake.read import load_client
    >>> from chananalysis.intake.write import write_intake_template
    >>> from chananalysis.sections.overview.review import review
    >>> r = review(load_client(write_intake_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")))
    >>> summary_text(r, "en") == overview_text(r.findings, "en")
    True
    """
    return overview_text(
        r.findings, lang, currency=currency, concentrated_above=r.concentrated_above
    )


def length_text(portfolio, lang: str) -> str:
    """Which channels are direct, short or long (docs/method.md §3.1), from `channel_portfolio`.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"length": ["direct", "long", None]}, index=["电商", "流通", "KA"])
    >>> length_text(p, "en")
    'Direct channels: 电商; short (one intermediary): none; long (two or more): 流通.'
    """
    groups = {
        k: [n for n, v in portfolio["length"].items() if v == k]
        for k in ("direct", "short", "long")
    }
    return t("ov_length_line", lang, **{k: names_list(v, lang) for k, v in groups.items()})


def length_word(length: object, lang: str) -> str:
    """A channel length code (``direct``, ``short``, ``long``) in words; ``–`` for none.

    Examples
    --------
    >>> length_word("short", "zh"), length_word(None, "en")
    ('短渠道', '–')
    """
    return t(f"ov_length_{length}", lang) if isinstance(length, str) else "–"
