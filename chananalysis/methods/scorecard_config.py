"""The star-dealer scorecard as data: YAML (or a dict) → frozen dataclasses, checked.

``templates/scorecards/star_dealer.yaml`` lists seed 002's Table 1-1: the categories and
their weights, each indicator's rule (``ratio``, ``threshold``, ``step``, ``deduction``,
``binary``), the bonus items with their caps, the veto steps and the star bands.
`load_scorecard` reads such a file or mapping (the safe loader only,
`chananalysis.resources.parse_yaml`) and refuses anything inconsistent — weights not
summing to 100, an unknown rule, key or column — with a `ScorecardConfigError` naming the
key path. This is the one place in
``methods/`` that opens a file: docs/contract.md §1 lets `star_scorecard` take a path.

Examples
--------
>>> card = load_scorecard()
>>> [c.key for c in card.categories][:2], sum(c.weight for c in card.categories)
(['sales_growth', 'channel_building'], 100.0)
>>> load_scorecard({"categories": []})
Traceback (most recent call last):
...
chananalysis.errors.ScorecardConfigError: ...
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

from chananalysis.errors import ScorecardConfigError
from chananalysis.i18n import pick
from chananalysis.intake.columns import SHEETS
from chananalysis.resources import parse_yaml, resource_dir

__all__ = [
    "CATEGORY_KEYS",
    "EPS",
    "INDICATOR_RULES",
    "RESULT_COLUMNS",
    "RULES",
    "Bonus",
    "Category",
    "Indicator",
    "Scorecard",
    "StarBand",
    "Step",
    "Veto",
    "VetoStep",
    "load_scorecard",
    "show_value",
]

#: The six categories of docs/method.md §2.1, in the order of Table 1-1 (the bundled YAML's keys).
CATEGORY_KEYS = (
    "sales_growth",
    "channel_building",
    "market_promotion",
    "market_service",
    "brand_building",
    "marketing_management",
)
#: Rule types an indicator may use; ``bonus`` and ``veto`` have their own sections.
INDICATOR_RULES = ("ratio", "threshold", "step", "deduction", "binary")
RULES = (*INDICATOR_RULES, "bonus", "veto")
#: Values within this of a threshold, step or star band count as on it (float noise).
EPS = 1e-9
#: Output columns after the indicator and category columns (fixed names).
#: Output columns after the indicator and category columns (fixed names).
RESULT_COLUMNS = (
    "bonus",
    "penalty",
    "total",
    "stars",
    "disqualified",
    "incomplete",
    "provisional",
    "veto_count",
    "reason",
    "note",
)
_NUMERIC_KINDS = ("amount", "count", "score")


# --- the configuration as frozen dataclasses ----------------------------------------------


class _Named:
    """Something the scorecard names in both languages (``zh``, ``en``)."""

    zh: str
    en: str

    def name(self, lang: str) -> str:
        return pick(lang, zh=self.zh, en=self.en)


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

    def mapping(
        self,
        value: Any,
        path: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected a mapping; got {show_value(value)}")
        allowed = (*required, *optional)
        for key in value:
            if key not in allowed:
                raise self.fail(
                    f"{path}.{key}" if path else str(key),
                    f"unknown key; allowed here: {', '.join(allowed)}",
                )
        for key in required:
            if key not in value:
                raise self.fail(path or "(top level)", f"required key {key} is missing")
        return dict(value)

    def number(self, value: Any, path: str, *, minimum: float | None = 0.0) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise self.fail(path, f"expected a number; got {show_value(value)}")
        if minimum is not None and value < minimum:
            raise self.fail(path, f"must be ≥ {minimum:g}; got {value:g}")
        return float(value)

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected non-blank text; got {show_value(value)}")
        return value

    def column(self, value: Any, path: str, kinds: tuple[str, ...]) -> str:
        sheet = SHEETS["dealer_kpis"]
        if not isinstance(value, str) or not sheet.has(value) or value == "dealer":
            raise self.fail(
                path, f"{show_value(value)} is not a column of the intake sheet dealer_kpis"
            )
        kind = sheet.column(value).kind
        if kind not in kinds:
            raise self.fail(
                path, f"column {value} holds {kind} values; this rule reads {' or '.join(kinds)}"
            )
        return value

    def rule(self, value: Any, path: str, allowed: tuple[str, ...]) -> str:
        if value not in RULES:
            raise self.fail(
                path, f"unknown rule type {show_value(value)}; expected one of {', '.join(allowed)}"
            )
        if value not in allowed:
            raise self.fail(
                path, f"rule {value} cannot be used here; expected one of {', '.join(allowed)}"
            )
        return value

    # --- sections --------------------------------------------------------------------------
    def scorecard(self, raw: Any) -> Scorecard:
        top = self.mapping(
            raw, "", required=("name", "categories", "stars"), optional=("bonus", "veto")
        )
        name = self.mapping(top["name"], "name", required=("zh", "en"))
        cats_raw = top["categories"]
        if not isinstance(cats_raw, Mapping) or not cats_raw:
            raise self.fail(
                "categories", f"expected a mapping of categories; got {show_value(cats_raw)}"
            )
        categories = tuple(self.category(str(k), v) for k, v in cats_raw.items())
        total = sum(c.weight for c in categories)
        if abs(total - 100.0) > EPS:
            parts = ", ".join(f"{c.key} {c.weight:g}" for c in categories)
            raise self.fail(
                "categories", f"category weights must sum to 100; they sum to {total:g} ({parts})"
            )
        bonus_raw = top.get("bonus") or {}
        if not isinstance(bonus_raw, Mapping):
            raise self.fail(
                "bonus", f"expected a mapping of bonus items; got {show_value(bonus_raw)}"
            )
        bonuses = tuple(self.bonus(str(k), v) for k, v in bonus_raw.items())
        veto = self.veto(top["veto"]) if top.get("veto") is not None else None
        seen: dict[str, str] = {}
        reserved = {*RESULT_COLUMNS, "dealer"}
        for c in categories:
            for key, path in (
                (c.key, f"categories.{c.key}"),
                *((i.key, f"categories.{c.key}.indicators.{i.key}") for i in c.indicators),
            ):
                if key in reserved:
                    raise self.fail(
                        path, f"{key} is an output column of the scorecard; choose another key"
                    )
                if key in seen:
                    raise self.fail(
                        path,
                        f"key {key} is already used at {seen[key]}; "
                        f"every category and indicator key must differ",
                    )
                seen[key] = path
        return Scorecard(
            self.text(name["zh"], "name.zh"),
            self.text(name["en"], "name.en"),
            categories,
            bonuses,
            veto,
            self.stars(top["stars"]),
            self.source,
        )

    def category(self, key: str, raw: Any) -> Category:
        path = f"categories.{key}"
        m = self.mapping(raw, path, required=("zh", "en", "weight", "indicators"))
        inds = m["indicators"]
        if not isinstance(inds, Mapping) or not inds:
            raise self.fail(
                f"{path}.indicators",
                f"expected a mapping of at least one indicator; got {show_value(inds)}",
            )
        return Category(
            key,
            self.text(m["zh"], f"{path}.zh"),
            self.text(m["en"], f"{path}.en"),
            self.number(m["weight"], f"{path}.weight"),
            tuple(self.indicator(str(k), v, f"{path}.indicators.{k}") for k, v in inds.items()),
        )

    def indicator(self, key: str, raw: Any, path: str) -> Indicator:
        if not isinstance(raw, Mapping):
            raise self.fail(path, f"expected a mapping; got {show_value(raw)}")
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
        kw: dict[str, Any] = {
            "key": key,
            "zh": self.text(m["zh"], f"{path}.zh"),
            "en": self.text(m["en"], f"{path}.en"),
            "rule": rule,
        }
        if rule == "binary":
            if "column" not in m:
                raise self.fail(path, "required key column is missing")
            kw["column"] = self.column(m["column"], f"{path}.column", ("bool",))
            kw["points"] = self.number(m.get("points", 100), f"{path}.points")
        elif rule == "deduction":
            ded = m.get("deduct")
            if not isinstance(ded, Mapping) or not ded:
                raise self.fail(
                    f"{path}.deduct",
                    f"expected a mapping of column: points per case; got {show_value(ded)}",
                )
            kw["deduct"] = tuple(
                (
                    self.column(c, f"{path}.deduct.{c}", ("count",)),
                    self.number(p, f"{path}.deduct.{c}"),
                )
                for c, p in ded.items()
            )
            kw["start"] = self.number(m.get("start", 100), f"{path}.start")
        else:
            if "column" in m:
                if "numerator" in m or "denominator" in m or m.get("change"):
                    raise self.fail(
                        path,
                        "give either column or numerator and denominator (with change), not both",
                    )
                kw["column"] = self.column(m["column"], f"{path}.column", _NUMERIC_KINDS)
            else:
                for k in ("numerator", "denominator"):
                    if k not in m:
                        raise self.fail(path, f"required key {k} is missing (or give column)")
                    kw[k] = self.column(m[k], f"{path}.{k}", _NUMERIC_KINDS)
                change = m.get("change", False)
                if not isinstance(change, bool):
                    raise self.fail(
                        f"{path}.change", f"expected true or false; got {show_value(change)}"
                    )
                kw["change"] = change
            if m.get("cap") is not None:
                kw["cap"] = self.number(m["cap"], f"{path}.cap")
            if rule == "threshold":
                if "threshold" not in m:
                    raise self.fail(path, "required key threshold is missing")
                kw["threshold"] = self.number(m["threshold"], f"{path}.threshold", minimum=None)
            if rule == "step":
                kw["steps"] = self.steps(m.get("steps"), f"{path}.steps")
        return Indicator(**kw)

    def steps(self, raw: Any, path: str) -> tuple[Step, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(path, f"expected a list of {{from, score}}; got {show_value(raw)}")
        out: list[Step] = []
        for n, item in enumerate(raw):
            p = f"{path}[{n}]"
            m = self.mapping(item, p, required=("from", "score"))
            lower = self.number(m["from"], f"{p}.from", minimum=None)
            score = m["score"]
            if score != "actual":
                score = self.number(score, f"{p}.score")
            if out and lower <= out[-1].lower:
                raise self.fail(
                    f"{p}.from",
                    f"steps must ascend; {lower:g} does not exceed "
                    f"the previous step's {out[-1].lower:g}",
                )
            out.append(Step(lower, None if score == "actual" else score))
        return tuple(out)

    def bonus(self, key: str, raw: Any) -> Bonus:
        path = f"bonus.{key}"
        if not isinstance(raw, Mapping):
            raise self.fail(path, f"expected a mapping; got {show_value(raw)}")
        self.rule(raw.get("rule"), f"{path}.rule", ("bonus",))
        m = self.mapping(raw, path, required=("zh", "en", "rule", "points"), optional=("cap",))
        pts = m["points"]
        if not isinstance(pts, Mapping) or not pts:
            raise self.fail(
                f"{path}.points",
                f"expected a mapping of column: points each; got {show_value(pts)}",
            )
        points = tuple(
            (self.column(c, f"{path}.points.{c}", ("count",)), self.number(p, f"{path}.points.{c}"))
            for c, p in pts.items()
        )
        cap = None if m.get("cap") is None else self.number(m["cap"], f"{path}.cap")
        return Bonus(
            key, self.text(m["zh"], f"{path}.zh"), self.text(m["en"], f"{path}.en"), points, cap
        )

    def veto(self, raw: Any) -> Veto:
        if not isinstance(raw, Mapping):
            raise self.fail("veto", f"expected a mapping; got {show_value(raw)}")
        self.rule(raw.get("rule"), "veto.rule", ("veto",))
        m = self.mapping(
            raw,
            "veto",
            required=("zh", "en", "rule", "column", "penalties"),
            optional=("disqualify_at",),
        )
        steps_raw = m["penalties"]
        if not isinstance(steps_raw, list):
            raise self.fail(
                "veto.penalties",
                f"expected a list of {{complaints, penalty}}; got {show_value(steps_raw)}",
            )
        steps: list[VetoStep] = []
        for n, item in enumerate(steps_raw):
            p = f"veto.penalties[{n}]"
            s = self.mapping(item, p, required=("complaints", "penalty"))
            k = s["complaints"]
            if isinstance(k, bool) or not isinstance(k, int) or k < 1:
                raise self.fail(
                    f"{p}.complaints", f"expected a whole number ≥ 1; got {show_value(k)}"
                )
            pen = self.number(s["penalty"], f"{p}.penalty")
            if steps and k <= steps[-1].complaints:
                raise self.fail(
                    f"{p}.complaints",
                    f"steps must ascend; {k} does not exceed "
                    f"the previous step's "
                    f"{steps[-1].complaints}",
                )
            if steps and pen < steps[-1].penalty:
                raise self.fail(
                    f"{p}.penalty",
                    f"a penalty cannot fall as complaints rise; "
                    f"{pen:g} is below the previous step's "
                    f"{steps[-1].penalty:g}",
                )
            steps.append(VetoStep(k, pen))
        dq = m.get("disqualify_at")
        if dq is not None and (isinstance(dq, bool) or not isinstance(dq, int) or dq < 1):
            raise self.fail(
                "veto.disqualify_at", f"expected a whole number ≥ 1 or null; got {show_value(dq)}"
            )
        return Veto(
            self.text(m["zh"], "veto.zh"),
            self.text(m["en"], "veto.en"),
            self.column(m["column"], "veto.column", ("count",)),
            tuple(steps),
            dq,
        )

    def stars(self, raw: Any) -> tuple[StarBand, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(
                "stars", f"expected a list of {{stars, min, max}}; got {show_value(raw)}"
            )
        bands: list[tuple[int, StarBand]] = []
        for n, item in enumerate(raw):
            p = f"stars[{n}]"
            m = self.mapping(item, p, required=("stars", "min", "max"))
            s = m["stars"]
            if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 5:
                raise self.fail(f"{p}.stars", f"expected a whole number 1–5; got {show_value(s)}")
            lo = None if m["min"] is None else self.number(m["min"], f"{p}.min", minimum=None)
            hi = None if m["max"] is None else self.number(m["max"], f"{p}.max", minimum=None)
            if lo is not None and hi is not None and hi <= lo:
                raise self.fail(p, f"max {hi:g} must exceed min {lo:g}")
            bands.append((n, StarBand(s, lo, hi)))
        order = sorted(bands, key=lambda nb: -math.inf if nb[1].lower is None else nb[1].lower)
        first_n, first = order[0]
        if first.lower is not None:
            raise self.fail(
                f"stars[{first_n}].min",
                f"the lowest band must start at null "
                f"(−∞); totals below {first.lower:g} "
                f"would have no band",
            )
        last_n, last = order[-1]
        if last.upper is not None:
            raise self.fail(
                f"stars[{last_n}].max",
                f"the highest band must end at null "
                f"(+∞); totals from {last.upper:g} would "
                f"have no band",
            )
        for (n_lo, lo_b), (n_hi, hi_b) in pairwise(order):
            if lo_b.upper is None or lo_b.upper > hi_b.lower:  # type: ignore[operator]
                end = "∞" if lo_b.upper is None else f"{lo_b.upper:g}"
                raise self.fail(
                    f"stars[{n_lo}].max",
                    f"band {lo_b.stars}★ ends at {end}, "
                    f"overlapping band {hi_b.stars}★ "
                    f"(stars[{n_hi}]) from "
                    f"{hi_b.lower:g}",
                )
            if lo_b.upper < hi_b.lower:  # type: ignore[operator]
                raise self.fail(
                    f"stars[{n_lo}].max",
                    f"band {lo_b.stars}★ ends at "
                    f"{lo_b.upper:g} but band "
                    f"{hi_b.stars}★ (stars[{n_hi}]) starts "
                    f"at {hi_b.lower:g}: a gap",
                )
            if hi_b.stars <= lo_b.stars:
                raise self.fail(
                    f"stars[{n_hi}].stars",
                    f"stars must rise with the total; "
                    f"band from {hi_b.lower:g} gives "
                    f"{hi_b.stars}★, not more than "
                    f"{lo_b.stars}★ below it",
                )
        return tuple(b for _, b in sorted(order, key=lambda nb: -nb[1].stars))


def show_value(value: Any) -> str:
    """A value as an error message shows it: text in double quotes, ``None`` as nothing.

    Parameters
    ----------
    value
        The value received (a NumPy scalar is shown as the Python number it holds).

    Returns
    -------
    str
        ``"text"`` for a string, ``nothing`` for ``None``, else ``repr(value)``.

    Notes
    -----
    Messages name where, the rule and the value received, so that
    ``"12"`` (text) and ``12`` (a number) read differently.

    References
    ----------
    None in the seeds: a helper of the scorecard's messages (seed 002, Table 1-1 is what
    they are about).

    Examples
    --------
    >>> show_value("12"), show_value(12), show_value(np.float64(0.5)), show_value(None)
    ('"12"', '12', '0.5', 'nothing')
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    return repr(value)


def _default_scorecard_path() -> Path:
    """The bundled star-dealer scorecard, the one `load_scorecard` reads when given none;
    looked up when asked, never on import."""
    return resource_dir("templates") / "scorecards" / "star_dealer.yaml"


def load_scorecard(config: str | os.PathLike | Mapping | Scorecard | None = None) -> Scorecard:
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

    Notes
    -----
    The configuration holds the terms of total = Σ category weight × category score / 100
    + bonus − penalty (docs/method.md §2.1): category weights (Σ = 100), each indicator's rule,
    the capped bonus items, the veto steps and the star bands, which must cover −∞ to +∞
    without gap or overlap.

    References
    ----------
    Seed 002, section 二(二), Table 1-1 (星级经销商评估体系); docs/method.md §2.1 for the Decisions
    (category weights, star bands).

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
        config = _default_scorecard_path()
    if isinstance(config, Mapping):
        return _Reader("scorecard").scorecard(config)
    import yaml

    path = Path(config)
    try:
        with open(path, encoding="utf-8") as fh:
            raw = parse_yaml(fh)
    except FileNotFoundError as err:
        raise ScorecardConfigError(f"{path}: the scorecard file does not exist") from err
    except yaml.YAMLError as err:
        raise ScorecardConfigError(f"{path}: not valid YAML ({err})") from err
    return _Reader(path.name).scorecard(raw)
