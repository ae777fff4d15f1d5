"""Read a client's intake (workbook or folder) and write intake workbooks and the template.

A client is an ``.xlsx`` workbook, or a folder holding ``client.xlsx`` and/or
``<sheet>.csv`` / ``<sheet>.parquet`` files (CONTRACT §3). Sheets and files may be named
by English key or Chinese name; columns by English key or Chinese header. CSV files may
be UTF-8, UTF-8 with BOM or GB18030 (what Excel saves on Chinese Windows); the encoding
is detected. Input files are opened read-only and never modified.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "intake.xlsx"
>>> _ = write_intake_template(path, lang="en")
>>> validate_client(path)
[]
>>> load_client(path).channels[["channel", "sales"]]
  channel       sales
0    KA卖场  12000000.0
1    流通批发  30000000.0
2      餐饮   8000000.0
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from chananalysis.intake.columns import ENUMS, INSTRUCTION_SHEET_NAMES, KINDS, SHEETS, Sheet
from chananalysis.errors import IntakeError, Problem
from chananalysis.i18n import check_lang, t
from chananalysis.intake.parse import cross_check, parse_client_fields, parse_sheet

__all__ = [
    "ClientData",
    "load_client",
    "read_client",
    "validate_client",
    "write_intake",
    "write_intake_template",
]

_EXTERNAL_SUFFIXES = (".csv", ".parquet")
_BOM = b"\xef\xbb\xbf"


@dataclass
class ClientData:
    """One client's intake: a typed DataFrame per sheet (``None`` when not given).

    ``client`` holds the ``field, value`` rows; ``info`` gives them as a dict.
    ``warnings`` lists what validation found worth a look; ``files`` maps each sheet
    to the file it came from.
    """

    path: Path
    client: pd.DataFrame
    channels: pd.DataFrame
    channel_importance: pd.DataFrame | None = None
    dealers: pd.DataFrame | None = None
    dealer_channel_sales: pd.DataFrame | None = None
    dealer_kpis: pd.DataFrame | None = None
    financials: pd.DataFrame | None = None
    authorizations: pd.DataFrame | None = None
    territories: pd.DataFrame | None = None
    shipments: pd.DataFrame | None = None
    scans: pd.DataFrame | None = None
    price_ladder: pd.DataFrame | None = None
    price_observations: pd.DataFrame | None = None
    inventory: pd.DataFrame | None = None
    rebate_tiers: pd.DataFrame | None = None
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def info(self) -> dict[str, object]:
        """The ``client`` sheet as ``{field: value}`` (currency defaults to CNY)."""
        out: dict[str, object] = {"currency": "CNY"}
        out.update(dict(zip(self.client["field"], self.client["value"], strict=True)))
        return out

    def sheets(self) -> list[str]:
        """Keys of the sheets this client gave, in CONTRACT order."""
        return [k for k in SHEETS if getattr(self, k) is not None]

    def summary(self, lang: str = "zh") -> str:
        """A few lines a consultant reads to check that the right client was loaded."""
        info = self.info
        dash = "–"
        lines = [t("summary_client", lang, name=info.get("client_name", dash),
                   industry=info.get("industry") or dash, period=info.get("period") or dash,
                   consultant=info.get("consultant") or dash)]
        ch = self.channels
        prev = ch["sales_prev"].sum()
        growth = ch["sales"].sum() / prev - 1 if prev else float("nan")
        lines.append(t("summary_channels", lang, n=len(ch), sales=ch["sales"].sum(),
                       currency=info["currency"], growth=growth))
        for key in self.sheets():
            if key in ("client",):
                continue
            lines.append("  " + t("summary_sheet", lang, sheet=SHEETS[key].name(lang),
                                   rows=len(getattr(self, key))))
        return "\n".join(lines)


# --- reading -----------------------------------------------------------------------------

@dataclass
class _Raw:
    frame: pd.DataFrame  # values as read; index = Excel row number (or record number)
    source: Path
    record: bool = False


def _sheet_key(name: str) -> str | None:
    n = name.strip().casefold()
    for s in SHEETS.values():
        if n in (s.key.casefold(), s.zh.casefold()):
            return s.key
    return None


def _frame_from_rows(rows: list[tuple]) -> pd.DataFrame:
    """Header = first row; index = Excel row number; fully blank rows dropped."""
    if not rows:
        return pd.DataFrame()
    header = list(rows[0])
    while header and header[-1] is None:  # trailing empty header cells
        header.pop()
    width = max([len(header), *(len(r) for r in rows[1:])], default=0)
    header += [None] * (width - len(header))
    body = [tuple(r) + (None,) * (width - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), index=range(2, len(body) + 2),
                         dtype=object)
    frame.columns = header
    empty = frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip()))
    return frame[~empty.all(axis=1)]


def _read_xlsx(path: Path, problems: list[Problem]) -> dict[str, _Raw]:
    """Every worksheet of a workbook as a raw frame.

    Fast path: python-calamine (Rust; ~18x faster than openpyxl on a 24,000-row sheet).
    It reports Excel error cells (``#DIV/0!``, ``#N/A``) as blanks, which would turn a
    "this is an error value" message into "this is blank", so a workbook holding any
    error cell — and anything that is not a plain ``.xlsx``/``.xlsm`` — is read by
    openpyxl, whose values are the reference the fast path reproduces.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm") and not _has_error_cells(path):
        try:
            return _read_xlsx_calamine(path)
        except Exception:  # anything calamine cannot read, openpyxl judges
            pass
    return _read_xlsx_openpyxl(path, problems)


def _has_error_cells(path: Path) -> bool:
    """Whether any worksheet stores an error cell (``t="e"``); True when unsure."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = zf.read(name)
                    if b' t="e"' in xml or b" t='e'" in xml:
                        return True
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return True
    return False


def _cell(v: Any) -> Any:
    """A calamine value as openpyxl gives it: blanks None, whole numbers int, dates
    datetime."""
    if v == "" and isinstance(v, str):
        return None
    if type(v) is float and v.is_integer():
        return int(v)
    if type(v) is dt.date:
        return dt.datetime(v.year, v.month, v.day)
    return v


def _read_xlsx_calamine(path: Path) -> dict[str, _Raw]:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    out: dict[str, _Raw] = {}
    try:
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            out[name] = _Raw(_frame_from_rows([tuple(map(_cell, r)) for r in rows]), path)
    finally:
        wb.close()
    return out


def _read_xlsx_openpyxl(path: Path, problems: list[Problem]) -> dict[str, _Raw]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        code = "old_xls" if path.suffix.lower() == ".xls" else "not_excel"
        problems.append(Problem("error", code, params={"path": str(path),
                                                        "detail": type(err).__name__}))
        return {}
    out: dict[str, _Raw] = {}
    try:
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            out[ws.title] = _Raw(_frame_from_rows(rows), path)
    finally:
        wb.close()
    return out


def _read_csv(path: Path, problems: list[Problem]) -> _Raw | None:
    with open(path, "rb") as fh:
        head = fh.read(3)
    encodings = ["utf-8-sig"] if head.startswith(_BOM) else ["utf-8", "gb18030"]
    for enc in encodings:
        try:
            # every cell as text (Arrow-backed strings: a third of the memory of Python
            # str objects); typing and its messages are the validator's job
            frame = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""],
                                encoding=enc, skip_blank_lines=False)
            break
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as err:
            problems.append(Problem("error", "unreadable",
                                    params={"path": str(path), "detail": str(err).strip()}))
            return None
    else:
        problems.append(Problem("error", "bad_encoding", params={"path": str(path)}))
        return None
    frame.index = range(2, len(frame) + 2)
    frame = frame[~frame.isna().all(axis=1)]
    return _Raw(frame, path)


def _read_parquet(path: Path, problems: list[Problem]) -> _Raw | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as err:
        problems.append(Problem("error", "unreadable",
                                params={"path": str(path), "detail": type(err).__name__}))
        return None
    frame = table.to_pandas()
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return _Raw(frame, path, record=True)


def _read_external(path: Path, problems: list[Problem]) -> _Raw | None:
    reader = _read_csv if path.suffix.lower() == ".csv" else _read_parquet
    return reader(path, problems)


def _gather(path: Path, problems: list[Problem]) -> dict[str, _Raw]:
    """Every sheet given, keyed by sheet key; problems for what cannot be read or placed."""
    if not path.exists():
        problems.append(Problem("error", "path_missing", params={"path": str(path)}))
        return {}
    named: list[tuple[str, _Raw]] = []
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and not p.name.startswith(("~$", ".")))
        book = [p for p in files if p.name.casefold() == "client.xlsx"]
        ext = [p for p in files if p.suffix.lower() in _EXTERNAL_SUFFIXES]
        if not book and not ext:
            problems.append(Problem("error", "empty_folder", params={"path": str(path)}))
            return {}
        for p in book:
            named += list(_read_xlsx(p, problems).items())
        for p in ext:
            raw = _read_external(p, problems)
            if raw is not None:
                named.append((p.stem, raw))
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        named = list(_read_xlsx(path, problems).items())
    elif path.suffix.lower() in _EXTERNAL_SUFFIXES:
        problems.append(Problem("error", "not_intake", params={"path": str(path)}))
        return {}
    else:
        problems.append(Problem("error", "not_intake", params={"path": str(path)}))
        return {}

    out: dict[str, _Raw] = {}
    known = ", ".join(SHEETS)
    for name, raw in named:
        key = _sheet_key(name)
        if key is None:
            if name.strip().casefold() not in INSTRUCTION_SHEET_NAMES:
                problems.append(Problem("warning", "sheet_unknown", value=name,
                                        params={"known": known}))
            continue
        if key in out:
            first, second = out[key].source, raw.source
            problems.append(Problem("error", "sheet_twice", sheet=key,
                                    params={"first": first.name, "second": second.name}))
            continue
        out[key] = raw
    return out


def read_client(path: str | os.PathLike) -> tuple[ClientData | None, list[Problem]]:
    """The loaded client (``None`` when there are errors) and every problem found."""
    path = Path(path)
    problems: list[Problem] = []
    raws = _gather(path, problems)
    if any(p.level == "error" for p in problems) and not raws:
        return None, problems
    frames: dict[str, pd.DataFrame] = {}
    for key, sheet in SHEETS.items():
        if key not in raws:
            if sheet.required:
                problems.append(Problem("error", "sheet_missing", sheet=key))
            continue
        raw = raws[key]
        if sheet.layout == "fields":
            frame, found = parse_client_fields(raw.frame)
        else:
            frame, found = parse_sheet(key, raw.frame, record=raw.record)
        problems += found
        frames[key] = frame
    problems += cross_check(frames, records=[k for k, r in raws.items() if r.record])
    if any(p.level == "error" for p in problems):
        return None, problems
    data = ClientData(
        path=path,
        warnings=problems,
        files={k: r.source for k, r in raws.items()},
        **{k: f.reset_index(drop=True) for k, f in frames.items()},
    )
    return data, problems


def validate_client(path: str | os.PathLike) -> list[Problem]:
    """Every problem of a client's intake, errors and warnings, in one pass.

    Parameters
    ----------
    path
        An ``.xlsx`` workbook or a client folder.

    Returns
    -------
    list of Problem
        Empty when the intake is clean. ``p.level`` is ``"error"`` or ``"warning"``;
        ``p.message("zh" | "en")`` says where (sheet, Excel row, column key and Chinese
        header), the value found and what was expected.

    Examples
    --------
    >>> [p.message("en") for p in validate_client("no/such/client.xlsx")]
    ['no/such/client.xlsx does not exist']
    """
    return read_client(path)[1]


def load_client(path: str | os.PathLike, *, lang: str = "zh") -> ClientData:
    """Load a client's intake as typed DataFrames, one per sheet.

    Parameters
    ----------
    path
        An ``.xlsx`` workbook or a client folder (``client.xlsx`` and/or
        ``<sheet>.csv`` / ``<sheet>.parquet``).
    lang
        Language of the error message (``"zh"`` or ``"en"``).

    Returns
    -------
    ClientData
        One DataFrame attribute per sheet (``None`` when absent); numbers as float64,
        counts as Int64, dates as datetime64, yes/no as boolean, enumerations as their
        English keys; warnings in ``.warnings``.

    Raises
    ------
    IntakeError
        Listing every error found (and carrying the warnings in ``.problems``).

    Examples
    --------
    >>> try:
    ...     load_client("no/such/folder", lang="en")
    ... except IntakeError as err:
    ...     print(err)
    The intake has 1 error(s):
    - no/such/folder does not exist
    """
    check_lang(lang)
    data, problems = read_client(path)
    if data is None:
        raise IntakeError(problems, lang=lang)
    return data


# --- writing -----------------------------------------------------------------------------

def _cell_value(kind: str, enum: str | None, v: object, lang: str) -> object:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if kind == "bool":
        v = v if isinstance(v, bool) else str(v).strip().casefold() in ("yes", "true", "1", "是")
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if kind == "enum" and enum:
        key = ENUMS[enum].lookup().get(str(v).casefold(), str(v))
        return ENUMS[enum].label(key, lang) if key in ENUMS[enum].keys else v
    if kind == "date":
        return pd.Timestamp(v).to_pydatetime() if not isinstance(v, dt.date) else v
    if isinstance(v, np.generic):
        return v.item()
    return v


def _write_sheet(wb, sheet: Sheet, frame: pd.DataFrame, lang: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet.name(lang))
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", "1F4E79")
    if sheet.layout == "fields":
        cols = [("field", "字段"), ("value", "值")]
        header = [en if lang == "en" else zh for en, zh in cols]
        by_key = {c.key: c for c in sheet.columns}
        body = []
        for name, value in zip(frame["field"], frame["value"], strict=True):
            col = by_key[name]
            body.append([col.header(lang), _cell_value(col.kind, col.enum, value, lang)])
        kinds = ["text", "mixed"]
    else:
        columns = [c for c in sheet.columns if c.key in frame.columns]
        header = [c.header(lang) for c in columns]
        kinds = [c.kind for c in columns]
        data = [frame[c.key].tolist() for c in columns]
        body = [[_cell_value(c.kind, c.enum, v, lang) for c, v in zip(columns, row, strict=True)]
                for row in zip(*data, strict=True)] if columns else []
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, 2 * len(str(h)) + 4))
    ws.freeze_panes = "A2"
    cells = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    ws.append(cells)
    for row in body:
        out = []
        for kind, v in zip(kinds, row, strict=True):
            cell = WriteOnlyCell(ws, value=v)
            if isinstance(v, str):
                # text is text: "=SUM(…)" from a client never becomes a formula
                cell.data_type = "s"
            elif isinstance(v, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif kind == "rate":
                cell.number_format = "0.00%"
            elif kind in ("amount", "signed") and isinstance(v, float | int):
                cell.number_format = "#,##0.##"
            out.append(cell)
        ws.append(out)


def write_intake(dest: str | os.PathLike, frames: Mapping[str, pd.DataFrame], *,
                 lang: str = "zh", external: Mapping[str, str] | None = None) -> Path:
    """Write a client folder: ``client.xlsx`` plus the ``external`` sheets as files.

    Parameters
    ----------
    dest
        Folder to write (created if needed).
    frames
        Sheet key -> DataFrame with English column keys (``client``: ``field, value``).
    lang
        Header language of the workbook and CSV files.
    external
        Sheet key -> ``"parquet"`` or ``"csv"`` for sheets written beside the workbook
        (tables too large for Excel, such as ``scans``).

    Returns
    -------
    Path
        The folder written.
    """
    check_lang(lang)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    external = dict(external or {})
    unknown = sorted(set(frames) - set(SHEETS))
    if unknown:
        raise ValueError(f"unknown sheet key(s): {', '.join(unknown)}")
    _write_book(dest / "client.xlsx",
                {k: f for k, f in frames.items() if k not in external}, lang=lang)
    for key, fmt in external.items():
        frame = frames[key]
        if fmt == "parquet":
            frame.to_parquet(dest / f"{key}.parquet", index=False, compression="zstd")
        elif fmt == "csv":
            sheet = SHEETS[key]
            frame.rename(columns={c.key: c.header(lang) for c in sheet.columns}).to_csv(
                dest / f"{key}.csv", index=False, encoding="utf-8-sig",
                date_format="%Y-%m-%d")
        else:
            raise ValueError(f'external format for {key} must be "parquet" or "csv"; got "{fmt}"')
    return dest


def _write_book(path: Path, frames: Mapping[str, pd.DataFrame], *, lang: str,
                instructions: bool = False) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    if instructions:
        _write_instructions(wb, lang)
    for key, sheet in SHEETS.items():
        if key in frames:
            _write_sheet(wb, sheet, frames[key], lang)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    os.replace(tmp, path)


_INSTR_HEAD = {
    "en": ["sheet", "column (key)", "header", "required", "type", "unit", "meaning",
           "allowed values"],
    "zh": ["工作表", "列(英文键)", "列标题", "必填", "类型", "单位", "说明", "可选值"],
}


def _write_instructions(wb, lang: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(INSTRUCTION_SHEET_NAMES[0] if lang == "en" else "说明")
    for letter, width in zip("ABCDEFGH", (18, 26, 20, 8, 26, 12, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    intro = (
        "One sheet per table; headers may be the English key or the Chinese header. Only "
        "client and channels are required. Rates are fractions (12% = 0.12). Large tables "
        "(scans) may be given as <sheet>.csv or <sheet>.parquet beside client.xlsx."
        if lang == "en" else
        "每张表一个工作表；列标题可用英文键或中文标题。只有“客户信息”和“渠道”必填。比率填小数"
        "（12% 填 0.12）。数据量大的表（如扫码记录）可另存为与 client.xlsx 同目录的"
        " <工作表>.csv 或 <工作表>.parquet。"
    )
    title = WriteOnlyCell(ws, value=intro)
    title.font = Font(bold=True)
    ws.append([title])
    ws.append([])
    head = []
    for h in _INSTR_HEAD[lang]:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    yes, no = ("yes", "") if lang == "en" else ("是", "")
    for sheet in SHEETS.values():
        doc = sheet.en_doc if lang == "en" else sheet.zh_doc
        req = yes if sheet.required else no
        first = WriteOnlyCell(ws, value=sheet.name(lang))
        first.font = Font(bold=True)
        ws.append([first, "", "", req, "", "", doc, ""])
        cols = sheet.columns
        if sheet.layout == "fields":
            ws.append(["", "field / value", "字段 / 值", yes, "", "",
                       "one row per field below" if lang == "en" else "每行一个字段（见下）", ""])
        for c in cols:
            kind_en, kind_zh = KINDS[c.kind]
            allowed = ENUMS[c.enum].describe() if c.enum else ""
            meaning = WriteOnlyCell(ws, value=c.en_doc if lang == "en" else c.zh_doc)
            meaning.alignment = Alignment(wrap_text=True)
            ws.append(["", c.key, c.zh, yes if c.required else no,
                       kind_en if lang == "en" else kind_zh,
                       c.unit[0] if lang == "en" else c.unit[1], meaning, allowed])


def write_intake_template(path: str | os.PathLike, lang: str = "zh") -> Path:
    """Write the blank intake workbook: instructions sheet, headers and example rows.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write.
    lang
        ``"zh"`` (Chinese sheet names and headers) or ``"en"``.

    Returns
    -------
    Path
        ``path``. The workbook validates clean exactly as written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_intake_template(pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> len(load_client(p).channels)
    3
    """
    check_lang(lang)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f'the template is an Excel workbook: the file name must end in ".xlsx"; '
                         f'got "{path.name}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_book(path, {k: s.examples() for k, s in SHEETS.items()}, lang=lang,
                instructions=True)
    return path
