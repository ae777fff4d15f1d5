"""Numbers and client text as they appear in the report: separators, units, escaping.

Client-supplied text (client, channel and dealer names) is data: `esc` makes it safe in
HTML and in Markdown, `label` makes it safe in a matplotlib label (``$`` would start
mathtext), and `style_table` escapes every cell.

Examples
--------
>>> fmt_amount(12345678.9)
'12,345,679'
>>> fmt_pct(0.1234)
'12.3%'
>>> esc("<script>alert(1)</script> *KA*")
'&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\*KA\\\\*'
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chananalysis.display.money import Money, Unit, nowrap
from chananalysis.i18n import has, join_items, t

__all__ = [
    "column_header",
    "esc",
    "fmt_amount",
    "fmt_bool",
    "fmt_pct",
    "fmt_rank",
    "label",
    "names_list",
    "style_table",
]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def esc(text: object) -> str:
    """Client text made safe for Markdown rendered to HTML: every Markdown control
    character backslash-escaped, then ``&``, ``<`` and ``>`` HTML-escaped.

    Examples
    --------
    >>> esc("O'Brien & Sons")
    "O'Brien &amp; Sons"
    """
    # Markdown first, then HTML: escaping "'" to &#x27; first would get its "#" escaped
    return html.escape(_MD_SPECIAL.sub(r"\\\1", str(text)), quote=False)


def label(text: object) -> str:
    """Client text made safe as a matplotlib label (no mathtext from ``$``)."""
    return str(text).replace("$", r"\$")


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def fmt_amount(v: object, digits: int = 0) -> str:
    """An amount with thousands separators; ``–`` when missing."""
    return "–" if _missing(v) else f"{float(v):,.{digits}f}"


def fmt_pct(v: object, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage (0.123 → 12.3%); ``–`` when missing."""
    if _missing(v):
        return "–"
    return f"{float(v):+.{digits}%}" if signed else f"{float(v):.{digits}%}"


def _is_bool(v: object) -> bool:
    """True for a yes/no value: a Python or NumPy boolean (not 0 or 1)."""
    return isinstance(v, (bool, np.bool_))


def fmt_bool(v: object, lang: str) -> str:
    """A yes/no value as the report writes it: 是/否 in Chinese, Yes/No in English; ``–``
    when missing.

    Every boolean cell of a report table (`style_table`) and of ``tables.xlsx`` is
    written so, whatever its column: never ``True``/``False`` or ``TRUE``/``FALSE``.

    Parameters
    ----------
    v
        The value (a Python or NumPy boolean; anything else counts by its truth).
    lang
        Report language.

    Returns
    -------
    str
        The catalogue's ``cell_yes`` or ``cell_no`` in ``lang``.

    References
    ----------
    Issue 25, point 3: a Chinese workbook writes 是/否.

    Examples
    --------
    >>> fmt_bool(True, "zh"), fmt_bool(np.False_, "zh"), fmt_bool(True, "en")
    ('是', '否', 'Yes')
    >>> fmt_bool(None, "en")
    '–'
    """
    return "–" if _missing(v) else t("cell_yes" if v else "cell_no", lang)


def _whole(v: object) -> int:
    """A count or a rank as an integer: exact for integers, rounded for floats (a count
    column that became float through a missing value)."""
    return int(v) if isinstance(v, (int, np.integer)) else round(float(v))


def fmt_rank(v: object) -> str:
    """A rank, or a statistic of ranks (a median, a percentile): a whole number without
    decimals (``2``), one between two ranks with one (``2.5``); ``–`` when missing.

    Parameters
    ----------
    v
        The rank.

    Returns
    -------
    str
        The rank as the report writes it.

    References
    ----------
    Issue 25, point 5: integers for ranks and counts.

    Examples
    --------
    >>> fmt_rank(2.0), fmt_rank(2.5), fmt_rank(1.96), fmt_rank(float("nan"))
    ('2', '2.5', '2', '–')
    """
    if _missing(v):
        return "–"
    text = f"{float(v):,.1f}"
    return text.removesuffix(".0")


_FORMATTERS = {
    "amount": lambda v: fmt_amount(v),
    "amount2": lambda v: fmt_amount(v, 2),
    "pct": lambda v: fmt_pct(v),
    "pct_signed": lambda v: fmt_pct(v, signed=True),
    "number": lambda v: "–" if _missing(v) else f"{float(v):,.1f}",
    "int": lambda v: "–" if _missing(v) else f"{_whole(v):,d}",
    "rank": fmt_rank,
    "text": lambda v: "–" if _missing(v) else str(v),
    "date": lambda v: "–" if _missing(v) else pd.Timestamp(v).strftime("%Y-%m-%d"),
}


def style_table(
    df: pd.DataFrame,
    kinds: Mapping[str, str],
    lang: str,
    labels: Mapping[str, str] | None = None,
    *,
    prefix: str = "",
    money: Money | None = None,
    units: Mapping[str, Unit] | None = None,
    uuid: str | None = None,
):
    """A pandas Styler for the report: formats per column, translated headers, every
    cell HTML-escaped.

    Parameters
    ----------
    df
        The result table (index = row labels, e.g. channel names).
    kinds
        Column -> ``money``, ``amount``, ``amount2``, ``pct``, ``pct_signed``, ``number``,
        ``int`` (counts, ranks: no decimals), ``rank`` (a statistic of ranks: no decimals
        when whole, `fmt_rank`), ``date`` or ``text``; columns not named are shown as
        text. A ``money`` column is shown in one unit for all its rows (万元, CNY m …),
        named in its header. Whatever its kind, a boolean cell reads 是/否 or Yes/No
        (`fmt_bool`).
    lang
        Header language; header ``col`` is the catalogue's ``<prefix>_col_<col>`` (the
        section's own header) or else ``col_<col>`` (an intake column's).
    labels
        Explicit header overrides.
    prefix
        The section's message-key prefix (`chananalysis.sections.registry.SectionInfo.prefix`).
    money
        The report's money formatter (default: ``lang`` and CNY).
    units
        A money column's unit when it is decided elsewhere (a long table shows some rows
        in the unit of all of them); by default each column's own.
    uuid
        The table's id in the page (``T_<uuid>``); by default a hash of what it shows,
        so the same data gives the same HTML run after run (pandas draws a random one).

    Examples
    --------
    >>> rows = pd.Index(["KA", "餐饮"], name="channel")
    >>> df = pd.DataFrame({"sales": [91_400_000.0, 3_456.0]}, index=rows)
    >>> styled = style_table(df, {"sales": "money"}, "zh")
    >>> styled.data.columns.tolist(), styled.data["销售额（万元）"].tolist()
    (['渠道', '销售额（万元）'], ['9,140.0', '0.3'])
    """
    labels = dict(labels or {})
    money = money or Money(lang)
    shown = df.reset_index() if df.index.name else df.copy()  # row labels are a column
    kinds = {**{c: "text" for c in shown.columns if c not in df.columns}, **kinds}
    units = {
        c: (units or {}).get(c) or money.unit(shown[c])
        for c in shown.columns
        if kinds.get(c) == "money"
    }
    for col in shown.columns:
        fmt = units[col].number if col in units else _FORMATTERS[kinds.get(col, "text")]
        shown[col] = [fmt_bool(v, lang) if _is_bool(v) else fmt(v) for v in shown[col]]
        if kinds.get(col, "text") == "text":  # "CNY 3.58 m" in a sentence stays on one line
            shown[col] = [nowrap(v) for v in shown[col]]
    header = {c: labels.get(c) or column_header(c, lang, prefix=prefix) for c in shown.columns}
    header = {c: money.header(h, units[c]) if c in units else h for c, h in header.items()}
    taken = [h for h in header.values()]
    header = {  # two columns worded alike keep their keys, so the table stays readable
        c: f"{h} ({c})" if taken.count(h) > 1 else h for c, h in header.items()
    }
    numeric = [header[c] for c in shown.columns if kinds.get(c, "text") != "text"]
    wordy = [  # names and sentences: never squeezed to a character or two per line
        header[c]
        for c in shown.columns
        if kinds.get(c, "text") == "text" and max(map(_text_width, shown[c]), default=0) > TEXT_WIDE
    ]
    shown = shown.rename(columns=header)
    if uuid is None:
        digest = hashlib.sha1(prefix.encode())
        digest.update(pd.util.hash_pandas_object(shown, index=False).to_numpy().tobytes())
        digest.update("\x1f".join(map(str, shown.columns)).encode())
        uuid = digest.hexdigest()[:10]
    styler = shown.style.format(escape="html").format_index(escape="html", axis=1)
    styler = styler.set_uuid(re.sub(r"[^0-9A-Za-z_]", "_", uuid))
    styler = styler.hide(axis="index")
    styler = styler.set_table_attributes('class="ca-table"')
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right"})
    if wordy:
        styler = styler.set_properties(subset=wordy, **{"min-width": TEXT_MIN_WIDTH})
    return styler


#: A text column whose longest cell is wider than this (CJK characters count two) is
#: never narrower than `TEXT_MIN_WIDTH` (a wide table printed at 7 pt squeezed dealer
#: names to three characters a line).
TEXT_WIDE = 12
TEXT_MIN_WIDTH = "6em"


def _text_width(v: object) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(v))


def column_header(col: object, lang: str, *, prefix: str = "") -> str:
    """A table header in ``lang``: the section's ``<prefix>_col_<col>``, else the intake
    column's ``col_<col>``, else the name itself.

    Examples
    --------
    >>> column_header("W", "zh", prefix="cs"), column_header("sales", "en")
    ('销售能力 W', 'Sales')
    >>> column_header("x", "en")
    'x'
    """
    for key in (f"{prefix}_col_{col}" if prefix else None, f"col_{col}"):
        if key and has(key):
            return t(key, lang)
    return str(col)


def names_list(names, lang: str) -> str:
    """Escaped names joined the way each language lists them."""
    names = list(names)
    return join_items((esc(n) for n in names), lang) if names else t("none_word", lang)
