"""Franchise economics — the fees of a franchise (特许经营的费用) seen from both sides
(docs/method.md §5.3, seed 003).

A franchisee pays an initial fee (特许加盟费, the "入会费"), then each year a royalty
(特许经营费) and an advertising levy (广告分摊费), both a percentage of turnover (营业额).
What the franchisee pays the franchisor earns; whether the outlet pays back its initial
fee within the contract term decides whether the offer can recruit franchisees at all.

Examples
--------
>>> franchise_economics(1_000_000, initial_fee=50_000, operating_margin=0.15)[
...     ["annual_fees", "franchisee_profit", "payback_months", "note"]].round(2)
   annual_fees  franchisee_profit  payback_months note
0      60000.0            90000.0            6.67
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import number_option, row_name

__all__ = [
    "DEFAULT_AD_LEVY_RATE",
    "DEFAULT_ROYALTY_RATE",
    "DEFAULT_TERM_YEARS",
    "InputDataError",
    "franchise_economics",
]

#: **Decision:** royalty 4 % of turnover, the middle of the seed's 3–5 %.
DEFAULT_ROYALTY_RATE = 0.04
#: **Decision:** advertising levy 2 % of turnover (the seed names the levy, not its size).
DEFAULT_AD_LEVY_RATE = 0.02
#: **Decision:** a contract term of 5 years (合同期限: the seed names it, not its length).
DEFAULT_TERM_YEARS = 5

_COLUMNS = [
    "turnover",
    "initial_fee",
    "royalty",
    "ad_levy",
    "annual_fees",
    "operating_profit",
    "franchisee_profit",
    "franchisee_cost_year1",
    "franchisor_income_year1",
    "franchisor_income_term",
    "payback_months",
    "pays_back",
    "note",
]


def _turnover(turnover: float | pd.Series) -> pd.Series:
    if isinstance(turnover, pd.Series):
        if pd.api.types.is_bool_dtype(turnover.dtype):
            raise InputDataError("turnover: true/false values are not turnovers; expected numbers")
        num = pd.to_numeric(turnover, errors="coerce").astype("float64")
        arr = num.to_numpy()
        bad = ~np.isfinite(arr) | (np.nan_to_num(arr, nan=-1.0) < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputDataError(
                f"turnover, {row_name(turnover, i)}: {shown(turnover.iloc[i])} is not a "
                f"turnover (a number ≥ 0)"
            )
        return num
    x = number_option(turnover, "turnover", "a turnover (a number ≥ 0)", lambda v: v >= 0)
    return pd.Series([x], dtype="float64")


def franchise_economics(
    turnover: float | pd.Series,
    *,
    initial_fee: float,
    royalty_rate: float = DEFAULT_ROYALTY_RATE,
    ad_levy_rate: float = DEFAULT_AD_LEVY_RATE,
    operating_margin: float,
    term_years: float = DEFAULT_TERM_YEARS,
) -> pd.DataFrame:
    """Fees, profit and payback of a franchised outlet, for franchisee and franchisor
    (docs/method.md §5.3).

    Parameters
    ----------
    turnover
        Annual turnover (营业额) of a franchised outlet: a number, or a Series of them
        (several outlets or scenarios).
    initial_fee
        Keyword only: the initial franchise fee (特许加盟费), paid once, ≥ 0.
    royalty_rate
        Keyword only: royalty (特许经营费) as a fraction of turnover, in [0, 1);
        default 0.04.
    ad_levy_rate
        Keyword only: advertising levy (广告分摊费) as a fraction of turnover, in [0, 1);
        default 0.02.
    operating_margin
        Keyword only: the outlet's operating profit before franchise fees as a fraction of
        turnover, in (−1, 1].
    term_years
        Keyword only: the contract term in years, > 0; default 5.

    Returns
    -------
    pandas.DataFrame
        One row per turnover: index 0 for a number, the Series' index for a Series.
        float64 columns ``turnover``, ``initial_fee``, ``royalty``, ``ad_levy``,
        ``annual_fees``, ``operating_profit``, ``franchisee_profit``,
        ``franchisee_cost_year1``, ``franchisor_income_year1``,
        ``franchisor_income_term``, ``payback_months`` (NaN when the outlet makes no
        profit after fees); ``pays_back`` (bool) and ``note`` (str: ``""``,
        ``"never_pays_back"`` or ``"beyond_term"``).

    Raises
    ------
    InputDataError
        A turnover negative, blank or not a number (the row is named by its index label);
        ``initial_fee`` < 0; a rate outside [0, 1); ``operating_margin`` outside (−1, 1];
        ``term_years`` ≤ 0; an option that is not a number.

    Notes
    -----
    With turnover S:

    - royalty = S × royalty_rate; ad_levy = S × ad_levy_rate;
      annual_fees = royalty + ad_levy.
    - operating_profit = S × operating_margin (before fees);
      franchisee_profit = operating_profit − annual_fees.
    - franchisee_cost_year1 = franchisor_income_year1 = initial_fee + annual_fees;
      franchisor_income_term = initial_fee + term_years × annual_fees.
    - payback_months = initial_fee / (franchisee_profit / 12), NaN and note
      ``never_pays_back`` when franchisee_profit ≤ 0; pays_back = payback_months ≤
      term_years × 12, else note ``beyond_term``. Exactly at the term pays back.

    **Decision (royalty):** 4 % of turnover, the middle of the seed's "一般为经营总成本的
    3–5 %"; the seed also says "提取营业额的一定百分比", and we apply the rate to turnover
    as docs/method.md §5.3 does.

    **Decision (levy):** 2 % of turnover; the seed names the levy (以营业额的一定百分比作为
    标准) without a figure.

    **Decision (term):** 5 years; the seed lists 合同期限 among the contract's terms
    without a length.

    **Decision (payback):** simple payback, undiscounted, on a steady turnover; the year's
    fees are already in franchisee_profit, so only the initial fee is paid back. The
    franchisor's own costs of supporting the outlet are not deducted from its income.

    References
    ----------
    Seed 003, 特许经营 — 特许经营的费用: 特许加盟费 ("入会费"); 特许经营费 (提取营业额的一定
    百分比, 一般为经营总成本的 3–5 %); 广告分摊费; 特许经营合同: 合同期限. docs/method.md §5.3.

    Examples
    --------
    Turnover 1,000,000 at a 15 % margin, fee 50,000: royalty 40,000 + levy 20,000 = 60,000;
    profit 150,000 − 60,000 = 90,000 a year, 7,500 a month, so 50,000 / 7,500 = 6.67
    months; the franchisor takes 50,000 + 5 × 60,000 = 350,000 over the term. A 400,000
    outlet pays 24,000 in fees, keeps 60,000 − 24,000 = 36,000, i.e. 3,000 a month: 16.67
    months (franchisor: 50,000 + 5 × 24,000 = 170,000). At 5 % the 1,000,000 outlet earns
    50,000 − 60,000 = −10,000: it never pays back.

    >>> shops = pd.Series([1_000_000.0, 400_000.0], index=["城区店", "县城店"])
    >>> out = franchise_economics(shops, initial_fee=50_000, operating_margin=0.15)
    >>> out[["annual_fees", "franchisee_profit", "franchisor_income_term", "payback_months"]]
         annual_fees  franchisee_profit  franchisor_income_term  payback_months
    城区店      60000.0            90000.0                350000.0        6.666667
    县城店      24000.0            36000.0                170000.0       16.666667
    >>> poor = franchise_economics(1_000_000, initial_fee=50_000, operating_margin=0.05)
    >>> poor[["franchisee_profit", "payback_months", "pays_back", "note"]]
       franchisee_profit  payback_months  pays_back             note
    0           -10000.0             NaN      False  never_pays_back
    """
    s = _turnover(turnover)
    fee = number_option(initial_fee, "initial_fee", "a fee (a number ≥ 0)", lambda v: v >= 0)
    royalty_r = number_option(
        royalty_rate, "royalty_rate", "a rate in [0, 1) (0.04 = 4 %)", lambda v: 0 <= v < 1
    )
    levy_r = number_option(
        ad_levy_rate, "ad_levy_rate", "a rate in [0, 1) (0.02 = 2 %)", lambda v: 0 <= v < 1
    )
    margin = number_option(
        operating_margin,
        "operating_margin",
        "a margin in (−1, 1] (0.15 = 15 %)",
        lambda v: -1 < v <= 1,
    )
    term = number_option(term_years, "term_years", "a term in years > 0", lambda v: v > 0)

    x = s.to_numpy()
    royalty = x * royalty_r
    levy = x * levy_r
    fees = royalty + levy
    operating = x * margin
    profit = operating - fees
    earns = profit > 0
    monthly = np.where(earns, profit, 1.0) / 12.0  # placeholder 1.0 never used: no 0/0
    payback = np.where(earns, fee / monthly, np.nan)
    within = earns & (np.nan_to_num(payback, nan=np.inf) <= term * 12.0)
    note = np.where(~earns, "never_pays_back", np.where(within, "", "beyond_term"))
    return pd.DataFrame(
        {
            "turnover": x,
            "initial_fee": np.full(len(x), fee),
            "royalty": royalty,
            "ad_levy": levy,
            "annual_fees": fees,
            "operating_profit": operating,
            "franchisee_profit": profit,
            "franchisee_cost_year1": fee + fees,
            "franchisor_income_year1": fee + fees,
            "franchisor_income_term": fee + term * fees,
            "payback_months": payback,
            "pays_back": pd.array(within, dtype="bool"),
            "note": pd.array(note, dtype="str"),
        },
        index=s.index,
        columns=_COLUMNS,
    ).astype({c: "float64" for c in _COLUMNS[:11]})
