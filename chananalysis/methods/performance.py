"""Sales and expense performance — 渠道销售绩效评估 (docs/method.md §3.3, seed 004).

Per channel: achievement against target (销售分析), growth, share of sales and of the
market (市场占有率分析), and the expense rate by the three expense groups of seed 004's
分销渠道费用管理控制 (渠道费用分析): sales management (销售管理费用), market promotion
(市场推广费用) and other (其他销售费用). Per territory and per dealer: the dealers'
own-brand sales against their contracts.

A ratio whose denominator is zero or missing is NaN, and the row's ``notes`` says why
with a code: ``no_target``, ``new_channel``, ``no_sales``, ``no_expenses``,
``no_market_size``; an aggregate row says ``partial_target`` or ``partial_sales`` when
some of its members lack the number.

Examples
--------
>>> ch = pd.DataFrame({"channel": ["KA", "电商"], "sales": [300.0, 100.0],
...                    "sales_prev": [250.0, 0.0], "target": [400.0, 100.0]})
>>> sales_performance(ch)[["achievement", "growth", "share", "notes"]]
           achievement  growth  share                     notes
channel
KA                0.75     0.2   0.75               no_expenses
电商                1.00     NaN   0.25  new_channel; no_expenses
__total__         0.80     0.6   1.00               no_expenses
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import (
    as_table,
    blank_cells,
    need_columns,
    numbers,
    unique_text,
    where,
)
from chananalysis.methods.notes import notes_column

__all__ = [
    "EXPENSE_COLUMNS",
    "EXPENSE_GROUPS",
    "TOTAL",
    "UNPLACED",
    "dealer_achievement",
    "sales_performance",
    "territory_performance",
]

#: Seed 004's three groups of channel expenses (分销渠道费用管理控制), in its order.
EXPENSE_GROUPS = ("sales_mgmt", "promotion", "other")
#: The ``channels`` column holding each group (销售管理费用, 市场推广费用, 其他费用).
EXPENSE_COLUMNS: dict[str, str] = {g: f"expense_{g}" for g in EXPENSE_GROUPS}
#: Label of the total row of `sales_performance`.
TOTAL = "__total__"
#: Label of the territory row gathering dealers without a territory.
UNPLACED = "__unplaced__"

_ZH = {
    "channel": "渠道",
    "sales": "销售额",
    "sales_prev": "上期销售额",
    "target": "销售目标",
    "market_size": "市场容量",
    "expense_sales_mgmt": "销售管理费用",
    "expense_promotion": "市场推广费用",
    "expense_other": "其他费用",
    "dealer": "经销商编号",
    "territory": "区域",
    "actual_sales": "实际销售额",
    "contract_sales": "合同销售额",
    "sales_last_year": "去年销售额",
}

_KPI = ("actual_sales", "contract_sales", "sales_last_year")
_SALES_COLUMNS = [
    "sales",
    "target",
    "achievement",
    "gap",
    "sales_prev",
    "growth",
    "share",
    *EXPENSE_COLUMNS.values(),
    "expenses",
    *(f"rate_{g}" for g in EXPENSE_GROUPS),
    "expense_rate",
]


# --- checking input ---------------------------------------------------------------------


def _keys(frame: pd.DataFrame, table: str, key: str) -> list[str]:
    """The key column as trimmed text; refuses blanks and repeats."""
    names = unique_text(
        frame,
        table,
        key,
        blank=f"blank; every row names its {key}",
        keys=(key,),
        header=_ZH.get(key),
    )
    return names.tolist()


def _amount(frame: pd.DataFrame, table: str, col: str, key: str, *, required: bool) -> np.ndarray:
    """A column of amounts ≥ 0 as float64 (NaN = blank); an absent optional column is NaN."""
    if col not in frame.columns:
        return np.full(len(frame), np.nan)
    return numbers(
        frame,
        table,
        col,
        required=required,
        rule="an amount ≥ 0",
        bad="{value} is not a number ≥ 0; expected {rule}",
        keys=(key,),
        header=_ZH.get(col),
    )


# --- arithmetic -------------------------------------------------------------------------


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is missing or 0 (never ±inf, never a warning)."""
    ok = ~np.isnan(den) & (den != 0)
    return np.where(ok, num / np.where(ok, den, 1.0), np.nan)


def _no_denominator(den: np.ndarray) -> np.ndarray:
    return np.isnan(den) | (den == 0)


def _sum(x: np.ndarray) -> float:
    """Sum of the known values; NaN when none is known."""
    known = x[~np.isnan(x)]
    return float(known.sum()) if len(known) else float("nan")


# --- channels ---------------------------------------------------------------------------


def sales_performance(channels: pd.DataFrame, *, total: bool = True) -> pd.DataFrame:
    """Sales against target, growth, shares and expense rates per channel.

    Parameters
    ----------
    channels
        The ``channels`` sheet: ``channel`` (unique), ``sales``, ``sales_prev``;
        optional ``target``, ``expense_sales_mgmt``, ``expense_promotion``,
        ``expense_other`` and ``market_size`` (blank cells, or the whole column absent,
        are missing values). Amounts ≥ 0.
    total
        Keyword only: add a last row labelled ``"__total__"`` (default True).

    Returns
    -------
    pandas.DataFrame
        Index ``channel`` (input order, then ``"__total__"``); columns ``sales,
        target, achievement, gap, sales_prev, growth, share, expense_sales_mgmt,
        expense_promotion, expense_other, expenses, rate_sales_mgmt, rate_promotion,
        rate_other, expense_rate``, then ``market_size, market_share`` only when the
        sheet has a ``market_size`` column, then ``notes`` (a `Notes` of codes, empty when
        none). All numbers float64.

    Raises
    ------
    InputDataError
        Not a table; a missing required column (all listed); a blank or repeated
        channel, or one named ``"__total__"`` when ``total``; a blank sales; an amount
        that is not a number ≥ 0. Messages name the row (as Excel shows it for a sheet
        from `load_client`, else its index label), channel, column and value.

    Notes
    -----
    achievement = sales / target; gap = sales − target; growth = (sales − sales_prev) /
    sales_prev; share = sales / Σ sales; expenses = expense_sales_mgmt +
    expense_promotion + expense_other (the known ones; NaN only when all three are
    missing); rate_g = expense_g / sales; expense_rate = expenses / sales;
    market_share = sales / market_size.

    Codes in ``notes``: ``no_target`` (target missing or 0: achievement NaN; gap is still
    sales − target when target is 0), ``new_channel`` (sales_prev missing or 0: growth
    NaN), ``no_sales`` (sales 0: the expense rates NaN), ``no_expenses`` (all three
    expense groups missing), ``no_market_size`` (market_size missing or 0: market_share
    NaN; only with a ``market_size`` column).

    The total row sums each amount over the channels (the known values; NaN when none
    is known) and computes every rate again from the sums, so its achievement is Σ sales
    / Σ target, not an average of the channels' rates. Its notes add
    ``partial_target`` (resp. ``partial_market_size``) when some channels have no target
    (market size) while the total has one: Σ sales then includes sales without a target.

    **Decision (expenses):** a missing expense group counts as 0 in ``expenses`` when
    another group of the channel is known (the rate is then a lower bound); the group's
    own column stays NaN so the report can show the gap.

    References
    ----------
    Seed 004, 第四节 渠道控制 二(三) 分销渠道费用管理控制 (销售管理费用, 市场推广费用,
    其他销售费用); 第五节 渠道绩效评估 二(二) 渠道销售绩效评估 (销售分析, 市场占有率分析,
    渠道费用分析); docs/method.md §3.3.

    Examples
    --------
    KA: 21.00 M sales against a 21.84 M target, 20.60 M the year before, expenses
    2.643 M + 5.664 M + 1.133 M = 9.44 M (seasoning sample):

    >>> ch = pd.DataFrame({"channel": ["KA卖场"], "sales": [21e6], "sales_prev": [20.6e6],
    ...                    "target": [21.84e6], "expense_sales_mgmt": [2_643_000.0],
    ...                    "expense_promotion": [5_664_000.0], "expense_other": [1_133_000.0]})
    >>> r = sales_performance(ch, total=False)
    >>> r[["achievement", "gap", "growth", "expenses", "expense_rate"]].round(6)
             achievement       gap    growth   expenses  expense_rate
    channel
    KA卖场        0.961538 -840000.0  0.019417  9440000.0      0.449524
    """
    ch = as_table(channels, "channels")
    need_columns(ch, "channels", ["channel", "sales", "sales_prev"])
    names = _keys(ch, "channels", "channel")
    if total and TOTAL in names:
        i = names.index(TOTAL)
        raise InputDataError(
            f"{where(ch, 'channels', 'channel', i, keys=('channel',), header=_ZH['channel'])}: "
            f"{shown(TOTAL)} "
            f"is the label of the total row; rename the channel or pass total=False"
        )
    has_market = "market_size" in ch.columns
    amounts = ["sales", "sales_prev", "target", *EXPENSE_COLUMNS.values()]
    amounts += ["market_size"] if has_market else []
    a = {c: _amount(ch, "channels", c, "channel", required=c == "sales") for c in amounts}
    rows = list(names)
    partial: list[tuple[np.ndarray, str]] = []
    if total:
        rows.append(TOTAL)
        tot = {c: np.append(v, _sum(v)) for c, v in a.items()}
        is_total = np.arange(len(rows)) == len(names)
        for col, code in (("target", "partial_target"), ("market_size", "partial_market_size")):
            if col in a:
                some_missing = bool(_no_denominator(a[col]).any())
                partial.append((is_total & some_missing & ~_no_denominator(tot[col]), code))
        a = tot
    n = len(rows)
    sales = a["sales"]
    exp = np.column_stack([a[c] for c in EXPENSE_COLUMNS.values()])
    expenses = np.array([_sum(r) for r in exp]) if n else np.zeros(0)
    channel_total = _sum(sales[: len(names)]) if names else float("nan")
    out = pd.DataFrame(index=pd.Index(rows, name="channel", dtype="str"))
    out["sales"] = sales
    out["target"] = a["target"]
    out["achievement"] = _ratio(sales, a["target"])
    out["gap"] = sales - a["target"]
    out["sales_prev"] = a["sales_prev"]
    out["growth"] = _ratio(sales - a["sales_prev"], a["sales_prev"])
    out["share"] = _ratio(sales, np.full(n, channel_total))
    for c in EXPENSE_COLUMNS.values():
        out[c] = a[c]
    out["expenses"] = expenses
    for g, c in EXPENSE_COLUMNS.items():
        out[f"rate_{g}"] = _ratio(a[c], sales)
    out["expense_rate"] = _ratio(expenses, sales)
    pairs = [
        (_no_denominator(a["target"]), "no_target"),
        (_no_denominator(a["sales_prev"]), "new_channel"),
        (sales == 0, "no_sales"),
        (np.isnan(expenses), "no_expenses"),
    ]
    if has_market:
        out["market_size"] = a["market_size"]
        out["market_share"] = _ratio(sales, a["market_size"])
        pairs.append((_no_denominator(a["market_size"]), "no_market_size"))
    out = out[[*_SALES_COLUMNS, *(["market_size", "market_share"] if has_market else [])]]
    out = out.astype("float64")
    out["notes"] = pd.Series(notes_column(n, pairs + partial), index=out.index, dtype=object)
    return out


# --- dealers and territories ------------------------------------------------------------


def _kpis(dealer_kpis: pd.DataFrame) -> pd.DataFrame:
    k = as_table(dealer_kpis, "dealer_kpis")
    need_columns(k, "dealer_kpis", ["dealer", "actual_sales", "contract_sales"])
    ids = _keys(k, "dealer_kpis", "dealer")
    out = pd.DataFrame(
        {c: _amount(k, "dealer_kpis", c, "dealer", required=False) for c in _KPI},
        index=pd.Index(ids, name="dealer", dtype="str"),
    )
    return out


def _territories(dealers: pd.DataFrame, ids: pd.Index) -> pd.Series:
    """Territory of each dealer of ``ids`` (trimmed text; NaN when blank or not listed)."""
    d = as_table(dealers, "dealers")
    need_columns(d, "dealers", ["dealer", "territory"])
    keys = _keys(d, "dealers", "dealer")
    blank = blank_cells(d["territory"])
    terr = pd.Series(
        [np.nan if b else str(v).strip() for v, b in zip(d["territory"], blank, strict=True)],
        index=pd.Index(keys, dtype="str"),
        dtype="str",
    )
    return terr.reindex(ids).rename("territory")


def _dealer_measures(k: pd.DataFrame) -> pd.DataFrame:
    act, con, last = (k[c].to_numpy() for c in _KPI)
    out = pd.DataFrame(index=k.index)
    out["actual_sales"] = act
    out["contract_sales"] = con
    out["achievement"] = _ratio(act, con)
    out["gap"] = act - con
    out["sales_last_year"] = last
    out["growth"] = _ratio(act - last, last)
    return out.astype("float64")


def dealer_achievement(dealer_kpis: pd.DataFrame, dealers: pd.DataFrame | None) -> pd.DataFrame:
    """Each dealer's own-brand sales against its contract, weakest first.

    Parameters
    ----------
    dealer_kpis
        The ``dealer_kpis`` sheet: ``dealer`` (unique), ``actual_sales``,
        ``contract_sales``; optional ``sales_last_year`` (blank = missing).
    dealers
        The ``dealers`` sheet (``dealer``, ``territory``) to add each dealer's territory,
        or ``None`` for no territory column.

    Returns
    -------
    pandas.DataFrame
        Index ``dealer``; columns ``territory`` (str, NaN when blank or the dealer is not
        in ``dealers``; only when ``dealers`` is given), ``actual_sales,
        contract_sales, achievement, gap, sales_last_year, growth`` (float64) and
        ``notes`` (str). Sorted by achievement ascending (NaN last), then dealer.

    Raises
    ------
    InputDataError
        Not a table; a missing required column (all listed); a blank or repeated dealer
        id; an amount that is not a number ≥ 0.

    Notes
    -----
    achievement = actual_sales / contract_sales; gap = actual_sales − contract_sales;
    growth = (actual_sales − sales_last_year) / sales_last_year. Codes in ``notes``:
    ``no_sales`` (actual_sales missing: achievement, gap and growth NaN), ``no_target``
    (contract_sales missing or 0: achievement NaN), ``new_channel`` (sales_last_year
    missing or 0: growth NaN — a dealer without a prior year).

    References
    ----------
    Seed 004, 第五节 渠道绩效评估 二(二) 渠道销售绩效评估: 1 销售分析; seed 002 Table 1-1
    (销售目标完成率); docs/method.md §3.3.

    Examples
    --------
    >>> k = pd.DataFrame({"dealer": ["D1", "D2", "D3"], "actual_sales": [90.0, 120.0, 50.0],
    ...                   "contract_sales": [100.0, 100.0, 0.0],
    ...                   "sales_last_year": [80.0, 100.0, 40.0]})
    >>> dealer_achievement(k, None)[["achievement", "gap", "growth", "notes"]]
            achievement   gap  growth      notes
    dealer
    D1              0.9 -10.0   0.125
    D2              1.2  20.0   0.200
    D3              NaN  50.0   0.250  no_target
    """
    k = _kpis(dealer_kpis)
    out = _dealer_measures(k)
    act, con, last = (k[c].to_numpy() for c in _KPI)
    notes = notes_column(
        len(k),
        [
            (np.isnan(act), "no_sales"),
            (_no_denominator(con), "no_target"),
            (_no_denominator(last), "new_channel"),
        ],
    )
    out["notes"] = pd.Series(notes, index=out.index, dtype=object)
    if dealers is not None:
        out.insert(0, "territory", _territories(dealers, k.index).to_numpy())
        out["territory"] = out["territory"].astype("str")
    order = pd.DataFrame(
        {"a": out["achievement"].to_numpy(), "d": out.index.to_numpy(dtype=object)}
    ).sort_values(["a", "d"], na_position="last", kind="stable")
    return out.iloc[order.index.to_numpy()]


def territory_performance(dealer_kpis: pd.DataFrame, dealers: pd.DataFrame) -> pd.DataFrame:
    """The dealers' own-brand sales against contract, summed by territory.

    Parameters
    ----------
    dealer_kpis
        The ``dealer_kpis`` sheet: ``dealer`` (unique), ``actual_sales``,
        ``contract_sales``; optional ``sales_last_year`` (blank = missing).
    dealers
        The ``dealers`` sheet: ``dealer`` (unique) and ``territory`` (may be blank).

    Returns
    -------
    pandas.DataFrame
        Index ``territory`` (sorted; ``"__unplaced__"`` last, for dealers without a
        territory); columns ``dealers`` (int64), ``actual_sales, contract_sales,
        achievement, sales_last_year, growth`` (float64), ``below_target`` (int64) and
        ``notes`` (str).

    Raises
    ------
    InputDataError
        Not a table; a missing required column (all listed); a blank or repeated dealer
        id in either sheet; an amount that is not a number ≥ 0.

    Notes
    -----
    Per territory t over its dealers: actual_sales, contract_sales, sales_last_year =
    Σ of the known values (NaN when none is known); achievement = Σ actual / Σ contract;
    growth = (Σ actual − Σ last year) / Σ last year; below_target = dealers whose own
    achievement (actual / contract) is < 1 (a dealer without a number is not counted);
    dealers = dealers of ``dealer_kpis`` in t.

    Codes in ``notes``: ``no_target`` (Σ contract missing or 0), ``new_channel`` (Σ last
    year missing or 0), ``no_sales`` (no dealer has actual_sales), ``partial_target``
    (some dealers have no contract while the territory has one), ``partial_sales`` (some
    dealers lack actual_sales while others have it: the achievement is understated).

    **Decision (unplaced):** a dealer of ``dealer_kpis`` with a blank territory, or not
    listed in ``dealers``, is counted under ``"__unplaced__"`` rather than dropped, so
    the territories add up to the whole.

    References
    ----------
    Seed 004, 第五节 渠道绩效评估 二(二) 渠道销售绩效评估: 1 销售分析; seed 000 定域 (the
    territory as the unit); docs/method.md §3.3.

    Examples
    --------
    郑州: (90 + 120) / (100 + 100) = 1.05, D1 below target; 洛阳: 50 / 60 = 0.833333:

    >>> k = pd.DataFrame({"dealer": ["D1", "D2", "D3"], "actual_sales": [90.0, 120.0, 50.0],
    ...                   "contract_sales": [100.0, 100.0, 60.0],
    ...                   "sales_last_year": [100.0, 100.0, 50.0]})
    >>> d = pd.DataFrame({"dealer": ["D1", "D2", "D3"], "territory": ["郑州", "郑州", "洛阳"]})
    >>> territory_performance(k, d)[["dealers", "achievement", "growth", "below_target"]]
               dealers  achievement  growth  below_target
    territory
    洛阳               1     0.833333    0.00             1
    郑州               2     1.050000    0.05             1
    """
    k = _kpis(dealer_kpis)
    terr = _territories(dealers, k.index)
    per = _dealer_measures(k)
    key = terr.fillna(UNPLACED).to_numpy(dtype=object)
    placed = sorted({t for t in key if t != UNPLACED})
    labels = placed + ([UNPLACED] if UNPLACED in set(key) else [])
    sums = {c: np.zeros(len(labels)) for c in _KPI}
    count = np.zeros(len(labels), dtype="int64")
    below = np.zeros(len(labels), dtype="int64")
    no_con = np.zeros(len(labels), dtype=bool)
    no_act = np.zeros(len(labels), dtype=bool)
    for j, t in enumerate(labels):
        inside = key == t
        count[j] = int(inside.sum())
        for c in _KPI:
            sums[c][j] = _sum(k[c].to_numpy()[inside])
        below[j] = int((per["achievement"].to_numpy()[inside] < 1).sum())
        no_con[j] = bool(_no_denominator(k["contract_sales"].to_numpy()[inside]).any())
        no_act[j] = bool(np.isnan(k["actual_sales"].to_numpy()[inside]).any())
    act, con, last = sums["actual_sales"], sums["contract_sales"], sums["sales_last_year"]
    out = pd.DataFrame(index=pd.Index(labels, name="territory", dtype="str"))
    out["dealers"] = count
    out["actual_sales"] = act
    out["contract_sales"] = con
    out["achievement"] = _ratio(act, con)
    out["sales_last_year"] = last
    out["growth"] = _ratio(act - last, last)
    out["below_target"] = below
    notes = notes_column(
        len(labels),
        [
            (np.isnan(act), "no_sales"),
            (_no_denominator(con), "no_target"),
            (_no_denominator(last), "new_channel"),
            (no_con & ~_no_denominator(con), "partial_target"),
            (no_act & ~np.isnan(act), "partial_sales"),
        ],
    )
    out["notes"] = pd.Series(notes, index=out.index, dtype=object)
    return out
