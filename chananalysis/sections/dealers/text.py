"""The dealer-evaluation narrative and its words (stars, roles, fields, reasons, notes),
written from a client's numbers; its tables are in `chananalysis.sections.dealers.tables`.

Every sentence comes from the message catalogue (this section's ``messages.yaml``);
dealer names pass through `chananalysis.display.formatting.esc` in Markdown.
Scorecard, category and indicator names come from the scorecard configuration, so an
edited YAML shows its own names.

Examples
--------
>>> from chananalysis.intake.columns import SHEETS
>>> from chananalysis.sections.dealers.review import review_dealers
>>> kpis = SHEETS["dealer_kpis"].examples()
>>> dealers = SHEETS["dealers"].examples()
>>> print(summary_text(review_dealers(kpis, dealers), "en").split("\\n\\n")[0])
3 dealers were scored; the average total is 72.0 points, the median 85.0. ★★★★★ 1, ★★★★ 1, \
★★★ 0, ★★ 0, ★ 0, disqualified 1.
"""

from __future__ import annotations

import math

import pandas as pd

from chananalysis.display.formatting import esc, fmt_pct
from chananalysis.display.money import Money
from chananalysis.i18n import (
    count_text,
    has,
    join_items,
    join_sentences,
    labelled,
    listing,
    notes_text,
    pick,
    t,
)
from chananalysis.intake.columns import SHEETS
from chananalysis.methods.dealers import SPECIALISED_SHARE, dealer_columns
from chananalysis.methods.notes import Notes
from chananalysis.methods.scorecard_config import Scorecard
from chananalysis.sections.dealers.review import DealersReview

__all__ = [
    "category_labels",
    "census_text",
    "complaints_text",
    "dealer_label",
    "field_label",
    "fit_text",
    "method_text",
    "note_text",
    "principle_rows",
    "principles_text",
    "reason_text",
    "role_label",
    "size_text",
    "stars_label",
    "summary_text",
    "unscored_text",
]


# --- single values ---------------------------------------------------------------------


def stars_label(stars: object, lang: str) -> str:
    """★ repeated, the word for disqualified at 0, ``–`` when missing.

    Examples
    --------
    >>> stars_label(4, "en"), stars_label(0, "zh"), stars_label(pd.NA, "en")
    ('★★★★', '取消资格', '–')
    """
    if stars is None or stars is pd.NA or (isinstance(stars, float) and math.isnan(stars)):
        return "–"
    n = int(stars)  # type: ignore[call-overload]
    return t("de_disq_short", lang) if n == 0 else "★" * n


def role_label(role: object, lang: str) -> str:
    """A market role key in words (``base`` → 基地市场); ``–`` when missing."""
    if not isinstance(role, str) or not has(f"de_role_{role}"):
        return "–"
    return t(f"de_role_{role}", lang)


def field_label(field: str, lang: str) -> str:
    """A census field in words (``warehouse_m2`` → 仓储面积 / warehouse)."""
    if has(f"de_field_{field}"):
        return t(f"de_field_{field}", lang)
    col = SHEETS["dealers"].column(field)
    return pick(lang, zh=col.zh, en=col.en_doc.lower())


def _num(v: float) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.1f}"


def dealer_label(dealer: object, name: object, lang: str, *, markdown: bool = True) -> str:
    """``id name``, escaped for Markdown unless ``markdown`` is false.

    Examples
    --------
    >>> dealer_label("D1", "*甲*", "en")
    'D1 \\\\*甲\\\\*'
    >>> dealer_label("D1", None, "zh", markdown=False)
    'D1'
    """
    missing = name is None or (not isinstance(name, str) and pd.isna(name))
    text = str(dealer) if missing else f"{dealer} {name}"
    return esc(text) if markdown else text


def _join(parts: list[str], lang: str) -> str:
    return join_sentences((p for p in parts if p), lang)


# --- the method -----------------------------------------------------------------------------


def category_labels(card: Scorecard, lang: str) -> dict[str, str]:
    """Table headers for the category and indicator columns, from the scorecard."""
    out = {c.key: c.name(lang) for c in card.categories}
    out.update({i.key: i.name(lang) for i in card.indicators})
    return out


def method_text(card: Scorecard, lang: str) -> str:
    """One paragraph: the scorecard used, its weights and star bands.

    Examples
    --------
    >>> from chananalysis.methods.scorecard_config import load_scorecard
    >>> print(method_text(load_scorecard(), "zh"))  # doctest: +ELLIPSIS
    评分依据《星级经销商评估体系》：销售成长 30、渠道建设 25、市场推广 10、市场服务 15、\
品牌建设 10、营销管理 10；总分 = ...星级：★★★★★ ≥ 90、★★★★ ≥ 80、★★★ ≥ 70、★★ ≥ 60、\
★ < 60。...
    """
    weights = join_items(
        (
            t("de_weight_item", lang, name=esc(c.name(lang)), weight=f"{c.weight:g}")
            for c in card.categories
        ),
        lang,
    )
    bands = []
    for b in card.stars:
        if b.lower is not None:
            bands.append(t("de_band_item", lang, stars="★" * b.stars, floor=f"{b.lower:g}"))
        else:
            bands.append(t("de_band_lowest", lang, stars="★" * b.stars, ceiling=f"{b.upper:g}"))
    return t(
        "de_method", lang, name=esc(card.name(lang)), weights=weights, bands=join_items(bands, lang)
    )


def unscored_text(review: DealersReview, lang: str) -> str | None:
    """Which dealers have indicators that could not be scored, or ``None``."""
    s = review.scores
    if s is None:
        return None
    keys = [i.key for i in review.card.indicators]
    names = category_labels(review.card, lang)
    rows = s.index[s["incomplete"].to_numpy(bool)]
    parts = []
    if len(rows):
        items = []
        for d in rows:  # the indicators its note names: not_scored_zero:<key>, …_blank:<key>
            note = s.at[d, "note"]  # Notes; NaN when there is none
            pairs = note if isinstance(note, Notes) else ()
            gone = {arg for code, arg in pairs if code.startswith("not_scored_")}
            inds = join_items((esc(names[k]) for k in keys if k in gone), lang)
            items.append(t("de_unscored_item", lang, dealer=_who(review, d, lang), indicators=inds))
        key = "de_unscored_zero" if review.unscored == "zero" else "de_unscored"
        parts.append(
            t(key, lang, n=count_text(len(rows), "dealer", lang), items=listing(items, lang))
        )
    no_total = s.index[s["total"].isna()]
    if len(no_total):
        parts.append(
            t(
                "de_no_total",
                lang,
                n=count_text(len(no_total), "dealer", lang),
                names=listing((_who(review, d, lang) for d in no_total), lang),
            )
        )
    return _join(parts, lang) or None


def _who(review: DealersReview, dealer: object, lang: str, *, markdown: bool = True) -> str:
    """A dealer as the text names it: ``id name`` (the name from the dealers sheet)."""
    name = review.names.get(dealer) if review.names is not None else None
    return dealer_label(dealer, name, lang, markdown=markdown)


# --- the findings ---------------------------------------------------------------------------


def _distribution(scores: pd.DataFrame, card: Scorecard, lang: str) -> str:
    counts = scores["stars"].value_counts(dropna=True)
    items = [
        t("de_dist_item", lang, stars="★" * b.stars, n=int(counts.get(b.stars, 0)))
        for b in card.stars
    ]
    if counts.get(0, 0):
        items.append(t("de_dist_disq", lang, n=int(counts.get(0, 0))))
    return join_items(items, lang)


def _veto_phrase(card: Scorecard, lang: str, *, markdown: bool = True) -> str:
    """The veto indicator's name inside a sentence (lower case in English)."""
    if card.veto is None:
        return ""
    name = card.veto.name(lang)
    name = pick(lang, zh=name, en=name.lower())
    return esc(name) if markdown else name


def _star_word(review: DealersReview, lang: str) -> str:
    """The band behind the big-but-weak line in words: three-star / 三星."""
    return t(f"de_star_word_{review.weak_stars}", lang)


def size_text(review: DealersReview, lang: str, *, currency: str = "CNY") -> str | None:
    """The "大未必美" sentence: class-A dealers below the floor of the ``weak_stars`` band
    (``None`` when it cannot be assessed)."""
    bw = review.big_weak
    if bw is None:
        return None
    money = Money(lang, esc(currency))
    a = money(review.class_a)
    line = f"{review.weak_below:g}"
    if bw.empty:
        return t("de_big_weak_none", lang, a=a, line=line, stars=_star_word(review, lang))
    items = [
        t(
            "de_big_weak_item",
            lang,
            name=_who(review, d, lang),
            sales=money(bw.at[d, "annual_sales"]),
            total=_num(bw.at[d, "total"]),
        )
        for d in bw.index
    ]
    return t(
        "de_big_weak_line",
        lang,
        n=count_text(len(bw), "class_a_dealer", lang),
        a=a,
        line=line,
        stars=_star_word(review, lang),
        names=listing(items, lang),
    )


def census_text(review: DealersReview, lang: str) -> str | None:
    """Completeness of the census and the fields most often missing."""
    c = review.census
    if c is None:
        return None
    gaps = c.by_field[c.by_field["missing"] > 0].sort_values(
        "share_missing", ascending=False, kind="stable"
    )
    if gaps.empty:
        return t(
            "de_census_line", lang, overall=fmt_pct(c.overall, 0), gaps=t("de_census_none", lang)
        )
    listed = t("de_census_sep", lang).join(
        t("de_census_gap", lang, share=fmt_pct(r.share_missing, 0), field=field_label(f, lang))
        for f, r in gaps.iterrows()
    )
    text = t(
        "de_census_line",
        lang,
        overall=fmt_pct(c.overall, 0),
        gaps=listed,
    )
    worst = c.by_dealer[c.by_dealer["filled"] < len(dealer_columns("census"))]
    if len(worst):
        worst = worst.sort_values("filled", kind="stable").head(5)
        items = [
            t(
                "de_census_worst_item",
                lang,
                name=_who(review, d, lang),
                n=len(dealer_columns("census")) - int(worst.at[d, "filled"]),
            )
            for d in worst.index
        ]
        text = _join([text, t("de_census_worst", lang, names=listing(items, lang))], lang)
    return text


def fit_text(review: DealersReview, lang: str) -> str | None:
    """Dealers whose market's role is not their best fit."""
    f = review.fit
    if f is None:
        return None
    tol = f"{review.fit_tolerance:g}"
    bad = f[f["mismatch"]].sort_values("gap", ascending=False, kind="stable")
    if bad.empty:
        return t("de_fit_none", lang, tol=tol)
    items = [
        t(
            "de_fit_item",
            lang,
            name=_who(review, d, lang),
            role=role_label(bad.at[d, "market_role"], lang),
            best=role_label(bad.at[d, "best_role"], lang),
            gap=_num(bad.at[d, "gap"]),
        )
        for d in bad.index
    ]
    return t(
        "de_fit_line",
        lang,
        n=count_text(len(bad), "dealer", lang),
        tol=tol,
        names=listing(items, lang),
    )


def complaints_text(review: DealersReview, lang: str) -> str:
    """Who is disqualified by the veto and who lost points for complaints ("" when the
    scorecard has no veto or nothing was scored)."""
    card, lg = review.card, review.league
    if card.veto is None or lg is None:
        return ""
    veto = _veto_phrase(card, lang)
    disq = review.disqualified
    lines = [t(f"de_veto_source_{review.veto_source}", lang, veto=veto)]

    def who_and_count(frame: pd.DataFrame) -> str:
        return listing(
            (
                t(
                    "de_complaints_item",
                    lang,
                    name=_who(review, d, lang),
                    n=int(frame.at[d, "veto_count"]),
                )
                for d in frame.index
            ),
            lang,
        )

    if disq is not None and len(disq):
        lines.append(
            t(
                "de_disq_line",
                lang,
                n=count_text(len(disq), "dealer", lang),
                veto=veto,
                k=card.veto.disqualify_at,
                names=who_and_count(disq),
            )
        )
    else:
        lines.append(t("de_disq_none", lang, veto=veto))
    pen = lg[(lg["penalty"] > 0) & ~lg["disqualified"]]
    if len(pen):
        lines.append(
            t(
                "de_penalised",
                lang,
                n=count_text(len(pen), "dealer", lang),
                names=who_and_count(pen),
            )
        )
    return _join(lines, lang)


def summary_text(review: DealersReview, lang: str, *, currency: str = "CNY") -> str:
    """The section's narrative: star distribution, best and worst, weakest category,
    disqualifications and penalties, big-but-weak dealers, census gaps, role fit.

    Parameters
    ----------
    review
        From `chananalysis.sections.dealers.review.review_dealers`.
    lang
        ``"zh"`` or ``"en"``.
    currency
        Unit shown after amounts.
    """
    paras: list[str] = []
    s, card = review.scores, review.card
    if s is not None and len(s):
        paras.append(
            t(
                "de_intro",
                lang,
                n=len(s),
                mean=_num(s["total"].mean()),
                median=_num(s["total"].median()),
                distribution=_distribution(s, card, lang),
            )
        )
        lg = review.league
        ranked = lg.dropna(subset=["total"]).sort_values("total", ascending=False, kind="stable")
        lines = []
        if len(ranked) >= 2:
            top, bottom = ranked.index[0], ranked.index[-1]
            lines.append(
                t(
                    "de_top_bottom",
                    lang,
                    top=_who(review, top, lang),
                    top_total=_num(ranked.at[top, "total"]),
                    bottom=_who(review, bottom, lang),
                    bottom_total=_num(ranked.at[bottom, "total"]),
                )
            )
        means = s[[c.key for c in card.categories]].mean()
        if means.notna().sum() >= 2:
            names = {c.key: esc(c.name(lang)) for c in card.categories}
            low, high = means.idxmin(), means.idxmax()
            lines.append(
                t(
                    "de_categories",
                    lang,
                    n=len(card.categories),
                    low=names[low],
                    low_score=_num(means[low]),
                    high=names[high],
                    high_score=_num(means[high]),
                )
            )
        paras.append(_join(lines, lang))
        paras.append(complaints_text(review, lang))
    for extra in (
        size_text(review, lang, currency=currency),
        census_text(review, lang),
        fit_text(review, lang),
    ):
        if extra:
            paras.append(extra)
    return "\n\n".join(p for p in paras if p)


# --- display tables (raw text: style_table escapes) ------------------------------------------


def note_text(note: object, card: Scorecard, lang: str) -> str:
    """A `star_scorecard` ``note`` (a `chananalysis.methods.notes.Notes`) in words,
    naming the indicators and inputs.

    Examples
    --------
    >>> from chananalysis.methods.notes import Notes
    >>> from chananalysis.methods.scorecard_config import load_scorecard
    >>> card = load_scorecard()
    >>> note_text(Notes([("not_scored_zero", "task_achievement")]), card, "en")
    'Task achievement not scored: contracted sales target is 0'
    >>> note = Notes([("veto_blank", "diversion_complaints"),
    ...               ("not_scored_blank", "vehicle_count")])
    >>> note_text(note, card, "zh")
    '窜货、砸价投诉次数为空：未扣分；车辆数量未计分：缺少车辆数量达标'
    """
    indicators = {i.key: i for i in card.indicators}

    def word(code: str, arg: str, lang: str) -> str:
        ind = indicators.get(arg)
        name = ind.name(lang) if ind is not None else arg
        if code == "not_scored_zero":
            denominator = _kpi_word(ind.denominator, lang) if ind is not None else "–"
            return t("de_note_not_scored_zero", lang, indicator=name, denominator=denominator)
        if code == "not_scored_blank":
            inputs = join_items((_kpi_word(c, lang) for c in ind.inputs), lang) if ind else "–"
            return t("de_note_not_scored_blank", lang, indicator=name, inputs=inputs)
        if code == "veto_blank":
            return t("de_note_veto_blank", lang, veto=_veto_phrase(card, lang, markdown=False))
        return code if not arg else f"{code}:{arg}"  # a code not known yet: shown, not dropped

    return notes_text(note, lang, word, clauses=True)


def _kpi_word(column: str, lang: str) -> str:
    """A ``dealer_kpis`` column in words (``contract_sales`` → 合同销售额)."""
    col = SHEETS["dealer_kpis"].column(column)
    return pick(lang, zh=col.zh, en=col.en_doc.lower())


def reason_text(reason: object, veto_count: object, card: Scorecard, lang: str) -> str:
    """A `star_scorecard` ``reason`` code in words (``""`` when there is none).

    Examples
    --------
    >>> from chananalysis.methods.scorecard_config import load_scorecard
    >>> reason_text("veto", 4, load_scorecard(), "zh")
    '窜货、砸价投诉次数 4 次（≥ 3 次取消资格）'
    """
    if reason != "veto" or card.veto is None:
        return ""
    veto = _veto_phrase(card, lang, markdown=False)
    return t("de_reason", lang, veto=veto, n=int(veto_count), k=card.veto.disqualify_at)


def principle_rows(
    review: DealersReview,
    lang: str,
    *,
    markdown: bool,
    specialised_share: float = SPECIALISED_SHARE,
) -> list[tuple[str, str]]:
    """(principle key, evidence) for the four selection principles of seed 002 §一."""

    def name(d: object) -> str:
        return _who(review, d, lang, markdown=markdown)

    rows = []
    bw = review.big_weak
    stars, line = _star_word(review, lang), f"{review.weak_below:g}"
    if bw is None:
        ev = t("de_ev_na", lang, what=t("de_what_classes", lang))
    elif bw.empty:
        ev = t("de_ev_big_none", lang, stars=stars, line=line)
    else:
        ev = t(
            "de_ev_big",
            lang,
            n=count_text(len(bw), "class_a_dealer", lang),
            stars=stars,
            line=line,
            names=listing((f"{name(d)} {_num(bw.at[d, 'total'])}" for d in bw.index), lang),
        )
    rows.append(("de_p_big", ev))

    low = review.low_loyalty
    if low is None:
        ev = t("de_ev_na", lang, what=t("de_what_loyalty", lang))
    elif low.empty:
        ev = t("de_ev_loyal_none", lang, low=f"{review.loyalty_below:g}")
    else:
        names = listing((f"{name(d)} {low.at[d, 'loyalty']:g}" for d in low.index), lang)
        gap = review.loyalty_gap
        key = (
            "de_ev_loyal_nogap"
            if math.isnan(gap)
            else "de_ev_loyal"
            if gap >= 0
            else "de_ev_loyal_above"
        )
        ev = t(
            key,
            lang,
            n=count_text(len(low), "dealer", lang),
            low=f"{review.loyalty_below:g}",
            names=names,
            gap=_num(abs(gap)),
        )
    rows.append(("de_p_loyal", ev))

    sp = review.specialisation
    if sp is None:
        ev = t("de_ev_na", lang, what=t("de_what_channels", lang))
    else:
        broad = sp[~sp["specialised"]].sort_values("main_share", kind="stable")
        share = fmt_pct(specialised_share, 0)
        ev = (
            t("de_ev_special_all", lang, n=len(sp), share=share)
            if broad.empty
            else t(
                "de_ev_special",
                lang,
                spec=int(sp["specialised"].sum()),
                n=len(sp),
                share=share,
                m=len(broad),
                names=listing(
                    (f"{name(d)} {fmt_pct(broad.at[d, 'main_share'], 0)}" for d in broad.index),
                    lang,
                ),
            )
        )
    rows.append(("de_p_special", ev))

    f = review.fit
    if f is None:
        ev = t("de_ev_na", lang, what=t("de_what_fit", lang))
    else:
        bad = f[f["mismatch"]].sort_values("gap", ascending=False, kind="stable")
        items = (f"{name(d)} → {role_label(bad.at[d, 'best_role'], lang)}" for d in bad.index)
        ev = (
            t("de_ev_role_none", lang)
            if bad.empty
            else t(
                "de_ev_role",
                lang,
                n=count_text(len(bad), "dealer", lang),
                names=listing(items, lang),
            )
        )
    rows.append(("de_p_role", ev))
    return rows


def principles_text(review: DealersReview, lang: str) -> str:
    """The principles as a Markdown list: each in bold with the seed's words, and under it
    what this client's data shows (dealer names escaped).

    Examples
    --------
    >>> from chananalysis.sections.dealers.review import review_dealers
    >>> print(principles_text(review_dealers(None, None), "en").splitlines()[1])
        - Not assessed (no dealer sales or star scores).
    """
    lines = []
    for key, ev in principle_rows(review, lang, markdown=True):
        lines.append("- " + labelled(f"**{t(key, lang)}**", f"“{t(f'{key}_seed', lang)}”", lang))
        lines.append(f"    - {ev}")
    return "\n".join(lines)
