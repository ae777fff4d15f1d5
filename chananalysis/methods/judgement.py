"""Judgement on the seed's bands: which channels to nurture, keep and grow, or exit.

The 8S model (`chananalysis.methods.scoring.channel_scores`) sends every channel whose
composite I falls below the exit band to 清理退出 and the middle band to 做大放小. Its
indices measure size, and the rule is meant for established channels: a channel that is
new or grows much faster than the company scores low because it is young, and a small
channel that grows faster than the company, meets its target and contributes scores low
because it is small. `channel_judgement` keeps the seed's band beside a judged action —
``nurture`` (培育观察, review in 12 months), ``keep_and_grow`` (保持并发展) — and puts one
number on what exiting each channel would do to the company's contribution
(``exit_effect``); an exit that loses money is ``cut_cost_before_exit``. `system_after`
shows the channel system once the exits are made (docs/method.md §6.4).

Examples
--------
See `channel_judgement` for a worked example. On the seasoning sample, 电商 (+84.6 %,
more than twice the company's +9.0 %) is nurtured, 校园特通 and 餐饮 keep and grow, and
exiting 便利连锁 would change the company's contribution by +480,000 − 1,850,000 =
−1,370,000, so its costs are cut first.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, shown
from chananalysis.methods.inputs import as_table, need_columns, numbers, where

__all__ = [
    "DEFAULT_AVOIDABLE_FIXED",
    "DEFAULT_GROWTH_MULTIPLE",
    "JUDGED_ACTIONS",
    "REASONS",
    "SEED_ACTIONS",
    "channel_judgement",
    "system_after",
]

#: The seed's actions, as `channel_scores` gives them.
SEED_ACTIONS = ("deepen", "optimize", "exit")
#: The judged actions: the seed's three, ``nurture`` (培育观察, review in 12 months),
#: ``keep_and_grow`` (保持并发展) and ``cut_cost_before_exit`` (an exit that would lose money).
JUDGED_ACTIONS = ("deepen", "optimize", "nurture", "keep_and_grow", "exit", "cut_cost_before_exit")
#: Why a judged action differs from the seed's (``""`` when it does not).
REASONS = ("new_channel", "fast_growth", "healthy", "exit_loses")
#: An exit-band channel growing this many times as fast as the company is nurtured.
DEFAULT_GROWTH_MULTIPLE = 2.0
#: The share of a channel's fixed cost that exiting it saves (**Decision**).
DEFAULT_AVOIDABLE_FIXED = 0.5
#: Growth or achievement within this of the line counts as on it (float noise, not a decision).
_EPS = 1e-9
_BASES = ("auto", "contribution")
_COLUMNS = [
    "seed_action",
    "action",
    "reason",
    "growth",
    "company_growth",
    "achievement",
    "company_achievement",
    "contribution",
    "fixed_cost",
    "exit_effect",
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


def _share(avoidable_fixed: float) -> float:
    if (
        isinstance(avoidable_fixed, bool)
        or not isinstance(avoidable_fixed, Real)
        or not 0.0 <= float(avoidable_fixed) <= 1.0  # NaN fails too
    ):
        raise InputDataError(
            f"avoidable_fixed: expected a fraction in [0, 1] (the share of a channel's fixed "
            f"cost that exiting it saves; default 0.5 = half); got {shown(avoidable_fixed)}"
        )
    return float(avoidable_fixed)


def _flag(keep_healthy: bool) -> bool:
    if not isinstance(keep_healthy, bool | np.bool_):
        raise InputDataError(
            f"keep_healthy: expected True or False (keep and grow the healthy channels of the "
            f"exit and optimise bands; default True); got {shown(keep_healthy)}"
        )
    return bool(keep_healthy)


def channel_judgement(
    scores: pd.DataFrame,
    channels: pd.DataFrame,
    *,
    growth_multiple: float = DEFAULT_GROWTH_MULTIPLE,
    exit_loss_basis: str = "auto",
    avoidable_fixed: float = DEFAULT_AVOIDABLE_FIXED,
    keep_healthy: bool = True,
) -> pd.DataFrame:
    """Judge the seed's bands: nurture the young, keep the healthy, price every exit.

    Parameters
    ----------
    scores
        The result of `chananalysis.channel_scores`: index ``channel``, columns ``sales``
        (A), ``profit`` (Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ), the channel contribution before product
        cost) and ``action`` (``deepen``, ``optimize`` or ``exit``). A ``channel`` column,
        if present, is used instead of the index.
    channels
        The ``channels`` sheet: ``channel, sales_prev, fixed_cost``, optional ``target``
        (销售目标) and ``product_cost_rate`` (产品成本率). Every channel of ``scores`` must
        be in it; further channels are ignored.
    growth_multiple
        Keyword only: m, how many times the company's growth an exit channel must grow to
        be nurtured (**Decision**, default 2; ≥ 1).
    exit_loss_basis
        Keyword only: what the channel's own result is in the exit economics. ``"auto"``
        (**Decision**, default): the profit after product cost where the channel's
        ``product_cost_rate`` is given, else the contribution Dᵢ; ``"contribution"``:
        always Dᵢ.
    avoidable_fixed
        Keyword only: a, the share of a channel's fixed cost that exiting it saves
        (**Decision**, default 0.5; a fraction in [0, 1]). The rest stays with the company
        (shared staff, warehouses, contracts that run on).
    keep_healthy
        Keyword only: apply the keep-and-grow rule (**Decision**, default ``True``);
        ``False`` leaves the seed's exit and optimise bands as they are (the nurture and
        exit-economics rules still apply).

    Returns
    -------
    pandas.DataFrame
        Index ``channel`` (the order of ``scores``); columns ``seed_action`` (the seed's
        band, "the textbook rule"), ``action`` (judged: ``deepen``, ``optimize``,
        ``nurture``, ``keep_and_grow``, ``exit`` or ``cut_cost_before_exit``), ``reason``
        (code: ``new_channel`` or ``fast_growth`` for a nurtured channel, ``healthy`` for
        keep_and_grow, ``exit_loses`` for cut_cost_before_exit, else ``""``), ``growth``
        (Hᵢ; NaN for a new channel), ``company_growth`` (H, the same on every row; NaN
        when no channel had prior sales), ``achievement`` (sales / target; NaN without a
        target), ``company_achievement`` (the same on every row; NaN without targets),
        ``contribution`` (Dᵢ), ``fixed_cost`` (Cᵢ) and ``exit_effect`` (the effect of
        exiting on the company's contribution, every channel). When ``channels`` has
        ``product_cost_rate``, one more column: ``profit_after_product_cost`` (NaN where
        the rate is blank). ``attrs`` holds ``growth_multiple``, ``exit_loss_basis``,
        ``avoidable_fixed`` and ``keep_healthy``.

    Raises
    ------
    InputDataError
        A missing column; a channel of ``scores`` missing from ``channels`` (all are
        named) or listed twice; a seed action other than deepen/optimize/exit; a sales or
        fixed cost that is not a number ≥ 0, a contribution that is not a finite number, a
        prior sales or target that is not blank or a number ≥ 0, a product cost rate that
        is not blank or a fraction in [0, 1]; ``growth_multiple`` not a number ≥ 1;
        ``exit_loss_basis`` not ``"auto"`` or ``"contribution"``; ``avoidable_fixed`` not
        a fraction in [0, 1]; ``keep_healthy`` not True or False.

    Notes
    -----
    Hᵢ = Aᵢ / sales_prevᵢ − 1; H = ΣA / Σsales_prev − 1 (as in `channel_scores`). A channel
    is new when its sales_prev is 0 or blank. achievementᵢ = Aᵢ / targetᵢ; the company's =
    ΣA / Σtarget over the channels with a target (blank or 0: none).

    The rules, in order (docs/method.md §6.4):

    1. **Decision (nurture):** a channel whose seed action is ``exit`` becomes ``nurture``
       (培育观察, review in 12 months) when it is new (reason ``new_channel``) or grows fast
       (``fast_growth``): Hᵢ ≥ m·H when H > 0, or Hᵢ > 0 when H ≤ 0 (the company shrinks:
       any growth is fast).
    2. **Decision (keep and grow):** otherwise a channel in the exit or optimise band is
       ``keep_and_grow`` (保持并发展, reason ``healthy``) when it is healthy: Dᵢ > 0,
       Hᵢ ≥ H, and — when the sheet has targets and the channel has one —
       achievementᵢ ≥ the company's. The 8S indices measure size; a small channel that
       grows with or faster than the company, meets its target as well and contributes is
       not a channel to shrink or leave. A new channel, or no company growth (NaN), is
       never healthy by this rule. ``keep_healthy=False`` switches it off.
    3. **Decision (exit economics):** exiting channel i saves its variable costs, its
       product cost (when known) and a share a of its fixed cost Cᵢ, and loses its sales:
       exit_effectᵢ = −Dᵢ − (1 − a)·Cᵢ, with Dᵢ replaced by the profit after product cost
       Dᵢ − Pᵢ·Aᵢ when ``exit_loss_basis="auto"`` and the rate Pᵢ is given. A channel left
       in the exit band is ``exit`` when exit_effectᵢ ≥ 0 and ``cut_cost_before_exit``
       (reason ``exit_loses``) when it is < 0: exit alone would lose money.
    4. Any other channel keeps the seed's action.

    Exactly on a line counts as reaching it (1e-9 allowed for float noise; for the exit
    effect, 1e-9 of the larger of the channel's |Dᵢ| and Cᵢ).

    References
    ----------
    Seed 001, section 三 (Dᵢ = Aᵢ − (Bᵢ·Aᵢ + Cᵢ)), section 四 (Hᵢ against the company's H),
    section 六 (对于综合分析得分较低的细分渠道进行清理退出; 做大放小); seed 004, 第五节
    三、渠道调整 (三)渠道整合: 渠道增值原则 (every change must add value); docs/method.md
    §1.1 (contribution before product cost, product_cost_rate) and §6.4 (channel verdicts).

    Examples
    --------
    ΣA = 600 + 150 + 115 + 90 + 145 = 1,100, Σsales_prev = 1,000: H = 0.1, 2H = 0.2;
    Σtarget = 1,100: the company reaches 100 % of its target. 特通 grows 0.5 ≥ 2H:
    nurtured. 校园 (exit band) grows 0.15 ≥ 0.1, reaches 115 / 100 = 115 % and contributes
    40: keep and grow. With a = 0.5, exiting 便利 changes the company's contribution by
    +20 − 0.5 × 80 = −20 < 0: cut its costs before exiting; exiting 团购 by
    +60 − 0.5 × 80 = +20 ≥ 0: exit.

    >>> names = pd.Index(["KA", "特通", "校园", "便利", "团购"], name="channel")
    >>> scores = pd.DataFrame({"sales": [600.0, 150.0, 115.0, 90.0, 145.0],
    ...                        "profit": [380.0, 105.0, 40.0, -20.0, -60.0],
    ...                        "action": ["deepen", "exit", "exit", "exit", "exit"]},
    ...                       index=names)
    >>> channels = pd.DataFrame({"channel": names,
    ...                          "sales_prev": [500.0, 100.0, 100.0, 100.0, 200.0],
    ...                          "fixed_cost": [100.0, 30.0, 20.0, 80.0, 80.0],
    ...                          "target": [600.0, 150.0, 100.0, 100.0, 150.0]})
    >>> j = channel_judgement(scores, channels)
    >>> j[["seed_action", "action", "reason", "growth", "exit_effect"]]
            seed_action                action       reason  growth  exit_effect
    channel
    KA           deepen                deepen                0.200       -430.0
    特通             exit               nurture  fast_growth   0.500       -120.0
    校园             exit         keep_and_grow      healthy   0.150        -50.0
    便利             exit  cut_cost_before_exit   exit_loses  -0.100        -20.0
    团购             exit                  exit               -0.275         20.0
    >>> j.loc["校园", ["achievement", "company_achievement"]].tolist()
    [1.15, 1.0]

    Without the keep rule 校园 stays in the exit band, where exiting loses 40 + 10 = 50:

    >>> channel_judgement(scores, channels, keep_healthy=False).loc["校园", "action"]
    'cut_cost_before_exit'

    If exiting saved all the fixed cost (a = 1), the effect is −Dᵢ: 便利 +20, so exit:

    >>> channel_judgement(scores, channels, avoidable_fixed=1)["exit_effect"].tolist()
    [-380.0, -105.0, -40.0, 20.0, 60.0]
    """
    m = _multiple(growth_multiple)
    share = _share(avoidable_fixed)
    keep_rule = _flag(keep_healthy)
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
    blank_or = "blank or a number ≥ 0"
    prev = _figures(rows, "channels", "sales_prev", blank_ok=True, rule=blank_or, index=ch.index)
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
    target = pd.Series(np.nan, index=sc.index, dtype="float64")
    if "target" in ch.columns:
        target = _figures(rows, "channels", "target", blank_ok=True, rule=blank_or, index=ch.index)
        target = target.where(target > 0)  # blank or 0: no target

    # 1. nurture: new or fast-growing channels of the exit band
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

    # 2. keep and grow: healthy channels of the exit and optimise bands
    has_target = target.notna()
    achievement = (a / target).astype("float64")
    company_ach = (
        float(a[has_target].sum()) / float(target[has_target].sum())
        if has_target.any()
        else float("nan")
    )
    grows = (growth >= company - _EPS).fillna(False).astype("bool")  # NaN H or Hᵢ: False
    meets = ~has_target | (achievement >= company_ach - _EPS).fillna(False).astype("bool")
    healthy = seed.isin(["exit", "optimize"]) & ~nurture & (d > 0) & grows & meets
    keep = healthy if keep_rule else pd.Series(False, index=sc.index)

    # 3. exit economics, for every channel
    after = None if rate is None else d - rate * a
    own = d
    if after is not None and exit_loss_basis == "auto":
        own = after.where(after.notna(), d)
    effect = (-own - (1.0 - share) * fixed).astype("float64")
    tol = _EPS * np.maximum(np.maximum(own.abs(), fixed), 1.0)
    left = (seed == "exit") & ~nurture & ~keep
    loses = left & (effect < -tol)

    action = seed.copy()
    action[nurture] = "nurture"
    action[keep] = "keep_and_grow"
    action[loses] = "cut_cost_before_exit"
    reason = pd.Series("", index=sc.index, dtype="str")
    reason[nurture & new] = "new_channel"
    reason[nurture & ~new] = "fast_growth"
    reason[keep] = "healthy"
    reason[loses] = "exit_loses"

    out = pd.DataFrame(
        {
            "seed_action": seed,
            "action": action.astype("str"),
            "reason": reason.astype("str"),
            "growth": growth.astype("float64"),
            "company_growth": pd.Series(company, index=sc.index, dtype="float64"),
            "achievement": achievement,
            "company_achievement": pd.Series(company_ach, index=sc.index, dtype="float64"),
            "contribution": d,
            "fixed_cost": fixed,
            "exit_effect": effect,
        },
        index=sc.index,
    )[_COLUMNS]
    if after is not None:
        out["profit_after_product_cost"] = after.astype("float64")
    out.index.name = "channel"
    out.attrs["growth_multiple"] = m
    out.attrs["exit_loss_basis"] = exit_loss_basis
    out.attrs["avoidable_fixed"] = share
    out.attrs["keep_healthy"] = keep_rule
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
        Index ``channel``: the channels kept (every judged action but ``exit``: a channel
        to nurture, keep and grow, or cut costs before exiting stays), in the order of
        ``judgement``; columns ``action``, ``sales``, ``share_before`` (of all
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
        twice; an action not in `JUDGED_ACTIONS`; a sales that is not a
        number ≥ 0 or a contribution that is not a finite number.

    Notes
    -----
    share_beforeᵢ = Aᵢ / ΣA (all channels); share_afterᵢ = Aᵢ / ΣA (kept);
    contribution_share_afterᵢ = Dᵢ / ΣD (kept). sales_kept_share = ΣA (kept) / ΣA (all).

    **Decision:** a contribution share is only defined when the kept channels contribute
    more than 0 in total; otherwise it is NaN (a share of a loss reads backwards) with the
    note ``no_denominator:contribution_kept``.

    **Decision (docs/method.md §6.4):** only a channel whose judged action is ``exit`` is
    removed. A ``cut_cost_before_exit`` channel stays until its costs are cut and the exit
    is decided again; ``nurture`` and ``keep_and_grow`` channels stay.

    References
    ----------
    Seed 001, section 六: 通过以上三个方面的调整后 … 各种细分渠道之间的冲突进行分析调整 (the
    system after the exits, whose channels are then checked for conflicts); seed 004, 第五节
    三、渠道调整 (一) 1 调整分销渠道结构; docs/method.md §6.4.

    Examples
    --------
    Keeping KA, 特通 (keep and grow) and 便利 (cut costs first; 800 of 1,000 sales) and
    dropping 团购 (exit): KA's share goes from 600 / 1,000 to 600 / 800; its contribution
    is 380 of 380 + 105 − 25 = 460.

    >>> scores = pd.DataFrame({"sales": [600.0, 150.0, 50.0, 200.0]},
    ...                       index=pd.Index(["KA", "特通", "便利", "团购"], name="channel"))
    >>> judgement = pd.DataFrame(
    ...     {"action": ["deepen", "keep_and_grow", "cut_cost_before_exit", "exit"],
    ...      "contribution": [380.0, 105.0, -25.0, -100.0]}, index=scores.index)
    >>> after = system_after(scores, judgement)
    >>> after[["sales", "share_before", "share_after", "contribution_share_after"]].round(4)
             sales  share_before  share_after  contribution_share_after
    channel
    KA       600.0          0.60       0.7500                    0.8261
    特通       150.0          0.15       0.1875                    0.2283
    便利        50.0          0.05       0.0625                   -0.0543
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
