"""``tables.xlsx``: every result table a section saved, one sheet each, in report order.

A consultant forwards this workbook as it is, so it reads like the report: a contents
sheet first (section, table, rows, a link to each sheet), then one sheet per table in the
order the report saved them (section by section, then in the order of the section's
``S.table`` / ``S.save`` calls, as recorded in each section folder's manifest by
`chananalysis.report.section.Section`). Each sheet is named after its table in the report
language (the catalogue's ``<prefix>_table_<name>``, after the section number), its headers
are those the report shows (`chananalysis.display.formatting.column_header`), its numbers
carry formats from the columns' kinds (inferred for tables saved without kinds), and it
has a frozen, filtered header row and column widths fitted to the content.

Text is always written as text (a client's ``=HYPERLINK(…)`` stays a string, never a
formula); missing values are empty cells.

Examples
--------
>>> import pathlib, tempfile, openpyxl, pandas as pd
>>> from chananalysis.report.section import Section
>>> from chananalysis.intake.read import load_client
>>> from chananalysis.intake.write import write_intake_template
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> data = load_client(write_intake_template(tmp / "t.xlsx"))
>>> S = Section("02_channel_scoring", data, "en", tmp / "_tables" / "02_channel_scoring",
...             display=False)
>>> S.table(pd.DataFrame({"I": [112.5]}, index=pd.Index(["KA"], name="channel")),
...         "scores", {"I": "number"})
>>> write_tables(tmp / "_tables", tmp / "tables.xlsx", lang="en")
['02 Composite index']
>>> book = openpyxl.load_workbook(tmp / "tables.xlsx")
>>> book.sheetnames
['Contents', '02 Composite index']
>>> [c.value for c in book["02 Composite index"][1]]
['Channel', 'Composite I']
>>> book["02 Composite index"]["B2"].number_format
'#,##0.0'
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from chananalysis.display.formatting import column_header, fmt_bool
from chananalysis.display.money import Money
from chananalysis.i18n import aside, check_lang, has, join_items, t
from chananalysis.sections import registry

__all__ = ["MANIFEST", "NUMBER_FORMATS", "sheet_title", "table_title", "write_tables"]

#: The file in each section's table folder that lists its tables in the order they were
#: saved, with their names, kinds and labels (written by `chananalysis.report.section`).
MANIFEST = "_manifest.json"

#: Excel number format of each column kind of `chananalysis.display.formatting.style_table`.
NUMBER_FORMATS: dict[str, str] = {
    "money": "#,##0",
    "amount": "#,##0",
    "amount2": "#,##0.00",
    "pct": "0.0%",
    "pct_signed": "0.0%",
    "number": "#,##0.0",
    "int": "#,##0",
    "rank": "General",  # 2 and 2.5, as the report shows a statistic of ranks
    "date": "yyyy-mm-dd",
}
#: Kinds whose whole values are written as integers (a rank or a count that became a
#: float through a missing value is 2 in the workbook, not 2.0).
WHOLE_KINDS = ("int", "rank")
#: Float columns of a table saved without kinds whose name ends so are fractions (0.123 = 12.3%).
PCT_ENDINGS = ("_rate", "share", "achievement", "growth", "margin")
#: ... unless a value is beyond ±PCT_MAX (±1000 %): then they are points (123.3 = 123.3 %).
PCT_MAX = 10.0
MAX_WIDTH = 60
MIN_WIDTH = 6
#: Column widths are fitted to the header and the first rows this many.
WIDTH_ROWS = 1000
HEADER_FILL = "DDEBF7"
LINK_COLOR = "0563C1"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # what XML 1.0 forbids
_EXCEL_TEXT_MAX = 32_767
_EXCEL_ROWS_MAX = 1_048_576
_DECIMALS = {"#,##0": 0, "#,##0.0": 1, "#,##0.00": 2}


@dataclass
class _Entry:
    section: str
    prefix: str
    number: int
    path: Path
    name: str
    shown: bool = False
    kinds: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    currency: str = "CNY"


def _strings(d: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in d.items()} if isinstance(d, dict) else {}


def _entries(tables: Path) -> list[_Entry]:
    """The saved tables in report order: section folders by name (``NN_key``), then each
    folder's manifest order; Parquet files no manifest lists follow alphabetically."""
    entries: list[_Entry] = []
    if not tables.is_dir():
        return entries
    for folder in sorted(p for p in tables.iterdir() if p.is_dir()):
        key = folder.name
        manifest: dict = {}
        try:
            loaded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            manifest = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            pass
        key = str(manifest.get("section") or key)
        info = registry.section(key)  # None for a notebook of one's own
        prefix = str(manifest.get("prefix") or (info.prefix if info else ""))
        number = manifest.get("number")
        if not isinstance(number, int):
            number = info.number if info else int(key[:2]) if key[:2].isdigit() else 0
        listed = [e for e in manifest.get("tables", []) if isinstance(e, dict) and "file" in e]
        listed.sort(key=lambda e: e.get("order", 0) if isinstance(e.get("order"), int) else 0)
        seen = set()
        for e in listed:
            path = folder / str(e["file"])
            if path.is_file() and path.name not in seen:
                seen.add(path.name)
                shown = bool(e.get("shown"))
                kinds, labels = dict(e.get("kinds") or {}), dict(e.get("labels") or {})
                if not shown:  # saved only: the section's own kinds and labels apply
                    kinds = {**_strings(manifest.get("kinds")), **kinds}
                    labels = {**_strings(manifest.get("labels")), **labels}
                name = str(e.get("name") or path.stem)
                currency = str(manifest.get("currency") or "CNY")
                entries.append(
                    _Entry(key, prefix, number, path, name, shown, kinds, labels, currency)
                )
        for path in sorted(folder.glob("*.parquet")):
            if path.name not in seen:  # saved by an older kit, or by hand
                name = path.stem[3:] if re.match(r"\d\d_", path.stem) else path.stem
                entries.append(_Entry(key, prefix, number, path, name))
    return entries


def table_title(name: str, lang: str, *, prefix: str = "") -> str:
    """A saved table's title in ``lang``: the catalogue's ``<prefix>_table_<name>``; for a
    name with a dynamic suffix (``evidence_D003``) the key of its stem with the suffix
    aside; the name itself when the catalogue has neither.

    Examples
    --------
    >>> table_title("scores", "zh", prefix="cs"), table_title("x_y", "en", prefix="cs")
    ('综合指数', 'x_y')
    >>> table_title("evidence_D003", "en", prefix="cf")
    'Evidence (D003)'
    """
    if prefix:
        if has(f"{prefix}_table_{name}"):
            return t(f"{prefix}_table_{name}", lang)
        parts = name.split("_")
        for i in range(len(parts) - 1, 0, -1):
            key = f"{prefix}_table_{'_'.join(parts[:i])}"
            if has(key):
                return aside(t(key, lang), "_".join(parts[i:]), lang)
    return name


def sheet_title(title: str, number: int | None, taken: set[str]) -> str:
    """An Excel sheet name: ``NN title``, none of ``[]:*?/\\``, at most 31 characters, not
    starting or ending with ``'``, unique (case-insensitively) among ``taken``, which it
    joins.

    Examples
    --------
    >>> taken = set()
    >>> sheet_title("Sales/target: [all]", 1, taken)
    '01 Sales-target- -all-'
    >>> sheet_title("Dealers whose stock flow does not balance", 1, taken)
    '01 Dealers whose stock flow doe'
    >>> sheet_title("a", 2, taken), sheet_title("A", 2, taken)
    ('02 a', '02 A (2)')
    """
    base = _SHEET_BAD.sub("-", f"{number:02d} {title}" if number is not None else title)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "table"
    name, n = base[:31].rstrip(), 2
    while name.casefold() in taken:
        tail = f" ({n})"
        name, n = base[: 31 - len(tail)].rstrip() + tail, n + 1
    taken.add(name.casefold())
    return name


def _width(text: str) -> int:
    """Display width: CJK and other wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _inferred(col: str, s: pd.Series) -> str | None:
    """The number format of a column saved without a kind (by dtype and name)."""
    if pd.api.types.is_bool_dtype(s):
        return None
    if pd.api.types.is_datetime64_any_dtype(s):
        return NUMBER_FORMATS["date"]
    if pd.api.types.is_integer_dtype(s):
        return "#,##0"
    if pd.api.types.is_float_dtype(s):
        values = s.dropna()
        if col.endswith(PCT_ENDINGS) and not (values.abs() > PCT_MAX).any():
            return "0.0%"
        whole = values[values.abs() < 1e15]  # beyond that every float is whole
        fractional = bool(len(whole)) and bool((whole != whole.round()).any())
        return "#,##0.00" if fractional else "#,##0"
    return None


def _cell_value(v: object, lang: str) -> object:
    """A value openpyxl can write: Python scalars, naive datetimes, text; ``None`` when
    missing or not finite; a boolean as the text 是/否 or Yes/No (`fmt_bool`), never
    Excel's TRUE/FALSE."""
    if isinstance(v, (list, tuple, set)) or (hasattr(v, "tolist") and getattr(v, "ndim", 0)):
        items = v.tolist() if hasattr(v, "tolist") else list(v)
        return join_items(
            (fmt_bool(i, lang) if isinstance(i, bool) else str(i) for i in items), lang
        )
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, pd.Timestamp):
        return v.tz_localize(None).to_pydatetime() if v.tzinfo else v.to_pydatetime()
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    if isinstance(v, (pd.Timedelta, dt.timedelta, dict)):
        return str(v)
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
        if isinstance(v, (int, dt.datetime)) and not isinstance(v, bool):
            return v
    if isinstance(v, bool):
        return fmt_bool(v, lang)
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (int, float, dt.date, dt.datetime)):
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def _shown_text(v: object, fmt: str | None) -> str:
    """About what Excel shows for ``v`` in format ``fmt``: for the column widths."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "FALSE" if not v else "TRUE"
    if isinstance(v, (dt.date, dt.datetime)):
        return "yyyy-mm-dd" if fmt == NUMBER_FORMATS["date"] else str(v)
    if isinstance(v, (int, float)):
        if fmt == "0.0%":
            return f"{v:.1%}"
        if fmt in _DECIMALS:
            return f"{v:,.{_DECIMALS[fmt]}f}"
        return f"{v:.10g}"
    return str(v)


def _frame(e: _Entry, df: pd.DataFrame) -> pd.DataFrame:
    """The table as the report shows it: named row labels as columns; an unnamed index
    dropped when the report hides it (a shown table) or it only numbers the rows."""
    if any(n is not None for n in df.index.names):
        return df.reset_index(allow_duplicates=True)
    plain = isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1
    return df.reset_index(drop=True) if e.shown or plain else df.reset_index()


def _headers(e: _Entry, frame: pd.DataFrame, lang: str) -> list[str]:
    head = [e.labels.get(str(c)) or column_header(c, lang, prefix=e.prefix) for c in frame]
    money = Money(lang, e.currency)  # full amounts: the header names the currency itself
    head = [
        money.header(h) if e.kinds.get(str(c)) == "money" else h
        for c, h in zip(frame.columns, head, strict=True)
    ]
    return [  # two columns worded alike keep their keys, as in the report
        f"{h} ({c})" if head.count(h) > 1 else h for c, h in zip(frame.columns, head, strict=True)
    ]


def _write_sheet(
    wb, title: str, head: list[str], rows: list[list], formats: list, *, link: int | None = None
) -> None:
    """One sheet: bold filled header, frozen and filtered; widths from the content; the
    cells of column ``link`` (sheet names) linked to those sheets."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(title)
    widths = [_width(h) + 3 for h in head]  # + the filter button
    for row in rows[:WIDTH_ROWS]:
        for j, v in enumerate(row):
            if v is not None:
                w = _width(_shown_text(v, formats[j]))
                if w > widths[j]:
                    widths[j] = w
    for j, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = max(MIN_WIDTH, min(MAX_WIDTH, w + 2))
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(head), 1))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    middle = Alignment(vertical="center")
    link_font = Font(color=LINK_COLOR, underline="single")
    cells = []
    for h in head:
        cell = WriteOnlyCell(ws, value=h)
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment = bold, fill, middle
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        out: list = []
        for j, (v, fmt) in enumerate(zip(row, formats, strict=True)):
            if v is None or isinstance(v, bool):
                out.append(v)  # an empty cell is not written at all
            elif isinstance(v, str):
                if j == link:  # internal link: #'Sheet name'!A1
                    cell = WriteOnlyCell(ws, value=v)
                    ref = "'{}'!A1".format(v.replace("'", "''"))
                    cell.hyperlink = Hyperlink(ref="", location=ref)
                    cell.font = link_font
                elif v.startswith("=") or v in ERROR_CODES:
                    cell = WriteOnlyCell(ws, value=v)
                else:
                    out.append(v)  # openpyxl writes it as text
                    continue
                cell.data_type = "s"  # "=…" and "#N/A" stay text, never formulas or errors
                out.append(cell)
            elif fmt:
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = fmt
                out.append(cell)
            else:
                out.append(v)
        ws.append(out)


def write_tables(tables: Path, dest: Path, *, lang: str = "zh") -> list[str]:
    """Write every saved result table under ``tables`` as one sheet of ``dest``.

    Parameters
    ----------
    tables
        The report's ``_tables`` folder: one sub-folder per section (``NN_key``) holding
        ``NN_<name>.parquet`` files and the ``_manifest.json`` that `Section` writes.
    dest
        The workbook to write (``tables.xlsx``).
    lang
        Report language of sheet names, headers and the contents sheet.

    Returns
    -------
    list of str
        The table sheets' names, in order (the contents sheet not included).

    Raises
    ------
    ValueError
        ``lang`` is not a supported language.

    Notes
    -----
    Order: section folders by name, then the order the section saved its tables (its
    manifest); files no manifest lists follow by name. Sheet name: ``NN <title>``
    (`table_title`, `sheet_title`). Headers: the table's own ``labels``, else
    `chananalysis.display.formatting.column_header` with the section's prefix; named row
    labels become the first columns, an unnamed index is left out when the report hid it
    (a shown table) or it only numbers the rows (a default ``RangeIndex``).

    Number formats come from the kinds a shown table declared (`NUMBER_FORMATS`); for a
    column without one: dates ``yyyy-mm-dd``, integers ``#,##0``, floats whose name ends
    in one of `PCT_ENDINGS` ``0.0%``, other floats ``#,##0.00`` when any value has
    decimals, else ``#,##0``; whole values of an ``int`` or ``rank`` column are written
    as integers (2, not 2.0, for a rank column that a missing value made float). A
    boolean cell is the text 是/否 or Yes/No (`chananalysis.display.formatting.fmt_bool`),
    never Excel's TRUE/FALSE. Column widths: the widest header (+3 for the filter button)
    or shown value among the first `WIDTH_ROWS` rows, wide CJK characters counting two,
    + 2, between `MIN_WIDTH` and `MAX_WIDTH`. Every sheet has its header row frozen, bold
    on a light fill, and an autofilter over the table.

    **Decisions**: a table saved with ``S.save`` and no kinds or labels takes those its
    section gave other tables for the same column (one column, one header and format in
    a section). A float column named like a fraction holding a value beyond ±`PCT_MAX`
    is taken for percentage points, not a fraction (the scorecard's ``task_achievement``
    of 123.3 would read 12330.0 %), and gets the float format. ``pct_signed`` is
    ``0.0%`` like ``pct`` (Excel shows the minus sign). A ``money`` column keeps full
    amounts (``#,##0``, the currency named in its header: ``销售额（元）``) where the report
    shows 万元 or CNY m: the workbook is for calculating on.
    """
    import openpyxl

    check_lang(lang)
    entries = _entries(Path(tables))
    contents = t("report_contents", lang)
    taken = {contents.casefold()}
    sheets, index = [], []
    for e in entries:
        frame = _frame(e, pd.read_parquet(e.path)).iloc[: _EXCEL_ROWS_MAX - 1]
        title = table_title(e.name, lang, prefix=e.prefix)
        name = sheet_title(title, e.number, taken)
        info = registry.section(e.section)
        section = info.title(lang) if info else e.section
        sheets.append((e, name, frame))
        index.append([_text(section), _text(title), len(frame), name])
    if not sheets:
        index.append([t("tables_none", lang), None, None, None])
    wb = openpyxl.Workbook(write_only=True)
    head = [t(f"tables_col_{c}", lang) for c in ("section", "table", "rows", "sheet")]
    _write_sheet(wb, contents, head, index, [None, None, "#,##0", None], link=3)
    for e, name, frame in sheets:
        formats = []
        for j, c in enumerate(str(c) for c in frame.columns):
            fmt = NUMBER_FORMATS.get(e.kinds.get(c, ""))
            formats.append(fmt or _inferred(c, frame.iloc[:, j]))
        whole = [e.kinds.get(str(c)) in WHOLE_KINDS for c in frame.columns]
        rows = [
            [
                _text(v) if isinstance(v, str) else _whole(v) if w else v
                for v, w in zip((_cell_value(x, lang) for x in r), whole, strict=True)
            ]
            for r in frame.itertuples(index=False, name=None)
        ]
        _write_sheet(wb, name, _headers(e, frame, lang), rows, formats)
    wb.save(dest)
    return [name for _, name, _ in sheets]


def _whole(v: object) -> object:
    """A whole float as an int (a rank of 2.0 is written 2); anything else as it is."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _text(v: str) -> str:
    """Client text Excel accepts: no XML-forbidden control characters, ≤ 32,767 long."""
    return _ILLEGAL.sub("", v)[:_EXCEL_TEXT_MAX]
