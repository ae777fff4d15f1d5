"""Dealers' financial ratios and credit-risk flags — 财务状况评估 (docs/method.md §3.2, seed 004).

Eleven ratios of a channel member's statements, in the seed's three groups: solvency
(偿债能力: current, quick, debt-to-equity), operations (营运: receivable days, inventory
and asset turnover) and profitability (盈利能力: net margin, ROA, ROE, sales profit
margin, expense profit ratio). `financial_ratios` computes them; `financial_health` holds
them against limits and ranks the dealers by credit risk — the "防范中间商恶意拖欠" of
seed 003 before credit is extended.

Ratios are plain fractions and times (0.05, not 5 %); ``ar_days`` is in days. A zero or
missing denominator gives NaN and a note code, never ±inf.

Examples
--------
>>> fin = pd.DataFrame({"dealer": ["D1"], "current_assets": [300.0],
...                     "current_liabilities": [200.0], "inventory": [100.0]})
>>> financial_ratios(fin)[["current_ratio", "quick_ratio"]]  # 300/200, (300 − 100)/200
        current_ratio  quick_ratio
dealer
D1                1.5          1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import numbers, unique_text
from chananalysis.methods.notes import Notes

__all__ = [
    "HEALTH_RULES",
    "INPUTS",
    "RATIOS",
    "FinancialHealth",
    "InputDataError",
    "financial_health",
    "financial_ratios",
]

#: The ratio columns of docs/method.md §3.2, in order.
RATIOS: tuple[str, ...] = (
    "current_ratio",
    "quick_ratio",
    "debt_to_equity",
    "ar_days",
    "inventory_turnover",
    "asset_turnover",
    "net_margin",
    "roa",
    "roe",
    "sales_profit_margin",
    "expense_profit_ratio",
)
#: The input columns of the ``financials`` sheet (besides ``dealer``), all optional.
INPUTS: tuple[str, ...] = (
    "current_assets",
    "current_liabilities",
    "inventory",
    "average_inventory",
    "total_liabilities",
    "net_assets",
    "total_assets",
    "accounts_receivable",
    "net_sales",
    "net_profit",
    "total_expenses",
)
#: **Decision** (the seed gives formulas, no limits): ``ratio -> (direction, limit)``.
#: ``"min"``: flagged when the ratio is below the limit; ``"max"``: when above. A ratio
#: exactly at its limit is not flagged, a NaN ratio never. Override with
#: ``financial_health(…, rules=…)``.
HEALTH_RULES: dict[str, tuple[str, float]] = {
    "current_ratio": ("min", 1.0),  # current assets do not cover current liabilities
    "quick_ratio": ("min", 0.5),  # without the stock, not half of them
    "debt_to_equity": ("max", 2.0),  # more than two yuan of debt per yuan of equity
    "ar_days": ("max", 90.0),  # customers owe more than a quarter's sales
    "inventory_turnover": ("min", 4.0),  # stock turns less than once a quarter
    "net_margin": ("min", 0.0),  # loss-making
    "roe": ("min", 0.0),  # losing its owners' money
}

_SHEET = "financials"
_DIRECTIONS = ("min", "max")
#: Ratios over net assets: NaN with ``negative_equity:<ratio>`` when net assets ≤ 0.
_EQUITY = ("debt_to_equity", "roe")
#: Ratios within this of a limit count as on it (float noise, not a decision).
_EPS = 1e-9
_SIGNED = ("net_assets", "net_profit")
_LEVELS = ("high", "watch", "unknown", "sound")
_FLAG_COLUMNS = ["dealer", "ratio", "value", "direction", "limit"]
_RISK_COLUMNS = [
    "flags",
    "flagged",
    "current_ratio",
    "debt_to_equity",
    "ar_days",
    "accounts_receivable",
    "net_assets",
    "net_sales",
    "risk",
]

_Cols = dict[str, np.ndarray]
# ratio -> (numerator inputs, numerator from the inputs, denominator input)
_FORMULAS: dict[str, tuple[tuple[str, ...], Callable[[_Cols], np.ndarray], str]] = {
    "current_ratio": (("current_assets",), lambda c: c["current_assets"], "current_liabilities"),
    "quick_ratio": (
        ("current_assets", "inventory"),
        lambda c: c["current_assets"] - c["inventory"],
        "current_liabilities",
    ),
    "debt_to_equity": (
        ("total_liabilities",),
        lambda c: c["total_liabilities"],
        "net_assets",
    ),
    # × 365 before the division: 90 × 365 / 365 is exactly 90, 90 / 365 × 365 is not
    "ar_days": (
        ("accounts_receivable",),
        lambda c: c["accounts_receivable"] * 365.0,
        "net_sales",
    ),
    "inventory_turnover": (("net_sales",), lambda c: c["net_sales"], "average_inventory"),
    "asset_turnover": (("net_sales",), lambda c: c["net_sales"], "total_assets"),
    "net_margin": (("net_profit",), lambda c: c["net_profit"], "net_sales"),
    "roa": (("net_profit",), lambda c: c["net_profit"], "total_assets"),
    "roe": (("net_profit",), lambda c: c["net_profit"], "net_assets"),
    "sales_profit_margin": (("net_profit",), lambda c: c["net_profit"], "net_sales"),
    "expense_profit_ratio": (("net_profit",), lambda c: c["net_profit"], "total_expenses"),
}


@dataclass(frozen=True)
class FinancialHealth:
    """The dealers' ratios held against the health rules.

    Attributes
    ----------
    ratios
        `financial_ratios` of the sheet: index ``dealer`` (input order), the 11 columns
        of `RATIOS` and ``notes``.
    flags
        One row per ratio breaking its rule, RangeIndex: ``dealer``, ``ratio``,
        ``value`` (the ratio), ``direction`` (``"min"`` / ``"max"``, or
        ``"negative_equity"`` when net assets ≤ 0: ratio ``debt_to_equity``, value NaN,
        limit 0.0) and ``limit``. Dealers in input order, ratios in `RATIOS` order.
    risk
        Index ``dealer``: ``flags`` (int, number of flags), ``flagged`` (the flagged
        ratio keys in `RATIOS` order, a `chananalysis.methods.notes.Notes`, empty when
        none; ``str()`` joins them by ``"; "``),
        ``current_ratio``, ``debt_to_equity``, ``ar_days`` (ratios),
        ``accounts_receivable``, ``net_assets``, ``net_sales`` (inputs, yuan) and ``risk``
        (``"high"``, ``"watch"``, ``"unknown"`` or ``"sound"``). Ordered high, watch,
        unknown, sound; within a level by flags (most first), accounts receivable (largest
        first, unknown last), then dealer id.
    """

    ratios: pd.DataFrame
    flags: pd.DataFrame
    risk: pd.DataFrame


# --- input --------------------------------------------------------------------------------


def _dealers(frame: pd.DataFrame) -> pd.Index:
    if "dealer" not in frame.columns:
        raise InputDataError(
            f"{_SHEET}: column dealer is missing; expected dealer and any of {', '.join(INPUTS)}"
        )
    ids = unique_text(
        frame,
        _SHEET,
        "dealer",
        blank="{value} is blank; expected a dealer id",
        repeats="{value} repeats {first}; each dealer must appear once",
    )
    return pd.Index(ids.to_numpy(), dtype="str", name="dealer")


_AMOUNT = "an amount in yuan (blank when unknown)"


def _amounts(frame: pd.DataFrame, col: str) -> np.ndarray:
    signed = col in _SIGNED
    return numbers(
        frame,
        _SHEET,
        col,
        low=None if signed else 0.0,
        rule=_AMOUNT,
        bad="{value} is not a number; expected {rule}",
        infinite="{value} is not a finite number; expected {rule}",
        out_of_range=(
            "{value} is negative; expected a number ≥ 0 "
            "(only net_assets and net_profit may be negative)"
        ),
        keys=("dealer",),
        quoted=True,
    )


def _clean(financials: object) -> tuple[pd.Index, pd.DataFrame]:
    """The dealer ids and the 11 inputs as float64 (NaN where unknown or absent)."""
    if not isinstance(financials, pd.DataFrame):
        raise InputDataError(
            f"{_SHEET}: expected a pandas DataFrame (the financials sheet); "
            f"got {type(financials).__name__}"
        )
    index = _dealers(financials)
    cols = {
        c: (
            _amounts(financials, c) if c in financials.columns else np.full(len(financials), np.nan)
        )
        for c in INPUTS
    }
    return index, pd.DataFrame(cols, index=index, dtype="float64")


# --- ratios -------------------------------------------------------------------------------


def _ratios(inputs: pd.DataFrame) -> pd.DataFrame:
    c = {k: inputs[k].to_numpy(dtype="float64") for k in INPUTS}
    n = len(inputs)
    out: dict[str, np.ndarray] = {}
    codes: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    for ratio in RATIOS:
        num_cols, numerator, den_col = _FORMULAS[ratio]
        missing = np.zeros(n, dtype=bool)
        for col in num_cols:
            missing |= np.isnan(c[col])
        den = c[den_col]
        no_den = np.isnan(den) | (den == 0)
        negative = np.zeros(n, dtype=bool)
        if ratio in _EQUITY:
            negative = ~np.isnan(den) & (den <= 0)
            no_den &= ~negative
        ok = ~(missing | no_den | negative)
        value = np.full(n, np.nan)
        np.divide(numerator(c), den, out=value, where=ok)
        out[ratio] = value
        for i in np.flatnonzero(~ok):
            if missing[i]:
                codes[i].append(("missing", ratio))
            if no_den[i]:
                codes[i].append(("no_denominator", ratio))
            if negative[i]:
                codes[i].append(("negative_equity", ratio))
    frame = pd.DataFrame(out, index=inputs.index, dtype="float64")
    frame["notes"] = pd.Series([Notes(x) for x in codes], index=inputs.index, dtype=object)
    return frame


def financial_ratios(financials: pd.DataFrame) -> pd.DataFrame:
    """The 11 financial ratios of each dealer (财务状况评估).

    Parameters
    ----------
    financials
        The ``financials`` sheet: ``dealer`` (required, unique, not blank) and any of
        ``current_assets, current_liabilities, inventory, average_inventory,
        total_liabilities, net_assets, total_assets, accounts_receivable, net_sales,
        net_profit, total_expenses`` (yuan; blank = unknown; an absent column is unknown
        for every dealer). Only ``net_assets`` and ``net_profit`` may be negative.

    Returns
    -------
    pandas.DataFrame
        Index ``dealer`` (input order); float64 columns ``current_ratio, quick_ratio,
        debt_to_equity, ar_days, inventory_turnover, asset_turnover, net_margin, roa,
        roe, sales_profit_margin, expense_profit_ratio`` (`RATIOS`), then ``notes``
        (a `chananalysis.methods.notes.Notes`, empty when none): why ratios are NaN,
        ratio by ratio in that order, as ``(code, ratio)`` pairs — ``missing`` (an input
        of the numerator is unknown), ``no_denominator`` (the denominator is 0 or
        unknown), ``negative_equity`` (``debt_to_equity`` and ``roe`` when net assets
        ≤ 0); ``str()`` writes them ``missing:<ratio>; …``. A ratio can carry two codes
        (numerator and denominator both unknown).

    Raises
    ------
    InputDataError
        ``financials`` not a DataFrame; no ``dealer`` column; a blank or repeated dealer
        id; a value that is not a finite number, or a negative one outside
        ``net_assets`` and ``net_profit``. The message names the row (the frame's index
        label), the dealer, the column and the value.

    Notes
    -----
    Ratios are fractions or times, not percentages (the seed's "×100 %" is left to the
    report); ``ar_days`` is in days:

    - current_ratio = current_assets / current_liabilities (流动比率)
    - quick_ratio = (current_assets − inventory) / current_liabilities (速动比率)
    - debt_to_equity = total_liabilities / net_assets (总负债对净资产比率)
    - ar_days = accounts_receivable × 365 / net_sales (应收账款周期, days)
    - inventory_turnover = net_sales / average_inventory (存货周转率)
    - asset_turnover = net_sales / total_assets (资金周转率)
    - net_margin = net_profit / net_sales (净利润边际)
    - roa = net_profit / total_assets (资产回报比率)
    - roe = net_profit / net_assets (净资产回报比率)
    - sales_profit_margin = net_profit / net_sales (销售利润率)
    - expense_profit_ratio = net_profit / total_expenses (费用利润率)

    The seed's net margin (税后净利润 / 年度净销售额) and sales profit margin (税后利润 /
    销售额) are the same quotient with one profit and one sales column in the intake:
    both are kept because docs/method.md §3.2 lists both; they are always equal.

    **Decision (negative equity):** with net assets ≤ 0 (资不抵债), ``debt_to_equity`` and
    ``roe`` are NaN with ``negative_equity:<ratio>``: a debt ratio over negative equity
    comes out negative and reads as healthy, and a loss over negative equity as a positive
    return. Net assets of exactly 0 take the same code.

    References
    ----------
    Seed 004, 第八章 第五节 渠道绩效评估, 二(一) 财务状况评估: 1 偿债能力指标,
    2 营运指标, 3 盈利能力指标. docs/method.md §3.2.

    Examples
    --------
    A dealer worked by hand (yuan): current assets 2,000,000, current liabilities
    1,000,000, inventory 500,000, average inventory 400,000, liabilities 1,500,000, net
    assets 1,000,000, total assets 2,500,000, receivables 730,000, net sales 3,650,000,
    net profit 182,500, expenses 365,000; a second dealer with no current liabilities
    and negative net assets:

    >>> fin = pd.DataFrame({
    ...     "dealer": ["D1", "D2"], "current_assets": [2_000_000.0, 50_000.0],
    ...     "current_liabilities": [1_000_000.0, 0.0], "inventory": [500_000.0, 10_000.0],
    ...     "average_inventory": [400_000.0, 20_000.0],
    ...     "total_liabilities": [1_500_000.0, 90_000.0],
    ...     "net_assets": [1_000_000.0, -40_000.0], "total_assets": [2_500_000.0, 50_000.0],
    ...     "accounts_receivable": [730_000.0, 5_000.0], "net_sales": [3_650_000.0, 100_000.0],
    ...     "net_profit": [182_500.0, -2_000.0], "total_expenses": [365_000.0, 20_000.0]})
    >>> r = financial_ratios(fin)
    >>> r.loc["D1", list(RATIOS)].tolist()  # 2/1, 1.5/1, 1.5/1, 730k×365/3.65M, ...
    [2.0, 1.5, 1.5, 73.0, 9.125, 1.46, 0.05, 0.073, 0.1825, 0.05, 0.5]
    >>> for code, ratio in r.loc["D2", "notes"]:
    ...     print(code, ratio)
    no_denominator current_ratio
    no_denominator quick_ratio
    negative_equity debt_to_equity
    negative_equity roe
    >>> r.loc["D2", ["ar_days", "net_margin"]].tolist()  # 5,000 × 365 / 100,000; −2,000 / 100,000
    [18.25, -0.02]
    """
    _, inputs = _clean(financials)
    return _ratios(inputs)


# --- health -------------------------------------------------------------------------------


def _rules(rules: Mapping[str, object] | None) -> dict[str, tuple[str, float]]:
    out = dict(HEALTH_RULES)
    if rules is None:
        return out
    if not isinstance(rules, Mapping):
        raise InputDataError(
            f"rules: expected a mapping ratio -> (direction, limit), e.g. "
            f'{{"ar_days": ("max", 60.0)}}; got {type(rules).__name__}'
        )
    for key, rule in rules.items():
        if key not in RATIOS:
            raise InputDataError(
                f"rules: {shown(key)} is not a ratio; expected one of {', '.join(RATIOS)}"
            )
        if rule is None:
            out.pop(key, None)
            continue
        if isinstance(rule, (str, bytes)) or not hasattr(rule, "__len__") or len(rule) != 2:
            raise InputDataError(
                f"rules.{key}: expected (direction, limit) with direction min or max, e.g. "
                f'("max", 60.0); got {rule!r}'
            )
        direction, limit = rule
        if not isinstance(direction, str) or direction not in _DIRECTIONS:
            raise InputDataError(
                f"rules.{key}: direction {shown(direction)} is not min or max "
                f"(min: flagged below the limit; max: flagged above it)"
            )
        if not isinstance(limit, Real) or isinstance(limit, bool) or not np.isfinite(float(limit)):
            raise InputDataError(f"rules.{key}: limit {shown(limit)} is not a finite number")
        out[key] = (direction, float(limit))
    return out


def _flags(ratios: pd.DataFrame, inputs: pd.DataFrame, rules: dict) -> pd.DataFrame:
    dealers = ratios.index.to_numpy()
    negative = (inputs["net_assets"] <= 0).to_numpy()
    parts = []
    for k, ratio in enumerate(RATIOS):
        v = ratios[ratio].to_numpy(dtype="float64")
        if ratio in rules:
            direction, limit = rules[ratio]
            hit = v < limit - _EPS if direction == "min" else v > limit + _EPS
            rows = np.flatnonzero(hit)
            parts.append((rows, k, v[rows], direction, limit))
        if ratio == "debt_to_equity":
            rows = np.flatnonzero(negative)
            parts.append((rows, k, np.full(len(rows), np.nan), "negative_equity", 0.0))
    pos = np.concatenate([p[0] for p in parts]).astype("int64")
    order = np.lexsort((np.concatenate([np.full(len(p[0]), p[1]) for p in parts]), pos))
    flags = pd.DataFrame(
        {
            "dealer": pd.Series(dealers[pos], dtype="str"),
            "ratio": pd.Series(
                np.concatenate([[RATIOS[p[1]]] * len(p[0]) for p in parts]), dtype="str"
            ),
            "value": np.concatenate([p[2] for p in parts]).astype("float64"),
            "direction": pd.Series(
                np.concatenate([[p[3]] * len(p[0]) for p in parts]), dtype="str"
            ),
            "limit": np.concatenate([np.full(len(p[0]), p[4]) for p in parts]).astype("float64"),
        }
    )
    return flags.iloc[order].reset_index(drop=True)[_FLAG_COLUMNS]


def _risk(ratios: pd.DataFrame, inputs: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    index = ratios.index
    count = flags.groupby("dealer", sort=False).size().reindex(index, fill_value=0)
    flagged = flags.groupby("dealer", sort=False)["ratio"].agg(Notes).reindex(index)
    cr_and_de = (
        flags[flags["ratio"].isin(["current_ratio", "debt_to_equity"])]
        .groupby("dealer", sort=False)["ratio"]
        .nunique()
        .reindex(index, fill_value=0)
        .to_numpy()
        == 2
    )
    n = count.to_numpy(dtype="int64")
    negative = (inputs["net_assets"] <= 0).to_numpy()
    all_nan = ratios[list(RATIOS)].isna().all(axis=1).to_numpy()
    level = np.select(
        [negative | (n >= 3) | cr_and_de, n > 0, all_nan],
        ["high", "watch", "unknown"],
        default="sound",
    )
    risk = pd.DataFrame(
        {
            "flags": n,
            "flagged": pd.Series(
                [x if isinstance(x, Notes) else Notes() for x in flagged], index=index, dtype=object
            ),
            "current_ratio": ratios["current_ratio"],
            "debt_to_equity": ratios["debt_to_equity"],
            "ar_days": ratios["ar_days"],
            "accounts_receivable": inputs["accounts_receivable"],
            "net_assets": inputs["net_assets"],
            "net_sales": inputs["net_sales"],
            "risk": pd.Series(level, index=index, dtype="str"),
        },
        index=index,
    )
    keys = pd.DataFrame(
        {
            "level": [_LEVELS.index(x) for x in level],
            "flags": -n,
            "ar": -inputs["accounts_receivable"].to_numpy(),
            "dealer": index.to_numpy(),
        }
    )
    order = keys.sort_values(["level", "flags", "ar", "dealer"], na_position="last").index
    return risk.iloc[order.to_numpy()][_RISK_COLUMNS]


def financial_health(
    financials: pd.DataFrame, *, rules: Mapping[str, tuple[str, float] | None] | None = None
) -> FinancialHealth:
    """Hold each dealer's ratios against limits and rank the dealers by credit risk.

    Parameters
    ----------
    financials
        The ``financials`` sheet, as for `financial_ratios`.
    rules
        Keyword only: ``ratio -> (direction, limit)`` overriding or adding to
        `HEALTH_RULES` (e.g. ``{"ar_days": ("max", 60.0)}``); ``ratio -> None`` drops a
        default rule. ``direction`` is ``"min"`` (flagged below the limit) or ``"max"``
        (flagged above it).

    Returns
    -------
    FinancialHealth
        ``ratios`` (as `financial_ratios`), ``flags`` (RangeIndex; ``dealer, ratio,
        value, direction, limit``) and ``risk`` (index ``dealer``; ``flags, flagged,
        current_ratio, debt_to_equity, ar_days, accounts_receivable, net_assets,
        net_sales, risk``); see the class.

    Raises
    ------
    InputDataError
        As `financial_ratios`; ``rules`` not a mapping, a rule for a key not in
        `RATIOS`, a direction other than ``"min"``/``"max"``, a limit that is not a
        finite number.

    Notes
    -----
    A ratio breaks a ``"min"`` rule when ratio < limit, a ``"max"`` rule when ratio >
    limit; exactly at the limit passes (within 1e-9 for float noise); a NaN ratio never
    breaks a rule. Net assets ≤ 0 (资不抵债) add one flag of ``debt_to_equity``
    whatever the rules: direction ``"negative_equity"``, value NaN, limit 0.0.

    **Decision (limits, HEALTH_RULES):** current_ratio min 1.0; quick_ratio min 0.5;
    debt_to_equity max 2.0; ar_days max 90 days; inventory_turnover min 4.0 times a
    year; net_margin min 0.0; roe min 0.0. The seed gives the formulas but no limits.

    **Decision (risk):** ``"high"`` when net assets ≤ 0, or 3 flags or more, or both
    current_ratio and debt_to_equity flagged (cannot pay its short-term debts and already
    leveraged: the 恶意拖欠 risk of seed 003 before extending credit); ``"watch"`` with 1
    or 2 flags otherwise; ``"unknown"`` when every ratio is NaN (and net assets are not
    ≤ 0); ``"sound"`` otherwise (no flag).

    References
    ----------
    Seed 004, 第八章 第五节 渠道绩效评估, 二(一) 财务状况评估; seed 003, 选择中间商的原则:
    控制风险原则 (防范中间商恶意拖欠). docs/method.md §3.2.

    Examples
    --------
    D1: current ratio 800/1,000 = 0.8 < 1.0 and debt-to-equity 2,500/1,000 = 2.5 > 2.0
    → high; D2: receivable days 300 × 365 / 1,000 = 109.5 > 90 → watch; D3: 1,000/500
    = 2.0, 1,000/1,000 = 1.0, 100 × 365 / 1,000 = 36.5 → sound.

    >>> fin = pd.DataFrame({
    ...     "dealer": ["D3", "D2", "D1"], "current_assets": [1_000.0, 1_000.0, 800.0],
    ...     "current_liabilities": [500.0, 500.0, 1_000.0],
    ...     "total_liabilities": [1_000.0, 1_000.0, 2_500.0],
    ...     "net_assets": [1_000.0, 1_000.0, 1_000.0],
    ...     "accounts_receivable": [100.0, 300.0, 100.0],
    ...     "net_sales": [1_000.0, 1_000.0, 1_000.0]})
    >>> h = financial_health(fin)
    >>> h.risk[["flags", "flagged", "risk"]]
            flags                         flagged   risk
    dealer
    D1          2  current_ratio; debt_to_equity   high
    D2          1                         ar_days  watch
    D3          0                                  sound
    >>> h.flags
      dealer           ratio  value direction  limit
    0     D2         ar_days  109.5       max   90.0
    1     D1   current_ratio    0.8       min    1.0
    2     D1  debt_to_equity    2.5       max    2.0
    """
    checked = _rules(rules)
    _, inputs = _clean(financials)
    ratios = _ratios(inputs)
    flags = _flags(ratios, inputs, checked)
    return FinancialHealth(ratios=ratios, flags=flags, risk=_risk(ratios, inputs, flags))
