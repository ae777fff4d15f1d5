"""The star-dealer scorecard (星级经销商评估体系, seed 002 Table 1-1; METHOD §2.1).

The scorecard is data: ``templates/scorecards/star_dealer.yaml`` lists the categories
and their weights, each indicator's rule, the bonus items with their caps, the veto
steps and the star bands. `load_scorecard` reads such a file (or a dict) into frozen
dataclasses and refuses anything inconsistent, naming the key path; `star_scorecard`
applies it to the ``dealer_kpis`` sheet, one vectorised pass per indicator.

Examples
--------
The worked example of METHOD §2.1 (one dealer):

>>> kpis = pd.DataFrame({
...     "dealer": ["D001"], "actual_sales": [112.0], "contract_sales": [100.0],
...     "sales_last_year": [112 / 1.05], "key_sku_sales": [48.0], "key_sku_target": [100.0],
...     "new_outlets": [65], "new_outlet_target": [100], "channel_sales": [108.0],
...     "channel_sales_last_year": [100.0], "active_outlets": [72], "outlets_in_area": [100],
...     "compliant_stores": [55], "audited_stores": [100], "skus_on_shelf": [49],
...     "benchmark_skus": [100], "activity_execution": [90.0], "new_product_launch": [80.0],
...     "late_deliveries": [3], "late_exchanges": [0], "complaints_office": [1],
...     "complaints_branch": [1], "complaints_hq": [0], "posm_failures": [2],
...     "instore_failures": [0], "outstore_failures": [5], "internal_systems": [True],
...     "sales_information": [True], "warehouse_area": [True], "staff_count": [True],
...     "vehicle_count": [False], "monthly_training": [True], "computer_setup": [True],
...     "self_activities": [2], "branch_activities": [1], "national_activities": [0],
...     "branch_experience": [0], "national_experience": [1], "diversion_complaints": [1]})
>>> card = star_scorecard(kpis)
>>> card.loc["D001", list(CATEGORY_KEYS)].round(4).tolist()
[69.25, 33.75, 85.0, 88.0, 95.3333, 85.7143]
>>> card.loc["D001", ["bonus", "penalty"]].tolist()
[21.0, 5.0]
>>> print(f'{card.loc["D001", "total"]:.4f}', card.loc["D001", "stars"])
85.0173 4
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chananalysis.intake.columns import SHEETS
from chananalysis.errors import DealerDataError, ScorecardConfigError
from chananalysis.resources import resource_dir
from chananalysis.intake.parse import blank_cells, parse_bools

__all__ = [
    "CATEGORY_KEYS",
    "DEFAULT_SCORECARD",
    "INDICATOR_RULES",
    "Bonus",
    "Category",
    "Indicator",
    "Scorecard",
    "ScorecardConfigError",
    "StarBand",
    "Step",
    "Veto",
    "VetoStep",
    "load_scorecard",
    "star_scorecard",
]

DEFAULT_SCORECARD = resource_dir("templates") / "scorecards" / "star_dealer.yaml"
#: The six categories of METHOD §2.1, in the order of Table 1-1 (the bundled YAML's keys).
CATEGORY_KEYS = ("sales_growth", "channel_building", "market_promotion", "market_service",
                 "brand_building", "marketing_management")
#: Rule types an indicator may use; ``bonus`` and ``veto`` have their own sections.
INDICATOR_RULES = ("ratio", "threshold", "step", "deduction", "binary")
RULES = (*INDICATOR_RULES, "bonus", "veto")
#: Values within this of a threshold, step or star band count as on it (float noise).
EPS = 1e-9
#: Output columns after the indicator and category columns (fixed names).
RESULT_COLUMNS = ("bonus", "penalty", "total", "stars", "disqualified", "veto_count",
                  "reason", "note")
_NUMERIC_KINDS = ("amount", "count", "score")


# --- the configuration as frozen dataclasses ----------------------------------------------

class _Named:
    """Something the scorecard names in both languages (``zh``, ``en``)."""

    zh: str
    en: str

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Step:
    """One step of a ``step`` rule: from ``lower`` (inclusive) the score is ``score``
    (``None``: the actual value)."""

    lower: float
    score: float | None


@dataclass(frozen=True)
class Indicator(_Named):
    """One scored indicator (a column of `star_scorecard`'s output)."""

    key: str
    zh: str
    en: str
    rule: str
    column: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    change: bool = False
    cap: float | None = None
    threshold: float | None = None
    steps: tuple[Step, ...] = ()
    start: float = 100.0
    deduct: tuple[tuple[str, float], ...] = ()
    points: float = 100.0

    @property
    def inputs(self) -> tuple[str, ...]:
        """The ``dealer_kpis`` columns the indicator reads."""
        if self.rule == "deduction":
            return tuple(c for c, _ in self.deduct)
        if self.column is not None:
            return (self.column,)
        return (self.numerator, self.denominator)  # type: ignore[return-value]


@dataclass(frozen=True)
class Category(_Named):
    """A category of indicators and its weight in the total (out of 100)."""

    key: str
    zh: str
    en: str
    weight: float
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Bonus(_Named):
    """A bonus item: points per counted event, capped per year (``None``: no cap)."""

    key: str
    zh: str
    en: str
    points: tuple[tuple[str, float], ...]
    cap: float | None


@dataclass(frozen=True)
class VetoStep:
    """From ``complaints`` complaints on, the total penalty is ``penalty``."""

    complaints: int
    penalty: float


@dataclass(frozen=True)
class Veto(_Named):
    """The veto indicator (否定指标): penalties by complaint count, disqualification."""

    zh: str
    en: str
    column: str
    penalties: tuple[VetoStep, ...]
    disqualify_at: int | None


@dataclass(frozen=True)
class StarBand:
    """Totals in ``[lower, upper)`` earn ``stars`` (``None`` bounds are unbounded)."""

    stars: int
    lower: float | None
    upper: float | None


@dataclass(frozen=True)
class Scorecard(_Named):
    """A whole scorecard, as `load_scorecard` returns it."""

    zh: str
    en: str
    categories: tuple[Category, ...]
    bonuses: tuple[Bonus, ...]
    veto: Veto | None
    stars: tuple[StarBand, ...]
    source: str = "scorecard"

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for c in self.categories for i in c.indicators)

    def star_floor(self, stars: int) -> float | None:
        """The lowest total that earns ``stars`` (``None`` when unbounded or absent)."""
        return next((b.lower for b in self.stars if b.stars == stars), None)


# --- reading and checking ------------------------------------------------------------------

class _Reader:
    """Turns the parsed YAML into dataclasses; every refusal names the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, msg: str) -> ScorecardConfigError:
        return ScorecardConfigError(f"{self.source}, {path}: {msg}")

    def mapping(self, value: Any, path: str, *, required: tuple[str, ...] = (),
                optional: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected a mapping; got {_show(value)}")
        allowed = (*required, *optional)
        for key in value:
            if key not in allowed:
                raise self.fail(f"{path}.{key}" if path else str(key),
                                f"unknown key; allowed here: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                raise self.fail(path or "(top level)", f"required key {key} is missing")
        return dict(value)

    def number(self, value: Any, path: str, *, minimum: float | None = 0.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not math.isfinite(value)):
            raise self.fail(path, f"expected a number; got {_show(value)}")
        if minimum is not None and value < minimum:
            raise self.fail(path, f"must be ≥ {minimum:g}; got {value:g}")
        return float(value)

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected non-blank text; got {_show(value)}")
        return value

    def column(self, value: Any, path: str, kinds: tuple[str, ...]) -> str:
        sheet = SHEETS["dealer_kpis"]
        if not isinstance(value, str) or value not in sheet._by_key or value == "dealer":
            raise self.fail(path, f"{_show(value)} is not a column of the intake sheet "
                                  f"dealer_kpis")
        kind = sheet.column(value).kind
        if kind not in kinds:
            raise self.fail(path, f"column {value} holds {kind} values; this rule reads "
                                  f"{' or '.join(kinds)}")
        return value

    def rule(self, value: Any, path: str, allowed: tuple[str, ...]) -> str:
        if value not in RULES:
            raise self.fail(path, f"unknown rule type {_show(value)}; expected one of "
                                  f"{', '.join(allowed)}")
        if value not in allowed:
            raise self.fail(path, f"rule {value} cannot be used here; expected one of "
                                  f"{', '.join(allowed)}")
        return value

    # --- sections --------------------------------------------------------------------------
    def scorecard(self, raw: Any) -> Scorecard:
        top = self.mapping(raw, "", required=("name", "categories", "stars"),
                           optional=("bonus", "veto"))
        name = self.mapping(top["name"], "name", required=("zh", "en"))
        cats_raw = top["categories"]
        if not isinstance(cats_raw, Mapping) or not cats_raw:
            raise self.fail("categories", f"expected a mapping of categories; got "
                                          f"{_show(cats_raw)}")
        categories = tuple(self.category(str(k), v) for k, v in cats_raw.items())
        total = sum(c.weight for c in categories)
        if abs(total - 100.0) > EPS:
            parts = ", ".join(f"{c.key} {c.weight:g}" for c in categories)
            raise self.fail("categories", f"category weights must sum to 100; they sum to "
                                          f"{total:g} ({parts})")
        bonus_raw = top.get("bonus") or {}
        if not isinstance(bonus_raw, Mapping):
            raise self.fail("bonus", f"expected a mapping of bonus items; got "
                                     f"{_show(bonus_raw)}")
        bonuses = tuple(self.bonus(str(k), v) for k, v in bonus_raw.items())
        veto = self.veto(top["veto"]) if top.get("veto") is not None else None
        seen: dict[str, str] = {}
        reserved = {*RESULT_COLUMNS, "dealer"}
        for c in categories:
            for key, path in ((c.key, f"categories.{c.key}"),
                              *((i.key, f"categories.{c.key}.indicators.{i.key}")
                                for i in c.indicators),):
                if key in reserved:
                    raise self.fail(path, f"{key} is an output column of the scorecard; "
                                          f"choose another key")
                if key in seen:
                    raise self.fail(path, f"key {key} is already used at {seen[key]}; "
                                          f"every category and indicator key must differ")
                seen[key] = path
        return Scorecard(self.text(name["zh"], "name.zh"), self.text(name["en"], "name.en"),
                         categories, bonuses, veto, self.stars(top["stars"]), self.source)

    def category(self, key: str, raw: Any) -> Category:
        path = f"categories.{key}"
        m = self.mapping(raw, path, required=("zh", "en", "weight", "indicators"))
        inds = m["indicators"]
        if not isinstance(inds, Mapping) or not inds:
            raise self.fail(f"{path}.indicators", f"expected a mapping of at least one "
                                                  f"indicator; got {_show(inds)}")
        return Category(key, self.text(m["zh"], f"{path}.zh"), self.text(m["en"], f"{path}.en"),
                        self.number(m["weight"], f"{path}.weight"),
                        tuple(self.indicator(str(k), v, f"{path}.indicators.{k}")
                              for k, v in inds.items()))

    def indicator(self, key: str, raw: Any, path: str) -> Indicator:
        if not isinstance(raw, Mapping):
            raise self.fail(path, f"expected a mapping; got {_show(raw)}")
        rule = self.rule(raw.get("rule"), f"{path}.rule", INDICATOR_RULES)
        names = ("zh", "en", "rule")
        value_keys = ("column", "numerator", "denominator", "change", "cap")
        optional = {
            "ratio": value_keys,
            "threshold": (*value_keys, "threshold"),
            "step": (*value_keys, "steps"),
            "deduction": ("start", "deduct"),
            "binary": ("column", "points"),
        }[rule]
        m = self.mapping(raw, path, required=names, optional=optional)
        kw: dict[str, Any] = {"key": key, "zh": self.text(m["zh"], f"{path}.zh"),
                              "en": self.text(m["en"], f"{path}.en"), "rule": rule}
        if rule == "binary":
            if "column" not in m:
                raise self.fail(path, "required key column is missing")
            kw["column"] = self.column(m["column"], f"{path}.column", ("bool",))
            kw["points"] = self.number(m.get("points", 100), f"{path}.points")
        elif rule == "deduction":
            ded = m.get("deduct")
            if not isinstance(ded, Mapping) or not ded:
                raise self.fail(f"{path}.deduct", f"expected a mapping of column: points per "
                                                  f"case; got {_show(ded)}")
            kw["deduct"] = tuple((self.column(c, f"{path}.deduct.{c}", ("count",)),
                                  self.number(p, f"{path}.deduct.{c}"))
                                 for c, p in ded.items())
            kw["start"] = self.number(m.get("start", 100), f"{path}.start")
        else:
            if "column" in m:
                if "numerator" in m or "denominator" in m or m.get("change"):
                    raise self.fail(path, "give either column or numerator and denominator "
                                          "(with change), not both")
                kw["column"] = self.column(m["column"], f"{path}.column", _NUMERIC_KINDS)
            else:
                for k in ("numerator", "denominator"):
                    if k not in m:
                        raise self.fail(path, f"required key {k} is missing (or give column)")
                    kw[k] = self.column(m[k], f"{path}.{k}", _NUMERIC_KINDS)
                change = m.get("change", False)
                if not isinstance(change, bool):
                    raise self.fail(f"{path}.change", f"expected true or false; got "
                                                      f"{_show(change)}")
                kw["change"] = change
            if m.get("cap") is not None:
                kw["cap"] = self.number(m["cap"], f"{path}.cap")
            if rule == "threshold":
                if "threshold" not in m:
                    raise self.fail(path, "required key threshold is missing")
                kw["threshold"] = self.number(m["threshold"], f"{path}.threshold",
                                              minimum=None)
            if rule == "step":
                kw["steps"] = self.steps(m.get("steps"), f"{path}.steps")
        return Indicator(**kw)

    def steps(self, raw: Any, path: str) -> tuple[Step, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(path, f"expected a list of {{from, score}}; got {_show(raw)}")
        out: list[Step] = []
        for n, item in enumerate(raw):
            p = f"{path}[{n}]"
            m = self.mapping(item, p, required=("from", "score"))
            lower = self.number(m["from"], f"{p}.from", minimum=None)
            score = m["score"]
            if score != "actual":
                score = self.number(score, f"{p}.score")
            if out and lower <= out[-1].lower:
                raise self.fail(f"{p}.from", f"steps must ascend; {lower:g} does not exceed "
                                             f"the previous step's {out[-1].lower:g}")
            out.append(Step(lower, None if score == "actual" else score))
        return tuple(out)

    def bonus(self, key: str, raw: Any) -> Bonus:
        path = f"bonus.{key}"
        if not isinstance(raw, Mapping):
            raise self.fail(path, f"expected a mapping; got {_show(raw)}")
        self.rule(raw.get("rule"), f"{path}.rule", ("bonus",))
        m = self.mapping(raw, path, required=("zh", "en", "rule", "points"),
                         optional=("cap",))
        pts = m["points"]
        if not isinstance(pts, Mapping) or not pts:
            raise self.fail(f"{path}.points", f"expected a mapping of column: points each; "
                                              f"got {_show(pts)}")
        points = tuple((self.column(c, f"{path}.points.{c}", ("count",)),
                        self.number(p, f"{path}.points.{c}")) for c, p in pts.items())
        cap = None if m.get("cap") is None else self.number(m["cap"], f"{path}.cap")
        return Bonus(key, self.text(m["zh"], f"{path}.zh"), self.text(m["en"], f"{path}.en"),
                     points, cap)

    def veto(self, raw: Any) -> Veto:
        if not isinstance(raw, Mapping):
            raise self.fail("veto", f"expected a mapping; got {_show(raw)}")
        self.rule(raw.get("rule"), "veto.rule", ("veto",))
        m = self.mapping(raw, "veto", required=("zh", "en", "rule", "column", "penalties"),
                         optional=("disqualify_at",))
        steps_raw = m["penalties"]
        if not isinstance(steps_raw, list):
            raise self.fail("veto.penalties", f"expected a list of {{complaints, penalty}}; "
                                              f"got {_show(steps_raw)}")
        steps: list[VetoStep] = []
        for n, item in enumerate(steps_raw):
            p = f"veto.penalties[{n}]"
            s = self.mapping(item, p, required=("complaints", "penalty"))
            k = s["complaints"]
            if isinstance(k, bool) or not isinstance(k, int) or k < 1:
                raise self.fail(f"{p}.complaints", f"expected a whole number ≥ 1; got "
                                                   f"{_show(k)}")
            pen = self.number(s["penalty"], f"{p}.penalty")
            if steps and k <= steps[-1].complaints:
                raise self.fail(f"{p}.complaints", f"steps must ascend; {k} does not exceed "
                                                   f"the previous step's "
                                                   f"{steps[-1].complaints}")
            if steps and pen < steps[-1].penalty:
                raise self.fail(f"{p}.penalty", f"a penalty cannot fall as complaints rise; "
                                                f"{pen:g} is below the previous step's "
                                                f"{steps[-1].penalty:g}")
            steps.append(VetoStep(k, pen))
        dq = m.get("disqualify_at")
        if dq is not None and (isinstance(dq, bool) or not isinstance(dq, int) or dq < 1):
            raise self.fail("veto.disqualify_at", f"expected a whole number ≥ 1 or null; got "
                                                  f"{_show(dq)}")
        return Veto(self.text(m["zh"], "veto.zh"), self.text(m["en"], "veto.en"),
                    self.column(m["column"], "veto.column", ("count",)), tuple(steps), dq)

    def stars(self, raw: Any) -> tuple[StarBand, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("stars", f"expected a list of {{stars, min, max}}; got "
                                     f"{_show(raw)}")
        bands: list[tuple[int, StarBand]] = []
        for n, item in enumerate(raw):
            p = f"stars[{n}]"
            m = self.mapping(item, p, required=("stars", "min", "max"))
            s = m["stars"]
            if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 5:
                raise self.fail(f"{p}.stars", f"expected a whole number 1–5; got {_show(s)}")
            lo = None if m["min"] is None else self.number(m["min"], f"{p}.min", minimum=None)
            hi = None if m["max"] is None else self.number(m["max"], f"{p}.max", minimum=None)
            if lo is not None and hi is not None and hi <= lo:
                raise self.fail(p, f"max {hi:g} must exceed min {lo:g}")
            bands.append((n, StarBand(s, lo, hi)))
        order = sorted(bands, key=lambda nb: -math.inf if nb[1].lower is None else nb[1].lower)
        first_n, first = order[0]
        if first.lower is not None:
            raise self.fail(f"stars[{first_n}].min", f"the lowest band must start at null "
                                                     f"(−∞); totals below {first.lower:g} "
                                                     f"would have no band")
        last_n, last = order[-1]
        if last.upper is not None:
            raise self.fail(f"stars[{last_n}].max", f"the highest band must end at null "
                                                    f"(+∞); totals from {last.upper:g} would "
                                                    f"have no band")
        for (n_lo, lo_b), (n_hi, hi_b) in pairwise(order):
            if lo_b.upper is None or lo_b.upper > hi_b.lower:  # type: ignore[operator]
                end = "∞" if lo_b.upper is None else f"{lo_b.upper:g}"
                raise self.fail(f"stars[{n_lo}].max", f"band {lo_b.stars}★ ends at {end}, "
                                                      f"overlapping band {hi_b.stars}★ "
                                                      f"(stars[{n_hi}]) from "
                                                      f"{hi_b.lower:g}")
            if lo_b.upper < hi_b.lower:  # type: ignore[operator]
                raise self.fail(f"stars[{n_lo}].max", f"band {lo_b.stars}★ ends at "
                                                      f"{lo_b.upper:g} but band "
                                                      f"{hi_b.stars}★ (stars[{n_hi}]) starts "
                                                      f"at {hi_b.lower:g}: a gap")
            if hi_b.stars <= lo_b.stars:
                raise self.fail(f"stars[{n_hi}].stars", f"stars must rise with the total; "
                                                        f"band from {hi_b.lower:g} gives "
                                                        f"{hi_b.stars}★, not more than "
                                                        f"{lo_b.stars}★ below it")
        return tuple(b for _, b in sorted(order, key=lambda nb: -nb[1].stars))


def _show(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    return repr(value)


def load_scorecard(config: str | os.PathLike | Mapping | Scorecard | None = None
                   ) -> Scorecard:
    """Read and check a scorecard configuration.

    Parameters
    ----------
    config
        Path of a YAML file, a dict of the same shape, an already loaded `Scorecard`
        (returned as is), or ``None`` for the bundled
        ``templates/scorecards/star_dealer.yaml``.

    Returns
    -------
    Scorecard
        Frozen dataclasses: ``categories`` (each with ``weight`` and ``indicators``),
        ``bonuses``, ``veto``, ``stars`` (highest band first) and ``source``.

    Raises
    ------
    ScorecardConfigError
        The file is missing or not YAML, or the configuration is inconsistent: unknown
        keys, category weights not summing to 100, an unknown rule type, steps or veto
        steps not ascending, star bands overlapping, leaving a gap or not covering
        −∞ to +∞, or an indicator reading a column the ``dealer_kpis`` intake sheet does
        not define. The message names the key path, the rule and the value.

    References
    ----------
    Seed 002, Table 1-1; METHOD §2.1.

    Examples
    --------
    >>> card = load_scorecard()
    >>> [(c.key, c.weight) for c in card.categories][:2]
    [('sales_growth', 30.0), ('channel_building', 25.0)]
    >>> [(b.stars, b.lower) for b in card.stars]
    [(5, 90.0), (4, 80.0), (3, 70.0), (2, 60.0), (1, None)]
    >>> load_scorecard({"name": {"zh": "x", "en": "x"}, "categories": {}, "stars": []})
    Traceback (most recent call last):
    ...
    chananalysis.errors.ScorecardConfigError: scorecard, categories: expected a mapping \
of categories; got {}
    """
    if isinstance(config, Scorecard):
        return config
    if config is None:
        config = DEFAULT_SCORECARD
    if isinstance(config, Mapping):
        return _Reader("scorecard").scorecard(config)
    import yaml

    path = Path(config)
    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
    except FileNotFoundError as err:
        raise ScorecardConfigError(f"{path}: the scorecard file does not exist") from err
    except yaml.YAMLError as err:
        raise ScorecardConfigError(f"{path}: not valid YAML ({err})") from err
    return _Reader(path.name).scorecard(raw)


# --- scoring ----------------------------------------------------------------------------

def _numeric(kpis: pd.DataFrame, col: str) -> np.ndarray:
    """A column as float64 (NaN for blanks); an absent column is all NaN."""
    if col not in kpis.columns:
        return np.full(len(kpis), np.nan)
    s = kpis[col]
    try:
        v = pd.to_numeric(s, errors="raise").astype("float64").to_numpy()
    except (TypeError, ValueError) as err:
        bad = next(x for x in s if pd.notna(x) and not _is_number(x))
        raise DealerDataError(f"dealer_kpis, column {col}: {_show(bad)} is not a "
                              f"number") from err
    neg = v < 0
    if neg.any():
        i = int(np.flatnonzero(neg)[0])
        raise DealerDataError(f"dealer_kpis, column {col}, dealer {kpis['dealer'].iloc[i]}: "
                              f"{v[i]:g} is negative; expected a number ≥ 0")
    return v


def _is_number(x: Any) -> bool:
    try:
        float(x)
    except (TypeError, ValueError):
        return False
    return True


def _boolean(kpis: pd.DataFrame, col: str) -> np.ndarray:
    """A yes/no column as 1.0 / 0.0 / NaN, read as the intake reads it (booleans, 1/0,
    yes/no, 是/否, …; blank → NaN)."""
    if col not in kpis.columns:
        return np.full(len(kpis), np.nan)
    s = kpis[col]
    got, bad = parse_bools(s, blank_cells(s))
    if len(bad):
        raise DealerDataError(f"dealer_kpis, column {col}, dealer "
                              f"{kpis['dealer'][bad.index[0]]}: {_show(bad.iloc[0])} is "
                              f"not yes/no")
    return got.to_numpy(dtype="float64", na_value=np.nan)


def _value(ind: Indicator, kpis: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The indicator's value in points before its rule, and a mask of zero denominators."""
    if ind.column is not None:
        return _numeric(kpis, ind.column), np.zeros(len(kpis), bool)
    num, den = _numeric(kpis, ind.numerator), _numeric(kpis, ind.denominator)  # type: ignore
    zero = den == 0
    safe = np.where(zero, np.nan, den)
    top = num - den if ind.change else num
    return 100.0 * top / safe, zero


def _score(ind: Indicator, kpis: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(score, zero-denominator mask) of one indicator, vectorised over dealers."""
    if ind.rule == "binary":
        return ind.points * _boolean(kpis, ind.column), np.zeros(len(kpis), bool)  # type: ignore
    if ind.rule == "deduction":
        cut = sum(p * _numeric(kpis, c) for c, p in ind.deduct)
        return np.maximum(ind.start - cut, 0.0), np.zeros(len(kpis), bool)
    x, zero = _value(ind, kpis)
    if ind.rule == "threshold":
        x = np.where(x >= ind.threshold - EPS, x, np.where(np.isnan(x), np.nan, 0.0))
    elif ind.rule == "step":
        out = np.where(np.isnan(x), np.nan, 0.0)
        for step in ind.steps:
            reached = x >= step.lower - EPS
            out = np.where(reached, x if step.score is None else step.score, out)
        x = out
    if ind.cap is not None:
        x = np.minimum(x, ind.cap)
    return np.maximum(x, 0.0), zero  # NaN stays NaN; no indicator score is negative


def _counts(kpis: pd.DataFrame, col: str) -> np.ndarray:
    return np.nan_to_num(_numeric(kpis, col), nan=0.0)


def _veto_counts(kpis: pd.DataFrame, col: str, override: pd.Series | None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Complaint counts per dealer and a mask of dealers whose count was blank."""
    if override is None:
        raw = _numeric(kpis, col)
        return np.nan_to_num(raw, nan=0.0), np.isnan(raw)
    if not isinstance(override, pd.Series):
        raise DealerDataError(f"veto_counts: expected a pandas Series indexed by dealer; got "
                              f"{type(override).__name__}")
    if not override.index.is_unique:
        dup = override.index[override.index.duplicated()][0]
        raise DealerDataError(f"veto_counts: dealer {dup} is given more than once")
    v = pd.to_numeric(override, errors="coerce")
    bad = v.isna() | (v < 0) | (v != np.floor(v))
    if bad.any():
        d = bad.index[bad.to_numpy()][0]
        raise DealerDataError(f"veto_counts, dealer {d}: {_show(override[d])} is not a whole "
                              f"number ≥ 0")
    keys = kpis["dealer"].astype(str)
    v.index = v.index.astype(str)
    got = v.reindex(keys).to_numpy(dtype="float64")
    return np.nan_to_num(got, nan=0.0), np.zeros(len(kpis), bool)


def _join_notes(parts: list[np.ndarray], n: int) -> np.ndarray:
    """Join per-dealer note fragments with "; " (object arrays; "" = nothing)."""
    out = np.full(n, "", dtype=object)
    for part in parts:
        sep = np.where((out != "") & (part != ""), "; ", "")
        out = out + sep + part
    return out


def star_scorecard(kpis: pd.DataFrame,
                   config: str | os.PathLike | Mapping | Scorecard | None = None, *,
                   veto_counts: pd.Series | None = None) -> pd.DataFrame:
    """Score every dealer on the star-dealer scorecard.

    Parameters
    ----------
    kpis
        The ``dealer_kpis`` sheet: ``dealer`` (unique) and the raw inputs the scorecard's
        indicators read. A column the scorecard needs but the frame lacks counts as blank
        for every dealer.
    config
        A YAML path, a dict, a loaded `Scorecard`, or ``None`` for the bundled
        ``templates/scorecards/star_dealer.yaml`` (CONTRACT: ``star_scorecard(kpis,
        config=None)``).
    veto_counts
        Keyword only: complaint counts per dealer (a Series indexed by dealer id, e.g.
        the conflict review's diversion incidents per dealer) used *instead of* the
        veto column of ``kpis`` (``diversion_complaints``). A dealer absent from the Series
        has 0 complaints; dealers not in ``kpis`` are ignored. ``None``: use the column.

    Returns
    -------
    pandas.DataFrame
        One row per dealer, index ``dealer``, in the input's order; columns: one per
        indicator (its score in points, NaN when not scored), one per category (the mean
        of its scored indicators), then ``bonus`` (capped items added up), ``penalty``
        (veto), ``total`` (Σ weight × category / 100 + bonus − penalty), ``stars``
        (Int64: 0 when disqualified, else the star band of the total; <NA> when the total
        is NaN), ``disqualified`` (bool), ``veto_count`` (complaints counted),
        ``reason`` (why a dealer is disqualified, NaN otherwise) and ``note`` (indicators
        not scored and why, NaN when all were scored).

    Raises
    ------
    ScorecardConfigError
        The configuration is inconsistent (see `load_scorecard`).
    DealerDataError
        ``kpis`` has no ``dealer`` column or repeats a dealer, a needed column holds a
        negative or non-numeric value, or ``veto_counts`` is not whole numbers ≥ 0.

    Notes
    -----
    Rules (METHOD §2.1): ``ratio`` = 100 × numerator / denominator ("actual"), or
    100 × (numerator − denominator) / denominator for growth (``change``); ``threshold``
    scores 0 below the threshold; ``step`` scores the step reached; ``deduction`` =
    100 − points × cases; ``binary`` yes → 100, no → 0. No indicator score is below 0.
    Bonus items are capped separately. The veto penalty is the last penalty step reached;
    from ``disqualify_at`` complaints on the dealer is disqualified (0 stars) but its
    total is still computed and shown.

    Zero denominators (Decision): an indicator with a denominator of 0 — a target of 0,
    no sales last year — cannot be expressed as a percentage; it is NaN (never ±inf) and
    named in ``note``, as is an indicator with a blank input. A category averages the
    indicators it could score; if it could score none, the total is NaN and ``stars`` is
    <NA> (a disqualified dealer still gets 0). Blank bonus counts add nothing; a blank
    veto count means no complaint on record (noted).

    Boundaries: thresholds, steps and star bands are inclusive at their lower edge
    (exactly 50 % passes the 50 % threshold; a total of exactly 90 earns 5 stars), with a
    tolerance of 1e-9 points for floating-point noise.

    References
    ----------
    Seed 002, section 二(二) and Table 1-1 (星级经销商评估体系).

    Examples
    --------
    >>> k = pd.DataFrame({"dealer": ["A", "B"], "key_sku_sales": [50.0, 4999.0],
    ...                   "key_sku_target": [100.0, 10_000.0]})
    >>> star_scorecard(k)["key_sku_achievement"].tolist()
    [50.0, 0.0]
    >>> k = pd.DataFrame({"dealer": ["A"], "actual_sales": [5.0], "contract_sales": [0.0]})
    >>> star_scorecard(k).loc["A", ["task_achievement", "total"]].tolist()
    [nan, nan]
    """
    card = load_scorecard(config)
    if "dealer" not in kpis.columns:
        raise DealerDataError("dealer_kpis: column dealer is missing; one row per dealer is "
                              "expected")
    dealers = kpis["dealer"]
    if dealers.isna().any():
        raise DealerDataError("dealer_kpis, column dealer: a dealer id is blank")
    if not dealers.is_unique:
        dup = dealers[dealers.duplicated()].iloc[0]
        raise DealerDataError(f"dealer_kpis, column dealer: {_show(dup)} repeats; each "
                              f"dealer must appear once")
    n = len(kpis)
    cols: dict[str, np.ndarray] = {}
    notes: list[np.ndarray] = []
    for ind in card.indicators:
        score, zero = _score(ind, kpis)
        cols[ind.key] = score
        unscored = np.isnan(score)
        if unscored.any():
            why_zero = f"{ind.key} not scored ({ind.denominator} is 0)"
            why_blank = f"{ind.key} not scored (blank input: {' or '.join(ind.inputs)})"
            notes.append(np.where(unscored, np.where(zero, why_zero, why_blank),
                                  "").astype(object))
    weighted = np.zeros(n)
    for cat in card.categories:
        block = np.column_stack([cols[i.key] for i in cat.indicators])
        scored = (~np.isnan(block)).sum(axis=1)
        mean = np.where(scored > 0, np.nansum(block, axis=1) / np.maximum(scored, 1), np.nan)
        cols[cat.key] = mean
        weighted = weighted + cat.weight * mean / 100.0
    bonus = np.zeros(n)
    for b in card.bonuses:
        item = sum(p * _counts(kpis, c) for c, p in b.points)
        bonus = bonus + (np.minimum(item, b.cap) if b.cap is not None else item)
    if card.veto is not None:
        count, blank = _veto_counts(kpis, card.veto.column, veto_counts)
        penalty = np.zeros(n)
        for step in card.veto.penalties:
            penalty = np.where(count >= step.complaints, step.penalty, penalty)
        dq_at = card.veto.disqualify_at
        disq = count >= dq_at if dq_at is not None else np.zeros(n, bool)
        reason = np.where(disq, np.char.add(count.astype(int).astype(str),
                                            f" {card.veto.en.lower()}; {dq_at} or more "
                                            f"disqualify"), "")
        if blank.any():
            notes.append(np.where(blank, f"{card.veto.column} blank: no penalty applied",
                                  "").astype(object))
    else:
        count, penalty = np.zeros(n), np.zeros(n)
        disq, reason = np.zeros(n, bool), np.full(n, "")
    total = weighted + bonus - penalty
    stars = np.zeros(n)
    for band in card.stars:
        lo = -np.inf if band.lower is None else band.lower - EPS
        hi = np.inf if band.upper is None else band.upper - EPS
        stars = np.where((total >= lo) & (total < hi), band.stars, stars)
    stars = np.where(disq, 0, stars)
    star_col = pd.array(stars.astype("int64"), dtype="Int64")
    star_col[np.isnan(total) & ~disq] = pd.NA
    note = _join_notes(notes, n)
    out = pd.DataFrame(cols, index=pd.Index(dealers.to_numpy(), name="dealer"))
    out["bonus"] = bonus
    out["penalty"] = penalty
    out["total"] = total
    out["stars"] = star_col
    out["disqualified"] = disq.astype(bool)
    out["veto_count"] = count.astype("int64")
    out["reason"] = pd.Series(reason, index=out.index, dtype="str").replace("", np.nan)
    out["note"] = pd.Series(note, index=out.index, dtype="str").replace("", np.nan)
    return out
