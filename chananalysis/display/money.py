"""Money in the reader's units: 万元 and 亿元 in Chinese, thousands and millions in English.

One `Money` per report (its language and the client's currency) writes every amount the
report shows: in running text each amount takes the unit that suits its size
(``9,140 万元``, ``CNY 91.4 m``, ``1,200 元``); a table column or a chart axis takes one unit
for all its values, named in its header or axis label (``销售额（万元）``, ``Sales (CNY m)``).
``tables.xlsx`` keeps full amounts in the currency itself, formatted with thousands.

**Decisions** (ours, not the seeds'): text switches to 万元 from 10,000 and to 亿元 from
100 million (English: k from 10,000, m from 1 million, bn from 1 billion) and shows three
significant figures, whole numbers from 1,000 of a unit up; a column or an axis is in 万元
when its largest amount reaches 100,000 (never 亿元, so small rows keep their figures),
in English in CNY m from 10 million and in CNY k from 10,000.

Examples
--------
>>> zh, en = Money("zh"), Money("en")
>>> zh(91_400_000), en(91_400_000)
('9,140 万元', 'CNY 91.4 m')
>>> zh(125_000_000), zh(46_000), zh(1_200), zh(-3_456_789)
('1.25 亿元', '4.6 万元', '1,200 元', '-346 万元')
>>> en(46_500), en(9_990), en(690), en(1_234_000_000)
('CNY 46.5 k', 'CNY 9,990', 'CNY 690', 'CNY 1.23 bn')
>>> u = zh.unit([91_400_000, 3_456])
>>> u.name, [u.number(v) for v in (91_400_000, 3_456)]
('万元', ['9,140.0', '0.3'])
>>> zh.header("销售额", u), en.header("Sales", en.unit([91_400_000]))
('销售额（万元）', 'Sales (CNY m)')
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from chananalysis.i18n import check_lang

__all__ = ["Money", "Unit", "nowrap"]

_NBSP = "\u00a0"
#: An amount as `Money` writes it: "CNY 3.58 m", "CNY 20", "9,140 万元", "1,200 元", "9,140 万 USD".
_AMOUNT = re.compile(
    r"\b([A-Z]{3}) (-?\d[\d,]*(?:\.\d+)?)(?: (k|m|bn)\b)?"
    r"|(-?\d[\d,]*(?:\.\d+)?) ([万亿]?元|[万亿] [A-Z]{3}\b)"
)


def nowrap(text: str) -> str:
    """``text`` with every amount's number and unit held together by no-break spaces, so
    a printed line never ends between "CNY 3.58" and "m" or "9,140" and "万元".

    Examples
    --------
    >>> nowrap("contribution CNY 3.58 m; 贡献 9,140 万元").replace("\u00a0", "_")
    'contribution CNY_3.58_m; 贡献 9,140_万元'
    """

    def held(m: re.Match) -> str:
        return m.group(0).replace(" ", _NBSP)

    return _AMOUNT.sub(held, text)


#: Per language: ``text`` — (from, divisor, form) for one amount in running text, largest
#: first; ``columns`` — (from, divisor, name, places) for a column or an axis, largest
#: first (below the last: the currency itself); ``base`` — the currency's own name;
#: ``header`` — a header naming its unit. In the forms ``{n}`` is the number, ``{c}`` the
#: currency code, ``{y}`` what follows 万 and 亿 (元, or the code) and ``{b}`` the
#: currency's own name (元, or the code).
_STYLES: dict[str, dict] = {
    "zh": {
        "text": [(1e8, 1e8, "{{n}} 亿{y}"), (1e4, 1e4, "{{n}} 万{y}"), (0.0, 1.0, "{{n}} {b}")],
        "columns": [(1e5, 1e4, "万{y}", 1)],
        "base": "{b}",
        "header": "{text}（{unit}）",
    },
    "en": {
        "text": [
            (1e9, 1e9, "{c} {{n}} bn"),
            (1e6, 1e6, "{c} {{n}} m"),
            (1e4, 1e3, "{c} {{n}} k"),
            (0.0, 1.0, "{c} {{n}}"),
        ],
        "columns": [(1e7, 1e6, "{c} m", 2), (1e4, 1e3, "{c} k", 1)],
        "base": "{c}",
        "header": "{text} ({unit})",
    },
}

#: Currencies written 元 in Chinese (case and spaces ignored).
YUAN = frozenset({"CNY", "RMB", "元", "人民币", "¥", "￥", "YUAN", "人民币元"})


def _missing(v: object) -> bool:
    if v is None:
        return True
    try:
        return math.isnan(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


@dataclass(frozen=True)
class Unit:
    """One unit for a column or an axis: amounts are divided by ``divisor`` and shown
    with ``decimals`` places; ``name`` goes into the header or axis label."""

    divisor: float
    name: str
    decimals: int

    def scaled(self, v: float) -> float:
        """``v`` in this unit."""
        return float(v) / self.divisor

    def number(self, v: object) -> str:
        """``v`` in this unit with thousands separators, without the unit; ``–`` when
        missing."""
        if _missing(v):
            return "–"
        return f"{self.scaled(v):,.{self.decimals}f}"  # type: ignore[arg-type]

    def tick(self, v: float, _pos: object = None) -> str:
        """An axis tick: ``v`` in this unit, trailing zeros dropped (for a
        `matplotlib.ticker.FuncFormatter`)."""
        text = f"{self.scaled(v):,.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text


class Money:
    """The report's money formatter; see the module docstring.

    Parameters
    ----------
    lang
        Report language, ``"zh"`` or ``"en"``.
    currency
        The client's currency (intake ``client.currency``); CNY, RMB, 元 and 人民币 are
        written 元 in Chinese, any other code stays as given (``9,140 万 USD``).
    """

    def __init__(self, lang: str = "zh", currency: str = "CNY") -> None:
        self.lang = check_lang(lang)
        code = str(currency or "CNY").strip() or "CNY"
        self.yuan = code.upper() in YUAN or code in YUAN
        self.currency = "CNY" if self.yuan and not code.isascii() else code
        style = _STYLES[lang]
        names = {  # 元 after 万 and 亿 in Chinese; any other currency by its code
            "c": self.currency,
            "y": "元" if self.yuan else f" {self.currency}",
            "b": "元" if self.yuan else self.currency,
        }
        self._text = [(least, div, form.format(**names)) for least, div, form in style["text"]]
        self._columns = [
            Unit(div, name.format(**names), places) for least, div, name, places in style["columns"]
        ]
        self._column_from = [least for least, _, _, _ in style["columns"]]
        self._base = style["base"].format(**names)
        self._header = style["header"]

    def __repr__(self) -> str:
        return f"Money({self.lang!r}, {self.currency!r})"

    # --- one amount in running text ------------------------------------------------------
    def __call__(self, v: object) -> str:
        """One amount with the unit that suits its size; ``–`` when missing."""
        if _missing(v):
            return "–"
        x = float(v)  # type: ignore[arg-type]
        units = self._text
        at = next(i for i, (least, _, _) in enumerate(units) if abs(x) >= least)
        _, divisor, form = units[at]
        if divisor == 1.0:
            number = f"{abs(x):,.0f}" if abs(x).is_integer() else f"{abs(x):,.2f}"
        else:
            s = abs(x) / divisor
            places = 0 if s >= 99.95 else 1 if s >= 9.995 else 2
            if at and round(s, places) * divisor >= units[at - 1][0]:  # 999,999 -> 1 m
                _, divisor, form = units[at - 1]
                s, places = abs(x) / divisor, 2
            number = f"{s:,.{places}f}"
            if "." in number:
                number = number.rstrip("0").rstrip(".")
        return form.format(n=("-" if x < 0 and number.strip("0.,") else "") + number)

    def price(self, v: object) -> str:
        """A price or an amount per unit, always in the currency itself (``20 元``,
        ``CNY 2.50``); ``–`` when missing."""
        if _missing(v):
            return "–"
        x = float(v)  # type: ignore[arg-type]
        number = f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}"
        return self._text[-1][2].format(n=number)

    # --- a column or an axis -------------------------------------------------------------
    def unit(self, values: Iterable[object] | float, *, decimals: int | None = None) -> Unit:
        """The one unit for a column or an axis holding ``values`` (by the largest
        absolute amount; the currency itself when there is none).

        ``decimals`` fixes the places shown in the currency itself (e.g. 2 for prices)."""
        if isinstance(values, int | float):
            values = [values]
        finite = [abs(float(v)) for v in values if not _missing(v)]  # type: ignore[arg-type]
        largest = max(finite, default=0.0)
        for least, unit in zip(self._column_from, self._columns, strict=True):
            if largest >= least:
                return unit
        return Unit(1.0, self._base, 0 if decimals is None else decimals)

    def header(self, text: str, unit: Unit | None = None) -> str:
        """A header or axis label naming the unit: ``销售额（万元）``, ``Sales (CNY m)``."""
        return self._header.format(text=text, unit=(unit.name if unit else self._base))

    def axis(self, axis, values: Iterable[object]) -> Unit:
        """Put a matplotlib axis (``ax.xaxis`` or ``ax.yaxis``) in the unit of ``values``:
        its ticks are formatted in that unit; returns the unit, for the label."""
        from matplotlib.ticker import FuncFormatter

        unit = self.unit(values)
        axis.set_major_formatter(FuncFormatter(unit.tick))
        return unit
