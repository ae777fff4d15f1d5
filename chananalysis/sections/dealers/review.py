"""The dealer evaluation of one client, assembled for report section 03.

`review_dealers` runs the star scorecard, the dealer classes, the census check, the
market-role fit and the channel-specialisation check on whatever sheets the client gave,
and picks out what the report talks about: the league table, the big dealers that score
low (seed 002 "大未必美"), the disqualified dealers, low-loyalty dealers ("忠诚度第一").
Pure: frames in, a frozen record of frames out; the words are in this section's
``text.py``.

Examples
--------
The example rows of the intake template (D001 is docs/method.md §2.1's worked example):

>>> from chananalysis.intake.columns import SHEETS
>>> kpis = SHEETS["dealer_kpis"].examples()
>>> dealers = SHEETS["dealers"].examples()
>>> r = review_dealers(kpis, dealers)
>>> r.league[["dealer_class", "total", "stars", "rank"]].round(2)
       dealer_class  total  stars  rank
dealer
D002              B  92.38      5     1
D001              A  85.02      4     2
D003              D  38.67      0     3
>>> r.disqualified[["veto_count", "reason"]]
        veto_count reason
dealer
D003             3   veto
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chananalysis.errors import InputDataError, ScorecardConfigError
from chananalysis.methods.dealers import (
    FIT_TOLERANCE,
    CensusCompleteness,
    census_completeness,
    channel_specialisation,
    dealer_classes,
    dealer_columns,
    market_fit,
)
from chananalysis.methods.scorecard import star_scorecard
from chananalysis.methods.scorecard_config import Scorecard, load_scorecard
from chananalysis.methods.scoring import DEFAULT_CLASS_THRESHOLDS
from chananalysis.sections.registry import section_of

if TYPE_CHECKING:
    from chananalysis.intake.read import ClientData

__all__ = [
    "KEY",
    "LOW_LOYALTY",
    "WEAK_STARS",
    "DealersReview",
    "indicator_summary",
    "review",
    "review_dealers",
]

#: This section's key (`chananalysis.sections.registry`).
KEY = section_of(__name__).key

#: **Decision** (not in the seed): a loyalty rating below this is low ("忠诚度第一").
LOW_LOYALTY = 60.0
#: **Decision:** a class-A dealer whose total is below the floor of this star band
#: (70 points with the bundled bands) is "big but weak" (大未必美).
WEAK_STARS = 3


@dataclass(frozen=True)
class DealersReview:
    """Everything section 03 shows; a frame is ``None`` when its sheet was not given.

    Attributes
    ----------
    card
        The scorecard used.
    scores
        `star_scorecard` output (``dealer_kpis`` given).
    league
        Index ``dealer``, best first (stars, then total): ``name, dealer_class,
        annual_sales, market_role`` (when ``dealers`` is given), the category scores,
        ``bonus, penalty, total, stars, disqualified, veto_count, reason`` and ``rank``.
    disqualified
        The disqualified rows of ``league``.
    big_weak
        Class-A dealers whose total is below ``weak_below`` (both sheets given), lowest
        total first.
    weak_below
        The line used for ``big_weak``: the floor of the ``weak_stars`` band.
    census
        `census_completeness` (``dealers`` given).
    fit
        `market_fit` with ``name`` in front (``dealers`` given with capability ratings).
    specialisation
        `channel_specialisation` with ``name`` (``dealer_channel_sales`` given).
    low_loyalty
        Dealers rated below ``loyalty_below``: ``name, loyalty`` and, with scores,
        ``total, stars``.
    indicators
        `indicator_summary` of the scores.
    names
        Dealer names by dealer id (``dealers`` given with names).
    loyalty_below
        The loyalty rating below which a dealer is listed in ``low_loyalty``.
    weak_stars
        The star band whose floor is ``weak_below``.
    class_a
        Annual sales from which a dealer is class A (the first class threshold).
    veto_source
        Where the veto's complaint counts came from: ``kpis`` (the ``dealer_kpis``
        column) or ``diversion`` (incidents traced from product codes, section 04).
    unscored
        What an indicator that cannot be scored counted for: ``average`` (left out; the
        dealer's stars are provisional) or ``zero``.
    """

    card: Scorecard
    scores: pd.DataFrame | None
    league: pd.DataFrame | None
    disqualified: pd.DataFrame | None
    big_weak: pd.DataFrame | None
    weak_below: float
    census: CensusCompleteness | None
    fit: pd.DataFrame | None
    specialisation: pd.DataFrame | None
    low_loyalty: pd.DataFrame | None
    indicators: pd.DataFrame | None = None
    fit_tolerance: float = FIT_TOLERANCE
    names: pd.Series | None = None
    loyalty_below: float = LOW_LOYALTY
    weak_stars: int = WEAK_STARS
    class_a: float = DEFAULT_CLASS_THRESHOLDS[0]
    veto_source: str = "kpis"
    unscored: str = "average"

    @property
    def loyalty_gap(self) -> float:
        """Mean total of the other dealers minus that of low-loyalty dealers (NaN when
        either group is empty or not scored)."""
        if self.low_loyalty is None or self.league is None or "total" not in self.low_loyalty:
            return float("nan")
        low = self.league.index.isin(self.low_loyalty.index)
        if not low.any() or low.all():
            return float("nan")
        return float(self.league.loc[~low, "total"].mean() - self.league.loc[low, "total"].mean())


def indicator_summary(scores: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """How each indicator scored across dealers: which ones drag the totals down.

    Returns
    -------
    pandas.DataFrame
        Index ``indicator`` (scorecard order); ``category`` (key), ``mean``, ``min``,
        ``max`` (of the dealers scored), ``zero_share`` (share of scored dealers at 0
        points) and ``unscored`` (dealers not scored).

    Examples
    --------
    >>> card = load_scorecard()
    >>> s = pd.DataFrame({"task_achievement": [120.0, 80.0, float("nan")]})
    >>> indicator_summary(s, card).loc[["task_achievement"]]
                         category   mean   min    max  zero_share  unscored
    indicator
    task_achievement  sales_growth  100.0  80.0  120.0         0.0         1
    """
    rows = []
    for cat in card.categories:
        for ind in cat.indicators:
            v = scores[ind.key] if ind.key in scores else pd.Series(dtype="float64")
            scored = v.dropna()
            rows.append(
                {
                    "indicator": ind.key,
                    "category": cat.key,
                    "mean": scored.mean() if len(scored) else np.nan,
                    "min": scored.min() if len(scored) else np.nan,
                    "max": scored.max() if len(scored) else np.nan,
                    "zero_share": float((scored == 0).mean()) if len(scored) else np.nan,
                    "unscored": int(v.isna().sum()),
                }
            )
    return pd.DataFrame(rows).set_index("indicator")


def _named(frame: pd.DataFrame, names: pd.Series | None) -> pd.DataFrame:
    """``frame`` (indexed by dealer) with the dealers' names as its first column."""
    if names is not None:
        frame.insert(0, "name", names.reindex(frame.index))
    return frame


def _names(dealers: pd.DataFrame | None) -> pd.Series | None:
    if dealers is None or "name" not in dealers.columns:
        return None
    return dealers.set_index("dealer")["name"]


def review_dealers(
    kpis: pd.DataFrame | None,
    dealers: pd.DataFrame | None,
    dealer_channel_sales: pd.DataFrame | None = None,
    *,
    config: str | os.PathLike | Mapping | Scorecard | None = None,
    thresholds: Sequence[float] = DEFAULT_CLASS_THRESHOLDS,
    fit_weights: Mapping[str, Mapping[str, float]] | None = None,
    fit_tolerance: float = FIT_TOLERANCE,
    veto_counts: pd.Series | None = None,
    weak_stars: int = WEAK_STARS,
    low_loyalty: float = LOW_LOYALTY,
    unscored: str = "average",
) -> DealersReview:
    """Run the dealer evaluation on the sheets given.

    Parameters
    ----------
    kpis, dealers, dealer_channel_sales
        The client's sheets, ``None`` when absent.
    config
        Keyword only: the scorecard (see `chananalysis.methods.scorecard.load_scorecard`).
    thresholds
        Keyword only: class thresholds A, B, C (docs/method.md §1.2).
    fit_weights, fit_tolerance
        Keyword only: passed to `chananalysis.methods.dealers.market_fit`.
    veto_counts
        Keyword only: passed to `chananalysis.methods.scorecard.star_scorecard`.
    weak_stars
        Keyword only (**Decision**): a class-A dealer whose total is below the floor of
        this star band is "big but weak" (大未必美); default `WEAK_STARS`.
    low_loyalty
        Keyword only (**Decision**): loyalty ratings below this are low; default
        `LOW_LOYALTY`.
    unscored
        Keyword only (**Decision**): ``"average"`` leaves an indicator that cannot be
        scored out of its category's average and marks the dealer's stars provisional;
        ``"zero"`` scores it 0 (`chananalysis.methods.scorecard.star_scorecard`).

    Returns
    -------
    DealersReview
    """
    card = load_scorecard(config)
    names = _names(dealers)
    weak_below = card.star_floor(weak_stars)
    if weak_below is None:  # no such band, or the lowest one (no floor to fall below)
        floors = ", ".join(str(b.stars) for b in card.stars if b.lower is not None)
        raise ScorecardConfigError(
            f"weak_stars: the scorecard has no {weak_stars}-star band "
            f"with a lower bound; expected one of {floors}"
        )
    scores = league = disq = big_weak = None
    info = None
    if dealers is not None:
        d = dealers.set_index("dealer")
        info = pd.DataFrame(index=d.index)
        if "name" in d:
            info["name"] = d["name"]
        info["dealer_class"] = dealer_classes(d["annual_sales"], thresholds=thresholds)
        info["annual_sales"] = d["annual_sales"].astype("float64")
        if "market_role" in d:
            info["market_role"] = d["market_role"]
    if kpis is not None:
        scores = star_scorecard(kpis, config=card, veto_counts=veto_counts, unscored=unscored)
        cols = [c.key for c in card.categories] + [
            "bonus",
            "penalty",
            "total",
            "stars",
            "provisional",
            "disqualified",
            "veto_count",
            "reason",
        ]
        league = scores[cols]
        if info is not None:
            league = info.reindex(league.index).join(league)
        order = pd.DataFrame(
            {
                "s": scores["stars"].astype("float64").fillna(-1.0),
                "t": scores["total"].fillna(-np.inf),
            }
        )
        league = league.loc[order.sort_values(["s", "t"], ascending=False, kind="stable").index]
        league.insert(len(league.columns), "rank", np.arange(1, len(league) + 1))
        disq = league[league["disqualified"]]
        if info is not None:
            big = (league["dealer_class"] == "A") & (league["total"] < weak_below - 1e-9)
            big_weak = league[big.fillna(False).astype(bool)].sort_values("total", kind="stable")
    census = fit = spec = low = None
    if dealers is not None:
        census = census_completeness(dealers)
        if set(dealer_columns("capability")) <= set(dealers.columns):
            fit = _named(market_fit(dealers, weights=fit_weights, tolerance=fit_tolerance), names)
        if "loyalty" in dealers.columns:
            loy = dealers.set_index("dealer")["loyalty"].astype("float64")
            low = _named(pd.DataFrame({"loyalty": loy[loy < low_loyalty]}), names)
            if scores is not None:
                low = low.join(scores[["total", "stars"]])
            low = low.sort_values("loyalty", kind="stable")
    if dealer_channel_sales is not None:
        spec = _named(channel_specialisation(dealer_channel_sales), names)
    indicators = indicator_summary(scores, card) if scores is not None else None
    return DealersReview(
        card,
        scores,
        league,
        disq,
        big_weak,
        float(weak_below),
        census,
        fit,
        spec,
        low,
        indicators,
        float(fit_tolerance),
        names,
        float(low_loyalty),
        int(weak_stars),
        float(thresholds[0]),
        unscored=unscored,
    )


def review(
    data: ClientData,
    *,
    scorecard: str | os.PathLike | Mapping | Scorecard | None = None,
    class_thresholds: Sequence[float] = DEFAULT_CLASS_THRESHOLDS,
    fit_weights: Mapping[str, Mapping[str, float]] | None = None,
    fit_tolerance: float = FIT_TOLERANCE,
    weak_stars: int = WEAK_STARS,
    low_loyalty: float = LOW_LOYALTY,
    veto_source: str = "kpis",
    unscored: str = "average",
) -> DealersReview:
    """Run section 03 on a client's intake: `review_dealers` on its ``dealer_kpis``,
    ``dealers`` and ``dealer_channel_sales`` sheets (each may be absent).

    Parameters
    ----------
    data
        The client's intake (`chananalysis.load_client`).
    scorecard
        The scorecard (a YAML path, a mapping or a loaded one; default: the bundled
        ``star_dealer.yaml``).
    class_thresholds, fit_weights, fit_tolerance, weak_stars, low_loyalty
        As for `review_dealers` (``thresholds`` there).
    veto_source
        ``"kpis"`` (default): the veto counts the ``dealer_kpis`` complaint column;
        ``"diversion"``: it counts each dealer's diversion incidents traced from the
        product codes (`chananalysis.detect_diversion`: one per dealer × destination ×
        month, docs/method.md §4.2 → §2.1), which needs ``shipments`` and ``scans``.
    unscored
        ``"average"`` (default) or ``"zero"``: as for `review_dealers`.

    Raises
    ------
    InputDataError
        ``veto_source`` unknown, or ``"diversion"`` without shipments and scans.
    """
    if veto_source not in ("kpis", "diversion"):
        raise InputDataError(f'veto_source must be "kpis" or "diversion"; got {veto_source!r}')
    counts = None
    if veto_source == "diversion":
        if data.shipments is None or data.scans is None:
            raise InputDataError(
                'veto_source="diversion" needs the shipments and scans sheets; the intake '
                "has " + ("no shipments" if data.shipments is None else "no scans")
            )
        from chananalysis.methods.diversion import detect_diversion, veto_counts

        diversion = detect_diversion(
            data.shipments,
            data.scans,
            authorizations=data.authorizations,
        )
        counts = veto_counts(diversion)
        if data.dealer_kpis is not None:  # every scored dealer gets a count, 0 if none
            counts = counts.reindex(data.dealer_kpis["dealer"].astype(str), fill_value=0)
    result = review_dealers(
        data.dealer_kpis,
        data.dealers,
        data.dealer_channel_sales,
        config=scorecard,
        thresholds=tuple(class_thresholds),
        fit_weights=fit_weights,
        fit_tolerance=fit_tolerance,
        weak_stars=weak_stars,
        low_loyalty=low_loyalty,
        veto_counts=counts,
        unscored=unscored,
    )
    return dataclasses.replace(result, veto_source=veto_source)
