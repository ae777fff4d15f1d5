"""The one table of intake sheets and columns, and the records it is read into.

Every sheet of docs/contract.md §3 and every column in it is defined once, one line per column,
in ``columns.yaml`` beside this module: English key, Chinese header, kind (which drives
parsing and checks), unit, whether it is required, a description in both languages and
three example values. The loader, the validator and the intake template all read this
table; nothing else lists columns.

The file is read on first use of `SHEETS` or `ENUMS` (importing this module reads
nothing), checked key by key and turned at once into frozen `Sheet`, `Column` and `Enum`
records.

Examples
--------
>>> SHEETS["channels"].column("sales").zh
'销售额'
>>> [c.key for c in SHEETS["channels"].columns if c.required]
['channel', 'sales', 'sales_prev', 'variable_cost_rate', 'fixed_cost']
>>> label("channels", "sales")
'sales (销售额)'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from chananalysis.i18n import pick
from chananalysis.resources import parse_yaml

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ENUMS",
    "INSTRUCTION_SHEET_NAMES",
    "KINDS",
    "SHEETS",
    "Column",
    "Enum",
    "Sheet",
    "label",
]

Kind = Literal[
    "text",  # any non-blank text; numbers become their text form (dealer id 1001 -> "1001")
    "amount",  # money or quantity >= 0
    "signed",  # money that may be negative (profits)
    "count",  # whole number >= 0
    "rate",  # fraction >= 0 (0.12, not 12); "12%" is read as 0.12
    "score",  # 0-100 points
    "date",  # Excel date cell or ISO text YYYY-MM-DD (also YYYY/MM/DD)
    "bool",  # yes/no/是/否/1/0/true/false
    "enum",  # one of a closed list, English key or Chinese label
    "list",  # semicolon-separated names
]

KINDS: dict[str, tuple[str, str]] = {
    "text": ("text", "文本"),
    "amount": ("number ≥ 0", "数值 ≥ 0"),
    "signed": ("number (may be negative)", "数值（可为负）"),
    "count": ("whole number ≥ 0", "非负整数"),
    "rate": ("fraction 0–1 (12% = 0.12)", "比率 0–1（12% 填 0.12）"),
    "score": ("score 0–100", "分值 0–100"),
    "date": ("date (Excel date or YYYY-MM-DD)", "日期（Excel 日期或 YYYY-MM-DD）"),
    "bool": ("yes / no", "是 / 否"),
    "enum": ("one of a list", "列表之一"),
    "list": ("names separated by ;", "以 ；分隔的名称"),
}

#: Sheets the template writes for people; the loader skips them without a warning.
INSTRUCTION_SHEET_NAMES = ("instructions", "说明", "填写说明")


@dataclass(frozen=True)
class Enum:
    """A closed list of values: English keys with their Chinese labels (and aliases)."""

    name: str
    values: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.values)

    def label(self, key: str, lang: str) -> str:
        return pick(lang, en=key, zh=dict(self.values)[key][0])

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling (case-folded) to its key."""
        out: dict[str, str] = {}
        for key, labels in self.values:
            out[key.casefold()] = key
            for lab in labels:
                out[lab.casefold()] = key
        return out

    def describe(self) -> str:
        return " / ".join(f"{k} ({v[0]})" for k, v in self.values)


@dataclass(frozen=True)
class Column:
    """One intake column: key, Chinese header, kind, unit, rule and examples."""

    key: str
    zh: str
    kind: Kind
    en_doc: str
    zh_doc: str
    required: bool = False
    unit: tuple[str, str] = ("", "")  # (en, zh)
    examples: tuple[object, object, object] | tuple = ()
    enum: str | None = None
    group: str = ""  # e.g. "census", "capability": used by the analysis modules
    recommended: bool = False  # optional, but its absence is warned (an analysis needs it)

    def header(self, lang: str) -> str:
        return pick(lang, en=self.key, zh=self.zh)

    def label(self) -> str:
        """``key (中文)`` as used in every message."""
        return f"{self.key} ({self.zh})"


@dataclass(frozen=True)
class Sheet:
    """One intake sheet. ``layout="fields"`` is the two-column ``field, value`` form."""

    key: str
    zh: str
    en_doc: str
    zh_doc: str
    columns: tuple[Column, ...]
    required: bool = False
    unique: tuple[str, ...] = ()
    layout: Literal["table", "fields"] = "table"
    n_examples: int = 3

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    def column(self, key: str) -> Column:
        return self._by_key[key]

    def has(self, key: str) -> bool:
        """Whether ``key`` is one of the sheet's columns."""
        return key in self._by_key

    def name(self, lang: str) -> str:
        return pick(lang, en=self.key, zh=self.zh)

    def label(self) -> str:
        return f"{self.key} ({self.zh})"

    def examples(self) -> pd.DataFrame:
        """The sheet's example rows, as the intake template writes them (raw, untyped).

        Examples
        --------
        >>> SHEETS["channels"].examples()["channel"].tolist()
        ['KA卖场', '流通批发', '餐饮']
        """
        import pandas as pd

        if self.layout == "fields":
            return pd.DataFrame(
                {
                    "field": [c.key for c in self.columns],
                    "value": [c.examples[0] for c in self.columns],
                }
            )
        return pd.DataFrame({c.key: list(c.examples) for c in self.columns})


# --- reading columns.yaml -------------------------------------------------------------

_TABLE_FILE = "columns.yaml"
_SHEET_KEYS = {f.name for f in fields(Sheet)} - {"key"}
_COLUMN_KEYS = {f.name for f in fields(Column)} - {"key"}


def _refuse_unknown(where: str, spec: dict[str, Any], known: set[str]) -> None:
    if unknown := sorted(set(spec) - known):
        raise ValueError(
            f"{_TABLE_FILE}: {where}: unknown key(s) {', '.join(unknown)}; "
            f"expected {', '.join(sorted(known))}"
        )


def _column(
    where: str,
    key: str,
    spec: dict[str, Any],
    units: dict[str, tuple[str, str]],
    enums: dict[str, Enum],
) -> Column:
    where = f"{where}.{key}"
    _refuse_unknown(where, spec, _COLUMN_KEYS)
    spec = dict(spec)
    if spec.get("kind") not in KINDS:
        raise ValueError(
            f"{_TABLE_FILE}: {where}: kind {spec.get('kind')!r} is not one of {', '.join(KINDS)}"
        )
    if (spec["kind"] == "enum") != (spec.get("enum") in enums):
        raise ValueError(
            f"{_TABLE_FILE}: {where}: an enum column names one of the enums "
            f"({', '.join(enums)}), and only an enum column names one"
        )
    if "unit" in spec:
        if spec["unit"] not in units:
            raise ValueError(
                f"{_TABLE_FILE}: {where}: unit {spec['unit']!r} is not one of {', '.join(units)}"
            )
        spec["unit"] = units[spec["unit"]]
    spec["examples"] = tuple(spec.get("examples", ()))
    try:
        return Column(key, **spec)
    except TypeError as err:  # a required field (zh, kind, en_doc, zh_doc) is missing
        raise ValueError(f"{_TABLE_FILE}: {where}: {err}") from err


def _sheet(
    key: str, spec: dict[str, Any], units: dict[str, tuple[str, str]], enums: dict[str, Enum]
) -> Sheet:
    where = f"sheets.{key}"
    _refuse_unknown(where, spec, _SHEET_KEYS)
    spec = dict(spec)
    columns = tuple(
        _column(where, k, c, units, enums) for k, c in (spec.pop("columns", None) or {}).items()
    )
    if not columns:
        raise ValueError(f"{_TABLE_FILE}: {where}: the sheet has no columns")
    spec["unique"] = tuple(spec.get("unique", ()))
    if missing := sorted(set(spec["unique"]) - {c.key for c in columns}):
        raise ValueError(f"{_TABLE_FILE}: {where}: unique names no column {', '.join(missing)}")
    try:
        return Sheet(key, columns=columns, **spec)
    except TypeError as err:  # zh, en_doc or zh_doc is missing
        raise ValueError(f"{_TABLE_FILE}: {where}: {err}") from err


def _build(raw: dict[str, Any]) -> tuple[dict[str, Enum], dict[str, Sheet]]:
    """The parsed ``columns.yaml`` checked and turned into frozen records."""
    _refuse_unknown("top level", raw, {"units", "enums", "sheets"})
    units = {name: (str(en), str(zh)) for name, (en, zh) in raw["units"].items()}
    enums = {
        name: Enum(name, tuple((k, tuple(labels)) for k, labels in values.items()))
        for name, values in raw["enums"].items()
    }
    sheets = {key: _sheet(key, spec, units, enums) for key, spec in raw["sheets"].items()}
    return enums, sheets


@cache
def _table() -> tuple[dict[str, Enum], dict[str, Sheet]]:
    """``columns.yaml``, read once, on first use."""
    text = Path(__file__).with_name(_TABLE_FILE).read_text(encoding="utf-8")
    return _build(parse_yaml(text))


_V = TypeVar("_V")


class _Table(Mapping[str, _V]):
    """A read-only part of the table that reads ``columns.yaml`` on first use."""

    def __init__(self, part: int) -> None:
        self._part = part

    def _items(self) -> dict[str, _V]:
        return _table()[self._part]

    def __getitem__(self, key: str) -> _V:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return repr(self._items())


#: The closed lists of the enum columns, by name (``importance``, ``market_role`` …).
ENUMS: Mapping[str, Enum] = _Table(0)
#: Every intake sheet by key, in the order the template writes them.
SHEETS: Mapping[str, Sheet] = _Table(1)


def label(sheet: str, column: str | None = None) -> str:
    """How every message names a sheet, or a column of it: ``key (中文)``.

    A key the table does not know (a misspelt sheet or column of the client's file) is
    named as it is.

    Parameters
    ----------
    sheet
        Sheet key (``"channels"``).
    column
        Column key within that sheet; ``None`` names the sheet.

    Returns
    -------
    str
        ``"channels (渠道)"``, ``"sales (销售额)"``, or the key itself when unknown.

    References
    ----------
    docs/contract.md §3 (the intake sheets and columns); ``columns.yaml``.

    Examples
    --------
    >>> label("channels"), label("channels", "sales"), label("channels", "colour")
    ('channels (渠道)', 'sales (销售额)', 'colour')
    """
    found = SHEETS.get(sheet)
    if column is None:
        return found.label() if found else sheet
    return found.column(column).label() if found and found.has(column) else column
