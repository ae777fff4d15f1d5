"""Judgement on the seed's bands: which exit channels to nurture, and what leaving costs.

The 8S model (`chananalysis.methods.scoring.channel_scores`) sends every channel whose
composite I falls below the exit band to 清理退出. The seed's rule is meant for
established channels; a channel that is new, or grows much faster than the company,
scores low on sales and contribution because it is young, not because it is weak.
`channel_judgement` keeps the seed's action beside a judged one — ``nurture``
(培育观察, review in 12 months) for such channels — and puts a number on what leaving
each exit or nurture channel would lose. `system_after` shows the channel system once
the exits are made (docs/method.md §6).

Examples
--------
See `channel_judgement` for a worked example; on the seasoning sample, 电商 (+84.6 %,
more than twice the company's +9.0 %) is nurtured instead of exited.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import as_table, need_columns, numbers, where

__all__ = [
    "DEFAULT_GROWTH_MULTIPLE",
    "JUDGED_ACTIONS",
    "SEED_ACTIONS",
    "channel_judgement",
    "system_after",
]

#: The seed's actions, as `channel_scores` gives them.
SEED_ACTIONS = ("deepen", "optimize", "exit")
#: The judged actions: the seed's three and ``nurture`` (培育观察, review in 12 months).
JUDGED_ACTIONS = ("deepen", "optimize", "nurture", "exit")
#: An exit-band channel growing this many times as fast as the company is nurtured.
DEFAULT_GROWTH_MULTIPLE = 2.0
#: Growth within this of the line counts as on it (float noise, not a decision).
_EPS = 1e-9
_BASES = ("auto", "contribution")
_COLUMNS = [
    "seed_action",
    "action",
    "reason",
    "growth",
    "company_growth",
    "contribution",
    "fixed_cost",
    "exit_loss",
    "flag",
]
_AFTER_COLUMNS = [
    "action",
    "sales",
    "share_before",
    "share_after",
    "contribution",
    "contribution_share_after",
]


def _checked(frame: object, table: str, cols: list[str]) -> None:
    need_columns(as_table(frame, table), table, cols)


def _by_channel(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` indexed by channel: its ``channel`` column if it has one, else its index."""
    if "channel" in frame.columns:
        if frame["channel"].isna().any():
            i = int(np.flatnonzero(frame["channel"].isna().to_numpy())[0])
            raise InputDataError(f"{where(frame, table, 'channel', i)}: the channel name is blank")
        out = frame.set_index(frame["channel"].astype("str"))
    else:
        out = frame.set_axis(frame.index.astype("str"), axis=0)
    dup = out.index.duplicated()
    if dup.any():
        raise InputDataError(
            f"{table}: channel {shown(out.index[dup][0])} is listed twice; "
            f"expected one row per channel"
        )
    out.index.name = "channel"
    return out


def _figures(
    frame: pd.DataFrame,
    table: str,
    col: str,
    *,
    low: float | None = 0.0,
    high: float | None = None,
    blank_ok: bool = False,
    rule: str = "a number ≥ 0",
    index: pd.Index | None = None,
) -> pd.Series:
    """``frame[col]`` as float; a value that is not a number in [low, high] raises.

    ``frame`` is indexed by channel, or is the sheet's rows of the channels wanted, given
    with ``index`` (their channels) so the message names the row, then the channel."""
    num = numbers(
        frame,
        table,
        col,
        low=low,
        high=high,
        required=not blank_ok,
        rule=rule,
        blank="is blank; expected {rule}",
        keys=() if index is None else ("channel",),  # a sheet's row: then its channel
    )
    return pd.Series(num, index=frame.index if index is None else index)


def _actions(frame: pd.DataFrame, table: str, col: str, allowed: tuple[str, ...]) -> pd.Series:
    act = frame[col]
    bad = ~act.isin(allowed)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            f"{where(frame, table, col, i)}: {shown(act.iloc[i])} is not an "
            f"action; expected one of {', '.join(allowed)}"
        )
    return act.astype("str")


def _multiple(growth_multiple: float) -> float:
    if (
        isinstance(growth_multiple, bool)
        or not isinstance(growth_multiple, Real)
        or not math.isfinite(float(growth_multiple))
        or float(growth_multiple) < 1
    ):
        raise InputDataError(
            f"growth_multiple: expected a number ≥ 1 (how many times the company's growth a "
            f"channel must grow to be nurtured; default 2); got {shown(growth_multiple)}"
        )
    return float(growth_multiple)


def channel_judgement(
    scores: pd.DataFrame,
    channels: pd.DataFrame,
    *,
    growth_multiple: float = DEFAULT_GROWTH_MULTIPLE,
    exit_loss_basis: str = "auto",
) -> pd.DataFrame:
    """Judge the seed's exit band: nurture new and fast-growing channels, price each exit.

    Parameters
    ----------
    scores
        The result of `chananalysis.channel_scores`: index ``channel``, columns ``sales``
        (A), ``profit`` (Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ), the channel contribution before product
        cost) and ``action`` (``deepen``, ``optimize`` or ``exit``). A ``channel`` column,
        if present, is used instead of the index.
    channels
        The ``channels`` sheet: ``channel, sales_prev, fixed_cost``, optional
        ``product_cost_rate`` (产品成本率). Every channel of ``scores`` must be in it;
        further channels are ignored.
    growth_multiple
        Keyword only: m, how many times the company's growth an exit channel must grow to
        be nurtured (**Decision**, default 2; ≥ 1).
    exit_loss_basis
        Keyword only: what leaving a channel loses. ``"auto"`` (**Decision**, default):
        the profit after product cost where the channel's ``product_cost_rate`` is given,
        else the contribution Dᵢ; ``"contribution"``: always Dᵢ.

    Returns
    -------
    pandas.DataFrame
        Index ``channel`` (the order of ``scores``); columns ``seed_action`` (the seed's
        action), ``action`` (judged: ``deepen``, ``optimize``, ``nurture`` or ``exit``),
        ``reason`` (code: ``new_channel``, ``fast_growth`` for a nurtured channel, else
        ``""``), ``growth`` (Hᵢ; NaN for a new channel), ``company_growth`` (H, the same
        on every row; NaN when no channel had prior sales), ``contribution`` (Dᵢ),
        ``fixed_cost`` (Cᵢ), ``exit_loss`` (what leaving would lose, net of the fixed cost
        it saves; 0.0 unless the judged or seed action is ``exit``/``nurture`` and the
        loss is > 0) and ``flag`` (code ``exit_loses_contribution`` when exit_loss > 0,
        else ``""``). When ``channels`` has ``product_cost_rate``, one more column:
        ``profit_after_product_cost`` (NaN where the rate is blank). ``attrs`` holds
        ``growth_multiple`` and ``exit_loss_basis``.

    Raises
    ------
    InputDataError
        A missing column; a channel of ``scores`` missing from ``channels`` (all are
        named) or listed twice; a seed action other than deepen/optimize/exit; a sales or
        fixed cost that is not a number ≥ 0, a contribution that is not a finite number, a
        prior sales that is not blank or a number ≥ 0, a product cost rate that is not
        blank or a fraction in [0, 1]; ``growth_multiple`` not a number ≥ 1;
        ``exit_loss_basis`` not ``"auto"`` or ``"contribution"``.

    Notes
    -----
    Hᵢ = Aᵢ / sales_prevᵢ − 1; H = ΣA / Σsales_prev − 1 (as in `channel_scores`). A channel
    is new when its sales_prev is 0 or blank.

    **Decision (nurture, docs/method.md §6):** a channel whose seed action is ``exit`` becomes
    ``nurture`` (培育观察, review in 12 months) when it is new (reason ``new_channel``) or
    grows fast (reason ``fast_growth``): Hᵢ ≥ m·H when H > 0, or Hᵢ > 0 when H ≤ 0 (the
    company shrinks: any growth is fast). Exactly at m·H counts as fast (1e-9 allowed for
    float noise). Any other channel keeps the seed's action. The seed's exit rule is for
    established channels; a young or fast-growing channel is small because it is young.

    exit loss: leaving channel i loses its sales net of their variable costs and saves its
    fixed cost Cᵢ, so it loses Aᵢ − Bᵢ·Aᵢ − Cᵢ = Dᵢ. **Decision (exit_loss_basis):** when
    the product cost rate Pᵢ is given, the product cost of those sales is saved as well,
    so the loss is the profit after product cost, Aᵢ·(1 − Pᵢ) − (Bᵢ·Aᵢ + Cᵢ) = Dᵢ − Pᵢ·Aᵢ
    (the seed's Dᵢ would overstate it by Pᵢ·Aᵢ); ``exit_loss_basis="contribution"`` keeps
    Dᵢ. exit_lossᵢ = that loss if the seed or judged action is exit/nurture and it is > 0,
    else 0.

    References
    ----------
    Seed 001, section 三 (Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ)), section 四 (Hᵢ against the company's H),
    section 六 (对于综合分析得分较低的细分渠道进行清理退出); seed 004, 第五节 三、渠道调整
    (三)渠道整合: 渠道增值原则 (every change must add value); docs/method.md §1.1 (contribution
    before product cost, product_cost_rate) and §6 (Judgement on the seed's bands).

    Examples
    --------
    H = 1,000 / 800 − 1 = 0.25. 特通 150 / 100 − 1 = 0.5 = 2H: nurtured; 团购 (0 %)
    stays exit and leaving it loses its contribution 100. 电商 is new but its
    contribution is −25: leaving loses nothing.

    >>> scores = pd.DataFrame({"sales": [600.0, 150.0, 50.0, 200.0],
    ...                        "profit": [380.0, 105.0, -25.0, 100.0],
    ...                        "action": ["deepen", "exit", "exit", "exit"]},
    ...                       index=pd.Index(["KA", "特通", "电商", "团购"], name="channel"))
    >>> channels = pd.DataFrame({"channel": ["KA", "特通", "电商", "团购"],
    ...                          "sales_prev": [500.0, 100.0, 0.0, 200.0],
    ...                          "fixed_cost": [100.0, 30.0, 60.0, 80.0]})
    >>> j = channel_judgement(scores, channels)
    >>> j[["seed_action", "action", "reason", "growth", "company_growth", "exit_loss"]]
            seed_action   action       reason  growth  company_growth  exit_loss
    channel
    KA           deepen   deepen                  0.2            0.25        0.0
    特通             exit  nurture  fast_growth     0.5            0.25      105.0
    电商             exit  nurture  new_channel     NaN            0.25        0.0
    团购             exit     exit                  0.0            0.25      100.0

    With m = 3 the line is 0.75, and 特通 stays exit:

    >>> channel_judgement(scores, channels, growth_multiple=3)["action"].tolist()
    ['deepen', 'exit', 'nurture', 'exit']

    A product cost rate of 0.6 on 团购: leaving saves 0.6 × 200 = 120 of product cost, so
    it loses 100 − 120 = −20, i.e. nothing:

    >>> pc = channels.assign(product_cost_rate=[0.5, 0.5, 0.5, 0.6])
    >>> channel_judgement(scores, pc).loc["团购", ["profit_after_product_cost", "exit_loss"]]
    profit_after_product_cost   -20.0
    exit_loss                     0.0
    Name: 团购, dtype: float64
    """
    m = _multiple(growth_multiple)
    if exit_loss_basis not in _BASES:
        raise InputDataError(
            f"exit_loss_basis: expected one of {', '.join(map(repr, _BASES))}; "
            f"got {shown(exit_loss_basis)}"
        )
    _checked(scores, "scores", ["sales", "profit", "action"])
    _checked(channels, "channels", ["channel", "sales_prev", "fixed_cost"])
    sc = _by_channel(scores, "scores")
    ch = _by_channel(channels, "channels")
    missing = [c for c in sc.index if c not in ch.index]
    if missing:
        raise InputDataError(
            f"channels: no row for the scored channel(s) {', '.join(missing)}; "
            f"expected every channel of scores"
        )
    rows = channels.iloc[pd.Index(channels["channel"].astype("str")).get_indexer(sc.index)]
    ch = ch.loc[sc.index]

    seed = _actions(sc, "scores", "action", SEED_ACTIONS)
    a = _figures(sc, "scores", "sales")
    d = _figures(sc, "scores", "profit", low=None, rule="a finite number")
    prev = _figures(
        rows, "channels", "sales_prev", blank_ok=True, rule="blank or a number ≥ 0", index=ch.index
    )
    fixed = _figures(rows, "channels", "fixed_cost", index=ch.index)
    rate = None
    if "product_cost_rate" in ch.columns:
        rate = _figures(
            rows,
            "channels",
            "product_cost_rate",
            high=1.0,
            blank_ok=True,
            rule="blank or a fraction in [0, 1] (0.55 = 55 %)",
            index=ch.index,
        )

    new = prev.isna() | (prev == 0)
    growth = a / prev.where(~new) - 1.0
    total_prev = float(prev.sum())
    company = float(a.sum()) / total_prev - 1.0 if total_prev > 0 else float("nan")
    if math.isnan(company):
        fast = pd.Series(False, index=sc.index)
    elif company > 0:
        fast = growth >= m * company - _EPS
    else:
        fast = growth > _EPS
    fast = fast.fillna(False).astype("bool") & ~new
    nurture = (seed == "exit") & (new | fast)
    action = seed.where(~nurture, "nurture")
    reason = np.where(nurture & new, "new_channel", np.where(nurture, "fast_growth", ""))

    after = None if rate is None else d - rate * a
    loss = d
    if after is not None and exit_loss_basis == "auto":
        loss = after.where(after.notna(), d)
    leaving = action.isin(["exit", "nurture"]) | (seed == "exit")
    exit_loss = loss.where(leaving & (loss > 0), 0.0).astype("float64")

    out = pd.DataFrame(
        {
            "seed_action": seed,
            "action": action.astype("str"),
            "reason": pd.Series(reason, index=sc.index, dtype="str"),
            "growth": growth.astype("float64"),
            "company_growth": pd.Series(company, index=sc.index, dtype="float64"),
            "contribution": d,
            "fixed_cost": fixed,
            "exit_loss": exit_loss,
            "flag": pd.Series(
                np.where(exit_loss > 0, "exit_loses_contribution", ""), index=sc.index, dtype="str"
            ),
        },
        index=sc.index,
    )[_COLUMNS]
    if after is not None:
        out["profit_after_product_cost"] = after.astype("float64")
    out.index.name = "channel"
    out.attrs["growth_multiple"] = m
    out.attrs["exit_loss_basis"] = exit_loss_basis
    return out


def system_after(scores: pd.DataFrame, judgement: pd.DataFrame) -> pd.DataFrame:
    """The channel system after the recommended changes: the channels kept and their shares.

    Parameters
    ----------
    scores
        The result of `chananalysis.channel_scores` (its ``sales`` column, index
        ``channel``; a ``channel`` column, if present, is used instead).
    judgement
        The result of `channel_judgement` (its ``action`` and ``contribution``); every
        channel in it must be in ``scores``.

    Returns
    -------
    pandas.DataFrame
        Index ``channel``: the channels kept (judged action other than ``exit``), in the
        order of ``judgement``; columns ``action``, ``sales``, ``share_before`` (of all
        channels' sales), ``share_after`` (of the kept channels' sales), ``contribution``
        (Dᵢ) and ``contribution_share_after`` (of the kept channels' contribution).
        ``attrs``: ``dropped`` (list of the exited channels), ``sales_kept_share`` (kept
        sales / all sales), ``contribution_kept`` and ``contribution_dropped`` (ΣD of each
        group; floats) and ``notes`` (list of codes: ``no_denominator:sales`` when all
        sales are 0, ``no_denominator:sales_kept`` when the kept channels sell nothing,
        ``no_denominator:contribution_kept`` when their contribution is ≤ 0).

    Raises
    ------
    InputDataError
        A missing column; a channel of ``judgement`` missing from ``scores`` or listed
        twice; an action other than deepen/optimize/nurture/exit; a sales that is not a
        number ≥ 0 or a contribution that is not a finite number.

    Notes
    -----
    share_beforeᵢ = Aᵢ / ΣA (all channels); share_afterᵢ = Aᵢ / ΣA (kept);
    contribution_share_afterᵢ = Dᵢ / ΣD (kept). sales_kept_share = ΣA (kept) / ΣA (all).

    **Decision:** a contribution share is only defined when the kept channels contribute
    more than 0 in total; otherwise it is NaN (a share of a loss reads backwards) with the
    note ``no_denominator:contribution_kept``. Nurtured channels are kept.

    References
    ----------
    Seed 001, section 六: 通过以上三个方面的调整后 … 各种细分渠道之间的冲突进行分析调整 (the
    system after the exits, whose channels are then checked for conflicts); seed 004, 第五节
    三、渠道调整 (一) 1 调整分销渠道结构; docs/method.md §6.

    Examples
    --------
    Keeping KA, 特通 and 电商 (800 of 1,000 sales) and dropping 团购: KA's share goes from
    600 / 1,000 to 600 / 800; its contribution is 380 of 380 + 105 − 25 = 460.

    >>> scores = pd.DataFrame({"sales": [600.0, 150.0, 50.0, 200.0]},
    ...                       index=pd.Index(["KA", "特通", "电商", "团购"], name="channel"))
    >>> judgement = pd.DataFrame({"action": ["deepen", "nurture", "nurture", "exit"],
    ...                           "contribution": [380.0, 105.0, -25.0, 100.0]},
    ...                          index=scores.index)
    >>> after = system_after(scores, judgement)
    >>> after[["sales", "share_before", "share_after", "contribution_share_after"]].round(4)
             sales  share_before  share_after  contribution_share_after
    channel
    KA       600.0          0.60       0.7500                    0.8261
    特通       150.0          0.15       0.1875                    0.2283
    电商        50.0          0.05       0.0625                   -0.0543
    >>> after.attrs["dropped"], after.attrs["sales_kept_share"], after.attrs["contribution_kept"]
    (['团购'], 0.8, 460.0)
    """
    _checked(scores, "scores", ["sales"])
    _checked(judgement, "judgement", ["action", "contribution"])
    sc = _by_channel(scores, "scores")
    jd = _by_channel(judgement, "judgement")
    missing = [c for c in jd.index if c not in sc.index]
    if missing:
        raise InputDataError(
            f"scores: no row for the judged channel(s) {', '.join(missing)}; "
            f"expected every channel of judgement"
        )
    action = _actions(jd, "judgement", "action", JUDGED_ACTIONS)
    d = _figures(jd, "judgement", "contribution", low=None, rule="a finite number")
    a = _figures(sc.loc[jd.index], "scores", "sales")

    notes: list[str] = []
    kept = action != "exit"
    total, total_kept = float(a.sum()), float(a[kept].sum())
    d_kept, d_dropped = float(d[kept].sum()), float(d[~kept].sum())
    if total <= 0:
        notes.append("no_denominator:sales")
    if kept.any() and total_kept <= 0:
        notes.append("no_denominator:sales_kept")
    if kept.any() and d_kept <= 0:
        notes.append("no_denominator:contribution_kept")

    def share(x: pd.Series, of: float) -> pd.Series:
        return (x / of if of > 0 else x * np.nan).astype("float64")

    out = pd.DataFrame(
        {
            "action": action[kept],
            "sales": a[kept],
            "share_before": share(a[kept], total),
            "share_after": share(a[kept], total_kept),
            "contribution": d[kept],
            "contribution_share_after": share(d[kept], d_kept),
        }
    )[_AFTER_COLUMNS]
    out.index.name = "channel"
    out.attrs["dropped"] = [str(c) for c in jd.index[~kept]]
    out.attrs["sales_kept_share"] = total_kept / total if total > 0 else float("nan")
    out.attrs["contribution_kept"] = d_kept
    out.attrs["contribution_dropped"] = d_dropped
    out.attrs["notes"] = notes
    return out
