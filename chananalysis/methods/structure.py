"""Channel structure — length (长度结构), width (宽度结构) and the transaction economy of
intermediaries (docs/method.md §3.1, seed 003).

Length (computed by `chananalysis.methods.portfolio.channel_length`) counts the
intermediary levels between maker and consumer: none is a direct
channel (直接渠道), one a short channel (短渠道), two or more a long channel (长渠道).
Width counts the intermediaries of the same kind on one level in one territory: one is
exclusive distribution (独家分销), a few selective (选择性分销), many intensive (密集分销).
`WIDTH_FITS` and `LENGTH_FITS` carry the textbook's guidance on which products suit
which structure, as codes the report words.

Examples
--------
>>> transaction_economy(3, 10)[["direct", "intermediated", "saved"]]
direct           30.0
intermediated    13.0
saved            17.0
dtype: float64
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import as_table, blank_cells, dates, need_columns, text, where

__all__ = [
    "DEFAULT_SELECTIVE_MAX",
    "LENGTHS",
    "LENGTH_FITS",
    "WIDTHS",
    "WIDTH_FITS",
    "authorised_on",
    "distribution_width",
    "transaction_economy",
]

#: Channel lengths, shortest first: 0 levels, 1 level, 2 or more levels (seed 003).
LENGTHS = ("direct", "short", "long")
#: Distribution widths, narrowest first: 1 intermediary, 2 … selective_max, more (seed 003).
WIDTHS = ("exclusive", "selective", "intensive")
#: Most dealers in a territory for "selective" distribution; more is intensive.
DEFAULT_SELECTIVE_MAX = 5

#: What each width suits, as the seed 003 puts it (codes; the report words them):
#: intensive — 消费品中的便利品 (convenience goods); selective — 选购品、大件耐用消费品,
#: 如冰箱、彩电 (shopping goods, large consumer durables); exclusive — 专业性强, 生产批量小
#: 的产品: 钢琴、新特效药、精密仪器 (specialist products made in small batches).
WIDTH_FITS: dict[str, tuple[str, ...]] = {
    "intensive": ("convenience_goods",),
    "selective": ("shopping_goods", "durables"),
    "exclusive": ("specialty", "small_batch"),
}
#: What each length suits, as seed 003 puts it (codes; the report words them):
#: long — 销量大、销售范围广的产品, 保质期较长的日用品 (high volume sold over a wide area;
#: everyday goods with a long shelf life); short — 产业用品, 鲜活的、保质期较短的产品,
#: 需要大量、专业性售后服务的产品 (industrial goods, perishables, products needing much
#: specialist after-sales service); direct — 产业市场中的工业品, 直销企业 (industrial goods;
#: direct-selling firms such as 戴尔、安利).
LENGTH_FITS: dict[str, tuple[str, ...]] = {
    "long": ("volume_wide", "long_shelf_life"),
    "short": ("industrial", "perishable", "service_heavy"),
    "direct": ("industrial", "direct_selling"),
}

_DT = "datetime64[us]"


def _by(by: str | Sequence[str]) -> tuple[str, ...]:
    out = (by,) if isinstance(by, str) else tuple(by) if isinstance(by, Sequence) else ()
    if (
        not out
        or not all(isinstance(c, str) and c for c in out)
        or len(set(out)) != len(out)
        or "dealer" in out
    ):
        raise InputDataError(
            f"by: expected one or more distinct column names other than dealer, e.g. "
            f'("territory",) or ("territory", "product_line"); got {by!r}'
        )
    return out


def distribution_width(
    members: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("territory",),
    selective_max: int = DEFAULT_SELECTIVE_MAX,
) -> pd.DataFrame:
    """Count the intermediaries per group and classify the distribution width (宽度结构).

    Parameters
    ----------
    members
        One row per member and group: a ``dealer`` column and the ``by`` columns — the
        ``dealers`` sheet (by territory), or the authorisations in force on a day (see
        `authorised_on`; by territory and product line). A level column may be one of
        the ``by`` columns, since width is counted per level.
    by
        Keyword only: the column or columns that form a group (default
        ``("territory",)``).
    selective_max
        Keyword only: the most intermediaries that still count as selective
        distribution; a whole number ≥ 2 (default 5, docs/method.md §3.1).

    Returns
    -------
    pandas.DataFrame
        Index: the ``by`` columns (a MultiIndex when several), sorted. Columns
        ``dealers`` (int64: distinct dealers in the group), ``width`` (``"exclusive"``,
        ``"selective"`` or ``"intensive"``) and ``members`` (the distinct dealer ids,
        sorted, joined by ``"; "``). ``attrs["unplaced"]`` (int): the rows left out
        because a ``by`` value was blank.

    Raises
    ------
    InputDataError
        Not a table; a missing column (all missing ones listed); ``by`` not one or more
        distinct column names other than ``dealer``; ``selective_max`` not a whole
        number ≥ 2; a blank dealer id (the message names the row as Excel shows it for a
        sheet from `load_client`, else by its index label).

    Notes
    -----
    n = number of distinct dealers in the group; width = exclusive if n = 1, selective if
    2 ≤ n ≤ selective_max, intensive if n > selective_max. Text is compared after
    trimming spaces; a dealer listed twice in one group (two product lines, say) counts
    once.

    **Decision (selective_max = 5):** seed 003 says selective distribution picks "几家"
    (a few) intermediaries without a number; docs/method.md §3.1 sets 5.

    **Decision (blank groups):** a row whose group value is blank (a dealer without a
    territory) belongs to no group; it is counted in ``attrs["unplaced"]`` rather than
    forming a group of its own.

    References
    ----------
    Seed 003, 宽渠道与窄渠道: 密集分销, 选择性分销, 独家分销 ("渠道的宽窄是根据每一个中间
    环节上同类型中间商数目的多少来划分的"); docs/method.md §3.1.

    Examples
    --------
    郑州 has one dealer (exclusive), 洛阳 two (selective), 开封 six (intensive with the
    default 5); D9 has no territory:

    >>> d = pd.DataFrame({"dealer": ["D1", "D2", "D3", *(f"K{i}" for i in range(6)), "D9"],
    ...                   "territory": ["郑州", "洛阳", "洛阳", *["开封"] * 6, None]})
    >>> w = distribution_width(d)  # sorted by code point: 开 < 洛 < 郑
    >>> w[["dealers", "width"]]
               dealers      width
    territory
    开封               6  intensive
    洛阳               2  selective
    郑州               1  exclusive
    >>> w.attrs["unplaced"]
    1
    """
    m = as_table(members, "members")
    cols = _by(by)
    if (
        not isinstance(selective_max, numbers.Integral)
        or isinstance(selective_max, bool)
        or selective_max < 2
    ):
        raise InputDataError(
            f"selective_max: expected a whole number ≥ 2 (the most intermediaries that "
            f"still count as selective distribution); got {shown(selective_max)}"
        )
    need_columns(m, "members", ["dealer", *cols])
    text(
        m,
        "members",
        "dealer",
        required=True,
        blank="blank; every row names its dealer",
        header="经销商编号",
    )
    unplaced = np.zeros(len(m), dtype=bool)
    for c in cols:
        unplaced |= blank_cells(m[c])
    keep = m.loc[~unplaced]
    frame = pd.DataFrame({c: keep[c].astype("str").str.strip().astype("str") for c in cols})
    frame["dealer"] = keep["dealer"].astype("str").str.strip().astype("str")
    frame = frame.drop_duplicates()
    grouped = frame.groupby(list(cols), sort=True)["dealer"]
    n = grouped.size().astype("int64")
    listed = grouped.agg(lambda s: "; ".join(sorted(s))).astype("str")
    width = np.select([n == 1, n <= selective_max], list(WIDTHS[:2]), default=WIDTHS[2])
    out = pd.DataFrame(
        {
            "dealers": n.to_numpy(dtype="int64"),
            "width": pd.array(width.astype(object), dtype="str"),
            "members": pd.array(listed.to_numpy(dtype=object), dtype="str"),
        },
        index=n.index,
    )
    if len(cols) == 1 and out.index.name != cols[0]:
        out.index.name = cols[0]
    out.attrs["unplaced"] = int(unplaced.sum())
    return out


def _day(day: object) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(day)
    except (TypeError, ValueError) as err:
        raise InputDataError(f"day: {shown(day)} is not a date; expected e.g. 2025-06-30") from err
    if pd.isna(ts):
        raise InputDataError(f"day: {shown(day)} is not a date; expected e.g. 2025-06-30")
    return ts.tz_localize(None).normalize() if ts.tzinfo else ts.normalize()


def authorised_on(authorizations: pd.DataFrame, day: str | pd.Timestamp) -> pd.DataFrame:
    """The authorisations in force on one day (定期), to feed `distribution_width`.

    Parameters
    ----------
    authorizations
        The ``authorizations`` sheet: ``dealer, territory, product_line, start, end``
        (dates; ``end`` inclusive).
    day
        The day, as a date string (``"2025-06-30"``) or a Timestamp; a time of day is
        ignored.

    Returns
    -------
    pandas.DataFrame
        The rows of ``authorizations`` in force on ``day``, every column unchanged and
        the index labels kept.

    Raises
    ------
    InputDataError
        Not a table; column ``start`` or ``end`` missing; ``day`` not a date; a start or
        end that is not a date; a blank start; an end before its start. Messages name
        the row as Excel shows it when the sheet came from `load_client`, else by its
        index label.

    Notes
    -----
    In force when start ≤ day ≤ end, comparing whole days (both ends inclusive, as the
    intake's 授权开始日期 and 授权结束日期 are).

    **Decision (blank end):** a blank end means open-ended — in force on every day from
    the start, as `authorization_audit` reads it.

    References
    ----------
    Seed 000, 定域、定人、定期 (territory, person, period); docs/method.md §3.1 (width per
    territory) and §4.1.

    Examples
    --------
    D2's 郑州 authorisation ends on 2025-06-30: in force that day, not the next.

    >>> a = pd.DataFrame({"dealer": ["D1", "D2"], "territory": ["郑州", "郑州"],
    ...                   "product_line": ["酱料", "酱料"],
    ...                   "start": pd.to_datetime(["2025-01-01", "2025-04-01"]),
    ...                   "end": pd.to_datetime(["2025-12-31", "2025-06-30"])})
    >>> authorised_on(a, "2025-06-30")["dealer"].tolist()
    ['D1', 'D2']
    >>> authorised_on(a, "2025-07-01")["dealer"].tolist()
    ['D1']
    """
    a = as_table(authorizations, "authorizations")
    need_columns(a, "authorizations", ["start", "end"])
    when = _day(day)
    start = dates(a, "authorizations", "start", keys=("dealer",))
    end = dates(a, "authorizations", "end", keys=("dealer",))
    no_start = np.flatnonzero(start.isna().to_numpy(dtype=bool))
    if len(no_start):
        raise InputDataError(
            f"{where(a, 'authorizations', 'start', int(no_start[0]), keys=('dealer',))}: "
            f"blank; every authorisation has a first day"
        )
    backwards = np.flatnonzero((end < start).to_numpy(dtype=bool))
    if len(backwards):
        i = int(backwards[0])
        raise InputDataError(
            f"{where(a, 'authorizations', None, i, keys=('dealer',))}: end {end.iloc[i].date()} is "
            f"before start {start.iloc[i].date()}; an authorisation ends on or after the "
            f"day it starts"
        )
    live = (start <= when) & (end.isna() | (end >= when))
    return a.loc[live.to_numpy(dtype=bool)].copy()


def transaction_economy(makers: int, buyers: int) -> pd.Series:
    """Contacts needed with and without one intermediary (中间商减少交易次数).

    Parameters
    ----------
    makers
        Number of makers (m), a whole number ≥ 1.
    buyers
        Number of buyers (n), a whole number ≥ 1.

    Returns
    -------
    pandas.Series
        float64, index ``makers, buyers, direct, intermediated, saved, saved_share``.

    Raises
    ------
    InputDataError
        ``makers`` or ``buyers`` not a whole number (int) ≥ 1.

    Notes
    -----
    direct = m·n (every maker deals with every buyer); intermediated = m + n (each deals
    with one intermediary); saved = direct − intermediated = (m − 1)(n − 1) − 1;
    saved_share = saved / direct.

    The saving needs several makers and several buyers: with one maker (m = 1) the
    intermediary adds a contact (saved = −1, the intermediated route is worse), and with
    two of each (2 × 2) it saves nothing. The textbook's argument is about many makers
    facing many buyers.

    References
    ----------
    Seed 003, 分销渠道为什么存在: "中间商的存在可以减少交易次数, 节约营销费用"; 间接渠道的
    优点: 交易次数减少; docs/method.md §3.1 (transaction economy, teaching).

    Examples
    --------
    3 makers and 10 buyers: 3 × 10 = 30 contacts direct, 3 + 10 = 13 through one
    intermediary; 17 saved, 17 / 30 = 0.566667 of them.

    >>> transaction_economy(3, 10).round(6)
    makers            3.000000
    buyers           10.000000
    direct           30.000000
    intermediated    13.000000
    saved            17.000000
    saved_share       0.566667
    dtype: float64
    """
    for name, v in (("makers", makers), ("buyers", buyers)):
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 1:
            raise InputDataError(f"{name}: expected a whole number ≥ 1; got {shown(v)}")
    m, n = int(makers), int(buyers)
    direct = m * n
    via = m + n
    saved = direct - via
    return pd.Series(
        [m, n, direct, via, saved, saved / direct],
        index=["makers", "buyers", "direct", "intermediated", "saved", "saved_share"],
        dtype="float64",
    )
