"""The dealer-evaluation narrative and display tables, written from a client's numbers.

Every sentence comes from the message catalogue (this section's ``messages.yaml``);
dealer names pass through `chananalysis.report.formatting.esc` in Markdown, and stay raw
in display tables (`chananalysis.report.formatting.style_table` escapes every cell).
Scorecard, category and indicator names come from the scorecard configuration, so an
edited YAML shows its own names.

Examples
--------
>>> from chananalysis.intake.columns import SHEETS
>>> from chananalysis.sections.dealers.review import review_dealers
>>> kpis = SHEETS["dealer_kpis"].examples()
>>> dealers = SHEETS["dealers"].examples()
>>> print(dealers_text(review_dealers(kpis, dealers), "en").split("\\n\\n")[0])
3 dealers were scored; the average total is 72.0 points, the median 85.0. ★★★★★ 1, ★★★★ 1, \
★★★ 0, ★★ 0, ★ 0, disqualified 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from chananalysis.i18n import (
    has,
    join_items,
    join_sentences,
    labelled,
    notes_text,
    pick,
    t,
)
from chananalysis.intake.columns import SHEETS
from chananalysis.methods.dealers import CENSUS_FIELDS, SPECIALISED_SHARE
from chananalysis.methods.notes import Notes
from chananalysis.methods.scorecard_config import Scorecard
from chananalysis.report.formatting import esc, fmt_pct
from chananalysis.report.money import Money
from chananalysis.sections.dealers.review import DealerReview

__all__ = [
    "MAX_NAMES",
    "big_weak_table",
    "category_labels",
    "census_dealer_table",
    "census_field_table",
    "census_text",
    "column_labels",
    "complaints_text",
    "dealer_label",
    "dealers_text",
    "disqualified_table",
    "field_label",
    "fit_table",
    "fit_text",
    "formatters",
    "indicator_table",
    "league_table",
    "method_text",
    "principles_table",
    "principles_text",
    "role_label",
    "size_text",
    "stars_label",
    "table_kinds",
    "unscored_text",
]

#: Names listed in a sentence before "and n more".
MAX_NAMES = 8


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


def _listing(items: Iterable[str], lang: str) -> str:
    items = list(items)
    shown = join_items(items[:MAX_NAMES], lang)
    if len(items) > MAX_NAMES:
        return t("de_more", lang, names=shown, n=len(items) - MAX_NAMES)
    return shown


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


def unscored_text(review: DealerReview, lang: str) -> str | None:
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
        parts.append(t(key, lang, n=len(rows), items=_listing(items, lang)))
    no_total = s.index[s["total"].isna()]
    if len(no_total):
        parts.append(
            t(
                "de_no_total",
                lang,
                n=len(no_total),
                names=_listing((_who(review, d, lang) for d in no_total), lang),
            )
        )
    return _join(parts, lang) or None


def _who(review: DealerReview, dealer: object, lang: str, *, markdown: bool = True) -> str:
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


def _star_word(review: DealerReview, lang: str) -> str:
    """The band behind the big-but-weak line in words: three-star / 三星."""
    return t(f"de_star_word_{review.weak_stars}", lang)


def size_text(review: DealerReview, lang: str, *, currency: str = "CNY") -> str | None:
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
        n=len(bw),
        a=a,
        line=line,
        stars=_star_word(review, lang),
        names=_listing(items, lang),
    )


def census_text(review: DealerReview, lang: str) -> str | None:
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
    worst = c.by_dealer[c.by_dealer["filled"] < len(CENSUS_FIELDS)]
    if len(worst):
        worst = worst.sort_values("filled", kind="stable").head(5)
        items = [
            t(
                "de_census_worst_item",
                lang,
                name=_who(review, d, lang),
                n=len(CENSUS_FIELDS) - int(worst.at[d, "filled"]),
            )
            for d in worst.index
        ]
        text = _join([text, t("de_census_worst", lang, names=_listing(items, lang))], lang)
    return text


def fit_text(review: DealerReview, lang: str) -> str | None:
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
    return t("de_fit_line", lang, n=len(bad), tol=tol, names=_listing(items, lang))


def complaints_text(review: DealerReview, lang: str) -> str:
    """Who is disqualified by the veto and who lost points for complaints ("" when the
    scorecard has no veto or nothing was scored)."""
    card, lg = review.card, review.league
    if card.veto is None or lg is None:
        return ""
    veto = _veto_phrase(card, lang)
    disq = review.disqualified
    lines = [t(f"de_veto_source_{review.veto_source}", lang, veto=veto)]

    def who_and_count(frame: pd.DataFrame) -> str:
        return _listing(
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
                n=len(disq),
                veto=veto,
                k=card.veto.disqualify_at,
                names=who_and_count(disq),
            )
        )
    else:
        lines.append(t("de_disq_none", lang, veto=veto))
    pen = lg[(lg["penalty"] > 0) & ~lg["disqualified"]]
    if len(pen):
        lines.append(t("de_penalised", lang, n=len(pen), names=who_and_count(pen)))
    return _join(lines, lang)


def dealers_text(review: DealerReview, lang: str, *, currency: str = "CNY") -> str:
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

#: Columns whose headers `column_labels` names explicitly (``de_col_<column>``); any other
#: column's header `style_table` finds itself, under the section's prefix.
_GENERIC = (
    "dealer",
    "provisional",
    "incomplete",
    "name",
    "annual_sales",
    "market_role",
    "rank",
    "bonus",
    "penalty",
    "total",
    "reason",
    "field",
    "filled",
    "missing",
    "share_missing",
    "share",
    "missing_fields",
    "gap",
    "indicator",
    "category",
    "mean",
    "min",
    "max",
    "zero_share",
    "unscored",
    "principle",
    "seed",
    "evidence",
)
_KINDS = {
    "annual_sales": "money",
    "bonus": "number",
    "penalty": "number",
    "total": "number",
    "rank": "int",
    "veto_count": "int",
    "filled": "int",
    "missing": "int",
    "share_missing": "pct",
    "share": "pct",
    "fit_base": "number",
    "fit_development": "number",
    "fit_potential": "number",
    "gap": "number",
    "mean": "number",
    "min": "number",
    "max": "number",
    "zero_share": "pct",
    "unscored": "int",
}


def column_labels(card: Scorecard, lang: str) -> dict[str, str]:
    """Headers for every table of the section: scorecard names for categories and
    indicators, the catalogue for the rest."""
    return {**{c: t(f"de_col_{c}", lang) for c in _GENERIC}, **category_labels(card, lang)}


def table_kinds(card: Scorecard) -> dict[str, str]:
    """Number format of every numeric column the section shows (`formatting.style_table`)."""
    return {**_KINDS, **{c.key: "number" for c in card.categories}}


def formatters(df: pd.DataFrame, lang: str) -> dict:
    """Display translations for the coded columns of ``df`` (stars, roles, flags)."""
    fns = {
        "stars": lambda v: stars_label(v, lang),
        "provisional": lambda v: t("de_provisional_mark", lang) if v is True or v == 1 else "",
        "market_role": lambda v: role_label(v, lang),
        "best_role": lambda v: role_label(v, lang),
        "mismatch": lambda v: "✓" if v is True or v == 1 else "",
    }
    return {c: fn for c, fn in fns.items() if c in df.columns}


def league_table(review: DealerReview) -> pd.DataFrame:
    """The league table as shown: rank, who, size, category profile, total and stars."""
    lg = review.league
    cols = [
        "rank",
        "name",
        "dealer_class",
        "annual_sales",
        *(c.key for c in review.card.categories),
        "bonus",
        "penalty",
        "total",
        "stars",
        *(["provisional"] if lg["provisional"].any() else []),  # type: ignore[index]
    ]
    return lg[[c for c in cols if c in lg.columns]]  # type: ignore[index]


def big_weak_table(review: DealerReview) -> pd.DataFrame:
    """The big-but-weak dealers as shown."""
    bw = review.big_weak
    cols = [
        "name",
        "annual_sales",
        *(c.key for c in review.card.categories),
        "penalty",
        "total",
        "stars",
    ]
    return bw[[c for c in cols if c in bw.columns]]  # type: ignore[index]


def fit_table(review: DealerReview) -> pd.DataFrame:
    """Market-role fit as shown: mismatches first, largest gap first."""
    f = review.fit
    order = (
        f.assign(_m=f["mismatch"].astype(int))
        .sort_values(  # type: ignore[union-attr]
            ["_m", "gap"], ascending=False, kind="stable"
        )
        .index
    )
    cols = [
        "name",
        "market_role",
        "fit_base",
        "fit_development",
        "fit_potential",
        "best_role",
        "gap",
        "mismatch",
    ]
    return f.loc[order, [c for c in cols if c in f.columns]]  # type: ignore[union-attr]


def disqualified_table(review: DealerReview, lang: str) -> pd.DataFrame:
    """Disqualified dealers and why, in the report language.

    Returns
    -------
    pandas.DataFrame
        Index ``dealer``; ``name`` (when known), ``veto_count, penalty, total, reason``.
    """
    d = review.disqualified
    card = review.card
    cols = [
        c for c in ("name", "veto_count", "penalty", "total") if d is not None and c in d.columns
    ]
    if d is None or card.veto is None:
        return pd.DataFrame(columns=cols)
    out = d[cols].copy()
    out["reason"] = [
        reason_text(r, n, card, lang) for r, n in zip(d["reason"], d["veto_count"], strict=True)
    ]
    return out


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


def scorecard_table(review: DealerReview, lang: str) -> pd.DataFrame:
    """The full scorecard as saved for ``tables.xlsx``: every indicator, category and
    result column, with the ``reason`` and ``note`` codes in the report language."""
    s = review.scores
    if s is None:
        return pd.DataFrame()
    out = s.copy()
    out["reason"] = [
        reason_text(r, n, review.card, lang)
        for r, n in zip(s["reason"], s["veto_count"], strict=True)
    ]
    out["note"] = [note_text(n, review.card, lang) for n in s["note"]]
    return out


def census_field_table(review: DealerReview, lang: str) -> pd.DataFrame:
    """Census completeness per field, fields in words, most often missing first."""
    c = review.census
    bf = c.by_field.sort_values("share_missing", ascending=False, kind="stable")  # type: ignore
    out = bf[["filled", "missing", "share_missing"]].copy()
    out.index = pd.Index([field_label(f, lang) for f in bf.index], name="field")
    return out


def census_dealer_table(review: DealerReview, lang: str) -> pd.DataFrame:
    """Dealers with a gap in their census record, fewest fields filled first."""
    c = review.census
    bd = c.by_dealer  # type: ignore[union-attr]
    gaps = bd[bd["filled"] < len(CENSUS_FIELDS)].sort_values("filled", kind="stable")
    out = pd.DataFrame(index=gaps.index)
    lg = review.league
    if lg is not None and "name" in lg.columns:
        out["name"] = lg["name"].reindex(gaps.index)
    out["share"] = gaps["share"]
    out["missing_fields"] = [
        join_items((field_label(f, lang) for f in str(m).split(", ")), lang)
        for m in gaps["missing"]
    ]
    return out


def indicator_table(review: DealerReview, lang: str) -> pd.DataFrame:
    """`indicator_summary` with indicator and category names in the report language."""
    ind = review.indicators
    names = category_labels(review.card, lang)
    out = ind.copy()  # type: ignore[union-attr]
    out["category"] = [names[c] for c in out["category"]]
    out.index = pd.Index([names[k] for k in out.index], name="indicator")
    return out


def _principles(
    review: DealerReview, lang: str, *, markdown: bool, specialised_share: float = SPECIALISED_SHARE
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
            n=len(bw),
            stars=stars,
            line=line,
            names=_listing((f"{name(d)} {_num(bw.at[d, 'total'])}" for d in bw.index), lang),
        )
    rows.append(("de_p_big", ev))

    low = review.low_loyalty
    if low is None:
        ev = t("de_ev_na", lang, what=t("de_what_loyalty", lang))
    elif low.empty:
        ev = t("de_ev_loyal_none", lang, low=f"{review.loyalty_below:g}")
    else:
        names = _listing((f"{name(d)} {low.at[d, 'loyalty']:g}" for d in low.index), lang)
        gap = review.loyalty_gap
        key = (
            "de_ev_loyal_nogap"
            if math.isnan(gap)
            else "de_ev_loyal"
            if gap >= 0
            else "de_ev_loyal_above"
        )
        ev = t(
            key, lang, n=len(low), low=f"{review.loyalty_below:g}", names=names, gap=_num(abs(gap))
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
                names=_listing(
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
            else t("de_ev_role", lang, n=len(bad), names=_listing(items, lang))
        )
    rows.append(("de_p_role", ev))
    return rows


def principles_table(review: DealerReview, lang: str) -> pd.DataFrame:
    """The seed's selection principles beside what this client's data shows.

    Returns
    -------
    pandas.DataFrame
        Index ``principle``; ``seed`` (what seed 002 says) and ``evidence`` (this client),
        plain text (for `formatting.style_table` or tables.xlsx).
    """
    rows = _principles(review, lang, markdown=False)
    return pd.DataFrame(
        {"seed": [t(f"{k}_seed", lang) for k, _ in rows], "evidence": [ev for _, ev in rows]},
        index=pd.Index([t(k, lang) for k, _ in rows], name="principle"),
    )


def principles_text(review: DealerReview, lang: str) -> str:
    """The principles as a Markdown list: each in bold with the seed's words, and under it
    what this client's data shows (dealer names escaped).

    Examples
    --------
    >>> from chananalysis.sections.dealers.review import review_dealers
    >>> print(principles_text(review_dealers(None, None), "en").splitlines()[1])
        - Not assessed (no dealer sales or star scores).
    """
    lines = []
    for key, ev in _principles(review, lang, markdown=True):
        lines.append("- " + labelled(f"**{t(key, lang)}**", f"“{t(f'{key}_seed', lang)}”", lang))
        lines.append(f"    - {ev}")
    return "\n".join(lines)
