"""Narratives written from a client's numbers, in Markdown, in the report language.

Every sentence comes from the message catalogue; client names pass through
`formatting.esc`, numbers through `formatting`'s formatters.

Examples
--------
>>> import pandas as pd
>>> from chananalysis.methods.portfolio import channel_portfolio, overview_findings
>>> ch = pd.DataFrame({"channel": ["KA", "流通"], "sales": [600.0, 400.0],
...                    "sales_prev": [500.0, 500.0], "variable_cost_rate": [0.2, 0.1],
...                    "fixed_cost": [100.0, 50.0]})
>>> print(overview_text(overview_findings(channel_portfolio(ch)), "en", currency="CNY"))
Sales through the 2 channels came to **1,000 CNY**, unchanged on the prior period (1,000 CNY).
<BLANKLINE>
The largest channel is KA with 60.0% of sales; the two largest together carry 100.0%.
<BLANKLINE>
The fastest-growing channel is KA (+20.0%). Sales fell in: 流通 (-20.0%).
<BLANKLINE>
All channels together earn 690 CNY after channel costs (69.0% of sales).
"""

from __future__ import annotations

import math

from chananalysis.report.formatting import esc, fmt_amount, fmt_pct
from chananalysis.i18n import join_items, t
from chananalysis.methods.portfolio import OverviewFindings

__all__ = [
    "client_line",
    "length_text",
    "names_list",
    "note_text",
    "overview_text",
    "scoring_method_text",
    "scoring_text",
    "weights_text",
]

#: Share of sales held by the two largest channels above which the portfolio is called
#: concentrated. **Decision** (not in the seeds): 70 %.
CONCENTRATION = 0.70


def names_list(names, lang: str) -> str:
    """Escaped names joined the way each language lists them."""
    names = list(names)
    return join_items((esc(n) for n in names), lang) if names else t("none_word", lang)


def client_line(info: dict, lang: str) -> str:
    """One line naming the client, industry, period, consultant and currency.

    Examples
    --------
    >>> client_line({"client_name": "<b>甲</b>", "period": "2025"}, "en")
    '**&lt;b&gt;甲&lt;/b&gt;** · industry – · period 2025 · consultant – · amounts in CNY'
    """
    def get(k: str, default: str = "–") -> str:
        v = info.get(k)
        return esc(v) if v not in (None, "") else default

    return t("ov_client_line", lang, client=get("client_name"), industry=get("industry"),
             period=get("period"), consultant=get("consultant"),
             currency=get("currency", "CNY"))


def _signed(g: float) -> str:
    return fmt_pct(g, signed=True)


def _aside(text: str, note: str, lang: str) -> str:
    """``text (note)`` in English, ``text（note）`` in Chinese."""
    return f"{text} ({note})" if lang == "en" else f"{text}（{note}）"


def overview_text(f: OverviewFindings, lang: str, *, currency: str = "CNY",
                  concentrated_above: float = CONCENTRATION) -> str:
    """The overview narrative: size and change, concentration, growth, losses, profit.

    Parameters
    ----------
    f
        From `chananalysis.methods.portfolio.overview_findings`.
    lang
        ``"zh"`` or ``"en"``.
    currency
        Unit shown after amounts.
    concentrated_above
        **Decision:** the two largest channels' share of sales above which the portfolio
        is called concentrated (default `CONCENTRATION`, 70 %).
    """
    if math.isnan(f.company_growth):
        change = t("ov_change_na", lang)
    elif abs(f.company_growth) < 0.0005:
        change = "unchanged" if lang == "en" else "持平"
    elif f.company_growth > 0:
        change = t("ov_change_up", lang, g=fmt_pct(f.company_growth))
    else:
        change = t("ov_change_down", lang, g=fmt_pct(-f.company_growth))
    paras = [t("ov_intro", lang, n=f.n_channels, sales=fmt_amount(f.total_sales),
               currency=esc(currency), change=change, prev=fmt_amount(f.total_prev))]

    top = t("ov_top", lang, top=esc(f.top_channel), share=fmt_pct(f.top_share),
            top2=fmt_pct(f.top2_share))
    if f.n_channels > 2 and f.top2_share > concentrated_above:
        top += (" " if lang == "en" else "") + t("ov_concentrated", lang)
    paras.append(top)

    moves = []
    if f.fastest is not None and f.fastest_growth > 0:
        moves.append(t("ov_fastest", lang, name=esc(f.fastest), g=_signed(f.fastest_growth)))
    if f.declining:
        shown = [_aside(esc(n), _signed(g), lang) for n, g in f.declining]
        moves.append(t("ov_declining", lang, names=join_items(shown, lang)))
    if f.new_channels:
        moves.append(t("ov_new", lang, names=names_list(f.new_channels, lang)))
    if moves:
        paras.append((" " if lang == "en" else "").join(moves))

    tail = []
    if f.loss_making:
        tail.append(t("ov_loss", lang, names=names_list(f.loss_making, lang)))
    margin = f.total_profit / f.total_sales if f.total_sales else float("nan")
    tail.append(t("ov_profit", lang, profit=fmt_amount(f.total_profit), currency=esc(currency),
                  margin=fmt_pct(margin)))
    paras.append((" " if lang == "en" else "").join(tail))
    return "\n\n".join(paras)


def length_text(portfolio, lang: str) -> str:
    """Which channels are direct, short or long (METHOD §3.1), from `channel_portfolio`.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"length": ["direct", "long", None]}, index=["电商", "流通", "KA"])
    >>> length_text(p, "en")
    'Direct channels: 电商; short (one intermediary): none; long (two or more): 流通.'
    """
    groups = {k: [n for n, v in portfolio["length"].items() if v == k]
              for k in ("direct", "short", "long")}
    return t("ov_length_line", lang, **{k: names_list(v, lang) for k, v in groups.items()})


def weights_text(q, info: dict, lang: str) -> str:
    """Which weights the scoring used and where they came from (AHP: with its CR).

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.Series({"sales": 40.0, "profit": 30.0, "growth": 20.0, "structure": 10.0})
    >>> print(weights_text(q, {"source": "given"}, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Weights agreed with the client: sales capability 40, profitability 30, growth 20,
    dealer structure 10.
    """
    listed = join_items((f"{t(f'factor_{k}', lang)} {v:.4g}" for k, v in q.items()), lang)
    if info["source"] == "default":
        return t("cs_weights_default", lang)
    if info["source"] == "given":
        return t("cs_weights_given", lang, list=listed)
    cr = float(info["cr"])
    text = t("cs_weights_ahp", lang, list=listed, cr=cr,
             ok=t("cs_cr_ok" if cr <= 0.10 else "cs_cr_bad", lang))
    part = info.get("participant_cr")
    if part:
        text += " " + t("cs_participants", lang, list=join_items(
            (t("cs_participant", lang, k=k + 1, cr=c) for k, c in enumerate(part)), lang))
        bad = [str(k + 1) for k, c in enumerate(part) if c > 0.10]
        if bad:
            text += " " + t("cs_participants_bad", lang, list=join_items(bad, lang))
    return text


def scoring_method_text(scores, lang: str, *, growth_method: str = "factor") -> str:
    """How the indices were computed for this client: growth form, signed-safe factors,
    new channels, and where dealer structure came from."""
    company = scores.attrs.get("company_growth", float("nan"))
    h = "–" if math.isnan(company) else fmt_pct(company, signed=True)
    key = "cs_method_note" if growth_method == "factor" else "cs_method_ratio"
    parts = [t(key, lang, h=h)]
    notes = scores["note"].str.split("; ")
    signed = sorted({n.split()[-1] for ns in notes for n in ns if n.startswith("signed-safe")})
    if signed:
        names = {"W": "col_W", "X": "col_X", "Z": "col_Z"}
        parts.append(t("cs_signed", lang, factors=join_items(
            (t(names[s], lang) for s in signed), lang)))
    new = [c for c, ns in notes.items() if "new channel" in ns]
    if new:
        parts.append(t("cs_new", lang, names=names_list(new, lang)))
    sources = {c: next((n for n in ns if n.startswith(("levels", "structure"))), "")
               for c, ns in notes.items()}
    kinds = set(sources.values())
    if kinds == {"structure not assessed"}:
        parts.append(t("cs_structure_none", lang))
    elif kinds <= {"levels judged", "levels judged (missing: none)"}:
        parts.append(t("cs_structure_judged", lang))
    elif kinds == {"levels derived"}:
        parts.append(t("cs_structure_derived", lang))
    else:
        judged = [c for c, s in sources.items() if s.startswith("levels judged")]
        parts.append(t("cs_structure_mixed", lang, judged=names_list(judged, lang)))
    return (" " if lang == "en" else "").join(parts)


def scoring_text(scores, sens, lang: str, *, bands=(80, 120),
                 fragile_below: float = 0.8, draws: int = 2000,
                 concentration: float = 100) -> str:
    """The seed's four rules applied to this client, then which decisions are fragile.

    1. exit the weak (I < low); 2. deepen and invest in the strong (I ≥ high);
    3. 做大放小 for the middle — the larger (W ≥ 100) grow, the smaller get less;
    4. check conflicts between the channels kept before the new system.
    """
    low, high = bands
    by = scores["action"]
    exit_, deepen = scores.index[by == "exit"], scores.index[by == "deepen"]
    middle = scores.index[by == "optimize"]
    paras = []
    paras.append(t("cs_rule_exit", lang, low=low, names=names_list(exit_, lang)) if len(exit_)
                 else t("cs_rule_exit_none", lang, low=low))
    paras.append(t("cs_rule_deepen", lang, high=high, names=names_list(deepen, lang))
                 if len(deepen) else t("cs_rule_deepen_none", lang, high=high))
    if len(middle):
        big = [c for c in middle if scores.at[c, "W"] >= 100]
        small = [c for c in middle if scores.at[c, "W"] < 100]
        paras.append(t("cs_rule_middle", lang, low=low, high=high,
                       names=names_list(middle, lang), big=names_list(big, lang),
                       small=names_list(small, lang)))
    else:
        paras.append(t("cs_rule_middle_none", lang))
    kept = [c for c in scores.index if by[c] != "exit"]
    paras.append(t("cs_rule_conflict", lang, names=names_list(kept, lang)))
    fragile = sens[sens["fragile"]]
    if len(fragile):
        sep = "、" if lang == "zh" else "; "
        items = [t("cs_fragile_item", lang, name=esc(c), action=t(f"action_{r['action']}", lang),
                   p=r["p_action"]) for c, r in fragile.iterrows()]
        paras.append(t("cs_fragile", lang, p=fragile_below, list=sep.join(items)))
    else:
        paras.append(t("cs_robust", lang, draws=draws, kappa=concentration))
    return "\n\n".join(f"{k}. {p}" if k <= 4 else p for k, p in enumerate(paras, start=1))


_NOTES = {"new channel": "note_new_channel", "signed-safe W": "note_signed_W",
          "signed-safe X": "note_signed_X", "signed-safe Z": "note_signed_Z",
          "levels judged": "note_levels_judged", "levels derived": "note_levels_derived",
          "levels judged (missing: none)": "note_levels_missing",
          "structure not assessed": "note_structure_none"}


def note_text(note: str, lang: str) -> str:
    """A `channel_scores` ``note`` (``;``-separated codes) in the report language.

    Examples
    --------
    >>> note_text("new channel; levels judged", "zh")
    '新渠道；经销商格局按判断'
    """
    if not isinstance(note, str) or not note:
        return ""
    parts = [t(_NOTES[p], lang) if p in _NOTES else p for p in note.split("; ")]
    return ("; " if lang == "en" else "；").join(parts)
